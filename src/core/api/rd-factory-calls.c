/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-factory-calls.c: DataArts Factory's V1 calls for reviewing a package's changes (a script or
 * job at a version, a resource by name), their cache and their queue. */
#define G_LOG_DOMAIN "rd-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rd-client-private.h"
#include "rd-models-private.h"
#include "rd-parser.h"

/* The per-user limit of the V1 calls is 30 a second (versions.md §7): two at a time keeps a
 * review well under it, even with the next tasks prefetched. */
#define MAX_IN_FLIGHT       2
/* A submitted version never changes, so a numbered one is asked for once. A package holds up
 * to about 100 tasks, two versions each: the last few packages' worth stays. */
#define CACHE_MAX_ITEMS     400
#define CACHE_MAX_BYTES     ((gsize) 128 * 1024 * 1024)
/* ListResources filters by a part of the name: a short name may match many. */
#define RESOURCE_PAGE_SIZE  100
#define MAX_RESOURCE_PAGES  50

/* {{{ The queue */

typedef struct
{
  char          *key;
  RdFactoryItem *item;
  GList          link;
} CacheEntry;

struct _RdFactoryQueue
{
  GHashTable *cache;        /* key → CacheEntry */
  GQueue      lru;          /* of CacheEntry, the most recently used first */
  gsize       cache_bytes;
  guint       in_flight;
  GQueue      waiting;      /* of Pending, first come first served */
};

typedef struct
{
  GTask              *inner;       /* runs the request; its source object is the client */
  RdRequest          *request;     /* until it starts */
  GSource            *cancel_source;
  gboolean            in_slot;
  GAsyncReadyCallback done;
  gpointer            done_data;
  GList               link;
} Pending;

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_free (entry->key);
  g_object_unref (entry->item);
  g_free (entry);
}

RdFactoryQueue *
rd_factory_queue_new (void)
{
  RdFactoryQueue *queue = g_new0 (RdFactoryQueue, 1);

  queue->cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, cache_entry_free);
  g_queue_init (&queue->lru);
  g_queue_init (&queue->waiting);

  return queue;
}

void
rd_factory_queue_free (RdFactoryQueue *queue)
{
  /* Every waiting call holds a reference on the client through its task. */
  g_assert (queue->waiting.length == 0);

  g_hash_table_destroy (queue->cache);
  g_free (queue);
}

static RdFactoryItem *
cache_lookup (RdFactoryQueue *queue,
              const char     *key)
{
  CacheEntry *entry = g_hash_table_lookup (queue->cache, key);

  if (entry == NULL)
    return NULL;

  g_queue_unlink (&queue->lru, &entry->link);
  g_queue_push_head_link (&queue->lru, &entry->link);

  return g_object_ref (entry->item);
}

static void
cache_remove (RdFactoryQueue *queue,
              CacheEntry     *entry)
{
  g_queue_unlink (&queue->lru, &entry->link);
  queue->cache_bytes -= rd_factory_item_get_size (entry->item);
  g_hash_table_remove (queue->cache, entry->key);
}

static void
cache_insert (RdFactoryQueue *queue,
              const char     *key,
              RdFactoryItem  *item)
{
  gsize size = rd_factory_item_get_size (item);
  CacheEntry *entry;

  if (size > CACHE_MAX_BYTES / 4)
    return;

  if ((entry = g_hash_table_lookup (queue->cache, key)) != NULL)
    cache_remove (queue, entry);

  while (queue->lru.length > 0 &&
         (queue->lru.length >= CACHE_MAX_ITEMS || queue->cache_bytes + size > CACHE_MAX_BYTES))
    cache_remove (queue, g_queue_peek_tail (&queue->lru));

  entry = g_new0 (CacheEntry, 1);
  entry->key = g_strdup (key);
  entry->item = g_object_ref (item);
  entry->link.data = entry;
  g_hash_table_insert (queue->cache, entry->key, entry);
  g_queue_push_head_link (&queue->lru, &entry->link);
  queue->cache_bytes += size;
}

static void queue_pump (RdClient *client);

static void
on_queued_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Pending *pending = user_data;
  RdClient *client = RD_CLIENT (source);
  RdFactoryQueue *queue = rd_client_get_factory_queue (client);

  g_object_ref (client);

  if (pending->in_slot)
    queue->in_flight--;

  pending->done (source, result, pending->done_data);

  g_object_unref (pending->inner);
  g_free (pending);

  queue_pump (client);
  g_object_unref (client);
}

static void
pending_start (Pending *pending)
{
  RdRequest *request = g_steal_pointer (&pending->request);

  if (pending->cancel_source != NULL)
    {
      g_source_destroy (pending->cancel_source);
      g_clear_pointer (&pending->cancel_source, g_source_unref);
    }

  /* Already cancelled, it fails at once and is never sent. */
  rd_request_start (pending->inner, request);
}

static gboolean
on_waiting_cancelled (GCancellable *cancellable,
                      gpointer      user_data)
{
  Pending *pending = user_data;
  RdClient *client = RD_CLIENT (g_task_get_source_object (pending->inner));
  RdFactoryQueue *queue = rd_client_get_factory_queue (client);

  g_queue_unlink (&queue->waiting, &pending->link);
  g_clear_pointer (&pending->cancel_source, g_source_unref);
  pending_start (pending);

  return G_SOURCE_REMOVE;
}

static void
queue_pump (RdClient *client)
{
  RdFactoryQueue *queue = rd_client_get_factory_queue (client);

  while (queue->in_flight < MAX_IN_FLIGHT && queue->waiting.length > 0)
    {
      Pending *pending = g_queue_peek_head (&queue->waiting);

      g_queue_unlink (&queue->waiting, &pending->link);
      pending->in_slot = TRUE;
      queue->in_flight++;
      pending_start (pending);
    }
}

/* Sends @request (taken) when a place is free; @done gets a result for
 * g_task_propagate_pointer(), rd_request_dup_error_details() and rd_request_got_answer(),
 * with the client as source. */
static void
queue_submit (RdClient            *client,
              RdRequest           *request,
              GCancellable        *cancellable,
              GAsyncReadyCallback  done,
              gpointer             done_data)
{
  RdFactoryQueue *queue = rd_client_get_factory_queue (client);
  Pending *pending = g_new0 (Pending, 1);

  pending->inner = g_task_new (client, cancellable, on_queued_done, pending);
  g_task_set_source_tag (pending->inner, queue_submit);
  g_task_set_name (pending->inner, "rd-factory-request");
  pending->request = request;
  pending->done = done;
  pending->done_data = done_data;
  pending->link.data = pending;

  g_queue_push_tail_link (&queue->waiting, &pending->link);

  if (cancellable != NULL)
    {
      pending->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (pending->cancel_source, G_SOURCE_FUNC (on_waiting_cancelled),
                             pending, NULL);
      g_source_attach (pending->cancel_source, g_task_get_context (pending->inner));
    }

  queue_pump (client);
}

/* The details of a failed call, kept as the caller's task data. */
static void
keep_error_details (GTask        *outer,
                    GAsyncResult *inner)
{
  RdErrorDetails *details = rd_request_dup_error_details (G_TASK (inner));

  g_task_set_task_data (outer, details, (GDestroyNotify) rd_error_details_free);
}

RdErrorDetails *
rd_factory_queue_dup_error_details (GTask *task)
{
  RdErrorDetails *details = g_task_get_task_data (task);

  if (!g_task_had_error (task) || details == NULL)
    return NULL;

  return rd_error_details_copy (details);
}

/* }}} */

/* {{{ Input */

/* A name as one path segment: never empty, "." or ".." (which every URL parser on the way
 * would resolve away), never a control character. */
static gboolean
check_name (const char  *name,
            RdTaskType   kind,
            GError     **error)
{
  gboolean valid = name != NULL && name[0] != '\0' && g_utf8_validate (name, -1, NULL) &&
                   !g_str_equal (name, ".") && !g_str_equal (name, "..");

  for (const char *p = name; valid && *p != '\0'; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f)
      valid = FALSE;

  if (valid)
    return TRUE;

  switch (kind)
    {
    case RD_TASK_TYPE_SCRIPT:
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                           _("The script name is empty or not valid"));
      break;
    case RD_TASK_TYPE_JOB:
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                           _("The job name is empty or not valid"));
      break;
    case RD_TASK_TYPE_RESOURCE:
    default:
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                           _("The resource name is empty or not valid"));
      break;
    }

  return FALSE;
}

static gboolean
check_version (int          version,
               RdTaskType   kind,
               GError     **error)
{
  if (version > 0 || (version == RD_FACTORY_ITEM_PUBLISHED && kind == RD_TASK_TYPE_SCRIPT))
    return TRUE;

  g_set_error (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
               _("%d is not a version number"), version);
  return FALSE;
}

/* }}} */

/* {{{ A script or job at a version */

typedef struct
{
  char *key;        /* NULL: not kept */
  int   version;
} FetchData;

static void
fetch_data_free (gpointer data)
{
  FetchData *fetch = data;

  g_free (fetch->key);
  g_free (fetch);
}

static gpointer
parse_script (GBytes              *body,
              SoupMessageHeaders  *headers,
              GError             **error)
{
  return rd_parse_factory_item (body, RD_TASK_TYPE_SCRIPT, RD_FACTORY_ITEM_NO_VERSION, error);
}

static gpointer
parse_job (GBytes              *body,
           SoupMessageHeaders  *headers,
           GError             **error)
{
  return rd_parse_factory_item (body, RD_TASK_TYPE_JOB, RD_FACTORY_ITEM_NO_VERSION, error);
}

static gpointer
parse_resource (GBytes              *body,
                SoupMessageHeaders  *headers,
                GError             **error)
{
  return rd_parse_factory_item (body, RD_TASK_TYPE_RESOURCE, RD_FACTORY_ITEM_NO_VERSION, error);
}

static void
on_fetch_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  FetchData *fetch = g_object_get_data (G_OBJECT (outer), "rd-fetch");
  g_autoptr(RdFactoryItem) item = NULL;
  g_autoptr(GError) error = NULL;

  keep_error_details (outer, result);

  item = g_task_propagate_pointer (G_TASK (result), &error);
  if (item == NULL)
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  rd_factory_item_set_version (item, fetch->version);
  if (fetch->key != NULL)
    cache_insert (rd_client_get_factory_queue (RD_CLIENT (source)), fetch->key, item);

  g_task_return_pointer (outer, g_steal_pointer (&item), g_object_unref);
}

static void
fetch_version (RdClient            *self,
               RdTaskType           kind,
               const char          *project_id,
               const char          *workspace,
               const char          *name,
               int                  version,
               GCancellable        *cancellable,
               GTask               *task)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *project = NULL;
  g_autofree char *workspace_checked = NULL;
  g_autofree char *escaped_name = NULL;
  g_autofree char *tail = NULL;
  g_autofree char *query = NULL;
  g_autoptr(GUri) uri = NULL;
  RdDataArtsSubject subject = { name, version };
  RdFactoryItem *cached;
  RdRequest *request;
  FetchData *fetch;

  if (!rd_client_check_target (self, project_id, workspace, &project, &workspace_checked,
                               &error) ||
      !check_name (name, kind, &error) ||
      !check_version (version, kind, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fetch = g_new0 (FetchData, 1);
  fetch->version = version;
  g_object_set_data_full (G_OBJECT (task), "rd-fetch", fetch, fetch_data_free);

  /* The production version may change; a numbered one never does. */
  if (version > 0)
    {
      fetch->key = g_strdup_printf ("%s\n%s\n%s\n%d\n%s\n%d",
                                    rd_client_get_factory_endpoint (self), project,
                                    workspace_checked != NULL ? workspace_checked : "",
                                    kind, name, version);
      if ((cached = cache_lookup (rd_client_get_factory_queue (self), fetch->key)) != NULL)
        {
          g_task_return_pointer (task, cached, g_object_unref);
          return;
        }
    }

  escaped_name = rd_client_escape_segment (name);
  tail = g_strconcat (kind == RD_TASK_TYPE_SCRIPT ? "/scripts/" : "/jobs/", escaped_name, NULL);
  query = version > 0 ? g_strdup_printf ("version=%d", version) : g_strdup ("status=PUBLISHED");

  if ((uri = rd_client_build_factory_uri (self, project, tail, query, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request = rd_client_request_new (self,
                                   kind == RD_TASK_TYPE_SCRIPT ? RD_DATAARTS_SHOW_SCRIPT
                                                               : RD_DATAARTS_SHOW_JOB,
                                   uri, project, workspace_checked, &subject);
  rd_request_set_parser (request, kind == RD_TASK_TYPE_SCRIPT ? parse_script : parse_job,
                         g_object_unref);
  queue_submit (self, request, cancellable, on_fetch_done, g_object_ref (task));
}

/**
 * rd_client_get_script_version_async:
 * @self: a #RdClient
 * @project_id: the project ID
 * @workspace: (nullable): the workspace ID, or %NULL (or "") for the default workspace
 * @name: the script's name
 * @version: a version number above 0, or %RD_FACTORY_ITEM_PUBLISHED for the production version
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the script is there
 * @user_data: data for @callback
 *
 * ShowScript (GET /v1/{project}/scripts/{name}?version=N) on the Factory V1 endpoint.
 */
void
rd_client_get_script_version_async (RdClient            *self,
                                    const char          *project_id,
                                    const char          *workspace,
                                    const char          *name,
                                    int                  version,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_client_get_script_version_async);
  g_task_set_name (task, "rd_client_get_script_version_async");

  fetch_version (self, RD_TASK_TYPE_SCRIPT, project_id, workspace, name, version, cancellable,
                 task);
}

/**
 * rd_client_get_script_version_finish:
 * @self: a #RdClient
 * @result: the result passed to the callback
 * @error: return location for an %RD_API_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the script
 */
RdFactoryItem *
rd_client_get_script_version_finish (RdClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rd_client_get_script_version_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rd_client_get_job_version_async:
 * @self: a #RdClient
 * @project_id: the project ID
 * @workspace: (nullable): the workspace ID, or %NULL (or "") for the default workspace
 * @name: the job's name
 * @version: a version number above 0
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the job is there
 * @user_data: data for @callback
 *
 * ShowJob (GET /v1/{project}/jobs/{name}?version=N) on the Factory V1 endpoint.
 */
void
rd_client_get_job_version_async (RdClient            *self,
                                 const char          *project_id,
                                 const char          *workspace,
                                 const char          *name,
                                 int                  version,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_client_get_job_version_async);
  g_task_set_name (task, "rd_client_get_job_version_async");

  fetch_version (self, RD_TASK_TYPE_JOB, project_id, workspace, name, version, cancellable,
                 task);
}

/**
 * rd_client_get_job_version_finish:
 * @self: a #RdClient
 * @result: the result passed to the callback
 * @error: return location for an %RD_API_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the job
 */
RdFactoryItem *
rd_client_get_job_version_finish (RdClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rd_client_get_job_version_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */

/* {{{ A resource by name */

typedef struct
{
  char  *project;
  char  *workspace;
  char  *name;
  guint  offset;
  guint  pages;
} FindData;

static void
find_data_free (gpointer data)
{
  FindData *find = data;

  g_free (find->project);
  g_free (find->workspace);
  g_free (find->name);
  g_free (find);
}

typedef struct
{
  GPtrArray *items;
  guint      total;
} ResourcePage;

static void
resource_page_free (gpointer data)
{
  ResourcePage *page = data;

  g_ptr_array_unref (page->items);
  g_free (page);
}

static gpointer
parse_resource_page (GBytes              *body,
                     SoupMessageHeaders  *headers,
                     GError             **error)
{
  g_autoptr(GPtrArray) items = NULL;
  ResourcePage *page;
  guint total = 0;

  if ((items = rd_parse_resource_list (body, &total, error)) == NULL)
    return NULL;

  page = g_new0 (ResourcePage, 1);
  page->items = g_steal_pointer (&items);
  page->total = total;

  return page;
}

static void find_send_page (GTask *task);

static GError *
resource_not_found (const FindData *find)
{
  return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                      /* Translators: %s is a resource name */
                      _("Resource “%s” was not found"), find->name);
}

static void
on_resource_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(RdFactoryItem) item = NULL;
  g_autoptr(GError) error = NULL;

  keep_error_details (task, result);

  if ((item = g_task_propagate_pointer (G_TASK (result), &error)) == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&item), g_object_unref);
}

static void
on_page_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdClient *self = RD_CLIENT (source);
  FindData *find = g_object_get_data (G_OBJECT (task), "rd-find");
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped_id = NULL;
  g_autofree char *tail = NULL;
  g_autoptr(GUri) uri = NULL;
  RdDataArtsSubject subject = { find->name, RD_FACTORY_ITEM_NO_VERSION };
  ResourcePage *page;
  const char *id = NULL;
  GCancellable *cancellable;
  RdRequest *request;

  keep_error_details (task, result);

  if ((page = g_task_propagate_pointer (G_TASK (result), &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The filter matches a part of the name; the task names the whole. */
  for (guint i = 0; i < page->items->len && id == NULL; i++)
    {
      RdFactoryItem *item = g_ptr_array_index (page->items, i);

      if (g_strcmp0 (rd_factory_item_get_name (item), find->name) == 0)
        id = rd_factory_item_get_id (item);
    }

  if (id == NULL)
    {
      find->offset += page->items->len;
      find->pages++;
      if (page->items->len > 0 && find->offset < page->total && find->pages < MAX_RESOURCE_PAGES)
        find_send_page (g_steal_pointer (&task));
      else
        g_task_return_error (task, resource_not_found (find));
      resource_page_free (page);
      return;
    }

  escaped_id = rd_client_escape_segment (id);
  resource_page_free (page);

  tail = g_strconcat ("/resources/", escaped_id, NULL);
  if ((uri = rd_client_build_factory_uri (self, find->project, tail, NULL, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request = rd_client_request_new (self, RD_DATAARTS_SHOW_RESOURCE, uri, find->project,
                                   find->workspace, &subject);
  rd_request_set_parser (request, parse_resource, g_object_unref);
  cancellable = g_task_get_cancellable (task);
  queue_submit (self, request, cancellable, on_resource_done, g_steal_pointer (&task));
}

static void
find_send_page (GTask *task)
{
  RdClient *self = g_task_get_source_object (task);
  FindData *find = g_object_get_data (G_OBJECT (task), "rd-find");
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped_name = NULL;
  g_autofree char *query = NULL;
  g_autoptr(GUri) uri = NULL;
  RdRequest *request;

  escaped_name = g_uri_escape_string (find->name, NULL, FALSE);
  query = g_strdup_printf ("limit=%u&offset=%u&resourceName=%s", RESOURCE_PAGE_SIZE,
                           find->offset, escaped_name);

  if ((uri = rd_client_build_factory_uri (self, find->project, "/resources", query,
                                          &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  request = rd_client_request_new (self, RD_DATAARTS_LIST_RESOURCES, uri, find->project,
                                   find->workspace, NULL);
  rd_request_set_parser (request, parse_resource_page, resource_page_free);
  queue_submit (self, request, g_task_get_cancellable (task), on_page_done, task);
}

/**
 * rd_client_find_resource_async:
 * @self: a #RdClient
 * @project_id: the project ID
 * @workspace: (nullable): the workspace ID, or %NULL (or "") for the default workspace
 * @name: the resource's exact name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the resource is there
 * @user_data: data for @callback
 *
 * ListResources by name (paged, 100 a page), then ShowResource by the ID of the one whose
 * name is @name. Fails with %RD_API_ERROR_NOT_FOUND when none is.
 */
void
rd_client_find_resource_async (RdClient            *self,
                               const char          *project_id,
                               const char          *workspace,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *project = NULL;
  g_autofree char *workspace_checked = NULL;
  FindData *find;

  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_client_find_resource_async);
  g_task_set_name (task, "rd_client_find_resource_async");

  if (!rd_client_check_target (self, project_id, workspace, &project, &workspace_checked,
                               &error) ||
      !check_name (name, RD_TASK_TYPE_RESOURCE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  find = g_new0 (FindData, 1);
  find->project = g_steal_pointer (&project);
  find->workspace = g_steal_pointer (&workspace_checked);
  find->name = g_strdup (name);
  g_object_set_data_full (G_OBJECT (task), "rd-find", find, find_data_free);

  find_send_page (g_steal_pointer (&task));
}

/**
 * rd_client_find_resource_finish:
 * @self: a #RdClient
 * @result: the result passed to the callback
 * @error: return location for an %RD_API_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the resource
 */
RdFactoryItem *
rd_client_find_resource_finish (RdClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_client_find_resource_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */
