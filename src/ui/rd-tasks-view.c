/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-tasks-view.c: a package's tasks in a sortable, filterable GtkColumnView, with copying into tickets. */
#define G_LOG_DOMAIN "rd-tasks-view"

#include "config.h"

#include "rd-tasks-view.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-enums.h"
#include "rd-resources.h"
#include "rd-task-column.h"
#include "rd-task-format.h"
#include "rd-task.h"

/* RdTaskArray: a copy of a list model of tasks in an array, kept in step
 * with it, so that g_list_model_get_item() costs nothing. GListStore walks a
 * tree for an item (the sorted order reads it at random: 150 ms per filter
 * pass over 100,000 tasks), and GtkFilterListModel counts bits (GtkColumnView
 * reads every item a change brings back: 150 ms more). */

#define RD_TYPE_TASK_ARRAY (rd_task_array_get_type ())
G_DECLARE_FINAL_TYPE (RdTaskArray, rd_task_array, RD, TASK_ARRAY, GObject)

struct _RdTaskArray
{
  GObject     parent_instance;

  GListModel *source;
  GPtrArray  *items;
};

static GType
rd_task_array_get_item_type (GListModel *model)
{
  return RD_TYPE_TASK;
}

static guint
rd_task_array_get_n_items (GListModel *model)
{
  return RD_TASK_ARRAY (model)->items->len;
}

static gpointer
rd_task_array_get_item (GListModel *model,
                        guint       position)
{
  RdTaskArray *self = RD_TASK_ARRAY (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
rd_task_array_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rd_task_array_get_item_type;
  iface->get_n_items = rd_task_array_get_n_items;
  iface->get_item = rd_task_array_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (RdTaskArray, rd_task_array, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, rd_task_array_list_model_init))

static void
rd_task_array_insert_from_source (RdTaskArray *self,
                                  guint        position,
                                  guint        n)
{
  guint old_length = self->items->len;

  g_ptr_array_set_size (self->items, old_length + n);
  memmove (self->items->pdata + position + n,
           self->items->pdata + position,
           (old_length - position) * sizeof (gpointer));
  for (guint i = 0; i < n; i++)
    self->items->pdata[position + i] = g_list_model_get_item (self->source, position + i);
}

/* In place: only the changed range moves or is read. An incremental filter
 * sends hundreds of small changes per keystroke; copying all 100,000
 * pointers (and their references) for each was most of its cost.
 *
 * A removal is told to the view as starting at the first item. GTK 4.8's
 * list item manager keeps runs of items without a row as one tile, and
 * gtk_list_item_manager_remove_items() looks up the tile at the position
 * without the offset into it: a removal that starts inside such a run (the
 * list scrolled to the end, a filter keeping the first rows) removes the
 * wrong items and leaves rows of removed items on screen, bound to them,
 * or an empty table over thousands of items. Position 0 always starts a
 * tile. Rows of items that stay are not rebuilt: the view takes them back
 * by item. GTK 4.10 and later split the tile themselves; this costs them
 * nothing visible either. */
static void
rd_task_array_source_changed (RdTaskArray *self,
                              guint        position,
                              guint        removed,
                              guint        added,
                              GListModel  *source)
{
  if (removed > 0)
    g_ptr_array_remove_range (self->items, position, removed);
  if (added > 0)
    rd_task_array_insert_from_source (self, position, added);

  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, position + removed, position + added);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
rd_task_array_dispose (GObject *object)
{
  RdTaskArray *self = RD_TASK_ARRAY (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, rd_task_array_source_changed, self);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (rd_task_array_parent_class)->dispose (object);
}

static void
rd_task_array_finalize (GObject *object)
{
  RdTaskArray *self = RD_TASK_ARRAY (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (rd_task_array_parent_class)->finalize (object);
}

static void
rd_task_array_class_init (RdTaskArrayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_task_array_dispose;
  object_class->finalize = rd_task_array_finalize;
}

static void
rd_task_array_init (RdTaskArray *self)
{
}

static RdTaskArray *
rd_task_array_new (GListModel *source)
{
  RdTaskArray *self = g_object_new (RD_TYPE_TASK_ARRAY, NULL);
  guint n_items = g_list_model_get_n_items (source);

  self->source = g_object_ref (source);
  self->items = g_ptr_array_new_full (n_items, g_object_unref);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (self->items, g_list_model_get_item (source, i));

  g_signal_connect_swapped (source, "items-changed", G_CALLBACK (rd_task_array_source_changed), self);

  return self;
}

/* What a column's sorter compares by. */
typedef struct
{
  RdTasksView       *view;
  RdTaskCompareFunc  compare;   /* NULL: by the collation key in slot */
  int                slot;
} SortColumn;

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
  GMenuModel          *row_menu;

  /* From the table in rd-task-column.c: the view's columns (NULL for those
   * only copied) and what their sorters call. */
  GtkColumnViewColumn *columns[RD_TASK_N_COLUMNS];
  SortColumn           sort_columns[RD_TASK_N_COLUMNS];

  /* the package's tasks → RdTaskArray → sort_model → filter_model →
   * visible (an RdTaskArray) → selection → column_view */
  RdReleasePackage    *package;
  GtkSortListModel    *sort_model;
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filter_model;
  RdTaskArray         *visible;
  GtkMultiSelection   *selection;

  /* Per task of the package, its TaskKeys (the task holds no data of ours). */
  GHashTable          *task_keys;

  /* The casefolded filter text, NULL when the filter is empty. */
  char                *needle;
  guint                filter_idle_id;

  /* Making the keys of a new package's tasks ahead of the first keystroke. */
  guint                keys_idle_id;
  guint                keys_prepared;

  /* The row the row menu acts on, and where the focus was before. */
  GtkWidget           *row_menu_popover;
  RdTask              *menu_task;
  GtkWidget           *focus_before_menu;
};

G_DEFINE_FINAL_TYPE (RdTasksView, rd_tasks_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PACKAGE,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Per cell widget, its GtkListItem and its column (plus one). */
static GQuark list_item_quark;
static GQuark column_quark;

/* The columns sorted by collation keys (compare NULL in the table): each
 * has a slot in TaskKeys.collate_keys. */
static int collate_slots[RD_TASK_N_COLUMNS];
static RdTaskColumn collated_columns[RD_TASK_N_COLUMNS];
static guint n_collated;

static void update_state                (RdTasksView        *self);
static GtkListItem *find_list_item_below (GtkWidget          *widget,
                                          guint               position);
static void popup_row_menu_pointing_to  (RdTasksView        *self,
                                         const GdkRectangle *rect);

/* Per-task keys */

/* What filtering and sorting need from a task, made once per task on first
 * use and kept in the view: a keystroke over 100,000 tasks is one strstr()
 * each, and a sort compares ready collation keys. */
typedef struct
{
  char *search_key;      /* the searched fields, casefolded, one per line */
  char *collate_keys[];  /* per collated column, the collation key of its
                          * casefolded text, as GtkStringSorter's
                          * ignore-case compares */
} TaskKeys;

static void
task_keys_free (gpointer data)
{
  TaskKeys *keys = data;

  g_free (keys->search_key);
  for (guint i = 0; i < n_collated; i++)
    g_free (keys->collate_keys[i]);
  g_free (keys);
}

/* The table holds a reference on each task, so that no other task can get
 * its address and its keys; rd_tasks_view_set_package () empties it. */
static TaskKeys *
get_task_keys (RdTasksView *self,
               RdTask      *task)
{
  TaskKeys *keys = g_hash_table_lookup (self->task_keys, task);

  if (keys == NULL)
    {
      keys = g_malloc0 (sizeof (TaskKeys) + n_collated * sizeof (char *));
      g_hash_table_insert (self->task_keys, g_object_ref (task), keys);
    }

  return keys;
}

static const char *
get_search_key (RdTasksView *self,
                RdTask      *task)
{
  TaskKeys *keys = get_task_keys (self, task);

  if (keys->search_key == NULL)
    {
      g_autoptr(GString) joined = g_string_new (NULL);

      /* A newline between fields: a query never spans two of them. */
      for (guint column = 0; column < RD_TASK_N_COLUMNS; column++)
        {
          const RdTaskColumnInfo *info = rd_task_column_get_info (column);
          const char *field;

          if (!info->search || (field = info->get_string (task)) == NULL)
            continue;
          g_string_append (joined, field);
          g_string_append_c (joined, '\n');
        }

      keys->search_key = g_utf8_casefold (joined->str, joined->len);
    }

  return keys->search_key;
}

static const char *
get_collate_key (RdTasksView *self,
                 RdTask      *task,
                 int          slot)
{
  TaskKeys *keys = get_task_keys (self, task);

  if (keys->collate_keys[slot] == NULL)
    {
      const RdTaskColumnInfo *info = rd_task_column_get_info (collated_columns[slot]);
      const char *text = info->get_string (task);
      g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);

      keys->collate_keys[slot] = g_utf8_collate_key (folded, -1);
    }

  return keys->collate_keys[slot];
}

/* Sorting. GTK 4.8's column view sorter has no sort keys: it calls each
 * column sorter's compare for every pair, and GtkStringSorter then folds and
 * collates both strings every time (1.8 s for 100,000 names here). These
 * compare ready keys, or call the table's compare, which reads the numbers
 * directly (0.3 s with the keys made). */
static int
compare_tasks (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  SortColumn *sort = user_data;

  if (sort->compare != NULL)
    return sort->compare ((RdTask *) a, (RdTask *) b);

  return strcmp (get_collate_key (sort->view, (RdTask *) a, sort->slot),
                 get_collate_key (sort->view, (RdTask *) b, sort->slot));
}

/* Keys made in idle time, a slice at a time (a few milliseconds each), so
 * the first keystroke and the first sort by name on a big package find them
 * ready instead of making 100,000 of them at once. */
#define KEYS_PER_SLICE 1000

static gboolean
prepare_keys_slice (gpointer user_data)
{
  RdTasksView *self = user_data;
  GListModel *tasks = rd_release_package_get_tasks (self->package);
  guint n_tasks = g_list_model_get_n_items (tasks);
  guint end = MIN (self->keys_prepared + KEYS_PER_SLICE, n_tasks);

  for (; self->keys_prepared < end; self->keys_prepared++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, self->keys_prepared);

      get_search_key (self, task);
      if (collate_slots[RD_TASK_COLUMN_NAME] >= 0)
        get_collate_key (self, task, collate_slots[RD_TASK_COLUMN_NAME]);
    }

  if (self->keys_prepared < n_tasks)
    return G_SOURCE_CONTINUE;

  self->keys_idle_id = 0;
  return G_SOURCE_REMOVE;
}

/* Filtering */

static gboolean
filter_task (gpointer item,
             gpointer user_data)
{
  RdTasksView *self = user_data;

  if (self->needle == NULL)
    return TRUE;

  return strstr (get_search_key (self, item), self->needle) != NULL;
}

static void
set_filter_text (RdTasksView *self,
                 const char  *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *needle = NULL;
  GtkFilterChange change;
  gint64 start;

  if (*stripped != '\0')
    needle = g_utf8_casefold (stripped, -1);

  if (g_strcmp0 (needle, self->needle) == 0)
    {
      update_state (self);
      return;
    }

  /* Tell the filter model which rows can stay as they are. */
  if (self->needle == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (needle == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else if (strstr (needle, self->needle) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (self->needle, needle) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (self->needle);
  self->needle = g_steal_pointer (&needle);

  start = g_get_monotonic_time ();
  /* No text, no filter: the model then passes every row through without
   * asking (and without an incremental pass over them all). */
  if (self->needle == NULL)
    gtk_filter_list_model_set_filter (self->filter_model, NULL);
  else if (gtk_filter_list_model_get_filter (self->filter_model) == NULL)
    gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
  else
    gtk_filter_changed (GTK_FILTER (self->filter), change);
  g_debug ("Filtered to %u tasks in %.1f ms",
           g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)),
           (g_get_monotonic_time () - start) / 1000.0);

  /* The rows may be the same ones, yet the "no match" title names the text. */
  update_state (self);
}

static gboolean
apply_filter_text (gpointer user_data)
{
  RdTasksView *self = user_data;

  self->filter_idle_id = 0;
  set_filter_text (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

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
  GListModel *tasks = self->package != NULL ? rd_release_package_get_tasks (self->package) : NULL;
  guint total = tasks != NULL ? g_list_model_get_n_items (tasks) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->visible));
  g_autofree char *count = NULL;

  if (self->package == NULL)
    count = g_strdup ("");
  else if (self->needle != NULL)
    /* Translators: the number of tasks the filter shows, of all the package's tasks */
    count = g_strdup_printf (ngettext ("%u of %u task", "%u of %u tasks", total), shown, total);
  else
    count = g_strdup_printf (ngettext ("%u task", "%u tasks", total), total);

  gtk_label_set_label (self->count_label, count);

  if (total == 0)
    {
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
on_filter_items_changed (RdTasksView *self,
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

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  RdTaskColumn column = GPOINTER_TO_UINT (user_data);
  const RdTaskColumnInfo *info = rd_task_column_get_info (column);
  GtkWidget *child;

  if (info->get_icon_name != NULL)
    {
      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_box_append (GTK_BOX (child),
                      g_object_new (GTK_TYPE_IMAGE,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                    NULL));
      gtk_box_append (GTK_BOX (child), new_inscription (info));
    }
  else
    {
      child = new_inscription (info);
    }

  /* For the row menu and the tooltips, which the column view handles for
   * all its cells (see pick_cell()). */
  g_object_set_qdata (G_OBJECT (child), list_item_quark, list_item);
  g_object_set_qdata (G_OBJECT (child), column_quark, GUINT_TO_POINTER (column + 1));
  gtk_list_item_set_child (list_item, child);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  const RdTaskColumnInfo *info = rd_task_column_get_info (GPOINTER_TO_UINT (user_data));
  GtkWidget *child = gtk_list_item_get_child (list_item);
  RdTask *task = gtk_list_item_get_item (list_item);
  GtkWidget *inscription = child;
  g_autofree char *owned = NULL;

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

  if (info->get_string != NULL)
    gtk_inscription_set_text (GTK_INSCRIPTION (inscription), info->get_string (task));
  else
    gtk_inscription_set_text (GTK_INSCRIPTION (inscription), (owned = info->dup_text (task)));
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
  guint position = list_item != NULL ? gtk_list_item_get_position (list_item) : GTK_INVALID_LIST_POSITION;
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

  g_set_object (&self->menu_task, gtk_list_item_get_item (list_item));
  popup_row_menu_pointing_to (self, &(GdkRectangle) { (int) view_x, (int) view_y, 1, 1 });
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
  task = gtk_list_item_get_item (list_item);
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

  toast = g_strdup_printf (ngettext ("Copied %u task ID", "Copied %u task IDs", n_ids), n_ids);
  copy_text (self, text, toast);

  return n_ids;
}

guint
rd_tasks_view_copy_selected_ids (RdTasksView *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GListStore) store = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), 0);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  tasks = g_ptr_array_new_full (gtk_bitset_get_size (selected), g_object_unref);

  /* Positions ascend: the shown order. */
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (tasks, g_list_model_get_item (G_LIST_MODEL (self->visible), position));

  store = g_list_store_new (RD_TYPE_TASK);
  g_list_store_splice (store, 0, 0, tasks->pdata, tasks->len);

  return copy_ids_of (self, G_LIST_MODEL (store));
}

guint
rd_tasks_view_copy_all_ids (RdTasksView *self)
{
  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), 0);

  return copy_ids_of (self, G_LIST_MODEL (self->visible));
}

guint
rd_tasks_view_copy_table (RdTasksView *self)
{
  guint n_tasks;
  g_autofree char *text = NULL;
  g_autofree char *toast = NULL;

  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), 0);

  n_tasks = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  if (n_tasks == 0)
    {
      toast_nothing_to_copy (self);
      return 0;
    }

  text = rd_task_format_tsv (G_LIST_MODEL (self->visible));
  toast = g_strdup_printf (ngettext ("Copied the table of %u task",
                                     "Copied the table of %u tasks", n_tasks), n_tasks);
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

  n_tasks = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  if (n_tasks == 0)
    {
      toast_nothing_to_copy (self);
      return 0;
    }

  text = rd_task_format_markdown (G_LIST_MODEL (self->visible));
  toast = g_strdup_printf (ngettext ("Copied a Markdown table of %u task",
                                     "Copied a Markdown table of %u tasks", n_tasks), n_tasks);
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

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* The row menu shows only the copies the row has a value for. */
static void
update_row_actions (RdTasksView *self)
{
  RdTask *task = self->menu_task;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "tasks.copy-release-id",
                                 task != NULL && has_text (rd_task_get_pending_item_id (task)));
  gtk_widget_action_set_enabled (widget, "tasks.copy-job-id",
                                 task != NULL && has_text (rd_task_get_task_id (task)));
  gtk_widget_action_set_enabled (widget, "tasks.copy-script-id",
                                 task != NULL && has_text (rd_task_get_script_id (task)));
  gtk_widget_action_set_enabled (widget, "tasks.copy-name",
                                 task != NULL && has_text (rd_task_get_item_name (task)));
  gtk_widget_action_set_enabled (widget, "tasks.copy-row", task != NULL);
}

static void
copy_row_value_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RdTasksView *self = RD_TASKS_VIEW (widget);
  RdTask *task = self->menu_task;
  g_autofree char *row = NULL;
  const char *text;
  const char *toast;

  if (task == NULL)
    return;

  if (g_str_equal (action_name, "tasks.copy-release-id"))
    {
      text = rd_task_get_pending_item_id (task);
      toast = _("Copied release task ID");
    }
  else if (g_str_equal (action_name, "tasks.copy-job-id"))
    {
      text = rd_task_get_task_id (task);
      toast = _("Copied job ID");
    }
  else if (g_str_equal (action_name, "tasks.copy-script-id"))
    {
      text = rd_task_get_script_id (task);
      toast = _("Copied script ID");
    }
  else if (g_str_equal (action_name, "tasks.copy-name"))
    {
      text = rd_task_get_item_name (task);
      toast = _("Copied name");
    }
  else
    {
      g_assert (g_str_equal (action_name, "tasks.copy-row"));
      text = row = rd_task_format_row (task);
      toast = _("Copied row");
    }

  if (!has_text (text))
    {
      toast_nothing_to_copy (self);
      return;
    }

  copy_text (self, text, toast);
}

static void
popup_row_menu_pointing_to (RdTasksView        *self,
                            const GdkRectangle *rect)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* Closing the popover would leave the focus on the search entry, the
   * view's first focusable child: give it back to the row instead. */
  g_set_weak_pointer (&self->focus_before_menu, root != NULL ? gtk_root_get_focus (root) : NULL);

  update_row_actions (self);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_menu_popover), rect);
  gtk_popover_popup (GTK_POPOVER (self->row_menu_popover));
}

static void
on_row_menu_closed (RdTasksView *self,
                    GtkPopover  *popover)
{
  GtkWidget *focus = self->focus_before_menu;

  g_clear_weak_pointer (&self->focus_before_menu);

  if (focus != NULL && gtk_widget_get_mapped (focus))
    gtk_widget_grab_focus (focus);
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

  task = g_list_model_get_item (G_LIST_MODEL (self->visible), position);
  if (task == NULL)
    return FALSE;

  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);

  g_set_object (&self->menu_task, task);

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

  popup_row_menu_pointing_to (self, &rect);

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

  if (self->row_menu_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->row_menu_popover));
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
  g_clear_handle_id (&self->keys_idle_id, g_source_remove);
  g_clear_object (&self->menu_task);
  g_clear_weak_pointer (&self->focus_before_menu);
  g_clear_pointer (&self->row_menu_popover, gtk_widget_unparent);

  if (self->visible != NULL)
    g_signal_handlers_disconnect_by_func (self->visible, on_filter_items_changed, self);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);

  /* Someone may still hold the visible model: the filter and the sorters
   * must not call us. */
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  for (guint i = 0; i < RD_TASK_N_COLUMNS; i++)
    {
      GtkSorter *sorter;

      if (self->columns[i] == NULL)
        continue;
      sorter = gtk_column_view_column_get_sorter (self->columns[i]);
      gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (sorter), NULL, NULL, NULL);
      /* The column view holds the column; it goes with the template. */
      self->columns[i] = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_TASKS_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->visible);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->package);
  g_clear_pointer (&self->task_keys, g_hash_table_unref);

  G_OBJECT_CLASS (rd_tasks_view_parent_class)->dispose (object);
}

static void
rd_tasks_view_finalize (GObject *object)
{
  RdTasksView *self = (RdTasksView *)object;

  g_clear_pointer (&self->needle, g_free);

  G_OBJECT_CLASS (rd_tasks_view_parent_class)->finalize (object);
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
      g_value_set_object (value, self->package);
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
  object_class->finalize = rd_tasks_view_finalize;
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
  column_quark = g_quark_from_static_string ("rd-tasks-view-column");

  for (guint i = 0; i < RD_TASK_N_COLUMNS; i++)
    {
      const RdTaskColumnInfo *info = rd_task_column_get_info (i);

      /* What the table must hold (rd-task-column.h). */
      g_assert ((info->get_string != NULL) != (info->dup_text != NULL));
      g_assert (info->get_string != NULL || (info->compare != NULL && !info->search));

      if (info->compare != NULL)
        {
          collate_slots[i] = -1;
          continue;
        }
      collate_slots[i] = n_collated;
      collated_columns[n_collated++] = i;
    }

  /* The resources register themselves, but only if the linker keeps their
   * object from the static library (a test may link this widget alone). */
  (void) rd_get_resource ();

  g_type_ensure (ADW_TYPE_STATUS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/releasedesk/ReleaseDesk/rd-tasks-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RdTasksView, box);
  gtk_widget_class_bind_template_child (widget_class, RdTasksView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RdTasksView, count_label);
  gtk_widget_class_bind_template_child (widget_class, RdTasksView, stack);
  gtk_widget_class_bind_template_child (widget_class, RdTasksView, column_view);
  gtk_widget_class_bind_template_child (widget_class, RdTasksView, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, RdTasksView, row_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  gtk_widget_class_install_action (widget_class, "tasks.copy-selected", NULL, copy_selected_action);
  gtk_widget_class_install_action (widget_class, "tasks.copy-all-ids", NULL, copy_all_ids_action);
  gtk_widget_class_install_action (widget_class, "tasks.copy-table", NULL, copy_table_action);
  gtk_widget_class_install_action (widget_class, "tasks.copy-markdown", NULL, copy_markdown_action);
  gtk_widget_class_install_action (widget_class, "tasks.copy-release-id", NULL, copy_row_value_action);
  gtk_widget_class_install_action (widget_class, "tasks.copy-job-id", NULL, copy_row_value_action);
  gtk_widget_class_install_action (widget_class, "tasks.copy-script-id", NULL, copy_row_value_action);
  gtk_widget_class_install_action (widget_class, "tasks.copy-name", NULL, copy_row_value_action);
  gtk_widget_class_install_action (widget_class, "tasks.copy-row", NULL, copy_row_value_action);
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

  self->task_keys = g_hash_table_new_full (NULL, NULL, g_object_unref, task_keys_free);

  /* Sorted, then filtered. The order (filter, then sort) shows the
   * same rows in the same order, but a keystroke that brings tasks back
   * re-sorts them all, compare by compare (see compare_tasks()): hundreds of
   * milliseconds for 100,000. This way a keystroke never sorts. */
  self->filter = gtk_custom_filter_new (filter_task, self, NULL);
  self->sort_model = gtk_sort_list_model_new (NULL,
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  /* No filter until there is text (see set_filter_text ()). */
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sort_model)), NULL);
  /* The filter model finds its n-th item by counting bits, and GtkColumnView
   * asks for every item a change brings back (it looks for the rows it had):
   * 150 ms for 100,000. A copy in an array answers at once. */
  self->visible = rd_task_array_new (G_LIST_MODEL (self->filter_model));
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->visible)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->visible, "items-changed",
                           G_CALLBACK (on_filter_items_changed), self, G_CONNECT_SWAPPED);

  /* The columns of the table in rd-task-column.c that have a title. */
  header_section = g_menu_new ();
  for (guint i = 0; i < RD_TASK_N_COLUMNS; i++)
    {
      const RdTaskColumnInfo *info = rd_task_column_get_info (i);
      GtkListItemFactory *factory;
      g_autoptr(GPropertyAction) action = NULL;
      g_autoptr(GtkCustomSorter) sorter = NULL;
      g_autofree char *action_name = NULL;
      g_autofree char *detailed_action = NULL;

      if (info->title == NULL)
        continue;

      self->sort_columns[i] = (SortColumn) { self, info->compare, collate_slots[i] };
      sorter = gtk_custom_sorter_new (compare_tasks, &self->sort_columns[i], NULL);

      factory = gtk_signal_list_item_factory_new ();
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (i));

      self->columns[i] = gtk_column_view_column_new (rd_task_column_get_title (i), factory);
      gtk_column_view_column_set_resizable (self->columns[i], TRUE);
      gtk_column_view_column_set_expand (self->columns[i], info->expand);
      gtk_column_view_column_set_header_menu (self->columns[i], G_MENU_MODEL (header_menu));
      gtk_column_view_column_set_sorter (self->columns[i], GTK_SORTER (sorter));
      gtk_column_view_append_column (self->column_view, self->columns[i]);
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

  self->row_menu_popover = gtk_popover_menu_new_from_model (self->row_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->row_menu_popover), FALSE);
  gtk_widget_set_halign (self->row_menu_popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->row_menu_popover, GTK_WIDGET (self));
  g_signal_connect_object (self->row_menu_popover, "closed",
                           G_CALLBACK (on_row_menu_closed), self, G_CONNECT_SWAPPED);
  update_row_actions (self);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_secondary_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_long_press_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->column_view), TRUE);
  g_signal_connect (self->column_view, "query-tooltip", G_CALLBACK (on_column_view_query_tooltip), self);

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

  if (!g_set_object (&self->package, package))
    return;

  g_clear_object (&self->menu_task);
  gtk_popover_popdown (GTK_POPOVER (self->row_menu_popover));
  update_row_actions (self);

  /* The keys of the old package's tasks go before its tasks leave the view:
   * nothing asks for them in between. */
  g_hash_table_remove_all (self->task_keys);
  g_clear_handle_id (&self->keys_idle_id, g_source_remove);
  self->keys_prepared = 0;
  if (package != NULL)
    self->keys_idle_id = g_idle_add_full (G_PRIORITY_LOW, prepare_keys_slice, self, NULL);

  if (package != NULL)
    {
      g_autoptr(RdTaskArray) tasks = rd_task_array_new (rd_release_package_get_tasks (package));

      gtk_sort_list_model_set_model (self->sort_model, G_LIST_MODEL (tasks));
    }
  else
    {
      gtk_sort_list_model_set_model (self->sort_model, NULL);
    }
  update_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACKAGE]);
}

RdReleasePackage *
rd_tasks_view_get_package (RdTasksView *self)
{
  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), NULL);

  return self->package;
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

  return G_LIST_MODEL (self->visible);
}

GtkSelectionModel *
rd_tasks_view_get_selection (RdTasksView *self)
{
  g_return_val_if_fail (RD_IS_TASKS_VIEW (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
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
