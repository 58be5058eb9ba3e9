/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-diff.c: the line diff of two versions of a text (libgit2's git_patch_from_buffers), as
 * hunks and lines for the review pane and as unified diff text for "Copy Change". */
#define G_LOG_DOMAIN "rd-diff"

#include "config.h"

#include <git2.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "rd-diff.h"

struct _RdDiff
{
  GObject       parent_instance;

  RdDiffFlags   flags;
  guint         has_old : 1;
  guint         has_new : 1;
  guint         n_added;
  guint         n_removed;
  GArray       *hunks;   /* RdDiffHunk */
  GArray       *lines;   /* RdDiffLine */
  GStringChunk *text;    /* the lines' contents and the hunks' headers */
};

G_DEFINE_FINAL_TYPE (RdDiff, rd_diff, G_TYPE_OBJECT)

G_DEFINE_QUARK (rd-diff-error-quark, rd_diff_error)

/* libgit2 keeps global state (its allocator, thread-local errors); it is set up once for the
 * process and never torn down, as other threads may still be diffing at exit. */
static void
ensure_libgit2 (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      git_libgit2_init ();
      g_once_init_leave (&initialised, 1);
    }
}

static void
rd_diff_finalize (GObject *object)
{
  RdDiff *self = RD_DIFF (object);

  g_clear_pointer (&self->hunks, g_array_unref);
  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->text, g_string_chunk_free);

  G_OBJECT_CLASS (rd_diff_parent_class)->finalize (object);
}

static void
rd_diff_class_init (RdDiffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rd_diff_finalize;
}

static void
rd_diff_init (RdDiff *self)
{
  self->hunks = g_array_new (FALSE, TRUE, sizeof (RdDiffHunk));
  self->lines = g_array_new (FALSE, TRUE, sizeof (RdDiffLine));
  self->text = g_string_chunk_new (4096);
}

static gboolean
check_text (const char  *text,
            const char  *side,
            GError     **error)
{
  const char *end = NULL;

  if (text == NULL || g_utf8_validate (text, -1, &end))
    return TRUE;

  g_set_error (error, RD_DIFF_ERROR, RD_DIFF_ERROR_NOT_TEXT,
               /* Translators: %s is "old" or "new"; %lu a byte offset */
               _("The %s version is not text: it has bytes that are not UTF-8 at offset %lu"),
               side, (unsigned long) (end - text));
  return FALSE;
}

static inline gboolean
is_continuation (char c)
{
  return ((guchar) c & 0xc0) == 0x80;
}

/* The common start and end of two lines, kept on character boundaries. */
static void
pair_lines (RdDiffLine *removed,
            RdDiffLine *added)
{
  const char *a = removed->content;
  const char *b = added->content;
  guint la = removed->content_len;
  guint lb = added->content_len;
  guint limit = MIN (la, lb);
  guint prefix = 0;
  guint suffix = 0;

  while (prefix < limit && a[prefix] == b[prefix])
    prefix++;
  /* a[la] and b[lb] are the NULs, never continuation bytes. */
  while (prefix > 0 && (is_continuation (a[prefix]) || is_continuation (b[prefix])))
    prefix--;

  while (suffix < limit - prefix && a[la - suffix - 1] == b[lb - suffix - 1])
    suffix++;
  while (suffix > 0 && (is_continuation (a[la - suffix]) || is_continuation (b[lb - suffix])))
    suffix--;

  removed->has_range = added->has_range = TRUE;
  removed->changed_start = added->changed_start = prefix;
  removed->changed_end = la - suffix;
  added->changed_end = lb - suffix;
}

/* The i-th removed line of a run of removed lines pairs with the i-th added line of the run
 * of added lines just after it: where git puts an edited line. */
static void
pair_hunk_lines (RdDiff           *self,
                 const RdDiffHunk *hunk)
{
  guint i = hunk->first_line;
  guint end = hunk->first_line + hunk->n_lines;

  while (i < end)
    {
      guint removed_start = i;
      guint added_start;
      guint n_removed, n_added;

      while (i < end && g_array_index (self->lines, RdDiffLine, i).origin == RD_DIFF_LINE_REMOVED)
        i++;
      added_start = i;
      while (i < end && g_array_index (self->lines, RdDiffLine, i).origin == RD_DIFF_LINE_ADDED)
        i++;

      n_removed = added_start - removed_start;
      n_added = i - added_start;
      for (guint k = 0; k < MIN (n_removed, n_added); k++)
        pair_lines (&g_array_index (self->lines, RdDiffLine, removed_start + k),
                    &g_array_index (self->lines, RdDiffLine, added_start + k));

      if (n_removed == 0 && n_added == 0)
        i++;
    }
}

static gboolean
set_git_error (GError     **error,
               const char  *what)
{
  const git_error *last = git_error_last ();

  g_set_error (error, RD_DIFF_ERROR, RD_DIFF_ERROR_FAILED,
               /* Translators: %s is libgit2's own message, in English */
               _("Could not compare the two versions: %s"),
               last != NULL && last->message != NULL ? last->message : what);
  return FALSE;
}

static gboolean
add_hunk (RdDiff                *self,
          git_patch             *patch,
          size_t                 hunk_index,
          GError               **error)
{
  const git_diff_hunk *git_hunk = NULL;
  size_t n_lines = 0;
  RdDiffHunk hunk = { 0 };
  gsize header_len;

  if (git_patch_get_hunk (&git_hunk, &n_lines, patch, hunk_index) < 0)
    return set_git_error (error, "git_patch_get_hunk");

  header_len = strnlen (git_hunk->header, MIN (git_hunk->header_len, sizeof git_hunk->header));
  while (header_len > 0 && (git_hunk->header[header_len - 1] == '\n' ||
                            git_hunk->header[header_len - 1] == '\r'))
    header_len--;

  hunk.old_start = git_hunk->old_start;
  hunk.old_lines = git_hunk->old_lines;
  hunk.new_start = git_hunk->new_start;
  hunk.new_lines = git_hunk->new_lines;
  hunk.header = g_string_chunk_insert_len (self->text, git_hunk->header, header_len);
  hunk.first_line = self->lines->len;

  for (size_t i = 0; i < n_lines; i++)
    {
      const git_diff_line *git_line = NULL;
      RdDiffLine line = { 0 };
      gsize len;

      if (git_patch_get_line_in_hunk (&git_line, patch, hunk_index, i) < 0)
        return set_git_error (error, "git_patch_get_line_in_hunk");

      switch (git_line->origin)
        {
        case GIT_DIFF_LINE_CONTEXT:
          line.origin = RD_DIFF_LINE_CONTEXT;
          break;
        case GIT_DIFF_LINE_ADDITION:
          line.origin = RD_DIFF_LINE_ADDED;
          self->n_added++;
          break;
        case GIT_DIFF_LINE_DELETION:
          line.origin = RD_DIFF_LINE_REMOVED;
          self->n_removed++;
          break;
        case GIT_DIFF_LINE_CONTEXT_EOFNL:
        case GIT_DIFF_LINE_ADD_EOFNL:
        case GIT_DIFF_LINE_DEL_EOFNL:
          /* "\ No newline at end of file": about the line just before it. */
          if (self->lines->len > hunk.first_line)
            g_array_index (self->lines, RdDiffLine, self->lines->len - 1).no_newline = TRUE;
          continue;
        default:
          continue;
        }

      len = git_line->content_len;
      if (len > 0 && git_line->content[len - 1] == '\n')
        {
          len--;
          if (len > 0 && git_line->content[len - 1] == '\r')
            {
              len--;
              line.crlf = TRUE;
            }
        }
      else
        {
          /* libgit2 also sends the EOFNL line; this covers a version that would not. */
          line.no_newline = TRUE;
        }

      line.old_lineno = git_line->old_lineno > 0 ? git_line->old_lineno : -1;
      line.new_lineno = git_line->new_lineno > 0 ? git_line->new_lineno : -1;
      line.content = g_string_chunk_insert_len (self->text, git_line->content, len);
      line.content_len = len;
      g_array_append_val (self->lines, line);
    }

  hunk.n_lines = self->lines->len - hunk.first_line;
  g_array_append_val (self->hunks, hunk);
  pair_hunk_lines (self, &g_array_index (self->hunks, RdDiffHunk, self->hunks->len - 1));

  return TRUE;
}

static RdDiff *
diff_compute (const char    *old_text,
              const char    *new_text,
              RdDiffFlags    flags,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(RdDiff) self = NULL;
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  git_patch *patch = NULL;
  size_t n_hunks;

  if (!check_text (old_text, "old", error) || !check_text (new_text, "new", error))
    return NULL;

  ensure_libgit2 ();

  self = g_object_new (RD_TYPE_DIFF, NULL);
  self->flags = flags;
  self->has_old = old_text != NULL;
  self->has_new = new_text != NULL;

  /* FORCE_TEXT: the texts are known to be UTF-8, and libgit2's binary guess (a share of
   * control characters) would otherwise leave a script with many of them without hunks. */
  options.flags = GIT_DIFF_FORCE_TEXT;
  if (flags & RD_DIFF_IGNORE_WHITESPACE)
    options.flags |= GIT_DIFF_IGNORE_WHITESPACE;
  if (flags & RD_DIFF_ALGORITHM_MINIMAL)
    options.flags |= GIT_DIFF_MINIMAL;
  else if (!(flags & RD_DIFF_ALGORITHM_MYERS))
    options.flags |= GIT_DIFF_PATIENCE;

  if (git_patch_from_buffers (&patch,
                              old_text, old_text != NULL ? strlen (old_text) : 0, "a",
                              new_text, new_text != NULL ? strlen (new_text) : 0, "b",
                              &options) < 0)
    {
      set_git_error (error, "git_patch_from_buffers");
      return NULL;
    }

  n_hunks = git_patch_num_hunks (patch);
  for (size_t i = 0; i < n_hunks; i++)
    {
      if (!add_hunk (self, patch, i, error) ||
          g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          git_patch_free (patch);
          return NULL;
        }
    }

  git_patch_free (patch);

  return g_steal_pointer (&self);
}

RdDiff *
rd_diff_new (const char   *old_text,
             const char   *new_text,
             RdDiffFlags   flags,
             GError      **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return diff_compute (old_text, new_text, flags, NULL, error);
}

typedef struct
{
  char        *old_text;
  char        *new_text;
  RdDiffFlags  flags;
} DiffJob;

static void
diff_job_free (DiffJob *job)
{
  g_free (job->old_text);
  g_free (job->new_text);
  g_free (job);
}

static void
diff_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DiffJob *job = task_data;
  g_autoptr(GError) error = NULL;
  RdDiff *diff;

  diff = diff_compute (job->old_text, job->new_text, job->flags, cancellable, &error);
  if (diff == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, diff, g_object_unref);
}

void
rd_diff_new_async (const char          *old_text,
                   const char          *new_text,
                   RdDiffFlags          flags,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DiffJob *job;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_diff_new_async);
  g_task_set_name (task, "[rd] diff");

  job = g_new0 (DiffJob, 1);
  job->old_text = g_strdup (old_text);
  job->new_text = g_strdup (new_text);
  job->flags = flags;
  g_task_set_task_data (task, job, (GDestroyNotify) diff_job_free);

  /* Already cancelled: no thread. (GLib 2.74 also leaks the GError of a return-on-cancel
   * task that g_task_run_in_thread () finds cancelled.) */
  if (g_task_return_error_if_cancelled (task))
    return;

  /* A diff of 20,000 lines takes a while and libgit2 cannot be stopped inside: the caller
   * hears of the cancellation at once, and the thread's result is dropped. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, diff_thread);
}

RdDiff *
rd_diff_new_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_diff_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

RdDiffFlags
rd_diff_get_flags (RdDiff *self)
{
  g_return_val_if_fail (RD_IS_DIFF (self), RD_DIFF_NONE);

  return self->flags;
}

gboolean
rd_diff_has_old (RdDiff *self)
{
  g_return_val_if_fail (RD_IS_DIFF (self), FALSE);

  return self->has_old;
}

gboolean
rd_diff_has_new (RdDiff *self)
{
  g_return_val_if_fail (RD_IS_DIFF (self), FALSE);

  return self->has_new;
}

guint
rd_diff_get_n_added (RdDiff *self)
{
  g_return_val_if_fail (RD_IS_DIFF (self), 0);

  return self->n_added;
}

guint
rd_diff_get_n_removed (RdDiff *self)
{
  g_return_val_if_fail (RD_IS_DIFF (self), 0);

  return self->n_removed;
}

guint
rd_diff_get_n_hunks (RdDiff *self)
{
  g_return_val_if_fail (RD_IS_DIFF (self), 0);

  return self->hunks->len;
}

const RdDiffHunk *
rd_diff_get_hunk (RdDiff *self,
                  guint   index)
{
  g_return_val_if_fail (RD_IS_DIFF (self), NULL);
  g_return_val_if_fail (index < self->hunks->len, NULL);

  return &g_array_index (self->hunks, RdDiffHunk, index);
}

guint
rd_diff_get_n_lines (RdDiff *self)
{
  g_return_val_if_fail (RD_IS_DIFF (self), 0);

  return self->lines->len;
}

const RdDiffLine *
rd_diff_get_line (RdDiff *self,
                  guint   index)
{
  g_return_val_if_fail (RD_IS_DIFF (self), NULL);
  g_return_val_if_fail (index < self->lines->len, NULL);

  return &g_array_index (self->lines, RdDiffLine, index);
}

gboolean
rd_diff_line_get_changed_range (const RdDiffLine *line,
                                guint            *start,
                                guint            *end)
{
  g_return_val_if_fail (line != NULL, FALSE);

  if (!line->has_range)
    return FALSE;

  if (start != NULL)
    *start = line->changed_start;
  if (end != NULL)
    *end = line->changed_end;

  return TRUE;
}

static void
append_label (GString    *out,
              const char *marker,
              const char *prefix,
              gboolean    exists,
              const char *label)
{
  g_string_append (out, marker);
  if (exists)
    g_string_append_printf (out, " %s%s\n", prefix, label);
  else
    g_string_append (out, " /dev/null\n");
}

char *
rd_diff_to_unified (RdDiff     *self,
                    const char *old_label,
                    const char *new_label)
{
  GString *out;

  g_return_val_if_fail (RD_IS_DIFF (self), NULL);
  g_return_val_if_fail (old_label != NULL, NULL);
  g_return_val_if_fail (new_label != NULL, NULL);

  if (self->hunks->len == 0)
    return g_strdup ("");

  out = g_string_sized_new (64 + self->lines->len * 40);
  append_label (out, "---", "a/", self->has_old, old_label);
  append_label (out, "+++", "b/", self->has_new, new_label);

  for (guint h = 0; h < self->hunks->len; h++)
    {
      const RdDiffHunk *hunk = &g_array_index (self->hunks, RdDiffHunk, h);

      g_string_append (out, hunk->header);
      g_string_append_c (out, '\n');

      for (guint i = hunk->first_line; i < hunk->first_line + hunk->n_lines; i++)
        {
          const RdDiffLine *line = &g_array_index (self->lines, RdDiffLine, i);

          g_string_append_c (out, line->origin == RD_DIFF_LINE_ADDED ? '+'
                                  : line->origin == RD_DIFF_LINE_REMOVED ? '-' : ' ');
          g_string_append_len (out, line->content, line->content_len);
          g_string_append (out, line->crlf ? "\r\n" : "\n");
          if (line->no_newline)
            g_string_append (out, "\\ No newline at end of file\n");
        }
    }

  return g_string_free (out, FALSE);
}
