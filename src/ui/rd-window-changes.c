/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-window-changes.c: the review pane beside the tasks: the selected task's change, loaded
 * when it is selected, the next two prefetched. */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-window-private.h"

#include "rd-export.h"
#include "rd-package-patch.h"
#include "rd-ui-text.h"

/* Moving down the table never waits on the network for the next two tasks. */
#define N_PREFETCHED 2

static RdDiffFlags
change_flags (RdWindow *self)
{
  return rd_change_view_get_ignore_whitespace (self->change_view) ? RD_DIFF_IGNORE_WHITESPACE
                                                                  : RD_DIFF_NONE;
}

typedef struct
{
  GWeakRef      window;
  RdTaskChange *change;
} Prepare;

static void
prepare_free (gpointer data)
{
  Prepare *prepare = data;

  g_weak_ref_clear (&prepare->window);
  g_object_unref (prepare->change);
  g_free (prepare);
}

static gboolean
prepare_in_idle (gpointer data)
{
  Prepare *prepare = data;
  g_autoptr(RdWindow) self = g_weak_ref_get (&prepare->window);

  if (self != NULL && self->changes != NULL && self->change_view != NULL &&
      rd_change_view_get_change (self->change_view) != prepare->change &&
      g_hash_table_lookup (self->changes, rd_task_change_get_task (prepare->change)) ==
        prepare->change)
    rd_change_view_prepare (self->change_view, prepare->change);

  return G_SOURCE_REMOVE;
}

/* The Review column's "+12 −3": known once the change is diffed with both sides there (a
 * side that failed shows nothing rather than a size that is not the change's). */
static void
update_line_counts (RdWindow     *self,
                    RdTaskChange *change)
{
  RdDiff *diff = rd_task_change_get_diff (change);
  RdTask *task = rd_task_change_get_task (change);

  if (diff != NULL &&
      rd_task_change_get_side_state (change, RD_CHANGE_SIDE_OLD) != RD_SIDE_FAILED &&
      rd_task_change_get_side_state (change, RD_CHANGE_SIDE_NEW) != RD_SIDE_FAILED)
    rd_task_set_line_counts (task, (int) MIN (rd_diff_get_n_added (diff), G_MAXINT),
                             (int) MIN (rd_diff_get_n_removed (diff), G_MAXINT));
  else
    rd_task_set_line_counts (task, -1, -1);

  rd_tasks_view_column_changed (self->tasks_view, RD_TASK_COLUMN_REVIEW);
}

static void
on_change_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdWindow) self = user_data;
  Prepare *prepare;

  /* Each side's failure is on the change, shown by the pane; only a cancellation comes here. */
  if (!rd_task_change_load_finish (RD_TASK_CHANGE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load a change: %s", error->message);
      return;
    }

  update_line_counts (self, RD_TASK_CHANGE (source));

  /* A prefetched task: its page built while the user reads the one shown. */
  prepare = g_new0 (Prepare, 1);
  g_weak_ref_init (&prepare->window, self);
  prepare->change = g_object_ref (RD_TASK_CHANGE (source));
  g_idle_add_full (G_PRIORITY_LOW, prepare_in_idle, prepare, prepare_free);
}

static void sync_reviewed (RdWindow *self);

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
                             self->changes_cancellable, on_change_loaded, g_object_ref (self));

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
  GListModel *tasks = rd_tasks_view_get_visible_model (self->tasks_view);
  g_autoptr(RdTask) task = g_list_model_get_item (tasks, position);
  RdTaskChange *change;
  guint n = g_list_model_get_n_items (tasks);

  if (task == NULL)
    return;

  change = g_hash_table_lookup (self->changes, task);
  if (change == NULL ||
      (!rd_task_change_is_loading (change) && needs_load (change, change_flags (self))))
    change = ensure_change (self, task, TRUE);
  rd_change_view_set_change (self->change_view, change);
  gtk_widget_set_visible (GTK_WIDGET (self->change_view), TRUE);
  sync_reviewed (self);

  for (guint i = position + 1; i < MIN (n, position + 1 + N_PREFETCHED); i++)
    {
      g_autoptr(RdTask) next = g_list_model_get_item (tasks, i);

      if (next != NULL && g_hash_table_lookup (self->changes, next) == NULL)
        ensure_change (self, next, TRUE);
    }
}

/* {{{ Reviewed marks */

static RdReviewMarks *
get_shared_marks (RdWindow *self)
{
  static RdReviewMarks *marks;

  if (marks == NULL)
    {
      g_autoptr(GError) error = NULL;

      marks = rd_review_marks_new_default ();
      /* A damaged file was kept aside: say so once; the marks start afresh. */
      if (!rd_review_marks_load (marks, &error))
        adw_toast_overlay_add_toast (self->toast_overlay, rd_toast_new_text (error->message));
    }

  return marks;
}

static gboolean
fill_key (RdWindow    *self,
          RdTask      *task,
          RdReviewKey *key)
{
  RdClient *client = rd_window_get_client (self);
  const char *task_key;

  if (client == NULL || self->package == NULL || self->last_request == NULL)
    return FALSE;

  task_key = rd_task_get_pending_item_id (task);
  if (task_key == NULL || task_key[0] == '\0')
    task_key = rd_task_get_item_name (task);
  if (task_key == NULL || rd_task_get_pending_version (task) > G_MAXINT)
    return FALSE;

  key->endpoint = rd_client_get_endpoint (client);
  key->project_id = self->last_request->project_id;
  key->workspace_id = self->last_request->workspace != NULL ? self->last_request->workspace : "";
  key->package_id = rd_release_package_get_package_id (self->package);
  key->task_key = task_key;
  key->pending_version = (int) rd_task_get_pending_version (task);

  return TRUE;
}

/* How many tasks of @package are marked, of how many. */
static guint
count_reviewed (RdWindow         *self,
                RdReleasePackage *package,
                const char       *project_id,
                const char       *workspace,
                guint            *n_tasks)
{
  RdClient *client = rd_window_get_client (self);
  GListModel *tasks = rd_release_package_get_tasks (package);
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (RdReviewTaskRef));
  guint n = tasks != NULL ? g_list_model_get_n_items (tasks) : 0;

  *n_tasks = n;
  if (client == NULL || n == 0)
    return 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);
      RdReviewTaskRef ref = { rd_task_get_pending_item_id (task),
                              (int) rd_task_get_pending_version (task) };

      if (ref.task_key == NULL || ref.task_key[0] == '\0')
        ref.task_key = rd_task_get_item_name (task);
      if (ref.task_key == NULL)
        ref.task_key = "";
      g_array_append_val (refs, ref);
    }

  return rd_review_marks_count (self->marks, rd_client_get_endpoint (client), project_id,
                                workspace != NULL ? workspace : "",
                                rd_release_package_get_package_id (package),
                                (const RdReviewTaskRef *) refs->data, refs->len);
}

static void
update_progress (RdWindow *self)
{
  g_autofree char *text = NULL;
  guint n_tasks = 0, n_reviewed;

  if (self->package != NULL && self->last_request != NULL)
    {
      n_reviewed = count_reviewed (self, self->package, self->last_request->project_id,
                                   self->last_request->workspace, &n_tasks);
      if (n_tasks > 0)
        /* Translators: the review pane's count of tasks marked as reviewed */
        text = g_strdup_printf (ngettext ("%u of %u reviewed", "%u of %u reviewed", n_tasks),
                                n_reviewed, n_tasks);
    }

  rd_change_view_set_progress (self->change_view, text);
}

/* The Reviewed toggle follows the task shown. */
static void
sync_reviewed (RdWindow *self)
{
  RdTaskChange *change = rd_change_view_get_change (self->change_view);
  RdReviewKey key;
  gboolean reviewed = FALSE;

  if (change != NULL && fill_key (self, rd_task_change_get_task (change), &key))
    reviewed = rd_review_marks_get (self->marks, &key);

  self->syncing_reviewed = TRUE;
  rd_change_view_set_reviewed (self->change_view, reviewed);
  self->syncing_reviewed = FALSE;
  update_progress (self);
}

/* The Review column's checks follow the marks (of this window's or another's changes). */
static void
on_marks_changed (RdWindow   *self,
                  const char *package_id)
{
  GListModel *tasks;
  guint n;

  if (self->package == NULL ||
      (package_id != NULL &&
       g_strcmp0 (package_id, rd_release_package_get_package_id (self->package)) != 0))
    {
      sync_reviewed (self);
      return;
    }

  tasks = rd_release_package_get_tasks (self->package);
  n = tasks != NULL ? g_list_model_get_n_items (tasks) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);
      RdReviewKey key;

      rd_task_set_reviewed (task, fill_key (self, task, &key) &&
                                  rd_review_marks_get (self->marks, &key));
    }
  rd_tasks_view_column_changed (self->tasks_view, RD_TASK_COLUMN_REVIEW);
  sync_reviewed (self);
}

static void
set_reviewed (RdWindow *self,
              RdTask   *task,
              gboolean  reviewed)
{
  g_autoptr(GError) error = NULL;
  RdReviewKey key;

  if (!fill_key (self, task, &key))
    return;

  if (!rd_review_marks_set (self->marks, &key, reviewed, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, rd_toast_new_text (error->message));
}

static void
on_reviewed_toggled (RdWindow *self)
{
  RdTaskChange *change = rd_change_view_get_change (self->change_view);

  if (self->syncing_reviewed || change == NULL)
    return;

  set_reviewed (self, rd_task_change_get_task (change),
                rd_change_view_get_reviewed (self->change_view));
  sync_reviewed (self);
}

/* Space in the table: the selected tasks marked, or unmarked when all of them were. */
static gboolean
on_space (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  RdWindow *self = user_data;
  GtkSelectionModel *selection = rd_tasks_view_get_selection (self->tasks_view);
  GListModel *shown = rd_tasks_view_get_visible_model (self->tasks_view);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean all_reviewed = TRUE;
  GtkBitsetIter iter;
  guint position;

  if (self->package == NULL)
    return FALSE;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      RdTask *task = g_list_model_get_item (shown, position);
      RdReviewKey key;

      if (task == NULL)
        continue;
      g_ptr_array_add (tasks, task);
      if (!fill_key (self, task, &key) || !rd_review_marks_get (self->marks, &key))
        all_reviewed = FALSE;
    }

  if (tasks->len == 0)
    return FALSE;

  for (guint i = 0; i < tasks->len; i++)
    set_reviewed (self, g_ptr_array_index (tasks, i), !all_reviewed);

  sync_reviewed (self);

  return TRUE;
}

char *
rd_window_changes_dup_unreviewed_note (RdWindow   *self,
                                       GPtrArray  *packages,
                                       const char *project_id,
                                       const char *workspace)
{
  guint n_tasks = 0, n_reviewed = 0;

  for (guint i = 0; i < packages->len; i++)
    {
      guint n = 0;

      n_reviewed += count_reviewed (self, g_ptr_array_index (packages, i), project_id, workspace,
                                    &n);
      n_tasks += n;
    }

  if (n_tasks == 0 || n_reviewed >= n_tasks)
    return NULL;

  /* Translators: in the Release question; the first %u is how many tasks are not marked as
   * reviewed, the second how many there are */
  return g_strdup_printf (ngettext ("%u of %u task is not marked as reviewed.",
                                    "%u of %u tasks are not marked as reviewed.", n_tasks),
                          n_tasks - n_reviewed, n_tasks);
}

/* }}} */

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
  GtkSelectionModel *selection = rd_tasks_view_get_selection (self->tasks_view);

  /* The task shown is the one selected, so that j/k and Space go on from it: Down from the
   * filter entry focuses the first row without selecting it (found from the keyboard: the
   * first j after Enter showed the same task again). */
  if (!gtk_selection_model_is_selected (selection, position))
    gtk_selection_model_select_item (selection, position, TRUE);
  show_position (self, position);
  gtk_widget_grab_focus (GTK_WIDGET (self->change_view));
}

static void
on_move_task (RdWindow *self,
              int       direction)
{
  GtkSelectionModel *selection = rd_tasks_view_get_selection (self->tasks_view);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);
  /* The tasks shown: the selection holds its rows when a filter matches nothing. */
  guint n = g_list_model_get_n_items (rd_tasks_view_get_visible_model (self->tasks_view));
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
  /* The table follows, as a file list follows the next file. */
  rd_tasks_view_scroll_to (self->tasks_view, position);
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
  g_signal_connect_object (self->change_view, "notify::reviewed",
                           G_CALLBACK (on_reviewed_toggled), self, G_CONNECT_SWAPPED);

  self->marks = g_object_ref (get_shared_marks (self));
  g_signal_connect_object (self->marks, "changed", G_CALLBACK (on_marks_changed), self,
                           G_CONNECT_SWAPPED);

  {
    GtkEventController *controller = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (
        GTK_SHORTCUT_CONTROLLER (controller),
        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                          gtk_callback_action_new (on_space, self, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (column_view), controller);
  }
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

  /* The table takes the whole width until a task is selected. */
  rd_change_view_set_change (self->change_view, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->change_view), FALSE);
  g_hash_table_remove_all (self->changes);
  on_marks_changed (self, NULL);
}

void
rd_window_changes_dispose (RdWindow *self)
{
  if (self->changes_cancellable != NULL)
    g_cancellable_cancel (self->changes_cancellable);
  g_clear_object (&self->changes_cancellable);
  g_clear_pointer (&self->changes, g_hash_table_unref);
  if (self->marks != NULL)
    g_signal_handlers_disconnect_by_data (self->marks, self);
  g_clear_object (&self->marks);
}

/* {{{ Export Changes as Patch… */

typedef struct
{
  RdWindow *self;
  GFile    *file;
  guint     n_unavailable;
} PatchExport;

static void
patch_export_free (PatchExport *export)
{
  g_clear_object (&export->self);
  g_clear_object (&export->file);
  g_free (export);
}

static void
patch_export_failed (RdWindow     *self,
                     const GError *error)
{
  AdwMessageDialog *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Could Not Export the Changes"),
                                                       NULL));
  adw_message_dialog_format_body (dialog, "%s\n\n%s", error->message,
                                  _("An existing file of that name was left as it was."));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_patch_written (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PatchExport *export = user_data;
  RdWindow *self = export->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *folder_name = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (!rd_export_to_file_finish (result, &error))
    {
      patch_export_failed (self, error);
      patch_export_free (export);
      return;
    }

  folder = g_file_get_parent (export->file);
  basename = g_file_get_basename (export->file);
  folder_name = folder != NULL ? g_file_get_basename (folder) : NULL;
  g_set_object (&self->export_folder, folder);

  if (export->n_unavailable > 0)
    /* Translators: a toast; the first %s is a file name, the second its folder's name, %u how
     * many tasks' content the service could not give */
    message = g_strdup_printf (ngettext ("Exported the changes to “%s” in %s; %u task's content "
                                         "was not available",
                                         "Exported the changes to “%s” in %s; %u tasks' content "
                                         "was not available", export->n_unavailable),
                               basename, folder_name != NULL ? folder_name : "/",
                               export->n_unavailable);
  else
    /* Translators: a toast; the first %s is a file name, the second its folder's name */
    message = g_strdup_printf (_("Exported the changes to “%s” in %s"), basename,
                               folder_name != NULL ? folder_name : "/");

  toast = rd_toast_new_text (message);
  if (folder != NULL)
    {
      g_autofree char *uri = g_file_get_uri (folder);

      adw_toast_set_button_label (toast, _("_Open Folder"));
      adw_toast_set_action_name (toast, "win.open-folder");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  patch_export_free (export);
}

static void
on_patch_built (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PatchExport *export = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) patch = rd_package_patch_finish (result, &export->n_unavailable, &error);
  g_autofree char *path = NULL;

  if (patch == NULL)
    {
      patch_export_failed (export->self, error);
      patch_export_free (export);
      return;
    }

  path = g_file_get_path (export->file);
  rd_export_text_to_file_async (patch, path, export->self->changes_cancellable,
                                on_patch_written, export);
}

/* Writes the changes of the package on show to @file (a local file), atomically. */
void
rd_window_export_changes_to_file (RdWindow *self,
                                GFile    *file)
{
  RdClient *client = rd_window_get_client (self);
  g_autofree char *path = g_file_get_path (file);
  PatchExport *export;

  if (client == NULL || self->package == NULL || self->last_request == NULL)
    return;

  if (path == NULL)
    {
      g_autofree char *basename = g_file_get_basename (file);
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                             _("“%s” is not a local file"), basename);

      patch_export_failed (self, error);
      return;
    }

  export = g_new0 (PatchExport, 1);
  export->self = g_object_ref (self);
  export->file = g_object_ref (file);

  adw_toast_overlay_add_toast (self->toast_overlay,
                               rd_toast_new_text (_("Fetching every task's versions…")));
  rd_package_patch_async (client, self->package, self->last_request->project_id,
                          self->last_request->workspace, NULL, self->changes_cancellable,
                          on_patch_built, export);
}

/* }}} */
