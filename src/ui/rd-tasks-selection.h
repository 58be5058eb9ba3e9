/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-tasks-selection.h: the column view's rows over the tasks model, and the selected tasks. */
#pragma once

#include <gtk/gtk.h>

#include "rd-task.h"

G_BEGIN_DECLS

#define RD_TYPE_TASK_ROW (rd_task_row_get_type ())
G_DECLARE_FINAL_TYPE (RdTaskRow, rd_task_row, RD, TASK_ROW, GObject)

/* The task the row at this position shows now. The row's "task-changed"
 * signal says when another task takes its place. */
RdTask           *rd_task_row_get_task       (RdTaskRow  *self);

#define RD_TYPE_TASKS_SELECTION (rd_tasks_selection_get_type ())
G_DECLARE_FINAL_TYPE (RdTasksSelection, rd_tasks_selection, RD, TASKS_SELECTION, GObject)

/* A GtkSelectionModel of RdTaskRow, one per task of @tasks (a GListModel of
 * RdTask) at the same position. A row stays the same object while the tasks
 * move under it, so that a filter keystroke or a sort gives the column view's
 * rows other tasks instead of making it build new ones. The selection is of
 * tasks: a task stays selected wherever it moves, and a change that leaves
 * it out unselects it. */
RdTasksSelection *rd_tasks_selection_new     (GListModel *tasks);

/* When @tasks empties, the rows are held for the table's sake (its GTK 4.8
 * rows are built again otherwise, see rd-tasks-selection.c): the model keeps
 * them, with no task selected and none selectable, until tasks come back.
 * Count what is shown with @tasks, not with this model. This lets the held
 * rows, and the tasks in them, go now: no tasks are coming back. */
void              rd_tasks_selection_let_go  (RdTasksSelection *self);

/* The model tells the column view about a long list's rows a step at a time
 * (see rd-tasks-selection.c), so its count can be smaller than @tasks' for a
 * few frames. This tells it about every row now: before scrolling to a
 * position of @tasks, for one. Selecting by position does it by itself. */
void              rd_tasks_selection_tell_all (RdTasksSelection *self);

G_END_DECLS
