/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-task-format.c: tasks as text for the clipboard (IDs, tab-separated and Markdown tables). */
#define G_LOG_DOMAIN "rd-task-format"

#include "config.h"

#include "rd-task-format.h"

/* The copies have the columns of rd-task-column.c that have a copy title, of those in
 * @columns (the ones shown: a copy-only column goes with the view column it stands for). */
static gboolean
is_copied (RdTaskColumn column,
           guint        columns)
{
  return rd_task_column_get_info (column)->copy_title != NULL &&
         (columns & (1u << rd_task_column_get_view_column (column))) != 0;
}

/* A field of a tab-separated line: a tab or a line break inside it would
 * start a new cell or row in the spreadsheet it is pasted into. */
static void
append_tsv_field (GString    *out,
                  const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\t' || *p == '\n' || *p == '\r')
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, *p);
    }
}

static void
append_markdown_field (GString    *out,
                       const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '|':
        case '\\':
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        case '\r':
          if (p[1] == '\n')
            p++;
          G_GNUC_FALLTHROUGH;
        case '\n':
          g_string_append (out, "<br>");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

static void
append_tsv_row (GString *out,
                RdTask  *task,
                guint    columns)
{
  gboolean first = TRUE;

  for (guint column = 0; column < RD_TASK_N_COLUMNS; column++)
    {
      g_autofree char *text = NULL;

      if (!is_copied (column, columns))
        continue;

      text = rd_task_dup_column_text (task, column);
      if (!first)
        g_string_append_c (out, '\t');
      append_tsv_field (out, text);
      first = FALSE;
    }
}

static void
append_markdown_row (GString *out,
                     RdTask  *task,
                     guint    columns)
{
  g_string_append_c (out, '|');
  for (guint column = 0; column < RD_TASK_N_COLUMNS; column++)
    {
      g_autofree char *text = NULL;

      if (!is_copied (column, columns))
        continue;

      text = rd_task_dup_column_text (task, column);
      g_string_append_c (out, ' ');
      append_markdown_field (out, text);
      g_string_append (out, " |");
    }
}

char *
rd_task_format_ids (GListModel *tasks,
                    guint      *n_ids)
{
  g_autoptr(GString) out = NULL;
  guint n_items;
  guint count = 0;

  g_return_val_if_fail (G_IS_LIST_MODEL (tasks), NULL);

  out = g_string_new (NULL);
  n_items = g_list_model_get_n_items (tasks);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);
      const char *id = rd_task_get_pending_item_id (task);

      if (id == NULL || *id == '\0')
        continue;

      if (count > 0)
        g_string_append_c (out, '\n');
      append_tsv_field (out, id);
      count++;
    }

  if (n_ids != NULL)
    *n_ids = count;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
rd_task_format_tsv (GListModel *tasks,
                    guint       columns)
{
  g_autoptr(GString) out = NULL;
  guint n_items;

  g_return_val_if_fail (G_IS_LIST_MODEL (tasks), NULL);

  out = g_string_new (NULL);
  n_items = g_list_model_get_n_items (tasks);

  for (guint column = 0; column < RD_TASK_N_COLUMNS; column++)
    {
      if (!is_copied (column, columns))
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\t');
      append_tsv_field (out, rd_task_column_get_copy_title (column));
    }

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);

      g_string_append_c (out, '\n');
      append_tsv_row (out, task, columns);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
rd_task_format_markdown (GListModel *tasks,
                         guint       columns)
{
  g_autoptr(GString) out = NULL;
  guint n_items;

  g_return_val_if_fail (G_IS_LIST_MODEL (tasks), NULL);

  out = g_string_new ("|");
  n_items = g_list_model_get_n_items (tasks);

  for (guint column = 0; column < RD_TASK_N_COLUMNS; column++)
    {
      if (!is_copied (column, columns))
        continue;
      g_string_append_c (out, ' ');
      append_markdown_field (out, rd_task_column_get_copy_title (column));
      g_string_append (out, " |");
    }

  g_string_append (out, "\n|");
  for (guint column = 0; column < RD_TASK_N_COLUMNS; column++)
    {
      if (is_copied (column, columns))
        g_string_append (out, " --- |");
    }

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);

      g_string_append_c (out, '\n');
      append_markdown_row (out, task, columns);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
rd_task_format_row (RdTask *task,
                    guint   columns)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (RD_IS_TASK (task), NULL);

  out = g_string_new (NULL);
  append_tsv_row (out, task, columns);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
