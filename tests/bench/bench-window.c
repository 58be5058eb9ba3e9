/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-window.c: the window with a big package, in-process: answer to the first frame with rows,
 * sorting, filter keystrokes (and how long each blocks the main loop), scrolling, memory. */
#include "config.h"

#include <adwaita.h>
#include <gtk/gtk.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include "bench-util.h"
#include "bench-loop.h"
#include "rd-test-window.h"
#include "rd-client.h"
#include "rd-credentials.h"
#include "rd-demo-testing.h"
#include "rd-package-header.h"
#include "rd-task.h"
#include "rd-tasks-view.h"
#include "rd-window.h"

#define N_LOAD_RUNS 3
#define N_SORT_RUNS 3
#define N_PAGES 10

/* {{{ The main loop, watched (bench-loop.h) */

#define last_paint_us bench_last_paint_us
typedef BenchCondition Condition;

static void
wait_for (Condition   condition,
          gpointer    data,
          double     *max_stall_ms,
          const char *what)
{
  bench_wait_for (condition, data, max_stall_ms, what);
}

static gboolean
painted_since (gpointer data)
{
  return last_paint_us > *(gint64 *) data;
}

/* Waits for a frame painted after now; returns when it was painted. */
static gint64
wait_for_paint (const char *what)
{
  gint64 now = g_get_monotonic_time ();

  wait_for (painted_since, &now, NULL, what);

  return last_paint_us;
}

static gboolean
context_is_idle (gpointer data)
{
  return !g_main_context_pending (NULL);
}

/* }}} */

/* {{{ The window */

typedef struct
{
  RdWindow         *window;
  RdTasksView      *view;
  GtkWidget        *column_view;
  GtkWidget        *entry;

  gint64            answer_us;      /* the package handed to the window (the header has it) */
  gint64            finished_us;    /* lookup-finished: the tasks view has it too */
  RdReleasePackage *package;
  gboolean          finished;
  char             *failure;
} Bench;

static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (shows_text (child, text))
        return TRUE;
    }

  return FALSE;
}

static void
on_header_package (RdPackageHeader *header,
                   GParamSpec      *pspec,
                   Bench           *b)
{
  b->answer_us = g_get_monotonic_time ();
}

static void
on_lookup_finished (RdWindow         *window,
                    RdReleasePackage *package,
                    const GError     *error,
                    gboolean          current,
                    Bench            *b)
{
  b->finished_us = g_get_monotonic_time ();
  b->finished = TRUE;
  g_set_object (&b->package, package);
  if (error != NULL)
    b->failure = g_strdup (error->message);
}

static gboolean
lookup_finished (gpointer data)
{
  return ((Bench *) data)->finished;
}

/* The first row's name is on screen in a frame painted after the answer. */
typedef struct
{
  Bench  *b;
  gint64  rows_us;
  guint   frames;                 /* painted after the answer, the one with the rows included */
} RowsDrawn;

static void
check_rows_drawn (GdkFrameClock *clock,
                  RowsDrawn     *r)
{
  g_autoptr(RdTask) first = NULL;

  if (!r->b->finished || r->rows_us != 0)
    return;

  r->frames++;
  first = g_list_model_get_item (rd_tasks_view_get_visible_model (r->b->view), 0);
  if (first != NULL && shows_text (r->b->column_view, rd_task_get_item_name (first)))
    r->rows_us = g_get_monotonic_time ();
}

static gboolean
rows_drawn (gpointer data)
{
  return ((RowsDrawn *) data)->rows_us != 0;
}

static void
look_up (Bench      *b,
         const char *package_id)
{
  b->finished = FALSE;
  b->answer_us = b->finished_us = 0;
  g_clear_object (&b->package);

  if (!rd_window_lookup (b->window, RD_DEMO_PROJECT_ID, NULL, package_id))
    {
      g_printerr ("bench-window: the window refused the lookup\n");
      exit (EXIT_FAILURE);
    }
}

/* }}} */

/* {{{ Filtering: what the view should show for a query, found without it */

static gboolean
task_matches (RdTask     *task,
              const char *folded_query)
{
  const char *fields[] = {
    rd_task_get_item_name (task),
    rd_task_get_pending_item_id (task),
    rd_task_get_task_id (task),
    rd_task_get_script_id (task),
    rd_task_get_submit_user_name (task),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *folded = NULL;

      if (fields[i] == NULL)
        continue;
      folded = g_utf8_casefold (fields[i], -1);
      if (strstr (folded, folded_query) != NULL)
        return TRUE;
    }

  return FALSE;
}

static guint
count_matching (GListModel *tasks,
                const char *query)
{
  g_autofree char *folded = g_utf8_casefold (query, -1);
  guint n = g_list_model_get_n_items (tasks);
  guint matching = 0;

  if (*query == '\0')
    return n;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);

      if (task_matches (task, folded))
        matching++;
    }

  return matching;
}

typedef struct
{
  Bench      *b;
  const char *query;
  guint       expected;
  gint64      done_us;     /* when the rows were last right */
} FilterDone;

/* Every row shown matches and there are as many as should be. */
static gboolean
filter_done (gpointer data)
{
  FilterDone *f = data;
  GListModel *visible = rd_tasks_view_get_visible_model (f->b->view);

  if (g_list_model_get_n_items (visible) != f->expected)
    return FALSE;

  if (f->done_us == 0)
    {
      if (count_matching (visible, f->query) != f->expected)
        return FALSE;
      f->done_us = g_get_monotonic_time ();
    }

  /* And a frame shows them. */
  return last_paint_us > f->done_us;
}

/* }}} */

/* Takes @what. */
static void
print_times (char   *what,
             double *ms,
             guint   n)
{
  double median = bench_median (ms, n);

  g_print ("%s: %.1f ms (best of %u, median %.1f)\n", what, ms[0], n, median);
  g_free (what);
}

/* {{{ The service, in a child process: the window's memory is then the app's alone
 * (in this process the service's copy of a 37 MB answer was counted as the window's). */

static gboolean
on_stdin_closed (int           fd,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  char buffer[64];

  if (read (fd, buffer, sizeof buffer) > 0)
    return G_SOURCE_CONTINUE;

  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* `bench-window --serve N`: serves the demo packages and one of N tasks, prints
 * its address and serves until its standard input closes. */
static int
serve (guint64 n_tasks)
{
  g_autoptr(RdDemoService) demo = rd_demo_service_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *package_id = g_strdup_printf ("9%" G_GUINT64_FORMAT, n_tasks);
  g_autofree char *json = NULL;

  if (!rd_demo_service_start (demo, &error))
    {
      g_printerr ("bench-window: %s\n", error->message);
      return EXIT_FAILURE;
    }
  json = rd_demo_generate_package_json (package_id, (guint) n_tasks, 0x2545F491);
  rd_demo_service_add_package (demo, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, package_id, json);
  g_print ("%s %zu\n", rd_demo_service_get_url (demo), strlen (json));
  g_clear_pointer (&json, g_free);
  fflush (stdout);

  g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin_closed, loop);
  g_main_loop_run (loop);
  rd_demo_service_stop (demo);

  return EXIT_SUCCESS;
}

/* The child's address and the answer's size, or exits. */
static GSubprocess *
start_service (guint64  n_tasks,
               char   **url,
               gsize   *answer_size)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, n_tasks);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) fields = NULL;
  GSubprocess *child;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self != NULL ? self : "bench-window", "--serve", n, NULL);
  if (child == NULL)
    g_error ("bench-window: could not start the service: %s", error->message);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  fields = line != NULL ? g_strsplit (line, " ", 2) : NULL;
  if (fields == NULL || g_strv_length (fields) != 2)
    g_error ("bench-window: the service did not say its address%s%s",
             error != NULL ? ": " : "", error != NULL ? error->message : "");

  *url = g_strdup (fields[0]);
  *answer_size = g_ascii_strtoull (fields[1], NULL, 10);
  return child;
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocess) service = NULL;
  g_autofree char *service_url = NULL;
  gsize answer_size = 0;
  g_autoptr(RdCredentials) credentials = NULL;
  g_autoptr(RdClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *package_id = NULL;
  g_autofree char *prefix = NULL;
  Bench b = { 0 };
  guint64 n_tasks = 10000;
  double answer_to_rows[N_LOAD_RUNS];
  guint most_frames = 0;
  double lookup_to_rows[N_LOAD_RUNS];
  double in_set_package[N_LOAD_RUNS];
  double rss_loaded;
  double answer_mb;
  double rss_first = 0;
  double hwm_first = 0;
  double hwm_loaded;
  GdkFrameClock *clock;

  if (argc == 3 && g_str_equal (argv[1], "--serve") &&
      g_ascii_string_to_unsigned (argv[2], 10, 1, 10000000, &n_tasks, NULL))
    return serve (n_tasks);

  if (argc > 1 && !g_ascii_string_to_unsigned (argv[1], 10, 1, 10000000, &n_tasks, NULL))
    {
      g_printerr ("usage: %s [NUMBER-OF-TASKS]\n", argv[0]);
      return EXIT_FAILURE;
    }

  setlocale (LC_ALL, "");
  prefix = g_strdup_printf ("window %" G_GUINT64_FORMAT " tasks", n_tasks);

  if (!gtk_init_check ())
    {
      g_print ("%s: skipped, no display (run under xvfb-run, as .ci/bench does)\n", prefix);
      return 77;
    }
  adw_init ();

  bench_watch_main_loop ();

  /* The loopback service, in a child process (see serve()). */
  service = start_service (n_tasks, &service_url, &answer_size);
  package_id = g_strdup_printf ("9%" G_GUINT64_FORMAT, n_tasks);
  answer_mb = answer_size / 1e6;

  credentials = rd_credentials_new_token (RD_DEMO_TOKEN);
  client = rd_client_new (service_url, credentials, &error);
  g_assert_no_error (error);

  b.window = rd_window_new (NULL, NULL);
  rd_window_set_queue_visible (b.window, FALSE);
  rd_window_set_client (b.window, client);
  gtk_window_set_default_size (GTK_WINDOW (b.window), 1280, 800);
  g_signal_connect (b.window, "lookup-finished", G_CALLBACK (on_lookup_finished), &b);
  g_signal_connect (rd_window_get_package_header (b.window), "notify::package",
                    G_CALLBACK (on_header_package), &b);
  b.view = rd_window_get_tasks_view (b.window);
  /* The columns a first start shows (the settings' default hides these two; this window has
   * no settings). */
  rd_tasks_view_set_hidden_columns (b.view, (const char * const[]) { "job-id", "script-id",
                                                                     NULL });
  b.column_view = GTK_WIDGET (rd_tasks_view_get_column_view (b.view));
  b.entry = rd_test_find_widget (GTK_WIDGET (b.view), GTK_TYPE_SEARCH_ENTRY, NULL, NULL);
  g_assert_nonnull (b.entry);
  /* As if the user paused after each keystroke: the entry's 150 ms delay is not the view's. */
  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (b.entry), 0);

  gtk_window_present (GTK_WINDOW (b.window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (b.window));
  g_assert_nonnull (clock);
  g_signal_connect (clock, "after-paint", G_CALLBACK (bench_on_after_paint), NULL);
  wait_for_paint ("the first frame");
  g_print ("%s: memory with the empty window shown (GSK_RENDERER %s; a child process serves "
           "the %.1f MB answer): VmRSS %.1f MiB, VmHWM %.1f MiB\n", prefix,
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default", answer_mb,
           bench_self_status_mib ("VmRSS"), bench_self_status_mib ("VmHWM"));

  /* {{{ The answer to the first frame with rows: a small package first, so that every
   * run replaces rows on screen, as a new lookup does. */
  for (guint run = 0; run < N_LOAD_RUNS; run++)
    {
      RowsDrawn rows = { &b, 0, 0 };
      gulong handler;
      gint64 start;

      look_up (&b, RD_DEMO_PACKAGE_ID);
      wait_for (lookup_finished, &b, NULL, "the small package");
      wait_for_paint ("the small package's frame");

      handler = g_signal_connect (clock, "after-paint", G_CALLBACK (check_rows_drawn), &rows);
      start = g_get_monotonic_time ();
      look_up (&b, package_id);
      wait_for (lookup_finished, &b, NULL, "the big package");
      if (b.package == NULL)
        {
          g_printerr ("%s: the lookup failed: %s\n", prefix, b.failure);
          return EXIT_FAILURE;
        }
      wait_for (rows_drawn, &rows, NULL, "the big package's rows");
      g_signal_handler_disconnect (clock, handler);

      if (run == 0)
        {
          rss_first = bench_self_status_mib ("VmRSS");
          hwm_first = bench_self_status_mib ("VmHWM");
        }

      answer_to_rows[run] = (rows.rows_us - b.answer_us) / 1000.0;
      most_frames = MAX (most_frames, rows.frames);
      lookup_to_rows[run] = (rows.rows_us - start) / 1000.0;
      in_set_package[run] = (b.finished_us - b.answer_us) / 1000.0;
    }

  if (g_list_model_get_n_items (rd_tasks_view_get_visible_model (b.view)) != n_tasks)
    {
      g_printerr ("%s: the view shows %u tasks\n", prefix,
                  g_list_model_get_n_items (rd_tasks_view_get_visible_model (b.view)));
      return EXIT_FAILURE;
    }

  print_times (g_strdup_printf ("%s: answer (parsed, handed to the window) to the first frame "
                                "with rows", prefix), answer_to_rows, N_LOAD_RUNS);
  print_times (g_strdup_printf ("%s:   of which in rd_tasks_view_set_package() and the header",
                                prefix), in_set_package, N_LOAD_RUNS);
  /* The target counts frames: the rows in the first or second frame painted after the
   * answer, whatever one frame costs on the renderer at hand. */
  g_print ("%s: the rows are in frame %u after the answer at worst (of %u runs)\n", prefix,
           most_frames, N_LOAD_RUNS);
  print_times (g_strdup_printf ("%s: lookup (request, transfer, parse in a thread) to the first "
                                "frame with rows", prefix), lookup_to_rows, N_LOAD_RUNS);

  {
    gint64 start = g_get_monotonic_time ();

    /* The view makes its filter and sort keys in idle time after a new package. */
    wait_for (context_is_idle, NULL, NULL, "the main loop to go idle");
    g_print ("%s: main loop idle (sort and filter keys made) %.1f ms after the rows were drawn\n",
             prefix, (g_get_monotonic_time () - start) / 1000.0);
  }
  rss_loaded = bench_self_status_mib ("VmRSS");
  hwm_loaded = bench_self_status_mib ("VmHWM");
  /* }}} */

  /* {{{ Sorting by a text column and by a time column */
  {
    static const struct {
      RdTaskColumn column;
      const char *name;
    } sorts[] = {
      { RD_TASK_COLUMN_NAME, "name (text)" },
      { RD_TASK_COLUMN_SUBMITTED_AT, "submitted at (time)" },
    };

    for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
      {
        double sync_ms[N_SORT_RUNS * 2];
        double frame_ms[N_SORT_RUNS * 2];

        for (guint run = 0; run < N_SORT_RUNS * 2; run++)
          {
            gint64 start = g_get_monotonic_time ();
            gint64 painted;

            gtk_column_view_sort_by_column (
                GTK_COLUMN_VIEW (b.column_view), rd_tasks_view_get_column (b.view, sorts[s].column),
                run % 2 == 0 ? GTK_SORT_ASCENDING : GTK_SORT_DESCENDING);
            sync_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
            painted = wait_for_paint ("the sorted frame");
            frame_ms[run] = (painted - start) / 1000.0;
          }

        print_times (g_strdup_printf ("%s: sort by %s, click to the sorted frame",
                                      prefix, sorts[s].name), frame_ms, N_SORT_RUNS * 2);
        print_times (g_strdup_printf ("%s:   of which sorting", prefix), sync_ms, N_SORT_RUNS * 2);
      }

    gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (b.column_view), NULL, GTK_SORT_ASCENDING);
    wait_for_paint ("the unsorted frame");
  }
  /* }}} */

  /* {{{ Filter keystrokes: to the frame with the right rows, and the longest the main
   * loop was busy meanwhile (a keystroke waits that long at worst) */
  {
    static const struct {
      const char *text;
      const char *what;
    } keys[] = {
      { "s", "first letter" },
      { "su", "narrowing" },
      { "sup", "narrowing" },
      { "supp", "narrowing" },
      { "sup", "backspace" },
      { "", "clear" },
      { "1", "first letter" },
      { "12", "narrowing" },
      { "123", "narrowing" },
      { "1", "big backspace" },
      { "", "clear" },
      { "李", "first letter" },
      { "", "clear" },
    };
    GListModel *tasks = rd_release_package_get_tasks (b.package);
    double worst_stall = 0;
    double worst_ms = 0;

    for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
      {
        FilterDone done = { &b, keys[k].text, count_matching (tasks, keys[k].text), 0 };
        double stall;
        gint64 start;

        wait_for (context_is_idle, NULL, NULL, "the main loop to go idle");
        start = g_get_monotonic_time ();
        gtk_editable_set_text (GTK_EDITABLE (b.entry), keys[k].text);
        wait_for (filter_done, &done, &stall, "the filtered rows");

        g_print ("%s: filter “%s” (%s) → %u rows: %.1f ms to the frame with the rows, "
                 "main loop busy at most %.1f ms at a time\n",
                 prefix, keys[k].text, keys[k].what, done.expected,
                 (last_paint_us - start) / 1000.0, stall);
        worst_stall = MAX (worst_stall, stall);
        worst_ms = MAX (worst_ms, (last_paint_us - start) / 1000.0);
      }

    g_print ("%s: filter keystrokes: worst %.1f ms to the frame with the rows, "
             "worst main-loop block %.1f ms\n", prefix, worst_ms, worst_stall);
  }
  /* }}} */

  /* {{{ Scrolling a page at a time */
  {
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (b.column_view));
    double page_ms[N_PAGES];

    wait_for (context_is_idle, NULL, NULL, "the main loop to go idle");
    for (guint page = 0; page < N_PAGES; page++)
      {
        gint64 start = g_get_monotonic_time ();

        gtk_adjustment_set_value (adjustment,
                                  gtk_adjustment_get_value (adjustment) +
                                  gtk_adjustment_get_page_size (adjustment));
        page_ms[page] = (wait_for_paint ("the scrolled frame") - start) / 1000.0;
      }

    print_times (g_strdup_printf ("%s: scroll a page, to the frame", prefix), page_ms, N_PAGES);
  }
  /* }}} */

  g_print ("%s: memory with the package shown after the first lookup: VmRSS %.1f MiB, "
           "VmHWM %.1f MiB; after %d lookups: VmRSS %.1f MiB, VmHWM %.1f MiB; "
           "after everything: VmRSS %.1f MiB, VmHWM %.1f MiB\n",
           prefix, rss_first, hwm_first, N_LOAD_RUNS, rss_loaded, hwm_loaded,
           bench_self_status_mib ("VmRSS"), bench_self_status_mib ("VmHWM"));

  g_clear_object (&b.package);
  g_free (b.failure);
  gtk_window_destroy (GTK_WINDOW (b.window));
  /* Closing its standard input ends the service. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (service), NULL, NULL);
  g_subprocess_wait (service, NULL, NULL);

  return EXIT_SUCCESS;
}
