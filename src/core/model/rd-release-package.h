/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-release-package.h: a release package as the detail or the list call returns it. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_TYPE_RELEASE_PACKAGE (rd_release_package_get_type ())
G_DECLARE_FINAL_TYPE (RdReleasePackage, rd_release_package, RD, RELEASE_PACKAGE, GObject)

/* Read-only properties, one per documented member of release_package:
 *   "apply-timestamp"   int64 ms (RD_VALUE_ABSENT when absent)   "apply-time"  GDateTime
 *   "apply-user-id"     string        "apply-user-name"   string
 *   "delete-flag"       int (0 when absent)
 *   "deploy-status"     int (RD_VALUE_ABSENT when absent)
 *   "deploy-timestamp"  int64 ms      "deploy-time"       GDateTime
 *   "deploy-user-id"    string        "deploy-user-name"  string
 *   "package-id"        string        "package-name"      string
 *   "project-id"        string, the composite "<project>-workspace-<workspace>" as sent
 *   "workspace-id"      string
 *   "approvers"         GListModel of RdApprover (package_approvers)
 *   "tasks"             GListModel of RdTask (task_details of the document; empty for
 *                       a package from the list call, see has_task_details())
 */
gint64      rd_release_package_get_apply_timestamp  (RdReleasePackage *self);
GDateTime  *rd_release_package_get_apply_time       (RdReleasePackage *self);
const char *rd_release_package_get_apply_user_id    (RdReleasePackage *self);
const char *rd_release_package_get_apply_user_name  (RdReleasePackage *self);
int         rd_release_package_get_delete_flag      (RdReleasePackage *self);
int         rd_release_package_get_deploy_status    (RdReleasePackage *self);
gint64      rd_release_package_get_deploy_timestamp (RdReleasePackage *self);
GDateTime  *rd_release_package_get_deploy_time      (RdReleasePackage *self);
const char *rd_release_package_get_deploy_user_id   (RdReleasePackage *self);
const char *rd_release_package_get_deploy_user_name (RdReleasePackage *self);
const char *rd_release_package_get_package_id       (RdReleasePackage *self);
const char *rd_release_package_get_package_name     (RdReleasePackage *self);
const char *rd_release_package_get_project_id       (RdReleasePackage *self);
const char *rd_release_package_get_workspace_id     (RdReleasePackage *self);
GListModel *rd_release_package_get_approvers        (RdReleasePackage *self);
GListModel *rd_release_package_get_tasks            (RdReleasePackage *self);
/* FALSE for a package from the list call: its tasks are not known. */
gboolean    rd_release_package_has_task_details     (RdReleasePackage *self);

/* The whole response document as received ({"release_package":…,"task_details":[…]}),
 * byte for byte, after the parser's checks; the exporter writes it back. For a
 * package from the list call it is {"release_package":…} around the list
 * entry's own bytes. */
GBytes     *rd_release_package_get_document         (RdReleasePackage *self);

G_END_DECLS
