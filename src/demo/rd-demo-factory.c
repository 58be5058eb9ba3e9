/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-demo-factory.c: the demo service's DataArts Studio routes: a package's detail, the list,
 * deploy and unpack (the rules are in rd-demo-testing.h). */
#define G_LOG_DOMAIN "rd-demo-service"

#include "config.h"

#include <string.h>

#include "rd-demo-private.h"

/* ---- a package's detail ---- */

GHashTable *
rd_demo_resolve_workspace (RdDemoService  *self,
                           Request        *request,
                           const char    **workspace_id_out)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *workspace_id = soup_message_headers_get_one (headers, "workspace");
  Project *project = g_hash_table_lookup (self->projects, request->project_id);
  GHashTable *packages;

  if (project == NULL)
    {
      g_autofree char *message = g_strdup_printf (
          "The queried project does not exist. project_id: %s", request->project_id);

      rd_demo_respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, "DLF.0810", message, NULL);
      return NULL;
    }

  if (workspace_id == NULL)
    workspace_id = project->default_workspace;

  packages = g_hash_table_lookup (project->workspaces, workspace_id);
  if (packages == NULL)
    {
      g_autofree char *message = g_strdup_printf ("The request parameter is invalid. workspace: %s",
                                                  workspace_id);

      rd_demo_respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, "DLF.3051", message, NULL);
      return NULL;
    }

  if (workspace_id_out != NULL)
    *workspace_id_out = workspace_id;

  return packages;
}

void
rd_demo_handle_show_package (RdDemoService *self,
                             Request       *request)
{
  GHashTable *packages = rd_demo_resolve_workspace (self, request, NULL);
  Package *package;

  if (packages == NULL)
    return;

  package = g_hash_table_lookup (packages, request->package_id);
  if (package == NULL)
    {
      rd_demo_respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, "DLF.0810",
                             "The queried release package does not exist.", NULL);
      return;
    }

  rd_demo_respond_bytes (request->msg, package->status, JSON_CONTENT_TYPE, package->body);
}

/* ---- the review queue: list, deploy and unpack ---- */

/* The demo's own code for a body it cannot take; the documented DLF.3051
 * means an unknown workspace to the client. */
#define BAD_PARAMETER_CODE   "DLF.1010"
/* Documented for the cancel call; the demo answers it for deploy too. */
#define NO_SUCH_TASK_CODE    "DLF.20810"
#define NO_SUCH_TASK_MESSAGE "Task does not exist."
/* The demo's own: the package is not waiting for review. */
#define WRONG_STATE_CODE     "DLF.20812"

static void
respond_bad_parameter (Request    *request,
                       const char *member)
{
  g_autofree char *message = g_strdup_printf ("The request parameter is invalid: %s", member);

  rd_demo_respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, BAD_PARAMETER_CODE, message, NULL);
}

/* The request body as a JSON object; an empty body is {}. NULL after
 * answering 400. */
static JsonObject *
load_request_object (Request    *request,
                     JsonParser *parser)
{
  g_autoptr (GBytes) body =
      soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  JsonNode *root;

  if (g_bytes_get_size (body) == 0)
    return json_object_new ();

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   (gssize) g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      rd_demo_respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, "APIG.0201",
                             "Bad request: the body is not a JSON object.", request->request_id);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static gboolean
node_is (JsonNode *node,
         GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* Reads an optional member strictly, as the service's validation would. */
static gboolean
read_optional_string (Request     *request,
                      JsonObject  *object,
                      const char  *member,
                      const char **value)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!node_is (node, G_TYPE_STRING))
    {
      respond_bad_parameter (request, member);
      return FALSE;
    }

  *value = json_node_get_string (node);

  return TRUE;
}

static gboolean
read_optional_int (Request    *request,
                   JsonObject *object,
                   const char *member,
                   gint64      default_value,
                   gint64      min_value,
                   gint64      max_value,
                   gint64     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = default_value;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!node_is (node, G_TYPE_INT64) || json_node_get_int (node) < min_value ||
      json_node_get_int (node) > max_value)
    {
      respond_bad_parameter (request, member);
      return FALSE;
    }

  *value = json_node_get_int (node);

  return TRUE;
}

static gboolean
read_optional_array (Request     *request,
                     JsonObject  *object,
                     const char  *member,
                     GType        element_type,
                     JsonArray  **value)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      respond_bad_parameter (request, member);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (!node_is (json_array_get_element (array, i), element_type))
        {
          respond_bad_parameter (request, member);
          return FALSE;
        }
    }

  *value = array;

  return TRUE;
}

/* The package's release_package object, parsed from its body on first use
 * and changed in place by deploy; NULL for a package that is not a
 * readable detail answer (tests serve broken ones on purpose). */
static JsonObject *
package_get_object (Package *package)
{
  JsonNode *member;

  if (!package->parsed)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      package->parsed = TRUE;
      if (package->status == SOUP_STATUS_OK &&
          json_parser_load_from_data (parser, g_bytes_get_data (package->body, NULL),
                                      (gssize) g_bytes_get_size (package->body), NULL) &&
          (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
        package->document = json_parser_steal_root (parser);
    }

  if (package->document == NULL)
    return NULL;

  member = json_object_get_member (json_node_get_object (package->document), "release_package");

  return member != NULL && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
}

static JsonArray *
package_get_tasks (Package *package)
{
  JsonNode *member;

  if (package_get_object (package) == NULL)
    return NULL;

  member = json_object_get_member (json_node_get_object (package->document), "task_details");

  return member != NULL && JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;
}

/* Serves the changed document from now on. Until a package changes, its
 * first answer stays byte for byte what it was. */
static void
package_commit (Package *package)
{
  char *text = json_to_string (package->document, FALSE);

  g_bytes_unref (package->body);
  package->body = g_bytes_new_take (text, strlen (text));
}

static gint64
member_int (JsonObject *object,
            const char *member,
            gint64      default_value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node_is (node, G_TYPE_INT64))
    return json_node_get_int (node);

  /* Older service versions sent timestamps as strings of digits. */
  if (node_is (node, G_TYPE_STRING))
    {
      guint64 value;

      if (g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXINT64, &value, NULL))
        return (gint64) value;
    }

  return default_value;
}

static gboolean
array_contains_int (JsonArray *array,
                    gint64     value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (json_array_get_int_element (array, i) == value)
        return TRUE;
    }

  return FALSE;
}

static gboolean
array_contains_string (JsonArray  *array,
                       const char *value)
{
  for (guint i = 0; value != NULL && i < json_array_get_length (array); i++)
    {
      if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded_haystack = NULL;
  g_autofree char *folded_needle = NULL;

  if (haystack == NULL)
    return FALSE;

  folded_haystack = g_utf8_casefold (haystack, -1);
  folded_needle = g_utf8_casefold (needle, -1);

  return strstr (folded_haystack, folded_needle) != NULL;
}

typedef struct
{
  const char *key_word;
  const char *apply_user_name;
  const char *deploy_user_name;
  gint64      apply_begin_time;
  gint64      apply_end_time;
  gint64      deploy_begin_time;
  gint64      deploy_end_time;
  JsonArray  *apply_user_names;
  JsonArray  *deploy_user_names;
  JsonArray  *statuses;
} ListFilter;

static gboolean
in_range (gint64 value,
          gint64 begin,
          gint64 end)
{
  if (begin == -1 && end == -1)
    return TRUE;
  if (value < 0)
    return FALSE;

  return (begin == -1 || value >= begin) && (end == -1 || value <= end);
}

static gboolean
filter_matches (const ListFilter *filter,
                JsonObject       *object)
{
  const char *name = rd_demo_member_string (object, "package_name");
  const char *applicant = rd_demo_member_string (object, "apply_user_name");
  const char *deployer = rd_demo_member_string (object, "deploy_user_name");

  if (filter->key_word != NULL && !contains_folded (name, filter->key_word))
    return FALSE;
  if (filter->apply_user_name != NULL && g_strcmp0 (applicant, filter->apply_user_name) != 0)
    return FALSE;
  if (filter->deploy_user_name != NULL && g_strcmp0 (deployer, filter->deploy_user_name) != 0)
    return FALSE;
  if (filter->apply_user_names != NULL &&
      !array_contains_string (filter->apply_user_names, applicant))
    return FALSE;
  if (filter->deploy_user_names != NULL &&
      !array_contains_string (filter->deploy_user_names, deployer))
    return FALSE;
  if (filter->statuses != NULL && json_array_get_length (filter->statuses) > 0 &&
      !array_contains_int (filter->statuses, member_int (object, "deploy_status", -1)))
    return FALSE;
  if (!in_range (member_int (object, "apply_timestamp", -1),
                 filter->apply_begin_time, filter->apply_end_time))
    return FALSE;
  if (!in_range (member_int (object, "deploy_timestamp", -1),
                 filter->deploy_begin_time, filter->deploy_end_time))
    return FALSE;

  return TRUE;
}

typedef struct
{
  JsonObject *object;
  gint64      key;
  gint64      numeric_id;
  const char *id;
} ListEntry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const ListEntry *x = a;
  const ListEntry *y = b;
  gboolean sort_ascending = GPOINTER_TO_INT (user_data);
  int order;

  if (x->key != y->key)
    order = x->key < y->key ? -1 : 1;
  else if (x->numeric_id != y->numeric_id)
    order = x->numeric_id < y->numeric_id ? -1 : 1;
  else
    order = g_strcmp0 (x->id, y->id);

  return sort_ascending ? order : -order;
}

/* POST /v2/{project_id}/factory/release-packages */
void
rd_demo_handle_list_packages (RdDemoService *self,
                              Request       *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (ListEntry));
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  GHashTable *packages;
  GHashTableIter iter;
  gpointer value;
  ListFilter filter = { 0, };
  const char *direction;
  const char *order_column;
  gint64 limit;
  gint64 offset;
  gint64 start;

  if (!(packages = rd_demo_resolve_workspace (self, request, NULL)) ||
      !(body = load_request_object (request, parser)))
    return;

  if (!read_optional_string (request, body, "key_word", &filter.key_word) ||
      !read_optional_string (request, body, "apply_user_name", &filter.apply_user_name) ||
      !read_optional_string (request, body, "deploy_user_name", &filter.deploy_user_name) ||
      !read_optional_int (request, body, "apply_begin_time", -1, 0, G_MAXINT64,
                          &filter.apply_begin_time) ||
      !read_optional_int (request, body, "apply_end_time", -1, 0, G_MAXINT64,
                          &filter.apply_end_time) ||
      !read_optional_int (request, body, "deploy_begin_time", -1, 0, G_MAXINT64,
                          &filter.deploy_begin_time) ||
      !read_optional_int (request, body, "deploy_end_time", -1, 0, G_MAXINT64,
                          &filter.deploy_end_time) ||
      !read_optional_array (request, body, "apply_user_name_filter", G_TYPE_STRING,
                            &filter.apply_user_names) ||
      !read_optional_array (request, body, "deploy_user_name_filter", G_TYPE_STRING,
                            &filter.deploy_user_names) ||
      !read_optional_array (request, body, "deploy_status_filter", G_TYPE_INT64,
                            &filter.statuses) ||
      !read_optional_string (request, body, "sorted_direction", &direction) ||
      !read_optional_string (request, body, "order_column", &order_column) ||
      !read_optional_int (request, body, "limit", 10, 1, 100, &limit) ||
      !read_optional_int (request, body, "offset", 0, 0, G_MAXINT32, &offset))
    return;

  if (direction != NULL && strcmp (direction, "asc") != 0 && strcmp (direction, "desc") != 0)
    {
      respond_bad_parameter (request, "sorted_direction");
      return;
    }
  if (order_column != NULL && strcmp (order_column, "apply_timestamp") != 0 &&
      strcmp (order_column, "deploy_timestamp") != 0)
    {
      respond_bad_parameter (request, "order_column");
      return;
    }

  g_hash_table_iter_init (&iter, packages);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      JsonObject *object = package_get_object (value);
      ListEntry entry;
      guint64 numeric;

      if (object == NULL || !filter_matches (&filter, object))
        continue;

      entry.object = object;
      entry.key = member_int (object, order_column != NULL ? order_column : "apply_timestamp", -1);
      entry.id = rd_demo_member_string (object, "package_id");
      if (entry.id == NULL)
        entry.id = "";
      entry.numeric_id = g_ascii_string_to_unsigned (entry.id, 10, 0, G_MAXINT64, &numeric, NULL)
                         ? (gint64) numeric : -1;
      g_array_append_val (entries, entry);
    }

  /* Newest first unless asked otherwise; the ID breaks ties, so pages never overlap. */
  g_array_sort_with_data (entries, compare_entries,
                          GINT_TO_POINTER (direction != NULL && strcmp (direction, "asc") == 0));

  switch (self->offset_mode)
    {
    case RD_DEMO_OFFSET_RECORDS:
      start = offset;
      break;
    case RD_DEMO_OFFSET_PAGES:
      start = offset * limit;
      break;
    case RD_DEMO_OFFSET_PAGES_FROM_1:
      start = MAX (offset - 1, 0) * limit;
      break;
    default:
      g_assert_not_reached ();
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (gint64 i = start; i < (gint64) entries->len && i < start + limit; i++)
    {
      JsonNode *node = json_node_init_object (json_node_alloc (),
                                              g_array_index (entries, ListEntry, i).object);

      json_builder_add_value (builder, node);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, entries->len);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  rd_demo_respond_text (request->msg, SOUP_STATUS_OK, JSON_CONTENT_TYPE, text);
}

/* The package_ids of a deploy or unpack body, checked as the service does:
 * 1 to 100 strings, each a known package waiting for review. NULL after
 * answering 400; nothing is changed then, for any of them. */
static GPtrArray *
check_action_body (RdDemoService *self,
                   Request       *request,
                   JsonObject    *body,
                   GHashTable    *packages,
                   const char    *action)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *node = json_object_get_member (body, "package_ids");
  JsonArray *ids;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      respond_bad_parameter (request, "package_ids");
      return NULL;
    }

  ids = json_node_get_array (node);
  n = json_array_get_length (ids);
  if (n < 1 || n > 100)
    {
      respond_bad_parameter (request, "package_ids: between 1 and 100 IDs are allowed");
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (ids, i);
      const char *id;
      Package *package;
      JsonObject *object;
      gint64 status;

      if (!node_is (element, G_TYPE_STRING) ||
          !g_hash_table_add (seen, (gpointer) json_node_get_string (element)))
        {
          respond_bad_parameter (request, "package_ids");
          return NULL;
        }

      id = json_node_get_string (element);
      package = g_hash_table_lookup (packages, id);
      object = package != NULL ? package_get_object (package) : NULL;
      if (object == NULL)
        {
          rd_demo_respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, NO_SUCH_TASK_CODE,
                                 NO_SUCH_TASK_MESSAGE, NULL);
          return NULL;
        }

      status = member_int (object, "deploy_status", -1);
      if (status != 1)
        {
          g_autofree char *message = g_strdup_printf (
              "The release package %s cannot be %s: its deploy_status is %" G_GINT64_FORMAT
              ", not 1 (to be reviewed).",
              id, action, status);

          rd_demo_respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, WRONG_STATE_CODE, message,
                                 NULL);
          return NULL;
        }

      g_ptr_array_add (chosen, (gpointer) id);
    }

  return g_steal_pointer (&chosen);
}

/* A deploy call's packages, finished after the release delay. */
typedef struct
{
  RdDemoService *self;        /* unowned: the service destroys its releases before it goes */
  GHashTable    *packages;    /* the workspace's table, owned by the service */
  GPtrArray     *package_ids;
  gboolean       start_jobs;
  gboolean       started;     /* moved to 5: with a start lag, only once the lag is over */
  GSource       *source;
} Release;

void
rd_demo_release_free (gpointer data)
{
  Release *release = data;

  if (release->source != NULL)
    {
      g_source_destroy (release->source);
      g_source_unref (release->source);
    }
  g_ptr_array_unref (release->package_ids);
  g_free (release);
}

static void
set_tasks_status (JsonArray *tasks,
                  int        status,
                  gboolean   fails,
                  gboolean   start_jobs)
{
  for (guint i = 0; tasks != NULL && i < json_array_get_length (tasks); i++)
    {
      JsonNode *element = json_array_get_element (tasks, i);
      JsonObject *task = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      /* A failed release fails on its first task; the others go through. */
      int task_status = status == 5 ? 5 : (fails && i == 0) ? 3 : 2;

      if (task == NULL)
        continue;

      json_object_set_int_member (task, "deploy_status", task_status);
      if (task_status == 2 && json_object_has_member (task, "pending_version"))
        json_object_set_int_member (task, "deployed_version",
                                    member_int (task, "pending_version", 0));
      if (task_status != 5 && start_jobs && member_int (task, "task_type", 0) == 1)
        json_object_set_int_member (task, "start_job_status", task_status);
    }
}

/* Moves the packages to 5 (being released) and their tasks with them. */
static void
start_release (Release *release)
{
  for (guint i = 0; i < release->package_ids->len; i++)
    {
      Package *package = g_hash_table_lookup (release->packages,
                                              g_ptr_array_index (release->package_ids, i));
      JsonObject *object = package != NULL ? package_get_object (package) : NULL;

      if (object == NULL)
        continue;
      json_object_set_int_member (object, "deploy_status", 5);
      set_tasks_status (package_get_tasks (package), 5, FALSE, FALSE);
      package_commit (package);
    }
  release->started = TRUE;
}

static gboolean release_finished (gpointer data);

static void
arm_release (Release *release,
             guint    delay_ms)
{
  RdDemoService *self = release->self;

  if (release->source != NULL)
    g_source_unref (release->source);
  release->source = g_timeout_source_new (delay_ms);
  g_source_set_callback (release->source, release_finished, release, NULL);
  g_source_attach (release->source, self->context);
}

static gboolean
release_finished (gpointer data)
{
  Release *release = data;
  RdDemoService *self = release->self;

  /* The start lag is over: being released now, done after the release delay. */
  if (!release->started)
    {
      start_release (release);
      arm_release (release, self->release_delay_ms);
      return G_SOURCE_REMOVE;
    }

  for (guint i = 0; i < release->package_ids->len; i++)
    {
      const char *id = g_ptr_array_index (release->package_ids, i);
      Package *package = g_hash_table_lookup (release->packages, id);
      JsonObject *object = package != NULL ? package_get_object (package) : NULL;
      gboolean fails = g_hash_table_contains (self->failing_packages, id);

      if (object == NULL || member_int (object, "deploy_status", -1) != 5)
        continue;

      json_object_set_int_member (object, "deploy_status", fails ? 3 : 2);
      set_tasks_status (package_get_tasks (package), fails ? 3 : 2, fails, release->start_jobs);
      package_commit (package);
      g_debug ("Package %s released: %s", id, fails ? "failed" : "successful");
    }

  g_ptr_array_remove_fast (self->releases, release);

  return G_SOURCE_REMOVE;
}

/* POST /v2/{project_id}/factory/release-packages/deploy */
void
rd_demo_handle_deploy_packages (RdDemoService *self,
                                Request       *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *deployer_id = NULL;
  GHashTable *packages;
  gint64 startup_mode;
  gint64 now_ms = g_get_real_time () / 1000;
  Release *release;

  if (!(packages = rd_demo_resolve_workspace (self, request, NULL)) ||
      !(body = load_request_object (request, parser)) ||
      !read_optional_int (request, body, "startup_mode", 1, 0, 1, &startup_mode) ||
      !(ids = check_action_body (self, request, body, packages, "released")))
    return;

  deployer_id = rd_demo_sample_id ("user", RD_DEMO_DEPLOY_USER);
  release = g_new0 (Release, 1);
  release->self = self;
  release->packages = packages;
  release->package_ids = g_ptr_array_new_with_free_func (g_free);
  release->start_jobs = startup_mode == 1;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "deploy_package_details");
  json_builder_begin_array (builder);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      Package *package = g_hash_table_lookup (packages, id);
      JsonObject *object = package_get_object (package);
      JsonArray *tasks = package_get_tasks (package);
      g_autofree char *task_id = rd_demo_new_request_id ();
      guint64 numeric;

      json_object_set_int_member (object, "deploy_timestamp", now_ms);
      json_object_set_string_member (object, "deploy_user_id", deployer_id);
      json_object_set_string_member (object, "deploy_user_name", RD_DEMO_DEPLOY_USER);
      package_commit (package);
      g_ptr_array_add (release->package_ids, g_strdup (id));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "asy_subtask_num");
      json_builder_add_int_value (builder, tasks != NULL ? json_array_get_length (tasks) : 0);
      json_builder_set_member_name (builder, "asy_task_id");
      json_builder_add_string_value (builder, task_id);
      /* A number here, unlike everywhere else. */
      json_builder_set_member_name (builder, "package_id");
      if (g_ascii_string_to_unsigned (id, 10, 0, G_MAXINT64, &numeric, NULL))
        json_builder_add_int_value (builder, (gint64) numeric);
      else
        json_builder_add_string_value (builder, id);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  /* On the service's context, like everything else it does. Without a start lag the
   * packages are being released before the answer goes out. */
  if (self->release_start_lag_ms == 0)
    {
      start_release (release);
      arm_release (release, self->release_delay_ms);
    }
  else
    arm_release (release, self->release_start_lag_ms);
  g_ptr_array_add (self->releases, release);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  rd_demo_respond_text (request->msg, SOUP_STATUS_OK, JSON_CONTENT_TYPE, text);
}

/* POST /v2/{project_id}/factory/release-packages/unpack: the package leaves
 * the review queue for good, as a revoked one does in the console (its tasks
 * go back to their developer); the detail call then answers DLF.0810. */
void
rd_demo_handle_unpack_packages (RdDemoService *self,
                                Request       *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  GHashTable *packages;

  if (!(packages = rd_demo_resolve_workspace (self, request, NULL)) ||
      !(body = load_request_object (request, parser)) ||
      !(ids = check_action_body (self, request, body, packages, "revoked")))
    return;

  /* The IDs point into the body; copied before their packages go. */
  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (removed, g_strdup (g_ptr_array_index (ids, i)));
  for (guint i = 0; i < removed->len; i++)
    g_hash_table_remove (packages, g_ptr_array_index (removed, i));

  /* No documented body: none is sent. */
  rd_demo_respond_bytes (request->msg, SOUP_STATUS_OK, NULL, NULL);
}

/* The normal answer: authentication, then routing. */
