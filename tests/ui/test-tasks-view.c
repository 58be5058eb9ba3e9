/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tasks-view.c: the tasks view in a real window: sorting, filtering, empty states, copies. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <gtk/gtk.h>

#include "rd-demo-testing.h"
#include "rd-enums.h"
#include "rd-parser.h"
#include "rd-task-format.h"
#include "rd-tasks-model.h"
#include "rd-test-util.h"
#include "rd-tasks-view.h"
#include "rd-test-window.h"
#include "screen-rows.h"
#include "valgrind-util.h"

#define N_TASKS 240
/* A guard against a hang, longer under valgrind. */
#define WAIT_SECONDS (10 * rd_test_slowdown ())

static gboolean have_display;

/* Waiting without sleeping: iterate the main context until a condition holds. */

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition condition,
          gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (20, wake_up, NULL);
  gboolean held;

  while (!(held = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake_id);

  return held;
}

/* A generated package: unique names (some Chinese), numeric release task IDs
 * of different lengths, job IDs on two tasks in three, script IDs on scripts,
 * every status including an unknown one, and a few absent timestamps.
 * Every twentieth task (12 of 240) is submitted by "release-auditor". */

static const char * const name_stems[] = {
  "ads_supplier_inventory_info", "dws_订单_汇总", "ods_user_profile", "dim_商品_维表",
  "dwd_payment_detail", "Report_Daily_Sales", "库存日报", "etl_clean_logs",
};

static const char * const users[] = { "zhang.wei", "李娜", "ops_bot", "Wang Fang" };

static char *
generate_package_json (guint n_tasks,
                       guint salt)
{
  g_autoptr(GString) json = g_string_new (NULL);

  g_string_append_printf (json,
                          "{\"release_package\": {\"package_id\": \"%u\","
                          " \"package_name\": \"generated\", \"deploy_status\": 1},"
                          " \"task_details\": [",
                          salt);

  for (guint i = 0; i < n_tasks; i++)
    {
      guint perm = (i * 37 + 11 + salt) % n_tasks;
      int task_type = 1 + i % 3;
      int deploy_status = (int[]) { 1, 2, 3, 5, 7 }[i % 5];
      const char *stem = name_stems[(i * 7) % G_N_ELEMENTS (name_stems)];
      g_autofree char *name = g_strdup_printf ("%s_%04u", stem, perm);
      g_autofree char *script_id = g_compute_checksum_for_string (G_CHECKSUM_MD5, name, -1);
      const char *user = (i % 20 == 7) ? "release-auditor" : users[i % G_N_ELEMENTS (users)];

      if (i > 0)
        g_string_append_c (json, ',');

      g_string_append_printf (json, "{\"item_name\": \"%s\"", name);
      if (i < 5)
        g_string_append_printf (json, ", \"pending_item_id\": \"%u\"", i + 1);
      else
        g_string_append_printf (json, ", \"pending_item_id\": \"%u\"", 1000 + (i * 53) % n_tasks);
      if (i % 3 != 0)
        g_string_append_printf (json, ", \"task_id\": \"job-%06u\"", (i * 7919) % 1000000);
      if (task_type == 2)
        g_string_append_printf (json, ", \"script_id\": \"%s\"", script_id);
      g_string_append_printf (json,
                              ", \"task_type\": %d, \"update_type\": %u, \"deploy_status\": %d",
                              task_type, 1 + (i / 3) % 3, deploy_status);
      if (i % 4 != 0)
        g_string_append_printf (json, ", \"start_job_status\": %d", 2 + i % 2);
      g_string_append_printf (json, ", \"deployed_version\": %u, \"pending_version\": %u",
                              i % 2, i % 2 + 1);
      if (i % 50 != 49)
        g_string_append_printf (json, ", \"submit_timestamp\": %" G_GINT64_FORMAT,
                                G_GINT64_CONSTANT (1763618585000) -
                                (gint64) ((i * 7727) % 100000) * 60000 + i);
      g_string_append_printf (json,
                              ", \"submit_user_id\": \"uid-%u\", \"submit_user_name\": \"%s\"}",
                              i % 4, user);
    }

  g_string_append (json, "]}");

  return g_string_free (g_steal_pointer (&json), FALSE);
}

static RdReleasePackage *
new_generated_package (guint n_tasks,
                       guint salt)
{
  g_autofree char *json = generate_package_json (n_tasks, salt);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&json), strlen (json));
  g_autoptr(GError) error = NULL;
  RdReleasePackage *package;

  package = rd_parse_package_detail (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (package);
  g_assert_cmpuint (g_list_model_get_n_items (rd_release_package_get_tasks (package)), ==, n_tasks);

  return package;
}

/* The fixture: the view alone in a real window. */

typedef struct
{
  GtkWindow        *window;
  RdTasksView      *view;
  RdReleasePackage *package;
  guint             n_toasts;
  char             *last_toast;
} Fixture;

static void
on_toast (RdTasksView *view,
          const char  *message,
          Fixture     *f)
{
  f->n_toasts++;
  g_free (f->last_toast);
  f->last_toast = g_strdup (message);
}

/* Whether the menu item labelled @label ("Copy _Job ID") is shown in @popover. */
static gboolean
menu_item_is_shown (GtkWidget  *widget,
                    const char *label)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), label) == 0)
    return gtk_widget_is_visible (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (menu_item_is_shown (child, label))
      return TRUE;

  return FALSE;
}

static gboolean
shows_inscription_text (GtkWidget  *widget,
                        const char *text)
{
  return rd_test_find_widget (widget, GTK_TYPE_INSCRIPTION, rd_test_widget_shows_text, text)
         != NULL;
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} ShowsText;

static gboolean
view_shows_text (gpointer data)
{
  ShowsText *shows = data;

  return shows_inscription_text (shows->widget, shows->text);
}

static gboolean
fixture_set_up (Fixture *f,
                guint    n_tasks)
{
  memset (f, 0, sizeof *f);

  if (!have_display)
    {
      g_test_skip ("no display (run under xvfb-run)");
      return FALSE;
    }

  f->view = RD_TASKS_VIEW (rd_tasks_view_new ());
  g_signal_connect (f->view, "toast", G_CALLBACK (on_toast), f);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1600, 700);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);

  if (n_tasks > 0)
    {
      f->package = new_generated_package (n_tasks, 0);
      rd_tasks_view_set_package (f->view, f->package);
    }

  return TRUE;
}

static void
fixture_tear_down (Fixture *f)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  g_clear_object (&f->package);
  g_clear_pointer (&f->last_toast, g_free);

  /* Let the window's destruction finish before the next test. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static const char *
get_stack_page (Fixture *f)
{
  GtkWidget *stack = rd_test_find_widget (GTK_WIDGET (f->view), GTK_TYPE_STACK, NULL, NULL);

  g_assert_nonnull (stack);
  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static AdwStatusPage *
get_visible_status_page (Fixture *f)
{
  GtkWidget *stack = rd_test_find_widget (GTK_WIDGET (f->view), GTK_TYPE_STACK, NULL, NULL);
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (stack));

  g_assert_true (ADW_IS_STATUS_PAGE (page));
  return ADW_STATUS_PAGE (page);
}

static RdTask *
get_visible_task (Fixture *f,
                  guint    position)
{
  GListModel *visible = rd_tasks_view_get_visible_model (f->view);
  RdTask *task = g_list_model_get_item (visible, position);

  g_assert_nonnull (task);
  g_object_unref (task);   /* the view's models keep it */
  return task;
}

/* Typing into the search entry: the view filters after the entry's search delay. */

static guint count_matching (GListModel *tasks,
                             const char *query);

typedef struct
{
  RdTasksView *view;
  const char  *text;
  const char  *count;
} FilterApplied;

/* The count says @count and every row shown matches the text (the count
 * alone may not change from one filter to the next). */
static gboolean
filter_applied (gpointer data)
{
  FilterApplied *c = data;
  GListModel *visible = rd_tasks_view_get_visible_model (c->view);
  g_autofree char *query = g_strstrip (g_strdup (c->text));

  return g_strcmp0 (rd_tasks_view_get_count_text (c->view), c->count) == 0 &&
         count_matching (visible, query) == g_list_model_get_n_items (visible);
}

static void
type_filter (Fixture    *f,
             const char *text,
             const char *expected_count)
{
  GtkWidget *entry = rd_test_find_widget (GTK_WIDGET (f->view), GTK_TYPE_SEARCH_ENTRY, NULL, NULL);
  FilterApplied c = { f->view, text, expected_count };

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);

  if (!wait_for (filter_applied, &c))
    g_error ("after typing “%s”, the count says “%s”, expected “%s”",
             text, rd_tasks_view_get_count_text (f->view), expected_count);
}

/* The clipboard (read back with rd_test_read_clipboard ()). */

static void
set_clipboard_marker (Fixture *f)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (f->view)), "marker");
}

/* Sorted copies to compare the view's order with. */

typedef struct
{
  char  *key;
  char  *name;
} NameKey;

static int
compare_name_keys (gconstpointer a,
                   gconstpointer b)
{
  return strcmp (((const NameKey *) a)->key, ((const NameKey *) b)->key);
}

/* The names of @tasks ordered as GtkStringSorter (ignore-case) orders them. */
static GPtrArray *
dup_sorted_names (GListModel *tasks)
{
  guint n = g_list_model_get_n_items (tasks);
  g_autofree NameKey *keys = g_new0 (NameKey, n);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);
      g_autofree char *folded = g_utf8_casefold (rd_task_get_item_name (task), -1);

      keys[i].key = g_utf8_collate_key (folded, -1);
      keys[i].name = g_strdup (rd_task_get_item_name (task));
    }

  qsort (keys, n, sizeof (NameKey), compare_name_keys);

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (names, keys[i].name);
      g_free (keys[i].key);
    }

  return names;
}

static char *
join_ids_of_positions (Fixture     *f,
                       const guint *positions,
                       guint        n_positions)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_positions; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, rd_task_get_pending_item_id (get_visible_task (f, positions[i])));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The column view's own shortcuts: the action a key triggers there. */

static GtkShortcut *
find_column_view_shortcut (Fixture    *f,
                           const char *trigger_string)
{
  GtkWidget *column_view = GTK_WIDGET (rd_tasks_view_get_column_view (f->view));
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (trigger_string);

  g_assert_nonnull (wanted);
  return rd_test_find_shortcut (column_view, wanted);
}

/* What pressing @trigger_string in the list does: the shortcut's action,
 * activated on the column view as GTK would. */
static void
press_in_list (Fixture    *f,
               const char *trigger_string)
{
  GtkShortcut *shortcut = find_column_view_shortcut (f, trigger_string);

  g_assert_nonnull (shortcut);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                               GTK_WIDGET (rd_tasks_view_get_column_view (f->view)),
                                               NULL));
}

/* The tests */

static void
test_shows_all_tasks_and_the_count (void)
{
  Fixture f;
  ShowsText shows;

  if (!fixture_set_up (&f, N_TASKS))
    return;

  g_assert_cmpuint (g_list_model_get_n_items (rd_tasks_view_get_visible_model (f.view)), ==,
                    N_TASKS);
  g_assert_cmpstr (rd_tasks_view_get_count_text (f.view), ==, "240 tasks");
  g_assert_cmpstr (get_stack_page (&f), ==, "tasks");
  g_assert_true (rd_tasks_view_get_package (f.view) == f.package);

  /* The rows are really drawn: the first task's name is on screen. */
  shows.widget = GTK_WIDGET (f.view);
  shows.text = rd_task_get_item_name (get_visible_task (&f, 0));
  g_assert_true (wait_for (view_shows_text, &shows));

  /* The version cell shows "deployed → pending". */
  shows.text = "0 → 1";
  g_assert_true (wait_for (view_shows_text, &shows));

  fixture_tear_down (&f);
}

static void
test_columns_are_sortable_resizable_and_hideable (void)
{
  static const char * const titles[] = {
    "Name", "Type", "Change", "Review", "Status", "Job Start Status", "Version", "Submitter",
    "Submitted At", "Release Task ID", "Job ID", "Script ID",
  };
  Fixture f;
  GListModel *columns;
  guint position = 0;

  if (!fixture_set_up (&f, N_TASKS))
    return;

  columns = gtk_column_view_get_columns (rd_tasks_view_get_column_view (f.view));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, G_N_ELEMENTS (titles));

  /* The columns of the table that have a title, in its order. */
  for (guint i = 0; i < RD_TASK_N_COLUMNS; i++)
    {
      GtkColumnViewColumn *column = rd_tasks_view_get_column (f.view, i);
      g_autoptr(GtkColumnViewColumn) in_view = NULL;

      if (rd_task_column_get_title (i) == NULL)
        {
          g_assert_null (column);
          continue;
        }

      in_view = g_list_model_get_item (columns, position);
      g_assert_true (column == in_view);
      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, titles[position]);
      g_assert_nonnull (gtk_column_view_column_get_sorter (column));
      g_assert_nonnull (gtk_column_view_column_get_header_menu (column));
      g_assert_true (gtk_column_view_column_get_resizable (column));
      g_assert_true (gtk_column_view_column_get_visible (column));
      position++;
    }
  g_assert_cmpuint (position, ==, G_N_ELEMENTS (titles));

  fixture_tear_down (&f);
}

static void
test_header_menu_toggles_column_visibility (void)
{
  Fixture f;
  GtkColumnViewColumn *job_id;
  ShowsText shows;

  if (!fixture_set_up (&f, N_TASKS))
    return;

  job_id = rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_JOB_ID);

  /* Job IDs are on screen (the second task has one)... */
  shows.widget = GTK_WIDGET (f.view);
  shows.text = rd_task_get_task_id (get_visible_task (&f, 1));
  g_assert_nonnull (shows.text);
  g_assert_true (wait_for (view_shows_text, &shows));

  /* ...until the header menu's toggle hides the column. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "columns.show-job-id", NULL));
  g_assert_false (gtk_column_view_column_get_visible (job_id));
  g_assert_false (shows_inscription_text (GTK_WIDGET (f.view), shows.text));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "columns.show-job-id", NULL));
  g_assert_true (gtk_column_view_column_get_visible (job_id));
  g_assert_true (wait_for (view_shows_text, &shows));

  /* Setting the property directly works the same. */
  gtk_column_view_column_set_visible (job_id, FALSE);
  g_assert_false (gtk_column_view_column_get_visible (job_id));
  g_assert_false (shows_inscription_text (GTK_WIDGET (f.view), shows.text));

  fixture_tear_down (&f);
}

static void
test_sort_by_name_reorders_the_visible_model (void)
{
  Fixture f;
  GListModel *visible;
  g_autoptr(GPtrArray) sorted = NULL;

  if (!fixture_set_up (&f, N_TASKS))
    return;

  visible = rd_tasks_view_get_visible_model (f.view);
  sorted = dup_sorted_names (rd_release_package_get_tasks (f.package));

  /* The package order is not the sorted order, or the test proves nothing. */
  g_assert_cmpstr (rd_task_get_item_name (get_visible_task (&f, 0)), !=,
                   g_ptr_array_index (sorted, 0));

  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f.view),
                                  rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_NAME),
                                  GTK_SORT_ASCENDING);
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, N_TASKS);
  g_assert_cmpstr (rd_task_get_item_name (get_visible_task (&f, 0)), ==,
                   g_ptr_array_index (sorted, 0));
  g_assert_cmpstr (rd_task_get_item_name (get_visible_task (&f, N_TASKS - 1)), ==,
                   g_ptr_array_index (sorted, N_TASKS - 1));
  for (guint i = 0; i < N_TASKS; i++)
    g_assert_cmpstr (rd_task_get_item_name (get_visible_task (&f, i)), ==,
                     g_ptr_array_index (sorted, i));

  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f.view),
                                  rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_NAME),
                                  GTK_SORT_DESCENDING);
  g_assert_cmpstr (rd_task_get_item_name (get_visible_task (&f, 0)), ==,
                   g_ptr_array_index (sorted, N_TASKS - 1));
  g_assert_cmpstr (rd_task_get_item_name (get_visible_task (&f, N_TASKS - 1)), ==,
                   g_ptr_array_index (sorted, 0));
  for (guint i = 0; i < N_TASKS; i++)
    g_assert_cmpstr (rd_task_get_item_name (get_visible_task (&f, i)), ==,
                     g_ptr_array_index (sorted, N_TASKS - 1 - i));

  fixture_tear_down (&f);
}

static void
test_sort_by_submitted_at_orders_by_timestamp (void)
{
  Fixture f;
  GListModel *visible;
  gint64 minimum = G_MAXINT64;
  gint64 maximum = G_MININT64;

  if (!fixture_set_up (&f, N_TASKS))
    return;

  visible = rd_tasks_view_get_visible_model (f.view);
  for (guint i = 0; i < N_TASKS; i++)
    {
      gint64 ms = rd_task_get_submit_timestamp (get_visible_task (&f, i));
      minimum = MIN (minimum, ms);
      maximum = MAX (maximum, ms);
    }
  /* Absent timestamps (RD_VALUE_ABSENT) are in there too. */
  g_assert_cmpint (minimum, ==, RD_VALUE_ABSENT);

  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f.view),
                                  rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_SUBMITTED_AT),
                                  GTK_SORT_ASCENDING);
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, N_TASKS);
  g_assert_cmpint (rd_task_get_submit_timestamp (get_visible_task (&f, 0)), ==, minimum);
  g_assert_cmpint (rd_task_get_submit_timestamp (get_visible_task (&f, N_TASKS - 1)), ==, maximum);
  for (guint i = 1; i < N_TASKS; i++)
    g_assert_cmpint (rd_task_get_submit_timestamp (get_visible_task (&f, i - 1)), <=,
                     rd_task_get_submit_timestamp (get_visible_task (&f, i)));

  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f.view),
                                  rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_SUBMITTED_AT),
                                  GTK_SORT_DESCENDING);
  g_assert_cmpint (rd_task_get_submit_timestamp (get_visible_task (&f, 0)), ==, maximum);
  for (guint i = 1; i < N_TASKS; i++)
    g_assert_cmpint (rd_task_get_submit_timestamp (get_visible_task (&f, i - 1)), >=,
                     rd_task_get_submit_timestamp (get_visible_task (&f, i)));

  fixture_tear_down (&f);
}

static void
test_sort_by_release_task_id_is_numeric (void)
{
  Fixture f;

  if (!fixture_set_up (&f, N_TASKS))
    return;

  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f.view),
                                  rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_RELEASE_TASK_ID),
                                  GTK_SORT_ASCENDING);

  /* "1" … "5", then "1000" …: numbers, not text ("1000" < "2"). */
  g_assert_cmpstr (rd_task_get_pending_item_id (get_visible_task (&f, 0)), ==, "1");
  g_assert_cmpstr (rd_task_get_pending_item_id (get_visible_task (&f, 4)), ==, "5");
  for (guint i = 1; i < N_TASKS; i++)
    {
      const char *before = rd_task_get_pending_item_id (get_visible_task (&f, i - 1));
      const char *after = rd_task_get_pending_item_id (get_visible_task (&f, i));

      g_assert_cmpuint (g_ascii_strtoull (before, NULL, 10), <, g_ascii_strtoull (after, NULL, 10));
    }

  fixture_tear_down (&f);
}

/* The fields the filter reads, case-folded, one to a line (no field holds a
 * line break): made once per task, as the screen tests count 100,000 tasks
 * after each keystroke. */
static const char *
get_folded_fields (RdTask *task)
{
  static GQuark quark;
  char *folded;

  if (quark == 0)
    quark = g_quark_from_static_string ("test-tasks-view-folded-fields");

  folded = g_object_get_qdata (G_OBJECT (task), quark);
  if (folded == NULL)
    {
      const char *fields[] = {
        rd_task_get_item_name (task), rd_task_get_pending_item_id (task),
        rd_task_get_task_id (task), rd_task_get_script_id (task),
        rd_task_get_submit_user_name (task),
      };
      g_autoptr(GString) joined = g_string_new (NULL);

      for (guint j = 0; j < G_N_ELEMENTS (fields); j++)
        {
          g_autofree char *field = fields[j] != NULL ? g_utf8_casefold (fields[j], -1)
                                                     : g_strdup ("");

          g_string_append (joined, field);
          g_string_append_c (joined, '\n');
        }

      folded = g_string_free (g_steal_pointer (&joined), FALSE);
      g_object_set_qdata_full (G_OBJECT (task), quark, folded, g_free);
    }

  return folded;
}

static guint
count_matching (GListModel *tasks,
                const char *query)
{
  g_autofree char *needle = g_utf8_casefold (query, -1);
  guint n = g_list_model_get_n_items (tasks);
  guint count = 0;

  if (*needle == '\0')
    return n;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);

      if (strstr (get_folded_fields (task), needle) != NULL)
        count++;
    }

  return count;
}

typedef struct
{
  AdwStatusPage *page;
  const char    *title;
} TitleIs;

static gboolean
title_is (gpointer data)
{
  TitleIs *t = data;

  return g_strcmp0 (adw_status_page_get_title (t->page), t->title) == 0;
}

/* Real packages (≤ 1,000 tasks) filter in the frame after the keystroke: no search pause.
 * Bigger ones keep GtkSearchEntry's pause, so typing a word filters once. */
static void
test_filter_small_package_follows_keystrokes (void)
{
  Fixture f;
  GtkSearchEntry *entry;
  g_autoptr(RdReleasePackage) big = NULL;

  if (!fixture_set_up (&f, 100))
    return;

  entry = GTK_SEARCH_ENTRY (
      rd_test_find_widget (GTK_WIDGET (f.view), GTK_TYPE_SEARCH_ENTRY, NULL, NULL));
  g_assert_cmpuint (gtk_search_entry_get_search_delay (entry), ==, 0);
  type_filter (&f, "auditor", "5 of 100 tasks");

  big = new_generated_package (10000, 1);
  rd_tasks_view_set_package (f.view, big);
  g_assert_cmpuint (gtk_search_entry_get_search_delay (entry), ==, 150);

  fixture_tear_down (&f);
}

static void
test_filter_narrows_rows_and_the_count (void)
{
  Fixture f;
  TitleIs title;
  GListModel *visible;
  g_autofree char *id_count = NULL;
  RdTask *task;
  guint n_id_matches;

  if (!fixture_set_up (&f, N_TASKS))
    return;

  visible = rd_tasks_view_get_visible_model (f.view);

  /* The submitter, case-insensitively. */
  type_filter (&f, "AUDITOR", "12 of 240 tasks");
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 12);
  for (guint i = 0; i < 12; i++)
    g_assert_cmpstr (rd_task_get_submit_user_name (get_visible_task (&f, i)), ==,
                     "release-auditor");
  g_assert_cmpstr (get_stack_page (&f), ==, "tasks");

  /* A Chinese name part. */
  type_filter (&f, "订单", "30 of 240 tasks");
  g_assert_cmpuint (count_matching (rd_release_package_get_tasks (f.package), "订单"), ==, 30);
  for (guint i = 0; i < 30; i++)
    g_assert_nonnull (strstr (rd_task_get_item_name (get_visible_task (&f, i)), "订单"));

  /* A release task ID, a job ID and a script ID. */
  n_id_matches = count_matching (rd_release_package_get_tasks (f.package), "1017");
  id_count = g_strdup_printf ("%u of 240 tasks", n_id_matches);
  type_filter (&f, "1017", id_count);
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, n_id_matches);

  task = g_list_model_get_item (rd_release_package_get_tasks (f.package), 1);
  type_filter (&f, rd_task_get_task_id (task), "1 of 240 tasks");
  g_assert_true (get_visible_task (&f, 0) == task);
  g_object_unref (task);

  task = g_list_model_get_item (rd_release_package_get_tasks (f.package), 1);   /* task_type 2 */
  type_filter (&f, rd_task_get_script_id (task), "1 of 240 tasks");
  g_assert_true (get_visible_task (&f, 0) == task);
  g_object_unref (task);

  /* Surrounding blanks (a pasted ID) are ignored. */
  type_filter (&f, "  Auditor\n", "12 of 240 tasks");

  /* Nothing matches: the empty state names the text. */
  type_filter (&f, "no-such-task", "0 of 240 tasks");
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 0);
  g_assert_cmpstr (get_stack_page (&f), ==, "no-match");
  g_assert_cmpstr (adw_status_page_get_title (get_visible_status_page (&f)), ==,
                   "No tasks match “no-such-task”");

  /* From no match to no match: the title follows the text. */
  type_filter (&f, "no-such-taskx", "0 of 240 tasks");
  title.page = get_visible_status_page (&f);
  title.title = "No tasks match “no-such-taskx”";
  g_assert_true (wait_for (title_is, &title));

  /* Clearing the filter shows everything again. */
  type_filter (&f, "", "240 tasks");
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, N_TASKS);
  g_assert_cmpstr (get_stack_page (&f), ==, "tasks");

  fixture_tear_down (&f);
}

static gboolean
weak_pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* The view keeps its sort and search keys itself (the tasks carry no data
 * of the view's); showing another package lets the old tasks go. */
static void
test_keys_go_with_the_package (void)
{
  Fixture f;
  RdTask *old_task;

  if (!fixture_set_up (&f, N_TASKS))
    return;

  /* Search keys for every task, collation keys for every name. */
  type_filter (&f, "AUDITOR", "12 of 240 tasks");
  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f.view),
                                  rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_NAME),
                                  GTK_SORT_ASCENDING);
  old_task = get_visible_task (&f, 0);
  g_object_add_weak_pointer (G_OBJECT (old_task), (gpointer *) &old_task);

  g_clear_object (&f.package);
  f.package = new_generated_package (N_TASKS, 1);
  rd_tasks_view_set_package (f.view, f.package);
  type_filter (&f, "AUDITOR", "12 of 240 tasks");

  g_assert_true (wait_for (weak_pointer_cleared, &old_task));

  fixture_tear_down (&f);
}

static void
test_new_package_keeps_filter_and_sort (void)
{
  Fixture f;
  g_autoptr(RdReleasePackage) other = NULL;
  g_autoptr(GPtrArray) sorted = NULL;

  if (!fixture_set_up (&f, N_TASKS))
    return;

  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f.view),
                                  rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_NAME),
                                  GTK_SORT_ASCENDING);
  type_filter (&f, "auditor", "12 of 240 tasks");

  other = new_generated_package (100, 3);
  rd_tasks_view_set_package (f.view, other);
  g_assert_cmpstr (rd_tasks_view_get_count_text (f.view), ==, "5 of 100 tasks");

  sorted = dup_sorted_names (rd_tasks_view_get_visible_model (f.view));
  for (guint i = 0; i < 5; i++)
    g_assert_cmpstr (rd_task_get_item_name (get_visible_task (&f, i)), ==,
                     g_ptr_array_index (sorted, i));

  fixture_tear_down (&f);
}

static void
test_copy_selected_ids_in_shown_order (void)
{
  static const guint positions[] = { 2, 5, 7 };
  Fixture f;
  GtkSelectionModel *selection;
  g_autofree char *expected = NULL;
  g_autofree char *copied = NULL;

  if (!fixture_set_up (&f, N_TASKS))
    return;

  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f.view),
                                  rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_NAME),
                                  GTK_SORT_DESCENDING);

  selection = rd_tasks_view_get_selection (f.view);
  /* Selected out of order: the copy follows the rows, not the clicks. */
  gtk_selection_model_select_item (selection, 7, TRUE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  gtk_selection_model_select_item (selection, 5, FALSE);

  expected = join_ids_of_positions (&f, positions, G_N_ELEMENTS (positions));

  /* Ctrl+C in the list. */
  press_in_list (&f, "<Control>c");
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_assert_cmpstr (copied, ==, expected);
  g_assert_cmpuint (f.n_toasts, ==, 1);
  g_assert_cmpstr (f.last_toast, ==, "Copied 3 task IDs");

  /* The action itself, and Ctrl+Insert. */
  g_clear_pointer (&copied, g_free);
  set_clipboard_marker (&f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "tasks.copy-selected", NULL));
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_assert_cmpstr (copied, ==, expected);
  g_clear_pointer (&copied, g_free);
  set_clipboard_marker (&f);
  press_in_list (&f, "<Control>Insert");
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_assert_cmpstr (copied, ==, expected);
  g_assert_cmpuint (f.n_toasts, ==, 3);

  /* One ID: singular. */
  g_clear_pointer (&copied, g_free);
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_cmpuint (rd_tasks_view_copy_selected_ids (f.view), ==, 1);
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_assert_cmpstr (copied, ==, rd_task_get_pending_item_id (get_visible_task (&f, 0)));
  g_assert_cmpstr (f.last_toast, ==, "Copied 1 task ID");

  fixture_tear_down (&f);
}

static void
test_copy_selected_with_nothing_selected (void)
{
  Fixture f;
  g_autofree char *copied = NULL;

  if (!fixture_set_up (&f, N_TASKS))
    return;

  set_clipboard_marker (&f);
  gtk_selection_model_unselect_all (rd_tasks_view_get_selection (f.view));
  g_assert_cmpuint (rd_tasks_view_copy_selected_ids (f.view), ==, 0);
  g_assert_cmpstr (f.last_toast, ==, "Nothing to copy");

  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_assert_cmpstr (copied, ==, "marker");

  fixture_tear_down (&f);
}

static void
assert_row_action_copies (Fixture    *f,
                          const char *action,
                          const char *expected_text,
                          const char *expected_toast)
{
  g_autofree char *copied = NULL;
  guint n_toasts = f->n_toasts;

  set_clipboard_marker (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), action, NULL));
  g_assert_cmpuint (f->n_toasts, ==, n_toasts + 1);
  g_assert_cmpstr (f->last_toast, ==, expected_toast);
  copied = rd_test_read_clipboard (GTK_WIDGET (f->view));
  g_assert_cmpstr (copied, ==, expected_text);
}

static void
assert_row_action_absent (Fixture    *f,
                          const char *action)
{
  g_autofree char *copied = NULL;
  guint n_toasts = f->n_toasts;

  /* A disabled action (hidden from the menu) copies nothing. */
  set_clipboard_marker (f);
  gtk_widget_activate_action (GTK_WIDGET (f->view), action, NULL);
  g_assert_cmpuint (f->n_toasts, ==, n_toasts);
  copied = rd_test_read_clipboard (GTK_WIDGET (f->view));
  g_assert_cmpstr (copied, ==, "marker");
}

static guint
find_visible_position (Fixture  *f,
                       gboolean  with_job_id,
                       gboolean  with_script_id)
{
  GListModel *visible = rd_tasks_view_get_visible_model (f->view);

  for (guint i = 0; i < g_list_model_get_n_items (visible); i++)
    {
      RdTask *task = get_visible_task (f, i);

      if ((rd_task_get_task_id (task) != NULL) == with_job_id &&
          (rd_task_get_script_id (task) != NULL) == with_script_id)
        return i;
    }

  g_assert_not_reached ();
}

static void
test_row_menu_actions_copy_the_row_values (void)
{
  Fixture f;
  GtkSelectionModel *selection;
  GtkWidget *popover;
  RdTask *task;
  g_autofree char *row = NULL;
  GtkWidget *cell;
  GtkRoot *root;
  guint position;
  guint other;

  if (!fixture_set_up (&f, N_TASKS))
    return;

  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f.view),
                                  rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_NAME),
                                  GTK_SORT_ASCENDING);
  selection = rd_tasks_view_get_selection (f.view);
  other = find_visible_position (&f, FALSE, FALSE);
  gtk_selection_model_select_item (selection, other, TRUE);

  /* A row with every ID. Opening its menu selects it (alone). */
  position = find_visible_position (&f, TRUE, TRUE);
  task = get_visible_task (&f, position);
  g_assert_true (rd_tasks_view_popup_row_menu (f.view, position));
  g_assert_true (gtk_selection_model_is_selected (selection, position));
  g_assert_false (gtk_selection_model_is_selected (selection, other));

  popover = rd_test_find_widget (GTK_WIDGET (f.view), GTK_TYPE_POPOVER_MENU, NULL, NULL);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_true (menu_item_is_shown (popover, "Copy _Release Task ID"));
  g_assert_true (menu_item_is_shown (popover, "Copy _Job ID"));
  g_assert_true (menu_item_is_shown (popover, "Copy _Script ID"));
  g_assert_true (menu_item_is_shown (popover, "Copy _Name"));
  g_assert_true (menu_item_is_shown (popover, "Copy R_ow"));

  assert_row_action_copies (&f, "tasks.copy-release-id", rd_task_get_pending_item_id (task),
                            "Copied release task ID");
  assert_row_action_copies (&f, "tasks.copy-job-id", rd_task_get_task_id (task), "Copied job ID");
  assert_row_action_copies (&f, "tasks.copy-script-id", rd_task_get_script_id (task),
                            "Copied script ID");
  assert_row_action_copies (&f, "tasks.copy-name", rd_task_get_item_name (task), "Copied name");
  row = rd_task_format_row (task, rd_tasks_view_get_shown_columns (f.view));
  assert_row_action_copies (&f, "tasks.copy-row", row, "Copied row");
  g_assert_nonnull (strchr (row, '\t'));

  gtk_popover_popdown (GTK_POPOVER (popover));

  /* A row without a job ID or script ID: those items are not offered. An
   * already selected row keeps the rest of the selection. */
  position = find_visible_position (&f, FALSE, FALSE);
  task = get_visible_task (&f, position);
  gtk_selection_model_select_item (selection, position, TRUE);
  gtk_selection_model_select_item (selection, 0, FALSE);
  g_assert_true (rd_tasks_view_popup_row_menu (f.view, position));
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
  g_assert_true (gtk_selection_model_is_selected (selection, position));
  g_assert_false (menu_item_is_shown (popover, "Copy _Job ID"));
  g_assert_false (menu_item_is_shown (popover, "Copy _Script ID"));
  g_assert_true (menu_item_is_shown (popover, "Copy _Release Task ID"));
  g_assert_true (menu_item_is_shown (popover, "Copy R_ow"));

  assert_row_action_absent (&f, "tasks.copy-job-id");
  assert_row_action_absent (&f, "tasks.copy-script-id");
  assert_row_action_copies (&f, "tasks.copy-release-id", rd_task_get_pending_item_id (task),
                            "Copied release task ID");
  g_clear_pointer (&row, g_free);
  row = rd_task_format_row (task, rd_tasks_view_get_shown_columns (f.view));
  assert_row_action_copies (&f, "tasks.copy-row", row, "Copied row");

  gtk_popover_popdown (GTK_POPOVER (popover));

  /* The Menu key and Shift+F10: the menu opens for the row with the keyboard
   * focus, selecting it. */
  gtk_selection_model_select_item (selection, 0, TRUE);
  task = get_visible_task (&f, 3);
  cell = rd_test_find_widget (GTK_WIDGET (f.view), GTK_TYPE_INSCRIPTION, rd_test_widget_shows_text,
                              rd_task_get_item_name (task));
  g_assert_nonnull (cell);
  /* inscription → cell → row: the row widget takes the focus in GTK 4.8. */
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (gtk_widget_get_parent (cell))));
  root = gtk_widget_get_root (GTK_WIDGET (f.view));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root),
                                         GTK_WIDGET (rd_tasks_view_get_column_view (f.view))));
  press_in_list (&f, "Menu");
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_true (gtk_selection_model_is_selected (selection, 3));
  g_assert_false (gtk_selection_model_is_selected (selection, 0));
  assert_row_action_copies (&f, "tasks.copy-name", rd_task_get_item_name (task), "Copied name");
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* Closing the menu gives the focus back to the row. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root),
                                         GTK_WIDGET (rd_tasks_view_get_column_view (f.view))));

  press_in_list (&f, "<Shift>F10");
  g_assert_true (gtk_widget_get_visible (popover));
  g_clear_pointer (&row, g_free);
  row = rd_task_format_row (task, rd_tasks_view_get_shown_columns (f.view));
  assert_row_action_copies (&f, "tasks.copy-row", row, "Copied row");
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* With the focus outside the list, it is the first selected row. */
  gtk_selection_model_select_item (selection, 6, TRUE);
  gtk_selection_model_select_item (selection, 5, FALSE);
  rd_tasks_view_focus_search (f.view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "tasks.show-row-menu", NULL));
  g_assert_true (gtk_widget_get_visible (popover));
  task = get_visible_task (&f, 5);
  assert_row_action_copies (&f, "tasks.copy-name", rd_task_get_item_name (task), "Copied name");
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* No such row. */
  g_assert_false (rd_tasks_view_popup_row_menu (f.view, N_TASKS));

  fixture_tear_down (&f);
}

static void
test_copies_act_on_the_filtered_sorted_rows (void)
{
  Fixture f;
  GListModel *visible;
  g_autofree char *expected_ids = NULL;
  g_autofree char *shown_ids = NULL;
  g_autofree char *expected_tsv = NULL;
  g_autofree char *expected_markdown = NULL;
  g_autofree char *copied = NULL;
  g_autoptr(GString) ids_by_hand = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  if (!fixture_set_up (&f, N_TASKS))
    return;

  visible = rd_tasks_view_get_visible_model (f.view);
  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f.view),
                                  rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_SUBMITTED_AT),
                                  GTK_SORT_DESCENDING);
  type_filter (&f, "auditor", "12 of 240 tasks");

  /* The 12 shown, newest first. */
  for (guint i = 0; i < 12; i++)
    g_string_append_printf (ids_by_hand, "%s%s", i > 0 ? "\n" : "",
                            rd_task_get_pending_item_id (get_visible_task (&f, i)));
  shown_ids = rd_task_format_ids (visible, NULL);
  g_assert_cmpstr (shown_ids, ==, ids_by_hand->str);

  /* Copy All Task IDs: all of them, as the menu says, the 228 the filter hides too. */
  expected_ids = rd_task_format_ids (rd_release_package_get_tasks (f.package), NULL);
  g_assert_cmpuint (rd_tasks_view_copy_all_ids (f.view), ==, N_TASKS);
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_assert_cmpstr (copied, ==, expected_ids);
  g_assert_cmpstr (f.last_toast, ==, "Copied 240 task IDs");

  /* Copy Table: header and 12 rows, in that order. */
  g_clear_pointer (&copied, g_free);
  expected_tsv = rd_task_format_tsv (visible, rd_tasks_view_get_shown_columns (f.view));
  lines = g_strsplit (expected_tsv, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 13);
  g_assert_true (g_str_has_prefix (lines[0], "Name\tType\t"));
  g_assert_true (g_str_has_prefix (lines[1], rd_task_get_item_name (get_visible_task (&f, 0))));
  g_assert_cmpuint (rd_tasks_view_copy_table (f.view), ==, 12);
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_assert_cmpstr (copied, ==, expected_tsv);
  g_assert_cmpstr (f.last_toast, ==, "Copied the table of 12 tasks");

  /* Copy as Markdown Table. */
  g_clear_pointer (&copied, g_free);
  expected_markdown = rd_task_format_markdown (visible,
                                               rd_tasks_view_get_shown_columns (f.view));
  g_assert_true (g_str_has_prefix (expected_markdown, "| Name | Type |"));
  g_assert_cmpuint (rd_tasks_view_copy_markdown (f.view), ==, 12);
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_assert_cmpstr (copied, ==, expected_markdown);
  g_assert_cmpstr (f.last_toast, ==, "Copied a Markdown table of 12 tasks");

  /* The same through the widget actions. */
  g_clear_pointer (&copied, g_free);
  set_clipboard_marker (&f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "tasks.copy-all-ids", NULL));
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_assert_cmpstr (copied, ==, expected_ids);
  g_assert_cmpuint (f.n_toasts, ==, 4);

  /* Unfiltered: all 240. */
  g_clear_pointer (&copied, g_free);
  type_filter (&f, "", "240 tasks");
  g_assert_cmpuint (rd_tasks_view_copy_table (f.view), ==, N_TASKS);
  g_assert_cmpstr (f.last_toast, ==, "Copied the table of 240 tasks");
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_clear_pointer (&expected_tsv, g_free);
  expected_tsv = rd_task_format_tsv (visible, rd_tasks_view_get_shown_columns (f.view));
  g_assert_cmpstr (copied, ==, expected_tsv);

  /* What is shown, not what is hidden: without the Version and Release Task ID columns the
   * copies have neither, nor the deployed and pending versions "Version" stands for. */
  gtk_column_view_column_set_visible (rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_VERSION),
                                      FALSE);
  gtk_column_view_column_set_visible (rd_tasks_view_get_column (f.view,
                                                                RD_TASK_COLUMN_RELEASE_TASK_ID),
                                      FALSE);
  g_clear_pointer (&copied, g_free);
  g_assert_cmpuint (rd_tasks_view_copy_table (f.view), ==, N_TASKS);
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_clear_pointer (&lines, g_strfreev);
  lines = g_strsplit (copied, "\n", 2);
  g_assert_cmpstr (lines[0], ==, "Name\tType\tChange\tStatus\tJob Start Status\tSubmitter\t"
                                 "Submitted At\tJob ID\tScript ID");
  g_clear_pointer (&copied, g_free);
  g_assert_cmpuint (rd_tasks_view_copy_markdown (f.view), ==, N_TASKS);
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_assert_true (g_str_has_prefix (copied, "| Name | Type | Change | Status | Job Start Status | "
                                           "Submitter | Submitted At | Job ID | Script ID |\n"));

  fixture_tear_down (&f);
}

static void
test_no_package_and_empty_package_show_the_empty_state (void)
{
  static const char empty_json[] =
    "{\"release_package\": {\"package_id\": \"9\"}, \"task_details\": []}";
  Fixture f;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(RdReleasePackage) empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copied = NULL;

  if (!fixture_set_up (&f, 0))
    return;

  /* Nothing shown yet. */
  g_assert_null (rd_tasks_view_get_package (f.view));
  g_assert_cmpstr (get_stack_page (&f), ==, "empty");
  g_assert_cmpstr (rd_tasks_view_get_count_text (f.view), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (rd_tasks_view_get_visible_model (f.view)), ==, 0);

  /* A package without tasks. */
  bytes = g_bytes_new_static (empty_json, strlen (empty_json));
  empty = rd_parse_package_detail (bytes, &error);
  g_assert_no_error (error);
  rd_tasks_view_set_package (f.view, empty);
  g_assert_cmpstr (get_stack_page (&f), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (get_visible_status_page (&f)), ==,
                   "No tasks in this package");
  g_assert_cmpstr (rd_tasks_view_get_count_text (f.view), ==, "0 tasks");

  /* Nothing to copy, and the clipboard is left alone. */
  set_clipboard_marker (&f);
  g_assert_cmpuint (rd_tasks_view_copy_table (f.view), ==, 0);
  g_assert_cmpstr (f.last_toast, ==, "Nothing to copy");
  g_assert_cmpuint (rd_tasks_view_copy_markdown (f.view), ==, 0);
  g_assert_cmpuint (rd_tasks_view_copy_all_ids (f.view), ==, 0);
  g_assert_cmpuint (f.n_toasts, ==, 3);
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_assert_cmpstr (copied, ==, "marker");

  /* A package with tasks, then none again. */
  f.package = new_generated_package (N_TASKS, 0);
  rd_tasks_view_set_package (f.view, f.package);
  g_assert_cmpstr (get_stack_page (&f), ==, "tasks");
  g_assert_cmpstr (rd_tasks_view_get_count_text (f.view), ==, "240 tasks");

  rd_tasks_view_set_package (f.view, NULL);
  g_assert_null (rd_tasks_view_get_package (f.view));
  g_assert_cmpstr (get_stack_page (&f), ==, "empty");
  g_assert_cmpstr (rd_tasks_view_get_count_text (f.view), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (rd_tasks_view_get_visible_model (f.view)), ==, 0);

  fixture_tear_down (&f);
}

static void
test_visible_model_outlives_the_view (void)
{
  Fixture f;
  g_autoptr(GListModel) visible = NULL;

  if (!fixture_set_up (&f, N_TASKS))
    return;

  type_filter (&f, "auditor", "12 of 240 tasks");
  visible = g_object_ref (rd_tasks_view_get_visible_model (f.view));

  gtk_window_destroy (f.window);
  f.window = NULL;
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* The filter no longer calls into the gone view. */
  g_assert_cmpuint (g_list_model_get_n_items (visible), <=, N_TASKS);

  fixture_tear_down (&f);
}

/* The model alone: what it tells a list view, applied to a copy of its rows. */

typedef struct
{
  RdTasksModel *model;
  GPtrArray    *rows;
  guint         n_changes;
  guint         n_removals_inside;
} ModelWatch;

static void
on_model_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  ModelWatch *watch)
{
  watch->n_changes++;
  if (removed > 0 && position > 0)
    watch->n_removals_inside++;

  g_ptr_array_remove_range (watch->rows, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (watch->rows, position + i, g_list_model_get_item (model, position + i));
}

static void
assert_rows_are_the_model (ModelWatch *watch)
{
  GListModel *model = G_LIST_MODEL (watch->model);

  g_assert_cmpuint (watch->rows->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < watch->rows->len; i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (model, i);

      g_assert_true (g_ptr_array_index (watch->rows, i) == task);
    }
}

/* The GTK 4.8 row-reuse trick (rd-tasks-model.c): a removal is told as
 * starting at the first row, never inside the list, and what is told still
 * turns the old rows into the new ones. */
static void
test_model_tells_removals_from_the_start (void)
{
  g_autoptr(RdReleasePackage) package = new_generated_package (N_TASKS, 0);
  g_autoptr(RdTask) first = g_list_model_get_item (rd_release_package_get_tasks (package), 0);
  ModelWatch watch = { 0 };

  watch.model = rd_tasks_model_new (NULL);
  watch.rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (watch.model, "items-changed", G_CALLBACK (on_model_changed), &watch);

  rd_tasks_model_set_package (watch.model, package);
  assert_rows_are_the_model (&watch);
  g_assert_cmpuint (watch.rows->len, ==, N_TASKS);
  g_assert_cmpuint (rd_tasks_model_get_n_tasks (watch.model), ==, N_TASKS);

  /* Rows kept here and there (the auditor's): the first filter replaces
   * every row. */
  rd_tasks_model_set_filter_text (watch.model, "  Release-AUDITOR ");
  assert_rows_are_the_model (&watch);
  g_assert_cmpuint (watch.rows->len, ==, 12);
  g_assert_true (rd_tasks_model_is_filtered (watch.model));

  /* The first task's stem, then its whole name: a stricter filter that keeps
   * the first row, so the filter model removes from the second row on. */
  rd_tasks_model_set_filter_text (watch.model, "ads_supplier_inventory_info");
  assert_rows_are_the_model (&watch);
  g_assert_cmpuint (watch.rows->len, >, 1);
  g_assert_true (g_ptr_array_index (watch.rows, 0) == first);
  rd_tasks_model_set_filter_text (watch.model, rd_task_get_item_name (first));
  assert_rows_are_the_model (&watch);
  g_assert_cmpuint (watch.rows->len, ==, 1);
  g_assert_true (g_ptr_array_index (watch.rows, 0) == first);

  rd_tasks_model_set_filter_text (watch.model, "");
  assert_rows_are_the_model (&watch);
  g_assert_cmpuint (watch.rows->len, ==, N_TASKS);
  g_assert_false (rd_tasks_model_is_filtered (watch.model));

  g_assert_cmpuint (watch.n_changes, >=, 3);
  g_assert_cmpuint (watch.n_removals_inside, ==, 0);

  /* No package: no rows, and nothing to count. */
  rd_tasks_model_set_package (watch.model, NULL);
  assert_rows_are_the_model (&watch);
  g_assert_cmpuint (rd_tasks_model_get_n_tasks (watch.model), ==, 0);

  g_clear_object (&watch.model);
  g_ptr_array_unref (watch.rows);
}

static RdReleasePackage *
parse_json (const char *json,
            gsize       length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, length);
  g_autoptr(GError) error = NULL;
  RdReleasePackage *package = rd_parse_package_detail (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (package);

  return package;
}

/* Whether fontconfig has a font for Chinese (fonts-noto-cjk in .ci/deps). */
static gboolean
have_cjk_font (GtkWidget *widget)
{
  PangoFontMap *map = pango_context_get_font_map (gtk_widget_get_pango_context (widget));
  PangoFontFamily **families = NULL;
  int n = 0;
  gboolean found = FALSE;

  pango_font_map_list_families (map, &families, &n);
  for (int i = 0; i < n && !found; i++)
    found = strstr (pango_font_family_get_name (families[i]), "CJK") != NULL;
  g_free (families);
  return found;
}

/* The cell showing @text, once the view shows it and the cell is allocated (by the next
 * frame). */
static GtkWidget *
wait_for_cell (Fixture    *f,
               const char *text)
{
  ShowsText shows = { GTK_WIDGET (f->view), text };
  GtkWidget *cell;

  g_assert_true (wait_for (view_shows_text, &shows));
  cell = rd_test_find_widget (GTK_WIDGET (f->view), GTK_TYPE_INSCRIPTION,
                              rd_test_widget_shows_text, text);
  g_assert_nonnull (cell);
  RD_TEST_WAIT_UNTIL (gtk_widget_get_width (cell) > 0 && gtk_widget_get_height (cell) > 0, 30);

  return cell;
}

/* A Chinese task name is drawn whole: its cell is as tall as the line the fonts actually
 * used make (a CJK fallback font is taller than the first font's metrics, which cut the
 * underscores off: "作业_0_数据清洗" read "作业 0 数据清洗"). */
static void
test_cjk_names_are_not_clipped (void)
{
  static const char json[] =
    "{\"release_package\": {\"package_id\": \"7\"}, \"task_details\": ["
    "{\"item_name\": \"作业_0_数据清洗\", \"task_type\": 1, \"pending_item_id\": \"1\"},"
    "{\"item_name\": \"ods_订单_全量同步\", \"task_type\": 1, \"pending_item_id\": \"2\"}]}";
  const char *names[] = { "作业_0_数据清洗", "ods_订单_全量同步" };
  Fixture f;

  if (!fixture_set_up (&f, 0))
    return;
  if (!have_cjk_font (GTK_WIDGET (f.view)))
    {
      g_test_skip ("No CJK font installed (fonts-noto-cjk)");
      fixture_tear_down (&f);
      return;
    }

  f.package = parse_json (json, strlen (json));
  rd_tasks_view_set_package (f.view, f.package);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *cell = wait_for_cell (&f, names[i]);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (cell, names[i]);
      PangoRectangle ink, logical;

      pango_layout_get_pixel_extents (layout, &ink, &logical);
      g_test_message ("%s: cell %d px high, the line %d px (ink to %d)", names[i],
                      gtk_widget_get_height (cell), logical.height, ink.y + ink.height);
      g_assert_cmpint (gtk_widget_get_height (cell), >=, logical.height);
      g_assert_cmpint (gtk_widget_get_height (cell), >=, ink.y + ink.height);
    }

  fixture_tear_down (&f);
}

/* Issue 18 item 13: "Type and Change ellipsized ("Resou…", "Modificat…") at 1400 px while Name
 * is half empty". The columns of a few fixed words are as wide as their longest word even when
 * the window is too narrow for every column at its natural width: each word is drawn whole. */
static void
test_words_are_whole (void)
{
  static const char json[] =
    "{\"release_package\": {\"package_id\": \"9\"}, \"task_details\": ["
    "{\"item_name\": \"a\", \"task_type\": 1, \"update_type\": 2, \"deploy_status\": 1,"
    " \"start_job_status\": 2, \"deployed_version\": 14, \"pending_version\": 15,"
    " \"pending_item_id\": \"1\", \"submit_timestamp\": 1700288912934},"
    "{\"item_name\": \"b\", \"task_type\": 2, \"update_type\": 3, \"deploy_status\": 5,"
    " \"start_job_status\": 3, \"pending_item_id\": \"2\"},"
    "{\"item_name\": \"c\", \"task_type\": 3, \"update_type\": 1, \"deploy_status\": 3,"
    " \"pending_item_id\": \"3\"},"
    "{\"item_name\": \"d\", \"task_type\": 3, \"update_type\": 2, \"deploy_status\": 2,"
    " \"pending_item_id\": \"4\"}]}";
  const char *words[] = { "Job", "Script", "Resource", "Adding", "Modification", "Deletion",
                          "To be reviewed", "Being released", "Failed", "Successful",
                          "14 → 15", "Nov 18, 2023 14:28" };
  Fixture f;

  if (!fixture_set_up (&f, 0))
    return;

  /* Narrower than the columns' natural widths: each column is between its minimum and its
   * natural width, as at 1400 px with the queue beside it. */
  gtk_window_set_default_size (f.window, 900, 700);
  f.package = parse_json (json, strlen (json));
  rd_tasks_view_set_package (f.view, f.package);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      GtkWidget *cell = wait_for_cell (&f, words[i]);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (cell, words[i]);
      int width;

      RD_TEST_WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (f.window)) <= 900, 30);
      pango_layout_get_pixel_size (layout, &width, NULL);
      g_test_message ("“%s”: %d px of text in a %d px cell", words[i], width,
                      gtk_widget_get_width (cell));
      g_assert_cmpint (gtk_widget_get_width (cell), >=, width);
    }

  fixture_tear_down (&f);
}

/* Issue 18 item 13: "100 of 100000 tasks". Counts follow the locale's digit grouping. */
static void
test_counts_group_digits (void)
{
  g_autofree char *numeric = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autoptr(RdReleasePackage) big = NULL;
  Fixture f;

  if (setlocale (LC_NUMERIC, "en_US.UTF-8") == NULL)
    {
      g_test_skip ("No en_US.UTF-8 locale (.ci/deps --test makes it)");
      return;
    }
  if (fixture_set_up (&f, 0))
    {
      big = new_generated_package (12345, 1);
      rd_tasks_view_set_package (f.view, big);
      g_assert_cmpstr (rd_tasks_view_get_count_text (f.view), ==, "12,345 tasks");
      type_filter (&f, "no task has this name", "0 of 12,345 tasks");
      fixture_tear_down (&f);
    }
  setlocale (LC_NUMERIC, numeric);
}

static void
test_seed_example_copies_exactly (void)
{
  Fixture f;
  ShowsText shows;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "seed-package-4.json",
                                                 NULL);
  g_autofree char *contents = NULL;
  g_autofree char *copied = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (!fixture_set_up (&f, 0))
    return;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  f.package = parse_json (contents, length);
  rd_tasks_view_set_package (f.view, f.package);
  g_assert_cmpstr (rd_tasks_view_get_count_text (f.view), ==, "1 task");

  /* 1690602544380 ms is 2023-07-29 03:49:04 UTC, 11:49:04 in Shanghai. The
   * cell shows it in the untranslated (C.UTF-8) format of the user's language;
   * the copied table keeps ISO 8601 for spreadsheets. */
  shows.widget = GTK_WIDGET (f.view);
  shows.text = "Jul 29, 2023 11:49";
  g_assert_true (wait_for (view_shows_text, &shows));

  g_assert_cmpuint (rd_tasks_view_copy_table (f.view), ==, 1);
  g_assert_cmpstr (f.last_toast, ==, "Copied the table of 1 task");
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_assert_cmpstr (copied, ==,
                   "Name\tType\tChange\tStatus\tJob Start Status\tDeployed Version\t"
                   "Pending Version\tSubmitter\tSubmitted At\tRelease Task ID\tJob ID\tScript ID\n"
                   "ads_supplier_inventory_info__ads_supplier_inventory_info\tScript\tAdding\t"
                   "Failed\t\t0\t1\tei_dlf_l00341563\t2023-07-29 11:49:04 +08:00\t19\t\t"
                   "ff808081899c04fa01899fc39cf61baa");

  /* The row menu of a task without a job ID. */
  g_clear_pointer (&copied, g_free);
  g_assert_true (rd_tasks_view_popup_row_menu (f.view, 0));
  assert_row_action_absent (&f, "tasks.copy-job-id");
  assert_row_action_copies (&f, "tasks.copy-release-id", "19", "Copied release task ID");
  assert_row_action_copies (&f, "tasks.copy-script-id", "ff808081899c04fa01899fc39cf61baa",
                            "Copied script ID");

  fixture_tear_down (&f);
}

static void
test_demo_package_sorts_filters_and_copies (void)
{
  Fixture f;
  g_autofree char *json = rd_demo_generate_package_json ("77", N_TASKS, 42);
  GListModel *visible;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *count = NULL;
  RdTask *first;
  const char *query;
  guint n_matching;

  if (!fixture_set_up (&f, 0))
    return;

  f.package = parse_json (json, strlen (json));
  g_assert_cmpuint (g_list_model_get_n_items (rd_release_package_get_tasks (f.package)), ==,
                    N_TASKS);
  rd_tasks_view_set_package (f.view, f.package);
  visible = rd_tasks_view_get_visible_model (f.view);
  g_assert_cmpstr (rd_tasks_view_get_count_text (f.view), ==, "240 tasks");

  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f.view),
                                  rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_NAME),
                                  GTK_SORT_ASCENDING);
  sorted = dup_sorted_names (rd_release_package_get_tasks (f.package));
  for (guint i = 0; i < N_TASKS; i++)
    g_assert_cmpstr (rd_task_get_item_name (get_visible_task (&f, i)), ==,
                     g_ptr_array_index (sorted, i));

  /* Filter on the first task's submitter. */
  first = get_visible_task (&f, 0);
  query = rd_task_get_submit_user_name (first);
  g_assert_nonnull (query);
  n_matching = count_matching (rd_release_package_get_tasks (f.package), query);
  g_assert_cmpuint (n_matching, >, 0);
  count = g_strdup_printf ("%u of 240 tasks", n_matching);
  type_filter (&f, query, count);

  expected = rd_task_format_tsv (visible, rd_tasks_view_get_shown_columns (f.view));
  g_assert_cmpuint (rd_tasks_view_copy_table (f.view), ==, n_matching);
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_assert_cmpstr (copied, ==, expected);

  /* All IDs: the filter does not narrow "All". */
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&copied, g_free);
  expected = rd_task_format_ids (rd_release_package_get_tasks (f.package), NULL);
  rd_tasks_view_copy_all_ids (f.view);
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_assert_cmpstr (copied, ==, expected);

  fixture_tear_down (&f);
}

/* Figures for a big package (run with -m perf); never fails on time. */

static double
drain_main_context (void)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;

  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
test_perf_filter_100000_tasks (void)
{
  static const char * const keystrokes[] = {
    "a", "au", "aud", "audi", "audit", "audito", "auditor", "audito", "", "1", "12", "123", "",
  };
  Fixture f;
  g_autoptr(RdReleasePackage) big = NULL;
  GtkWidget *entry;
  gint64 start;
  double ms;
  g_autofree char *copied = NULL;

  if (!fixture_set_up (&f, 0))
    return;

  big = new_generated_package (100000, 0);
  entry = rd_test_find_widget (GTK_WIDGET (f.view), GTK_TYPE_SEARCH_ENTRY, NULL, NULL);

  start = g_get_monotonic_time ();
  rd_tasks_view_set_package (f.view, big);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_minimized_result (ms, "set_package, 100000 tasks: %.1f ms (then %.1f ms to settle)",
                           ms, drain_main_context ());
  g_assert_cmpstr (rd_tasks_view_get_count_text (f.view), ==, "100000 tasks");

  start = g_get_monotonic_time ();
  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f.view),
                                  rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_NAME),
                                  GTK_SORT_ASCENDING);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_minimized_result (ms, "sort by name: %.1f ms (then %.1f ms to settle)", ms,
                           drain_main_context ());

  start = g_get_monotonic_time ();
  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f.view),
                                  rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_NAME),
                                  GTK_SORT_DESCENDING);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_minimized_result (ms, "sort by name again, descending: %.1f ms (then %.1f ms to settle)",
                           ms, drain_main_context ());

  start = g_get_monotonic_time ();
  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f.view),
                                  rd_tasks_view_get_column (f.view, RD_TASK_COLUMN_SUBMITTED_AT),
                                  GTK_SORT_ASCENDING);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_minimized_result (ms, "sort by submission time: %.1f ms (then %.1f ms to settle)",
                           ms, drain_main_context ());

  for (guint i = 0; i < G_N_ELEMENTS (keystrokes); i++)
    {
      double settle;

      /* As if the entry's search delay had passed. */
      start = g_get_monotonic_time ();
      gtk_editable_set_text (GTK_EDITABLE (entry), keystrokes[i]);
      g_signal_emit_by_name (entry, "search-changed");
      settle = drain_main_context ();
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_test_minimized_result (ms, "filter “%s” → %s: %.1f ms (of which %.1f ms in the main loop)",
                               keystrokes[i], rd_tasks_view_get_count_text (f.view), ms, settle);
    }

  start = g_get_monotonic_time ();
  g_assert_cmpuint (rd_tasks_view_copy_table (f.view), ==, 100000);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  copied = rd_test_read_clipboard (GTK_WIDGET (f.view));
  g_test_minimized_result (ms, "copy table of 100000 tasks: %.1f ms, %zu bytes", ms,
                           strlen (copied));

  fixture_tear_down (&f);
}

/* What is on screen (see screen-rows.h): a row shows a task's name and its
 * release task ID; its list item (set on our cells) gives GTK's position. */

/* The column view's list of rows (the column headers are beside it). */
static GtkWidget *
get_row_list (Fixture *f)
{
  GtkWidget *list = rd_test_find_widget (GTK_WIDGET (rd_tasks_view_get_column_view (f->view)),
                                         GTK_TYPE_LIST_VIEW, NULL, NULL);

  g_assert_nonnull (list);
  return list;
}

/* Our widget in @widget that shows @column (set up by the view's factory). */
static GtkWidget *
find_cell (GtkWidget    *widget,
           RdTaskColumn  column)
{
  GQuark column_quark = g_quark_try_string ("rd-tasks-view-column");

  if (GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (widget), column_quark)) == column + 1)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_cell (child, column);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
read_task_row (GtkWidget  *row,
               char      **text,
               guint      *position)
{
  GtkWidget *name = find_cell (row, RD_TASK_COLUMN_NAME);
  GtkWidget *id = find_cell (row, RD_TASK_COLUMN_RELEASE_TASK_ID);
  GtkListItem *list_item;

  if (name == NULL || id == NULL || !gtk_widget_get_mapped (name))
    return FALSE;

  list_item = g_object_get_qdata (G_OBJECT (name), g_quark_try_string ("rd-tasks-view-list-item"));
  g_assert_nonnull (list_item);
  *position = gtk_list_item_get_position (list_item);
  *text = g_strdup_printf ("%s\t%s",
                           gtk_inscription_get_text (GTK_INSCRIPTION (name)) ?: "",
                           gtk_inscription_get_text (GTK_INSCRIPTION (id)) ?: "");
  if (g_str_equal (*text, "\t"))
    g_clear_pointer (text, g_free);

  return TRUE;
}

static char *
dup_task_row_text (gpointer item)
{
  return g_strdup_printf ("%s\t%s", rd_task_get_item_name (item),
                          rd_task_get_pending_item_id (item));
}

/* A row on screen, and its two texts. */
typedef struct
{
  GtkWidget *row;
  guint      position;
  char      *name;
  char      *release_id;
} ShownTask;

static void
shown_task_clear (gpointer data)
{
  ShownTask *shown = data;

  g_free (shown->name);
  g_free (shown->release_id);
}

/* The column view knows every row shown (rd-tasks-selection.c tells it about a long list's
 * rows a step at a time; while a filter matches nothing, it holds them). */
static gboolean
rows_told (gpointer data)
{
  Fixture *f = data;
  guint shown = g_list_model_get_n_items (rd_tasks_view_get_visible_model (f->view));

  return shown == 0 ||
         g_list_model_get_n_items (G_LIST_MODEL (rd_tasks_view_get_selection (f->view))) == shown;
}

static void
wait_for_frames (Fixture *f)
{
  g_assert_true (wait_for (rows_told, f));
  g_assert_true (rd_screen_wait_for_frames (GTK_WIDGET (f->window), WAIT_SECONDS));
}

/* The rows on screen, top to bottom, once the window has drawn them. */
static GArray *
read_rows_on_screen (Fixture *f)
{
  g_autoptr(GArray) rows = NULL;
  GArray *shown = g_array_new (FALSE, TRUE, sizeof (ShownTask));

  g_array_set_clear_func (shown, shown_task_clear);
  wait_for_frames (f);
  rows = rd_screen_rows_read (get_row_list (f), read_task_row);
  for (guint i = 0; i < rows->len; i++)
    {
      RdScreenRow *row = &g_array_index (rows, RdScreenRow, i);
      const char *tab = strchr (row->text, '\t');
      ShownTask task = {
        row->row, row->position, g_strndup (row->text, tab - row->text), g_strdup (tab + 1)
      };

      g_array_append_val (shown, task);
    }

  return shown;
}

/* Every row with text on screen shows the task at its place in the
 * selection model, and as many rows show as the list has room for. */
static void
assert_screen_shows_the_model (Fixture    *f,
                               const char *when)
{
  GListModel *model = rd_tasks_view_get_visible_model (f->view);
  g_autoptr(GArray) rows = NULL;

  wait_for_frames (f);
  if (g_list_model_get_n_items (model) > 0)
    g_assert_cmpstr (get_stack_page (f), ==, "tasks");
  rows = rd_screen_rows_read (get_row_list (f), read_task_row);
  rd_screen_rows_assert_match (get_row_list (f), rows, model, dup_task_row_text, when);
}

/* @text split at its line breaks. Not g_strsplit(): its strstr() on what
 * is left of the text makes AddressSanitizer measure that rest again at
 * each line, hours for the 10 MB table of 100,000 tasks. */
static GStrv
split_lines (const char *text)
{
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  const char *end = text + strlen (text);
  const char *start = text;

  for (;;)
    {
      const char *newline = memchr (start, '\n', end - start);
      g_autofree char *line = g_strndup (start, (newline != NULL ? newline : end) - start);

      g_strv_builder_add (lines, line);
      if (newline == NULL)
        break;
      start = newline + 1;
    }

  return g_strv_builder_end (lines);
}

/* The clipboard after @action, split in lines. */
static GStrv
copy_lines (Fixture    *f,
            const char *action)
{
  g_autofree char *copied = NULL;

  set_clipboard_marker (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), action, NULL));
  copied = rd_test_read_clipboard (GTK_WIDGET (f->view));

  return split_lines (copied);
}

static gboolean
strv_has (GStrv       strv,
          const char *text)
{
  return g_strv_contains ((const char * const *) strv, text);
}

/* Copies take exactly the rows shown and selected: what a click on a row
 * selects is the row drawn there, and every copy of the whole table has the
 * rows on screen at their places. */
static void
assert_copies_match_the_screen (Fixture    *f,
                                const char *when)
{
  GListModel *model = rd_tasks_view_get_visible_model (f->view);
  guint n_items = g_list_model_get_n_items (model);
  g_autoptr(GArray) rows = read_rows_on_screen (f);
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) tsv = NULL;
  g_auto(GStrv) markdown = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *joined = NULL;
  ShownTask *first, *last;

  if (n_items == 0)
    {
      f->n_toasts = 0;
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "tasks.copy-table", NULL));
      g_assert_cmpstr (f->last_toast, ==, "Nothing to copy");
      return;
    }
  g_assert_cmpuint (rows->len, >, 0);
  first = &g_array_index (rows, ShownTask, 0);
  last = &g_array_index (rows, ShownTask, rows->len - 1);

  /* A click on the first row drawn, then Ctrl+C: its release task ID. */
  g_assert_true (gtk_widget_activate_action (first->row, "listitem.select", "(bb)", FALSE, FALSE));
  set_clipboard_marker (f);
  press_in_list (f, "<Control>c");
  copied = rd_test_read_clipboard (GTK_WIDGET (f->view));
  if (g_strcmp0 (copied, first->release_id) != 0)
    g_error ("%s: clicked the row showing %s, Ctrl+C copied “%s”", when, first->release_id, copied);
  g_clear_pointer (&copied, g_free);

  /* Ctrl+click on the last one: both, in the order shown. */
  if (last != first)
    {
      g_autofree char *both = g_strdup_printf ("%s\n%s", first->release_id, last->release_id);

      g_assert_true (gtk_widget_activate_action (last->row, "listitem.select", "(bb)", TRUE,
                                                 FALSE));
      set_clipboard_marker (f);
      press_in_list (f, "<Control>c");
      copied = rd_test_read_clipboard (GTK_WIDGET (f->view));
      if (g_strcmp0 (copied, both) != 0)
        g_error ("%s: selected the rows showing %s and %s, Ctrl+C copied “%s”",
                 when, first->release_id, last->release_id, copied);
      g_clear_pointer (&copied, g_free);
    }

  /* The row menu of the last row drawn copies its name. */
  g_assert_true (rd_tasks_view_popup_row_menu (f->view, last->position));
  set_clipboard_marker (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "tasks.copy-name", NULL));
  copied = rd_test_read_clipboard (GTK_WIDGET (f->view));
  g_assert_cmpstr (copied, ==, last->name);
  g_clear_pointer (&copied, g_free);
  gtk_popover_popdown (
      GTK_POPOVER (rd_test_find_widget (GTK_WIDGET (f->view), GTK_TYPE_POPOVER_MENU, NULL, NULL)));

  /* Ctrl+A, Ctrl+C, the table and Markdown: every row shown, the rows on screen at their
   * places. (Copy All Task IDs copies every task, the filtered-out ones too.) */
  /* Ctrl+A is the list's own binding for this action. */
  g_assert_true (gtk_widget_activate_action (get_row_list (f), "list.select-all", NULL));
  set_clipboard_marker (f);
  press_in_list (f, "<Control>c");
  copied = rd_test_read_clipboard (GTK_WIDGET (f->view));
  {
    g_autofree char *shown = rd_task_format_ids (model, NULL);
    g_autofree char *all = rd_task_format_ids (rd_release_package_get_tasks (
                                                 rd_tasks_view_get_package (f->view)), NULL);
    g_auto(GStrv) all_lines = copy_lines (f, "tasks.copy-all-ids");
    g_autofree char *all_copied = g_strjoinv ("\n", all_lines);

    g_assert_cmpstr (all_copied, ==, all);
    ids = split_lines (shown);
  }
  joined = g_strjoinv ("\n", ids);
  g_assert_cmpstr (copied, ==, joined);
  tsv = copy_lines (f, "tasks.copy-table");
  markdown = copy_lines (f, "tasks.copy-markdown");

  g_assert_cmpuint (g_strv_length (ids), ==, n_items);
  g_assert_cmpuint (g_strv_length (tsv), ==, n_items + 1);
  g_assert_cmpuint (g_strv_length (markdown), ==, n_items + 2);

  for (guint i = 0; i < rows->len; i++)
    {
      ShownTask *row = &g_array_index (rows, ShownTask, i);
      g_auto(GStrv) fields = g_strsplit (tsv[row->position + 1], "\t", -1);
      g_autofree char *md_cell = g_strdup_printf ("| %s |", row->release_id);

      g_assert_cmpstr (ids[row->position], ==, row->release_id);
      g_assert_true (strv_has (fields, row->name));
      g_assert_true (strv_has (fields, row->release_id));
      g_assert_nonnull (strstr (markdown[row->position + 2], md_cell));
    }
}

/* The sequences, each on a package of a given size. */

typedef enum
{
  SEQUENCE_SCROLL_TO_END_THEN_FILTER,
  SEQUENCE_FILTER_THEN_CLEAR,
  SEQUENCE_NO_MATCH_THEN_CLEAR,
  SEQUENCE_FILTER_CLEAR_SORT_EACH_COLUMN,
  SEQUENCE_SCROLL_TO_END_THEN_ANOTHER_PACKAGE,
  SEQUENCE_SORT_DESCENDING_THEN_FILTER,
} Sequence;

typedef struct
{
  Sequence    sequence;
  guint       n_tasks;
} ScreenCase;

/* Matches the tasks of one name stem in eight, at every size. */
#define SOME_TASKS "etl_clean"

/* To the last row, as Ctrl+End in the table does (list.scroll-to-item on
 * its list); see scroll_queue_to_end() in test-review-window.c. */
static void
scroll_to_end (Fixture    *f,
               const char *when)
{
  guint n_items = g_list_model_get_n_items (rd_tasks_view_get_visible_model (f->view));

  g_assert_cmpuint (n_items, >, 0);
  g_assert_true (wait_for (rows_told, f));
  g_assert_true (gtk_widget_activate_action (get_row_list (f), "list.scroll-to-item", "u",
                                             n_items - 1));
  assert_screen_shows_the_model (f, when);
  /* The last row is on screen, and nothing past it. */
  {
    g_autoptr(GArray) rows = read_rows_on_screen (f);

    g_assert_cmpuint (rows->len, >, 0);
    g_assert_cmpuint (g_array_index (rows, ShownTask, rows->len - 1).position, ==, n_items - 1);
  }
}

static void
filter_to (Fixture    *f,
           const char *text,
           const char *when)
{
  guint total = g_list_model_get_n_items (rd_release_package_get_tasks (f->package));
  guint expected = count_matching (rd_release_package_get_tasks (f->package), text);
  g_autofree char *count = NULL;

  if (text[0] == '\0')
    count = g_strdup_printf ("%u tasks", total);
  else
    count = g_strdup_printf ("%u of %u tasks", expected, total);

  type_filter (f, text, count);
  assert_screen_shows_the_model (f, when);
}

/* Filters to the name of the first row: the filter keeps it and drops the rows after it. */
static void
filter_to_first_row (Fixture    *f,
                     const char *when)
{
  GListModel *rows = rd_tasks_view_get_visible_model (f->view);
  g_autoptr(RdTask) first = g_list_model_get_item (rows, 0);
  g_autofree char *name = g_strdup (rd_task_get_item_name (first));

  filter_to (f, name, when);
  g_assert_cmpuint (g_list_model_get_n_items (rows), >=, 1);
}

static void
sort_by (Fixture      *f,
         RdTaskColumn  column,
         GtkSortType   direction,
         const char   *when)
{
  gtk_column_view_sort_by_column (rd_tasks_view_get_column_view (f->view),
                                  rd_tasks_view_get_column (f->view, column), direction);
  assert_screen_shows_the_model (f, when);
}

static void
show_package (Fixture          *f,
              RdReleasePackage *package,
              const char       *when)
{
  g_autoptr(RdReleasePackage) owned = package;

  g_set_object (&f->package, package);
  rd_tasks_view_set_package (f->view, package);
  assert_screen_shows_the_model (f, when);
}

static void
test_screen_shows_the_model (gconstpointer data)
{
  const ScreenCase *c = data;
  Fixture f;

  if (c->n_tasks > 5)
    RD_TEST_SKIP_UNDER_VALGRIND ("the bigger packages in the plain and the sanitizer runs");

  if (!fixture_set_up (&f, c->n_tasks))
    return;

  assert_screen_shows_the_model (&f, "the package shown");

  switch (c->sequence)
    {
    case SEQUENCE_SCROLL_TO_END_THEN_FILTER:
      scroll_to_end (&f, "scrolled to the end");
      filter_to (&f, SOME_TASKS, "filtered after scrolling to the end");
      assert_copies_match_the_screen (&f, "filtered after scrolling to the end");
      filter_to (&f, "", "filter cleared");
      /* A filter that keeps the first row: the rows go from the second on. */
      scroll_to_end (&f, "scrolled to the end again");
      filter_to_first_row (&f, "filtered to the first row from the end");
      assert_copies_match_the_screen (&f, "filtered to the first row from the end");
      filter_to (&f, "", "filter cleared again");
      break;

    case SEQUENCE_FILTER_THEN_CLEAR:
      filter_to (&f, SOME_TASKS, "filtered");
      filter_to (&f, "", "filter cleared");
      assert_copies_match_the_screen (&f, "filter cleared");
      filter_to (&f, "李", "filtered again");
      break;

    case SEQUENCE_NO_MATCH_THEN_CLEAR:
      filter_to (&f, "no-such-task", "filtered to no match");
      assert_copies_match_the_screen (&f, "filtered to no match");
      filter_to (&f, "", "filter cleared after no match");
      assert_copies_match_the_screen (&f, "filter cleared after no match");
      scroll_to_end (&f, "scrolled to the end");
      filter_to (&f, "no-such-task", "filtered to no match at the end");
      filter_to (&f, "", "filter cleared after no match at the end");
      break;

    case SEQUENCE_FILTER_CLEAR_SORT_EACH_COLUMN:
      filter_to (&f, SOME_TASKS, "filtered");
      filter_to (&f, "", "filter cleared");
      for (guint column = 0; column < RD_TASK_N_COLUMNS; column++)
        {
          g_autofree char *ascending = NULL;
          g_autofree char *descending = NULL;

          /* Only copied, not shown. */
          if (rd_tasks_view_get_column (f.view, column) == NULL)
            continue;

          ascending = g_strdup_printf ("sorted by column %u", column);
          descending = g_strdup_printf ("sorted by column %u, descending", column);

          sort_by (&f, column, GTK_SORT_ASCENDING, ascending);
          /* Both ways at the sizes users meet; the big ones sort descending once, below. */
          if (c->n_tasks <= 480)
            sort_by (&f, column, GTK_SORT_DESCENDING, descending);
        }
      assert_copies_match_the_screen (&f, "sorted by every column");
      break;

    case SEQUENCE_SCROLL_TO_END_THEN_ANOTHER_PACKAGE:
      scroll_to_end (&f, "scrolled to the end");
      show_package (&f, new_generated_package (c->n_tasks == 5 ? 100 : 5, 7), "another package");
      assert_copies_match_the_screen (&f, "another package");
      scroll_to_end (&f, "the other package scrolled to the end");
      show_package (&f, new_generated_package (2, 9), "a two-task package");
      show_package (&f, new_generated_package (c->n_tasks, 3), "a package as big as the first");
      scroll_to_end (&f, "that package scrolled to the end");
      show_package (&f, new_generated_package (c->n_tasks, 4), "another as big, from the end");
      assert_copies_match_the_screen (&f, "another as big, from the end");
      break;

    case SEQUENCE_SORT_DESCENDING_THEN_FILTER:
      sort_by (&f, RD_TASK_COLUMN_NAME, GTK_SORT_DESCENDING, "sorted by name, descending");
      filter_to (&f, SOME_TASKS, "sorted descending, then filtered");
      assert_copies_match_the_screen (&f, "sorted descending, then filtered");
      scroll_to_end (&f, "filtered and scrolled to the end");
      filter_to (&f, "", "filter cleared at the end");
      scroll_to_end (&f, "scrolled to the end");
      filter_to_first_row (&f, "sorted descending, filtered to the first row from the end");
      break;

    default:
      g_assert_not_reached ();
    }

  fixture_tear_down (&f);
}

/* {{{ The table's rows are given other tasks, not built again */

/* The name cells of the rows GTK has built, each referenced (so that no new
 * widget can take a freed one's address). */
static GHashTable *
ref_name_cells (Fixture *f)
{
  GHashTable *cells = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (get_row_list (f));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *cell = find_cell (row, RD_TASK_COLUMN_NAME);

      if (cell != NULL)
        g_hash_table_add (cells, g_object_ref (cell));
    }

  return cells;
}

/* The rows on screen before @end are among @cells' rows. */
static void
assert_rows_on_screen_are_from (Fixture    *f,
                                GHashTable *cells,
                                guint       end,
                                const char *when)
{
  g_autoptr(GArray) rows = read_rows_on_screen (f);

  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      ShownTask *shown = &g_array_index (rows, ShownTask, i);

      if (shown->position < end &&
          !g_hash_table_contains (cells, find_cell (shown->row, RD_TASK_COLUMN_NAME)))
        g_error ("%s: row %u on screen was built again", when, i);
    }
}

/* A sort, a filter keystroke and clearing the filter put other tasks in most
 * places on screen. GTK 4.8 builds a new row for each item it does not find
 * again, 60–100 ms of a keystroke for its 200 rows on a package bigger than
 * that: the rows stay the same items and show other tasks
 * (rd-tasks-selection.c). Only the rows past the
 * end of a shorter list go (GTK keeps none without an item), and come back
 * new. */
static void
test_rows_are_given_other_tasks (void)
{
  g_autoptr(GHashTable) cells = NULL;
  guint n_filtered;
  Fixture f;

  RD_TEST_SKIP_UNDER_VALGRIND ("the bigger packages in the plain and the sanitizer runs");

  /* GTK 4.8 builds 200 rows: of a smaller package, every task has its row, found again. */
  if (!fixture_set_up (&f, 480))
    return;

  assert_screen_shows_the_model (&f, "the package shown");
  cells = ref_name_cells (&f);
  g_assert_cmpuint (g_hash_table_size (cells), >, 0);

  sort_by (&f, RD_TASK_COLUMN_NAME, GTK_SORT_DESCENDING, "sorted by name, descending");
  assert_rows_on_screen_are_from (&f, cells, G_MAXUINT, "sorted by name, descending");
  sort_by (&f, RD_TASK_COLUMN_SUBMITTED_AT, GTK_SORT_ASCENDING, "sorted by time");
  assert_rows_on_screen_are_from (&f, cells, G_MAXUINT, "sorted by time");
  filter_to (&f, SOME_TASKS, "filtered");
  assert_rows_on_screen_are_from (&f, cells, G_MAXUINT, "filtered");
  n_filtered = g_list_model_get_n_items (rd_tasks_view_get_visible_model (f.view));
  g_assert_cmpuint (n_filtered, >, 1);
  g_assert_cmpuint (n_filtered, <, 480);
  filter_to (&f, "", "filter cleared");
  assert_rows_on_screen_are_from (&f, cells, n_filtered, "filter cleared");

  fixture_tear_down (&f);
}

/* The selection is exactly @tasks, and each row on screen is drawn selected or not as its
 * task is. */
static void
assert_selected_tasks (Fixture     *f,
                       RdTask     **tasks,
                       guint        n_tasks,
                       const char  *when)
{
  GtkSelectionModel *selection = rd_tasks_view_get_selection (f->view);
  GListModel *visible = rd_tasks_view_get_visible_model (f->view);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);
  g_autoptr(GArray) rows = NULL;
  GtkBitsetIter iter;
  guint position;

  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, n_tasks);
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(RdTask) task = g_list_model_get_item (visible, position);
      gboolean found = FALSE;

      for (guint i = 0; i < n_tasks; i++)
        found = found || tasks[i] == task;
      if (!found)
        g_error ("%s: %s is selected", when, rd_task_get_item_name (task));
    }

  rows = read_rows_on_screen (f);
  for (guint i = 0; i < rows->len; i++)
    {
      ShownTask *shown = &g_array_index (rows, ShownTask, i);
      gboolean drawn_selected = (gtk_widget_get_state_flags (shown->row) &
                                 GTK_STATE_FLAG_SELECTED) != 0;

      if (drawn_selected != gtk_selection_model_is_selected (selection, shown->position))
        g_error ("%s: the row of %s is drawn %s", when, shown->name,
                 drawn_selected ? "selected" : "unselected");
    }
}

/* The selection follows the tasks, as GtkMultiSelection's did: a sort moves
 * a selected task and it stays selected; a filter that hides it unselects it. */
static void
test_selection_follows_the_tasks (void)
{
  GtkSelectionModel *selection;
  GListModel *visible;
  g_autoptr(RdTask) kept = NULL;
  g_autoptr(RdTask) hidden = NULL;
  Fixture f;

  if (!fixture_set_up (&f, 100))
    return;

  selection = rd_tasks_view_get_selection (f.view);
  visible = rd_tasks_view_get_visible_model (f.view);
  for (guint i = 0; i < g_list_model_get_n_items (visible) && (kept == NULL || hidden == NULL); i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (visible, i);
      gboolean matches = strstr (get_folded_fields (task), SOME_TASKS) != NULL;

      if (matches && kept == NULL)
        {
          kept = g_object_ref (task);
          gtk_selection_model_select_item (selection, i, FALSE);
        }
      else if (!matches && hidden == NULL)
        {
          hidden = g_object_ref (task);
          gtk_selection_model_select_item (selection, i, FALSE);
        }
    }
  g_assert_nonnull (kept);
  g_assert_nonnull (hidden);
  assert_selected_tasks (&f, (RdTask *[]) { kept, hidden }, 2, "two tasks selected");

  sort_by (&f, RD_TASK_COLUMN_NAME, GTK_SORT_DESCENDING, "sorted by name, descending");
  assert_selected_tasks (&f, (RdTask *[]) { kept, hidden }, 2, "sorted by name, descending");
  sort_by (&f, RD_TASK_COLUMN_NAME, GTK_SORT_ASCENDING, "sorted by name");
  assert_selected_tasks (&f, (RdTask *[]) { kept, hidden }, 2, "sorted by name");

  filter_to (&f, SOME_TASKS, "filtered");
  assert_selected_tasks (&f, (RdTask *[]) { kept }, 1, "filtered");
  filter_to (&f, "", "filter cleared");
  assert_selected_tasks (&f, (RdTask *[]) { kept }, 1, "filter cleared");

  /* Ctrl+A and Shift+Ctrl+A in the list, and a range (Shift+click). */
  g_assert_true (gtk_widget_activate_action (get_row_list (&f), "list.select-all", NULL));
  {
    g_autoptr(GtkBitset) all = gtk_selection_model_get_selection (selection);

    g_assert_cmpuint (gtk_bitset_get_size (all), ==, g_list_model_get_n_items (visible));
  }
  g_assert_true (gtk_widget_activate_action (get_row_list (&f), "list.unselect-all", NULL));
  assert_selected_tasks (&f, NULL, 0, "all unselected");
  gtk_selection_model_select_range (selection, 1, 2, TRUE);
  {
    g_autoptr(RdTask) second = g_list_model_get_item (visible, 1);
    g_autoptr(RdTask) third = g_list_model_get_item (visible, 2);

    assert_selected_tasks (&f, (RdTask *[]) { second, third }, 2, "a range selected");
  }

  /* Another package: nothing of it is selected. */
  g_clear_object (&f.package);
  f.package = new_generated_package (100, 5);
  rd_tasks_view_set_package (f.view, f.package);
  assert_selected_tasks (&f, NULL, 0, "another package");

  fixture_tear_down (&f);
}

/* A filter that matches nothing leaves GTK 4.8 no item to keep a row for: the
 * selection holds the rows behind "No tasks match" (rd-tasks-selection.c), and
 * clearing the filter builds none again. Nothing in a held row is selected or
 * selectable; a package without tasks lets them go. */
static void
test_rows_kept_while_nothing_matches (void)
{
  GtkSelectionModel *selection;
  GListModel *visible;
  g_autoptr(GHashTable) cells = NULL;
  g_autoptr(RdTask) first = NULL;
  g_autoptr(GtkBitset) selected = NULL;
  Fixture f;

  if (!fixture_set_up (&f, 100))
    return;

  selection = rd_tasks_view_get_selection (f.view);
  visible = rd_tasks_view_get_visible_model (f.view);
  first = g_list_model_get_item (visible, 0);
  gtk_selection_model_select_item (selection, 0, TRUE);
  assert_selected_tasks (&f, &first, 1, "the first task selected");
  cells = ref_name_cells (&f);
  g_assert_cmpuint (g_hash_table_size (cells), >, 0);

  type_filter (&f, "no-such-task", "0 of 100 tasks");
  g_assert_cmpstr (get_stack_page (&f), ==, "no-match");
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 0);
  selected = gtk_selection_model_get_selection (selection);
  g_assert_true (gtk_bitset_is_empty (selected));
  g_clear_pointer (&selected, gtk_bitset_unref);
  gtk_selection_model_select_item (selection, 0, TRUE);
  selected = gtk_selection_model_get_selection (selection);
  g_assert_true (gtk_bitset_is_empty (selected));
  g_clear_pointer (&selected, gtk_bitset_unref);
  gtk_selection_model_select_all (selection);
  selected = gtk_selection_model_get_selection (selection);
  g_assert_true (gtk_bitset_is_empty (selected));
  g_clear_pointer (&selected, gtk_bitset_unref);
  g_assert_cmpuint (rd_tasks_view_copy_selected_ids (f.view), ==, 0);

  filter_to (&f, "", "filter cleared after nothing matched");
  assert_rows_on_screen_are_from (&f, cells, G_MAXUINT, "filter cleared after nothing matched");
  assert_selected_tasks (&f, NULL, 0, "filter cleared after nothing matched");

  /* Held, then a package without tasks: the rows go, and a package shows as ever. */
  type_filter (&f, "no-such-task", "0 of 100 tasks");
  g_clear_object (&f.package);
  f.package = new_generated_package (0, 5);
  rd_tasks_view_set_package (f.view, f.package);
  g_assert_cmpstr (get_stack_page (&f), ==, "empty");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 0);
  g_clear_object (&f.package);
  f.package = new_generated_package (100, 5);
  rd_tasks_view_set_package (f.view, f.package);
  filter_to (&f, "", "another package, the filter cleared");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 100);

  fixture_tear_down (&f);
}

/* What the column view was told, change by change. */
typedef struct
{
  GtkSelectionModel *selection;
  guint              n_told_at_change;  /* the rows told when the tasks changed */
  guint              n_changes;         /* of the rows, since */
  guint              largest_added;     /* by one of them, while the count was under 200 */
} Telling;

static void
on_tasks_changed_telling (GListModel *tasks,
                          guint       position,
                          guint       removed,
                          guint       added,
                          Telling    *t)
{
  t->n_told_at_change = g_list_model_get_n_items (G_LIST_MODEL (t->selection));
  t->n_changes = 0;
  t->largest_added = 0;
}

static void
on_rows_changed_telling (GListModel *rows,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Telling    *t)
{
  guint n_before = g_list_model_get_n_items (rows) - added + removed;

  t->n_changes++;
  if (n_before < 200 && added > removed)
    t->largest_added = MAX (t->largest_added, added - removed);
}

/* Widens the filter from the first row's name (a few tasks) to all of them and says how many
 * rows more than it had the column view was told about at once. */
static guint
widen_and_count_told (Fixture    *f,
                      Telling    *t)
{
  guint n_narrow;

  filter_to_first_row (f, "a few tasks");
  n_narrow = g_list_model_get_n_items (rd_tasks_view_get_visible_model (f->view));
  g_assert_cmpuint (n_narrow, <, 100);
  t->n_told_at_change = 0;
  type_filter (f, "", "480 tasks");
  return t->n_told_at_change - n_narrow;
}

/* GTK 4.8 builds every row it is told about in the one "items-changed": a long
 * list's rows are told 50 at a time, a short pause apart, up to the 200 GTK
 * keeps, then the rest (rd-tasks-selection.c). Whatever reaches past the rows
 * told (a selection by position, select all, a scroll) tells them all first,
 * and so does a change while a task is selected. */
static void
test_rows_told_a_step_at_a_time (void)
{
  GtkSelectionModel *selection;
  GListModel *visible;
  Telling t = { 0 };
  g_autoptr(GtkBitset) selected = NULL;
  Fixture f;

  RD_TEST_SKIP_UNDER_VALGRIND ("the bigger packages in the plain and the sanitizer runs");

  if (!fixture_set_up (&f, 480))
    return;

  selection = rd_tasks_view_get_selection (f.view);
  visible = rd_tasks_view_get_visible_model (f.view);
  t.selection = selection;
  /* Connected after the selection's own handler: it sees what was told at once. */
  g_signal_connect (visible, "items-changed", G_CALLBACK (on_tasks_changed_telling), &t);
  g_signal_connect (selection, "items-changed", G_CALLBACK (on_rows_changed_telling), &t);

  /* A package shown: 50 rows told at once, the others in steps, the screen as ever. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 50);
  assert_screen_shows_the_model (&f, "the package shown");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 480);

  /* Widening a filter: the rows it had and 50 more, then steps of 50 up to 200, then the
   * rest. */
  g_assert_cmpuint (widen_and_count_told (&f, &t), ==, 50);
  assert_screen_shows_the_model (&f, "filter cleared");
  g_assert_cmpuint (t.largest_added, ==, 50);
  g_assert_cmpuint (t.n_changes, >=, 4);

  /* A selection by position past the rows told tells them all, and is a selection. */
  g_assert_cmpuint (widen_and_count_told (&f, &t), ==, 50);
  gtk_selection_model_select_item (selection, 300, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 480);
  g_assert_true (gtk_selection_model_is_selected (selection, 300));
  gtk_selection_model_unselect_all (selection);

  /* Select all: every task. */
  g_assert_cmpuint (widen_and_count_told (&f, &t), ==, 50);
  gtk_selection_model_select_all (selection);
  selected = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 480);
  g_clear_pointer (&selected, gtk_bitset_unref);
  gtk_selection_model_unselect_all (selection);

  /* A scroll to a row past them. */
  g_assert_cmpuint (widen_and_count_told (&f, &t), ==, 50);
  rd_tasks_view_scroll_to (f.view, 400);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 480);
  assert_screen_shows_the_model (&f, "scrolled to row 400");

  /* A task selected: told at once, so that it is never in a row GTK does not know. */
  filter_to_first_row (&f, "one task");
  gtk_selection_model_select_item (selection, 0, TRUE);
  t.n_told_at_change = 0;
  type_filter (&f, "", "480 tasks");
  g_assert_cmpuint (t.n_told_at_change, ==, 480);
  selected = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
  g_clear_pointer (&selected, gtk_bitset_unref);
  assert_screen_shows_the_model (&f, "filter cleared with a task selected");

  g_signal_handlers_disconnect_by_data (visible, &t);
  g_signal_handlers_disconnect_by_data (selection, &t);
  fixture_tear_down (&f);
}

/* }}} */

static void
add_screen_tests (void)
{
  static const char * const sequence_names[] = {
    "scroll-to-end-then-filter",
    "filter-then-clear",
    "no-match-then-clear",
    "filter-clear-sort-each-column",
    "scroll-to-end-then-another-package",
    "sort-descending-then-filter",
  };
  static const guint sizes[] = { 5, 100, 480, 10000, 100000 };

  for (guint s = 0; s < G_N_ELEMENTS (sequence_names); s++)
    for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
      {
        ScreenCase *c = g_new0 (ScreenCase, 1);
        g_autofree char *path = g_strdup_printf ("/tasks-view/screen/%s/%u", sequence_names[s],
                                                 sizes[k]);

        c->sequence = s;
        c->n_tasks = sizes[k];
        g_test_add_data_func_full (path, c, test_screen_shows_the_model, g_free);
      }
}

int
main (int argc, char *argv[])
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");

  /* g_test_init makes warnings and criticals fatal: the view runs clean. */
  g_test_init (&argc, &argv, NULL);

  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/tasks-view/shows-all-tasks-and-the-count", test_shows_all_tasks_and_the_count);
  g_test_add_func ("/tasks-view/columns/sortable-resizable-hideable",
                   test_columns_are_sortable_resizable_and_hideable);
  g_test_add_func ("/tasks-view/columns/header-menu-toggles-visibility",
                   test_header_menu_toggles_column_visibility);
  g_test_add_func ("/tasks-view/sort/name-reorders-the-visible-model",
                   test_sort_by_name_reorders_the_visible_model);
  g_test_add_func ("/tasks-view/sort/submitted-at-by-timestamp",
                   test_sort_by_submitted_at_orders_by_timestamp);
  g_test_add_func ("/tasks-view/sort/release-task-id-is-numeric",
                   test_sort_by_release_task_id_is_numeric);
  g_test_add_func ("/tasks-view/filter/small-package-follows-keystrokes",
                   test_filter_small_package_follows_keystrokes);
  g_test_add_func ("/tasks-view/filter/narrows-rows-and-the-count",
                   test_filter_narrows_rows_and_the_count);
  g_test_add_func ("/tasks-view/keys/go-with-the-package", test_keys_go_with_the_package);
  g_test_add_func ("/tasks-view/filter/new-package-keeps-filter-and-sort",
                   test_new_package_keeps_filter_and_sort);
  g_test_add_func ("/tasks-view/copy/selected-ids-in-shown-order",
                   test_copy_selected_ids_in_shown_order);
  g_test_add_func ("/tasks-view/copy/nothing-selected", test_copy_selected_with_nothing_selected);
  g_test_add_func ("/tasks-view/copy/row-menu-actions-copy-the-row-values",
                   test_row_menu_actions_copy_the_row_values);
  g_test_add_func ("/tasks-view/copy/act-on-the-filtered-sorted-rows",
                   test_copies_act_on_the_filtered_sorted_rows);
  g_test_add_func ("/tasks-view/empty-state/no-package-and-empty-package",
                   test_no_package_and_empty_package_show_the_empty_state);
  g_test_add_func ("/tasks-view/visible-model-outlives-the-view",
                   test_visible_model_outlives_the_view);
  g_test_add_func ("/tasks-view/model/tells-removals-from-the-start",
                   test_model_tells_removals_from_the_start);
  g_test_add_func ("/tasks-view/seed-example/copies-exactly", test_seed_example_copies_exactly);
  g_test_add_func ("/tasks-view/cells/cjk-names-are-not-clipped", test_cjk_names_are_not_clipped);
  g_test_add_func ("/tasks-view/cells/words-are-whole", test_words_are_whole);
  g_test_add_func ("/tasks-view/count/digits-grouped", test_counts_group_digits);
  g_test_add_func ("/tasks-view/demo-package/sorts-filters-and-copies",
                   test_demo_package_sorts_filters_and_copies);
  g_test_add_func ("/tasks-view/rows/given-other-tasks", test_rows_are_given_other_tasks);
  g_test_add_func ("/tasks-view/selection/follows-the-tasks", test_selection_follows_the_tasks);
  g_test_add_func ("/tasks-view/rows/kept-while-nothing-matches",
                   test_rows_kept_while_nothing_matches);
  g_test_add_func ("/tasks-view/rows/told-a-step-at-a-time", test_rows_told_a_step_at_a_time);
  add_screen_tests ();
  if (g_test_perf ())
    g_test_add_func ("/tasks-view/perf/filter-100000-tasks", test_perf_filter_100000_tasks);

  return g_test_run ();
}
