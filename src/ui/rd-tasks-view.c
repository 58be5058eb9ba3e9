/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-tasks-view.c: a package's tasks in a sortable, filterable column view, copied into tickets. */
#define G_LOG_DOMAIN "rd-tasks-view"

#include "config.h"

#include "rd-tasks-view.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-item-list.h"
#include "rd-resources.h"
#include "rd-task-column.h"
#include "rd-task-format.h"
#include "rd-task.h"
#include "rd-tasks-menu.h"
#include "rd-tasks-model.h"
#include "rd-tasks-selection.h"

struct _RdTasksView
{
  GtkWidget            parent_instance;

  /* Template children */
  GtkWidget           *box;
  GtkSearchEntry      *search_entry;
  GtkLabel            *count_label;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  AdwStatusPage       *no_match_page;

  /* The view's columns, from the table in rd-task-column.c (NULL for those
   * only copied). */
  GtkColumnViewColumn *columns[RD_TASK_N_COLUMNS];

  /* The rows: model (RdTasksModel, of tasks) → selection (of rows) → column_view */
  RdTasksModel        *model;
  RdTasksSelection    *selection;
  guint                filter_idle_id;

  RdTasksMenu         *row_menu;

  /* The height of a line with the fonts actually used (0: to measure): see get_line_height. */
  int                  line_height;
};

G_DEFINE_FINAL_TYPE (RdTasksView, rd_tasks_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PACKAGE,
  PROP_HIDDEN_COLUMNS,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Per cell widget, its GtkListItem, its column (plus one) and the task it shows. */
static GQuark list_item_quark;
static GQuark column_quark;
static GQuark task_quark;
/* Per cell factory, its view. */
static GQuark view_quark;

static void update_state                 (RdTasksView *self);
static GtkListItem *find_list_item_below (GtkWidget   *widget,
                                          guint        position);

/* Filtering */

#define IMMEDIATE_FILTER_MAX_TASKS 1000
#define DEFAULT_SEARCH_DELAY_MS    150   /* GtkSearchEntry's own */

static gboolean
apply_filter_text (gpointer user_data)
{
  RdTasksView *self = user_data;

  self->filter_idle_id = 0;
  rd_tasks_model_set_filter_text (self->model,
                                  gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  /* The rows may be the same ones, yet the "no match" title names the text. */
  update_state (self);

  return G_SOURCE_REMOVE;
}

/* Replacing the text (a paste over a selection, gtk_editable_set_text())
 * deletes, then inserts: GtkSearchEntry reports the empty text at once and
 * the new one after its delay. Reading the text once the replacement is done
 * filters 100,000 tasks once, not three times, and never flashes them all. */
static void
on_search_changed (RdTasksView    *self,
                   GtkSearchEntry *entry)
{
  if (self->filter_idle_id == 0)
    self->filter_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_filter_text, self, NULL);
}

static void
on_stop_search (RdTasksView    *self,
                GtkSearchEntry *entry)
{
  if (gtk_editable_get_text (GTK_EDITABLE (entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* The count and the empty states */

static void
update_state (RdTasksView *self)
{
  guint total = rd_tasks_model_get_n_tasks (self->model);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autofree char *count = NULL;

  if (rd_tasks_model_get_package (self->model) == NULL)
    count = g_strdup ("");
  else if (rd_tasks_model_is_filtered (self->model))
    /* Translators: the number of tasks the filter shows, of all the package's tasks; %'u
     * writes the number with the locale's digit grouping ("100,000"): keep the ' */
    count = g_strdup_printf (ngettext ("%'u of %'u task", "%'u of %'u tasks", total), shown, total);
  else
    count = g_strdup_printf (ngettext ("%'u task", "%'u tasks", total), total);

  gtk_label_set_label (self->count_label, count);

  if (total == 0)
    {
      /* No package, or one without tasks: no filter will bring the held rows back. */
      rd_tasks_selection_let_go (self->selection);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else if (shown == 0)
    {
      const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
      g_autofree char *text = g_strstrip (g_strdup (typed));
      /* Translators: %s is the filter text the user typed */
      g_autofree char *title = g_strdup_printf (_("No tasks match “%s”"), text);

      adw_status_page_set_title (self->no_match_page, title);
      gtk_stack_set_visible_child_name (self->stack, "no-match");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "tasks");
    }
}

static void
on_model_items_changed (RdTasksView *self,
                        guint        position,
                        guint        removed,
                        guint        added,
                        GListModel  *model)
{
  update_state (self);
}

/* Cells, as the table in rd-task-column.c describes them. Tooltips are made
 * when asked for (see on_column_view_query_tooltip ()): setting them on
 * every bind costs an X server round trip per cell, which made scrolling and
 * filtering crawl. */

static GtkWidget *
new_inscription (const RdTaskColumnInfo *info)
{
  return g_object_new (GTK_TYPE_INSCRIPTION,
                       "xalign", 0.0f,
                       "min-chars", info->min_chars,
                       "nat-chars", info->nat_chars,
                       "text-overflow", GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END,
                       "hexpand", TRUE,
                       NULL);
}

/* GtkInscription sizes its line from the metrics of the first font of the widget's font
 * list, but a name in Chinese is drawn with a fallback font (Noto Sans CJK on a Chinese
 * desktop) whose lines are taller: the bottom of the line, underscores included, was cut off
 * ("作业_0_数据清洗" read "作业 0 数据清洗"). So each cell is at least as tall as a line
 * laid out with the fonts fontconfig actually picks for Latin and Chinese text, measured once
 * per view and font. */
static int
get_line_height (RdTasksView *self)
{
  if (self->line_height == 0)
    {
      g_autoptr(PangoLayout) layout =
        gtk_widget_create_pango_layout (GTK_WIDGET (self->column_view), "Ag_作业_数据_");
      PangoRectangle logical;

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      self->line_height = MAX (logical.height, 1);
    }
  return self->line_height;
}

static void
on_font_changed (RdTasksView *self)
{
  /* The cells made from now on are measured again. */
  self->line_height = 0;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  RdTaskColumn column = GPOINTER_TO_UINT (user_data);
  const RdTaskColumnInfo *info = rd_task_column_get_info (column);
  RdTasksView *self = g_object_get_qdata (G_OBJECT (factory), view_quark);
  GtkWidget *inscription = new_inscription (info);
  GtkWidget *child;

  gtk_widget_set_size_request (inscription, -1, get_line_height (self));
  if (info->get_icon_name != NULL)
    {
      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_box_append (GTK_BOX (child),
                      g_object_new (GTK_TYPE_IMAGE,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                    NULL));
      gtk_box_append (GTK_BOX (child), inscription);
    }
  else
    {
      child = inscription;
    }

  /* For the row menu and the tooltips, which the column view handles for
   * all its cells (see pick_cell()). */
  g_object_set_qdata (G_OBJECT (child), list_item_quark, list_item);
  g_object_set_qdata (G_OBJECT (child), column_quark, GUINT_TO_POINTER (column + 1));
  gtk_list_item_set_child (list_item, child);
}

/* Shows @task in @list_item's cell of @column. */
static void
update_cell (GtkListItem *list_item,
             RdTaskColumn column,
             RdTask      *task)
{
  const RdTaskColumnInfo *info = rd_task_column_get_info (column);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  GtkWidget *inscription = child;
  g_autofree char *owned = NULL;
  const char *text;

  if (info->get_icon_name != NULL)
    {
      GtkWidget *image = gtk_widget_get_first_child (child);
      const char *style_class = NULL;
      const char *icon_name = info->get_icon_name (task, &style_class);
      const char *classes[] = { style_class, NULL };

      gtk_image_set_from_icon_name (GTK_IMAGE (image), icon_name);
      gtk_widget_set_visible (image, icon_name != NULL);
      gtk_widget_set_css_classes (image, classes);
      inscription = gtk_widget_get_last_child (child);
    }

  /* Never NULL: AT-SPI's text interface asks for its length (GLib-CRITICAL g_utf8_strlen). */
  if (info->get_string != NULL)
    text = info->get_string (task);
  else
    text = owned = info->dup_text (task);
  gtk_inscription_set_text (GTK_INSCRIPTION (inscription), text != NULL ? text : "");
}

/* The task @list_item's cell shows (its row's, once bound), or NULL. */
static RdTask *
get_cell_task (GtkListItem *list_item)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);

  return child != NULL ? g_object_get_qdata (G_OBJECT (child), task_quark) : NULL;
}

/* The task of a bound cell whose column has a changed_signal emitted it. */
static void
on_task_changed (RdTask      *task,
                 GtkListItem *list_item)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);
  guint column = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (child), column_quark));

  if (column > 0 && get_cell_task (list_item) == task)
    update_cell (list_item, column - 1, task);
}

/* Shows @task (NULL: none) in @list_item's cell of @column, and follows it when the
 * column has a changed_signal. The task is not referenced: the row shown holds it. */
static void
show_task (GtkListItem  *list_item,
           RdTaskColumn  column,
           RdTask       *task)
{
  const RdTaskColumnInfo *info = rd_task_column_get_info (column);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  RdTask *shown = g_object_get_qdata (G_OBJECT (child), task_quark);

  /* GTK 4.8 binds the rows it takes back after a change again: they show their task. */
  if (shown == task)
    return;

  if (info->changed_signal != NULL)
    {
      if (shown != NULL)
        g_signal_handlers_disconnect_by_func (shown, on_task_changed, list_item);
      /* With the list item, should it go first (a task can outlive the view: a change
       * being fetched holds it). */
      if (task != NULL)
        g_signal_connect_object (task, info->changed_signal, G_CALLBACK (on_task_changed),
                                 list_item, 0);
    }
  g_object_set_qdata (G_OBJECT (child), task_quark, task);

  if (task != NULL)
    update_cell (list_item, column, task);
}

/* A filter keystroke or a sort put another task in the row (see rd-tasks-selection.c). */
static void
on_row_task_changed (RdTaskRow   *row,
                     GtkListItem *list_item)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);
  guint column = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (child), column_quark));

  if (column > 0 && gtk_list_item_get_item (list_item) == (gpointer) row)
    show_task (list_item, column - 1, rd_task_row_get_task (row));
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  RdTaskColumn column = GPOINTER_TO_UINT (user_data);
  RdTaskRow *row = gtk_list_item_get_item (list_item);

  show_task (list_item, column, rd_task_row_get_task (row));
  /* Disconnected at unbind, which GTK calls before the cell is given another row; but GTK
   * 4.8 binds a row it takes back after a change again, without unbinding it. */
  g_signal_handlers_disconnect_by_func (row, on_row_task_changed, list_item);
  g_signal_connect_object (row, "task-changed", G_CALLBACK (on_row_task_changed), list_item, 0);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  RdTaskColumn column = GPOINTER_TO_UINT (user_data);
  RdTaskRow *row = gtk_list_item_get_item (list_item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, on_row_task_changed, list_item);
  show_task (list_item, column, NULL);
}

/* Right-click and tooltips. One controller on the column view serves every
 * cell: per-cell gestures (the Nautilus way on GTK 4.8) made each of the
 * hundreds of cells a filter change rebuilds cost more. */

/* Our widget in the cell at @x, @y of the column view, or NULL. */
static GtkWidget *
pick_cell (RdTasksView *self,
           double       x,
           double       y)
{
  GtkWidget *column_view = GTK_WIDGET (self->column_view);

  for (GtkWidget *widget = gtk_widget_pick (column_view, x, y, GTK_PICK_DEFAULT);
       widget != NULL && widget != column_view;
       widget = gtk_widget_get_parent (widget))
    {
      GtkWidget *child = gtk_widget_get_first_child (widget);

      if (g_object_get_qdata (G_OBJECT (widget), list_item_quark) != NULL)
        return widget;
      /* The cell's padding: its child is ours. */
      if (child != NULL && g_object_get_qdata (G_OBJECT (child), list_item_quark) != NULL)
        return child;
    }

  return NULL;
}

/* The row at @x, @y, between cells too ("columnview > listview > row > cell"). */
static GtkListItem *
pick_list_item (RdTasksView *self,
                double       x,
                double       y)
{
  GtkWidget *column_view = GTK_WIDGET (self->column_view);
  GtkWidget *cell = pick_cell (self, x, y);

  if (cell != NULL)
    return g_object_get_qdata (G_OBJECT (cell), list_item_quark);

  for (GtkWidget *widget = gtk_widget_pick (column_view, x, y, GTK_PICK_DEFAULT);
       widget != NULL && widget != column_view;
       widget = gtk_widget_get_parent (widget))
    {
      if (g_str_equal (gtk_widget_get_css_name (widget), "row"))
        return find_list_item_below (widget, GTK_INVALID_LIST_POSITION);
    }

  return NULL;
}

static void
popup_row_menu_at (RdTasksView *self,
                   GtkGesture  *gesture,
                   double       x,
                   double       y)
{
  GtkListItem *list_item = pick_list_item (self, x, y);
  guint position = list_item != NULL ? gtk_list_item_get_position (list_item)
                                     : GTK_INVALID_LIST_POSITION;
  double view_x, view_y;

  /* Not on a row (a column header, the empty end): someone else's click. */
  if (position == GTK_INVALID_LIST_POSITION)
    {
      gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);

  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self->column_view), GTK_WIDGET (self),
                                         x, y, &view_x, &view_y))
    view_x = view_y = 0;

  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);

  rd_tasks_menu_popup (self->row_menu, get_cell_task (list_item),
                       rd_tasks_view_get_shown_columns (self),
                       &(GdkRectangle) { (int) view_x, (int) view_y, 1, 1 });
}

static void
on_secondary_click_pressed (GtkGestureClick *gesture,
                            int              n_press,
                            double           x,
                            double           y,
                            RdTasksView     *self)
{
  popup_row_menu_at (self, GTK_GESTURE (gesture), x, y);
}

static void
on_long_press_pressed (GtkGestureLongPress *gesture,
                       double               x,
                       double               y,
                       RdTasksView         *self)
{
  popup_row_menu_at (self, GTK_GESTURE (gesture), x, y);
}

static gboolean
on_column_view_query_tooltip (GtkWidget   *column_view,
                              int          x,
                              int          y,
                              gboolean     keyboard_mode,
                              GtkTooltip  *tooltip,
                              RdTasksView *self)
{
  GtkWidget *cell = keyboard_mode ? NULL : pick_cell (self, x, y);
  GtkListItem *list_item;
  RdTask *task;
  RdTaskColumn column;
  g_autofree char *text = NULL;
  graphene_rect_t bounds;

  if (cell == NULL)
    return FALSE;

  list_item = g_object_get_qdata (G_OBJECT (cell), list_item_quark);
  task = get_cell_task (list_item);
  column = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (cell), column_quark)) - 1;

  if (task == NULL || (text = rd_task_dup_column_tooltip (task, column)) == NULL)
    return FALSE;

  /* Moving to another cell asks again. */
  if (gtk_widget_compute_bounds (cell, column_view, &bounds))
    gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
                                (int) bounds.origin.x, (int) bounds.origin.y,
                                (int) bounds.size.width, (int) bounds.size.height
                              });
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

/* Copying */

static void
emit_toast (RdTasksView *self,
            const char  *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

static void
copy_text (RdTasksView *self,
           const char  *text,
           const char  *toast)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  emit_toast (self, toast);
}

static void
toast_nothing_to_copy (RdTasksView *self)
{
  emit_toast (self, _("Nothing to copy"));
}

static guint
copy_ids_of (RdTasksView *self,
             GListModel  *tasks)
{
  g_autofree char *text = NULL;
  g_autofree char *toast = NULL;
  guint n_ids = 0;

  text = rd_task_format_ids (tasks, &n_ids);
  if (n_ids == 0)
    {
      toast_nothing_to_copy (self);
      return 0;
    }

  toast = g_strdup_printf (ngettext ("Copied %'u task ID", "Copied %'u task IDs", n_ids), n_ids);
  copy_text (self, text, toast);

  return n_ids;
}

guint
rd_tasks_view_copy_selected_ids (RdTasksView *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(RdItemList) selected_tasks = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), 0);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  tasks = g_ptr_array_new_full (gtk_bitset_get_size (selected), g_object_unref);

  /* Positions ascend: the shown order. */
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (tasks, g_list_model_get_item (G_LIST_MODEL (self->model), position));

  selected_tasks = rd_item_list_new (RD_TYPE_TASK, g_steal_pointer (&tasks));

  return copy_ids_of (self, G_LIST_MODEL (selected_tasks));
}

/* Every task of the package, whatever the filter hides: the menu says "All". */
guint
rd_tasks_view_copy_all_ids (RdTasksView *self)
{
  RdReleasePackage *package;

  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), 0);

  package = rd_tasks_model_get_package (self->model);
  if (package == NULL)
    {
      toast_nothing_to_copy (self);
      return 0;
    }
  return copy_ids_of (self, rd_release_package_get_tasks (package));
}

void
rd_tasks_view_clear_filter (RdTasksView *self)
{
  g_return_if_fail (RD_IS_TASKS_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

const char *
rd_tasks_view_get_filter_text (RdTasksView *self)
{
  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

guint
rd_tasks_view_get_shown_columns (RdTasksView *self)
{
  guint columns = 0;

  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), RD_TASK_COLUMNS_ALL);

  for (guint i = 0; i < RD_TASK_N_COLUMNS; i++)
    if (self->columns[i] != NULL && gtk_column_view_column_get_visible (self->columns[i]))
      columns |= 1u << i;
  return columns;
}

char **
rd_tasks_view_dup_hidden_columns (RdTasksView *self)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), NULL);

  for (guint i = 0; i < RD_TASK_N_COLUMNS; i++)
    if (self->columns[i] != NULL && !gtk_column_view_column_get_visible (self->columns[i]))
      g_strv_builder_add (ids, rd_task_column_get_info (i)->id);
  return g_strv_builder_end (ids);
}

void
rd_tasks_view_set_hidden_columns (RdTasksView        *self,
                                  const char * const *ids)
{
  g_return_if_fail (RD_IS_TASKS_VIEW (self));

  /* Each column's notify::visible says it (on_column_visible ()); an ID this version does not
   * have (a column of a newer one, in a shared setting) is left alone. */
  for (guint i = 0; i < RD_TASK_N_COLUMNS; i++)
    if (self->columns[i] != NULL)
      gtk_column_view_column_set_visible (
          self->columns[i],
          ids == NULL || !g_strv_contains (ids, rd_task_column_get_info (i)->id));
}

static void
on_column_visible (RdTasksView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIDDEN_COLUMNS]);
}

guint
rd_tasks_view_copy_table (RdTasksView *self)
{
  guint n_tasks;
  g_autofree char *text = NULL;
  g_autofree char *toast = NULL;

  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), 0);

  n_tasks = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (n_tasks == 0)
    {
      toast_nothing_to_copy (self);
      return 0;
    }

  /* What is shown: the rows the filter keeps, in their order, the columns shown. */
  text = rd_task_format_tsv (G_LIST_MODEL (self->model), rd_tasks_view_get_shown_columns (self));
  toast = g_strdup_printf (ngettext ("Copied the table of %'u task",
                                     "Copied the table of %'u tasks", n_tasks), n_tasks);
  copy_text (self, text, toast);

  return n_tasks;
}

guint
rd_tasks_view_copy_markdown (RdTasksView *self)
{
  guint n_tasks;
  g_autofree char *text = NULL;
  g_autofree char *toast = NULL;

  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), 0);

  n_tasks = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (n_tasks == 0)
    {
      toast_nothing_to_copy (self);
      return 0;
    }

  text = rd_task_format_markdown (G_LIST_MODEL (self->model),
                                  rd_tasks_view_get_shown_columns (self));
  toast = g_strdup_printf (ngettext ("Copied a Markdown table of %'u task",
                                     "Copied a Markdown table of %'u tasks", n_tasks), n_tasks);
  copy_text (self, text, toast);

  return n_tasks;
}

/* Actions */

static void
copy_selected_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  rd_tasks_view_copy_selected_ids (RD_TASKS_VIEW (widget));
}

static void
copy_all_ids_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  rd_tasks_view_copy_all_ids (RD_TASKS_VIEW (widget));
}

static void
copy_table_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  rd_tasks_view_copy_table (RD_TASKS_VIEW (widget));
}

static void
copy_markdown_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  rd_tasks_view_copy_markdown (RD_TASKS_VIEW (widget));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  rd_tasks_view_focus_search (RD_TASKS_VIEW (widget));
}

/* Our cell widgets carry their GtkListItem; a row's are below its widget. */
static GtkListItem *
find_list_item_below (GtkWidget *widget,
                      guint      position)
{
  GtkListItem *list_item = g_object_get_qdata (G_OBJECT (widget), list_item_quark);

  if (list_item != NULL &&
      gtk_widget_get_mapped (widget) &&
      (position == GTK_INVALID_LIST_POSITION || gtk_list_item_get_position (list_item) == position))
    return list_item;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      list_item = find_list_item_below (child, position);
      if (list_item != NULL)
        return list_item;
    }

  return NULL;
}

/* The row with the keyboard focus (GTK 4.8 has no API for it: the focus is
 * on the row widget, whose cells hold our widgets), else the first selected. */
static guint
get_focus_position (RdTasksView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  g_autoptr(GtkBitset) selected = NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    {
      GtkListItem *list_item = NULL;

      for (GtkWidget *w = focus; w != NULL && list_item == NULL; w = gtk_widget_get_parent (w))
        list_item = g_object_get_qdata (G_OBJECT (w), list_item_quark);

      if (list_item == NULL)
        list_item = find_list_item_below (focus, GTK_INVALID_LIST_POSITION);

      if (list_item != NULL && gtk_list_item_get_position (list_item) != GTK_INVALID_LIST_POSITION)
        return gtk_list_item_get_position (list_item);
    }

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (!gtk_bitset_is_empty (selected))
    return gtk_bitset_get_minimum (selected);

  return GTK_INVALID_LIST_POSITION;
}

static void
show_row_menu_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RdTasksView *self = RD_TASKS_VIEW (widget);
  guint position = get_focus_position (self);

  if (position != GTK_INVALID_LIST_POSITION)
    rd_tasks_view_popup_row_menu (self, position);
}

gboolean
rd_tasks_view_popup_row_menu (RdTasksView *self,
                              guint        position)
{
  g_autoptr(RdTask) task = NULL;
  GtkListItem *list_item;
  graphene_rect_t bounds;
  GdkRectangle rect;

  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), FALSE);

  task = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (task == NULL)
    return FALSE;

  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);

  /* Point at the row's first cell when it is on screen, else at the list. */
  list_item = find_list_item_below (GTK_WIDGET (self->column_view), position);
  if (list_item != NULL &&
      gtk_widget_compute_bounds (gtk_list_item_get_child (list_item), GTK_WIDGET (self), &bounds))
    {
      rect = (GdkRectangle) {
        (int) bounds.origin.x, (int) bounds.origin.y,
        MAX (1, (int) bounds.size.width), MAX (1, (int) bounds.size.height)
      };
    }
  else if (gtk_widget_compute_bounds (GTK_WIDGET (self->column_view), GTK_WIDGET (self), &bounds))
    {
      rect = (GdkRectangle) {
        (int) (bounds.origin.x + bounds.size.width / 2),
        (int) (bounds.origin.y + bounds.size.height / 2),
        1, 1
      };
    }
  else
    {
      rect = (GdkRectangle) { 0, 0, 1, 1 };
    }

  rd_tasks_menu_popup (self->row_menu, task, rd_tasks_view_get_shown_columns (self), &rect);

  return TRUE;
}

/* GtkWidget: one child (the template's box) and the row menu popover,
 * which a parent must present on every allocation. */

static void
rd_tasks_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  RdTasksView *self = RD_TASKS_VIEW (widget);

  gtk_widget_measure (self->box, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
rd_tasks_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  RdTasksView *self = RD_TASKS_VIEW (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);

  if (self->row_menu != NULL)
    rd_tasks_menu_present (self->row_menu);
}

static GtkSizeRequestMode
rd_tasks_view_get_request_mode (GtkWidget *widget)
{
  return gtk_widget_get_request_mode (RD_TASKS_VIEW (widget)->box);
}

static void
rd_tasks_view_compute_expand (GtkWidget *widget,
                              gboolean  *hexpand,
                              gboolean  *vexpand)
{
  RdTasksView *self = RD_TASKS_VIEW (widget);

  *hexpand = gtk_widget_compute_expand (self->box, GTK_ORIENTATION_HORIZONTAL);
  *vexpand = gtk_widget_compute_expand (self->box, GTK_ORIENTATION_VERTICAL);
}

static gboolean
rd_tasks_view_grab_focus (GtkWidget *widget)
{
  RdTasksView *self = RD_TASKS_VIEW (widget);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "tasks"))
    return gtk_widget_grab_focus (GTK_WIDGET (self->column_view));

  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* GObject */

static void
rd_tasks_view_dispose (GObject *object)
{
  RdTasksView *self = (RdTasksView *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->filter_idle_id, g_source_remove);
  /* Unparents its popover. */
  g_clear_object (&self->row_menu);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_model_items_changed, self);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  /* The column view holds the columns; they go with the template. */
  memset (self->columns, 0, sizeof self->columns);

  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_TASKS_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  /* Someone may still hold the model (rd_tasks_view_get_visible_model ()):
   * it works on without the view. */
  g_clear_object (&self->model);

  G_OBJECT_CLASS (rd_tasks_view_parent_class)->dispose (object);
}

static void
rd_tasks_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RdTasksView *self = RD_TASKS_VIEW (object);

  switch (prop_id)
    {
    case PROP_PACKAGE:
      g_value_set_object (value, rd_tasks_model_get_package (self->model));
      break;

    case PROP_HIDDEN_COLUMNS:
      g_value_take_boxed (value, rd_tasks_view_dup_hidden_columns (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_tasks_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RdTasksView *self = RD_TASKS_VIEW (object);

  switch (prop_id)
    {
    case PROP_PACKAGE:
      rd_tasks_view_set_package (self, g_value_get_object (value));
      break;

    case PROP_HIDDEN_COLUMNS:
      rd_tasks_view_set_hidden_columns (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_tasks_view_class_init (RdTasksViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_tasks_view_dispose;
  object_class->get_property = rd_tasks_view_get_property;
  object_class->set_property = rd_tasks_view_set_property;

  widget_class->measure = rd_tasks_view_measure;
  widget_class->size_allocate = rd_tasks_view_size_allocate;
  widget_class->get_request_mode = rd_tasks_view_get_request_mode;
  widget_class->compute_expand = rd_tasks_view_compute_expand;
  widget_class->grab_focus = rd_tasks_view_grab_focus;

  properties[PROP_PACKAGE] =
    g_param_spec_object ("package", NULL, NULL,
                         RD_TYPE_RELEASE_PACKAGE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RdTasksView:hidden-columns:
   *
   * The IDs of the columns hidden from the header menu (rd-task-column.c's "job-id" and so
   * on), for the window to keep in its settings.
   */
  properties[PROP_HIDDEN_COLUMNS] =
    g_param_spec_boxed ("hidden-columns", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdTasksView::toast:
   * @message: what was copied, translated ("Copied 3 task IDs")
   *
   * Emitted after each copy, for the window to show as a toast.
   */
  signals[TOAST] =
    g_signal_new ("toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  list_item_quark = g_quark_from_static_string ("rd-tasks-view-list-item");
  view_quark = g_quark_from_static_string ("rd-tasks-view-view");
  column_quark = g_quark_from_static_string ("rd-tasks-view-column");
  task_quark = g_quark_from_static_string ("rd-tasks-view-task");

  /* The resources register themselves, but only if the linker keeps their
   * object from the static library (a test may link this widget alone). */
  (void) rd_get_resource ();

  g_type_ensure (ADW_TYPE_STATUS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/releasedesk/ReleaseDesk/"
                                               "rd-tasks-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RdTasksView, box);
  gtk_widget_class_bind_template_child (widget_class, RdTasksView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RdTasksView, count_label);
  gtk_widget_class_bind_template_child (widget_class, RdTasksView, stack);
  gtk_widget_class_bind_template_child (widget_class, RdTasksView, column_view);
  gtk_widget_class_bind_template_child (widget_class, RdTasksView, no_match_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  gtk_widget_class_install_action (widget_class, "tasks.copy-selected", NULL, copy_selected_action);
  gtk_widget_class_install_action (widget_class, "tasks.copy-all-ids", NULL, copy_all_ids_action);
  gtk_widget_class_install_action (widget_class, "tasks.copy-table", NULL, copy_table_action);
  gtk_widget_class_install_action (widget_class, "tasks.copy-markdown", NULL, copy_markdown_action);
  gtk_widget_class_install_action (widget_class, "tasks.show-row-menu", NULL, show_row_menu_action);
  gtk_widget_class_install_action (widget_class, "tasks.focus-search", NULL, focus_search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "tasks.focus-search", NULL);

  gtk_widget_class_set_css_name (widget_class, "rdtasksview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rd_tasks_view_init (RdTasksView *self)
{
  g_autoptr(GSimpleActionGroup) column_actions = g_simple_action_group_new ();
  g_autoptr(GMenu) header_menu = g_menu_new ();
  g_autoptr(GMenu) header_section = NULL;
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (gtk_settings_get_default () != NULL)
    g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-font-name",
                             G_CALLBACK (on_font_changed), self, G_CONNECT_SWAPPED);

  self->model = rd_tasks_model_new (gtk_column_view_get_sorter (self->column_view));
  self->selection = rd_tasks_selection_new (G_LIST_MODEL (self->model));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->model, "items-changed",
                           G_CALLBACK (on_model_items_changed), self, G_CONNECT_SWAPPED);

  /* The columns of the table in rd-task-column.c that have a title. */
  header_section = g_menu_new ();
  for (guint i = 0; i < RD_TASK_N_COLUMNS; i++)
    {
      const RdTaskColumnInfo *info = rd_task_column_get_info (i);
      GtkListItemFactory *factory;
      g_autoptr(GPropertyAction) action = NULL;
      g_autoptr(GtkSorter) sorter = NULL;
      g_autofree char *action_name = NULL;
      g_autofree char *detailed_action = NULL;

      if (info->title == NULL)
        continue;

      sorter = rd_tasks_model_new_sorter (self->model, i);

      factory = gtk_signal_list_item_factory_new ();
      /* Not a reference: the factory lives in the view's column. */
      g_object_set_qdata (G_OBJECT (factory), view_quark, self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (i));
      if (info->changed_signal != NULL)
        g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), GUINT_TO_POINTER (i));

      self->columns[i] = gtk_column_view_column_new (rd_task_column_get_title (i), factory);
      gtk_column_view_column_set_resizable (self->columns[i], TRUE);
      gtk_column_view_column_set_expand (self->columns[i], info->expand);
      gtk_column_view_column_set_header_menu (self->columns[i], G_MENU_MODEL (header_menu));
      gtk_column_view_column_set_sorter (self->columns[i], sorter);
      gtk_column_view_append_column (self->column_view, self->columns[i]);
      g_signal_connect_object (self->columns[i], "notify::visible",
                               G_CALLBACK (on_column_visible), self, G_CONNECT_SWAPPED);
      /* The column view holds it now. */
      g_object_unref (self->columns[i]);

      /* The header menu's toggles (as the GTK demo listview_settings does). */
      action_name = g_strconcat ("show-", info->id, NULL);
      action = g_property_action_new (action_name, self->columns[i], "visible");
      g_action_map_add_action (G_ACTION_MAP (column_actions), G_ACTION (action));
      detailed_action = g_strconcat ("columns.", action_name, NULL);
      g_menu_append (header_section, rd_task_column_get_title (i), detailed_action);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "columns", G_ACTION_GROUP (column_actions));
  g_menu_append_section (header_menu, _("Columns"), G_MENU_MODEL (header_section));

  /* The row menu's copies join the view's own "tasks." actions (GTK looks
   * up the class's actions by their whole name, then the group by prefix). */
  self->row_menu = rd_tasks_menu_new (GTK_WIDGET (self));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "tasks",
                                  rd_tasks_menu_get_actions (self->row_menu));
  g_signal_connect_object (self->row_menu, "toast",
                           G_CALLBACK (emit_toast), self, G_CONNECT_SWAPPED);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_secondary_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_long_press_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->column_view), TRUE);
  g_signal_connect (self->column_view, "query-tooltip",
                    G_CALLBACK (on_column_view_query_tooltip), self);

  /* Typing in the list starts filtering. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));

  update_state (self);
}

GtkWidget *
rd_tasks_view_new (void)
{
  return g_object_new (RD_TYPE_TASKS_VIEW, NULL);
}

void
rd_tasks_view_set_package (RdTasksView      *self,
                           RdReleasePackage *package)
{
  g_return_if_fail (RD_IS_TASKS_VIEW (self));
  g_return_if_fail (package == NULL || RD_IS_RELEASE_PACKAGE (package));

  if (package == rd_tasks_model_get_package (self->model))
    return;

  rd_tasks_menu_popdown (self->row_menu);
  rd_tasks_model_set_package (self->model, package);
  /* A real package (up to about 100 tasks, 1,000 at most) filters in the frame after the
   * keystroke; GtkSearchEntry's pause (150 ms) only pays off where a filter pass is long. */
  gtk_search_entry_set_search_delay (self->search_entry,
                                     rd_tasks_model_get_n_tasks (self->model) <=
                                       IMMEDIATE_FILTER_MAX_TASKS ? 0 : DEFAULT_SEARCH_DELAY_MS);
  update_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACKAGE]);
}

RdReleasePackage *
rd_tasks_view_get_package (RdTasksView *self)
{
  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), NULL);

  return rd_tasks_model_get_package (self->model);
}

void
rd_tasks_view_focus_search (RdTasksView *self)
{
  g_return_if_fail (RD_IS_TASKS_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

GListModel *
rd_tasks_view_get_visible_model (RdTasksView *self)
{
  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), NULL);

  return G_LIST_MODEL (self->model);
}

GtkSelectionModel *
rd_tasks_view_get_selection (RdTasksView *self)
{
  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

void
rd_tasks_view_scroll_to (RdTasksView *self,
                         guint        position)
{
  g_return_if_fail (RD_IS_TASKS_VIEW (self));

  /* GTK 4.8's column view has no scroll_to () (4.12 adds it); its list view inside does the
   * same through its "list.scroll-to-item" action, which moves no focus. */
  rd_tasks_selection_tell_all (self->selection);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      {
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
        return;
      }
}

void
rd_tasks_view_column_changed (RdTasksView  *self,
                              RdTaskColumn  column)
{
  g_return_if_fail (RD_IS_TASKS_VIEW (self));

  rd_tasks_model_column_changed (self->model, column);
}

GtkColumnView *
rd_tasks_view_get_column_view (RdTasksView *self)
{
  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), NULL);

  return self->column_view;
}

GtkColumnViewColumn *
rd_tasks_view_get_column (RdTasksView  *self,
                          RdTaskColumn  column)
{
  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), NULL);
  g_return_val_if_fail (column < RD_TASK_N_COLUMNS, NULL);

  return self->columns[column];
}

const char *
rd_tasks_view_get_count_text (RdTasksView *self)
{
  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), NULL);

  return gtk_label_get_label (self->count_label);
}
