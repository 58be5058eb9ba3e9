/* rd-export.c: writes a package's document as pretty-printed JSON, atomically. */
#define G_LOG_DOMAIN "rd-export"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "rd-export.h"

G_DEFINE_QUARK (rd-export-error-quark, rd_export_error)

/* A new line and the indent of up to MAX_INDENT levels. */
#define MAX_INDENT 32
static const char new_line[] = "\n"
  "                                                                ";
G_STATIC_ASSERT (sizeof new_line - 2 == 2 * MAX_INDENT);

/* The output, written through a pointer: a GString call per token cost as
 * much as everything else the export does. With a @write function, it is
 * handed over a piece at a time instead of held whole: the export of a big
 * package then needs no memory beyond the answer it already has. */
typedef struct
{
  char              *data;
  gsize              length;
  gsize              allocated;
  RdExportWriteFunc  write;
  gpointer           user_data;
  GError            *error;       /* the write that failed; nothing is written after it */
} Output;

#define PIECE_SIZE (256 * 1024)

static void
output_grow (Output *out,
             gsize   needed)
{
  out->allocated = MAX (out->allocated * 2, out->length + needed + 1);
  out->data = g_realloc (out->data, out->allocated);
}

static void
output_flush (Output *out)
{
  if (out->error == NULL && out->length > 0 &&
      !out->write (out->data, out->length, out->user_data, &out->error))
    g_assert (out->error != NULL);

  out->length = 0;
}

static inline char *
output_reserve (Output *out,
                gsize   n)
{
  if (out->allocated - out->length < n + 1)
    {
      if (out->write != NULL)
        output_flush (out);
      if (out->allocated - out->length < n + 1)
        output_grow (out, n);
    }

  return out->data + out->length;
}

static inline void
output_append (Output     *out,
               const char *text,
               gsize       n)
{
  memcpy (output_reserve (out, n), text, n);
  out->length += n;
}

static inline void
output_append_c (Output *out,
                 char    c)
{
  *output_reserve (out, 1) = c;
  out->length++;
}

static inline void
append_new_line (Output *out,
                 guint   level)
{
  output_append (out, new_line, 1 + 2 * (gsize) MIN (level, MAX_INDENT));
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static inline const char *
skip_spaces (const char *p,
             const char *end)
{
  while (p < end && is_space (*p))
    p++;

  return p;
}

/* Past the closing quote of the string that starts at @p, or @end. */
static inline const char *
skip_string (const char *p,
             const char *end)
{
  p++;

  while (p < end)
    {
      const char *quote = memchr (p, '"', end - p);
      const char *q;

      if (quote == NULL)
        return end;

      /* An odd number of backslashes before it escapes it. */
      for (q = quote; q > p && q[-1] == '\\'; q--)
        ;
      p = quote + 1;
      if ((quote - q) % 2 == 0)
        return p;
    }

  return end;
}

static inline gboolean
ends_scalar (char c)
{
  switch (c)
    {
    case ',': case ':': case ']': case '}': case '[': case '{': case '"':
    case ' ': case '\n': case '\r': case '\t':
      return TRUE;
    default:
      return FALSE;
    }
}

/* Only the white space between tokens changes: strings, with their escapes,
 * and numbers are copied byte for byte, so the export says exactly what the
 * service sent (json-glib would have written 0.1 as 0.10000000000000001 and
 * 1e5 as 100000.0). The layout is json-glib's pretty one, two spaces a level
 * and "name" : value, but with {} for an empty object. Safe on any bytes:
 * nothing is read past the end, whatever the document holds. */
static void
append_pretty (Output     *out,
               const char *data,
               gsize       length)
{
  const char *p = data;
  const char *end = data + length;
  guint level = 0;

  /* The parser takes a byte order mark at the start; the export needs none. */
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end && out->error == NULL)
    {
      const char *q;
      char c = *p;

      switch (c)
        {
        case ' ':
        case '\n':
        case '\r':
        case '\t':
          p++;
          break;

        case '"':
          q = skip_string (p, end);
          output_append (out, p, q - p);
          p = q;
          break;

        case '{':
        case '[':
          q = skip_spaces (p + 1, end);
          if (q < end && *q == (c == '{' ? '}' : ']'))
            {
              output_append (out, c == '{' ? "{}" : "[]", 2);
              p = q + 1;
              break;
            }
          output_append_c (out, c);
          append_new_line (out, ++level);
          p++;
          break;

        case '}':
        case ']':
          if (level > 0)
            level--;
          append_new_line (out, level);
          output_append_c (out, c);
          p++;
          break;

        case ',':
          output_append_c (out, ',');
          append_new_line (out, level);
          p++;
          break;

        case ':':
          output_append (out, " : ", 3);
          p++;
          break;

        default:
          /* A number, true, false or null. */
          for (q = p + 1; q < end && !ends_scalar (*q); q++)
            ;
          output_append (out, p, q - p);
          p = q;
          break;
        }
    }

  output_append_c (out, '\n');
}

GBytes *
rd_export_to_bytes (GBytes *document)
{
  Output out = { NULL, 0, 0, NULL, NULL, NULL };
  const char *data;
  gsize length;

  g_return_val_if_fail (document != NULL, NULL);

  /* The document is the answer as the service sent it, so every member,
   * unknown ones too, goes back out exactly as it came. */
  data = g_bytes_get_data (document, &length);

  /* The indents make a compact answer about a third longer. */
  output_grow (&out, length + length / 2);
  append_pretty (&out, data != NULL ? data : "", length);

  return g_bytes_new_take (out.data, out.length);
}

gboolean
rd_export_write (GBytes             *document,
                 RdExportWriteFunc   write,
                 gpointer            user_data,
                 GError            **error)
{
  Output out = { NULL, 0, 0, write, user_data, NULL };
  const char *data;
  gsize length;

  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (write != NULL, FALSE);

  data = g_bytes_get_data (document, &length);

  output_grow (&out, PIECE_SIZE);
  append_pretty (&out, data != NULL ? data : "", length);
  output_flush (&out);
  g_free (out.data);

  if (out.error != NULL)
    {
      g_propagate_error (error, out.error);
      return FALSE;
    }

  return TRUE;
}

/* A GFileError from errno. The message is the system's alone: the one place
 * it shows, describe_file_error(), must not name the temporary file. */
static void
set_file_error (GError **error,
                int      saved_errno)
{
  g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
}

static gboolean
write_to_fd (const char  *data,
             gsize        length,
             gpointer     user_data,
             GError     **error)
{
  int fd = GPOINTER_TO_INT (user_data);

  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_file_error (error, errno);
          return FALSE;
        }

      data += n;
      length -= (gsize) n;
    }

  return TRUE;
}

static gboolean
remove_temporary_file (const char  *tmp_path,
                       int          saved_errno,
                       GError     **error)
{
  g_unlink (tmp_path);
  set_file_error (error, saved_errno);

  return FALSE;
}

/* Like g_file_set_contents_full (…, G_FILE_SET_CONTENTS_CONSISTENT, 0644, …),
 * but writing the export piece by piece as it is made: a temporary file
 * beside @path, synced when it replaces a file (so that a crash leaves the
 * old one or the new one, never a truncated file), renamed into place. On
 * any failure the temporary file is removed and @path is left as it was. */
static gboolean
write_file (GBytes      *document,
            const char  *path,
            GError     **error)
{
  g_autofree char *tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  gboolean replacing = g_file_test (path, G_FILE_TEST_EXISTS);
  int fd;

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      set_file_error (error, errno);
      return FALSE;
    }

  if (!rd_export_write (document, write_to_fd, GINT_TO_POINTER (fd), error))
    {
      g_close (fd, NULL);
      g_unlink (tmp_path);
      return FALSE;
    }

  if (replacing && fsync (fd) != 0)
    {
      int saved_errno = errno;

      g_close (fd, NULL);
      return remove_temporary_file (tmp_path, saved_errno, error);
    }

  if (!g_close (fd, NULL) || g_rename (tmp_path, path) != 0)
    return remove_temporary_file (tmp_path, errno, error);

  return TRUE;
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
rd_export_to_file (GBytes      *document,
                   const char  *path,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  GStatBuf st;

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

  if (!write_file (document, path, &local_error))
    {
      g_set_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED,
                   _("Could not export to “%s”: %s"), name,
                   describe_file_error (local_error));
      return FALSE;
    }

  return TRUE;
}
