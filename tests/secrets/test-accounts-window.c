/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-accounts-window.c: the window with saved accounts (gnome-keyring or libsecret's file
 * backend), under a real display. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rd-account-editor.h"
#include "rd-accounts.h"
#include "rd-account-store.h"
#include "rd-application.h"
#include "rd-demo-testing.h"
#include "rd-regions.h"
#include "rd-preferences-window.h"
#include "rd-queue-view.h"
#include "rd-window.h"
#include "rd-test-window.h"

#define WAIT_SECONDS 20

#define TEST_TOKEN "TOKENtest-window-MIIaBgkqhkiG9w0-account-token"
#define TEST_AK    "RDWINTESTACCESSKEY01"
#define TEST_SK    "SKtest-window-1a2b3c4d5e6f7g8h9i0j-secret-key"
#define BAD_TOKEN  "TOKENtest-window-not-accepted-by-the-service"

static const char *const all_secrets[] = { TEST_TOKEN, TEST_SK, BAD_TOKEN, RD_DEMO_IAM_PASSWORD,
                                           NULL };

static gboolean have_display;
/* Where the exports go; searched for secrets at the end, with the app's folders. */
static char *export_dir;

typedef struct
{
  char           *dir;
  RdSecretStore  *secrets;
  RdAccountStore *store;
  RdDemoService  *service;
  RdWindow       *window;
  guint           n_finished;
} Fixture;

static void
on_lookup_finished (RdWindow         *window,
                    RdReleasePackage *package,
                    const GError     *error,
                    gboolean          current,
                    Fixture          *fixture)
{
  fixture->n_finished++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (!have_display)
    return;

  fixture->dir = g_dir_make_tmp ("rd-accounts-window-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "release-desk", "accounts.ini", NULL);
  fixture->secrets = rd_secret_store_new ();
  fixture->store = rd_account_store_new (path, fixture->secrets);

  fixture->service = rd_test_start_demo_service ();
  rd_demo_service_add_token (fixture->service, TEST_TOKEN);
  rd_demo_service_add_access_key (fixture->service, TEST_AK, TEST_SK);

  fixture->window = rd_window_new (NULL, NULL);
  /* Lookups only: the review queue's list calls would count as requests here. */
  rd_window_set_queue_visible (fixture->window, FALSE);
  rd_window_set_account_store (fixture->window, fixture->store);
  g_signal_connect (fixture->window, "lookup-finished", G_CALLBACK (on_lookup_finished), fixture);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!have_display)
    return;

  while (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)) > 0)
    {
      g_autoptr(RdAccount) account = g_list_model_get_item (G_LIST_MODEL (fixture->store), 0);
      g_autoptr(GAsyncResult) result = NULL;

      rd_account_store_remove_async (fixture->store, account, NULL, rd_test_on_result, &result);
      WAIT_UNTIL (result != NULL);
      g_assert_true (rd_account_store_remove_finish (fixture->store, result, NULL));
    }

  rd_test_destroy_window (&fixture->window, WAIT_SECONDS);

  rd_test_stop_demo_service (&fixture->service);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->secrets);

  rd_test_scrub_dir (fixture->dir, all_secrets);
  g_clear_pointer (&fixture->dir, g_free);
  for (guint i = 0; all_secrets[i] != NULL; i++)
    if (rd_test_log_captured_contains (all_secrets[i]))
      g_error ("The log contains secret #%u", i);
}

/* Looks package @package_id up with the form as it is, and waits for the answer. */
static void
look_up (Fixture    *fixture,
         const char *package_id)
{
  guint before = fixture->n_finished;

  g_assert_true (rd_window_lookup (fixture->window, NULL, NULL, package_id));
  WAIT_UNTIL (fixture->n_finished > before);
}

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) == 0)
        return child;
      found = find_widget (child, type, tooltip);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The visible button labelled @label, or NULL. */
static GtkWidget *
find_visible_button (GtkWidget  *root,
                     const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_widget_get_visible (child) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      found = find_visible_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_token_account_reads_keyring_once (Fixture       *fixture,
                                       gconstpointer  data)
{
  RdAccount *account;
  g_autoptr(GHashTable) headers = NULL;

  SKIP_WITHOUT_DISPLAY ();

  account = rd_test_add_account (fixture->store, "prod", rd_demo_service_get_url (fixture->service),
                                 RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TEST_TOKEN);
  rd_window_set_account (fixture->window, account, NULL);

  /* The account's project fills the form. */
  look_up (fixture, "4");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
  headers = rd_demo_service_dup_last_headers (fixture->service);
  g_assert_cmpstr (g_hash_table_lookup (headers, "x-auth-token"), ==, TEST_TOKEN);

  /* Kept for the session: the keyring is not read again. */
  rd_test_clear_secrets (fixture->secrets, account);
  look_up (fixture, "7");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");

  /* After an edit the credentials are read again, and the missing secret has a way forward. */
  rd_window_forget_credentials (fixture->window, rd_account_get_id (account));
  look_up (fixture, "4");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "error");
  g_assert_cmpint (rd_window_get_account_fix (fixture->window), ==, RD_WINDOW_ACCOUNT_FIX_EDIT);
  g_assert_nonnull (find_visible_button (GTK_WIDGET (fixture->window), "_Enter the Token Again"));
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 2);
}

static void
test_access_key_account_signs (Fixture       *fixture,
                               gconstpointer  data)
{
  RdAccount *account;
  g_autoptr(GHashTable) headers = NULL;

  SKIP_WITHOUT_DISPLAY ();

  account = rd_test_add_account (fixture->store, "ak", rd_demo_service_get_url (fixture->service),
                                 RD_ACCOUNT_AUTH_ACCESS_KEY, NULL);
  rd_account_set_access_key (account, TEST_AK);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_SECRET_KEY, TEST_SK);
  rd_window_set_account (fixture->window, account, NULL);

  look_up (fixture, "4");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
  headers = rd_demo_service_dup_last_headers (fixture->service);
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (headers, "authorization"),
                                   "SDK-HMAC-SHA256 Access=" TEST_AK ","));
}

static void
test_expired_sign_in_offers_sign_in_again (Fixture       *fixture,
                                           gconstpointer  data)
{
  RdAccount *account;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) past = g_date_time_add_minutes (now, -5);
  GtkWidget *button;

  SKIP_WITHOUT_DISPLAY ();

  account = rd_test_add_account (fixture->store, "iam", rd_demo_service_get_url (fixture->service),
                                 RD_ACCOUNT_AUTH_IAM, NULL);
  rd_account_set_token_expiry (account, past);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TEST_TOKEN);
  rd_window_set_account (fixture->window, account, NULL);

  look_up (fixture, "4");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "error");
  g_assert_cmpint (rd_window_get_account_fix (fixture->window), ==, RD_WINDOW_ACCOUNT_FIX_SIGN_IN);
  button = find_visible_button (GTK_WIDGET (fixture->window), "_Sign In Again");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  /* No retry: only signing in again helps. */
  g_assert_null (find_visible_button (GTK_WIDGET (fixture->window), "_Retry"));
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 0);
}

static void
test_rejected_token_asks_to_sign_in_not_retry (Fixture       *fixture,
                                               gconstpointer  data)
{
  RdAccount *account;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 2);

  SKIP_WITHOUT_DISPLAY ();

  account = rd_test_add_account (fixture->store, "iam", rd_demo_service_get_url (fixture->service),
                                 RD_ACCOUNT_AUTH_IAM, NULL);
  rd_account_set_token_expiry (account, later);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, BAD_TOKEN);
  rd_window_set_account (fixture->window, account, NULL);

  look_up (fixture, "4");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "error");
  g_assert_cmpint (rd_window_get_account_fix (fixture->window), ==, RD_WINDOW_ACCOUNT_FIX_SIGN_IN);
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 1);
  /* The account now knows its sign-in is over: no second request, no loop. */
  g_assert_true (rd_account_is_token_expired (account));
  look_up (fixture, "4");
  g_assert_cmpint (rd_window_get_account_fix (fixture->window), ==, RD_WINDOW_ACCOUNT_FIX_SIGN_IN);
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 1);
}

static void
test_picker_lists_accounts_and_switches (Fixture       *fixture,
                                         gconstpointer  data)
{
  RdAccount *first, *second;
  GtkWidget *button;
  GMenuModel *menu, *section;

  SKIP_WITHOUT_DISPLAY ();

  first = rd_test_add_account (fixture->store, "prod", rd_demo_service_get_url (fixture->service),
                               RD_ACCOUNT_AUTH_TOKEN, NULL);
  second
      = rd_test_add_account (fixture->store, "staging", rd_demo_service_get_url (fixture->service),
                             RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_account_set_project_id (second, "staging-project");
  rd_account_set_workspace (second, RD_DEMO_OTHER_WORKSPACE);
  rd_window_set_demo (fixture->window, TRUE);

  button = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, "Account");
  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, 3);
  g_object_unref (section);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "account.select", "s",
                              rd_account_get_id (second));
  g_assert_true (rd_window_get_account (fixture->window) == second);
  g_assert_cmpstr (rd_account_store_get_active_account_id (fixture->store), ==,
                   rd_account_get_id (second));
  /* Its defaults fill the form. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_template_child (
                       GTK_WIDGET (fixture->window), RD_TYPE_WINDOW, "project_row"))),
                   ==, "staging-project");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_template_child (
                     GTK_WIDGET (fixture->window), RD_TYPE_WINDOW, "workspace_row"))), ==,
                   RD_DEMO_OTHER_WORKSPACE);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "account.select", "s",
                              rd_account_get_id (first));
  g_assert_true (rd_window_get_account (fixture->window) == first);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "account.select", "s", "");
  g_assert_null (rd_window_get_account (fixture->window));
}

#define SECOND_TOKEN "TOKENtest-window-second-account-token-7788"

/* Another account on the same project: the package on show was fetched with the first one, so
 * it is looked up again with the second (its token, not the first's). */
static void
test_switch_same_project_looks_up_again (Fixture       *fixture,
                                         gconstpointer  data)
{
  RdAccount *first, *second;
  guint before;
  g_autoptr(GHashTable) headers = NULL;

  SKIP_WITHOUT_DISPLAY ();

  rd_demo_service_add_token (fixture->service, SECOND_TOKEN);
  first = rd_test_add_account (fixture->store, "prod", rd_demo_service_get_url (fixture->service),
                               RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_test_store_secret (fixture->secrets, first, RD_SECRET_KIND_TOKEN, TEST_TOKEN);
  second = rd_test_add_account (fixture->store, "prod-reviewer",
                                rd_demo_service_get_url (fixture->service), RD_ACCOUNT_AUTH_TOKEN,
                                NULL);
  rd_test_store_secret (fixture->secrets, second, RD_SECRET_KIND_TOKEN, SECOND_TOKEN);
  rd_window_set_account (fixture->window, first, NULL);
  look_up (fixture, "4");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");

  before = fixture->n_finished;
  rd_window_set_account (fixture->window, second, NULL);
  WAIT_UNTIL (fixture->n_finished > before);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
  g_assert_cmpstr (rd_release_package_get_package_id (rd_window_get_package (fixture->window)), ==,
                   "4");
  headers = rd_demo_service_dup_last_headers (fixture->service);
  g_assert_cmpstr (g_hash_table_lookup (headers, "x-auth-token"), ==, SECOND_TOKEN);
}

/* Another account on another project: the package on show is not this account's, so it goes
 * (nothing fetched with the first account stays under the second's name). */
static void
test_switch_other_project_clears_package (Fixture       *fixture,
                                          gconstpointer  data)
{
  RdAccount *first, *second;
  guint requests;

  SKIP_WITHOUT_DISPLAY ();

  first = rd_test_add_account (fixture->store, "prod", rd_demo_service_get_url (fixture->service),
                               RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_test_store_secret (fixture->secrets, first, RD_SECRET_KIND_TOKEN, TEST_TOKEN);
  second
      = rd_test_add_account (fixture->store, "staging", rd_demo_service_get_url (fixture->service),
                             RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_account_set_project_id (second, "staging-project");
  rd_window_set_account (fixture->window, first, NULL);
  look_up (fixture, "4");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
  requests = rd_demo_service_get_request_count (fixture->service);

  rd_window_set_account (fixture->window, second, NULL);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "empty");
  g_assert_null (rd_window_get_package (fixture->window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==, "Release Desk");
  /* No lookup of package 4 in the other project. */
  rd_test_run_for (100);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "empty");
  if (rd_demo_service_get_request_count (fixture->service) > requests)
    g_assert_null (strstr (rd_demo_service_get_last_path (fixture->service), "/4"));
}

static void
test_rename_updates_menu_and_title (Fixture       *fixture,
                                    gconstpointer  data)
{
  RdAccount *account;
  GtkWidget *button;
  GMenuModel *menu;
  GObject *title;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  SKIP_WITHOUT_DISPLAY ();

  account = rd_test_add_account (fixture->store, "prod", rd_demo_service_get_url (fixture->service),
                                 RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TEST_TOKEN);
  rd_window_set_account (fixture->window, account, NULL);
  look_up (fixture, "4");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");

  button = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, "Account");
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  title =
      gtk_widget_get_template_child (GTK_WIDGET (fixture->window), RD_TYPE_WINDOW, "window_title");
  before = rd_test_dup_menu_label (menu, 0, 0);
  g_assert_cmpstr (before, ==, "prod");
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "prod");

  /* As the editor does: the account object changes in place. */
  rd_account_set_name (account, "production_eu");
  after = rd_test_dup_menu_label (menu, 0, 0);
  /* An underscore in a name is shown, not taken for a mnemonic. */
  g_assert_cmpstr (after, ==, "production__eu");
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "production_eu");
  g_assert_true (rd_window_get_account (fixture->window) == account);

  /* A changed endpoint is used by the next lookup, not the client built for the old one. */
  rd_account_set_endpoint (account, "http://127.0.0.1:9");
  look_up (fixture, "4");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "error");
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 1);
}

static GtkWidget *
child (gpointer    editor,
       const char *name)
{
  GObject *object =
      gtk_widget_get_template_child (GTK_WIDGET (editor), RD_TYPE_ACCOUNT_EDITOR, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
set_text (gpointer    editor,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (editor, name)), text);
}

static const char *
get_text (gpointer    editor,
          const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (editor, name)));
}

/* A new editor on the demo service as a custom endpoint, with @method (0 AK, 1 token, 2 IAM). */
static RdAccountEditor *
new_editor (Fixture    *fixture,
            const char *name,
            guint       method)
{
  RdAccountEditor *editor =
      rd_account_editor_new (GTK_WINDOW (fixture->window), fixture->store, NULL);
  guint n_regions = g_strv_length ((char **) rd_regions_get_all ());

  gtk_window_present (GTK_WINDOW (editor));
  set_text (editor, "name_row", name);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (editor, "region_row")), n_regions);
  g_assert_true (gtk_widget_get_visible (child (editor, "endpoint_row")));
  set_text (editor, "endpoint_row", rd_demo_service_get_url (fixture->service));
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (editor, "method_row")), method);

  return editor;
}

/* Clicks Save and waits for the dialog to store everything and close. */
static void
save_and_wait (RdAccountEditor *editor)
{
  gpointer weak = editor;

  g_object_add_weak_pointer (G_OBJECT (editor), &weak);
  g_signal_emit_by_name (child (editor, "save_button"), "clicked");
  WAIT_UNTIL (weak == NULL || (!rd_account_editor_is_busy (editor) &&
                               rd_account_editor_get_message (editor) != NULL));
  if (weak != NULL)
    g_error ("The editor did not save: %s", rd_account_editor_get_message (editor));
}

static void
test_summary_shows_sign_in_time (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(RdAccount) account = rd_account_new ("iam");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_minutes (now, 30);
  g_autoptr(GDateTime) earlier = g_date_time_add_minutes (now, -30);
  g_autofree char *later_time = g_date_time_format (later, "%H:%M");
  g_autofree char *earlier_time = g_date_time_format (earlier, "%H:%M");
  g_autofree char *signed_in = NULL;
  g_autofree char *expired = NULL;
  g_autofree char *token = NULL;

  SKIP_WITHOUT_DISPLAY ();

  rd_account_set_region (account, "cn-north-4");
  rd_account_set_auth_method (account, RD_ACCOUNT_AUTH_IAM);
  rd_account_set_token_expiry (account, later);
  signed_in = rd_account_dup_summary (account);
  rd_account_set_token_expiry (account, earlier);
  expired = rd_account_dup_summary (account);
  rd_account_set_auth_method (account, RD_ACCOUNT_AUTH_TOKEN);
  token = rd_account_dup_summary (account);

  g_assert_true (g_str_has_prefix (signed_in, "cn-north-4 · Signed in until "));
  g_assert_true (g_str_has_suffix (signed_in, later_time));
  g_assert_true (g_str_has_prefix (expired, "cn-north-4 · Signed in until "));
  g_assert_nonnull (strstr (expired, earlier_time));
  g_assert_true (g_str_has_suffix (expired, " — expired"));
  g_assert_cmpstr (token, ==, "cn-north-4 · Token");

  /* Not today: the day and year are said too, or "until 14:32" would read as today's. */
  {
    g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
    g_autofree char *when = g_date_time_format (tomorrow, "Signed in until %b %-d, %Y %H:%M");
    g_autofree char *status = NULL;

    rd_account_set_auth_method (account, RD_ACCOUNT_AUTH_IAM);
    rd_account_set_token_expiry (account, tomorrow);
    status = rd_accounts_dup_sign_in_status (account);
    g_assert_cmpstr (status, ==, when);
  }
}

static void
test_editor_adds_token_account (Fixture       *fixture,
                                gconstpointer  data)
{
  RdAccountEditor *editor;
  RdAccount *account;

  SKIP_WITHOUT_DISPLAY ();

  editor = new_editor (fixture, "pasted", 1);
  set_text (editor, "project_row", RD_DEMO_PROJECT_ID);

  /* No token: Save says so and stores nothing. */
  g_signal_emit_by_name (child (editor, "save_button"), "clicked");
  g_assert_cmpstr (rd_account_editor_get_message (editor), ==, "Enter the token");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);

  set_text (editor, "token_row", TEST_TOKEN);

  /* Beside a custom endpoint, an optional Factory V1 endpoint, checked like it. */
  g_assert_true (gtk_widget_get_visible (child (editor, "factory_endpoint_row")));
  set_text (editor, "factory_endpoint_row", "dayu-dlf.example.com");
  g_signal_emit_by_name (child (editor, "save_button"), "clicked");
  g_assert_true (g_str_has_prefix (rd_account_editor_get_message (editor),
                                   "The Factory V1 endpoint is not valid: "));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);
  set_text (editor, "factory_endpoint_row", rd_demo_service_get_url (fixture->service));
  save_and_wait (editor);

  account = rd_account_store_find_by_name (fixture->store, "pasted");
  g_assert_nonnull (account);
  g_assert_cmpint (rd_account_get_auth_method (account), ==, RD_ACCOUNT_AUTH_TOKEN);
  g_assert_cmpstr (rd_account_get_endpoint (account), ==,
                   rd_demo_service_get_url (fixture->service));
  g_assert_cmpstr (rd_account_get_factory_endpoint (account), ==,
                   rd_demo_service_get_url (fixture->service));

  rd_window_set_account (fixture->window, account, NULL);
  look_up (fixture, "4");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
}

static void
test_editor_access_key_edit_keeps_secret (Fixture       *fixture,
                                          gconstpointer  data)
{
  RdAccountEditor *editor;
  RdAccount *account;

  SKIP_WITHOUT_DISPLAY ();

  editor = new_editor (fixture, "keys", 0);
  set_text (editor, "project_row", RD_DEMO_PROJECT_ID);
  set_text (editor, "access_key_row", TEST_AK);
  set_text (editor, "secret_key_row", TEST_SK);
  save_and_wait (editor);
  account = rd_account_store_find_by_name (fixture->store, "keys");
  g_assert_nonnull (account);
  g_assert_cmpstr (rd_account_get_access_key (account), ==, TEST_AK);

  /* Renaming with the secret field left empty keeps the stored secret. */
  editor = rd_account_editor_new (GTK_WINDOW (fixture->window), fixture->store, account);
  gtk_window_present (GTK_WINDOW (editor));
  g_assert_cmpstr (get_text (editor, "secret_key_row"), ==, "");
  set_text (editor, "name_row", "keys renamed");
  save_and_wait (editor);
  g_assert_cmpstr (rd_account_get_name (account), ==, "keys renamed");

  rd_window_set_account (fixture->window, account, NULL);
  look_up (fixture, "4");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
}

/* IAM with a custom endpoint is one path: the region to sign in to is already filled in, and
 * Save signs in by itself (no "Sign in before saving"), then saves. */
static void
test_editor_iam_save_signs_in (Fixture       *fixture,
                               gconstpointer  data)
{
  RdAccountEditor *editor;
  RdAccount *account;
  gpointer weak;

  SKIP_WITHOUT_DISPLAY ();

  editor = new_editor (fixture, "one path", 2);
  /* The region chosen before "Custom" (the first, cn-north-1): the demo wants cn-north-4. */
  g_assert_cmpstr (get_text (editor, "sign_in_region_row"), ==, rd_regions_get_all ()[0]);
  set_text (editor, "sign_in_region_row", RD_DEMO_IAM_PROJECT_NAME);
  set_text (editor, "domain_row", RD_DEMO_IAM_DOMAIN);
  set_text (editor, "user_row", RD_DEMO_IAM_USER);

  /* The header's button signs in and saves: in sight however long the dialog is. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child (editor, "save_button"))), ==,
                   "_Sign In");
  /* Without the password it says what it needs, and sends nothing. */
  g_signal_emit_by_name (child (editor, "save_button"), "clicked");
  g_assert_cmpstr (rd_account_editor_get_message (editor), ==, "Enter the password to sign in");
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 0);

  set_text (editor, "password_row", RD_DEMO_IAM_PASSWORD);
  weak = editor;
  g_object_add_weak_pointer (G_OBJECT (editor), &weak);
  g_signal_emit_by_name (child (editor, "save_button"), "clicked");
  g_assert_cmpstr (get_text (editor, "password_row"), ==, "");
  WAIT_UNTIL (weak == NULL);

  account = rd_account_store_find_by_name (fixture->store, "one path");
  g_assert_nonnull (account);
  g_assert_cmpint (rd_account_get_auth_method (account), ==, RD_ACCOUNT_AUTH_IAM);
  g_assert_nonnull (rd_account_get_token_expiry (account));
  g_assert_false (rd_account_is_token_expired (account));
  g_assert_cmpstr (rd_account_get_iam_project (account), ==, RD_DEMO_IAM_PROJECT_NAME);
  /* IAM's answer filled the empty project ID. */
  g_assert_cmpstr (rd_account_get_project_id (account), ==, RD_DEMO_PROJECT_ID);

  rd_window_set_account (fixture->window, account, NULL);
  look_up (fixture, "4");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
}

/* The region to sign in to comes from the endpoint's host, else from the region chosen
 * before "Custom"; what the person types stays. */
static void
test_editor_sign_in_region_defaults (Fixture       *fixture,
                                     gconstpointer  data)
{
  RdAccountEditor *editor;
  const char * const *regions = rd_regions_get_all ();
  guint n_regions = g_strv_length ((char **) regions);
  guint south = 0;

  SKIP_WITHOUT_DISPLAY ();

  editor = rd_account_editor_new (GTK_WINDOW (fixture->window), fixture->store, NULL);
  while (!g_str_equal (regions[south], "cn-south-1"))
    south++;
  gtk_window_present (GTK_WINDOW (editor));
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (editor, "method_row")), 2);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (editor, "region_row")), south);
  g_assert_false (gtk_widget_get_visible (child (editor, "sign_in_region_row")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (editor, "region_row")), n_regions);
  g_assert_true (gtk_widget_get_visible (child (editor, "sign_in_region_row")));
  g_assert_cmpstr (get_text (editor, "sign_in_region_row"), ==, "cn-south-1");

  set_text (editor, "endpoint_row", "https://dayu.ap-southeast-1.myhuaweicloud.com");
  g_assert_cmpstr (get_text (editor, "sign_in_region_row"), ==, "ap-southeast-1");

  set_text (editor, "sign_in_region_row", "my-project");
  set_text (editor, "endpoint_row", "https://dayu.af-south-1.myhuaweicloud.com");
  g_assert_cmpstr (get_text (editor, "sign_in_region_row"), ==, "my-project");

  gtk_window_destroy (GTK_WINDOW (editor));
}

static void
test_editor_iam_sign_in_stores_token_not_password (Fixture       *fixture,
                                                   gconstpointer  data)
{
  RdAccountEditor *editor;
  RdAccount *account;
  g_autofree char *body = NULL;

  SKIP_WITHOUT_DISPLAY ();

  editor = new_editor (fixture, "signed in", 2);
  g_assert_true (gtk_widget_get_visible (child (editor, "sign_in_region_row")));
  set_text (editor, "sign_in_region_row", RD_DEMO_IAM_PROJECT_NAME);
  set_text (editor, "domain_row", RD_DEMO_IAM_DOMAIN);
  set_text (editor, "user_row", RD_DEMO_IAM_USER);
  set_text (editor, "password_row", RD_DEMO_IAM_PASSWORD);

  g_signal_emit_by_name (child (editor, "sign_in_button"), "clicked");
  /* The password leaves the field at once. */
  g_assert_cmpstr (get_text (editor, "password_row"), ==, "");
  WAIT_UNTIL (!rd_account_editor_is_busy (editor));
  g_assert_cmpstr (rd_account_editor_get_message (editor), ==, NULL);
  /* IAM's answer fills the empty project ID. */
  g_assert_cmpstr (get_text (editor, "project_row"), ==, RD_DEMO_PROJECT_ID);
  g_assert_true (g_str_has_prefix (
      adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (editor, "sign_in_row"))),
      "Signed in until "));
  save_and_wait (editor);

  account = rd_account_store_find_by_name (fixture->store, "signed in");
  g_assert_nonnull (account);
  g_assert_nonnull (rd_account_get_token_expiry (account));
  g_assert_false (rd_account_is_token_expired (account));
  g_assert_cmpstr (rd_account_get_iam_user (account), ==, RD_DEMO_IAM_USER);

  rd_window_set_account (fixture->window, account, NULL);
  look_up (fixture, "4");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");

  /* The keyring holds the token IAM gave, and nothing else for the account. */
  {
    g_autoptr(GError) error = NULL;

    for (int kind = RD_SECRET_KIND_SECRET_KEY; kind <= RD_SECRET_KIND_TOKEN; kind++)
      {
        g_autoptr(GAsyncResult) result = NULL;

        rd_secret_store_lookup_async (fixture->secrets, rd_account_get_id (account), kind, NULL,
                                      rd_test_on_result, &result);
        WAIT_UNTIL (result != NULL);
        body = rd_secret_store_lookup_finish (fixture->secrets, result, &error);
        if (kind == RD_SECRET_KIND_TOKEN)
          {
            g_assert_no_error (error);
            g_assert_cmpstr (body, !=, RD_DEMO_IAM_PASSWORD);
            g_assert_null (strstr (body, RD_DEMO_IAM_PASSWORD));
          }
        else
          {
            g_assert_error (error, RD_SECRET_ERROR, RD_SECRET_ERROR_NOT_FOUND);
            g_clear_error (&error);
          }
        g_clear_pointer (&body, g_free);
      }
  }
}

static void
test_remove_asks_then_removes_secrets (Fixture       *fixture,
                                       gconstpointer  data)
{
  RdAccount *account;
  RdPreferencesWindow *preferences;
  AdwMessageDialog *dialog = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *secret = NULL;
  GListModel *toplevels;

  SKIP_WITHOUT_DISPLAY ();

  account = rd_test_add_account (fixture->store, "to remove",
                                 rd_demo_service_get_url (fixture->service), RD_ACCOUNT_AUTH_TOKEN,
                                 NULL);
  id = g_strdup (rd_account_get_id (account));
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TEST_TOKEN);
  rd_window_set_account (fixture->window, account, NULL);

  preferences = rd_preferences_window_new (GTK_WINDOW (fixture->window), fixture->store);
  gtk_window_present (GTK_WINDOW (preferences));
  rd_preferences_window_remove_account (preferences, account);

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        dialog = ADW_MESSAGE_DIALOG (window);
    }
  g_assert_nonnull (dialog);
  /* Nothing is removed before the answer. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
  adw_message_dialog_response (dialog, "remove");
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)) == 0);

  /* The window lets go of the removed account. */
  g_assert_null (rd_window_get_account (fixture->window));

  rd_secret_store_lookup_async (fixture->secrets, id, RD_SECRET_KIND_TOKEN, NULL,
                                rd_test_on_result, &result);
  WAIT_UNTIL (result != NULL);
  secret = rd_secret_store_lookup_finish (fixture->secrets, result, &error);
  g_assert_null (secret);
  g_assert_error (error, RD_SECRET_ERROR, RD_SECRET_ERROR_NOT_FOUND);

  gtk_window_destroy (GTK_WINDOW (preferences));
}

typedef struct
{
  GApplication *app;
  gboolean      checked;
  char         *subtitle;
  char         *state;
  gboolean      preferences_opened;
} AppRun;

static void
on_app_lookup_finished (RdWindow         *window,
                        RdReleasePackage *package,
                        const GError     *error,
                        gboolean          current,
                        AppRun           *run)
{
  GObject *title =
      gtk_widget_get_template_child (GTK_WIDGET (window), RD_TYPE_WINDOW, "window_title");
  g_auto(GStrv) accels = NULL;

  if (run->checked)
    return;
  run->checked = TRUE;
  run->state = g_strdup (rd_window_get_state (window));
  run->subtitle = g_strdup (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)));

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (run->app), "app.preferences");
  g_assert_cmpstr (accels[0], ==, "<Control>comma");
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "preferences", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (run->app)); l != NULL; l = l->next)
    if (RD_IS_PREFERENCES_WINDOW (l->data))
      run->preferences_opened = TRUE;

  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 AppRun         *run)
{
  if (RD_IS_WINDOW (window))
    g_signal_connect (window, "lookup-finished", G_CALLBACK (on_app_lookup_finished), run);
}

/* Runs `release-desk --account=NAME --export=FILE 4` (a fresh process: a restarted app) while
 * this process keeps serving the demo, and returns its exit status; @out gets the exported
 * file, written under export_dir (which main () searches for secrets with the app's folders). */
static int
run_exported_lookup (const char  *account_name,
                     char       **out)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *account_arg = g_strconcat ("--account=", account_name, NULL);
  g_autofree char *file_name = g_strconcat (account_name, ".json", NULL);
  g_autofree char *export_path = g_build_filename (export_dir, file_name, NULL);
  g_autofree char *export_arg = g_strconcat ("--export=", export_path, NULL);
  g_autofree char *stdout_text = NULL;
  g_autofree char *err = NULL;
  const char *exe = g_getenv ("RELEASE_DESK");

  g_assert_nonnull (exe);
  rd_test_launcher_unset_credentials (launcher);
  process = g_subprocess_launcher_spawn (launcher, &error, exe, account_arg, export_arg, "4", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, rd_test_on_result, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_true (g_subprocess_communicate_utf8_finish (process, result, &stdout_text, &err,
                                                      &error));
  g_assert_no_error (error);
  /* Its whole output is searched with the log (G_MESSAGES_DEBUG=all is inherited). */
  rd_test_log_capture_append (stdout_text);
  rd_test_log_capture_append (err);
  if (g_subprocess_get_exit_status (process) != 0)
    g_test_message ("release-desk %s: %s", account_arg, err);
  else
    {
      g_assert_true (g_file_get_contents (export_path, out, NULL, &error));
      g_assert_no_error (error);
    }

  return g_subprocess_get_exit_status (process);
}

/* What the accounts issue asks of a person: set up a token, an AK/SK and an IAM sign-in
 * account in the editor, quit, start again and look a package up with each, typing no
 * secret a second time. */
static void
test_three_kinds_survive_a_restart (Fixture       *fixture,
                                    gconstpointer  data)
{
  static const char * const names[] = { "token account", "keys account", "iam account" };
  g_autofree char *path =
      g_build_filename (g_get_user_config_dir (), "release-desk", "accounts.ini", NULL);
  RdAccountStore *store;
  RdAccountEditor *editor;

  SKIP_WITHOUT_DISPLAY ();

  /* The app's own account file, as the preferences window uses it. */
  store = rd_account_store_new (path, fixture->secrets);
  g_assert_true (rd_account_store_load (store, NULL));
  g_set_object (&fixture->store, store);
  g_object_unref (store);

  editor = new_editor (fixture, names[0], 1);
  set_text (editor, "project_row", RD_DEMO_PROJECT_ID);
  set_text (editor, "token_row", TEST_TOKEN);
  save_and_wait (editor);

  editor = new_editor (fixture, names[1], 0);
  set_text (editor, "project_row", RD_DEMO_PROJECT_ID);
  set_text (editor, "access_key_row", TEST_AK);
  set_text (editor, "secret_key_row", TEST_SK);
  save_and_wait (editor);

  editor = new_editor (fixture, names[2], 2);
  set_text (editor, "sign_in_region_row", RD_DEMO_IAM_PROJECT_NAME);
  set_text (editor, "domain_row", RD_DEMO_IAM_DOMAIN);
  set_text (editor, "user_row", RD_DEMO_IAM_USER);
  set_text (editor, "password_row", RD_DEMO_IAM_PASSWORD);
  g_signal_emit_by_name (child (editor, "sign_in_button"), "clicked");
  WAIT_UNTIL (!rd_account_editor_is_busy (editor));
  g_assert_cmpstr (rd_account_editor_get_message (editor), ==, NULL);
  save_and_wait (editor);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 3);

  /* Quit: nothing of this process's memory is left to the next one but the file and the keyring. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *out = NULL;
      guint before = rd_demo_service_get_request_count (fixture->service);

      g_assert_cmpint (run_exported_lookup (names[i], &out), ==, 0);
      g_assert_nonnull (strstr (out, "\"release_package\""));
      g_assert_nonnull (strstr (out, "ads_supplier_inventory_info_20231118143537"));
      /* One request each: no sign-in, no retry. */
      g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, before + 1);
    }
}

/* Requests the service saw with @method ("GET": lookups; the queue's list calls are POSTs). */
static guint
count_requests (RdDemoService *service,
                const char    *method,
                const char    *path_prefix)
{
  g_autoptr(GPtrArray) requests = rd_demo_service_dup_requests (service);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      RdDemoRequest *request = g_ptr_array_index (requests, i);

      if (g_str_equal (request->method, method) && g_str_has_prefix (request->path, path_prefix))
        n++;
    }
  return n;
}

typedef struct
{
  GApplication *app;
  RdWindow     *window;
  guint         n_finished;
} SignInRun;

static void
on_sign_in_lookup_finished (RdWindow         *window,
                            RdReleasePackage *package,
                            const GError     *error,
                            gboolean          current,
                            SignInRun        *run)
{
  run->window = window;
  run->n_finished++;
}

static void
on_sign_in_window_added (GtkApplication *app,
                         GtkWindow      *window,
                         SignInRun      *run)
{
  if (RD_IS_WINDOW (window))
    g_signal_connect (window, "lookup-finished", G_CALLBACK (on_sign_in_lookup_finished), run);
}

static RdAccountEditor *
find_editor (void)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (RD_IS_ACCOUNT_EDITOR (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return RD_ACCOUNT_EDITOR (window);
    }
  return NULL;
}

/* The whole way back from an expired sign-in, as a person goes it: the lookup says
 * "Signed Out", Sign In Again opens the account with only the password to type
 * (the region to sign in to was kept with the custom endpoint), and once the
 * account is saved the package shows without pressing anything else. */
static gboolean
sign_in_again_script (gpointer user_data)
{
  SignInRun *run = user_data;
  RdAccountEditor *editor = NULL;
  GtkWidget *button;
  guint before;

  WAIT_UNTIL (run->n_finished == 1);
  g_assert_cmpstr (rd_window_get_state (run->window), ==, "error");
  g_assert_cmpint (rd_window_get_account_fix (run->window), ==, RD_WINDOW_ACCOUNT_FIX_SIGN_IN);
  button = find_visible_button (GTK_WIDGET (run->window), "_Sign In Again");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");

  WAIT_UNTIL ((editor = find_editor ()) != NULL);
  g_assert_cmpstr (get_text (editor, "sign_in_region_row"), ==, RD_DEMO_IAM_PROJECT_NAME);
  g_assert_cmpstr (get_text (editor, "domain_row"), ==, RD_DEMO_IAM_DOMAIN);
  g_assert_cmpstr (get_text (editor, "user_row"), ==, RD_DEMO_IAM_USER);
  g_assert_true (gtk_widget_has_focus (child (editor, "password_row")) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (editor)),
                                         child (editor, "password_row")));
  set_text (editor, "password_row", RD_DEMO_IAM_PASSWORD);
  before = run->n_finished;
  g_signal_emit_by_name (child (editor, "sign_in_button"), "clicked");
  WAIT_UNTIL (!rd_account_editor_is_busy (editor));
  g_assert_cmpstr (rd_account_editor_get_message (editor), ==, NULL);
  save_and_wait (editor);

  WAIT_UNTIL (run->n_finished > before &&
              g_str_equal (rd_window_get_state (run->window), "package"));
  g_assert_cmpint (rd_window_get_account_fix (run->window), ==, RD_WINDOW_ACCOUNT_FIX_NONE);

  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
test_application_sign_in_again (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(RdApplication) app = NULL;
  g_autoptr(RdAccountStore) store = NULL;
  g_autoptr(RdAccount) account = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) past = g_date_time_add_minutes (now, -5);
  g_autofree char *path = NULL;
  const char *argv[] = { "release-desk", "--account=iam account", "4", NULL };
  SignInRun run = { 0 };
  int status;

  SKIP_WITHOUT_DISPLAY ();

  path = g_build_filename (g_get_user_config_dir (), "release-desk", "accounts.ini", NULL);
  store = rd_account_store_new (path, fixture->secrets);
  account = rd_account_new ("iam account");
  rd_account_set_endpoint (account, rd_demo_service_get_url (fixture->service));
  rd_account_set_project_id (account, RD_DEMO_PROJECT_ID);
  rd_account_set_auth_method (account, RD_ACCOUNT_AUTH_IAM);
  rd_account_set_iam_domain (account, RD_DEMO_IAM_DOMAIN);
  rd_account_set_iam_user (account, RD_DEMO_IAM_USER);
  rd_account_set_iam_project (account, RD_DEMO_IAM_PROJECT_NAME);
  rd_account_set_token_expiry (account, past);
  g_assert_true (rd_account_store_add (store, account, NULL));
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, BAD_TOKEN);

  app = rd_application_new ();
  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) |
                                                    G_APPLICATION_NON_UNIQUE);
  run.app = G_APPLICATION (app);
  g_signal_connect (app, "window-added", G_CALLBACK (on_sign_in_window_added), &run);
  g_idle_add (sign_in_again_script, &run);

  status = g_application_run (G_APPLICATION (app), 3, (char **) argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (run.n_finished, ==, 2);

  /* Signing in went to IAM once; the expired token was never sent; then one lookup. */
  g_assert_cmpuint (count_requests (fixture->service, "POST", "/v3/auth/tokens"), ==, 1);
  g_assert_cmpuint (count_requests (fixture->service, "GET", "/v2/"), ==, 1);

  {
    g_autoptr(GAsyncResult) result = NULL;

    rd_account_store_remove_async (store, account, NULL, rd_test_on_result, &result);
    WAIT_UNTIL (result != NULL);
    g_assert_true (rd_account_store_remove_finish (store, result, NULL));
  }
}

static void
test_application_account_option (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(RdApplication) app = NULL;
  g_autoptr(RdAccountStore) store = NULL;
  g_autoptr(RdAccount) account = NULL;
  g_autofree char *path = NULL;
  const char *argv[] = { "release-desk", "--account=app account", "4", NULL };
  AppRun run = { 0 };
  int status;

  SKIP_WITHOUT_DISPLAY ();

  /* The account the application finds in its own config folder (XDG_CONFIG_HOME, set in main). */
  path = g_build_filename (g_get_user_config_dir (), "release-desk", "accounts.ini", NULL);
  store = rd_account_store_new (path, fixture->secrets);
  account = rd_account_new ("app account");
  rd_account_set_endpoint (account, rd_demo_service_get_url (fixture->service));
  rd_account_set_project_id (account, RD_DEMO_PROJECT_ID);
  rd_account_set_auth_method (account, RD_ACCOUNT_AUTH_TOKEN);
  g_assert_true (rd_account_store_add (store, account, NULL));
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TEST_TOKEN);

  app = rd_application_new ();
  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) |
                                                    G_APPLICATION_NON_UNIQUE);
  run.app = G_APPLICATION (app);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), &run);

  status = g_application_run (G_APPLICATION (app), 3, (char **) argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.checked);
  g_assert_cmpstr (run.state, ==, "package");
  g_assert_cmpstr (run.subtitle, ==, "app account");
  g_assert_true (run.preferences_opened);

  {
    g_autoptr(GAsyncResult) result = NULL;

    rd_account_store_remove_async (store, account, NULL, rd_test_on_result, &result);
    WAIT_UNTIL (result != NULL);
    g_assert_true (rd_account_store_remove_finish (store, result, NULL));
  }
  g_free (run.state);
  g_free (run.subtitle);
}

typedef struct
{
  GApplication *app;
  char         *path;
  char         *broken;
  char         *moved_to;
  guint         line;
  gboolean      checked;
} BrokenRun;

/* The application's visible window of @type (the fixture has a window of its own). */
static GtkWindow *
find_app_window (GApplication *app,
                 GType         type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* The visible label whose text starts with @prefix, or NULL. */
static GtkWidget *
find_visible_label (GtkWidget  *root,
                    const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_is_visible (child) &&
          g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), prefix))
        return child;
      found = find_visible_label (child, prefix);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first file in @dir whose name starts with @prefix, or NULL. */
static char *
find_file_named (const char *dir,
                 const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

static gboolean
broken_file_script (gpointer user_data)
{
  BrokenRun *run = user_data;
  g_autofree char *folder = g_path_get_dirname (run->path);
  g_autofree char *display = g_filename_display_name (run->path);
  g_autofree char *where = g_strdup_printf ("Line %u of the accounts file “%s”", run->line,
                                            display);
  g_autofree char *contents = NULL;
  GtkWindow *window = NULL;
  GtkWindow *preferences = NULL;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *add;

  WAIT_UNTIL ((window = find_app_window (run->app, RD_TYPE_WINDOW)) != NULL);

  /* The main window names the file and the line, offers the folder, and offers no new account. */
  g_assert_nonnull (find_visible_label (GTK_WIDGET (window), where));
  g_assert_nonnull (find_visible_button (GTK_WIDGET (window), "_Open Folder"));
  g_assert_true (gtk_widget_is_visible (find_visible_button (GTK_WIDGET (window), "_Open Folder")));
  g_assert_null (find_visible_button (GTK_WIDGET (window), "_Add Account…"));

  /* Preferences say so too, and adding is off. */
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "preferences", NULL);
  WAIT_UNTIL ((preferences = find_app_window (run->app, RD_TYPE_PREFERENCES_WINDOW)) != NULL);
  g_assert_nonnull (find_visible_label (GTK_WIDGET (preferences), where));
  add = find_widget (GTK_WIDGET (preferences), GTK_TYPE_BUTTON, "Add Account");
  g_assert_nonnull (add);
  g_assert_false (gtk_widget_is_sensitive (add));
  gtk_window_close (preferences);

  /* Start Over asks first, then moves the file aside and lets accounts be added again. */
  g_signal_emit_by_name (find_visible_button (GTK_WIDGET (window), "Start _Over…"), "clicked");
  WAIT_UNTIL ((dialog = rd_test_find_message_dialog ()) != NULL);
  contents = g_strdup (run->broken);
  g_assert_true (g_file_test (run->path, G_FILE_TEST_EXISTS));
  adw_message_dialog_response (dialog, "start-over");

  WAIT_UNTIL (!g_file_test (run->path, G_FILE_TEST_EXISTS));
  run->moved_to = find_file_named (folder, "accounts.ini.broken-");
  g_assert_nonnull (run->moved_to);
  WAIT_UNTIL (find_visible_button (GTK_WIDGET (window), "_Add Account…") != NULL);
  g_assert_null (find_visible_label (GTK_WIDGET (window), where));
  g_assert_false (
      gtk_widget_is_visible (find_visible_button (GTK_WIDGET (window), "_Open Folder")));
  run->checked = TRUE;

  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

/* Two accounts and one hand-edited line without "=": the window says which line of which file,
 * writes nothing over it, and starts over only when asked, keeping the old file. */
static void
test_application_bad_line_keeps_file (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(RdApplication) app = NULL;
  g_autoptr(RdAccountStore) store = NULL;
  g_autoptr(RdAccount) prod = rd_account_new ("prod");
  g_autoptr(RdAccount) staging = rd_account_new ("staging");
  g_autofree char *good = NULL;
  g_autofree char *kept = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "release-desk", NULL };
  BrokenRun run = { 0 };
  int status;

  SKIP_WITHOUT_DISPLAY ();

  run.path = g_build_filename (g_get_user_config_dir (), "release-desk", "accounts.ini", NULL);
  store = rd_account_store_new (run.path, fixture->secrets);
  rd_account_set_auth_method (prod, RD_ACCOUNT_AUTH_TOKEN);
  rd_account_set_auth_method (staging, RD_ACCOUNT_AUTH_TOKEN);
  g_assert_true (rd_account_store_add (store, prod, NULL));
  g_assert_true (rd_account_store_add (store, staging, NULL));
  g_assert_true (g_file_get_contents (run.path, &good, NULL, NULL));
  /* The second account's name, without its "=". */
  lines = g_strsplit (good, "\n", -1);
  for (run.line = 0; lines[run.line] != NULL && !g_str_equal (lines[run.line], "name=staging");
       run.line++)
    ;
  g_assert_nonnull (lines[run.line]);
  g_free (lines[run.line]);
  lines[run.line++] = g_strdup ("name staging");
  run.broken = g_strjoinv ("\n", lines);
  g_assert_true (g_file_set_contents (run.path, run.broken, -1, NULL));

  app = rd_application_new ();
  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) |
                                                    G_APPLICATION_NON_UNIQUE);
  run.app = G_APPLICATION (app);
  g_idle_add (broken_file_script, &run);

  status = g_application_run (G_APPLICATION (app), 1, (char **) argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.checked);

  /* Every byte of the old file is kept. */
  g_assert_true (g_file_get_contents (run.moved_to, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, run.broken);
  g_assert_cmpint (g_unlink (run.moved_to), ==, 0);

  g_free (run.path);
  g_free (run.broken);
  g_free (run.moved_to);
}

static gboolean
quit_when_window_shown (gpointer user_data)
{
  GApplication *app = user_data;

  WAIT_UNTIL (find_app_window (app, RD_TYPE_WINDOW) != NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
run_app_with_account (const char *name)
{
  g_autoptr(RdApplication) app = rd_application_new ();
  g_autofree char *option = g_strconcat ("--account=", name, NULL);
  const char *argv[] = { "release-desk", option, NULL };

  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) |
                                                    G_APPLICATION_NON_UNIQUE);
  g_idle_add (quit_when_window_shown, app);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 2, (char **) argv), ==, 0);
}

/* accounts.ini linked in from a dotfiles folder: starting with --account keeps the link (the
 * choice is written to its target), and starting with the account already chosen writes
 * nothing at all. */
static void
test_application_account_option_keeps_symlink (Fixture       *fixture,
                                               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *dotfiles = g_build_filename (fixture->dir, "dotfiles", NULL);
  g_autofree char *target = g_build_filename (dotfiles, "accounts.ini", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *chosen = NULL;
  g_autoptr(RdAccountStore) store = NULL;
  g_autoptr(RdAccount) prod = rd_account_new ("prod");
  g_autoptr(RdAccount) staging = rd_account_new ("staging");
  GStatBuf st;
  ino_t inode;

  SKIP_WITHOUT_DISPLAY ();

  path = g_build_filename (g_get_user_config_dir (), "release-desk", "accounts.ini", NULL);
  folder = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (dotfiles, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  store = rd_account_store_new (target, fixture->secrets);
  rd_account_set_auth_method (prod, RD_ACCOUNT_AUTH_TOKEN);
  rd_account_set_auth_method (staging, RD_ACCOUNT_AUTH_TOKEN);
  g_assert_true (rd_account_store_add (store, prod, NULL));
  g_assert_true (rd_account_store_add (store, staging, NULL));
  rd_account_store_set_active_account_id (store, rd_account_get_id (prod));
  g_assert_cmpint (symlink (target, path), ==, 0);

  run_app_with_account ("staging");

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  chosen = g_strconcat ("active-account=", rd_account_get_id (staging), "\n", NULL);
  g_assert_nonnull (strstr (contents, chosen));
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  inode = st.st_ino;

  run_app_with_account ("staging");

  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpuint (st.st_ino, ==, inode);
  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));

  g_assert_cmpint (g_unlink (path), ==, 0);
}

/* The review queue's list call (no release or revoke is sent in these tests). */
#define LIST_PATH "/v2/" RD_DEMO_PROJECT_ID "/factory/release-packages"

static void
test_queue_listed_when_account_chosen (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(RdAccount) account = rd_account_new ("prod");
  g_autoptr(GError) error = NULL;
  RdPackagePager *pager;

  SKIP_WITHOUT_DISPLAY ();

  rd_window_set_queue_visible (fixture->window, TRUE);
  rd_account_set_endpoint (account, rd_demo_service_get_url (fixture->service));
  rd_account_set_project_id (account, RD_DEMO_PROJECT_ID);
  rd_account_set_auth_method (account, RD_ACCOUNT_AUTH_TOKEN);
  /* As the editor does: the secret first, then the account. */
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TEST_TOKEN);
  g_assert_true (rd_account_store_add (fixture->store, account, &error));

  /* The first account of a window without a service is used, and its project's queue comes
   * up without a lookup. */
  WAIT_UNTIL ((pager = rd_queue_view_get_pager (rd_window_get_queue_view (fixture->window))) !=
                  NULL &&
              g_list_model_get_n_items (rd_package_pager_get_packages (pager)) > 0);
  g_assert_true (rd_window_get_account (fixture->window) == account);
  g_assert_cmpuint (count_requests (fixture->service, "POST", LIST_PATH), ==, 1);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "empty");
  g_assert_cmpuint (fixture->n_finished, ==, 0);

  /* Choosing it again lists it again, with the secret read once for the session: the lookup
   * needs no keyring either. */
  rd_window_set_account (fixture->window, NULL, NULL);
  rd_window_set_account (fixture->window, account, NULL);
  WAIT_UNTIL (count_requests (fixture->service, "POST", LIST_PATH) == 2);
  rd_test_clear_secrets (fixture->secrets, account);
  look_up (fixture, "4");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
}

static void
test_queue_missing_secret_says_so (Fixture       *fixture,
                                   gconstpointer  data)
{
  SKIP_WITHOUT_DISPLAY ();

  rd_window_set_queue_visible (fixture->window, TRUE);
  rd_test_add_account (fixture->store, "prod", rd_demo_service_get_url (fixture->service),
                       RD_ACCOUNT_AUTH_TOKEN, NULL);

  /* No secret in the keyring: the window says so, with the way forward, and sends nothing. */
  WAIT_UNTIL (g_str_equal (rd_window_get_state (fixture->window), "error"));
  g_assert_cmpint (rd_window_get_account_fix (fixture->window), ==, RD_WINDOW_ACCOUNT_FIX_EDIT);
  g_assert_nonnull (find_visible_button (GTK_WIDGET (fixture->window), "_Enter the Token Again"));
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 0);
  /* The review queue says the same, with the same way out (not "Enter a project ID", not
   * "Try Again"). */
  {
    RdQueueView *queue = rd_window_get_queue_view (fixture->window);
    AdwStatusPage *page = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (queue),
                                                                          RD_TYPE_QUEUE_VIEW,
                                                                          "error_page"));
    GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (queue),
                                                                   RD_TYPE_QUEUE_VIEW,
                                                                   "sign_in_button"));

    WAIT_UNTIL (gtk_widget_get_mapped (button));
    g_assert_cmpstr (adw_status_page_get_description (page), ==,
                     "The token of “prod” is missing, expired or not valid");
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Enter the Token Again");
  }
}

static void
test_first_account_added_is_used (Fixture       *fixture,
                                  gconstpointer  data)
{
  RdAccount *account;

  SKIP_WITHOUT_DISPLAY ();

  /* No service and no account: the window offers to add one. */
  rd_window_set_setup_message (fixture->window, "Add an Account", "Add an account.");
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "error");
  g_assert_nonnull (find_visible_button (GTK_WIDGET (fixture->window), "_Add Account…"));

  account
      = rd_test_add_account (fixture->store, "first", rd_demo_service_get_url (fixture->service),
                             RD_ACCOUNT_AUTH_TOKEN, NULL);
  g_assert_true (rd_window_get_account (fixture->window) == account);
  g_assert_cmpstr (rd_account_store_get_active_account_id (fixture->store), ==,
                   rd_account_get_id (account));
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "empty");

  /* A second one is only offered in the menu. */
  rd_test_add_account (fixture->store, "second", rd_demo_service_get_url (fixture->service),
                       RD_ACCOUNT_AUTH_TOKEN, NULL);
  g_assert_true (rd_window_get_account (fixture->window) == account);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *keyring = NULL;
  g_autofree char *config = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *data = NULL;
  g_autofree char *schema_dir = NULL;
  g_autofree char *compiled = NULL;
  int status;

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  /* Settings on disk, under the config folder the secret search below covers; with the
   * schema compiled in the build folder, or the window would keep no settings at all. */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  schema_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "data", NULL);
  compiled = g_build_filename (schema_dir, "gschemas.compiled", NULL);
  if (!g_file_test (compiled, G_FILE_TEST_EXISTS))
    g_error ("No compiled schema at %s: the settings would go unsearched", compiled);
  g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
  rd_test_log_capture_install ();
  rd_test_log_capture_start ();

  g_test_init (&argc, &argv, NULL);

  root = g_dir_make_tmp ("rd-accounts-window-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  keyring = g_build_filename (root, "keyring.file", NULL);
  config = g_build_filename (root, "config", NULL);
  cache = g_build_filename (root, "cache", NULL);
  data = g_build_filename (root, "data", NULL);
  export_dir = g_build_filename (root, "exports", NULL);
  g_assert_cmpint (g_mkdir (export_dir, 0700), ==, 0);
  /* Before anything reads them: the application's accounts.ini, the settings key file and
   * any cache or data file go there, and are searched for secrets at the end. */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  /* libsecret's file backend, or the keyring of the session bus .ci/test starts. */
  if (g_strcmp0 (g_getenv ("SECRET_BACKEND"), "file") == 0)
    g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  if (g_strcmp0 (g_getenv ("SECRET_BACKEND"), "file") == 0 ||
      g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    {
      have_display = gtk_init_check ();
      if (have_display)
        adw_init ();
    }

#define ADD(path, func) \
  g_test_add ("/accounts-window/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("token/reads-keyring-once-per-session", test_token_account_reads_keyring_once);
  ADD ("access-key/signs-with-stored-key", test_access_key_account_signs);
  ADD ("iam/expired-offers-sign-in-again", test_expired_sign_in_offers_sign_in_again);
  ADD ("iam/rejected-token-asks-to-sign-in-not-retry",
       test_rejected_token_asks_to_sign_in_not_retry);
  ADD ("picker/lists-accounts-and-switches", test_picker_lists_accounts_and_switches);
  ADD ("picker/switch-same-project-looks-up-again", test_switch_same_project_looks_up_again);
  ADD ("picker/switch-other-project-clears-package", test_switch_other_project_clears_package);
  ADD ("preferences/summary-shows-signed-in-until", test_summary_shows_sign_in_time);
  ADD ("preferences/editor-adds-token-account", test_editor_adds_token_account);
  ADD ("preferences/editor-edit-keeps-stored-secret", test_editor_access_key_edit_keeps_secret);
  ADD ("preferences/iam-sign-in-stores-token-not-password",
       test_editor_iam_sign_in_stores_token_not_password);
  ADD ("preferences/remove-asks-then-removes-secrets", test_remove_asks_then_removes_secrets);
  ADD ("preferences/iam-save-signs-in", test_editor_iam_save_signs_in);
  ADD ("preferences/sign-in-region-defaults", test_editor_sign_in_region_defaults);
  ADD ("application/account-option-looks-up-with-account", test_application_account_option);
  ADD ("application/sign-in-again-then-shows-package", test_application_sign_in_again);
  ADD ("application/three-kinds-survive-a-restart", test_three_kinds_survive_a_restart);
  ADD ("application/bad-line-says-where-and-keeps-file", test_application_bad_line_keeps_file);
  ADD ("application/account-option-keeps-symlink-and-writes-only-changes",
       test_application_account_option_keeps_symlink);
  ADD ("picker/rename-updates-menu-and-title", test_rename_updates_menu_and_title);
  ADD ("queue/listed-when-account-chosen", test_queue_listed_when_account_chosen);
  ADD ("queue/missing-secret-says-so", test_queue_missing_secret_says_so);
  ADD ("setup/first-account-added-is-used", test_first_account_added_is_used);
#undef ADD

  status = g_test_run ();

  g_unlink (keyring);
  rd_test_scrub_dir (config, all_secrets);
  rd_test_scrub_dir (cache, all_secrets);
  rd_test_scrub_dir (data, all_secrets);
  rd_test_scrub_dir (export_dir, all_secrets);
  g_clear_pointer (&export_dir, g_free);
  /* libsecret's file backend leaves a keyring.file~ beside the file. */
  rd_test_remove_tree (root);
  g_free (rd_test_log_capture_stop ());

  return status;
}
