/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-task-column.c: the columns of a task table, for the tasks view and the copies alike. */
#define G_LOG_DOMAIN "rd-task-column"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rd-date-format.h"
#include "rd-enums.h"
#include "rd-task-column.h"

/* Text */

static char *
dup_type_text (RdTask *task)
{
  return rd_task_type_dup_label (rd_task_get_task_type (task));
}

static char *
dup_change_text (RdTask *task)
{
  return rd_update_type_dup_label (rd_task_get_update_type (task));
}

/* "+12 −3" (a minus sign, as GNOME Builder and the web consoles show a change's size) once
 * the task's change was diffed; "" before. */
static char *
dup_review_text (RdTask *task)
{
  int added = rd_task_get_lines_added (task);
  int removed = rd_task_get_lines_removed (task);

  if (added < 0 || removed < 0)
    return g_strdup ("");

  return g_strdup_printf ("+%d \u2212%d", added, removed);
}

static const char *
get_review_icon_name (RdTask      *task,
                      const char **style_class)
{
  if (!rd_task_get_reviewed (task))
    return NULL;

  *style_class = "success";
  return "object-select-symbolic";
}

static char *
dup_review_tooltip (RdTask *task)
{
  int added = rd_task_get_lines_added (task);
  int removed = rd_task_get_lines_removed (task);
  gboolean reviewed = rd_task_get_reviewed (task);

  if (added >= 0 && removed >= 0)
    return reviewed
      /* Translators: a tooltip in the tasks table's Review column */
      ? g_strdup_printf (_("Marked as reviewed. Lines added: %d, removed: %d"), added, removed)
      /* Translators: a tooltip in the tasks table's Review column */
      : g_strdup_printf (_("Lines added: %d, removed: %d"), added, removed);

  /* Translators: a tooltip in the tasks table's Review column */
  return reviewed ? g_strdup (_("Marked as reviewed")) : NULL;
}

static char *
dup_status_text (RdTask *task)
{
  return rd_deploy_status_dup_label (rd_task_get_deploy_status (task));
}

static char *
dup_start_job_status_text (RdTask *task)
{
  return rd_start_job_status_dup_label (rd_task_get_start_job_status (task));
}

static char *
dup_version_number (gint64 version)
{
  if (version == RD_VALUE_ABSENT)
    return g_strdup ("");

  return g_strdup_printf ("%" G_GINT64_FORMAT, version);
}

static char *
dup_deployed_version_text (RdTask *task)
{
  return dup_version_number (rd_task_get_deployed_version (task));
}

static char *
dup_pending_version_text (RdTask *task)
{
  return dup_version_number (rd_task_get_pending_version (task));
}

static char *
dup_version_text (RdTask *task)
{
  gint64 deployed = rd_task_get_deployed_version (task);
  gint64 pending = rd_task_get_pending_version (task);

  if (deployed == RD_VALUE_ABSENT && pending == RD_VALUE_ABSENT)
    return g_strdup ("");
  if (deployed == RD_VALUE_ABSENT)
    return g_strdup_printf ("→ %" G_GINT64_FORMAT, pending);
  if (pending == RD_VALUE_ABSENT)
    return g_strdup_printf ("%" G_GINT64_FORMAT " →", deployed);
  /* Released: the version deployed is the one that was pending; "7 → 7" reads as a change. */
  if (deployed == pending)
    return g_strdup_printf ("%" G_GINT64_FORMAT, deployed);

  return g_strdup_printf ("%" G_GINT64_FORMAT " → %" G_GINT64_FORMAT, deployed, pending);
}

/* The Submitted At cell: the local time to the minute, in the format of the
 * user's language (the tooltip has the exact value). Sorting compares the
 * timestamps, never this text. */
static char *
dup_submit_time_text (RdTask *task)
{
  return rd_date_format_short (rd_task_get_submit_time (task));
}

static char *
dup_submit_time_copy_text (RdTask *task)
{
  return rd_date_format_ms_local (rd_task_get_submit_timestamp (task));
}

/* The exact submission time, for the tooltip of the Submitted At cell. */
static char *
dup_submit_time_tooltip (RdTask *task)
{
  g_autofree char *exact = rd_date_format_exact_local (rd_task_get_submit_time (task));
  g_autofree char *timestamp = NULL;

  if (exact == NULL)
    return NULL;

  timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, rd_task_get_submit_timestamp (task));

  /* Translators: the tooltip of a Submitted At cell: the exact local time
   * ("2023-07-29 11:49:04.380 +08:00"), then the raw timestamp the service
   * sent, a number of milliseconds ("1690602544380") */
  return g_strdup_printf (_("%s\n%s ms since 1970-01-01 UTC"), exact, timestamp);
}

static char *
dup_submitter_tooltip (RdTask *task)
{
  if (rd_task_get_submit_user_id (task) == NULL)
    return NULL;

  /* Translators: tooltip of the submitter; %s is the user ID */
  return g_strdup_printf (_("User ID: %s"), rd_task_get_submit_user_id (task));
}

/* Text and an icon: the status never rests on colour alone. */
static const char *
get_status_icon_name (RdTask      *task,
                      const char **style_class)
{
  int status = rd_task_get_deploy_status (task);

  switch (status)
    {
    case RD_DEPLOY_STATUS_TO_BE_REVIEWED:
      *style_class = "warning";
      break;
    case RD_DEPLOY_STATUS_SUCCESSFUL:
      *style_class = "success";
      break;
    case RD_DEPLOY_STATUS_FAILED:
      *style_class = "error";
      break;
    case RD_DEPLOY_STATUS_BEING_RELEASED:
      *style_class = "accent";
      break;
    default:
      *style_class = NULL;
      break;
    }

  return status != RD_VALUE_ABSENT ? rd_deploy_status_get_icon_name (status) : NULL;
}

/* Sorting: these read the numbers directly; a sort of 100,000 tasks calls
 * them millions of times. */

static int
compare_int64 (gint64 a,
               gint64 b)
{
  return (a > b) - (a < b);
}

/* Shorter first, then by text: numeric IDs sort as numbers ("9" < "19"). */
static int
compare_ids (const char *a,
             const char *b)
{
  size_t length_a = a != NULL ? strlen (a) : 0;
  size_t length_b = b != NULL ? strlen (b) : 0;

  if (length_a != length_b)
    return length_a < length_b ? -1 : 1;
  if (length_a == 0)
    return 0;

  return strcmp (a, b);
}

static int
compare_type (RdTask *a,
              RdTask *b)
{
  return compare_int64 (rd_task_get_task_type (a), rd_task_get_task_type (b));
}

static int
compare_change (RdTask *a,
                RdTask *b)
{
  return compare_int64 (rd_task_get_update_type (a), rd_task_get_update_type (b));
}

/* Not reviewed first, then by the lines changed (unknown before none). */
static int
compare_review (RdTask *a,
                RdTask *b)
{
  int result = compare_int64 (rd_task_get_reviewed (a), rd_task_get_reviewed (b));
  gint64 size_a, size_b;

  if (result != 0)
    return result;

  size_a = rd_task_get_lines_added (a) < 0
             ? -1 : (gint64) rd_task_get_lines_added (a) + rd_task_get_lines_removed (a);
  size_b = rd_task_get_lines_added (b) < 0
             ? -1 : (gint64) rd_task_get_lines_added (b) + rd_task_get_lines_removed (b);
  return compare_int64 (size_a, size_b);
}

static int
compare_status (RdTask *a,
                RdTask *b)
{
  return compare_int64 (rd_task_get_deploy_status (a), rd_task_get_deploy_status (b));
}

static int
compare_start_job_status (RdTask *a,
                          RdTask *b)
{
  return compare_int64 (rd_task_get_start_job_status (a), rd_task_get_start_job_status (b));
}

static int
compare_deployed_version (RdTask *a,
                          RdTask *b)
{
  return compare_int64 (rd_task_get_deployed_version (a), rd_task_get_deployed_version (b));
}

static int
compare_pending_version (RdTask *a,
                         RdTask *b)
{
  return compare_int64 (rd_task_get_pending_version (a), rd_task_get_pending_version (b));
}

/* By the version to be released, then by the one deployed. */
static int
compare_version (RdTask *a,
                 RdTask *b)
{
  int result = compare_pending_version (a, b);

  return result != 0 ? result : compare_deployed_version (a, b);
}

static int
compare_submitted_at (RdTask *a,
                      RdTask *b)
{
  return compare_int64 (rd_task_get_submit_timestamp (a), rd_task_get_submit_timestamp (b));
}

static int
compare_release_task_id (RdTask *a,
                         RdTask *b)
{
  return compare_ids (rd_task_get_pending_item_id (a), rd_task_get_pending_item_id (b));
}

static int
compare_job_id (RdTask *a,
                RdTask *b)
{
  return compare_ids (rd_task_get_task_id (a), rd_task_get_task_id (b));
}

static int
compare_script_id (RdTask *a,
                   RdTask *b)
{
  return compare_ids (rd_task_get_script_id (a), rd_task_get_script_id (b));
}

/* The table. Widths: GtkInscription measures without its text, so columns
 * keep their width while scrolling through 100,000 rows. When the window is
 * narrow, GTK gives the columns with the smallest gap between minimum and
 * natural their natural width first. Columns of a few fixed words (type,
 * change, statuses, versions, times) are as wide as their longest English
 * word at any width ("Modification", "Resource"): they never ellipsize. Names
 * keep a useful minimum and take what is left; long IDs ellipsize (their
 * tooltip has them whole). The copies' headers are the view's
 * titles, so a pasted table reads as the window does. */
static const RdTaskColumnInfo columns[RD_TASK_N_COLUMNS] = {
  [RD_TASK_COLUMN_NAME] = {
    .id = "name",
    /* Translators: a column title in the tasks table */
    .title = N_("Name"),
    /* Translators: column titles of the task table copied to the clipboard */
    .copy_title = N_("Name"),
    .min_chars = 20, .nat_chars = 40, .expand = TRUE,
    .get_string = rd_task_get_item_name,
    .has_tooltip = TRUE,
    .search = TRUE,
  },
  [RD_TASK_COLUMN_TYPE] = {
    .id = "type",
    .title = N_("Type"),
    .copy_title = N_("Type"),
    .min_chars = 8, .nat_chars = 8,
    .dup_text = dup_type_text,
    .compare = compare_type,
  },
  [RD_TASK_COLUMN_CHANGE] = {
    .id = "change",
    /* Translators: the kind of change a task makes (adding, modification, deletion) */
    .title = N_("Change"),
    /* Translators: the kind of change a task makes (adding, modification, deletion) */
    .copy_title = N_("Change"),
    .min_chars = 11, .nat_chars = 11,
    .dup_text = dup_change_text,
    .compare = compare_change,
  },
  [RD_TASK_COLUMN_REVIEW] = {
    .id = "review",
    /* Translators: a column title in the tasks table: whether a task was marked as reviewed,
     * and the lines its change adds and removes ("+12 −3") */
    .title = N_("Review"),
    .min_chars = 9, .nat_chars = 9,
    .dup_text = dup_review_text,
    .get_icon_name = get_review_icon_name,
    .has_tooltip = TRUE,
    .dup_tooltip = dup_review_tooltip,
    .compare = compare_review,
    .changed_signal = "review-changed",
  },
  [RD_TASK_COLUMN_STATUS] = {
    .id = "status",
    .title = N_("Status"),
    .copy_title = N_("Status"),
    .min_chars = 13, .nat_chars = 13,
    .dup_text = dup_status_text,
    .get_icon_name = get_status_icon_name,
    .compare = compare_status,
  },
  [RD_TASK_COLUMN_START_JOB_STATUS] = {
    .id = "start-job-status",
    .title = N_("Job Start Status"),
    .copy_title = N_("Job Start Status"),
    .min_chars = 10, .nat_chars = 10,
    .dup_text = dup_start_job_status_text,
    .compare = compare_start_job_status,
  },
  [RD_TASK_COLUMN_VERSION] = {
    .id = "version",
    .title = N_("Version"),
    .min_chars = 7, .nat_chars = 7,
    .dup_text = dup_version_text,
    .compare = compare_version,
  },
  [RD_TASK_COLUMN_DEPLOYED_VERSION] = {
    .id = "deployed-version",
    .copy_title = N_("Deployed Version"),
    .min_chars = 5, .nat_chars = 7,
    .dup_text = dup_deployed_version_text,
    .compare = compare_deployed_version,
  },
  [RD_TASK_COLUMN_PENDING_VERSION] = {
    .id = "pending-version",
    .copy_title = N_("Pending Version"),
    .min_chars = 5, .nat_chars = 7,
    .dup_text = dup_pending_version_text,
    .compare = compare_pending_version,
  },
  [RD_TASK_COLUMN_SUBMITTER] = {
    .id = "submitter",
    .title = N_("Submitter"),
    .copy_title = N_("Submitter"),
    .min_chars = 8, .nat_chars = 14,
    .get_string = rd_task_get_submit_user_name,
    .has_tooltip = TRUE,
    .dup_tooltip = dup_submitter_tooltip,
    .search = TRUE,
  },
  [RD_TASK_COLUMN_SUBMITTED_AT] = {
    .id = "submitted-at",
    .title = N_("Submitted At"),
    .copy_title = N_("Submitted At"),
    .min_chars = 17, .nat_chars = 17,
    .dup_text = dup_submit_time_text,
    .dup_copy_text = dup_submit_time_copy_text,
    .has_tooltip = TRUE,
    .dup_tooltip = dup_submit_time_tooltip,
    .compare = compare_submitted_at,
  },
  [RD_TASK_COLUMN_RELEASE_TASK_ID] = {
    .id = "release-task-id",
    .title = N_("Release Task ID"),
    .copy_title = N_("Release Task ID"),
    .min_chars = 4, .nat_chars = 8,
    .get_string = rd_task_get_pending_item_id,
    .has_tooltip = TRUE,
    .compare = compare_release_task_id,
    .search = TRUE,
  },
  [RD_TASK_COLUMN_JOB_ID] = {
    .id = "job-id",
    .title = N_("Job ID"),
    .copy_title = N_("Job ID"),
    .min_chars = 6, .nat_chars = 12,
    .get_string = rd_task_get_task_id,
    .has_tooltip = TRUE,
    .compare = compare_job_id,
    .search = TRUE,
  },
  [RD_TASK_COLUMN_SCRIPT_ID] = {
    .id = "script-id",
    .title = N_("Script ID"),
    .copy_title = N_("Script ID"),
    .min_chars = 8, .nat_chars = 16,
    .get_string = rd_task_get_script_id,
    .has_tooltip = TRUE,
    .compare = compare_script_id,
    .search = TRUE,
  },
};

const RdTaskColumnInfo *
rd_task_column_get_info (RdTaskColumn column)
{
  g_return_val_if_fail (column < RD_TASK_N_COLUMNS, NULL);

  return &columns[column];
}

const char *
rd_task_column_get_title (RdTaskColumn column)
{
  g_return_val_if_fail (column < RD_TASK_N_COLUMNS, NULL);

  return columns[column].title != NULL ? _(columns[column].title) : NULL;
}

const char *
rd_task_column_get_copy_title (RdTaskColumn column)
{
  g_return_val_if_fail (column < RD_TASK_N_COLUMNS, NULL);

  return columns[column].copy_title != NULL ? _(columns[column].copy_title) : NULL;
}

RdTaskColumn
rd_task_column_get_view_column (RdTaskColumn column)
{
  g_return_val_if_fail (column < RD_TASK_N_COLUMNS, RD_TASK_COLUMN_NAME);

  /* A copies-only column stands for the view column before it (the versions for
   * "Version"). */
  while (column > 0 && columns[column].title == NULL)
    column--;
  return column;
}

char *
rd_task_dup_column_display_text (RdTask       *task,
                                 RdTaskColumn  column)
{
  const RdTaskColumnInfo *info;
  const char *text;

  g_return_val_if_fail (RD_IS_TASK (task), NULL);
  g_return_val_if_fail (column < RD_TASK_N_COLUMNS, NULL);

  info = &columns[column];
  if (info->dup_text != NULL)
    return info->dup_text (task);

  text = info->get_string (task);
  return g_strdup (text != NULL ? text : "");
}

char *
rd_task_dup_column_text (RdTask       *task,
                         RdTaskColumn  column)
{
  g_return_val_if_fail (RD_IS_TASK (task), NULL);
  g_return_val_if_fail (column < RD_TASK_N_COLUMNS, NULL);

  if (columns[column].dup_copy_text != NULL)
    return columns[column].dup_copy_text (task);

  return rd_task_dup_column_display_text (task, column);
}

char *
rd_task_dup_column_tooltip (RdTask       *task,
                            RdTaskColumn  column)
{
  const RdTaskColumnInfo *info;
  g_autofree char *text = NULL;

  g_return_val_if_fail (RD_IS_TASK (task), NULL);
  g_return_val_if_fail (column < RD_TASK_N_COLUMNS, NULL);

  info = &columns[column];
  if (!info->has_tooltip)
    return NULL;
  if (info->dup_tooltip != NULL)
    return info->dup_tooltip (task);

  text = rd_task_dup_column_display_text (task, column);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}
