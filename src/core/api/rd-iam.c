/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-iam.c: IAM password sign-in (POST /v3/auth/tokens) that turns a password into a
 * project-scoped token, on the request engine: unsigned, the body wiped once sent. */
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
#include "rd-json-check.h"
#include "rd-request-private.h"
#include "rd-validate.h"

/* Nothing in this file may log a header or a body: the password travels in
 * the request body and the token in a response header. The only debug line
 * is the engine's: the method, the URI (which holds no secret) and the status. */

#define TOKENS_PATH                 "/v3/auth/tokens"
/* With ?nocatalog=true the answer is a few kilobytes; with a catalog, a few hundred. */
#define MAX_RESPONSE_SIZE           (4 * 1024 * 1024)
#define MAX_JSON_DEPTH              32
#define MAX_NAME_LENGTH             256
#define MAX_PASSWORD_LENGTH         1024
#define MFA_CODE_LENGTH             6

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
answer_error (RdRequest *request,
              gboolean   sent_mfa_code)
{
  const RdErrorDetails *details = rd_request_get_details (request);
  const char *message = details->error_msg;
  guint status = details->http_status;
  guint64 wait_ms;

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      if (message_is_about_mfa (message))
        {
          if (sent_mfa_code)
            return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                                        _("The MFA code is wrong or has expired"));

          return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                                      _("This user signs in with an MFA code: "
                                        "enter the code from the MFA app"));
        }

      if (sent_mfa_code && !rd_http_contains_word (message, "password"))
        return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                                    _("The account name, user name, password or MFA code "
                                      "is wrong"));

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
                        rd_request_get_authority (request));

  /* As the engine does for any service: a wait longer than a minute is told. */
  if (status == STATUS_TOO_MANY_REQUESTS && rd_request_get_requested_wait (request, &wait_ms))
    {
      g_autofree char *wait = rd_http_format_wait (wait_ms);

      return g_error_new (RD_API_ERROR, RD_API_ERROR_THROTTLED,
                          /* Translators: %s is a duration such as "24 hours" or "5 minutes" */
                          _("IAM is receiving too many requests and asks to wait %s before the "
                            "next one: try again after that"),
                          wait);
    }

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

/* IAM's words for every failure, and the engine's for a broken connection. */
static GError *
iam_error (RdRequest        *request,
           RdRequestFailure  failure,
           const GError     *cause,
           gpointer          user_data)
{
  guint timeout = rd_request_get_config (request)->timeout_seconds;

  switch (failure)
    {
    case RD_REQUEST_FAILED_ANSWER:
      return answer_error (request, GPOINTER_TO_INT (user_data));

    case RD_REQUEST_FAILED_UNREADABLE:
      return NULL;   /* parse_answer() speaks of IAM already */

    case RD_REQUEST_FAILED_TIMEOUT:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_TIMEOUT,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "IAM did not answer within %u second",
                                       "IAM did not answer within %u seconds",
                                       timeout),
                          timeout);

    case RD_REQUEST_FAILED_TOO_LARGE:
      return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_TOO_LARGE,
                                  _("IAM sent an answer far larger than a token, "
                                    "so it was refused"));

    case RD_REQUEST_FAILED_REDIRECTED:
      /* The password never follows a redirect: the engine follows none. */
      return g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                          _("IAM redirected to another address (HTTP status %u): "
                            "check the IAM endpoint"),
                          rd_request_get_details (request)->http_status);

    case RD_REQUEST_FAILED_CANCELLED:
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                  _("The sign-in was cancelled"));

    default:
      g_assert_not_reached ();
    }
}

/* The answer */

static JsonObject *
load_object (JsonParser *parser,
             GBytes     *body)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (body, &length);
  JsonNode *root;

  if (length == 0 || !rd_json_check ((const char *)data, length, MAX_JSON_DEPTH, NULL))
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

/* Runs in the engine's worker thread. The token itself is only in a header. */
static gpointer
parse_answer (GBytes              *body,
              SoupMessageHeaders  *headers,
              GError             **error)
{
  const char *subject_token = soup_message_headers_get_one (headers, "X-Subject-Token");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RdIamToken) token = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  JsonObject *object;
  JsonObject *token_object;
  JsonObject *project;
  JsonObject *user;
  const char *expires_text;
  const char *project_id;

  if (subject_token == NULL || subject_token[0] == '\0')
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                           _("IAM accepted the sign-in but sent no token"));
      return NULL;
    }

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
 * that the password exists in one place only, which is wiped once it is sent.
 * This is the one body not written with JsonBuilder/JsonGenerator, on purpose:
 * a JsonBuilder copies every string into nodes that are freed unwiped, and
 * JsonGenerator writes through a GString whose reallocations leave copies of
 * the password behind in freed memory. */
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
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *authority = NULL;
  char code[MFA_CODE_LENGTH + 1] = { 0 };
  gboolean loopback;
  RdRequestConfig config = { 0 };
  RdRequest *request;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (timeout_seconds <= RD_CLIENT_MAX_TIMEOUT_SECONDS);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_iam_sign_in_full_async);
  g_task_set_name (task, "rd_iam_sign_in_async");

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

  authority = rd_http_dup_authority (endpoint_uri);
  loopback = rd_http_host_is_loopback (g_uri_get_host (endpoint_uri));

  /* Plain http is only for a service on this machine (the demo, a tunnel). */
  if (g_ascii_strcasecmp (g_uri_get_scheme (endpoint_uri), "https") != 0 && !loopback)
    {
      g_task_return_new_error (task, RD_API_ERROR, RD_API_ERROR_INSECURE,
                               _("Refusing to send the password to %s over an unencrypted "
                                 "connection: use an https:// endpoint"),
                               authority);
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

  body = build_body (domain, user, id, password, code[0] != '\0' ? code : NULL, project);

  /* No "accept-certificate" handler: an untrusted certificate fails the call. */
  session = soup_session_new_with_options ("user-agent", "release-desk/" PACKAGE_VERSION, NULL);
  if (loopback)
    soup_session_set_proxy_resolver (session, NULL);

  config.session = session;
  config.credentials = NULL;
  config.timeout_seconds = timeout_seconds != 0 ? timeout_seconds : RD_IAM_DEFAULT_TIMEOUT_SECONDS;
  config.max_response_size = MAX_RESPONSE_SIZE;
  /* IAM never gets the same password twice from here: it locks a user out
   * after a few wrong ones, and the body that holds it is gone once sent. */
  config.retry.max_attempts = 1;

  request = rd_request_new (&config, SOUP_METHOD_POST, uri);
  rd_request_set_body (request, body, TRUE);
  rd_request_set_parser (request, parse_answer, (GDestroyNotify) rd_iam_token_free);
  rd_request_set_error_func (request, iam_error, GINT_TO_POINTER (code[0] != '\0'), NULL);
  rd_secret_wipe (code);
  rd_request_start (task, request);
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
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_iam_sign_in_full_async, NULL);

  return rd_request_dup_error_details (G_TASK (result));
}
