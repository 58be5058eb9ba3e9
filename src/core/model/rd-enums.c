/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-enums.c: the enumerations of the release-package API and their human labels. */
#define G_LOG_DOMAIN "rd-enums"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-enums.h"

/* A value the service may add one day still gets a row and a label. */
static char *
dup_unknown_label (int value)
{
  if (value == RD_VALUE_ABSENT)
    return g_strdup ("");

  /* Translators: a value of a status or type column that this version of the
   * app does not know yet; %d is the number the service sent */
  return g_strdup_printf (_("Unknown (%d)"), value);
}

char *
rd_deploy_status_dup_label (int value)
{
  switch (value)
    {
    case RD_DEPLOY_STATUS_TO_BE_REVIEWED:
      return g_strdup (_("To be reviewed"));
    case RD_DEPLOY_STATUS_SUCCESSFUL:
      /* Translators: a release package's or task's release (deploy) status:
       * it went to production. Not the job start status of the same word */
      return g_strdup (C_("deploy status", "Successful"));
    case RD_DEPLOY_STATUS_FAILED:
      /* Translators: a release package's or task's release (deploy) status:
       * releasing it failed. Not the job start status of the same word */
      return g_strdup (C_("deploy status", "Failed"));
    case RD_DEPLOY_STATUS_BEING_RELEASED:
      return g_strdup (_("Being released"));
    default:
      return dup_unknown_label (value);
    }
}

const char *
rd_deploy_status_get_icon_name (int value)
{
  switch (value)
    {
    case RD_DEPLOY_STATUS_TO_BE_REVIEWED:
      return "document-open-recent-symbolic";
    case RD_DEPLOY_STATUS_SUCCESSFUL:
      return "emblem-ok-symbolic";
    case RD_DEPLOY_STATUS_FAILED:
      return "dialog-error-symbolic";
    case RD_DEPLOY_STATUS_BEING_RELEASED:
      return "emblem-synchronizing-symbolic";
    default:
      /* Drawn for the app (src/ui/icons): the theme's question icon was reported to show as
       * a broken glyph, and newer Adwaita themes drop old names. */
      return "rd-status-unknown-symbolic";
    }
}

char *
rd_start_job_status_dup_label (int value)
{
  switch (value)
    {
    case RD_START_JOB_STATUS_SUCCESSFUL:
      /* Translators: a task's job start status: the released job was started.
       * Not the release (deploy) status of the same word */
      return g_strdup (C_("job start status", "Successful"));
    case RD_START_JOB_STATUS_FAILED:
      /* Translators: a task's job start status: starting the released job
       * failed. Not the release (deploy) status of the same word */
      return g_strdup (C_("job start status", "Failed"));
    default:
      return dup_unknown_label (value);
    }
}

char *
rd_task_type_dup_label (int value)
{
  switch (value)
    {
    case RD_TASK_TYPE_JOB:
      /* Translators: a kind of release task: a data development job */
      return g_strdup (_("Job"));
    case RD_TASK_TYPE_SCRIPT:
      /* Translators: a kind of release task: a script */
      return g_strdup (_("Script"));
    case RD_TASK_TYPE_RESOURCE:
      /* Translators: a kind of release task: a resource (a file a job uses) */
      return g_strdup (_("Resource"));
    default:
      return dup_unknown_label (value);
    }
}

char *
rd_update_type_dup_label (int value)
{
  switch (value)
    {
    case RD_UPDATE_TYPE_ADDING:
      /* Translators: the kind of change a release task makes */
      return g_strdup (_("Adding"));
    case RD_UPDATE_TYPE_MODIFICATION:
      /* Translators: the kind of change a release task makes */
      return g_strdup (_("Modification"));
    case RD_UPDATE_TYPE_DELETION:
      /* Translators: the kind of change a release task makes */
      return g_strdup (_("Deletion"));
    default:
      return dup_unknown_label (value);
    }
}

char *
rd_delete_flag_dup_label (int value)
{
  switch (value)
    {
    case 0:
      /* Translators: whether a release package will be deleted */
      return g_strdup (_("No"));
    case 1:
      /* Translators: whether a release package will be deleted */
      return g_strdup (_("Will be deleted"));
    default:
      return dup_unknown_label (value);
    }
}
