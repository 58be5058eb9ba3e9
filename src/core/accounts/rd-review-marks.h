/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-review-marks.h: which tasks of a release package a release manager has marked as reviewed. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_TYPE_REVIEW_MARKS (rd_review_marks_get_type ())
G_DECLARE_FINAL_TYPE (RdReviewMarks, rd_review_marks, RD, REVIEW_MARKS, GObject)

#define RD_REVIEW_MARKS_ERROR (rd_review_marks_error_quark ())
GQuark rd_review_marks_error_quark (void);

typedef enum
{
  /* The file is not JSON, not the layout written here, or too big: it was moved aside. */
  RD_REVIEW_MARKS_ERROR_INVALID,
  /* A change refused: the file on disk could not be read (nor moved aside), so writing would
   * lose what it holds. */
  RD_REVIEW_MARKS_ERROR_NOT_LOADED,
  /* A key that cannot be stored (text that is not UTF-8, or a part over 1 MiB). */
  RD_REVIEW_MARKS_ERROR_BAD_KEY,
} RdReviewMarksError;

/* The most marks the file keeps: past it, the marks set longest ago are dropped. */
#define RD_REVIEW_MARKS_MAX 20000
/* A bigger file is not read: it is treated as damaged. */
#define RD_REVIEW_MARKS_MAX_FILE_SIZE (8 * 1024 * 1024)

/* One task of one package, as the task list shows it. All strings are the caller's (UTF-8);
 * workspace_id is "" (or NULL) for the default workspace. task_key is the task's pending item
 * id (or name), pending_version its pending version: a mark made on one pending version does
 * not count for another. */
typedef struct
{
  const char *endpoint;
  const char *project_id;
  const char *workspace_id;
  const char *package_id;
  const char *task_key;
  int         pending_version;
} RdReviewKey;

/* A task of the package counted by rd_review_marks_count (). */
typedef struct
{
  const char *task_key;
  int         pending_version;
} RdReviewTaskRef;

/* The file (JSON, {"version": 1, "marks": [...]}, mode 0600) holds identifiers and the time of
 * each mark only, never a token or a secret. At most RD_REVIEW_MARKS_MAX marks are kept; beyond
 * that the oldest ("time", unix seconds) are dropped. One mark per task: marking a task on a new
 * pending version replaces the mark of the old one.
 *
 * Nothing is read until rd_review_marks_load (). */
RdReviewMarks *rd_review_marks_new            (const char             *path);
/* g_get_user_data_dir ()/release-desk/reviewed.json */
RdReviewMarks *rd_review_marks_new_default    (void);
const char    *rd_review_marks_get_path       (RdReviewMarks          *self);

/* (Re)reads the file, replacing the marks held: what another process wrote is seen. A missing
 * file holds no marks. A damaged file (not JSON, a wrong type, bigger than
 * RD_REVIEW_MARKS_MAX_FILE_SIZE) is moved aside as "reviewed.json.broken-DATE" and the marks
 * start empty: RD_REVIEW_MARKS_ERROR_INVALID, naming the new file, for the window to show once.
 * A file that cannot be read (or moved aside) also leaves no marks, and until a load succeeds
 * changes fail with RD_REVIEW_MARKS_ERROR_NOT_LOADED. Emits "changed" with a NULL package. */
gboolean       rd_review_marks_load           (RdReviewMarks          *self,
                                               GError                **error);

/* Whether the task is marked reviewed on exactly key->pending_version. */
gboolean       rd_review_marks_get            (RdReviewMarks          *self,
                                               const RdReviewKey      *key);
/* Marks (or unmarks) the task and saves at once, atomically (a temporary file renamed over the
 * old one, so the file is never partly written). Before writing, marks another process saved
 * since the last load or save are read in ("changed" with a NULL package); a file that cannot
 * be read then fails the change and is left for rd_review_marks_load (). On failure the mark
 * stays as it was, in memory and on disk. Emits "changed" with the package id when the mark
 * changed. */
gboolean       rd_review_marks_set            (RdReviewMarks          *self,
                                               const RdReviewKey      *key,
                                               gboolean                reviewed,
                                               GError                **error);
/* How many of @tasks (@n_tasks of them) of the package are marked reviewed on their pending
 * version: "7 of 12 reviewed". */
guint          rd_review_marks_count          (RdReviewMarks          *self,
                                               const char             *endpoint,
                                               const char             *project_id,
                                               const char             *workspace_id,
                                               const char             *package_id,
                                               const RdReviewTaskRef  *tasks,
                                               guint                   n_tasks);
/* Drops every mark of the package and saves, as rd_review_marks_set () does. */
gboolean       rd_review_marks_forget_package (RdReviewMarks          *self,
                                               const char             *endpoint,
                                               const char             *project_id,
                                               const char             *workspace_id,
                                               const char             *package_id,
                                               GError                **error);

/* Signals:
 *   "changed" (const char *package_id): the marks of that package changed; NULL after a load
 *   or after reading in another process's marks, when any may have. Both windows of the app
 *   share one RdReviewMarks and listen to it. */

G_END_DECLS
