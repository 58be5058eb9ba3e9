/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-review.c: the review queue against the in-process demo service: list, paging, release and
 * revoke. */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "rd-client.h"
#include "rd-credentials.h"
#include "rd-demo-testing.h"
#include "rd-enums.h"
#include "rd-models-private.h"
#include "rd-package-action.h"
#include "rd-package-pager.h"
#include "rd-parser.h"
#include "rd-signer.h"
#include "rd-task.h"
#include "rd-test-util.h"

#define WAIT_SECONDS 20
#define PACKAGES_PATH "/v2/" RD_DEMO_PROJECT_ID "/factory/release-packages"
#define DEPLOY_PATH   PACKAGES_PATH "/deploy"
#define UNPACK_PATH   PACKAGES_PATH "/unpack"
#define JSON_UTF8     "application/json;charset=UTF-8"

/* The demo's review queue, newest first (by apply time). */
static const char * const queue_newest_first[RD_DEMO_REVIEW_QUEUE_SIZE] = {
  "53", "52", "51", "50", "49", "48", "47", "7", "46", "45", "44", "43", "42",
  "41", "40", "39", "38", "37", "36", "35", "34", "33", "32", "31", "30",
};

/* {{{ Waiting without sleeping */

/* Iterates until the demo has finished every release it started. */
static void
wait_for_releases (RdDemoService *service)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint tick = g_timeout_add (5, rd_test_wake_up, NULL);

  while (rd_demo_service_get_pending_release_count (service) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (tick);
}

/* }}} */

/* {{{ Fixtures */

static RdClient *
new_client (RdDemoService *service,
            RdCredentials *credentials)
{
  RdClient *client = rd_test_new_client (rd_demo_service_get_url (service), credentials);

  rd_client_set_retry_delay (client, 10);

  return client;
}

static RdClient *
new_token_client (RdDemoService *service,
                  const char    *token)
{
  g_autoptr(RdCredentials) credentials = rd_credentials_new_token (token);

  return new_client (service, credentials);
}

static RdClient *
new_access_key_client (RdDemoService *service,
                       const char    *security_token)
{
  g_autoptr(RdCredentials) credentials =
    rd_credentials_new_access_key (RD_DEMO_ACCESS_KEY, RD_DEMO_SECRET_KEY, security_token);

  return new_client (service, credentials);
}

/* The requests the service saw whose path is @path, in order. */
static GPtrArray *
requests_to (RdDemoService *service,
             const char    *path)
{
  g_autoptr(GPtrArray) all = rd_demo_service_dup_requests (service);
  GPtrArray *matching = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < all->len; i++)
    {
      RdDemoRequest *request = g_ptr_array_index (all, i);

      if (g_strcmp0 (request->path, path) == 0)
        {
          g_assert_cmpstr (request->method, ==, "POST");
          g_ptr_array_add (matching, g_strdup (request->body));
        }
    }

  return matching;
}

static gint64
body_member_int (const char *body,
                 const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  json_parser_load_from_data (parser, body, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (object, member));

  return json_object_get_int_member (object, member);
}

/* A package waiting for review with just enough in it for the service. */
static void
add_queued_package (RdDemoService *service,
                    const char    *package_id,
                    gint64         apply_ms)
{
  g_autofree char *json =
      g_strdup_printf ("{\"release_package\":{\"apply_timestamp\":%" G_GINT64_FORMAT ","
                       "\"apply_user_name\":\"tester\",\"deploy_status\":1,"
                       "\"package_id\":\"%s\",\"package_name\":\"bulk_%s\","
                       "\"workspace_id\":\"" RD_DEMO_WORKSPACE_ID "\"},"
                       "\"task_details\":[]}",
                       apply_ms, package_id, package_id);

  rd_demo_service_add_package (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, package_id, json);
}

/* }}} */

/* {{{ Calls */

typedef struct
{
  gboolean        done;
  GListModel     *packages;
  guint           total;
  GError         *error;
  RdErrorDetails *details;
} ListCall;

static void
list_call_clear (ListCall *call)
{
  g_clear_object (&call->packages);
  g_clear_error (&call->error);
  g_clear_pointer (&call->details, rd_error_details_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ListCall, list_call_clear)

static void
on_list_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ListCall *call = user_data;

  g_assert_false (call->done);
  call->packages =
      rd_client_list_packages_finish (RD_CLIENT (source), result, &call->total, &call->error);
  call->details = rd_client_dup_error_details (RD_CLIENT (source), result);
  g_assert_true ((call->packages == NULL) != (call->error == NULL));
  call->done = TRUE;
}

static void
list_run (ListCall             *call,
          RdClient             *client,
          const RdPackageQuery *query)
{
  rd_client_list_packages_async (client, RD_DEMO_PROJECT_ID, NULL, query, NULL, on_list_done, call);
  rd_test_wait_for_flag (&call->done, WAIT_SECONDS);
}

/* "53,52,51": the IDs of a model of packages, for one comparison. */
static char *
join_ids (GListModel *packages)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (packages); i++)
    {
      g_autoptr(RdReleasePackage) package = g_list_model_get_item (packages, i);

      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append (text, rd_release_package_get_package_id (package));
    }

  return g_string_free (text, FALSE);
}

static char *
join_queue (guint first,
            guint n)
{
  g_autofree const char **ids = g_new0 (const char *, n + 1);

  for (guint i = 0; i < n; i++)
    ids[i] = queue_newest_first[first + i];

  return g_strjoinv (",", (char **) ids);
}

typedef struct
{
  gboolean               done;
  RdPackageActionResult *result;
  GError                *error;
} ActionCall;

static void
action_call_clear (ActionCall *call)
{
  g_clear_object (&call->result);
  g_clear_error (&call->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ActionCall, action_call_clear)

static void
on_release_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ActionCall *call = user_data;

  g_assert_false (call->done);
  call->result = rd_client_release_packages_finish (RD_CLIENT (source), result, &call->error);
  g_assert_true ((call->result == NULL) != (call->error == NULL));
  call->done = TRUE;
}

static void
on_revoke_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ActionCall *call = user_data;

  g_assert_false (call->done);
  call->result = rd_client_revoke_packages_finish (RD_CLIENT (source), result, &call->error);
  g_assert_true ((call->result == NULL) != (call->error == NULL));
  call->done = TRUE;
}

static void
release_run (ActionCall         *call,
             RdClient           *client,
             const char * const *ids,
             gboolean            start_jobs)
{
  rd_client_release_packages_async (client, RD_DEMO_PROJECT_ID, NULL, ids, start_jobs, NULL,
                                    on_release_done, call);
  rd_test_wait_for_flag (&call->done, WAIT_SECONDS);
}

static void
revoke_run (ActionCall         *call,
            RdClient           *client,
            const char * const *ids)
{
  rd_client_revoke_packages_async (client, RD_DEMO_PROJECT_ID, NULL, ids, NULL, on_revoke_done,
                                   call);
  rd_test_wait_for_flag (&call->done, WAIT_SECONDS);
}

static RdPackageOutcome *
outcome_of (RdPackageActionResult *result,
            const char            *package_id)
{
  RdPackageOutcome *outcome = rd_package_action_result_lookup (result, package_id);

  g_assert_nonnull (outcome);
  return outcome;
}

/* The package as the detail call shows it now; NULL with @error otherwise. */
static RdReleasePackage *
look_up (RdClient    *client,
         const char  *package_id,
         GError     **error)
{
  g_auto(RdTestLookup) lookup = { 0 };

  rd_client_get_package_async (client, RD_DEMO_PROJECT_ID, NULL, package_id, NULL,
                               rd_test_on_lookup_done, &lookup);
  rd_test_wait_for_flag (&lookup.done, WAIT_SECONDS);
  if (lookup.error != NULL)
    g_propagate_error (error, g_steal_pointer (&lookup.error));

  return g_steal_pointer (&lookup.package);
}

static int
status_of (RdClient   *client,
           const char *package_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReleasePackage) package = look_up (client, package_id, &error);

  g_assert_no_error (error);
  return rd_release_package_get_deploy_status (package);
}

/* }}} */

/* {{{ Query */

static void
test_query_sends_only_set_members (void)
{
  g_autoptr(RdPackageQuery) empty = rd_package_query_new ();
  g_autoptr(RdPackageQuery) queue = rd_package_query_new_review_queue ();
  g_autoptr(RdPackageQuery) full = rd_package_query_new ();
  g_autoptr(RdPackageQuery) copy = NULL;
  static const int statuses[] = { 1, 5 };
  g_autofree char *empty_json = rd_package_query_to_json (empty);
  g_autofree char *queue_json = rd_package_query_to_json (queue);
  g_autofree char *full_json = NULL;
  g_autofree char *cleared_json = NULL;

  g_assert_cmpstr (empty_json, ==, "{}");
  g_assert_cmpstr (queue_json, ==, "{\"deploy_status_filter\":[1]}");

  rd_package_query_set_key_word (full, "  订单 \n");
  rd_package_query_set_apply_user_name (full, "张伟");
  rd_package_query_set_deploy_user_name (full, "release-manager");
  rd_package_query_set_apply_time_range (full, 1793491200000, 1795000000000);
  rd_package_query_set_deploy_time_range (full, RD_VALUE_ABSENT, 1796000000000);
  rd_package_query_set_deploy_statuses (full, statuses, G_N_ELEMENTS (statuses));
  rd_package_query_set_sort_direction (full, RD_SORT_DIRECTION_ASCENDING);
  rd_package_query_set_limit (full, 20);
  rd_package_query_set_offset (full, 0);
  full_json = rd_package_query_to_json (full);
  g_assert_cmpstr (full_json, ==,
                   "{\"key_word\":\"订单\",\"apply_user_name\":\"张伟\","
                   "\"deploy_user_name\":\"release-manager\","
                   "\"apply_begin_time\":1793491200000,\"apply_end_time\":1795000000000,"
                   "\"deploy_end_time\":1796000000000,\"deploy_status_filter\":[1,5],"
                   "\"sorted_direction\":\"asc\",\"limit\":20,\"offset\":0}");

  copy = rd_package_query_copy (full);
  g_assert_true (rd_package_query_equal (copy, full));
  rd_package_query_set_key_word (copy, "");
  rd_package_query_set_apply_user_name (copy, NULL);
  rd_package_query_set_deploy_user_name (copy, "   ");
  rd_package_query_set_apply_time_range (copy, RD_VALUE_ABSENT, RD_VALUE_ABSENT);
  rd_package_query_set_deploy_time_range (copy, RD_VALUE_ABSENT, RD_VALUE_ABSENT);
  rd_package_query_set_deploy_statuses (copy, NULL, 0);
  rd_package_query_set_sort_direction (copy, RD_SORT_DIRECTION_DESCENDING);
  rd_package_query_set_limit (copy, 0);
  rd_package_query_set_offset (copy, RD_VALUE_ABSENT);
  g_assert_false (rd_package_query_equal (copy, full));
  cleared_json = rd_package_query_to_json (copy);
  g_assert_cmpstr (cleared_json, ==, "{\"sorted_direction\":\"desc\"}");
}

/* }}} */

/* {{{ List */

static void
test_list_review_queue_first_page (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackageQuery) query = rd_package_query_new_review_queue ();
  g_auto(ListCall) call = { 0 };
  g_autoptr(RdReleasePackage) first = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *expected = join_queue (0, 10);
  g_autofree char *content_type = NULL;
  g_autofree char *document_text = NULL;
  GBytes *document;

  list_run (&call, client, query);

  g_assert_no_error (call.error);
  g_assert_null (call.details);
  g_assert_cmpuint (call.total, ==, RD_DEMO_REVIEW_QUEUE_SIZE);
  ids = join_ids (call.packages);
  g_assert_cmpstr (ids, ==, expected);

  first = g_list_model_get_item (call.packages, 0);
  g_assert_cmpstr (rd_release_package_get_package_name (first), ==,
                   "dim_store_scd2_migration_20261127");
  g_assert_cmpstr (rd_release_package_get_apply_user_name (first), ==, "wang_fang01");
  g_assert_cmpint (rd_release_package_get_deploy_status (first), ==,
                   RD_DEPLOY_STATUS_TO_BE_REVIEWED);
  g_assert_cmpstr (rd_release_package_get_workspace_id (first), ==, RD_DEMO_WORKSPACE_ID);
  /* A list entry has no tasks, and says so. */
  g_assert_false (rd_release_package_has_task_details (first));
  g_assert_cmpuint (g_list_model_get_n_items (rd_release_package_get_tasks (first)), ==, 0);
  document = rd_release_package_get_document (first);
  document_text = g_strndup (g_bytes_get_data (document, NULL), g_bytes_get_size (document));
  g_assert_true (g_str_has_prefix (document_text, "{\"release_package\":{"));

  bodies = requests_to (service, PACKAGES_PATH);
  g_assert_cmpuint (bodies->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (bodies, 0), ==, "{\"deploy_status_filter\":[1]}");
  content_type = rd_test_dup_last_header (service, "content-type");
  g_assert_cmpstr (content_type, ==, JSON_UTF8);
}

static void
test_list_filters_by_key_word (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackageQuery) query = rd_package_query_new_review_queue ();
  g_auto(ListCall) chinese = { 0 };
  g_auto(ListCall) english = { 0 };
  g_autofree char *chinese_ids = NULL;
  g_autofree char *english_ids = NULL;

  rd_package_query_set_key_word (query, "订单域");
  list_run (&chinese, client, query);
  g_assert_no_error (chinese.error);
  g_assert_cmpuint (chinese.total, ==, 3);
  chinese_ids = join_ids (chinese.packages);
  g_assert_cmpstr (chinese_ids, ==, "52,7,38");

  /* Case does not matter. */
  rd_package_query_set_key_word (query, "PAYMENT_FLOW");
  list_run (&english, client, query);
  g_assert_no_error (english.error);
  g_assert_cmpuint (english.total, ==, 1);
  english_ids = join_ids (english.packages);
  g_assert_cmpstr (english_ids, ==, "31");
}

static void
test_list_filters_by_applicant (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_access_key_client (service, NULL);
  g_autoptr(RdPackageQuery) query = rd_package_query_new_review_queue ();
  g_auto(ListCall) call = { 0 };
  g_autofree char *ids = NULL;
  g_autoptr(GPtrArray) bodies = NULL;

  rd_package_query_set_apply_user_name (query, "张伟");
  list_run (&call, client, query);

  g_assert_no_error (call.error);
  g_assert_cmpuint (call.total, ==, 5);
  ids = join_ids (call.packages);
  g_assert_cmpstr (ids, ==, "52,7,44,38,30");
  for (guint i = 0; i < g_list_model_get_n_items (call.packages); i++)
    {
      g_autoptr(RdReleasePackage) package = g_list_model_get_item (call.packages, i);

      g_assert_cmpstr (rd_release_package_get_apply_user_name (package), ==, "张伟");
    }

  bodies = requests_to (service, PACKAGES_PATH);
  g_assert_cmpstr (g_ptr_array_index (bodies, 0), ==,
                   "{\"apply_user_name\":\"张伟\",\"deploy_status_filter\":[1]}");
}

static void
test_list_filters_by_deployer (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackageQuery) query = rd_package_query_new ();
  g_auto(ListCall) before = { 0 };
  g_auto(ListCall) after = { 0 };
  g_auto(ActionCall) release = { 0 };
  static const char * const ids[] = { "33", NULL };
  g_autoptr(RdReleasePackage) released = NULL;

  rd_package_query_set_deploy_user_name (query, RD_DEMO_DEPLOY_USER);
  list_run (&before, client, query);
  g_assert_no_error (before.error);
  g_assert_cmpuint (before.total, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (before.packages), ==, 0);

  release_run (&release, client, ids, TRUE);
  g_assert_cmpuint (rd_package_action_result_count (release.result, RD_OUTCOME_SUCCEEDED), ==, 1);

  list_run (&after, client, query);
  g_assert_no_error (after.error);
  g_assert_cmpuint (after.total, ==, 1);
  released = g_list_model_get_item (after.packages, 0);
  g_assert_cmpstr (rd_release_package_get_package_id (released), ==, "33");
  g_assert_cmpstr (rd_release_package_get_deploy_user_name (released), ==, RD_DEMO_DEPLOY_USER);
}

static void
test_list_filters_by_apply_time (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackageQuery) query = rd_package_query_new_review_queue ();
  g_auto(ListCall) all = { 0 };
  g_auto(ListCall) range = { 0 };
  g_auto(ListCall) after_only = { 0 };
  g_autoptr(RdReleasePackage) p38 = NULL;
  g_autoptr(RdReleasePackage) p41 = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *after_ids = NULL;
  gint64 begin, end;

  rd_package_query_set_limit (query, 100);
  list_run (&all, client, query);
  g_assert_no_error (all.error);
  /* 38 and 41 in the newest-first list. */
  p38 = g_list_model_get_item (all.packages, 16);
  p41 = g_list_model_get_item (all.packages, 13);
  g_assert_cmpstr (rd_release_package_get_package_id (p38), ==, "38");
  g_assert_cmpstr (rd_release_package_get_package_id (p41), ==, "41");

  /* Both ends are included, to the millisecond. */
  begin = rd_release_package_get_apply_timestamp (p38);
  end = rd_release_package_get_apply_timestamp (p41);
  rd_package_query_set_apply_time_range (query, begin, end);
  list_run (&range, client, query);
  g_assert_no_error (range.error);
  g_assert_cmpuint (range.total, ==, 4);
  ids = join_ids (range.packages);
  g_assert_cmpstr (ids, ==, "41,40,39,38");

  rd_package_query_set_apply_time_range (query, end + 1, RD_VALUE_ABSENT);
  list_run (&after_only, client, query);
  g_assert_no_error (after_only.error);
  after_ids = join_ids (after_only.packages);
  g_assert_cmpstr (after_ids, ==, "53,52,51,50,49,48,47,7,46,45,44,43,42");
}

static void
test_list_filters_by_status (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackageQuery) query = rd_package_query_new ();
  static const int finished[] = { RD_DEPLOY_STATUS_SUCCESSFUL, RD_DEPLOY_STATUS_FAILED };
  static const int running[] = { RD_DEPLOY_STATUS_BEING_RELEASED };
  g_auto(ListCall) done = { 0 };
  g_auto(ListCall) busy = { 0 };
  g_auto(ListCall) everything = { 0 };
  g_autofree char *done_ids = NULL;
  g_autofree char *busy_ids = NULL;

  rd_package_query_set_deploy_statuses (query, finished, G_N_ELEMENTS (finished));
  list_run (&done, client, query);
  g_assert_no_error (done.error);
  done_ids = join_ids (done.packages);
  /* 100 was submitted in 2026, 4 in 2023. */
  g_assert_cmpstr (done_ids, ==, "100,4");

  rd_package_query_set_deploy_statuses (query, running, G_N_ELEMENTS (running));
  list_run (&busy, client, query);
  g_assert_no_error (busy.error);
  busy_ids = join_ids (busy.packages);
  g_assert_cmpstr (busy_ids, ==, "21");

  /* No filter: every readable package of the default workspace (13 answers 403). */
  rd_package_query_set_deploy_statuses (query, NULL, 0);
  list_run (&everything, client, query);
  g_assert_no_error (everything.error);
  g_assert_cmpuint (everything.total, ==, RD_DEMO_REVIEW_QUEUE_SIZE + 3);
}

static void
test_list_sorts_both_directions (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackageQuery) query = rd_package_query_new_review_queue ();
  g_auto(ListCall) ascending = { 0 };
  g_auto(ListCall) descending = { 0 };
  g_autofree char *ascending_ids = NULL;
  g_autofree char *descending_ids = NULL;
  g_autoptr(GPtrArray) bodies = NULL;

  rd_package_query_set_limit (query, 5);
  rd_package_query_set_sort_direction (query, RD_SORT_DIRECTION_ASCENDING);
  list_run (&ascending, client, query);
  g_assert_no_error (ascending.error);
  ascending_ids = join_ids (ascending.packages);
  g_assert_cmpstr (ascending_ids, ==, "30,31,32,33,34");

  rd_package_query_set_sort_direction (query, RD_SORT_DIRECTION_DESCENDING);
  list_run (&descending, client, query);
  g_assert_no_error (descending.error);
  descending_ids = join_ids (descending.packages);
  g_assert_cmpstr (descending_ids, ==, "53,52,51,50,49");

  bodies = requests_to (service, PACKAGES_PATH);
  g_assert_cmpstr (g_ptr_array_index (bodies, 0), ==,
                   "{\"deploy_status_filter\":[1],\"sorted_direction\":\"asc\",\"limit\":5}");
  g_assert_cmpstr (g_ptr_array_index (bodies, 1), ==,
                   "{\"deploy_status_filter\":[1],\"sorted_direction\":\"desc\",\"limit\":5}");
}

static void
test_list_retried_on_503 (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackageQuery) query = rd_package_query_new_review_queue ();
  g_auto(ListCall) call = { 0 };
  g_autoptr(GPtrArray) bodies = NULL;

  /* The list changes nothing: trying it again is safe. */
  rd_test_push_status (service, 503, NULL, NULL);
  list_run (&call, client, query);

  g_assert_no_error (call.error);
  g_assert_cmpuint (call.total, ==, RD_DEMO_REVIEW_QUEUE_SIZE);
  bodies = requests_to (service, PACKAGES_PATH);
  g_assert_cmpuint (bodies->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (bodies, 0), ==, g_ptr_array_index (bodies, 1));
}

static void
test_list_bad_answer_names_path (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_auto(ListCall) call = { 0 };

  rd_test_push_raw (service,
                    "{\"data\":[{\"package_id\":\"1\",\"deploy_status\":1},"
                    "{\"package_id\":\"2\",\"deploy_status\":\"1\"}],\"total\":2}",
                    JSON_UTF8);
  list_run (&call, client, NULL);

  g_assert_error (call.error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (call.error->message, ==,
                   "The service sent an answer that is not a list of release packages: "
                   "data[1].deploy_status: expected a number");
}

static void
test_list_unknown_workspace (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_auto(ListCall) call = { 0 };

  rd_client_list_packages_async (client, RD_DEMO_PROJECT_ID, "0123456789abcdef0123456789abcdef",
                                 NULL, NULL, on_list_done, &call);
  rd_test_wait_for_flag (&call.done, WAIT_SECONDS);

  g_assert_error (call.error, RD_API_ERROR, RD_API_ERROR_SERVICE);
  g_assert_nonnull (strstr (call.error->message, "(DLF.3051). A likely cause: workspace "
                            "0123456789abcdef0123456789abcdef is not in project "));
  g_assert_nonnull (call.details);
  g_assert_cmpstr (call.details->error_code, ==, "DLF.3051");
  g_assert_cmpstr (call.details->method, ==, "POST");
}

/* }}} */

/* {{{ Parser */

static GListModel *
parse_list_text (const char  *text,
                 guint       *total,
                 GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return rd_parse_package_list (bytes, total, error);
}

static void
test_parser_list_strict (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "{\"total\":0}", "data: missing" },
    { "{\"data\":[]}", "total: missing" },
    { "{\"data\":{},\"total\":0}", "data: expected an array" },
    { "{\"data\":[],\"total\":\"3\"}", "total: expected a number" },
    { "{\"data\":[],\"total\":1.5}", "total: expected an integer" },
    { "{\"data\":[],\"total\":-1}", "total: number out of range" },
    { "{\"data\":[7],\"total\":1}", "data[0]: expected an object" },
    { "{\"data\":[{},{\"apply_timestamp\":true}],\"total\":2}",
      "data[1].apply_timestamp: expected a number or a string of digits" },
    { "{\"data\":[{\"package_approvers\":[{\"user_name\":3}]}],\"total\":1}",
      "data[0].package_approvers[0].user_name: expected a string" },
    { "{\"data\":[{\"package_id\":\"1\",\"package_id\":\"2\"}],\"total\":1}",
      "data[0].package_id: the member appears more than once" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) packages = NULL;
      guint total = 99;

      packages = parse_list_text (cases[i].text, &total, &error);
      g_assert_null (packages);
      g_assert_nonnull (error);
      g_assert_true (error->domain == RD_PARSE_ERROR);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpuint (total, ==, 99);
    }
}

static void
test_parser_list_keeps_unknown_members (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) packages = NULL;
  g_autoptr(RdReleasePackage) package = NULL;
  g_autofree char *exported = NULL;
  GBytes *document;
  guint total = 0;

  packages =
      parse_list_text ("{\"data\":[{\"package_id\":\"9\",\"apply_timestamp\":\"1700288912934\","
                       "\"deploy_status\":7,\"owner_group\":\"dw\"}],\"total\":31,\"extra\":1}",
                       &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 31);
  g_assert_cmpuint (g_list_model_get_n_items (packages), ==, 1);

  package = g_list_model_get_item (packages, 0);
  g_assert_cmpstr (rd_release_package_get_package_id (package), ==, "9");
  g_assert_cmpint (rd_release_package_get_apply_timestamp (package), ==, 1700288912934);
  g_assert_cmpint (rd_release_package_get_deploy_status (package), ==, 7);
  g_assert_false (rd_release_package_has_task_details (package));
  document = rd_release_package_get_document (package);
  exported = g_strndup (g_bytes_get_data (document, NULL), g_bytes_get_size (document));
  g_assert_cmpstr (
      exported, ==,
      "{\"release_package\":{\"package_id\":\"9\",\"apply_timestamp\":\"1700288912934\","
      "\"deploy_status\":7,\"owner_group\":\"dw\"}}");
}

static void
test_parser_deploy_answer (void)
{
  static const char good[] = "{\"deploy_package_details\":[{\"asy_subtask_num\":2,\"asy_task_id\":"
                             "\"ab12\",\"package_id\":23},"
                             "{\"asy_task_id\":\"cd34\",\"package_id\":\"24\"}]}";
  static const struct
  {
    const char *text;
    const char *message;
  } bad[] = {
    { "", "The answer is empty" },
    { "{\"deploy_package_details\":{}}", "deploy_package_details: expected an array" },
    { "{\"deploy_package_details\":[{\"package_id\":true}]}",
      "deploy_package_details[0].package_id: expected a number" },
    { "{\"deploy_package_details\":[{\"asy_subtask_num\":\"2\",\"package_id\":1}]}",
      "deploy_package_details[0].asy_subtask_num: expected a number" },
    { "{\"deploy_package_details\":[{}]}", "deploy_package_details[0].package_id: missing" },
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (good, sizeof good - 1);
  g_autoptr(GBytes) empty_object = g_bytes_new_static ("{}", 2);
  g_autoptr(GPtrArray) details = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  const RdDeployDetail *first;
  const RdDeployDetail *second;

  details = rd_parse_deploy_answer (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (details->len, ==, 2);
  first = g_ptr_array_index (details, 0);
  second = g_ptr_array_index (details, 1);
  g_assert_cmpstr (first->package_id, ==, "23");
  g_assert_cmpstr (first->async_task_id, ==, "ab12");
  g_assert_cmpint (first->async_subtask_count, ==, 2);
  g_assert_cmpstr (second->package_id, ==, "24");
  g_assert_cmpint (second->async_subtask_count, ==, RD_VALUE_ABSENT);

  none = rd_parse_deploy_answer (empty_object, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) text = g_bytes_new_static (bad[i].text, strlen (bad[i].text));
      g_autoptr(GPtrArray) parsed = NULL;
      g_autoptr(GError) local_error = NULL;

      parsed = rd_parse_deploy_answer (text, &local_error);
      g_assert_null (parsed);
      g_assert_nonnull (local_error);
      g_assert_cmpstr (local_error->message, ==, bad[i].message);
    }
}

/* }}} */

/* {{{ Pager */

typedef struct
{
  gboolean done;
  gboolean ok;
  guint    n_added;
  GError  *error;
} LoadCall;

static void
on_load_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LoadCall *call = user_data;

  g_assert_false (call->done);
  call->ok = rd_package_pager_load_more_finish (RD_PACKAGE_PAGER (source), result,
                                                &call->n_added, &call->error);
  g_assert_true (call->ok == (call->error == NULL));
  call->done = TRUE;
}

/* Loads one more page; returns how many packages it added. */
static guint
load_more (RdPackagePager *pager)
{
  LoadCall call = { 0 };
  gboolean had_more = rd_package_pager_get_has_more (pager);

  /* After the last page, nothing is sent at all. */
  rd_package_pager_load_more_async (pager, NULL, on_load_done, &call);
  g_assert_true (rd_package_pager_get_loading (pager) == had_more);
  rd_test_wait_for_flag (&call.done, WAIT_SECONDS);
  g_assert_no_error (call.error);
  g_assert_false (rd_package_pager_get_loading (pager));

  return call.n_added;
}

/* The offsets of the list requests so far, "0,1,11". */
static char *
sent_offsets (RdDemoService *service)
{
  g_autoptr(GPtrArray) bodies = requests_to (service, PACKAGES_PATH);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < bodies->len; i++)
    {
      const char *body = g_ptr_array_index (bodies, i);

      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append_printf (text, "%" G_GINT64_FORMAT, body_member_int (body, "offset"));
      g_assert_cmpint (body_member_int (body, "limit"), ==, 10);
    }

  return g_string_free (text, FALSE);
}

static RdPackagePager *
new_queue_pager (RdClient *client)
{
  g_autoptr(RdPackageQuery) query = rd_package_query_new_review_queue ();

  return rd_package_pager_new (client, RD_DEMO_PROJECT_ID, NULL, query);
}

typedef struct
{
  RdDemoOffsetMode  mode;
  RdOffsetReading   reading;
  guint             added[3];    /* by the first three loads */
  const char       *offsets;     /* sent by them */
} PagingCase;

static void
test_pager_pages_through (gconstpointer data)
{
  const PagingCase *paging = data;
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackagePager) pager = new_queue_pager (client);
  g_autofree char *ids = NULL;
  g_autofree char *expected = join_queue (0, RD_DEMO_REVIEW_QUEUE_SIZE);
  g_autofree char *offsets = NULL;

  rd_demo_service_set_offset_mode (service, paging->mode);

  g_assert_true (rd_package_pager_get_has_more (pager));
  g_assert_cmpint (rd_package_pager_get_offset_reading (pager), ==, RD_OFFSET_READING_UNKNOWN);

  g_assert_cmpuint (load_more (pager), ==, paging->added[0]);
  g_assert_cmpuint (rd_package_pager_get_total (pager), ==, RD_DEMO_REVIEW_QUEUE_SIZE);
  g_assert_true (rd_package_pager_get_has_more (pager));

  g_assert_cmpuint (load_more (pager), ==, paging->added[1]);
  g_assert_cmpint (rd_package_pager_get_offset_reading (pager), ==, paging->reading);
  g_assert_true (rd_package_pager_get_has_more (pager));

  g_assert_cmpuint (load_more (pager), ==, paging->added[2]);
  g_assert_false (rd_package_pager_get_has_more (pager));

  /* Every package once, in the service's order. */
  ids = join_ids (rd_package_pager_get_packages (pager));
  g_assert_cmpstr (ids, ==, expected);
  offsets = sent_offsets (service);
  g_assert_cmpstr (offsets, ==, paging->offsets);

  /* Nothing left: no request. */
  g_assert_cmpuint (load_more (pager), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (rd_package_pager_get_packages (pager)), ==,
                    RD_DEMO_REVIEW_QUEUE_SIZE);
  g_free (offsets);
  offsets = sent_offsets (service);
  g_assert_cmpstr (offsets, ==, paging->offsets);
}

static const PagingCase paging_records = {
  RD_DEMO_OFFSET_RECORDS, RD_OFFSET_READING_RECORDS, { 10, 11, 4 }, "0,1,11,21",
};
static const PagingCase paging_pages = {
  RD_DEMO_OFFSET_PAGES, RD_OFFSET_READING_PAGES, { 10, 10, 5 }, "0,1,2",
};
static const PagingCase paging_pages_from_1 = {
  RD_DEMO_OFFSET_PAGES_FROM_1, RD_OFFSET_READING_PAGES_FROM_1, { 10, 10, 5 }, "0,1,2,3",
};

static void
test_pager_new_package_while_paging (gconstpointer data)
{
  const PagingCase *paging = data;
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackagePager) pager = new_queue_pager (client);
  g_autofree char *ids = NULL;
  g_autofree char *first_page = join_queue (0, 10);
  g_autofree char *rest = join_queue (10, RD_DEMO_REVIEW_QUEUE_SIZE - 10);
  g_autofree char *expected = g_strdup_printf ("%s,60,%s", first_page, rest);
  guint n = 0;

  rd_demo_service_set_offset_mode (service, paging->mode);

  g_assert_cmpuint (load_more (pager), ==, 10);
  /* Submitted now, so it sorts first and pushes everything down a place. */
  add_queued_package (service, "60", g_get_real_time () / 1000);

  while (rd_package_pager_get_has_more (pager) && n++ < 10)
    load_more (pager);

  g_assert_false (rd_package_pager_get_has_more (pager));
  g_assert_cmpint (rd_package_pager_get_offset_reading (pager), ==, paging->reading);
  g_assert_cmpuint (rd_package_pager_get_total (pager), ==, RD_DEMO_REVIEW_QUEUE_SIZE + 1);

  /* Each package once: the new one where it was found, after the first page. */
  ids = join_ids (rd_package_pager_get_packages (pager));
  g_assert_cmpuint (g_list_model_get_n_items (rd_package_pager_get_packages (pager)), ==,
                    RD_DEMO_REVIEW_QUEUE_SIZE + 1);
  g_assert_cmpstr (ids, ==, expected);
}

static void
test_pager_packages_leave_while_paging (gconstpointer data)
{
  const PagingCase *paging = data;
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackagePager) pager = new_queue_pager (client);
  static const char * const reviewed[] = { "53", "52", "51", "50", "49", NULL };
  g_auto(ActionCall) revoke = { 0 };
  g_autofree char *ids = NULL;
  g_autofree char *expected = join_queue (0, RD_DEMO_REVIEW_QUEUE_SIZE);
  guint n = 0;

  rd_demo_service_set_offset_mode (service, paging->mode);

  load_more (pager);
  load_more (pager);
  g_assert_cmpint (rd_package_pager_get_offset_reading (pager), ==, paging->reading);

  /* Five packages already shown leave the queue: the rest moves up by five. */
  revoke_run (&revoke, client, reviewed);
  g_assert_cmpuint (rd_package_action_result_count (revoke.result, RD_OUTCOME_SUCCEEDED), ==, 5);

  while (rd_package_pager_get_has_more (pager) && n++ < 10)
    load_more (pager);

  /* Nothing jumped over, nothing twice; the shown ones stay until a reset. */
  g_assert_false (rd_package_pager_get_has_more (pager));
  g_assert_cmpuint (rd_package_pager_get_total (pager), ==, RD_DEMO_REVIEW_QUEUE_SIZE - 5);
  ids = join_ids (rd_package_pager_get_packages (pager));
  g_assert_cmpstr (ids, ==, expected);
}

static void
test_pager_remove_shown_package (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackageQuery) query = rd_package_query_new ();
  g_autoptr(RdPackagePager) pager = NULL;
  static const char * const released[] = { "52", NULL };
  g_auto(ActionCall) release = { 0 };
  g_autofree char *ids = NULL;
  guint n = 0;

  /* All statuses: a released package is still listed, further down. */
  rd_package_query_set_sort_direction (query, RD_SORT_DIRECTION_DESCENDING);
  pager = rd_package_pager_new (client, RD_DEMO_PROJECT_ID, NULL, query);
  load_more (pager);

  release_run (&release, client, released, TRUE);
  g_assert_true (rd_package_pager_remove (pager, "52"));
  g_assert_false (rd_package_pager_remove (pager, "52"));
  g_assert_false (rd_package_pager_remove (pager, "30"));

  while (rd_package_pager_get_has_more (pager) && n++ < 10)
    load_more (pager);

  ids = join_ids (rd_package_pager_get_packages (pager));
  g_assert_null (strstr (ids, "52"));
  g_assert_cmpuint (g_list_model_get_n_items (rd_package_pager_get_packages (pager)), ==,
                    rd_package_pager_get_total (pager) - 1);
}

static void
test_pager_reset_keeps_reading (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackagePager) pager = new_queue_pager (client);
  g_autofree char *offsets = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *expected = join_queue (0, 20);

  load_more (pager);
  load_more (pager);
  g_assert_cmpint (rd_package_pager_get_offset_reading (pager), ==, RD_OFFSET_READING_RECORDS);

  rd_package_pager_reset (pager);
  g_assert_cmpuint (g_list_model_get_n_items (rd_package_pager_get_packages (pager)), ==, 0);
  g_assert_true (rd_package_pager_get_has_more (pager));
  g_assert_cmpuint (rd_package_pager_get_total (pager), ==, 0);
  rd_demo_service_clear_requests (service);

  /* No second probe: the reading is the service's, not the query's. */
  g_assert_cmpuint (load_more (pager), ==, 10);
  g_assert_cmpuint (load_more (pager), ==, 10);
  offsets = sent_offsets (service);
  g_assert_cmpstr (offsets, ==, "0,10");
  ids = join_ids (rd_package_pager_get_packages (pager));
  g_assert_cmpstr (ids, ==, expected);
}

static void
test_pager_short_first_page (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackageQuery) query = rd_package_query_new_review_queue ();
  g_autoptr(RdPackagePager) pager = NULL;
  g_autofree char *ids = NULL;
  g_autoptr(GPtrArray) bodies = NULL;

  rd_package_query_set_key_word (query, "订单域");
  pager = rd_package_pager_new (client, RD_DEMO_PROJECT_ID, NULL, query);

  g_assert_cmpuint (load_more (pager), ==, 3);
  g_assert_false (rd_package_pager_get_has_more (pager));
  ids = join_ids (rd_package_pager_get_packages (pager));
  g_assert_cmpstr (ids, ==, "52,7,38");

  bodies = requests_to (service, PACKAGES_PATH);
  g_assert_cmpuint (bodies->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (bodies, 0), ==,
                   "{\"key_word\":\"订单域\",\"deploy_status_filter\":[1],\"limit\":10,\"offset\":0}");
}

static void
test_pager_one_load_at_a_time (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackagePager) pager = new_queue_pager (client);
  LoadCall first = { 0 };
  LoadCall second = { 0 };

  rd_package_pager_load_more_async (pager, NULL, on_load_done, &first);
  rd_package_pager_load_more_async (pager, NULL, on_load_done, &second);
  rd_test_wait_for_flag (&second.done, WAIT_SECONDS);
  g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&second.error);

  rd_test_wait_for_flag (&first.done, WAIT_SECONDS);
  g_assert_no_error (first.error);
  g_assert_cmpuint (first.n_added, ==, 10);
}

static void
test_pager_error_keeps_place (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackagePager) pager = new_queue_pager (client);
  LoadCall failed = { 0 };
  g_autofree char *ids = NULL;
  g_autofree char *expected = join_queue (0, 21);

  load_more (pager);
  rd_test_push_status (service, 400, NULL, NULL);
  rd_package_pager_load_more_async (pager, NULL, on_load_done, &failed);
  rd_test_wait_for_flag (&failed.done, WAIT_SECONDS);
  g_assert_error (failed.error, RD_API_ERROR, RD_API_ERROR_SERVICE);
  g_clear_error (&failed.error);
  g_assert_true (rd_package_pager_get_has_more (pager));

  /* Tried again from the same place. */
  g_assert_cmpuint (load_more (pager), ==, 11);
  ids = join_ids (rd_package_pager_get_packages (pager));
  g_assert_cmpstr (ids, ==, expected);
}

static void
test_pager_reset_cancels_load (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(RdPackagePager) pager = new_queue_pager (client);
  LoadCall cancelled = { 0 };
  RdDemoFault delay = { 0 };

  delay.kind = RD_DEMO_FAULT_DELAY;
  delay.delay_ms = 200;
  rd_demo_service_push_fault (service, &delay);

  rd_package_pager_load_more_async (pager, NULL, on_load_done, &cancelled);
  rd_package_pager_reset (pager);
  g_assert_false (rd_package_pager_get_loading (pager));
  rd_test_wait_for_flag (&cancelled.done, WAIT_SECONDS);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);
  g_assert_cmpuint (g_list_model_get_n_items (rd_package_pager_get_packages (pager)), ==, 0);

  g_assert_cmpuint (load_more (pager), ==, 10);
}

/* }}} */

/* {{{ Release */

static void
test_release_one_package (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_auto(ActionCall) call = { 0 };
  static const char * const ids[] = { "30", NULL };
  g_autoptr(GPtrArray) bodies = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *token = NULL;
  RdPackageOutcome *outcome;

  release_run (&call, client, ids, TRUE);

  g_assert_no_error (call.error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (call.result)), ==, 1);
  g_assert_cmpuint (rd_package_action_result_get_n_requests (call.result), ==, 1);
  outcome = outcome_of (call.result, "30");
  g_assert_cmpint (rd_package_outcome_get_outcome (outcome), ==, RD_OUTCOME_SUCCEEDED);
  g_assert_null (rd_package_outcome_get_error (outcome));
  g_assert_null (rd_package_outcome_get_error_details (outcome));
  g_assert_cmpuint (strlen (rd_package_outcome_get_async_task_id (outcome)), ==, 32);
  g_assert_cmpint (rd_package_outcome_get_async_subtask_count (outcome), ==, 6);

  bodies = requests_to (service, DEPLOY_PATH);
  g_assert_cmpuint (bodies->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (bodies, 0), ==,
                   "{\"package_ids\":[\"30\"],\"startup_mode\":1}");
  content_type = rd_test_dup_last_header (service, "content-type");
  g_assert_cmpstr (content_type, ==, JSON_UTF8);
  token = rd_test_dup_last_header (service, "x-auth-token");
  g_assert_cmpstr (token, ==, RD_DEMO_TOKEN);

  g_assert_cmpint (status_of (client, "30"), ==, RD_DEPLOY_STATUS_BEING_RELEASED);
}

static void
test_release_several_packages (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_access_key_client (service, NULL);
  g_auto(ActionCall) call = { 0 };
  static const char * const ids[] = { "31", " 32 ", "7", "31", NULL };
  g_autoptr(GPtrArray) bodies = NULL;
  g_autofree char *outcome_ids = NULL;

  release_run (&call, client, ids, FALSE);

  g_assert_no_error (call.error);
  /* Trimmed, and a repeated ID is sent once. */
  outcome_ids = g_strdup_printf (
      "%s,%s,%s",
      rd_package_outcome_get_package_id (rd_package_action_result_lookup (call.result, "31")),
      rd_package_outcome_get_package_id (rd_package_action_result_lookup (call.result, "32")),
      rd_package_outcome_get_package_id (rd_package_action_result_lookup (call.result, "7")));
  g_assert_cmpstr (outcome_ids, ==, "31,32,7");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (call.result)), ==, 3);
  g_assert_cmpuint (rd_package_action_result_count (call.result, RD_OUTCOME_SUCCEEDED), ==, 3);
  g_assert_cmpint (rd_package_outcome_get_async_subtask_count (outcome_of (call.result, "7")), ==,
                   25);
  g_assert_cmpstr (rd_package_outcome_get_async_task_id (outcome_of (call.result, "31")), !=,
                   rd_package_outcome_get_async_task_id (outcome_of (call.result, "7")));

  bodies = requests_to (service, DEPLOY_PATH);
  g_assert_cmpuint (bodies->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (bodies, 0), ==,
                   "{\"package_ids\":[\"31\",\"32\",\"7\"],\"startup_mode\":0}");

  g_assert_cmpint (status_of (client, "31"), ==, RD_DEPLOY_STATUS_BEING_RELEASED);
  g_assert_cmpint (status_of (client, "32"), ==, RD_DEPLOY_STATUS_BEING_RELEASED);
  g_assert_cmpint (status_of (client, "7"), ==, RD_DEPLOY_STATUS_BEING_RELEASED);
}

static char *
batch_body (guint first,
            guint n)
{
  GString *text = g_string_new ("{\"package_ids\":[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s\"%u\"", i > 0 ? "," : "", 1000 + first + i);
  g_string_append (text, "],\"startup_mode\":1}");

  return g_string_free (text, FALSE);
}

static char **
bulk_ids (RdDemoService *service,
          guint          n)
{
  char **ids = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      ids[i] = g_strdup_printf ("%u", 1000 + i);
      if (service != NULL)
        add_queued_package (service, ids[i], G_GINT64_CONSTANT (1790000000000) + i);
    }

  return ids;
}

static void
test_release_splits_into_batches (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_auto(GStrv) ids = bulk_ids (service, 250);
  g_auto(ActionCall) call = { 0 };
  g_autoptr(GPtrArray) bodies = NULL;
  g_autofree char *first = batch_body (0, 100);
  g_autofree char *second = batch_body (100, 100);
  g_autofree char *third = batch_body (200, 50);

  release_run (&call, client, (const char * const *) ids, TRUE);

  g_assert_no_error (call.error);
  g_assert_cmpuint (rd_package_action_result_get_n_requests (call.result), ==, 3);
  g_assert_cmpuint (rd_package_action_result_count (call.result, RD_OUTCOME_SUCCEEDED), ==, 250);
  for (guint i = 0; i < 250; i++)
    {
      g_autoptr(RdPackageOutcome) outcome = g_list_model_get_item (G_LIST_MODEL (call.result), i);

      g_assert_cmpstr (rd_package_outcome_get_package_id (outcome), ==, ids[i]);
      g_assert_nonnull (rd_package_outcome_get_async_task_id (outcome));
      g_assert_cmpint (rd_package_outcome_get_async_subtask_count (outcome), ==, 0);
    }

  bodies = requests_to (service, DEPLOY_PATH);
  g_assert_cmpuint (bodies->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (bodies, 0), ==, first);
  g_assert_cmpstr (g_ptr_array_index (bodies, 1), ==, second);
  g_assert_cmpstr (g_ptr_array_index (bodies, 2), ==, third);
}

static void
test_release_refused_reports_service_message (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_auto(ActionCall) wrong_state = { 0 };
  g_auto(ActionCall) unknown = { 0 };
  static const char * const released_ids[] = { "4", NULL };
  static const char * const unknown_ids[] = { "999", NULL };
  RdPackageOutcome *outcome;
  const RdErrorDetails *details;

  release_run (&wrong_state, client, released_ids, TRUE);
  g_assert_no_error (wrong_state.error);
  outcome = outcome_of (wrong_state.result, "4");
  g_assert_cmpint (rd_package_outcome_get_outcome (outcome), ==, RD_OUTCOME_FAILED);
  g_assert_error ((GError *) rd_package_outcome_get_error (outcome), RD_API_ERROR,
                  RD_API_ERROR_SERVICE);
  g_assert_cmpstr (rd_package_outcome_get_message (outcome), ==,
                   "The service refused the request: The release package 4 cannot be released: "
                   "its deploy_status is 3, not 1 (to be reviewed). (DLF.20812)");
  details = rd_package_outcome_get_error_details (outcome);
  g_assert_nonnull (details);
  g_assert_cmpuint (details->http_status, ==, 400);
  g_assert_cmpstr (details->error_code, ==, "DLF.20812");
  g_assert_cmpstr (details->method, ==, "POST");
  g_assert_true (g_str_has_suffix (details->uri, DEPLOY_PATH));
  g_assert_nonnull (details->request_id);
  g_assert_null (rd_package_outcome_get_async_task_id (outcome));
  g_assert_cmpint (status_of (client, "4"), ==, RD_DEPLOY_STATUS_FAILED);

  release_run (&unknown, client, unknown_ids, TRUE);
  outcome = outcome_of (unknown.result, "999");
  g_assert_cmpint (rd_package_outcome_get_outcome (outcome), ==, RD_OUTCOME_FAILED);
  g_assert_error ((GError *) rd_package_outcome_get_error (outcome), RD_API_ERROR,
                  RD_API_ERROR_NOT_FOUND);
  g_assert_cmpstr (rd_package_outcome_get_message (outcome), ==,
                   "The service refused the request: Task does not exist. (DLF.20810)");
  g_assert_cmpstr (rd_package_outcome_get_error_details (outcome)->error_msg, ==,
                   "Task does not exist.");
}

static void
test_release_partial_failure_across_batches (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_auto(GStrv) ids = bulk_ids (service, 150);
  g_auto(ActionCall) call = { 0 };
  g_autoptr(GPtrArray) bodies = NULL;

  /* One package of the first batch is not waiting for review any more. */
  g_free (ids[42]);
  ids[42] = g_strdup ("21");

  release_run (&call, client, (const char * const *) ids, TRUE);

  g_assert_no_error (call.error);
  g_assert_cmpuint (rd_package_action_result_get_n_requests (call.result), ==, 2);
  g_assert_cmpuint (rd_package_action_result_count (call.result, RD_OUTCOME_FAILED), ==, 100);
  g_assert_cmpuint (rd_package_action_result_count (call.result, RD_OUTCOME_SUCCEEDED), ==, 50);
  for (guint i = 0; i < 150; i++)
    {
      RdPackageOutcome *outcome = outcome_of (call.result, ids[i]);

      if (i < 100)
        {
          /* The whole batch was refused with that one package's message. */
          g_assert_cmpint (rd_package_outcome_get_outcome (outcome), ==, RD_OUTCOME_FAILED);
          g_assert_cmpstr (rd_package_outcome_get_error_details (outcome)->error_code, ==,
                           "DLF.20812");
          g_assert_nonnull (
              strstr (rd_package_outcome_get_message (outcome), "release package 21"));
        }
      else
        g_assert_cmpint (rd_package_outcome_get_outcome (outcome), ==, RD_OUTCOME_SUCCEEDED);
    }

  bodies = requests_to (service, DEPLOY_PATH);
  g_assert_cmpuint (bodies->len, ==, 2);
  /* Nothing of the refused batch changed; the second went through. */
  g_assert_cmpint (status_of (client, "1000"), ==, RD_DEPLOY_STATUS_TO_BE_REVIEWED);
  g_assert_cmpint (status_of (client, "1099"), ==, RD_DEPLOY_STATUS_TO_BE_REVIEWED);
  g_assert_cmpint (status_of (client, "1100"), ==, RD_DEPLOY_STATUS_BEING_RELEASED);
}

static void
test_release_never_retried (void)
{
  static const guint statuses[] = { 429, 502, 503, 504 };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
      g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
      g_auto(ActionCall) call = { 0 };
      static const char * const ids[] = { "30", NULL };
      g_autoptr(GPtrArray) bodies = NULL;
      RdPackageOutcome *outcome;

      rd_test_push_status (service, statuses[i], NULL, NULL);
      release_run (&call, client, ids, TRUE);

      g_assert_no_error (call.error);
      outcome = outcome_of (call.result, "30");
      g_assert_cmpint (rd_package_outcome_get_outcome (outcome), ==, RD_OUTCOME_FAILED);
      g_assert_cmpuint (rd_package_outcome_get_error_details (outcome)->http_status, ==,
                        statuses[i]);

      /* One click, one request, whatever came back. */
      bodies = requests_to (service, DEPLOY_PATH);
      g_assert_cmpuint (bodies->len, ==, 1);
      g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);
    }
}

static void
test_release_stops_after_401 (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, "not-a-valid-token");
  g_auto(GStrv) ids = bulk_ids (service, 150);
  g_auto(ActionCall) call = { 0 };
  RdPackageOutcome *sent;
  RdPackageOutcome *not_sent;

  release_run (&call, client, (const char * const *) ids, TRUE);

  g_assert_no_error (call.error);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);
  g_assert_cmpuint (rd_package_action_result_get_n_requests (call.result), ==, 1);
  g_assert_cmpuint (rd_package_action_result_count (call.result, RD_OUTCOME_FAILED), ==, 100);
  g_assert_cmpuint (rd_package_action_result_count (call.result, RD_OUTCOME_NOT_SENT), ==, 50);

  sent = outcome_of (call.result, "1000");
  g_assert_error ((GError *) rd_package_outcome_get_error (sent), RD_API_ERROR,
                  RD_API_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (rd_package_outcome_get_error_details (sent)->http_status, ==, 401);
  not_sent = outcome_of (call.result, "1149");
  g_assert_cmpint (rd_package_outcome_get_outcome (not_sent), ==, RD_OUTCOME_NOT_SENT);
  g_assert_error ((GError *) rd_package_outcome_get_error (not_sent), RD_API_ERROR,
                  RD_API_ERROR_UNAUTHORIZED);
  g_assert_null (rd_package_outcome_get_error_details (not_sent));
}

static void
test_release_invalid_input_sends_nothing (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  static const char * const bad_ids[] = { "30", "a/b\tc", NULL };
  static const char * const no_ids[] = { NULL };
  g_auto(ActionCall) bad = { 0 };
  g_auto(ActionCall) empty = { 0 };
  g_auto(ActionCall) revoke = { 0 };

  release_run (&bad, client, bad_ids, TRUE);
  g_assert_error (bad.error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT);
  release_run (&empty, client, no_ids, TRUE);
  g_assert_error (empty.error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT);
  g_assert_cmpstr (empty.error->message, ==, "No package was chosen");
  revoke_run (&revoke, client, NULL);
  g_assert_error (revoke.error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT);

  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 0);
}

static void
test_release_cancelled_before_start (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  static const char * const ids[] = { "30", NULL };
  g_auto(ActionCall) call = { 0 };

  g_cancellable_cancel (cancellable);
  rd_client_release_packages_async (client, RD_DEMO_PROJECT_ID, NULL, ids, TRUE, cancellable,
                                    on_release_done, &call);
  rd_test_wait_for_flag (&call.done, WAIT_SECONDS);

  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 0);
}

static void
test_release_cancelled_in_flight (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(GStrv) ids = bulk_ids (service, 120);
  g_auto(ActionCall) call = { 0 };
  RdDemoFault delay = { 0 };
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint tick;

  delay.kind = RD_DEMO_FAULT_DELAY;
  delay.delay_ms = 5000;
  rd_demo_service_push_fault (service, &delay);

  rd_client_release_packages_async (client, RD_DEMO_PROJECT_ID, NULL, (const char * const *) ids,
                                    TRUE, cancellable, on_release_done, &call);

  /* Cancelled once the first batch has reached the service. */
  tick = g_timeout_add (5, rd_test_wake_up, NULL);
  while (rd_demo_service_get_request_count (service) < 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
  g_cancellable_cancel (cancellable);
  rd_test_wait_for_flag (&call.done, WAIT_SECONDS);

  /* The first batch went out: whether it was carried out is not known. The
   * second never did. Both are said, rather than a bare "cancelled". */
  g_assert_no_error (call.error);
  g_assert_cmpuint (rd_package_action_result_count (call.result, RD_OUTCOME_UNKNOWN), ==, 100);
  g_assert_cmpuint (rd_package_action_result_count (call.result, RD_OUTCOME_NOT_SENT), ==, 20);
  g_assert_error ((GError *) rd_package_outcome_get_error (outcome_of (call.result, "1119")),
                  G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);
}

static void
test_release_unreadable_answer_is_unknown (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  static const char * const ids[] = { "30", NULL };
  g_auto(ActionCall) call = { 0 };
  RdPackageOutcome *outcome;

  rd_test_push_raw (service, "<html>Gateway says hello</html>", "text/html");
  release_run (&call, client, ids, TRUE);

  outcome = outcome_of (call.result, "30");
  g_assert_cmpint (rd_package_outcome_get_outcome (outcome), ==, RD_OUTCOME_UNKNOWN);
  g_assert_error ((GError *) rd_package_outcome_get_error (outcome), RD_API_ERROR,
                  RD_API_ERROR_BAD_RESPONSE);
}

static void
test_release_signed_with_ak_sk (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_access_key_client (service, "temporary-security-token-0123");
  static const char * const ids[] = { "30", NULL };
  g_auto(ActionCall) call = { 0 };
  g_autofree char *authorization = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *access_key = NULL;
  g_autofree char *signature = NULL;
  g_auto(GStrv) signed_headers = NULL;
  g_autofree char *joined = NULL;
  g_autoptr(GError) error = NULL;

  release_run (&call, client, ids, TRUE);

  /* The demo checks the signature over the body as the gateway does. */
  g_assert_no_error (call.error);
  g_assert_cmpint (rd_package_outcome_get_outcome (outcome_of (call.result, "30")), ==,
                   RD_OUTCOME_SUCCEEDED);

  authorization = rd_test_dup_last_header (service, "authorization");
  rd_signer_parse_authorization (authorization, &access_key, &signed_headers, &signature, &error);
  g_assert_no_error (error);
  joined = g_strjoinv (";", signed_headers);
  g_assert_cmpstr (joined, ==, "content-type;host;x-project-id;x-sdk-date;x-security-token");
  content_type = rd_test_dup_last_header (service, "content-type");
  g_assert_cmpstr (content_type, ==, JSON_UTF8);
}

static void
test_release_bad_signature_refused (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdCredentials) credentials =
    rd_credentials_new_access_key (RD_DEMO_ACCESS_KEY, "not-the-secret-key-0123456789", NULL);
  g_autoptr(RdClient) client = new_client (service, credentials);
  static const char * const ids[] = { "30", NULL };
  g_auto(ActionCall) call = { 0 };
  RdPackageOutcome *outcome;

  release_run (&call, client, ids, TRUE);

  outcome = outcome_of (call.result, "30");
  g_assert_cmpint (rd_package_outcome_get_outcome (outcome), ==, RD_OUTCOME_FAILED);
  g_assert_error ((GError *) rd_package_outcome_get_error (outcome), RD_API_ERROR,
                  RD_API_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (rd_package_outcome_get_message (outcome), ==,
                   "The access key or secret key was rejected");
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);
}

static void
test_list_signed_with_ak_sk_and_workspace (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_access_key_client (service, NULL);
  g_auto(ListCall) call = { 0 };
  g_autoptr(RdReleasePackage) package = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *access_key = NULL;
  g_autofree char *signature = NULL;
  g_auto(GStrv) signed_headers = NULL;
  g_autofree char *joined = NULL;
  g_autoptr(GError) error = NULL;

  rd_client_list_packages_async (client, RD_DEMO_PROJECT_ID, RD_DEMO_OTHER_WORKSPACE, NULL, NULL,
                                 on_list_done, &call);
  rd_test_wait_for_flag (&call.done, WAIT_SECONDS);

  g_assert_no_error (call.error);
  g_assert_cmpuint (call.total, ==, 1);
  package = g_list_model_get_item (call.packages, 0);
  g_assert_cmpstr (rd_release_package_get_package_id (package), ==, "8");

  authorization = rd_test_dup_last_header (service, "authorization");
  rd_signer_parse_authorization (authorization, &access_key, &signed_headers, &signature, &error);
  g_assert_no_error (error);
  joined = g_strjoinv (";", signed_headers);
  g_assert_cmpstr (joined, ==, "content-type;host;workspace;x-project-id;x-sdk-date");
}

/* Whether task_details[@index] of the document as received has @member. */
static gboolean
task_has_member (RdReleasePackage *package,
                 guint             index,
                 const char       *member)
{
  GBytes *document = rd_release_package_get_document (package);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *tasks;

  json_parser_load_from_data (parser, g_bytes_get_data (document, NULL),
                              (gssize) g_bytes_get_size (document), &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  tasks = json_object_get_array_member (root, "task_details");

  return json_object_has_member (json_array_get_object_element (tasks, index), member);
}

static void
check_released (RdClient   *client,
                const char *package_id,
                int         final_status,
                gboolean    start_jobs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReleasePackage) package = look_up (client, package_id, &error);
  GListModel *tasks;
  guint n;

  g_assert_no_error (error);
  g_assert_cmpint (rd_release_package_get_deploy_status (package), ==, final_status);
  g_assert_cmpstr (rd_release_package_get_deploy_user_name (package), ==, RD_DEMO_DEPLOY_USER);
  tasks = rd_release_package_get_tasks (package);
  n = g_list_model_get_n_items (tasks);
  g_assert_cmpuint (n, >, 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);
      /* A failed release fails on its first task. */
      int expected = final_status == 3 && i == 0 ? 3 : final_status == 5 ? 5 : 2;

      g_assert_cmpint (rd_task_get_deploy_status (task), ==, expected);
      if (expected == 2)
        g_assert_cmpint (rd_task_get_deployed_version (task), ==,
                         rd_task_get_pending_version (task));
      if (expected != 5 && start_jobs && rd_task_get_task_type (task) == RD_TASK_TYPE_JOB)
        g_assert_cmpint (rd_task_get_start_job_status (task), ==, expected);
      else
        g_assert_false (task_has_member (package, i, "start_job_status"));
    }
}

static void
test_demo_release_transitions (gconstpointer data)
{
  gboolean failing = GPOINTER_TO_INT (data);
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  const char *package_id = failing ? RD_DEMO_FAILING_PACKAGE_ID : "30";
  const char *ids[] = { package_id, "32", NULL };
  g_auto(ActionCall) call = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReleasePackage) before = NULL;
  g_autoptr(RdReleasePackage) releasing = NULL;
  gint64 now_ms = g_get_real_time () / 1000;

  /* Long enough that the lookups below see "being released" even on a busy machine. */
  rd_demo_service_set_release_delay (service, 500);
  before = look_up (client, package_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rd_release_package_get_deploy_status (before), ==,
                   RD_DEPLOY_STATUS_TO_BE_REVIEWED);
  g_assert_null (rd_release_package_get_deploy_user_name (before));
  g_assert_cmpint (rd_release_package_get_deploy_timestamp (before), ==, RD_VALUE_ABSENT);

  release_run (&call, client, ids, TRUE);
  g_assert_cmpuint (rd_package_action_result_count (call.result, RD_OUTCOME_SUCCEEDED), ==, 2);

  /* 1 → 5 at once, with who and when. */
  releasing = look_up (client, package_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ABS (rd_release_package_get_deploy_timestamp (releasing) - now_ms), <, 60000);
  check_released (client, package_id, 5, TRUE);

  /* 5 → 2, or 3 for the package that fails; the other one of the call succeeds. */
  wait_for_releases (service);
  check_released (client, package_id, failing ? 3 : 2, TRUE);
  check_released (client, "32", 2, TRUE);
}

static void
test_demo_release_marked_to_fail_without_jobs (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  static const char * const ids[] = { "34", NULL };
  g_auto(ActionCall) call = { 0 };

  rd_demo_service_set_release_delay (service, 20);
  rd_demo_service_set_package_fails (service, "34", TRUE);
  release_run (&call, client, ids, FALSE);
  g_assert_cmpuint (rd_package_action_result_count (call.result, RD_OUTCOME_SUCCEEDED), ==, 1);

  wait_for_releases (service);
  /* startup_mode 0: no job was started, so no start_job_status. */
  check_released (client, "34", 3, FALSE);
}

/* }}} */

/* {{{ Revoke */

static void
test_revoke_packages (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_access_key_client (service, NULL);
  g_autoptr(RdPackageQuery) query = rd_package_query_new_review_queue ();
  static const char * const ids[] = { "31", "32", NULL };
  g_auto(ActionCall) call = { 0 };
  g_auto(ListCall) list = { 0 };
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReleasePackage) gone = NULL;

  revoke_run (&call, client, ids);

  g_assert_no_error (call.error);
  g_assert_cmpuint (rd_package_action_result_count (call.result, RD_OUTCOME_SUCCEEDED), ==, 2);
  g_assert_null (rd_package_outcome_get_async_task_id (outcome_of (call.result, "31")));
  bodies = requests_to (service, UNPACK_PATH);
  g_assert_cmpuint (bodies->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (bodies, 0), ==, "{\"package_ids\":[\"31\",\"32\"]}");

  /* Out of the review queue, and gone for the detail call too. */
  list_run (&list, client, query);
  g_assert_cmpuint (list.total, ==, RD_DEMO_REVIEW_QUEUE_SIZE - 2);
  gone = look_up (client, "31", &error);
  g_assert_null (gone);
  g_assert_error (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND);
}

static void
test_revoke_refused (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  static const char * const running[] = { "21", NULL };
  static const char * const unknown[] = { "31", "999", NULL };
  g_auto(ActionCall) refused = { 0 };
  g_auto(ActionCall) missing = { 0 };
  RdPackageOutcome *outcome;

  revoke_run (&refused, client, running);
  outcome = outcome_of (refused.result, "21");
  g_assert_cmpint (rd_package_outcome_get_outcome (outcome), ==, RD_OUTCOME_FAILED);
  g_assert_cmpstr (rd_package_outcome_get_error_details (outcome)->error_code, ==, "DLF.20812");

  /* One unknown package refuses the whole call, and nothing is revoked. */
  revoke_run (&missing, client, unknown);
  g_assert_cmpuint (rd_package_action_result_count (missing.result, RD_OUTCOME_FAILED), ==, 2);
  outcome = outcome_of (missing.result, "31");
  g_assert_cmpstr (rd_package_outcome_get_message (outcome), ==,
                   "The service refused the request: Task does not exist. (DLF.20810)");
  g_assert_cmpint (status_of (client, "31"), ==, RD_DEPLOY_STATUS_TO_BE_REVIEWED);
}

static void
test_revoke_accepts_any_json_answer (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  static const char * const ids[] = { "31", NULL };
  g_auto(ActionCall) empty = { 0 };
  g_auto(ActionCall) json = { 0 };
  g_auto(ActionCall) html = { 0 };

  /* The demo answers 200 with no body at all. */
  revoke_run (&empty, client, ids);
  g_assert_cmpint (rd_package_outcome_get_outcome (outcome_of (empty.result, "31")), ==,
                   RD_OUTCOME_SUCCEEDED);

  rd_test_push_raw (service, "{\"result\":\"success\"}", JSON_UTF8);
  revoke_run (&json, client, ids);
  g_assert_cmpint (rd_package_outcome_get_outcome (outcome_of (json.result, "31")), ==,
                   RD_OUTCOME_SUCCEEDED);

  rd_test_push_raw (service, "<html>Login</html>", "text/html");
  revoke_run (&html, client, ids);
  g_assert_cmpint (rd_package_outcome_get_outcome (outcome_of (html.result, "31")), ==,
                   RD_OUTCOME_UNKNOWN);
}

static void
test_revoke_never_retried (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (service, RD_DEMO_TOKEN);
  static const char * const ids[] = { "31", NULL };
  g_auto(ActionCall) call = { 0 };
  RdPackageOutcome *outcome;

  rd_test_push_status (service, 503, NULL, NULL);
  revoke_run (&call, client, ids);

  outcome = outcome_of (call.result, "31");
  g_assert_cmpint (rd_package_outcome_get_outcome (outcome), ==, RD_OUTCOME_FAILED);
  g_assert_error ((GError *) rd_package_outcome_get_error (outcome), RD_API_ERROR,
                  RD_API_ERROR_SERVER);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);
  g_assert_cmpint (status_of (client, "31"), ==, RD_DEPLOY_STATUS_TO_BE_REVIEWED);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/review/query/sends-only-set-members", test_query_sends_only_set_members);

  g_test_add_func ("/review/list/review-queue-first-page", test_list_review_queue_first_page);
  g_test_add_func ("/review/list/filters-by-key-word", test_list_filters_by_key_word);
  g_test_add_func ("/review/list/filters-by-applicant", test_list_filters_by_applicant);
  g_test_add_func ("/review/list/filters-by-deployer", test_list_filters_by_deployer);
  g_test_add_func ("/review/list/filters-by-apply-time", test_list_filters_by_apply_time);
  g_test_add_func ("/review/list/filters-by-status", test_list_filters_by_status);
  g_test_add_func ("/review/list/sorts-both-directions", test_list_sorts_both_directions);
  g_test_add_func ("/review/list/retried-on-503", test_list_retried_on_503);
  g_test_add_func ("/review/list/bad-answer-names-path", test_list_bad_answer_names_path);
  g_test_add_func ("/review/list/unknown-workspace", test_list_unknown_workspace);
  g_test_add_func ("/review/list/ak-sk-signs-post-with-workspace",
                   test_list_signed_with_ak_sk_and_workspace);

  g_test_add_func ("/review/parser/list-is-strict", test_parser_list_strict);
  g_test_add_func ("/review/parser/list-keeps-unknown-members",
                   test_parser_list_keeps_unknown_members);
  g_test_add_func ("/review/parser/deploy-answer", test_parser_deploy_answer);

  g_test_add_data_func ("/review/pager/offset-counts-records", &paging_records,
                        test_pager_pages_through);
  g_test_add_data_func ("/review/pager/offset-counts-pages", &paging_pages,
                        test_pager_pages_through);
  g_test_add_data_func ("/review/pager/offset-counts-pages-from-1", &paging_pages_from_1,
                        test_pager_pages_through);
  g_test_add_data_func ("/review/pager/new-package-while-paging/records", &paging_records,
                        test_pager_new_package_while_paging);
  g_test_add_data_func ("/review/pager/new-package-while-paging/pages", &paging_pages,
                        test_pager_new_package_while_paging);
  g_test_add_data_func ("/review/pager/new-package-while-paging/pages-from-1", &paging_pages_from_1,
                        test_pager_new_package_while_paging);
  g_test_add_data_func ("/review/pager/packages-leave-while-paging/records", &paging_records,
                        test_pager_packages_leave_while_paging);
  g_test_add_data_func ("/review/pager/packages-leave-while-paging/pages", &paging_pages,
                        test_pager_packages_leave_while_paging);
  g_test_add_data_func ("/review/pager/packages-leave-while-paging/pages-from-1",
                        &paging_pages_from_1, test_pager_packages_leave_while_paging);
  g_test_add_func ("/review/pager/remove-shown-package", test_pager_remove_shown_package);
  g_test_add_func ("/review/pager/reset-keeps-reading", test_pager_reset_keeps_reading);
  g_test_add_func ("/review/pager/short-first-page", test_pager_short_first_page);
  g_test_add_func ("/review/pager/one-load-at-a-time", test_pager_one_load_at_a_time);
  g_test_add_func ("/review/pager/error-keeps-place", test_pager_error_keeps_place);
  g_test_add_func ("/review/pager/reset-cancels-load", test_pager_reset_cancels_load);

  g_test_add_func ("/review/release/one-package", test_release_one_package);
  g_test_add_func ("/review/release/several-packages", test_release_several_packages);
  g_test_add_func ("/review/release/splits-into-batches", test_release_splits_into_batches);
  g_test_add_func ("/review/release/refused-reports-service-message",
                   test_release_refused_reports_service_message);
  g_test_add_func ("/review/release/partial-failure-across-batches",
                   test_release_partial_failure_across_batches);
  g_test_add_func ("/review/release/never-retried", test_release_never_retried);
  g_test_add_func ("/review/release/stops-after-401", test_release_stops_after_401);
  g_test_add_func ("/review/release/invalid-input-sends-nothing",
                   test_release_invalid_input_sends_nothing);
  g_test_add_func ("/review/release/cancelled-before-start", test_release_cancelled_before_start);
  g_test_add_func ("/review/release/cancelled-in-flight", test_release_cancelled_in_flight);
  g_test_add_func ("/review/release/unreadable-answer-is-unknown",
                   test_release_unreadable_answer_is_unknown);
  g_test_add_func ("/review/release/ak-sk-signs-post", test_release_signed_with_ak_sk);
  g_test_add_func ("/review/release/bad-signature-refused", test_release_bad_signature_refused);

  g_test_add_data_func ("/review/demo/release-1-5-2", GINT_TO_POINTER (FALSE),
                        test_demo_release_transitions);
  g_test_add_data_func ("/review/demo/release-1-5-3", GINT_TO_POINTER (TRUE),
                        test_demo_release_transitions);
  g_test_add_func ("/review/demo/marked-to-fail-without-jobs",
                   test_demo_release_marked_to_fail_without_jobs);

  g_test_add_func ("/review/revoke/packages", test_revoke_packages);
  g_test_add_func ("/review/revoke/refused", test_revoke_refused);
  g_test_add_func ("/review/revoke/accepts-any-json-answer", test_revoke_accepts_any_json_answer);
  g_test_add_func ("/review/revoke/never-retried", test_revoke_never_retried);

  return g_test_run ();
}
