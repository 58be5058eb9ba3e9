/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-diff.c: times rd_diff_new () and rd_diff_to_unified () on a script of N lines with
 * one line in twenty changed ("edit"), or with every line changed ("all"), beside
 * `git diff --no-index --patience` of the same two files when git is installed. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"
#include "rd-diff.h"

/* A Hive script as scripts in a release package look: comments, selects, Chinese names. */
static void
generate (guint     n_lines,
          gboolean  all_changed,
          GString  *old_text,
          GString  *new_text)
{
  static const char *const columns[] = { "order_id", "客户编号", "amount", "region", "总金额" };

  for (guint i = 0; i < n_lines; i++)
    {
      const char *column = columns[i % G_N_ELEMENTS (columns)];

      if (i % 50 == 0)
        g_string_append_printf (old_text, "-- 第 %u 段: daily snapshot of dws_order_detail\n",
                                i / 50);
      else
        g_string_append_printf (old_text, "  , SUM(t%u.%s) AS %s_%u\n", i % 7, column, column, i);

      if (all_changed)
        g_string_append_printf (new_text, "  , MAX(s%u.%s) AS %s_v2_%u\n",
                                i % 7, column, column, i);
      else if (i % 20 == 7)
        g_string_append_printf (new_text, "  , SUM(t%u.%s) AS %s_%u -- changed\n",
                                i % 7, column, column, i);
      else if (i % 50 == 0)
        g_string_append_printf (new_text, "-- 第 %u 段: daily snapshot of dws_order_detail\n",
                                i / 50);
      else
        g_string_append_printf (new_text, "  , SUM(t%u.%s) AS %s_%u\n", i % 7, column, column, i);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GString) old_text = g_string_new (NULL);
  g_autoptr(GString) new_text = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree char *git = NULL;
  g_autofree double *times = NULL;
  g_autofree double *unified_times = NULL;
  g_autofree double *git_times = NULL;
  guint64 n_lines = 5000;
  gboolean all_changed;
  guint n_added = 0, n_removed = 0;
  gsize unified_len = 0;
  double median, unified_median;
  const guint n_runs = 5;

  if (argc != 3 ||
      !g_ascii_string_to_unsigned (argv[1], 10, 1, 10000000, &n_lines, NULL) ||
      (strcmp (argv[2], "edit") != 0 && strcmp (argv[2], "all") != 0))
    {
      g_printerr ("usage: %s NUMBER-OF-LINES edit|all\n", argv[0]);
      return EXIT_FAILURE;
    }

  all_changed = strcmp (argv[2], "all") == 0;
  name = g_strdup_printf ("diff-%" G_GUINT64_FORMAT "-%s", n_lines, argv[2]);
  generate ((guint) n_lines, all_changed, old_text, new_text);

  times = g_new0 (double, n_runs);
  unified_times = g_new0 (double, n_runs);
  for (guint run = 0; run < n_runs; run++)
    {
      g_autoptr(RdDiff) diff = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *unified = NULL;
      gint64 start = g_get_monotonic_time ();

      diff = rd_diff_new (old_text->str, new_text->str, RD_DIFF_NONE, &error);
      times[run] = (g_get_monotonic_time () - start) / 1000.0;
      if (diff == NULL)
        {
          g_printerr ("%s: the diff failed: %s\n", name, error->message);
          return EXIT_FAILURE;
        }

      start = g_get_monotonic_time ();
      unified = rd_diff_to_unified (diff, "script.sql", "script.sql");
      unified_times[run] = (g_get_monotonic_time () - start) / 1000.0;

      n_added = rd_diff_get_n_added (diff);
      n_removed = rd_diff_get_n_removed (diff);
      unified_len = strlen (unified);
    }

  /* bench_median () sorts: the best is [0] after it. */
  median = bench_median (times, n_runs);
  unified_median = bench_median (unified_times, n_runs);
  g_print ("%s: %.2f MB per side, +%u -%u; rd_diff_new: median %.1f ms (best %.1f); "
           "to_unified: median %.2f ms; patch %.2f MB",
           name, old_text->len / 1e6, n_added, n_removed, median, times[0],
           unified_median, unified_len / 1e6);

  git = g_find_program_in_path ("git");
  if (git == NULL)
    {
      g_print ("; git diff: not run (no git)\n");
      return EXIT_SUCCESS;
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("bench-diff-XXXXXX", &error);
    g_autofree char *old_path = NULL;
    g_autofree char *new_path = NULL;
    gboolean ran = dir != NULL;

    if (ran)
      {
        old_path = g_build_filename (dir, "old.sql", NULL);
        new_path = g_build_filename (dir, "new.sql", NULL);
        ran = g_file_set_contents (old_path, old_text->str, old_text->len, &error) &&
              g_file_set_contents (new_path, new_text->str, new_text->len, &error);
      }

    git_times = g_new0 (double, n_runs);
    for (guint run = 0; ran && run < n_runs; run++)
      {
        const char *git_argv[] = {
          git, "diff", "--no-index", "--no-color", "--no-ext-diff", "--patience",
          old_path, new_path, NULL
        };
        BenchChild child;

        /* Exit status 1: the files differ. */
        ran = bench_run_child (git_argv, NULL, &child, NULL, &error) && child.exit_status == 1;
        git_times[run] = child.wall_s * 1000.0;
      }

    if (ran)
      {
        double ours = median + unified_median;
        double theirs = bench_median (git_times, n_runs);

        g_print ("; git diff --no-index --patience (a process, writing the patch): median "
                 "%.1f ms (best %.1f); ratio ours/git %.2f\n",
                 theirs, git_times[0], theirs > 0 ? ours / theirs : 0);
      }
    else
      {
        g_print ("; git diff: not run (%s)\n", error != NULL ? error->message : "it failed");
      }

    if (old_path != NULL)
      g_unlink (old_path);
    if (new_path != NULL)
      g_unlink (new_path);
    if (dir != NULL)
      g_rmdir (dir);
  }

  return EXIT_SUCCESS;
}
