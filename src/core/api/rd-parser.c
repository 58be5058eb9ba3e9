/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-parser.c: the release-package API's answers, through json-glib, strictly into models. */
#define G_LOG_DOMAIN "rd-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "rd-enums.h"
#include "rd-json-check.h"
#include "rd-models-private.h"
#include "rd-parser.h"


/* GDateTime holds years 1 to 9999; the API's timestamps are milliseconds
 * since 1970, so anything outside 1970 to 9999 is not a date it sent. */
#define MAX_TIMESTAMP_MS G_GINT64_CONSTANT (253402300799999)

/* {{{ Member paths and strict member readers */

char *
rd_json_path_format (const RdJsonPath *path,
                     const char       *member)
{
  GString *text;

  g_return_val_if_fail (path != NULL, NULL);

  text = g_string_new (path->prefix);

  if (path->index >= 0)
    g_string_append_printf (text, "[%" G_GSSIZE_FORMAT "]", path->index);

  if (member != NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, '.');
      g_string_append (text, member);
    }

  return g_string_free (text, FALSE);
}

gboolean
rd_json_set_error (GError           **error,
                   const RdJsonPath  *path,
                   const char        *member,
                   RdJsonProblem      problem)
{
  g_autofree char *where = rd_json_path_format (path, member);

  switch (problem)
    {
    case RD_JSON_MISSING:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_MISSING_MEMBER,
                   /* Translators: %s is a member of the answer, such as release_package */
                   _("%s: missing"), where);
      break;

    case RD_JSON_EXPECTED_OBJECT:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is where in the answer, such as task_details[3] */
                   _("%s: expected an object"), where);
      break;

    case RD_JSON_EXPECTED_ARRAY:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is where in the answer, such as task_details */
                   _("%s: expected an array"), where);
      break;

    case RD_JSON_EXPECTED_STRING:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is a place in the answer: release_package.package_name */
                   _("%s: expected a string"), where);
      break;

    case RD_JSON_EXPECTED_NUMBER:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is a place in the answer: task_details[3].deploy_status */
                   _("%s: expected a number"), where);
      break;

    case RD_JSON_EXPECTED_INTEGER:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is where in the answer, such as task_details[3].deploy_status;
                    * the service sent a number with a fraction or an exponent */
                   _("%s: expected an integer"), where);
      break;

    case RD_JSON_EXPECTED_TIMESTAMP:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is a place in the answer: release_package.apply_timestamp */
                   _("%s: expected a number or a string of digits"), where);
      break;

    case RD_JSON_OUT_OF_RANGE:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is a place in the answer: task_details[3].deploy_status */
                   _("%s: number out of range"), where);
      break;

    case RD_JSON_DATE_OUT_OF_RANGE:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is a place in the answer: release_package.apply_timestamp */
                   _("%s: not a date between 1970 and 9999"), where);
      break;

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}


/* A member that was sent: absent and null both mean "not sent", as every
 * documented member is optional. */
static JsonNode *
get_present (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

gboolean
rd_json_member_string (JsonObject        *object,
                       const RdJsonPath  *path,
                       const char        *member,
                       const char       **value,
                       GError           **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = NULL;

  if ((node = get_present (object, member)) == NULL)
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return rd_json_set_error (error, path, member, RD_JSON_EXPECTED_STRING);

  *value = json_node_get_string (node);

  return TRUE;
}

/* The one check for integers: json-glib keeps a number written without fraction or
 * exponent as an int64 (rd_json_check() refused those beyond 64 bits), any other as a
 * double. */
static gboolean
read_integer (JsonNode          *node,
              const RdJsonPath  *path,
              const char        *member,
              gint64            *value,
              GError           **error)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_DOUBLE)
    return rd_json_set_error (error, path, member, RD_JSON_EXPECTED_INTEGER);

  if (type != G_TYPE_INT64)
    return rd_json_set_error (error, path, member, RD_JSON_EXPECTED_NUMBER);

  *value = json_node_get_int (node);

  return TRUE;
}

gboolean
rd_json_member_int (JsonObject        *object,
                    const RdJsonPath  *path,
                    const char        *member,
                    int                default_value,
                    int               *value,
                    GError           **error)
{
  JsonNode *node;
  gint64 number;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = default_value;

  if ((node = get_present (object, member)) == NULL)
    return TRUE;

  if (!read_integer (node, path, member, &number, error))
    return FALSE;

  if (number < G_MININT || number > G_MAXINT)
    return rd_json_set_error (error, path, member, RD_JSON_OUT_OF_RANGE);

  *value = (int) number;

  return TRUE;
}

gboolean
rd_json_member_int64 (JsonObject        *object,
                      const RdJsonPath  *path,
                      const char        *member,
                      gint64             default_value,
                      gint64            *value,
                      GError           **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = default_value;

  if ((node = get_present (object, member)) == NULL)
    return TRUE;

  return read_integer (node, path, member, value, error);
}

static gboolean
is_ascii_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;

  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isdigit (*text))
        return FALSE;
    }

  return TRUE;
}

gboolean
rd_json_member_timestamp (JsonObject        *object,
                          const RdJsonPath  *path,
                          const char        *member,
                          gint64             default_value,
                          gint64            *value,
                          GError           **error)
{
  JsonNode *node;
  GType type;
  gint64 ms;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = default_value;

  if ((node = get_present (object, member)) == NULL)
    return TRUE;

  type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    {
      ms = json_node_get_int (node);
    }
  else if (type == G_TYPE_STRING && is_ascii_digits (json_node_get_string (node)))
    {
      guint64 unsigned_ms;

      /* Older service versions sent "1700288912934". */
      if (!g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXINT64,
                                       &unsigned_ms, NULL))
        return rd_json_set_error (error, path, member, RD_JSON_OUT_OF_RANGE);
      ms = (gint64) unsigned_ms;
    }
  else
    {
      return rd_json_set_error (error, path, member, RD_JSON_EXPECTED_TIMESTAMP);
    }

  /* Also keeps RD_VALUE_ABSENT (-1) from meaning two things. */
  if (ms < 0 || ms > MAX_TIMESTAMP_MS)
    return rd_json_set_error (error, path, member, RD_JSON_DATE_OUT_OF_RANGE);

  *value = ms;

  return TRUE;
}

char *
rd_strings_dup_block (const char * const *strings,
                      guint               n_strings,
                      const char        **copies)
{
  gsize sizes[16];
  gsize total = 0;
  char *block;
  char *p;

  g_return_val_if_fail (n_strings <= G_N_ELEMENTS (sizes), NULL);

  for (guint i = 0; i < n_strings; i++)
    {
      sizes[i] = strings[i] != NULL ? strlen (strings[i]) + 1 : 0;
      total += sizes[i];
    }

  p = block = total > 0 ? g_malloc (total) : NULL;

  for (guint i = 0; i < n_strings; i++)
    {
      copies[i] = NULL;
      if (strings[i] == NULL)
        continue;

      memcpy (p, strings[i], sizes[i]);
      copies[i] = p;
      p += sizes[i];
    }

  return block;
}

GDateTime *
rd_date_time_new_from_unix_ms (gint64 ms)
{
  g_autoptr(GDateTime) seconds = NULL;
  gint64 whole = ms / 1000;
  gint64 rest = ms % 1000;

  if (ms == RD_VALUE_ABSENT)
    return NULL;

  /* Rounds down, not toward zero, should a date before 1970 ever get here. */
  if (rest < 0)
    {
      whole -= 1;
      rest += 1000;
    }

  /* Seconds, then the milliseconds on top: g_date_time_new_from_unix_utc_usec()
   * is GLib 2.80. */
  seconds = g_date_time_new_from_unix_utc (whole);
  if (seconds == NULL || rest == 0)
    return g_steal_pointer (&seconds);

  return g_date_time_add (seconds, rest * G_TIME_SPAN_MILLISECOND);
}

/* }}} */

/* {{{ The whole answer */

/* The one way an answer becomes a tree: rd_json_check(), then json-glib. */
static JsonNode *
parse_checked (GBytes  *bytes,
               GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize length;

  data = g_bytes_get_data (bytes, &length);

  if (!rd_json_check (data, length, RD_PARSE_MAX_DEPTH, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      /* Not expected: the check lets through only what json-glib reads. */
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX,
                   _("The answer is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/* The answer as json-glib's tree, whose root is an object. */
static JsonNode *
parse_object (GBytes  *bytes,
              GError **error)
{
  g_autoptr(JsonNode) root = parse_checked (bytes, error);
  const char *message;

  if (root == NULL)
    return NULL;

  switch (json_node_get_node_type (root))
    {
    case JSON_NODE_OBJECT:
      return g_steal_pointer (&root);
    case JSON_NODE_ARRAY:
      message = _("The answer is a JSON array, not an object");
      break;
    case JSON_NODE_NULL:
      message = _("The answer is JSON null, not an object");
      break;
    case JSON_NODE_VALUE:
    default:
      if (json_node_get_value_type (root) == G_TYPE_STRING)
        message = _("The answer is a JSON string, not an object");
      else if (json_node_get_value_type (root) == G_TYPE_BOOLEAN)
        message = _("The answer is a JSON boolean, not an object");
      else
        message = _("The answer is a JSON number, not an object");
      break;
    }

  g_set_error_literal (error, RD_PARSE_ERROR, RD_PARSE_ERROR_NOT_OBJECT, message);

  return NULL;
}

/**
 * rd_parse_package_detail:
 * @bytes: the body of the detail call's answer
 * @error: return location for a #RD_PARSE_ERROR
 *
 * Parses a detail answer strictly: every documented member, when present and
 * not null, has its documented type; unknown members and unknown enumeration
 * values are kept (in the document, @bytes itself, which the package keeps).
 * This calls no main-context API, so it may run in a worker thread.
 *
 * Returns: (transfer full): the package, or %NULL with @error set
 */
RdReleasePackage *
rd_parse_package_detail (GBytes  *bytes,
                         GError **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((root = parse_object (bytes, error)) == NULL)
    return NULL;

  return rd_release_package_new_from_document (bytes, json_node_get_object (root), error);
}

/* {"release_package":…}: shaped like a detail answer without task_details, so the exporter
 * sees one form; a document of its own, so that a package does not keep the whole page. */
static GBytes *
dup_entry_document (JsonNode *entry)
{
  g_autoptr(JsonObject) wrapper = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  gsize length;
  char *text;

  json_object_set_member (wrapper, "release_package", json_node_copy (entry));
  node = json_node_init_object (json_node_alloc (), wrapper);
  text = rd_json_generate (node, FALSE, &length);

  return g_bytes_new_take (text, length);
}

/* A list answer's "total": mandatory (null is not "absent" here), a count that fits a guint. */
static gboolean
read_total (JsonObject  *object,
            guint       *total,
            GError     **error)
{
  static const RdJsonPath document_path = RD_JSON_PATH_INIT (NULL, -1);
  JsonNode *node = json_object_get_member (object, "total");
  gint64 count;

  if (node == NULL)
    return rd_json_set_error (error, &document_path, "total", RD_JSON_MISSING);
  if (!read_integer (node, &document_path, "total", &count, error))
    return FALSE;
  if (count < 0 || count > G_MAXUINT32)
    return rd_json_set_error (error, &document_path, "total", RD_JSON_OUT_OF_RANGE);

  *total = (guint) count;

  return TRUE;
}

/**
 * rd_parse_package_list:
 * @bytes: the body of the list call's answer
 * @total: (out): the "total" member: how many packages match, on all pages
 * @error: return location for a #RD_PARSE_ERROR
 *
 * Parses {"data":[release_package, …],"total":N} as strictly as the detail
 * answer: errors name the place, such as "data[3].deploy_status: expected a
 * number". List entries carry no task_details.
 *
 * Returns: (transfer full): a #GListModel of #RdReleasePackage, in the
 *   order of the answer, or %NULL with @error set
 */
GListModel *
rd_parse_package_list (GBytes  *bytes,
                       guint   *total,
                       GError **error)
{
  static const RdJsonPath document_path = RD_JSON_PATH_INIT (NULL, -1);
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *data;
  JsonArray *entries;
  guint count;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (total != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((root = parse_object (bytes, error)) == NULL)
    return NULL;

  object = json_node_get_object (root);

  /* Both are mandatory: null is not "absent" here. */
  if ((data = json_object_get_member (object, "data")) == NULL)
    {
      rd_json_set_error (error, &document_path, "data", RD_JSON_MISSING);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (data))
    {
      rd_json_set_error (error, &document_path, "data", RD_JSON_EXPECTED_ARRAY);
      return NULL;
    }

  if (!read_total (object, &count, error))
    return NULL;

  entries = json_node_get_array (data);
  items = g_ptr_array_new_full (json_array_get_length (entries), g_object_unref);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      RdJsonPath path = RD_JSON_PATH_INIT ("data", i);
      JsonNode *entry = json_array_get_element (entries, i);
      g_autoptr(GBytes) document = NULL;
      RdReleasePackage *package;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        {
          rd_json_set_error (error, &path, NULL, RD_JSON_EXPECTED_OBJECT);
          return NULL;
        }

      document = dup_entry_document (entry);
      package = rd_release_package_new_from_list_entry (json_node_get_object (entry), document,
                                                        &path, error);
      if (package == NULL)
        return NULL;

      g_ptr_array_add (items, package);
    }

  store = g_list_store_new (RD_TYPE_RELEASE_PACKAGE);
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  *total = count;

  return G_LIST_MODEL (g_steal_pointer (&store));
}

void
rd_deploy_detail_free (RdDeployDetail *detail)
{
  if (detail == NULL)
    return;

  g_free (detail->package_id);
  g_free (detail->async_task_id);
  g_free (detail);
}

/* The contract says a number; a string of digits, as the detail call sends
 * IDs, is taken too: either way it names the same package. */
static gboolean
read_package_id (JsonObject        *object,
                 const RdJsonPath  *path,
                 char             **package_id,
                 GError           **error)
{
  JsonNode *node = get_present (object, "package_id");

  if (node == NULL)
    return rd_json_set_error (error, path, "package_id", RD_JSON_MISSING);

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      if (*json_node_get_string (node) == '\0')
        break;
      *package_id = g_strdup (json_node_get_string (node));
      return TRUE;

    case G_TYPE_INT64:
      *package_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;

    default:
      break;
    }

  return rd_json_set_error (error, path, "package_id", RD_JSON_EXPECTED_NUMBER);
}

/**
 * rd_parse_deploy_answer:
 * @bytes: the body of the deploy call's answer
 *
 * {"deploy_package_details":[{"asy_subtask_num":2,"asy_task_id":"…","package_id":23}]};
 * the list may be absent.
 *
 * Returns: (transfer full) (element-type RdDeployDetail): what the answer
 *   says per package, or %NULL with @error set
 */
GPtrArray *
rd_parse_deploy_answer (GBytes  *bytes,
                        GError **error)
{
  static const RdJsonPath document_path = RD_JSON_PATH_INIT (NULL, -1);
  g_autoptr(GPtrArray) details = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *list;
  JsonNode *node;

  if ((root = parse_object (bytes, error)) == NULL)
    return NULL;

  details = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_deploy_detail_free);

  node = get_present (json_node_get_object (root), "deploy_package_details");
  if (node == NULL)
    return g_steal_pointer (&details);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      rd_json_set_error (error, &document_path, "deploy_package_details", RD_JSON_EXPECTED_ARRAY);
      return NULL;
    }

  list = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      RdJsonPath path = RD_JSON_PATH_INIT ("deploy_package_details", i);
      g_autoptr(RdDeployDetail) detail = g_new0 (RdDeployDetail, 1);
      JsonNode *element = json_array_get_element (list, i);
      JsonObject *object;
      const char *task_id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          rd_json_set_error (error, &path, NULL, RD_JSON_EXPECTED_OBJECT);
          return NULL;
        }

      object = json_node_get_object (element);
      if (!rd_json_member_int (object, &path, "asy_subtask_num", RD_VALUE_ABSENT,
                               &detail->async_subtask_count, error) ||
          !rd_json_member_string (object, &path, "asy_task_id", &task_id, error) ||
          !read_package_id (object, &path, &detail->package_id, error))
        return NULL;

      detail->async_task_id = g_strdup (task_id);
      g_ptr_array_add (details, g_steal_pointer (&detail));
    }

  return g_steal_pointer (&details);
}

/**
 * rd_parse_any_answer:
 *
 * For the revoke call, whose answer has no documented body: an empty body or
 * any JSON object passes; HTML or broken JSON does not.
 */
gboolean
rd_parse_any_answer (GBytes  *bytes,
                     GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize length;
  gsize i = 0;

  data = g_bytes_get_data (bytes, &length);

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < length && strchr (" \t\r\n", data[i]) != NULL && data[i] != '\0')
    i++;

  /* Only white space: an empty answer, which is fine here. */
  if (i == length)
    return TRUE;

  root = parse_object (bytes, error);

  return root != NULL;
}

/* }}} */

/* {{{ DataArts Factory V1: scripts, jobs and resources */

/**
 * rd_parse_factory_item:
 * @bytes: the body of a ShowScript, ShowJob or ShowResource answer
 * @kind: which of them
 * @version: the version asked for (see rd_factory_item_get_version())
 * @error: return location for a #RD_PARSE_ERROR
 *
 * Calls no main-context API, so it may run in a worker thread.
 *
 * Returns: (transfer full): the item, or %NULL with @error set
 */
RdFactoryItem *
rd_parse_factory_item (GBytes      *bytes,
                       RdTaskType   kind,
                       int          version,
                       GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((root = parse_object (bytes, error)) == NULL)
    return NULL;

  return rd_factory_item_new_from_object (kind, version, root, g_bytes_get_size (bytes), NULL,
                                          error);
}

/**
 * rd_parse_resource_list:
 * @bytes: the body of a ListResources answer
 * @total: (out): the number of matching resources on all pages
 * @error: return location for a #RD_PARSE_ERROR
 *
 * Returns: (transfer container) (element-type RdFactoryItem): the page's resources, or
 *   %NULL with @error set
 */
GPtrArray *
rd_parse_resource_list (GBytes  *bytes,
                        guint   *total,
                        GError **error)
{
  static const RdJsonPath document_path = RD_JSON_PATH_INIT (NULL, -1);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *resources;
  JsonArray *entries;
  guint count;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (total != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((root = parse_object (bytes, error)) == NULL)
    return NULL;

  object = json_node_get_object (root);

  /* An empty page may leave the list out; the count is always there. */
  resources = json_object_get_member (object, "resources");
  if (resources != NULL && !JSON_NODE_HOLDS_NULL (resources) && !JSON_NODE_HOLDS_ARRAY (resources))
    {
      rd_json_set_error (error, &document_path, "resources", RD_JSON_EXPECTED_ARRAY);
      return NULL;
    }

  if (!read_total (object, &count, error))
    return NULL;

  entries = resources != NULL && JSON_NODE_HOLDS_ARRAY (resources) ? json_node_get_array (resources)
                                                                    : NULL;
  items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      RdJsonPath path = RD_JSON_PATH_INIT ("resources", i);
      JsonNode *entry = json_array_get_element (entries, i);
      RdFactoryItem *item;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        {
          rd_json_set_error (error, &path, NULL, RD_JSON_EXPECTED_OBJECT);
          return NULL;
        }

      item = rd_factory_item_new_from_object (RD_TASK_TYPE_RESOURCE, RD_FACTORY_ITEM_NO_VERSION,
                                              entry, 0, &path, error);
      if (item == NULL)
        return NULL;

      g_ptr_array_add (items, item);
    }

  *total = count;

  return g_steal_pointer (&items);
}

/* }}} */
