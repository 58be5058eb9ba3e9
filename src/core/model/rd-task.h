/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-task.h: one release task of a package (task_details[]). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RD_TYPE_TASK (rd_task_get_type ())
G_DECLARE_FINAL_TYPE (RdTask, rd_task, RD, TASK, GObject)

/* Read-only properties, one per documented member (usable by GtkPropertyExpression):
 *   "deploy-status"      int      (RD_VALUE_ABSENT when absent)
 *   "deployed-version"   int64    (RD_VALUE_ABSENT when absent)
 *   "item-name"          string
 *   "pending-item-id"    string   release task ID
 *   "pending-version"    int64    (RD_VALUE_ABSENT when absent)
 *   "script-id"          string
 *   "task-id"            string   job ID (newer service versions only)
 *   "start-job-status"   int      (RD_VALUE_ABSENT when absent)
 *   "submit-timestamp"   int64    milliseconds since the epoch, RD_VALUE_ABSENT when absent
 *   "submit-time"        GDateTime (NULL when absent)
 *   "submit-user-id"     string
 *   "submit-user-name"   string
 *   "task-type"          int      (RD_VALUE_ABSENT when absent)
 *   "update-type"        int      (1, the documented default, when absent)
 * Strings are NULL when absent. */
int         rd_task_get_deploy_status     (RdTask *self);
gint64      rd_task_get_deployed_version  (RdTask *self);
const char *rd_task_get_item_name         (RdTask *self);
const char *rd_task_get_pending_item_id   (RdTask *self);
gint64      rd_task_get_pending_version   (RdTask *self);
const char *rd_task_get_script_id         (RdTask *self);
const char *rd_task_get_task_id           (RdTask *self);
int         rd_task_get_start_job_status  (RdTask *self);
gint64      rd_task_get_submit_timestamp  (RdTask *self);
GDateTime  *rd_task_get_submit_time       (RdTask *self);
const char *rd_task_get_submit_user_id    (RdTask *self);
const char *rd_task_get_submit_user_name  (RdTask *self);
int         rd_task_get_task_type         (RdTask *self);
int         rd_task_get_update_type       (RdTask *self);

/* What the review learnt of a task, which the service does not send: the lines its
 * pending version adds and removes (-1 and -1 until its change was diffed), and whether
 * the user marked it as reviewed. Setting either emits "review-changed" when it differs
 * (the tasks table's Review column redraws its cell). */
void        rd_task_set_line_counts       (RdTask   *self,
                                           int       n_added,
                                           int       n_removed);
int         rd_task_get_lines_added       (RdTask   *self);
int         rd_task_get_lines_removed     (RdTask   *self);
void        rd_task_set_reviewed          (RdTask   *self,
                                           gboolean  reviewed);
gboolean    rd_task_get_reviewed          (RdTask   *self);

G_END_DECLS
