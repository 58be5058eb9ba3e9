/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-demo-versions.c: the demo service's DataArts Factory V1 routes: a script or a job at a
 * version, and resources (the rules are in rd-demo-testing.h), with their sample data from
 * src/demo/versions/. */
#define G_LOG_DOMAIN "rd-demo-service"

#include "config.h"

#include <string.h>

#include "rd-demo-private.h"

#define SAMPLE_CATALOG_PATH  RD_DEMO_RESOURCE_PREFIX "versions/catalog.json"

#define NO_SUCH_SCRIPT_CODE     "DLF.6201"
#define NO_SUCH_SCRIPT_MESSAGE  "The script does not exist."
#define NO_SUCH_JOB_CODE        "DLF.0100"
#define NO_SUCH_JOB_MESSAGE     "The job does not exist."
#define NO_SUCH_RESOURCE_CODE   "DLF.6241"
#define NO_SUCH_RESOURCE_MESSAGE "The resource information does not exist."
/* The demo's own code for a parameter it cannot take, as on the V2 routes. */
#define BAD_PARAMETER_CODE      "DLF.1010"

/* A script or a job: its versions' documents, as JSON text. */
typedef struct
{
  GHashTable *versions;   /* GUINT_TO_POINTER (version) -> char *; NULL once purged */
  guint       latest;
  char       *published;  /* the PUBLISHED copy (scripts only), or NULL */
} Item;

/* What a workspace holds besides its packages. */
typedef struct
{
  GHashTable *scripts;    /* name -> Item */
  GHashTable *jobs;       /* name -> Item */
  GPtrArray  *resources;  /* of JsonNode (an object with "id"), in the order added */
} Catalog;

static void
item_free (gpointer data)
{
  Item *item = data;

  g_hash_table_unref (item->versions);
  g_free (item->published);
  g_free (item);
}

void
rd_demo_catalog_free (gpointer data)
{
  Catalog *catalog = data;

  g_hash_table_unref (catalog->scripts);
  g_hash_table_unref (catalog->jobs);
  g_ptr_array_unref (catalog->resources);
  g_free (catalog);
}

/* The catalog of @workspace_id in @project_id; with @create, made (and the workspace made known)
 * when new, else NULL then. */
static Catalog *
find_catalog (RdDemoService *self,
              const char    *project_id,
              const char    *workspace_id,
              gboolean       create)
{
  Project *project;
  Catalog *catalog;

  if (create)
    rd_demo_ensure_workspace (self, project_id, workspace_id);

  project = g_hash_table_lookup (self->projects, project_id);
  if (project == NULL)
    return NULL;

  catalog = project->catalogs != NULL ? g_hash_table_lookup (project->catalogs, workspace_id)
                                      : NULL;
  if (catalog != NULL || !create)
    return catalog;

  if (project->catalogs == NULL)
    project->catalogs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               rd_demo_catalog_free);

  catalog = g_new0 (Catalog, 1);
  catalog->scripts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, item_free);
  catalog->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, item_free);
  catalog->resources = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_hash_table_insert (project->catalogs, g_strdup (workspace_id), catalog);

  return catalog;
}

static GHashTable *
catalog_items (Catalog        *catalog,
               RdDemoItemKind  kind)
{
  return kind == RD_DEMO_ITEM_SCRIPT ? catalog->scripts : catalog->jobs;
}

/* @json as an object, or NULL (with a critical: a test's mistake). */
static JsonNode *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, -1, &error))
    {
      g_critical ("Not a JSON document: %s", error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_critical ("Not a JSON object");
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/* ---- the sample data, on first use ---- */

static void load_sample_versions (RdDemoService *self);

static void
ensure_sample_versions (RdDemoService *self)
{
  if (self->sample_versions_loaded)
    return;

  self->sample_versions_loaded = TRUE;
  load_sample_versions (self);
}

/* ---- the test API ---- */

static void
add_version (RdDemoService  *self,
             const char     *project_id,
             const char     *workspace_id,
             RdDemoItemKind  kind,
             const char     *name,
             guint           version,
             const char     *json)
{
  g_autoptr(JsonNode) root = NULL;
  GHashTable *items;
  Item *item;

  ensure_sample_versions (self);

  root = parse_object (json);
  if (root == NULL)
    return;
  json_object_set_string_member (json_node_get_object (root), "name", name);

  items = catalog_items (find_catalog (self, project_id, workspace_id, TRUE), kind);
  item = g_hash_table_lookup (items, name);
  if (item == NULL)
    {
      item = g_new0 (Item, 1);
      item->versions = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      g_hash_table_insert (items, g_strdup (name), item);
    }

  g_hash_table_replace (item->versions, GUINT_TO_POINTER (version),
                        json_to_string (root, FALSE));
  item->latest = MAX (item->latest, version);
}

void
rd_demo_service_add_script_version (RdDemoService *self,
                                    const char    *project_id,
                                    const char    *workspace_id,
                                    const char    *name,
                                    guint          version,
                                    const char    *json)
{
  g_return_if_fail (RD_IS_DEMO_SERVICE (self));
  g_return_if_fail (project_id != NULL && workspace_id != NULL);
  g_return_if_fail (name != NULL && name[0] != '\0');
  g_return_if_fail (version >= 1 && version <= G_MAXINT32);
  g_return_if_fail (json != NULL);

  add_version (self, project_id, workspace_id, RD_DEMO_ITEM_SCRIPT, name, version, json);
}

void
rd_demo_service_add_job_version (RdDemoService *self,
                                 const char    *project_id,
                                 const char    *workspace_id,
                                 const char    *name,
                                 guint          version,
                                 const char    *json)
{
  g_return_if_fail (RD_IS_DEMO_SERVICE (self));
  g_return_if_fail (project_id != NULL && workspace_id != NULL);
  g_return_if_fail (name != NULL && name[0] != '\0');
  g_return_if_fail (version >= 1 && version <= G_MAXINT32);
  g_return_if_fail (json != NULL);

  add_version (self, project_id, workspace_id, RD_DEMO_ITEM_JOB, name, version, json);
}

static Item *
find_item (RdDemoService  *self,
           const char     *project_id,
           const char     *workspace_id,
           RdDemoItemKind  kind,
           const char     *name)
{
  Catalog *catalog = find_catalog (self, project_id, workspace_id, FALSE);

  return catalog != NULL ? g_hash_table_lookup (catalog_items (catalog, kind), name) : NULL;
}

void
rd_demo_service_set_published_script_version (RdDemoService *self,
                                              const char    *project_id,
                                              const char    *workspace_id,
                                              const char    *name,
                                              guint          version)
{
  Item *item;
  const char *text;

  g_return_if_fail (RD_IS_DEMO_SERVICE (self));
  g_return_if_fail (project_id != NULL && workspace_id != NULL && name != NULL);

  ensure_sample_versions (self);

  item = find_item (self, project_id, workspace_id, RD_DEMO_ITEM_SCRIPT, name);
  text = item != NULL ? g_hash_table_lookup (item->versions, GUINT_TO_POINTER (version)) : NULL;
  if (text == NULL)
    {
      g_critical ("%s: the script %s has no version %u", G_STRFUNC, name, version);
      return;
    }

  g_free (item->published);
  item->published = g_strdup (text);
}

void
rd_demo_service_purge_version (RdDemoService  *self,
                               const char     *project_id,
                               const char     *workspace_id,
                               RdDemoItemKind  kind,
                               const char     *name,
                               guint           version)
{
  Item *item;

  g_return_if_fail (RD_IS_DEMO_SERVICE (self));
  g_return_if_fail (project_id != NULL && workspace_id != NULL && name != NULL);
  g_return_if_fail (kind == RD_DEMO_ITEM_JOB || kind == RD_DEMO_ITEM_SCRIPT);

  ensure_sample_versions (self);

  item = find_item (self, project_id, workspace_id, kind, name);
  if (item == NULL || !g_hash_table_contains (item->versions, GUINT_TO_POINTER (version)))
    {
      g_critical ("%s: %s has no version %u", G_STRFUNC, name, version);
      return;
    }

  /* Still counted in "latest": a purge does not renumber anything. */
  g_hash_table_replace (item->versions, GUINT_TO_POINTER (version), NULL);
}

/* Like the console's IDs: "ff808081" and 24 hex digits, stable for a workspace and a name. */
static char *
new_resource_id (Catalog    *catalog,
                 const char *project_id,
                 const char *workspace_id,
                 const char *name)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autofree char *key = g_strdup_printf ("%s:%s:%s:%u", project_id, workspace_id, name,
                                              attempt);
      char *id = rd_demo_sample_id ("resource", key);
      gboolean taken = FALSE;

      memcpy (id, "ff808081", 8);
      for (guint i = 0; i < catalog->resources->len && !taken; i++)
        {
          JsonObject *object = json_node_get_object (g_ptr_array_index (catalog->resources, i));

          taken = g_strcmp0 (rd_demo_member_string (object, "id"), id) == 0;
        }

      if (!taken)
        return id;
      g_free (id);
    }
}

char *
rd_demo_service_add_resource (RdDemoService *self,
                              const char    *project_id,
                              const char    *workspace_id,
                              const char    *json)
{
  g_autoptr(JsonNode) root = NULL;
  Catalog *catalog;
  const char *name;
  char *id;

  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);
  g_return_val_if_fail (project_id != NULL && workspace_id != NULL, NULL);
  g_return_val_if_fail (json != NULL, NULL);

  ensure_sample_versions (self);

  root = parse_object (json);
  if (root == NULL)
    return NULL;

  name = rd_demo_member_string (json_node_get_object (root), "name");
  if (name == NULL)
    {
      g_critical ("%s: a resource needs a name", G_STRFUNC);
      return NULL;
    }

  catalog = find_catalog (self, project_id, workspace_id, TRUE);
  id = new_resource_id (catalog, project_id, workspace_id, name);
  json_object_set_string_member (json_node_get_object (root), "id", id);
  g_ptr_array_add (catalog->resources, g_steal_pointer (&root));

  return id;
}

/* ---- the routes ---- */

/* Scripts answer their errors in a list, as Huawei's own Terraform provider reads them:
 * {"errors":[{"error_code":…,"error_msg":…}]}. */
static void
respond_error_list (SoupServerMessage *msg,
                    const char        *error_code,
                    const char        *error_msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error_code");
  json_builder_add_string_value (builder, error_code);
  json_builder_set_member_name (builder, "error_msg");
  json_builder_add_string_value (builder, error_msg);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  rd_demo_respond_text (msg, SOUP_STATUS_BAD_REQUEST, JSON_CONTENT_TYPE, text);
}

static void
respond_bad_parameter (Request    *request,
                       const char *name)
{
  g_autofree char *message = g_strdup_printf ("The request parameter is invalid: %s", name);

  rd_demo_respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, BAD_PARAMETER_CODE, message, NULL);
}

/* The request's query, decoded (name -> value); empty for none. */
static GHashTable *
request_query (Request *request)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (request->msg));

  if (query == NULL)
    return g_hash_table_new (g_str_hash, g_str_equal);

  return soup_form_decode (query);
}

/* Reads the optional integer @name of @query strictly; FALSE after answering 400. */
static gboolean
read_query_int (Request    *request,
                GHashTable *query,
                const char *name,
                gint64      default_value,
                gint64      min_value,
                gint64      max_value,
                gint64     *value)
{
  const char *text = g_hash_table_lookup (query, name);

  *value = default_value;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_signed (text, 10, min_value, max_value, value, NULL))
    {
      respond_bad_parameter (request, name);
      return FALSE;
    }

  return TRUE;
}

/* The catalog of the workspace the request selects (empty when it has none yet), or NULL after
 * answering the same error as the V2 routes for an unknown project or workspace. */
static Catalog *
request_catalog (RdDemoService *self,
                 Request       *request)
{
  const char *workspace_id = NULL;

  ensure_sample_versions (self);

  if (rd_demo_resolve_workspace (self, request, &workspace_id) == NULL)
    return NULL;

  return find_catalog (self, request->project_id, workspace_id, TRUE);
}

/* The document @text with "version" set to @version (an integer) or @version_text (a string). */
static void
respond_document (Request    *request,
                  const char *text,
                  guint       version,
                  const char *version_text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *answer = NULL;
  JsonObject *object;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    g_assert_not_reached ();   /* checked when it was added */

  object = json_node_get_object (json_parser_get_root (parser));
  if (version_text != NULL)
    json_object_set_string_member (object, "version", version_text);
  else
    json_object_set_int_member (object, "version", version);

  answer = json_to_string (json_parser_get_root (parser), FALSE);
  rd_demo_respond_text (request->msg, SOUP_STATUS_OK, JSON_CONTENT_TYPE, answer);
}

/* GET /v1/{project_id}/scripts/{script_name} */
void
rd_demo_handle_show_script (RdDemoService *self,
                            Request       *request)
{
  g_autoptr(GHashTable) query = request_query (request);
  Catalog *catalog;
  const char *status;
  const char *text = NULL;
  Item *item;
  gint64 version;

  if (!read_query_int (request, query, "version", -1, 0, G_MAXINT32, &version))
    return;

  status = g_hash_table_lookup (query, "status");
  if (status != NULL && strcmp (status, "SAVED") != 0 && strcmp (status, "PUBLISHED") != 0)
    {
      respond_bad_parameter (request, "status");
      return;
    }

  if ((catalog = request_catalog (self, request)) == NULL)
    return;

  item = g_hash_table_lookup (catalog->scripts, request->item);
  if (item != NULL)
    {
      /* "status" counts only without a version. */
      if (version >= 0)
        text = g_hash_table_lookup (item->versions, GUINT_TO_POINTER ((guint) version));
      else if (g_strcmp0 (status, "PUBLISHED") == 0)
        text = item->published;
      else
        text = g_hash_table_lookup (item->versions, GUINT_TO_POINTER (item->latest));
    }

  if (text == NULL)
    {
      respond_error_list (request->msg, NO_SUCH_SCRIPT_CODE, NO_SUCH_SCRIPT_MESSAGE);
      return;
    }

  /* Always the latest submitted version, whichever was asked for. */
  respond_document (request, text, item->latest, NULL);
}

/* GET /v1/{project_id}/jobs/{job_name} */
void
rd_demo_handle_show_job (RdDemoService *self,
                         Request       *request)
{
  g_autoptr(GHashTable) query = request_query (request);
  g_autofree char *version_text = NULL;
  Catalog *catalog;
  const char *text = NULL;
  Item *item;
  gint64 version;

  if (!read_query_int (request, query, "version", -1, 0, G_MAXINT32, &version))
    return;

  if ((catalog = request_catalog (self, request)) == NULL)
    return;

  item = g_hash_table_lookup (catalog->jobs, request->item);
  if (item != NULL)
    {
      if (version < 0)
        version = item->latest;
      text = g_hash_table_lookup (item->versions, GUINT_TO_POINTER ((guint) version));
    }

  if (text == NULL)
    {
      rd_demo_respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, NO_SUCH_JOB_CODE,
                             NO_SUCH_JOB_MESSAGE, NULL);
      return;
    }

  version_text = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  respond_document (request, text, 0, version_text);
}

/* GET /v1/{project_id}/resources */
void
rd_demo_handle_list_resources (RdDemoService *self,
                               Request       *request)
{
  g_autoptr(GHashTable) query = request_query (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  Catalog *catalog;
  const char *name_part;
  gint64 limit;
  gint64 offset;
  guint total = 0;

  if (!read_query_int (request, query, "limit", 10, 1, 1000, &limit) ||
      !read_query_int (request, query, "offset", 0, 0, G_MAXINT32, &offset))
    return;

  if ((catalog = request_catalog (self, request)) == NULL)
    return;

  name_part = g_hash_table_lookup (query, "resourceName");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "resources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < catalog->resources->len; i++)
    {
      JsonNode *node = g_ptr_array_index (catalog->resources, i);
      const char *name = rd_demo_member_string (json_node_get_object (node), "name");

      if (name_part != NULL && (name == NULL || strstr (name, name_part) == NULL))
        continue;

      if (total >= offset && total < offset + limit)
        json_builder_add_value (builder, json_node_copy (node));
      total++;
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  rd_demo_respond_text (request->msg, SOUP_STATUS_OK, JSON_CONTENT_TYPE, text);
}

/* GET /v1/{project_id}/resources/{resource_id} */
void
rd_demo_handle_show_resource (RdDemoService *self,
                              Request       *request)
{
  Catalog *catalog;

  if ((catalog = request_catalog (self, request)) == NULL)
    return;

  for (guint i = 0; i < catalog->resources->len; i++)
    {
      JsonNode *node = g_ptr_array_index (catalog->resources, i);

      if (g_strcmp0 (rd_demo_member_string (json_node_get_object (node), "id"),
                     request->item) == 0)
        {
          g_autofree char *text = json_to_string (node, FALSE);

          rd_demo_respond_text (request->msg, SOUP_STATUS_OK, JSON_CONTENT_TYPE, text);
          return;
        }
    }

  rd_demo_respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, NO_SUCH_RESOURCE_CODE,
                         NO_SUCH_RESOURCE_MESSAGE, NULL);
}

/* ---- the sample data: src/demo/versions/catalog.json ---- */

static char *
load_text (const char *file)
{
  g_autofree char *path = g_strconcat (RD_DEMO_RESOURCE_PREFIX "versions/", file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = rd_demo_lookup_data (path, &error);

  if (bytes == NULL)
    {
      g_warning ("The demo file %s is missing: %s", path, error->message);
      return NULL;
    }

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static guint
member_version (JsonObject *object)
{
  return (guint) json_object_get_int_member_with_default (object, "version", 0);
}

/* Each script entry: {"name", "version", "content": a file with the text, "document": the
 * rest}; each job entry: {"name", "version", "document": a file with the document}. */
static void
load_items (RdDemoService  *self,
            const char     *project_id,
            const char     *workspace_id,
            RdDemoItemKind  kind,
            JsonArray      *entries)
{
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *name = rd_demo_member_string (entry, "name");
      g_autofree char *json = NULL;

      if (kind == RD_DEMO_ITEM_SCRIPT)
        {
          g_autofree char *content = load_text (rd_demo_member_string (entry, "content"));
          JsonObject *document = rd_demo_member_object (entry, "document");

          if (content == NULL || document == NULL)
            continue;

          /* The catalog's own tree: changed in place, dropped after loading. */
          json_object_set_string_member (document, "content", content);
          /* The ID the sample packages give it. */
          if (!json_object_has_member (document, "id"))
            {
              g_autofree char *id = rd_demo_sample_script_id (name);

              json_object_set_string_member (document, "id", id);
            }
          json = json_to_string (json_object_get_member (entry, "document"), FALSE);
          rd_demo_service_add_script_version (self, project_id, workspace_id, name,
                                              member_version (entry), json);
        }
      else
        {
          json = load_text (rd_demo_member_string (entry, "document"));
          if (json != NULL)
            rd_demo_service_add_job_version (self, project_id, workspace_id, name,
                                             member_version (entry), json);
        }
    }
}

/* ---- the sample data: plain versions for the review package's other tasks ---- */

/* "dwd" of "dwd_订单_明细", as a database name. */
static char *
layer_of (const char *name)
{
  const char *end = strchr (name, '_');

  return end != NULL ? g_strndup (name, end - name) : g_strdup ("dw");
}

static char *
generated_script (const char *name,
                  guint       version,
                  const char *submitter)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *layer = layer_of (name);
  g_autofree char *directory = g_strconcat ("/订单域/", layer, NULL);
  g_autofree char *id = rd_demo_sample_script_id (name);
  GString *content = g_string_new (NULL);

  g_string_append_printf (content, "-- %s\n", name);
  g_string_append_printf (content, "-- 版本 %u，提交人 %s\n", version, submitter);
  g_string_append_printf (content, "SET mapreduce.job.reduces = %u;\n\n", 8 * (version % 4 + 1));
  g_string_append_printf (content,
                          "INSERT OVERWRITE TABLE %s.%s PARTITION (dt = '${bizdate}')\n"
                          "SELECT\n"
                          "    order_id,\n"
                          "    store_id,\n"
                          "    channel_code,\n", layer, "order_snapshot");
  if (version % 2 == 0)
    g_string_append (content, "    member_id,\n");
  g_string_append (content,
                   "    order_amount,\n"
                   "    from_unixtime(unix_timestamp(), 'yyyy-MM-dd HH:mm:ss') AS etl_time\n"
                   "FROM ods.ods_trade_order_incr\n"
                   "WHERE dt = '${bizdate}'\n");
  if (version > 2)
    g_string_append (content, "  AND order_status NOT IN ('CANCELLED', 'INVALID')\n");
  g_string_append (content, ";\n");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "HiveSQL");
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content->str);
  json_builder_set_member_name (builder, "connectionName");
  json_builder_add_string_value (builder, "mrs_hive_prod");
  json_builder_set_member_name (builder, "database");
  json_builder_add_string_value (builder, layer);
  json_builder_set_member_name (builder, "queueName");
  json_builder_add_string_value (builder, "default");
  json_builder_set_member_name (builder, "configuration");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "directory");
  json_builder_add_string_value (builder, directory);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "");
  json_builder_set_member_name (builder, "owner");
  json_builder_add_string_value (builder, submitter);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_end_object (builder);

  g_string_free (content, TRUE);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static char *
generated_job (const char *name,
               guint       version,
               const char *submitter)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *layer = layer_of (name);
  g_autofree char *x = g_strdup_printf ("%u.0", 100 + 20 * (version % 5));
  g_autofree char *cron = g_strdup_printf ("0 %u %u * * ?", 10 * (version % 6), 1 + version % 4);
  const char * const properties[][2] = {
    { "scriptName", name },
    { "connectionName", "mrs_hive_prod" },
    { "database", layer },
    { "scriptArgs", version % 2 == 0 ? "bizdate=${yyyyMMdd}" : "bizdate=${yyyyMMdd},full=0" },
  };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "HiveSQL");
  json_builder_set_member_name (builder, "location");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "x");
  json_builder_add_string_value (builder, x);
  json_builder_set_member_name (builder, "y");
  json_builder_add_string_value (builder, "150.0");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "preNodeName");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, properties[i][0]);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, properties[i][1]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "retryTimes");
  json_builder_add_int_value (builder, version > 3 ? 2 : 0);
  json_builder_set_member_name (builder, "failPolicy");
  json_builder_add_string_value (builder, "FAIL");
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "schedule");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "CRON");
  json_builder_set_member_name (builder, "cron");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "expression");
  json_builder_add_string_value (builder, cron);
  json_builder_set_member_name (builder, "expressionTimeZone");
  json_builder_add_string_value (builder, "Asia/Shanghai");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "params");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "basicConfig");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "owner");
  json_builder_add_string_value (builder, submitter);
  json_builder_set_member_name (builder, "priority");
  json_builder_add_int_value (builder, 0);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "processType");
  json_builder_add_string_value (builder, "BATCH");
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, 600000 + g_str_hash (name) % 10000);
  json_builder_set_member_name (builder, "lastUpdateUser");
  json_builder_add_string_value (builder, submitter);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* Both sides of a job or script task the catalog has no versions for. */
static void
add_generated_versions (int         task_type,
                        int         update_type,
                        const char *item_name,
                        guint       deployed_version,
                        guint       pending_version,
                        const char *submitter,
                        gpointer    user_data)
{
  RdDemoService *self = user_data;
  RdDemoItemKind kind = task_type == 1 ? RD_DEMO_ITEM_JOB : RD_DEMO_ITEM_SCRIPT;
  guint versions[] = { deployed_version, update_type == 3 ? 0 : pending_version };

  if ((task_type != 1 && task_type != 2) ||
      find_item (self, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, kind, item_name) != NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autofree char *json = NULL;

      if (versions[i] == 0)
        continue;

      json = kind == RD_DEMO_ITEM_JOB ? generated_job (item_name, versions[i], submitter)
                                      : generated_script (item_name, versions[i], submitter);
      add_version (self, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, kind, item_name, versions[i],
                   json);
    }
}

static void
load_sample_versions (RdDemoService *self)
{
  g_autofree char *text = load_text ("catalog.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *project_id = RD_DEMO_PROJECT_ID;
  const char *workspace_id = RD_DEMO_WORKSPACE_ID;
  JsonObject *root;
  JsonArray *entries;

  if (text == NULL)
    return;

  if (!json_parser_load_from_data (parser, text, -1, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_warning ("The demo file versions/catalog.json is unreadable");
      return;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  load_items (self, project_id, workspace_id, RD_DEMO_ITEM_SCRIPT,
              member_array (root, "scripts"));
  load_items (self, project_id, workspace_id, RD_DEMO_ITEM_JOB, member_array (root, "jobs"));

  entries = member_array (root, "published");
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      rd_demo_service_set_published_script_version (self, project_id, workspace_id,
                                                    rd_demo_member_string (entry, "name"),
                                                    member_version (entry));
    }

  entries = member_array (root, "purged");
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      RdDemoItemKind kind = g_strcmp0 (rd_demo_member_string (entry, "kind"), "job") == 0
                              ? RD_DEMO_ITEM_JOB : RD_DEMO_ITEM_SCRIPT;

      rd_demo_service_purge_version (self, project_id, workspace_id, kind,
                                     rd_demo_member_string (entry, "name"),
                                     member_version (entry));
    }

  entries = member_array (root, "resources");
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      g_autofree char *json = json_to_string (json_array_get_element (entries, i), FALSE);
      g_autofree char *id = rd_demo_service_add_resource (self, project_id, workspace_id, json);
    }

  rd_demo_foreach_review_task (add_generated_versions, self);
}
