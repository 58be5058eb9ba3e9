/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-tasks-model.h: the tasks view's rows: a package's tasks sorted, filtered, in an array. */
#pragma once

#include <gtk/gtk.h>

#include "rd-release-package.h"
#include "rd-task-column.h"

G_BEGIN_DECLS

#define RD_TYPE_TASKS_MODEL (rd_tasks_model_get_type ())
G_DECLARE_FINAL_TYPE (RdTasksModel, rd_tasks_model, RD, TASKS_MODEL, GObject)

/* A GListModel of RdTask: the package's tasks in the order of @sorter (the
 * column view's, which holds sorters from rd_tasks_model_new_sorter ()),
 * then only those the filter text matches. The model keeps, per task, what
 * sorting and filtering need (the tasks carry nothing of it). */
RdTasksModel     *rd_tasks_model_new             (GtkSorter        *sorter);

/* Shows @package's tasks (NULL: none), keeping the sort and the filter text. */
void              rd_tasks_model_set_package     (RdTasksModel     *self,
                                                  RdReleasePackage *package);
RdReleasePackage *rd_tasks_model_get_package     (RdTasksModel     *self);

/* All the package's tasks, filtered or not; 0 without a package. */
guint             rd_tasks_model_get_n_tasks     (RdTasksModel     *self);

/* A sorter by @column of the table in rd-task-column.c: its compare, or its
 * text casefolded and collated (as GtkStringSorter's ignore-case does, with
 * the collation keys kept). */
GtkSorter        *rd_tasks_model_new_sorter      (RdTasksModel     *self,
                                                  RdTaskColumn      column);

/* The values of @column changed for some tasks (a column with a changed_signal): sorts
 * again if the view sorts by it. */
void              rd_tasks_model_column_changed  (RdTasksModel     *self,
                                                  RdTaskColumn      column);

/* Keeps only the tasks whose searched columns contain @text, ignoring case
 * and the white space around it; "" or NULL keeps them all. */
void              rd_tasks_model_set_filter_text (RdTasksModel     *self,
                                                  const char       *text);
/* Whether a filter text is set (some tasks may be left out). */
gboolean          rd_tasks_model_is_filtered     (RdTasksModel     *self);

G_END_DECLS
