/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-task-format.h: tasks as text for the clipboard (IDs, tab-separated and Markdown tables). */
#pragma once

#include <gio/gio.h>

#include "rd-task.h"
#include "rd-task-column.h"

G_BEGIN_DECLS

/* Each takes a GListModel of RdTask and returns new text, lines separated by
 * "\n" and no newline after the last one. */

/* The release task IDs (pending_item_id), one per line, in the model's order;
 * tasks without one are left out. @n_ids (optional) gets the number of lines. */
char       *rd_task_format_ids        (GListModel   *tasks,
                                       guint        *n_ids);

/* @columns: the columns to copy (RD_TASK_COLUMNS_ALL, or those shown: bit 1 << column).
 *
 * A header line, then one line per task; fields separated by tabs, with tabs
 * and line breaks inside a field turned into spaces. */
char       *rd_task_format_tsv        (GListModel   *tasks,
                                       guint         columns);

/* A Markdown (GFM) table: header row, separator row, one row per task;
 * "|" and "\" escaped with a backslash, line breaks as "<br>". */
char       *rd_task_format_markdown   (GListModel   *tasks,
                                       guint         columns);

/* One task as a line of the tab-separated table, without the header. */
char       *rd_task_format_row        (RdTask       *task,
                                       guint         columns);

G_END_DECLS
