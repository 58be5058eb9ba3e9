/* rd-export.h: writes a package's document as pretty-printed JSON, atomically. */
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
 * pretty-printed: every member as received, strings and numbers byte for byte,
 * UTF-8, ending in a newline. */
GBytes  *rd_export_to_bytes    (GBytes       *document);

/* Hands the pretty-printed text of @document to @write a piece at a time
 * (a few hundred KiB at most), and stops at the first failing write, whose
 * error it passes on. */
typedef gboolean (*RdExportWriteFunc) (const char  *data,
                                       gsize        length,
                                       gpointer     user_data,
                                       GError     **error);

gboolean rd_export_write       (GBytes             *document,
                                RdExportWriteFunc   write,
                                gpointer            user_data,
                                GError            **error);

/* Writes to a temporary file in @path's folder and renames it over @path; on
 * failure @path is untouched and no temporary file is left. */
gboolean rd_export_to_file     (GBytes       *document,
                                const char   *path,
                                GError      **error);

G_END_DECLS
