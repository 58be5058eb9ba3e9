/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-factory-item.c: a script or job at one version, or a resource, as DataArts Factory's V1 API
 * gives it: what a review diffs. */
#define G_LOG_DOMAIN "rd-factory-item"

#include "config.h"

#include "rd-factory-item.h"

#include <string.h>

#include "rd-models-private.h"

struct _RdFactoryItem
{
  GObject     parent_instance;

  RdTaskType  kind;
  int         version;
  char       *name;
  char       *id;
  char       *language;
  char       *text;
  gsize       text_length;
  GStrv       setting_names;
  GStrv       setting_values;
  JsonNode   *document;
  gsize       size;
};

G_DEFINE_FINAL_TYPE (RdFactoryItem, rd_factory_item, G_TYPE_OBJECT)

static void
rd_factory_item_finalize (GObject *object)
{
  RdFactoryItem *self = (RdFactoryItem *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->setting_names, g_strfreev);
  g_clear_pointer (&self->setting_values, g_strfreev);
  g_clear_pointer (&self->document, json_node_unref);

  G_OBJECT_CLASS (rd_factory_item_parent_class)->finalize (object);
}

static void
rd_factory_item_class_init (RdFactoryItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_factory_item_finalize;
}

static void
rd_factory_item_init (RdFactoryItem *self)
{
}

/* {{{ Reading an answer */

/* The settings compared besides a script's text (versions.md §8), and a resource's metadata
 * (§4), in the order a reviewer reads them. */
static const char * const script_settings[] = {
  "type", "connectionName", "database", "queueName", "configuration", "directory",
  "description", NULL
};
static const char * const resource_settings[] = {
  "type", "location", "dependFiles", "dependPackages", "desc", "directory", NULL
};

/* A scalar as text: a string as it is, a number or boolean as JSON writes it. */
static char *
dup_scalar (JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");

  return json_to_string (node, FALSE);
}

static char *
dup_value (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    return dup_scalar (node);
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");

  return json_to_string (node, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* A map as sorted "key=value" lines, so that two versions compare whatever order the service
 * wrote them in. */
static char *
dup_map (JsonObject *map)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init (&iter, map);
  while (json_object_iter_next (&iter, &key, &value))
    {
      g_autofree char *text = dup_value (value);

      g_ptr_array_add (lines, g_strconcat (key, "=", text, NULL));
    }

  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("\n", (char **)lines->pdata);
}

/* A list one item a line. */
static char *
dup_list (JsonArray *array)
{
  GString *text = g_string_new (NULL);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item = dup_value (json_array_get_element (array, i));

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, item);
    }

  return g_string_free (text, FALSE);
}

static gboolean
read_settings (RdFactoryItem      *self,
               JsonObject         *object,
               const RdJsonPath   *path,
               const char * const *names,
               GError            **error)
{
  g_autoptr(GStrvBuilder) name_builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) value_builder = g_strv_builder_new ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (object, names[i]);
      g_autofree char *value = NULL;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;

      if (JSON_NODE_HOLDS_OBJECT (node))
        value = dup_map (json_node_get_object (node));
      else if (JSON_NODE_HOLDS_ARRAY (node))
        value = dup_list (json_node_get_array (node));
      else
        value = dup_scalar (node);

      /* configuration is a map, the lists are lists; a scalar there is not the API. */
      if ((g_str_equal (names[i], "configuration") && !JSON_NODE_HOLDS_OBJECT (node)))
        return rd_json_set_error (error, path, names[i], RD_JSON_EXPECTED_OBJECT);
      if ((g_str_equal (names[i], "dependFiles") || g_str_equal (names[i], "dependPackages")) &&
          !JSON_NODE_HOLDS_ARRAY (node))
        return rd_json_set_error (error, path, names[i], RD_JSON_EXPECTED_ARRAY);

      g_strv_builder_add (name_builder, names[i]);
      g_strv_builder_add (value_builder, value);
      self->size += strlen (names[i]) + strlen (value) + 2;
    }

  self->setting_names = g_strv_builder_end (name_builder);
  self->setting_values = g_strv_builder_end (value_builder);

  return TRUE;
}

/* The name and the ID; the ID is a number for jobs and a string for the others. */
static gboolean
read_identity (RdFactoryItem    *self,
               JsonObject       *object,
               const RdJsonPath *path,
               GError          **error)
{
  const char *name = NULL;
  JsonNode *id;

  if (!rd_json_member_string (object, path, "name", &name, error))
    return FALSE;

  id = json_object_get_member (object, "id");
  if (id != NULL && !JSON_NODE_HOLDS_NULL (id))
    {
      GType type = JSON_NODE_HOLDS_VALUE (id) ? json_node_get_value_type (id) : G_TYPE_INVALID;

      if (type != G_TYPE_STRING && type != G_TYPE_INT64)
        return rd_json_set_error (error, path, "id", RD_JSON_EXPECTED_STRING);
      self->id = dup_scalar (id);
    }

  self->name = g_strdup (name);

  return TRUE;
}

/**
 * rd_factory_item_new_from_object:
 * @kind: what was asked for
 * @version: the version asked for (see rd_factory_item_get_version())
 * @root: the answer, an object node, which a job keeps
 * @answer_size: the answer's length in bytes
 * @path: (nullable): where @root sits in the answer, for messages; %NULL for the answer itself
 * @error: return location for a #RD_PARSE_ERROR
 *
 * Reads a ShowScript, ShowJob or ShowResource answer strictly: every member it reads, when
 * present and not null, has the API's type. Calls no main-context API.
 *
 * Returns: (transfer full) (nullable): the item
 */
RdFactoryItem *
rd_factory_item_new_from_object (RdTaskType        kind,
                                 int               version,
                                 JsonNode         *root,
                                 gsize             answer_size,
                                 const RdJsonPath *path,
                                 GError          **error)
{
  static const RdJsonPath document_path = RD_JSON_PATH_INIT (NULL, -1);
  g_autoptr(RdFactoryItem) self = NULL;
  JsonObject *object;
  const char *text = NULL;
  const char *type = NULL;

  g_return_val_if_fail (root != NULL && JSON_NODE_HOLDS_OBJECT (root), NULL);

  if (path == NULL)
    path = &document_path;

  object = json_node_get_object (root);
  self = g_object_new (RD_TYPE_FACTORY_ITEM, NULL);
  self->kind = kind;
  self->version = version;

  if (!read_identity (self, object, path, error))
    return NULL;

  switch (kind)
    {
    case RD_TASK_TYPE_SCRIPT:
      if (!rd_json_member_string (object, path, "content", &text, error) ||
          !rd_json_member_string (object, path, "type", &type, error) ||
          !read_settings (self, object, path, script_settings, error))
        return NULL;
      self->text = g_strdup (text != NULL ? text : "");
      self->text_length = strlen (self->text);
      self->language = g_strdup (type);
      break;

    case RD_TASK_TYPE_JOB:
      {
        JsonNode *nodes = json_object_get_member (object, "nodes");

        if (nodes != NULL && !JSON_NODE_HOLDS_NULL (nodes) && !JSON_NODE_HOLDS_ARRAY (nodes))
          {
            rd_json_set_error (error, path, "nodes", RD_JSON_EXPECTED_ARRAY);
            return NULL;
          }
        self->language = g_strdup ("json");
        self->document = json_node_ref (root);
        /* json-glib's tree takes a few times the text it was read from. */
        self->size += 4 * answer_size;
        self->setting_names = g_new0 (char *, 1);
        self->setting_values = g_new0 (char *, 1);
      }
      break;

    case RD_TASK_TYPE_RESOURCE:
      if (!rd_json_member_string (object, path, "type", &type, error) ||
          !read_settings (self, object, path, resource_settings, error))
        return NULL;
      self->language = g_strdup (type);
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  self->size += sizeof *self + self->text_length + (self->name ? strlen (self->name) : 0);

  return g_steal_pointer (&self);
}

/* }}} */

RdTaskType
rd_factory_item_get_kind (RdFactoryItem *self)
{
  g_return_val_if_fail (RD_IS_FACTORY_ITEM (self), 0);

  return self->kind;
}

int
rd_factory_item_get_version (RdFactoryItem *self)
{
  g_return_val_if_fail (RD_IS_FACTORY_ITEM (self), RD_FACTORY_ITEM_NO_VERSION);

  return self->version;
}

void
rd_factory_item_set_version (RdFactoryItem *self,
                             int            version)
{
  g_return_if_fail (RD_IS_FACTORY_ITEM (self));

  self->version = version;
}

const char *
rd_factory_item_get_name (RdFactoryItem *self)
{
  g_return_val_if_fail (RD_IS_FACTORY_ITEM (self), NULL);

  return self->name;
}

const char *
rd_factory_item_get_id (RdFactoryItem *self)
{
  g_return_val_if_fail (RD_IS_FACTORY_ITEM (self), NULL);

  return self->id;
}

const char *
rd_factory_item_get_language (RdFactoryItem *self)
{
  g_return_val_if_fail (RD_IS_FACTORY_ITEM (self), NULL);

  return self->language;
}

const char *
rd_factory_item_get_text (RdFactoryItem *self,
                          gsize         *length)
{
  g_return_val_if_fail (RD_IS_FACTORY_ITEM (self), NULL);

  if (length != NULL)
    *length = self->text_length;

  return self->text;
}

const char * const *
rd_factory_item_get_setting_names (RdFactoryItem *self)
{
  g_return_val_if_fail (RD_IS_FACTORY_ITEM (self), NULL);

  return (const char * const *)self->setting_names;
}

const char * const *
rd_factory_item_get_setting_values (RdFactoryItem *self)
{
  g_return_val_if_fail (RD_IS_FACTORY_ITEM (self), NULL);

  return (const char * const *)self->setting_values;
}

const char *
rd_factory_item_lookup_setting (RdFactoryItem *self,
                                const char    *name)
{
  g_return_val_if_fail (RD_IS_FACTORY_ITEM (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; self->setting_names[i] != NULL; i++)
    if (g_str_equal (self->setting_names[i], name))
      return self->setting_values[i];

  return NULL;
}

JsonNode *
rd_factory_item_get_document (RdFactoryItem *self)
{
  g_return_val_if_fail (RD_IS_FACTORY_ITEM (self), NULL);

  return self->document;
}

gsize
rd_factory_item_get_size (RdFactoryItem *self)
{
  g_return_val_if_fail (RD_IS_FACTORY_ITEM (self), 0);

  return self->size;
}
