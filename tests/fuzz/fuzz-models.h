/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-models.h: checks on the models a parsed document gives, shared by the parser and export
 * targets. */
#pragma once

#include <glib.h>
#include <string.h>

#include "rd-approver.h"
#include "rd-enums.h"
#include "rd-parser.h"
#include "rd-release-package.h"
#include "rd-task-format.h"
#include "rd-task.h"

G_BEGIN_DECLS

/* Every failure to parse is an RD_PARSE_ERROR with a message for the user. */
static inline void
fuzz_check_parse_error (gboolean      ok,
                        const GError *error)
{
  if (ok)
    {
      g_assert_no_error (error);
      return;
    }

  g_assert_nonnull (error);
  g_assert_true (error->domain == RD_PARSE_ERROR);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 0);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static inline void
fuzz_assert_same_time (GDateTime *a,
                       GDateTime *b)
{
  if (a == NULL || b == NULL)
    g_assert_true (a == b);
  else
    g_assert_true (g_date_time_equal (a, b));
}

/* A label the window shows for an enumeration value: known or "Unknown (7)". */
static inline void
fuzz_check_label (char *label)
{
  g_assert_nonnull (label);
  g_assert_true (g_utf8_validate (label, -1, NULL));
  g_free (label);
}

/* A timestamp and its date say the same thing, so the window and the export agree. */
static inline void
fuzz_check_time (gint64     ms,
                 GDateTime *time)
{
  if (ms == RD_VALUE_ABSENT)
    {
      g_assert_null (time);
      return;
    }

  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_to_unix (time), ==, ms / 1000);
  g_assert_cmpint (g_date_time_get_microsecond (time), ==, (ms % 1000) * 1000);
}

static inline guint
count_char (const char *text,
            char        c)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == c;

  return n;
}

/* Cells separated by '|' that no backslash escapes. */
static inline guint
count_markdown_cells (const char *line,
                      gsize       length)
{
  guint n = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (line[i] == '\\')
        i++;
      else if (line[i] == '|')
        n++;
    }

  return n;
}

/* What the tasks view copies into a ticket: whatever the names hold, the
 * table keeps one row per task and one cell per column. */
static inline void
fuzz_check_task_text (GListModel *tasks)
{
  guint n_tasks = g_list_model_get_n_items (tasks);
  g_autofree char *tsv = rd_task_format_tsv (tasks, RD_TASK_COLUMNS_ALL);
  g_autofree char *markdown = rd_task_format_markdown (tasks, RD_TASK_COLUMNS_ALL);
  g_autofree char *ids = NULL;
  g_auto(GStrv) rows = NULL;
  guint n_ids = 0;
  guint n_copied = 0;

  /* The copies have the columns with a copy title. */
  for (guint column = 0; column < RD_TASK_N_COLUMNS; column++)
    n_copied += rd_task_column_get_copy_title (column) != NULL;

  g_assert_true (g_utf8_validate (tsv, -1, NULL));
  rows = g_strsplit (tsv, "\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, n_tasks + 1);
  for (guint i = 0; rows[i] != NULL; i++)
    {
      g_assert_cmpuint (count_char (rows[i], '\t'), ==, n_copied - 1);
      g_assert_null (strchr (rows[i], '\r'));
    }
  g_clear_pointer (&rows, g_strfreev);

  g_assert_true (g_utf8_validate (markdown, -1, NULL));
  g_assert_null (strchr (markdown, '\r'));
  rows = g_strsplit (markdown, "\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, n_tasks + 2);
  for (guint i = 0; rows[i] != NULL; i++)
    g_assert_cmpuint (count_markdown_cells (rows[i], strlen (rows[i])), ==, n_copied + 1);

  ids = rd_task_format_ids (tasks, &n_ids);
  g_assert_cmpuint (n_ids, <=, n_tasks);
  g_assert_cmpuint (count_char (ids, '\n'), ==, n_ids > 0 ? n_ids - 1 : 0);
  g_assert_null (strchr (ids, '\r'));
  g_assert_null (strchr (ids, '\t'));

  for (guint i = 0; i < n_tasks; i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);
      g_autofree char *row = rd_task_format_row (task, RD_TASK_COLUMNS_ALL);

      g_assert_cmpuint (count_char (row, '\t'), ==, n_copied - 1);
      g_assert_null (strchr (row, '\n'));
      for (guint column = 0; column < RD_TASK_N_COLUMNS; column++)
        {
          g_autofree char *text = rd_task_dup_column_text (task, column);

          g_assert_true (g_utf8_validate (text, -1, NULL));
        }
    }
}

/* Everything the window reads from a package, read once, checked for sense. */
static inline void
fuzz_check_package (RdReleasePackage *package)
{
  GListModel *approvers;
  GListModel *tasks;

  g_assert_true (RD_IS_RELEASE_PACKAGE (package));
  g_assert_nonnull (rd_release_package_get_document (package));

  fuzz_check_time (rd_release_package_get_apply_timestamp (package),
                   rd_release_package_get_apply_time (package));
  fuzz_check_time (rd_release_package_get_deploy_timestamp (package),
                   rd_release_package_get_deploy_time (package));
  fuzz_check_label (rd_deploy_status_dup_label (rd_release_package_get_deploy_status (package)));
  fuzz_check_label (rd_delete_flag_dup_label (rd_release_package_get_delete_flag (package)));

  approvers = rd_release_package_get_approvers (package);
  g_assert_true (g_list_model_get_item_type (approvers) == RD_TYPE_APPROVER);
  for (guint i = 0; i < g_list_model_get_n_items (approvers); i++)
    {
      g_autoptr(RdApprover) approver = g_list_model_get_item (approvers, i);

      g_assert_true (RD_IS_APPROVER (approver));
    }

  tasks = rd_release_package_get_tasks (package);
  g_assert_true (g_list_model_get_item_type (tasks) == RD_TYPE_TASK);
  if (!rd_release_package_has_task_details (package))
    g_assert_cmpuint (g_list_model_get_n_items (tasks), ==, 0);

  for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);

      fuzz_check_time (rd_task_get_submit_timestamp (task), rd_task_get_submit_time (task));
      fuzz_check_label (rd_deploy_status_dup_label (rd_task_get_deploy_status (task)));
      fuzz_check_label (rd_start_job_status_dup_label (rd_task_get_start_job_status (task)));
      fuzz_check_label (rd_task_type_dup_label (rd_task_get_task_type (task)));
      fuzz_check_label (rd_update_type_dup_label (rd_task_get_update_type (task)));
    }

  fuzz_check_task_text (tasks);
}

static inline void
fuzz_assert_same_task (RdTask *a,
                       RdTask *b)
{
  g_assert_cmpint (rd_task_get_deploy_status (a), ==, rd_task_get_deploy_status (b));
  g_assert_cmpint (rd_task_get_deployed_version (a), ==, rd_task_get_deployed_version (b));
  g_assert_cmpstr (rd_task_get_item_name (a), ==, rd_task_get_item_name (b));
  g_assert_cmpstr (rd_task_get_pending_item_id (a), ==, rd_task_get_pending_item_id (b));
  g_assert_cmpint (rd_task_get_pending_version (a), ==, rd_task_get_pending_version (b));
  g_assert_cmpstr (rd_task_get_script_id (a), ==, rd_task_get_script_id (b));
  g_assert_cmpstr (rd_task_get_task_id (a), ==, rd_task_get_task_id (b));
  g_assert_cmpint (rd_task_get_start_job_status (a), ==, rd_task_get_start_job_status (b));
  g_assert_cmpint (rd_task_get_submit_timestamp (a), ==, rd_task_get_submit_timestamp (b));
  fuzz_assert_same_time (rd_task_get_submit_time (a), rd_task_get_submit_time (b));
  g_assert_cmpstr (rd_task_get_submit_user_id (a), ==, rd_task_get_submit_user_id (b));
  g_assert_cmpstr (rd_task_get_submit_user_name (a), ==, rd_task_get_submit_user_name (b));
  g_assert_cmpint (rd_task_get_task_type (a), ==, rd_task_get_task_type (b));
  g_assert_cmpint (rd_task_get_update_type (a), ==, rd_task_get_update_type (b));
}

/* Two packages that came from the same document, by two routes. @with_tasks
 * is FALSE when one of them is a list entry, whose tasks are not known. */
static inline void
fuzz_assert_same_package (RdReleasePackage *a,
                          RdReleasePackage *b,
                          gboolean          with_tasks)
{
  GListModel *approvers_a = rd_release_package_get_approvers (a);
  GListModel *approvers_b = rd_release_package_get_approvers (b);
  guint n;

  g_assert_cmpint (rd_release_package_get_apply_timestamp (a), ==,
                   rd_release_package_get_apply_timestamp (b));
  fuzz_assert_same_time (rd_release_package_get_apply_time (a),
                         rd_release_package_get_apply_time (b));
  g_assert_cmpstr (rd_release_package_get_apply_user_id (a), ==,
                   rd_release_package_get_apply_user_id (b));
  g_assert_cmpstr (rd_release_package_get_apply_user_name (a), ==,
                   rd_release_package_get_apply_user_name (b));
  g_assert_cmpint (rd_release_package_get_delete_flag (a), ==,
                   rd_release_package_get_delete_flag (b));
  g_assert_cmpint (rd_release_package_get_deploy_status (a), ==,
                   rd_release_package_get_deploy_status (b));
  g_assert_cmpint (rd_release_package_get_deploy_timestamp (a), ==,
                   rd_release_package_get_deploy_timestamp (b));
  fuzz_assert_same_time (rd_release_package_get_deploy_time (a),
                         rd_release_package_get_deploy_time (b));
  g_assert_cmpstr (rd_release_package_get_deploy_user_id (a), ==,
                   rd_release_package_get_deploy_user_id (b));
  g_assert_cmpstr (rd_release_package_get_deploy_user_name (a), ==,
                   rd_release_package_get_deploy_user_name (b));
  g_assert_cmpstr (rd_release_package_get_package_id (a), ==,
                   rd_release_package_get_package_id (b));
  g_assert_cmpstr (rd_release_package_get_package_name (a), ==,
                   rd_release_package_get_package_name (b));
  g_assert_cmpstr (rd_release_package_get_project_id (a), ==,
                   rd_release_package_get_project_id (b));
  g_assert_cmpstr (rd_release_package_get_workspace_id (a), ==,
                   rd_release_package_get_workspace_id (b));

  n = g_list_model_get_n_items (approvers_a);
  g_assert_cmpuint (g_list_model_get_n_items (approvers_b), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdApprover) x = g_list_model_get_item (approvers_a, i);
      g_autoptr(RdApprover) y = g_list_model_get_item (approvers_b, i);

      g_assert_cmpstr (rd_approver_get_user_id (x), ==, rd_approver_get_user_id (y));
      g_assert_cmpstr (rd_approver_get_user_name (x), ==, rd_approver_get_user_name (y));
    }

  if (!with_tasks)
    return;

  g_assert_cmpint (rd_release_package_has_task_details (a), ==,
                   rd_release_package_has_task_details (b));
  n = g_list_model_get_n_items (rd_release_package_get_tasks (a));
  g_assert_cmpuint (g_list_model_get_n_items (rd_release_package_get_tasks (b)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdTask) x = g_list_model_get_item (rd_release_package_get_tasks (a), i);
      g_autoptr(RdTask) y = g_list_model_get_item (rd_release_package_get_tasks (b), i);

      fuzz_assert_same_task (x, y);
    }
}

G_END_DECLS
