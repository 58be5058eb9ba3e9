/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-task-column.h: the columns of a task table, for the tasks view and the copies alike. */
#pragma once

#include <glib.h>

#include "rd-task.h"

G_BEGIN_DECLS

/* Every column, in its order. Adding one is a value here and its entry in
 * rd-task-column.c (plus the translation of its titles): the tasks view and
 * the tab-separated and Markdown copies read everything else from there. */
typedef enum
{
  RD_TASK_COLUMN_NAME,
  RD_TASK_COLUMN_TYPE,
  RD_TASK_COLUMN_CHANGE,
  RD_TASK_COLUMN_REVIEW,             /* the view only: reviewed, and "+12 −3" once diffed */
  RD_TASK_COLUMN_STATUS,
  RD_TASK_COLUMN_START_JOB_STATUS,
  RD_TASK_COLUMN_VERSION,            /* the view only: "3 → 4" */
  RD_TASK_COLUMN_DEPLOYED_VERSION,   /* the copies only */
  RD_TASK_COLUMN_PENDING_VERSION,    /* the copies only */
  RD_TASK_COLUMN_SUBMITTER,
  RD_TASK_COLUMN_SUBMITTED_AT,
  RD_TASK_COLUMN_RELEASE_TASK_ID,
  RD_TASK_COLUMN_JOB_ID,
  RD_TASK_COLUMN_SCRIPT_ID,
  RD_TASK_N_COLUMNS
} RdTaskColumn;

typedef const char *(*RdTaskGetStringFunc) (RdTask      *task);
typedef char       *(*RdTaskDupTextFunc)   (RdTask      *task);
typedef int         (*RdTaskCompareFunc)   (RdTask      *a,
                                            RdTask      *b);
typedef const char *(*RdTaskGetIconFunc)   (RdTask      *task,
                                            const char **style_class);

typedef struct
{
  /* "release-task-id": the view's header menu toggles it with the action
   * "columns.show-release-task-id". */
  const char          *id;
  /* Untranslated, marked for translation; read them with rd_task_column_get_title () and
   * rd_task_column_get_copy_title (). NULL: not in the view / not copied. */
  const char          *title;
  const char          *copy_title;
  /* The cell's width in characters, minimum and natural; whether it takes
   * the width left over. */
  int                  min_chars;
  int                  nat_chars;
  gboolean             expand;
  /* The text shown: a field of the task as it is (get_string, which may
   * return NULL), or made (dup_text); exactly one of the two. A column
   * without get_string needs a compare and is not searched. */
  RdTaskGetStringFunc  get_string;
  RdTaskDupTextFunc    dup_text;
  /* The text in the copies when it is not the text shown. */
  RdTaskDupTextFunc    dup_copy_text;
  /* An icon before the text (NULL when the task has none) and its style class. */
  RdTaskGetIconFunc    get_icon_name;
  /* A tooltip: dup_tooltip's text, else the whole text when it is not empty. */
  gboolean             has_tooltip;
  RdTaskDupTextFunc    dup_tooltip;
  /* The sort order; NULL: get_string's text, casefolded and collated (the
   * view keeps the keys, as GtkStringSorter's ignore-case compares). */
  RdTaskCompareFunc    compare;
  /* Whether the filter searches get_string's text. */
  gboolean             search;
  /* A signal of the task after which the cell is made again (the values the review learns
   * later, "review-changed"); NULL: the cell never changes while bound. A sort by such a
   * column is redone with rd_tasks_model_resort () (the view's), not by itself. */
  const char          *changed_signal;
} RdTaskColumnInfo;

const RdTaskColumnInfo *rd_task_column_get_info       (RdTaskColumn  column);

/* The translated titles: in the view ("Release Task ID"), in the copies
 * ("Release task ID"); NULL when the column is not there. */
const char             *rd_task_column_get_title      (RdTaskColumn  column);
const char             *rd_task_column_get_copy_title (RdTaskColumn  column);
/* The view column whose being shown decides whether @column is copied: itself, or for the
 * copies-only columns (the deployed and pending versions) the view's "Version". */
RdTaskColumn            rd_task_column_get_view_column (RdTaskColumn column);

/* A set of columns for the copies: bit (1 << column) for each. */
#define RD_TASK_COLUMNS_ALL ((1u << RD_TASK_N_COLUMNS) - 1)

/* The text shown in @column's cell for @task, "" when absent. */
char                   *rd_task_dup_column_display_text (RdTask       *task,
                                                         RdTaskColumn  column);

/* The value of @column for @task as plain text, as copied, "" when absent:
 * enum labels ("Successful", "Unknown (7)"), versions as numbers, the
 * submission time as local time ("2026-11-20 14:03:05"). A column that is
 * not copied gives its shown text. Not sanitised. */
char                   *rd_task_dup_column_text       (RdTask       *task,
                                                       RdTaskColumn  column);

/* The tooltip of @column's cell for @task, or NULL. */
char                   *rd_task_dup_column_tooltip    (RdTask       *task,
                                                       RdTaskColumn  column);

G_END_DECLS
