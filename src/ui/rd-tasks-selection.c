/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-tasks-selection.c: the column view's rows over the tasks model, and the selected tasks. */
#define G_LOG_DOMAIN "rd-tasks-selection"

#include "config.h"

#include "rd-tasks-selection.h"

/* Why rows and not the tasks themselves.
 *
 * A column view's rows are GtkColumnViewCells with our widgets in them, 2,000
 * of them for the 200 rows GTK 4.8 keeps around what is on screen. Told that
 * the items of a range changed, GTK 4.8 takes back the rows of the items it
 * finds again (by item) and builds new rows for the others; it never gives
 * a row it has another item. A filter keystroke or a sort, which put other
 * tasks in most places on screen, built most of those rows again: 50–100 ms
 * per keystroke on a package of 100 tasks or more, where giving the cells
 * other tasks takes a tenth of that. The items here stay in their places,
 * and only the tasks in them change: GTK takes every row back, and the cells
 * show the new task of their row ("task-changed"). GTK 4.10 and later recycle
 * rows themselves; the rows cost them nothing either.
 *
 * Nor does GTK 4.8 keep a row for an item that is gone: a filter that
 * matches nothing took every row, and clearing it built all 200 again
 * (66–77 ms at 10,000 tasks, the one keystroke that still blocked the main
 * loop above 50 ms; about 0.1 s to the frame at 100 tasks). The table is
 * not on screen then (the view shows "No tasks match"), so the rows are
 * held instead, their tasks unselected and not selectable, until tasks come
 * back and take their places as any other change would; or until the view
 * says there is no package to come back to (rd_tasks_selection_let_go ()).
 *
 * And GTK 4.8 builds the rows of the items it is told about in the one
 * "items-changed" that tells it: a package of 10,000 tasks after a smaller
 * one built 199 rows in 68–86 ms, and widening a filter at 100 tasks built
 * the 95 rows the narrow filter had dropped in 45–67 ms. When GTK would
 * build more than 100 rows at once, the rows are told TELL_STEP at a time, a
 * short pause apart, until it has TELL_AT_ONCE_FROM of them (it builds no
 * more than 200), then the rest at once. (For 100 rows or fewer, the frames
 * in between cost more than the steps save: widening a filter at 100 tasks
 * blocked 51–55 ms in steps against 40–41 ms at once.) Until then the
 * model's count is smaller than the tasks'. Anything that reaches past the
 * rows told (a selection by position, select all, a scroll) tells them all
 * first, and a change while tasks are selected tells them all at once: no
 * selected task is ever in a row GTK does not know. */

/* {{{ RdTaskRow */

struct _RdTaskRow
{
  GObject  parent_instance;

  RdTask  *task;
};

G_DEFINE_FINAL_TYPE (RdTaskRow, rd_task_row, G_TYPE_OBJECT)

enum {
  TASK_CHANGED,
  N_ROW_SIGNALS
};

static guint row_signals[N_ROW_SIGNALS];

static void
rd_task_row_finalize (GObject *object)
{
  RdTaskRow *self = RD_TASK_ROW (object);

  g_clear_object (&self->task);

  G_OBJECT_CLASS (rd_task_row_parent_class)->finalize (object);
}

static void
rd_task_row_class_init (RdTaskRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rd_task_row_finalize;

  /**
   * RdTaskRow::task-changed:
   *
   * Another task is in the row now.
   */
  row_signals[TASK_CHANGED] = g_signal_new ("task-changed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);
}

static void
rd_task_row_init (RdTaskRow *self)
{
}

RdTask *
rd_task_row_get_task (RdTaskRow *self)
{
  g_return_val_if_fail (RD_IS_TASK_ROW (self), NULL);

  return self->task;
}

/* Takes @task's reference. */
static void
rd_task_row_take_task (RdTaskRow *self,
                       RdTask    *task)
{
  /* The old task lives until the row's cells have left it. */
  g_autoptr(RdTask) old_task = g_steal_pointer (&self->task);

  self->task = task;
  /* Most rows are not on screen: a signal with nobody listening still costs a lookup. */
  if (old_task != task && g_signal_has_handler_pending (self, row_signals[TASK_CHANGED], 0, TRUE))
    g_signal_emit (self, row_signals[TASK_CHANGED], 0);
}

/* }}} */

/* {{{ RdTasksSelection */

struct _RdTasksSelection
{
  GObject     parent_instance;

  GListModel *tasks;
  GPtrArray  *rows;       /* of RdTaskRow, one per task */
  GHashTable *selected;   /* of RdTask, each in a row (the rows hold their references) */
  gboolean    held;       /* @tasks is empty: the rows are only kept for the table */
  guint       n_told;     /* rows the column view knows: the model's count */
  guint       tell_id;    /* telling it about the rest of the rows, a step at a time */
};

/* GTK 4.8 builds about 0.35 ms of widgets per row of ten cells. */
#define TELL_STEP          50
#define TELL_AT_ONCE_FROM 200
#define TELL_PAUSE_MS      16

static void rd_tasks_selection_list_model_init      (GListModelInterface        *iface);
static void rd_tasks_selection_selection_model_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdTasksSelection, rd_tasks_selection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rd_tasks_selection_list_model_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL,
                                                      rd_tasks_selection_selection_model_init))

static inline RdTask *
get_task (RdTasksSelection *self,
          guint             position)
{
  return RD_TASK_ROW (g_ptr_array_index (self->rows, position))->task;
}

/* GListModel */

static GType
rd_tasks_selection_get_item_type (GListModel *model)
{
  return RD_TYPE_TASK_ROW;
}

static guint
rd_tasks_selection_get_n_items (GListModel *model)
{
  return RD_TASKS_SELECTION (model)->n_told;
}

static gpointer
rd_tasks_selection_get_item (GListModel *model,
                             guint       position)
{
  RdTasksSelection *self = RD_TASKS_SELECTION (model);

  if (position >= self->n_told)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
rd_tasks_selection_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rd_tasks_selection_get_item_type;
  iface->get_n_items = rd_tasks_selection_get_n_items;
  iface->get_item = rd_tasks_selection_get_item;
}

/* Telling the column view about the rows */

static gboolean tell_step (gpointer data);

/* Tells the column view about rows up to @n_rows, if it did not know them. */
static void
tell_up_to (RdTasksSelection *self,
            guint             n_rows)
{
  guint n_told = self->n_told;

  if (n_rows <= n_told)
    return;

  self->n_told = n_rows;
  g_list_model_items_changed (G_LIST_MODEL (self), n_told, 0, n_rows - n_told);
}

static void
tell_all (RdTasksSelection *self)
{
  g_clear_handle_id (&self->tell_id, g_source_remove);
  if (!self->held)
    tell_up_to (self, self->rows->len);
}

static guint
next_told (RdTasksSelection *self)
{
  if (self->n_told >= TELL_AT_ONCE_FROM)
    return self->rows->len;

  return MIN (self->rows->len, self->n_told + TELL_STEP);
}

static gboolean
tell_step (gpointer data)
{
  RdTasksSelection *self = data;

  tell_up_to (self, next_told (self));
  if (self->n_told < self->rows->len)
    return G_SOURCE_CONTINUE;

  self->tell_id = 0;
  return G_SOURCE_REMOVE;
}

/* GtkSelectionModel: its own select_item (), select_all () and the others
 * call set_selection (). */

static gboolean
rd_tasks_selection_is_selected (GtkSelectionModel *model,
                                guint              position)
{
  RdTasksSelection *self = RD_TASKS_SELECTION (model);

  return position < self->n_told &&
         g_hash_table_contains (self->selected, get_task (self, position));
}

static GtkBitset *
rd_tasks_selection_get_selection_in_range (GtkSelectionModel *model,
                                           guint              position,
                                           guint              n_items)
{
  RdTasksSelection *self = RD_TASKS_SELECTION (model);
  GtkBitset *result = gtk_bitset_new_empty ();
  guint end;

  if (g_hash_table_size (self->selected) == 0 || position >= self->n_told)
    return result;

  end = position + MIN (n_items, self->n_told - position);
  for (guint i = position; i < end; i++)
    if (g_hash_table_contains (self->selected, get_task (self, i)))
      gtk_bitset_add (result, i);

  return result;
}

static gboolean
rd_tasks_selection_set_selection (GtkSelectionModel *model,
                                  GtkBitset         *selected,
                                  GtkBitset         *mask)
{
  RdTasksSelection *self = RD_TASKS_SELECTION (model);
  guint first = G_MAXUINT;
  guint last = 0;
  GtkBitsetIter iter;
  guint position;

  /* No task is in a held row: nothing to select. */
  if (self->held)
    return TRUE;

  /* A position past the rows told (from the tasks shown, not from the table). */
  if ((!gtk_bitset_is_empty (mask) && gtk_bitset_get_maximum (mask) >= self->n_told) ||
      (!gtk_bitset_is_empty (selected) && gtk_bitset_get_maximum (selected) >= self->n_told))
    tell_all (self);

  for (gboolean more = gtk_bitset_iter_init_first (&iter, mask, &position);
       more && position < self->rows->len;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      RdTask *task = get_task (self, position);
      gboolean changed;

      if (gtk_bitset_contains (selected, position))
        changed = g_hash_table_add (self->selected, task);
      else
        changed = g_hash_table_remove (self->selected, task);

      if (changed)
        {
          first = MIN (first, position);
          last = MAX (last, position);
        }
    }

  if (first <= last)
    gtk_selection_model_selection_changed (model, first, last - first + 1);

  return TRUE;
}

/* GtkSelectionModel's own select_item (), select_range () and select_all ()
 * take the count before they call set_selection (): the rows are told first
 * if they reach past it. */
static gboolean
rd_tasks_selection_select_range (GtkSelectionModel *model,
                                 guint              position,
                                 guint              n_items,
                                 gboolean           unselect_rest)
{
  RdTasksSelection *self = RD_TASKS_SELECTION (model);
  g_autoptr(GtkBitset) selected = gtk_bitset_new_range (position, n_items);
  g_autoptr(GtkBitset) mask = NULL;

  if (position + n_items > self->n_told)
    tell_all (self);

  if (unselect_rest)
    mask = gtk_bitset_new_range (0, self->n_told);
  else
    mask = gtk_bitset_ref (selected);

  return gtk_selection_model_set_selection (model, selected, mask);
}

static gboolean
rd_tasks_selection_select_item (GtkSelectionModel *model,
                                guint              position,
                                gboolean           unselect_rest)
{
  return rd_tasks_selection_select_range (model, position, 1, unselect_rest);
}

/* Every task, told to the column view or not yet. */
static gboolean
rd_tasks_selection_select_all (GtkSelectionModel *model)
{
  RdTasksSelection *self = RD_TASKS_SELECTION (model);

  tell_all (self);

  return rd_tasks_selection_select_range (model, 0, self->n_told, FALSE);
}

static void
rd_tasks_selection_selection_model_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = rd_tasks_selection_is_selected;
  iface->get_selection_in_range = rd_tasks_selection_get_selection_in_range;
  iface->set_selection = rd_tasks_selection_set_selection;
  iface->select_item = rd_tasks_selection_select_item;
  iface->select_range = rd_tasks_selection_select_range;
  iface->select_all = rd_tasks_selection_select_all;
}

/* Following the tasks */

static void
on_tasks_changed (RdTasksSelection *self,
                  guint             position,
                  guint             removed,
                  guint             added,
                  GListModel       *tasks)
{
  guint old_length = self->rows->len;
  guint new_length = g_list_model_get_n_items (tasks);
  guint end = removed == added ? position + added : new_length;
  gboolean had_selection = g_hash_table_size (self->selected) > 0;
  guint old_told = self->n_told;
  guint n_told;
  g_autoptr(GHashTable) taken_out = NULL;

  g_clear_handle_id (&self->tell_id, g_source_remove);

  /* Nothing left: the rows stay for the table, told nothing, and nothing is
   * selected (as the removal of every task would have left it). */
  if (new_length == 0 && old_length > 0)
    {
      g_hash_table_remove_all (self->selected);
      self->held = TRUE;
      return;
    }

  /* Tasks again after the rows were held: they replace every held row. */
  if (self->held)
    {
      self->held = FALSE;
      position = 0;
      removed = old_length;
      added = new_length;
    }

  /* As GtkMultiSelection does: a selected task the change takes out stays
   * selected if the change brings it back (a sort, a filter keeping it). */
  for (guint i = position; had_selection && i < position + removed; i++)
    {
      RdTask *task = get_task (self, i);

      if (!g_hash_table_remove (self->selected, task))
        continue;
      if (taken_out == NULL)
        taken_out = g_hash_table_new (NULL, NULL);
      /* The row still holds it: only its address is compared. */
      g_hash_table_add (taken_out, task);
    }

  /* The rows from @position on hold other tasks now, up to the end of the
   * change or, if it moved the rows after it, to the last one. */
  for (guint i = old_length; i < new_length; i++)
    g_ptr_array_add (self->rows, g_object_new (RD_TYPE_TASK_ROW, NULL));
  for (guint i = position; i < end; i++)
    {
      RdTask *task = g_list_model_get_item (tasks, i);

      if (taken_out != NULL && i < position + added && g_hash_table_contains (taken_out, task))
        g_hash_table_add (self->selected, task);
      rd_task_row_take_task (g_ptr_array_index (self->rows, i), task);
    }
  if (new_length < old_length)
    g_ptr_array_remove_range (self->rows, new_length, old_length - new_length);

  /* Told as a change of every row up to the last one whose task changed,
   * from the first: GTK 4.8 takes back each row it had, by item (all of
   * them: the rows stay), and reads again whether it is selected; and it
   * looks up the first removed item's tile without the offset into it (see
   * on_filter_model_items_changed () in rd-tasks-model.c), so a removal from
   * elsewhere could take the wrong rows. No "selection-changed": as with
   * GtkMultiSelection, a change of the items is not one of the selection.
   * When GTK would build more than two steps' rows at once and no task is
   * selected, it is told about the rows it knew and TELL_STEP more now, about
   * the rest a step at a time (see the top of this file). */
  n_told = new_length;
  if (MIN (new_length, TELL_AT_ONCE_FROM) > old_told + 2 * TELL_STEP &&
      g_hash_table_size (self->selected) == 0)
    n_told = old_told + TELL_STEP;
  self->n_told = n_told;
  if (n_told < new_length)
    self->tell_id = g_timeout_add_full (G_PRIORITY_HIGH_IDLE, TELL_PAUSE_MS, tell_step, self,
                                        NULL);

  if (n_told == old_told)
    {
      end = MIN (end, n_told);
      if (end > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, end, end);
    }
  else
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_told, n_told);
}

void
rd_tasks_selection_let_go (RdTasksSelection *self)
{
  guint n_rows;

  g_return_if_fail (RD_IS_TASKS_SELECTION (self));

  if (!self->held)
    return;

  n_rows = self->n_told;
  self->held = FALSE;
  self->n_told = 0;
  g_ptr_array_set_size (self->rows, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n_rows, 0);
}

void
rd_tasks_selection_tell_all (RdTasksSelection *self)
{
  g_return_if_fail (RD_IS_TASKS_SELECTION (self));

  tell_all (self);
}

/* GObject */

static void
rd_tasks_selection_dispose (GObject *object)
{
  RdTasksSelection *self = RD_TASKS_SELECTION (object);

  g_clear_handle_id (&self->tell_id, g_source_remove);
  if (self->tasks != NULL)
    g_signal_handlers_disconnect_by_func (self->tasks, on_tasks_changed, self);
  g_clear_object (&self->tasks);
  g_hash_table_remove_all (self->selected);
  g_ptr_array_set_size (self->rows, 0);
  self->n_told = 0;

  G_OBJECT_CLASS (rd_tasks_selection_parent_class)->dispose (object);
}

static void
rd_tasks_selection_finalize (GObject *object)
{
  RdTasksSelection *self = RD_TASKS_SELECTION (object);

  g_clear_pointer (&self->selected, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (rd_tasks_selection_parent_class)->finalize (object);
}

static void
rd_tasks_selection_class_init (RdTasksSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_tasks_selection_dispose;
  object_class->finalize = rd_tasks_selection_finalize;
}

static void
rd_tasks_selection_init (RdTasksSelection *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->selected = g_hash_table_new (NULL, NULL);
}

RdTasksSelection *
rd_tasks_selection_new (GListModel *tasks)
{
  RdTasksSelection *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (tasks), NULL);
  g_return_val_if_fail (g_list_model_get_item_type (tasks) == RD_TYPE_TASK, NULL);

  self = g_object_new (RD_TYPE_TASKS_SELECTION, NULL);
  self->tasks = g_object_ref (tasks);
  g_signal_connect_object (tasks, "items-changed", G_CALLBACK (on_tasks_changed), self,
                           G_CONNECT_SWAPPED);
  on_tasks_changed (self, 0, 0, g_list_model_get_n_items (tasks), tasks);

  return self;
}

/* }}} */
