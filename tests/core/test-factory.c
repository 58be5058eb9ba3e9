/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-factory.c: DataArts Factory's V1 calls of the client (a script or job at a version, a
 * resource by name) against the in-process demo service: token and AK/SK, escaping, both error
 * shapes, purged versions, retries, the cache and the two-at-a-time queue. */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "rd-client.h"
#include "rd-demo-testing.h"
#include "rd-test-util.h"

#define WAIT_SECONDS 20

#define V1_PATH "/v1/" RD_DEMO_PROJECT_ID

/* A Chinese name with a dot: one path segment, every byte but the dot escaped. */
#define SCRIPT_NAME      "销售日报.汇总"
#define SCRIPT_NAME_PATH "%E9%94%80%E5%94%AE%E6%97%A5%E6%8A%A5.%E6%B1%87%E6%80%BB"
#define JOB_NAME         "dws_订单_周汇总"

/* One call and what it came back with. */
typedef struct
{
  gboolean        done;
  RdFactoryItem  *item;
  GError         *error;
  RdErrorDetails *details;
  gint64          finished;
} Fetch;

static void
fetch_clear (Fetch *fetch)
{
  g_clear_object (&fetch->item);
  g_clear_error (&fetch->error);
  g_clear_pointer (&fetch->details, rd_error_details_free);
  fetch->done = FALSE;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fetch, fetch_clear)

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RdClient *client = RD_CLIENT (source);
  Fetch *fetch = user_data;
  gpointer tag = g_task_get_source_tag (G_TASK (result));

  g_assert_false (fetch->done);

  if (tag == rd_client_get_script_version_async)
    fetch->item = rd_client_get_script_version_finish (client, result, &fetch->error);
  else if (tag == rd_client_get_job_version_async)
    fetch->item = rd_client_get_job_version_finish (client, result, &fetch->error);
  else
    fetch->item = rd_client_find_resource_finish (client, result, &fetch->error);

  g_assert_true ((fetch->item == NULL) != (fetch->error == NULL));
  fetch->details = rd_client_dup_error_details (client, result);
  if (fetch->item != NULL)
    g_assert_null (fetch->details);
  fetch->finished = g_get_monotonic_time ();
  fetch->done = TRUE;
}

static void
get_script (RdClient     *client,
            const char   *workspace,
            const char   *name,
            int           version,
            GCancellable *cancellable,
            Fetch        *fetch)
{
  rd_client_get_script_version_async (client, RD_DEMO_PROJECT_ID, workspace, name, version,
                                      cancellable, on_fetched, fetch);
}

static void
run_script (RdClient   *client,
            const char *name,
            int         version,
            Fetch      *fetch)
{
  get_script (client, NULL, name, version, NULL, fetch);
  WAIT_UNTIL (fetch->done);
}

static void
run_job (RdClient   *client,
         const char *name,
         int         version,
         Fetch      *fetch)
{
  rd_client_get_job_version_async (client, RD_DEMO_PROJECT_ID, NULL, name, version, NULL,
                                   on_fetched, fetch);
  WAIT_UNTIL (fetch->done);
}

static void
run_resource (RdClient   *client,
              const char *name,
              Fetch      *fetch)
{
  rd_client_find_resource_async (client, RD_DEMO_PROJECT_ID, NULL, name, NULL, on_fetched, fetch);
  WAIT_UNTIL (fetch->done);
}

/* Fixtures */

static const char script_v1[] =
  "{\"name\":\"" SCRIPT_NAME "\",\"id\":\"s-1\",\"type\":\"DLISQL\","
  "\"content\":\"SELECT 1;\\n-- 汇总\\n\",\"connectionName\":\"dli\",\"database\":\"sales\","
  "\"queueName\":\"default\",\"configuration\":{\"spark.sql.shuffle.partitions\":\"200\","
  "\"dli.sql.autoBroadcastJoinThreshold\":209715200},\"directory\":\"/reports\","
  "\"description\":\"\",\"owner\":\"dev\",\"version\":2}";
static const char script_v2[] =
  "{\"name\":\"" SCRIPT_NAME "\",\"id\":\"s-1\",\"type\":\"DLISQL\","
  "\"content\":\"SELECT 2;\\n\",\"connectionName\":\"dli\",\"database\":\"sales\","
  "\"queueName\":\"reports\",\"directory\":\"/reports\",\"version\":2}";
static const char job_v5[] =
  "{\"name\":\"" JOB_NAME "\",\"id\":608627,\"createTime\":1700000000000,\"version\":\"5\","
  "\"nodes\":[{\"name\":\"汇总\",\"type\":\"HiveSQL\",\"location\":{\"x\":\"1.0\",\"y\":\"2.0\"},"
  "\"properties\":[{\"name\":\"scriptName\",\"value\":\"dws_订单_周汇总\"}]}],"
  "\"schedule\":{\"type\":\"CRON\",\"cron\":{\"expression\":\"0 0 2 * * ?\"}}}";

static RdDemoService *
start_service (void)
{
  RdDemoService *service = rd_test_start_demo_service ();

  rd_demo_service_add_script_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                      SCRIPT_NAME, 1, script_v1);
  rd_demo_service_add_script_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                      SCRIPT_NAME, 2, script_v2);
  rd_demo_service_add_job_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                   JOB_NAME, 5, job_v5);

  return service;
}

static RdClient *
token_client (RdDemoService *service)
{
  return rd_test_new_token_client (rd_demo_service_get_url (service), RD_DEMO_TOKEN);
}

static RdClient *
access_key_client (RdDemoService *service)
{
  return rd_test_new_access_key_client (rd_demo_service_get_url (service), RD_DEMO_SECRET_KEY,
                                        NULL);
}

static void
assert_script_v1 (RdFactoryItem *item)
{
  const char *text;
  gsize length;

  g_assert_nonnull (item);
  g_assert_cmpint (rd_factory_item_get_kind (item), ==, RD_TASK_TYPE_SCRIPT);
  g_assert_cmpint (rd_factory_item_get_version (item), ==, 1);
  g_assert_cmpstr (rd_factory_item_get_name (item), ==, SCRIPT_NAME);
  g_assert_cmpstr (rd_factory_item_get_id (item), ==, "s-1");
  g_assert_cmpstr (rd_factory_item_get_language (item), ==, "DLISQL");
  text = rd_factory_item_get_text (item, &length);
  g_assert_cmpstr (text, ==, "SELECT 1;\n-- 汇总\n");
  g_assert_cmpuint (length, ==, strlen (text));
  g_assert_null (rd_factory_item_get_document (item));
  /* A map as sorted lines, a number as JSON writes it. */
  g_assert_cmpstr (rd_factory_item_lookup_setting (item, "configuration"), ==,
                   "dli.sql.autoBroadcastJoinThreshold=209715200\n"
                   "spark.sql.shuffle.partitions=200");
  g_assert_cmpstr (rd_factory_item_lookup_setting (item, "queueName"), ==, "default");
  g_assert_cmpstr (rd_factory_item_lookup_setting (item, "description"), ==, "");
  g_assert_null (rd_factory_item_lookup_setting (item, "owner"));
  g_assert_cmpstr (rd_factory_item_get_setting_names (item)[0], ==, "type");
}

/* Scripts */

static void
check_script_at_version (gboolean signed_request)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = signed_request ? access_key_client (service)
                                              : token_client (service);
  g_autoptr(GPtrArray) requests = NULL;
  g_auto(Fetch) fetch = { 0 };
  RdDemoRequest *request;

  run_script (client, SCRIPT_NAME, 1, &fetch);

  g_assert_no_error (fetch.error);
  assert_script_v1 (fetch.item);

  requests = rd_demo_service_dup_requests (service);
  g_assert_cmpuint (requests->len, ==, 1);
  request = g_ptr_array_index (requests, 0);
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->path, ==, V1_PATH "/scripts/" SCRIPT_NAME_PATH);
  g_assert_cmpstr (request->query, ==, "version=1");
  g_assert_nonnull (request->credential);
  if (signed_request)
    g_assert_cmpstr (request->credential, ==, "ak:" RD_DEMO_ACCESS_KEY);
  else
    g_assert_true (g_str_has_prefix (request->credential, "token:"));
}

static void
test_script_token (void)
{
  check_script_at_version (FALSE);
}

static void
test_script_access_key (void)
{
  check_script_at_version (TRUE);
}

static void
test_script_workspace_header (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = token_client (service);
  g_auto(Fetch) fetch = { 0 };
  g_autofree char *workspace = NULL;

  get_script (client, RD_DEMO_WORKSPACE_ID, SCRIPT_NAME, 2, NULL, &fetch);
  WAIT_UNTIL (fetch.done);
  g_assert_no_error (fetch.error);
  g_assert_cmpstr (rd_factory_item_get_text (fetch.item, NULL), ==, "SELECT 2;\n");
  g_assert_null (rd_factory_item_lookup_setting (fetch.item, "configuration"));
  workspace = rd_test_dup_last_header (service, "workspace");
  g_assert_cmpstr (workspace, ==, RD_DEMO_WORKSPACE_ID);
  fetch_clear (&fetch);

  /* A workspace the project does not have: the service's words, with the likely cause. */
  get_script (client, "0123456789abcdef0123456789abcdef", SCRIPT_NAME, 2, NULL, &fetch);
  WAIT_UNTIL (fetch.done);
  g_assert_nonnull (fetch.error);
  g_assert_nonnull (strstr (fetch.error->message, "0123456789abcdef0123456789abcdef"));
  g_assert_nonnull (fetch.details);
}

static void
test_script_published (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = token_client (service);
  g_auto(Fetch) fetch = { 0 };

  /* None published yet. */
  run_script (client, SCRIPT_NAME, RD_FACTORY_ITEM_PUBLISHED, &fetch);
  g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND);
  g_assert_cmpstr (fetch.error->message, ==, "Script “" SCRIPT_NAME "” has no production version");
  g_assert_cmpstr (rd_demo_service_get_last_query (service), ==, "status=PUBLISHED");
  fetch_clear (&fetch);

  rd_demo_service_set_published_script_version (service, RD_DEMO_PROJECT_ID,
                                                RD_DEMO_WORKSPACE_ID, SCRIPT_NAME, 1);
  run_script (client, SCRIPT_NAME, RD_FACTORY_ITEM_PUBLISHED, &fetch);
  g_assert_no_error (fetch.error);
  g_assert_cmpint (rd_factory_item_get_version (fetch.item), ==, RD_FACTORY_ITEM_PUBLISHED);
  g_assert_cmpstr (rd_factory_item_get_text (fetch.item, NULL), ==, "SELECT 1;\n-- 汇总\n");
  fetch_clear (&fetch);

  /* The production version may change: never kept. */
  run_script (client, SCRIPT_NAME, RD_FACTORY_ITEM_PUBLISHED, &fetch);
  g_assert_no_error (fetch.error);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 3);
}

static void
test_script_purged_version (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = token_client (service);
  g_auto(Fetch) fetch = { 0 };

  rd_demo_service_purge_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                 RD_DEMO_ITEM_SCRIPT, SCRIPT_NAME, 1);
  run_script (client, SCRIPT_NAME, 1, &fetch);

  g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND);
  g_assert_cmpstr (fetch.error->message, ==,
                   "Version 1 of script “" SCRIPT_NAME "” is not available: it may have been "
                   "deleted, renamed or purged (the service keeps the last 100 versions)");
  /* The script calls' error body is {"errors":[{…}]}. */
  g_assert_nonnull (fetch.details);
  g_assert_cmpuint (fetch.details->http_status, ==, 400);
  g_assert_cmpstr (fetch.details->error_code, ==, "DLF.6201");
  g_assert_nonnull (fetch.details->error_msg);
  fetch_clear (&fetch);

  /* Another version of the script is still there. */
  run_script (client, SCRIPT_NAME, 2, &fetch);
  g_assert_no_error (fetch.error);
}

static void
test_script_missing (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = token_client (service);
  g_auto(Fetch) fetch = { 0 };

  run_script (client, "no_such_script", 3, &fetch);
  g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (fetch.error->message, "Version 3 of script “no_such_script”"));
  g_assert_cmpstr (fetch.details->error_code, ==, "DLF.6201");
}

/* Both shapes of an error body, whatever the call. */
static void
test_error_shapes (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = token_client (service);
  g_auto(Fetch) fetch = { 0 };

  rd_test_push_status (service, 400,
                       "{\"errors\":[{\"error_code\":\"DLF.6888\",\"error_msg\":\"No right\"}],"
                       "\"request_id\":\"r-1\"}", NULL);
  run_script (client, SCRIPT_NAME, 1, &fetch);
  g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN);
  g_assert_cmpstr (fetch.details->error_code, ==, "DLF.6888");
  g_assert_cmpstr (fetch.details->error_msg, ==, "No right");
  fetch_clear (&fetch);

  rd_test_push_status (service, 400, "{\"error_code\":\"DLF.6888\",\"error_msg\":\"No right\"}",
                       NULL);
  run_job (client, JOB_NAME, 5, &fetch);
  g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN);
  g_assert_cmpstr (fetch.details->error_code, ==, "DLF.6888");
}

/* Jobs */

static void
test_job_at_version (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = access_key_client (service);
  g_auto(Fetch) fetch = { 0 };
  JsonObject *document;

  run_job (client, JOB_NAME, 5, &fetch);

  g_assert_no_error (fetch.error);
  g_assert_cmpint (rd_factory_item_get_kind (fetch.item), ==, RD_TASK_TYPE_JOB);
  g_assert_cmpint (rd_factory_item_get_version (fetch.item), ==, 5);
  g_assert_cmpstr (rd_factory_item_get_language (fetch.item), ==, "json");
  g_assert_cmpstr (rd_factory_item_get_id (fetch.item), ==, "608627");
  g_assert_null (rd_factory_item_get_text (fetch.item, NULL));
  g_assert_null (rd_factory_item_get_setting_names (fetch.item)[0]);
  document = json_node_get_object (rd_factory_item_get_document (fetch.item));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (document, "nodes")), ==,
                    1);
  g_assert_cmpstr (rd_demo_service_get_last_path (service), ==,
                   V1_PATH "/jobs/dws_%E8%AE%A2%E5%8D%95_%E5%91%A8%E6%B1%87%E6%80%BB");
  g_assert_cmpstr (rd_demo_service_get_last_query (service), ==, "version=5");
}

static void
test_job_missing_version (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = token_client (service);
  g_auto(Fetch) fetch = { 0 };

  run_job (client, JOB_NAME, 4, &fetch);
  g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND);
  g_assert_cmpstr (fetch.error->message, ==,
                   "Version 4 of job “" JOB_NAME "” is not available: it may have been "
                   "deleted, renamed or purged (the service keeps the last 100 versions)");
  /* The job calls' error body has error_code at the top. */
  g_assert_cmpstr (fetch.details->error_code, ==, "DLF.0100");
}

/* Resources */

static char *
resource_json (const char *name)
{
  return g_strdup_printf ("{\"name\":\"%s\",\"type\":\"jar\",\"location\":\"obs://dlf/%s\","
                          "\"dependFiles\":[\"obs://dlf/b.jar\",\"obs://dlf/a.jar\"],"
                          "\"desc\":\"UDF\",\"directory\":\"/udf\"}", name, name);
}

static void
test_resource_by_name (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = access_key_client (service);
  g_autoptr(GPtrArray) requests = NULL;
  g_auto(Fetch) fetch = { 0 };
  g_autofree char *exact = resource_json ("udf_手机号脱敏.jar");
  g_autofree char *id = NULL;
  RdDemoRequest *last;

  /* 150 whose names hold the name asked for, so that the exact one is on the second page. */
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *name = g_strdup_printf ("old_%u_udf_手机号脱敏.jar", i);
      g_autofree char *json = resource_json (name);
      g_autofree char *other = rd_demo_service_add_resource (service, RD_DEMO_PROJECT_ID,
                                                             RD_DEMO_WORKSPACE_ID, json);

      g_assert_nonnull (other);
    }
  id = rd_demo_service_add_resource (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, exact);

  run_resource (client, "udf_手机号脱敏.jar", &fetch);

  g_assert_no_error (fetch.error);
  g_assert_cmpint (rd_factory_item_get_kind (fetch.item), ==, RD_TASK_TYPE_RESOURCE);
  g_assert_cmpint (rd_factory_item_get_version (fetch.item), ==, RD_FACTORY_ITEM_NO_VERSION);
  g_assert_cmpstr (rd_factory_item_get_id (fetch.item), ==, id);
  g_assert_cmpstr (rd_factory_item_get_language (fetch.item), ==, "jar");
  g_assert_cmpstr (rd_factory_item_lookup_setting (fetch.item, "dependFiles"), ==,
                   "obs://dlf/b.jar\nobs://dlf/a.jar");
  g_assert_cmpstr (rd_factory_item_lookup_setting (fetch.item, "location"), ==,
                   "obs://dlf/udf_手机号脱敏.jar");

  requests = rd_demo_service_dup_requests (service);
  g_assert_cmpuint (requests->len, ==, 3);
  g_assert_nonnull (strstr (((RdDemoRequest *)requests->pdata[0])->query, "offset=0"));
  g_assert_nonnull (strstr (((RdDemoRequest *)requests->pdata[1])->query, "offset=100"));
  g_assert_nonnull (strstr (((RdDemoRequest *)requests->pdata[1])->query, "limit=100"));
  last = requests->pdata[2];
  g_assert_true (g_str_has_prefix (last->path, V1_PATH "/resources/"));
  g_assert_null (last->query);
}

static void
test_resource_missing (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = token_client (service);
  g_auto(Fetch) fetch = { 0 };
  g_autofree char *json = resource_json ("udf_a.jar.bak");
  g_autofree char *id = rd_demo_service_add_resource (service, RD_DEMO_PROJECT_ID,
                                                      RD_DEMO_WORKSPACE_ID, json);

  /* Only a name that holds it: not the one. */
  run_resource (client, "udf_a.jar", &fetch);
  g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND);
  g_assert_cmpstr (fetch.error->message, ==, "Resource “udf_a.jar” was not found");
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);
}

/* The cache, retries and the queue */

static void
test_cache_numbered_versions (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = token_client (service);
  g_autoptr(RdClient) other = token_client (service);
  g_auto(Fetch) fetch = { 0 };
  RdFactoryItem *first;

  run_script (client, SCRIPT_NAME, 1, &fetch);
  g_assert_no_error (fetch.error);
  first = g_object_ref (fetch.item);
  fetch_clear (&fetch);

  run_script (client, SCRIPT_NAME, 1, &fetch);
  g_assert_no_error (fetch.error);
  g_assert_true (fetch.item == first);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);
  fetch_clear (&fetch);
  g_object_unref (first);

  /* Another version, another workspace or another client is another request. */
  run_script (client, SCRIPT_NAME, 2, &fetch);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 2);
  fetch_clear (&fetch);
  get_script (client, RD_DEMO_WORKSPACE_ID, SCRIPT_NAME, 1, NULL, &fetch);
  WAIT_UNTIL (fetch.done);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 3);
  fetch_clear (&fetch);
  run_script (other, SCRIPT_NAME, 1, &fetch);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 4);
  fetch_clear (&fetch);

  /* A failure is not kept. */
  run_job (client, JOB_NAME, 4, &fetch);
  g_assert_nonnull (fetch.error);
  fetch_clear (&fetch);
  run_job (client, JOB_NAME, 4, &fetch);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 6);
}

static void
test_retry_after_429 (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = token_client (service);
  g_auto(Fetch) fetch = { 0 };

  rd_client_set_retry_delay (client, 10);
  rd_test_push_status (service, 429,
                       "{\"error_code\":\"APIG.0308\",\"error_msg\":\"The request is throttled.\"}",
                       "0");
  run_job (client, JOB_NAME, 5, &fetch);

  g_assert_no_error (fetch.error);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 2);
}

static void
push_delay (RdDemoService *service,
            guint          delay_ms)
{
  RdDemoFault fault = { .kind = RD_DEMO_FAULT_DELAY, .delay_ms = delay_ms };

  rd_demo_service_push_fault (service, &fault);
}

static void
test_queue_two_at_a_time (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = token_client (service);
  Fetch fetches[5] = { { 0 } };
  guint delay = 400 * rd_test_slowdown ();

  for (guint i = 0; i < G_N_ELEMENTS (fetches); i++)
    push_delay (service, delay);

  /* Five versions, none kept: five requests, never more than two at a time. */
  for (guint i = 0; i < G_N_ELEMENTS (fetches); i++)
    rd_client_get_job_version_async (client, RD_DEMO_PROJECT_ID, NULL, JOB_NAME, 5 + i, NULL,
                                     on_fetched, &fetches[i]);

  WAIT_UNTIL (rd_demo_service_get_request_count (service) == 2);
  rd_test_run_for (delay / 2);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 2);
  g_assert_false (fetches[0].done);

  WAIT_UNTIL (fetches[4].done);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 5);

  /* In the order asked. */
  g_assert_cmpint (fetches[0].finished, <=, fetches[2].finished);
  g_assert_cmpint (fetches[2].finished, <=, fetches[4].finished);
  g_assert_no_error (fetches[0].error);
  for (guint i = 1; i < G_N_ELEMENTS (fetches); i++)
    g_assert_error (fetches[i].error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND);

  for (guint i = 0; i < G_N_ELEMENTS (fetches); i++)
    fetch_clear (&fetches[i]);
}

static void
test_queue_cancel_while_waiting (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = token_client (service);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Fetch fetches[3] = { { 0 } };
  guint delay = 500 * rd_test_slowdown ();

  push_delay (service, delay);
  push_delay (service, delay);

  get_script (client, NULL, SCRIPT_NAME, 1, NULL, &fetches[0]);
  get_script (client, NULL, SCRIPT_NAME, 2, NULL, &fetches[1]);
  get_script (client, NULL, SCRIPT_NAME, 3, cancellable, &fetches[2]);

  WAIT_UNTIL (rd_demo_service_get_request_count (service) == 2);
  g_cancellable_cancel (cancellable);

  /* At once, before either slow one: it was never sent. */
  WAIT_UNTIL (fetches[2].done);
  g_assert_error (fetches[2].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (fetches[2].details);
  g_assert_false (fetches[0].done);

  WAIT_UNTIL (fetches[0].done && fetches[1].done);
  g_assert_no_error (fetches[0].error);
  g_assert_no_error (fetches[1].error);
  rd_test_run_for (50);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (fetches); i++)
    fetch_clear (&fetches[i]);
}

/* Input and endpoints */

static void
test_input_refused_before_sending (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = token_client (service);
  const char *names[] = { "", ".", "..", "a\nb", "tab\there", "\x7f", "\xff\xfe" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_auto(Fetch) fetch = { 0 };

      run_script (client, names[i], 1, &fetch);
      g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT);
      g_assert_null (fetch.details);
      fetch_clear (&fetch);
      run_resource (client, names[i], &fetch);
      g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT);
    }

  {
    g_auto(Fetch) fetch = { 0 };

    run_script (client, SCRIPT_NAME, 0, &fetch);
    g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT);
    fetch_clear (&fetch);
    /* Jobs have no production-version query. */
    run_job (client, JOB_NAME, RD_FACTORY_ITEM_PUBLISHED, &fetch);
    g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT);
    fetch_clear (&fetch);
    /* A name with a slash stays one segment. */
    run_script (client, "a/../../v2", 1, &fetch);
    g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND);
    g_assert_cmpstr (rd_demo_service_get_last_path (service), ==,
                     V1_PATH "/scripts/a%2F..%2F..%2Fv2");
  }

  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);
}

static void
test_factory_endpoint (void)
{
  g_autoptr(RdCredentials) credentials = rd_credentials_new_token (RD_DEMO_TOKEN);
  g_autoptr(RdClient) region = rd_client_new_for_region ("cn-north-4", credentials, NULL);
  g_autoptr(RdClient) europe = rd_client_new_for_region ("eu-west-101", credentials, NULL);
  g_autoptr(RdClient) custom = rd_client_new ("https://dataarts.example.com/gw/", credentials,
                                              NULL);
  g_autoptr(GError) error = NULL;
  g_auto(Fetch) fetch = { 0 };

  g_assert_cmpstr (rd_client_get_factory_endpoint (region), ==,
                   "https://dayu-dlf.cn-north-4.myhuaweicloud.com");
  if (europe != NULL)
    g_assert_cmpstr (rd_client_get_factory_endpoint (europe), ==,
                     "https://dayu-dlf.eu-west-101.myhuaweicloud.eu");
  g_assert_cmpstr (rd_client_get_factory_endpoint (custom), ==,
                   rd_client_get_endpoint (custom));

  g_assert_true (rd_client_set_factory_endpoint (custom, "https://dlf.example.com", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rd_client_get_factory_endpoint (custom), ==, "https://dlf.example.com");

  /* Refused: nothing changes. */
  g_assert_false (rd_client_set_factory_endpoint (custom, "ftp://dlf.example.com", &error));
  g_assert_error (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpstr (rd_client_get_factory_endpoint (custom), ==, "https://dlf.example.com");

  g_assert_true (rd_client_set_factory_endpoint (custom, NULL, &error));
  g_assert_cmpstr (rd_client_get_factory_endpoint (custom), ==, rd_client_get_endpoint (custom));

  /* Plain http only to this machine. */
  g_assert_true (rd_client_set_factory_endpoint (custom, "http://dlf.example.com", &error));
  g_assert_no_error (error);
  run_script (custom, SCRIPT_NAME, 1, &fetch);
  g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_INSECURE);
}

static void
test_factory_endpoint_override_is_used (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = rd_test_new_token_client ("http://127.0.0.1:9", RD_DEMO_TOKEN);
  g_autoptr(GError) error = NULL;
  g_auto(Fetch) fetch = { 0 };

  /* The package calls' endpoint is closed; the V1 calls go to the demo. */
  g_assert_true (rd_client_set_factory_endpoint (client, rd_demo_service_get_url (service),
                                                 &error));
  run_script (client, SCRIPT_NAME, 1, &fetch);
  g_assert_no_error (fetch.error);
  assert_script_v1 (fetch.item);
}

static void
test_bad_answer (void)
{
  g_autoptr(RdDemoService) service = start_service ();
  g_autoptr(RdClient) client = token_client (service);
  g_auto(Fetch) fetch = { 0 };

  rd_test_push_raw (service, "[]", "application/json");
  run_script (client, SCRIPT_NAME, 1, &fetch);
  g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE);
  g_assert_true (g_str_has_prefix (fetch.error->message,
                                   "The service sent an answer that is not a script"));
  fetch_clear (&fetch);

  rd_test_push_raw (service, "{\"name\":\"x\",\"content\":42}", "application/json");
  run_script (client, SCRIPT_NAME, 1, &fetch);
  g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (fetch.error->message, "content"));
  fetch_clear (&fetch);

  rd_test_push_raw (service, "{\"name\":\"x\",\"configuration\":\"a=b\"}", "application/json");
  run_script (client, SCRIPT_NAME, 1, &fetch);
  g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (fetch.error->message, "configuration"));
  fetch_clear (&fetch);

  rd_test_push_raw (service, "{\"name\":\"x\",\"nodes\":{}}", "application/json");
  run_job (client, JOB_NAME, 5, &fetch);
  g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE);
  g_assert_true (g_str_has_prefix (fetch.error->message,
                                   "The service sent an answer that is not a job"));
  fetch_clear (&fetch);

  rd_test_push_raw (service, "{\"total\":1,\"resources\":[\"x\"]}", "application/json");
  run_resource (client, "x", &fetch);
  g_assert_error (fetch.error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (fetch.error->message, "resources[0]"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/factory/script/token", test_script_token);
  g_test_add_func ("/factory/script/access-key", test_script_access_key);
  g_test_add_func ("/factory/script/workspace-header", test_script_workspace_header);
  g_test_add_func ("/factory/script/published", test_script_published);
  g_test_add_func ("/factory/script/purged-version", test_script_purged_version);
  g_test_add_func ("/factory/script/missing", test_script_missing);
  g_test_add_func ("/factory/errors/both-shapes", test_error_shapes);
  g_test_add_func ("/factory/job/version", test_job_at_version);
  g_test_add_func ("/factory/job/missing-version", test_job_missing_version);
  g_test_add_func ("/factory/resource/by-name-on-the-second-page", test_resource_by_name);
  g_test_add_func ("/factory/resource/missing", test_resource_missing);
  g_test_add_func ("/factory/cache/numbered-versions", test_cache_numbered_versions);
  g_test_add_func ("/factory/retry/429-then-success", test_retry_after_429);
  g_test_add_func ("/factory/queue/two-at-a-time", test_queue_two_at_a_time);
  g_test_add_func ("/factory/queue/cancel-while-waiting", test_queue_cancel_while_waiting);
  g_test_add_func ("/factory/input/refused-before-sending", test_input_refused_before_sending);
  g_test_add_func ("/factory/endpoint/derived-and-set", test_factory_endpoint);
  g_test_add_func ("/factory/endpoint/override-is-used", test_factory_endpoint_override_is_used);
  g_test_add_func ("/factory/bad-answer", test_bad_answer);

  return g_test_run ();
}
