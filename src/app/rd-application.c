/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-application.c: the Release Desk application: its options, the headless export and patch,
 * and the windows. */
#define G_LOG_DOMAIN "rd-application"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "rd-application.h"
#include "rd-accounts.h"
#include "rd-cli.h"
#include "rd-client.h"
#include "rd-demo-service.h"
#include "rd-preferences-window.h"
#include "rd-terminal-text.h"
#include "rd-target.h"
#include "rd-window.h"

struct _RdApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;   /* NULL when the schema is not installed */
  RdDemoThread   *demo;       /* started by the first --demo window */
  RdAccountStore *accounts;   /* the saved accounts, shared by every window */
  /* The credential variables this process started with, taken out of its environment at
   * start-up (see handle_local_options): for its own command line only, here or forwarded. */
  char          **startup_credentials;
};

G_DEFINE_FINAL_TYPE (RdApplication, rd_application, ADW_TYPE_APPLICATION)

/* The platform data key that carries an invocation's credential variables to the running
 * instance (an "aay" of NAME=VALUE, as GApplication's own "environ"). */
#define PLATFORM_DATA_CREDENTIALS "release-desk-credentials"

static char *
dup_string_option (GVariantDict *dict,
                   const char   *name)
{
  const char *value = NULL;

  if (!g_variant_dict_lookup (dict, name, "&s", &value))
    return NULL;

  return g_strdup (value);
}

/* G_OPTION_ARG_FILENAME options arrive as bytestrings, not strings. */
static char *
dup_filename_option (GVariantDict *dict,
                     const char   *name)
{
  const char *value = NULL;

  if (!g_variant_dict_lookup (dict, name, "^&ay", &value))
    return NULL;

  return g_strdup (value);
}

/* Reads the options into @options; returns -1, or an exit status for a usage error. */
static int
parse_options (GVariantDict *dict,
               RdCliOptions *options)
{
  g_autofree const char **remaining = NULL;
  const char *timeout = NULL;

  g_variant_dict_lookup (dict, "demo", "b", &options->demo);
  options->account = dup_string_option (dict, "account");
  options->region = dup_string_option (dict, "region");
  options->endpoint = dup_string_option (dict, "endpoint");
  options->factory_endpoint = dup_string_option (dict, "factory-endpoint");
  options->project_id = dup_string_option (dict, "project-id");
  options->workspace = dup_string_option (dict, "workspace");
  options->export_path = dup_filename_option (dict, "export");
  options->diff_path = dup_filename_option (dict, "diff");
  options->task_id = dup_string_option (dict, "task");
  /* A string, not G_OPTION_ARG_INT: GApplication drops an integer option
   * whose value is 0, and --timeout=0 must be refused, not ignored. */
  if (g_variant_dict_lookup (dict, "timeout", "&s", &timeout))
    {
      guint64 seconds;

      if (g_ascii_string_to_unsigned (timeout, 10, 1, G_MAXINT, &seconds, NULL))
        options->timeout = (int) seconds;
      else
        options->timeout = -1;
    }

  if (g_variant_dict_lookup (dict, G_OPTION_REMAINING, "^a&ay", &remaining))
    {
      if (remaining[0] != NULL && remaining[1] != NULL)
        {
          g_printerr ("release-desk: %s\n", _("Give one package ID at a time"));
          return RD_EXIT_USAGE;
        }
      options->package_id = g_strdup (remaining[0]);
    }

  if (options->export_path != NULL && options->diff_path != NULL)
    {
      g_printerr ("release-desk: %s\n", _("--export and --diff cannot be used together"));
      g_printerr (_("Run “release-desk --help” to see the options.\n"));
      return RD_EXIT_USAGE;
    }
  if (options->task_id != NULL && options->diff_path == NULL)
    {
      g_printerr ("release-desk: %s\n", _("--task goes with --diff"));
      g_printerr (_("Run “release-desk --help” to see the options.\n"));
      return RD_EXIT_USAGE;
    }

  return -1;
}

/* "--diff" alone means standard output, as "--diff=-" does. GOption has optional values only
 * for callbacks, which GApplication's packed options cannot be: the bare option is spelled
 * out before it parses. Only "--diff=FILE" names a file, so "--diff 7" stays package 7;
 * "--diff -" is standard output too. */
static gboolean
rd_application_local_command_line (GApplication   *app,
                                   char         ***arguments,
                                   int            *exit_status)
{
  char **argv = *arguments;

  for (guint i = 1; argv[i] != NULL; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (!g_str_equal (argv[i], "--diff"))
        continue;

      g_free (argv[i]);
      argv[i] = g_strdup ("--diff=-");
      if (argv[i + 1] != NULL && g_str_equal (argv[i + 1], "-"))
        {
          g_free (argv[i + 1]);
          /* Moves the rest, its NULL included, one place down. */
          memmove (&argv[i + 1], &argv[i + 2], (g_strv_length (&argv[i + 2]) + 1) * sizeof *argv);
        }
    }

  return G_APPLICATION_CLASS (rd_application_parent_class)->local_command_line (app, arguments,
                                                                                exit_status);
}

/* Runs before the application registers or initialises GTK, so --export
 * works over SSH and in CI without a display or a session bus. */
static int
rd_application_handle_local_options (GApplication *app,
                                     GVariantDict *dict)
{
  RdApplication *self = RD_APPLICATION (app);
  g_auto(RdCliOptions) options = { 0 };
  gboolean version = FALSE;
  int status;

  /* Read once, before anything else runs, and gone from the environment after: no program
   * this process starts (a browser for "Report an Issue", D-Bus autolaunch, …) inherits
   * them. They stay with this invocation: its export, its window here, or its command line
   * forwarded to the running instance (add_platform_data). */
  g_clear_pointer (&self->startup_credentials, rd_credentials_environ_free);
  self->startup_credentials = rd_credentials_take_environment ();

  if (g_variant_dict_lookup (dict, "version", "b", &version) && version)
    {
      g_print ("release-desk %s\n", PACKAGE_VERSION);
      return RD_EXIT_OK;
    }

  status = parse_options (dict, &options);
  if (status >= 0)
    return status;

  if (options.export_path != NULL || options.diff_path != NULL)
    {
      /* GLib writes debug messages to standard output, where the JSON goes with --export=-
       * and the patch with --diff. */
      g_log_writer_default_set_use_stderr (TRUE);
      options.credentials_environ = g_steal_pointer (&self->startup_credentials);
      return rd_cli_export (&options);
    }

  /* The demo service lives in this process: a running Release Desk must
   * not be handed the demo's command line. */
  if (options.demo)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

/* Windows */

static int
window_usage_error (GApplicationCommandLine *command_line,
                    const char              *message)
{
  /* The message may quote what was typed (an endpoint with a CR in it). */
  g_autofree char *shown = rd_terminal_text (message, -1);

  if (command_line == NULL)
    {
      g_printerr ("release-desk: %s\n", shown);
      return RD_EXIT_USAGE;
    }

  g_application_command_line_printerr (command_line, "release-desk: %s\n", shown);
  g_application_command_line_printerr (command_line, "%s",
                                       _("Run “release-desk --help” to see the options.\n"));
  return RD_EXIT_USAGE;
}

/* RELEASE_DESK_BENCH_FIRST_FRAME, for tests/bench-start.c only: when set, the
 * first window prints "first-frame MICROSECONDS" (g_get_monotonic_time () after
 * its first frame was painted) and the application quits. Unset, nothing
 * here runs. */
static void
on_first_after_paint (GdkFrameClock *clock,
                      RdApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_after_paint, self);
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_application_quit (G_APPLICATION (self));
}

static void
watch_first_frame (RdApplication *self,
                   GtkWidget     *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (clock != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_after_paint), self);
}

/* Starts the demo service of this process (once) and points @target at it. */
static gboolean
start_demo (RdApplication  *self,
            RdTarget       *target,
            GError        **error)
{
  g_autoptr(RdCredentials) credentials = NULL;

  if (self->demo == NULL)
    {
      /* On a thread of its own: building its answers never holds up a window. */
      self->demo = rd_demo_thread_start (error);
      if (self->demo == NULL)
        return FALSE;
    }

  credentials = rd_credentials_new_token (RD_DEMO_TOKEN);
  rd_target_set_service (target, rd_demo_thread_get_url (self->demo), credentials);
  return TRUE;
}

/* Opens a window as @options ask. Returns -1, or an exit status after a usage error. */
static int
open_window (RdApplication           *self,
             const RdCliOptions      *options,
             GApplicationCommandLine *command_line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = NULL;
  const char *setup_title = NULL;
  g_autofree char *setup_message = NULL;
  g_autofree char *identity = NULL;
  RdTargetOptions target_options = {
    .demo = options->demo,
    .account = options->account,
    .region = options->region,
    .endpoint = options->endpoint,
    .factory_endpoint = options->factory_endpoint,
    .timeout = options->timeout,
  };
  RdCredentials *credentials;
  RdAccount *account;
  RdSession *session;
  RdWindow *window;

  /* The invocation's own credentials, never this process's: a window opened for a second
   * `release-desk` uses what that command was given, or nothing. */
  target = rd_target_new (&target_options, self->accounts,
                          (const char * const *) options->credentials_environ,
                          RD_TARGET_ACTIVE_ACCOUNT, &error);
  if (target == NULL && g_error_matches (error, RD_TARGET_ERROR, RD_TARGET_ERROR_ACCOUNTS))
    {
      /* The message quotes the file's bytes: shown as text, escapes written out. */
      g_autofree char *message = rd_terminal_text (error->message, -1);

      if (command_line != NULL)
        g_application_command_line_printerr (command_line, "release-desk: %s\n", message);
      else
        g_printerr ("release-desk: %s\n", message);
      return RD_EXIT_FAILED;
    }
  if (target == NULL)
    return window_usage_error (command_line, error->message);

  account = rd_target_get_account (target);
  if (options->demo && !start_demo (self, target, &error))
    {
      setup_title = _("The Demo Service Did Not Start");
      setup_message = g_strdup (error->message);
    }
  else if (options->demo || account != NULL)
    {
      /* An account's secrets are read at the first lookup; the endpoint of the options
       * overrides its own. */
    }
  else if (rd_target_get_endpoint (target) == NULL &&
           g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) > 0)
    {
      setup_title = _("Choose an Account");
      setup_message = g_strdup (_("Pick the account to use from the account menu at the top "
                                  "left."));
    }
  else if (rd_target_get_endpoint (target) == NULL)
    {
      setup_title = _("Add an Account");
      setup_message = g_strdup (_("Release Desk signs in to DataArts Studio with an access "
                                  "key, a token or an IAM user. Add an account to look up "
                                  "packages, or try the demo service first: no account "
                                  "needed."));
    }
  else if (rd_target_get_credentials (target) == NULL)
    {
      setup_title = _("No Credentials");
      setup_message = g_strdup (_("Set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (with "
                                  "HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary "
                                  "credentials), or RELEASE_DESK_TOKEN, then start Release "
                                  "Desk again. To try it without an account, start it "
                                  "with --demo."));
    }
  else
    {
      g_autofree char *who = NULL;

      credentials = rd_target_get_credentials (target);
      who = rd_credentials_dup_identity (credentials);
      if (rd_credentials_get_method (credentials) == RD_AUTH_METHOD_ACCESS_KEY)
        /* Translators: shown under the window title; %s is an access key ID */
        identity = g_strdup_printf (_("Environment credentials, access key %s"), who);
      else
        /* Translators: shown under the window title; %s is a token's first characters */
        identity = g_strdup_printf (_("Environment credentials, token %s"), who);
    }

  window = rd_window_new (GTK_APPLICATION (self), self->settings);
  rd_window_set_demo (window, options->demo);
  if (options->demo)
    rd_window_set_sample_lookups (window, rd_demo_new_sample_lookups ());
  rd_window_set_client_identity (window, identity);
  rd_window_set_account_store (window, self->accounts);
  if (setup_message != NULL)
    rd_window_set_setup_message (window, setup_title, setup_message);
  if (account != NULL)
    rd_account_store_set_active_account_id (self->accounts, rd_account_get_id (account));

  /* The window's session uses the account, or the client of the demo or of the environment. */
  session = rd_window_get_session (window);
  if (!rd_session_set_target (session, target, &error))
    {
      gtk_window_destroy (GTK_WINDOW (window));
      return window_usage_error (command_line, error->message);
    }

  /* A project given on the command line comes with its own workspace, or the default one. */
  if (options->demo && options->project_id == NULL)
    rd_window_set_form (window, RD_DEMO_PROJECT_ID, options->workspace ? options->workspace : "",
                        NULL);
  else if (options->project_id != NULL)
    rd_window_set_form (window, options->project_id, options->workspace ? options->workspace : "",
                        NULL);
  else if (options->workspace != NULL)
    rd_window_set_form (window, NULL, options->workspace, NULL);

  if (options->package_id != NULL)
    rd_window_set_form (window, NULL, NULL, options->package_id);
  else if (options->demo)
    rd_window_set_form (window, NULL, NULL, RD_DEMO_PACKAGE_ID);

  gtk_window_present (GTK_WINDOW (window));
  if (g_getenv ("RELEASE_DESK_BENCH_FIRST_FRAME") != NULL)
    watch_first_frame (self, GTK_WIDGET (window));

  if (rd_session_has_service (session) && (options->package_id != NULL || options->demo))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.lookup", NULL);

  return -1;
}

/* The credential variables a second `release-desk` sent along with its command line
 * (add_platform_data); NULL when it sent none. */
static char **
dup_forwarded_credentials (GApplicationCommandLine *command_line)
{
  g_autoptr(GVariant) platform_data = g_application_command_line_get_platform_data (command_line);
  g_autoptr(GVariant) value = NULL;

  if (platform_data == NULL)
    return NULL;

  value = g_variant_lookup_value (platform_data, PLATFORM_DATA_CREDENTIALS,
                                  G_VARIANT_TYPE_BYTESTRING_ARRAY);
  if (value == NULL)
    return NULL;

  return g_variant_dup_bytestring_array (value, NULL);
}

static int
rd_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  RdApplication *self = RD_APPLICATION (app);
  GVariantDict *dict = g_application_command_line_get_options_dict (command_line);
  g_auto(RdCliOptions) options = { 0 };
  GtkWindow *active;
  int status;

  status = parse_options (dict, &options);
  if (status >= 0)
    return status;

  /* The credentials of the command that asked: forwarded with it, or this process's own. */
  if (g_application_command_line_get_is_remote (command_line))
    options.credentials_environ = dup_forwarded_credentials (command_line);
  else
    options.credentials_environ = g_steal_pointer (&self->startup_credentials);

  /* Started again without arguments: show the window there is. */
  active = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (active != NULL && !options.demo && options.account == NULL &&
      options.region == NULL && options.endpoint == NULL &&
      options.project_id == NULL && options.workspace == NULL && options.package_id == NULL)
    {
      gtk_window_present (active);
      return RD_EXIT_OK;
    }

  status = open_window (self, &options, command_line);
  return status >= 0 ? status : RD_EXIT_OK;
}

/* Runs in a second `release-desk` whose command line goes to the running instance: its
 * credential variables go with it, and only those (not its whole environment). */
static void
rd_application_add_platform_data (GApplication    *app,
                                  GVariantBuilder *builder)
{
  RdApplication *self = RD_APPLICATION (app);

  G_APPLICATION_CLASS (rd_application_parent_class)->add_platform_data (app, builder);

  if (self->startup_credentials != NULL && self->startup_credentials[0] != NULL)
    {
      const char * const *vars = (const char * const *) self->startup_credentials;

      g_variant_builder_add (builder, "{sv}", PLATFORM_DATA_CREDENTIALS,
                             g_variant_new_bytestring_array (vars, -1));
    }
}

static void
rd_application_activate (GApplication *app)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));
  RdCliOptions options = { 0 };

  if (active != NULL)
    gtk_window_present (active);
  else
    open_window (RD_APPLICATION (app), &options, NULL);
}

/* Application actions */

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);
  const char *developers[] = { _("The Release Desk developers"), NULL };
  const char *icon_name = APP_ID;
  GtkWidget *about;

  if (parent != NULL &&
      !gtk_icon_theme_has_icon (
          gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (parent))), APP_ID))
    icon_name = "package-x-generic";

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Release Desk"),
                        "application-icon", icon_name,
                        "developer-name", _("The Release Desk developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Look up DataArts Studio release packages, review their "
                                      "approvers and tasks, and export them."),
                        "website", "https://github.com/releasedesk/release-desk",
                        "issue-url", "https://github.com/releasedesk/release-desk/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing each window runs its close-request, which saves its size. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (app);
}

/* The one preferences window, presented again when it is open. */
static RdPreferencesWindow *
present_preferences (RdApplication *self)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  RdPreferencesWindow *preferences = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (RD_IS_PREFERENCES_WINDOW (l->data))
      preferences = l->data;

  if (preferences == NULL)
    {
      if (parent != NULL && !RD_IS_WINDOW (parent))
        parent = gtk_window_get_transient_for (parent);
      preferences = rd_preferences_window_new (parent, self->accounts);
      rd_preferences_window_set_settings (preferences, self->settings);
      gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
    }

  gtk_window_present (GTK_WINDOW (preferences));
  return preferences;
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  present_preferences (RD_APPLICATION (user_data));
}

static void
edit_account_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  RdApplication *self = RD_APPLICATION (user_data);
  RdAccount *account = rd_account_store_find_by_id (self->accounts,
                                                    g_variant_get_string (param, NULL));
  gboolean sign_in = g_str_equal (g_action_get_name (G_ACTION (action)), "sign-in-account");

  if (account != NULL)
    rd_preferences_window_edit_account (present_preferences (self), account, sign_in);
}

/* The editor for a new account, over the preferences. */
static void
add_account_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  rd_preferences_window_edit_account (present_preferences (RD_APPLICATION (user_data)), NULL,
                                      FALSE);
}

/* A notification's default action: brings the package up in a window. */
static void
show_package_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  RdApplication *self = RD_APPLICATION (user_data);
  const char *project_id, *workspace, *package_id;
  GtkWindow *window = NULL;

  g_variant_get (param, "(&s&s&s)", &project_id, &workspace, &package_id);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (RD_IS_WINDOW (l->data))
      {
        window = l->data;
        break;
      }
  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = gtk_application_get_active_window (GTK_APPLICATION (self));
    }
  if (!RD_IS_WINDOW (window))
    return;

  rd_window_lookup (RD_WINDOW (window), project_id, workspace[0] != '\0' ? workspace : NULL,
                    package_id);
  gtk_window_present (window);
}

/* "Try the Demo" on a first run: what --demo opens, for a person without a command line. The
 * window that offered it (nothing to show but the setup message) gives way to it. */
static void
try_demo_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  RdApplication *self = RD_APPLICATION (user_data);
  GtkWindow *asked = gtk_application_get_active_window (GTK_APPLICATION (self));
  RdCliOptions options = { .demo = TRUE };

  if (open_window (self, &options, NULL) != -1)
    return;
  if (RD_IS_WINDOW (asked) && !rd_window_get_demo (RD_WINDOW (asked)) &&
      rd_window_get_client (RD_WINDOW (asked)) == NULL &&
      rd_window_get_account (RD_WINDOW (asked)) == NULL)
    gtk_window_destroy (asked);
}

static const GActionEntry app_actions[] = {
  { "show-package", show_package_action, "(sss)" },
  { "preferences", preferences_action },
  { "add-account", add_account_action },
  { "try-demo", try_demo_action },
  { "edit-account", edit_account_action, "s" },
  { "sign-in-account", edit_account_action, "s" },
  { "about", about_action },
  { "quit", quit_action },
};

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  /* Run from the build tree without GSETTINGS_SCHEMA_DIR, the schema is not
   * installed; the window then works without remembering anything. */
  if (schema == NULL)
    {
      g_message ("The GSettings schema %s is not installed: the window size and recent lookups "
                 "will not be remembered", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static RdAccountStore *
create_account_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = rd_accounts_dup_path ();
  RdAccountStore *store = rd_account_store_new (path, NULL);

  /* A file that cannot be read is left alone: the store keeps the error and writes nothing
   * until the user fixes the file or starts over, and the windows say so. */
  if (!rd_account_store_load (store, &error))
    g_message ("%s", error->message);

  return store;
}

RdAccountStore *
rd_application_get_account_store (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);

  return self->accounts;
}

static void
rd_application_startup (GApplication *app)
{
  RdApplication *self = RD_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (rd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);

  self->settings = create_settings ();
  self->accounts = create_account_store ();
}

static void
rd_application_shutdown (GApplication *app)
{
  RdApplication *self = RD_APPLICATION (app);

  g_clear_pointer (&self->demo, rd_demo_thread_stop);

  G_APPLICATION_CLASS (rd_application_parent_class)->shutdown (app);

  g_clear_object (&self->settings);
  g_clear_object (&self->accounts);
}

static const GOptionEntry main_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Use the built-in demo service (no account needed)"), NULL },
  { "account", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Use the saved account NAME (its secrets come from the keyring)"), N_("NAME") },
  { "region", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Huawei Cloud region, such as cn-north-4"), N_("REGION") },
  { "endpoint", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("DataArts Studio endpoint URL, instead of a region"), N_("URL") },
  { "factory-endpoint", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("DataArts Factory V1 endpoint URL, where scripts and jobs are read at a version "
       "(derived from the endpoint when left out)"), N_("URL") },
  { "project-id", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Project ID"), N_("ID") },
  { "workspace", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Workspace ID (the default workspace when left out)"), N_("ID") },
  { "timeout", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Give up after this many seconds (default 30)"), N_("SECONDS") },
  { "export", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the package’s details as JSON to FILE (“-” for standard output) and exit"),
    N_("FILE") },
  { "diff", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write what the package changes as a patch to FILE (“-”, or --diff alone, for "
       "standard output) and exit"),
    N_("FILE") },
  { "task", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --diff, only the task whose pending item ID is ID"), N_("ID") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    NULL, N_("[PACKAGE_ID]") },
  { NULL }
};

static void
rd_application_finalize (GObject *object)
{
  RdApplication *self = RD_APPLICATION (object);

  g_clear_pointer (&self->startup_credentials, rd_credentials_environ_free);

  G_OBJECT_CLASS (rd_application_parent_class)->finalize (object);
}

static void
rd_application_class_init (RdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = rd_application_finalize;

  app_class->local_command_line = rd_application_local_command_line;
  app_class->handle_local_options = rd_application_handle_local_options;
  app_class->command_line = rd_application_command_line;
  app_class->add_platform_data = rd_application_add_platform_data;
  app_class->activate = rd_application_activate;
  app_class->startup = rd_application_startup;
  app_class->shutdown = rd_application_shutdown;
}

static void
rd_application_init (RdApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  /* The usage line's "[PACKAGE_ID]" comes from the G_OPTION_REMAINING entry:
   * a parameter string as well would show it twice. */
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Look up a DataArts Studio release package."));
  g_application_set_option_context_description (G_APPLICATION (self),
    _("Credentials come from a saved account (--account=NAME; add accounts in Preferences,\n"
      "their secrets stay in the keyring; --region, --endpoint, --project-id and --workspace\n"
      "override the account’s defaults), or from the environment: HUAWEICLOUD_SDK_AK and\n"
      "HUAWEICLOUD_SDK_SK (with HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary credentials),\n"
      "or RELEASE_DESK_TOKEN.\n"
      "\n"
      "Exit status: 0 on success, 1 when the lookup, export or patch fails, 2 for a usage\n"
      "error. A patch whose tasks could not all be shown still exits with 0; a note on\n"
      "standard error says how many.\n"
      "\n"
      "Examples:\n"
      "  release-desk --demo --export=- 4\n"
      "  release-desk --demo --diff 7 | less\n"
      "  release-desk --demo --diff=package-7.patch 7"));
}

RdApplication *
rd_application_new (void)
{
  return g_object_new (RD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       /* The same for the .Devel build, whose ID has one more part. */
                       "resource-base-path", "/io/github/releasedesk/ReleaseDesk",
                       NULL);
}
