/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-status-pill.c: the release status pill of the package header and the review queue. */
#include "config.h"

#include <locale.h>

#include <adwaita.h>

#include "rd-account-editor.h"
#include "rd-account-store.h"
#include "rd-enums.h"
#include "rd-resources.h"
#include "rd-status-pill.h"
#include "rd-test-util.h"
#include "rd-window.h"

static gboolean have_display;

/* Each status, its style class of style.css, icon and words. */
static const struct {
  int         status;
  const char *css_class;
  const char *icon_name;
  const char *text;
} cases[] = {
  { RD_DEPLOY_STATUS_TO_BE_REVIEWED, "reviewing", "document-open-recent-symbolic",
    "To be reviewed" },
  { RD_DEPLOY_STATUS_SUCCESSFUL, "successful", "emblem-ok-symbolic", "Successful" },
  { RD_DEPLOY_STATUS_FAILED, "failed", "dialog-error-symbolic", "Failed" },
  { RD_DEPLOY_STATUS_BEING_RELEASED, "releasing", "emblem-synchronizing-symbolic",
    "Being released" },
  { 7, "unknown", "rd-status-unknown-symbolic", "Unknown (7)" },
  { RD_VALUE_ABSENT, "unknown", "rd-status-unknown-symbolic", "No status" },
};

static const char * const status_classes[] = {
  "reviewing", "successful", "failed", "releasing", "unknown",
};

static void
assert_only_class (GtkWidget  *pill,
                   const char *css_class)
{
  g_assert_true (gtk_widget_has_css_class (pill, "status-pill"));
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    g_assert_cmpint (gtk_widget_has_css_class (pill, status_classes[i]), ==,
                     g_str_equal (status_classes[i], css_class));
}

/* One pill through every status, in both directions: each change leaves
 * only the new status's class, icon, words and accessible name. */
static void
test_each_status (void)
{
  g_autoptr(GtkWidget) pill = NULL;
  RdStatusPill *self;

  if (!have_display)
    {
      g_test_skip ("No display: run under xvfb-run");
      return;
    }

  pill = g_object_ref_sink (rd_status_pill_new ());
  self = RD_STATUS_PILL (pill);

  /* A new pill has no status. */
  g_assert_cmpint (rd_status_pill_get_status (self), ==, RD_VALUE_ABSENT);
  assert_only_class (pill, "unknown");
  g_assert_cmpstr (rd_status_pill_get_text (self), ==, "No status");

  for (guint pass = 0; pass < 2; pass++)
    for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
      {
        guint i = pass == 0 ? k : G_N_ELEMENTS (cases) - 1 - k;
        g_autofree char *accessible = g_strdup_printf ("Release status: %s", cases[i].text);
        int status = 0;

        g_object_set (pill, "status", cases[i].status, NULL);
        g_object_get (pill, "status", &status, NULL);
        g_assert_cmpint (status, ==, cases[i].status);
        assert_only_class (pill, cases[i].css_class);
        g_assert_cmpstr (rd_status_pill_get_icon_name (self), ==, cases[i].icon_name);
        g_assert_cmpstr (rd_status_pill_get_text (self), ==, cases[i].text);
        gtk_test_accessible_assert_property (GTK_ACCESSIBLE (pill), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                             accessible);
      }
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *n_notifies = user_data;

  (*n_notifies)++;
}

static void
test_notifies_only_changes (void)
{
  g_autoptr(GtkWidget) pill = NULL;
  guint n_notifies = 0;

  if (!have_display)
    {
      g_test_skip ("No display: run under xvfb-run");
      return;
    }

  pill = g_object_ref_sink (rd_status_pill_new ());
  g_signal_connect (pill, "notify::status", G_CALLBACK (on_notify), &n_notifies);

  rd_status_pill_set_status (RD_STATUS_PILL (pill), RD_DEPLOY_STATUS_FAILED);
  rd_status_pill_set_status (RD_STATUS_PILL (pill), RD_DEPLOY_STATUS_FAILED);
  g_assert_cmpuint (n_notifies, ==, 1);
  rd_status_pill_set_status (RD_STATUS_PILL (pill), RD_VALUE_ABSENT);
  g_assert_cmpuint (n_notifies, ==, 2);
}

/* Every icon a pill shows is found: the theme's, or the app's own from its resources (as
 * GtkApplication adds them), never a missing-image glyph. */
static void
test_icons_exist (void)
{
  GtkIconTheme *theme;

  if (!have_display)
    {
      g_test_skip ("No display: run under xvfb-run");
      return;
    }

  /* Linked in, and with it registered, as in the app (a static library drops it otherwise). */
  g_assert_nonnull (rd_get_resource ());
  theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  gtk_icon_theme_add_resource_path (theme, "/io/github/releasedesk/ReleaseDesk/icons");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].icon_name);
      g_assert_true (gtk_icon_theme_has_icon (theme, cases[i].icon_name));
    }
}

/* Adds to @missing the tooltip of each icon-only button under @widget that has no accessible
 * name; counts them in @n_found. */
static void
collect_unnamed_icon_buttons (GtkWidget *widget,
                              GString   *missing,
                              guint     *n_found)
{
  const char *icon_name = NULL;

  /* Hidden: libadwaita's own, such as an entry row's apply button when it has none. */
  if (!GTK_IS_ROOT (widget) && !gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) == NULL)
    icon_name = gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget));
  else if (GTK_IS_BUTTON (widget) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)) &&
           gtk_button_get_label (GTK_BUTTON (widget)) == NULL)
    icon_name = gtk_button_get_icon_name (GTK_BUTTON (widget));

  if (icon_name != NULL && gtk_widget_get_tooltip_text (widget) != NULL)
    {
      (*n_found)++;
      if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_string_append_printf (missing, "%s “%s”; ", G_OBJECT_TYPE_NAME (widget),
                                gtk_widget_get_tooltip_text (widget));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed_icon_buttons (child, missing, n_found);
}

/* The header bar's history, account, refresh and menu buttons: icon-only buttons say what
 * they do to a screen reader. The account editor has a title. */
static void
test_icon_buttons_have_names (void)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RdAccountStore) store = NULL;
  RdWindow *window;
  RdAccountEditor *editor;
  guint n_found = 0;

  if (!have_display)
    {
      g_test_skip ("No display: run under xvfb-run");
      return;
    }

  adw_init ();
  window = rd_window_new (NULL, NULL);
  collect_unnamed_icon_buttons (GTK_WIDGET (window), missing, &n_found);
  g_test_message ("%u icon-only buttons", n_found);
  g_assert_cmpuint (n_found, >=, 4);
  g_assert_cmpstr (missing->str, ==, "");

  dir = g_dir_make_tmp ("rd-test-a11y-XXXXXX", NULL);
  path = g_build_filename (dir, "accounts.ini", NULL);
  store = rd_account_store_new (path, NULL);
  editor = rd_account_editor_new (GTK_WINDOW (window), store, NULL);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Add Account");
  /* The password rows' reveal buttons, for each kind of account (issue 18 item 15). */
  for (guint method = 0; method < 3; method++)
    {
      GtkWidget *method_row = GTK_WIDGET (
          gtk_widget_get_template_child (GTK_WIDGET (editor), RD_TYPE_ACCOUNT_EDITOR,
                                         "method_row"));
      guint n_editor = 0;

      adw_combo_row_set_selected (ADW_COMBO_ROW (method_row), method);
      collect_unnamed_icon_buttons (GTK_WIDGET (editor), missing, &n_editor);
      g_test_message ("account kind %u: %u icon-only buttons", method, n_editor);
      g_assert_cmpuint (n_editor, >=, 1);
    }
  g_assert_cmpstr (missing->str, ==, "");
  gtk_window_destroy (GTK_WINDOW (editor));
  gtk_window_destroy (GTK_WINDOW (window));
  rd_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  /* The test AT context, to read the accessible name back. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();

  g_test_add_func ("/status-pill/each-status", test_each_status);
  g_test_add_func ("/status-pill/notifies-only-changes", test_notifies_only_changes);
  g_test_add_func ("/status-pill/icons-exist", test_icons_exist);
  g_test_add_func ("/a11y/icon-buttons-have-names", test_icon_buttons_have_names);

  return g_test_run ();
}
