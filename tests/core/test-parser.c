/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-parser.c: detail answers parse strictly into models, keep the document, fail exactly. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "rd-enums.h"
#include "rd-parser.h"
#include "rd-task.h"
#include "rd-approver.h"

/* {{{ Helpers */

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static RdReleasePackage *
parse_fixture (const char *name)
{
  g_autoptr(GBytes) bytes = load_fixture (name);
  g_autoptr(GError) error = NULL;
  RdReleasePackage *package;

  package = rd_parse_package_detail (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (package);

  return package;
}

static RdReleasePackage *
parse_text (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  RdReleasePackage *package;

  package = rd_parse_package_detail (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (package);

  return package;
}

static void
assert_rejected (const char *text,
                 gssize      length,
                 int         code,
                 const char *message)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReleasePackage) package = NULL;

  bytes = g_bytes_new (text, length < 0 ? strlen (text) : (gsize)length);
  package = rd_parse_package_detail (bytes, &error);

  g_assert_null (package);
  g_assert_error (error, RD_PARSE_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static RdTask *
get_task (RdReleasePackage *package,
          guint             position)
{
  GListModel *tasks = rd_release_package_get_tasks (package);
  g_autoptr(RdTask) task = g_list_model_get_item (tasks, position);

  g_assert_nonnull (task);

  /* The package keeps the task alive. */
  return task;
}

static RdApprover *
get_approver (RdReleasePackage *package,
              guint             position)
{
  GListModel *approvers = rd_release_package_get_approvers (package);
  g_autoptr(RdApprover) approver = g_list_model_get_item (approvers, position);

  g_assert_nonnull (approver);

  return approver;
}

#define assert_label(func, value, expected) \
  G_STMT_START { \
    g_autofree char *label_ = func (value); \
    g_assert_cmpstr (label_, ==, expected); \
  } G_STMT_END

/* @expected is "YYYY-MM-DDTHH:MM:SS.mmm", in UTC. */
static void
assert_time (GDateTime  *time,
             const char *expected)
{
  g_autofree char *seconds = NULL;
  g_autofree char *text = NULL;

  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_get_utc_offset (time), ==, 0);

  seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  text = g_strdup_printf ("%s.%03d", seconds, g_date_time_get_microsecond (time) / 1000);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpint (g_date_time_get_microsecond (time) % 1000, ==, 0);
}

static char *
serialize (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* The package's document read by another parser, json-glib's. */
static JsonNode *
parse_document (RdReleasePackage *package)
{
  GBytes *document = rd_release_package_get_document (package);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_nonnull (document);
  node = json_from_string (g_bytes_get_data (document, NULL), &error);
  g_assert_no_error (error);

  return node;
}

/* }}} */

/* {{{ The contract's example */

static void
test_seed_every_field (void)
{
  g_autoptr(RdReleasePackage) package = parse_fixture ("seed-package-4.json");
  GListModel *approvers = rd_release_package_get_approvers (package);
  GListModel *tasks = rd_release_package_get_tasks (package);
  RdApprover *approver;
  RdTask *task;

  g_assert_cmpint (rd_release_package_get_apply_timestamp (package), ==, 1700288912934);
  assert_time (rd_release_package_get_apply_time (package), "2023-11-18T06:28:32.934");
  g_assert_cmpstr (rd_release_package_get_apply_user_id (package), ==,
                   "7b71e498e75d44048c9a22dd3c54f978");
  g_assert_cmpstr (rd_release_package_get_apply_user_name (package), ==, "ei_dlf_l00341563");
  g_assert_cmpint (rd_release_package_get_delete_flag (package), ==, 0);
  g_assert_cmpint (rd_release_package_get_deploy_status (package), ==, RD_DEPLOY_STATUS_FAILED);
  g_assert_cmpint (rd_release_package_get_deploy_timestamp (package), ==, 1700289155129);
  assert_time (rd_release_package_get_deploy_time (package), "2023-11-18T06:32:35.129");
  g_assert_cmpstr (rd_release_package_get_deploy_user_id (package), ==,
                   "7b71e498e75d44048c9a22dd3c54f978");
  g_assert_cmpstr (rd_release_package_get_deploy_user_name (package), ==, "ei_dlf_l00341563");
  g_assert_cmpstr (rd_release_package_get_package_id (package), ==, "4");
  g_assert_cmpstr (rd_release_package_get_package_name (package), ==,
                   "ads_supplier_inventory_info__ads_supplier_inventory_info_20231118143537");
  /* The composite, exactly as sent: splitting it is not the parser's business. */
  g_assert_cmpstr (rd_release_package_get_project_id (package), ==,
                   "62099355b894428e8916573ae635f1f9-workspace-45be704b28cb4f25a39221169fd3e27e");
  g_assert_cmpstr (rd_release_package_get_workspace_id (package), ==,
                   "45be704b28cb4f25a39221169fd3e27e");

  assert_label (rd_deploy_status_dup_label, rd_release_package_get_deploy_status (package),
                "Failed");
  assert_label (rd_delete_flag_dup_label, rd_release_package_get_delete_flag (package), "No");

  g_assert_true (g_list_model_get_item_type (approvers) == RD_TYPE_APPROVER);
  g_assert_cmpuint (g_list_model_get_n_items (approvers), ==, 1);
  approver = get_approver (package, 0);
  g_assert_cmpstr (rd_approver_get_user_id (approver), ==, "7b71e498e75d44048c9a22dd3c54f978");
  g_assert_cmpstr (rd_approver_get_user_name (approver), ==, "ei_dlf_l00341563");

  g_assert_true (g_list_model_get_item_type (tasks) == RD_TYPE_TASK);
  g_assert_cmpuint (g_list_model_get_n_items (tasks), ==, 1);
  task = get_task (package, 0);
  g_assert_cmpint (rd_task_get_deploy_status (task), ==, 3);
  g_assert_cmpint (rd_task_get_deployed_version (task), ==, 0);
  g_assert_cmpstr (rd_task_get_item_name (task), ==,
                   "ads_supplier_inventory_info__ads_supplier_inventory_info");
  g_assert_cmpstr (rd_task_get_pending_item_id (task), ==, "19");
  g_assert_cmpint (rd_task_get_pending_version (task), ==, 1);
  g_assert_cmpstr (rd_task_get_script_id (task), ==, "ff808081899c04fa01899fc39cf61baa");
  g_assert_null (rd_task_get_task_id (task));
  g_assert_cmpint (rd_task_get_start_job_status (task), ==, RD_VALUE_ABSENT);
  g_assert_cmpint (rd_task_get_submit_timestamp (task), ==, 1690602544380);
  assert_time (rd_task_get_submit_time (task), "2023-07-29T03:49:04.380");
  g_assert_cmpstr (rd_task_get_submit_user_id (task), ==, "7b71e498e75d44048c9a22dd3c54f978");
  g_assert_cmpstr (rd_task_get_submit_user_name (task), ==, "ei_dlf_l00341563");
  g_assert_cmpint (rd_task_get_task_type (task), ==, RD_TASK_TYPE_SCRIPT);
  g_assert_cmpint (rd_task_get_update_type (task), ==, RD_UPDATE_TYPE_ADDING);

  assert_label (rd_deploy_status_dup_label, rd_task_get_deploy_status (task), "Failed");
  assert_label (rd_start_job_status_dup_label, rd_task_get_start_job_status (task), "");
  assert_label (rd_task_type_dup_label, rd_task_get_task_type (task), "Script");
  assert_label (rd_update_type_dup_label, rd_task_get_update_type (task), "Adding");
}

/* The UI binds columns with GtkPropertyExpression, so every property must
 * exist, be read-only and say what the getter says. */
static void
test_seed_properties_match_getters (void)
{
  g_autoptr(RdReleasePackage) package = parse_fixture ("seed-package-4.json");
  RdTask *task = get_task (package, 0);
  RdApprover *approver = get_approver (package, 0);
  g_autofree char *item_name = NULL, *pending_item_id = NULL, *script_id = NULL;
  g_autofree char *task_id = NULL, *submit_user_id = NULL, *submit_user_name = NULL;
  g_autofree char *apply_user_id = NULL, *apply_user_name = NULL, *deploy_user_id = NULL;
  g_autofree char *deploy_user_name = NULL, *package_id = NULL, *package_name = NULL;
  g_autofree char *project_id = NULL, *workspace_id = NULL;
  g_autofree char *user_id = NULL, *user_name = NULL;
  g_autoptr(GDateTime) submit_time = NULL, apply_time = NULL, deploy_time = NULL;
  g_autoptr(GListModel) approvers = NULL, tasks = NULL;
  int deploy_status, start_job_status, task_type, update_type, delete_flag, package_status;
  gint64 deployed_version, pending_version, submit_timestamp, apply_timestamp, deploy_timestamp;
  GObject *objects[] = { G_OBJECT (package), G_OBJECT (task), G_OBJECT (approver) };

  g_object_get (task,
                "deploy-status", &deploy_status,
                "deployed-version", &deployed_version,
                "item-name", &item_name,
                "pending-item-id", &pending_item_id,
                "pending-version", &pending_version,
                "script-id", &script_id,
                "task-id", &task_id,
                "start-job-status", &start_job_status,
                "submit-timestamp", &submit_timestamp,
                "submit-time", &submit_time,
                "submit-user-id", &submit_user_id,
                "submit-user-name", &submit_user_name,
                "task-type", &task_type,
                "update-type", &update_type,
                NULL);
  g_assert_cmpint (deploy_status, ==, rd_task_get_deploy_status (task));
  g_assert_cmpint (deployed_version, ==, rd_task_get_deployed_version (task));
  g_assert_cmpstr (item_name, ==, rd_task_get_item_name (task));
  g_assert_cmpstr (pending_item_id, ==, rd_task_get_pending_item_id (task));
  g_assert_cmpint (pending_version, ==, rd_task_get_pending_version (task));
  g_assert_cmpstr (script_id, ==, rd_task_get_script_id (task));
  g_assert_null (task_id);
  g_assert_cmpint (start_job_status, ==, RD_VALUE_ABSENT);
  g_assert_cmpint (submit_timestamp, ==, 1690602544380);
  g_assert_true (submit_time == rd_task_get_submit_time (task));
  g_assert_cmpstr (submit_user_id, ==, rd_task_get_submit_user_id (task));
  g_assert_cmpstr (submit_user_name, ==, rd_task_get_submit_user_name (task));
  g_assert_cmpint (task_type, ==, 2);
  g_assert_cmpint (update_type, ==, 1);

  g_object_get (package,
                "apply-timestamp", &apply_timestamp,
                "apply-time", &apply_time,
                "apply-user-id", &apply_user_id,
                "apply-user-name", &apply_user_name,
                "delete-flag", &delete_flag,
                "deploy-status", &package_status,
                "deploy-timestamp", &deploy_timestamp,
                "deploy-time", &deploy_time,
                "deploy-user-id", &deploy_user_id,
                "deploy-user-name", &deploy_user_name,
                "package-id", &package_id,
                "package-name", &package_name,
                "project-id", &project_id,
                "workspace-id", &workspace_id,
                "approvers", &approvers,
                "tasks", &tasks,
                NULL);
  g_assert_cmpint (apply_timestamp, ==, 1700288912934);
  g_assert_true (apply_time == rd_release_package_get_apply_time (package));
  g_assert_cmpstr (apply_user_id, ==, rd_release_package_get_apply_user_id (package));
  g_assert_cmpstr (apply_user_name, ==, rd_release_package_get_apply_user_name (package));
  g_assert_cmpint (delete_flag, ==, 0);
  g_assert_cmpint (package_status, ==, 3);
  g_assert_cmpint (deploy_timestamp, ==, 1700289155129);
  g_assert_true (deploy_time == rd_release_package_get_deploy_time (package));
  g_assert_cmpstr (deploy_user_id, ==, rd_release_package_get_deploy_user_id (package));
  g_assert_cmpstr (deploy_user_name, ==, rd_release_package_get_deploy_user_name (package));
  g_assert_cmpstr (package_id, ==, "4");
  g_assert_cmpstr (package_name, ==, rd_release_package_get_package_name (package));
  g_assert_cmpstr (project_id, ==, rd_release_package_get_project_id (package));
  g_assert_cmpstr (workspace_id, ==, rd_release_package_get_workspace_id (package));
  g_assert_true (approvers == rd_release_package_get_approvers (package));
  g_assert_true (tasks == rd_release_package_get_tasks (package));

  g_object_get (approver, "user-id", &user_id, "user-name", &user_name, NULL);
  g_assert_cmpstr (user_id, ==, "7b71e498e75d44048c9a22dd3c54f978");
  g_assert_cmpstr (user_name, ==, "ei_dlf_l00341563");

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_autofree GParamSpec **pspecs = NULL;
      guint n_pspecs;

      pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (objects[i]), &n_pspecs);
      g_assert_cmpuint (n_pspecs, >, 0);

      for (guint j = 0; j < n_pspecs; j++)
        {
          g_assert_true (pspecs[j]->flags & G_PARAM_READABLE);
          g_assert_false (pspecs[j]->flags & G_PARAM_WRITABLE);
        }
    }
}

/* The exporter writes the document back: it must be the answer itself, the
 * very bytes the service sent, not a copy; the models hold what another
 * parser reads in it. */
static void
test_seed_document_is_the_answer (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("seed-package-4.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReleasePackage) package = rd_parse_package_detail (bytes, &error);
  g_autoptr(JsonNode) expected = NULL;
  JsonObject *root;
  JsonObject *first_task;
  JsonObject *release_package;
  RdTask *task;

  g_assert_no_error (error);
  g_assert_true (rd_release_package_get_document (package) == bytes);

  expected = json_from_string (g_bytes_get_data (bytes, NULL), &error);
  g_assert_no_error (error);
  root = json_node_get_object (expected);
  first_task = json_array_get_object_element (json_object_get_array_member (root, "task_details"),
                                              0);
  task = get_task (package, 0);
  g_assert_cmpstr (rd_task_get_item_name (task), ==,
                   json_object_get_string_member (first_task, "item_name"));
  g_assert_cmpstr (rd_task_get_pending_item_id (task), ==,
                   json_object_get_string_member (first_task, "pending_item_id"));
  release_package = json_object_get_object_member (root, "release_package");
  g_assert_cmpstr (rd_release_package_get_package_name (package), ==,
                   json_object_get_string_member (release_package, "package_name"));
}

/* The models own their strings: they outlive the document's last
 * reference but the package's, and the document outlives the package if
 * someone keeps a reference. */
static void
test_seed_document_outlives_package (void)
{
  RdReleasePackage *package = parse_fixture ("seed-package-4.json");
  g_autoptr(GBytes) document = g_bytes_ref (rd_release_package_get_document (package));
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(RdTask) task = g_object_ref (get_task (package, 0));
  g_autofree char *text = NULL;

  g_object_unref (package);

  node = json_from_string (g_bytes_get_data (document, NULL), NULL);
  g_assert_nonnull (node);
  text = serialize (json_object_get_member (json_node_get_object (node), "task_details"));
  g_assert_nonnull (strstr (text, "\"pending_item_id\":\"19\""));
  g_assert_cmpstr (rd_task_get_pending_item_id (task), ==, "19");
}

/* }}} */

/* {{{ Service versions and optional members */

static void
test_newer_service_fields (void)
{
  g_autoptr(RdReleasePackage) package = parse_fixture ("package-newer-service.json");
  GListModel *tasks = rd_release_package_get_tasks (package);
  RdTask *task;

  g_assert_cmpstr (rd_release_package_get_apply_user_name (package), ==, "张伟");
  g_assert_cmpstr (rd_release_package_get_package_name (package), ==, "dwd_订单明细_20231118");
  g_assert_cmpint (rd_release_package_get_delete_flag (package), ==, 1);
  assert_label (rd_delete_flag_dup_label, 1, "Will be deleted");
  g_assert_cmpint (rd_release_package_get_deploy_status (package), ==,
                   RD_DEPLOY_STATUS_BEING_RELEASED);
  assert_label (rd_deploy_status_dup_label, 5, "Being released");

  /* Not released yet: the service sends nulls. */
  g_assert_cmpint (rd_release_package_get_deploy_timestamp (package), ==, RD_VALUE_ABSENT);
  g_assert_null (rd_release_package_get_deploy_time (package));
  g_assert_null (rd_release_package_get_deploy_user_id (package));
  g_assert_null (rd_release_package_get_deploy_user_name (package));

  g_assert_cmpuint (g_list_model_get_n_items (rd_release_package_get_approvers (package)), ==, 2);
  g_assert_cmpstr (rd_approver_get_user_name (get_approver (package, 1)), ==, "李娜");

  g_assert_cmpuint (g_list_model_get_n_items (tasks), ==, 3);

  task = get_task (package, 0);
  g_assert_cmpstr (rd_task_get_task_id (task), ==, "1e5cc9c1f0a84ec1a1e5cc9c1f0a84ec");
  g_assert_cmpint (rd_task_get_start_job_status (task), ==, RD_START_JOB_STATUS_SUCCESSFUL);
  g_assert_cmpint (rd_task_get_deployed_version (task), ==, 4);
  g_assert_cmpint (rd_task_get_pending_version (task), ==, 5);
  g_assert_cmpint (rd_task_get_task_type (task), ==, RD_TASK_TYPE_JOB);
  g_assert_cmpint (rd_task_get_update_type (task), ==, RD_UPDATE_TYPE_MODIFICATION);
  assert_time (rd_task_get_submit_time (task), "2023-11-18T04:00:00.001");
  assert_label (rd_start_job_status_dup_label, rd_task_get_start_job_status (task), "Successful");
  assert_label (rd_deploy_status_dup_label, rd_task_get_deploy_status (task), "Successful");
  assert_label (rd_task_type_dup_label, rd_task_get_task_type (task), "Job");
  assert_label (rd_update_type_dup_label, rd_task_get_update_type (task), "Modification");

  task = get_task (package, 1);
  g_assert_cmpstr (rd_task_get_item_name (task), ==, "客户画像_refresh.sql");
  g_assert_cmpint (rd_task_get_start_job_status (task), ==, RD_START_JOB_STATUS_FAILED);
  assert_time (rd_task_get_submit_time (task), "2023-11-18T04:00:00.999");
  assert_label (rd_start_job_status_dup_label, rd_task_get_start_job_status (task), "Failed");
  assert_label (rd_update_type_dup_label, rd_task_get_update_type (task), "Deletion");

  /* null task_id and script_id, no start_job_status, no update_type */
  task = get_task (package, 2);
  g_assert_null (rd_task_get_task_id (task));
  g_assert_null (rd_task_get_script_id (task));
  g_assert_cmpint (rd_task_get_start_job_status (task), ==, RD_VALUE_ABSENT);
  g_assert_cmpint (rd_task_get_update_type (task), ==, RD_UPDATE_TYPE_ADDING);
  g_assert_cmpint (rd_task_get_task_type (task), ==, RD_TASK_TYPE_RESOURCE);
  assert_time (rd_task_get_submit_time (task), "2023-11-18T04:00:01.000");
  assert_label (rd_task_type_dup_label, rd_task_get_task_type (task), "Resource");
  assert_label (rd_deploy_status_dup_label, rd_task_get_deploy_status (task), "To be reviewed");
}

static void
test_timestamps_as_digit_strings (void)
{
  g_autoptr(RdReleasePackage) package = parse_fixture ("package-older-service.json");
  RdTask *task = get_task (package, 0);
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *kept = NULL;

  g_assert_cmpint (rd_release_package_get_apply_timestamp (package), ==, 1700288912934);
  assert_time (rd_release_package_get_apply_time (package), "2023-11-18T06:28:32.934");
  g_assert_cmpint (rd_release_package_get_deploy_timestamp (package), ==, 1700289155129);
  assert_time (rd_release_package_get_deploy_time (package), "2023-11-18T06:32:35.129");
  g_assert_cmpint (rd_task_get_submit_timestamp (task), ==, 1690602544380);
  assert_time (rd_task_get_submit_time (task), "2023-07-29T03:49:04.380");

  /* Older service: no task_id, no start_job_status, no update_type. */
  g_assert_null (rd_task_get_task_id (task));
  g_assert_cmpint (rd_task_get_start_job_status (task), ==, RD_VALUE_ABSENT);
  g_assert_cmpint (rd_task_get_update_type (task), ==, RD_UPDATE_TYPE_ADDING);

  /* The document keeps the string: an export is what the service sent. */
  document = parse_document (package);
  kept = serialize (document);
  g_assert_nonnull (strstr (kept, "\"apply_timestamp\":\"1700288912934\""));
}

static void
test_timestamps_leading_zeros_and_edges (void)
{
  g_autoptr(RdReleasePackage) package =
    parse_text ("{\"release_package\":{\"apply_timestamp\":\"0001700288912934\","
                "\"deploy_timestamp\":0},"
                "\"task_details\":[{\"submit_timestamp\":253402300799999}]}");
  RdTask *task = get_task (package, 0);

  g_assert_cmpint (rd_release_package_get_apply_timestamp (package), ==, 1700288912934);
  g_assert_cmpint (rd_release_package_get_deploy_timestamp (package), ==, 0);
  assert_time (rd_release_package_get_deploy_time (package), "1970-01-01T00:00:00.000");
  assert_time (rd_task_get_submit_time (task), "9999-12-31T23:59:59.999");
}

static void
test_timestamps_absent_or_null (void)
{
  g_autoptr(RdReleasePackage) package =
    parse_text ("{\"release_package\":{\"apply_timestamp\":null},"
                "\"task_details\":[{\"submit_timestamp\":null},{}]}");
  gint64 timestamp = 0;
  g_autoptr(GDateTime) time = NULL;

  g_assert_cmpint (rd_release_package_get_apply_timestamp (package), ==, RD_VALUE_ABSENT);
  g_assert_null (rd_release_package_get_apply_time (package));
  g_assert_cmpint (rd_release_package_get_deploy_timestamp (package), ==, RD_VALUE_ABSENT);
  g_assert_null (rd_release_package_get_deploy_time (package));

  for (guint i = 0; i < 2; i++)
    {
      RdTask *task = get_task (package, i);

      g_assert_cmpint (rd_task_get_submit_timestamp (task), ==, RD_VALUE_ABSENT);
      g_assert_null (rd_task_get_submit_time (task));
    }

  g_object_get (get_task (package, 0), "submit-timestamp", &timestamp, "submit-time", &time, NULL);
  g_assert_cmpint (timestamp, ==, RD_VALUE_ABSENT);
  g_assert_null (time);
}

static void
test_optional_members_absent (void)
{
  g_autoptr(RdReleasePackage) package =
    parse_text ("{\"release_package\":{},\"task_details\":[{}]}");
  RdTask *task = get_task (package, 0);

  g_assert_null (rd_release_package_get_apply_user_id (package));
  g_assert_null (rd_release_package_get_apply_user_name (package));
  g_assert_cmpint (rd_release_package_get_delete_flag (package), ==, 0);
  g_assert_cmpint (rd_release_package_get_deploy_status (package), ==, RD_VALUE_ABSENT);
  g_assert_null (rd_release_package_get_deploy_user_id (package));
  g_assert_null (rd_release_package_get_deploy_user_name (package));
  g_assert_null (rd_release_package_get_package_id (package));
  g_assert_null (rd_release_package_get_package_name (package));
  g_assert_null (rd_release_package_get_project_id (package));
  g_assert_null (rd_release_package_get_workspace_id (package));
  g_assert_cmpuint (g_list_model_get_n_items (rd_release_package_get_approvers (package)), ==, 0);
  assert_label (rd_deploy_status_dup_label, rd_release_package_get_deploy_status (package), "");

  g_assert_cmpint (rd_task_get_deploy_status (task), ==, RD_VALUE_ABSENT);
  g_assert_cmpint (rd_task_get_deployed_version (task), ==, RD_VALUE_ABSENT);
  g_assert_null (rd_task_get_item_name (task));
  g_assert_null (rd_task_get_pending_item_id (task));
  g_assert_cmpint (rd_task_get_pending_version (task), ==, RD_VALUE_ABSENT);
  g_assert_null (rd_task_get_script_id (task));
  g_assert_null (rd_task_get_task_id (task));
  g_assert_cmpint (rd_task_get_start_job_status (task), ==, RD_VALUE_ABSENT);
  g_assert_null (rd_task_get_submit_user_id (task));
  g_assert_null (rd_task_get_submit_user_name (task));
  g_assert_cmpint (rd_task_get_task_type (task), ==, RD_VALUE_ABSENT);
  g_assert_cmpint (rd_task_get_update_type (task), ==, RD_UPDATE_TYPE_ADDING);
  assert_label (rd_task_type_dup_label, rd_task_get_task_type (task), "");
}

static void
test_optional_members_null (void)
{
  g_autoptr(RdReleasePackage) package =
    parse_text ("{\"release_package\":{\"apply_timestamp\":null,\"apply_user_id\":null,"
                "\"apply_user_name\":null,\"delete_flag\":null,\"deploy_status\":null,"
                "\"deploy_timestamp\":null,\"deploy_user_id\":null,\"deploy_user_name\":null,"
                "\"package_approvers\":null,\"package_id\":null,\"package_name\":null,"
                "\"project_id\":null,\"workspace_id\":null},"
                "\"task_details\":[{\"deploy_status\":null,\"deployed_version\":null,"
                "\"item_name\":null,\"pending_item_id\":null,\"pending_version\":null,"
                "\"script_id\":null,\"task_id\":null,\"start_job_status\":null,"
                "\"submit_timestamp\":null,\"submit_user_id\":null,\"submit_user_name\":null,"
                "\"task_type\":null,\"update_type\":null}]}");
  RdTask *task = get_task (package, 0);

  g_assert_null (rd_release_package_get_package_id (package));
  g_assert_cmpint (rd_release_package_get_delete_flag (package), ==, 0);
  g_assert_cmpint (rd_release_package_get_deploy_status (package), ==, RD_VALUE_ABSENT);
  g_assert_cmpint (rd_release_package_get_apply_timestamp (package), ==, RD_VALUE_ABSENT);
  g_assert_cmpuint (g_list_model_get_n_items (rd_release_package_get_approvers (package)), ==, 0);

  g_assert_null (rd_task_get_item_name (task));
  g_assert_null (rd_task_get_task_id (task));
  g_assert_cmpint (rd_task_get_deploy_status (task), ==, RD_VALUE_ABSENT);
  g_assert_cmpint (rd_task_get_deployed_version (task), ==, RD_VALUE_ABSENT);
  g_assert_cmpint (rd_task_get_start_job_status (task), ==, RD_VALUE_ABSENT);
  g_assert_cmpint (rd_task_get_update_type (task), ==, RD_UPDATE_TYPE_ADDING);
}

static void
test_approvers_empty_array (void)
{
  g_autoptr(RdReleasePackage) package = parse_fixture ("package-older-service.json");
  GListModel *approvers = rd_release_package_get_approvers (package);

  g_assert_nonnull (approvers);
  g_assert_cmpuint (g_list_model_get_n_items (approvers), ==, 0);
}

static void
test_approvers_without_names (void)
{
  g_autoptr(RdReleasePackage) package =
    parse_text ("{\"release_package\":{\"package_approvers\":[{},{\"user_id\":null,"
                "\"user_name\":\"王芳\"}]},\"task_details\":[]}");

  g_assert_null (rd_approver_get_user_id (get_approver (package, 0)));
  g_assert_null (rd_approver_get_user_name (get_approver (package, 0)));
  g_assert_null (rd_approver_get_user_id (get_approver (package, 1)));
  g_assert_cmpstr (rd_approver_get_user_name (get_approver (package, 1)), ==, "王芳");
}

static void
test_no_tasks (void)
{
  g_autoptr(RdReleasePackage) package =
    parse_text ("{\"release_package\":{\"package_id\":\"9\"},\"task_details\":[]}");

  g_assert_cmpuint (g_list_model_get_n_items (rd_release_package_get_tasks (package)), ==, 0);
}

/* The package's lists are list models like any other: the item type, the
 * count, every item in the answer's order, and NULL past the end. */
static void
test_lists_are_list_models (void)
{
  g_autoptr(RdReleasePackage) package = parse_fixture ("package-newer-service.json");
  GListModel *tasks = rd_release_package_get_tasks (package);
  GListModel *approvers = rd_release_package_get_approvers (package);
  g_autoptr(RdReleasePackage) bare = parse_text ("{\"release_package\":{},\"task_details\":[]}");
  g_autoptr(GObject) past_end = NULL;

  g_assert_true (g_list_model_get_item_type (tasks) == RD_TYPE_TASK);
  g_assert_true (g_list_model_get_item_type (approvers) == RD_TYPE_APPROVER);
  g_assert_cmpuint (g_list_model_get_n_items (tasks), ==, 3);
  g_assert_cmpstr (rd_task_get_task_id (get_task (package, 0)), ==,
                   "1e5cc9c1f0a84ec1a1e5cc9c1f0a84ec");
  g_assert_cmpstr (rd_task_get_item_name (get_task (package, 1)), ==, "客户画像_refresh.sql");
  past_end = g_list_model_get_item (tasks, 3);
  g_assert_null (past_end);

  g_assert_cmpuint (g_list_model_get_n_items (rd_release_package_get_tasks (bare)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (rd_release_package_get_approvers (bare)), ==, 0);
  g_assert_true (g_list_model_get_item_type (rd_release_package_get_approvers (bare)) ==
                 RD_TYPE_APPROVER);
}

static void
test_unknown_members_kept (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("package-newer-service.json");
  g_autoptr(RdReleasePackage) package = parse_fixture ("package-newer-service.json");
  g_autoptr(JsonNode) expected = NULL;
  g_autofree char *expected_text = NULL;
  g_autofree char *document_text = NULL;
  g_autoptr(JsonNode) document = parse_document (package);
  JsonObject *root = json_node_get_object (document);
  JsonObject *release_package = json_object_get_object_member (root, "release_package");
  JsonObject *approver;
  JsonObject *task;

  g_assert_true (json_object_has_member (root, "request_trace"));
  g_assert_true (json_object_has_member (release_package, "package_tags"));
  g_assert_true (json_object_has_member (release_package, "review_comment"));
  approver = json_array_get_object_element (json_object_get_array_member (release_package,
                                                                         "package_approvers"), 1);
  g_assert_cmpint (json_object_get_int_member (approver, "approve_time"), ==, 1700289000000);
  task = json_array_get_object_element (json_object_get_array_member (root, "task_details"), 0);
  g_assert_cmpint (json_object_get_int_member (task, "node_count"), ==, 12);

  expected = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
  g_assert_nonnull (expected);
  expected_text = serialize (expected);
  document_text = serialize (document);
  g_assert_cmpstr (document_text, ==, expected_text);
}

static void
test_unknown_enum_values_kept (void)
{
  g_autoptr(RdReleasePackage) package =
    parse_text ("{\"release_package\":{\"deploy_status\":7,\"delete_flag\":2},"
                "\"task_details\":[{\"deploy_status\":4,\"start_job_status\":1,"
                "\"task_type\":9,\"update_type\":0}]}");
  RdTask *task = get_task (package, 0);

  g_assert_cmpint (rd_release_package_get_deploy_status (package), ==, 7);
  assert_label (rd_deploy_status_dup_label, rd_release_package_get_deploy_status (package),
                "Unknown (7)");
  g_assert_cmpint (rd_release_package_get_delete_flag (package), ==, 2);
  assert_label (rd_delete_flag_dup_label, rd_release_package_get_delete_flag (package),
                "Unknown (2)");

  g_assert_cmpint (rd_task_get_deploy_status (task), ==, 4);
  assert_label (rd_deploy_status_dup_label, rd_task_get_deploy_status (task), "Unknown (4)");
  g_assert_cmpint (rd_task_get_start_job_status (task), ==, 1);
  assert_label (rd_start_job_status_dup_label, rd_task_get_start_job_status (task),
                "Unknown (1)");
  g_assert_cmpint (rd_task_get_task_type (task), ==, 9);
  assert_label (rd_task_type_dup_label, rd_task_get_task_type (task), "Unknown (9)");
  /* 0 is sent, so it is not the default 1. */
  g_assert_cmpint (rd_task_get_update_type (task), ==, 0);
  assert_label (rd_update_type_dup_label, rd_task_get_update_type (task), "Unknown (0)");
}

static void
test_enum_labels (void)
{
  assert_label (rd_deploy_status_dup_label, 1, "To be reviewed");
  assert_label (rd_deploy_status_dup_label, 2, "Successful");
  assert_label (rd_deploy_status_dup_label, 3, "Failed");
  assert_label (rd_deploy_status_dup_label, 4, "Unknown (4)");
  assert_label (rd_deploy_status_dup_label, 5, "Being released");
  assert_label (rd_deploy_status_dup_label, RD_VALUE_ABSENT, "");
  assert_label (rd_start_job_status_dup_label, 2, "Successful");
  assert_label (rd_start_job_status_dup_label, 3, "Failed");
  assert_label (rd_start_job_status_dup_label, 1, "Unknown (1)");
  assert_label (rd_start_job_status_dup_label, RD_VALUE_ABSENT, "");
  assert_label (rd_task_type_dup_label, 1, "Job");
  assert_label (rd_task_type_dup_label, 2, "Script");
  assert_label (rd_task_type_dup_label, 3, "Resource");
  assert_label (rd_task_type_dup_label, 7, "Unknown (7)");
  assert_label (rd_task_type_dup_label, RD_VALUE_ABSENT, "");
  assert_label (rd_update_type_dup_label, 1, "Adding");
  assert_label (rd_update_type_dup_label, 2, "Modification");
  assert_label (rd_update_type_dup_label, 3, "Deletion");
  assert_label (rd_update_type_dup_label, -2, "Unknown (-2)");
  assert_label (rd_update_type_dup_label, RD_VALUE_ABSENT, "");
  assert_label (rd_delete_flag_dup_label, 0, "No");
  assert_label (rd_delete_flag_dup_label, 1, "Will be deleted");
  assert_label (rd_delete_flag_dup_label, G_MAXINT, "Unknown (2147483647)");
  assert_label (rd_delete_flag_dup_label, RD_VALUE_ABSENT, "");
}

static void
test_update_type_absent_means_adding (void)
{
  g_autoptr(RdReleasePackage) package =
    parse_text ("{\"release_package\":{},\"task_details\":[{\"task_type\":1},"
                "{\"update_type\":null},{\"update_type\":3}]}");

  g_assert_cmpint (rd_task_get_update_type (get_task (package, 0)), ==, RD_UPDATE_TYPE_ADDING);
  g_assert_cmpint (rd_task_get_update_type (get_task (package, 1)), ==, RD_UPDATE_TYPE_ADDING);
  g_assert_cmpint (rd_task_get_update_type (get_task (package, 2)), ==, RD_UPDATE_TYPE_DELETION);
}

static void
test_byte_order_mark_ignored (void)
{
  g_autoptr(RdReleasePackage) package =
    parse_text ("\xEF\xBB\xBF{\"release_package\":{\"package_id\":\"4\"},\"task_details\":[]}");

  g_assert_cmpstr (rd_release_package_get_package_id (package), ==, "4");
}

static void
test_escapes_decoded (void)
{
  g_autoptr(RdReleasePackage) package =
    parse_text ("{\"release_package\":{\"package_name\":"
                "\"a\\\"b\\\\c\\/d\\u4E2D\\ud83d\\ude00\\n\"},\"task_details\":[]}");

  g_assert_cmpstr (rd_release_package_get_package_name (package), ==, "a\"b\\c/d中😀\n");
}

/* Large integers of the int64 members and negative versions are values, not errors. */
static void
test_int64_members_keep_full_range (void)
{
  g_autoptr(RdReleasePackage) package =
    parse_text ("{\"release_package\":{},\"task_details\":[{\"deployed_version\":"
                "9223372036854775807,\"pending_version\":-9223372036854775808}]}");
  RdTask *task = get_task (package, 0);

  g_assert_cmpint (rd_task_get_deployed_version (task), ==, G_MAXINT64);
  g_assert_cmpint (rd_task_get_pending_version (task), ==, G_MININT64);
}

/* }}} */

/* {{{ Nesting */

static char *
repeat (const char *piece,
        guint       times)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (text, piece);

  return g_string_free (text, FALSE);
}

static void
test_nesting_bomb_of_arrays (void)
{
  g_autofree char *text = repeat ("[", 10000);

  /* Stops at the 33rd bracket instead of reading on or recursing. */
  assert_rejected (text, -1, RD_PARSE_ERROR_TOO_DEEP,
                   "The answer nests deeper than 32 levels (line 1, column 33)");
}

static void
test_nesting_bomb_of_objects (void)
{
  g_autofree char *opening = repeat ("{\"a\":", 10000);
  g_autofree char *closing = repeat ("}", 10000);
  g_autofree char *text = g_strconcat (opening, "1", closing, NULL);

  assert_rejected (text, -1, RD_PARSE_ERROR_TOO_DEEP,
                   "The answer nests deeper than 32 levels (line 1, column 161)");
}

static void
test_nesting_bomb_in_a_member (void)
{
  g_autofree char *brackets = repeat ("[", 10000);
  g_autofree char *text = g_strconcat ("{\"release_package\":{\"x\":", brackets, NULL);

  assert_rejected (text, -1, RD_PARSE_ERROR_TOO_DEEP,
                   "The answer nests deeper than 32 levels (line 1, column 55)");
}

/* json-glib 1.6 recurses once per level: 100,000 brackets overflow an 8 MiB stack. */
static void
test_nesting_bomb_deeper_than_the_stack (void)
{
  g_autofree char *brackets = repeat ("[", 100000);
  g_autofree char *text = g_strconcat ("{\"release_package\":{},\"task_details\":", brackets,
                                       NULL);

  assert_rejected (text, -1, RD_PARSE_ERROR_TOO_DEEP,
                   "The answer nests deeper than 32 levels (line 1, column 69)");
}

/* Two levels for the root and release_package, then arrays up to the limit. */
static void
test_nesting_at_the_limit_accepted (void)
{
  g_autofree char *opening = repeat ("[", RD_PARSE_MAX_DEPTH - 2);
  g_autofree char *closing = repeat ("]", RD_PARSE_MAX_DEPTH - 2);
  g_autofree char *text = g_strconcat ("{\"release_package\":{\"x\":", opening, closing,
                                       "},\"task_details\":[]}", NULL);
  g_autofree char *deeper = g_strconcat ("{\"release_package\":{\"x\":[", opening, closing,
                                         "]},\"task_details\":[]}", NULL);
  g_autoptr(RdReleasePackage) package = parse_text (text);

  g_assert_nonnull (rd_release_package_get_document (package));
  assert_rejected (deeper, -1, RD_PARSE_ERROR_TOO_DEEP,
                   "The answer nests deeper than 32 levels (line 1, column 55)");
}

/* Brackets inside strings are text, escaped quotes included. */
static void
test_nesting_ignores_brackets_in_strings (void)
{
  g_autofree char *brackets = repeat ("[{\\\"[{", 1000);
  g_autofree char *text = g_strconcat ("{\"release_package\":{\"package_name\":\"", brackets,
                                       "\"},\"task_details\":[]}", NULL);
  g_autofree char *expected = repeat ("[{\"[{", 1000);
  g_autoptr(RdReleasePackage) package = parse_text (text);

  g_assert_cmpstr (rd_release_package_get_package_name (package), ==, expected);
}

/* json-glib would skip a comment; a quote in it must not hide a bomb. */
static void
test_nesting_not_hidden_by_a_comment (void)
{
  g_autofree char *brackets = repeat ("[", 10000);
  g_autofree char *text = g_strconcat ("{\"x\":0/*\"*/", brackets, NULL);

  assert_rejected (text, -1, RD_PARSE_ERROR_SYNTAX,
                   "The answer is not valid JSON (line 1, column 7): "
                   "expected “,” or “}”, found “/”");
}

/* }}} */

/* {{{ What json-glib's tree may cost */

/* 4,000,000 zeros are 8 MB of text, but json-glib would make a tree of about 310 MiB of them
 * (and 64 MiB of "{}," one of about 6 GB): the check estimates the tree and stops first. */
static void
test_too_many_values (void)
{
  GString *text = g_string_new ("{\"release_package\":{},\"task_details\":[],\"x\":[0");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReleasePackage) package = NULL;

  for (guint i = 1; i < 4000000; i++)
    g_string_append (text, ",0");
  g_string_append (text, "]}");
  bytes = g_string_free_to_bytes (text);

  package = rd_parse_package_detail (bytes, &error);
  g_assert_null (package);
  g_assert_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The answer holds more values than Release Desk reads at once"));
}

/* The same number of values in objects costs more: the bound counts what json-glib builds. */
static void
test_too_many_objects (void)
{
  GString *text = g_string_new ("{\"release_package\":{},\"task_details\":[{}");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReleasePackage) package = NULL;

  for (guint i = 1; i < 1500000; i++)
    g_string_append (text, ",{}");
  g_string_append (text, "]}");
  bytes = g_string_free_to_bytes (text);

  package = rd_parse_package_detail (bytes, &error);
  g_assert_null (package);
  g_assert_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_TOO_LARGE);
}

/* json-glib 1.6 walks an object's names for each repeated one: 40,000 names and 40,000 repeats
 * of the last (0.9 MB) keep it busy for about a minute. The check refuses the first repeat. */
static void
test_many_repeats_fail_fast (void)
{
  GString *text = g_string_new ("{\"release_package\":{");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReleasePackage) package = NULL;

  for (guint i = 0; i < 40000; i++)
    g_string_append_printf (text, "\"k%u\":0,", i);
  for (guint i = 0; i < 40000; i++)
    g_string_append (text, "\"k39999\":0,");
  g_string_append (text, "\"z\":0},\"task_details\":[]}");
  bytes = g_string_free_to_bytes (text);

  package = rd_parse_package_detail (bytes, &error);
  g_assert_null (package);
  g_assert_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "release_package.k39999: the member appears more than once");
}

/* }}} */

/* {{{ Rejected answers */

typedef struct
{
  const char *name;
  const char *text;
  gssize      length;             /* -1: up to the NUL */
  int         code;
  const char *message;
} RejectCase;

#define PACKAGE(members) "{\"release_package\":{" members "},\"task_details\":[]}"
#define TASKS(tasks) "{\"release_package\":{\"package_id\":\"4\"},\"task_details\":[" tasks "]}"

/* 20 names, then @members: past 16 names, an object's names are looked up in a table. */
#define BIG_PACKAGE(members) "{\"release_package\":{" \
  "\"a0\":0,\"a1\":1,\"a2\":2,\"a3\":3,\"a4\":4," \
  "\"a5\":5,\"a6\":6,\"a7\":7,\"a8\":8,\"a9\":9," \
  "\"a10\":10,\"a11\":11,\"a12\":12,\"a13\":13,\"a14\":14," \
  "\"a15\":15,\"a16\":16,\"a17\":17,\"a18\":18,\"a19\":19," \
  members "},\"task_details\":[]}"

static const RejectCase reject_cases[] = {
  /* Wrong types of documented members */
  { "wrong-type/string-where-number", TASKS ("{\"deploy_status\":\"3\"}"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "task_details[0].deploy_status: expected a number" },
  { "wrong-type/names-the-fourth-task", TASKS ("{},{},{},{\"deploy_status\":\"3\"}"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "task_details[3].deploy_status: expected a number" },
  { "wrong-type/number-where-string", PACKAGE ("\"package_id\":4"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "release_package.package_id: expected a string" },
  { "wrong-type/double-where-integer", TASKS ("{\"pending_version\":1.5}"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "task_details[0].pending_version: expected an integer" },
  { "wrong-type/double-with-zero-fraction", PACKAGE ("\"deploy_status\":2.0"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "release_package.deploy_status: expected an integer" },
  { "wrong-type/exponent-where-integer", TASKS ("{\"task_type\":1e0}"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "task_details[0].task_type: expected an integer" },
  { "wrong-type/object-where-array", PACKAGE ("\"package_approvers\":{}"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "release_package.package_approvers: expected an array" },
  { "wrong-type/bool-where-number", PACKAGE ("\"delete_flag\":true"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "release_package.delete_flag: expected a number" },
  { "wrong-type/bool-where-string", TASKS ("{\"item_name\":false}"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "task_details[0].item_name: expected a string" },
  { "wrong-type/array-where-string", TASKS ("{\"task_id\":[]}"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "task_details[0].task_id: expected a string" },
  { "wrong-type/object-where-number", TASKS ("{},{\"start_job_status\":{}}"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "task_details[1].start_job_status: expected a number" },
  { "wrong-type/string-where-int64", TASKS ("{\"deployed_version\":\"1\"}"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "task_details[0].deployed_version: expected a number" },
  { "wrong-type/approver-name-number",
    PACKAGE ("\"package_approvers\":[{\"user_id\":\"a\",\"user_name\":7}]"), -1,
    RD_PARSE_ERROR_WRONG_TYPE,
    "release_package.package_approvers[0].user_name: expected a string" },
  { "wrong-type/approver-not-object", PACKAGE ("\"package_approvers\":[{},\"x\"]"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "release_package.package_approvers[1]: expected an object" },
  { "wrong-type/approver-null", PACKAGE ("\"package_approvers\":[null]"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "release_package.package_approvers[0]: expected an object" },
  { "wrong-type/approvers-string", PACKAGE ("\"package_approvers\":\"\""), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "release_package.package_approvers: expected an array" },

  /* Timestamps */
  { "timestamp/bool", PACKAGE ("\"apply_timestamp\":true"), -1, RD_PARSE_ERROR_WRONG_TYPE,
    "release_package.apply_timestamp: expected a number or a string of digits" },
  { "timestamp/non-digits", PACKAGE ("\"apply_timestamp\":\"17002889x2934\""), -1,
    RD_PARSE_ERROR_WRONG_TYPE,
    "release_package.apply_timestamp: expected a number or a string of digits" },
  { "timestamp/empty-string", PACKAGE ("\"deploy_timestamp\":\"\""), -1,
    RD_PARSE_ERROR_WRONG_TYPE,
    "release_package.deploy_timestamp: expected a number or a string of digits" },
  { "timestamp/signed-string", TASKS ("{\"submit_timestamp\":\"-1\"}"), -1,
    RD_PARSE_ERROR_WRONG_TYPE,
    "task_details[0].submit_timestamp: expected a number or a string of digits" },
  { "timestamp/spaces-in-string", TASKS ("{\"submit_timestamp\":\" 1700288912934\"}"), -1,
    RD_PARSE_ERROR_WRONG_TYPE,
    "task_details[0].submit_timestamp: expected a number or a string of digits" },
  { "timestamp/iso-date-string", PACKAGE ("\"apply_timestamp\":\"2023-11-18T06:28:32Z\""), -1,
    RD_PARSE_ERROR_WRONG_TYPE,
    "release_package.apply_timestamp: expected a number or a string of digits" },
  { "timestamp/double", PACKAGE ("\"apply_timestamp\":1.7e12"), -1, RD_PARSE_ERROR_WRONG_TYPE,
    "release_package.apply_timestamp: expected a number or a string of digits" },
  { "timestamp/object", TASKS ("{\"submit_timestamp\":{}}"), -1, RD_PARSE_ERROR_WRONG_TYPE,
    "task_details[0].submit_timestamp: expected a number or a string of digits" },
  { "timestamp/negative", PACKAGE ("\"apply_timestamp\":-1"), -1, RD_PARSE_ERROR_WRONG_TYPE,
    "release_package.apply_timestamp: not a date between 1970 and 9999" },
  { "timestamp/after-year-9999", PACKAGE ("\"deploy_timestamp\":253402300800000"), -1,
    RD_PARSE_ERROR_WRONG_TYPE,
    "release_package.deploy_timestamp: not a date between 1970 and 9999" },
  { "timestamp/digit-string-beyond-64-bits",
    PACKAGE ("\"apply_timestamp\":\"99999999999999999999\""), -1, RD_PARSE_ERROR_WRONG_TYPE,
    "release_package.apply_timestamp: number out of range" },

  /* Numbers the models or json-glib cannot hold */
  { "range/int-above", TASKS ("{\"deploy_status\":2147483648}"), -1, RD_PARSE_ERROR_WRONG_TYPE,
    "task_details[0].deploy_status: number out of range" },
  { "range/int-below", PACKAGE ("\"delete_flag\":-2147483649"), -1, RD_PARSE_ERROR_WRONG_TYPE,
    "release_package.delete_flag: number out of range" },
  { "range/beyond-64-bits", TASKS ("{\"pending_version\":9223372036854775808}"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "task_details[0].pending_version: number out of range" },
  { "range/below-64-bits", TASKS ("{},{\"deployed_version\":-9223372036854775809}"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "task_details[1].deployed_version: number out of range" },
  { "range/unknown-member-beyond-64-bits", PACKAGE ("\"x\":99999999999999999999"), -1,
    RD_PARSE_ERROR_WRONG_TYPE, "release_package.x: number out of range" },
  { "range/infinite-double",
    "{\"release_package\":{},\"task_details\":[],\"extra\":[1,1e400]}", -1,
    RD_PARSE_ERROR_WRONG_TYPE, "extra[1]: number out of range" },

  /* The shape of the document */
  { "shape/root-array", "[]", -1, RD_PARSE_ERROR_NOT_OBJECT,
    "The answer is a JSON array, not an object" },
  { "shape/root-array-of-packages", "[{\"release_package\":{},\"task_details\":[]}]", -1,
    RD_PARSE_ERROR_NOT_OBJECT, "The answer is a JSON array, not an object" },
  { "shape/root-string", "\"release_package\"", -1, RD_PARSE_ERROR_NOT_OBJECT,
    "The answer is a JSON string, not an object" },
  { "shape/root-number", " 42\n", -1, RD_PARSE_ERROR_NOT_OBJECT,
    "The answer is a JSON number, not an object" },
  { "shape/root-negative-number", "-1", -1, RD_PARSE_ERROR_NOT_OBJECT,
    "The answer is a JSON number, not an object" },
  { "shape/root-boolean", "true", -1, RD_PARSE_ERROR_NOT_OBJECT,
    "The answer is a JSON boolean, not an object" },
  { "shape/root-null", "null", -1, RD_PARSE_ERROR_NOT_OBJECT,
    "The answer is JSON null, not an object" },
  { "shape/missing-release-package", "{\"task_details\":[]}", -1,
    RD_PARSE_ERROR_MISSING_MEMBER, "release_package: missing" },
  { "shape/empty-object", "{}", -1, RD_PARSE_ERROR_MISSING_MEMBER, "release_package: missing" },
  { "shape/release-package-array", "{\"release_package\":[],\"task_details\":[]}", -1,
    RD_PARSE_ERROR_WRONG_TYPE, "release_package: expected an object" },
  { "shape/release-package-null", "{\"release_package\":null,\"task_details\":[]}", -1,
    RD_PARSE_ERROR_WRONG_TYPE, "release_package: expected an object" },
  { "shape/missing-task-details", "{\"release_package\":{\"package_id\":\"4\"}}", -1,
    RD_PARSE_ERROR_MISSING_MEMBER, "task_details: missing" },
  { "shape/task-details-object", "{\"release_package\":{},\"task_details\":{}}", -1,
    RD_PARSE_ERROR_WRONG_TYPE, "task_details: expected an array" },
  { "shape/task-details-null", "{\"release_package\":{},\"task_details\":null}", -1,
    RD_PARSE_ERROR_WRONG_TYPE, "task_details: expected an array" },
  { "shape/task-not-object", TASKS ("{},\"19\""), -1, RD_PARSE_ERROR_WRONG_TYPE,
    "task_details[1]: expected an object" },
  { "shape/task-null", TASKS ("null"), -1, RD_PARSE_ERROR_WRONG_TYPE,
    "task_details[0]: expected an object" },
  { "shape/task-array", TASKS ("[]"), -1, RD_PARSE_ERROR_WRONG_TYPE,
    "task_details[0]: expected an object" },

  /* Bytes that are not UTF-8 */
  { "utf8/invalid-byte", "{\"release_package\":{\"package_name\":\"ab\xff\"},\"task_details\":[]}",
    -1, RD_PARSE_ERROR_INVALID_UTF8,
    "The answer is not valid UTF-8 text (invalid byte at offset 38)" },
  { "utf8/latin1", "{\"a\":\"caf\xe9\"}", -1, RD_PARSE_ERROR_INVALID_UTF8,
    "The answer is not valid UTF-8 text (invalid byte at offset 9)" },
  { "utf8/cut-in-a-character", "{\"release_package\":{\"package_name\":\"\xe4\xb8", -1,
    RD_PARSE_ERROR_INVALID_UTF8,
    "The answer is not valid UTF-8 text (invalid byte at offset 36)" },
  { "utf8/overlong-encoding", "{\"a\":\"\xc0\xaf\"}", -1, RD_PARSE_ERROR_INVALID_UTF8,
    "The answer is not valid UTF-8 text (invalid byte at offset 6)" },
  { "utf8/nul-byte", "{\"a\":1}\0", 8, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON: it holds a NUL byte at byte offset 7" },

  /* Not JSON */
  { "syntax/empty", "", -1, RD_PARSE_ERROR_SYNTAX, "The answer is empty" },
  { "syntax/whitespace-only", " \r\n\t", -1, RD_PARSE_ERROR_SYNTAX, "The answer is empty" },
  { "syntax/html", "<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>", -1,
    RD_PARSE_ERROR_SYNTAX,
    "The answer looks like an HTML page, not JSON; check the endpoint address" },
  { "syntax/html-after-whitespace", "\r\n  <html><head><title>Login</title></head></html>", -1,
    RD_PARSE_ERROR_SYNTAX,
    "The answer looks like an HTML page, not JSON; check the endpoint address" },
  { "syntax/truncated", "{\"release_package\":{\"package_id\":\"4\"", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 37): it ends too early" },
  { "syntax/truncated-in-a-string", "{\"release_package\":{\"package_id\":\"4", -1,
    RD_PARSE_ERROR_SYNTAX, "The answer is not valid JSON (line 1, column 36): it ends too early" },
  { "syntax/truncated-in-a-number", "{\"release_package\":{\"deploy_status\":-", -1,
    RD_PARSE_ERROR_SYNTAX, "The answer is not valid JSON (line 1, column 37): invalid number “-”" },
  { "syntax/truncated-after-a-colon", "{\"a\":", -1,
    RD_PARSE_ERROR_SYNTAX, "The answer is not valid JSON (line 1, column 6): it ends too early" },
  { "syntax/missing-colon", "{\"release_package\" {}}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 20): expected “:”, found “{”" },
  { "syntax/position-on-a-later-line", "{\n  \"release_package\": tru\n}", -1,
    RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 2, column 22): expected a value, found “tru”" },
  { "syntax/column-counts-characters", "{\"名字\":\"张伟\",x}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 12): expected a member name, found “x”" },
  { "syntax/trailing-comma-in-object", "{\"release_package\":{},\"task_details\":[],}", -1,
    RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 41): expected a member name, found “}”" },
  { "syntax/trailing-comma-in-array", "{\"a\":[1,]}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 9): expected a value, found “]”" },
  { "syntax/missing-comma", "{\"a\":[1 2]}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 9): expected “,” or “]”, found “2”" },
  { "syntax/single-quotes", "{'release_package':{}}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 2): expected a member name or “}”, found “'”" },
  { "syntax/unquoted-name", "{release_package:{}}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 2): "
    "expected a member name or “}”, found “release_package”" },
  { "syntax/comment", "/* \" */ {\"release_package\":{}}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 1): expected a value, found “/”" },
  { "syntax/hex-number", "{\"a\":0x10}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 6): invalid number “0x10”" },
  { "syntax/leading-zero", "{\"a\":01}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 6): invalid number “01”" },
  { "syntax/fraction-without-digits", "{\"a\":1.}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 6): invalid number “1.”" },
  { "syntax/nan", "{\"a\":NaN}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 6): expected a value, found “NaN”" },
  { "syntax/plus-sign", "{\"a\":+1}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 6): expected a value, found “+1”" },
  { "syntax/misspelt-literal", "{\"a\":nul}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 6): expected a value, found “nul”" },
  { "syntax/nul-escape", "{\"a\":\"x\\u0000\"}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 8): “\\u0000” in a string is not supported" },
  { "syntax/lone-high-surrogate", "{\"a\":\"\\ud800\"}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 7): unpaired surrogate in a string" },
  { "syntax/lone-low-surrogate", "{\"a\":\"\\udc00x\"}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 7): unpaired surrogate in a string" },
  { "syntax/bad-unicode-escape", "{\"a\":\"\\u12g4\"}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 7): invalid “\\u” escape in a string" },
  { "syntax/control-character", "{\"a\":\"x\ty\"}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 8): "
    "control character U+0009 in a string; it must be escaped" },
  { "syntax/invalid-escape", "{\"a\":\"\\x\"}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 7): invalid escape sequence in a string" },
  { "syntax/text-after-the-end", "{\"release_package\":{},\"task_details\":[]} x", -1,
    RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 42): "
    "unexpected “x” after the end of the document" },
  { "syntax/two-documents", "{}{}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 3): "
    "unexpected “{” after the end of the document" },
  { "syntax/form-feed-is-not-whitespace", "{\f}", -1, RD_PARSE_ERROR_SYNTAX,
    "The answer is not valid JSON (line 1, column 2): "
    "expected a member name or “}”, found “U+000C”" },

  /* json-glib would keep only the last of two members with one name. */
  { "repeated/member-name",
    "{\"release_package\":{\"package_id\":\"4\",\"package_id\":\"5\"},\"task_details\":[]}", -1,
    RD_PARSE_ERROR_SYNTAX, "release_package.package_id: the member appears more than once" },
  { "repeated/in-a-task", TASKS ("{},{\"item_name\":\"a\",\"x\":1,\"item_name\":\"b\"}"), -1,
    RD_PARSE_ERROR_SYNTAX, "task_details[1].item_name: the member appears more than once" },
  { "repeated/in-a-big-object",
    BIG_PACKAGE ("\"a3\":1"), -1,
    RD_PARSE_ERROR_SYNTAX, "release_package.a3: the member appears more than once" },
  { "repeated/late-in-a-big-object",
    BIG_PACKAGE ("\"b\":1,\"a19\":1"), -1,
    RD_PARSE_ERROR_SYNTAX, "release_package.a19: the member appears more than once" },
  { "repeated/two-spellings-in-a-big-object",
    BIG_PACKAGE ("\"\\u0061\\u0031\":1"), -1,
    RD_PARSE_ERROR_SYNTAX, "The answer repeats a member name in one of its objects" },
  { "repeated/two-spellings",
    "{\"release_package\":{},\"task_details\":[],\"a\":1,\"\\u0061\":2}", -1,
    RD_PARSE_ERROR_SYNTAX, "The answer repeats a member name in one of its objects" },
};

static void
test_rejects (gconstpointer data)
{
  const RejectCase *reject = data;

  assert_rejected (reject->text, reject->length, reject->code, reject->message);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parser/seed/every-field", test_seed_every_field);
  g_test_add_func ("/parser/seed/properties-match-getters", test_seed_properties_match_getters);
  g_test_add_func ("/parser/seed/lists-are-list-models", test_lists_are_list_models);
  g_test_add_func ("/parser/seed/document-is-the-answer",
                   test_seed_document_is_the_answer);
  g_test_add_func ("/parser/seed/document-outlives-package", test_seed_document_outlives_package);
  g_test_add_func ("/parser/newer-service/task-id-start-job-status-and-nulls",
                   test_newer_service_fields);
  g_test_add_func ("/parser/timestamps/digit-strings", test_timestamps_as_digit_strings);
  g_test_add_func ("/parser/timestamps/leading-zeros-and-edges",
                   test_timestamps_leading_zeros_and_edges);
  g_test_add_func ("/parser/timestamps/absent-or-null", test_timestamps_absent_or_null);
  g_test_add_func ("/parser/optional/absent", test_optional_members_absent);
  g_test_add_func ("/parser/optional/null", test_optional_members_null);
  g_test_add_func ("/parser/approvers/empty-array", test_approvers_empty_array);
  g_test_add_func ("/parser/approvers/without-names", test_approvers_without_names);
  g_test_add_func ("/parser/tasks/none", test_no_tasks);
  g_test_add_func ("/parser/unknown-members/kept-in-document", test_unknown_members_kept);
  g_test_add_func ("/parser/enums/unknown-values-kept-and-labelled", test_unknown_enum_values_kept);
  g_test_add_func ("/parser/enums/labels", test_enum_labels);
  g_test_add_func ("/parser/update-type/absent-means-adding", test_update_type_absent_means_adding);
  g_test_add_func ("/parser/accepts/byte-order-mark", test_byte_order_mark_ignored);
  g_test_add_func ("/parser/accepts/escapes-decoded", test_escapes_decoded);
  g_test_add_func ("/parser/accepts/int64-full-range", test_int64_members_keep_full_range);
  g_test_add_func ("/parser/nesting/bomb-of-arrays-fails-fast", test_nesting_bomb_of_arrays);
  g_test_add_func ("/parser/nesting/bomb-of-objects-fails-fast", test_nesting_bomb_of_objects);
  g_test_add_func ("/parser/nesting/bomb-in-a-member-fails-fast", test_nesting_bomb_in_a_member);
  g_test_add_func ("/parser/nesting/bomb-deeper-than-the-stack",
                   test_nesting_bomb_deeper_than_the_stack);
  g_test_add_func ("/parser/nesting/limit-accepted-one-more-rejected",
                   test_nesting_at_the_limit_accepted);
  g_test_add_func ("/parser/nesting/brackets-in-strings-ignored",
                   test_nesting_ignores_brackets_in_strings);
  g_test_add_func ("/parser/nesting/not-hidden-by-a-comment", test_nesting_not_hidden_by_a_comment);
  g_test_add_func ("/parser/size/too-many-values", test_too_many_values);
  g_test_add_func ("/parser/size/too-many-objects", test_too_many_objects);
  g_test_add_func ("/parser/size/many-repeats-fail-fast", test_many_repeats_fail_fast);

  for (guint i = 0; i < G_N_ELEMENTS (reject_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/parser/rejects/", reject_cases[i].name, NULL);

      g_test_add_data_func (path, &reject_cases[i], test_rejects);
    }

  return g_test_run ();
}
