/* rd-client.c: the asynchronous DataArts Studio client (libsoup 3, GTask, GCancellable). */
#define G_LOG_DOMAIN "rd-client"

#include "config.h"

#include "rd-client.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "rd-http-private.h"
#include "rd-parser.h"
#include "rd-regions.h"
#include "rd-signer.h"
#include "rd-validate.h"

/* Nothing in this file may log a header, a body or a credential: the only
 * debug line is the method, the URI (which holds no secret) and the status. */

#define MAX_ATTEMPTS                3
#define READ_CHUNK_SIZE             (64 * 1024)
#define DEFAULT_RETRY_AFTER_MS      2000
#define MAX_RETRY_AFTER_MS          60000
#define MAX_RETRY_DELAY_MS          60000
#define MAX_TIMEOUT_SECONDS         (24 * 60 * 60)
#define MAX_ERROR_BODY_SIZE         (16 * 1024)
#define MAX_ERROR_BODY_DEPTH        16
#define MAX_SERVICE_MESSAGE_CHARS   500

/* RFC 6585; libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS    429

G_DEFINE_QUARK (rd-api-error-quark, rd_api_error)

/* RdErrorDetails */

G_DEFINE_BOXED_TYPE (RdErrorDetails, rd_error_details, rd_error_details_copy, rd_error_details_free)

RdErrorDetails *
rd_error_details_copy (const RdErrorDetails *details)
{
  RdErrorDetails *copy;

  g_return_val_if_fail (details != NULL, NULL);

  copy = g_new0 (RdErrorDetails, 1);
  copy->http_status = details->http_status;
  copy->error_code = g_strdup (details->error_code);
  copy->error_msg = g_strdup (details->error_msg);
  copy->request_id = g_strdup (details->request_id);
  copy->method = g_strdup (details->method);
  copy->uri = g_strdup (details->uri);

  return copy;
}

void
rd_error_details_free (RdErrorDetails *details)
{
  if (details == NULL)
    return;

  g_free (details->error_code);
  g_free (details->error_msg);
  g_free (details->request_id);
  g_free (details->method);
  g_free (details->uri);
  g_free (details);
}

static void
append_line (GString    *text,
             const char *label,
             const char *value)
{
  if (value == NULL || value[0] == '\0')
    return;

  if (text->len > 0)
    g_string_append_c (text, '\n');

  g_string_append_printf (text, "%s: %s", label, value);
}

char *
rd_error_details_format (const RdErrorDetails *details)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *status = NULL;
  g_autofree char *request = NULL;

  g_return_val_if_fail (details != NULL, NULL);

  if (details->http_status != 0)
    status = g_strdup_printf ("%u", details->http_status);

  if (details->method != NULL && details->uri != NULL)
    request = g_strdup_printf ("%s %s", details->method, details->uri);
  else if (details->uri != NULL)
    request = g_strdup (details->uri);

  append_line (text, _("HTTP status"), status);
  append_line (text, _("Error code"), details->error_code);
  append_line (text, _("Message"), details->error_msg);
  append_line (text, _("Request ID"), details->request_id);
  append_line (text, _("Request"), request);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* RdClient */

struct _RdClient
{
  GObject        parent_instance;

  char          *endpoint;
  GUri          *endpoint_uri;
  char          *authority;     /* host[:port] for messages and the signed host header */
  gboolean       loopback;
  RdCredentials *credentials;
  SoupSession   *session;

  guint          timeout;
  gsize          max_response_size;
  guint          retry_delay;
};

G_DEFINE_FINAL_TYPE (RdClient, rd_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_TIMEOUT,
  PROP_MAX_RESPONSE_SIZE,
  PROP_RETRY_DELAY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
rd_client_dispose (GObject *object)
{
  RdClient *self = (RdClient *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (rd_client_parent_class)->dispose (object);
}

static void
rd_client_finalize (GObject *object)
{
  RdClient *self = (RdClient *)object;

  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->endpoint_uri, g_uri_unref);
  g_clear_pointer (&self->authority, g_free);

  G_OBJECT_CLASS (rd_client_parent_class)->finalize (object);
}

static void
rd_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RdClient *self = RD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_MAX_RESPONSE_SIZE:
      g_value_set_uint64 (value, self->max_response_size);
      break;

    case PROP_RETRY_DELAY:
      g_value_set_uint (value, self->retry_delay);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  RdClient *self = RD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      rd_client_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_MAX_RESPONSE_SIZE:
      rd_client_set_max_response_size (self, g_value_get_uint64 (value));
      break;

    case PROP_RETRY_DELAY:
      rd_client_set_retry_delay (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_client_class_init (RdClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_client_dispose;
  object_class->finalize = rd_client_finalize;
  object_class->get_property = rd_client_get_property;
  object_class->set_property = rd_client_set_property;

  properties [PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties [PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, MAX_TIMEOUT_SECONDS, RD_CLIENT_DEFAULT_TIMEOUT_SECONDS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Bounded so that the body fits a GByteArray. */
  properties [PROP_MAX_RESPONSE_SIZE] =
    g_param_spec_uint64 ("max-response-size", NULL, NULL,
                         1, G_MAXINT32, RD_CLIENT_DEFAULT_MAX_RESPONSE_SIZE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_RETRY_DELAY] =
    g_param_spec_uint ("retry-delay", NULL, NULL,
                       0, MAX_RETRY_DELAY_MS, 1000,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_client_init (RdClient *self)
{
  self->timeout = RD_CLIENT_DEFAULT_TIMEOUT_SECONDS;
  self->max_response_size = RD_CLIENT_DEFAULT_MAX_RESPONSE_SIZE;
  self->retry_delay = 1000;

  /* No "accept-certificate" handler: an untrusted certificate fails the call. */
  self->session = soup_session_new_with_options ("user-agent", "release-desk/" PACKAGE_VERSION,
                                                 NULL);
}

/**
 * rd_client_new:
 * @endpoint: a base URL such as "https://dayu.cn-north-4.myhuaweicloud.com"
 * @credentials: the token or AK/SK to send
 * @error: return location for an %RD_API_ERROR_INVALID_INPUT error
 *
 * Returns: (transfer full) (nullable): a client, or %NULL when @endpoint is not valid
 */
RdClient *
rd_client_new (const char     *endpoint,
               RdCredentials  *credentials,
               GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *normalised = NULL;
  g_autoptr(GUri) uri = NULL;
  RdClient *self;

  g_return_val_if_fail (RD_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  normalised = rd_validate_endpoint (endpoint, &local_error);
  if (normalised == NULL)
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT, local_error->message);
      return NULL;
    }

  uri = g_uri_parse (normalised, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                           _("The endpoint URL is not valid"));
      return NULL;
    }

  self = g_object_new (RD_TYPE_CLIENT, NULL);
  self->endpoint = g_steal_pointer (&normalised);
  self->authority = rd_http_dup_authority (uri);
  self->loopback = rd_http_host_is_loopback (g_uri_get_host (uri));
  self->endpoint_uri = g_steal_pointer (&uri);
  self->credentials = g_object_ref (credentials);

  /* A system proxy must not see, or intercept, requests meant for this machine. */
  if (self->loopback)
    soup_session_set_proxy_resolver (self->session, NULL);

  return self;
}

/**
 * rd_client_new_for_region:
 * @region: a region such as "cn-north-4"
 * @credentials: the token or AK/SK to send
 * @error: return location for an %RD_API_ERROR_INVALID_INPUT error
 *
 * Returns: (transfer full) (nullable): a client for the region's DataArts endpoint
 */
RdClient *
rd_client_new_for_region (const char     *region,
                          RdCredentials  *credentials,
                          GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *checked = NULL;
  g_autofree char *endpoint = NULL;

  g_return_val_if_fail (RD_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  checked = rd_validate_region (region, &local_error);
  if (checked != NULL)
    endpoint = rd_region_dup_endpoint (checked);

  if (endpoint == NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (region != NULL ? region : ""));

      if (local_error != NULL &&
          !g_error_matches (local_error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_UNKNOWN_REGION))
        g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT, local_error->message);
      else
        g_set_error (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                     _("Unknown region “%s”: give the endpoint URL instead"), trimmed);
      return NULL;
    }

  return rd_client_new (endpoint, credentials, error);
}

const char *
rd_client_get_endpoint (RdClient *self)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);

  return self->endpoint;
}

guint
rd_client_get_timeout (RdClient *self)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), 0);

  return self->timeout;
}

void
rd_client_set_timeout (RdClient *self,
                       guint     seconds)
{
  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS);

  if (self->timeout != seconds)
    {
      self->timeout = seconds;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TIMEOUT]);
    }
}

gsize
rd_client_get_max_response_size (RdClient *self)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), 0);

  return self->max_response_size;
}

void
rd_client_set_max_response_size (RdClient *self,
                                 gsize     max_size)
{
  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (max_size > 0 && max_size <= G_MAXINT32);

  if (self->max_response_size != max_size)
    {
      self->max_response_size = max_size;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_RESPONSE_SIZE]);
    }
}

guint
rd_client_get_retry_delay (RdClient *self)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), 0);

  return self->retry_delay;
}

void
rd_client_set_retry_delay (RdClient *self,
                           guint     milliseconds)
{
  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (milliseconds <= MAX_RETRY_DELAY_MS);

  if (self->retry_delay != milliseconds)
    {
      self->retry_delay = milliseconds;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RETRY_DELAY]);
    }
}

/* One call of get_package_async: the GTask's data. */

typedef struct
{
  char           *project_id;
  char           *workspace;       /* NULL for the default workspace */
  char           *package_id;
  GUri           *uri;
  char           *uri_string;

  guint           attempt;
  gint64          deadline;        /* monotonic µs */
  gboolean        completed;
  gboolean        in_flight;       /* a send or a read has not called back yet */

  /* Cancelled by the caller's cancellable, the timeout or completion: every
   * operation in flight uses it, so each stops at once. */
  GCancellable   *cancellable;
  GSource        *timeout_source;
  GSource        *cancel_source;
  GSource        *wait_source;

  SoupMessage    *message;
  GInputStream   *stream;
  GByteArray     *body;

  RdErrorDetails *details;         /* NULL until a request was sent */
} Request;

/* Gives up the body stream without reading the rest: with the request's
 * cancellable already cancelled, libsoup drops the connection instead of
 * draining it. A pending read keeps it open until its callback comes back. */
static void
request_drop_stream (Request *request)
{
  if (request->stream == NULL || g_input_stream_has_pending (request->stream))
    return;

  g_cancellable_cancel (request->cancellable);
  g_input_stream_close (request->stream, request->cancellable, NULL);
  g_clear_object (&request->stream);
}

static void
request_free (gpointer data)
{
  Request *request = data;

  rd_http_destroy_source (&request->timeout_source);
  rd_http_destroy_source (&request->cancel_source);
  rd_http_destroy_source (&request->wait_source);

  g_clear_object (&request->stream);
  g_clear_object (&request->message);
  g_clear_object (&request->cancellable);
  g_clear_pointer (&request->body, g_byte_array_unref);
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
  Request *request = g_task_get_task_data (task);

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
timeout_error (RdClient *self)
{
  return g_error_new (RD_API_ERROR, RD_API_ERROR_TIMEOUT,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "The service did not answer within %u second",
                                   "The service did not answer within %u seconds",
                                   self->timeout),
                      self->timeout);
}

static GError *
too_large_error (RdClient *self)
{
  g_autofree char *size = NULL;

  if (self->max_response_size % (1024 * 1024) == 0)
    size = g_strdup_printf ("%" G_GSIZE_FORMAT " MiB", self->max_response_size / (1024 * 1024));
  else
    size = g_format_size_full (self->max_response_size, G_FORMAT_SIZE_IEC_UNITS);

  return g_error_new (RD_API_ERROR, RD_API_ERROR_TOO_LARGE,
                      /* Translators: %s is a size such as "64 MiB" */
                      _("The answer is larger than %s, far more than any release package, "
                        "so it was refused"),
                      size);
}

static GError *
unauthorized_error (RdClient *self,
                    Request  *request)
{
  const char *message = request->details->error_msg;

  if (rd_credentials_get_method (self->credentials) == RD_AUTH_METHOD_TOKEN)
    return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                                _("The token has expired or is invalid"));

  /* The gateway says which part it refused in the message's suffix; a date
   * outside its window of 15 minutes means a wrong clock, not a wrong key. */
  if (rd_http_contains_word (message, "date") || rd_http_contains_word (message, "clock") ||
      rd_http_contains_word (message, "time"))
    return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                                _("The request signature was rejected: "
                                  "check that the system clock is correct"));

  if (rd_credentials_get_security_token (self->credentials) != NULL &&
      rd_http_contains_word (message, "token") && rd_http_contains_word (message, "expire"))
    return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                                _("The temporary security token has expired"));

  return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                              _("The access key or secret key was rejected"));
}

static GError *
not_found_error (Request *request)
{
  if (request->workspace != NULL)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                        /* Translators: the first %s is a package ID, the second a workspace ID */
                        _("Package %s was not found in workspace %s"),
                        request->package_id, request->workspace);

  return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                      _("Package %s was not found in the default workspace"),
                      request->package_id);
}

static gboolean
code_is (const RdErrorDetails *details,
         const char           *code)
{
  return details->error_code != NULL && g_ascii_strcasecmp (details->error_code, code) == 0;
}

/* A final error answer, after any retries. The error code decides where it is
 * known; the status decides when the body said nothing useful. */
static GError *
response_error (RdClient *self,
                Request  *request)
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
    return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                                _("You do not have permission to view this package"));

  if (code_is (details, "APIG.0301") || status == SOUP_STATUS_UNAUTHORIZED)
    return unauthorized_error (self, request);

  if (code_is (details, "APIG.0101") || status == SOUP_STATUS_NOT_FOUND)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_WRONG_ENDPOINT,
                        _("The service at %s does not offer this API: check the region or endpoint"),
                        self->authority);

  if (code_is (details, "APIG.0308") || status == STATUS_TOO_MANY_REQUESTS)
    return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_THROTTLED,
                                _("The service is receiving too many requests: try again in a minute"));

  if (status >= 500)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_SERVER,
                        _("The service is having problems (HTTP status %u): try again later"),
                        status);

  if (details->error_code != NULL && details->error_msg != NULL)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_SERVICE,
                        /* Translators: the first %s is the service's own message, the second its code */
                        _("The service refused the request: %s (%s)"),
                        details->error_msg, details->error_code);

  if (details->error_code != NULL)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_SERVICE,
                        _("The service refused the request (%s)"),
                        details->error_code);

  return g_error_new (RD_API_ERROR, RD_API_ERROR_SERVICE,
                      _("The service refused the request with HTTP status %u"),
                      status);
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
status_is_retried (guint status)
{
  return status == STATUS_TOO_MANY_REQUESTS ||
         status == SOUP_STATUS_BAD_GATEWAY ||
         status == SOUP_STATUS_SERVICE_UNAVAILABLE ||
         status == SOUP_STATUS_GATEWAY_TIMEOUT;
}

/* Retry-After is a number of seconds or an HTTP date (RFC 9110, section 10.2.3). */
static guint
retry_after_ms (SoupMessage *message)
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
    return DEFAULT_RETRY_AFTER_MS;

  value = g_strstrip (g_strdup (header));
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &seconds, NULL))
    return seconds >= MAX_RETRY_AFTER_MS / 1000 ? MAX_RETRY_AFTER_MS : (guint)seconds * 1000;

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return DEFAULT_RETRY_AFTER_MS;

  now = g_date_time_new_now_utc ();
  span = g_date_time_difference (date, now);
  if (span <= 0)
    return 0;

  return span >= (GTimeSpan)MAX_RETRY_AFTER_MS * 1000 ? MAX_RETRY_AFTER_MS : (guint)(span / 1000);
}

static guint
backoff_ms (RdClient *self,
            guint     attempt)
{
  guint64 delay = (guint64)self->retry_delay << MIN (attempt - 1, 16);

  return (guint)MIN (delay, (guint64)MAX_RETRY_DELAY_MS);
}

/* The request */

static void request_send (GTask *task);

static gboolean
on_retry_wait_done (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  g_clear_pointer (&request->wait_source, g_source_unref);
  request_send (task);

  return G_SOURCE_REMOVE;
}

/* Returns FALSE when no further attempt is allowed, or when the wait would
 * outlast the call's deadline: the caller then reports the answer as final. */
static gboolean
request_schedule_retry (GTask *task)
{
  RdClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  guint status = request->details->http_status;
  guint delay;

  if (request->attempt >= MAX_ATTEMPTS)
    return FALSE;

  if (status == STATUS_TOO_MANY_REQUESTS)
    delay = retry_after_ms (request->message);
  else
    delay = backoff_ms (self, request->attempt);

  if (g_get_monotonic_time () + (gint64)delay * 1000 >= request->deadline)
    return FALSE;

  g_debug ("GET %s → %u: trying again in %u ms", request->uri_string, status, delay);

  request->wait_source = g_timeout_source_new (delay);
  g_task_attach_source (task, request->wait_source, on_retry_wait_done);

  return TRUE;
}

static void
parse_in_thread (GTask        *parse_task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GBytes *body = task_data;
  GError *error = NULL;
  RdReleasePackage *package;

  package = rd_parse_package_detail (body, &error);
  if (package == NULL)
    g_task_return_error (parse_task, error);
  else
    g_task_return_pointer (parse_task, package, g_object_unref);
}

static void
on_parsed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(RdReleasePackage) package = NULL;
  g_autoptr(GError) error = NULL;

  package = g_task_propagate_pointer (G_TASK (result), &error);

  /* The timeout or a cancellation may have answered the caller meanwhile. */
  if (request->completed)
    return;

  if (package == NULL)
    {
      request_return_error (task,
                            g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                                         _("The service sent an answer that is not a release package: %s"),
                                         error->message));
      return;
    }

  request_finish (task);
  g_task_return_pointer (task, g_steal_pointer (&package), g_object_unref);
}

/* The whole answer is in: decide. */
static void
request_handle_answer (GTask *task)
{
  RdClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  guint status = request->details->http_status;
  g_autoptr(GBytes) body = NULL;

  body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autoptr(GTask) parse_task = NULL;

      /* Judged by the body: a content type can say JSON over an HTML page.
       * A big package takes a second to parse: a worker thread keeps the
       * window responsive meanwhile. The parser touches no shared state. */
      parse_task = g_task_new (NULL, NULL, on_parsed, g_object_ref (task));
      g_task_set_source_tag (parse_task, parse_in_thread);
      g_task_set_task_data (parse_task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      g_task_run_in_thread (parse_task, parse_in_thread);
      return;
    }

  read_error_body (body, request->details);

  if (status_is_retried (status) && request_schedule_retry (task))
    return;

  request_return_error (task, response_error (self, request));
}

static void read_next_chunk (GTask *task);

static void
on_read_finished (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
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
                                         _("The connection to %s broke while reading the answer: %s"),
                                         self->authority, error->message));
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

  if (size > self->max_response_size - request->body->len)
    {
      request_return_error (task, too_large_error (self));
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (bytes, NULL), size);
  read_next_chunk (task);
}

static void
read_next_chunk (GTask *task)
{
  Request *request = g_task_get_task_data (task);

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
  RdClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *request_id;
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
      g_debug ("GET %s failed: %s", request->uri_string, error->message);
      request_return_error (task, rd_http_transport_error (request->message, self->authority, error, RD_HTTP_SENDING_REQUEST));
      return;
    }

  request->stream = g_steal_pointer (&stream);
  status = soup_message_get_status (request->message);
  headers = soup_message_get_response_headers (request->message);

  g_debug ("GET %s → %u", request->uri_string, status);

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

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > self->max_response_size)
    {
      request_return_error (task, too_large_error (self));
      return;
    }

  request->body = g_byte_array_new ();
  read_next_chunk (task);
}

static void
add_auth_headers (RdClient    *self,
                  Request     *request,
                  SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  GUri *uri = soup_message_get_uri (message);
  const char *security_token;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *date = NULL;
  g_autofree char *authorization = NULL;
  const char *signed_headers[13];
  guint n = 0;

  if (rd_credentials_get_method (self->credentials) == RD_AUTH_METHOD_TOKEN)
    {
      soup_message_headers_replace (headers, "X-Auth-Token",
                                    rd_credentials_get_token (self->credentials));
      return;
    }

  /* A fresh date on every attempt: the gateway refuses one older than 15 minutes. */
  now = g_date_time_new_now_utc ();
  date = rd_signer_format_date (now);
  security_token = rd_credentials_get_security_token (self->credentials);

  signed_headers[n++] = "host";
  signed_headers[n++] = self->authority;
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

  /* The path and query exactly as libsoup puts them on the wire. */
  authorization = rd_signer_sign (rd_credentials_get_access_key (self->credentials),
                                  rd_credentials_get_secret_key (self->credentials),
                                  SOUP_METHOD_GET,
                                  g_uri_get_path (uri),
                                  g_uri_get_query (uri),
                                  signed_headers,
                                  NULL);

  soup_message_headers_replace (headers, "X-Sdk-Date", date);
  soup_message_headers_replace (headers, "X-Project-Id", request->project_id);
  if (security_token != NULL)
    soup_message_headers_replace (headers, "X-Security-Token", security_token);
  soup_message_headers_replace (headers, "Authorization", authorization);
}

static void
request_send (GTask *task)
{
  RdClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  g_assert (!request->completed);
  g_assert (request->stream == NULL);

  request->attempt++;

  g_clear_object (&request->message);
  request->message = soup_message_new_from_uri (SOUP_METHOD_GET, request->uri);
  soup_message_set_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (request->workspace != NULL)
    soup_message_headers_replace (headers, "workspace", request->workspace);
  add_auth_headers (self, request, request->message);

  g_clear_pointer (&request->details, rd_error_details_free);
  request->details = g_new0 (RdErrorDetails, 1);
  request->details->method = g_strdup (SOUP_METHOD_GET);
  request->details->uri = g_strdup (request->uri_string);

  request->in_flight = TRUE;
  soup_session_send_async (self->session,
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
  RdClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  g_debug ("GET %s: no answer within %u s", request->uri_string, self->timeout);
  request_return_error (task, timeout_error (self));

  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;

  /* Return at once; whatever is in flight sees the request completed and
   * only cleans up. */
  request_return_error (task,
                        g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The lookup was cancelled")));

  return G_SOURCE_REMOVE;
}

static char *
escape_segment (const char *text)
{
  /* Only A-Z a-z 0-9 - . _ ~ stay: '/', '?', '#', '%' and spaces cannot split
   * or end the segment, and UTF-8 goes out as %XX bytes. */
  return g_uri_escape_string (text, NULL, FALSE);
}

static gboolean
request_prepare (RdClient    *self,
                 Request     *request,
                 const char  *project_id,
                 const char  *workspace,
                 const char  *package_id,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *workspace_trimmed = NULL;
  g_autofree char *escaped_project = NULL;
  g_autofree char *escaped_package = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  request->project_id = rd_validate_project_id (project_id, &local_error);
  if (request->project_id == NULL)
    goto invalid;

  /* An empty workspace field means the default workspace. */
  workspace_trimmed = g_strstrip (g_strdup (workspace != NULL ? workspace : ""));
  if (workspace_trimmed[0] != '\0')
    {
      request->workspace = rd_validate_workspace_id (workspace_trimmed, &local_error);
      if (request->workspace == NULL)
        goto invalid;
    }

  request->package_id = rd_validate_package_id (package_id, &local_error);
  if (request->package_id == NULL)
    goto invalid;

  /* A "." or ".." segment would be resolved away by every URL parser on
   * the way, and another resource asked for. */
  if (g_str_equal (request->package_id, ".") || g_str_equal (request->package_id, ".."))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid package ID"), request->package_id);
      return FALSE;
    }

  prefix = g_strdup (g_uri_get_path (self->endpoint_uri));
  while (g_str_has_suffix (prefix, "/"))
    prefix[strlen (prefix) - 1] = '\0';

  escaped_project = escape_segment (request->project_id);
  escaped_package = escape_segment (request->package_id);
  path = g_strdup_printf ("%s/v2/%s/factory/release-packages/%s",
                          prefix, escaped_project, escaped_package);

  /* Encoded flags: libsoup sends the path as built, neither decoded nor escaped again. */
  text = g_uri_join (SOUP_HTTP_URI_FLAGS,
                     g_uri_get_scheme (self->endpoint_uri),
                     NULL,
                     g_uri_get_host (self->endpoint_uri),
                     g_uri_get_port (self->endpoint_uri),
                     path,
                     NULL,
                     NULL);
  request->uri = g_uri_parse (text, SOUP_HTTP_URI_FLAGS, NULL);
  if (request->uri == NULL || !g_str_equal (g_uri_get_path (request->uri), path))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid package ID"), request->package_id);
      return FALSE;
    }

  request->uri_string = g_uri_to_string (request->uri);

  /* Plain http is only for a service on this machine (the demo, a tunnel). */
  if (g_ascii_strcasecmp (g_uri_get_scheme (self->endpoint_uri), "https") != 0 && !self->loopback)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_INSECURE,
                   _("Refusing to send credentials to %s over an unencrypted connection: "
                     "use an https:// endpoint"),
                   self->authority);
      return FALSE;
    }

  return TRUE;

invalid:
  g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT, local_error->message);
  return FALSE;
}

/**
 * rd_client_get_package_async:
 * @self: a #RdClient
 * @project_id: the project ID
 * @workspace: (nullable): the workspace ID, or %NULL (or "") for the default workspace
 * @package_id: the release package ID
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the lookup is done
 * @user_data: data for @callback
 *
 * Looks a release package up (ShowFactoryPackageDetail). Invalid input fails
 * with %RD_API_ERROR_INVALID_INPUT before anything is sent; 429, 502, 503 and
 * 504 answers are tried again, at most three tries in all, within the timeout.
 */
void
rd_client_get_package_async (RdClient            *self,
                             const char          *project_id,
                             const char          *workspace,
                             const char          *package_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Request *request;

  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_client_get_package_async);
  g_task_set_name (task, "rd_client_get_package_async");

  request = g_new0 (Request, 1);
  g_task_set_task_data (task, request, request_free);

  if (!request_prepare (self, request, project_id, workspace, package_id, &error))
    {
      request->completed = TRUE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      request->completed = TRUE;
      return;
    }

  request->cancellable = g_cancellable_new ();
  request->deadline = g_get_monotonic_time () + (gint64)self->timeout * G_USEC_PER_SEC;

  /* The timeout covers the whole call, retries and waits included. */
  request->timeout_source = g_timeout_source_new (self->timeout * 1000);
  g_task_attach_source (task, request->timeout_source, on_timeout);

  if (cancellable != NULL)
    {
      request->cancel_source = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, request->cancel_source, G_SOURCE_FUNC (on_cancelled));
    }

  request_send (task);
}

/**
 * rd_client_get_package_finish:
 * @self: a #RdClient
 * @result: the result passed to the callback
 * @error: return location for an %RD_API_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the package
 */
RdReleasePackage *
rd_client_get_package_finish (RdClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_client_get_package_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rd_client_dup_error_details:
 * @self: a #RdClient
 * @result: the result passed to the callback
 *
 * Returns: (transfer full) (nullable): what support needs to know about the
 *   failed call, or %NULL when it succeeded or failed before a request was sent
 */
RdErrorDetails *
rd_client_dup_error_details (RdClient     *self,
                             GAsyncResult *result)
{
  Request *request;

  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_client_get_package_async, NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (!g_task_had_error (G_TASK (result)) || request == NULL || request->details == NULL)
    return NULL;

  return rd_error_details_copy (request->details);
}
