/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-iam.c: IAM password sign-in (POST /v3/auth/tokens) that turns a password into a project-scoped token. */
#define G_LOG_DOMAIN "rd-iam"

#include "config.h"

#include "rd-iam.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "rd-client.h"
#include "rd-credentials.h"
#include "rd-http-private.h"
#include "rd-validate.h"

/* Nothing in this file may log a header or a body: the password travels in
 * the request body and the token in a response header. The only debug line
 * is the method, the URI (which holds no secret) and the status. */

#define TOKENS_PATH                 "/v3/auth/tokens"
#define JSON_CONTENT_TYPE           "application/json;charset=UTF-8"
#define READ_CHUNK_SIZE             (16 * 1024)
/* With ?nocatalog=true the answer is a few kilobytes; with a catalog, a few hundred. */
#define MAX_RESPONSE_SIZE           (4 * 1024 * 1024)
#define MAX_JSON_DEPTH              32
#define MAX_NAME_LENGTH             256
#define MAX_PASSWORD_LENGTH         1024
#define MFA_CODE_LENGTH             6
#define MAX_SERVICE_MESSAGE_CHARS   500

/* RFC 6585; libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS    429

/* RdIamToken */

G_DEFINE_BOXED_TYPE (RdIamToken, rd_iam_token, rd_iam_token_copy, rd_iam_token_free)

RdIamToken *
rd_iam_token_copy (const RdIamToken *token)
{
  RdIamToken *copy;

  g_return_val_if_fail (token != NULL, NULL);

  copy = g_new0 (RdIamToken, 1);
  copy->token = g_strdup (token->token);
  copy->expires_at = token->expires_at != NULL ? g_date_time_ref (token->expires_at) : NULL;
  copy->project_id = g_strdup (token->project_id);
  copy->project_name = g_strdup (token->project_name);
  copy->user_name = g_strdup (token->user_name);
  copy->user_id = g_strdup (token->user_id);

  return copy;
}

void
rd_iam_token_free (RdIamToken *token)
{
  if (token == NULL)
    return;

  rd_secret_wipe (token->token);
  g_free (token->token);
  g_clear_pointer (&token->expires_at, g_date_time_unref);
  g_free (token->project_id);
  g_free (token->project_name);
  g_free (token->user_name);
  g_free (token->user_id);
  g_free (token);
}

gboolean
rd_iam_token_is_expired (const RdIamToken *token,
                         GDateTime        *now)
{
  g_autoptr(GDateTime) current = NULL;

  g_return_val_if_fail (token != NULL, TRUE);

  if (token->expires_at == NULL)
    return TRUE;

  if (now == NULL)
    now = current = g_date_time_new_now_utc ();

  return g_date_time_compare (token->expires_at, now) <= 0;
}

/* One sign-in: the GTask's data. */

typedef struct
{
  char           *uri_string;
  char           *authority;      /* host[:port], for messages */
  gboolean        sent_mfa_code;
  guint           timeout;

  gboolean        completed;
  gboolean        in_flight;      /* a send or a read has not called back yet */

  /* Cancelled by the caller's cancellable, the timeout or completion. */
  GCancellable   *cancellable;
  GSource        *timeout_source;
  GSource        *cancel_source;

  SoupSession    *session;
  SoupMessage    *message;
  GInputStream   *stream;
  GByteArray     *body;
  char           *subject_token;  /* a secret, wiped on free */

  RdErrorDetails *details;        /* NULL until the request was sent */
} SignIn;

static void
wipe_byte_array (GByteArray *array)
{
  if (array == NULL)
    return;

  for (volatile guint8 *p = array->data; p < array->data + array->len; p++)
    *p = 0;
  g_byte_array_unref (array);
}

/* The answer holds the token only in a header, but wiping the body costs nothing. */
static void
sign_in_drop_stream (SignIn *sign_in)
{
  if (sign_in->stream == NULL || g_input_stream_has_pending (sign_in->stream))
    return;

  g_cancellable_cancel (sign_in->cancellable);
  g_input_stream_close (sign_in->stream, sign_in->cancellable, NULL);
  g_clear_object (&sign_in->stream);
}

static void
sign_in_free (gpointer data)
{
  SignIn *sign_in = data;

  rd_http_destroy_source (&sign_in->timeout_source);
  rd_http_destroy_source (&sign_in->cancel_source);

  g_clear_object (&sign_in->stream);
  g_clear_object (&sign_in->message);
  g_clear_object (&sign_in->session);
  g_clear_object (&sign_in->cancellable);
  g_clear_pointer (&sign_in->body, wipe_byte_array);
  rd_secret_wipe (sign_in->subject_token);
  g_clear_pointer (&sign_in->subject_token, g_free);
  g_clear_pointer (&sign_in->uri_string, g_free);
  g_clear_pointer (&sign_in->authority, g_free);
  g_clear_pointer (&sign_in->details, rd_error_details_free);
  g_free (sign_in);
}

/* Stops everything still running for @task; the caller then returns its result. */
static void
sign_in_finish (GTask *task)
{
  SignIn *sign_in = g_task_get_task_data (task);

  g_assert (!sign_in->completed);

  sign_in->completed = TRUE;
  rd_http_destroy_source (&sign_in->timeout_source);
  rd_http_destroy_source (&sign_in->cancel_source);

  if (sign_in->in_flight || sign_in->stream != NULL)
    {
      g_cancellable_cancel (sign_in->cancellable);
      sign_in_drop_stream (sign_in);
    }

  g_clear_pointer (&sign_in->body, wipe_byte_array);
}

static void
sign_in_return_error (GTask  *task,
                      GError *error)
{
  g_autoptr(GTask) task_ref = g_object_ref (task);

  sign_in_finish (task);
  g_task_return_error (task, error);
}

static gboolean
message_is_about_mfa (const char *message)
{
  return rd_http_contains_word (message, "mfa") ||
         rd_http_contains_word (message, "totp") ||
         rd_http_contains_word (message, "passcode") ||
         rd_http_contains_word (message, "verification code");
}

/* A final error answer. IAM never gets the same password twice from here:
 * it locks a user out after a few wrong ones. */
static GError *
response_error (SignIn *sign_in)
{
  const RdErrorDetails *details = sign_in->details;
  const char *message = details->error_msg;
  guint status = details->http_status;

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      if (message_is_about_mfa (message))
        {
          if (sign_in->sent_mfa_code)
            return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                                        _("The MFA code is wrong or has expired"));

          return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                                      _("This user signs in with an MFA code: "
                                        "enter the code from the MFA app"));
        }

      if (sign_in->sent_mfa_code && !rd_http_contains_word (message, "password"))
        return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                                    _("The account name, user name, password or MFA code is wrong"));

      return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                                  _("The account name, user name or password is wrong"));
    }

  if (status == SOUP_STATUS_FORBIDDEN)
    {
      if (message != NULL)
        return g_error_new (RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                            /* Translators: %s is IAM's own message */
                            _("IAM refused the sign-in: %s"), message);

      return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                                  _("IAM refused the sign-in: check that programmatic access "
                                    "is enabled for this user"));
    }

  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_METHOD_NOT_ALLOWED)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_WRONG_ENDPOINT,
                        _("%s does not offer IAM sign-in: check the IAM endpoint"),
                        sign_in->authority);

  if (status == STATUS_TOO_MANY_REQUESTS)
    return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_THROTTLED,
                                _("IAM is receiving too many requests: try again in a minute"));

  if (status >= 500)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_SERVER,
                        _("IAM is having problems (HTTP status %u): try again later"),
                        status);

  if (message != NULL)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_SERVICE,
                        /* Translators: %s is IAM's own message */
                        _("IAM refused the sign-in request: %s"), message);

  return g_error_new (RD_API_ERROR, RD_API_ERROR_SERVICE,
                      _("IAM refused the sign-in request with HTTP status %u"),
                      status);
}

/* JSON */

static JsonObject *
load_object (JsonParser *parser,
             GBytes     *body)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (body, &length);
  JsonNode *root;

  if (length == 0 || !rd_http_json_depth_is_sane (data, length, MAX_JSON_DEPTH))
    return NULL;

  if (!json_parser_load_from_data (parser, (const char *)data, (gssize)length, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_node_get_object (root);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* IAM's text goes into a sentence and a support ticket: one line, bounded.
 * Numbers (IAM's "code": 401) become their digits. */
static char *
dup_service_text (JsonObject *object,
                  const char *member)
{
  JsonNode *node;
  const char *value;
  GString *text;
  guint n_chars = 0;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
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

/* IAM (Keystone) answers {"error":{"code":401,"message":"…","title":"…"}};
 * the gateway in front of it, and IAM's newer APIs, {"error_code":"…","error_msg":"…"}. */
static void
read_error_body (GBytes         *body,
                 RdErrorDetails *details)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonObject *error_object;

  if (g_bytes_get_size (body) > 64 * 1024)
    return;

  object = load_object (parser, body);
  if (object == NULL)
    return;

  error_object = get_object (object, "error");
  if (error_object != NULL && !json_object_has_member (object, "error_code"))
    {
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

static RdIamToken *
parse_token (GBytes      *body,
             const char  *subject_token,
             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RdIamToken) token = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  JsonObject *object;
  JsonObject *token_object;
  JsonObject *project;
  JsonObject *user;
  const char *expires_text;
  const char *project_id;

  object = load_object (parser, body);
  token_object = get_object (object, "token");
  if (token_object == NULL)
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                           _("IAM sent an answer that is not a token"));
      return NULL;
    }

  expires_text = get_string (token_object, "expires_at");
  if (expires_text != NULL)
    expires_at = g_date_time_new_from_iso8601 (expires_text, NULL);
  if (expires_at == NULL)
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                           _("IAM sent a token without a valid expiry time"));
      return NULL;
    }

  project = get_object (token_object, "project");
  project_id = get_string (project, "id");
  if (project_id == NULL || project_id[0] == '\0')
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                           _("IAM sent a token that is not scoped to a project"));
      return NULL;
    }

  user = get_object (token_object, "user");

  token = g_new0 (RdIamToken, 1);
  token->token = g_strdup (subject_token);
  token->expires_at = g_date_time_to_utc (expires_at);
  token->project_id = g_strdup (project_id);
  token->project_name = g_strdup (get_string (project, "name"));
  token->user_name = g_strdup (get_string (user, "name"));
  token->user_id = g_strdup (get_string (user, "id"));

  return g_steal_pointer (&token);
}

/* The request */

static void
sign_in_handle_answer (GTask *task)
{
  SignIn *sign_in = g_task_get_task_data (task);
  guint status = sign_in->details->http_status;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  RdIamToken *token;

  body = g_bytes_new (sign_in->body->data, sign_in->body->len);
  g_clear_pointer (&sign_in->body, wipe_byte_array);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (sign_in->subject_token == NULL)
        {
          sign_in_return_error (task,
                                g_error_new_literal (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                                                     _("IAM accepted the sign-in but sent no token")));
          return;
        }

      token = parse_token (body, sign_in->subject_token, &error);
      if (token == NULL)
        {
          sign_in_return_error (task, g_steal_pointer (&error));
          return;
        }

      sign_in_finish (task);
      g_task_return_pointer (task, token, (GDestroyNotify)rd_iam_token_free);
      return;
    }

  read_error_body (body, sign_in->details);
  sign_in_return_error (task, response_error (sign_in));
}

static void read_next_chunk (GTask *task);

static void
on_read_finished (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  sign_in->in_flight = FALSE;
  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (sign_in->completed)
    {
      sign_in_drop_stream (sign_in);
      return;
    }

  if (bytes == NULL)
    {
      sign_in_return_error (task,
                            g_error_new (RD_API_ERROR, RD_API_ERROR_NETWORK,
                                         _("The connection to %s broke while reading the answer: %s"),
                                         sign_in->authority, error->message));
      return;
    }

  size = g_bytes_get_size (bytes);
  if (size == 0)
    {
      g_input_stream_close (sign_in->stream, NULL, NULL);
      g_clear_object (&sign_in->stream);
      sign_in_handle_answer (task);
      return;
    }

  if (size > MAX_RESPONSE_SIZE - sign_in->body->len)
    {
      sign_in_return_error (task,
                            g_error_new_literal (RD_API_ERROR, RD_API_ERROR_TOO_LARGE,
                                                 _("IAM sent an answer far larger than a token, "
                                                   "so it was refused")));
      return;
    }

  g_byte_array_append (sign_in->body, g_bytes_get_data (bytes, NULL), size);
  read_next_chunk (task);
}

static void
read_next_chunk (GTask *task)
{
  SignIn *sign_in = g_task_get_task_data (task);

  sign_in->in_flight = TRUE;
  g_input_stream_read_bytes_async (sign_in->stream,
                                   READ_CHUNK_SIZE,
                                   G_PRIORITY_DEFAULT,
                                   sign_in->cancellable,
                                   on_read_finished,
                                   g_object_ref (task));
}

static void
on_send_finished (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *request_id;
  const char *subject_token;
  guint status;

  sign_in->in_flight = FALSE;
  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);

  /* The body with the password has gone out (or never will): let go of it,
   * so that its bytes are wiped now rather than with the message. */
  soup_message_set_request_body (sign_in->message, NULL, NULL, 0);

  if (sign_in->completed)
    {
      sign_in->stream = g_steal_pointer (&stream);
      sign_in_drop_stream (sign_in);
      return;
    }

  if (stream == NULL)
    {
      g_debug ("POST %s failed: %s", sign_in->uri_string, error->message);
      sign_in_return_error (task, rd_http_transport_error (sign_in->message, sign_in->authority, error, RD_HTTP_SENDING_PASSWORD));
      return;
    }

  sign_in->stream = g_steal_pointer (&stream);
  status = soup_message_get_status (sign_in->message);
  headers = soup_message_get_response_headers (sign_in->message);

  g_debug ("POST %s → %u", sign_in->uri_string, status);

  sign_in->details->http_status = status;
  request_id = soup_message_headers_get_one (headers, "X-Request-Id");
  if (request_id != NULL && request_id[0] != '\0')
    sign_in->details->request_id = g_strdup (request_id);

  subject_token = soup_message_headers_get_one (headers, "X-Subject-Token");
  if (subject_token != NULL && subject_token[0] != '\0')
    sign_in->subject_token = g_strdup (subject_token);

  /* The password never follows a redirect. */
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      sign_in_return_error (task,
                            g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                                         _("IAM redirected to another address (HTTP status %u): "
                                           "check the IAM endpoint"),
                                         status));
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MAX_RESPONSE_SIZE)
    {
      sign_in_return_error (task,
                            g_error_new_literal (RD_API_ERROR, RD_API_ERROR_TOO_LARGE,
                                                 _("IAM sent an answer far larger than a token, "
                                                   "so it was refused")));
      return;
    }

  sign_in->body = g_byte_array_new ();
  read_next_chunk (task);
}

static gboolean
on_timeout (gpointer user_data)
{
  GTask *task = user_data;
  SignIn *sign_in = g_task_get_task_data (task);

  g_debug ("POST %s: no answer within %u s", sign_in->uri_string, sign_in->timeout);
  sign_in_return_error (task,
                        g_error_new (RD_API_ERROR, RD_API_ERROR_TIMEOUT,
                                     g_dngettext (GETTEXT_PACKAGE,
                                                  "IAM did not answer within %u second",
                                                  "IAM did not answer within %u seconds",
                                                  sign_in->timeout),
                                     sign_in->timeout));

  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;

  sign_in_return_error (task,
                        g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The sign-in was cancelled")));

  return G_SOURCE_REMOVE;
}

/* A trimmed, non-empty, single-line name, or NULL with @message. */
static char *
dup_name (const char  *text,
          const char  *message,
          GError     **error)
{
  g_autofree char *value = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (value[0] == '\0' || strlen (value) > MAX_NAME_LENGTH ||
      !g_utf8_validate (value, -1, NULL) || strpbrk (value, "\r\n\t") != NULL)
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT, message);
      return NULL;
    }

  return g_steal_pointer (&value);
}

/* Six digits; spaces the MFA app shows between groups are dropped. */
static gboolean
normalise_mfa_code (const char  *text,
                    char         code[MFA_CODE_LENGTH + 1],
                    GError     **error)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        continue;

      if (!g_ascii_isdigit (*p) || n == MFA_CODE_LENGTH)
        {
          g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                               _("The MFA code must be 6 digits"));
          return FALSE;
        }

      code[n++] = *p;
    }
  code[n] = '\0';

  if (n != 0 && n != MFA_CODE_LENGTH)
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                           _("The MFA code must be 6 digits"));
      return FALSE;
    }

  return TRUE;
}

/* The request body is written straight into one buffer of the right size, so
 * that the password exists in one place only, which is wiped afterwards
 * (a JsonBuilder would copy it into nodes freed unwiped). */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char)c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", (guint)c);
      else
        g_string_append_c (out, (char)c);
    }
  g_string_append_c (out, '"');
}

static void
wipe_and_free (gpointer data)
{
  rd_secret_wipe (data);
  g_free (data);
}

static GBytes *
build_body (const char *domain_name,
            const char *user_name,
            const char *user_id,
            const char *password,
            const char *mfa_code,
            const char *project_name)
{
  /* Every byte may grow to six ("\u00XX"): the buffer never reallocates,
   * which would leave a copy of the password behind in freed memory. */
  gsize size = 512 + 6 * (2 * strlen (domain_name) + 2 * strlen (user_name) +
                          strlen (password) + strlen (project_name) +
                          (user_id != NULL ? strlen (user_id) : 0) + MFA_CODE_LENGTH);
  GString *out = g_string_sized_new (size);
  gsize length;
  char *data;

  g_string_append (out, "{\"auth\":{\"identity\":{\"methods\":[\"password\"");
  if (mfa_code != NULL)
    g_string_append (out, ",\"totp\"");
  g_string_append (out, "],\"password\":{\"user\":{\"domain\":{\"name\":");
  append_json_string (out, domain_name);
  g_string_append (out, "},\"name\":");
  append_json_string (out, user_name);
  g_string_append (out, ",\"password\":");
  append_json_string (out, password);
  g_string_append (out, "}}");

  if (mfa_code != NULL)
    {
      /* IAM documents totp.user.id; without it, Keystone's name and domain. */
      g_string_append (out, ",\"totp\":{\"user\":{");
      if (user_id != NULL)
        {
          g_string_append (out, "\"id\":");
          append_json_string (out, user_id);
        }
      else
        {
          g_string_append (out, "\"domain\":{\"name\":");
          append_json_string (out, domain_name);
          g_string_append (out, "},\"name\":");
          append_json_string (out, user_name);
        }
      g_string_append (out, ",\"passcode\":");
      append_json_string (out, mfa_code);
      g_string_append (out, "}}");
    }

  g_string_append (out, "},\"scope\":{\"project\":{\"name\":");
  append_json_string (out, project_name);
  g_string_append (out, "}}}}");

  g_assert (out->len < size);

  length = out->len;
  data = g_string_free (out, FALSE);

  return g_bytes_new_with_free_func (data, length, wipe_and_free, data);
}

/**
 * rd_iam_sign_in_full_async:
 * @iam_endpoint: the IAM base URL, such as "https://iam.cn-north-4.myhuaweicloud.com"
 * @domain_name: the account (domain) name
 * @user_name: the IAM user name
 * @user_id: (nullable): the IAM user's ID, for the "totp" block
 * @password: the user's password; it is not kept
 * @mfa_code: (nullable): the six digits of the virtual MFA device, or %NULL
 * @project_name: the project to scope the token to: a region such as "cn-north-4"
 * @timeout_seconds: seconds for the whole call, or 0 for %RD_IAM_DEFAULT_TIMEOUT_SECONDS
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the sign-in is done
 * @user_data: data for @callback
 *
 * Asks IAM for a project-scoped token (POST /v3/auth/tokens?nocatalog=true).
 * Invalid input, and http:// to another machine, fail before anything is sent.
 */
void
rd_iam_sign_in_full_async (const char          *iam_endpoint,
                           const char          *domain_name,
                           const char          *user_name,
                           const char          *user_id,
                           const char          *password,
                           const char          *mfa_code,
                           const char          *project_name,
                           guint                timeout_seconds,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *normalised = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *user = NULL;
  g_autofree char *id = NULL;
  g_autofree char *project = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GUri) endpoint_uri = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GBytes) body = NULL;
  char code[MFA_CODE_LENGTH + 1] = { 0 };
  gboolean loopback;
  SignIn *sign_in;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (timeout_seconds <= RD_CLIENT_MAX_TIMEOUT_SECONDS);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_iam_sign_in_full_async);
  g_task_set_name (task, "rd_iam_sign_in_async");

  sign_in = g_new0 (SignIn, 1);
  sign_in->completed = TRUE;   /* until the request is on its way */
  sign_in->timeout = timeout_seconds != 0 ? timeout_seconds : RD_IAM_DEFAULT_TIMEOUT_SECONDS;
  g_task_set_task_data (task, sign_in, sign_in_free);

  normalised = rd_validate_endpoint (iam_endpoint, &local_error);
  if (normalised == NULL)
    {
      g_task_return_new_error (task, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                               "%s", local_error->message);
      return;
    }

  endpoint_uri = g_uri_parse (normalised, SOUP_HTTP_URI_FLAGS, NULL);
  if (endpoint_uri == NULL || g_uri_get_host (endpoint_uri) == NULL)
    {
      g_task_return_new_error (task, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                               "%s", _("The IAM endpoint URL is not valid"));
      return;
    }

  if ((domain = dup_name (domain_name, _("Enter the account name"), &error)) == NULL ||
      (user = dup_name (user_name, _("Enter the IAM user name"), &error)) == NULL ||
      (project = dup_name (project_name, _("Enter the region or project name"), &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (user_id != NULL && user_id[0] != '\0' &&
      (id = dup_name (user_id, _("The IAM user ID is not valid"), &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (password == NULL || password[0] == '\0')
    {
      g_task_return_new_error (task, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                               "%s", _("Enter the password"));
      return;
    }

  if (strlen (password) > MAX_PASSWORD_LENGTH || !g_utf8_validate (password, -1, NULL))
    {
      g_task_return_new_error (task, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                               "%s", _("The password is not valid text"));
      return;
    }

  if (mfa_code != NULL && !normalise_mfa_code (mfa_code, code, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sign_in->authority = rd_http_dup_authority (endpoint_uri);
  loopback = rd_http_host_is_loopback (g_uri_get_host (endpoint_uri));

  /* Plain http is only for a service on this machine (the demo, a tunnel). */
  if (g_ascii_strcasecmp (g_uri_get_scheme (endpoint_uri), "https") != 0 && !loopback)
    {
      g_task_return_new_error (task, RD_API_ERROR, RD_API_ERROR_INSECURE,
                               _("Refusing to send the password to %s over an unencrypted "
                                 "connection: use an https:// endpoint"),
                               sign_in->authority);
      return;
    }

  prefix = g_strdup (g_uri_get_path (endpoint_uri));
  while (g_str_has_suffix (prefix, "/"))
    prefix[strlen (prefix) - 1] = '\0';
  path = g_strconcat (prefix, TOKENS_PATH, NULL);

  uri = g_uri_build (SOUP_HTTP_URI_FLAGS,
                     g_uri_get_scheme (endpoint_uri),
                     NULL,
                     g_uri_get_host (endpoint_uri),
                     g_uri_get_port (endpoint_uri),
                     path,
                     "nocatalog=true",
                     NULL);
  sign_in->uri_string = g_uri_to_string (uri);
  sign_in->sent_mfa_code = code[0] != '\0';

  if (g_task_return_error_if_cancelled (task))
    return;

  body = build_body (domain, user, id, password,
                     sign_in->sent_mfa_code ? code : NULL, project);
  rd_secret_wipe (code);

  /* No "accept-certificate" handler: an untrusted certificate fails the call. */
  sign_in->session = soup_session_new_with_options ("user-agent", "release-desk/" PACKAGE_VERSION,
                                                    NULL);
  if (loopback)
    soup_session_set_proxy_resolver (sign_in->session, NULL);

  sign_in->message = soup_message_new_from_uri (SOUP_METHOD_POST, uri);
  soup_message_set_flags (sign_in->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (sign_in->message),
                                "Accept", "application/json");
  soup_message_set_request_body_from_bytes (sign_in->message, JSON_CONTENT_TYPE, body);
  g_clear_pointer (&body, g_bytes_unref);

  sign_in->details = g_new0 (RdErrorDetails, 1);
  sign_in->details->method = g_strdup (SOUP_METHOD_POST);
  sign_in->details->uri = g_strdup (sign_in->uri_string);

  sign_in->completed = FALSE;
  sign_in->cancellable = g_cancellable_new ();

  sign_in->timeout_source = g_timeout_source_new_seconds (sign_in->timeout);
  g_task_attach_source (task, sign_in->timeout_source, on_timeout);

  if (cancellable != NULL)
    {
      sign_in->cancel_source = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, sign_in->cancel_source, G_SOURCE_FUNC (on_cancelled));
    }

  sign_in->in_flight = TRUE;
  soup_session_send_async (sign_in->session,
                           sign_in->message,
                           G_PRIORITY_DEFAULT,
                           sign_in->cancellable,
                           on_send_finished,
                           g_object_ref (task));
}

/**
 * rd_iam_sign_in_async:
 * @iam_endpoint: the IAM base URL, such as "https://iam.cn-north-4.myhuaweicloud.com"
 * @domain_name: the account (domain) name
 * @user_name: the IAM user name
 * @password: the user's password; it is not kept
 * @mfa_code: (nullable): the six digits of the virtual MFA device, or %NULL
 * @project_name: the project to scope the token to: a region such as "cn-north-4"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the sign-in is done
 * @user_data: data for @callback
 *
 * rd_iam_sign_in_full_async() without a user ID and with the default timeout.
 */
void
rd_iam_sign_in_async (const char          *iam_endpoint,
                      const char          *domain_name,
                      const char          *user_name,
                      const char          *password,
                      const char          *mfa_code,
                      const char          *project_name,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  rd_iam_sign_in_full_async (iam_endpoint, domain_name, user_name, NULL, password, mfa_code,
                             project_name, 0, cancellable, callback, user_data);
}

/**
 * rd_iam_sign_in_finish:
 * @result: the result passed to the callback
 * @error: return location for an %RD_API_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the token, its expiry and its project
 */
RdIamToken *
rd_iam_sign_in_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_iam_sign_in_full_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rd_iam_dup_error_details:
 * @result: the result passed to the callback
 *
 * Returns: (transfer full) (nullable): what support needs to know about the
 *   failed sign-in, or %NULL when it succeeded or failed before anything was sent
 */
RdErrorDetails *
rd_iam_dup_error_details (GAsyncResult *result)
{
  SignIn *sign_in;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_iam_sign_in_full_async, NULL);

  sign_in = g_task_get_task_data (G_TASK (result));
  if (!g_task_had_error (G_TASK (result)) || sign_in == NULL || sign_in->details == NULL)
    return NULL;

  return rd_error_details_copy (sign_in->details);
}
