/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-status-pill.h: a release status as a coloured pill with an icon and a label ("Failed"). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RD_TYPE_STATUS_PILL (rd_status_pill_get_type ())
G_DECLARE_FINAL_TYPE (RdStatusPill, rd_status_pill, RD, STATUS_PILL, GtkWidget)

GtkWidget  *rd_status_pill_new            (void);

/* @status is a deploy status as the service sends it (RdDeployStatus, a
 * value this version does not know, or RD_VALUE_ABSENT: "No status"). The
 * pill takes the style class of style.css for it (.status-pill.failed …),
 * its icon and its label, and is named "Release status: Failed" for
 * assistive technologies; with has-tooltip set, its tooltip says the same. */
void        rd_status_pill_set_status     (RdStatusPill *self,
                                           int           status);
int         rd_status_pill_get_status     (RdStatusPill *self);

/* What the pill shows: "Failed", "No status"; and its icon's name. */
const char *rd_status_pill_get_text       (RdStatusPill *self);
const char *rd_status_pill_get_icon_name  (RdStatusPill *self);

G_END_DECLS
