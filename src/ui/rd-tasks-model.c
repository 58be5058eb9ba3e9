/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-tasks-model.c: the tasks view's rows: a package's tasks sorted, filtered, in an array. */
#define G_LOG_DOMAIN "rd-tasks-model"

#include "config.h"

#include "rd-tasks-model.h"

#include <string.h>

#include "rd-task.h"

/* the package's tasks (an RdItemList) → sort_model → filter_model → the
 * model itself: a copy of the filter model's items in an array, kept in step
 * with it, so that g_list_model_get_item () costs nothing.
 *
 * Sorted, then filtered. The other order (filter, then sort) shows the same
 * rows in the same order, but a keystroke that brings tasks back re-sorts
 * them all, compare by compare (see compare_tasks ()): hundreds of
 * milliseconds for 100,000. This way a keystroke never sorts.
 *
 * The array: GtkFilterListModel finds its n-th item by counting bits, and
 * GtkColumnView asks for every item a change brings back (it looks for the
 * rows it had): 150 ms for 100,000. An array answers at once. */

/* What a column's sorter compares by: the table's compare, or the collation
 * keys of its text. */
typedef struct
{
  RdTasksModel *model;
  RdTaskColumn  column;
} SortColumn;

struct _RdTasksModel
{
  GObject              parent_instance;

  RdReleasePackage    *package;
  GtkSortListModel    *sort_model;
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filter_model;
  GPtrArray           *items;

  /* The sorters handed out, so that none calls a disposed model. */
  GtkCustomSorter     *sorters[RD_TASK_N_COLUMNS];
  SortColumn           sort_columns[RD_TASK_N_COLUMNS];

  /* Per task of the package, its TaskKeys (the task holds no data of ours). */
  GHashTable          *task_keys;

  /* The casefolded filter text, NULL when the filter is empty. */
  char                *needle;

  /* Making the keys of a new package's tasks ahead of the first keystroke. */
  guint                keys_idle_id;
  guint                keys_prepared;
};

static void rd_tasks_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdTasksModel, rd_tasks_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rd_tasks_model_list_model_init))

/* The columns sorted by collation keys (compare NULL in the table): each
 * has a slot in TaskKeys.collate_keys. */
static int collate_slots[RD_TASK_N_COLUMNS];
static RdTaskColumn collated_columns[RD_TASK_N_COLUMNS];
static guint n_collated;

/* Per-task keys */

/* What filtering and sorting need from a task, made once per task on first
 * use and kept here: a keystroke over 100,000 tasks is one strstr () each,
 * and a sort compares ready collation keys. */
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
 * its address and its keys; rd_tasks_model_set_package () empties it. */
static TaskKeys *
get_task_keys (RdTasksModel *self,
               RdTask       *task)
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
get_search_key (RdTasksModel *self,
                RdTask       *task)
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
get_collate_key (RdTasksModel *self,
                 RdTask       *task,
                 int           slot)
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

/* Keys made in idle time, a slice at a time (a few milliseconds each), so
 * the first keystroke and the first sort by a text column on a big package
 * find them ready instead of making 100,000 of them at once. */
#define KEYS_PER_SLICE 1000

static gboolean
prepare_keys_slice (gpointer user_data)
{
  RdTasksModel *self = user_data;
  GListModel *tasks = rd_release_package_get_tasks (self->package);
  guint n_tasks = g_list_model_get_n_items (tasks);
  guint end = MIN (self->keys_prepared + KEYS_PER_SLICE, n_tasks);

  for (; self->keys_prepared < end; self->keys_prepared++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, self->keys_prepared);

      get_search_key (self, task);
      for (guint slot = 0; slot < n_collated; slot++)
        get_collate_key (self, task, slot);
    }

  if (self->keys_prepared < n_tasks)
    return G_SOURCE_CONTINUE;

  self->keys_idle_id = 0;
  return G_SOURCE_REMOVE;
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
  RdTaskCompareFunc compare = rd_task_column_get_info (sort->column)->compare;
  int slot = collate_slots[sort->column];

  if (compare != NULL)
    return compare ((RdTask *) a, (RdTask *) b);

  return strcmp (get_collate_key (sort->model, (RdTask *) a, slot),
                 get_collate_key (sort->model, (RdTask *) b, slot));
}

/* Filtering */

static gboolean
filter_task (gpointer item,
             gpointer user_data)
{
  RdTasksModel *self = user_data;

  if (self->needle == NULL)
    return TRUE;

  return strstr (get_search_key (self, item), self->needle) != NULL;
}

/* GListModel: the array */

static GType
rd_tasks_model_get_item_type (GListModel *model)
{
  return RD_TYPE_TASK;
}

static guint
rd_tasks_model_get_n_items (GListModel *model)
{
  return RD_TASKS_MODEL (model)->items->len;
}

static gpointer
rd_tasks_model_get_item (GListModel *model,
                         guint       position)
{
  RdTasksModel *self = RD_TASKS_MODEL (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
rd_tasks_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rd_tasks_model_get_item_type;
  iface->get_n_items = rd_tasks_model_get_n_items;
  iface->get_item = rd_tasks_model_get_item;
}

static void
insert_from_filter_model (RdTasksModel *self,
                          guint         position,
                          guint         n)
{
  guint old_length = self->items->len;

  g_ptr_array_set_size (self->items, old_length + n);
  memmove (self->items->pdata + position + n,
           self->items->pdata + position,
           (old_length - position) * sizeof (gpointer));
  for (guint i = 0; i < n; i++)
    self->items->pdata[position + i] = g_list_model_get_item (G_LIST_MODEL (self->filter_model),
                                                              position + i);
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
 * nothing visible either. The /tasks-view/screen/ tests check what is on
 * screen after each such change. */
static void
on_filter_model_items_changed (RdTasksModel *self,
                               guint         position,
                               guint         removed,
                               guint         added,
                               GListModel   *filter_model)
{
  if (removed > 0)
    g_ptr_array_remove_range (self->items, position, removed);
  if (added > 0)
    insert_from_filter_model (self, position, added);

  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, position + removed, position + added);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* GObject */

static void
rd_tasks_model_dispose (GObject *object)
{
  RdTasksModel *self = RD_TASKS_MODEL (object);

  g_clear_handle_id (&self->keys_idle_id, g_source_remove);

  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_func (self->filter_model, on_filter_model_items_changed, self);

  /* The column view may hold the sorters longer: they must not call us. */
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  for (guint i = 0; i < RD_TASK_N_COLUMNS; i++)
    {
      if (self->sorters[i] == NULL)
        continue;
      gtk_custom_sorter_set_sort_func (self->sorters[i], NULL, NULL, NULL);
      g_clear_object (&self->sorters[i]);
    }

  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->package);
  g_clear_pointer (&self->task_keys, g_hash_table_unref);
  if (self->items != NULL)
    g_ptr_array_set_size (self->items, 0);

  G_OBJECT_CLASS (rd_tasks_model_parent_class)->dispose (object);
}

static void
rd_tasks_model_finalize (GObject *object)
{
  RdTasksModel *self = RD_TASKS_MODEL (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->needle, g_free);

  G_OBJECT_CLASS (rd_tasks_model_parent_class)->finalize (object);
}

static void
rd_tasks_model_class_init (RdTasksModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_tasks_model_dispose;
  object_class->finalize = rd_tasks_model_finalize;

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
}

static void
rd_tasks_model_init (RdTasksModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->task_keys = g_hash_table_new_full (NULL, NULL, g_object_unref, task_keys_free);
}

RdTasksModel *
rd_tasks_model_new (GtkSorter *sorter)
{
  RdTasksModel *self;

  g_return_val_if_fail (sorter == NULL || GTK_IS_SORTER (sorter), NULL);

  self = g_object_new (RD_TYPE_TASKS_MODEL, NULL);
  self->filter = gtk_custom_filter_new (filter_task, self, NULL);
  self->sort_model = gtk_sort_list_model_new (NULL, sorter != NULL ? g_object_ref (sorter) : NULL);
  /* No filter until there is text (see rd_tasks_model_set_filter_text ()). */
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sort_model)),
                                                  NULL);
  g_signal_connect_swapped (self->filter_model, "items-changed",
                            G_CALLBACK (on_filter_model_items_changed), self);

  return self;
}

void
rd_tasks_model_set_package (RdTasksModel     *self,
                            RdReleasePackage *package)
{
  g_return_if_fail (RD_IS_TASKS_MODEL (self));
  g_return_if_fail (package == NULL || RD_IS_RELEASE_PACKAGE (package));

  if (!g_set_object (&self->package, package))
    return;

  /* The keys of the old package's tasks go before its tasks leave the
   * model: nothing asks for them in between. */
  g_hash_table_remove_all (self->task_keys);
  g_clear_handle_id (&self->keys_idle_id, g_source_remove);
  self->keys_prepared = 0;
  if (package != NULL)
    self->keys_idle_id = g_idle_add_full (G_PRIORITY_LOW, prepare_keys_slice, self, NULL);

  /* The package's list is an RdItemList, an array that never changes:
   * the sort reads it at random, each item in O(1). */
  gtk_sort_list_model_set_model (self->sort_model,
                                 package != NULL ? rd_release_package_get_tasks (package) : NULL);
}

RdReleasePackage *
rd_tasks_model_get_package (RdTasksModel *self)
{
  g_return_val_if_fail (RD_IS_TASKS_MODEL (self), NULL);

  return self->package;
}

guint
rd_tasks_model_get_n_tasks (RdTasksModel *self)
{
  g_return_val_if_fail (RD_IS_TASKS_MODEL (self), 0);

  if (self->package == NULL)
    return 0;

  return g_list_model_get_n_items (rd_release_package_get_tasks (self->package));
}

GtkSorter *
rd_tasks_model_new_sorter (RdTasksModel *self,
                           RdTaskColumn  column)
{
  g_return_val_if_fail (RD_IS_TASKS_MODEL (self), NULL);
  g_return_val_if_fail (column < RD_TASK_N_COLUMNS, NULL);
  g_return_val_if_fail (self->sorters[column] == NULL, NULL);

  self->sort_columns[column] = (SortColumn) { self, column };
  self->sorters[column] = gtk_custom_sorter_new (compare_tasks, &self->sort_columns[column], NULL);

  return g_object_ref (GTK_SORTER (self->sorters[column]));
}

void
rd_tasks_model_column_changed (RdTasksModel *self,
                               RdTaskColumn  column)
{
  g_return_if_fail (RD_IS_TASKS_MODEL (self));
  g_return_if_fail (column < RD_TASK_N_COLUMNS);

  /* The column view's sorter passes it on only when it sorts by @column. */
  if (self->sorters[column] != NULL)
    gtk_sorter_changed (GTK_SORTER (self->sorters[column]), GTK_SORTER_CHANGE_DIFFERENT);
}

void
rd_tasks_model_set_filter_text (RdTasksModel *self,
                                const char   *text)
{
  g_autofree char *stripped = NULL;
  g_autofree char *needle = NULL;
  GtkFilterChange change;
  gint64 start;

  g_return_if_fail (RD_IS_TASKS_MODEL (self));

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*stripped != '\0')
    needle = g_utf8_casefold (stripped, -1);

  if (g_strcmp0 (needle, self->needle) == 0)
    return;

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
           self->items->len, (g_get_monotonic_time () - start) / 1000.0);
}

gboolean
rd_tasks_model_is_filtered (RdTasksModel *self)
{
  g_return_val_if_fail (RD_IS_TASKS_MODEL (self), FALSE);

  return self->needle != NULL;
}
