/* rd-tasks-view.h: a package's tasks in a sortable, filterable GtkColumnView, with copying into tickets. */
#pragma once

#include <gtk/gtk.h>

#include "rd-release-package.h"

G_BEGIN_DECLS

#define RD_TYPE_TASKS_VIEW (rd_tasks_view_get_type ())
G_DECLARE_FINAL_TYPE (RdTasksView, rd_tasks_view, RD, TASKS_VIEW, GtkWidget)

GtkWidget  *rd_tasks_view_new                (void);

/* Shows @package's tasks (NULL clears). Keeps the column layout, sort and filter text. */
void        rd_tasks_view_set_package        (RdTasksView      *self,
                                              RdReleasePackage *package);
RdReleasePackage *rd_tasks_view_get_package  (RdTasksView      *self);

/* Focuses the search entry (Ctrl+F). */
void        rd_tasks_view_focus_search       (RdTasksView      *self);

/* The tasks as shown: filtered, in the sorted order (a GListModel of RdTask). */
GListModel *rd_tasks_view_get_visible_model  (RdTasksView      *self);
GtkSelectionModel *rd_tasks_view_get_selection (RdTasksView    *self);

/* Each puts text on the clipboard, acting on the visible tasks in their
 * shown order, and emits "toast" with what was copied ("Copied 3 task IDs").
 * They return the number of tasks copied (0: nothing copied, no toast but
 * a "Nothing to copy" one). */
guint       rd_tasks_view_copy_selected_ids  (RdTasksView      *self);
guint       rd_tasks_view_copy_all_ids       (RdTasksView      *self);
guint       rd_tasks_view_copy_table         (RdTasksView      *self);
guint       rd_tasks_view_copy_markdown      (RdTasksView      *self);

G_END_DECLS
