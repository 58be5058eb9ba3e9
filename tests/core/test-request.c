/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-request.c: the request engine on its own, against a small in-process server: what it
 * is handed (config, headers, body, parser, words) and what it does with it. */
#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "rd-request-private.h"
#include "rd-signer.h"
#include "rd-test-util.h"

#define WAIT_SECONDS (20 * rd_test_slowdown ())

#define ACCESS_KEY "ENGINETESTACCESSKEY01"
#define SECRET_KEY "engine-test-secret-key-000000000000000"

/* The server: one handler, told what to answer per path. */

typedef struct
{
  SoupServer         *server;
  GUri               *base;
  guint               n_requests;
  SoupMessageHeaders *last_headers;
  char               *last_method;
  char               *last_path;
  GBytes             *last_body;
  GPtrArray          *statuses;    /* of /busy, in order; then 200 */
  SoupServerMessage  *held;        /* /hold, paused until the test answers it */
} Server;

static void
on_request (SoupServer        *soup_server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Server *server = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) flat = soup_message_body_flatten (body);

  server->n_requests++;
  g_clear_pointer (&server->last_headers, soup_message_headers_unref);
  server->last_headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  g_free (server->last_method);
  server->last_method = g_strdup (soup_server_message_get_method (msg));
  g_free (server->last_path);
  server->last_path = g_strdup (path);
  g_clear_pointer (&server->last_body, g_bytes_unref);
  server->last_body = g_bytes_ref (flat);

  if (g_str_equal (path, "/answer"))
    {
      soup_message_headers_replace (headers, "X-Subject-Token", "subject-token-from-a-header");
      soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, "{}", 2);
    }
  else if (g_str_equal (path, "/refused"))
    {
      static const char refused[] = "{\"error_code\":\"X.0001\",\"error_msg\":\"Not today.\"}";

      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        refused, strlen (refused));
    }
  else if (g_str_equal (path, "/large"))
    {
      g_autofree char *large = g_strnfill (2000, ' ');

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, large, 2000);
    }
  else if (g_str_equal (path, "/moved"))
    {
      soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, "/answer");
    }
  else if (g_str_equal (path, "/busy"))
    {
      guint status = SOUP_STATUS_OK;

      if (server->statuses->len > 0)
        {
          status = GPOINTER_TO_UINT (g_ptr_array_index (server->statuses, 0));
          g_ptr_array_remove_index (server->statuses, 0);
        }
      soup_message_headers_replace (headers, "X-Subject-Token", "busy-then-ready");
      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
    }
  else if (g_str_equal (path, "/hold"))
    {
      soup_server_message_pause (msg);
      server->held = msg;
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    }
}

static void
server_start (Server *server)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  server->server = soup_server_new (NULL, NULL);
  server->statuses = g_ptr_array_new ();
  soup_server_add_handler (server->server, NULL, on_request, server, NULL);
  soup_server_listen_local (server->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server->server);
  server->base = g_uri_ref (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
server_stop (Server *server)
{
  if (server->server != NULL)
    soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_clear_pointer (&server->base, g_uri_unref);
  g_clear_pointer (&server->last_headers, soup_message_headers_unref);
  g_clear_pointer (&server->last_method, g_free);
  g_clear_pointer (&server->last_path, g_free);
  g_clear_pointer (&server->last_body, g_bytes_unref);
  g_clear_pointer (&server->statuses, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Server, server_stop)

static GUri *
server_uri (Server     *server,
            const char *path)
{
  return g_uri_parse_relative (server->base, path, SOUP_HTTP_URI_FLAGS, NULL);
}

static const char *
last_header (Server     *server,
             const char *name)
{
  return soup_message_headers_get_one (server->last_headers, name);
}

/* The engine's callers */

typedef struct
{
  gboolean        done;
  char           *result;
  GError         *error;
  RdErrorDetails *details;
} Call;

static void
call_clear (Call *call)
{
  g_clear_pointer (&call->result, g_free);
  g_clear_error (&call->error);
  g_clear_pointer (&call->details, rd_error_details_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Call, call_clear)

static void
on_call_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;

  call->result = g_task_propagate_pointer (G_TASK (result), &call->error);
  call->details = rd_request_dup_error_details (G_TASK (result));
  call->done = TRUE;
}

static GThread *main_thread;

/* The answer's X-Subject-Token, read in the worker the engine parses in. */
static gpointer
parse_subject (GBytes              *body,
               SoupMessageHeaders  *headers,
               GError             **error)
{
  const char *subject = soup_message_headers_get_one (headers, "X-Subject-Token");

  g_assert_true (g_thread_self () != main_thread);

  if (subject == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no subject token here");
      return NULL;
    }

  return g_strdup (subject);
}

static gpointer
parse_nothing (GBytes              *body,
               SoupMessageHeaders  *headers,
               GError             **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not the expected document");
  return NULL;
}

static RdRequestConfig
config_for (SoupSession   *session,
            RdCredentials *credentials)
{
  RdRequestConfig config = {
    .session = session,
    .credentials = credentials,
    .timeout_seconds = 10 * rd_test_slowdown (),
    .max_response_size = 1000,
    .retry = { .max_attempts = 3, .first_delay_ms = 10 },
  };

  return config;
}

static void
call_run (Call      *call,
          RdRequest *request)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, on_call_done, call);

  rd_request_start (task, request);
  g_clear_object (&task);
  WAIT_UNTIL (call->done);
}

static RdRequest *
request_new (Server                *server,
             const RdRequestConfig *config,
             const char            *method,
             const char            *path)
{
  g_autoptr(GUri) uri = server_uri (server, path);
  RdRequest *request = rd_request_new (config, method, uri);

  rd_request_set_parser (request, parse_subject, g_free);

  return request;
}

/* Tests */

/* Without credentials nothing is signed or added; the caller's headers go out, and the
 * parser runs in a worker with the answer's headers (IAM's token is in one). */
static void
test_unsigned_sends_headers_and_parses_in_a_worker (void)
{
  g_auto(Server) server = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  RdRequestConfig config = config_for (session, NULL);
  g_auto(Call) call = { 0 };
  RdRequest *request;

  server_start (&server);
  request = request_new (&server, &config, "GET", "/answer");
  rd_request_add_header (request, "X-Engine-Test", "sent as given");
  call_run (&call, request);

  g_assert_no_error (call.error);
  g_assert_cmpstr (call.result, ==, "subject-token-from-a-header");
  g_assert_null (call.details);
  g_assert_cmpstr (server.last_method, ==, "GET");
  g_assert_cmpstr (last_header (&server, "X-Engine-Test"), ==, "sent as given");
  g_assert_cmpstr (last_header (&server, "Accept"), ==, "application/json");
  g_assert_null (last_header (&server, "Authorization"));
  g_assert_null (last_header (&server, "X-Auth-Token"));
  g_assert_null (last_header (&server, "X-Sdk-Date"));
  g_assert_null (last_header (&server, "Content-Type"));
}

/* With AK/SK, the caller's headers are signed with the engine's own (host, date,
 * content type), over the body as sent: the server's recomputation agrees. */
static void
test_ak_sk_signs_the_callers_headers (void)
{
  g_auto(Server) server = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(RdCredentials) credentials = rd_credentials_new_access_key (ACCESS_KEY, SECRET_KEY,
                                                                        NULL);
  RdRequestConfig config = config_for (session, credentials);
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"a\":1}", 7);
  g_auto(Call) call = { 0 };
  g_autofree char *access_key = NULL;
  g_auto(GStrv) signed_names = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *joined = NULL;
  g_autoptr(GPtrArray) signed_values = g_ptr_array_new ();
  g_autofree char *canonical = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  RdRequest *request;

  server_start (&server);
  request = request_new (&server, &config, "POST", "/answer");
  rd_request_add_header (request, "X-Engine-Test", "signed");
  rd_request_set_body (request, body, FALSE);
  call_run (&call, request);
  g_assert_no_error (call.error);

  rd_signer_parse_authorization (last_header (&server, "Authorization"),
                                 &access_key, &signed_names, &signature, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (access_key, ==, ACCESS_KEY);
  joined = g_strjoinv (";", signed_names);
  g_assert_cmpstr (joined, ==, "content-type;host;x-engine-test;x-sdk-date");

  for (guint i = 0; signed_names[i] != NULL; i++)
    {
      g_ptr_array_add (signed_values, signed_names[i]);
      g_ptr_array_add (signed_values, (gpointer) last_header (&server, signed_names[i]));
    }
  g_ptr_array_add (signed_values, NULL);
  canonical = rd_signer_canonical_request ("POST", "/answer", NULL,
                                           (const char **) signed_values->pdata, server.last_body);
  string_to_sign = rd_signer_string_to_sign (last_header (&server, "X-Sdk-Date"), canonical);
  expected = rd_signer_signature (SECRET_KEY, string_to_sign);
  g_assert_cmpstr (signature, ==, expected);
}

/* An API with no words of its own gets the engine's, which speak of "the service". */
static void
test_engine_words_without_an_error_func (void)
{
  g_auto(Server) server = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  RdRequestConfig config = config_for (session, NULL);
  g_auto(Call) refused = { 0 };
  g_auto(Call) large = { 0 };
  g_auto(Call) moved = { 0 };
  g_auto(Call) unreadable = { 0 };
  RdRequest *request;

  server_start (&server);

  call_run (&refused, request_new (&server, &config, "GET", "/refused"));
  g_assert_error (refused.error, RD_API_ERROR, RD_API_ERROR_SERVICE);
  g_assert_cmpstr (refused.error->message, ==,
                   "The service refused the request: Not today. (X.0001)");
  g_assert_cmpuint (refused.details->http_status, ==, 400);
  g_assert_cmpstr (refused.details->error_code, ==, "X.0001");
  g_assert_cmpstr (refused.details->method, ==, "GET");
  g_assert_true (g_str_has_suffix (refused.details->uri, "/refused"));

  call_run (&large, request_new (&server, &config, "GET", "/large"));
  g_assert_error (large.error, RD_API_ERROR, RD_API_ERROR_TOO_LARGE);
  g_assert_cmpstr (large.error->message, ==,
                   "The answer is larger than 1000 bytes, so it was refused");

  call_run (&moved, request_new (&server, &config, "GET", "/moved"));
  g_assert_error (moved.error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (moved.error->message, ==,
                   "The service redirected to another address (HTTP status 301): "
                   "check the region or endpoint");
  g_assert_cmpuint (server.n_requests, ==, 3);

  request = request_new (&server, &config, "GET", "/answer");
  rd_request_set_parser (request, parse_nothing, g_free);
  call_run (&unreadable, request);
  g_assert_error (unreadable.error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (unreadable.error->message, ==, "not the expected document");
  g_assert_cmpuint (unreadable.details->http_status, ==, 201);
}

static GError *
words_of_an_api (RdRequest        *request,
                 RdRequestFailure  failure,
                 const GError     *cause,
                 gpointer          user_data)
{
  guint *n_calls = user_data;

  (*n_calls)++;

  if (failure == RD_REQUEST_FAILED_ANSWER)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_SERVICE, "The API's own words for %u at %s",
                        rd_request_get_details (request)->http_status,
                        rd_request_get_authority (request));

  return NULL;
}

/* An API's error function speaks where it has words; the engine where it returns NULL. */
static void
test_error_func_overrides_the_engine (void)
{
  g_auto(Server) server = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  RdRequestConfig config = config_for (session, NULL);
  g_auto(Call) refused = { 0 };
  g_auto(Call) large = { 0 };
  g_autofree char *expected = NULL;
  guint n_calls = 0;
  RdRequest *request;

  server_start (&server);

  request = request_new (&server, &config, "GET", "/refused");
  rd_request_set_error_func (request, words_of_an_api, &n_calls, NULL);
  call_run (&refused, request);
  expected = g_strdup_printf ("The API's own words for 400 at 127.0.0.1:%d",
                              g_uri_get_port (server.base));
  g_assert_cmpstr (refused.error->message, ==, expected);

  request = request_new (&server, &config, "GET", "/large");
  rd_request_set_error_func (request, words_of_an_api, &n_calls, NULL);
  call_run (&large, request);
  g_assert_cmpstr (large.error->message, ==,
                   "The answer is larger than 1000 bytes, so it was refused");

  g_assert_cmpuint (n_calls, ==, 2);
}

/* 502, 503 and 504 are tried again as the config's policy says, and not at all with
 * max_attempts 1 (a release, a password). */
static void
test_retry_policy_comes_from_the_config (void)
{
  g_auto(Server) server = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  RdRequestConfig config = config_for (session, NULL);
  g_auto(Call) retried = { 0 };
  g_auto(Call) once = { 0 };

  server_start (&server);

  g_ptr_array_add (server.statuses, GUINT_TO_POINTER (SOUP_STATUS_SERVICE_UNAVAILABLE));
  g_ptr_array_add (server.statuses, GUINT_TO_POINTER (SOUP_STATUS_BAD_GATEWAY));
  call_run (&retried, request_new (&server, &config, "GET", "/busy"));
  g_assert_no_error (retried.error);
  g_assert_cmpstr (retried.result, ==, "busy-then-ready");
  g_assert_cmpuint (server.n_requests, ==, 3);

  config.retry.max_attempts = 1;
  g_ptr_array_add (server.statuses, GUINT_TO_POINTER (SOUP_STATUS_SERVICE_UNAVAILABLE));
  call_run (&once, request_new (&server, &config, "GET", "/busy"));
  g_assert_error (once.error, RD_API_ERROR, RD_API_ERROR_SERVER);
  g_assert_cmpstr (once.error->message, ==,
                   "The service is having problems (HTTP status 503): try again later");
  g_assert_cmpuint (server.n_requests, ==, 4);
}

static void
on_body_freed (gpointer data)
{
  gboolean *freed = data;

  *freed = TRUE;
}

/* A secret body (IAM's password) is let go of as soon as it has been written, while the
 * answer is still to come; an ordinary body is kept for a retry until the end. */
static void
test_secret_body_let_go_once_written (void)
{
  g_auto(Server) server = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  RdRequestConfig config = config_for (session, NULL);

  server_start (&server);
  config.retry.max_attempts = 1;

  for (guint secret = 0; secret <= 1; secret++)
    {
      static const char text[] = "{\"password\":\"only-once\"}";
      gboolean freed = FALSE;
      GBytes *body = g_bytes_new_with_free_func (text, strlen (text), on_body_freed, &freed);
      g_auto(Call) call = { 0 };
      g_autoptr(GTask) task = g_task_new (NULL, NULL, on_call_done, &call);
      RdRequest *request = request_new (&server, &config, "POST", "/hold");

      rd_request_set_body (request, body, secret);
      g_bytes_unref (body);
      server.held = NULL;
      rd_request_start (task, request);
      g_clear_object (&task);

      WAIT_UNTIL (server.held != NULL);
      g_assert_cmpmem (g_bytes_get_data (server.last_body, NULL),
                       g_bytes_get_size (server.last_body), text, strlen (text));
      if (secret)
        WAIT_UNTIL (freed);
      else
        rd_test_run_for (100);
      g_assert_true (freed == secret);
      g_assert_false (call.done);

      soup_message_headers_replace (soup_server_message_get_response_headers (server.held),
                                    "X-Subject-Token", "held");
      soup_server_message_set_status (server.held, SOUP_STATUS_OK, NULL);
      soup_server_message_unpause (server.held);
      WAIT_UNTIL (call.done);
      g_assert_no_error (call.error);
      g_assert_cmpstr (call.result, ==, "held");
      WAIT_UNTIL (freed);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

  g_test_add_func ("/request/unsigned/sends-headers-and-parses-in-a-worker",
                   test_unsigned_sends_headers_and_parses_in_a_worker);
  g_test_add_func ("/request/ak-sk/signs-the-callers-headers",
                   test_ak_sk_signs_the_callers_headers);
  g_test_add_func ("/request/errors/engine-words-without-an-error-func",
                   test_engine_words_without_an_error_func);
  g_test_add_func ("/request/errors/error-func-overrides-the-engine",
                   test_error_func_overrides_the_engine);
  g_test_add_func ("/request/retry/policy-comes-from-the-config",
                   test_retry_policy_comes_from_the_config);
  g_test_add_func ("/request/secret-body/let-go-once-written",
                   test_secret_body_let_go_once_written);

  return g_test_run ();
}
