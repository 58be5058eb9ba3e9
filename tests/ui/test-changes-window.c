/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-changes-window.c: the review pane beside the tasks: selecting a task shows its change,
 * the next and previous task and change, side by side, ignore white space, Copy Change. */
#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "rd-change-view.h"
#include "rd-demo-testing.h"
#include "rd-tasks-view.h"
#include "rd-window.h"
#include "valgrind-util.h"
#include "rd-test-window.h"

#define WAIT_SECONDS (20 * rd_test_slowdown ())

static gboolean have_display;

typedef struct
{
  RdDemoService *service;
  RdClient      *client;
  RdWindow      *window;
  gboolean       finished;
  RdChangeView  *view;
  GtkSelectionModel *selection;
} Fixture;

static void
on_lookup_finished (RdWindow         *window,
                    RdReleasePackage *package,
                    const GError     *error,
                    gboolean          current,
                    Fixture          *fixture)
{
  g_assert_no_error (error);
  fixture->finished = TRUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  if (!have_display)
    return;

  fixture->service = rd_test_start_demo_service ();
  fixture->client = rd_test_new_token_client (rd_demo_service_get_url (fixture->service),
                                              RD_DEMO_TOKEN);
  fixture->window = rd_test_new_lookup_window (NULL, fixture->client,
                                               G_CALLBACK (on_lookup_finished), fixture);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1400, 800);

  g_assert_true (rd_window_lookup (fixture->window, RD_DEMO_PROJECT_ID, NULL,
                                   RD_DEMO_REVIEW_PACKAGE_ID));
  WAIT_UNTIL (fixture->finished);

  fixture->view = RD_CHANGE_VIEW (rd_test_find_widget (GTK_WIDGET (fixture->window),
                                                       RD_TYPE_CHANGE_VIEW, NULL, NULL));
  g_assert_nonnull (fixture->view);
  fixture->selection = rd_tasks_view_get_selection (rd_window_get_tasks_view (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!have_display)
    return;

  rd_test_destroy_window (&fixture->window, WAIT_SECONDS);
  rd_test_drop_client (&fixture->client);
  rd_test_stop_demo_service (&fixture->service);
}

/* The row of the task named @name in the table's order. */
static guint
find_task (Fixture    *fixture,
           const char *name)
{
  GListModel *model = rd_tasks_view_get_visible_model (rd_window_get_tasks_view (fixture->window));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (model, i);

      if (g_strcmp0 (rd_task_get_item_name (task), name) == 0)
        return i;
    }

  g_assert_not_reached ();
}

static RdTaskChange *
select_and_wait (Fixture *fixture,
                 guint    position)
{
  RdTaskChange *change;

  gtk_selection_model_select_item (fixture->selection, position, TRUE);
  change = rd_change_view_get_change (fixture->view);
  g_assert_nonnull (change);
  WAIT_UNTIL (rd_task_change_is_loaded (rd_change_view_get_change (fixture->view)));

  return rd_change_view_get_change (fixture->view);
}

static gboolean
is_label_with_text (GtkWidget    *widget,
                    gconstpointer data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static void
test_select_shows_change (Fixture       *fixture,
                          gconstpointer  data)
{
  RdTaskChange *change;
  g_autofree char *text = NULL;
  g_autofree char *subtitle = NULL;

  SKIP_WITHOUT_DISPLAY ();

  /* Nothing selected: the table has the whole width. */
  g_assert_null (rd_change_view_get_change (fixture->view));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->view)));

  change = select_and_wait (fixture, find_task (fixture, "dws_订单_日汇总"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->view)));
  g_assert_nonnull (rd_task_change_get_diff (change));
  g_assert_cmpuint (rd_change_view_get_n_hunks (fixture->view), >, 0);
  text = rd_change_view_dup_text (fixture->view);
  g_assert_true (g_str_has_prefix (text, "@@ "));

  /* The pane's subtitle: the type, the versions as the table words them, the change size. */
  subtitle = g_strdup_printf ("Job · 5 → 6 · +%u −%u",
                              rd_diff_get_n_added (rd_task_change_get_diff (change)),
                              rd_diff_get_n_removed (rd_task_change_get_diff (change)));
  g_assert_nonnull (rd_test_find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_LABEL,
                                         is_label_with_text, subtitle));
}

static void
test_next_change_and_task (Fixture       *fixture,
                           gconstpointer  data)
{
  RdTaskChange *first, *second;
  guint position;

  SKIP_WITHOUT_DISPLAY ();

  position = find_task (fixture, "dws_订单_日汇总");
  first = select_and_wait (fixture, position);
  g_assert_nonnull (first);

  /* Alt+↓ moves through the hunks, then rings at the last. */
  for (guint i = 1; i < rd_change_view_get_n_hunks (fixture->view); i++)
    g_assert_true (rd_change_view_move_to_change (fixture->view, TRUE));
  g_assert_false (rd_change_view_move_to_change (fixture->view, TRUE));
  g_assert_true (rd_change_view_get_n_hunks (fixture->view) < 2 ||
                 rd_change_view_move_to_change (fixture->view, FALSE));

  /* Ctrl+↓: the next task in the table; its change was prefetched. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.move-task", "i", 1);
  second = rd_change_view_get_change (fixture->view);
  g_assert_true (second != first);
  g_assert_true (gtk_selection_model_is_selected (fixture->selection, position + 1));
  WAIT_UNTIL (rd_task_change_is_loaded (rd_change_view_get_change (fixture->view)));

  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.move-task", "i", -1);
  g_assert_true (rd_change_view_get_change (fixture->view) == first);
}

/* Ctrl+↓ and Ctrl+↑ (j, k) with a filter that matches nothing: no task to go to (the table's
 * rows are held behind "No tasks match", see rd-tasks-selection.c, and none of them is a
 * task), the pane keeps its change; with the filter cleared, the next task is the first. */
static void
test_move_task_with_nothing_matching (Fixture       *fixture,
                                      gconstpointer  data)
{
  RdTasksView *tasks_view;
  GListModel *visible;
  GtkEditable *entry;
  RdTaskChange *shown;
  g_autoptr(GtkBitset) selected = NULL;

  SKIP_WITHOUT_DISPLAY ();

  tasks_view = rd_window_get_tasks_view (fixture->window);
  visible = rd_tasks_view_get_visible_model (tasks_view);
  shown = select_and_wait (fixture, find_task (fixture, "dws_订单_日汇总"));
  g_assert_nonnull (shown);
  entry = GTK_EDITABLE (rd_test_find_widget (GTK_WIDGET (tasks_view), GTK_TYPE_SEARCH_ENTRY,
                                             NULL, NULL));
  gtk_editable_set_text (entry, "no-such-task");
  WAIT_UNTIL (g_list_model_get_n_items (visible) == 0);

  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.move-task", "i", 1);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.move-task", "i", -1);
  selected = gtk_selection_model_get_selection (fixture->selection);
  g_assert_true (gtk_bitset_is_empty (selected));
  g_assert_true (rd_change_view_get_change (fixture->view) == shown);

  gtk_editable_set_text (entry, "");
  WAIT_UNTIL (g_list_model_get_n_items (visible) > 1);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.move-task", "i", 1);
  g_assert_true (gtk_selection_model_is_selected (fixture->selection, 0));
  g_clear_pointer (&selected, gtk_bitset_unref);
  selected = gtk_selection_model_get_selection (fixture->selection);
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  /* The pane shows the first task's change, loaded (and nothing is left loading when the
   * window closes). */
  {
    g_autoptr(RdTask) first = g_list_model_get_item (visible, 0);
    RdTaskChange *change = rd_change_view_get_change (fixture->view);

    g_assert_nonnull (change);
    g_assert_true (rd_task_change_get_task (change) == first);
    WAIT_UNTIL (rd_task_change_is_loaded (change));
  }
}

typedef struct
{
  RdTask    *task;
} RowOf;

/* A cell of @data's task whose row is in the table's visible part. */
static gboolean
is_cell_shown_of (GtkWidget    *widget,
                  gconstpointer data)
{
  const RowOf *row = data;
  GtkWidget *parent = gtk_widget_get_parent (widget);
  graphene_rect_t bounds, visible;
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);

  if (!GTK_IS_INSCRIPTION (widget) || parent == NULL || !gtk_widget_get_mapped (widget) ||
      g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)),
                 rd_task_get_item_name (row->task)) != 0)
    return FALSE;
  if (scrolled == NULL || !gtk_widget_compute_bounds (widget, scrolled, &bounds) ||
      !gtk_widget_compute_bounds (scrolled, scrolled, &visible))
    return FALSE;

  /* Mapped is not yet laid out (slow under valgrind): everything is at 0, 0 then. */
  return visible.size.height > 0 && bounds.size.height > 0 &&
         bounds.origin.y >= visible.origin.y &&
         bounds.origin.y + bounds.size.height <= visible.origin.y + visible.size.height;
}

/* Ctrl+↓ down to the last task: the table follows, its row comes into view, and the keys
 * stay in the pane. */
static void
test_move_task_scrolls_table (Fixture       *fixture,
                              gconstpointer  data)
{
  GListModel *model;
  GtkWidget *tasks_view;
  g_autoptr(RdTask) last = NULL;
  g_autoptr(RdTask) first = NULL;
  RowOf row, first_row;
  guint n;

  SKIP_WITHOUT_DISPLAY ();

  model = rd_tasks_view_get_visible_model (rd_window_get_tasks_view (fixture->window));
  n = g_list_model_get_n_items (model);
  tasks_view = GTK_WIDGET (rd_window_get_tasks_view (fixture->window));
  last = g_list_model_get_item (model, n - 1);
  row = (RowOf) { last };

  select_and_wait (fixture, 0);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->view));
  /* Laid out (the first row in view: slow under valgrind), the demo's review package is
   * longer than the table is tall. */
  first = g_list_model_get_item (model, 0);
  first_row = (RowOf) { first };
  WAIT_UNTIL (rd_test_find_widget (tasks_view, GTK_TYPE_INSCRIPTION, is_cell_shown_of,
                                   &first_row) != NULL);
  g_assert_null (rd_test_find_widget (tasks_view, GTK_TYPE_INSCRIPTION, is_cell_shown_of, &row));

  for (guint i = 1; i < n; i++)
    gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.move-task", "i", 1);
  g_assert_true (gtk_selection_model_is_selected (fixture->selection, n - 1));
  WAIT_UNTIL (rd_test_find_widget (tasks_view, GTK_TYPE_INSCRIPTION, is_cell_shown_of,
                                   &row) != NULL);
  /* GTK moves a hidden page's focus a frame later: wait for the change and a few frames. */
  WAIT_UNTIL (rd_task_change_is_loaded (rd_change_view_get_change (fixture->view)));
  rd_test_run_for (300);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                         GTK_WIDGET (fixture->view)) ||
                 gtk_root_get_focus (GTK_ROOT (fixture->window)) ==
                   GTK_WIDGET (fixture->view));
}

/* Enter (or a double click) on a row: its change, with the keyboard focus in the pane. */
static void
test_activate_focuses_pane (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkColumnView *column_view;
  GtkWidget *focus;
  guint position;

  SKIP_WITHOUT_DISPLAY ();

  column_view = rd_tasks_view_get_column_view (rd_window_get_tasks_view (fixture->window));

  /* Enter at once on a task not fetched yet (Down, Enter): the focus waits in the pane and
   * goes to the text once it is there. The first task selected, so that no prefetch of an
   * earlier selection can have fetched it already. */
  position = find_task (fixture, "销售日报.汇总");
  gtk_selection_model_select_item (fixture->selection, position, TRUE);
  g_assert_false (rd_task_change_is_loaded (rd_change_view_get_change (fixture->view)));
  g_signal_emit_by_name (column_view, "activate", position);
  WAIT_UNTIL (rd_task_change_is_loaded (rd_change_view_get_change (fixture->view)));
  rd_test_run_for (100);
  focus = gtk_window_get_focus (GTK_WINDOW (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (GTK_SOURCE_IS_VIEW (focus));

  /* Enter on a task already shown: the focus goes to its text at once. (It is the row above:
   * selecting the task above prefetches only the rows below it.) */
  position = find_task (fixture, "dq_订单_完整性校验");
  gtk_selection_model_select_item (fixture->selection, position, TRUE);
  WAIT_UNTIL (rd_task_change_is_loaded (rd_change_view_get_change (fixture->view)));
  gtk_widget_grab_focus (GTK_WIDGET (column_view));
  g_signal_emit_by_name (column_view, "activate", position);

  focus = gtk_window_get_focus (GTK_WINDOW (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (fixture->view)));
  g_assert_true (GTK_SOURCE_IS_VIEW (focus));

  /* Enter on a row that has the focus but not the selection (Down from the filter entry):
   * selected, so that j goes on to the next task, not to the first. */
  gtk_selection_model_unselect_all (fixture->selection);
  position = find_task (fixture, "dws_订单_日汇总");
  g_signal_emit_by_name (column_view, "activate", position);
  g_assert_true (gtk_selection_model_is_selected (fixture->selection, position));
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.move-task", "i", 1);
  g_assert_true (gtk_selection_model_is_selected (fixture->selection, position + 1));
}

static void
test_side_by_side_and_whitespace (Fixture       *fixture,
                                  gconstpointer  data)
{
  RdTaskChange *change;
  guint hunks;

  SKIP_WITHOUT_DISPLAY ();

  change = select_and_wait (fixture, find_task (fixture, "dq_订单_完整性校验"));
  hunks = rd_change_view_get_n_hunks (fixture->view);
  g_assert_cmpuint (hunks, >, 0);

  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.side-by-side", NULL);
  g_assert_true (rd_change_view_get_side_by_side (fixture->view));
  g_assert_cmpuint (rd_change_view_get_n_hunks (fixture->view), ==, hunks);

  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.ignore-whitespace", NULL);
  g_assert_true (rd_change_view_get_ignore_whitespace (fixture->view));
  WAIT_UNTIL (rd_task_change_is_loaded (change) &&
              rd_diff_get_flags (rd_task_change_get_diff (change)) == RD_DIFF_IGNORE_WHITESPACE);
}

static void
test_copy_change (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *copied = NULL;

  SKIP_WITHOUT_DISPLAY ();

  select_and_wait (fixture, find_task (fixture, "dws_订单_日汇总"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.copy", NULL);
  copied = rd_test_read_clipboard (GTK_WIDGET (fixture->view));

  g_assert_nonnull (strstr (copied, "--- a/"));
  g_assert_nonnull (strstr (copied, "+++ b/"));
  g_assert_nonnull (strstr (copied, "dws_订单_日汇总@v"));
}

static void
test_deleted_job_not_available (Fixture       *fixture,
                                gconstpointer  data)
{
  RdTaskChange *change;

  SKIP_WITHOUT_DISPLAY ();

  change = select_and_wait (fixture, find_task (fixture, "ads_订单_异常监控"));
  g_assert_cmpint (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_OLD), ==,
                   RD_SIDE_FAILED);
  g_assert_nonnull (rd_test_find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_WIDGET,
                                         rd_test_widget_shows_text, "Content Not Available"));
}

/* What Space on the pane's text does: its shortcut, found among the text view's controllers and
 * activated as GTK would (no key event can be made up in a test). */
static void
press_space_on_text (Fixture *fixture)
{
  GtkWidget *text = rd_test_find_widget (GTK_WIDGET (fixture->view), GTK_SOURCE_TYPE_VIEW,
                                         NULL, NULL);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (text);
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_space &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                           text, NULL));
              found = TRUE;
              break;
            }
        }
    }
  g_assert_true (found);
}

static void
test_reviewed_marks (Fixture       *fixture,
                     gconstpointer  data)
{
  GListModel *model;
  guint n, first, second;
  g_autofree char *progress = NULL;
  AdwMessageDialog *dialog;
  const char *body;

  SKIP_WITHOUT_DISPLAY ();

  model = rd_tasks_view_get_visible_model (rd_window_get_tasks_view (fixture->window));
  n = g_list_model_get_n_items (model);
  first = find_task (fixture, "dws_订单_日汇总");
  second = find_task (fixture, "dq_订单_完整性校验");

  /* The pane's toggle. */
  select_and_wait (fixture, first);
  g_assert_false (rd_change_view_get_reviewed (fixture->view));
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.reviewed", NULL);
  g_assert_true (rd_change_view_get_reviewed (fixture->view));
  progress = g_strdup_printf ("1 of %u reviewed", n);
  g_assert_nonnull (rd_test_find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_LABEL,
                                         rd_test_widget_has_text, progress));

  /* Kept: the task shown again (another selected in between) is still marked. */
  select_and_wait (fixture, second);
  g_assert_false (rd_change_view_get_reviewed (fixture->view));
  select_and_wait (fixture, first);
  g_assert_true (rd_change_view_get_reviewed (fixture->view));

  /* Release… says how many are not marked, and still offers to release. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.release", NULL);
  WAIT_UNTIL ((dialog = rd_test_find_message_dialog ()) != NULL);
  body = adw_message_dialog_get_body (dialog);
  g_clear_pointer (&progress, g_free);
  progress = g_strdup_printf ("%u of %u tasks are not marked as reviewed.", n - 1, n);
  g_assert_nonnull (strstr (body, progress));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Unmarked again for the next test's window (the marks are the app's): with Space on the
   * text, as a reader of the change would. */
  press_space_on_text (fixture);
  g_assert_false (rd_change_view_get_reviewed (fixture->view));
}

static gboolean
is_review_check (GtkWidget    *widget,
                 gconstpointer data)
{
  /* Shown in its cell (the row may be below the table's fold: not mapped). */
  return GTK_IS_IMAGE (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), "object-select-symbolic") == 0;
}

/* The table's Review column: "+N −M" once a task's change is diffed, a check once it is
 * marked, and a sort by it follows both: reviewed tasks after the others, then by size. */
static void
test_review_column (Fixture       *fixture,
                    gconstpointer  data)
{
  RdTasksView *tasks_view;
  GtkColumnViewColumn *column;
  GListModel *model;
  RdTaskChange *change;
  RdDiff *diff;
  RdTask *big, *small;
  g_autofree char *size = NULL;
  g_autoptr(RdTask) first = NULL;

  SKIP_WITHOUT_DISPLAY ();

  tasks_view = rd_window_get_tasks_view (fixture->window);
  model = rd_tasks_view_get_visible_model (rd_window_get_tasks_view (fixture->window));

  /* The SQL script's big change, then the shell script's small one. */
  change = select_and_wait (fixture, find_task (fixture, "dws_订单_日汇总"));
  diff = rd_task_change_get_diff (change);
  big = rd_task_change_get_task (change);
  g_assert_nonnull (diff);
  size = g_strdup_printf ("+%u \u2212%u", rd_diff_get_n_added (diff),
                          rd_diff_get_n_removed (diff));
  g_assert_cmpint (rd_task_get_lines_added (big), ==, (int) rd_diff_get_n_added (diff));
  WAIT_UNTIL (rd_test_find_widget (GTK_WIDGET (tasks_view), GTK_TYPE_INSCRIPTION,
                                   rd_test_widget_shows_text, size) != NULL);
  g_assert_null (rd_test_find_widget (GTK_WIDGET (tasks_view), GTK_TYPE_IMAGE,
                                      is_review_check, NULL));

  change = select_and_wait (fixture, find_task (fixture, "dq_订单_完整性校验"));
  small = rd_task_change_get_task (change);
  g_assert_cmpint (rd_task_get_lines_added (small) + rd_task_get_lines_removed (small), <,
                   rd_task_get_lines_added (big) + rd_task_get_lines_removed (big));

  /* Marked: the row shows the check. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.reviewed", NULL);
  g_assert_true (rd_task_get_reviewed (small));
  WAIT_UNTIL (rd_test_find_widget (GTK_WIDGET (tasks_view), GTK_TYPE_IMAGE,
                                   is_review_check, NULL) != NULL);

  /* Sorted by Review, descending: the reviewed task first... */
  column = rd_tasks_view_get_column (tasks_view, RD_TASK_COLUMN_REVIEW);
  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (tasks_view), column,
                                  GTK_SORT_DESCENDING);
  first = g_list_model_get_item (model, 0);
  g_assert_true (first == small);

  /* ...and unmarked (the marks are the app's, shared with the next test's window), the
   * check goes and a bigger change comes first: the table is in the column's order. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.reviewed", NULL);
  g_assert_false (rd_task_get_reviewed (small));
  WAIT_UNTIL (rd_test_find_widget (GTK_WIDGET (tasks_view), GTK_TYPE_IMAGE,
                                   is_review_check, NULL) == NULL);
  g_clear_object (&first);
  first = g_list_model_get_item (model, 0);
  g_assert_false (first == small);
  for (guint i = 0; i + 1 < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RdTask) a = g_list_model_get_item (model, i);
      g_autoptr(RdTask) b = g_list_model_get_item (model, i + 1);

      g_assert_cmpint (rd_task_column_get_info (RD_TASK_COLUMN_REVIEW)->compare (a, b), >=, 0);
    }
}

static void
test_export_patch (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;

  SKIP_WITHOUT_DISPLAY ();

  dir = g_dir_make_tmp ("rd-patch-XXXXXX", NULL);
  path = g_build_filename (dir, "package-7.patch", NULL);
  file = g_file_new_for_path (path);
  rd_window_export_changes_to_file (fixture->window, file);

  WAIT_UNTIL (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "--- a/scripts/dws_订单_日汇总@v3"));
  g_assert_nonnull (strstr (contents, "+++ b/scripts/dws_订单_日汇总@v4"));
  /* Only the file: nothing half-written beside it. */
  rd_test_assert_only_file (dir, path, contents);
  rd_test_remove_tree (dir);
}

/* The pane's scheme is the theme's Adwaita one without the error underline: a hunk's grammar
 * starts mid-construct, and the JSON of a job had its valid "}," underlined in red. */
static void
assert_scheme_without_errors (GtkSourceBuffer *buffer,
                              const char      *id)
{
  GtkSourceStyleScheme *scheme = gtk_source_buffer_get_style_scheme (buffer);
  GtkSourceStyle *error_style;
  PangoUnderline underline = PANGO_UNDERLINE_ERROR;

  g_assert_nonnull (scheme);
  g_assert_cmpstr (gtk_source_style_scheme_get_id (scheme), ==, id);
  /* The rest comes from Adwaita. */
  g_assert_nonnull (gtk_source_style_scheme_get_style (scheme, "def:string"));
  error_style = gtk_source_style_scheme_get_style (scheme, "def:error");
  g_assert_nonnull (error_style);
  g_object_get (error_style, "pango-underline", &underline, NULL);
  g_assert_cmpint (underline, ==, PANGO_UNDERLINE_NONE);
}

static gboolean
buffer_has_scheme (GtkSourceBuffer *buffer,
                   const char      *id)
{
  GtkSourceStyleScheme *scheme = gtk_source_buffer_get_style_scheme (buffer);

  return scheme != NULL && g_strcmp0 (gtk_source_style_scheme_get_id (scheme), id) == 0;
}

static void
test_job_json_without_error_marks (Fixture       *fixture,
                                   gconstpointer  data)
{
  AdwStyleManager *style_manager;
  RdTaskChange *change;
  GtkWidget *text;
  GtkSourceBuffer *buffer;

  SKIP_WITHOUT_DISPLAY ();

  style_manager = adw_style_manager_get_default ();
  change = select_and_wait (fixture, find_task (fixture, "dws_订单_日汇总"));
  g_assert_cmpstr (rd_task_change_get_language_id (change), ==, "json");
  text = rd_test_find_widget (GTK_WIDGET (fixture->view), GTK_SOURCE_TYPE_VIEW, NULL, NULL);
  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text)));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (buffer)), ==,
                   "json");
  assert_scheme_without_errors (buffer, "releasedesk-diff");

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  text = rd_test_find_widget (GTK_WIDGET (fixture->view), GTK_SOURCE_TYPE_VIEW, NULL, NULL);
  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text)));
  WAIT_UNTIL (buffer_has_scheme (buffer, "releasedesk-diff-dark"));
  assert_scheme_without_errors (buffer, "releasedesk-diff-dark");
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
}

/* The pages kept for a change keep their hunks when a message is shown in between (a shared
 * array of them was emptied by a change without a diff: Alt+↓ then did nothing). */
static void
test_hunks_kept_after_message (Fixture       *fixture,
                               gconstpointer  data)
{
  guint job, hunks;

  SKIP_WITHOUT_DISPLAY ();

  job = find_task (fixture, "dws_订单_日汇总");
  select_and_wait (fixture, job);
  hunks = rd_change_view_get_n_hunks (fixture->view);
  g_assert_cmpuint (hunks, >, 1);

  /* A resource: no diff, a message. */
  select_and_wait (fixture, find_task (fixture, "udf_订单号脱敏.jar"));
  g_assert_cmpuint (rd_change_view_get_n_hunks (fixture->view), ==, 0);
  g_assert_false (rd_change_view_move_to_change (fixture->view, TRUE));

  select_and_wait (fixture, job);
  g_assert_cmpuint (rd_change_view_get_n_hunks (fixture->view), ==, hunks);
  g_assert_true (rd_change_view_move_to_change (fixture->view, TRUE));
}

/* A resource has no versions: its metadata as it is now, in one column, not as a change from
 * nothing ("Deployed —" beside green values read as "not deployed"). */
static void
test_resource_shows_current_metadata (Fixture       *fixture,
                                      gconstpointer  data)
{
  GtkWidget *value;

  SKIP_WITHOUT_DISPLAY ();

  select_and_wait (fixture, find_task (fixture, "udf_订单号脱敏.jar"));
  g_assert_nonnull (rd_test_find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_LABEL,
                                         is_label_with_text, "Current"));
  g_assert_null (rd_test_find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_LABEL,
                                      is_label_with_text, "Deployed"));
  g_assert_null (rd_test_find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_LABEL,
                                      is_label_with_text, "Pending"));
  value = rd_test_find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_LABEL, is_label_with_text,
                               "/资源/UDF");
  g_assert_nonnull (value);
  g_assert_false (gtk_widget_has_css_class (value, "success"));

  /* A script's settings are still a change. */
  select_and_wait (fixture, find_task (fixture, "销售日报.汇总"));
  g_assert_nonnull (rd_test_find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_LABEL,
                                         is_label_with_text, "Deployed"));
  g_assert_null (rd_test_find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_LABEL,
                                      is_label_with_text, "Current"));
}

/* A script of @n lines; @changed: its next version, the first @all lines changed, then every
 * second one. */
static char *
large_script_json (guint    n,
                   guint    all,
                   gboolean changed)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      gboolean edit = changed && (i < all || i % 2 == 0);

      g_string_append_printf (text, "SELECT id, amount FROM dws.orders_%u WHERE dt = '%s';\n", i,
                              edit ? "${yesterday}" : "${bizdate}");
    }

  return rd_test_script_json ("HiveSQL", text->str);
}

static gboolean
line_has_tag (GtkTextBuffer *buffer,
              int            line,
              int            index,
              const char    *name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line_index (buffer, &iter, line, index);

  return gtk_text_iter_has_tag (&iter, tag);
}

/* A diff too large to insert at once is filled a slice at a time (the spinner meanwhile), and
 * ends up as the small ones: the same text, each line's tag, each changed word's. */
static void
test_large_diff_filled_in_slices (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *old_json = large_script_json (5000, 3000, FALSE);
  g_autofree char *new_json = large_script_json (5000, 3000, TRUE);
  RdTaskChange *change;
  RdDiff *diff;
  GtkWidget *text_view;
  GtkTextBuffer *buffer;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *shown = NULL;
  int line = 0;

  SKIP_WITHOUT_DISPLAY ();

  rd_demo_service_add_script_version (fixture->service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                      "large", 1, old_json);
  rd_demo_service_add_script_version (fixture->service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                      "large", 2, new_json);
  rd_demo_service_add_package (fixture->service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                               "large", "{\"release_package\":{\"package_id\":\"large\","
                               "\"deploy_status\":1},\"task_details\":[{\"task_type\":2,"
                               "\"update_type\":2,\"item_name\":\"large\","
                               "\"pending_item_id\":\"1\",\"deployed_version\":1,"
                               "\"pending_version\":2}]}");
  fixture->finished = FALSE;
  g_assert_true (rd_window_lookup (fixture->window, RD_DEMO_PROJECT_ID, NULL, "large"));
  WAIT_UNTIL (fixture->finished);

  change = select_and_wait (fixture, 0);
  diff = rd_task_change_get_diff (change);
  g_assert_nonnull (diff);
  g_assert_cmpuint (rd_diff_get_n_lines (diff), >, 6000);
  /* Loaded, and still being filled: no text shown yet. */
  g_assert_cmpuint (rd_change_view_get_n_hunks (fixture->view), ==, 0);
  g_assert_false (rd_change_view_move_to_change (fixture->view, TRUE));
  WAIT_UNTIL (rd_change_view_get_n_hunks (fixture->view) == rd_diff_get_n_hunks (diff));

  text_view = rd_test_find_widget (GTK_WIDGET (fixture->view), GTK_SOURCE_TYPE_VIEW, NULL, NULL);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));

  for (guint h = 0; h < rd_diff_get_n_hunks (diff); h++)
    {
      const RdDiffHunk *hunk = rd_diff_get_hunk (diff, h);

      g_string_append_printf (expected, "%s@@ −%d,%d +%d,%d @@", h > 0 ? "\n" : "",
                              hunk->old_start, hunk->old_lines, hunk->new_start,
                              hunk->new_lines);
      g_assert_true (line_has_tag (buffer, line, 0, "hunk"));
      line++;

      for (guint i = hunk->first_line; i < hunk->first_line + hunk->n_lines; i++, line++)
        {
          const RdDiffLine *diff_line = rd_diff_get_line (diff, i);
          gboolean added = diff_line->origin == RD_DIFF_LINE_ADDED;
          gboolean removed = diff_line->origin == RD_DIFF_LINE_REMOVED;
          guint start, end;

          g_string_append_c (expected, '\n');
          g_string_append_len (expected, diff_line->content, diff_line->content_len);
          g_assert_cmpint (line_has_tag (buffer, line, 0, "added"), ==, added);
          g_assert_cmpint (line_has_tag (buffer, line, 0, "removed"), ==, removed);
          g_assert_false (line_has_tag (buffer, line, 0, "hunk"));

          if ((added || removed) && rd_diff_line_get_changed_range (diff_line, &start, &end))
            {
              const char *word = added ? "added-word" : "removed-word";

              g_assert_cmpuint (start, >, 0);
              g_assert_false (line_has_tag (buffer, line, (int)start - 1, word));
              g_assert_true (line_has_tag (buffer, line, (int)start, word));
              g_assert_true (line_has_tag (buffer, line, (int)end - 1, word));
              g_assert_false (line_has_tag (buffer, line, (int)end, word));
            }
        }
    }

  shown = rd_change_view_dup_text (fixture->view);
  g_assert_cmpstr (shown, ==, expected->str);

  /* Side by side: two pages filled a slice at a time, then shown; back: the unified page was
   * kept, and shows at once. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.side-by-side", NULL);
  g_assert_true (rd_change_view_get_side_by_side (fixture->view));
  g_assert_cmpuint (rd_change_view_get_n_hunks (fixture->view), ==, 0);
  WAIT_UNTIL (rd_change_view_get_n_hunks (fixture->view) == rd_diff_get_n_hunks (diff));
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "change.side-by-side", NULL);
  g_assert_cmpuint (rd_change_view_get_n_hunks (fixture->view), ==, rd_diff_get_n_hunks (diff));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);

  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

#define ADD(path, func) \
  g_test_add ("/changes-window/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("select-shows-change", test_select_shows_change);
  ADD ("next-change-and-task", test_next_change_and_task);
  ADD ("move-task-scrolls-table", test_move_task_scrolls_table);
  ADD ("move-task-with-nothing-matching", test_move_task_with_nothing_matching);
  ADD ("activate-focuses-pane", test_activate_focuses_pane);
  ADD ("side-by-side-and-whitespace", test_side_by_side_and_whitespace);
  ADD ("copy-change", test_copy_change);
  ADD ("deleted-job-not-available", test_deleted_job_not_available);
  ADD ("reviewed-marks", test_reviewed_marks);
  ADD ("review-column", test_review_column);
  ADD ("export-patch", test_export_patch);
  ADD ("job-json-without-error-marks", test_job_json_without_error_marks);
  ADD ("hunks-kept-after-message", test_hunks_kept_after_message);
  ADD ("large-diff-filled-in-slices", test_large_diff_filled_in_slices);
  ADD ("resource-shows-current-metadata", test_resource_shows_current_metadata);

  return g_test_run ();
}
