/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-instance.c: the running Release Desk and what it is given: a second `release-desk`'s
 * credentials, and the environment of the programs it starts (issue 15, items 1 and 7). */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rd-application.h"
#include "rd-demo-testing.h"
#include "rd-window.h"
#include "valgrind-util.h"
#include "rd-test-util.h"

/* A guard against a hang, longer under valgrind. */
#define WAIT_SECONDS (20 * rd_test_slowdown ())

/* Credentials each invocation gives, none of them a demo default: a request that carries one
 * names the invocation it came from. */
#define FIRST_TOKEN   "first-instance-token-0123456789abcdef"
#define SECOND_TOKEN  "second-invocation-token-fedcba9876543210"
#define SECOND_AK     "RDSECONDINVOCATIONAK"
#define SECOND_SK     "second-invocation-secret-key-0000000000"
#define LAUNCH_AK     "RDLAUNCHTESTACCESSK1"
#define LAUNCH_SK     "launch-test-secret-key-5a5a5a5a5a5a5a5a5a"
#define LAUNCH_ST     "launch-test-security-token-c3c3c3c3c3"
#define LAUNCH_TOKEN  "launch-test-token-a1a1a1a1a1a1a1a1a1"

static gboolean have_display;
static gboolean have_bus;
static char *handler_dir;   /* the fake https handler and the environment it writes */

typedef struct
{
  GApplication  *app;
  RdDemoService *first;
  RdDemoService *second;
  GPtrArray     *windows;   /* the RdWindows, in the order they opened */
  gboolean       done;
} InstanceRun;

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 InstanceRun    *run)
{
  if (RD_IS_WINDOW (window))
    g_ptr_array_add (run->windows, window);
}

/* Runs the real release-desk with @env (KEY=VALUE, NULL-terminated) and nothing else of the
 * credentials kind, iterating the main context: its command line comes to the application
 * running in this process over D-Bus. Returns its exit status; @err gets its standard error. */
static int
run_second (const char * const  *env,
            char               **err,
            const char          *first_arg,
            ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) args = NULL;
  va_list ap;

  va_start (ap, first_arg);
  args = rd_test_release_desk_argv (first_arg, ap);
  va_end (ap);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  rd_test_launcher_unset_credentials (launcher);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  rd_test_launcher_set_env (launcher, env);

  return rd_test_communicate (launcher, args, WAIT_SECONDS, NULL, err);
}

/* The credentials @service's requests carried, as its log names them, in order. */
static char *
credentials_seen (RdDemoService *service)
{
  g_autoptr(GPtrArray) requests = rd_demo_service_dup_requests (service);
  g_autoptr(GString) seen = g_string_new (NULL);

  for (guint i = 0; i < requests->len; i++)
    {
      RdDemoRequest *request = g_ptr_array_index (requests, i);

      g_string_append_printf (seen, "%s%s", seen->len > 0 ? " " : "",
                              request->credential != NULL ? request->credential : "(none)");
    }

  return g_string_free (g_steal_pointer (&seen), FALSE);
}

/* Every request @service saw carried @credential, and there was at least one. */
static void
assert_only_credential (RdDemoService *service,
                        const char    *credential,
                        const char    *what)
{
  g_autoptr(GPtrArray) requests = rd_demo_service_dup_requests (service);
  g_autofree char *seen = credentials_seen (service);

  g_test_message ("%s saw: %s (expected only %s)", what, seen, credential);
  g_assert_cmpuint (requests->len, >, 0);
  for (guint i = 0; i < requests->len; i++)
    {
      RdDemoRequest *request = g_ptr_array_index (requests, i);

      g_assert_cmpstr (request->credential, ==, credential);
    }
}

static RdWindow *
window_at (InstanceRun *run,
           guint        index)
{
  WAIT_UNTIL (run->windows->len > index);
  return g_ptr_array_index (run->windows, index);
}

/* Waits for the window's lookup to end, shown or failed. */
static const char *
settled_state (RdWindow *window)
{
  WAIT_UNTIL (g_str_equal (rd_window_get_state (window), "package") ||
              g_str_equal (rd_window_get_state (window), "error"));
  return rd_window_get_state (window);
}

static const char *
subtitle_of (RdWindow *window)
{
  GtkWidget *title = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), RD_TYPE_WINDOW,
                                                                "window_title"));

  return adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title));
}

static void
assert_subtitle_names (RdWindow   *window,
                       const char *identity)
{
  const char *subtitle = subtitle_of (window);

  g_test_message ("subtitle: %s", subtitle);
  g_assert_true (g_str_has_prefix (subtitle, "127.0.0.1 · Environment credentials, "));
  g_assert_true (g_str_has_suffix (subtitle, identity));
}

static gboolean
second_invocation_script (gpointer user_data)
{
  InstanceRun *run = user_data;
  const char *url = rd_demo_service_get_url (run->second);
  g_autofree char *second_url = g_strconcat ("--endpoint=", url, NULL);
  g_autofree char *first_credential = rd_demo_token_credential (FIRST_TOKEN);
  g_autofree char *second_credential = rd_demo_token_credential (SECOND_TOKEN);
  g_autofree char *err = NULL;
  RdWindow *window;
  guint before;
  int status;

  /* The first window: this process's own command line, with its own token. */
  window = window_at (run, 0);
  g_assert_cmpstr (settled_state (window), ==, "package");
  assert_subtitle_names (window, "token first-…");

  /* A second `release-desk` with another token and another service: its window sends that
   * token, to that service only. */
  {
    const char *env[] = { "RELEASE_DESK_TOKEN=" SECOND_TOKEN, NULL };

    status = run_second (env, NULL, second_url, "--project-id=" RD_DEMO_PROJECT_ID, "4", NULL);
    g_assert_cmpint (status, ==, 0);
  }
  window = window_at (run, 1);
  settled_state (window);
  assert_only_credential (run->second, second_credential, "the second service");
  g_assert_cmpstr (rd_window_get_state (window), ==, "package");
  assert_subtitle_names (window, "token second…");

  /* One with no credentials at all: its window has none either, and says how to give them;
   * the running instance's token is not lent to it. */
  before = rd_demo_service_get_request_count (run->second);
  {
    status = run_second (NULL, NULL, second_url, "--project-id=" RD_DEMO_PROJECT_ID, "4", NULL);
    g_assert_cmpint (status, ==, 0);
  }
  window = window_at (run, 2);
  WAIT_UNTIL (g_str_equal (rd_window_get_state (window), "error"));
  g_assert_null (rd_window_get_client (window));
  rd_test_run_for (300);
  g_assert_cmpuint (rd_demo_service_get_request_count (run->second), ==, before);

  /* One with an access key: signed with that key. */
  {
    const char *env[] = { "HUAWEICLOUD_SDK_AK=" SECOND_AK, "HUAWEICLOUD_SDK_SK=" SECOND_SK, NULL };

    rd_demo_service_clear_requests (run->second);
    status = run_second (env, NULL, second_url, "--project-id=" RD_DEMO_PROJECT_ID, "4", NULL);
    g_assert_cmpint (status, ==, 0);
  }
  window = window_at (run, 3);
  settled_state (window);
  assert_only_credential (run->second, "ak:" SECOND_AK, "the second service, access key");
  g_assert_cmpstr (rd_window_get_state (window), ==, "package");
  assert_subtitle_names (window, "access key " SECOND_AK);

  /* A malformed token is refused for the invocation that gave it, on its own standard error. */
  {
    const char *env[] = { "RELEASE_DESK_TOKEN=bad-MARK\nX-Injected: 1", NULL };

    before = rd_demo_service_get_request_count (run->second);
    status = run_second (env, &err, second_url, "--project-id=" RD_DEMO_PROJECT_ID, "4", NULL);
    g_test_message ("malformed: %s", err);
    g_assert_cmpint (status, ==, 2);
    g_assert_true (g_str_has_prefix (err, "release-desk: RELEASE_DESK_TOKEN cannot be used ("));
    g_assert_null (strstr (err, "MARK"));
    g_assert_cmpuint (run->windows->len, ==, 4);
    g_assert_cmpuint (rd_demo_service_get_request_count (run->second), ==, before);
  }

  /* And the first service never saw anything but the first token. */
  assert_only_credential (run->first, first_credential, "the first service");

  run->done = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

/* Issue 15, item 1: with a window open under RELEASE_DESK_TOKEN=A, a second
 * `RELEASE_DESK_TOKEN=B release-desk --endpoint=URL2 …` sent token A to URL2: the running
 * instance read its own environment. This process is the running instance (its command line
 * is the first invocation); the others are the real binary, in the same D-Bus session. */
static void
test_second_invocation_uses_its_own_credentials (void)
{
  g_autoptr(RdApplication) app = NULL;
  g_autoptr(RdDemoService) first = rd_demo_service_new ();
  g_autoptr(RdDemoService) second = rd_demo_service_new ();
  g_autoptr(GPtrArray) windows = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  const char *argv[5];
  InstanceRun run = { 0 };
  int status;

  if (!have_display || !have_bus)
    {
      g_test_skip (!have_display ? "No display: run under xvfb-run"
                                 : "No session bus of our own: run under dbus-run-session");
      return;
    }

  g_assert_true (rd_demo_service_start (first, &error));
  g_assert_true (rd_demo_service_start (second, &error));
  g_assert_no_error (error);
  rd_demo_service_add_token (first, FIRST_TOKEN);
  rd_demo_service_add_token (second, SECOND_TOKEN);
  rd_demo_service_add_access_key (second, SECOND_AK, SECOND_SK);

  endpoint = g_strconcat ("--endpoint=", rd_demo_service_get_url (first), NULL);
  argv[0] = "release-desk";
  argv[1] = endpoint;
  argv[2] = "--project-id=" RD_DEMO_PROJECT_ID;
  argv[3] = "4";
  argv[4] = NULL;

  g_setenv ("RELEASE_DESK_TOKEN", FIRST_TOKEN, TRUE);

  app = rd_application_new ();
  run.app = G_APPLICATION (app);
  run.first = first;
  run.second = second;
  run.windows = windows;
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), &run);
  g_idle_add (second_invocation_script, &run);

  status = g_application_run (G_APPLICATION (app), 4, (char **) argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.done);
  rd_demo_service_stop (first);
  rd_demo_service_stop (second);
}

typedef struct
{
  GApplication *app;
  RdWindow     *window;
  char         *environment;   /* what the fake https handler was started with */
} LaunchRun;

static void
on_launch_window_added (GtkApplication *app,
                        GtkWindow      *window,
                        LaunchRun      *run)
{
  if (RD_IS_WINDOW (window))
    run->window = RD_WINDOW (window);
}

static AdwAboutWindow *
find_about_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        return ADW_ABOUT_WINDOW (toplevel);
    }

  return NULL;
}

static gboolean
report_issue_script (gpointer user_data)
{
  LaunchRun *run = user_data;
  g_autofree char *dump = g_build_filename (handler_dir, "environment.txt", NULL);
  AdwAboutWindow *about = NULL;

  WAIT_UNTIL (run->window != NULL);

  /* About → Report an Issue, which opens the issue page in the https handler. */
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "about", NULL);
  WAIT_UNTIL ((about = find_about_window ()) != NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (about), "about.show-url-property", "s",
                                             "issue-url"));
  WAIT_UNTIL (g_file_test (dump, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (dump, &run->environment, NULL, NULL));
  g_unlink (dump);

  gtk_window_destroy (GTK_WINDOW (about));
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

/* Issue 15, item 7: "Report an Issue" (and any program the app starts) inherited
 * RELEASE_DESK_TOKEN and HUAWEICLOUD_SDK_SK. The https handler here is a script that writes
 * the environment it was started with. */
static void
test_launched_programs_get_no_credentials (void)
{
  g_autoptr(RdApplication) app = NULL;
  g_autoptr(RdDemoService) service = rd_demo_service_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  const char *argv[5];
  LaunchRun run = { 0 };
  int status;

  if (!have_display)
    {
      g_test_skip ("No display: run under xvfb-run");
      return;
    }

  g_assert_true (rd_demo_service_start (service, &error));
  g_assert_no_error (error);
  rd_demo_service_add_access_key (service, LAUNCH_AK, LAUNCH_SK);
  endpoint = g_strconcat ("--endpoint=", rd_demo_service_get_url (service), NULL);
  argv[0] = "release-desk";
  argv[1] = endpoint;
  argv[2] = "--project-id=" RD_DEMO_PROJECT_ID;
  argv[3] = "4";
  argv[4] = NULL;

  g_setenv ("RELEASE_DESK_TOKEN", LAUNCH_TOKEN, TRUE);
  g_setenv ("HUAWEICLOUD_SDK_AK", LAUNCH_AK, TRUE);
  g_setenv ("HUAWEICLOUD_SDK_SK", LAUNCH_SK, TRUE);
  g_setenv ("HUAWEICLOUD_SDK_SECURITY_TOKEN", LAUNCH_ST, TRUE);

  app = rd_application_new ();
  /* Not the session's Release Desk: this test needs no second invocation. */
  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) |
                                                    G_APPLICATION_NON_UNIQUE);
  run.app = G_APPLICATION (app);
  g_signal_connect (app, "window-added", G_CALLBACK (on_launch_window_added), &run);
  g_idle_add (report_issue_script, &run);

  status = g_application_run (G_APPLICATION (app), 4, (char **) argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (run.environment);

  /* It is the handler's environment (this test's marker is in it), and no credential is. */
  g_assert_nonnull (strstr (run.environment, "RD_TEST_INSTANCE=1\n"));
  g_assert_null (strstr (run.environment, "RELEASE_DESK_TOKEN"));
  g_assert_null (strstr (run.environment, "HUAWEICLOUD_SDK_"));
  g_assert_null (strstr (run.environment, LAUNCH_TOKEN));
  g_assert_null (strstr (run.environment, LAUNCH_SK));
  g_assert_null (strstr (run.environment, LAUNCH_ST));

  /* Nor does this process's environment hold them any more. */
  g_assert_null (g_getenv ("RELEASE_DESK_TOKEN"));
  g_assert_null (g_getenv ("HUAWEICLOUD_SDK_SK"));

  g_free (run.environment);
  rd_demo_service_stop (service);
}

/* A https (and http) handler that writes its environment to HANDLER_DIR/environment.txt, made
 * the default in this process's XDG folders before GIO reads them. */
static void
install_url_handler (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *config_dir = NULL;
  g_autofree char *applications = NULL;
  g_autofree char *script = NULL;
  g_autofree char *script_text = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *desktop_text = NULL;
  g_autofree char *mimeapps = NULL;

  handler_dir = g_dir_make_tmp ("rd-instance-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (handler_dir, "data", NULL);
  config_dir = g_build_filename (handler_dir, "config", NULL);
  applications = g_build_filename (data_dir, "applications", NULL);
  g_assert_cmpint (g_mkdir_with_parents (applications, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config_dir, 0700), ==, 0);

  script = g_build_filename (handler_dir, "dump-environment", NULL);
  script_text = g_strdup_printf ("#!/bin/sh\n"
                                 "env > '%s/environment.part'\n"
                                 "mv '%s/environment.part' '%s/environment.txt'\n",
                                 handler_dir, handler_dir, handler_dir);
  g_assert_true (g_file_set_contents (script, script_text, -1, NULL));
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);

  desktop = g_build_filename (applications, "rd-test-url-handler.desktop", NULL);
  desktop_text = g_strdup_printf ("[Desktop Entry]\n"
                                  "Type=Application\n"
                                  "Name=Release Desk test URL handler\n"
                                  "Exec=%s %%u\n"
                                  "MimeType=x-scheme-handler/https;x-scheme-handler/http;\n"
                                  "NoDisplay=true\n", script);
  g_assert_true (g_file_set_contents (desktop, desktop_text, -1, NULL));

  mimeapps = g_build_filename (config_dir, "mimeapps.list", NULL);
  g_assert_true (g_file_set_contents (mimeapps,
                                      "[Default Applications]\n"
                                      "x-scheme-handler/https=rd-test-url-handler.desktop\n"
                                      "x-scheme-handler/http=rd-test-url-handler.desktop\n",
                                      -1, NULL));

  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
}

/* A session bus, and no Release Desk on it but the one this test runs. */
static gboolean
check_bus (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = TRUE;

  if (bus == NULL)
    return FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);

  return !owned;
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("RD_TEST_INSTANCE", "1", TRUE);
  g_unsetenv ("RELEASE_DESK_TOKEN");
  g_unsetenv ("HUAWEICLOUD_SDK_AK");
  g_unsetenv ("HUAWEICLOUD_SDK_SK");
  g_unsetenv ("HUAWEICLOUD_SDK_SECURITY_TOKEN");

  g_test_init (&argc, &argv, NULL);

  /* Before anything asks GLib for the XDG folders, which it reads once. */
  install_url_handler ();

  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();
  have_bus = check_bus ();

  g_test_add_func ("/instance/second-invocation/uses-its-own-credentials",
                   test_second_invocation_uses_its_own_credentials);
  g_test_add_func ("/instance/launch/programs-get-no-credentials",
                   test_launched_programs_get_no_credentials);

  status = g_test_run ();

  rd_test_remove_tree (handler_dir);
  g_free (handler_dir);

  return status;
}
