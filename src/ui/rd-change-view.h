/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-change-view.h: the review pane: what one task changes, as a diff in GtkSourceView. */
#pragma once

#include <gtk/gtk.h>

#include "rd-task-change.h"

G_BEGIN_DECLS

#define RD_TYPE_CHANGE_VIEW (rd_change_view_get_type ())
G_DECLARE_FINAL_TYPE (RdChangeView, rd_change_view, RD, CHANGE_VIEW, GtkWidget)

GtkWidget    *rd_change_view_new             (void);

/* The change shown (NULL: none); the view follows its "changed" signal. */
void          rd_change_view_set_change      (RdChangeView *self,
                                              RdTaskChange *change);
RdTaskChange *rd_change_view_get_change      (RdChangeView *self);

/* Properties "ignore-whitespace" and "side-by-side" (booleans, FALSE by default): how the
 * user wants to see changes. "ignore-whitespace" is for the owner to load with; the view
 * only shows the toggle. */
gboolean      rd_change_view_get_ignore_whitespace (RdChangeView *self);
gboolean      rd_change_view_get_side_by_side      (RdChangeView *self);

/* Property "reviewed" (boolean): the Reviewed toggle of the task shown, which the owner
 * sets when it shows a change and keeps when the user flips it (notify::reviewed). */
gboolean      rd_change_view_get_reviewed    (RdChangeView *self);
void          rd_change_view_set_reviewed    (RdChangeView *self,
                                              gboolean      reviewed);
/* "7 of 12 reviewed", or NULL for nothing. */
void          rd_change_view_set_progress    (RdChangeView *self,
                                              const char   *text);

/* Builds @change's pages ahead (a prefetched task), so that showing it only swaps them in;
 * only for a loaded change with a diff of up to a few thousand lines (a larger one is filled,
 * a slice at a time, when shown). */
void          rd_change_view_prepare         (RdChangeView *self,
                                              RdTaskChange *change);

/* Moves to the next (@forward) or previous change (hunk); FALSE when there is none. */
gboolean      rd_change_view_move_to_change  (RdChangeView *self,
                                              gboolean      forward);

/* The number of hunks shown (0 while a message or the loading spinner is), for tests. */
guint         rd_change_view_get_n_hunks     (RdChangeView *self);
/* The unified view's text, for tests. */
char         *rd_change_view_dup_text        (RdChangeView *self);

/* Signals: "toast" (a message), "move-task" (gint: +1 the next task, -1 the previous). */

G_END_DECLS
