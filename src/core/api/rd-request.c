/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-request.c: the one HTTP engine behind every API call (libsoup 3, GTask): it signs,
 * sends, caps, times out, retries, reads error bodies and parses answers in a worker thread. */
#define G_LOG_DOMAIN "rd-request"

#include "config.h"

#include "rd-request-private.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "rd-http-private.h"
#include "rd-json-check.h"
#include "rd-signer.h"

/* Nothing in this file may log a header, a body or a credential: the only
 * debug line is the method, the URI (which holds no secret) and the status. */

#define READ_CHUNK_SIZE             (64 * 1024)
#define DEFAULT_RETRY_AFTER_MS      2000
#define MAX_RETRY_AFTER_MS          60000
#define MAX_RETRY_DELAY_MS          60000
#define MAX_ERROR_BODY_SIZE         (64 * 1024)
#define MAX_ERROR_BODY_DEPTH        32
#define MAX_SERVICE_MESSAGE_CHARS   500
#define JSON_CONTENT_TYPE           "application/json;charset=UTF-8"

/* RFC 6585; libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS    429

struct _RdRequest
{
  /* What the caller asked for */
  RdRequestConfig     config;          /* holds a ref on the session and the credentials */
  const char         *method;          /* interned */
  GUri               *uri;
  char               *uri_string;
  char               *authority;
  GPtrArray          *headers;         /* name, value, name, value… */
  GBytes             *request_body;    /* NULL for none */
  gboolean            secret_body;

  RdRequestParseFunc  parse;
  GDestroyNotify      free_result;
  RdRequestErrorFunc  error_func;
  gpointer            error_data;
  GDestroyNotify      error_data_free;

  /* The call */
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
rd_request_new (const RdRequestConfig *config,
                const char            *method,
                GUri                  *uri)
{
  RdRequest *request;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (SOUP_IS_SESSION (config->session), NULL);
  g_return_val_if_fail (config->credentials == NULL || RD_IS_CREDENTIALS (config->credentials),
                        NULL);
  g_return_val_if_fail (config->timeout_seconds > 0, NULL);
  g_return_val_if_fail (config->max_response_size > 0 && config->max_response_size <= G_MAXINT32,
                        NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  request = g_new0 (RdRequest, 1);
  request->config = *config;
  g_object_ref (request->config.session);
  if (request->config.credentials != NULL)
    g_object_ref (request->config.credentials);
  request->method = g_intern_string (method);
  request->uri = g_uri_ref (uri);
  request->uri_string = g_uri_to_string (uri);
  request->authority = rd_http_dup_authority (uri);
  request->headers = g_ptr_array_new_with_free_func (g_free);

  return request;
}

void
rd_request_add_header (RdRequest  *request,
                       const char *name,
                       const char *value)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (name != NULL && value != NULL);

  g_ptr_array_add (request->headers, g_strdup (name));
  g_ptr_array_add (request->headers, g_strdup (value));
}

void
rd_request_set_body (RdRequest *request,
                     GBytes    *body,
                     gboolean   secret)
{
  g_return_if_fail (request != NULL);

  g_clear_pointer (&request->request_body, g_bytes_unref);
  request->request_body = body != NULL ? g_bytes_ref (body) : NULL;
  request->secret_body = secret;
}

void
rd_request_set_parser (RdRequest          *request,
                       RdRequestParseFunc  parse,
                       GDestroyNotify      free_result)
{
  g_return_if_fail (request != NULL);

  request->parse = parse;
  request->free_result = free_result;
}

void
rd_request_set_error_func (RdRequest          *request,
                           RdRequestErrorFunc  error_func,
                           gpointer            user_data,
                           GDestroyNotify      destroy)
{
  g_return_if_fail (request != NULL);

  if (request->error_data_free != NULL)
    request->error_data_free (request->error_data);

  request->error_func = error_func;
  request->error_data = user_data;
  request->error_data_free = destroy;
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

  if (request->error_data_free != NULL)
    request->error_data_free (request->error_data);

  g_clear_object (&request->stream);
  g_clear_object (&request->message);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->config.session);
  g_clear_object (&request->config.credentials);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_pointer (&request->request_body, g_bytes_unref);
  g_clear_pointer (&request->headers, g_ptr_array_unref);
  g_clear_pointer (&request->uri, g_uri_unref);
  g_clear_pointer (&request->uri_string, g_free);
  g_clear_pointer (&request->authority, g_free);
  g_clear_pointer (&request->details, rd_error_details_free);
  g_free (request);
}

const RdRequestConfig *
rd_request_get_config (RdRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  return &request->config;
}

const char *
rd_request_get_authority (RdRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  return request->authority;
}

const RdErrorDetails *
rd_request_get_details (RdRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  return request->details;
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

/* The engine's words, for an API that has none of its own */

GError *
rd_request_refused_error (RdRequest  *request,
                          RdApiError  code)
{
  const RdErrorDetails *details;

  g_return_val_if_fail (request != NULL && request->details != NULL, NULL);

  details = request->details;
  if (details->error_code != NULL && details->error_msg != NULL)
    return g_error_new (RD_API_ERROR, code,
                        /* Translators: the first %s is the service's own message, the second
                         * its code */
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
default_error (RdRequest        *request,
               RdRequestFailure  failure,
               const GError     *cause)
{
  guint status = request->details != NULL ? request->details->http_status : 0;
  guint timeout = request->config.timeout_seconds;
  gsize max_size = request->config.max_response_size;
  g_autofree char *size = NULL;

  switch (failure)
    {
    case RD_REQUEST_FAILED_ANSWER:
      if (status == STATUS_TOO_MANY_REQUESTS)
        return rd_request_throttled_error (request);

      if (status >= 500)
        return g_error_new (RD_API_ERROR, RD_API_ERROR_SERVER,
                            _("The service is having problems (HTTP status %u): try again later"),
                            status);

      return rd_request_refused_error (request, RD_API_ERROR_SERVICE);

    case RD_REQUEST_FAILED_UNREADABLE:
      return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE, cause->message);

    case RD_REQUEST_FAILED_TIMEOUT:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_TIMEOUT,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "The service did not answer within %u second",
                                       "The service did not answer within %u seconds",
                                       timeout),
                          timeout);

    case RD_REQUEST_FAILED_TOO_LARGE:
      size = rd_http_format_size (max_size);
      return g_error_new (RD_API_ERROR, RD_API_ERROR_TOO_LARGE,
                          /* Translators: %s is a size such as "64 MiB" */
                          _("The answer is larger than %s, so it was refused"),
                          size);

    case RD_REQUEST_FAILED_REDIRECTED:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                          _("The service redirected to another address (HTTP status %u): "
                            "check the region or endpoint"),
                          status);

    case RD_REQUEST_FAILED_CANCELLED:
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The request was cancelled"));

    default:
      g_assert_not_reached ();
    }
}

/* The API's words where it has them, the engine's otherwise. */
static GError *
request_error (RdRequest        *request,
               RdRequestFailure  failure,
               const GError     *cause)
{
  GError *error = NULL;

  if (request->error_func != NULL)
    error = request->error_func (request, failure, cause, request->error_data);

  if (error == NULL)
    error = default_error (request, failure, cause);

  g_assert (failure != RD_REQUEST_FAILED_CANCELLED ||
            g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));

  return error;
}

/* Error bodies */

/* The service's text goes into a sentence and a support ticket: one line, bounded.
 * Numbers (IAM's "code": 401) become their digits. */
static char *
dup_service_text (JsonObject *object,
                  const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;
  GString *text;
  guint n_chars = 0;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  if (json_node_get_value_type (node) != G_TYPE_STRING)
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

/* {"error_code":"DLF.0810","error_msg":"…","request_id":"…"} from the service, the
 * gateway or IAM's newer APIs, {"errors":[{"error_code":"DLF.6201","error_msg":"…"}]} from
 * DataArts Factory's V1 script calls (versions.md §6: the first is the one read), or
 * {"error":{"code":401,"message":"…"}} from IAM (Keystone). Anything else leaves @details
 * alone: the status then speaks. */
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

  if (length == 0 || length > MAX_ERROR_BODY_SIZE ||
      !rd_json_check ((const char *)data, length, MAX_ERROR_BODY_DEPTH, NULL))
    return;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *)data, (gssize)length, NULL))
    return;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  object = json_node_get_object (root);
  inner = json_object_get_member (object, "errors");
  if (inner != NULL && JSON_NODE_HOLDS_ARRAY (inner) &&
      json_array_get_length (json_node_get_array (inner)) > 0 &&
      !json_object_has_member (object, "error_code"))
    {
      JsonNode *first = json_array_get_element (json_node_get_array (inner), 0);

      if (JSON_NODE_HOLDS_OBJECT (first))
        {
          details->error_code = dup_service_text (json_node_get_object (first), "error_code");
          details->error_msg = dup_service_text (json_node_get_object (first), "error_msg");
        }
      if (details->request_id == NULL)
        details->request_id = dup_service_text (object, "request_id");
      return;
    }

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

gboolean
rd_request_get_requested_wait (RdRequest *request,
                               guint64   *wait_ms)
{
  guint64 wait;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (wait_ms != NULL, FALSE);

  if (request->message == NULL || request->details == NULL ||
      request->details->http_status != STATUS_TOO_MANY_REQUESTS ||
      !requested_wait_ms (request->message, &wait) || wait <= MAX_RETRY_AFTER_MS)
    return FALSE;

  *wait_ms = wait;
  return TRUE;
}

/* A final 429. When the service asked for a longer wait than the engine
 * ever makes (a Retry-After of a day), the user learns how long it asked. */
GError *
rd_request_throttled_error (RdRequest *request)
{
  guint64 wait_ms;

  g_return_val_if_fail (request != NULL, NULL);

  if (rd_request_get_requested_wait (request, &wait_ms))
    {
      g_autofree char *wait = rd_http_format_wait (wait_ms);

      return g_error_new (RD_API_ERROR, RD_API_ERROR_THROTTLED,
                          /* Translators: %s is a duration such as "24 hours" or "5 minutes" */
                          _("The service is receiving too many requests and asks to wait %s "
                            "before the next one: try again after that"),
                          wait);
    }

  return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_THROTTLED,
                              _("The service is receiving too many requests: "
                                "try again in a minute"));
}

static guint
backoff_ms (RdRequest *request)
{
  guint64 delay = (guint64)request->config.retry.first_delay_ms << MIN (request->attempt - 1, 16);

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
  RdRequest *request = g_task_get_task_data (task);
  guint status = request->details->http_status;
  guint delay;

  if (!status_is_retried (status) || request->attempt >= request->config.retry.max_attempts)
    return FALSE;

  if (status == STATUS_TOO_MANY_REQUESTS)
    delay = retry_after_ms (request->message);
  else
    delay = backoff_ms (request);

  if (g_get_monotonic_time () + (gint64)delay * 1000 >= request->deadline)
    return FALSE;

  g_debug ("%s %s → %u: trying again in %u ms",
           request->method, request->uri_string, status, delay);

  request->wait_source = g_timeout_source_new (delay);
  g_task_attach_source (task, request->wait_source, on_retry_wait_done);

  return TRUE;
}

typedef struct
{
  RdRequestParseFunc  parse;
  GDestroyNotify      free_result;
  GBytes             *body;
  SoupMessageHeaders *headers;
} ParseJob;

static void
parse_job_free (gpointer data)
{
  ParseJob *job = data;

  g_bytes_unref (job->body);
  soup_message_headers_unref (job->headers);
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

  result = job->parse (job->body, job->headers, &error);
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
      request_return_error (task, request_error (request, RD_REQUEST_FAILED_UNREADABLE, error));
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
  RdRequest *request = g_task_get_task_data (task);
  guint status = request->details->http_status;
  g_autoptr(GBytes) body = NULL;

  body = steal_body (request);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autoptr(GTask) parse_task = NULL;
      ParseJob *job;

      /* Judged by the body: a content type can say JSON over an HTML page.
       * A big package takes a second to parse: a worker thread keeps the
       * window responsive meanwhile. The parsers touch no shared state. */
      job = g_new0 (ParseJob, 1);
      job->parse = request->parse;
      job->free_result = request->free_result;
      job->body = g_steal_pointer (&body);
      job->headers =
        soup_message_headers_ref (soup_message_get_response_headers (request->message));

      parse_task = g_task_new (NULL, NULL, on_parsed, g_object_ref (task));
      g_task_set_source_tag (parse_task, parse_in_thread);
      g_task_set_task_data (parse_task, job, parse_job_free);
      g_task_run_in_thread (parse_task, parse_in_thread);
      return;
    }

  read_error_body (body, request->details);

  if (request_schedule_retry (task))
    return;

  request_return_error (task, request_error (request, RD_REQUEST_FAILED_ANSWER, NULL));
}

static void read_next_chunk (GTask *task);

static void
on_read_finished (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdRequest *request = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
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
                                         _("The connection to %s broke while reading the "
                                           "answer: %s"),
                                         request->authority, error->message));
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

  if (size > request->config.max_response_size - request->body->len)
    {
      request_return_error (task, request_error (request, RD_REQUEST_FAILED_TOO_LARGE, NULL));
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
  RdRequest *request = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *request_id;
  goffset content_length;
  guint status;

  request->in_flight = FALSE;
  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);

  /* A secret body that has not gone out yet never will (or went out without
   * libsoup saying so): let go of it now rather than with the message. */
  if (request->secret_body)
    soup_message_set_request_body (request->message, NULL, NULL, 0);

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
                                             request->authority, error->message));
          return;
        }

      request_return_error (task, rd_http_transport_error (request->message, request->authority,
                                                           error,
                                                           request->secret_body
                                                           ? RD_HTTP_SENDING_PASSWORD
                                                           : RD_HTTP_SENDING_REQUEST));
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
      request_return_error (task, request_error (request, RD_REQUEST_FAILED_REDIRECTED, NULL));
      return;
    }

  content_length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
    ? soup_message_headers_get_content_length (headers) : -1;
  if (content_length > (goffset) request->config.max_response_size)
    {
      request_return_error (task, request_error (request, RD_REQUEST_FAILED_TOO_LARGE, NULL));
      return;
    }

  /* Sized from the header when there is one: the answer is kept as it came for
   * the rest of the package's life (it is the document the export prints), and
   * a doubling array would hold up to twice its size and copy it on the way. */
  request->body = g_byte_array_sized_new (content_length > 0 ? (guint) content_length : 0);
  read_next_chunk (task);
}

static void
add_auth_headers (RdRequest   *request,
                  SoupMessage *message)
{
  RdCredentials *credentials = request->config.credentials;
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  GUri *uri = soup_message_get_uri (message);
  const char *security_token;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *date = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr(GPtrArray) signed_headers = NULL;

  if (credentials == NULL)
    return;

  if (rd_credentials_get_method (credentials) == RD_AUTH_METHOD_TOKEN)
    {
      soup_message_headers_replace (headers, "X-Auth-Token",
                                    rd_credentials_get_token (credentials));
      return;
    }

  /* A fresh date on every attempt: the gateway refuses one older than 15 minutes. */
  now = g_date_time_new_now_utc ();
  date = rd_signer_format_date (now);
  security_token = rd_credentials_get_security_token (credentials);

  /* Every header that matters is signed, so that nobody on the way can
   * change the content type the body is read as, or the caller's headers. */
  signed_headers = g_ptr_array_new ();
  if (request->request_body != NULL)
    {
      g_ptr_array_add (signed_headers, (gpointer) "content-type");
      g_ptr_array_add (signed_headers, (gpointer) JSON_CONTENT_TYPE);
    }
  g_ptr_array_add (signed_headers, (gpointer) "host");
  g_ptr_array_add (signed_headers, request->authority);
  g_ptr_array_add (signed_headers, (gpointer) "x-sdk-date");
  g_ptr_array_add (signed_headers, date);
  for (guint i = 0; i < request->headers->len; i++)
    g_ptr_array_add (signed_headers, g_ptr_array_index (request->headers, i));
  if (security_token != NULL)
    {
      g_ptr_array_add (signed_headers, (gpointer) "x-security-token");
      g_ptr_array_add (signed_headers, (gpointer) security_token);
    }
  g_ptr_array_add (signed_headers, NULL);

  /* The path and query exactly as libsoup puts them on the wire, and the
   * body's bytes exactly as they go out. */
  authorization = rd_signer_sign (rd_credentials_get_access_key (credentials),
                                  rd_credentials_get_secret_key (credentials),
                                  request->method,
                                  g_uri_get_path (uri),
                                  g_uri_get_query (uri),
                                  (const char **) signed_headers->pdata,
                                  request->request_body);

  soup_message_headers_replace (headers, "X-Sdk-Date", date);
  if (security_token != NULL)
    soup_message_headers_replace (headers, "X-Security-Token", security_token);
  soup_message_headers_replace (headers, "Authorization", authorization);
}

/* A secret body has gone out: the message lets go of it, and as the request
 * did so already, its bytes are wiped now, not once the answer is in. */
static void
on_wrote_secret_body (SoupMessage *message,
                      gpointer     user_data)
{
  soup_message_set_request_body (message, NULL, NULL, 0);
}

static void
request_send (GTask *task)
{
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
  for (guint i = 0; i + 1 < request->headers->len; i += 2)
    soup_message_headers_replace (headers, g_ptr_array_index (request->headers, i),
                                  g_ptr_array_index (request->headers, i + 1));
  add_auth_headers (request, request->message);

  /* Sent once (rd_request_start() checks): the message holds the only reference. */
  if (request->secret_body && request->request_body != NULL)
    {
      g_clear_pointer (&request->request_body, g_bytes_unref);
      g_signal_connect (request->message, "wrote-body", G_CALLBACK (on_wrote_secret_body), NULL);
    }

  g_clear_pointer (&request->details, rd_error_details_free);
  request->details = g_new0 (RdErrorDetails, 1);
  request->details->method = g_strdup (request->method);
  request->details->uri = g_strdup (request->uri_string);

  request->in_flight = TRUE;
  soup_session_send_async (request->config.session,
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
  RdRequest *request = g_task_get_task_data (task);

  g_debug ("%s %s: no answer within %u s", request->method, request->uri_string,
           request->config.timeout_seconds);
  request_return_error (task, request_error (request, RD_REQUEST_FAILED_TIMEOUT, NULL));

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
  request_return_error (task, request_error (request, RD_REQUEST_FAILED_CANCELLED, NULL));

  return G_SOURCE_REMOVE;
}

void
rd_request_start (GTask     *task,
                  RdRequest *request)
{
  GCancellable *cancellable;
  guint timeout;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (request != NULL);
  g_return_if_fail (request->parse != NULL);
  /* A password is sent once: its body is gone after the first attempt. */
  g_return_if_fail (!request->secret_body || request->config.retry.max_attempts <= 1);

  g_task_set_task_data (task, request, (GDestroyNotify) rd_request_free);

  if (g_task_return_error_if_cancelled (task))
    {
      request->completed = TRUE;
      return;
    }

  timeout = request->config.timeout_seconds;
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
