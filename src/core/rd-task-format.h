/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-task-format.h: tasks as text for the clipboard (IDs, tab-separated and Markdown tables). */
#pragma once

#include <gio/gio.h>

#include "rd-task.h"

G_BEGIN_DECLS

/* The columns of a copied table, in their order. */
typedef enum
{
  RD_TASK_COLUMN_NAME,
  RD_TASK_COLUMN_TYPE,
  RD_TASK_COLUMN_CHANGE,
  RD_TASK_COLUMN_STATUS,
  RD_TASK_COLUMN_START_JOB_STATUS,
  RD_TASK_COLUMN_DEPLOYED_VERSION,
  RD_TASK_COLUMN_PENDING_VERSION,
  RD_TASK_COLUMN_SUBMITTER,
  RD_TASK_COLUMN_SUBMITTED_AT,
  RD_TASK_COLUMN_RELEASE_TASK_ID,
  RD_TASK_COLUMN_JOB_ID,
  RD_TASK_COLUMN_SCRIPT_ID,
  RD_TASK_N_COLUMNS
} RdTaskColumn;

/* The translated title of @column ("Release task ID"). */
const char *rd_task_column_get_title  (RdTaskColumn  column);

/* The value of @column for @task as plain text, "" when absent: enum labels
 * ("Successful", "Unknown (7)"), versions as numbers, the submission time as
 * local time ("2026-11-20 14:03:05"). Not sanitised. */
char       *rd_task_dup_column_text   (RdTask       *task,
                                       RdTaskColumn  column);

/* @ms (milliseconds since the epoch) in the local time zone as
 * "2026-11-20 14:03:05"; "" for RD_VALUE_ABSENT. */
char       *rd_task_format_local_time (gint64        ms);

/* Each takes a GListModel of RdTask and returns new text, lines separated by
 * "\n" and no newline after the last one. */

/* The release task IDs (pending_item_id), one per line, in the model's order;
 * tasks without one are left out. @n_ids (optional) gets the number of lines. */
char       *rd_task_format_ids        (GListModel   *tasks,
                                       guint        *n_ids);

/* A header line, then one line per task; fields separated by tabs, with tabs
 * and line breaks inside a field turned into spaces. */
char       *rd_task_format_tsv        (GListModel   *tasks);

/* A Markdown (GFM) table: header row, separator row, one row per task;
 * "|" and "\" escaped with a backslash, line breaks as "<br>". */
char       *rd_task_format_markdown   (GListModel   *tasks);

/* One task as a line of the tab-separated table, without the header. */
char       *rd_task_format_row        (RdTask       *task);

G_END_DECLS
