/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-review-window.c: the review queue, Release and Revoke, and the notification when a release
 * ends. */
#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "rd-application.h"
#include "rd-account-store.h"
#include "rd-client.h"
#include "rd-demo-testing.h"
#include "rd-enums.h"
#include "rd-package-action.h"
#include "rd-queue-view.h"
#include "rd-window.h"
#include "sandbox-util.h"
#include "screen-rows.h"
#include "valgrind-util.h"
#include "rd-test-window.h"

/* A guard against a hang, longer under valgrind. */
#define WAIT_SECONDS (20 * rd_test_slowdown ())

static gboolean have_display;
static RdApplication *shared_app;
/* Why the tests with a saved account cannot run here (no usable libsecret), or NULL. */
static char *no_keyring;

/* ---- A notification server on the session bus (org.gtk.Notifications, as GNOME Shell) ------- */

typedef struct
{
  char *id;
  char *title;
  char *body;
  char *action;
  char *target;   /* the default action's target, printed */
} Notification;

static void
notification_free (Notification *n)
{
  g_free (n->id);
  g_free (n->title);
  g_free (n->body);
  g_free (n->action);
  g_free (n->target);
  g_free (n);
}

static GPtrArray *notifications;
static GDBusConnection *server_connection;

static const char notifications_xml[] =
    "<node>"
    "  <interface name='org.gtk.Notifications'>"
    "    <method name='AddNotification'>"
    "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='a{sv}' "
    "direction='in'/>"
    "    </method>"
    "    <method name='RemoveNotification'>"
    "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "    </method>"
    "  </interface>"
    "</node>";

static void
on_notification_call (GDBusConnection       *connection,
                      const char            *sender,
                      const char            *object_path,
                      const char            *interface_name,
                      const char            *method_name,
                      GVariant              *parameters,
                      GDBusMethodInvocation *invocation,
                      gpointer               user_data)
{
  if (g_str_equal (method_name, "AddNotification"))
    {
      g_autoptr(GVariant) dict = NULL;
      g_autoptr(GVariant) target = NULL;
      const char *app_id, *id;
      Notification *n = g_new0 (Notification, 1);

      g_variant_get (parameters, "(&s&s@a{sv})", &app_id, &id, &dict);
      n->id = g_strdup (id);
      g_variant_lookup (dict, "title", "s", &n->title);
      g_variant_lookup (dict, "body", "s", &n->body);
      g_variant_lookup (dict, "default-action", "s", &n->action);
      target = g_variant_lookup_value (dict, "default-action-target", NULL);
      if (target != NULL)
        n->target = g_variant_print (target, FALSE);
      g_ptr_array_add (notifications, n);
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static gboolean
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { on_notification_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;

  if (address == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return FALSE;

  server_connection =
      g_dbus_connection_new_for_address_sync (address,
                                              G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                  G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                              NULL, NULL, &error);
  if (server_connection == NULL)
    return FALSE;

  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (server_connection, "/org/gtk/Notifications",
                                     info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (
      server_connection, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
      "RequestName", g_variant_new ("(su)", "org.gtk.Notifications", 4 /* do not queue */),
      G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  notifications = g_ptr_array_new_with_free_func ((GDestroyNotify) notification_free);

  return TRUE;
}

/* ---- Fixture -------------------------------------------------------------------------------- */

typedef struct
{
  RdApplication *app;
  RdDemoService *demo;
  RdClient      *client;
  RdWindow      *window;
  RdQueueView   *queue;
  guint          n_lookups;
  /* For the tests with a saved account (use_account ()). */
  char           *dir;
  RdAccountStore *accounts;
} Fixture;

static void
on_lookup_finished (RdWindow         *window,
                    RdReleasePackage *package,
                    const GError     *error,
                    gboolean          current,
                    Fixture          *fixture)
{
  fixture->n_lookups++;
}

static RdPackagePager *
pager (Fixture *fixture)
{
  return rd_queue_view_get_pager (fixture->queue);
}

static void
wait_for_queue (Fixture *fixture)
{
  WAIT_UNTIL (pager (fixture) != NULL && !rd_package_pager_get_loading (pager (fixture)) &&
              g_list_model_get_n_items (rd_package_pager_get_packages (pager (fixture))) > 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!have_display)
    return;

  fixture->demo = rd_test_start_demo_service ();
  rd_demo_service_set_release_delay (fixture->demo, 150);
  fixture->client = rd_test_new_token_client (rd_demo_service_get_url (fixture->demo),
                                              RD_DEMO_TOKEN);

  /* A registered application (one per process: its D-Bus objects stay exported);
   * notifications go out under its ID. */
  if (shared_app == NULL)
    {
      shared_app = rd_application_new ();
      g_application_set_flags (G_APPLICATION (shared_app),
                               g_application_get_flags (G_APPLICATION (shared_app)) |
                               G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (shared_app), NULL, &error));
      g_assert_no_error (error);
    }
  fixture->app = g_object_ref (shared_app);

  fixture->window = rd_window_new (GTK_APPLICATION (fixture->app), NULL);
  rd_window_set_watch_intervals (fixture->window, 50, 100);
  g_signal_connect (fixture->window, "lookup-finished", G_CALLBACK (on_lookup_finished), fixture);
  fixture->queue = rd_window_get_queue_view (fixture->window);
  rd_window_set_client (fixture->window, fixture->client);
  rd_window_set_form (fixture->window, RD_DEMO_PROJECT_ID, "", NULL);
  gtk_window_present (GTK_WINDOW (fixture->window));
  /* What an earlier test sent last is delivered now, not during this one. */
  g_dbus_connection_flush_sync (g_application_get_dbus_connection (G_APPLICATION (fixture->app)),
                                NULL, NULL);
  rd_test_run_for (50);
  g_ptr_array_set_size (notifications, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!have_display)
    return;

  rd_test_destroy_window (&fixture->window, WAIT_SECONDS);
  g_clear_object (&fixture->app);
  g_clear_object (&fixture->client);
  rd_test_stop_demo_service (&fixture->demo);

  /* The keyring file outlives the test: the accounts take their secrets with them. */
  while (fixture->accounts != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (fixture->accounts)) > 0)
    {
      g_autoptr(RdAccount) account = g_list_model_get_item (G_LIST_MODEL (fixture->accounts), 0);
      g_autoptr(GAsyncResult) result = NULL;

      rd_account_store_remove_async (fixture->accounts, account, NULL, rd_test_on_result, &result);
      WAIT_UNTIL (result != NULL);
      g_assert_true (rd_account_store_remove_finish (fixture->accounts, result, NULL));
    }
  g_clear_object (&fixture->accounts);
  if (fixture->dir != NULL)
    rd_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* ---- Helpers -------------------------------------------------------------------------------- */

/* The requests with @method to a path ending in @suffix, oldest first (bodies). */
static GPtrArray *
dup_bodies (Fixture    *fixture,
            const char *method,
            const char *suffix)
{
  g_autoptr(GPtrArray) requests = rd_demo_service_dup_requests (fixture->demo);
  GPtrArray *bodies = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < requests->len; i++)
    {
      RdDemoRequest *request = g_ptr_array_index (requests, i);

      if (g_str_equal (request->method, method) && g_str_has_suffix (request->path, suffix))
        g_ptr_array_add (bodies, g_strdup (request->body));
    }
  return bodies;
}

static guint
count_requests (Fixture    *fixture,
                const char *method,
                const char *suffix)
{
  g_autoptr(GPtrArray) bodies = dup_bodies (fixture, method, suffix);

  return bodies->len;
}

static int
queue_position (Fixture    *fixture,
                const char *package_id)
{
  GListModel *packages = rd_package_pager_get_packages (pager (fixture));

  for (guint i = 0; i < g_list_model_get_n_items (packages); i++)
    {
      g_autoptr(RdReleasePackage) package = g_list_model_get_item (packages, i);

      if (g_str_equal (rd_release_package_get_package_id (package), package_id))
        return (int) i;
    }
  return -1;
}

/* The IDs of the first @n listed packages, leaving out the one that always fails. */
static GStrv
dup_listed_ids (Fixture *fixture,
                guint    n)
{
  GListModel *packages = rd_package_pager_get_packages (pager (fixture));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint found = 0;

  for (guint i = 0; i < g_list_model_get_n_items (packages) && found < n; i++)
    {
      g_autoptr(RdReleasePackage) package = g_list_model_get_item (packages, i);
      const char *id = rd_release_package_get_package_id (package);

      if (g_str_equal (id, RD_DEMO_FAILING_PACKAGE_ID))
        continue;
      g_strv_builder_add (builder, id);
      found++;
    }
  g_assert_cmpuint (found, ==, n);
  return g_strv_builder_end (builder);
}

/* As a click on the response's button does: the dialog goes, then says which. */
static void
click_response (AdwMessageDialog *dialog,
                const char       *response)
{
  g_object_ref (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  adw_message_dialog_response (dialog, response);
  g_object_unref (dialog);
}

/* Waits for the dialog, answers it, and waits for it to go. */
static char *
answer_dialog (const char *response,
               gboolean    start_jobs)
{
  AdwMessageDialog *dialog = NULL;
  GtkWidget *extra;
  char *text;
  gpointer weak;

  WAIT_UNTIL ((dialog = rd_test_find_message_dialog ()) != NULL);
  text = g_strdup_printf ("%s\n%s", adw_message_dialog_get_heading (dialog),
                          adw_message_dialog_get_body (dialog));
  extra = adw_message_dialog_get_extra_child (dialog);
  if (extra != NULL)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (extra), start_jobs);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  click_response (dialog, response);
  WAIT_UNTIL (weak == NULL);

  return text;
}

static void
select_packages (Fixture            *fixture,
                 const char * const *ids)
{
  GtkSelectionModel *selection = NULL;
  GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->queue),
                                                               RD_TYPE_QUEUE_VIEW, "list_view"));

  selection = gtk_list_view_get_model (GTK_LIST_VIEW (list));
  gtk_selection_model_unselect_all (selection);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      int position = queue_position (fixture, ids[i]);

      g_assert_cmpint (position, >=, 0);
      gtk_selection_model_select_item (selection, (guint) position, FALSE);
    }
}

static RdReleasePackage *
shown_package (Fixture *fixture)
{
  return rd_window_get_package (fixture->window);
}

#define ACCOUNT_TOKEN  "TOKENtest-review-window-account-token-0123"
#define RENEWED_TOKEN  "TOKENtest-review-window-signed-in-again-4567"

/* The window uses a saved token account (its token in a keyring file of this run) instead of
 * the demo's client; @unauthorized: its first request, the queue's, is answered 401. */
static RdAccount *
use_account (Fixture  *fixture,
             gboolean  unauthorized)
{
  g_autoptr(RdAccount) account = rd_account_new ("review account");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *label = NULL;
  RdSecretStore *secrets;

  fixture->dir = g_dir_make_tmp ("rd-review-window-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "accounts.ini", NULL);
  fixture->accounts = rd_account_store_new (path, NULL);
  g_assert_true (rd_account_store_load (fixture->accounts, &error));

  rd_demo_service_add_token (fixture->demo, ACCOUNT_TOKEN);
  rd_demo_service_add_token (fixture->demo, RENEWED_TOKEN);
  rd_account_set_endpoint (account, rd_demo_service_get_url (fixture->demo));
  rd_account_set_project_id (account, RD_DEMO_PROJECT_ID);
  rd_account_set_auth_method (account, RD_ACCOUNT_AUTH_TOKEN);
  g_assert_true (rd_account_store_add (fixture->accounts, account, &error));
  secrets = rd_account_store_get_secret_store (fixture->accounts);
  label = rd_account_dup_secret_label (account, RD_SECRET_KIND_TOKEN);
  rd_secret_store_store_async (secrets, rd_account_get_id (account), RD_SECRET_KIND_TOKEN,
                               ACCOUNT_TOKEN, label, NULL, rd_test_on_result, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_true (rd_secret_store_store_finish (secrets, result, NULL));

  /* The demo client's queue first, so that the fault is not its. */
  wait_for_queue (fixture);
  if (unauthorized)
    rd_test_push_status (fixture->demo, 401, RD_TEST_EXPIRED_TOKEN_BODY, NULL);
  rd_window_set_account_store (fixture->window, fixture->accounts);
  rd_window_set_account (fixture->window, account, NULL);
  return account;
}

/* What the account editor's Save does for a token typed in again: through the store, which the
 * window's session listens to. */
static void
enter_token_again (Fixture   *fixture,
                   RdAccount *account)
{
  const RdSecretChange changes[] = { { RD_SECRET_KIND_TOKEN, RENEWED_TOKEN } };
  g_autoptr(GAsyncResult) result = NULL;

  rd_account_set_token_expiry (account, NULL);
  rd_account_store_save_account_async (fixture->accounts, account, changes, G_N_ELEMENTS (changes),
                                       NULL, rd_test_on_result, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_true (rd_account_store_save_account_finish (fixture->accounts, result, NULL));
}

static GtkWidget *
queue_child (Fixture    *fixture,
             const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->queue), RD_TYPE_QUEUE_VIEW,
                                                    name));
}

static GtkWidget *
window_child (Fixture    *fixture,
              const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), RD_TYPE_WINDOW,
                                                    name));
}

#define SKIP_WITHOUT_KEYRING()                                                      \
  G_STMT_START {                                                                    \
    if (no_keyring != NULL)                                                         \
      {                                                                             \
        g_test_skip (no_keyring);                                                   \
        return;                                                                     \
      }                                                                             \
  } G_STMT_END

/* ---- Tests ---------------------------------------------------------------------------------- */

static void
test_queue_lists_packages_waiting_for_review (Fixture       *fixture,
                                              gconstpointer  data)
{
  GListModel *packages;
  g_autoptr(GPtrArray) bodies = NULL;

  SKIP_WITHOUT_DISPLAY ();

  wait_for_queue (fixture);
  packages = rd_package_pager_get_packages (pager (fixture));
  for (guint i = 0; i < g_list_model_get_n_items (packages); i++)
    {
      g_autoptr(RdReleasePackage) package = g_list_model_get_item (packages, i);

      g_assert_cmpint (rd_release_package_get_deploy_status (package), ==,
                       RD_DEPLOY_STATUS_TO_BE_REVIEWED);
    }
  g_assert_cmpuint (rd_package_pager_get_total (pager (fixture)), ==, RD_DEMO_REVIEW_QUEUE_SIZE);

  /* The default filter is the review queue: status 1. */
  bodies = dup_bodies (fixture, "POST", "/factory/release-packages");
  g_assert_cmpuint (bodies->len, >=, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (bodies, 0), "\"deploy_status_filter\":[1]"));

  /* Scrolling to the end loads the rest. */
  while (rd_package_pager_get_has_more (pager (fixture)))
    {
      rd_queue_view_load_more (fixture->queue);
      WAIT_UNTIL (!rd_package_pager_get_loading (pager (fixture)));
    }
  g_assert_cmpuint (g_list_model_get_n_items (packages), ==, RD_DEMO_REVIEW_QUEUE_SIZE);
}

static void
test_search_sends_key_word (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *entry;
  g_autoptr(GPtrArray) bodies = NULL;
  GListModel *packages;

  SKIP_WITHOUT_DISPLAY ();

  wait_for_queue (fixture);
  entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->queue),
                                                     RD_TYPE_QUEUE_VIEW, "search_entry"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "订单");
  WAIT_UNTIL (count_requests (fixture, "POST", "/factory/release-packages") >= 2 &&
              !rd_package_pager_get_loading (pager (fixture)));

  bodies = dup_bodies (fixture, "POST", "/factory/release-packages");
  g_test_message ("last list body: %s", (char *) g_ptr_array_index (bodies, bodies->len - 1));
  g_assert_nonnull (strstr (g_ptr_array_index (bodies, bodies->len - 1), "\"key_word\":\"订单\""));
  packages = rd_package_pager_get_packages (pager (fixture));
  g_assert_cmpuint (g_list_model_get_n_items (packages), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (packages); i++)
    {
      g_autoptr(RdReleasePackage) package = g_list_model_get_item (packages, i);

      g_assert_nonnull (strstr (rd_release_package_get_package_name (package), "订单"));
    }
}

static void
test_selecting_shows_details (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *ids[] = { "7", NULL };

  SKIP_WITHOUT_DISPLAY ();

  wait_for_queue (fixture);
  select_packages (fixture, ids);
  WAIT_UNTIL (fixture->n_lookups == 1);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
  g_assert_cmpstr (rd_release_package_get_package_id (shown_package (fixture)), ==, "7");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (fixture->window)));
}

static void
test_release_one_watches_and_notifies (Fixture       *fixture,
                                       gconstpointer  data)
{
  const char *ids[] = { "7", NULL };
  g_autofree char *dialog = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  Notification *n;
  guint n_tasks;

  SKIP_WITHOUT_DISPLAY ();

  /* Long enough to see "Being released" on show. */
  rd_demo_service_set_release_delay (fixture->demo, 1500 * rd_test_slowdown ());
  wait_for_queue (fixture);
  select_packages (fixture, ids);
  WAIT_UNTIL (fixture->n_lookups == 1);
  n_tasks = g_list_model_get_n_items (rd_release_package_get_tasks (shown_package (fixture)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL));
  dialog = answer_dialog ("release", TRUE);
  /* It names the package and says how many tasks go out. */
  g_assert_true (g_str_has_prefix (dialog, "Release Package?\n"));
  g_assert_nonnull (strstr (dialog, rd_release_package_get_package_name (shown_package (fixture))));
  {
    g_autofree char *tasks =
        g_strdup_printf ("%u task%s will be released", n_tasks, n_tasks == 1 ? "" : "s");

    g_assert_nonnull (strstr (dialog, tasks));
  }

  /* Released and watched: "Being released" on show, then the outcome. */
  WAIT_UNTIL (count_requests (fixture, "POST", "/deploy") == 1);
  bodies = dup_bodies (fixture, "POST", "/deploy");
  g_assert_cmpstr (g_ptr_array_index (bodies, 0), ==,
                   "{\"package_ids\":[\"7\"],\"startup_mode\":1}");
  /* Updated in place: the package stays on show, never replaced by a loading page. */
  WAIT_UNTIL (rd_release_package_get_deploy_status (shown_package (fixture)) ==
              RD_DEPLOY_STATUS_BEING_RELEASED);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
  WAIT_UNTIL (rd_window_get_n_watched (fixture->window) == 0 && notifications->len > 0);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
  g_assert_cmpuint (fixture->n_lookups, ==, 1);

  g_assert_cmpint (rd_release_package_get_deploy_status (shown_package (fixture)), ==,
                   RD_DEPLOY_STATUS_SUCCESSFUL);
  n = g_ptr_array_index (notifications, 0);
  g_assert_cmpstr (n->id, ==, "release-" RD_DEMO_PROJECT_ID "-7");
  {
    g_autofree char *title = g_strdup_printf (
        "Package %s released", rd_release_package_get_package_name (shown_package (fixture)));
    g_autofree char *body =
        g_strdup_printf ("%u task%s succeeded", n_tasks, n_tasks == 1 ? "" : "s");

    g_assert_cmpstr (n->title, ==, title);
    g_assert_cmpstr (n->body, ==, body);
  }
  g_assert_cmpstr (n->action, ==, "app.show-package");
  g_assert_cmpstr (n->target, ==, "('" RD_DEMO_PROJECT_ID "', '', '7')");

  /* It left the queue. */
  WAIT_UNTIL (!rd_package_pager_get_loading (pager (fixture)));
  g_assert_cmpint (queue_position (fixture, "7"), ==, -1);
}

static void
test_release_several_without_starting_jobs (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_auto(GStrv) ids = NULL;
  g_autofree char *dialog = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GPtrArray) bodies = NULL;

  SKIP_WITHOUT_DISPLAY ();

  wait_for_queue (fixture);
  ids = dup_listed_ids (fixture, 3);
  select_packages (fixture, (const char * const *) ids);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL));
  dialog = answer_dialog ("release", FALSE);
  g_assert_true (g_str_has_prefix (dialog, "Release 3 Packages?\n"));

  WAIT_UNTIL (count_requests (fixture, "POST", "/deploy") == 1);
  bodies = dup_bodies (fixture, "POST", "/deploy");
  expected = g_strdup_printf ("{\"package_ids\":[\"%s\",\"%s\",\"%s\"],\"startup_mode\":0}",
                              ids[0], ids[1], ids[2]);
  g_assert_cmpstr (g_ptr_array_index (bodies, 0), ==, expected);
  WAIT_UNTIL (notifications->len == 3 && rd_window_get_n_watched (fixture->window) == 0);
}

static void
test_failed_release_notifies_failure (Fixture       *fixture,
                                      gconstpointer  data)
{
  const char *ids[] = { RD_DEMO_FAILING_PACKAGE_ID, NULL };
  g_autofree char *dialog = NULL;
  Notification *n;

  SKIP_WITHOUT_DISPLAY ();

  wait_for_queue (fixture);
  while (queue_position (fixture, RD_DEMO_FAILING_PACKAGE_ID) < 0 &&
         rd_package_pager_get_has_more (pager (fixture)))
    {
      rd_queue_view_load_more (fixture->queue);
      WAIT_UNTIL (!rd_package_pager_get_loading (pager (fixture)));
    }
  select_packages (fixture, ids);
  WAIT_UNTIL (fixture->n_lookups == 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL));
  dialog = answer_dialog ("release", TRUE);

  WAIT_UNTIL (notifications->len == 1);
  n = g_ptr_array_index (notifications, 0);
  g_assert_true (g_str_has_prefix (n->title, "Release of package "));
  g_assert_true (g_str_has_suffix (n->title, " failed"));
  g_assert_nonnull (strstr (n->body, ", 1 failed"));
  g_assert_cmpint (rd_release_package_get_deploy_status (shown_package (fixture)), ==,
                   RD_DEPLOY_STATUS_FAILED);
}

static void
on_released_elsewhere (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  *(RdPackageActionResult **) user_data =
    rd_client_release_packages_finish (RD_CLIENT (source), result, NULL);
}

static void
test_refused_release_is_reported_per_package (Fixture       *fixture,
                                              gconstpointer  data)
{
  g_auto(GStrv) ids = NULL;
  const char *elsewhere[] = { NULL, NULL };
  g_autoptr(RdPackageActionResult) other = NULL;
  AdwMessageDialog *confirm = NULL;
  g_autofree char *report = NULL;

  SKIP_WITHOUT_DISPLAY ();

  wait_for_queue (fixture);
  ids = dup_listed_ids (fixture, 2);
  elsewhere[0] = ids[1];
  select_packages (fixture, (const char * const *) ids);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL));
  WAIT_UNTIL ((confirm = rd_test_find_message_dialog ()) != NULL);

  /* Someone else releases the second while the question is open: the service refuses the call. */
  rd_client_release_packages_async (fixture->client, RD_DEMO_PROJECT_ID, NULL, elsewhere, TRUE,
                                    NULL, on_released_elsewhere, &other);
  WAIT_UNTIL (other != NULL);
  g_free (answer_dialog ("release", TRUE));

  report = answer_dialog ("close", TRUE);
  g_assert_true (g_str_has_prefix (report, "2 Packages Not Released\n"));
  /* Each package, with the service's own message. */
  g_assert_nonnull (strstr (report, "DLF.20812"));
  g_assert_cmpuint (rd_window_get_n_watched (fixture->window), ==, 0);
}

static void
test_unanswered_release_is_not_called_refused (Fixture       *fixture,
                                               gconstpointer  data)
{
  const char *ids[] = { "7", NULL };
  /* The timeout must outlast the way to the service and the answer must outlast the timeout:
   * under memcheck the first alone can take more than a second, so both grow there. */
  RdDemoFault slow = { .kind = RD_DEMO_FAULT_DELAY, .delay_ms = 2500 * rd_test_slowdown () };
  g_autofree char *report = NULL;

  SKIP_WITHOUT_DISPLAY ();

  wait_for_queue (fixture);
  select_packages (fixture, ids);
  WAIT_UNTIL (fixture->n_lookups == 1);
  rd_client_set_timeout (fixture->client, 1 * rd_test_slowdown ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL));
  WAIT_UNTIL (rd_test_find_message_dialog () != NULL);
  /* The release goes out, but its answer never comes in time. */
  rd_demo_service_push_fault (fixture->demo, &slow);
  g_free (answer_dialog ("release", TRUE));

  report = answer_dialog ("close", TRUE);
  g_assert_true (g_str_has_prefix (report, "1 Package Not Confirmed\n"));
  g_assert_nonnull (strstr (report, "it may have gone through: look it up before trying again"));
  /* Never sent again by itself. */
  g_assert_cmpuint (count_requests (fixture, "POST", "/deploy"), ==, 1);
}

static void
test_revoke_removes_from_queue (Fixture       *fixture,
                                gconstpointer  data)
{
  g_auto(GStrv) ids = NULL;
  g_autofree char *dialog = NULL;
  g_autoptr(GPtrArray) bodies = NULL;

  SKIP_WITHOUT_DISPLAY ();

  wait_for_queue (fixture);
  ids = dup_listed_ids (fixture, 1);
  select_packages (fixture, (const char * const *) ids);
  WAIT_UNTIL (fixture->n_lookups == 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.revoke", NULL));
  dialog = answer_dialog ("revoke", TRUE);
  g_assert_true (g_str_has_prefix (dialog, "Revoke Package?\n"));

  WAIT_UNTIL (count_requests (fixture, "POST", "/unpack") == 1);
  bodies = dup_bodies (fixture, "POST", "/unpack");
  {
    g_autofree char *expected = g_strdup_printf ("{\"package_ids\":[\"%s\"]}", ids[0]);

    g_assert_cmpstr (g_ptr_array_index (bodies, 0), ==, expected);
  }
  /* The answer, then the queue reloaded without the package: waited for, not slept on (a
   * loaded machine takes longer than any fixed pause). */
  WAIT_UNTIL (queue_position (fixture, ids[0]) == -1 &&
              !rd_package_pager_get_loading (pager (fixture)));
  g_assert_cmpuint (count_requests (fixture, "POST", "/deploy"), ==, 0);
}

/* The main pane's status page, once it shows @title. */
static AdwStatusPage *
wait_for_error_page (Fixture    *fixture,
                     const char *title)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), RD_TYPE_WINDOW,
                                                  "error_page");
  AdwStatusPage *page = ADW_STATUS_PAGE (child);

  WAIT_UNTIL (g_strcmp0 (rd_window_get_state (fixture->window), "error") == 0 &&
              g_strcmp0 (adw_status_page_get_title (page), title) == 0);
  return page;
}

/* The buttons in @widget's tree whose action is @action_name, sensitive or not: adds the
 * number found to @n_found and returns the number sensitive. */
static guint
count_sensitive_buttons (GtkWidget  *widget,
                         const char *action_name,
                         guint      *n_found)
{
  guint n = 0;

  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    {
      (*n_found)++;
      n += gtk_widget_is_sensitive (widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_sensitive_buttons (child, action_name, n_found);
  return n;
}

/* Nothing to act on is left: the Release and Revoke buttons are off (a button follows its
 * action's enabled state), and so is the export. */
static void
assert_package_actions_gone (Fixture *fixture)
{
  static const char * const actions[] = { "win.release", "win.revoke", "win.export" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      guint n_found = 0;

      g_test_message ("%s", actions[i]);
      g_assert_cmpuint (count_sensitive_buttons (GTK_WIDGET (fixture->window), actions[i],
                                                 &n_found), ==, 0);
      if (i < 2)
        g_assert_cmpuint (n_found, >, 0);
    }
}

/* The package on show is revoked: the pane says it went back to its developer, by name, and
 * its Release and Revoke go (the service no longer finds it: releasing it would only be
 * refused with DLF.20810). */
static void
test_revoke_shown_says_sent_back (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_auto(GStrv) ids = NULL;
  g_autofree char *name = NULL;
  g_autofree char *expected = NULL;
  AdwStatusPage *page;
  guint n_gets;

  SKIP_WITHOUT_DISPLAY ();

  wait_for_queue (fixture);
  ids = dup_listed_ids (fixture, 1);
  select_packages (fixture, (const char * const *) ids);
  WAIT_UNTIL (fixture->n_lookups == 1);
  name = g_strdup (rd_release_package_get_package_name (shown_package (fixture)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.revoke", NULL));
  g_free (answer_dialog ("revoke", TRUE));
  WAIT_UNTIL (count_requests (fixture, "POST", "/unpack") == 1);
  n_gets = count_requests (fixture, "GET", ids[0]);

  page = wait_for_error_page (fixture, "Package Sent Back");
  expected = g_strdup_printf ("“%s” (package %s) was sent back to its developer", name, ids[0]);
  g_assert_nonnull (strstr (adw_status_page_get_description (page), expected));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==, "Release Desk");
  WAIT_UNTIL (queue_position (fixture, ids[0]) == -1 &&
              !rd_package_pager_get_loading (pager (fixture)));
  assert_package_actions_gone (fixture);
  /* Nothing was asked of the package again: the service would not find it. */
  g_assert_cmpuint (count_requests (fixture, "GET", ids[0]), ==, n_gets);
  g_assert_cmpuint (count_requests (fixture, "POST", "/deploy"), ==, 0);
}

/* A release being watched: the service answers that the package no longer exists (revoked
 * from the console meanwhile). The pane says so and offers to look it up again; nothing is
 * left to release. */
static void
test_watched_gone_says_so (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *ids[] = { "7", NULL };
  RdDemoFault gone = {
    RD_DEMO_FAULT_STATUS, .status = 400,
    .body = "{\"error_code\":\"DLF.0810\",\"error_msg\":\"The queried task does not exist.\"}",
  };
  AdwStatusPage *page;
  GtkWidget *retry;

  SKIP_WITHOUT_DISPLAY ();

  /* Being released for longer than the test runs: only the watcher asks. */
  rd_demo_service_set_release_delay (fixture->demo, 60000);
  wait_for_queue (fixture);
  select_packages (fixture, ids);
  WAIT_UNTIL (fixture->n_lookups == 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL));
  g_free (answer_dialog ("release", TRUE));
  WAIT_UNTIL (rd_release_package_get_deploy_status (shown_package (fixture)) ==
              RD_DEPLOY_STATUS_BEING_RELEASED &&
              rd_window_get_n_watched (fixture->window) == 1 &&
              !rd_package_pager_get_loading (pager (fixture)));
  rd_demo_service_push_fault (fixture->demo, &gone);

  page = wait_for_error_page (fixture, "Package No Longer Available");
  g_assert_nonnull (strstr (adw_status_page_get_description (page),
                            "Package 7 was not found"));
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "(package 7)"));
  retry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                     RD_TYPE_WINDOW, "retry_button"));
  g_assert_true (gtk_widget_get_visible (retry));
  assert_package_actions_gone (fixture);
}

/* A service that starts a release a moment after answering the deploy call: the queue listed
 * at once still counts the package; once the release has started the queue is listed again,
 * so neither the rows nor the total keep it ("20 of 46" with 45 waiting). */
static void
test_release_lagged_start_recounts_queue (Fixture       *fixture,
                                          gconstpointer  data)
{
  const char *ids[] = { "7", NULL };
  guint total;

  SKIP_WITHOUT_DISPLAY ();

  rd_demo_service_set_release_start_lag (fixture->demo, 300 * rd_test_slowdown ());
  rd_demo_service_set_release_delay (fixture->demo, 60000);
  /* The watcher takes "to be reviewed" for the end after RD_RELEASE_WATCHER_MAX_NOT_STARTED
   * polls: its third poll must come after the lag, whatever the requests cost (at 50 and
   * 100 ms it came before it under valgrind once: the release was never seen starting). */
  rd_window_set_watch_intervals (fixture->window, 100 * rd_test_slowdown (),
                                 200 * rd_test_slowdown ());
  wait_for_queue (fixture);
  total = rd_package_pager_get_total (pager (fixture));
  select_packages (fixture, ids);
  WAIT_UNTIL (fixture->n_lookups == 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL));
  g_free (answer_dialog ("release", TRUE));

  WAIT_UNTIL (rd_release_package_get_deploy_status (shown_package (fixture)) ==
              RD_DEPLOY_STATUS_BEING_RELEASED);
  WAIT_UNTIL (queue_position (fixture, ids[0]) == -1 &&
              !rd_package_pager_get_loading (pager (fixture)));
  g_assert_cmpuint (rd_package_pager_get_total (pager (fixture)), ==, total - 1);
  /* Still watched: the watcher did not take "to be reviewed" for the end. */
  g_assert_cmpuint (rd_window_get_n_watched (fixture->window), ==, 1);
}

static void
test_cancel_sends_nothing (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(GStrv) ids = NULL;

  SKIP_WITHOUT_DISPLAY ();

  wait_for_queue (fixture);
  ids = dup_listed_ids (fixture, 1);
  select_packages (fixture, (const char * const *) ids);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL));
  g_free (answer_dialog ("cancel", TRUE));
  rd_test_run_for (100);
  g_assert_cmpuint (count_requests (fixture, "POST", "/deploy"), ==, 0);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (fixture->window)));
}

static void
test_one_click_one_request (Fixture       *fixture,
                            gconstpointer  data)
{
  g_auto(GStrv) ids = NULL;
  AdwMessageDialog *dialog = NULL;

  SKIP_WITHOUT_DISPLAY ();

  wait_for_queue (fixture);
  ids = dup_listed_ids (fixture, 1);
  select_packages (fixture, (const char * const *) ids);
  WAIT_UNTIL (fixture->n_lookups == 1);

  /* A double click, and the shortcut on top: one question. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL);
  WAIT_UNTIL ((dialog = rd_test_find_message_dialog ()) != NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL);
  rd_test_run_for (50);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    guint n_dialogs = 0;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

        n_dialogs += ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window));
      }
    g_assert_cmpuint (n_dialogs, ==, 1);
  }

  /* Answering, then Release again at once, sends one request. */
  click_response (dialog, "release");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL);
  rd_test_run_for (200);
  g_assert_null (rd_test_find_message_dialog ());
  WAIT_UNTIL (rd_window_get_n_watched (fixture->window) == 0);
  g_assert_cmpuint (count_requests (fixture, "POST", "/deploy"), ==, 1);
}

static void
test_closing_the_window_stops_polling (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_auto(GStrv) ids = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *expected_id = NULL;
  guint before;

  SKIP_WITHOUT_DISPLAY ();

  rd_demo_service_set_release_delay (fixture->demo, 5000);
  wait_for_queue (fixture);
  ids = dup_listed_ids (fixture, 1);
  select_packages (fixture, (const char * const *) ids);
  WAIT_UNTIL (fixture->n_lookups == 1);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL);
  g_free (answer_dialog ("release", TRUE));
  suffix = g_strconcat ("/", ids[0], NULL);
  WAIT_UNTIL (rd_window_get_n_watched (fixture->window) == 1 &&
              count_requests (fixture, "GET", suffix) >= 3);

  rd_test_destroy_window (&fixture->window, WAIT_SECONDS);
  before = count_requests (fixture, "GET", suffix);
  rd_test_run_for (400);
  g_assert_cmpuint (count_requests (fixture, "GET", suffix), ==, before);
  expected_id = g_strconcat ("release-" RD_DEMO_PROJECT_ID "-", ids[0], NULL);
  for (guint i = 0; i < notifications->len; i++)
    {
      Notification *n = g_ptr_array_index (notifications, i);

      /* (A late one of an earlier test may come in; none for this package.) */
      g_assert_cmpstr (n->id, !=, expected_id);
    }
}

static void
test_notification_action_shows_package (Fixture       *fixture,
                                        gconstpointer  data)
{
  SKIP_WITHOUT_DISPLAY ();

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "show-package",
                                  g_variant_new ("(sss)", RD_DEMO_PROJECT_ID, "", "7"));
  WAIT_UNTIL (fixture->n_lookups == 1);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
  g_assert_cmpstr (rd_release_package_get_package_id (shown_package (fixture)), ==, "7");
}

/* ---- What the queue's list shows (screen-rows.h) ------------------------------------------- */

#define N_MORE_PACKAGES 300

/* @n more packages waiting for review, newer than the demo's, of two applicants. */
static void
add_queue_packages (Fixture *fixture,
                    guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 5000 + i);
      g_autofree char *json = g_strdup_printf (
          "{\"release_package\": {\"package_id\": \"%s\", \"package_name\": \"queue_pkg_%03u\","
          " \"deploy_status\": 1, \"apply_timestamp\": %" G_GINT64_FORMAT ","
          " \"apply_user_id\": \"uid-%u\", \"apply_user_name\": \"%s\"},"
          " \"task_details\": [{\"item_name\": \"job_%03u\", \"pending_item_id\": \"%u\", "
          "\"task_type\": 1,"
          " \"update_type\": 1, \"deploy_status\": 1}]}",
          id, i, G_GINT64_CONSTANT (1893456000000) - (gint64) i * 60000, i % 2,
          i % 2 == 0 ? "queue.author" : "queue.reviewer", i, 90000 + i);

      rd_demo_service_add_package (fixture->demo, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, id,
                                   json);
    }
}

static GtkWidget *
queue_list (Fixture *fixture)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->queue), RD_TYPE_QUEUE_VIEW,
                                                    "list_view"));
}

/* A queue row shows the package's name in its heading. */
static gboolean
read_queue_row (GtkWidget  *row,
                char      **text,
                guint      *position)
{
  GtkWidget *heading
      = rd_test_find_widget (row, GTK_TYPE_LABEL, rd_test_widget_has_css_class, "heading");

  if (heading == NULL || !gtk_widget_get_mapped (heading))
    return FALSE;

  *text = g_strdup (gtk_label_get_label (GTK_LABEL (heading)));
  return TRUE;
}

static char *
dup_queue_row_text (gpointer item)
{
  const char *name = rd_release_package_get_package_name (item);

  return g_strdup (name != NULL && name[0] != '\0' ? name
                                                   : rd_release_package_get_package_id (item));
}

static GArray *
read_queue_on_screen (Fixture *fixture)
{
  g_assert_true (rd_screen_wait_for_frames (GTK_WIDGET (fixture->window), WAIT_SECONDS));
  return rd_screen_rows_read (queue_list (fixture), read_queue_row);
}

static void
assert_queue_shows_the_model (Fixture    *fixture,
                              const char *when)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (queue_list (fixture))));
  g_autoptr(GArray) rows = read_queue_on_screen (fixture);

  rd_screen_rows_assert_match (queue_list (fixture), rows, model, dup_queue_row_text, when);
}

/* To the last package, as End in the list does (list.scroll-to-item): the
 * list scrolls to an item it holds. Setting the adjustment instead can name
 * a place the list no longer has while a reload is on its way (GTK 4.8 then
 * warns "failed to scroll to given position"). */
static void
scroll_queue_to_end (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (queue_list (fixture))));

  WAIT_UNTIL (!rd_package_pager_get_loading (pager (fixture)));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  g_assert_true (gtk_widget_activate_action (queue_list (fixture), "list.scroll-to-item", "u",
                                             g_list_model_get_n_items (model) - 1));
  g_assert_true (rd_screen_wait_for_frames (GTK_WIDGET (fixture->window), WAIT_SECONDS));
}

static void
load_whole_queue (Fixture *fixture)
{
  while (rd_package_pager_get_has_more (pager (fixture)))
    {
      rd_queue_view_load_more (fixture->queue);
      WAIT_UNTIL (!rd_package_pager_get_loading (pager (fixture)));
    }
}

/* The list reloaded for changed search or filters: a new request, answered. */
static void
wait_for_reload (Fixture *fixture,
                 guint    n_list_requests_before)
{
  WAIT_UNTIL (count_requests (fixture, "POST", "/factory/release-packages") >
                  n_list_requests_before &&
              !rd_package_pager_get_loading (pager (fixture)));
}

/* The package of the row drawn @index-th from the top, clicked: the window shows it. */
static void
click_queue_row (Fixture *fixture,
                 guint    index)
{
  g_autoptr(GArray) rows = read_queue_on_screen (fixture);
  RdScreenRow *row;
  guint n_lookups = fixture->n_lookups;

  g_assert_cmpuint (rows->len, >, index);
  row = &g_array_index (rows, RdScreenRow, index);
  g_assert_true (gtk_widget_activate_action (row->row, "listitem.select", "(bb)", FALSE, FALSE));
  WAIT_UNTIL (fixture->n_lookups > n_lookups);
  g_assert_nonnull (shown_package (fixture));
  {
    g_autofree char *shown = dup_queue_row_text (shown_package (fixture));

    if (g_strcmp0 (shown, row->text) != 0)
      g_error ("clicked the queue row showing “%s”, the window shows “%s”", row->text, shown);
  }
}

static void
test_queue_rows_on_screen_match (Fixture       *fixture,
                                 gconstpointer  data)
{
  GtkWidget *search;
  GtkWidget *applicant;
  g_autofree char *revoked = NULL;
  g_autofree char *released = NULL;
  guint n_requests;

  SKIP_WITHOUT_DISPLAY ();

  add_queue_packages (fixture, N_MORE_PACKAGES);
  wait_for_queue (fixture);
  n_requests = count_requests (fixture, "POST", "/factory/release-packages");
  rd_queue_view_refresh (fixture->queue);
  wait_for_reload (fixture, n_requests);
  assert_queue_shows_the_model (fixture, "the first page");

  /* Load More, page after page, then the end of the list. */
  rd_queue_view_load_more (fixture->queue);
  WAIT_UNTIL (!rd_package_pager_get_loading (pager (fixture)));
  assert_queue_shows_the_model (fixture, "a second page");
  load_whole_queue (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (rd_package_pager_get_packages (pager (fixture))), ==,
                    N_MORE_PACKAGES + RD_DEMO_REVIEW_QUEUE_SIZE);
  assert_queue_shows_the_model (fixture, "every page loaded");
  scroll_queue_to_end (fixture);
  assert_queue_shows_the_model (fixture, "scrolled to the end");

  /* What the window does with a package it released or revoked: out of the
   * list in place, here from above the rows on screen and from among them. */
  {
    GListModel *packages = rd_package_pager_get_packages (pager (fixture));
    g_autoptr(RdReleasePackage) first = g_list_model_get_item (packages, 0);
    g_autoptr(RdReleasePackage) middle = g_list_model_get_item (packages, 150);
    g_autoptr (RdReleasePackage) near_end =
        g_list_model_get_item (packages, g_list_model_get_n_items (packages) - 3);

    g_assert_true (
        rd_package_pager_remove (pager (fixture), rd_release_package_get_package_id (middle)));
    assert_queue_shows_the_model (fixture, "a package in the middle taken out");
    g_assert_true (
        rd_package_pager_remove (pager (fixture), rd_release_package_get_package_id (first)));
    assert_queue_shows_the_model (fixture, "the first package taken out");
    g_assert_true (
        rd_package_pager_remove (pager (fixture), rd_release_package_get_package_id (near_end)));
    assert_queue_shows_the_model (fixture, "a package on screen taken out");
  }

  /* Revoke and Release: the package goes, the list is asked for again. */
  {
    g_autoptr (RdReleasePackage) second =
        g_list_model_get_item (rd_package_pager_get_packages (pager (fixture)), 1);
    const char *ids[] = { rd_release_package_get_package_id (second), NULL };
    g_autofree char *dialog = NULL;

    revoked = g_strdup (ids[0]);
    select_packages (fixture, ids);
    WAIT_UNTIL (fixture->n_lookups == 1);
    scroll_queue_to_end (fixture);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.revoke", NULL));
    dialog = answer_dialog ("revoke", TRUE);
    WAIT_UNTIL (queue_position (fixture, revoked) == -1 &&
                !rd_package_pager_get_loading (pager (fixture)));
    assert_queue_shows_the_model (fixture, "revoked a package above the rows on screen");
  }
  {
    g_autoptr (RdReleasePackage) third =
        g_list_model_get_item (rd_package_pager_get_packages (pager (fixture)), 3);
    const char *ids[] = { rd_release_package_get_package_id (third), NULL };
    g_autofree char *dialog = NULL;
    guint n_lookups = fixture->n_lookups;

    released = g_strdup (ids[0]);
    select_packages (fixture, ids);
    WAIT_UNTIL (fixture->n_lookups > n_lookups);
    scroll_queue_to_end (fixture);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL));
    dialog = answer_dialog ("release", TRUE);
    WAIT_UNTIL (queue_position (fixture, released) == -1 &&
                !rd_package_pager_get_loading (pager (fixture)));
    assert_queue_shows_the_model (fixture, "released a package above the rows on screen");
  }
  click_queue_row (fixture, 2);

  /* Search, from the end of the list; then no search. */
  search = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->queue),
                                                      RD_TYPE_QUEUE_VIEW, "search_entry"));
  scroll_queue_to_end (fixture);
  n_requests = count_requests (fixture, "POST", "/factory/release-packages");
  gtk_editable_set_text (GTK_EDITABLE (search), "queue_pkg_01");
  wait_for_reload (fixture, n_requests);
  g_assert_cmpuint (g_list_model_get_n_items (rd_package_pager_get_packages (pager (fixture))), ==,
                    10);
  assert_queue_shows_the_model (fixture, "searched from the end of the list");
  click_queue_row (fixture, 0);

  n_requests = count_requests (fixture, "POST", "/factory/release-packages");
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  wait_for_reload (fixture, n_requests);
  assert_queue_shows_the_model (fixture, "search cleared");

  /* A filter: one applicant's packages, from the end of the list. */
  load_whole_queue (fixture);
  scroll_queue_to_end (fixture);
  applicant = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->queue),
                                                         RD_TYPE_QUEUE_VIEW, "applicant_entry"));
  n_requests = count_requests (fixture, "POST", "/factory/release-packages");
  gtk_editable_set_text (GTK_EDITABLE (applicant), "queue.reviewer");
  wait_for_reload (fixture, n_requests);
  assert_queue_shows_the_model (fixture, "filtered by applicant from the end of the list");
  load_whole_queue (fixture);
  scroll_queue_to_end (fixture);
  assert_queue_shows_the_model (fixture, "filtered by applicant, scrolled to the end");
  click_queue_row (fixture, 0);

  n_requests = count_requests (fixture, "POST", "/factory/release-packages");
  gtk_editable_set_text (GTK_EDITABLE (applicant), "");
  wait_for_reload (fixture, n_requests);
  assert_queue_shows_the_model (fixture, "filter cleared");
}

/* Issue 18 item 12: "queue times are cut off" after a long applicant name. The time is the
 * table's format, with its year, in a label of its own drawn whole; the name is ellipsized. */
static void
test_queue_time_is_whole (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *applicant = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GArray) rows = NULL;
  GtkWidget *row = NULL;
  GtkWidget *time;
  GtkWidget *name;
  int natural;
  guint n_requests;

  SKIP_WITHOUT_DISPLAY ();

  applicant = g_strnfill (200, 'w');
  /* 2031-01-01 00:00 UTC: newer than every other package, so the first row. */
  json = g_strdup_printf (
      "{\"release_package\": {\"package_id\": \"7001\", \"package_name\": \"long_applicant\","
      " \"deploy_status\": 1, \"apply_timestamp\": 1924992000000,"
      " \"apply_user_id\": \"uid-long\", \"apply_user_name\": \"%s\"},"
      " \"task_details\": []}",
      applicant);
  rd_demo_service_add_package (fixture->demo, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, "7001",
                               json);
  wait_for_queue (fixture);
  n_requests = count_requests (fixture, "POST", "/factory/release-packages");
  rd_queue_view_refresh (fixture->queue);
  wait_for_reload (fixture, n_requests);

  rows = read_queue_on_screen (fixture);
  for (guint i = 0; i < rows->len && row == NULL; i++)
    if (g_strcmp0 (g_array_index (rows, RdScreenRow, i).text, "long_applicant") == 0)
      row = g_array_index (rows, RdScreenRow, i).row;
  g_assert_nonnull (row);
  time = rd_test_find_widget (row, GTK_TYPE_LABEL, rd_test_widget_has_css_class, "numeric");
  g_assert_nonnull (time);
  g_assert_true (strstr (gtk_label_get_label (GTK_LABEL (time)), "2031") != NULL ||
                 strstr (gtk_label_get_label (GTK_LABEL (time)), "2030") != NULL);
  gtk_widget_measure (time, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (time), >=, natural);

  /* The applicant's label gave way. */
  name = rd_test_find_widget (row, GTK_TYPE_LABEL, rd_test_widget_has_text, applicant);
  g_assert_nonnull (name);
  gtk_widget_measure (name, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (name), <, natural);
}

/* The service's words on the queue's error page are text (see
 * /window/error/service-message-is-text). */
static void
test_queue_error_message_is_text (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const char service_message[] =
    "<span size='xx-large' foreground='green'>Nothing to review</span> (limit must be < 100 & > 0)";
  g_autofree char *body = g_strdup_printf ("{\"error_code\":\"DLF.4242\",\"error_msg\":\"%s\"}",
                                           service_message);
  RdDemoFault fault = { RD_DEMO_FAULT_STATUS, .status = 400, .body = body };
  GtkWidget *error_page;
  GtkLabel *shown;
  guint n_requests;

  SKIP_WITHOUT_DISPLAY ();

  wait_for_queue (fixture);
  n_requests = count_requests (fixture, "POST", "/factory/release-packages");
  rd_demo_service_push_fault (fixture->demo, &fault);
  rd_queue_view_refresh (fixture->queue);
  wait_for_reload (fixture, n_requests);

  error_page = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->queue),
                                                          RD_TYPE_QUEUE_VIEW, "error_page"));
  WAIT_UNTIL (gtk_widget_get_mapped (error_page));
  shown = rd_screen_find_label_showing (error_page, "Nothing to review");
  g_assert_nonnull (shown);
  g_assert_nonnull (strstr (gtk_label_get_text (shown), service_message));
}

/* The service lists a package whose ID the form would once refuse ("a b+c"): selecting it
 * opens it (the ID escaped as one path segment), and Release asks about exactly that package,
 * with its tasks. */
static void
test_odd_id_opens (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *ids[] = { "a b+c", NULL };
  g_autofree char *question = NULL;
  g_autofree char *line = NULL;
  guint n_lists;
  /* Applied for just now: the newest, first in the queue. */
  gint64 now_ms = g_get_real_time () / 1000;
  g_autofree char *document = NULL;
  GString *tasks = g_string_new (NULL);

  SKIP_WITHOUT_DISPLAY ();

  for (guint i = 0; i < 3; i++)
    g_string_append_printf (tasks, "%s{\"item_name\":\"job_%u\",\"task_type\":1,"
                            "\"update_type\":2,\"deploy_status\":1,\"deployed_version\":%u,"
                            "\"pending_version\":%u,\"submit_timestamp\":%" G_GINT64_FORMAT
                            ",\"submit_user_name\":\"dev\"}", i > 0 ? "," : "", i, i + 1, i + 2,
                            now_ms);
  document =
      g_strdup_printf ("{\"release_package\":{\"package_id\":\"%s\","
                       "\"package_name\":\"odd_id_package\",\"deploy_status\":1,"
                       "\"apply_timestamp\":%" G_GINT64_FORMAT ",\"apply_user_name\":"
                       "\"dev\",\"package_approvers\":[],\"project_id\":\"%s-workspace-%s\"},"
                       "\"task_details\":[%s]}",
                       ids[0], now_ms, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, tasks->str);
  g_string_free (tasks, TRUE);

  wait_for_queue (fixture);
  rd_demo_service_add_package (fixture->demo, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, ids[0],
                               document);
  n_lists = count_requests (fixture, "POST", "/factory/release-packages");
  rd_queue_view_refresh (fixture->queue);
  wait_for_reload (fixture, n_lists);
  select_packages (fixture, ids);
  WAIT_UNTIL (fixture->n_lookups == 1);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
  g_assert_cmpstr (rd_release_package_get_package_id (shown_package (fixture)), ==, ids[0]);
  g_assert_cmpstr (rd_demo_service_get_last_path (fixture->demo), ==,
                   "/v2/" RD_DEMO_PROJECT_ID "/factory/release-packages/a%20b%2Bc");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL));
  question = answer_dialog ("cancel", TRUE);
  line = g_strdup_printf ("\n• %s — 3 tasks\n",
                          rd_release_package_get_package_name (shown_package (fixture)));
  g_assert_nonnull (strstr (question, line));
  g_assert_nonnull (strstr (question, "\n3 tasks will be released to production."));
  /* Where, too. */
  g_assert_nonnull (strstr (question, "\nIn project " RD_DEMO_PROJECT_ID
                                      ", its default workspace\n"));
  g_assert_cmpuint (count_requests (fixture, "POST", "/deploy"), ==, 0);
}

/* Counting the tasks of one selected package fails: the question still names it, says its
 * tasks were not counted and why, and claims no number ("at least 0") for it. */
static void
test_uncounted_is_named (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(GStrv) ids = NULL;
  g_autofree char *question = NULL;
  RdDemoFault broken = {
    RD_DEMO_FAULT_STATUS, .status = 400,
    .body = "{\"error_code\":\"DLF.3051\",\"error_msg\":\"The request parameter is invalid.\"}",
  };

  SKIP_WITHOUT_DISPLAY ();

  wait_for_queue (fixture);
  ids = dup_listed_ids (fixture, 2);
  select_packages (fixture, (const char * const *) ids);
  /* Selecting the first one alone looked it up: the second is counted now. */
  WAIT_UNTIL (fixture->n_lookups == 1);
  rd_demo_service_push_fault (fixture->demo, &broken);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL));
  question = answer_dialog ("cancel", TRUE);
  g_test_message ("%s", question);
  g_assert_true (g_str_has_prefix (question, "Release 2 Packages?\n"));
  g_assert_nonnull (strstr (question, " — tasks not counted: "));
  g_assert_null (strstr (question, "At least 0"));
  g_assert_nonnull (strstr (question, "At least "));
}

/* The queue's list call is refused (401): the queue and the strip above the form offer to sign
 * in again (the account is signed out, its token marked expired); once the token is entered
 * again through the store, the queue is listed again by itself. */
static void
test_queue_unauthorized_offers_sign_in (Fixture       *fixture,
                                        gconstpointer  data)
{
  RdSession *session;
  GtkWidget *sign_in;
  GtkWidget *banner_button;
  RdAccount *account;
  RdClient *refused;
  guint n_lists;
  g_autoptr(GHashTable) headers = NULL;

  SKIP_WITHOUT_DISPLAY ();
  SKIP_WITHOUT_KEYRING ();

  session = rd_window_get_session (fixture->window);
  wait_for_queue (fixture);
  n_lists = count_requests (fixture, "POST", "/factory/release-packages");
  account = use_account (fixture, TRUE);
  sign_in = queue_child (fixture, "sign_in_button");
  WAIT_UNTIL (gtk_widget_get_mapped (sign_in));
  g_assert_true (rd_session_get_needs_sign_in (session));
  g_assert_true (rd_account_is_token_expired (account));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (sign_in)), ==, "_Enter the Token Again");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (sign_in)), ==,
                   "win.fix-account");
  /* Trying again as it is would only be refused again. */
  g_assert_false (gtk_widget_get_visible (queue_child (fixture, "try_again_button")));
  /* The lookup pane says it too, and the action is there to take. */
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (window_child (fixture,
                                                                            "sign_in_revealer"))));
  banner_button = window_child (fixture, "sign_in_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (banner_button)), ==,
                   "_Enter the Token Again");
  /* A button of a disabled action would be insensitive. */
  g_assert_true (gtk_widget_is_sensitive (banner_button));
  g_assert_true (gtk_widget_is_sensitive (sign_in));
  /* The one refused list call, and no more. */
  g_assert_cmpuint (count_requests (fixture, "POST", "/factory/release-packages"), ==, ++n_lists);
  refused = rd_package_pager_get_client (pager (fixture));

  enter_token_again (fixture, account);

  wait_for_queue (fixture);
  g_assert_true (rd_package_pager_get_client (pager (fixture)) != refused);
  g_assert_cmpuint (count_requests (fixture, "POST", "/factory/release-packages"), ==, n_lists + 1);
  /* Once: saving the account does not list it a second time. */
  rd_test_run_for (300);
  g_assert_cmpuint (count_requests (fixture, "POST", "/factory/release-packages"), ==, n_lists + 1);
  headers = rd_demo_service_dup_last_headers (fixture->demo);
  g_assert_cmpstr (g_hash_table_lookup (headers, "x-auth-token"), ==, RENEWED_TOKEN);
  g_assert_false (rd_session_get_needs_sign_in (session));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (window_child (fixture,
                                                                             "sign_in_revealer"))));
  g_assert_false (gtk_widget_get_visible (sign_in));
}

/* A release refused with 401: the report offers to sign in, and once signed in again the same
 * release is asked about again, and goes out with the new token. */
static void
test_release_unauthorized_offers_it_again (Fixture       *fixture,
                                           gconstpointer  data)
{
  const char *ids[] = { "7", NULL };
  AdwMessageDialog *report = NULL;
  g_autofree char *question = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GHashTable) headers = NULL;
  RdAccount *account;

  SKIP_WITHOUT_DISPLAY ();
  SKIP_WITHOUT_KEYRING ();

  account = use_account (fixture, FALSE);
  wait_for_queue (fixture);
  select_packages (fixture, ids);
  WAIT_UNTIL (fixture->n_lookups == 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL));
  WAIT_UNTIL (rd_test_find_message_dialog () != NULL);
  rd_test_push_status (fixture->demo, 401, RD_TEST_EXPIRED_TOKEN_BODY, NULL);
  question = answer_dialog ("release", TRUE);
  g_assert_true (g_str_has_prefix (question, "Release Package?\n"));

  WAIT_UNTIL ((report = rd_test_find_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (report), ==, "1 Package Not Released");
  g_assert_true (adw_message_dialog_has_response (report, "sign-in"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (report, "sign-in"), ==,
                   "_Enter the Token Again");
  g_assert_true (rd_session_get_needs_sign_in (rd_window_get_session (fixture->window)));
  g_free (answer_dialog ("close", TRUE));
  g_assert_cmpuint (rd_window_get_n_watched (fixture->window), ==, 0);

  enter_token_again (fixture, account);

  /* The question again, about the same package. */
  again = answer_dialog ("release", TRUE);
  g_assert_cmpstr (again, ==, question);
  WAIT_UNTIL (count_requests (fixture, "POST", "/deploy") == 2);
  bodies = dup_bodies (fixture, "POST", "/deploy");
  g_assert_cmpstr (g_ptr_array_index (bodies, 1), ==,
                   "{\"package_ids\":[\"7\"],\"startup_mode\":1}");
  headers = rd_demo_service_dup_last_headers (fixture->demo);
  g_assert_cmpstr (g_hash_table_lookup (headers, "x-auth-token"), ==, RENEWED_TOKEN);
  WAIT_UNTIL (rd_window_get_n_watched (fixture->window) == 1 || notifications->len > 0);
}

/* Counting the tasks of the packages selected is refused (401): nothing is asked or sent while
 * signed out, and once signed in again the question comes by itself. */
static void
test_count_unauthorized_asks_after_sign_in (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_auto(GStrv) ids = NULL;
  g_autofree char *question = NULL;
  RdAccount *account;

  SKIP_WITHOUT_DISPLAY ();
  SKIP_WITHOUT_KEYRING ();

  account = use_account (fixture, FALSE);
  wait_for_queue (fixture);
  ids = dup_listed_ids (fixture, 2);
  select_packages (fixture, (const char * const *) ids);
  /* Selecting the first one alone looked it up. */
  WAIT_UNTIL (fixture->n_lookups == 1);
  rd_test_push_status (fixture->demo, 401, RD_TEST_EXPIRED_TOKEN_BODY, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL));
  WAIT_UNTIL (rd_session_get_needs_sign_in (rd_window_get_session (fixture->window)));
  rd_test_run_for (200);
  g_assert_null (rd_test_find_message_dialog ());
  g_assert_cmpuint (count_requests (fixture, "POST", "/deploy"), ==, 0);

  enter_token_again (fixture, account);
  question = answer_dialog ("cancel", TRUE);
  g_assert_true (g_str_has_prefix (question, "Release 2 Packages?\n"));
  g_assert_cmpuint (count_requests (fixture, "POST", "/deploy"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring_path = NULL;
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Notifications go to org.gtk.Notifications (GNOME Shell's), which the test serves. */
  g_setenv ("GNOTIFICATION_BACKEND", "gtk", TRUE);

  g_test_init (&argc, &argv, NULL);

  /* The saved account's token goes to libsecret's file backend, in a file of this run's own,
   * unless the run chose a backend. */
  no_keyring = rd_test_dup_sandbox_without_bus ();
  /* Memcheck would report libsecret's own leak of every write (tests/README.md). */
  if (no_keyring == NULL && rd_test_under_valgrind ())
    no_keyring = g_strdup ("Skipped under valgrind: libsecret 0.20.5 leaks inside its own GIO "
                           "callbacks (tests/README.md)");
  if (g_getenv ("SECRET_BACKEND") == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("rd-review-window-keyring-XXXXXX", NULL);

      keyring_path = g_build_filename (dir, "keyring.file", NULL);
      g_setenv ("SECRET_BACKEND", "file", TRUE);
      g_setenv ("SECRET_FILE_TEST_PATH", keyring_path, TRUE);
      g_setenv ("SECRET_FILE_TEST_PASSWORD", "release-desk-tests", TRUE);
    }

  have_display = gtk_init_check ();
  if (have_display && !start_notification_server ())
    have_display = FALSE;
  if (have_display)
    adw_init ();

#define ADD(path, func) \
  g_test_add ("/review-window/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("queue/lists-packages-waiting-for-review", test_queue_lists_packages_waiting_for_review);
  ADD ("queue/search-sends-key-word", test_search_sends_key_word);
  ADD ("queue/selecting-shows-details", test_selecting_shows_details);
  ADD ("release/one-watches-and-notifies", test_release_one_watches_and_notifies);
  ADD ("release/several-without-starting-jobs", test_release_several_without_starting_jobs);
  ADD ("release/failed-notifies-failure", test_failed_release_notifies_failure);
  ADD ("release/refused-is-reported-per-package", test_refused_release_is_reported_per_package);
  ADD ("release/cancel-sends-nothing", test_cancel_sends_nothing);
  ADD ("release/unanswered-is-not-called-refused", test_unanswered_release_is_not_called_refused);
  ADD ("release/one-click-one-request", test_one_click_one_request);
  ADD ("release/closing-the-window-stops-polling", test_closing_the_window_stops_polling);
  ADD ("revoke/removes-from-queue", test_revoke_removes_from_queue);
  ADD ("release/lagged-start-recounts-queue", test_release_lagged_start_recounts_queue);
  ADD ("queue/odd-id-opens", test_odd_id_opens);
  ADD ("release/uncounted-is-named", test_uncounted_is_named);
  ADD ("revoke/shown-says-sent-back", test_revoke_shown_says_sent_back);
  ADD ("release/watched-gone-says-so", test_watched_gone_says_so);
  ADD ("notification/action-shows-package", test_notification_action_shows_package);
  ADD ("queue/rows-on-screen-match", test_queue_rows_on_screen_match);
  ADD ("queue/time-is-whole", test_queue_time_is_whole);
  ADD ("queue/error-message-is-text", test_queue_error_message_is_text);
  ADD ("sign-in/queue-unauthorized-offers-sign-in", test_queue_unauthorized_offers_sign_in);
  ADD ("sign-in/release-unauthorized-offers-it-again", test_release_unauthorized_offers_it_again);
  ADD ("sign-in/count-unauthorized-asks-after-sign-in", test_count_unauthorized_asks_after_sign_in);
#undef ADD

  status = g_test_run ();

  if (keyring_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (keyring_path);

      rd_test_remove_tree (dir);
    }
  g_clear_pointer (&no_keyring, g_free);
  return status;
}
