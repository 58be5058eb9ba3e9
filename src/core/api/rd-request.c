/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-request.c: the one request engine behind every RdClient call (libsoup 3, GTask). */
#define G_LOG_DOMAIN "rd-client"

#include "config.h"

#include "rd-request-private.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "rd-client-private.h"
#include "rd-http-private.h"
#include "rd-signer.h"

/* Nothing in this file may log a header, a body or a credential: the only
 * debug line is the method, the URI (which holds no secret) and the status. */

#define MAX_ATTEMPTS                3
#define READ_CHUNK_SIZE             (64 * 1024)
#define DEFAULT_RETRY_AFTER_MS      2000
#define MAX_RETRY_AFTER_MS          60000
#define MAX_RETRY_DELAY_MS          60000
#define MAX_ERROR_BODY_SIZE         (16 * 1024)
#define MAX_ERROR_BODY_DEPTH        16
#define MAX_SERVICE_MESSAGE_CHARS   500
#define JSON_CONTENT_TYPE           "application/json;charset=UTF-8"

/* RFC 6585; libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS    429

struct _RdRequest
{
  RdRequestKind       kind;
  const char         *method;
  char               *project_id;
  char               *workspace;       /* NULL for the default workspace */
  char               *package_id;      /* SHOW only, for messages */
  GUri               *uri;
  char               *uri_string;
  GBytes             *request_body;    /* NULL for none */

  RdRequestParseFunc  parse;
  GDestroyNotify      free_result;

  guint               attempt;
  gint64              deadline;        /* monotonic µs */
  gboolean            completed;
  gboolean            in_flight;       /* a send or a read has not called back yet */

  /* Cancelled by the caller's cancellable, the timeout or completion: every
   * operation in flight uses it, so each stops at once. */
  GCancellable       *cancellable;
  GSource            *timeout_source;
  GSource            *cancel_source;
  GSource            *wait_source;

  SoupMessage        *message;
  GInputStream       *stream;
  GByteArray         *body;

  RdErrorDetails     *details;         /* NULL until a request was sent */
};

RdRequest *
rd_request_new (RdRequestKind  kind,
                GUri          *uri,
                const char    *project_id,
                const char    *workspace,
                GBytes        *body)
{
  RdRequest *request;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (project_id != NULL, NULL);

  request = g_new0 (RdRequest, 1);
  request->kind = kind;
  request->method = kind == RD_REQUEST_SHOW_PACKAGE ? SOUP_METHOD_GET : SOUP_METHOD_POST;
  request->uri = g_uri_ref (uri);
  request->uri_string = g_uri_to_string (uri);
  request->project_id = g_strdup (project_id);
  request->workspace = g_strdup (workspace);
  request->request_body = body != NULL ? g_bytes_ref (body) : NULL;

  return request;
}

void
rd_request_set_package_id (RdRequest  *request,
                           const char *package_id)
{
  g_free (request->package_id);
  request->package_id = g_strdup (package_id);
}

void
rd_request_set_parser (RdRequest          *request,
                       RdRequestParseFunc  parse,
                       GDestroyNotify      free_result)
{
  request->parse = parse;
  request->free_result = free_result;
}

/* Gives up the body stream without reading the rest: with the request's
 * cancellable already cancelled, libsoup drops the connection instead of
 * draining it. A pending read keeps it open until its callback comes back. */
static void
request_drop_stream (RdRequest *request)
{
  if (request->stream == NULL || g_input_stream_has_pending (request->stream))
    return;

  g_cancellable_cancel (request->cancellable);
  g_input_stream_close (request->stream, request->cancellable, NULL);
  g_clear_object (&request->stream);
}

void
rd_request_free (RdRequest *request)
{
  if (request == NULL)
    return;

  rd_http_destroy_source (&request->timeout_source);
  rd_http_destroy_source (&request->cancel_source);
  rd_http_destroy_source (&request->wait_source);

  g_clear_object (&request->stream);
  g_clear_object (&request->message);
  g_clear_object (&request->cancellable);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_pointer (&request->request_body, g_bytes_unref);
  g_clear_pointer (&request->uri, g_uri_unref);
  g_clear_pointer (&request->uri_string, g_free);
  g_clear_pointer (&request->project_id, g_free);
  g_clear_pointer (&request->workspace, g_free);
  g_clear_pointer (&request->package_id, g_free);
  g_clear_pointer (&request->details, rd_error_details_free);
  g_free (request);
}

/* Stops everything still running for @task; the caller then returns its result. */
static void
request_finish (GTask *task)
{
  RdRequest *request = g_task_get_task_data (task);

  g_assert (!request->completed);

  request->completed = TRUE;
  rd_http_destroy_source (&request->timeout_source);
  rd_http_destroy_source (&request->cancel_source);
  rd_http_destroy_source (&request->wait_source);

  /* After a complete answer nothing is left to stop, and the connection
   * stays open for the next call. */
  if (request->in_flight || request->stream != NULL)
    {
      g_cancellable_cancel (request->cancellable);
      request_drop_stream (request);
    }

  g_clear_pointer (&request->body, g_byte_array_unref);
}

static void
request_return_error (GTask  *task,
                      GError *error)
{
  g_autoptr(GTask) task_ref = g_object_ref (task);

  request_finish (task);
  g_task_return_error (task, error);
}

static GError *
timeout_error (RdClient *client)
{
  guint timeout = rd_client_get_timeout (client);

  return g_error_new (RD_API_ERROR, RD_API_ERROR_TIMEOUT,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "The service did not answer within %u second",
                                   "The service did not answer within %u seconds",
                                   timeout),
                      timeout);
}

static GError *
too_large_error (RdClient *client)
{
  gsize max_size = rd_client_get_max_response_size (client);
  g_autofree char *size = NULL;

  if (max_size % (1024 * 1024) == 0)
    size = g_strdup_printf ("%" G_GSIZE_FORMAT " MiB", max_size / (1024 * 1024));
  else
    size = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

  return g_error_new (RD_API_ERROR, RD_API_ERROR_TOO_LARGE,
                      /* Translators: %s is a size such as "64 MiB" */
                      _("The answer is larger than %s, far more than any release package, "
                        "so it was refused"),
                      size);
}

static GError *
unauthorized_error (RdClient  *client,
                    RdRequest *request)
{
  RdCredentials *credentials = rd_client_get_credentials (client);
  const char *message = request->details->error_msg;

  if (rd_credentials_get_method (credentials) == RD_AUTH_METHOD_TOKEN)
    return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                                _("The token has expired or is invalid"));

  /* The gateway says which part it refused in the message's suffix; a date
   * outside its window of 15 minutes means a wrong clock, not a wrong key. */
  if (rd_http_contains_word (message, "date") || rd_http_contains_word (message, "clock") ||
      rd_http_contains_word (message, "time"))
    return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                                _("The request signature was rejected: "
                                  "check that the system clock is correct"));

  if (rd_credentials_get_security_token (credentials) != NULL &&
      rd_http_contains_word (message, "token") && rd_http_contains_word (message, "expire"))
    return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                                _("The temporary security token has expired"));

  return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                              _("The access key or secret key was rejected"));
}

static GError *
service_refused_error (const RdErrorDetails *details,
                       RdApiError            code)
{
  if (details->error_code != NULL && details->error_msg != NULL)
    return g_error_new (RD_API_ERROR, code,
                        /* Translators: the first %s is the service's own message, the second its code */
                        _("The service refused the request: %s (%s)"),
                        details->error_msg, details->error_code);

  if (details->error_code != NULL)
    return g_error_new (RD_API_ERROR, code,
                        _("The service refused the request (%s)"),
                        details->error_code);

  return g_error_new (RD_API_ERROR, code,
                      _("The service refused the request with HTTP status %u"),
                      details->http_status);
}

static GError *
not_found_error (RdRequest *request)
{
  /* Only the detail call is about one package; for the others the
   * service's own words say what it could not find. */
  if (request->kind != RD_REQUEST_SHOW_PACKAGE || request->package_id == NULL)
    return service_refused_error (request->details, RD_API_ERROR_NOT_FOUND);

  if (request->workspace != NULL)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                        /* Translators: the first %s is a package ID, the second a workspace ID */
                        _("Package %s was not found in workspace %s"),
                        request->package_id, request->workspace);

  return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                      _("Package %s was not found in the default workspace"),
                      request->package_id);
}

static GError *
forbidden_error (RdRequest *request)
{
  const char *message = NULL;

  switch (request->kind)
    {
    case RD_REQUEST_SHOW_PACKAGE:
      message = _("You do not have permission to view this package");
      break;
    case RD_REQUEST_LIST_PACKAGES:
      message = _("You do not have permission to view the release packages of this workspace");
      break;
    case RD_REQUEST_DEPLOY_PACKAGES:
      message = _("You do not have permission to release packages in this workspace");
      break;
    case RD_REQUEST_CANCEL_PACKAGES:
      message = _("You do not have permission to revoke packages in this workspace");
      break;
    default:
      g_assert_not_reached ();
    }

  return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_FORBIDDEN, message);
}

static GError *
bad_response_error (RdRequest    *request,
                    const GError *error)
{
  switch (request->kind)
    {
    case RD_REQUEST_SHOW_PACKAGE:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                          _("The service sent an answer that is not a release package: %s"),
                          error->message);
    case RD_REQUEST_LIST_PACKAGES:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                          _("The service sent an answer that is not a list of release packages: %s"),
                          error->message);
    case RD_REQUEST_DEPLOY_PACKAGES:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                          _("The service answered the release with something unexpected, "
                            "so whether it started is not known: %s"),
                          error->message);
    case RD_REQUEST_CANCEL_PACKAGES:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                          _("The service answered the revoke with something unexpected, "
                            "so whether it was done is not known: %s"),
                          error->message);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
code_is (const RdErrorDetails *details,
         const char           *code)
{
  return details->error_code != NULL && g_ascii_strcasecmp (details->error_code, code) == 0;
}

static GError *throttled_error (RdRequest *request);

/* A final error answer, after any retries. The error code decides where it is
 * known; the status decides when the body said nothing useful. */
static GError *
response_error (RdClient  *client,
                RdRequest *request)
{
  const RdErrorDetails *details = request->details;
  guint status = details->http_status;

  if (code_is (details, "DLF.0810") || code_is (details, "DLF.20810"))
    return not_found_error (request);

  if (code_is (details, "DLF.3051"))
    {
      if (request->workspace != NULL)
        return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                            /* Translators: the first %s is a workspace ID, the second a project ID */
                            _("Workspace %s was not found in project %s"),
                            request->workspace, request->project_id);

      return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                                  _("The project has no default workspace: give a workspace ID"));
    }

  if (code_is (details, "DLF.6888") || status == SOUP_STATUS_FORBIDDEN)
    return forbidden_error (request);

  if (code_is (details, "APIG.0301") || status == SOUP_STATUS_UNAUTHORIZED)
    return unauthorized_error (client, request);

  if (code_is (details, "APIG.0101") || status == SOUP_STATUS_NOT_FOUND)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_WRONG_ENDPOINT,
                        _("The service at %s does not offer this API: check the region or endpoint"),
                        rd_client_get_authority (client));

  if (code_is (details, "APIG.0308") || status == STATUS_TOO_MANY_REQUESTS)
    return throttled_error (request);

  if (status >= 500)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_SERVER,
                        _("The service is having problems (HTTP status %u): try again later"),
                        status);

  return service_refused_error (details, RD_API_ERROR_SERVICE);
}

/* Error bodies */

/* The service's text goes into a sentence and a support ticket: one line, bounded. */
static char *
dup_service_text (JsonObject *object,
                  const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;
  GString *text;
  guint n_chars = 0;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  value = json_node_get_string (node);
  if (value == NULL)
    return NULL;

  text = g_string_new (NULL);
  for (const char *p = value; *p != '\0' && n_chars < MAX_SERVICE_MESSAGE_CHARS;
       p = g_utf8_next_char (p), n_chars++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (text, g_unichar_iscntrl (c) ? ' ' : c);
    }

  g_strstrip (text->str);
  text->len = strlen (text->str);
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }

  return g_string_free (text, FALSE);
}

/* {"error_code":"DLF.0810","error_msg":"…","request_id":"…"} from the
 * service or the gateway, or {"error":{"code":…,"message":…}} from IAM.
 * Anything else leaves @details alone: the status then speaks. */
static void
read_error_body (GBytes         *body,
                 RdErrorDetails *details)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *inner;
  gsize length;
  const guint8 *data = g_bytes_get_data (body, &length);

  if (length == 0 || length > MAX_ERROR_BODY_SIZE || !rd_http_json_depth_is_sane (data, length, MAX_ERROR_BODY_DEPTH))
    return;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *)data, (gssize)length, NULL))
    return;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  object = json_node_get_object (root);
  inner = json_object_get_member (object, "error");
  if (inner != NULL && JSON_NODE_HOLDS_OBJECT (inner) &&
      !json_object_has_member (object, "error_code"))
    {
      JsonObject *error_object = json_node_get_object (inner);

      details->error_code = dup_service_text (error_object, "code");
      details->error_msg = dup_service_text (error_object, "message");
    }
  else
    {
      details->error_code = dup_service_text (object, "error_code");
      details->error_msg = dup_service_text (object, "error_msg");
    }

  if (details->request_id == NULL)
    details->request_id = dup_service_text (object, "request_id");
}

/* Retries */

static gboolean
request_may_retry (RdRequest *request)
{
  /* See RdRequestKind: only what changes nothing on the service is sent twice. */
  return request->kind == RD_REQUEST_SHOW_PACKAGE || request->kind == RD_REQUEST_LIST_PACKAGES;
}

static gboolean
status_is_retried (guint status)
{
  return status == STATUS_TOO_MANY_REQUESTS ||
         status == SOUP_STATUS_BAD_GATEWAY ||
         status == SOUP_STATUS_SERVICE_UNAVAILABLE ||
         status == SOUP_STATUS_GATEWAY_TIMEOUT;
}

/* The wait a 429 asks for in its Retry-After, a number of seconds or an HTTP
 * date (RFC 9110, section 10.2.3), in milliseconds and not capped; FALSE
 * when there is no usable header. */
static gboolean
requested_wait_ms (SoupMessage *message,
                   guint64     *wait_ms)
{
  const char *header;
  g_autofree char *value = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;
  GTimeSpan span;

  header = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                         "Retry-After");
  if (header == NULL)
    return FALSE;

  value = g_strstrip (g_strdup (header));
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &seconds, NULL))
    {
      *wait_ms = seconds > G_MAXUINT64 / 1000 ? G_MAXUINT64 : seconds * 1000;
      return TRUE;
    }

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return FALSE;

  now = g_date_time_new_now_utc ();
  span = g_date_time_difference (date, now);
  *wait_ms = span <= 0 ? 0 : (guint64) span / 1000;

  return TRUE;
}

/* How long to wait before trying again after a 429: what the service asks,
 * but never more than MAX_RETRY_AFTER_MS. */
static guint
retry_after_ms (SoupMessage *message)
{
  guint64 wait_ms;

  if (!requested_wait_ms (message, &wait_ms))
    return DEFAULT_RETRY_AFTER_MS;

  return (guint) MIN (wait_ms, (guint64) MAX_RETRY_AFTER_MS);
}

/* "24 hours", "2 minutes": a wait as a person reads it, rounded up. */
static char *
format_wait (guint64 wait_ms)
{
  guint64 seconds = wait_ms / 1000 + (wait_ms % 1000 != 0);
  guint64 minutes = seconds / 60 + (seconds % 60 != 0);
  guint64 hours = minutes / 60 + (minutes % 60 != 0);
  guint64 days = hours / 24 + (hours % 24 != 0);
  guint n;

  if (seconds < 120)
    {
      n = (guint) seconds;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", n), n);
    }

  if (minutes < 120)
    {
      n = (guint) minutes;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", n), n);
    }

  if (hours < 48)
    {
      n = (guint) hours;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", n), n);
    }

  n = (guint) MIN (days, (guint64) G_MAXUINT);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", n), n);
}

/* A final 429. When the service asked for a longer wait than the client
 * ever makes (a Retry-After of a day), the user learns how long it asked:
 * "try again in a minute" would only earn another refusal. */
static GError *
throttled_error (RdRequest *request)
{
  guint64 wait_ms;

  if (request->message != NULL &&
      request->details->http_status == STATUS_TOO_MANY_REQUESTS &&
      requested_wait_ms (request->message, &wait_ms) &&
      wait_ms > MAX_RETRY_AFTER_MS)
    {
      g_autofree char *wait = format_wait (wait_ms);

      return g_error_new (RD_API_ERROR, RD_API_ERROR_THROTTLED,
                          /* Translators: %s is a duration such as "24 hours" or "5 minutes" */
                          _("The service is receiving too many requests and asks to wait %s "
                            "before the next one: try again after that"),
                          wait);
    }

  return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_THROTTLED,
                              _("The service is receiving too many requests: try again in a minute"));
}

static guint
backoff_ms (RdClient *client,
            guint     attempt)
{
  guint64 delay = (guint64)rd_client_get_retry_delay (client) << MIN (attempt - 1, 16);

  return (guint)MIN (delay, (guint64)MAX_RETRY_DELAY_MS);
}

/* The request */

static void request_send (GTask *task);

static gboolean
on_retry_wait_done (gpointer user_data)
{
  GTask *task = user_data;
  RdRequest *request = g_task_get_task_data (task);

  g_clear_pointer (&request->wait_source, g_source_unref);
  request_send (task);

  return G_SOURCE_REMOVE;
}

/* Returns FALSE when no further attempt is allowed, or when the wait would
 * outlast the call's deadline: the caller then reports the answer as final. */
static gboolean
request_schedule_retry (GTask *task)
{
  RdClient *client = g_task_get_source_object (task);
  RdRequest *request = g_task_get_task_data (task);
  guint status = request->details->http_status;
  guint delay;

  if (request->attempt >= MAX_ATTEMPTS)
    return FALSE;

  if (status == STATUS_TOO_MANY_REQUESTS)
    delay = retry_after_ms (request->message);
  else
    delay = backoff_ms (client, request->attempt);

  if (g_get_monotonic_time () + (gint64)delay * 1000 >= request->deadline)
    return FALSE;

  g_debug ("%s %s → %u: trying again in %u ms", request->method, request->uri_string, status, delay);

  request->wait_source = g_timeout_source_new (delay);
  g_task_attach_source (task, request->wait_source, on_retry_wait_done);

  return TRUE;
}

typedef struct
{
  RdRequestParseFunc  parse;
  GDestroyNotify      free_result;
  GBytes             *body;
} ParseJob;

static void
parse_job_free (gpointer data)
{
  ParseJob *job = data;

  g_bytes_unref (job->body);
  g_free (job);
}

static void
parse_in_thread (GTask        *parse_task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ParseJob *job = task_data;
  GError *error = NULL;
  gpointer result;

  result = job->parse (job->body, &error);
  if (result == NULL)
    g_task_return_error (parse_task, error);
  else
    g_task_return_pointer (parse_task, result, job->free_result);
}

static void
on_parsed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdRequest *request = g_task_get_task_data (task);
  ParseJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gpointer value;

  value = g_task_propagate_pointer (G_TASK (result), &error);

  /* The timeout or a cancellation may have answered the caller meanwhile. */
  if (request->completed)
    {
      if (value != NULL && job->free_result != NULL)
        job->free_result (value);
      return;
    }

  if (value == NULL)
    {
      request_return_error (task, bad_response_error (request, error));
      return;
    }

  request_finish (task);
  g_task_return_pointer (task, value, job->free_result);
}

/* The body as bytes of its own size: without a length header (chunked, or
 * decoded from gzip) the array grew by doubling, and its spare half would
 * stay allocated as long as the document does. Shrinking a large block is
 * done in place by the allocator, not by a copy. */
static GBytes *
steal_body (RdRequest *request)
{
  g_autoptr(GByteArray) array = g_steal_pointer (&request->body);
  gsize size = 0;
  guint8 *data = g_byte_array_steal (array, &size);

  /* g_realloc (data, 0) frees and gives NULL: an empty GBytes. */
  return g_bytes_new_take (g_realloc (data, size), size);
}

/* The whole answer is in: decide. */
static void
request_handle_answer (GTask *task)
{
  RdClient *client = g_task_get_source_object (task);
  RdRequest *request = g_task_get_task_data (task);
  guint status = request->details->http_status;
  g_autoptr(GBytes) body = NULL;

  body = steal_body (request);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autoptr(GTask) parse_task = NULL;
      ParseJob *job;

      g_assert (request->parse != NULL);

      /* Judged by the body: a content type can say JSON over an HTML page.
       * A big package takes a second to parse: a worker thread keeps the
       * window responsive meanwhile. The parsers touch no shared state. */
      job = g_new0 (ParseJob, 1);
      job->parse = request->parse;
      job->free_result = request->free_result;
      job->body = g_steal_pointer (&body);

      parse_task = g_task_new (NULL, NULL, on_parsed, g_object_ref (task));
      g_task_set_source_tag (parse_task, parse_in_thread);
      g_task_set_task_data (parse_task, job, parse_job_free);
      g_task_run_in_thread (parse_task, parse_in_thread);
      return;
    }

  read_error_body (body, request->details);

  if (request_may_retry (request) && status_is_retried (status) && request_schedule_retry (task))
    return;

  request_return_error (task, response_error (client, request));
}

static void read_next_chunk (GTask *task);

static void
on_read_finished (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdClient *client = g_task_get_source_object (task);
  RdRequest *request = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize max_size = rd_client_get_max_response_size (client);
  gsize size;

  request->in_flight = FALSE;
  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (request->completed)
    {
      request_drop_stream (request);
      return;
    }

  if (bytes == NULL)
    {
      request_return_error (task,
                            g_error_new (RD_API_ERROR, RD_API_ERROR_NETWORK,
                                         _("The connection to %s broke while reading the answer: %s"),
                                         rd_client_get_authority (client), error->message));
      return;
    }

  size = g_bytes_get_size (bytes);
  if (size == 0)
    {
      /* At the end of the body, closing lets libsoup reuse the connection. */
      g_input_stream_close (request->stream, NULL, NULL);
      g_clear_object (&request->stream);
      request_handle_answer (task);
      return;
    }

  if (size > max_size - request->body->len)
    {
      request_return_error (task, too_large_error (client));
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (bytes, NULL), size);
  read_next_chunk (task);
}

static void
read_next_chunk (GTask *task)
{
  RdRequest *request = g_task_get_task_data (task);

  request->in_flight = TRUE;
  g_input_stream_read_bytes_async (request->stream,
                                   READ_CHUNK_SIZE,
                                   G_PRIORITY_DEFAULT,
                                   request->cancellable,
                                   on_read_finished,
                                   g_object_ref (task));
}

static void
on_send_finished (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdClient *client = g_task_get_source_object (task);
  RdRequest *request = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *request_id;
  goffset content_length;
  guint status;

  request->in_flight = FALSE;
  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);

  if (request->completed)
    {
      request->stream = g_steal_pointer (&stream);
      request_drop_stream (request);
      return;
    }

  if (stream == NULL)
    {
      g_debug ("%s %s failed: %s", request->method, request->uri_string, error->message);

      /* The connection was made and the server hung up before or in the middle
       * of its status line and headers: not a failure to connect. */
      if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
        {
          request_return_error (task,
                                g_error_new (RD_API_ERROR, RD_API_ERROR_NETWORK,
                                             _("The connection to %s broke before the answer was "
                                               "complete: %s"),
                                             rd_client_get_authority (client), error->message));
          return;
        }

      request_return_error (task, rd_http_transport_error (request->message,
                                                           rd_client_get_authority (client),
                                                           error, RD_HTTP_SENDING_REQUEST));
      return;
    }

  request->stream = g_steal_pointer (&stream);
  status = soup_message_get_status (request->message);
  headers = soup_message_get_response_headers (request->message);

  g_debug ("%s %s → %u", request->method, request->uri_string, status);

  request->details->http_status = status;
  request_id = soup_message_headers_get_one (headers, "X-Request-Id");
  if (request_id != NULL && request_id[0] != '\0')
    request->details->request_id = g_strdup (request_id);

  /* Credentials never follow a redirect: a 3xx is the end of the call. */
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      request_return_error (task,
                            g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                                         _("The service redirected to another address (HTTP status %u): "
                                           "check the region or endpoint"),
                                         status));
      return;
    }

  content_length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
    ? soup_message_headers_get_content_length (headers) : -1;
  if (content_length > (goffset) rd_client_get_max_response_size (client))
    {
      request_return_error (task, too_large_error (client));
      return;
    }

  /* Sized from the header when there is one: the answer is kept as it came for
   * the rest of the package's life (it is the document the export prints), and
   * a doubling array would hold up to twice its size and copy it on the way. */
  request->body = g_byte_array_sized_new (content_length > 0 ? (guint) content_length : 0);
  read_next_chunk (task);
}

static void
add_auth_headers (RdClient    *client,
                  RdRequest   *request,
                  SoupMessage *message)
{
  RdCredentials *credentials = rd_client_get_credentials (client);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  GUri *uri = soup_message_get_uri (message);
  const char *security_token;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *date = NULL;
  g_autofree char *authorization = NULL;
  const char *signed_headers[15];
  guint n = 0;

  if (rd_credentials_get_method (credentials) == RD_AUTH_METHOD_TOKEN)
    {
      soup_message_headers_replace (headers, "X-Auth-Token", rd_credentials_get_token (credentials));
      return;
    }

  /* A fresh date on every attempt: the gateway refuses one older than 15 minutes. */
  now = g_date_time_new_now_utc ();
  date = rd_signer_format_date (now);
  security_token = rd_credentials_get_security_token (credentials);

  /* Every header that matters is signed, so that nobody on the way can
   * change the content type the body is read as. */
  if (request->request_body != NULL)
    {
      signed_headers[n++] = "content-type";
      signed_headers[n++] = JSON_CONTENT_TYPE;
    }
  signed_headers[n++] = "host";
  signed_headers[n++] = rd_client_get_authority (client);
  signed_headers[n++] = "x-sdk-date";
  signed_headers[n++] = date;
  signed_headers[n++] = "x-project-id";
  signed_headers[n++] = request->project_id;
  if (request->workspace != NULL)
    {
      signed_headers[n++] = "workspace";
      signed_headers[n++] = request->workspace;
    }
  if (security_token != NULL)
    {
      signed_headers[n++] = "x-security-token";
      signed_headers[n++] = security_token;
    }
  signed_headers[n] = NULL;
  g_assert (n < G_N_ELEMENTS (signed_headers));

  /* The path and query exactly as libsoup puts them on the wire, and the
   * body's bytes exactly as they go out. */
  authorization = rd_signer_sign (rd_credentials_get_access_key (credentials),
                                  rd_credentials_get_secret_key (credentials),
                                  request->method,
                                  g_uri_get_path (uri),
                                  g_uri_get_query (uri),
                                  signed_headers,
                                  request->request_body);

  soup_message_headers_replace (headers, "X-Sdk-Date", date);
  soup_message_headers_replace (headers, "X-Project-Id", request->project_id);
  if (security_token != NULL)
    soup_message_headers_replace (headers, "X-Security-Token", security_token);
  soup_message_headers_replace (headers, "Authorization", authorization);
}

static void
request_send (GTask *task)
{
  RdClient *client = g_task_get_source_object (task);
  RdRequest *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  g_assert (!request->completed);
  g_assert (request->stream == NULL);

  request->attempt++;

  g_clear_object (&request->message);
  request->message = soup_message_new_from_uri (request->method, request->uri);
  soup_message_set_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);

  /* Sets Content-Type to exactly the value that is signed. */
  if (request->request_body != NULL)
    soup_message_set_request_body_from_bytes (request->message, JSON_CONTENT_TYPE,
                                              request->request_body);

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (request->workspace != NULL)
    soup_message_headers_replace (headers, "workspace", request->workspace);
  add_auth_headers (client, request, request->message);

  g_clear_pointer (&request->details, rd_error_details_free);
  request->details = g_new0 (RdErrorDetails, 1);
  request->details->method = g_strdup (request->method);
  request->details->uri = g_strdup (request->uri_string);

  request->in_flight = TRUE;
  soup_session_send_async (rd_client_get_session (client),
                           request->message,
                           G_PRIORITY_DEFAULT,
                           request->cancellable,
                           on_send_finished,
                           g_object_ref (task));
}

static gboolean
on_timeout (gpointer user_data)
{
  GTask *task = user_data;
  RdClient *client = g_task_get_source_object (task);
  RdRequest *request = g_task_get_task_data (task);

  g_debug ("%s %s: no answer within %u s", request->method, request->uri_string,
           rd_client_get_timeout (client));
  request_return_error (task, timeout_error (client));

  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  RdRequest *request = g_task_get_task_data (task);

  /* Return at once; whatever is in flight sees the request completed and
   * only cleans up. */
  request_return_error (task,
                        g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             request->kind == RD_REQUEST_SHOW_PACKAGE
                                             ? _("The lookup was cancelled")
                                             : _("The request was cancelled")));

  return G_SOURCE_REMOVE;
}

void
rd_request_start (GTask     *task,
                  RdRequest *request)
{
  RdClient *client;
  GCancellable *cancellable;
  guint timeout;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (request != NULL);
  g_return_if_fail (request->parse != NULL);

  client = g_task_get_source_object (task);
  g_return_if_fail (RD_IS_CLIENT (client));

  g_task_set_task_data (task, request, (GDestroyNotify) rd_request_free);

  if (g_task_return_error_if_cancelled (task))
    {
      request->completed = TRUE;
      return;
    }

  timeout = rd_client_get_timeout (client);
  request->cancellable = g_cancellable_new ();
  request->deadline = g_get_monotonic_time () + (gint64)timeout * G_USEC_PER_SEC;

  /* The timeout covers the whole call, retries and waits included. */
  request->timeout_source = g_timeout_source_new (timeout * 1000);
  g_task_attach_source (task, request->timeout_source, on_timeout);

  cancellable = g_task_get_cancellable (task);
  if (cancellable != NULL)
    {
      request->cancel_source = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, request->cancel_source, G_SOURCE_FUNC (on_cancelled));
    }

  request_send (task);
}

RdErrorDetails *
rd_request_dup_error_details (GTask *task)
{
  RdRequest *request;

  g_return_val_if_fail (G_IS_TASK (task), NULL);

  request = g_task_get_task_data (task);
  if (!g_task_had_error (task) || request == NULL || request->details == NULL)
    return NULL;

  return rd_error_details_copy (request->details);
}

gboolean
rd_request_got_answer (GTask *task)
{
  RdRequest *request;

  g_return_val_if_fail (G_IS_TASK (task), FALSE);

  request = g_task_get_task_data (task);

  return request != NULL && request->details != NULL && request->details->http_status != 0;
}
