/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-enums.h: the enumerations of the release-package API and their human labels. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Values as the service sends them. Models store plain integers so that a
 * value the service adds one day survives (and shows as "Unknown (7)").
 * RD_VALUE_ABSENT marks an optional member that was absent or null. */
#define RD_VALUE_ABSENT (-1)

typedef enum
{
  RD_DEPLOY_STATUS_TO_BE_REVIEWED = 1,
  RD_DEPLOY_STATUS_SUCCESSFUL     = 2,
  RD_DEPLOY_STATUS_FAILED         = 3,
  RD_DEPLOY_STATUS_BEING_RELEASED = 5,
} RdDeployStatus;

typedef enum
{
  RD_START_JOB_STATUS_SUCCESSFUL = 2,
  RD_START_JOB_STATUS_FAILED     = 3,
} RdStartJobStatus;

typedef enum
{
  RD_TASK_TYPE_JOB      = 1,
  RD_TASK_TYPE_SCRIPT   = 2,
  RD_TASK_TYPE_RESOURCE = 3,
} RdTaskType;

typedef enum
{
  RD_UPDATE_TYPE_ADDING       = 1,
  RD_UPDATE_TYPE_MODIFICATION = 2,
  RD_UPDATE_TYPE_DELETION     = 3,
} RdUpdateType;

/* Each returns a newly allocated, translated label: "To be reviewed",
 * "Unknown (7)" for a value outside the documented list, and "" for
 * RD_VALUE_ABSENT. */
char *rd_deploy_status_dup_label    (int value);
char *rd_start_job_status_dup_label (int value);
char *rd_task_type_dup_label        (int value);
char *rd_update_type_dup_label      (int value);
char *rd_delete_flag_dup_label      (int value);

/* The symbolic icon that goes with a deploy status wherever it is shown, so
 * that colour is never the only cue: "dialog-error-symbolic" for
 * RD_DEPLOY_STATUS_FAILED, "rd-status-unknown-symbolic" (the app's own) for a value outside
 * the documented list and for RD_VALUE_ABSENT. */
const char *rd_deploy_status_get_icon_name (int value);

G_END_DECLS
