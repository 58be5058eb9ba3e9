/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-demo-gateway.c: the demo service's API gateway: the token and AK/SK checks, and the IAM
 * password sign-in (POST /v3/auth/tokens). */
#define G_LOG_DOMAIN "rd-demo-service"

#include "config.h"

#include <string.h>

#include "rd-demo-private.h"

#include "rd-credentials.h"
#include "rd-signer.h"

/* Nothing here logs a token, a secret key or an Authorization value. */

#define SDK_DATE_TOLERANCE   (15 * G_TIME_SPAN_MINUTE)
#define IAM_TOKEN_BYTES      96

/* ---- authentication, as the API gateway does it ---- */

static gboolean
fail_auth (SoupServerMessage *msg,
           const char        *request_id,
           const char        *reason)
{
  g_autofree char *message = g_strconcat (IAM_ERROR_PREFIX, reason, NULL);

  rd_demo_respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "APIG.0301", message, request_id);
  return FALSE;
}

static gboolean
token_accepted (RdDemoService *self,
                const char    *token)
{
  gboolean accepted = FALSE;

  /* Every token is compared, in constant time, whatever matched before. */
  for (guint i = 0; i < self->tokens->len; i++)
    accepted |= rd_signer_signatures_equal (g_ptr_array_index (self->tokens, i), token);

  return accepted;
}

static IssuedToken *
find_issued_token (RdDemoService *self,
                   const char    *token)
{
  IssuedToken *found = NULL;

  /* Every token is compared, in constant time, whatever matched before. */
  for (guint i = 0; i < self->issued_tokens->len; i++)
    {
      IssuedToken *issued = g_ptr_array_index (self->issued_tokens, i);

      if (rd_signer_signatures_equal (issued->token, token))
        found = issued;
    }

  return found;
}

static gboolean
check_signature (RdDemoService     *self,
                 SoupServerMessage *msg,
                 const char        *request_id,
                 const char        *authorization,
                 const char        *url_project_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *access_key = NULL;
  g_auto(GStrv) signed_headers = NULL;
  g_autofree char *signature = NULL;
  g_autoptr(GPtrArray) signed_values = g_ptr_array_new ();
  g_autoptr(GDateTime) sdk_time = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *canonical_request = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sdk_date = NULL;
  const char *secret_key;
  const char *project_header;
  GTimeSpan skew;

  if (!rd_signer_parse_authorization (authorization, &access_key, &signed_headers, &signature,
                                      NULL))
    return fail_auth (msg, request_id, "the authorization header is malformed");

  secret_key = g_hash_table_lookup (self->access_keys, access_key);
  if (secret_key == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("ak %s not exist", access_key);

      return fail_auth (msg, request_id, reason);
    }

  if (!g_strv_contains ((const char * const *) signed_headers, "host") ||
      !g_strv_contains ((const char * const *) signed_headers, "x-sdk-date"))
    return fail_auth (msg, request_id, "host and x-sdk-date must be signed");

  for (guint i = 0; signed_headers[i] != NULL; i++)
    {
      const char *value = soup_message_headers_get_list (headers, signed_headers[i]);

      if (value == NULL)
        {
          g_autofree char *reason =
              g_strdup_printf ("signed header %s is missing", signed_headers[i]);

          return fail_auth (msg, request_id, reason);
        }

      g_ptr_array_add (signed_values, signed_headers[i]);
      g_ptr_array_add (signed_values, (gpointer) value);

      if (strcmp (signed_headers[i], "x-sdk-date") == 0)
        sdk_date = g_strstrip (g_strdup (value));
    }
  g_ptr_array_add (signed_values, NULL);

  if (soup_message_headers_get_one (headers, "X-Security-Token") != NULL &&
      !g_strv_contains ((const char * const *) signed_headers, "x-security-token"))
    return fail_auth (msg, request_id, "x-security-token must be signed");

  sdk_time = rd_signer_parse_date (sdk_date);
  if (sdk_time == NULL)
    return fail_auth (msg, request_id, "x-sdk-date is invalid");

  {
    g_autoptr(GDateTime) real_now = g_date_time_new_now_utc ();

    now = g_date_time_add_seconds (real_now, (gdouble) self->clock_offset);
  }
  skew = g_date_time_difference (now, sdk_time);
  if (skew > SDK_DATE_TOLERANCE || skew < -SDK_DATE_TOLERANCE)
    return fail_auth (msg, request_id, "x-sdk-date expired");

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  canonical_request = rd_signer_canonical_request (soup_server_message_get_method (msg),
                                                   g_uri_get_path (uri),
                                                   g_uri_get_query (uri),
                                                   (const char **) signed_values->pdata,
                                                   body);
  string_to_sign = rd_signer_string_to_sign (sdk_date, canonical_request);
  expected = rd_signer_signature (secret_key, string_to_sign);
  if (!rd_signer_signatures_equal (expected, signature))
    return fail_auth (msg, request_id, "verify aksk signature fail");

  project_header = soup_message_headers_get_one (headers, "X-Project-Id");
  if (project_header != NULL && url_project_id != NULL &&
      strcmp (project_header, url_project_id) != 0)
    return fail_auth (msg, request_id, "x-project-id does not match the project in the URL");

  return TRUE;
}

/* Answers 401 and returns FALSE when the request may not pass. */
gboolean
rd_demo_check_auth (RdDemoService     *self,
                    SoupServerMessage *msg,
                    const char        *request_id,
                    const char        *url_project_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *token = soup_message_headers_get_one (headers, "X-Auth-Token");
  const char *authorization;

  if (token != NULL && token[0] != '\0')
    {
      IssuedToken *issued;

      if (token_accepted (self, token))
        return TRUE;

      issued = find_issued_token (self, token);
      if (issued != NULL && g_get_real_time () < issued->expires_at)
        return TRUE;
      if (issued != NULL)
        return fail_auth (msg, request_id, "the token expires");

      return fail_auth (msg, request_id, "decrypt token fail");
    }

  authorization = soup_message_headers_get_one (headers, "Authorization");
  if (authorization == NULL || authorization[0] == '\0')
    return fail_auth (msg, request_id, "the token is missing");

  return check_signature (self, msg, request_id, authorization, url_project_id);
}

/* ---- IAM: POST /v3/auth/tokens ---- */

typedef struct
{
  const char *name;
  const char *id;
  gboolean    needs_mfa;
} IamUser;

static const IamUser iam_users[] = {
  { RD_DEMO_IAM_USER, RD_DEMO_IAM_USER_ID, FALSE },
  { RD_DEMO_IAM_MFA_USER, RD_DEMO_IAM_MFA_USER_ID, TRUE },
};

/* IAM speaks Keystone: {"error":{"code":401,"message":"…","title":"Unauthorized"}}. */
static void
respond_iam_error (SoupServerMessage *msg,
                   guint              status,
                   const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, soup_status_get_phrase (status));
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  rd_demo_respond_text (msg, status, JSON_CONTENT_TYPE, text);
}

static gboolean
methods_contain (JsonArray  *methods,
                 const char *method)
{
  for (guint i = 0; i < json_array_get_length (methods); i++)
    {
      JsonNode *node = json_array_get_element (methods, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (node), method) == 0)
        return TRUE;
    }

  return FALSE;
}

static char *
format_iam_time (gint64 real_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (real_time / G_USEC_PER_SEC);
  g_autoptr(GDateTime) precise = g_date_time_add (time, real_time % G_USEC_PER_SEC);

  return g_date_time_format (precise, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* Looks like IAM's: a long base64 string that starts with "MII". */
static char *
new_subject_token (void)
{
  guint8 bytes[IAM_TOKEN_BYTES];
  g_autofree char *encoded = NULL;
  char *token;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);

  encoded = g_base64_encode (bytes, sizeof bytes);
  token = g_strconcat ("MIIdemo", encoded, NULL);
  rd_secret_wipe (encoded);
  memset (bytes, 0, sizeof bytes);

  return token;
}

static void
add_named (JsonBuilder *builder,
           const char  *member,
           const char  *id,
           const char  *name)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
}

static void
respond_token (RdDemoService     *self,
               SoupServerMessage *msg,
               const IamUser     *user,
               gboolean           with_totp,
               gboolean           with_catalog)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *issued_text = NULL;
  g_autofree char *expires_text = NULL;
  gint64 now = g_get_real_time ();
  IssuedToken *issued = g_new0 (IssuedToken, 1);

  issued->token = new_subject_token ();
  issued->expires_at = now + self->token_lifetime * G_USEC_PER_SEC;
  g_ptr_array_add (self->issued_tokens, issued);

  issued_text = format_iam_time (now);
  expires_text = format_iam_time (issued->expires_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_begin_object (builder);
  if (with_catalog)
    {
      json_builder_set_member_name (builder, "catalog");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires_text);
  json_builder_set_member_name (builder, "issued_at");
  json_builder_add_string_value (builder, issued_text);
  json_builder_set_member_name (builder, "methods");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "password");
  if (with_totp)
    json_builder_add_string_value (builder, "totp");
  json_builder_end_array (builder);

  add_named (builder, "project", RD_DEMO_PROJECT_ID, RD_DEMO_IAM_PROJECT_NAME);
  add_named (builder, "domain", RD_DEMO_IAM_DOMAIN_ID, RD_DEMO_IAM_DOMAIN);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "roles");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "0");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "DAYU User");
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  add_named (builder, "user", user->id, user->name);
  add_named (builder, "domain", RD_DEMO_IAM_DOMAIN_ID, RD_DEMO_IAM_DOMAIN);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "password_expires_at");
  json_builder_add_string_value (builder, "");
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  rd_demo_respond_text (msg, SOUP_STATUS_CREATED, JSON_CONTENT_TYPE, text);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Subject-Token", issued->token);
}

/* The sign-in itself: needs no credentials, checks the body as IAM does. */
void
rd_demo_handle_iam_tokens (RdDemoService     *self,
                           SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GHashTable *query = NULL;
  const char *query_text = g_uri_get_query (soup_server_message_get_uri (msg));
  JsonNode *root;
  JsonObject *auth;
  JsonObject *identity;
  JsonObject *password_user;
  JsonObject *totp_user;
  JsonObject *project;
  JsonNode *methods_node;
  JsonArray *methods;
  const char *domain;
  const char *name;
  const char *password;
  const char *project_name;
  const char *project_id;
  const IamUser *user = NULL;
  gboolean password_ok = FALSE;
  gboolean with_catalog = TRUE;

  if (strcmp (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0)
    {
      respond_iam_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "The method is not allowed.");
      return;
    }

  if (query_text != NULL)
    {
      query = soup_form_decode (query_text);
      with_catalog = g_strcmp0 (g_hash_table_lookup (query, "nocatalog"), "true") != 0;
      g_hash_table_unref (query);
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   (gssize) g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_iam_error (msg, SOUP_STATUS_BAD_REQUEST, "The request body is not valid JSON.");
      return;
    }

  auth = rd_demo_member_object (json_node_get_object (root), "auth");
  identity = rd_demo_member_object (auth, "identity");
  methods_node = identity != NULL ? json_object_get_member (identity, "methods") : NULL;
  methods = methods_node != NULL && JSON_NODE_HOLDS_ARRAY (methods_node)
              ? json_node_get_array (methods_node) : NULL;
  password_user = rd_demo_member_object (rd_demo_member_object (identity, "password"), "user");
  domain = rd_demo_member_string (rd_demo_member_object (password_user, "domain"), "name");
  name = rd_demo_member_string (password_user, "name");
  password = rd_demo_member_string (password_user, "password");
  project = rd_demo_member_object (rd_demo_member_object (auth, "scope"), "project");
  project_name = rd_demo_member_string (project, "name");
  project_id = rd_demo_member_string (project, "id");

  if (methods == NULL || !methods_contain (methods, "password") ||
      domain == NULL || name == NULL || password == NULL)
    {
      respond_iam_error (msg, SOUP_STATUS_BAD_REQUEST,
                         "Request parameter error: auth.identity needs the password method "
                         "with user.name, user.password and user.domain.name.");
      return;
    }

  if (project_name == NULL && project_id == NULL)
    {
      respond_iam_error (msg, SOUP_STATUS_BAD_REQUEST,
                         "Request parameter error: auth.scope.project needs a name or an id.");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (iam_users); i++)
    if (strcmp (iam_users[i].name, name) == 0)
      user = &iam_users[i];

  /* The password is compared whatever the names, in constant time. */
  password_ok = rd_signer_signatures_equal (password, RD_DEMO_IAM_PASSWORD);
  if (!password_ok || user == NULL || strcmp (domain, RD_DEMO_IAM_DOMAIN) != 0)
    {
      respond_iam_error (msg, SOUP_STATUS_UNAUTHORIZED, "The username or password is wrong.");
      return;
    }

  totp_user = rd_demo_member_object (rd_demo_member_object (identity, "totp"), "user");
  if (user->needs_mfa)
    {
      const char *passcode = rd_demo_member_string (totp_user, "passcode");
      const char *totp_id = rd_demo_member_string (totp_user, "id");
      const char *totp_name = rd_demo_member_string (totp_user, "name");
      const char *totp_domain = rd_demo_member_string (rd_demo_member_object (totp_user, "domain"),
                                                       "name");
      gboolean same_user = g_strcmp0 (totp_id, user->id) == 0 ||
                           (totp_id == NULL && g_strcmp0 (totp_name, user->name) == 0 &&
                            g_strcmp0 (totp_domain, RD_DEMO_IAM_DOMAIN) == 0);

      if (!methods_contain (methods, "totp") || passcode == NULL)
        {
          respond_iam_error (msg, SOUP_STATUS_UNAUTHORIZED,
                             "MFA verification is required: add the totp method with a passcode.");
          return;
        }

      if (!same_user || !rd_signer_signatures_equal (passcode, RD_DEMO_IAM_MFA_CODE))
        {
          respond_iam_error (msg, SOUP_STATUS_UNAUTHORIZED,
                             "The verification code is wrong or has expired.");
          return;
        }
    }

  if ((project_name != NULL && strcmp (project_name, RD_DEMO_IAM_PROJECT_NAME) != 0) ||
      (project_name == NULL && strcmp (project_id, RD_DEMO_PROJECT_ID) != 0))
    {
      respond_iam_error (msg, SOUP_STATUS_BAD_REQUEST,
                         "The project does not exist in this account.");
      return;
    }

  respond_token (self, msg, user, user->needs_mfa, with_catalog);
}
