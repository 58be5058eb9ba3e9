/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-demo-versions.c: the demo service's DataArts Factory V1 routes (a script or a job at a
 * version, resources) driven with a plain SoupSession: token and AK/SK, escaped names, both error
 * shapes, purged and published versions, paging, faults, workspaces, and the sample data. */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "rd-demo-testing.h"
#include "rd-signer.h"
#include "rd-test-util.h"

#define WAIT_SECONDS 20

#define V1_PREFIX "/v1/" RD_DEMO_PROJECT_ID

/* A script document as a test adds it; "name" and "version" are the service's. */
#define SCRIPT_JSON(content) \
  "{\"type\":\"HiveSQL\",\"content\":\"" content "\",\"connectionName\":\"mrs_hive\"," \
  "\"database\":\"dw\",\"queueName\":\"default\",\"configuration\":{},\"directory\":\"/t\"," \
  "\"description\":\"\",\"owner\":\"tester\",\"id\":\"ff80808100000000000000000000abcd\"}"

#define JOB_JSON(cron) \
  "{\"nodes\":[{\"name\":\"n1\",\"type\":\"HiveSQL\","                                             \
  "\"location\":{\"x\":\"10.0\",\"y\":\"20.0\"},"                                                  \
  "\"properties\":[{\"name\":\"scriptName\",\"value\":\"s1\"}]}],\"schedule\":{\"type\":\"CRON\"," \
  "\"cron\":{\"expression\":\"" cron "\"}},\"params\":[],\"basicConfig\":{},"                      \
  "\"processType\":\"BATCH\",\"id\":608627,\"createTime\":1795141925417}"

typedef enum
{
  AUTH_TOKEN,
  AUTH_AK_SK,
} Auth;

typedef struct
{
  gboolean  done;
  guint     status;
  char     *body;
  JsonNode *root;
  char     *retry_after;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->body, g_free);
  g_clear_pointer (&answer->root, json_node_unref);
  g_clear_pointer (&answer->retry_after, g_free);
  answer->done = FALSE;
  answer->status = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

typedef struct
{
  Answer     *answer;
  SoupMessage *msg;
} Exchange;

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Exchange *exchange = user_data;
  Answer *answer = exchange->answer;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageHeaders *headers = soup_message_get_response_headers (exchange->msg);

  g_assert_no_error (error);
  answer->status = soup_message_get_status (exchange->msg);
  answer->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  answer->retry_after = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  if (answer->body[0] != '\0' && json_parser_load_from_data (parser, answer->body, -1, NULL))
    answer->root = json_parser_steal_root (parser);
  answer->done = TRUE;

  g_object_unref (exchange->msg);
  g_free (exchange);
}

/* GET @path_and_query (escaped, as sent) with the demo's token or AK/SK; @workspace (NULL: no
 * header) is signed too. */
static void
get (RdDemoService *service,
     Auth           auth,
     const char    *workspace,
     const char    *path_and_query,
     Answer        *answer)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (rd_demo_service_get_url (service), path_and_query, NULL);
  Exchange *exchange = g_new0 (Exchange, 1);
  SoupMessageHeaders *headers;

  answer_clear (answer);
  exchange->answer = answer;
  exchange->msg = soup_message_new ("GET", url);
  g_assert_nonnull (exchange->msg);
  headers = soup_message_get_request_headers (exchange->msg);

  if (workspace != NULL)
    soup_message_headers_replace (headers, "workspace", workspace);

  if (auth == AUTH_TOKEN)
    {
      soup_message_headers_replace (headers, "X-Auth-Token", RD_DEMO_TOKEN);
    }
  else
    {
      GUri *uri = soup_message_get_uri (exchange->msg);
      const char *host = rd_test_url_authority (rd_demo_service_get_url (service));
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *date = rd_signer_format_date (now);
      const char *signed_headers[] = {
        "host", host, "x-sdk-date", date,
        workspace != NULL ? "workspace" : NULL, workspace, NULL,
      };
      g_autofree char *authorization =
          rd_signer_sign (RD_DEMO_ACCESS_KEY, RD_DEMO_SECRET_KEY, "GET", g_uri_get_path (uri),
                          g_uri_get_query (uri), signed_headers, NULL);

      soup_message_headers_replace (headers, "Host", host);
      soup_message_headers_replace (headers, "X-Sdk-Date", date);
      soup_message_headers_replace (headers, "Authorization", authorization);
    }

  soup_session_send_and_read_async (session, exchange->msg, G_PRIORITY_DEFAULT, NULL, on_read,
                                    exchange);
  WAIT_UNTIL (answer->done);
}

static JsonObject *
answer_object (const Answer *answer)
{
  g_assert_nonnull (answer->root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer->root));

  return json_node_get_object (answer->root);
}

static const char *
answer_string (const Answer *answer,
               const char   *member)
{
  return json_object_get_string_member_with_default (answer_object (answer), member, NULL);
}

/* The path of a script or job (@collection: "scripts" or "jobs") named @name, escaped, with
 * @query (NULL: none). */
static char *
item_path (const char *collection,
           const char *name,
           const char *query)
{
  g_autofree char *escaped = rd_signer_escape (name);

  return g_strconcat (V1_PREFIX "/", collection, "/", escaped, query != NULL ? "?" : "",
                      query != NULL ? query : "", NULL);
}

static char *
version_query (guint version)
{
  return g_strdup_printf ("version=%u", version);
}

/* Asserts a script's error: 400 {"errors":[{"error_code":"DLF.6201",…}]}. */
static void
assert_no_such_script (const Answer *answer)
{
  JsonArray *errors;
  JsonObject *error;

  g_assert_cmpuint (answer->status, ==, 400);
  errors = json_object_get_array_member (answer_object (answer), "errors");
  g_assert_nonnull (errors);
  g_assert_cmpuint (json_array_get_length (errors), ==, 1);
  error = json_array_get_object_element (errors, 0);
  g_assert_cmpstr (json_object_get_string_member (error, "error_code"), ==, "DLF.6201");
  g_assert_cmpstr (json_object_get_string_member (error, "error_msg"), ==,
                   "The script does not exist.");
}

static void
assert_error (const Answer *answer,
              guint         status,
              const char   *error_code)
{
  g_assert_cmpuint (answer->status, ==, status);
  g_assert_cmpstr (answer_string (answer, "error_code"), ==, error_code);
}

/* GETs the script @name at @version (0: no version, with @query_tail if any). */
static void
get_script (RdDemoService *service,
            Auth           auth,
            const char    *name,
            guint          version,
            Answer        *answer)
{
  g_autofree char *query = version != 0 ? version_query (version) : NULL;
  g_autofree char *path = item_path ("scripts", name, query);

  get (service, auth, NULL, path, answer);
}

static void
get_job (RdDemoService *service,
         Auth           auth,
         const char    *name,
         guint          version,
         Answer        *answer)
{
  g_autofree char *query = version != 0 ? version_query (version) : NULL;
  g_autofree char *path = item_path ("jobs", name, query);

  get (service, auth, NULL, path, answer);
}

/* Scripts */

static void
test_script_versions_latest_and_published (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  const char *name = "ods_订单.增量_v2";
  g_auto(Answer) answer = { 0 };
  g_autofree char *path = NULL;

  rd_demo_service_add_script_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, name, 1,
                                      SCRIPT_JSON ("SELECT 1;"));
  rd_demo_service_add_script_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, name, 2,
                                      SCRIPT_JSON ("SELECT 2;"));
  rd_demo_service_set_published_script_version (service, RD_DEMO_PROJECT_ID,
                                                RD_DEMO_WORKSPACE_ID, name, 1);

  /* "version" is the latest submitted one, whichever was asked for. */
  get_script (service, AUTH_TOKEN, name, 1, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (answer_string (&answer, "content"), ==, "SELECT 1;");
  g_assert_cmpstr (answer_string (&answer, "name"), ==, name);
  g_assert_cmpstr (answer_string (&answer, "type"), ==, "HiveSQL");
  g_assert_cmpstr (answer_string (&answer, "connectionName"), ==, "mrs_hive");
  g_assert_cmpstr (answer_string (&answer, "queueName"), ==, "default");
  g_assert_nonnull (json_object_get_object_member (answer_object (&answer), "configuration"));
  g_assert_cmpint (json_object_get_int_member (answer_object (&answer), "version"), ==, 2);
  /* The path as received is escaped; the name arrives decoded. */
  g_assert_nonnull (strstr (rd_demo_service_get_last_path (service), "%E8%AE%A2%E5%8D%95.%E5%A2"));
  g_assert_cmpstr (rd_demo_service_get_last_query (service), ==, "version=1");

  /* No version: the latest; status=SAVED too. */
  get_script (service, AUTH_TOKEN, name, 0, &answer);
  g_assert_cmpstr (answer_string (&answer, "content"), ==, "SELECT 2;");
  path = item_path ("scripts", name, "status=SAVED");
  get (service, AUTH_TOKEN, NULL, path, &answer);
  g_assert_cmpstr (answer_string (&answer, "content"), ==, "SELECT 2;");
  g_clear_pointer (&path, g_free);

  /* PUBLISHED: the production copy, still "version" 2. */
  path = item_path ("scripts", name, "status=PUBLISHED");
  get (service, AUTH_TOKEN, NULL, path, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (answer_string (&answer, "content"), ==, "SELECT 1;");
  g_assert_cmpint (json_object_get_int_member (answer_object (&answer), "version"), ==, 2);
  g_clear_pointer (&path, g_free);

  /* A version wins over status. */
  path = item_path ("scripts", name, "status=PUBLISHED&version=2");
  get (service, AUTH_TOKEN, NULL, path, &answer);
  g_assert_cmpstr (answer_string (&answer, "content"), ==, "SELECT 2;");
}

static void
test_script_not_found_and_purged (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  const char *name = "dim_门店.维表";
  g_auto(Answer) answer = { 0 };
  g_autofree char *published = item_path ("scripts", name, "status=PUBLISHED");

  get_script (service, AUTH_TOKEN, "no_such_script", 0, &answer);
  assert_no_such_script (&answer);
  g_assert_null (json_object_get_member (answer_object (&answer), "error_code"));

  rd_demo_service_add_script_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, name, 1,
                                      SCRIPT_JSON ("SELECT 'v1';"));
  rd_demo_service_add_script_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, name, 3,
                                      SCRIPT_JSON ("SELECT 'v3';"));

  get_script (service, AUTH_TOKEN, name, 2, &answer);
  assert_no_such_script (&answer);
  get_script (service, AUTH_TOKEN, name, 0, &answer);
  g_assert_cmpstr (answer_string (&answer, "content"), ==, "SELECT 'v3';");

  /* No published copy yet. */
  get (service, AUTH_TOKEN, NULL, published, &answer);
  assert_no_such_script (&answer);

  rd_demo_service_set_published_script_version (service, RD_DEMO_PROJECT_ID,
                                                RD_DEMO_WORKSPACE_ID, name, 1);
  rd_demo_service_purge_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                 RD_DEMO_ITEM_SCRIPT, name, 1);
  get_script (service, AUTH_TOKEN, name, 1, &answer);
  assert_no_such_script (&answer);

  /* The published copy stays. */
  get (service, AUTH_TOKEN, NULL, published, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (answer_string (&answer, "content"), ==, "SELECT 'v1';");
  g_assert_cmpint (json_object_get_int_member (answer_object (&answer), "version"), ==, 3);
}

static void
test_script_bad_parameters (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  const char *queries[] = { "version=abc", "version=-1", "version=", "status=DRAFT" };
  g_auto(Answer) answer = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *path = item_path ("scripts", "dws_订单_日汇总", queries[i]);

      get (service, AUTH_TOKEN, NULL, path, &answer);
      assert_error (&answer, 400, "DLF.1010");
    }
}

/* An escaped "/" stays inside the name; an unescaped one is another path. */
static void
test_script_escaped_slash (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(Answer) answer = { 0 };

  rd_demo_service_add_script_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                      "报表/日汇总.sql", 1, SCRIPT_JSON ("SELECT 'slash';"));

  get_script (service, AUTH_TOKEN, "报表/日汇总.sql", 1, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (answer_string (&answer, "content"), ==, "SELECT 'slash';");
  g_assert_nonnull (strstr (rd_demo_service_get_last_path (service), "%2F"));

  get_script (service, AUTH_AK_SK, "报表/日汇总.sql", 1, &answer);
  g_assert_cmpuint (answer.status, ==, 200);

  get (service, AUTH_TOKEN, NULL,
       V1_PREFIX "/scripts/%E6%8A%A5%E8%A1%A8/%E6%97%A5%E6%B1%87%E6%80%BB.sql?version=1",
       &answer);
  assert_error (&answer, 404, "APIG.0101");
}

/* Jobs */

static void
test_job_versions_and_errors (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  const char *name = "dws_会员.标签_日更新";
  g_auto(Answer) answer = { 0 };
  JsonObject *node;

  rd_demo_service_add_job_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, name, 1,
                                   JOB_JSON ("0 0 2 * * ?"));
  rd_demo_service_add_job_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, name, 2,
                                   JOB_JSON ("0 30 2 * * ?"));

  get_job (service, AUTH_TOKEN, name, 1, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (answer_string (&answer, "name"), ==, name);
  /* A string, the version served. */
  g_assert_cmpstr (answer_string (&answer, "version"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (
                           json_object_get_object_member (answer_object (&answer), "schedule"),
                           "cron"),
                       "expression"),
                   ==, "0 0 2 * * ?");
  node = json_array_get_object_element (
      json_object_get_array_member (answer_object (&answer), "nodes"), 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (node, "location"),
                                                  "x"),
                   ==, "10.0");

  get_job (service, AUTH_TOKEN, name, 0, &answer);
  g_assert_cmpstr (answer_string (&answer, "version"), ==, "2");

  get_job (service, AUTH_TOKEN, "no_such_job", 0, &answer);
  assert_error (&answer, 400, "DLF.0100");
  g_assert_cmpstr (answer_string (&answer, "error_msg"), ==, "The job does not exist.");
  g_assert_null (json_object_get_member (answer_object (&answer), "errors"));

  get_job (service, AUTH_TOKEN, name, 7, &answer);
  assert_error (&answer, 400, "DLF.0100");

  rd_demo_service_purge_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                 RD_DEMO_ITEM_JOB, name, 1);
  get_job (service, AUTH_TOKEN, name, 1, &answer);
  assert_error (&answer, 400, "DLF.0100");
  get_job (service, AUTH_TOKEN, name, 2, &answer);
  g_assert_cmpuint (answer.status, ==, 200);

  /* dependencies= is accepted. */
  {
    g_autofree char *path = item_path ("jobs", name, "version=2&dependencies=true");

    get (service, AUTH_TOKEN, NULL, path, &answer);
    g_assert_cmpuint (answer.status, ==, 200);
  }
}

/* Resources */

static void
test_resources_list_paging_and_filter (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(Answer) answer = { 0 };
  const char *bad[] = {
    "limit=0", "limit=1001", "limit=x", "offset=-1", "offset=1.5", "limit=",
  };
  JsonArray *resources;

  /* The other workspace has no sample resources. */
  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *json = g_strdup_printf (
          "{\"name\":\"%s_%02u.jar\",\"type\":\"jar\",\"location\":\"obs://dlf/%02u.jar\","
          "\"dependFiles\":[],\"desc\":\"\",\"directory\":\"/r\"}",
          i % 5 == 0 ? "udf_订单" : "udf_common", i, i);
      g_autofree char *id = rd_demo_service_add_resource (service, RD_DEMO_PROJECT_ID,
                                                          RD_DEMO_OTHER_WORKSPACE, json);

      g_assert_cmpuint (strlen (id), ==, 32);
    }

  get (service, AUTH_TOKEN, RD_DEMO_OTHER_WORKSPACE, V1_PREFIX "/resources", &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (answer_object (&answer), "total"), ==, 25);
  resources = json_object_get_array_member (answer_object (&answer), "resources");
  g_assert_cmpuint (json_array_get_length (resources), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (resources, 0),
                                                  "name"),
                   ==, "udf_订单_00.jar");

  /* offset counts records. */
  get (service, AUTH_TOKEN, RD_DEMO_OTHER_WORKSPACE, V1_PREFIX "/resources?limit=10&offset=21",
       &answer);
  resources = json_object_get_array_member (answer_object (&answer), "resources");
  g_assert_cmpuint (json_array_get_length (resources), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (resources, 0),
                                                  "name"),
                   ==, "udf_common_21.jar");
  g_assert_cmpint (json_object_get_int_member (answer_object (&answer), "total"), ==, 25);

  get (service, AUTH_TOKEN, RD_DEMO_OTHER_WORKSPACE, V1_PREFIX "/resources?offset=100", &answer);
  g_assert_cmpuint (json_array_get_length (
                        json_object_get_array_member (answer_object (&answer), "resources")),
                    ==, 0);

  /* A case-sensitive substring, escaped in the query. */
  get (service, AUTH_TOKEN, RD_DEMO_OTHER_WORKSPACE,
       V1_PREFIX "/resources?resourceName=%E8%AE%A2%E5%8D%95&limit=1000", &answer);
  g_assert_cmpint (json_object_get_int_member (answer_object (&answer), "total"), ==, 5);
  get (service, AUTH_TOKEN, RD_DEMO_OTHER_WORKSPACE, V1_PREFIX "/resources?resourceName=UDF",
       &answer);
  g_assert_cmpint (json_object_get_int_member (answer_object (&answer), "total"), ==, 0);
  get (service, AUTH_AK_SK, RD_DEMO_OTHER_WORKSPACE,
       V1_PREFIX "/resources?resourceName=common_1&limit=2&offset=1", &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (answer_object (&answer), "total"), ==, 8);
  resources = json_object_get_array_member (answer_object (&answer), "resources");
  g_assert_cmpuint (json_array_get_length (resources), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (resources, 0),
                                                  "name"),
                   ==, "udf_common_12.jar");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strconcat (V1_PREFIX "/resources?", bad[i], NULL);

      get (service, AUTH_TOKEN, RD_DEMO_OTHER_WORKSPACE, path, &answer);
      assert_error (&answer, 400, "DLF.1010");
    }
}

static void
test_resource_detail (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(Answer) answer = { 0 };
  g_autofree char *id = rd_demo_service_add_resource (
      service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
      "{\"id\":\"ignored\",\"name\":\"节假日.csv\",\"type\":\"file\","
      "\"location\":\"obs://dlf/节假日.csv\",\"dependFiles\":[\"obs://dlf/a.csv\"],"
      "\"desc\":\"holidays\",\"directory\":\"/resources\"}");
  g_autofree char *path = g_strconcat (V1_PREFIX "/resources/", id, NULL);
  JsonObject *object;

  g_assert_cmpstr (id, !=, "ignored");
  get (service, AUTH_TOKEN, NULL, path, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  object = answer_object (&answer);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "节假日.csv");
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "file");
  g_assert_cmpstr (json_object_get_string_member (object, "desc"), ==, "holidays");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "dependFiles")),
                    ==, 1);

  get (service, AUTH_AK_SK, NULL, path, &answer);
  g_assert_cmpuint (answer.status, ==, 200);

  get (service, AUTH_TOKEN, NULL, V1_PREFIX "/resources/ff808081000000000000000000000000",
       &answer);
  assert_error (&answer, 400, "DLF.6241");
  g_assert_cmpstr (answer_string (&answer, "error_msg"), ==,
                   "The resource information does not exist.");

  /* Another workspace's resource is unknown here. */
  get (service, AUTH_TOKEN, RD_DEMO_OTHER_WORKSPACE, path, &answer);
  assert_error (&answer, 400, "DLF.6241");
}

/* The gateway, workspaces and faults */

#define GATEWAY_NAME "gw_订单.检查"

static void
add_gateway_script (RdDemoService *service)
{
  rd_demo_service_add_script_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                      GATEWAY_NAME, 4, SCRIPT_JSON ("SELECT 4;"));
}

static void
test_gateway_checks (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(Answer) answer = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *path = item_path ("scripts", GATEWAY_NAME, "version=4");
  g_autoptr(GPtrArray) requests = NULL;
  const RdDemoRequest *last;

  add_gateway_script (service);
  /* Signed, with the query and a Chinese name. */
  rd_demo_service_clear_requests (service);
  get (service, AUTH_AK_SK, RD_DEMO_WORKSPACE_ID, path, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  requests = rd_demo_service_dup_requests (service);
  last = g_ptr_array_index (requests, requests->len - 1);
  g_assert_cmpstr (last->credential, ==, "ak:" RD_DEMO_ACCESS_KEY);
  g_assert_cmpstr (last->query, ==, "version=4");

  /* No credentials at all. */
  {
    g_autofree char *url = g_strconcat (rd_demo_service_get_url (service), path, NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    GAsyncResult *result = NULL;
    g_autoptr(GBytes) bytes = NULL;

    soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, rd_test_on_result,
                                      &result);
    WAIT_UNTIL (result != NULL);
    bytes = soup_session_send_and_read_finish (session, result, NULL);
    g_object_unref (result);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  }
}

/* The query is signed: one changed after signing fails the check. */
static void
test_gateway_query_is_signed (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *path = item_path ("scripts", GATEWAY_NAME, "version=4");
  g_autofree char *url = g_strconcat (rd_demo_service_get_url (service), path, NULL);
  g_autofree char *tampered = g_strconcat (rd_demo_service_get_url (service), path, "3", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", tampered);
  g_autoptr(SoupMessage) signer = soup_message_new ("GET", url);
  const char *host = rd_test_url_authority (rd_demo_service_get_url (service));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = rd_signer_format_date (now);
  const char *headers[] = { "host", host, "x-sdk-date", date, NULL };
  g_autofree char *authorization =
      rd_signer_sign (RD_DEMO_ACCESS_KEY, RD_DEMO_SECRET_KEY, "GET",
                      g_uri_get_path (soup_message_get_uri (signer)),
                      g_uri_get_query (soup_message_get_uri (signer)), headers, NULL);
  SoupMessageHeaders *request_headers = soup_message_get_request_headers (msg);
  GAsyncResult *result = NULL;
  g_autoptr(GBytes) bytes = NULL;

  add_gateway_script (service);
  soup_message_headers_replace (request_headers, "Host", host);
  soup_message_headers_replace (request_headers, "X-Sdk-Date", date);
  soup_message_headers_replace (request_headers, "Authorization", authorization);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, rd_test_on_result,
                                    &result);
  WAIT_UNTIL (result != NULL);
  bytes = soup_session_send_and_read_finish (session, result, NULL);
  g_object_unref (result);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "APIG.0301"));
}

static void
test_workspaces (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(Answer) answer = { 0 };
  g_auto(Answer) v2 = { 0 };
  const char *name = "ws_订单.脚本";
  g_autofree char *path = item_path ("scripts", name, NULL);
  g_autofree char *job = item_path ("jobs", name, NULL);

  rd_demo_service_add_script_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_OTHER_WORKSPACE,
                                      name, 1, SCRIPT_JSON ("SELECT 'other';"));

  /* No header: the default workspace, which does not have it. */
  get (service, AUTH_TOKEN, NULL, path, &answer);
  assert_no_such_script (&answer);
  get (service, AUTH_TOKEN, RD_DEMO_OTHER_WORKSPACE, path, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (answer_string (&answer, "content"), ==, "SELECT 'other';");
  get (service, AUTH_AK_SK, RD_DEMO_OTHER_WORKSPACE, path, &answer);
  g_assert_cmpuint (answer.status, ==, 200);

  /* An unknown workspace: the same error as a V2 route, on every V1 route. */
  get (service, AUTH_TOKEN, "00000000000000000000000000000000",
       "/v2/" RD_DEMO_PROJECT_ID "/factory/release-packages/4", &v2);
  g_assert_cmpuint (v2.status, ==, 400);
  get (service, AUTH_TOKEN, "00000000000000000000000000000000", path, &answer);
  assert_error (&answer, 400, answer_string (&v2, "error_code"));
  g_assert_cmpstr (answer_string (&answer, "error_msg"), ==, answer_string (&v2, "error_msg"));
  get (service, AUTH_TOKEN, "00000000000000000000000000000000", job, &answer);
  assert_error (&answer, 400, answer_string (&v2, "error_code"));
  get (service, AUTH_TOKEN, "00000000000000000000000000000000", V1_PREFIX "/resources", &answer);
  assert_error (&answer, 400, answer_string (&v2, "error_code"));

  /* A workspace made known by the test API. */
  rd_demo_service_add_job_version (service, "0123456789abcdef0123456789abcdef", "feedface", "j",
                                   1, JOB_JSON ("0 0 * * * ?"));
  get (service, AUTH_TOKEN, NULL, "/v1/0123456789abcdef0123456789abcdef/jobs/j", &answer);
  g_assert_cmpuint (answer.status, ==, 200);
}

static void
test_faults (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(Answer) answer = { 0 };
  g_autofree char *path = item_path ("jobs", GATEWAY_NAME, "version=6");
  RdDemoFault delay = { .kind = RD_DEMO_FAULT_DELAY, .delay_ms = 200 };
  g_autoptr(GPtrArray) requests = NULL;
  gint64 started;

  rd_demo_service_add_job_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                   GATEWAY_NAME, 6, JOB_JSON ("0 0 3 * * ?"));
  rd_demo_service_clear_requests (service);
  rd_test_push_status (service, 429, NULL, "2");
  get (service, AUTH_TOKEN, NULL, path, &answer);
  assert_error (&answer, 429, "APIG.0308");
  g_assert_cmpstr (answer.retry_after, ==, "2");

  get (service, AUTH_TOKEN, NULL, path, &answer);
  g_assert_cmpuint (answer.status, ==, 200);

  rd_demo_service_push_fault (service, &delay);
  started = g_get_monotonic_time ();
  get (service, AUTH_TOKEN, NULL, V1_PREFIX "/resources", &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 200 * 1000);

  requests = rd_demo_service_dup_requests (service);
  g_assert_cmpuint (requests->len, ==, 3);
  for (guint i = 0; i < 2; i++)
    {
      const RdDemoRequest *request = g_ptr_array_index (requests, i);

      g_assert_cmpstr (request->method, ==, "GET");
      g_assert_true (g_str_has_suffix (request->path, "/jobs/gw_%E8%AE%A2%E5%8D%95.%E6%A3%80"
                                                      "%E6%9F%A5"));
      g_assert_cmpstr (request->query, ==, "version=6");
    }
}

/* The sample data */

typedef struct
{
  int         task_type;     /* 1 job, 2 script, 3 resource */
  int         update_type;   /* 1 add, 2 modify, 3 delete */
  const char *name;
  guint       deployed;
  guint       pending;
} Curated;

/* What the review package holds with versions behind it. */
static const Curated curated[] = {
  { 2, 2, "dws_订单_日汇总", 3, 4 },
  { 2, 2, "dq_订单_完整性校验", 1, 2 },
  { 2, 1, "销售日报.汇总", 0, 1 },
  { 1, 2, "dws_订单_日汇总", 5, 6 },
  { 1, 3, "ads_订单_异常监控", 4, 5 },
  { 2, 3, "dim_门店_维表_初始化", 1, 2 },
  { 3, 1, "udf_订单号脱敏.jar", 0, 1 },
};

static JsonObject *
find_task (JsonArray  *tasks,
           int         task_type,
           const char *name)
{
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);

      if (json_object_get_int_member (task, "task_type") == task_type &&
          g_strcmp0 (json_object_get_string_member (task, "item_name"), name) == 0)
        return task;
    }

  return NULL;
}

static JsonArray *
get_package_tasks (RdDemoService *service,
                   const char    *package_id,
                   Answer        *answer)
{
  g_autofree char *path =
      g_strconcat ("/v2/" RD_DEMO_PROJECT_ID "/factory/release-packages/", package_id, NULL);

  get (service, AUTH_TOKEN, NULL, path, answer);
  g_assert_cmpuint (answer->status, ==, 200);

  return json_object_get_array_member (answer_object (answer), "task_details");
}

/* The resource named exactly @name, found through the list as a client would. */
static char *
find_resource_id (RdDemoService *service,
                  const char    *name)
{
  g_autofree char *escaped = rd_signer_escape (name);
  g_autofree char *path = g_strconcat (V1_PREFIX "/resources?limit=1000&resourceName=", escaped,
                                       NULL);
  g_auto(Answer) answer = { 0 };
  JsonArray *resources;

  get (service, AUTH_AK_SK, NULL, path, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  resources = json_object_get_array_member (answer_object (&answer), "resources");
  for (guint i = 0; i < json_array_get_length (resources); i++)
    {
      JsonObject *resource = json_array_get_object_element (resources, i);

      if (g_strcmp0 (json_object_get_string_member (resource, "name"), name) == 0)
        return g_strdup (json_object_get_string_member (resource, "id"));
    }

  return NULL;
}

/* Every curated task of the review package opens: both sides where they exist, and the
 * purged ones answer their not-found error (the deleted script's PUBLISHED copy stays). */
static void
test_review_package_resolves (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(Answer) package = { 0 };
  g_auto(Answer) before = { 0 };
  g_auto(Answer) after = { 0 };
  JsonArray *tasks = get_package_tasks (service, RD_DEMO_REVIEW_PACKAGE_ID, &package);

  for (guint i = 0; i < G_N_ELEMENTS (curated); i++)
    {
      const Curated *c = &curated[i];
      JsonObject *task = find_task (tasks, c->task_type, c->name);

      g_test_message ("task %d %s", c->task_type, c->name);
      g_assert_nonnull (task);
      g_assert_cmpint (json_object_get_int_member (task, "update_type"), ==, c->update_type);
      g_assert_cmpint (json_object_get_int_member (task, "deployed_version"), ==, c->deployed);
      g_assert_cmpint (json_object_get_int_member (task, "pending_version"), ==, c->pending);

      if (c->task_type == 2)
        {
          if (c->update_type != 3)
            {
              get_script (service, AUTH_TOKEN, c->name, c->pending, &after);
              g_assert_cmpuint (after.status, ==, 200);
              g_assert_cmpstr (answer_string (&after, "name"), ==, c->name);
              g_assert_cmpstr (answer_string (&after, "id"), ==,
                               json_object_get_string_member (task, "script_id"));
              g_assert_cmpuint (strlen (answer_string (&after, "content")), >, 0);
            }

          if (c->deployed == 0)
            continue;

          get_script (service, AUTH_AK_SK, c->name, c->deployed, &before);
          if (c->update_type == 3)
            {
              g_autofree char *published = item_path ("scripts", c->name, "status=PUBLISHED");

              assert_no_such_script (&before);
              get (service, AUTH_AK_SK, NULL, published, &before);
            }
          g_assert_cmpuint (before.status, ==, 200);
          g_assert_cmpuint (strlen (answer_string (&before, "content")), >, 0);
          if (c->update_type == 2)
            g_assert_cmpstr (answer_string (&before, "content"), !=,
                             answer_string (&after, "content"));
        }
      else if (c->task_type == 1)
        {
          if (c->update_type != 3)
            {
              g_autofree char *version = g_strdup_printf ("%u", c->pending);

              get_job (service, AUTH_TOKEN, c->name, c->pending, &after);
              g_assert_cmpuint (after.status, ==, 200);
              g_assert_cmpstr (answer_string (&after, "version"), ==, version);
            }

          get_job (service, AUTH_AK_SK, c->name, c->deployed, &before);
          if (c->update_type == 3)
            assert_error (&before, 400, "DLF.0100");
          else
            g_assert_cmpuint (before.status, ==, 200);
        }
      else
        {
          g_autofree char *id = find_resource_id (service, c->name);
          g_autofree char *path = NULL;

          g_assert_nonnull (id);
          path = g_strconcat (V1_PREFIX "/resources/", id, NULL);
          get (service, AUTH_TOKEN, NULL, path, &after);
          g_assert_cmpuint (after.status, ==, 200);
          g_assert_cmpstr (answer_string (&after, "name"), ==, c->name);
          g_assert_cmpstr (answer_string (&after, "type"), ==, "jar");
          g_assert_true (g_str_has_prefix (answer_string (&after, "location"), "obs://"));
        }
    }
}

/* The review package's other tasks open too, with plainer versions. */
static void
test_review_package_every_task_opens (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(Answer) package = { 0 };
  g_auto(Answer) answer = { 0 };
  JsonArray *tasks = get_package_tasks (service, RD_DEMO_REVIEW_PACKAGE_ID, &package);

  g_assert_cmpuint (json_array_get_length (tasks), ==, 25);
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);
      const char *name = json_object_get_string_member (task, "item_name");
      int task_type = json_object_get_int_member (task, "task_type");
      int update_type = json_object_get_int_member (task, "update_type");
      guint versions[] = {
        json_object_get_int_member (task, "deployed_version"),
        update_type == 3 ? 0 : json_object_get_int_member (task, "pending_version"),
      };
      gboolean purged = update_type == 3;   /* both deleted tasks are purged on purpose */

      g_test_message ("task %d %s", task_type, name);
      if (task_type == 3)
        {
          g_autofree char *id = find_resource_id (service, name);

          g_assert_nonnull (id);
          continue;
        }

      for (guint j = 0; j < G_N_ELEMENTS (versions); j++)
        {
          if (versions[j] == 0)
            continue;

          if (task_type == 2)
            get_script (service, AUTH_TOKEN, name, versions[j], &answer);
          else
            get_job (service, AUTH_TOKEN, name, versions[j], &answer);

          if (purged && j == 0 && task_type == 2)
            assert_no_such_script (&answer);
          else if (purged && j == 0)
            assert_error (&answer, 400, "DLF.0100");
          else
            g_assert_cmpuint (answer.status, ==, 200);
        }
    }
}

/* What changed between the versions is what the package claims. */
static void
test_review_package_changes (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(Answer) before = { 0 };
  g_auto(Answer) after = { 0 };
  g_auto(Answer) answer = { 0 };
  JsonObject *configuration;
  JsonObject *cron;

  get_script (service, AUTH_TOKEN, "dws_订单_日汇总", 3, &before);
  get_script (service, AUTH_TOKEN, "dws_订单_日汇总", 4, &after);
  g_assert_cmpstr (answer_string (&before, "type"), ==, "HiveSQL");
  g_assert_cmpstr (answer_string (&before, "queueName"), !=, answer_string (&after, "queueName"));
  g_assert_cmpint (json_object_get_int_member (answer_object (&before), "version"), ==, 4);
  g_assert_cmpuint (strlen (answer_string (&after, "content")), >, 8000);

  get_script (service, AUTH_TOKEN, "dq_订单_完整性校验", 1, &before);
  g_assert_cmpstr (answer_string (&before, "type"), ==, "Shell");

  get_script (service, AUTH_TOKEN, "销售日报.汇总", 1, &after);
  g_assert_cmpstr (answer_string (&after, "type"), ==, "DLISQL");
  configuration = json_object_get_object_member (answer_object (&after), "configuration");
  g_assert_cmpuint (json_object_get_size (configuration), >, 0);
  get_script (service, AUTH_TOKEN, "销售日报.汇总", 0, &answer);
  g_assert_cmpstr (answer_string (&answer, "content"), ==, answer_string (&after, "content"));

  get_job (service, AUTH_TOKEN, "dws_订单_日汇总", 5, &before);
  get_job (service, AUTH_TOKEN, "dws_订单_日汇总", 6, &after);
  cron = json_object_get_object_member (
      json_object_get_object_member (answer_object (&before), "schedule"), "cron");
  g_assert_cmpstr (json_object_get_string_member (cron, "expression"), ==, "0 30 2 * * ?");
  cron = json_object_get_object_member (
      json_object_get_object_member (answer_object (&after), "schedule"), "cron");
  g_assert_cmpstr (json_object_get_string_member (cron, "expression"), ==, "0 0 3 * * ?");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer_object (&before),
                                                                         "nodes")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer_object (&after),
                                                                         "nodes")), ==, 3);

  /* No version: the latest of the deleted script is purged, its PUBLISHED copy is not. */
  get_script (service, AUTH_TOKEN, "dim_门店_维表_初始化", 0, &answer);
  assert_no_such_script (&answer);
  get_job (service, AUTH_TOKEN, "ads_订单_异常监控", 0, &answer);
  assert_error (&answer, 400, "DLF.0100");

  /* A substring: the resource and its backup. */
  get (service, AUTH_TOKEN, NULL,
       V1_PREFIX "/resources?resourceName=udf_%E8%AE%A2%E5%8D%95%E5%8F%B7%E8%84%B1%E6%95%8F.jar",
       &answer);
  g_assert_cmpint (json_object_get_int_member (answer_object (&answer), "total"), ==, 2);
}

/* Package 4's one task, a script added in version 1. */
static void
test_package_4_resolves (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(Answer) package = { 0 };
  g_auto(Answer) answer = { 0 };
  JsonArray *tasks = get_package_tasks (service, RD_DEMO_PACKAGE_ID, &package);

  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);
      const char *name = json_object_get_string_member (task, "item_name");

      g_assert_cmpint (json_object_get_int_member (task, "task_type"), ==, 2);
      get_script (service, AUTH_TOKEN, name, json_object_get_int_member (task, "pending_version"),
                  &answer);
      g_assert_cmpuint (answer.status, ==, 200);
      g_assert_cmpstr (answer_string (&answer, "id"), ==,
                       json_object_get_string_member (task, "script_id"));
    }
}

/* The test API adds on top of the sample data, loaded first. */
static void
test_sample_data_then_test_api (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(Answer) answer = { 0 };

  rd_demo_service_add_script_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                      "dws_订单_日汇总", 5, SCRIPT_JSON ("SELECT 5;"));
  rd_demo_service_purge_version (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                                 RD_DEMO_ITEM_SCRIPT, "dws_订单_日汇总", 3);

  get_script (service, AUTH_TOKEN, "dws_订单_日汇总", 3, &answer);
  assert_no_such_script (&answer);
  get_script (service, AUTH_TOKEN, "dws_订单_日汇总", 4, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (answer_object (&answer), "version"), ==, 5);
  get_script (service, AUTH_TOKEN, "dws_订单_日汇总", 0, &answer);
  g_assert_cmpstr (answer_string (&answer, "content"), ==, "SELECT 5;");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-versions/script/latest-and-published",
                   test_script_versions_latest_and_published);
  g_test_add_func ("/demo-versions/script/not-found-and-purged", test_script_not_found_and_purged);
  g_test_add_func ("/demo-versions/script/bad-parameters", test_script_bad_parameters);
  g_test_add_func ("/demo-versions/script/escaped-slash", test_script_escaped_slash);
  g_test_add_func ("/demo-versions/job/versions-and-errors", test_job_versions_and_errors);
  g_test_add_func ("/demo-versions/resources/list", test_resources_list_paging_and_filter);
  g_test_add_func ("/demo-versions/resources/detail", test_resource_detail);
  g_test_add_func ("/demo-versions/gateway/checks", test_gateway_checks);
  g_test_add_func ("/demo-versions/gateway/query-is-signed", test_gateway_query_is_signed);
  g_test_add_func ("/demo-versions/workspaces", test_workspaces);
  g_test_add_func ("/demo-versions/faults", test_faults);
  g_test_add_func ("/demo-versions/sample/review-package-resolves", test_review_package_resolves);
  g_test_add_func ("/demo-versions/sample/review-package-every-task-opens",
                   test_review_package_every_task_opens);
  g_test_add_func ("/demo-versions/sample/review-package-changes", test_review_package_changes);
  g_test_add_func ("/demo-versions/sample/package-4-resolves", test_package_4_resolves);
  g_test_add_func ("/demo-versions/sample/then-test-api", test_sample_data_then_test_api);

  return g_test_run ();
}
