/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-bad-input.c: the rows of the bad-input matrix (tests/README.md) that no other core test
 * covers. */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "rd-account-store.h"
#include "rd-client.h"
#include "rd-credentials.h"
#include "rd-demo-testing.h"
#include "rd-export.h"
#include "rd-iam.h"
#include "rd-parser.h"
#include "rd-secret-store.h"
#include "sandbox-util.h"
#include "valgrind-util.h"
#include "rd-test-util.h"

/* A guard against a hang, longer under valgrind. */
#define WAIT_SECONDS (60 * rd_test_slowdown ())
#define MIB (1024 * 1024)
#define DEFAULT_LIMIT ((guint64) RD_CLIENT_DEFAULT_MAX_RESPONSE_SIZE)

#define PACKAGES_PATH "/v2/" RD_DEMO_PROJECT_ID "/factory/release-packages/"

/* {{{ Waiting without sleeping */

/* Iterates the main context until *@flag is set; fails after @seconds. */
static void
wait_for_flag_seconds (const gboolean *flag,
                       guint           seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint tick = g_timeout_add (10, rd_test_wake_up, NULL);

  while (!*flag)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (tick);
}

/* }}} */

/* {{{ Lookups */

static void
lookup_run_full (RdTestLookup *lookup,
                 RdClient     *client,
                 const char   *project_id,
                 const char   *workspace,
                 const char   *package_id)
{
  lookup->started = g_get_monotonic_time ();
  rd_client_get_package_async (client, project_id, workspace, package_id, NULL,
                               rd_test_on_lookup_done, lookup);
  wait_for_flag_seconds (&lookup->done,
                         lookup->wait_seconds > 0 ? lookup->wait_seconds : WAIT_SECONDS);
}

static void
lookup_run (RdTestLookup *lookup,
            RdClient     *client)
{
  lookup_run_full (lookup, client, RD_DEMO_PROJECT_ID, NULL, RD_DEMO_PACKAGE_ID);
}

static double
lookup_seconds (const RdTestLookup *lookup)
{
  return (lookup->finished - lookup->started) / (double) G_USEC_PER_SEC;
}

static RdClient *
new_token_client (const char *endpoint)
{
  return rd_test_new_token_client (endpoint, RD_DEMO_TOKEN);
}

static RdClient *
new_access_key_client (const char *endpoint,
                       const char *security_token)
{
  g_autoptr(RdCredentials) credentials =
    rd_credentials_new_access_key (RD_DEMO_ACCESS_KEY, RD_DEMO_SECRET_KEY, security_token);

  return rd_test_new_client (endpoint, credentials);
}

static void
push_fault (RdDemoService   *service,
            RdDemoFaultKind  kind,
            guint            status,
            const char      *body,
            const char      *content_type,
            const char      *retry_after,
            guint64          size)
{
  RdDemoFault fault = { 0 };

  fault.kind = kind;
  fault.status = status;
  fault.body = body;
  fault.content_type = content_type;
  fault.retry_after = retry_after;
  fault.size = size;
  rd_demo_service_push_fault (service, &fault);
}

/* }}} */

/* {{{ A small server of our own, for what the demo service does not do */

typedef struct
{
  SoupServer *server;
  char       *url;
  guint       n_requests;
  guint       status;
  char       *location;
  GBytes     *body;
  const char *content_encoding;
  char       *accept_encoding;   /* what the last request asked for */
  gboolean    got_token;         /* the last request carried X-Auth-Token */
} TestServer;

static void
test_server_handler (SoupServer        *server,
                     SoupServerMessage *message,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  TestServer *test_server = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  gsize size;
  const char *data = g_bytes_get_data (test_server->body, &size);

  test_server->n_requests++;
  g_free (test_server->accept_encoding);
  test_server->accept_encoding = g_strdup (soup_message_headers_get_one (request_headers,
                                                                         "Accept-Encoding"));
  test_server->got_token = soup_message_headers_get_one (request_headers, "X-Auth-Token") != NULL ||
                           soup_message_headers_get_one (request_headers, "Authorization") != NULL;

  if (test_server->location != NULL)
    soup_message_headers_replace (headers, "Location", test_server->location);
  if (test_server->content_encoding != NULL)
    soup_message_headers_replace (headers, "Content-Encoding", test_server->content_encoding);
  soup_server_message_set_status (message, test_server->status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, data, size);
}

static void
test_server_start (TestServer *test_server,
                   gboolean    tls)
{
  if (test_server->body == NULL)
    test_server->body = g_bytes_new_static ("", 0);
  test_server->server =
      rd_test_serve_local (test_server_handler, test_server, tls, &test_server->url);
}

static void
test_server_stop (TestServer *test_server)
{
  rd_test_server_stop (&test_server->server);
  g_clear_pointer (&test_server->url, g_free);
  g_clear_pointer (&test_server->location, g_free);
  g_clear_pointer (&test_server->body, g_bytes_unref);
  g_clear_pointer (&test_server->accept_encoding, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestServer, test_server_stop)

/* }}} */

/* {{{ Answers */

/* A valid document with a million members in one object and a million
 * elements in one array, about 15 MB: under the size limit, so it is read
 * and parsed, in a worker thread, in linear time. */
static void
test_answer_million_tiny_members (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (rd_demo_service_get_url (service));
  g_autoptr(GString) text = g_string_new ("{\"release_package\":{\"package_id\":\"4\","
                                          "\"package_name\":\"bomb\"},\"task_details\":[],"
                                          "\"members\":{");
  g_auto(RdTestLookup) lookup = { 0 };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *document;
  JsonObject *root;

  /* Building, sending and parsing 15 MB of tiny members takes memcheck two and a half
   * minutes of CI's twenty; smaller documents go through the same parser in test-parser. */
  RD_TEST_SKIP_UNDER_VALGRIND ("a million members is a test of size, minutes under memcheck");

  for (guint i = 0; i < 1000000; i++)
    g_string_append_printf (text, "%s\"m%u\":0", i > 0 ? "," : "", i);
  g_string_append (text, "},\"numbers\":[0");
  for (guint i = 1; i < 1000000; i++)
    g_string_append (text, ",0");
  g_string_append (text, "]}");
  g_assert_cmpuint (text->len, <, DEFAULT_LIMIT);

  /* About what the document holds, not how fast: under ASan and valgrind parsing a
   * million members takes longer than the client's default 30 s. */
  rd_client_set_timeout (client, 600);
  /* The test waits as long as the client does (its 60 s ran out under ASan on a busy machine). */
  lookup.wait_seconds = 600;
  push_fault (service, RD_DEMO_FAULT_RAW, 0, text->str, "application/json", NULL, 0);
  lookup_run (&lookup, client);

  g_assert_no_error (lookup.error);
  g_assert_cmpstr (rd_release_package_get_package_id (lookup.package), ==, "4");
  /* Unknown members survive, all of them, for the export: the document is
   * the answer itself, and json-glib finds them all in it. */
  document = rd_release_package_get_document (lookup.package);
  g_assert_cmpmem (g_bytes_get_data (document, NULL), g_bytes_get_size (document),
                   text->str, text->len);
  parser = json_parser_new ();
  json_parser_load_from_data (parser, g_bytes_get_data (document, NULL),
                              (gssize) g_bytes_get_size (document), &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (root, "members")), ==,
                    1000000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "numbers")), ==,
                    1000000);

  rd_test_drop_client (&client);
}

/* 100,000 nested brackets through the client: refused after 32 levels, not
 * recursed into, and the client works on. */
static void
test_answer_deep_nesting_through_client (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (rd_demo_service_get_url (service));
  g_autoptr(GString) text = g_string_new ("{\"release_package\":{},\"task_details\":[],\"x\":");
  g_auto(RdTestLookup) bomb = { 0 };
  g_auto(RdTestLookup) next = { 0 };

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '[');

  push_fault (service, RD_DEMO_FAULT_RAW, 0, text->str, "application/json", NULL, 0);
  lookup_run (&bomb, client);

  g_assert_error (bomb.error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (bomb.error->message, ==,
                   "The service sent an answer that is not a release package: "
                   "The answer nests deeper than 32 levels (line 1, column 76)");

  lookup_run (&next, client);
  g_assert_no_error (next.error);

  rd_test_drop_client (&client);
}

/* Exactly 64 MiB is read (and found to be no package); one byte more is
 * refused, streamed or declared, without reading on. */
static void
test_answer_size_boundary (void)
{
  static const struct {
    RdDemoFaultKind kind;
    guint64         size;
    RdApiError      code;
  } cases[] = {
    { RD_DEMO_FAULT_HUGE, DEFAULT_LIMIT, RD_API_ERROR_BAD_RESPONSE },
    { RD_DEMO_FAULT_HUGE, DEFAULT_LIMIT + 1, RD_API_ERROR_TOO_LARGE },
    { RD_DEMO_FAULT_HUGE_DECLARED, DEFAULT_LIMIT, RD_API_ERROR_BAD_RESPONSE },
    { RD_DEMO_FAULT_HUGE_DECLARED, DEFAULT_LIMIT + 1, RD_API_ERROR_TOO_LARGE },
  };
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (rd_demo_service_get_url (service));

  g_assert_cmpuint (rd_client_get_max_response_size (client), ==, 64 * MIB);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(RdTestLookup) lookup = { 0 };

      g_test_message ("%s answer of %" G_GUINT64_FORMAT " bytes",
                      cases[i].kind == RD_DEMO_FAULT_HUGE ? "chunked" : "declared", cases[i].size);
      push_fault (service, cases[i].kind, 0, NULL, NULL, NULL, cases[i].size);
      lookup_run (&lookup, client);

      g_assert_error (lookup.error, RD_API_ERROR, cases[i].code);
      if (cases[i].code == RD_API_ERROR_TOO_LARGE)
        g_assert_cmpstr (lookup.error->message, ==,
                         "The answer is larger than 64 MiB, far more than any release package, "
                         "so it was refused");
      else
        /* Read to its end and parsed: the stream is a JSON prefix that never closes. */
        g_assert_true (g_str_has_suffix (lookup.error->message, "it ends too early"));
      g_assert_cmpuint (lookup.details->http_status, ==, 200);
    }

  rd_test_drop_client (&client);
}

static GBytes *
gzip_bytes (const char *head,
            guint64     n_spaces,
            const char *tail)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autofree char *spaces = g_strnfill (MIB, ' ');
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  while (n_spaces > 0)
    {
      gsize n = (gsize) MIN (n_spaces, (guint64) MIB);

      g_output_stream_write_all (out, spaces, n, NULL, NULL, &error);
      g_assert_no_error (error);
      n_spaces -= n;
    }
  g_output_stream_write_all (out, tail, strlen (tail), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* A gzip answer is inflated as it is read, and the limit counts the inflated
 * bytes: 70 kB on the wire that inflate to a valid document of 64 MiB and
 * more are refused, while a small gzip answer is read as usual. */
static void
test_answer_gzip_inflates_past_limit (void)
{
  static const char head[] = "{\"release_package\":{\"package_id\":\"4\"},\"task_details\":[]";
  g_auto(TestServer) small = { .status = 200, .content_encoding = "gzip" };
  g_auto(TestServer) bomb = { .status = 200, .content_encoding = "gzip" };
  g_autoptr(RdClient) small_client = NULL;
  g_autoptr(RdClient) bomb_client = NULL;
  g_auto(RdTestLookup) fits = { 0 };
  g_auto(RdTestLookup) refused = { 0 };

  small.body = gzip_bytes (head, 10, "}");
  test_server_start (&small, FALSE);
  small_client = new_token_client (small.url);
  lookup_run (&fits, small_client);
  g_assert_no_error (fits.error);
  g_assert_cmpstr (rd_release_package_get_package_id (fits.package), ==, "4");
  /* libsoup's content decoder asked for it and inflated it. */
  g_assert_nonnull (small.accept_encoding);
  g_assert_nonnull (strstr (small.accept_encoding, "gzip"));

  bomb.body = gzip_bytes (head, DEFAULT_LIMIT, "}");
  g_assert_cmpuint (g_bytes_get_size (bomb.body), <, MIB);
  test_server_start (&bomb, FALSE);
  bomb_client = new_token_client (bomb.url);
  lookup_run (&refused, bomb_client);
  g_assert_error (refused.error, RD_API_ERROR, RD_API_ERROR_TOO_LARGE);
  g_assert_cmpstr (refused.error->message, ==,
                   "The answer is larger than 64 MiB, far more than any release package, "
                   "so it was refused");
  g_assert_cmpuint (bomb.n_requests, ==, 1);

  rd_test_drop_client (&small_client);
  rd_test_drop_client (&bomb_client);
}

/* The endpoint answers with a redirect to another host that would accept the
 * credentials (a demo service on "localhost", not "127.0.0.1"): nothing is
 * sent there, for a token or a signature, whatever the redirect status. */
static void
test_answer_redirect_to_another_host (void)
{
  static const guint statuses[] = { 301, 302, 303, 307, 308 };
  g_autoptr(RdDemoService) other = rd_test_start_demo_service ();
  const char *port = strrchr (rd_test_url_authority (rd_demo_service_get_url (other)), ':');
  g_autofree char *location = g_strconcat ("http://localhost", port, PACKAGES_PATH "4", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    for (guint access_key = 0; access_key < 2; access_key++)
      {
        g_auto(TestServer) redirector = { .status = statuses[i] };
        g_autoptr(RdClient) client = NULL;
        g_autofree char *expected = NULL;
        g_auto(RdTestLookup) lookup = { 0 };
        guint before = rd_demo_service_get_request_count (other);

        redirector.location = g_strdup (location);
        test_server_start (&redirector, FALSE);
        client = access_key ? new_access_key_client (redirector.url, NULL)
                            : new_token_client (redirector.url);

        lookup_run (&lookup, client);

        g_test_message ("%u with %s", statuses[i], access_key ? "AK/SK" : "a token");
        g_assert_error (lookup.error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE);
        expected = g_strdup_printf ("The service redirected to another address (HTTP status %u): "
                                    "check the region or endpoint", statuses[i]);
        g_assert_cmpstr (lookup.error->message, ==, expected);
        g_assert_cmpuint (lookup.details->http_status, ==, statuses[i]);
        /* The endpoint got the credentials once; the other host got nothing. */
        g_assert_cmpuint (redirector.n_requests, ==, 1);
        g_assert_true (redirector.got_token);
        g_assert_cmpuint (rd_demo_service_get_request_count (other), ==, before);

        rd_test_drop_client (&client);
      }

  g_assert_cmpuint (rd_demo_service_get_request_count (other), ==, 0);
}

/* A server that reads the request, starts the status line and headers, and hangs up. */
typedef struct
{
  GSocketService *service;
  char           *url;
  const char     *partial;          /* what is sent before hanging up */
  gint            n_connections;
} CutServer;

static gboolean
on_cut_run (GThreadedSocketService *service,
            GSocketConnection      *connection,
            GObject                *source_object,
            gpointer                user_data)
{
  CutServer *cut = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) request = g_string_new (NULL);
  char buffer[4096];

  g_atomic_int_inc (&cut->n_connections);

  /* A blocking read is fine here: this runs in a thread of its own. */
  while (strstr (request->str, "\r\n\r\n") == NULL)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        return TRUE;
      g_string_append_len (request, buffer, n);
    }

  g_output_stream_write_all (out, cut->partial, strlen (cut->partial), NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

static void
cut_server_start (CutServer *cut)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  cut->service = g_threaded_socket_service_new (2);
  g_socket_listener_add_address (G_SOCKET_LISTENER (cut->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (cut->service, "run", G_CALLBACK (on_cut_run), cut);
  g_socket_service_start (cut->service);

  cut->url = g_strdup_printf ("http://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
cut_server_stop (CutServer *cut)
{
  if (cut->service != NULL)
    {
      g_socket_service_stop (cut->service);
      g_socket_listener_close (G_SOCKET_LISTENER (cut->service));
    }
  g_clear_object (&cut->service);
  g_clear_pointer (&cut->url, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CutServer, cut_server_stop)

/* The server hangs up in the middle of its headers (or before its status
 * line): the user learns the connection broke, not that it could not be
 * made, and the request is not sent again by itself. */
static void
test_answer_server_closes_mid_header (void)
{
  static const char *const partials[] = {
    "HTTP/1.1 200 OK\r\nContent-Type: application/js",
    "HTTP/1.1 200 O",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (partials); i++)
    {
      g_auto(CutServer) cut = { .partial = partials[i] };
      g_autoptr(RdClient) client = NULL;
      g_autofree char *prefix = NULL;
      g_auto(RdTestLookup) lookup = { 0 };

      cut_server_start (&cut);
      client = new_token_client (cut.url);
      rd_client_set_timeout (client, 20);

      lookup_run (&lookup, client);

      g_test_message ("after “%s”: %s", partials[i], lookup.error ? lookup.error->message : "");
      g_assert_error (lookup.error, RD_API_ERROR, RD_API_ERROR_NETWORK);
      prefix = g_strdup_printf ("The connection to %s broke before the answer was complete: ",
                                rd_test_url_authority (cut.url));
      g_assert_true (g_str_has_prefix (lookup.error->message, prefix));
      /* Sent, but no HTTP answer: no status to show. */
      g_assert_cmpuint (lookup.details->http_status, ==, 0);
      /* Well before the timeout, and not sent again by itself. */
      g_assert_cmpfloat (lookup_seconds (&lookup), <, 10.0);
      g_assert_cmpint (g_atomic_int_get (&cut.n_connections), ==, 1);

      rd_test_drop_client (&client);
    }
}

static void
on_sign_in_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RdTestLookup *sign_in = user_data;   /* a lookup record serves: done, error, details, times */
  g_autoptr(RdIamToken) token = rd_iam_sign_in_finish (result, &sign_in->error);

  g_assert_null (token);
  sign_in->details = rd_iam_dup_error_details (result);
  sign_in->finished = g_get_monotonic_time ();
  sign_in->done = TRUE;
}

/* The same for the IAM sign-in, which runs on the same engine: before it did, it said it
 * "could not connect", which told the user the password never left. */
static void
test_answer_iam_server_closes_mid_header (void)
{
  static const char *const partials[] = {
    "HTTP/1.1 201 Created\r\nX-Subject-Token: MIIcut",
    "HTTP/1.1 201 Cre",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (partials); i++)
    {
      g_auto(CutServer) cut = { .partial = partials[i] };
      g_auto(RdTestLookup) sign_in = { 0 };
      g_autofree char *prefix = NULL;

      cut_server_start (&cut);
      sign_in.started = g_get_monotonic_time ();
      rd_iam_sign_in_async (cut.url, "account", "user", "password-sent-once", NULL,
                            "cn-north-4", NULL, on_sign_in_done, &sign_in);
      WAIT_UNTIL (sign_in.done);

      g_test_message ("after “%s”: %s", partials[i], sign_in.error->message);
      g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_NETWORK);
      prefix = g_strdup_printf ("The connection to %s broke before the answer was complete: ",
                                rd_test_url_authority (cut.url));
      g_assert_true (g_str_has_prefix (sign_in.error->message, prefix));
      g_assert_cmpuint (sign_in.details->http_status, ==, 0);
      g_assert_cmpfloat (lookup_seconds (&sign_in), <, 10.0);
      g_assert_cmpint (g_atomic_int_get (&cut.n_connections), ==, 1);
    }
}

/* The body decides, not the Content-Type: a valid document labelled as an
 * HTML page is shown (the other lie, HTML labelled as JSON, is
 * /client/bad-answer/json-content-type-lies). */
static void
test_answer_valid_json_labelled_html (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (rd_demo_service_get_url (service));
  g_auto(RdTestLookup) lookup = { 0 };

  push_fault (service, RD_DEMO_FAULT_RAW, 0,
              "{\"release_package\":{\"package_id\":\"4\",\"package_name\":\"labelled\"},"
              "\"task_details\":[]}",
              "text/html; charset=iso-8859-1", NULL, 0);
  lookup_run (&lookup, client);

  g_assert_no_error (lookup.error);
  g_assert_cmpstr (rd_release_package_get_package_name (lookup.package), ==, "labelled");

  rd_test_drop_client (&client);
}

/* }}} */

/* {{{ Gateway */

/* Every APIG.0301 suffix the gateway (and the demo service) sends, and what
 * the user reads; never sent a second time. */
static void
test_gateway_401_each_reason (void)
{
  static const struct {
    const char *credentials;   /* "token", "ak-sk" or "ak-sk-temporary" */
    const char *reason;
    const char *message;
  } cases[] = {
    { "token", "decrypt token fail", "The token has expired or is invalid" },
    { "token", "the token expires", "The token has expired or is invalid" },
    { "token", "the token is missing", "The token has expired or is invalid" },
    { "ak-sk", "verify aksk signature fail", "The access key or secret key was rejected" },
    { "ak-sk", "ak RDDEMOACCESSKEY00001 not exist", "The access key or secret key was rejected" },
    { "ak-sk", "the authorization header is malformed",
      "The access key or secret key was rejected" },
    { "ak-sk", "x-sdk-date is invalid",
      "The request signature was rejected: "
      "check that the system clock is correct" },
    { "ak-sk", "x-sdk-date expired",
      "The request signature was rejected: "
      "check that the system clock is correct" },
    { "ak-sk", "X-Sdk-Date expired",
      "The request signature was rejected: "
      "check that the system clock is correct" },
    { "ak-sk", "signed header workspace is missing", "The access key or secret key was rejected" },
    { "ak-sk", "x-project-id does not match the project in the URL",
      "The access key or secret key was rejected" },
    { "ak-sk-temporary", "the security token expires", "The temporary security token has expired" },
    { "ak-sk-temporary", "verify aksk signature fail",
      "The access key or secret key was rejected" },
  };
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RdClient) client = NULL;
      g_autofree char *body = NULL;
      g_autofree char *service_message = NULL;
      g_auto(RdTestLookup) lookup = { 0 };
      guint before = rd_demo_service_get_request_count (service);

      if (g_str_equal (cases[i].credentials, "token"))
        client = new_token_client (rd_demo_service_get_url (service));
      else
        client = new_access_key_client (rd_demo_service_get_url (service),
                                        g_str_equal (cases[i].credentials, "ak-sk-temporary")
                                        ? "temporary-security-token" : NULL);

      service_message = g_strconcat ("Incorrect IAM authentication information: ",
                                     cases[i].reason, NULL);
      body = g_strdup_printf ("{\"error_code\":\"APIG.0301\",\"error_msg\":\"%s\","
                              "\"request_id\":\"req-%u\"}", service_message, i);
      push_fault (service, RD_DEMO_FAULT_STATUS, 401, body, NULL, NULL, 0);

      lookup_run (&lookup, client);

      g_test_message ("%s: %s", cases[i].credentials, cases[i].reason);
      g_assert_error (lookup.error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED);
      g_assert_cmpstr (lookup.error->message, ==, cases[i].message);
      g_assert_cmpuint (lookup.details->http_status, ==, 401);
      g_assert_cmpstr (lookup.details->error_code, ==, "APIG.0301");
      /* The gateway's own words stay in the details for support. */
      g_assert_cmpstr (lookup.details->error_msg, ==, service_message);
      /* Never tried again: the gateway locks a key after a few failures. */
      g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, before + 1);

      rd_test_drop_client (&client);
    }
}

/* 403 from the gateway itself (APIG.0302), not from the service. */
static void
test_gateway_403_from_gateway (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (rd_demo_service_get_url (service));
  g_auto(RdTestLookup) lookup = { 0 };

  push_fault (service, RD_DEMO_FAULT_STATUS, 403, NULL, NULL, NULL, 0);
  lookup_run (&lookup, client);

  g_assert_error (lookup.error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN);
  g_assert_cmpstr (lookup.error->message, ==, "You do not have permission to view this package");
  g_assert_cmpstr (lookup.details->error_code, ==, "APIG.0302");
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);

  rd_test_drop_client (&client);
}

/* A Retry-After far beyond what the client waits: the call ends at once
 * (no wait of a day, no hidden retries) and the user reads how long the
 * service asked for. */
static void
test_gateway_retry_after_a_day (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_hours (now, 24);
  g_autofree char *http_date = soup_date_time_to_string (tomorrow, SOUP_DATE_HTTP);
  const struct {
    const char *retry_after;
    const char *message;
  } cases[] = {
    { "86400", "The service is receiving too many requests and asks to wait 24 hours "
               "before the next one: try again after that" },
    { http_date, "The service is receiving too many requests and asks to wait 24 hours "
                 "before the next one: try again after that" },
    { "120", "The service is receiving too many requests and asks to wait 2 minutes "
             "before the next one: try again after that" },
    { "604800", "The service is receiving too many requests and asks to wait 7 days "
                "before the next one: try again after that" },
  };
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (rd_demo_service_get_url (service));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(RdTestLookup) lookup = { 0 };
      guint before = rd_demo_service_get_request_count (service);

      g_test_message ("Retry-After: %s", cases[i].retry_after);
      push_fault (service, RD_DEMO_FAULT_STATUS, 429, NULL, NULL, cases[i].retry_after, 0);
      lookup_run (&lookup, client);

      g_assert_error (lookup.error, RD_API_ERROR, RD_API_ERROR_THROTTLED);
      g_assert_cmpstr (lookup.error->message, ==, cases[i].message);
      g_assert_cmpuint (lookup.details->http_status, ==, 429);
      g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, before + 1);
      g_assert_cmpfloat (lookup_seconds (&lookup), <, 5.0);
    }

  rd_test_drop_client (&client);
}

/* The gateway's clock (or ours) 20 minutes off: the real signature check of
 * the demo service refuses the date, and the user is pointed at the clock. */
static void
test_gateway_clock_twenty_minutes_off (void)
{
  static const gint64 offsets[] = { 20 * 60, -20 * 60 };
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_access_key_client (rd_demo_service_get_url (service), NULL);
  g_auto(RdTestLookup) within = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_auto(RdTestLookup) lookup = { 0 };
      guint before = rd_demo_service_get_request_count (service);

      rd_demo_service_set_clock_offset (service, offsets[i]);
      lookup_run (&lookup, client);

      g_assert_error (lookup.error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED);
      g_assert_cmpstr (
          lookup.error->message, ==,
          "The request signature was rejected: check that the system clock is correct");
      g_assert_cmpstr (lookup.details->error_code, ==, "APIG.0301");
      g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, before + 1);
    }

  /* Ten minutes is within the gateway's window. */
  rd_demo_service_set_clock_offset (service, 10 * 60);
  lookup_run (&within, client);
  g_assert_no_error (within.error);

  rd_test_drop_client (&client);
}

/* }}} */

/* {{{ TLS */

/* A self-signed certificate fails every call, the second as the first: no
 * exception is remembered, and the client has no setting to ignore it. */
static void
test_tls_self_signed_refused_every_time (void)
{
  g_auto(TestServer) server = { .status = 200 };
  g_autoptr(RdClient) client = NULL;
  g_autofree char *expected = NULL;

  server.body = g_bytes_new_static ("{\"release_package\":{},\"task_details\":[]}", 41);
  test_server_start (&server, TRUE);
  client = new_token_client (server.url);
  expected = g_strdup_printf ("The certificate of %s is not trusted (it is not signed by a known "
                              "authority); nothing was sent", rd_test_url_authority (server.url));

  for (guint i = 0; i < 2; i++)
    {
      g_auto(RdTestLookup) lookup = { 0 };

      lookup_run (&lookup, client);
      g_assert_error (lookup.error, RD_API_ERROR, RD_API_ERROR_TLS);
      g_assert_cmpstr (lookup.error->message, ==, expected);
    }

  /* The token never reached the server. */
  g_assert_cmpuint (server.n_requests, ==, 0);
  for (const char * const *name = (const char * const []) { "ssl-strict", "tls-interaction",
                                                            "accept-certificate", "insecure",
                                                            NULL };
       *name != NULL; name++)
    g_assert_null (g_object_class_find_property (G_OBJECT_GET_CLASS (client), *name));
  g_assert_cmpuint (g_signal_lookup ("accept-certificate", RD_TYPE_CLIENT), ==, 0);

  rd_test_drop_client (&client);
}

/* }}} */

/* {{{ User input */

/* 10,000 characters in each field (ASCII, and Chinese): refused before
 * anything is sent, and the message does not repeat them. */
static void
test_input_ten_thousand_characters (void)
{
  g_autofree char *ascii = g_strnfill (10000, '7');
  g_autoptr(GString) chinese = g_string_new (NULL);
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(RdClient) client = new_token_client (rd_demo_service_get_url (service));

  for (guint i = 0; i < 10000; i++)
    g_string_append (chinese, "包");

  for (guint field = 0; field < 3; field++)
    for (guint kind = 0; kind < 2; kind++)
      {
        const char *text = kind == 0 ? ascii : chinese->str;
        const char *project = field == 0 ? text : RD_DEMO_PROJECT_ID;
        const char *workspace = field == 1 ? text : NULL;
        const char *package = field == 2 ? text : RD_DEMO_PACKAGE_ID;
        static const char *const messages[] = {
          "Project ID is too long: at most 128 characters",
          "Workspace ID is too long: at most 128 characters",
          "Package ID is too long: at most 128 characters",
        };
        g_auto(RdTestLookup) lookup = { 0 };

        lookup_run_full (&lookup, client, project, workspace, package);

        g_assert_error (lookup.error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT);
        g_assert_cmpstr (lookup.error->message, ==, messages[field]);
        g_assert_null (lookup.details);
      }

  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 0);

  rd_test_drop_client (&client);
}

/* }}} */

/* {{{ Files */

static const char small_document[] =
  "{\"release_package\":{\"package_id\":\"4\"},\"task_details\":[]}";

static GBytes *
parse (const char *text)
{
  g_autoptr(RdReleasePackage) package = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  package = rd_parse_package_detail (bytes, &error);
  g_assert_no_error (error);

  return g_bytes_ref (rd_release_package_get_document (package));
}

/* Root writes into any folder: the child gives up root for "nobody" first,
 * so that the folder's mode bits apply as they do for a user. */
static void
become_ordinary_user (void)
{
  struct passwd *nobody;

  if (geteuid () != 0)
    return;

  nobody = getpwnam ("nobody");
  g_assert_nonnull (nobody);
  g_assert_cmpint (setgroups (0, NULL), ==, 0);
  g_assert_cmpint (setgid (nobody->pw_gid), ==, 0);
  g_assert_cmpint (setuid (nobody->pw_uid), ==, 0);
  g_assert_cmpint (geteuid (), !=, 0);
}

static void
test_export_read_only_folder (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GBytes) document = parse (small_document);
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = NULL;
      g_autofree char *path = NULL;
      g_autofree char *expected = NULL;

      become_ordinary_user ();
      dir = g_dir_make_tmp ("rd-bad-input-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "package.json", NULL);
      g_assert_true (g_file_set_contents (path, "old export\n", -1, NULL));
      /* The file itself is writable: only the folder says no. */
      g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

      g_assert_false (rd_export_to_file (document, path, &error));
      g_assert_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED);
      expected = g_strdup_printf (
          "Could not export to “%s”: you do not have permission to write there", path);
      g_assert_cmpstr (error->message, ==, expected);
      rd_test_assert_only_file (dir, path, "old export\n");

      rd_test_remove_tree (dir);
      return;
    }

  if (geteuid () == 0 && getpwnam ("nobody") == NULL)
    {
      g_test_skip ("Running as root without a “nobody” user to drop to");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A full disk, as far as a process can tell without root: a file size limit
 * with SIGXFSZ ignored makes write() fail with EFBIG part-way through. */
static void
test_export_full_disk (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GString) big = g_string_new ("{\"release_package\":{},\"task_details\":[");
      g_autoptr(GBytes) document = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = NULL;
      g_autofree char *path = NULL;
      g_autofree char *expected = NULL;
      struct rlimit limit;
      gboolean ok;

      for (guint i = 0; i < 2000; i++)
        g_string_append_printf (big, "%s{\"pending_item_id\":\"%u\"}", i ? "," : "", i);
      g_string_append (big, "]}");
      document = parse (big->str);

      dir = g_dir_make_tmp ("rd-bad-input-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "package.json", NULL);
      g_assert_true (g_file_set_contents (path, "old export\n", -1, NULL));

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      limit.rlim_cur = 4096;
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      ok = rd_export_to_file (document, path, &error);

      g_assert_false (ok);
      g_assert_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED);
      /* Not GLib's message, which names the temporary file. */
      expected = g_strdup_printf ("Could not export to “%s”: the disk is full or does not allow "
                                  "a file this large", path);
      g_assert_cmpstr (error->message, ==, expected);
      rd_test_assert_only_file (dir, path, "old export\n");

      rd_test_remove_tree (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* }}} */

/* {{{ Keyring */

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint tick = g_timeout_add (10, rd_test_wake_up, NULL);

  while (*result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);

  return *result;
}

/* Items that look like the account's secret but carry another attribute set:
 * another app's schema with the same attributes, our schema with the kind
 * missing or spelt otherwise, or another account's ID. None is ever used for
 * the account; the user is asked to enter the secret again, and the items
 * stay as they were. */
static void
test_keyring_wrong_attributes (void)
{
  static const SecretSchema other_app = {
    "org.example.OtherApp", SECRET_SCHEMA_NONE,
    { { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 } }
  };
  /* Our schema's name, but only the attributes an older version might have written. */
  const SecretSchema *ours = rd_secret_store_get_schema ();
  SecretSchema older = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-bad-input-keyring-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "accounts.ini", NULL);
  g_autoptr(RdSecretStore) secrets = rd_secret_store_new ();
  g_autoptr(RdAccountStore) store = rd_account_store_new (path, secrets);
  g_autoptr(RdAccount) account = rd_account_new ("prod");
  g_autoptr(RdAccount) neighbour = rd_account_new ("neighbour");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RdCredentials) credentials = NULL;
  g_autofree char *other_secret = NULL;
  /* libsecret 0.20.5's file backend (the one the Flatpak portal uses) matches items by
   * their attributes alone, not by schema name: there another app's item with our
   * attributes would be read (see tests/README.md). Its keyring file belongs to this app
   * alone, so only the D-Bus Secret Service, shared by every app, gets that item. */
  gboolean file_backend = g_strcmp0 (g_getenv ("SECRET_BACKEND"), "file") == 0;
  const char *id;

  g_assert_no_error (error);
  older.name = ours->name;
  older.flags = ours->flags;
  older.attributes[0] = (SecretSchemaAttribute) { "account", SECRET_SCHEMA_ATTRIBUTE_STRING };
  older.attributes[1] = (SecretSchemaAttribute) { "type", SECRET_SCHEMA_ATTRIBUTE_STRING };

  rd_account_set_region (account, "cn-north-4");
  rd_account_set_auth_method (account, RD_ACCOUNT_AUTH_TOKEN);
  g_assert_true (rd_account_store_add (store, account, &error));
  g_assert_no_error (error);
  rd_account_set_region (neighbour, "cn-north-4");
  rd_account_set_auth_method (neighbour, RD_ACCOUNT_AUTH_TOKEN);
  g_assert_true (rd_account_store_add (store, neighbour, &error));
  g_assert_no_error (error);
  id = rd_account_get_id (account);

  /* On the session's keyring, as test-accounts does: a service that cannot store is no
   * service for this test (the file backend always can). */
  if (!file_backend &&
      !secret_password_store_sync (&other_app, SECRET_COLLECTION_DEFAULT, "other app",
                                   "other-app-secret", NULL, &error,
                                   "account", id, "kind", "token", NULL))
    {
      g_autofree char *reason = g_strdup_printf ("No usable Secret Service: %s", error->message);

      g_test_skip (reason);
      g_remove (path);
      g_rmdir (dir);
      return;
    }
  g_assert_no_error (error);
  g_assert_true (secret_password_store_sync (&older, SECRET_COLLECTION_DEFAULT, "older version",
                                             "older-version-secret", NULL, &error,
                                             "account", id, "type", "token", NULL));
  g_assert_no_error (error);
  g_assert_true (secret_password_store_sync (ours, SECRET_COLLECTION_DEFAULT, "misspelt kind",
                                             "misspelt-kind-secret", NULL, &error,
                                             "account", id, "kind", "Token", NULL));
  g_assert_no_error (error);
  g_assert_true (secret_password_store_sync (ours, SECRET_COLLECTION_DEFAULT, "neighbour",
                                             "neighbour-secret", NULL, &error,
                                             "account", rd_account_get_id (neighbour),
                                             "kind", "token", NULL));
  g_assert_no_error (error);

  rd_account_store_dup_credentials_async (store, account, NULL, rd_test_on_result, &result);
  credentials = rd_account_store_dup_credentials_finish (store, wait_for_result (&result), &error);

  if (credentials != NULL)
    g_test_message ("used the secret “%s”", rd_credentials_get_token (credentials));
  g_assert_null (credentials);
  g_assert_error (error, RD_SECRET_ERROR, RD_SECRET_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "The secret for account “prod” is no longer in the keyring: enter it again");
  g_clear_error (&error);

  /* Nothing was changed or removed on the way. */
  if (!file_backend)
    {
      other_secret = secret_password_lookup_sync (&other_app, NULL, &error,
                                                  "account", id, "kind", "token", NULL);
      g_assert_no_error (error);
      g_assert_cmpstr (other_secret, ==, "other-app-secret");
      g_assert_true (secret_password_clear_sync (&other_app, NULL, &error, "account", id, NULL));
      g_assert_no_error (error);
    }

  /* Our schema's name matches the older version's items too: one clear takes both. */
  g_assert_true (secret_password_clear_sync (ours, NULL, &error, "account", id, NULL));
  g_assert_no_error (error);
  g_assert_true (secret_password_clear_sync (ours, NULL, &error,
                                             "account", rd_account_get_id (neighbour), NULL));
  g_assert_no_error (error);

  g_remove (path);
  g_rmdir (dir);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring_dir = NULL;
  g_autofree char *keyring_path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* The 'secrets' suite's run (RD_TEST_BAD_INPUT_KEYRING, below) is only about the keyring. */
  if (g_getenv ("RD_TEST_BAD_INPUT_KEYRING") != NULL)
    {
      g_autofree char *sandbox_reason = rd_test_dup_sandbox_without_bus ();

      if (sandbox_reason != NULL)
        {
          g_test_skip (sandbox_reason);
          return g_test_run ();
        }
    }

  g_test_add_func ("/bad-input/answer/million-tiny-members", test_answer_million_tiny_members);
  g_test_add_func ("/bad-input/answer/deep-nesting-through-client",
                   test_answer_deep_nesting_through_client);
  g_test_add_func ("/bad-input/answer/64-mib-plus-one-byte-refused", test_answer_size_boundary);
  g_test_add_func ("/bad-input/answer/gzip-inflating-past-limit-refused",
                   test_answer_gzip_inflates_past_limit);
  g_test_add_func ("/bad-input/answer/redirect-to-another-host-sends-nothing-there",
                   test_answer_redirect_to_another_host);
  g_test_add_func ("/bad-input/answer/server-closes-mid-header",
                   test_answer_server_closes_mid_header);
  g_test_add_func ("/bad-input/answer/iam-server-closes-mid-header",
                   test_answer_iam_server_closes_mid_header);
  g_test_add_func ("/bad-input/answer/valid-json-labelled-html-is-read",
                   test_answer_valid_json_labelled_html);
  g_test_add_func ("/bad-input/gateway/401-each-apig-0301-reason", test_gateway_401_each_reason);
  g_test_add_func ("/bad-input/gateway/403-from-the-gateway", test_gateway_403_from_gateway);
  g_test_add_func ("/bad-input/gateway/retry-after-a-day-is-not-waited-and-told",
                   test_gateway_retry_after_a_day);
  g_test_add_func ("/bad-input/gateway/clock-20-minutes-off-names-the-clock",
                   test_gateway_clock_twenty_minutes_off);
  g_test_add_func ("/bad-input/tls/self-signed-refused-every-time",
                   test_tls_self_signed_refused_every_time);
  g_test_add_func ("/bad-input/input/ten-thousand-characters-send-nothing",
                   test_input_ten_thousand_characters);
  g_test_add_func ("/bad-input/export/read-only-folder-keeps-old-file",
                   test_export_read_only_folder);
  g_test_add_func ("/bad-input/export/full-disk-keeps-old-file", test_export_full_disk);

  /* Only where a keyring of the test's own is there to write to: the 'secrets' suite runs
   * this program again with RD_TEST_BAD_INPUT_KEYRING set (see tests/meson.build). */
  if (g_getenv ("RD_TEST_BAD_INPUT_KEYRING") != NULL)
    {
      if (g_strcmp0 (g_getenv ("SECRET_BACKEND"), "file") == 0)
        {
          g_autoptr(GError) error = NULL;

          /* A fresh keyring file per run, set before libsecret reads it. */
          keyring_dir = g_dir_make_tmp ("rd-bad-input-keyring-XXXXXX", &error);
          g_assert_no_error (error);
          keyring_path = g_build_filename (keyring_dir, "keyring.file", NULL);
          g_setenv ("SECRET_FILE_TEST_PATH", keyring_path, TRUE);
        }
      g_test_add_func ("/bad-input/keyring/wrong-attribute-set-is-not-used",
                       test_keyring_wrong_attributes);
    }

  status = g_test_run ();

  /* libsecret's file backend leaves a keyring.file~ beside the file. */
  if (keyring_dir != NULL)
    rd_test_remove_tree (keyring_dir);

  return status;
}
