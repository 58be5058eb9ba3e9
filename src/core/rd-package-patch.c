/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-package-patch.c: what a whole release package changes, as one git-style patch. */
#define G_LOG_DOMAIN "rd-package-patch"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-package-patch.h"
#include "rd-api-error.h"
#include "rd-task-change.h"

typedef struct
{
  GPtrArray *changes;     /* RdTaskChange, in task order */
  guint      n_pending;   /* loads not finished yet */
  gboolean   cancelled;
  char      *header;
} PatchData;

static void
patch_data_free (PatchData *data)
{
  g_clear_pointer (&data->changes, g_ptr_array_unref);
  g_free (data->header);
  g_free (data);
}

/* A line of the service's text kept on its one line of the header. */
static void
append_comment_line (GString    *patch,
                     const char *text)
{
  g_string_append (patch, "# ");
  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (patch, (*p == '\n' || *p == '\r') ? ' ' : *p);
  g_string_append_c (patch, '\n');
}

static gboolean
change_is_unavailable (RdTaskChange *change)
{
  if (rd_task_change_get_kind (change) == 0)
    return TRUE;

  return rd_task_change_get_side_state (change, RD_CHANGE_SIDE_OLD) == RD_SIDE_FAILED ||
         rd_task_change_get_side_state (change, RD_CHANGE_SIDE_NEW) == RD_SIDE_FAILED;
}

static void
finish_patch (GTask *task)
{
  PatchData *data = g_task_get_task_data (task);
  GString *patch;
  guint n_unavailable = 0;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (data->cancelled)
    {
      /* A load is cancelled only through the cancellable, which is ours too. */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Operation was cancelled"));
      return;
    }

  patch = g_string_new (data->header);
  for (guint i = 0; i < data->changes->len; i++)
    {
      RdTaskChange *change = g_ptr_array_index (data->changes, i);
      g_autofree char *text = rd_task_change_to_patch (change);

      g_assert (text != NULL);
      if (change_is_unavailable (change))
        n_unavailable++;

      g_string_append_c (patch, '\n');
      g_string_append (patch, text);
    }

  g_object_set_data (G_OBJECT (task), "n-unavailable", GUINT_TO_POINTER (n_unavailable));
  g_task_return_pointer (task, g_string_free_to_bytes (patch), (GDestroyNotify) g_bytes_unref);
}

static void
change_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PatchData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A load fails only when cancelled: a side that cannot be fetched is the change's to say. */
  if (!rd_task_change_load_finish (RD_TASK_CHANGE (source), result, &error))
    data->cancelled = TRUE;

  g_assert (data->n_pending > 0);
  if (--data->n_pending == 0)
    finish_patch (task);
}

void
rd_package_patch_async (RdClient            *client,
                        RdReleasePackage    *package,
                        const char          *project_id,
                        const char          *workspace,
                        const char          *only_pending_item_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GListModel *tasks;
  PatchData *data;
  GString *header;
  const char *name;
  guint n_tasks;

  g_return_if_fail (RD_IS_CLIENT (client));
  g_return_if_fail (RD_IS_RELEASE_PACKAGE (package));
  g_return_if_fail (project_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_package_patch_async);

  data = g_new0 (PatchData, 1);
  data->changes = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify) patch_data_free);

  tasks = rd_release_package_get_tasks (package);
  n_tasks = g_list_model_get_n_items (tasks);
  for (guint i = 0; i < n_tasks; i++)
    {
      g_autoptr(RdTask) item = g_list_model_get_item (tasks, i);

      if (only_pending_item_id == NULL ||
          g_strcmp0 (rd_task_get_pending_item_id (item), only_pending_item_id) == 0)
        g_ptr_array_add (data->changes, rd_task_change_new (item));
    }

  if (only_pending_item_id != NULL && data->changes->len == 0)
    {
      g_task_return_new_error (task, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                               _("Package %s has no task with ID %s"),
                               rd_release_package_get_package_id (package),
                               only_pending_item_id);
      return;
    }

  /* The header, as the task comments, in English: a patch is read by tools and people of any
   * language. */
  name = rd_release_package_get_package_name (package);
  header = g_string_new (NULL);
  {
    g_autofree char *line = g_strdup_printf ("Release package %s (%s), project %s, workspace %s",
                                             name != NULL ? name : "?",
                                             rd_release_package_get_package_id (package),
                                             project_id,
                                             workspace != NULL ? workspace : "(default)");
    g_autofree char *count = g_strdup_printf ("%u %s; generated by Release Desk",
                                              data->changes->len,
                                              data->changes->len == 1 ? "task" : "tasks");

    append_comment_line (header, line);
    append_comment_line (header, count);
  }
  data->header = g_string_free (header, FALSE);

  if (data->changes->len == 0)
    {
      finish_patch (task);
      return;
    }

  /* All at once, finished in any order, put together in task order; the client sends no
   * more than two requests at a time. */
  data->n_pending = data->changes->len;
  for (guint i = 0; i < data->changes->len; i++)
    rd_task_change_load_async (g_ptr_array_index (data->changes, i), client, project_id,
                               workspace, RD_DIFF_NONE, cancellable, change_loaded,
                               g_object_ref (task));
}

GBytes *
rd_package_patch_finish (GAsyncResult  *result,
                         guint         *n_unavailable,
                         GError       **error)
{
  GBytes *patch;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_package_patch_async, NULL);

  patch = g_task_propagate_pointer (G_TASK (result), error);
  if (n_unavailable != NULL)
    *n_unavailable = patch != NULL
      ? GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "n-unavailable"))
      : 0;

  return patch;
}
