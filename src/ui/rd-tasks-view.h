/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-tasks-view.h: a package's tasks in a sortable, filterable column view, copied into tickets. */
#pragma once

#include <gtk/gtk.h>

#include "rd-release-package.h"
#include "rd-task-column.h"

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
/* Which of them are selected: a GtkSelectionModel of the table's rows (RdTaskRow, see
 * rd-tasks-selection.h), position for position those of rd_tasks_view_get_visible_model ();
 * read the tasks from that. */
GtkSelectionModel *rd_tasks_view_get_selection (RdTasksView    *self);
/* Scrolls the table so that the row at @position (in the table's order) is in view, leaving
 * the keyboard focus where it is. */
void               rd_tasks_view_scroll_to      (RdTasksView   *self,
                                                 guint          position);
/* The values of @column changed for some tasks: sorts again if the table sorts by it. */
void               rd_tasks_view_column_changed (RdTasksView   *self,
                                                 RdTaskColumn   column);

/* The column view and its columns, for sorting, hiding and saving the
 * layout; NULL for a column that is only copied (it has no title). */
GtkColumnView       *rd_tasks_view_get_column_view (RdTasksView  *self);
GtkColumnViewColumn *rd_tasks_view_get_column      (RdTasksView  *self,
                                                    RdTaskColumn  column);

/* What the count label says: "240 tasks", "12 of 240 tasks", or "" without a package. */
const char *rd_tasks_view_get_count_text     (RdTasksView      *self);

/* Opens the row menu (Copy Release Task ID, …) for the visible row at
 * @position, selecting it first unless it is already selected; what
 * right-click, the Menu key and Shift+F10 do. FALSE if there is no such row. */
gboolean    rd_tasks_view_popup_row_menu     (RdTasksView      *self,
                                              guint             position);

/* Each puts text on the clipboard, acting on the visible tasks in their
 * shown order (the tables: in the columns shown; all IDs: every task of the package, the
 * ones the filter hides too), and emits "toast" with what was copied ("Copied 3 task IDs").
 * They return the number of tasks copied (0: nothing copied, no toast but
 * a "Nothing to copy" one). */
guint       rd_tasks_view_copy_selected_ids  (RdTasksView      *self);
guint       rd_tasks_view_copy_all_ids       (RdTasksView      *self);
guint       rd_tasks_view_copy_table         (RdTasksView      *self);
guint       rd_tasks_view_copy_markdown      (RdTasksView      *self);
/* The columns shown (bit 1 << RdTaskColumn each): what the table copies hold. */
guint       rd_tasks_view_get_shown_columns  (RdTasksView      *self);
/* The IDs of the hidden columns (RdTaskColumnInfo.id), as the header menu left them: the
 * "hidden-columns" property, which the window binds to its settings. Unknown IDs are ignored. */
char      **rd_tasks_view_dup_hidden_columns (RdTasksView      *self);
void        rd_tasks_view_set_hidden_columns (RdTasksView        *self,
                                              const char * const *ids);
/* Empties the filter (another package is shown: its text was about the previous one). */
void        rd_tasks_view_clear_filter       (RdTasksView      *self);
const char *rd_tasks_view_get_filter_text    (RdTasksView      *self);

G_END_DECLS
