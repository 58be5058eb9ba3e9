/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-queue-view.h: the review queue: a project's packages, filtered, paged as the user scrolls. */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"
#include "rd-package-pager.h"
#include "rd-release-package.h"

G_BEGIN_DECLS

/* How often the queue reloads itself while it is shown. */
#define RD_QUEUE_VIEW_AUTO_REFRESH_SECONDS (3 * 60)

#define RD_TYPE_QUEUE_VIEW (rd_queue_view_get_type ())
G_DECLARE_FINAL_TYPE (RdQueueView, rd_queue_view, RD, QUEUE_VIEW, GtkWidget)

GtkWidget      *rd_queue_view_new                   (void);

/* Lists the packages of @project_id / @workspace with @client (NULL shows a hint
 * instead). The same source again keeps what is loaded. */
void            rd_queue_view_set_source            (RdQueueView *self,
                                                     RdClient    *client,
                                                     const char  *project_id,
                                                     const char  *workspace);
gboolean        rd_queue_view_has_source            (RdQueueView *self);
/* While @label is set, a queue that could not be loaded, or has no client because the account
 * is signed out, offers a button with @label that activates @action_name (the window's way to
 * sign in again) instead of trying again, and says @message (nullable) when there is no queue;
 * NULL takes the offer back. */
void            rd_queue_view_set_sign_in           (RdQueueView *self,
                                                     const char  *label,
                                                     const char  *action_name,
                                                     const char  *message);
/* Why there is no queue to list (no account chosen, no service, the keyring's answer), as the
 * window says it; NULL: "Enter a project ID". */
void            rd_queue_view_set_unset_message     (RdQueueView *self,
                                                     const char  *message);
RdPackagePager *rd_queue_view_get_pager             (RdQueueView *self);

/* Loads the first page again (the filters as they are), keeping the selection
 * of the packages still listed. */
void            rd_queue_view_refresh               (RdQueueView *self);
void            rd_queue_view_load_more             (RdQueueView *self);

/* The selected packages as the list has them (no tasks), in list order. */
GPtrArray      *rd_queue_view_dup_selected          (RdQueueView *self);
/* Selects only the package with this ID if it is listed; FALSE otherwise. */
gboolean        rd_queue_view_select_package        (RdQueueView *self,
                                                     const char  *package_id);

/* Signals:
 *   "package-selected" (const char *package_id): exactly one package became selected;
 *   "selection-changed": the selection changed in any way;
 *   "load-failed" (GError *error): a page of the current source could not be loaded (a 401
 *   among them: the window tells its session). */

G_END_DECLS
