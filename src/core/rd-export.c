/* rd-export.c: writes a package's document as pretty-printed JSON, atomically. */
#define G_LOG_DOMAIN "rd-export"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rd-export.h"

G_DEFINE_QUARK (rd-export-error-quark, rd_export_error)

/* {{{ The writer
 *
 * json-glib 1.6's generator writes a double without a '.' followed by ".0",
 * so that it reads back as a double: 1e22 becomes "1e+22.0", which is not
 * JSON, and an answer holding such a number exported to a file no parser
 * takes. This writer lays the document out exactly as json-glib's pretty
 * mode does (indent 2, " : ", "{    }" for an empty object two levels
 * deep), but writes a
 * double with an exponent as it is. */

static void
append_indent (GString *out,
               guint    level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');

  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }

  g_string_append_c (out, '"');
}

static void
append_double (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* The shortest text that reads back as the same double, "%.17g" like
   * json-glib; ".0" only where neither a fraction nor an exponent says
   * "double" already. The parser lets no infinity or NaN through. */
  g_ascii_dtostr (buffer, sizeof buffer, value);
  g_string_append (out, buffer);
  if (strpbrk (buffer, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
append_node (GString  *out,
             JsonNode *node,
             guint     level)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        /* In the order of the answer (JsonObjectIter has no order in 1.6). */
        g_autoptr(GList) names = json_object_get_members (object);

        /* json-glib writes an empty object with its level's indent inside. */
        if (names == NULL)
          {
            g_string_append_c (out, '{');
            append_indent (out, level);
            g_string_append_c (out, '}');
            break;
          }

        g_string_append (out, "{\n");
        for (GList *l = names; l != NULL; l = l->next)
          {
            append_indent (out, level + 1);
            append_string (out, l->data);
            g_string_append (out, " : ");
            append_node (out, json_object_get_member (object, l->data), level + 1);
            g_string_append (out, l->next != NULL ? ",\n" : "\n");
          }
        append_indent (out, level);
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);

        if (length == 0)
          {
            g_string_append (out, "[]");
            break;
          }

        g_string_append (out, "[\n");
        for (guint i = 0; i < length; i++)
          {
            append_indent (out, level + 1);
            append_node (out, json_array_get_element (array, i), level + 1);
            g_string_append (out, i + 1 < length ? ",\n" : "\n");
          }
        append_indent (out, level);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          append_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          append_string (out, json_node_get_string (node));
          break;
        default:
          g_assert_not_reached ();
        }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    default:
      g_assert_not_reached ();
    }
}

/* }}} */

GBytes *
rd_export_to_bytes (JsonNode *document)
{
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (document != NULL, NULL);

  /* The document is the one the service sent, so every member, unknown
   * ones too, goes back out with the value type it came with. */
  text = g_string_new (NULL);
  append_node (text, document, 0);
  g_string_append_c (text, '\n');

  return g_string_free_to_bytes (g_steal_pointer (&text));
}

/* GLib's own message names the temporary file, which means nothing to the user. */
static const char *
describe_file_error (const GError *error)
{
  if (error->domain == G_FILE_ERROR)
    {
      switch ((GFileError) error->code)
        {
        case G_FILE_ERROR_ACCES:
        case G_FILE_ERROR_PERM:
          return _("you do not have permission to write there");
        case G_FILE_ERROR_ROFS:
          return _("the disk is read-only");
        case G_FILE_ERROR_NOSPC:
          return _("the disk is full");
        case G_FILE_ERROR_NOENT:
        case G_FILE_ERROR_NOTDIR:
          return _("the folder no longer exists");
        case G_FILE_ERROR_NAMETOOLONG:
          return _("the file name is too long");
        default:
          break;
        }

      /* GFileError has no code for EFBIG (a file size limit, or a disk whose format
       * cannot hold the file): GLib says FAILED, with strerror's words in the message. */
      if (error->code == G_FILE_ERROR_FAILED && strstr (error->message, g_strerror (EFBIG)) != NULL)
        return _("the disk is full or does not allow a file this large");
    }

  return error->message;
}

static char *
display_name (const char *path)
{
  return g_filename_display_name (path);
}

gboolean
rd_export_to_file (JsonNode    *document,
                   const char  *path,
                   GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  GStatBuf st;
  gsize size;
  const char *data;

  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  name = display_name (path);
  dir = g_path_get_dirname (path);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *dir_name = display_name (dir);

      g_set_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED,
                   _("Could not export to “%s”: the folder “%s” does not exist"),
                   name, dir_name);
      return FALSE;
    }

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED,
                   _("Could not export to “%s”: it is a folder"), name);
      return FALSE;
    }

  /* The rename below would replace a read-only file as long as its folder is
   * writable; a read-only file is the user saying "keep this", so keep it.
   * The mode bits are checked too because access() always says yes to root. */
  if (g_stat (path, &st) == 0 && (g_access (path, W_OK) != 0 || (st.st_mode & 0222) == 0))
    {
      g_set_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED,
                   _("Could not export to “%s”: the file is read-only"), name);
      return FALSE;
    }

  bytes = rd_export_to_bytes (document);
  data = g_bytes_get_data (bytes, &size);

  /* Writes a temporary file beside @path, syncs it and renames it into
   * place; on any failure the temporary file is removed and @path is left
   * as it was. */
  if (!g_file_set_contents_full (path, data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT,
                                 0644, &local_error))
    {
      g_set_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED,
                   _("Could not export to “%s”: %s"), name,
                   describe_file_error (local_error));
      return FALSE;
    }

  return TRUE;
}
