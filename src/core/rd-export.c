/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-export.c: writes a package's document as pretty-printed JSON, or a text as it is,
 * atomically. */
#define G_LOG_DOMAIN "rd-export"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "rd-export.h"
#include "rd-json-check.h"

G_DEFINE_QUARK (rd-export-error-quark, rd_export_error)

/* The pieces handed to a write function: a few hundred KiB, never the whole export. */
#define PIECE_SIZE (256 * 1024)

/* @document as json-glib reads it and its JsonGenerator writes it back, pretty, in UTF-8 and
 * ending in a newline: every member kept, unknown ones too, in the order served, and every
 * value the same JSON value (numbers as json-glib spells them: 0.1 as 0.10000000000000001).
 * The tree is gone before the text is handed over. NULL, with @error set, when the parser
 * would refuse @document. */
static char *
generate (GBytes  *document,
          gsize   *length,
          GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *data;
  gsize size;
  char *text;

  data = g_bytes_get_data (document, &size);

  if (!rd_json_check (data, size, RD_JSON_CHECK_MAX_DEPTH, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    return NULL;

  text = rd_json_generate (json_parser_get_root (parser), TRUE, length);
  g_clear_object (&parser);

  text = g_realloc (text, *length + 2);
  text[(*length)++] = '\n';
  text[*length] = '\0';

  return text;
}

GBytes *
rd_export_to_bytes (GBytes *document)
{
  char *text;
  gsize length;

  g_return_val_if_fail (document != NULL, NULL);

  /* Not an answer the parser took: nothing to export but the newline. */
  if ((text = generate (document, &length, NULL)) == NULL)
    return g_bytes_new_static ("\n", 1);

  return g_bytes_new_take (text, length);
}

gboolean
rd_export_write (GBytes             *document,
                 RdExportWriteFunc   write,
                 gpointer            user_data,
                 GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (write != NULL, FALSE);

  if ((text = generate (document, &length, &local_error)) == NULL)
    {
      g_set_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED,
                   _("The package is not JSON that can be exported: %s"), local_error->message);
      return FALSE;
    }

  for (gsize offset = 0; offset < length; offset += PIECE_SIZE)
    {
      if (!write (text + offset, MIN (PIECE_SIZE, length - offset), user_data, error))
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

/* Where the pieces go, and what stops them. */
typedef struct
{
  int           fd;
  gboolean      stream;        /* a pipe, FIFO or device: wait for it, in pieces it takes whole */
  GCancellable *cancellable;
  GPollFD       cancel_fd;     /* fd -1 without a cancellable */
} Sink;

/* Waits until @sink->fd takes more, or the export is cancelled. */
static gboolean
wait_writable (Sink    *sink,
               GError **error)
{
  GPollFD fds[2] = { { sink->fd, G_IO_OUT, 0 }, sink->cancel_fd };
  int n;

  do
    n = g_poll (fds, sink->cancel_fd.fd >= 0 ? 2 : 1, -1);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      set_file_error (error, errno);
      return FALSE;
    }

  return !g_cancellable_set_error_if_cancelled (sink->cancellable, error);
}

static gboolean
write_to_sink (const char  *data,
               gsize        length,
               gpointer     user_data,
               GError     **error)
{
  Sink *sink = user_data;

  /* Checked between pieces: a signal ends the export here, and the caller
   * removes what it wrote. */
  if (g_cancellable_set_error_if_cancelled (sink->cancellable, error))
    return FALSE;

  while (length > 0)
    {
      gssize n;

      /* A reader that stops reading must not hold a cancelled export: a
       * stream is written only when it is ready, PIPE_BUF bytes at a time,
       * which a ready pipe takes without blocking. */
      if (sink->stream && !wait_writable (sink, error))
        return FALSE;

      n = write (sink->fd, data, sink->stream ? MIN (length, PIPE_BUF) : length);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
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

/* @document's own bytes, in the same pieces: a patch, not JSON. */
static gboolean
write_as_is (GBytes             *text,
             RdExportWriteFunc   write,
             gpointer            user_data,
             GError            **error)
{
  gsize length;
  const char *data = g_bytes_get_data (text, &length);

  for (gsize offset = 0; offset < length; offset += PIECE_SIZE)
    {
      if (!write (data + offset, MIN (PIECE_SIZE, length - offset), user_data, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_to_fd (GBytes        *document,
             gboolean       as_is,
             int            fd,
             gboolean       stream,
             GCancellable  *cancellable,
             GError       **error)
{
  Sink sink = { fd, stream, cancellable, { -1, G_IO_IN, 0 } };
  gboolean ok;

  if (cancellable == NULL || !g_cancellable_make_pollfd (cancellable, &sink.cancel_fd))
    sink.cancel_fd.fd = -1;

  if (as_is)
    ok = write_as_is (document, write_to_sink, &sink, error);
  else
    ok = rd_export_write (document, write_to_sink, &sink, error);

  if (sink.cancel_fd.fd >= 0)
    g_cancellable_release_fd (cancellable);

  return ok;
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

/* So that the rename survives a crash too; a folder that cannot be synced
 * (some file systems say EINVAL) has the file all the same. */
static void
sync_folder (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      g_close (fd, NULL);
    }
}

/* Like g_file_set_contents_full (…, G_FILE_SET_CONTENTS_CONSISTENT, …), but
 * writing the export piece by piece as it is made: a temporary file beside
 * @path, synced, renamed into place, then the folder synced. The temporary
 * name is short, so that any name the folder takes works. An existing file
 * (@old, or NULL) keeps its permission bits and, where allowed, its owner;
 * a new one gets 0644 minus the umask. On any failure or cancellation the
 * temporary file is removed and @path is left as it was. */
static gboolean
write_file (GBytes          *document,
            gboolean         as_is,
            const char      *path,
            const GStatBuf  *old,
            GCancellable    *cancellable,
            GError         **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp_path = g_build_filename (dir, ".rd-export-XXXXXX", NULL);
  int fd;

  /* Private until it has the old file's mode: the export may be a secret. */
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, old != NULL ? 0600 : 0644);
  if (fd < 0)
    {
      set_file_error (error, errno);
      return FALSE;
    }

  if (!write_to_fd (document, as_is, fd, FALSE, cancellable, error))
    {
      g_close (fd, NULL);
      g_unlink (tmp_path);
      return FALSE;
    }

  if (old != NULL)
    {
      /* Root may hand the file back to its owner; nobody else can, and the
       * file then belongs to whoever wrote it, as an editor's save does. */
      if ((old->st_uid != geteuid () || old->st_gid != getegid ()) &&
          fchown (fd, old->st_uid, old->st_gid) != 0)
        g_debug ("The export stays the writer’s: %s", g_strerror (errno));

      if (fchmod (fd, old->st_mode & 07777) != 0)
        {
          int saved_errno = errno;

          g_close (fd, NULL);
          return remove_temporary_file (tmp_path, saved_errno, error);
        }
    }

  if (fsync (fd) != 0)
    {
      int saved_errno = errno;

      g_close (fd, NULL);
      return remove_temporary_file (tmp_path, saved_errno, error);
    }

  if (!g_close (fd, NULL))
    return remove_temporary_file (tmp_path, errno, error);

  /* The last moment a signal can still leave the old file as it was. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  if (g_rename (tmp_path, path) != 0)
    return remove_temporary_file (tmp_path, errno, error);

  sync_folder (dir);

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
        case G_FILE_ERROR_PIPE:
          return _("the program reading it has stopped");
        case G_FILE_ERROR_NXIO:
          return _("no program is reading from it");
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

/* The descriptor that /dev/stdout, /dev/stderr, /dev/stdin, /dev/fd/N or
 * /proc/self/fd/N names in this process, or -1 for any other path. */
static int
standard_stream_fd (const char *path)
{
  static const char * const prefixes[] = { "/dev/fd/", "/proc/self/fd/" };
  g_autofree char *own_prefix = g_strdup_printf ("/proc/%d/fd/", (int) getpid ());
  const char *number = NULL;
  guint64 fd;

  if (g_str_equal (path, "/dev/stdin"))
    return STDIN_FILENO;
  if (g_str_equal (path, "/dev/stdout"))
    return STDOUT_FILENO;
  if (g_str_equal (path, "/dev/stderr"))
    return STDERR_FILENO;

  for (guint i = 0; i < G_N_ELEMENTS (prefixes) && number == NULL; i++)
    if (g_str_has_prefix (path, prefixes[i]))
      number = path + strlen (prefixes[i]);
  if (number == NULL && g_str_has_prefix (path, own_prefix))
    number = path + strlen (own_prefix);

  if (number == NULL || !g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT, &fd, NULL))
    return -1;

  return (int) fd;
}

/* Writes to a descriptor this process already has, as `> /dev/stdout` in a
 * shell would: where it stands, neither truncated nor closed. */
static gboolean
write_standard_stream (GBytes        *document,
                       gboolean       as_is,
                       int            fd,
                       GCancellable  *cancellable,
                       GError       **error)
{
  int flags = fcntl (fd, F_GETFL);
  GStatBuf st;

  if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY || fstat (fd, &st) != 0)
    {
      set_file_error (error, EBADF);
      return FALSE;
    }

  return write_to_fd (document, as_is, fd, !S_ISREG (st.st_mode), cancellable, error);
}

/* Whether @cancellable is cancelled within @timeout_ms. */
static gboolean
wait_cancelled (GCancellable *cancellable,
                int           timeout_ms)
{
  GPollFD pollfd;

  if (cancellable == NULL || !g_cancellable_make_pollfd (cancellable, &pollfd))
    {
      g_usleep (timeout_ms * 1000);
      return FALSE;
    }

  g_poll (&pollfd, 1, timeout_ms);
  g_cancellable_release_fd (cancellable);

  return g_cancellable_is_cancelled (cancellable);
}

/* A FIFO or a character device (a terminal, /dev/null): opened, never
 * created, truncated or replaced. A FIFO nobody reads yet is waited for,
 * in a way a cancellation can end. */
static gboolean
write_device (GBytes        *document,
              gboolean       as_is,
              const char    *path,
              GCancellable  *cancellable,
              GError       **error)
{
  GStatBuf st;
  gboolean ok;
  int fd;

  for (;;)
    {
      fd = g_open (path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
      if (fd >= 0 || errno != ENXIO)
        break;

      /* No reader on the FIFO yet: look again soon, or at once when cancelled. */
      if (!wait_cancelled (cancellable, 20))
        continue;
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }

  if (fd < 0)
    {
      set_file_error (error, errno);
      return FALSE;
    }

  /* The path may have changed since it was looked at. */
  if (fstat (fd, &st) != 0 || !(S_ISFIFO (st.st_mode) || S_ISCHR (st.st_mode)))
    {
      g_close (fd, NULL);
      set_file_error (error, EINVAL);
      return FALSE;
    }

  ok = write_to_fd (document, as_is, fd, TRUE, cancellable, error);
  if (!g_close (fd, ok ? error : NULL))
    ok = FALSE;

  return ok;
}

static gboolean
fail (GError     **error,
      const char  *name,
      const char  *reason)
{
  g_set_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED,
               _("Could not export to “%s”: %s"), name, reason);
  return FALSE;
}

static gboolean
export_to_file (GBytes        *document,
                gboolean       as_is,
                const char    *path,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  GStatBuf lst;
  GStatBuf st;
  gboolean exists;
  gboolean ok;
  int fd;

  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  name = display_name (path);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* `--export=/dev/stdout` and `--export=>(jq .)` ask for a stream. */
  fd = standard_stream_fd (path);
  if (fd >= 0)
    {
      if (write_standard_stream (document, as_is, fd, cancellable, &local_error))
        return TRUE;
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_BADF))
        return fail (error, name, _("this program has no such stream open for writing"));
      return fail (error, name, describe_file_error (local_error));
    }

  /* A symbolic link stays one: what it points to is the file written. */
  target = g_strdup (path);
  if (g_lstat (path, &lst) == 0 && S_ISLNK (lst.st_mode))
    {
      char *resolved = realpath (path, NULL);

      if (resolved == NULL && errno == ENOENT)
        {
          /* A link to a file that is not there yet: the file it names is made. */
          g_autofree char *link = g_file_read_link (path, NULL);

          if (link != NULL && !g_path_is_absolute (link))
            {
              g_autofree char *link_dir = g_path_get_dirname (path);

              resolved = g_canonicalize_filename (link, link_dir);
            }
          else if (link != NULL)
            resolved = g_canonicalize_filename (link, NULL);
        }

      if (resolved == NULL)
        return fail (error, name, _("it is a link that leads nowhere"));

      g_free (target);
      target = resolved;
    }

  dir = g_path_get_dirname (target);
  exists = g_stat (target, &st) == 0;

  if (!exists && !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *dir_name = display_name (dir);

      g_set_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED,
                   _("Could not export to “%s”: the folder “%s” does not exist"),
                   name, dir_name);
      return FALSE;
    }

  if (exists && S_ISDIR (st.st_mode))
    return fail (error, name, _("it is a folder"));

  if (exists && (S_ISFIFO (st.st_mode) || S_ISCHR (st.st_mode)))
    ok = write_device (document, as_is, target, cancellable, &local_error);
  else if (exists && S_ISSOCK (st.st_mode))
    return fail (error, name, _("it is a socket, not a file"));
  else if (exists && S_ISBLK (st.st_mode))
    return fail (error, name, _("it is a disk device, not a file"));
  else if (exists && !S_ISREG (st.st_mode))
    return fail (error, name, _("it is not a regular file"));
  else
    {
      /* The rename below would replace a read-only file as long as its folder is
       * writable; a read-only file is the user saying "keep this", so keep it.
       * The mode bits are checked too because access() always says yes to root. */
      if (exists && (g_access (target, W_OK) != 0 || (st.st_mode & 0222) == 0))
        return fail (error, name, _("the file is read-only"));

      ok = write_file (document, as_is, target, exists ? &st : NULL, cancellable, &local_error);
    }

  if (!ok)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return fail (error, name, describe_file_error (local_error));
    }

  return TRUE;
}

gboolean
rd_export_to_file_full (GBytes        *document,
                        const char    *path,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return export_to_file (document, FALSE, path, cancellable, error);
}

gboolean
rd_export_text_to_file_full (GBytes        *text,
                             const char    *path,
                             GCancellable  *cancellable,
                             GError       **error)
{
  return export_to_file (text, TRUE, path, cancellable, error);
}

gboolean
rd_export_to_file (GBytes      *document,
                   const char  *path,
                   GError     **error)
{
  return rd_export_to_file_full (document, path, NULL, error);
}

typedef struct
{
  GBytes   *document;
  gboolean  as_is;
  char     *path;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_bytes_unref (data->document);
  g_free (data->path);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;

  if (export_to_file (data->document, data->as_is, data->path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_async (GBytes              *document,
              gboolean             as_is,
              const char          *path,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (document != NULL);
  g_return_if_fail (path != NULL);

  data = g_new0 (ExportData, 1);
  data->document = g_bytes_ref (document);
  data->as_is = as_is;
  data->path = g_strdup (path);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_export_to_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  /* The thread cleans up after a cancellation: no early "cancelled" answer. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, export_thread);
}

void
rd_export_to_file_async (GBytes              *document,
                         const char          *path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  export_async (document, FALSE, path, cancellable, callback, user_data);
}

void
rd_export_text_to_file_async (GBytes              *text,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  export_async (text, TRUE, path, cancellable, callback, user_data);
}

gboolean
rd_export_to_file_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_export_to_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
