/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-approver.h: one reviewer of a release package (package_approvers[]). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RD_TYPE_APPROVER (rd_approver_get_type ())
G_DECLARE_FINAL_TYPE (RdApprover, rd_approver, RD, APPROVER, GObject)

/* Properties: "user-id", "user-name" (strings, NULL when absent). */
const char *rd_approver_get_user_id   (RdApprover *self);
const char *rd_approver_get_user_name (RdApprover *self);

G_END_DECLS
