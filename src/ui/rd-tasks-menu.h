/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-tasks-menu.h: the tasks view's row menu: copy a task's IDs, name or row. */
#pragma once

#include <gtk/gtk.h>

#include "rd-task.h"

G_BEGIN_DECLS

#define RD_TYPE_TASKS_MENU (rd_tasks_menu_get_type ())
G_DECLARE_FINAL_TYPE (RdTasksMenu, rd_tasks_menu, RD, TASKS_MENU, GObject)

/* A menu that pops up over @parent (its popover is a child of @parent: call
 * rd_tasks_menu_present () from @parent's size_allocate, and drop the menu
 * in @parent's dispose). It emits "toast" (const char *message) after each
 * copy ("Copied job ID"), or "Nothing to copy". */
RdTasksMenu  *rd_tasks_menu_new            (GtkWidget          *parent);

/* The copies of a row ("copy-release-id", "copy-job-id", "copy-script-id",
 * "copy-name", "copy-row"), for @parent to insert as "tasks": each acts on
 * the task the menu was opened for, and is disabled (its item hidden) when
 * the task has no such value. */
GActionGroup *rd_tasks_menu_get_actions    (RdTasksMenu        *self);

/* Opens the menu for @task, pointing at @rect (in @parent's coordinates); "Copy Row" copies
 * @columns (the ones shown, see rd_task_format_row ()). When it closes, the focus goes back
 * where it was. */
void          rd_tasks_menu_popup          (RdTasksMenu        *self,
                                            RdTask             *task,
                                            guint               columns,
                                            const GdkRectangle *rect);
/* Closes the menu and forgets its task (another package is shown). */
void          rd_tasks_menu_popdown        (RdTasksMenu        *self);
RdTask       *rd_tasks_menu_get_task       (RdTasksMenu        *self);

void          rd_tasks_menu_present        (RdTasksMenu        *self);

G_END_DECLS
