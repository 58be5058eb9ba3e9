/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-bad-input-window.c: the window rows of the bad-input matrix (tests/README.md): lookups
 * fired in a row, a window closed mid-request, quitting while an export is being written. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "rd-application.h"
#include "rd-demo-testing.h"
#include "rd-export.h"
#include "rd-window.h"
#include "valgrind-util.h"
#include "rd-test-window.h"

/* A guard against a hang, longer under valgrind. */
#define WAIT_SECONDS (60 * rd_test_slowdown ())
#define N_LOOKUPS 100

static gboolean have_display;
static char *schema_dir;

typedef struct
{
  char     *package_id;   /* NULL without a package */
  GError   *error;
  gboolean  current;
  gint64    when;
} Finished;

static void
finished_free (Finished *finished)
{
  g_free (finished->package_id);
  g_clear_error (&finished->error);
  g_free (finished);
}

static void
on_lookup_finished (RdWindow         *window,
                    RdReleasePackage *package,
                    const GError     *error,
                    gboolean          current,
                    GPtrArray        *finished_list)
{
  Finished *finished = g_new0 (Finished, 1);

  finished->package_id =
      package != NULL ? g_strdup (rd_release_package_get_package_id (package)) : NULL;
  finished->error = error != NULL ? g_error_copy (error) : NULL;
  finished->current = current;
  finished->when = g_get_monotonic_time ();
  g_ptr_array_add (finished_list, finished);
}

/* What the header may show while lookups are superseded: nothing yet, or the last one. */
static void
on_shown_id_changed (GtkLabel   *label,
                     GParamSpec *pspec,
                     guint      *n_wrong)
{
  const char *text = gtk_label_get_label (label);

  if (text[0] != '\0' && !g_str_equal (text, "p99"))
    (*n_wrong)++;
}

typedef struct
{
  RdDemoService *demo;
  RdClient      *client;
  RdWindow      *window;
  GPtrArray     *finished;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  if (!have_display)
    return;

  fixture->finished = g_ptr_array_new_with_free_func ((GDestroyNotify) finished_free);
  fixture->demo = rd_test_start_demo_service ();
  fixture->client = rd_test_new_token_client (rd_demo_service_get_url (fixture->demo),
                                              RD_DEMO_TOKEN);

  /* No settings: nothing persists. */
  fixture->window = rd_test_new_lookup_window (NULL, fixture->client,
                                               G_CALLBACK (on_lookup_finished), fixture->finished);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!have_display)
    return;

  rd_test_destroy_window (&fixture->window, WAIT_SECONDS);
  rd_test_drop_client (&fixture->client);
  rd_test_stop_demo_service (&fixture->demo);
  g_clear_pointer (&fixture->finished, g_ptr_array_unref);
}

/* {{{ 100 lookups in a row */

/* A user who holds Enter, or pastes a hundred IDs one after another: each
 * lookup cancels the one before, only the last is shown, every other one ends
 * cancelled (none is left running), and nothing is leaked: the window and
 * the client are freed at the end. */
static void
test_hundred_lookups_only_last_shown (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autofree char *last_path = NULL;
  GObject *shown_id;
  guint n_wrong = 0;
  guint n_current = 0;

  SKIP_WITHOUT_DISPLAY ();

  for (guint i = 0; i < N_LOOKUPS; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", i);

      rd_demo_service_add_generated_package (fixture->demo, RD_DEMO_PROJECT_ID,
                                             RD_DEMO_WORKSPACE_ID, id, 3);
    }
  shown_id =
      gtk_widget_get_template_child (GTK_WIDGET (rd_window_get_package_header (fixture->window)),
                                     RD_TYPE_PACKAGE_HEADER, "package_id_label");
  g_assert_true (GTK_IS_LABEL (shown_id));
  g_signal_connect (shown_id, "notify::label", G_CALLBACK (on_shown_id_changed), &n_wrong);

  for (guint i = 0; i < N_LOOKUPS; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", i);

      g_assert_true (rd_window_lookup (fixture->window, RD_DEMO_PROJECT_ID, NULL, id));
      g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "loading");
    }

  WAIT_UNTIL (fixture->finished->len == N_LOOKUPS);

  for (guint i = 0; i < N_LOOKUPS; i++)
    {
      Finished *finished = g_ptr_array_index (fixture->finished, i);

      if (finished->current)
        {
          n_current++;
          g_assert_no_error (finished->error);
          g_assert_cmpstr (finished->package_id, ==, "p99");
        }
      else
        {
          /* Cancelled by the next lookup, before any answer could be shown. */
          g_assert_error (finished->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_null (finished->package_id);
        }
    }
  g_assert_cmpuint (n_current, ==, 1);
  g_assert_cmpuint (n_wrong, ==, 0);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (shown_id)), ==, "p99");
  g_signal_handlers_disconnect_by_func (shown_id, on_shown_id_changed, &n_wrong);

  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
  g_assert_cmpstr (rd_release_package_get_package_id (rd_window_get_package (fixture->window)), ==,
                   "p99");
  g_assert_cmpuint (g_list_model_get_n_items (rd_tasks_view_get_visible_model (
                        rd_window_get_tasks_view (fixture->window))),
                    ==, 3);
  /* The last lookup reached the service; the cancelled ones did not all go out. */
  last_path = g_strdup (rd_demo_service_get_last_path (fixture->demo));
  g_assert_cmpstr (last_path, ==, "/v2/" RD_DEMO_PROJECT_ID "/factory/release-packages/p99");
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->demo), <=, N_LOOKUPS);

  /* No lookup holds the window or the client any more. */
  rd_test_destroy_window (&fixture->window, WAIT_SECONDS);
  rd_test_drop_client (&fixture->client);
}

/* }}} */

/* {{{ Closing the window mid-request */

/* The service takes 3 s to answer; the user closes the window (its close
 * button, Ctrl+W) after the request went out. The lookup must end cancelled
 * at once, not run on for a window nobody sees; the window is freed (no
 * callback touches it afterwards: AddressSanitizer would say so), and the
 * client, with no request left, is freed too. */
static void
test_close_window_mid_request (Fixture       *fixture,
                               gconstpointer  data)
{
  RdDemoFault delay = { RD_DEMO_FAULT_DELAY, .delay_ms = 3000 };
  gpointer weak = fixture->window;
  Finished *finished;
  gboolean cancelled_at_once;
  gint64 closed;

  SKIP_WITHOUT_DISPLAY ();

  rd_demo_service_push_fault (fixture->demo, &delay);
  g_assert_true (rd_window_lookup (fixture->window, RD_DEMO_PROJECT_ID, NULL, RD_DEMO_PACKAGE_ID));
  WAIT_UNTIL (rd_demo_service_get_request_count (fixture->demo) == 1);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "loading");

  closed = g_get_monotonic_time ();
  g_object_add_weak_pointer (G_OBJECT (fixture->window), &weak);
  gtk_window_close (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  WAIT_UNTIL (fixture->finished->len == 1);

  finished = g_ptr_array_index (fixture->finished, 0);
  cancelled_at_once = g_error_matches (finished->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
                      !finished->current &&
                      finished->when - closed < 1500 * G_TIME_SPAN_MILLISECOND;

  /* Whatever happened, nothing of the window or the lookup is left. */
  WAIT_UNTIL (weak == NULL);
  rd_test_drop_client (&fixture->client);
  /* Only the one request: nothing was sent again after the window went. */
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->demo), ==, 1);
  g_assert_cmpuint (fixture->finished->len, ==, 1);

  /* Closing cancels the lookup in flight (rd_window_close_request). */
  g_assert_true (cancelled_at_once);
}

/* }}} */

/* {{{ Quitting while an export is being written */

#define BIG_PACKAGE_ID "9000"
/* Big enough for the write to take a while. Under valgrind, where everything is about ten
 * times slower still, a tenth of it takes as long, and the whole 60,000 did not even arrive
 * within the client's 30 s. */
#define BIG_PACKAGE_TASKS (60000 / rd_test_slowdown ())

typedef struct
{
  GApplication  *app;
  RdWindow      *window;
  RdDemoService *demo;
  RdClient      *client;
  char          *dir;
  char          *path;
  GThread       *thread;
  gint           exporting;          /* set by the main thread just before the export */
  gint64         quit_requested;     /* when the thread asked to quit */
  gint64         export_returned;
  gint64         quit_ran;
  gboolean       exported;
  gboolean       saw_temporary_file; /* the thread saw the export's temporary file */
  guint          n_lookups;
} QuitRun;

static gboolean
dir_has_other_entry (const char *dir,
                     const char *name)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *entry;

  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    if (!g_str_equal (entry, name))
      return TRUE;

  return FALSE;
}

static gboolean
quit_from_main (gpointer user_data)
{
  QuitRun *run = user_data;

  run->quit_ran = g_get_monotonic_time ();
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);

  return G_SOURCE_REMOVE;
}

/* Asks to quit, as Ctrl+Q would, once the export's temporary file is there. */
static gpointer
quit_thread (gpointer user_data)
{
  QuitRun *run = user_data;

  while (!g_atomic_int_get (&run->exporting))
    g_thread_yield ();

  /* The document is generated first, then written to a temporary file beside the old
   * one: wait for that file, so that the request comes in the middle of the write. */
  while (g_atomic_int_get (&run->exporting) == 1)
    if (dir_has_other_entry (run->dir, "package.json"))
      {
        run->saw_temporary_file = TRUE;
        break;
      }

  run->quit_requested = g_get_monotonic_time ();
  g_main_context_invoke (NULL, quit_from_main, run);

  return NULL;
}

static gboolean
export_now (gpointer user_data)
{
  QuitRun *run = user_data;
  g_autoptr(GFile) file = g_file_new_for_path (run->path);

  run->thread = g_thread_new ("quit", quit_thread, run);
  g_atomic_int_set (&run->exporting, 1);
  run->exported = rd_window_export_to_file (run->window, file);
  g_atomic_int_set (&run->exporting, 2);
  run->export_returned = g_get_monotonic_time ();

  return G_SOURCE_REMOVE;
}

static void
on_quit_lookup_finished (RdWindow         *window,
                         RdReleasePackage *package,
                         const GError     *error,
                         gboolean          current,
                         QuitRun          *run)
{
  if (!current)
    return;

  g_assert_no_error (error);
  run->n_lookups++;

  /* --demo shows its example package first; then the big one, on a service of the test's own. */
  if (run->n_lookups == 1)
    {
      rd_window_set_client (window, run->client);
      g_assert_true (rd_window_lookup (window, RD_DEMO_PROJECT_ID, NULL, BIG_PACKAGE_ID));
    }
  else if (run->n_lookups == 2)
    {
      g_assert_cmpstr (rd_release_package_get_package_id (package), ==, BIG_PACKAGE_ID);
      g_idle_add (export_now, run);
    }
}

static void
on_quit_window_added (GtkApplication *app,
                      GtkWindow      *window,
                      QuitRun        *run)
{
  if (!RD_IS_WINDOW (window))
    return;

  run->window = RD_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &run->window);
  g_signal_connect (window, "lookup-finished", G_CALLBACK (on_quit_lookup_finished), run);
}

/* Ctrl+Q arrives while a big package is being exported over an older
 * export: the export runs to its end first (it is never cut short), the file
 * is the whole new document, no temporary file is left, and only then does
 * the application quit. */
static void
test_quit_during_export (void)
{
  g_autoptr(RdApplication) app = NULL;
  g_autoptr(RdCredentials) credentials = rd_credentials_new_token (RD_DEMO_TOKEN);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *argv[] = { "release-desk", "--demo", NULL };
  QuitRun run = { 0 };
  gsize length;
  int status;

  SKIP_WITHOUT_DISPLAY ();

  run.demo = rd_test_start_demo_service ();
  rd_demo_service_add_generated_package (run.demo, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                         BIG_PACKAGE_ID, BIG_PACKAGE_TASKS);
  run.client = rd_client_new (rd_demo_service_get_url (run.demo), credentials, &error);
  g_assert_no_error (error);
  rd_client_set_timeout (run.client, 30 * rd_test_slowdown ());

  run.dir = g_dir_make_tmp ("rd-bad-input-window-XXXXXX", &error);
  g_assert_no_error (error);
  run.path = g_build_filename (run.dir, "package.json", NULL);
  g_assert_true (g_file_set_contents (run.path, "old export\n", -1, NULL));

  app = rd_application_new ();
  run.app = G_APPLICATION (app);
  g_signal_connect (app, "window-added", G_CALLBACK (on_quit_window_added), &run);

  status = g_application_run (G_APPLICATION (app), 2, (char **) argv);
  g_assert_nonnull (run.thread);
  g_thread_join (run.thread);

  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (run.n_lookups, ==, 2);
  g_assert_true (run.exported);
  g_test_message ("after the quit request, the export returned at +%" G_GINT64_FORMAT
                  " µs and the quit ran at +%" G_GINT64_FORMAT " µs",
                  run.export_returned - run.quit_requested, run.quit_ran - run.quit_requested);
  /* The quit was asked for while the file was being written, and ran only after it. */
  g_assert_true (run.saw_temporary_file);
  g_assert_cmpint (run.quit_requested, <, run.export_returned);
  g_assert_cmpint (run.quit_ran, >=, run.export_returned);
  /* The window went with the application. */
  g_assert_null (run.window);

  /* The whole new document, and nothing else in the folder. */
  g_file_get_contents (run.path, &contents, &length, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, contents, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_node_get_object (json_parser_get_root (parser)), "task_details")),
                    ==, BIG_PACKAGE_TASKS);
  g_assert_false (dir_has_other_entry (run.dir, "package.json"));

  g_unlink (run.path);
  g_rmdir (run.dir);
  g_free (run.path);
  g_free (run.dir);
  g_clear_object (&run.client);
  rd_demo_service_stop (run.demo);
  g_clear_object (&run.demo);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_test_init (&argc, &argv, NULL);

  /* Before GTK starts: the application's window reads its settings from there. */
  schema_dir = rd_test_compile_schema ();
  g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);

  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

#define ADD(path, func) \
  g_test_add ("/bad-input-window/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("lookup/hundred-in-a-row-only-last-shown", test_hundred_lookups_only_last_shown);
  ADD ("close/mid-request-cancels-and-frees", test_close_window_mid_request);

#undef ADD

  g_test_add_func ("/bad-input-window/quit/during-export-writes-whole-file",
                   test_quit_during_export);

  status = g_test_run ();

  rd_test_remove_schema_dir (schema_dir);
  g_free (schema_dir);

  return status;
}
