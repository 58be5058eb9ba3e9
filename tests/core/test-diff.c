/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-diff.c: the review pane's line diffs (RdDiff): hunks, lines, numbers, the unified text
 * "Copy Change" copies, changed ranges, a 20,000-line change in a thread; job definitions
 * normalised and summarised; a script's settings compared. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "rd-diff.h"
#include "rd-diff-settings.h"
#include "rd-job-normalise.h"

static RdDiff *
diff_or_fail (const char  *old_text,
              const char  *new_text,
              RdDiffFlags  flags)
{
  g_autoptr(GError) error = NULL;
  RdDiff *diff = rd_diff_new (old_text, new_text, flags, &error);

  g_assert_no_error (error);
  g_assert_nonnull (diff);

  return diff;
}

/* The lines of @diff as "-old", "+new", " ctx" joined by '|', to compare in one assertion. */
static char *
lines_as_text (RdDiff *diff)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < rd_diff_get_n_lines (diff); i++)
    {
      const RdDiffLine *line = rd_diff_get_line (diff, i);

      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append_c (out, line->origin == RD_DIFF_LINE_ADDED ? '+'
                              : line->origin == RD_DIFF_LINE_REMOVED ? '-' : ' ');
      g_string_append_len (out, line->content, line->content_len);
    }

  return g_string_free (out, FALSE);
}

static void
test_modification (void)
{
  g_autoptr(RdDiff) diff = diff_or_fail ("a\nb\nc\n", "a\nB\nc\nd\n", RD_DIFF_NONE);
  g_autofree char *lines = lines_as_text (diff);
  const RdDiffHunk *hunk;

  g_assert_true (rd_diff_has_old (diff));
  g_assert_true (rd_diff_has_new (diff));
  g_assert_cmpuint (rd_diff_get_n_hunks (diff), ==, 1);
  g_assert_cmpuint (rd_diff_get_n_added (diff), ==, 2);
  g_assert_cmpuint (rd_diff_get_n_removed (diff), ==, 1);
  g_assert_cmpstr (lines, ==, " a|-b|+B| c|+d");

  hunk = rd_diff_get_hunk (diff, 0);
  g_assert_cmpint (hunk->old_start, ==, 1);
  g_assert_cmpint (hunk->old_lines, ==, 3);
  g_assert_cmpint (hunk->new_start, ==, 1);
  g_assert_cmpint (hunk->new_lines, ==, 4);
  g_assert_cmpstr (hunk->header, ==, "@@ -1,3 +1,4 @@");
  g_assert_cmpuint (hunk->first_line, ==, 0);
  g_assert_cmpuint (hunk->n_lines, ==, 5);
}

static void
test_addition (void)
{
  g_autoptr(RdDiff) diff = diff_or_fail (NULL, "one\ntwo\n", RD_DIFF_NONE);
  g_autofree char *lines = lines_as_text (diff);
  g_autofree char *unified = rd_diff_to_unified (diff, "s.sql", "s.sql");
  const RdDiffHunk *hunk = rd_diff_get_hunk (diff, 0);

  g_assert_false (rd_diff_has_old (diff));
  g_assert_true (rd_diff_has_new (diff));
  g_assert_cmpstr (lines, ==, "+one|+two");
  g_assert_cmpuint (rd_diff_get_n_added (diff), ==, 2);
  g_assert_cmpuint (rd_diff_get_n_removed (diff), ==, 0);
  g_assert_cmpint (hunk->old_start, ==, 0);
  g_assert_cmpint (hunk->old_lines, ==, 0);
  g_assert_cmpstr (unified, ==,
                   "--- /dev/null\n"
                   "+++ b/s.sql\n"
                   "@@ -0,0 +1,2 @@\n"
                   "+one\n"
                   "+two\n");
}

static void
test_deletion (void)
{
  g_autoptr(RdDiff) diff = diff_or_fail ("one\ntwo\n", NULL, RD_DIFF_NONE);
  g_autofree char *lines = lines_as_text (diff);
  g_autofree char *unified = rd_diff_to_unified (diff, "s.sql", "s.sql");

  g_assert_true (rd_diff_has_old (diff));
  g_assert_false (rd_diff_has_new (diff));
  g_assert_cmpstr (lines, ==, "-one|-two");
  g_assert_cmpuint (rd_diff_get_n_added (diff), ==, 0);
  g_assert_cmpuint (rd_diff_get_n_removed (diff), ==, 2);
  g_assert_cmpstr (unified, ==,
                   "--- a/s.sql\n"
                   "+++ /dev/null\n"
                   "@@ -1,2 +0,0 @@\n"
                   "-one\n"
                   "-two\n");
}

static void
test_identical (void)
{
  static const char *const texts[] = { "", "same\n", "same\nno newline", "中文\n" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(RdDiff) diff = diff_or_fail (texts[i], texts[i], RD_DIFF_NONE);
      g_autofree char *unified = rd_diff_to_unified (diff, "x", "x");

      g_assert_cmpuint (rd_diff_get_n_hunks (diff), ==, 0);
      g_assert_cmpuint (rd_diff_get_n_lines (diff), ==, 0);
      g_assert_cmpuint (rd_diff_get_n_added (diff), ==, 0);
      g_assert_cmpuint (rd_diff_get_n_removed (diff), ==, 0);
      g_assert_cmpstr (unified, ==, "");
    }

  /* Neither side exists: nothing to show either. */
  {
    g_autoptr(RdDiff) diff = diff_or_fail (NULL, NULL, RD_DIFF_NONE);

    g_assert_cmpuint (rd_diff_get_n_hunks (diff), ==, 0);
  }
}

static void
test_no_trailing_newline (void)
{
  /* Only the newline at the end differs: git shows the last line removed and added. */
  {
    g_autoptr(RdDiff) diff = diff_or_fail ("a\nb", "a\nb\n", RD_DIFF_NONE);
    g_autofree char *unified = rd_diff_to_unified (diff, "f", "f");
    g_autofree char *lines = lines_as_text (diff);

    g_assert_cmpstr (lines, ==, " a|-b|+b");
    g_assert_true (rd_diff_get_line (diff, 1)->no_newline);
    g_assert_false (rd_diff_get_line (diff, 2)->no_newline);
    g_assert_cmpstr (unified, ==,
                     "--- a/f\n"
                     "+++ b/f\n"
                     "@@ -1,2 +1,2 @@\n"
                     " a\n"
                     "-b\n"
                     "\\ No newline at end of file\n"
                     "+b\n");
  }
  {
    g_autoptr(RdDiff) diff = diff_or_fail ("a\nb\n", "a\nc", RD_DIFF_NONE);
    g_autofree char *unified = rd_diff_to_unified (diff, "f", "f");

    g_assert_cmpstr (unified, ==,
                     "--- a/f\n"
                     "+++ b/f\n"
                     "@@ -1,2 +1,2 @@\n"
                     " a\n"
                     "-b\n"
                     "+c\n"
                     "\\ No newline at end of file\n");
  }
  /* Both without: the context line at the end carries the marker. */
  {
    g_autoptr(RdDiff) diff = diff_or_fail ("x\na\nend", "y\na\nend", RD_DIFF_NONE);
    g_autofree char *unified = rd_diff_to_unified (diff, "f", "f");

    g_assert_cmpstr (unified, ==,
                     "--- a/f\n"
                     "+++ b/f\n"
                     "@@ -1,3 +1,3 @@\n"
                     "-x\n"
                     "+y\n"
                     " a\n"
                     " end\n"
                     "\\ No newline at end of file\n");
  }
}

/* What `git diff --no-index --patience old.sql new.sql` printed for the same two texts (git
 * 2.39), less its "diff --git" and "index" lines. */
static void
test_unified_matches_git (void)
{
  {
    g_autoptr(RdDiff) diff = diff_or_fail ("SELECT a\nFROM t\nWHERE x = 1\nORDER BY a\nLIMIT 10\n",
                                           "SELECT a, b\nFROM t\nWHERE x = 2\nORDER BY a\nLIMIT 10",
                                           RD_DIFF_NONE);
    g_autofree char *unified = rd_diff_to_unified (diff, "old.sql", "new.sql");

    g_assert_cmpstr (unified, ==,
                     "--- a/old.sql\n"
                     "+++ b/new.sql\n"
                     "@@ -1,5 +1,5 @@\n"
                     "-SELECT a\n"
                     "+SELECT a, b\n"
                     " FROM t\n"
                     "-WHERE x = 1\n"
                     "+WHERE x = 2\n"
                     " ORDER BY a\n"
                     "-LIMIT 10\n"
                     "+LIMIT 10\n"
                     "\\ No newline at end of file\n");
  }
  /* Two hunks, each with git's function context (the line before the hunk). */
  {
    g_autoptr(GString) old_text = g_string_new (NULL);
    g_autoptr(GString) new_text = g_string_new (NULL);
    g_autoptr(RdDiff) diff = NULL;
    g_autofree char *unified = NULL;

    for (guint i = 1; i <= 20; i++)
      {
        g_string_append_printf (old_text, "line %u\n", i);
        g_string_append (new_text, i == 10 ? "line ten\n" : i == 18 ? "line eighteen\n" : "");
        if (i != 10 && i != 18)
          g_string_append_printf (new_text, "line %u\n", i);
      }
    diff = diff_or_fail (old_text->str, new_text->str, RD_DIFF_NONE);
    unified = rd_diff_to_unified (diff, "o2", "n2");

    g_assert_cmpstr (unified, ==,
                     "--- a/o2\n"
                     "+++ b/n2\n"
                     "@@ -7,7 +7,7 @@ line 6\n"
                     " line 7\n"
                     " line 8\n"
                     " line 9\n"
                     "-line 10\n"
                     "+line ten\n"
                     " line 11\n"
                     " line 12\n"
                     " line 13\n"
                     "@@ -15,6 +15,6 @@ line 14\n"
                     " line 15\n"
                     " line 16\n"
                     " line 17\n"
                     "-line 18\n"
                     "+line eighteen\n"
                     " line 19\n"
                     " line 20\n");
  }
}

static void
test_line_numbers (void)
{
  g_autoptr(RdDiff) diff = diff_or_fail ("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
                                         "1\n2\n3\n4\n5\nfive and a half\n6\n7\n8\n10\n",
                                         RD_DIFF_NONE);
  static const struct
  {
    char origin;
    int old_lineno;
    int new_lineno;
    const char *content;
  } want[] = {
    { ' ', 3, 3, "3" }, { ' ', 4, 4, "4" }, { ' ', 5, 5, "5" },
    { '+', -1, 6, "five and a half" },
    { ' ', 6, 7, "6" }, { ' ', 7, 8, "7" }, { ' ', 8, 9, "8" },
    { '-', 9, -1, "9" },
    { ' ', 10, 10, "10" },
  };

  /* Both changes are within 2 × 3 lines of context of each other: one hunk, as git. */
  g_assert_cmpuint (rd_diff_get_n_hunks (diff), ==, 1);
  g_assert_cmpstr (rd_diff_get_hunk (diff, 0)->header, ==, "@@ -3,8 +3,8 @@");
  g_assert_cmpuint (rd_diff_get_n_lines (diff), ==, G_N_ELEMENTS (want));

  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      const RdDiffLine *line = rd_diff_get_line (diff, i);
      RdDiffLineOrigin origin = want[i].origin == '+' ? RD_DIFF_LINE_ADDED
                                : want[i].origin == '-' ? RD_DIFF_LINE_REMOVED
                                : RD_DIFF_LINE_CONTEXT;

      g_assert_cmpint (line->origin, ==, origin);
      g_assert_cmpint (line->old_lineno, ==, want[i].old_lineno);
      g_assert_cmpint (line->new_lineno, ==, want[i].new_lineno);
      g_assert_cmpstr (line->content, ==, want[i].content);
      g_assert_cmpuint (line->content_len, ==, strlen (want[i].content));
    }
}

static void
test_ignore_whitespace (void)
{
  const char *old_text = "SELECT a,\n  b\nFROM t;\n";
  const char *new_text = "SELECT a,\n\tb   \nFROM  t;\n";

  {
    g_autoptr(RdDiff) diff = diff_or_fail (old_text, new_text, RD_DIFF_NONE);

    g_assert_cmpuint (rd_diff_get_n_removed (diff), ==, 2);
    g_assert_cmpuint (rd_diff_get_n_added (diff), ==, 2);
  }
  {
    g_autoptr(RdDiff) diff = diff_or_fail (old_text, new_text, RD_DIFF_IGNORE_WHITESPACE);

    g_assert_cmpuint (rd_diff_get_flags (diff), ==, RD_DIFF_IGNORE_WHITESPACE);
    g_assert_cmpuint (rd_diff_get_n_hunks (diff), ==, 0);
  }
  /* A real change among white-space ones is still found. */
  {
    g_autoptr(RdDiff) diff = diff_or_fail (old_text, "SELECT  a,\n  c\nFROM t;\n",
                                           RD_DIFF_IGNORE_WHITESPACE);
    g_autofree char *lines = NULL;

    g_assert_cmpuint (rd_diff_get_n_removed (diff), ==, 1);
    g_assert_cmpuint (rd_diff_get_n_added (diff), ==, 1);
    lines = lines_as_text (diff);
    g_assert_true (strstr (lines, "-  b|+  c") != NULL);
  }
}

static void
test_crlf (void)
{
  g_autoptr(RdDiff) diff = diff_or_fail ("a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n", RD_DIFF_NONE);
  g_autofree char *lines = lines_as_text (diff);
  g_autofree char *unified = rd_diff_to_unified (diff, "w.sql", "w.sql");

  /* The content a view shows has no '\r'; the unified text keeps the file's line ends. */
  g_assert_cmpstr (lines, ==, " a|-b|+B| c");
  g_assert_true (rd_diff_get_line (diff, 1)->crlf);
  g_assert_cmpstr (unified, ==,
                   "--- a/w.sql\n"
                   "+++ b/w.sql\n"
                   "@@ -1,3 +1,3 @@\n"
                   " a\r\n"
                   "-b\r\n"
                   "+B\r\n"
                   " c\r\n");

  /* Windows line ends against Unix ones: every line differs, unless white space is ignored. */
  {
    g_autoptr(RdDiff) mixed = diff_or_fail ("a\r\nb\r\n", "a\nb\n", RD_DIFF_NONE);
    g_autoptr(RdDiff) ignored = diff_or_fail ("a\r\nb\r\n", "a\nb\n", RD_DIFF_IGNORE_WHITESPACE);

    g_assert_cmpuint (rd_diff_get_n_removed (mixed), ==, 2);
    g_assert_cmpuint (rd_diff_get_n_hunks (ignored), ==, 0);
  }
}

static void
test_chinese (void)
{
  g_autoptr(RdDiff) diff = diff_or_fail ("-- 订单明细\nSELECT 客户, 金额 FROM 订单;\n",
                                         "-- 订单明细\nSELECT 客户, 总金额 FROM 订单;\n",
                                         RD_DIFF_NONE);
  const RdDiffLine *removed = rd_diff_get_line (diff, 1);
  const RdDiffLine *added = rd_diff_get_line (diff, 2);
  guint start, end;

  g_assert_cmpint (removed->origin, ==, RD_DIFF_LINE_REMOVED);
  g_assert_cmpstr (removed->content, ==, "SELECT 客户, 金额 FROM 订单;");
  g_assert_cmpstr (added->content, ==, "SELECT 客户, 总金额 FROM 订单;");

  /* "金额" → "总金额": the common start and end leave "" and "总", whole characters. */
  g_assert_true (rd_diff_line_get_changed_range (removed, &start, &end));
  g_assert_cmpuint (start, ==, strlen ("SELECT 客户, "));
  g_assert_cmpuint (end, ==, start);
  g_assert_true (rd_diff_line_get_changed_range (added, &start, &end));
  g_assert_cmpuint (start, ==, strlen ("SELECT 客户, "));
  g_assert_cmpuint (end, ==, start + strlen ("总"));
}

static void
test_changed_ranges (void)
{
  /* Two removed lines, three added: the first two pair, the third added line stands alone. */
  g_autoptr(RdDiff) diff = diff_or_fail ("keep\nWHERE x = 1\nLIMIT 10\nkeep\n",
                                         "keep\nWHERE x = 12\nLIMIT 20\nOFFSET 5\nkeep\n",
                                         RD_DIFF_NONE);
  g_autofree char *lines = lines_as_text (diff);
  guint start = 99, end = 99;

  g_assert_cmpstr (lines, ==,
                   " keep|-WHERE x = 1|-LIMIT 10|+WHERE x = 12|+LIMIT 20|+OFFSET 5| keep");

  g_assert_false (rd_diff_line_get_changed_range (rd_diff_get_line (diff, 0), &start, &end));
  g_assert_cmpuint (start, ==, 99);

  /* "1" → "12": nothing removed, "2" added after "WHERE x = 1". */
  g_assert_true (rd_diff_line_get_changed_range (rd_diff_get_line (diff, 1), &start, &end));
  g_assert_cmpuint (start, ==, 11);
  g_assert_cmpuint (end, ==, 11);
  g_assert_true (rd_diff_line_get_changed_range (rd_diff_get_line (diff, 3), &start, &end));
  g_assert_cmpuint (start, ==, 11);
  g_assert_cmpuint (end, ==, 12);

  g_assert_true (rd_diff_line_get_changed_range (rd_diff_get_line (diff, 2), &start, &end));
  g_assert_cmpuint (start, ==, 6);
  g_assert_cmpuint (end, ==, 7);
  g_assert_true (rd_diff_line_get_changed_range (rd_diff_get_line (diff, 4), &start, &end));
  g_assert_cmpuint (start, ==, 6);
  g_assert_cmpuint (end, ==, 7);

  g_assert_false (rd_diff_line_get_changed_range (rd_diff_get_line (diff, 5), NULL, NULL));

  /* Completely different lines: the whole of each. */
  {
    g_autoptr(RdDiff) other = diff_or_fail ("abc\n", "xyz\n", RD_DIFF_NONE);

    g_assert_true (rd_diff_line_get_changed_range (rd_diff_get_line (other, 0), &start, &end));
    g_assert_cmpuint (start, ==, 0);
    g_assert_cmpuint (end, ==, 3);
  }
  /* A repeated character: the prefix and the suffix do not overlap. */
  {
    g_autoptr(RdDiff) other = diff_or_fail ("aa\n", "aaa\n", RD_DIFF_NONE);

    g_assert_true (rd_diff_line_get_changed_range (rd_diff_get_line (other, 0), &start, &end));
    g_assert_cmpuint (start, ==, 2);
    g_assert_cmpuint (end, ==, 2);
    g_assert_true (rd_diff_line_get_changed_range (rd_diff_get_line (other, 1), &start, &end));
    g_assert_cmpuint (start, ==, 2);
    g_assert_cmpuint (end, ==, 3);
  }
}

static void
test_not_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdDiff) diff = rd_diff_new ("ok\n", "PK\x03\x04\xff\xfe binary\n", RD_DIFF_NONE,
                                        &error);

  g_assert_null (diff);
  g_assert_error (error, RD_DIFF_ERROR, RD_DIFF_ERROR_NOT_TEXT);

  /* Control characters are text: libgit2's binary guess is not applied. */
  {
    g_autoptr(RdDiff) controls = diff_or_fail ("\x01\x02\x03\x04\x05\x06\n", "\x01\x02\x03\n",
                                               RD_DIFF_NONE);

    g_assert_cmpuint (rd_diff_get_n_hunks (controls), ==, 1);
    g_assert_cmpuint (rd_diff_get_n_added (controls), ==, 1);
  }
}

static void
on_diff_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*slot);

  return *slot;
}

static void
test_large_async (void)
{
  g_autoptr(GString) old_text = g_string_new (NULL);
  g_autoptr(GString) new_text = g_string_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdDiff) diff = NULL;
  g_autofree char *unified = NULL;

  for (guint i = 0; i < 20000; i++)
    {
      g_string_append_printf (old_text, "SELECT col_%u FROM old_table_%u;\n", i, i);
      g_string_append_printf (new_text, "SELECT col_%u FROM new_table_%u WHERE 1;\n", i, i);
    }

  rd_diff_new_async (old_text->str, new_text->str, RD_DIFF_NONE, NULL, on_diff_done, &result);
  diff = rd_diff_new_finish (wait_for_result (&result), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rd_diff_get_n_hunks (diff), ==, 1);
  g_assert_cmpuint (rd_diff_get_n_removed (diff), ==, 20000);
  g_assert_cmpuint (rd_diff_get_n_added (diff), ==, 20000);
  g_assert_cmpuint (rd_diff_get_n_lines (diff), ==, 40000);
  g_assert_cmpint (rd_diff_get_line (diff, 39999)->new_lineno, ==, 20000);

  unified = rd_diff_to_unified (diff, "big.sql", "big.sql");
  g_assert_true (g_str_has_prefix (unified,
                                   "--- a/big.sql\n+++ b/big.sql\n@@ -1,20000 +1,20000 @@\n"));
}

static void
test_async_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdDiff) diff = NULL;

  g_cancellable_cancel (cancellable);
  rd_diff_new_async ("a\n", "b\n", RD_DIFF_NONE, cancellable, on_diff_done, &result);
  diff = rd_diff_new_finish (wait_for_result (&result), &error);

  g_assert_null (diff);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Cancelled while libgit2 works: the caller hears at once; the thread's diff is dropped. */
static void
test_async_cancelled_while_running (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) old_text = g_string_new (NULL);
  g_autoptr(GString) new_text = g_string_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdDiff) diff = NULL;

  for (guint i = 0; i < 20000; i++)
    {
      g_string_append_printf (old_text, "old %u\n", i);
      g_string_append_printf (new_text, "new %u\n", i);
    }

  rd_diff_new_async (old_text->str, new_text->str, RD_DIFF_NONE, cancellable, on_diff_done,
                     &result);
  g_cancellable_cancel (cancellable);
  diff = rd_diff_new_finish (wait_for_result (&result), &error);

  g_assert_null (diff);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_algorithms (void)
{
  /* Every algorithm finds the same counts for a plain edit. */
  static const RdDiffFlags flags[] = {
    RD_DIFF_NONE, RD_DIFF_ALGORITHM_MYERS, RD_DIFF_ALGORITHM_MINIMAL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autoptr(RdDiff) diff = diff_or_fail ("a\nb\nc\nd\n", "a\nc\nd\ne\n", flags[i]);

      g_assert_cmpuint (rd_diff_get_n_removed (diff), ==, 1);
      g_assert_cmpuint (rd_diff_get_n_added (diff), ==, 1);
    }
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

static char *
normalise_text (const char *text)
{
  g_autoptr(JsonNode) job = parse_json (text);

  return rd_job_normalise (job);
}

static char *
summarise_texts (const char *old_text,
                 const char *new_text)
{
  g_autoptr(JsonNode) old_job = old_text != NULL ? parse_json (old_text) : NULL;
  g_autoptr(JsonNode) new_job = new_text != NULL ? parse_json (new_text) : NULL;

  return rd_job_summarise (old_job, new_job);
}

/* A job as ShowJob answers it (versions.md §3), abbreviated. */
#define JOB \
  "{\"name\":\"myJob\",\"id\":608627,\"createTime\":1700288912934,\"version\":\"3\"," \
  "\"lastUpdateUser\":\"ei_dlf\",\"downstreamJobs\":[{\"jobName\":\"next\"}]," \
  "\"processType\":\"BATCH\"," \
  "\"schedule\":{\"type\":\"CRON\",\"cron\":{\"expression\":\"0 0 2 * * ?\"}}," \
  "\"params\":[{\"name\":\"p2\",\"value\":\"b\"},{\"name\":\"p1\",\"value\":\"a\"}]," \
  "\"basicConfig\":{\"priority\":0,\"owner\":\"张伟\"}," \
  "\"nodes\":[" \
  "{\"type\":\"HiveSQL\",\"name\":\"load\",\"location\":{\"x\":\"385.0\",\"y\":\"150.0\"}," \
  "\"preNodeName\":[\"start\"],\"properties\":[{\"name\":\"scriptName\",\"value\":\"load_sql\"}," \
  "{\"name\":\"database\",\"value\":\"default\"}]}," \
  "{\"name\":\"start\",\"type\":\"Dummy\",\"location\":{\"x\":\"85.0\",\"y\":\"150.0\"}}]}"

static void
test_job_normalise (void)
{
  g_autofree char *text = normalise_text (JOB);

  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"basicConfig\" : {\n"
                   "    \"owner\" : \"张伟\",\n"
                   "    \"priority\" : 0\n"
                   "  },\n"
                   "  \"name\" : \"myJob\",\n"
                   "  \"nodes\" : [\n"
                   "    {\n"
                   "      \"name\" : \"load\",\n"
                   "      \"preNodeName\" : [\n"
                   "        \"start\"\n"
                   "      ],\n"
                   "      \"properties\" : [\n"
                   "        {\n"
                   "          \"name\" : \"database\",\n"
                   "          \"value\" : \"default\"\n"
                   "        },\n"
                   "        {\n"
                   "          \"name\" : \"scriptName\",\n"
                   "          \"value\" : \"load_sql\"\n"
                   "        }\n"
                   "      ],\n"
                   "      \"type\" : \"HiveSQL\"\n"
                   "    },\n"
                   "    {\n"
                   "      \"name\" : \"start\",\n"
                   "      \"type\" : \"Dummy\"\n"
                   "    }\n"
                   "  ],\n"
                   "  \"params\" : [\n"
                   "    {\n"
                   "      \"name\" : \"p1\",\n"
                   "      \"value\" : \"a\"\n"
                   "    },\n"
                   "    {\n"
                   "      \"name\" : \"p2\",\n"
                   "      \"value\" : \"b\"\n"
                   "    }\n"
                   "  ],\n"
                   "  \"processType\" : \"BATCH\",\n"
                   "  \"schedule\" : {\n"
                   "    \"cron\" : {\n"
                   "      \"expression\" : \"0 0 2 * * ?\"\n"
                   "    },\n"
                   "    \"type\" : \"CRON\"\n"
                   "  }\n"
                   "}\n");
}

static void
test_job_normalise_stable (void)
{
  /* The same job with its members, nodes, properties and params in another order, another
   * id and version, and its nodes moved on the canvas. */
  const char *reordered =
    "{\"nodes\":["
    "{\"location\":{\"x\":\"1.0\",\"y\":\"2.0\"},\"type\":\"Dummy\",\"name\":\"start\"},"
    "{\"properties\":[{\"value\":\"default\",\"name\":\"database\"},"
    "{\"value\":\"load_sql\",\"name\":\"scriptName\"}],\"preNodeName\":[\"start\"],"
    "\"name\":\"load\",\"type\":\"HiveSQL\"}],"
    "\"basicConfig\":{\"owner\":\"张伟\",\"priority\":0},\"version\":\"4\",\"id\":1,"
    "\"params\":[{\"name\":\"p1\",\"value\":\"a\"},{\"value\":\"b\",\"name\":\"p2\"}],"
    "\"schedule\":{\"cron\":{\"expression\":\"0 0 2 * * ?\"},\"type\":\"CRON\"},"
    "\"processType\":\"BATCH\",\"name\":\"myJob\"}";
  g_autofree char *a = normalise_text (JOB);
  g_autofree char *b = normalise_text (reordered);

  g_assert_cmpstr (a, ==, b);
  g_assert_null (strstr (a, "location"));
  g_assert_null (strstr (a, "608627"));
  g_assert_null (strstr (a, "downstreamJobs"));

  /* Order inside other arrays is meaning (preNodeName, tags): it stays. */
  {
    g_autofree char *x = normalise_text ("{\"tags\":[\"b\",\"a\"]}");

    g_assert_cmpstr (x, ==, "{\n  \"tags\" : [\n    \"b\",\n    \"a\"\n  ]\n}\n");
  }
  /* Volatile names only go at the top: a node's own "id" or "version" stays. */
  {
    g_autofree char *x = normalise_text ("{\"id\":1,\"nodes\":[{\"name\":\"n\",\"version\":2}]}");

    g_assert_nonnull (strstr (x, "\"version\" : 2"));
    g_assert_null (strstr (x, "\"id\""));
  }
}

/* @text with its first @from replaced by @to. */
static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);

  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

static char *
job_with (const char *from,
          const char *to)
{
  return replace_once (JOB, from, to);
}

static void
test_job_summary (void)
{
  static const struct { const char *from; const char *to; const char *summary; } cases[] = {
    { "\"85.0\"", "\"99.0\"", "No changes" },
    { "\"version\":\"3\"", "\"version\":\"9\"", "No changes" },
    { "load_sql", "load_sql_v2", "1 node changed" },
    { "\"type\":\"Dummy\"", "\"type\":\"Shell\"", "1 node changed" },
    { "0 0 2 * * ?", "0 0 3 * * ?", "schedule changed" },
    { "\"value\":\"b\"", "\"value\":\"c\"", "parameters changed" },
    { "\"priority\":0", "\"priority\":1", "basic settings changed" },
    { "\"processType\":\"BATCH\"", "\"processType\":\"REAL_TIME\"", "other settings changed" },
    { "\"name\":\"start\"", "\"name\":\"begin\"", "1 node added, 1 node removed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *edited = job_with (cases[i].from, cases[i].to);
      g_autofree char *summary = summarise_texts (JOB, edited);

      g_assert_cmpstr (summary, ==, cases[i].summary);
    }

  /* Two nodes changed, one added, and the schedule. */
  {
    g_autofree char *a = job_with ("load_sql", "load_sql_v2");
    g_autofree char *b = replace_once (a, "\"type\":\"Dummy\"",
                                       "\"type\":\"Dummy\",\"description\":\"x\"");
    g_autofree char *c = replace_once (b, "]}", "]},{\"name\":\"end\",\"type\":\"Dummy\"}");
    g_autofree char *d = replace_once (c, "0 0 2", "0 0 5");
    g_autofree char *summary = summarise_texts (JOB, d);

    g_assert_cmpstr (summary, ==, "2 nodes changed, 1 node added; schedule changed");
  }

  {
    g_autofree char *added = summarise_texts (NULL, JOB);
    g_autofree char *deleted = summarise_texts (JOB, NULL);
    g_autofree char *same = summarise_texts (JOB, JOB);
    g_autofree char *none = summarise_texts (NULL, NULL);

    g_assert_cmpstr (added, ==, "New job with 2 nodes");
    g_assert_cmpstr (deleted, ==, "Job deleted, with 2 nodes");
    g_assert_cmpstr (same, ==, "No changes");
    g_assert_cmpstr (none, ==, "No changes");
  }
}

static void
assert_change (GPtrArray  *changes,
               guint       index,
               const char *name,
               const char *old_value,
               const char *new_value)
{
  const RdSettingChange *change;

  g_assert_cmpuint (index, <, changes->len);
  change = g_ptr_array_index (changes, index);
  g_assert_cmpstr (change->name, ==, name);
  g_assert_cmpstr (change->old_value, ==, old_value);
  g_assert_cmpstr (change->new_value, ==, new_value);
}

static void
test_settings (void)
{
  const char *old_names[] = {
    "zeta", "description", "database", "type", "queueName", "alpha", NULL
  };
  const char *old_values[] = { "z", "old", "default", "HIVE", "q1", "a", NULL };
  const char *new_names[] = {
    "type", "database", "description", "connectionName", "beta", "zeta", "queueName", NULL
  };
  const char *new_values[] = { "HIVE", "dw", "new", "mrs_hive", "b", "z", NULL, NULL };
  g_autoptr(GPtrArray) changes = rd_diff_settings (old_names, old_values, new_names, new_values);

  /* type and zeta are unchanged; queueName's NULL value means not set: removed. */
  g_assert_cmpuint (changes->len, ==, 6);
  assert_change (changes, 0, "connectionName", NULL, "mrs_hive");
  assert_change (changes, 1, "database", "default", "dw");
  assert_change (changes, 2, "queueName", "q1", NULL);
  assert_change (changes, 3, "description", "old", "new");
  assert_change (changes, 4, "alpha", "a", NULL);
  assert_change (changes, 5, "beta", NULL, "b");

  /* A new script: every setting is added; a deleted one: every setting removed. */
  {
    g_autoptr(GPtrArray) added = rd_diff_settings (NULL, NULL, new_names, new_values);
    g_autoptr(GPtrArray) removed = rd_diff_settings (old_names, old_values, NULL, NULL);
    g_autoptr(GPtrArray) same = rd_diff_settings (old_names, old_values, old_names, old_values);

    g_assert_cmpuint (added->len, ==, 6);
    assert_change (added, 0, "type", NULL, "HIVE");
    assert_change (added, 5, "zeta", NULL, "z");
    g_assert_cmpuint (removed->len, ==, 6);
    assert_change (removed, 0, "type", "HIVE", NULL);
    g_assert_cmpuint (same->len, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diff/lines/modification", test_modification);
  g_test_add_func ("/diff/lines/addition-has-no-old-side", test_addition);
  g_test_add_func ("/diff/lines/deletion-has-no-new-side", test_deletion);
  g_test_add_func ("/diff/lines/identical-texts-have-no-hunks", test_identical);
  g_test_add_func ("/diff/lines/no-newline-at-end", test_no_trailing_newline);
  g_test_add_func ("/diff/lines/numbers", test_line_numbers);
  g_test_add_func ("/diff/lines/ignore-whitespace", test_ignore_whitespace);
  g_test_add_func ("/diff/lines/crlf", test_crlf);
  g_test_add_func ("/diff/lines/chinese", test_chinese);
  g_test_add_func ("/diff/lines/algorithms", test_algorithms);
  g_test_add_func ("/diff/lines/not-utf8-refused", test_not_text);
  g_test_add_func ("/diff/unified/matches-git", test_unified_matches_git);
  g_test_add_func ("/diff/changed-range/paired-lines", test_changed_ranges);
  g_test_add_func ("/diff/async/20000-lines-all-changed", test_large_async);
  g_test_add_func ("/diff/async/cancelled", test_async_cancelled);
  g_test_add_func ("/diff/async/cancelled-while-running", test_async_cancelled_while_running);
  g_test_add_func ("/diff/job/normalise", test_job_normalise);
  g_test_add_func ("/diff/job/normalise-ignores-order-and-volatile-members",
                   test_job_normalise_stable);
  g_test_add_func ("/diff/job/summary", test_job_summary);
  g_test_add_func ("/diff/settings/changes-in-table-order", test_settings);

  return g_test_run ();
}
