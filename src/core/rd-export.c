/* rd-export.c: writes a package's document as pretty-printed JSON, atomically. */
#define G_LOG_DOMAIN "rd-export"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rd-export.h"

G_DEFINE_QUARK (rd-export-error-quark, rd_export_error)

GBytes *
rd_export_to_bytes (JsonNode *document)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (document != NULL, NULL);

  /* The document is the one the service sent, so every member, unknown
   * ones too, goes back out with the value type it came with. */
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, document);

  text = g_string_new (NULL);
  json_generator_to_gstring (generator, text);
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
