/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-task-change.c: every case of versions.md §8 (a task's two versions, fetched and diffed)
 * against the demo service, with a token and with AK/SK; the patch of a change. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rd-client.h"
#include "rd-demo-testing.h"
#include "rd-task-change.h"
#include "rd-test-util.h"

#define WAIT_SECONDS 20
#define PACKAGE_ID   "review-cases"

static const char package_json[] =
  "{\"release_package\":{\"package_id\":\"" PACKAGE_ID "\",\"package_name\":\"cases\","
  "\"deploy_status\":1,\"workspace_id\":\"" RD_DEMO_WORKSPACE_ID "\"},\"task_details\":["
  /* 0: a script modified 1 → 2 */
  "{\"task_type\":2,\"update_type\":2,\"item_name\":\"s_mod\",\"pending_item_id\":\"1\","
  "\"deployed_version\":1,\"pending_version\":2},"
  /* 1: a script added */
  "{\"task_type\":2,\"update_type\":1,\"item_name\":\"s_add\",\"pending_item_id\":\"2\","
  "\"deployed_version\":0,\"pending_version\":1},"
  /* 2: a script deleted, its version purged but published */
  "{\"task_type\":2,\"update_type\":3,\"item_name\":\"s_del\",\"pending_item_id\":\"3\","
  "\"deployed_version\":1,\"pending_version\":2},"
  /* 3: a job modified 5 → 6 */
  "{\"task_type\":1,\"update_type\":2,\"item_name\":\"j_mod\",\"pending_item_id\":\"4\","
  "\"deployed_version\":5,\"pending_version\":6},"
  /* 4: a job deleted, its version purged */
  "{\"task_type\":1,\"update_type\":3,\"item_name\":\"j_del\",\"pending_item_id\":\"5\","
  "\"deployed_version\":4,\"pending_version\":5},"
  /* 5: a resource */
  "{\"task_type\":3,\"update_type\":2,\"item_name\":\"r.jar\",\"pending_item_id\":\"6\","
  "\"deployed_version\":1,\"pending_version\":2},"
  /* 6: a script modified whose deployed version is gone */
  "{\"task_type\":2,\"update_type\":2,\"item_name\":\"s_gone\",\"pending_item_id\":\"7\","
  "\"deployed_version\":1,\"pending_version\":2},"
  /* 7: a script deleted with no production version either */
  "{\"task_type\":2,\"update_type\":3,\"item_name\":\"s_lost\",\"pending_item_id\":\"8\","
  "\"deployed_version\":3,\"pending_version\":4},"
  /* 8: a job modified from version 0 (a first version): all of it is new */
  "{\"task_type\":1,\"update_type\":2,\"item_name\":\"j_first\",\"pending_item_id\":\"9\","
  "\"deployed_version\":0,\"pending_version\":1}"
  "]}";

#define JOB(nodes, cron) \
  "{\"id\":1,\"createTime\":2,\"version\":\"x\",\"processType\":\"BATCH\",\"nodes\":[" nodes "]," \
  "\"schedule\":{\"type\":\"CRON\",\"cron\":{\"expression\":\"" cron "\"}}}"
#define NODE(name, value, x) \
  "{\"name\":\"" name "\",\"type\":\"HiveSQL\",\"location\":{\"x\":\"" x "\",\"y\":\"1\"}," \
  "\"properties\":[{\"name\":\"scriptName\",\"value\":\"" value "\"}]}"

static RdDemoService *
start_service (void)
{
  RdDemoService *service = rd_test_start_demo_service ();
  const char *p = RD_DEMO_PROJECT_ID, *ws = RD_DEMO_WORKSPACE_ID;

  rd_demo_service_add_package (service, p, ws, PACKAGE_ID, package_json);

  rd_demo_service_add_script_version (service, p, ws, "s_mod", 1,
      "{\"type\":\"HiveSQL\",\"content\":\"SELECT a\\nFROM t\\nWHERE x = 1;\\n\","
      "\"queueName\":\"default\",\"database\":\"dw\"}");
  rd_demo_service_add_script_version (service, p, ws, "s_mod", 2,
      "{\"type\":\"HiveSQL\",\"content\":\"SELECT a, b\\nFROM t\\nWHERE x = 1;\\n\","
      "\"queueName\":\"reports\",\"database\":\"dw\"}");
  rd_demo_service_add_script_version (service, p, ws, "s_add", 1,
      "{\"type\":\"Shell\",\"content\":\"#!/bin/sh\\necho 1\\n\"}");
  rd_demo_service_add_script_version (service, p, ws, "s_del", 1,
      "{\"type\":\"DLISQL\",\"content\":\"DROP TABLE t;\\n\"}");
  rd_demo_service_set_published_script_version (service, p, ws, "s_del", 1);
  rd_demo_service_purge_version (service, p, ws, RD_DEMO_ITEM_SCRIPT, "s_del", 1);
  rd_demo_service_add_job_version (service, p, ws, "j_mod", 5,
                                   JOB (NODE ("a", "s1", "1") "," NODE ("b", "s2", "2"),
                                        "0 0 2 * * ?"));
  rd_demo_service_add_job_version (service, p, ws, "j_mod", 6,
                                   JOB (NODE ("a", "s1", "9") "," NODE ("b", "s3", "2") ","
                                        NODE ("c", "s4", "3"), "0 30 2 * * ?"));
  rd_demo_service_add_job_version (service, p, ws, "j_del", 4, JOB (NODE ("a", "s1", "1"), "x"));
  rd_demo_service_purge_version (service, p, ws, RD_DEMO_ITEM_JOB, "j_del", 4);
  rd_demo_service_add_job_version (service, p, ws, "j_first", 1, JOB (NODE ("a", "s1", "1"), "y"));
  g_free (rd_demo_service_add_resource (service, p, ws,
      "{\"name\":\"r.jar\",\"type\":\"jar\",\"location\":\"obs://b/r.jar\",\"desc\":\"UDF\"}"));
  rd_demo_service_add_script_version (service, p, ws, "s_gone", 2,
      "{\"type\":\"HiveSQL\",\"content\":\"SELECT 2;\\n\"}");

  return service;
}

typedef struct
{
  RdDemoService    *service;
  RdClient         *client;
  RdReleasePackage *package;
  RdTaskChange     *changes[9];
  guint             n_loaded;
} Fixture;

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (rd_task_change_load_finish (RD_TASK_CHANGE (source), result, &error));
  g_assert_no_error (error);
  g_assert_true (rd_task_change_is_loaded (RD_TASK_CHANGE (source)));
  fixture->n_loaded++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  gboolean signed_requests = GPOINTER_TO_INT (data);
  g_auto(RdTestLookup) lookup = { 0 };
  GListModel *tasks;

  fixture->service = start_service ();
  if (signed_requests)
    fixture->client = rd_test_new_access_key_client (rd_demo_service_get_url (fixture->service),
                                                     RD_DEMO_SECRET_KEY, NULL);
  else
    fixture->client = rd_test_new_token_client (rd_demo_service_get_url (fixture->service),
                                                RD_DEMO_TOKEN);

  rd_client_get_package_async (fixture->client, RD_DEMO_PROJECT_ID, NULL, PACKAGE_ID, NULL,
                               rd_test_on_lookup_done, &lookup);
  WAIT_UNTIL (lookup.done);
  g_assert_no_error (lookup.error);
  fixture->package = g_object_ref (lookup.package);

  tasks = rd_release_package_get_tasks (fixture->package);
  g_assert_cmpuint (g_list_model_get_n_items (tasks), ==, G_N_ELEMENTS (fixture->changes));

  for (guint i = 0; i < G_N_ELEMENTS (fixture->changes); i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);

      fixture->changes[i] = rd_task_change_new (task);
      rd_task_change_load_async (fixture->changes[i], fixture->client, RD_DEMO_PROJECT_ID, NULL,
                                 RD_DIFF_NONE, NULL, on_loaded, fixture);
    }

  WAIT_UNTIL (fixture->n_loaded == G_N_ELEMENTS (fixture->changes));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixture->changes); i++)
    g_clear_object (&fixture->changes[i]);
  g_clear_object (&fixture->package);
  rd_test_drop_client (&fixture->client);
  rd_test_stop_demo_service (&fixture->service);
}

static void
test_script_modified (Fixture       *fixture,
                      gconstpointer  data)
{
  RdTaskChange *change = fixture->changes[0];
  RdDiff *diff = rd_task_change_get_diff (change);
  GPtrArray *settings = rd_task_change_get_settings (change);
  RdSettingChange *setting;
  g_autofree char *patch = rd_task_change_to_patch (change);
  g_autofree char *old_label = rd_task_change_dup_label (change, RD_CHANGE_SIDE_OLD);

  g_assert_cmpint (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_OLD), ==, RD_SIDE_LOADED);
  g_assert_cmpint (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_NEW), ==, RD_SIDE_LOADED);
  g_assert_cmpstr (rd_task_change_get_language_id (change), ==, "sql");
  g_assert_cmpstr (old_label, ==, "scripts/s_mod@v1");
  g_assert_nonnull (diff);
  g_assert_cmpuint (rd_diff_get_n_added (diff), ==, 1);
  g_assert_cmpuint (rd_diff_get_n_removed (diff), ==, 1);

  /* Only what changed of the settings. */
  g_assert_cmpuint (settings->len, ==, 1);
  setting = g_ptr_array_index (settings, 0);
  g_assert_cmpstr (setting->name, ==, "queueName");
  g_assert_cmpstr (setting->old_value, ==, "default");
  g_assert_cmpstr (setting->new_value, ==, "reports");

  g_assert_nonnull (strstr (patch, "--- a/scripts/s_mod@v1\n+++ b/scripts/s_mod@v2\n"));
  g_assert_nonnull (strstr (patch, "-SELECT a\n+SELECT a, b\n"));
  g_assert_nonnull (strstr (patch, "# queueName: default -> reports\n"));
}

static void
test_script_added (Fixture       *fixture,
                   gconstpointer  data)
{
  RdTaskChange *change = fixture->changes[1];
  RdDiff *diff = rd_task_change_get_diff (change);
  g_autofree char *patch = rd_task_change_to_patch (change);

  g_assert_cmpint (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_OLD), ==, RD_SIDE_ABSENT);
  g_assert_cmpstr (rd_task_change_get_language_id (change), ==, "sh");
  g_assert_cmpuint (rd_diff_get_n_added (diff), ==, 2);
  g_assert_cmpuint (rd_diff_get_n_removed (diff), ==, 0);
  g_assert_nonnull (strstr (patch, "--- /dev/null\n+++ b/scripts/s_add@v1\n"));
}

static void
test_script_deleted_published (Fixture       *fixture,
                               gconstpointer  data)
{
  RdTaskChange *change = fixture->changes[2];
  RdDiff *diff = rd_task_change_get_diff (change);
  g_autofree char *old_label = rd_task_change_dup_label (change, RD_CHANGE_SIDE_OLD);

  /* The deployed version is purged: the production version stands in, and says so. */
  g_assert_cmpint (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_OLD), ==, RD_SIDE_LOADED);
  g_assert_cmpint (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_NEW), ==, RD_SIDE_ABSENT);
  g_assert_cmpstr (old_label, ==, "scripts/s_del@published");
  g_assert_cmpuint (rd_diff_get_n_removed (diff), ==, 1);
  g_assert_cmpuint (rd_diff_get_n_added (diff), ==, 0);
  g_assert_nonnull (strstr (rd_task_change_get_summary (change), "production version"));
}

static void
test_job_modified (Fixture       *fixture,
                   gconstpointer  data)
{
  RdTaskChange *change = fixture->changes[3];
  RdDiff *diff = rd_task_change_get_diff (change);
  const char *old_text = rd_task_change_get_side_text (change, RD_CHANGE_SIDE_OLD);

  g_assert_cmpstr (rd_task_change_get_language_id (change), ==, "json");
  g_assert_nonnull (diff);
  /* Normalised: no id, createTime, version or location. */
  g_assert_null (strstr (old_text, "createTime"));
  g_assert_null (strstr (old_text, "location"));
  g_assert_cmpstr (rd_task_change_get_summary (change), ==,
                   "1 node changed, 1 node added; schedule changed");
  g_assert_cmpuint (rd_task_change_get_settings (change)->len, ==, 0);
}

static void
test_job_deleted_purged (Fixture       *fixture,
                         gconstpointer  data)
{
  RdTaskChange *change = fixture->changes[4];
  const GError *error = rd_task_change_get_side_error (change, RD_CHANGE_SIDE_OLD);
  g_autofree char *patch = rd_task_change_to_patch (change);

  g_assert_cmpint (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_OLD), ==, RD_SIDE_FAILED);
  g_assert_error (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND);
  g_assert_null (rd_task_change_get_diff (change));
  g_assert_cmpstr (rd_task_change_get_summary (change), ==,
                   "Deleted; the previous content is not available through the API");
  g_assert_nonnull (strstr (patch, "# Deployed version: Version 4 of job “j_del”"));
  g_assert_null (strstr (patch, "\n--- "));
}

static void
test_resource (Fixture       *fixture,
               gconstpointer  data)
{
  RdTaskChange *change = fixture->changes[5];
  GPtrArray *settings = rd_task_change_get_settings (change);
  RdSettingChange *first;

  g_assert_cmpint (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_NEW), ==, RD_SIDE_LOADED);
  g_assert_null (rd_task_change_get_diff (change));
  g_assert_null (rd_task_change_get_side_text (change, RD_CHANGE_SIDE_NEW));
  g_assert_nonnull (strstr (rd_task_change_get_summary (change), "no version history"));
  g_assert_cmpuint (settings->len, ==, 3);
  first = g_ptr_array_index (settings, 0);
  g_assert_cmpstr (first->name, ==, "type");
  g_assert_null (first->old_value);
  g_assert_cmpstr (first->new_value, ==, "jar");
}

static void
test_script_one_side_failed (Fixture       *fixture,
                             gconstpointer  data)
{
  RdTaskChange *change = fixture->changes[6];

  /* Never shown as "all added": the side that loaded, and why the other did not. */
  g_assert_cmpint (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_OLD), ==, RD_SIDE_FAILED);
  g_assert_cmpint (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_NEW), ==, RD_SIDE_LOADED);
  g_assert_null (rd_task_change_get_diff (change));
  g_assert_cmpstr (rd_task_change_get_side_text (change, RD_CHANGE_SIDE_NEW), ==, "SELECT 2;\n");
  g_assert_nonnull (strstr (rd_task_change_get_side_error (change, RD_CHANGE_SIDE_OLD)->message,
                            "Version 1 of script “s_gone”"));
}

static void
test_script_deleted_lost (Fixture       *fixture,
                          gconstpointer  data)
{
  RdTaskChange *change = fixture->changes[7];

  /* Version 3, then the production version: neither there. */
  g_assert_cmpint (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_OLD), ==, RD_SIDE_FAILED);
  g_assert_nonnull (strstr (rd_task_change_get_side_error (change, RD_CHANGE_SIDE_OLD)->message,
                            "no production version"));
  g_assert_cmpstr (rd_task_change_get_summary (change), ==,
                   "Deleted; the previous content is not available through the API");
}

static void
test_job_first_version (Fixture       *fixture,
                        gconstpointer  data)
{
  RdTaskChange *change = fixture->changes[8];
  RdDiff *diff = rd_task_change_get_diff (change);

  g_assert_cmpint (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_OLD), ==, RD_SIDE_ABSENT);
  g_assert_nonnull (diff);
  g_assert_cmpuint (rd_diff_get_n_removed (diff), ==, 0);
  g_assert_cmpuint (rd_diff_get_n_added (diff), >, 5);
}

/* Loading again fetches nothing that is there, and a failed side is asked for again. */
static void
test_reload (Fixture       *fixture,
             gconstpointer  data)
{
  guint before = rd_demo_service_get_request_count (fixture->service);

  fixture->n_loaded = 0;
  rd_task_change_load_async (fixture->changes[0], fixture->client, RD_DEMO_PROJECT_ID, NULL,
                             RD_DIFF_IGNORE_WHITESPACE, NULL, on_loaded, fixture);
  WAIT_UNTIL (fixture->n_loaded == 1);
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, before);
  g_assert_cmpint (rd_diff_get_flags (rd_task_change_get_diff (fixture->changes[0])), ==,
                   RD_DIFF_IGNORE_WHITESPACE);

  rd_demo_service_add_script_version (fixture->service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                      "s_gone", 1, "{\"content\":\"SELECT 1;\\n\"}");
  rd_task_change_load_async (fixture->changes[6], fixture->client, RD_DEMO_PROJECT_ID, NULL,
                             RD_DIFF_NONE, NULL, on_loaded, fixture);
  WAIT_UNTIL (fixture->n_loaded == 2);
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, before + 1);
  g_assert_cmpint (rd_task_change_get_side_state (fixture->changes[6], RD_CHANGE_SIDE_OLD), ==,
                   RD_SIDE_LOADED);
  g_assert_nonnull (rd_task_change_get_diff (fixture->changes[6]));
}

static void
on_cancelled_load (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_false (rd_task_change_load_finish (RD_TASK_CHANGE (source), result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *done = TRUE;
}

static void
test_cancel (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = rd_test_new_token_client (rd_demo_service_get_url (service),
                                                         RD_DEMO_TOKEN);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(RdTestLookup) lookup = { 0 };
  g_autoptr(RdTask) task = NULL;
  g_autoptr(RdTaskChange) change = NULL;
  RdDemoFault slow = { .kind = RD_DEMO_FAULT_DELAY, .delay_ms = 2000 };
  gboolean done = FALSE;

  rd_client_get_package_async (client, RD_DEMO_PROJECT_ID, NULL, PACKAGE_ID, NULL,
                               rd_test_on_lookup_done, &lookup);
  WAIT_UNTIL (lookup.done);
  task = g_list_model_get_item (rd_release_package_get_tasks (lookup.package), 0);
  change = rd_task_change_new (task);

  rd_demo_service_push_fault (service, &slow);
  rd_task_change_load_async (change, client, RD_DEMO_PROJECT_ID, NULL, RD_DIFF_NONE, cancellable,
                             on_cancelled_load, &done);
  g_assert_cmpint (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_OLD), ==,
                   RD_SIDE_LOADING);
  g_cancellable_cancel (cancellable);
  WAIT_UNTIL (done);
  g_assert_false (rd_task_change_is_loaded (change));
  g_assert_cmpint (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_OLD), ==,
                   RD_SIDE_WAITING);
}

/* The demo's review package: every task opens, as `release-desk --demo` shows it. */
static void
test_demo_review_package (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = rd_test_new_access_key_client (rd_demo_service_get_url (service),
                                                              RD_DEMO_SECRET_KEY, NULL);
  g_auto(RdTestLookup) lookup = { 0 };
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_object_unref);
  Fixture counter = { 0 };
  GListModel *tasks;
  guint n_failed = 0, n_diffs = 0, n_resources = 0, n_published = 0;

  rd_client_get_package_async (client, RD_DEMO_PROJECT_ID, NULL, RD_DEMO_REVIEW_PACKAGE_ID, NULL,
                               rd_test_on_lookup_done, &lookup);
  WAIT_UNTIL (lookup.done);
  g_assert_no_error (lookup.error);
  tasks = rd_release_package_get_tasks (lookup.package);

  for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);
      RdTaskChange *change = rd_task_change_new (task);

      g_ptr_array_add (changes, change);
      rd_task_change_load_async (change, client, RD_DEMO_PROJECT_ID, NULL, RD_DIFF_NONE, NULL,
                                 on_loaded, &counter);
    }
  WAIT_UNTIL (counter.n_loaded == changes->len);

  for (guint i = 0; i < changes->len; i++)
    {
      RdTaskChange *change = g_ptr_array_index (changes, i);
      g_autofree char *label = rd_task_change_dup_label (change, RD_CHANGE_SIDE_OLD);

      if (rd_task_change_get_side_state (change, RD_CHANGE_SIDE_OLD) == RD_SIDE_FAILED ||
          rd_task_change_get_side_state (change, RD_CHANGE_SIDE_NEW) == RD_SIDE_FAILED)
        n_failed++;
      if (rd_task_change_get_diff (change) != NULL)
        n_diffs++;
      if (rd_task_change_get_kind (change) == RD_TASK_TYPE_RESOURCE)
        n_resources++;
      if (label != NULL && g_str_has_suffix (label, "@published"))
        n_published++;
    }

  /* Only the deleted job whose version was purged cannot show its previous content. */
  g_assert_cmpuint (n_failed, ==, 1);
  g_assert_cmpuint (n_resources, >=, 1);
  g_assert_cmpuint (n_published, ==, 1);
  g_assert_cmpuint (n_diffs, ==, changes->len - n_failed - n_resources);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < 2; i++)
    {
      const char *how = i == 0 ? "token" : "access-key";
      gconstpointer data = GINT_TO_POINTER (i);
      struct { const char *name; void (*func) (Fixture *, gconstpointer); } cases[] = {
        { "script-modified", test_script_modified },
        { "script-added", test_script_added },
        { "script-deleted-published", test_script_deleted_published },
        { "job-modified", test_job_modified },
        { "job-deleted-purged", test_job_deleted_purged },
        { "resource", test_resource },
        { "script-one-side-failed", test_script_one_side_failed },
        { "script-deleted-lost", test_script_deleted_lost },
        { "job-first-version", test_job_first_version },
        { "reload", test_reload },
      };

      for (guint j = 0; j < G_N_ELEMENTS (cases); j++)
        {
          g_autofree char *path = g_strdup_printf ("/task-change/%s/%s", how, cases[j].name);

          g_test_add (path, Fixture, data, fixture_set_up, cases[j].func, fixture_tear_down);
        }
    }
  g_test_add_func ("/task-change/cancel", test_cancel);
  g_test_add_func ("/task-change/demo-review-package", test_demo_review_package);

  return g_test_run ();
}
