/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-review.c: the review pane, in-process on the demo service: a task's change from the
 * selection to the painted frame, the longest the main loop is blocked on the way, and whether
 * moving to the next task waits on the network; beside the same text loaded into a plain
 * GtkSourceView (the toolkit's own cost), in the same run. */
#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <stdio.h>

#include "bench-util.h"
#include "bench-loop.h"
#include "rd-change-view.h"
#include "rd-test-window.h"
#include "rd-client.h"
#include "rd-demo-testing.h"
#include "rd-tasks-view.h"
#include "rd-window.h"

#define N_RUNS 5

/* {{{ The main loop, watched (bench-loop.h) */

#define last_paint_us bench_last_paint_us
#define painted_since bench_painted_since
typedef BenchCondition Condition;

/* The longest stall, kept across calls. */
static void
wait_for (Condition   condition,
          gpointer    data,
          double     *max_stall_ms,
          const char *what)
{
  double stall = 0;

  bench_wait_for (condition, data, &stall, what);
  if (max_stall_ms != NULL)
    *max_stall_ms = MAX (*max_stall_ms, stall);
}

/* }}} */

/* {{{ Texts: SQL of @n lines; the new version with every @every-th line changed */

static char *
make_sql (guint    n,
          guint    every,
          gboolean changed)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      gboolean edit = changed && every > 0 && i % every == 0;

      g_string_append_printf (text, "SELECT order_id, store_id, amount%s FROM dws.orders_%u "
                              "WHERE dt = '${bizdate}' AND amount > %u;\n",
                              edit ? " * 1.06" : "", i, edit ? i + 7 : i);
    }

  return g_string_free (text, FALSE);
}

/* }}} */

typedef struct
{
  const char *name;
  guint       lines;
  guint       every;   /* 1: every line changed */
} Case;

static const Case cases[] = {
  { "script_300_lines",    300,   20 },
  { "script_5000_lines",   5000,  20 },
  { "script_20000_lines",  20000, 1 },
};
static const Case away = { "away", 40, 10 };

typedef struct
{
  RdWindow          *window;
  RdChangeView      *view;
  GtkSelectionModel *selection;
  gboolean           finished;
} Bench;

static void
on_lookup_finished (RdWindow *window, RdReleasePackage *package, const GError *error,
                    gboolean current, Bench *b)
{
  if (error != NULL)
    g_error ("lookup: %s", error->message);
  b->finished = TRUE;
}

static gboolean
lookup_done (gpointer data)
{
  return ((Bench *) data)->finished;
}

static gboolean
change_shown (gpointer data)
{
  Bench *b = data;
  RdTaskChange *change = rd_change_view_get_change (b->view);

  return change != NULL && rd_task_change_is_loaded (change) &&
         rd_change_view_get_n_hunks (b->view) > 0;
}

/* Selects row @position and waits for its diff on screen: milliseconds to the painted frame,
 * and the longest stall on the way. */
static double
show_task (Bench  *b,
           guint   position,
           double *stall_ms)
{
  gint64 start = g_get_monotonic_time ();
  gint64 shown;

  gtk_selection_model_select_item (b->selection, position, TRUE);
  wait_for (change_shown, b, stall_ms, "the change");
  shown = g_get_monotonic_time ();
  wait_for (painted_since, &shown, stall_ms, "a frame");

  return (last_paint_us - start) / 1000.0;
}

/* The toolkit alone: the same new text into a plain GtkSourceView with SQL colours. */
static double
peer_plain_view (GtkWidget  *window,
                 const char *text,
                 double     *stall_ms)
{
  GtkSourceBuffer *buffer = gtk_source_buffer_new_with_language (
      gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                "sql"));
  GtkWidget *view = gtk_source_view_new_with_buffer (buffer);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  gint64 start, shown;

  gtk_source_view_set_show_line_numbers (GTK_SOURCE_VIEW (view), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (GTK_WINDOW (window), scroller);

  start = g_get_monotonic_time ();
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text, -1);
  shown = g_get_monotonic_time ();
  wait_for (painted_since, &shown, stall_ms, "the plain view");
  *stall_ms = MAX (*stall_ms, (shown - start) / 1000.0);
  g_object_unref (buffer);

  return (last_paint_us - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdDemoService) demo = NULL;
  g_autoptr(RdClient) client = NULL;
  g_autoptr(GString) tasks_json = g_string_new (NULL);
  g_autofree char *package_json = NULL;
  GtkWidget *peer_window;
  Bench b = { 0 };

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (!gtk_init_check ())
    {
      g_print ("bench-review: no display (run it under xvfb-run -a)\n");
      return 77;
    }
  adw_init ();
  gtk_source_init ();
  bench_deadline_seconds = 120;
  bench_watch_main_loop ();

  demo = rd_demo_service_new ();
  if (!rd_demo_service_start (demo, &error))
    g_error ("%s", error->message);
  client = rd_test_new_token_client (rd_demo_service_get_url (demo), RD_DEMO_TOKEN);

  for (guint i = 0; i < G_N_ELEMENTS (cases) + 1; i++)
    {
      /* First a small script to step away to between runs, then the cases. */
      const Case *c = i > 0 ? &cases[i - 1] : &away;
      g_autofree char *old_text = make_sql (c->lines, c->every, FALSE);
      g_autofree char *new_text = make_sql (c->lines, c->every, TRUE);
      g_autofree char *old_json = rd_test_script_json ("HiveSQL", old_text);
      g_autofree char *new_json = rd_test_script_json ("HiveSQL", new_text);

      rd_demo_service_add_script_version (demo, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                          c->name, 1, old_json);
      rd_demo_service_add_script_version (demo, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                          c->name, 2, new_json);
      g_string_append_printf (tasks_json, "%s{\"task_type\":2,\"update_type\":2,"
                              "\"item_name\":\"%s\",\"pending_item_id\":\"%u\","
                              "\"deployed_version\":1,\"pending_version\":2}",
                              i > 0 ? "," : "", c->name, i + 1);
    }
  package_json = g_strdup_printf ("{\"release_package\":{\"package_id\":\"bench\","
                                  "\"package_name\":\"bench\",\"deploy_status\":1},"
                                  "\"task_details\":[%s]}", tasks_json->str);
  rd_demo_service_add_package (demo, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, "bench",
                               package_json);

  b.window = rd_test_new_lookup_window (NULL, client, G_CALLBACK (on_lookup_finished), &b);
  gtk_window_set_default_size (GTK_WINDOW (b.window), 1400, 800);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (b.window)), "after-paint",
                    G_CALLBACK (bench_on_after_paint), NULL);
  rd_window_lookup (b.window, RD_DEMO_PROJECT_ID, NULL, "bench");
  wait_for (lookup_done, &b, NULL, "the package");
  b.view = RD_CHANGE_VIEW (rd_test_find_widget (GTK_WIDGET (b.window), RD_TYPE_CHANGE_VIEW,
                                                NULL, NULL));
  b.selection = rd_tasks_view_get_selection (rd_window_get_tasks_view (b.window));

  /* The first task shown fetches the next two: moving on then sends nothing. */
  {
    guint before;
    double ms, stall = 0;

    show_task (&b, 1, &stall);
    rd_test_run_for (3000);
    before = rd_demo_service_get_request_count (demo);
    ms = show_task (&b, 2, &stall);
    g_print ("next task after its prefetch: %.1f ms to the painted diff, %u requests sent on the "
             "way (%u lines)\n", ms, rd_demo_service_get_request_count (demo) - before,
             cases[1].lines);
    /* The rest starts from nothing but the client's cache. */
    rd_window_refresh (b.window);
    b.finished = FALSE;
    wait_for (lookup_done, &b, NULL, "the package again");
  }

  g_print ("# the review pane: selection to the painted frame of the diff (median of %d), the "
           "longest main-loop stall, and the requests sent\n", N_RUNS);
  g_print ("%-20s %9s %9s %9s %9s %9s %10s %10s\n", "case", "first_ms", "1st_stall",
           "cached_ms", "stall_med", "stall_max", "peer_ms", "peer_stall");

  peer_window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (peer_window), 700, 800);
  gtk_window_present (GTK_WINDOW (peer_window));
  g_signal_connect (gtk_widget_get_frame_clock (peer_window), "after-paint",
                    G_CALLBACK (bench_on_after_paint), NULL);

  /* The largest first: selecting a task prefetches the two after it, so in this order each
   * case's first show builds its pages then (a cold show), with only the versions cached. */
  for (guint n = G_N_ELEMENTS (cases); n-- > 0;)
    {
      double cached[N_RUNS], peer[N_RUNS], stalls[N_RUNS];
      double first, first_stall = 0, stall = 0, peer_stall = 0;
      g_autofree char *new_text = make_sql (cases[n].lines, cases[n].every, TRUE);

      first = show_task (&b, n + 1, &first_stall);
      for (guint run = 0; run < N_RUNS; run++)
        {
          /* Away and back: the versions and the pages are kept, the pane shows them again. */
          stalls[run] = 0;
          gtk_selection_model_select_item (b.selection, 0, TRUE);
          wait_for (change_shown, &b, &stalls[run], "the other change");
          cached[run] = show_task (&b, n + 1, &stalls[run]);
          stall = MAX (stall, stalls[run]);
          peer[run] = peer_plain_view (peer_window, new_text, &peer_stall);
        }

      g_print ("%-20s %9.1f %9.1f %9.1f %9.1f %9.1f %10.1f %10.1f\n", cases[n].name, first,
               first_stall, bench_median (cached, N_RUNS), bench_median (stalls, N_RUNS), stall,
               bench_median (peer, N_RUNS), peer_stall);
    }

  gtk_window_destroy (GTK_WINDOW (peer_window));
  gtk_window_destroy (GTK_WINDOW (b.window));
  rd_demo_service_stop (demo);

  return 0;
}
