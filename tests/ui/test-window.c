/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the main window under a real display, against the in-process demo service. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "rd-application.h"
#include "rd-demo-testing.h"
#include "rd-export.h"
#include "rd-preferences-window.h"
#include "rd-queue-view.h"
#include "rd-session.h"
#include "rd-status-pill.h"
#include "rd-tasks-view.h"
#include "rd-window.h"
#include "screen-rows.h"
#include "valgrind-util.h"
#include "rd-test-window.h"

/* A guard against a hang, longer under valgrind. */
#define WAIT_SECONDS (20 * rd_test_slowdown ())

static gboolean have_display;
static char *schema_dir;

typedef struct
{
  RdReleasePackage *package;
  GError           *error;
  gboolean          current;
  gint64            when;
} Finished;

typedef struct
{
  RdDemoService *demo;
  RdClient      *client;
  GSettings     *settings;
  RdWindow      *window;
  GPtrArray     *finished;
} Fixture;

static void
finished_free (Finished *finished)
{
  g_clear_object (&finished->package);
  g_clear_error (&finished->error);
  g_free (finished);
}

static void
on_lookup_finished (RdWindow         *window,
                    RdReleasePackage *package,
                    const GError     *error,
                    gboolean          current,
                    Fixture          *fixture)
{
  Finished *finished = g_new0 (Finished, 1);

  finished->package = package ? g_object_ref (package) : NULL;
  finished->error = error ? g_error_copy (error) : NULL;
  finished->current = current;
  finished->when = g_get_monotonic_time ();
  g_ptr_array_add (fixture->finished, finished);
}

static RdWindow *
new_window (Fixture *fixture)
{
  return rd_test_new_lookup_window (fixture->settings, fixture->client,
                                    G_CALLBACK (on_lookup_finished), fixture);
}

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

  fixture->settings = rd_test_new_memory_settings (schema_dir);
  fixture->window = new_window (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!have_display)
    return;

  rd_test_destroy_window (&fixture->window, WAIT_SECONDS);
  g_clear_object (&fixture->client);
  rd_test_stop_demo_service (&fixture->demo);
  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->finished, g_ptr_array_unref);
}

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

static const char *
label_text (gpointer    widget,
            GType       type,
            const char *name)
{
  return gtk_label_get_label (template_child (widget, type, name));
}

/* Looks up and waits until this lookup's callback ran. */
static Finished *
lookup_and_wait (Fixture    *fixture,
                 const char *workspace,
                 const char *package_id)
{
  guint before = fixture->finished->len;

  g_assert_true (rd_window_lookup (fixture->window, RD_DEMO_PROJECT_ID, workspace, package_id));
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "loading");
  WAIT_UNTIL (fixture->finished->len > before);

  return g_ptr_array_index (fixture->finished, fixture->finished->len - 1);
}

static void
clear_clipboard (gpointer widget)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (widget)), "(nothing copied)");
}

/* Tests */

static void
test_lookup_renders_header_and_tasks (Fixture       *fixture,
                                      gconstpointer  data)
{
  RdPackageHeader *header;
  RdStatusPill *pill;
  RdTasksView *tasks_view;
  Finished *finished;
  GtkWidget *approvers;
  const char *tooltip;

  SKIP_WITHOUT_DISPLAY ();

  finished = lookup_and_wait (fixture, NULL, "4");
  g_assert_no_error (finished->error);
  g_assert_true (finished->current);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");

  header = rd_window_get_package_header (fixture->window);
  g_assert_cmpstr (label_text (header, RD_TYPE_PACKAGE_HEADER, "name_label"), ==,
                   "ads_supplier_inventory_info__ads_supplier_inventory_info_20231118143537");
  g_assert_cmpstr (rd_package_header_get_status_text (header), ==, "Failed");
  pill = template_child (header, RD_TYPE_PACKAGE_HEADER, "status_pill");
  g_assert_cmpstr (rd_status_pill_get_text (pill), ==, "Failed");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (pill), "failed"));
  g_assert_cmpstr (rd_status_pill_get_icon_name (pill), ==, "dialog-error-symbolic");
  g_assert_cmpstr (label_text (header, RD_TYPE_PACKAGE_HEADER, "package_id_label"), ==, "4");
  g_assert_cmpstr (
      gtk_window_get_title (GTK_WINDOW (fixture->window)), ==,
      "ads_supplier_inventory_info__ads_supplier_inventory_info_20231118143537 – Release Desk");
  g_assert_cmpstr (label_text (header, RD_TYPE_PACKAGE_HEADER, "workspace_label"), ==,
                   RD_DEMO_WORKSPACE_ID);
  g_assert_cmpstr (label_text (header, RD_TYPE_PACKAGE_HEADER, "applicant_label"), ==,
                   "ei_dlf_l00341563");
  g_assert_cmpstr (label_text (header, RD_TYPE_PACKAGE_HEADER, "deployer_label"), ==,
                   "ei_dlf_l00341563");
  /* A long name is ellipsized: the tooltip has it whole, with the user ID. */
  g_assert_true (g_str_has_prefix (
      gtk_widget_get_tooltip_text (template_child (header, RD_TYPE_PACKAGE_HEADER,
                                                   "applicant_label")),
      "ei_dlf_l00341563\nUser ID: "));
  g_assert_false (
      gtk_widget_get_visible (template_child (header, RD_TYPE_PACKAGE_HEADER, "deleted_pill")));

  /* TZ is Asia/Shanghai (UTC+8) for this test program. */
  g_assert_cmpstr (label_text (header, RD_TYPE_PACKAGE_HEADER, "apply_time_label"), ==,
                   "Nov 18, 2023 14:28 CST");
  g_assert_cmpstr (label_text (header, RD_TYPE_PACKAGE_HEADER, "deploy_time_label"), ==,
                   "Nov 18, 2023 14:32 CST");
  tooltip = gtk_widget_get_tooltip_text (
      template_child (header, RD_TYPE_PACKAGE_HEADER, "apply_time_label"));
  g_assert_nonnull (strstr (tooltip, "1700288912934"));
  g_assert_nonnull (strstr (tooltip, "2023-11-18 06:28:32.934 UTC"));

  approvers = template_child (header, RD_TYPE_PACKAGE_HEADER, "approvers_box");
  g_assert_true (gtk_widget_get_visible (approvers));
  g_assert_nonnull (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (approvers), 0));
  g_assert_null (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (approvers), 1));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (gtk_flow_box_child_get_child (
                       gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (approvers), 0))),
                   ==, "User ID: 7b71e498e75d44048c9a22dd3c54f978");

  tasks_view = rd_window_get_tasks_view (fixture->window);
  g_assert_true (rd_tasks_view_get_package (tasks_view) == rd_window_get_package (fixture->window));
  g_assert_cmpuint (g_list_model_get_n_items (rd_tasks_view_get_visible_model (tasks_view)), ==, 1);
}

static void
test_lookup_many_tasks (Fixture       *fixture,
                        gconstpointer  data)
{
  Finished *finished;
  RdTasksView *tasks_view;

  SKIP_WITHOUT_DISPLAY ();

  finished = lookup_and_wait (fixture, NULL, "100");
  g_assert_no_error (finished->error);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");

  tasks_view = rd_window_get_tasks_view (fixture->window);
  g_assert_cmpuint (g_list_model_get_n_items (rd_tasks_view_get_visible_model (tasks_view)), ==,
                    480);
  g_assert_cmpstr (label_text (rd_window_get_package_header (fixture->window),
                               RD_TYPE_PACKAGE_HEADER, "package_id_label"),
                   ==, "100");
}

static void
test_error_shows_code_and_request_id (Fixture       *fixture,
                                      gconstpointer  data)
{
  const RdErrorDetails *details;
  Finished *finished;
  const char *shown;
  g_autofree char *expected = NULL;
  g_autofree char *copied = NULL;

  SKIP_WITHOUT_DISPLAY ();

  finished = lookup_and_wait (fixture, NULL, "13");
  g_assert_nonnull (finished->error);
  g_assert_true (finished->error->domain == RD_API_ERROR);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "error");

  details = rd_window_get_error_details (fixture->window);
  g_assert_nonnull (details);
  g_assert_cmpstr (details->error_code, ==, "DLF.6888");
  g_assert_nonnull (details->request_id);
  g_assert_cmpstr (details->request_id, !=, "");

  /* The human message is the page's description; the details are one click away. */
  g_assert_cmpstr (adw_status_page_get_description (
                       template_child (fixture->window, RD_TYPE_WINDOW, "error_page")),
                   ==, finished->error->message);
  g_assert_true (gtk_widget_get_visible (
      template_child (fixture->window, RD_TYPE_WINDOW, "details_expander")));
  g_assert_true (
      gtk_widget_get_visible (template_child (fixture->window, RD_TYPE_WINDOW, "retry_button")));
  shown = label_text (fixture->window, RD_TYPE_WINDOW, "details_label");
  g_assert_nonnull (strstr (shown, "DLF.6888"));
  g_assert_nonnull (strstr (shown, details->request_id));
  g_assert_nonnull (strstr (shown, "403"));

  /* Copy Details puts exactly the formatted details on the clipboard. */
  clear_clipboard (fixture->window);
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-details", NULL));
  copied = rd_test_read_clipboard (GTK_WIDGET (fixture->window));
  expected = rd_error_details_format (details);
  g_assert_cmpstr (copied, ==, expected);
  g_assert_nonnull (strstr (copied, details->request_id));
}

/* The service's words are shown as text: a <span> does not dress them up as
 * the app's, and '<' or '&' do not blank them (libadwaita 1.2 reads a status
 * page's description as markup). */
static void
test_error_message_is_text (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char service_message[] =
    "<span size='xx-large' foreground='green'>Package released successfully</span> "
    "(limit must be < 100 & > 0; <b>x</b>)";
  g_autofree char *body = g_strdup_printf ("{\"error_code\":\"DLF.4242\",\"error_msg\":\"%s\"}",
                                           service_message);
  RdDemoFault fault = { RD_DEMO_FAULT_STATUS, .status = 400, .body = body };
  Finished *finished;
  GtkLabel *shown;

  SKIP_WITHOUT_DISPLAY ();

  rd_demo_service_push_fault (fixture->demo, &fault);
  finished = lookup_and_wait (fixture, NULL, "4");
  g_assert_nonnull (finished->error);
  g_test_message ("error: %s", finished->error->message);
  g_assert_nonnull (strstr (finished->error->message, service_message));
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "error");

  shown =
      rd_screen_find_label_showing (template_child (fixture->window, RD_TYPE_WINDOW, "error_page"),
                                    "Package released successfully");
  g_assert_nonnull (shown);
  g_assert_cmpstr (gtk_label_get_text (shown), ==, finished->error->message);
}

/* DLF.3051 says "The request parameter is invalid." and nothing more: the headline claims no
 * more than that (not "Package Not Found"); the likely cause is a hint under the service's
 * words. */
static void
test_error_invalid_parameter_claims_no_more (Fixture       *fixture,
                                             gconstpointer  data)
{
  RdDemoFault fault = {
    RD_DEMO_FAULT_STATUS, .status = 400,
    .body = "{\"error_code\":\"DLF.3051\",\"error_msg\":\"The request parameter is invalid.\"}",
  };
  AdwStatusPage *page;
  Finished *finished;
  GtkLabel *shown;

  SKIP_WITHOUT_DISPLAY ();

  rd_demo_service_push_fault (fixture->demo, &fault);
  finished = lookup_and_wait (fixture, NULL, "4");
  g_assert_nonnull (finished->error);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "error");
  page = ADW_STATUS_PAGE (template_child (fixture->window, RD_TYPE_WINDOW, "error_page"));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "The Service Reported an Error");
  shown = rd_screen_find_label_showing (GTK_WIDGET (page), "The request parameter is invalid.");
  g_assert_nonnull (shown);
  g_assert_cmpstr (gtk_label_get_text (shown), ==,
                   "The service refused the request: The request parameter is invalid. "
                   "(DLF.3051). A likely cause: the project has no default workspace; give a "
                   "workspace ID.");
}

/* A deployer without a name (deploy_user_name null) reads "Unknown", with the user ID in the
 * tooltip, not a 32-digit ID where a name goes. */
static void
test_unnamed_deployer_is_unknown (Fixture       *fixture,
                                  gconstpointer  data)
{
  RdDemoFault answer = {
    RD_DEMO_FAULT_RAW, .content_type = "application/json",
    .body = "{\"release_package\": {\"package_id\": \"4\", \"package_name\": \"p\", "
            "\"deploy_status\": 2, \"deploy_user_id\": \"7b71e498e75d44048c9a22dd3c54f978\", "
            "\"deploy_user_name\": null, \"apply_user_name\": \"dev\"}, \"task_details\": []}",
  };
  GtkWidget *header;
  GtkWidget *deployer;
  Finished *finished;

  SKIP_WITHOUT_DISPLAY ();

  rd_demo_service_push_fault (fixture->demo, &answer);
  finished = lookup_and_wait (fixture, NULL, "4");
  g_assert_no_error (finished->error);
  header = GTK_WIDGET (rd_window_get_package_header (fixture->window));
  deployer = GTK_WIDGET (template_child (header, RD_TYPE_PACKAGE_HEADER, "deployer_label"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (deployer)), ==, "Unknown");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (deployer), ==,
                   "User ID: 7b71e498e75d44048c9a22dd3c54f978");
}

/* The filter typed for one package does not hide the next package's tasks; looking the same
 * package up again keeps it. */
static void
test_filter_cleared_for_another_package (Fixture       *fixture,
                                         gconstpointer  data)
{
  RdTasksView *view;
  GtkWidget *entry;

  SKIP_WITHOUT_DISPLAY ();

  lookup_and_wait (fixture, NULL, "4");
  view = RD_TASKS_VIEW (template_child (fixture->window, RD_TYPE_WINDOW, "tasks_view"));
  entry = GTK_WIDGET (template_child (view, RD_TYPE_TASKS_VIEW, "search_entry"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "ads");
  lookup_and_wait (fixture, NULL, "4");
  g_assert_cmpstr (rd_tasks_view_get_filter_text (view), ==, "ads");
  lookup_and_wait (fixture, NULL, "7");
  g_assert_cmpstr (rd_tasks_view_get_filter_text (view), ==, "");
}

static void
test_retry_after_error (Fixture       *fixture,
                        gconstpointer  data)
{
  RdDemoFault fault = {
    RD_DEMO_FAULT_STATUS, .status = 404,
    .body = "{\"error_code\":\"DLF.0810\",\"error_msg\":\"The package does not exist.\"}"
  };
  Finished *finished;
  guint requests;

  SKIP_WITHOUT_DISPLAY ();

  rd_demo_service_push_fault (fixture->demo, &fault);
  finished = lookup_and_wait (fixture, NULL, "4");
  g_assert_nonnull (finished->error);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "error");
  g_assert_cmpstr (rd_window_get_error_details (fixture->window)->error_code, ==, "DLF.0810");
  requests = rd_demo_service_get_request_count (fixture->demo);

  /* Retry (win.refresh) sends the same lookup again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL));
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "loading");
  WAIT_UNTIL (fixture->finished->len == 2);
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->demo), ==, requests + 1);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
  g_assert_cmpstr (rd_release_package_get_package_id (rd_window_get_package (fixture->window)), ==,
                   "4");
  g_assert_null (rd_window_get_error_details (fixture->window));
}

static void
test_cancel_stops_request (Fixture       *fixture,
                           gconstpointer  data)
{
  RdDemoFault delay = { RD_DEMO_FAULT_DELAY, .delay_ms = 15000 };
  Finished *finished;
  gint64 started;

  SKIP_WITHOUT_DISPLAY ();

  /* From nothing shown: Cancel returns to the empty state. */
  rd_demo_service_push_fault (fixture->demo, &delay);
  started = g_get_monotonic_time ();
  g_assert_true (rd_window_lookup (fixture->window, RD_DEMO_PROJECT_ID, NULL, "4"));
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "loading");
  WAIT_UNTIL (rd_demo_service_get_request_count (fixture->demo) == 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel", NULL));
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "empty");

  /* The request itself is cancelled: its callback says so, long before the service would answer. */
  WAIT_UNTIL (fixture->finished->len == 1);
  finished = g_ptr_array_index (fixture->finished, 0);
  g_assert_error (finished->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (finished->current);
  g_assert_null (finished->package);
  g_assert_cmpint (finished->when - started, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "empty");
  g_assert_null (rd_window_get_package (fixture->window));
}

static void
test_cancel_keeps_previous_package (Fixture       *fixture,
                                    gconstpointer  data)
{
  RdDemoFault delay = { RD_DEMO_FAULT_DELAY, .delay_ms = 15000 };
  RdReleasePackage *shown;
  Finished *finished;

  SKIP_WITHOUT_DISPLAY ();

  finished = lookup_and_wait (fixture, NULL, "4");
  g_assert_no_error (finished->error);
  shown = rd_window_get_package (fixture->window);

  rd_demo_service_push_fault (fixture->demo, &delay);
  g_assert_true (rd_window_lookup (fixture->window, RD_DEMO_PROJECT_ID, NULL, "100"));
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "loading");

  rd_window_cancel (fixture->window);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");

  WAIT_UNTIL (fixture->finished->len == 2);
  finished = g_ptr_array_index (fixture->finished, 1);
  g_assert_error (finished->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
  g_assert_true (rd_window_get_package (fixture->window) == shown);
  g_assert_cmpuint (g_list_model_get_n_items (rd_tasks_view_get_visible_model (
                        rd_window_get_tasks_view (fixture->window))),
                    ==, 1);
}

static void
test_late_answer_does_not_replace_newer (Fixture       *fixture,
                                         gconstpointer  data)
{
  RdDemoFault delay = { RD_DEMO_FAULT_DELAY, .delay_ms = 1500 };
  Finished *older = NULL;
  Finished *newer = NULL;

  SKIP_WITHOUT_DISPLAY ();

  /* The first request is slow, the second fast. */
  rd_demo_service_push_fault (fixture->demo, &delay);
  g_assert_true (rd_window_lookup (fixture->window, RD_DEMO_PROJECT_ID, NULL, "100"));
  WAIT_UNTIL (rd_demo_service_get_request_count (fixture->demo) == 1);
  g_assert_true (rd_window_lookup (fixture->window, RD_DEMO_PROJECT_ID, NULL, "4"));

  WAIT_UNTIL (fixture->finished->len == 2);
  for (guint i = 0; i < 2; i++)
    {
      Finished *finished = g_ptr_array_index (fixture->finished, i);

      if (finished->current)
        newer = finished;
      else
        older = finished;
    }

  g_assert_nonnull (newer);
  g_assert_nonnull (older);
  g_assert_nonnull (newer->package);
  g_assert_cmpstr (rd_release_package_get_package_id (newer->package), ==, "4");
  /* The older answer, whatever it was, was dropped. */
  g_assert_true (older->package == NULL ||
                 g_str_equal (rd_release_package_get_package_id (older->package), "100"));

  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
  g_assert_cmpstr (rd_release_package_get_package_id (rd_window_get_package (fixture->window)), ==,
                   "4");
  g_assert_cmpuint (g_list_model_get_n_items (rd_tasks_view_get_visible_model (
                        rd_window_get_tasks_view (fixture->window))),
                    ==, 1);
  g_assert_cmpstr (label_text (rd_window_get_package_header (fixture->window),
                               RD_TYPE_PACKAGE_HEADER, "package_id_label"),
                   ==, "4");
}

static void
test_export_writes_document (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) expected = NULL;
  gsize length;
  Finished *finished;

  SKIP_WITHOUT_DISPLAY ();

  finished = lookup_and_wait (fixture, NULL, "4");
  g_assert_no_error (finished->error);

  name = rd_window_dup_export_name (fixture->window);
  g_assert_cmpstr (
      name, ==, "ads_supplier_inventory_info__ads_supplier_inventory_info_20231118143537-4.json");
  /* The first export dialog opens in Documents (home without one), never the process's
   * working directory. */
  {
    g_autoptr(GFile) folder = rd_window_dup_export_folder (fixture->window);
    const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
    g_autofree char *folder_path = g_file_get_path (folder);

    g_assert_true (g_strcmp0 (folder_path, documents) == 0 ||
                   g_strcmp0 (folder_path, g_get_home_dir ()) == 0);
  }

  dir = g_dir_make_tmp ("rd-window-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  file = g_file_new_for_path (path);

  /* The save dialog's response runs exactly this. */
  g_assert_true (rd_window_export_to_file (fixture->window, file));
  /* The next export opens where this one went. */
  {
    g_autoptr(GFile) folder = rd_window_dup_export_folder (fixture->window);
    g_autofree char *folder_path = g_file_get_path (folder);

    g_assert_cmpstr (folder_path, ==, dir);
  }

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  expected = rd_export_to_bytes (
      rd_release_package_get_document (rd_window_get_package (fixture->window)));
  g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL),
                   g_bytes_get_size (expected));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static gboolean
has_message_dialog (RdWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        return TRUE;
    }

  return FALSE;
}

static void
close_message_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        gtk_window_destroy (toplevel);
    }
}

static void
test_export_failure_shows_dialog (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  Finished *finished;

  SKIP_WITHOUT_DISPLAY ();

  finished = lookup_and_wait (fixture, NULL, "4");
  g_assert_no_error (finished->error);

  /* A folder where the file should go: the rename fails, whoever runs the test. */
  dir = g_dir_make_tmp ("rd-window-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "taken.json", NULL);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  file = g_file_new_for_path (path);

  g_assert_false (has_message_dialog (fixture->window));
  g_assert_false (rd_window_export_to_file (fixture->window, file));
  g_assert_true (has_message_dialog (fixture->window));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  close_message_dialogs ();

  g_assert_cmpint (g_rmdir (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_export_name_is_sanitized (Fixture       *fixture,
                               gconstpointer  data)
{
  static const char document[] =
      "{\"release_package\":{\"package_id\":\"55\",\"package_name\":\"../etc/"
      "a:b*c?\\\"d<e>f|g\\\\h\","
      "\"deploy_status\":1,\"delete_flag\":1,\"package_approvers\":[]},\"task_details\":[]}";
  g_autofree char *name = NULL;
  Finished *finished;

  SKIP_WITHOUT_DISPLAY ();

  rd_demo_service_add_package (fixture->demo, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, "55",
                               document);
  finished = lookup_and_wait (fixture, NULL, "55");
  g_assert_no_error (finished->error);

  name = rd_window_dup_export_name (fixture->window);
  g_assert_cmpstr (name, ==, "_._etc_a_b_c__d_e_f_g_h-55.json");

  /* The same package shows the deleted mark, and its status with its own icon. */
  g_assert_true (gtk_widget_get_visible (template_child (
      rd_window_get_package_header (fixture->window), RD_TYPE_PACKAGE_HEADER, "deleted_pill")));
  g_assert_cmpstr (
      rd_package_header_get_status_text (rd_window_get_package_header (fixture->window)), ==,
      "To be reviewed");
  g_assert_true (
      gtk_widget_get_visible (template_child (rd_window_get_package_header (fixture->window),
                                              RD_TYPE_PACKAGE_HEADER, "no_approvers_label")));
}

static void
test_copy_actions_use_tasks_view (Fixture       *fixture,
                                  gconstpointer  data)
{
  RdTasksView *tasks_view;
  Finished *finished;
  g_autofree char *all_ids = NULL;
  g_autofree char *selected = NULL;
  g_autofree char *table = NULL;
  g_autofree char *markdown = NULL;

  SKIP_WITHOUT_DISPLAY ();

  finished = lookup_and_wait (fixture, NULL, "4");
  g_assert_no_error (finished->error);
  tasks_view = rd_window_get_tasks_view (fixture->window);

  /* Copy All Task IDs in the primary menu: the one task's release task ID. */
  clear_clipboard (fixture->window);
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-all-ids", NULL));
  all_ids = rd_test_read_clipboard (GTK_WIDGET (fixture->window));
  g_assert_cmpstr (g_strchomp (all_ids), ==, "19");

  /* Ctrl+C: the selected rows' IDs. */
  gtk_selection_model_select_item (rd_tasks_view_get_selection (tasks_view), 0, TRUE);
  clear_clipboard (fixture->window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy", NULL));
  selected = rd_test_read_clipboard (GTK_WIDGET (fixture->window));
  g_assert_cmpstr (g_strchomp (selected), ==, "19");

  /* The tables name the task, whatever their exact layout (the tasks view's tests own that). */
  clear_clipboard (fixture->window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-table", NULL));
  table = rd_test_read_clipboard (GTK_WIDGET (fixture->window));
  g_assert_nonnull (strstr (table, "ads_supplier_inventory_info__ads_supplier_inventory_info"));
  g_assert_nonnull (strchr (table, '\t'));

  clear_clipboard (fixture->window);
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-markdown", NULL));
  markdown = rd_test_read_clipboard (GTK_WIDGET (fixture->window));
  g_assert_nonnull (strstr (markdown, "supplier"));
  g_assert_true (markdown[0] == '|');
}

static GtkShortcut *
find_shortcut (GtkWidget       *widget,
               guint            keyval,
               GdkModifierType  modifiers)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, modifiers);

  return rd_test_find_shortcut (widget, wanted);
}

static void
test_shortcuts_are_bound (Fixture       *fixture,
                          gconstpointer  data)
{
  static const struct {
    guint           keyval;
    GdkModifierType modifiers;
    const char     *action;
  } expected[] = {
    { GDK_KEY_Escape, 0, "win.cancel" },
    { GDK_KEY_l, GDK_CONTROL_MASK, "win.focus-package-id" },
    { GDK_KEY_F5, 0, "win.refresh" },
    { GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh" },
    { GDK_KEY_f, GDK_CONTROL_MASK, "win.filter" },
    { GDK_KEY_c, GDK_CONTROL_MASK, "win.copy" },
    { GDK_KEY_e, GDK_CONTROL_MASK, "win.export" },
  };
  RdDemoFault delay = { RD_DEMO_FAULT_DELAY, .delay_ms = 15000 };
  GtkShortcut *escape;

  SKIP_WITHOUT_DISPLAY ();

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GtkShortcut *shortcut = find_shortcut (GTK_WIDGET (fixture->window),
                                             expected[i].keyval, expected[i].modifiers);
      GtkShortcutAction *action;

      g_test_message ("shortcut for %s", expected[i].action);
      g_assert_nonnull (shortcut);
      action = gtk_shortcut_get_action (shortcut);
      g_assert_true (GTK_IS_NAMED_ACTION (action));
      g_assert_cmpstr (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), ==,
                       expected[i].action);
    }

  /* Ctrl+L puts the cursor in the package ID, ready to type over it. */
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.focus-package-id", NULL));
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (gtk_editable_get_delegate (
      template_child (fixture->window, RD_TYPE_WINDOW, "package_row")))));

  /* Escape, through its shortcut, cancels a lookup in flight. */
  rd_demo_service_push_fault (fixture->demo, &delay);
  g_assert_true (rd_window_lookup (fixture->window, RD_DEMO_PROJECT_ID, NULL, "4"));
  escape = find_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_Escape, 0);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (escape), 0,
                                               GTK_WIDGET (fixture->window), NULL));
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "empty");
  WAIT_UNTIL (fixture->finished->len == 1);
  g_assert_error (((Finished *) g_ptr_array_index (fixture->finished, 0))->error,
                  G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Nothing in flight: Escape is not taken, so popovers and dialogs still get it. */
  g_assert_false (gtk_shortcut_action_activate (gtk_shortcut_get_action (escape), 0,
                                                GTK_WIDGET (fixture->window), NULL));
}

static void
test_invalid_form_sends_nothing (Fixture       *fixture,
                                 gconstpointer  data)
{
  SKIP_WITHOUT_DISPLAY ();

  g_assert_false (rd_window_lookup (fixture->window, RD_DEMO_PROJECT_ID, NULL, "  "));
  g_assert_false (rd_window_lookup (fixture->window, "", NULL, "4"));
  g_assert_false (rd_window_lookup (fixture->window, RD_DEMO_PROJECT_ID, "not a workspace!", "4"));
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "empty");
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->demo), ==, 0);
  g_assert_true (gtk_revealer_get_reveal_child (template_child (fixture->window, RD_TYPE_WINDOW,
                                                                "form_message_revealer")));
  g_assert_cmpstr (label_text (fixture->window, RD_TYPE_WINDOW, "form_message_label"), !=, "");
  g_assert_true (gtk_widget_has_css_class (
      template_child (fixture->window, RD_TYPE_WINDOW, "workspace_row"), "error"));

  /* Pasted IDs keep their surrounding white space out of the request. */
  g_assert_true (rd_window_lookup (fixture->window, " " RD_DEMO_PROJECT_ID "\n", "", " 4\n"));
  g_assert_false (gtk_revealer_get_reveal_child (template_child (fixture->window, RD_TYPE_WINDOW,
                                                                 "form_message_revealer")));
  WAIT_UNTIL (fixture->finished->len == 1);
  g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");
}

static void
test_without_client_explains_setup (Fixture       *fixture,
                                    gconstpointer  data)
{
  RdWindow *window;

  SKIP_WITHOUT_DISPLAY ();

  window = rd_window_new (NULL, NULL);
  rd_window_set_setup_message (window, "No Credentials", "Set RELEASE_DESK_TOKEN.");
  gtk_window_present (GTK_WINDOW (window));

  g_assert_cmpstr (rd_window_get_state (window), ==, "error");
  g_assert_cmpstr (
      adw_status_page_get_title (template_child (window, RD_TYPE_WINDOW, "error_page")), ==,
      "No Credentials");
  g_assert_false (
      gtk_widget_get_visible (template_child (window, RD_TYPE_WINDOW, "details_expander")));
  g_assert_false (gtk_widget_get_visible (template_child (window, RD_TYPE_WINDOW, "retry_button")));

  /* A lookup says the same again instead of failing somewhere else. */
  rd_window_lookup (window, RD_DEMO_PROJECT_ID, NULL, "4");
  g_assert_cmpstr (rd_window_get_state (window), ==, "error");
  g_assert_cmpstr (
      adw_status_page_get_description (template_child (window, RD_TYPE_WINDOW, "error_page")), ==,
      "Set RELEASE_DESK_TOKEN.");
  /* The review queue says the same, not "Enter a project ID" with one filled in. */
  g_assert_cmpstr (adw_status_page_get_description (
                     template_child (rd_window_get_queue_view (window), RD_TYPE_QUEUE_VIEW,
                                     "unset_page")), ==, "Set RELEASE_DESK_TOKEN.");

  rd_test_destroy_window (&window, WAIT_SECONDS);
}

/* Preferences → Connection → Request Timeout is the "request-timeout" setting, and the window's
 * calls follow it at once, the client in use included. */
static void
test_settings_request_timeout (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RdAccountStore) store = NULL;
  RdPreferencesWindow *preferences;
  GtkSpinButton *spin;
  RdSession *session;

  SKIP_WITHOUT_DISPLAY ();

  session = rd_window_get_session (fixture->window);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "request-timeout"), ==, 30);
  g_assert_cmpuint (rd_session_get_timeout (session), ==, 30);

  dir = g_dir_make_tmp ("rd-test-window-prefs-XXXXXX", NULL);
  path = g_build_filename (dir, "accounts.ini", NULL);
  store = rd_account_store_new (path, NULL);
  preferences = rd_preferences_window_new (GTK_WINDOW (fixture->window), store);
  rd_preferences_window_set_settings (preferences, fixture->settings);
  gtk_window_present (GTK_WINDOW (preferences));
  spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                         RD_TYPE_PREFERENCES_WINDOW,
                                                         "timeout_spin"));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (spin)));
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 30);

  gtk_spin_button_set_value (spin, 90);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "request-timeout"), ==, 90);
  g_assert_cmpuint (rd_session_get_timeout (session), ==, 90);
  g_assert_cmpuint (rd_client_get_timeout (fixture->client), ==, 90);
  /* The range the command line's --timeout has too. */
  gtk_spin_button_set_value (spin, 5000);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "request-timeout"), ==,
                    RD_CLIENT_MAX_TIMEOUT_SECONDS);

  gtk_window_destroy (GTK_WINDOW (preferences));
  rd_test_remove_tree (dir);
}

static void
test_settings_keep_size (Fixture       *fixture,
                         gconstpointer  data)
{
  gpointer weak;
  int width, height;

  SKIP_WITHOUT_DISPLAY ();

  /* Closing the window (Ctrl+W, the close button) saves its size, then destroys it. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 913, 627);
  weak = fixture->window;
  g_object_add_weak_pointer (weak, &weak);
  gtk_window_close (GTK_WINDOW (g_steal_pointer (&fixture->window)));
  WAIT_UNTIL (weak == NULL);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-width"), ==, 913);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-height"), ==, 627);
  g_assert_false (g_settings_get_boolean (fixture->settings, "window-maximized"));

  fixture->window = new_window (fixture);
  gtk_window_get_default_size (GTK_WINDOW (fixture->window), &width, &height);
  g_assert_cmpint (width, ==, 913);
  g_assert_cmpint (height, ==, 627);
}

static void
test_settings_remember_lookups (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GVariant) recent = NULL;
  g_autofree char *last_project_id = NULL;
  g_autofree char *last_workspace = NULL;
  const char *project_id, *workspace, *package_id, *package_name;
  Finished *finished;

  SKIP_WITHOUT_DISPLAY ();

  finished = lookup_and_wait (fixture, RD_DEMO_OTHER_WORKSPACE, "8");
  g_assert_no_error (finished->error);
  finished = lookup_and_wait (fixture, NULL, "4");
  g_assert_no_error (finished->error);
  /* A failed lookup is not remembered. */
  finished = lookup_and_wait (fixture, NULL, "13");
  g_assert_nonnull (finished->error);
  /* Looking up 8 again moves it to the top instead of adding it twice. */
  finished = lookup_and_wait (fixture, RD_DEMO_OTHER_WORKSPACE, "8");
  g_assert_no_error (finished->error);

  last_project_id = g_settings_get_string (fixture->settings, "last-project-id");
  last_workspace = g_settings_get_string (fixture->settings, "last-workspace");
  g_assert_cmpstr (last_project_id, ==, RD_DEMO_PROJECT_ID);
  g_assert_cmpstr (last_workspace, ==, RD_DEMO_OTHER_WORKSPACE);

  recent = g_settings_get_value (fixture->settings, "recent-lookups");
  g_assert_cmpuint (g_variant_n_children (recent), ==, 2);
  g_variant_get_child (recent, 0, "(&s&s&s&s)", &project_id, &workspace, &package_id,
                       &package_name);
  g_assert_cmpstr (project_id, ==, RD_DEMO_PROJECT_ID);
  g_assert_cmpstr (workspace, ==, RD_DEMO_OTHER_WORKSPACE);
  g_assert_cmpstr (package_id, ==, "8");
  g_assert_cmpstr (package_name, !=, "");
  g_variant_get_child (recent, 1, "(&s&s&s&s)", &project_id, &workspace, &package_id,
                       &package_name);
  g_assert_cmpstr (workspace, ==, "");
  g_assert_cmpstr (package_id, ==, "4");
  g_assert_cmpstr (package_name, ==,
                   "ads_supplier_inventory_info__ads_supplier_inventory_info_20231118143537");

  /* A new window starts with the last project and workspace filled in. */
  rd_test_destroy_window (&fixture->window, WAIT_SECONDS);
  fixture->window = new_window (fixture);
  g_assert_cmpstr (
      gtk_editable_get_text (template_child (fixture->window, RD_TYPE_WINDOW, "project_row")), ==,
      RD_DEMO_PROJECT_ID);
  g_assert_cmpstr (
      gtk_editable_get_text (template_child (fixture->window, RD_TYPE_WINDOW, "workspace_row")), ==,
      RD_DEMO_OTHER_WORKSPACE);

  /* Picking a recent lookup looks it up again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.recent-lookup",
                                             "(sss)", RD_DEMO_PROJECT_ID, "", "4"));
  WAIT_UNTIL (g_str_equal (rd_window_get_state (fixture->window), "package"));
  g_assert_cmpstr (rd_release_package_get_package_id (rd_window_get_package (fixture->window)), ==,
                   "4");
}

static void
test_recent_menu_lists_lookups (Fixture       *fixture,
                                gconstpointer  data)
{
  GtkMenuButton *button;
  GMenuModel *menu;
  g_autofree char *empty_label = NULL;
  g_autofree char *first_label = NULL;
  g_autofree char *demo_label = NULL;
  GtkPopover *popover;
  Finished *finished;

  SKIP_WITHOUT_DISPLAY ();

  button = template_child (fixture->window, RD_TYPE_WINDOW, "recent_button");
  menu = gtk_menu_button_get_menu_model (button);
  empty_label = rd_test_dup_menu_label (menu, 0, 0);
  g_assert_cmpstr (empty_label, ==, "No Recent Lookups");

  /* The menu opens without complaint, even with its placeholder item. */
  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  gtk_menu_button_popdown (button);

  finished = lookup_and_wait (fixture, NULL, "4");
  g_assert_no_error (finished->error);

  /* Names are full of '_', which menus would take for mnemonics. */
  menu = gtk_menu_button_get_menu_model (button);
  first_label = rd_test_dup_menu_label (menu, 0, 0);
  g_assert_cmpstr (first_label, ==, "Package 4: ads__supplier__inventory__info____ads__suppli…");

  /* Demo mode adds the demo packages to pick from. */
  rd_window_set_demo (fixture->window, TRUE);
  rd_window_set_sample_lookups (fixture->window, rd_demo_new_sample_lookups ());
  menu = gtk_menu_button_get_menu_model (button);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 3);
  demo_label = rd_test_dup_menu_label (menu, 1, 2);
  g_assert_cmpstr (demo_label, ==, "Package 100: 480 tasks");

  gtk_menu_button_popup (button);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (button))));
  gtk_menu_button_popdown (button);
}

static void
test_demo_mode_remembers_nothing (Fixture       *fixture,
                                  gconstpointer  data)
{
  Finished *finished;
  g_autoptr(GVariant) recent = NULL;
  g_autofree char *last_project_id = NULL;

  SKIP_WITHOUT_DISPLAY ();

  rd_window_set_demo (fixture->window, TRUE);
  rd_window_set_sample_lookups (fixture->window, rd_demo_new_sample_lookups ());
  finished = lookup_and_wait (fixture, NULL, "4");
  g_assert_no_error (finished->error);

  last_project_id = g_settings_get_string (fixture->settings, "last-project-id");
  g_assert_cmpstr (last_project_id, ==, "");
  recent = g_settings_get_value (fixture->settings, "recent-lookups");
  g_assert_cmpuint (g_variant_n_children (recent), ==, 0);
}

typedef struct
{
  GApplication *app;
  RdWindow     *window;
  gboolean      checked;
} AppRun;

static void
on_app_lookup_finished (RdWindow         *window,
                        RdReleasePackage *package,
                        const GError     *error,
                        gboolean          current,
                        AppRun           *run)
{
  g_auto(GStrv) quit_accels = NULL;
  g_auto(GStrv) close_accels = NULL;
  GtkWidget *help_overlay;
  GListModel *toplevels;
  gboolean found_about = FALSE;
  GMenuModel *menu;
  g_autoptr(GMenuModel) demo_section = NULL;
  g_autoptr(GVariant) demo_target = NULL;
  g_autofree char *demo_label = NULL;
  const char *target_project, *target_workspace, *target_package;

  if (run->checked)
    return;
  run->checked = TRUE;

  /* --demo opens on the demo service with the example package shown. */
  g_assert_no_error (error);
  g_assert_true (current);
  g_assert_cmpstr (rd_window_get_state (window), ==, "package");
  g_assert_cmpstr (rd_release_package_get_package_id (package), ==, RD_DEMO_PACKAGE_ID);
  g_assert_cmpstr (
      adw_window_title_get_subtitle (template_child (window, RD_TYPE_WINDOW, "window_title")), ==,
      "Demo Service");
  g_assert_cmpstr (gtk_editable_get_text (template_child (window, RD_TYPE_WINDOW, "project_row")),
                   ==, RD_DEMO_PROJECT_ID);

  /* The application hands the window the demo's sample lookups: package 8 is in the other
   * workspace. */
  menu = gtk_menu_button_get_menu_model (template_child (window, RD_TYPE_WINDOW, "recent_button"));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 3);
  demo_label = rd_test_dup_menu_label (menu, 1, 4);
  g_assert_cmpstr (demo_label, ==, "Package 8: in another workspace");
  demo_section = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
  demo_target = g_menu_model_get_item_attribute_value (demo_section, 4, G_MENU_ATTRIBUTE_TARGET,
                                                       G_VARIANT_TYPE ("(sss)"));
  g_assert_nonnull (demo_target);
  g_variant_get (demo_target, "(&s&s&s)", &target_project, &target_workspace, &target_package);
  g_assert_cmpstr (target_project, ==, RD_DEMO_PROJECT_ID);
  g_assert_cmpstr (target_workspace, ==, RD_DEMO_OTHER_WORKSPACE);
  g_assert_cmpstr (target_package, ==, "8");

  /* The shortcuts window comes from gtk/help-overlay.ui under the resource base path. */
  help_overlay =
      GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (help_overlay));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (gtk_widget_get_visible (help_overlay));
  gtk_widget_set_visible (help_overlay, FALSE);

  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (run->app), "app.quit");
  g_assert_cmpstr (quit_accels[0], ==, "<Control>q");
  close_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (run->app), "window.close");
  g_assert_cmpstr (close_accels[0], ==, "<Control>w");

  /* About Release Desk opens an AdwAboutWindow for this window. */
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "about", NULL);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        {
          g_assert_true (gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window));
          g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (toplevel)), ==,
                           PACKAGE_VERSION);
          found_about = TRUE;
          gtk_window_destroy (toplevel);
        }
    }
  g_assert_true (found_about);

  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 AppRun         *run)
{
  if (!RD_IS_WINDOW (window))
    return;

  run->window = RD_WINDOW (window);
  g_signal_connect (window, "lookup-finished", G_CALLBACK (on_app_lookup_finished), run);
}

static void
test_application_demo_opens_example (void)
{
  g_autoptr(RdApplication) app = NULL;
  const char *argv[] = { "release-desk", "--demo", NULL };
  AppRun run = { 0 };
  int status;

  SKIP_WITHOUT_DISPLAY ();

  app = rd_application_new ();
  run.app = G_APPLICATION (app);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), &run);

  status = g_application_run (G_APPLICATION (app), 2, (char **) argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.checked);
}

typedef struct
{
  GApplication *app;
  RdWindow     *first;
  RdWindow     *demo;
  gboolean      first_gone;
  gboolean      shown;
} TryDemoRun;

static void
on_try_demo_lookup_finished (RdWindow         *window,
                             RdReleasePackage *package,
                             const GError     *error,
                             gboolean          current,
                             TryDemoRun       *run)
{
  if (run->shown || package == NULL)
    return;
  run->shown = TRUE;
  g_assert_cmpstr (rd_release_package_get_package_id (package), ==, RD_DEMO_PACKAGE_ID);
  g_assert_true (rd_window_get_demo (window));
  /* The window that offered it gave way. */
  g_assert_true (run->first_gone);
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
}

static gboolean
click_try_demo (gpointer user_data)
{
  TryDemoRun *run = user_data;
  GtkWidget *button = rd_test_find_widget (GTK_WIDGET (run->first), GTK_TYPE_BUTTON,
                                           rd_test_widget_has_text, "_Try the Demo");

  g_assert_nonnull (button);

  /* A first run: "Add Account…" and, beside it, "Try the Demo". */
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (template_child (run->first, RD_TYPE_WINDOW,
                                                                     "add_account_button"))));
  /* The review queue beside it says the same, in short (not "Enter a project ID"). */
  g_assert_cmpstr (adw_status_page_get_description (
                     template_child (rd_window_get_queue_view (run->first), RD_TYPE_QUEUE_VIEW,
                                     "unset_page")), ==,
                   "Add an account, or try the demo, to see the packages waiting for review");
  g_signal_emit_by_name (button, "clicked");
  return G_SOURCE_REMOVE;
}

static void
on_try_demo_window_added (GtkApplication *app,
                          GtkWindow      *window,
                          TryDemoRun     *run)
{
  if (!RD_IS_WINDOW (window))
    return;

  if (run->first == NULL)
    {
      run->first = RD_WINDOW (window);
      g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &run->first);
      g_timeout_add (200, click_try_demo, run);
      return;
    }
  run->demo = RD_WINDOW (window);
  g_signal_connect (window, "lookup-finished", G_CALLBACK (on_try_demo_lookup_finished), run);
}

static void
on_try_demo_window_removed (GtkApplication *app,
                            GtkWindow      *window,
                            TryDemoRun     *run)
{
  if (run->demo != NULL && window != GTK_WINDOW (run->demo))
    run->first_gone = TRUE;
}

/* A first run without any account offers the demo to someone who has no command line: "Try the
 * Demo" opens what --demo opens, in place of the window that offered it. */
static void
test_application_try_demo (void)
{
  g_autoptr(RdApplication) app = NULL;
  const char *argv[] = { "release-desk", NULL };
  TryDemoRun run = { 0 };
  int status;

  SKIP_WITHOUT_DISPLAY ();

  app = rd_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) |
                           G_APPLICATION_NON_UNIQUE);
  run.app = G_APPLICATION (app);
  g_signal_connect (app, "window-added", G_CALLBACK (on_try_demo_window_added), &run);
  g_signal_connect (app, "window-removed", G_CALLBACK (on_try_demo_window_removed), &run);

  status = g_application_run (G_APPLICATION (app), 1, (char **) argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.shown);
}

/* An endpoint typed with a CR and escapes is quoted back on the terminal of the
 * invocation that opens a window, with the control characters written out. */
static void
test_application_endpoint_escaped (void)
{
  SKIP_WITHOUT_DISPLAY ();

  if (g_test_subprocess ())
    {
      g_autoptr(RdApplication) app = rd_application_new ();
      const char *argv[] = { "release-desk",
                             "--endpoint=https://dayu\r\x1b]0;TITLE\a\x1b[2J.example", NULL };

      exit (g_application_run (G_APPLICATION (app), 2, (char **) argv));
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*release-desk: “https://dayu\\r\\x1b]0;TITLE\\x07\\x1b[2J.example” "
                             "is not a valid URL*");
  g_test_trap_assert_stderr_unmatched ("*\x1b*");
  g_test_trap_assert_stderr_unmatched ("*\r*");
}

/* Issue 18 item 13: the columns a new user sees leave the job and script IDs out, and what the
 * header menu shows or hides is kept in the hidden-task-columns setting, for the next window. */
static void
test_settings_hidden_columns (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *expected[] = { "submitter", "script-id", NULL };
  g_auto(GStrv) hidden = NULL;
  RdTasksView *view;
  RdWindow *second;

  if (!have_display)
    {
      g_test_skip ("No display: run under xvfb-run");
      return;
    }

  view = rd_window_get_tasks_view (fixture->window);
  g_assert_false (gtk_column_view_column_get_visible (
      rd_tasks_view_get_column (view, RD_TASK_COLUMN_JOB_ID)));
  g_assert_false (gtk_column_view_column_get_visible (
      rd_tasks_view_get_column (view, RD_TASK_COLUMN_SCRIPT_ID)));
  g_assert_true (gtk_column_view_column_get_visible (
      rd_tasks_view_get_column (view, RD_TASK_COLUMN_RELEASE_TASK_ID)));

  /* As the header menu's toggles do (columns.show-<id>, a property action on "visible"). */
  gtk_column_view_column_set_visible (rd_tasks_view_get_column (view, RD_TASK_COLUMN_SUBMITTER),
                                      FALSE);
  gtk_column_view_column_set_visible (rd_tasks_view_get_column (view, RD_TASK_COLUMN_JOB_ID),
                                      TRUE);
  hidden = g_settings_get_strv (fixture->settings, "hidden-task-columns");
  g_assert_cmpstrv (hidden, expected);

  second = new_window (fixture);
  view = rd_window_get_tasks_view (second);
  g_assert_false (gtk_column_view_column_get_visible (
      rd_tasks_view_get_column (view, RD_TASK_COLUMN_SUBMITTER)));
  g_assert_true (gtk_column_view_column_get_visible (
      rd_tasks_view_get_column (view, RD_TASK_COLUMN_JOB_ID)));
  rd_test_destroy_window (&second, WAIT_SECONDS);
}

/* Issue 18 item 16: "the package title is sometimes fully selected after an automatic
 * lookup". Whichever way a lookup starts (the form's Enter, a lookup asked of the window, the
 * same package again), the package's title and fields come up unselected, and the keyboard
 * focus is not left on them. */
static gboolean
header_has_selection (GtkWidget *widget)
{
  int start, end;

  if (GTK_IS_LABEL (widget) && gtk_label_get_selection_bounds (GTK_LABEL (widget), &start, &end))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (header_has_selection (child))
      return TRUE;
  return FALSE;
}

static void
test_title_not_selected (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *header;
  GtkWidget *package_row;
  const char *ids[] = { "4", "7", "7", "100", "100", "4" };

  if (!have_display)
    {
      g_test_skip ("No display: run under xvfb-run");
      return;
    }

  header = GTK_WIDGET (rd_window_get_package_header (fixture->window));
  package_row = template_child (GTK_WIDGET (fixture->window), RD_TYPE_WINDOW, "package_row");
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      guint before = fixture->finished->len;
      GtkWidget *focus;

      if (i >= 4)
        {
          /* From the table: the focus goes through the loading page (its Cancel button) and
           * then into the package page, where the title was the first focusable widget. */
          gtk_widget_grab_focus (GTK_WIDGET (rd_window_get_tasks_view (fixture->window)));
          if (i == 4)
            rd_window_refresh (fixture->window);
          else
            g_assert_true (
                rd_window_lookup (fixture->window, RD_DEMO_PROJECT_ID, NULL, ids[i]));
        }
      else if (i % 2 == 0)
        {
          g_assert_true (
              rd_window_lookup (fixture->window, RD_DEMO_PROJECT_ID, NULL, ids[i]));
        }
      else
        {
          /* Typed, then Enter in the field. */
          gtk_widget_grab_focus (package_row);
          gtk_editable_set_text (GTK_EDITABLE (package_row), ids[i]);
          g_signal_emit_by_name (package_row, "entry-activated");
        }
      WAIT_UNTIL (fixture->finished->len > before);
      g_assert_true (rd_screen_wait_for_frames (GTK_WIDGET (fixture->window), WAIT_SECONDS));
      g_assert_cmpstr (rd_window_get_state (fixture->window), ==, "package");

      focus = gtk_window_get_focus (GTK_WINDOW (fixture->window));
      g_test_message ("lookup of %s: focus on %s", ids[i],
                      focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing");
      g_assert_false (header_has_selection (header));
      g_assert_true (focus == NULL || !gtk_widget_is_ancestor (focus, header));
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Times are checked as text in one known zone; a timezone with a
   * half-hour offset would show a bug in the conversion just the same. */
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_test_init (&argc, &argv, NULL);

  /* Before GTK starts, which reads the default schema source once: the
   * application test's window takes its settings from there. */
  schema_dir = rd_test_compile_schema ();
  g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);

  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

#define ADD(path, func) \
  g_test_add ("/window/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("lookup/renders-header-and-one-task", test_lookup_renders_header_and_tasks);
  ADD ("lookup/renders-480-tasks", test_lookup_many_tasks);
  ADD ("lookup/invalid-form-sends-nothing", test_invalid_form_sends_nothing);
  ADD ("lookup/late-answer-does-not-replace-newer", test_late_answer_does_not_replace_newer);
  ADD ("cancel/stops-request-and-returns-to-empty", test_cancel_stops_request);
  ADD ("cancel/keeps-previous-package", test_cancel_keeps_previous_package);
  ADD ("error/shows-code-and-request-id-and-copies-details", test_error_shows_code_and_request_id);
  ADD ("error/retry-repeats-lookup", test_retry_after_error);
  ADD ("error/service-message-is-text", test_error_message_is_text);
  ADD ("lookup/unnamed-deployer-is-unknown", test_unnamed_deployer_is_unknown);
  ADD ("lookup/filter-cleared-for-another-package", test_filter_cleared_for_another_package);
  ADD ("lookup/title-not-selected", test_title_not_selected);
  ADD ("error/invalid-parameter-claims-no-more", test_error_invalid_parameter_claims_no_more);
  ADD ("error/without-client-explains-setup", test_without_client_explains_setup);
  ADD ("export/writes-document", test_export_writes_document);
  ADD ("export/failure-shows-dialog", test_export_failure_shows_dialog);
  ADD ("export/name-is-sanitized", test_export_name_is_sanitized);
  ADD ("copy/menu-actions-and-ctrl-c", test_copy_actions_use_tasks_view);
  ADD ("shortcuts/bound-and-escape-cancels", test_shortcuts_are_bound);
  ADD ("settings/window-size-persists", test_settings_keep_size);
  ADD ("settings/request-timeout", test_settings_request_timeout);
  ADD ("settings/hidden-columns", test_settings_hidden_columns);
  ADD ("settings/remembers-project-and-recent-lookups", test_settings_remember_lookups);
  ADD ("settings/demo-mode-remembers-nothing", test_demo_mode_remembers_nothing);
  ADD ("recent/menu-lists-lookups", test_recent_menu_lists_lookups);

#undef ADD

  g_test_add_func ("/window/application/demo-opens-example-package",
                   test_application_demo_opens_example);
  g_test_add_func ("/window/application/first-run-tries-the-demo", test_application_try_demo);
  g_test_add_func ("/window/application/endpoint-escaped-on-terminal",
                   test_application_endpoint_escaped);

  status = g_test_run ();

  if (schema_dir != NULL)
    rd_test_remove_schema_dir (schema_dir);
  g_free (schema_dir);

  return status;
}
