/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-export.h: writes a package's document as pretty-printed JSON, or a text as it is,
 * atomically. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_EXPORT_ERROR (rd_export_error_quark ())

typedef enum
{
  RD_EXPORT_ERROR_FAILED,
} RdExportError;

GQuark   rd_export_error_quark (void);

/* @document (an answer the parser accepted, see rd_release_package_get_document())
 * as json-glib's JsonGenerator writes it: pretty, UTF-8, every member as received (unknown
 * ones too, in their order), each value the same JSON value, ending in a newline. Bytes the
 * parser would refuse give a lone newline. */
GBytes  *rd_export_to_bytes    (GBytes       *document);

/* Hands the pretty-printed text of @document to @write a piece at a time
 * (a few hundred KiB at most), and stops at the first failing write, whose
 * error it passes on; bytes the parser would refuse are RD_EXPORT_ERROR_FAILED. */
typedef gboolean (*RdExportWriteFunc) (const char  *data,
                                       gsize        length,
                                       gpointer     user_data,
                                       GError     **error);

gboolean rd_export_write       (GBytes             *document,
                                RdExportWriteFunc   write,
                                gpointer            user_data,
                                GError            **error);

/* A regular file, or a missing one, is written to a temporary file in its
 * folder and renamed over @path (after a symbolic link, over the file it
 * points to; an existing file keeps its permission bits); on failure or
 * cancellation @path is untouched and no temporary file is left. A FIFO, a
 * character device, /dev/stdout, /dev/fd/N or /proc/self/fd/N is written to
 * as a stream. A folder, a socket or a block device is refused. */
gboolean rd_export_to_file     (GBytes       *document,
                                const char   *path,
                                GError      **error);

/* As rd_export_to_file(); a cancellation (checked between pieces, and while
 * a stream is waited for) ends with G_IO_ERROR_CANCELLED. */
gboolean rd_export_to_file_full   (GBytes              *document,
                                   const char          *path,
                                   GCancellable        *cancellable,
                                   GError             **error);

/* rd_export_to_file_full() in a worker thread. */
void     rd_export_to_file_async  (GBytes              *document,
                                   const char          *path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean rd_export_to_file_finish (GAsyncResult        *result,
                                   GError             **error);

/* The same for @text written as it is (a patch: no JSON, nothing reformatted), with the same
 * care: atomic for a file, a stream for standard output or a FIFO. Finished with
 * rd_export_to_file_finish(). */
gboolean rd_export_text_to_file_full  (GBytes              *text,
                                       const char          *path,
                                       GCancellable        *cancellable,
                                       GError             **error);
void     rd_export_text_to_file_async (GBytes              *text,
                                       const char          *path,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);

G_END_DECLS
