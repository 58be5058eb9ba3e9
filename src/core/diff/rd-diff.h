/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-diff.h: the line diff of two versions of a text (libgit2's git_patch_from_buffers), as
 * hunks and lines for the review pane and as unified diff text for "Copy Change". */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_DIFF_ERROR (rd_diff_error_quark ())

typedef enum
{
  /* A side is not UTF-8 text (a binary file, or bytes in another encoding). */
  RD_DIFF_ERROR_NOT_TEXT,
  /* libgit2 failed; the message carries its own. */
  RD_DIFF_ERROR_FAILED,
} RdDiffError;

GQuark rd_diff_error_quark (void);

/* The default is the patience algorithm (git diff --patience), which keeps a script's
 * reordered blocks readable; the two algorithm flags choose another one. */
typedef enum /*< flags >*/
{
  RD_DIFF_NONE              = 0,
  /* Lines equal but for white space (spaces, tabs, a '\r' before the newline) are equal. */
  RD_DIFF_IGNORE_WHITESPACE = 1 << 0,
  /* Git's default (Myers) algorithm: faster than patience, sometimes a less natural result. */
  RD_DIFF_ALGORITHM_MYERS   = 1 << 1,
  /* Myers, spending extra time to find the smallest diff. */
  RD_DIFF_ALGORITHM_MINIMAL = 1 << 2,
} RdDiffFlags;

typedef enum
{
  RD_DIFF_LINE_CONTEXT,
  RD_DIFF_LINE_ADDED,
  RD_DIFF_LINE_REMOVED,
} RdDiffLineOrigin;

/* One line of a hunk. Owned by its RdDiff and valid as long as it; read-only. */
typedef struct
{
  RdDiffLineOrigin origin;
  int              old_lineno;   /* 1-based; -1 on an added line */
  int              new_lineno;   /* 1-based; -1 on a removed line */
  /* Without its "\n" or "\r\n"; valid UTF-8. A context line shows the new version's text
   * (with RD_DIFF_IGNORE_WHITESPACE the two may differ in white space), as git does. */
  const char      *content;
  guint            content_len;  /* in bytes */
  guint            no_newline : 1;  /* the last line of its side, with no newline after it */
  guint            crlf : 1;        /* ended with "\r\n" */
  /*< private >*/
  guint            has_range : 1;
  guint            changed_start;
  guint            changed_end;
} RdDiffLine;

/* One hunk: a run of changes with up to three lines of context either side, as in git. */
typedef struct
{
  int         old_start;    /* 1-based; 0 when the hunk covers no old line */
  int         old_lines;
  int         new_start;
  int         new_lines;
  const char *header;       /* "@@ -1,3 +1,4 @@", with git's function context if any */
  guint       first_line;   /* index of its first line, for rd_diff_get_line () */
  guint       n_lines;
} RdDiffHunk;

#define RD_TYPE_DIFF (rd_diff_get_type ())

G_DECLARE_FINAL_TYPE (RdDiff, rd_diff, RD, DIFF, GObject)

/* @old_text, @new_text: NULL when that side does not exist (an added or a deleted script);
 * texts end at their first NUL and must be UTF-8, else RD_DIFF_ERROR_NOT_TEXT: the review
 * pane shows text, and what the API sends is JSON strings, so anything else is refused rather
 * than shown garbled. Other bytes, control characters included, are diffed as text. */
RdDiff           *rd_diff_new               (const char           *old_text,
                                             const char           *new_text,
                                             RdDiffFlags           flags,
                                             GError              **error);
/* The same in a worker thread, for large texts. The texts are copied. On cancellation the
 * callback comes at once with G_IO_ERROR_CANCELLED; the thread's result is dropped. */
void              rd_diff_new_async         (const char           *old_text,
                                             const char           *new_text,
                                             RdDiffFlags           flags,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
RdDiff           *rd_diff_new_finish        (GAsyncResult         *result,
                                             GError              **error);

RdDiffFlags       rd_diff_get_flags         (RdDiff               *self);
gboolean          rd_diff_has_old           (RdDiff               *self);
gboolean          rd_diff_has_new           (RdDiff               *self);
/* The "+12 −3" of a change. */
guint             rd_diff_get_n_added       (RdDiff               *self);
guint             rd_diff_get_n_removed     (RdDiff               *self);

/* 0 when the texts are equal (or equal but for white space, with RD_DIFF_IGNORE_WHITESPACE). */
guint             rd_diff_get_n_hunks       (RdDiff               *self);
const RdDiffHunk *rd_diff_get_hunk          (RdDiff               *self,
                                             guint                 index);
/* All the hunks' lines in order; a hunk's are first_line … first_line + n_lines - 1. */
guint             rd_diff_get_n_lines       (RdDiff               *self);
const RdDiffLine *rd_diff_get_line          (RdDiff               *self,
                                             guint                 index);

/* For a removed line paired with an added line (the i-th '-' and the i-th '+' of one run of
 * removed lines followed by added lines), the byte range [start, end) of @line's content that
 * differs from its partner, once their common start and end are set aside; on UTF-8 character
 * boundaries. FALSE on a context line and on an unpaired line. start == end when the line only
 * lost (or gained) text at that place. */
gboolean          rd_diff_line_get_changed_range (const RdDiffLine *line,
                                                  guint            *start,
                                                  guint            *end);

/* The change as a git-style unified diff: "--- a/LABEL", "+++ b/LABEL" ("/dev/null" for a
 * side that does not exist), then the hunks, with "\ No newline at end of file" where git
 * writes it. No "diff --git" or "index" line: git apply and patch -p1 take it as it is, and
 * several of them one after another make a package's .patch. "" when there is no change. */
char             *rd_diff_to_unified        (RdDiff               *self,
                                             const char           *old_label,
                                             const char           *new_label);

G_END_DECLS
