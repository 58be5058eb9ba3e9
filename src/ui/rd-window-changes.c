/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-window-changes.c: the review pane beside the tasks: the selected task's change, loaded
 * when it is selected, the next two prefetched. */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-window-private.h"

/* Moving down the table never waits on the network for the next two tasks. */
#define N_PREFETCHED 2

static RdDiffFlags
change_flags (RdWindow *self)
{
  return rd_change_view_get_ignore_whitespace (self->change_view) ? RD_DIFF_IGNORE_WHITESPACE
                                                                  : RD_DIFF_NONE;
}

static void
on_change_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Each side's failure is on the change, shown by the pane; only a cancellation comes here. */
  if (!rd_task_change_load_finish (RD_TASK_CHANGE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not load a change: %s", error->message);
}

static RdTaskChange *
ensure_change (RdWindow *self,
               RdTask   *task,
               gboolean  reload)
{
  RdTaskChange *change = g_hash_table_lookup (self->changes, task);
  RdClient *client = rd_window_get_client (self);
  const char *project_id;
  const char *workspace;

  if (change != NULL && !reload)
    return change;

  if (change == NULL)
    {
      change = rd_task_change_new (task);
      g_hash_table_insert (self->changes, g_object_ref (task), change);
    }

  if (client == NULL || self->last_request == NULL || self->package == NULL)
    return change;

  project_id = self->last_request->project_id;
  workspace = rd_release_package_get_workspace_id (self->package);
  if (workspace == NULL || workspace[0] == '\0')
    workspace = self->last_request->workspace;

  rd_task_change_load_async (change, client, project_id, workspace, change_flags (self),
                             self->changes_cancellable, on_change_loaded, NULL);

  return change;
}

static gboolean
needs_load (RdTaskChange *change,
            RdDiffFlags   flags)
{
  RdDiff *diff;

  if (!rd_task_change_is_loaded (change))
    return TRUE;
  diff = rd_task_change_get_diff (change);

  return diff != NULL && rd_diff_get_flags (diff) != flags;
}

static void
show_position (RdWindow *self,
               guint     position)
{
  GtkSelectionModel *selection = rd_tasks_view_get_selection (self->tasks_view);
  g_autoptr(RdTask) task = g_list_model_get_item (G_LIST_MODEL (selection), position);
  RdTaskChange *change;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (selection));

  if (task == NULL)
    return;

  change = g_hash_table_lookup (self->changes, task);
  if (change == NULL ||
      (!rd_task_change_is_loading (change) && needs_load (change, change_flags (self))))
    change = ensure_change (self, task, TRUE);
  rd_change_view_set_change (self->change_view, change);

  for (guint i = position + 1; i < MIN (n, position + 1 + N_PREFETCHED); i++)
    {
      g_autoptr(RdTask) next = g_list_model_get_item (G_LIST_MODEL (selection), i);

      if (next != NULL && g_hash_table_lookup (self->changes, next) == NULL)
        ensure_change (self, next, TRUE);
    }
}

static void
on_selection_changed (RdWindow *self)
{
  GtkSelectionModel *selection = rd_tasks_view_get_selection (self->tasks_view);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);

  /* One task: its change. Several, or none: the pane keeps what it shows. */
  if (gtk_bitset_get_size (selected) == 1)
    show_position (self, gtk_bitset_get_nth (selected, 0));
}

static void
on_activate (RdWindow *self,
             guint     position)
{
  show_position (self, position);
  gtk_widget_grab_focus (GTK_WIDGET (self->change_view));
}

static void
on_move_task (RdWindow *self,
              int       direction)
{
  GtkSelectionModel *selection = rd_tasks_view_get_selection (self->tasks_view);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (selection));
  guint position;

  if (n == 0)
    return;

  if (gtk_bitset_is_empty (selected))
    position = direction > 0 ? 0 : n - 1;
  else if (direction > 0)
    position = gtk_bitset_get_maximum (selected) + 1;
  else if (gtk_bitset_get_minimum (selected) > 0)
    position = gtk_bitset_get_minimum (selected) - 1;
  else
    position = n;

  if (position >= n)
    {
      gtk_widget_error_bell (GTK_WIDGET (self->change_view));
      return;
    }

  gtk_selection_model_select_item (selection, position, TRUE);
}

static void
on_ignore_whitespace (RdWindow *self)
{
  RdTaskChange *change = rd_change_view_get_change (self->change_view);

  /* The versions are in the client's cache: only the diff is made again. */
  if (change != NULL)
    ensure_change (self, rd_task_change_get_task (change), TRUE);
}

void
rd_window_changes_init (RdWindow *self)
{
  GtkColumnView *column_view = rd_tasks_view_get_column_view (self->tasks_view);

  self->changes = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref,
                                         g_object_unref);
  self->changes_cancellable = g_cancellable_new ();

  g_signal_connect_object (rd_tasks_view_get_selection (self->tasks_view), "selection-changed",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (column_view, "activate", G_CALLBACK (on_activate), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->change_view, "move-task", G_CALLBACK (on_move_task), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->change_view, "notify::ignore-whitespace",
                           G_CALLBACK (on_ignore_whitespace), self, G_CONNECT_SWAPPED);

}

/* The divider and the pane's choices, for every window and the next start. */
void
rd_window_changes_bind_settings (RdWindow *self)
{
  g_settings_bind (self->settings, "review-pane-position", self->review_paned, "position",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "review-side-by-side", self->change_view, "side-by-side",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "review-ignore-whitespace", self->change_view,
                   "ignore-whitespace", G_SETTINGS_BIND_DEFAULT);
}

/* Another package (or none), or the same one answered again: the changes start afresh (a
 * task's versions stay in the client's cache). */
void
rd_window_changes_set_package (RdWindow *self)
{
  g_cancellable_cancel (self->changes_cancellable);
  g_clear_object (&self->changes_cancellable);
  self->changes_cancellable = g_cancellable_new ();

  rd_change_view_set_change (self->change_view, NULL);
  g_hash_table_remove_all (self->changes);
}

void
rd_window_changes_dispose (RdWindow *self)
{
  if (self->changes_cancellable != NULL)
    g_cancellable_cancel (self->changes_cancellable);
  g_clear_object (&self->changes_cancellable);
  g_clear_pointer (&self->changes, g_hash_table_unref);
}
