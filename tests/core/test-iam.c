/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-iam.c: IAM password sign-in against the in-process demo service: token, MFA, errors, expiry,
 * secrets. */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "rd-client.h"
#include "rd-credentials.h"
#include "rd-demo-testing.h"
#include "rd-iam.h"
#include "rd-test-util.h"

#define WAIT_SECONDS 20

#define WRONG_PASSWORD "wrong-password-for-the-iam-test"

/* Waiting without sleeping */

/* Sign-ins */

typedef struct
{
  gboolean        done;
  guint           n_callbacks;
  RdIamToken     *token;
  GError         *error;
  RdErrorDetails *details;
  gint64          started;
  gint64          finished;
} SignIn;

static void
sign_in_clear (SignIn *sign_in)
{
  g_clear_pointer (&sign_in->token, rd_iam_token_free);
  g_clear_error (&sign_in->error);
  g_clear_pointer (&sign_in->details, rd_error_details_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SignIn, sign_in_clear)

static void
on_sign_in_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SignIn *sign_in = user_data;

  g_assert_null (source);

  sign_in->n_callbacks++;
  g_assert_cmpuint (sign_in->n_callbacks, ==, 1);

  sign_in->token = rd_iam_sign_in_finish (result, &sign_in->error);
  sign_in->details = rd_iam_dup_error_details (result);
  sign_in->finished = g_get_monotonic_time ();
  sign_in->done = TRUE;

  /* Exactly one of a token and an error. */
  g_assert_true ((sign_in->token == NULL) != (sign_in->error == NULL));
  if (sign_in->token != NULL)
    g_assert_null (sign_in->details);
}

static void
sign_in_start (SignIn       *sign_in,
               const char   *endpoint,
               const char   *user_name,
               const char   *password,
               const char   *mfa_code,
               GCancellable *cancellable)
{
  sign_in->started = g_get_monotonic_time ();
  rd_iam_sign_in_async (endpoint, RD_DEMO_IAM_DOMAIN, user_name, password, mfa_code,
                        RD_DEMO_IAM_PROJECT_NAME, cancellable, on_sign_in_done, sign_in);
}

static void
sign_in_run (SignIn        *sign_in,
             RdDemoService *service,
             const char    *user_name,
             const char    *password,
             const char    *mfa_code)
{
  sign_in_start (sign_in, rd_demo_service_get_url (service), user_name, password, mfa_code, NULL);
  rd_test_wait_for_flag (&sign_in->done, WAIT_SECONDS);
}

static double
sign_in_seconds (const SignIn *sign_in)
{
  return (sign_in->finished - sign_in->started) / (double)G_USEC_PER_SEC;
}

/* Fixtures */

/* The last request's body, parsed; the test fails when it is not a JSON object. */
static JsonNode *
last_body_json (RdDemoService *service)
{
  g_autofree char *text = rd_demo_service_dup_last_body (service);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (text);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_node_copy (json_parser_get_root (parser));
}

static const char *
string_at (JsonNode   *root,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = json_node_get_object (root);
  guint i;

  for (i = 0; parts[i + 1] != NULL; i++)
    {
      g_assert_true (json_object_has_member (object, parts[i]));
      object = json_object_get_object_member (object, parts[i]);
      g_assert_nonnull (object);
    }

  g_assert_true (json_object_has_member (object, parts[i]));
  return json_object_get_string_member (object, parts[i]);
}

static JsonObject *
object_at (JsonNode   *root,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = json_node_get_object (root);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (!json_object_has_member (object, parts[i]))
        return NULL;
      object = json_object_get_object_member (object, parts[i]);
    }

  return object;
}

static char *
methods_of (JsonNode *root)
{
  JsonObject *identity = object_at (root, "auth.identity");
  JsonArray *methods = json_object_get_array_member (identity, "methods");
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (methods); i++)
    {
      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append (text, json_array_get_string_element (methods, i));
    }

  return g_string_free (text, FALSE);
}

/* Lookups with the token */

static void
lookup_with_token (RdDemoService *service,
                   const char    *token,
                   RdTestLookup  *lookup)
{
  g_autoptr(RdCredentials) credentials = rd_credentials_new_token (token);
  g_autoptr(GError) error = NULL;
  g_autoptr (RdClient) client =
      rd_client_new (rd_demo_service_get_url (service), credentials, &error);

  g_assert_no_error (error);
  rd_client_get_package_async (client, RD_DEMO_PROJECT_ID, NULL, RD_DEMO_PACKAGE_ID,
                               NULL, rd_test_on_lookup_done, lookup);
  rd_test_wait_for_flag (&lookup->done, WAIT_SECONDS);
  rd_test_drop_client (&client);
}

/* Tests: success */

static void
test_sign_in_returns_token_expiry_and_project (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GHashTable) headers = NULL;
  GTimeSpan lifetime;

  sign_in_run (&sign_in, service, RD_DEMO_IAM_USER, RD_DEMO_IAM_PASSWORD, NULL);

  g_assert_no_error (sign_in.error);
  g_assert_nonnull (sign_in.token);
  g_assert_true (g_str_has_prefix (sign_in.token->token, "MIIdemo"));
  g_assert_cmpuint (strlen (sign_in.token->token), >, 100);
  g_assert_cmpstr (sign_in.token->project_id, ==, RD_DEMO_PROJECT_ID);
  g_assert_cmpstr (sign_in.token->project_name, ==, RD_DEMO_IAM_PROJECT_NAME);
  g_assert_cmpstr (sign_in.token->user_name, ==, RD_DEMO_IAM_USER);
  g_assert_cmpstr (sign_in.token->user_id, ==, RD_DEMO_IAM_USER_ID);

  /* 24 hours from now, in UTC. */
  g_assert_nonnull (sign_in.token->expires_at);
  g_assert_cmpint (g_date_time_get_utc_offset (sign_in.token->expires_at), ==, 0);
  lifetime = g_date_time_difference (sign_in.token->expires_at, now);
  g_assert_cmpint (lifetime, >, (RD_DEMO_TOKEN_LIFETIME_SECONDS - 60) * G_TIME_SPAN_SECOND);
  g_assert_cmpint (lifetime, <, (RD_DEMO_TOKEN_LIFETIME_SECONDS + 60) * G_TIME_SPAN_SECOND);
  g_assert_false (rd_iam_token_is_expired (sign_in.token, NULL));

  /* One POST to the documented path, small answer asked for, JSON body. */
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);
  g_assert_cmpstr (rd_demo_service_get_last_path (service), ==, "/v3/auth/tokens");
  g_assert_cmpstr (rd_demo_service_get_last_query (service), ==, "nocatalog=true");
  headers = rd_demo_service_dup_last_headers (service);
  g_assert_cmpstr (g_hash_table_lookup (headers, "content-type"), ==,
                   "application/json;charset=UTF-8");
  g_assert_null (g_hash_table_lookup (headers, "x-auth-token"));
  g_assert_null (g_hash_table_lookup (headers, "authorization"));
}

static void
test_sign_in_body_has_documented_shape (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *methods = NULL;

  /* Surrounding white space in names is a paste artefact; the password is taken as typed. */
  sign_in.started = g_get_monotonic_time ();
  rd_iam_sign_in_async (rd_demo_service_get_url (service),
                        " " RD_DEMO_IAM_DOMAIN "\n", RD_DEMO_IAM_USER " ", RD_DEMO_IAM_PASSWORD,
                        NULL, " " RD_DEMO_IAM_PROJECT_NAME, NULL, on_sign_in_done, &sign_in);
  rd_test_wait_for_flag (&sign_in.done, WAIT_SECONDS);
  g_assert_no_error (sign_in.error);

  body = last_body_json (service);
  methods = methods_of (body);
  g_assert_cmpstr (methods, ==, "password");
  g_assert_cmpstr (string_at (body, "auth.identity.password.user.domain.name"), ==,
                   RD_DEMO_IAM_DOMAIN);
  g_assert_cmpstr (string_at (body, "auth.identity.password.user.name"), ==, RD_DEMO_IAM_USER);
  g_assert_cmpstr (string_at (body, "auth.identity.password.user.password"), ==,
                   RD_DEMO_IAM_PASSWORD);
  g_assert_cmpstr (string_at (body, "auth.scope.project.name"), ==, RD_DEMO_IAM_PROJECT_NAME);
  g_assert_null (object_at (body, "auth.identity.totp"));
  g_assert_cmpuint (json_object_get_size (object_at (body, "auth")), ==, 2);
  g_assert_cmpuint (json_object_get_size (object_at (body, "auth.scope.project")), ==, 1);
}

static void
test_sign_in_escapes_json (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };
  g_autoptr(JsonNode) body = NULL;
  const char *password = "p\"a\\s\ts/密码";

  sign_in_run (&sign_in, service, RD_DEMO_IAM_USER, password, NULL);

  /* The service says no, but it read the body as sent. */
  g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED);
  body = last_body_json (service);
  g_assert_cmpstr (string_at (body, "auth.identity.password.user.password"), ==, password);
}

static void
test_sign_in_token_opens_dataarts (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };
  RdTestLookup lookup = { 0 };
  g_autoptr(GHashTable) headers = NULL;

  sign_in_run (&sign_in, service, RD_DEMO_IAM_USER, RD_DEMO_IAM_PASSWORD, NULL);
  g_assert_no_error (sign_in.error);

  lookup_with_token (service, sign_in.token->token, &lookup);

  g_assert_no_error (lookup.error);
  g_assert_nonnull (lookup.package);
  g_assert_cmpstr (rd_release_package_get_package_id (lookup.package), ==, RD_DEMO_PACKAGE_ID);
  headers = rd_demo_service_dup_last_headers (service);
  g_assert_cmpstr (g_hash_table_lookup (headers, "x-auth-token"), ==, sign_in.token->token);
  rd_test_lookup_clear (&lookup);

  /* Each sign-in gets a new token, and the older one keeps working. */
  {
    g_auto(SignIn) again = { 0 };

    sign_in_run (&again, service, RD_DEMO_IAM_USER, RD_DEMO_IAM_PASSWORD, NULL);
    g_assert_no_error (again.error);
    g_assert_cmpstr (again.token->token, !=, sign_in.token->token);
  }

  lookup_with_token (service, sign_in.token->token, &lookup);
  g_assert_no_error (lookup.error);
  rd_test_lookup_clear (&lookup);
}

static void
test_token_copy_and_expiry (void)
{
  RdIamToken token = { 0 };
  g_autoptr(RdIamToken) copy = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_utc (2026, 11, 29, 7, 59, 59);
  g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 11, 29, 8, 0, 0);

  token.token = (char *)"MIIcopy";
  token.expires_at = g_date_time_new_from_iso8601 ("2026-11-29T08:00:00.000000Z", NULL);
  token.project_id = (char *)RD_DEMO_PROJECT_ID;

  copy = rd_iam_token_copy (&token);
  g_assert_cmpstr (copy->token, ==, "MIIcopy");
  g_assert_true (copy->token != token.token);
  g_assert_cmpstr (copy->project_id, ==, RD_DEMO_PROJECT_ID);
  g_assert_null (copy->user_name);
  g_assert_true (g_date_time_equal (copy->expires_at, token.expires_at));

  g_assert_false (rd_iam_token_is_expired (copy, before));
  g_assert_true (rd_iam_token_is_expired (copy, at));

  g_date_time_unref (token.expires_at);
  g_assert_true (G_TYPE_IS_BOXED (RD_TYPE_IAM_TOKEN));
}

/* Tests: refusals */

static void
test_wrong_password_not_retried (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };

  sign_in_run (&sign_in, service, RD_DEMO_IAM_USER, WRONG_PASSWORD, NULL);

  g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (sign_in.error->message, ==, "The account name, user name or password is wrong");
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);

  g_assert_nonnull (sign_in.details);
  g_assert_cmpuint (sign_in.details->http_status, ==, 401);
  g_assert_cmpstr (sign_in.details->error_code, ==, "401");
  g_assert_cmpstr (sign_in.details->error_msg, ==, "The username or password is wrong.");
  g_assert_cmpstr (sign_in.details->method, ==, "POST");
  g_assert_true (g_str_has_suffix (sign_in.details->uri, "/v3/auth/tokens?nocatalog=true"));
  g_assert_nonnull (sign_in.details->request_id);
  g_assert_cmpuint (strlen (sign_in.details->request_id), ==, 32);
}

static void
test_unknown_user_and_domain (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) user = { 0 };
  g_auto(SignIn) domain = { 0 };

  sign_in_run (&user, service, "nobody", RD_DEMO_IAM_PASSWORD, NULL);
  g_assert_error (user.error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (user.error->message, ==, "The account name, user name or password is wrong");

  rd_iam_sign_in_async (rd_demo_service_get_url (service), "other-account", RD_DEMO_IAM_USER,
                        RD_DEMO_IAM_PASSWORD, NULL, RD_DEMO_IAM_PROJECT_NAME, NULL,
                        on_sign_in_done, &domain);
  rd_test_wait_for_flag (&domain.done, WAIT_SECONDS);
  g_assert_error (domain.error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (domain.error->message, ==, "The account name, user name or password is wrong");

  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 2);
}

static void
test_mfa_user_without_code (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };

  sign_in_run (&sign_in, service, RD_DEMO_IAM_MFA_USER, RD_DEMO_IAM_PASSWORD, NULL);

  g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (sign_in.error->message, ==,
                   "This user signs in with an MFA code: enter the code from the MFA app");
  g_assert_cmpuint (sign_in.details->http_status, ==, 401);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);
}

static void
test_mfa_wrong_code (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };

  sign_in_run (&sign_in, service, RD_DEMO_IAM_MFA_USER, RD_DEMO_IAM_PASSWORD, "654321");

  g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (sign_in.error->message, ==, "The MFA code is wrong or has expired");
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);
}

static void
test_mfa_right_code_with_name_and_domain (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *methods = NULL;

  /* The app shows the code in two groups; a paste may keep the space. */
  sign_in_run (&sign_in, service, RD_DEMO_IAM_MFA_USER, RD_DEMO_IAM_PASSWORD, "123 456");

  g_assert_no_error (sign_in.error);
  g_assert_cmpstr (sign_in.token->project_id, ==, RD_DEMO_PROJECT_ID);
  g_assert_cmpstr (sign_in.token->user_id, ==, RD_DEMO_IAM_MFA_USER_ID);

  body = last_body_json (service);
  methods = methods_of (body);
  g_assert_cmpstr (methods, ==, "password,totp");
  g_assert_cmpstr (string_at (body, "auth.identity.totp.user.passcode"), ==, RD_DEMO_IAM_MFA_CODE);
  g_assert_cmpstr (string_at (body, "auth.identity.totp.user.name"), ==, RD_DEMO_IAM_MFA_USER);
  g_assert_cmpstr (string_at (body, "auth.identity.totp.user.domain.name"), ==, RD_DEMO_IAM_DOMAIN);
  g_assert_false (json_object_has_member (object_at (body, "auth.identity.totp.user"), "id"));
}

static void
test_mfa_right_code_with_user_id (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };
  g_autoptr(JsonNode) body = NULL;

  rd_iam_sign_in_full_async (rd_demo_service_get_url (service), RD_DEMO_IAM_DOMAIN,
                             RD_DEMO_IAM_MFA_USER, RD_DEMO_IAM_MFA_USER_ID, RD_DEMO_IAM_PASSWORD,
                             RD_DEMO_IAM_MFA_CODE, RD_DEMO_IAM_PROJECT_NAME, 0, NULL,
                             on_sign_in_done, &sign_in);
  rd_test_wait_for_flag (&sign_in.done, WAIT_SECONDS);

  g_assert_no_error (sign_in.error);
  body = last_body_json (service);
  g_assert_cmpstr (string_at (body, "auth.identity.totp.user.id"), ==, RD_DEMO_IAM_MFA_USER_ID);
  g_assert_cmpstr (string_at (body, "auth.identity.totp.user.passcode"), ==, RD_DEMO_IAM_MFA_CODE);
  g_assert_false (json_object_has_member (object_at (body, "auth.identity.totp.user"), "name"));
}

static void
test_expired_token_refused_by_dataarts (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };
  RdTestLookup lookup = { 0 };

  rd_demo_service_set_token_lifetime (service, 0);
  sign_in_run (&sign_in, service, RD_DEMO_IAM_USER, RD_DEMO_IAM_PASSWORD, NULL);
  g_assert_no_error (sign_in.error);
  g_assert_true (rd_iam_token_is_expired (sign_in.token, NULL));

  lookup_with_token (service, sign_in.token->token, &lookup);

  g_assert_error (lookup.error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (lookup.error->message, ==, "The token has expired or is invalid");
  g_assert_nonnull (lookup.details);
  g_assert_cmpstr (lookup.details->error_code, ==, "APIG.0301");
  g_assert_cmpstr (lookup.details->error_msg, ==,
                   "Incorrect IAM authentication information: the token expires");
  /* No retry on 401: one sign-in, one lookup. */
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 2);
  rd_test_lookup_clear (&lookup);
}

static void
test_unknown_token_is_not_expired (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  RdTestLookup lookup = { 0 };

  lookup_with_token (service, "MIInot-issued-by-the-demo", &lookup);

  g_assert_error (lookup.error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (lookup.details->error_msg, ==,
                   "Incorrect IAM authentication information: decrypt token fail");
  rd_test_lookup_clear (&lookup);
}

static void
test_errors_forbidden (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };

  rd_test_push_status (
      service, 403,
      "{\"error\":{\"code\":403,\"message\":\"The user does not have programmatic access.\","
      "\"title\":\"Forbidden\"}}",
      NULL);
  sign_in_run (&sign_in, service, RD_DEMO_IAM_USER, RD_DEMO_IAM_PASSWORD, NULL);

  g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN);
  g_assert_cmpstr (sign_in.error->message, ==,
                   "IAM refused the sign-in: The user does not have programmatic access.");
  g_assert_cmpuint (sign_in.details->http_status, ==, 403);
}

static void
test_errors_bad_request_keeps_iam_message (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };

  rd_test_push_status (
      service, 400,
      "{\"error\":{\"code\":400,\"message\":\"The project does not exist in this account.\","
      "\"title\":\"Bad Request\"}}",
      NULL);
  sign_in_run (&sign_in, service, RD_DEMO_IAM_USER, RD_DEMO_IAM_PASSWORD, NULL);

  g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_SERVICE);
  g_assert_cmpstr (sign_in.error->message, ==,
                   "IAM refused the sign-in request: The project does not exist in this account.");
  g_assert_cmpstr (sign_in.details->error_code, ==, "400");
}

static void
test_errors_unknown_project (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };

  rd_iam_sign_in_async (rd_demo_service_get_url (service), RD_DEMO_IAM_DOMAIN, RD_DEMO_IAM_USER,
                        RD_DEMO_IAM_PASSWORD, NULL, "ap-southeast-1", NULL,
                        on_sign_in_done, &sign_in);
  rd_test_wait_for_flag (&sign_in.done, WAIT_SECONDS);

  g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_SERVICE);
  g_assert_cmpstr (sign_in.details->error_msg, ==, "The project does not exist in this account.");
}

static void
test_errors_server_not_retried (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };

  rd_test_push_status (service, 503, NULL, NULL);
  sign_in_run (&sign_in, service, RD_DEMO_IAM_USER, RD_DEMO_IAM_PASSWORD, NULL);

  g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_SERVER);
  g_assert_cmpstr (sign_in.error->message, ==,
                   "IAM is having problems (HTTP status 503): try again later");
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);
}

/* A 429 asking for a day: not waited for (a password is never sent twice), and told, as the
 * DataArts calls tell it; before IAM ran on the engine it said "try again in a minute". */
static void
test_errors_retry_after_a_day_is_told (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };
  RdDemoFault fault = {
    .kind = RD_DEMO_FAULT_STATUS,
    .status = 429,
    .body = "{\"error\":{\"code\":429,\"message\":\"Too many requests.\"}}",
    .retry_after = "86400",
  };

  rd_demo_service_push_fault (service, &fault);
  sign_in_run (&sign_in, service, RD_DEMO_IAM_USER, RD_DEMO_IAM_PASSWORD, NULL);

  g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_THROTTLED);
  g_assert_cmpstr (sign_in.error->message, ==,
                   "IAM is receiving too many requests and asks to wait 24 hours before the "
                   "next one: try again after that");
  g_assert_cmpstr (sign_in.details->error_code, ==, "429");
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);
  g_assert_cmpfloat (sign_in_seconds (&sign_in), <, 3.0);
}

/* The engine's size cap, with IAM's limit and words, whether the answer says its length
 * or not. */
static void
test_size_answer_larger_than_a_token_refused (void)
{
  static const RdDemoFaultKind kinds[] = { RD_DEMO_FAULT_HUGE, RD_DEMO_FAULT_HUGE_DECLARED };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
      g_auto(SignIn) sign_in = { 0 };
      RdDemoFault fault = { .kind = kinds[i], .size = 5 * 1024 * 1024 };

      rd_demo_service_push_fault (service, &fault);
      sign_in_run (&sign_in, service, RD_DEMO_IAM_USER, RD_DEMO_IAM_PASSWORD, NULL);

      g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_TOO_LARGE);
      g_assert_cmpstr (sign_in.error->message, ==,
                       "IAM sent an answer far larger than a token, so it was refused");
      g_assert_cmpuint (sign_in.details->http_status, ==, 200);
    }
}

static void
test_bad_answer_without_subject_token (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };

  rd_test_push_status (service, 201,
                       "{\"token\":{\"expires_at\":\"2026-11-29T08:00:00.000000Z\","
                       "\"project\":{\"id\":\"" RD_DEMO_PROJECT_ID "\"}}}",
                       NULL);
  sign_in_run (&sign_in, service, RD_DEMO_IAM_USER, RD_DEMO_IAM_PASSWORD, NULL);

  g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (sign_in.error->message, ==, "IAM accepted the sign-in but sent no token");
}

typedef struct
{
  gboolean  done;
  GBytes   *answer;
  GError   *error;
} RawPost;

static void
on_raw_post_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RawPost *post = user_data;

  post->answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &post->error);
  post->done = TRUE;
}

static void
test_demo_answers_malformed_body_with_400 (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (rd_demo_service_get_url (service), "/v3/auth/tokens", NULL);
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_POST, url);
  g_autoptr(GBytes) request = g_bytes_new_static ("{\"auth\":", 8);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  RawPost post = { 0 };
  JsonObject *inner;

  /* The server runs on this thread's main context: the call must be async. */
  soup_session_set_proxy_resolver (session, NULL);
  soup_message_set_request_body_from_bytes (message, "application/json;charset=UTF-8", request);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    on_raw_post_done, &post);
  rd_test_wait_for_flag (&post.done, WAIT_SECONDS);
  g_assert_no_error (post.error);

  /* IAM's own error shape, not the gateway's. */
  g_assert_cmpuint (soup_message_get_status (message), ==, 400);
  json_parser_load_from_data (parser, g_bytes_get_data (post.answer, NULL),
                              g_bytes_get_size (post.answer), &error);
  g_assert_no_error (error);
  inner =
      json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "error");
  g_assert_nonnull (inner);
  g_assert_cmpint (json_object_get_int_member (inner, "code"), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (inner, "title"), ==, "Bad Request");
  g_assert_cmpstr (json_object_get_string_member (inner, "message"), ==,
                   "The request body is not valid JSON.");
  g_assert_false (json_object_has_member (json_node_get_object (json_parser_get_root (parser)),
                                          "error_code"));

  g_bytes_unref (post.answer);
}

/* Tests: transport and input */

static void
test_http_refused_for_remote_host (void)
{
  g_auto(SignIn) sign_in = { 0 };

  sign_in_start (&sign_in, "http://iam.example.invalid", RD_DEMO_IAM_USER,
                 "password-for-nowhere", NULL, NULL);
  rd_test_wait_for_flag (&sign_in.done, WAIT_SECONDS);

  /* Refused before any name lookup: a DNS failure would be NETWORK. */
  g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_INSECURE);
  g_assert_cmpstr (sign_in.error->message, ==,
                   "Refusing to send the password to iam.example.invalid over an unencrypted "
                   "connection: use an https:// endpoint");
  g_assert_null (sign_in.details);
  g_assert_cmpfloat (sign_in_seconds (&sign_in), <, 0.5);
}

static void
test_http_allowed_for_localhost (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  const char *url = rd_demo_service_get_url (service);
  g_autofree char *endpoint = g_strconcat ("http://localhost", strrchr (url, ':'), "/", NULL);
  g_auto(SignIn) sign_in = { 0 };

  sign_in_start (&sign_in, endpoint, RD_DEMO_IAM_USER, RD_DEMO_IAM_PASSWORD, NULL, NULL);
  rd_test_wait_for_flag (&sign_in.done, WAIT_SECONDS);

  g_assert_no_error (sign_in.error);
  g_assert_cmpstr (rd_demo_service_get_last_path (service), ==, "/v3/auth/tokens");
}

static void
test_connection_refused (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autofree char *url = g_strdup (rd_demo_service_get_url (service));
  g_auto(SignIn) sign_in = { 0 };

  rd_demo_service_stop (service);
  sign_in_start (&sign_in, url, RD_DEMO_IAM_USER, RD_DEMO_IAM_PASSWORD, NULL, NULL);
  rd_test_wait_for_flag (&sign_in.done, WAIT_SECONDS);

  g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (sign_in.error->message, "Could not connect to 127.0.0.1:"));
}

static void
test_timeout (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) sign_in = { 0 };
  RdDemoFault fault = { .kind = RD_DEMO_FAULT_DELAY, .delay_ms = 5000 };

  rd_demo_service_push_fault (service, &fault);
  sign_in.started = g_get_monotonic_time ();
  rd_iam_sign_in_full_async (rd_demo_service_get_url (service), RD_DEMO_IAM_DOMAIN,
                             RD_DEMO_IAM_USER, NULL, RD_DEMO_IAM_PASSWORD, NULL,
                             RD_DEMO_IAM_PROJECT_NAME, 1, NULL, on_sign_in_done, &sign_in);
  rd_test_wait_for_flag (&sign_in.done, WAIT_SECONDS);

  g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_TIMEOUT);
  g_assert_cmpstr (sign_in.error->message, ==, "IAM did not answer within 1 second");
  g_assert_cmpfloat (sign_in_seconds (&sign_in), <, 3.0);
}

static void
test_cancel_mid_request (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(SignIn) sign_in = { 0 };
  RdDemoFault fault = { .kind = RD_DEMO_FAULT_DELAY, .delay_ms = 5000 };
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint tick = g_timeout_add (10, rd_test_wake_up, NULL);

  rd_demo_service_push_fault (service, &fault);
  sign_in_start (&sign_in, rd_demo_service_get_url (service), RD_DEMO_IAM_USER,
                 RD_DEMO_IAM_PASSWORD, NULL, cancellable);

  while (rd_demo_service_get_request_count (service) < 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);

  g_cancellable_cancel (cancellable);
  rd_test_wait_for_flag (&sign_in.done, WAIT_SECONDS);

  g_assert_error (sign_in.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (sign_in_seconds (&sign_in), <, 3.0);
}

static void
test_invalid_input_sends_nothing (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  const char *url = rd_demo_service_get_url (service);
  struct {
    const char *endpoint;
    const char *domain;
    const char *user;
    const char *password;
    const char *mfa_code;
    const char *project;
    const char *message;
  } cases[] = {
    { url, RD_DEMO_IAM_DOMAIN, RD_DEMO_IAM_USER, "", NULL, "cn-north-4", "Enter the password" },
    { url, RD_DEMO_IAM_DOMAIN, RD_DEMO_IAM_USER, NULL, NULL, "cn-north-4", "Enter the password" },
    { url, " ", RD_DEMO_IAM_USER, "pw", NULL, "cn-north-4", "Enter the account name" },
    { url, RD_DEMO_IAM_DOMAIN, "", "pw", NULL, "cn-north-4", "Enter the IAM user name" },
    { url, RD_DEMO_IAM_DOMAIN, RD_DEMO_IAM_USER, "pw", NULL, "\n",
      "Enter the region or project name" },
    { url, RD_DEMO_IAM_DOMAIN, RD_DEMO_IAM_USER, "pw", "12ab56", "cn-north-4",
      "The MFA code must be 6 digits" },
    { url, RD_DEMO_IAM_DOMAIN, RD_DEMO_IAM_USER, "pw", "12345", "cn-north-4",
      "The MFA code must be 6 digits" },
    { url, RD_DEMO_IAM_DOMAIN, RD_DEMO_IAM_USER, "pw", "1234567", "cn-north-4",
      "The MFA code must be 6 digits" },
    { "ftp://iam.example.com", RD_DEMO_IAM_DOMAIN, RD_DEMO_IAM_USER, "pw", NULL, "cn-north-4",
      NULL },
    { "", RD_DEMO_IAM_DOMAIN, RD_DEMO_IAM_USER, "pw", NULL, "cn-north-4", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(SignIn) sign_in = { 0 };

      rd_iam_sign_in_async (cases[i].endpoint, cases[i].domain, cases[i].user, cases[i].password,
                            cases[i].mfa_code, cases[i].project, NULL, on_sign_in_done, &sign_in);
      rd_test_wait_for_flag (&sign_in.done, WAIT_SECONDS);

      g_assert_error (sign_in.error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT);
      if (cases[i].message != NULL)
        g_assert_cmpstr (sign_in.error->message, ==, cases[i].message);
      g_assert_null (sign_in.details);
    }

  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 0);
}

/* Tests: secrets */


static void
assert_not_in (const char *text,
               const char *secret)
{
  if (strstr (text, secret) != NULL)
    g_error ("“%s” leaked into: %s", secret, text);
}

static void
test_logging_no_secrets (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_auto(SignIn) good = { 0 };
  g_auto(SignIn) wrong = { 0 };
  g_auto(SignIn) mfa = { 0 };
  g_auto(SignIn) expired = { 0 };
  RdTestLookup lookup = { 0 };
  gboolean was_enabled = g_log_get_debug_enabled ();
  g_autofree char *captured = NULL;

  rd_test_log_capture_start ();
  g_log_set_debug_enabled (TRUE);

  sign_in_run (&good, service, RD_DEMO_IAM_USER, RD_DEMO_IAM_PASSWORD, NULL);
  sign_in_run (&wrong, service, RD_DEMO_IAM_USER, WRONG_PASSWORD, NULL);
  sign_in_run (&mfa, service, RD_DEMO_IAM_MFA_USER, RD_DEMO_IAM_PASSWORD, RD_DEMO_IAM_MFA_CODE);
  lookup_with_token (service, good.token->token, &lookup);
  g_assert_no_error (lookup.error);
  rd_test_lookup_clear (&lookup);
  rd_demo_service_set_token_lifetime (service, -60);
  sign_in_run (&expired, service, RD_DEMO_IAM_USER, RD_DEMO_IAM_PASSWORD, NULL);
  lookup_with_token (service, expired.token->token, &lookup);
  g_assert_nonnull (lookup.error);

  g_log_set_debug_enabled (was_enabled);
  captured = rd_test_log_capture_stop ();

  g_assert_no_error (good.error);
  g_assert_no_error (mfa.error);
  g_assert_nonnull (wrong.error);

  /* The debug lines were on, so the check saw something. */
  g_assert_nonnull (strstr (captured, "POST http://127.0.0.1:"));

  assert_not_in (captured, RD_DEMO_IAM_PASSWORD);
  assert_not_in (captured, WRONG_PASSWORD);
  assert_not_in (captured, good.token->token);
  assert_not_in (captured, mfa.token->token);
  assert_not_in (captured, expired.token->token);
  assert_not_in (captured, "passcode");

  /* Nor in what a user or a support ticket sees. */
  {
    g_autofree char *details = rd_error_details_format (wrong.details);
    g_autofree char *lookup_details = rd_error_details_format (lookup.details);

    assert_not_in (wrong.error->message, WRONG_PASSWORD);
    assert_not_in (details, WRONG_PASSWORD);
    assert_not_in (lookup.error->message, expired.token->token);
    assert_not_in (lookup_details, expired.token->token);
  }

  rd_test_lookup_clear (&lookup);
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything logs: the log test captures through this writer. */
  rd_test_log_capture_install ();

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/iam/sign-in/returns-token-expiry-and-project",
                   test_sign_in_returns_token_expiry_and_project);
  g_test_add_func ("/iam/sign-in/body-has-documented-shape",
                   test_sign_in_body_has_documented_shape);
  g_test_add_func ("/iam/sign-in/escapes-json", test_sign_in_escapes_json);
  g_test_add_func ("/iam/sign-in/token-opens-dataarts", test_sign_in_token_opens_dataarts);
  g_test_add_func ("/iam/token/copy-and-expiry", test_token_copy_and_expiry);
  g_test_add_func ("/iam/refused/wrong-password-not-retried", test_wrong_password_not_retried);
  g_test_add_func ("/iam/refused/unknown-user-and-domain", test_unknown_user_and_domain);
  g_test_add_func ("/iam/mfa/missing-code", test_mfa_user_without_code);
  g_test_add_func ("/iam/mfa/wrong-code", test_mfa_wrong_code);
  g_test_add_func ("/iam/mfa/right-code-with-name-and-domain",
                   test_mfa_right_code_with_name_and_domain);
  g_test_add_func ("/iam/mfa/right-code-with-user-id", test_mfa_right_code_with_user_id);
  g_test_add_func ("/iam/expiry/expired-token-refused-by-dataarts",
                   test_expired_token_refused_by_dataarts);
  g_test_add_func ("/iam/expiry/unknown-token-is-not-expired", test_unknown_token_is_not_expired);
  g_test_add_func ("/iam/errors/forbidden", test_errors_forbidden);
  g_test_add_func ("/iam/errors/bad-request-keeps-iam-message",
                   test_errors_bad_request_keeps_iam_message);
  g_test_add_func ("/iam/errors/unknown-project", test_errors_unknown_project);
  g_test_add_func ("/iam/errors/server-error-not-retried", test_errors_server_not_retried);
  g_test_add_func ("/iam/errors/answer-without-subject-token",
                   test_bad_answer_without_subject_token);
  g_test_add_func ("/iam/errors/retry-after-a-day-is-told", test_errors_retry_after_a_day_is_told);
  g_test_add_func ("/iam/size/answer-larger-than-a-token-refused",
                   test_size_answer_larger_than_a_token_refused);
  g_test_add_func ("/iam/demo/malformed-body-is-400", test_demo_answers_malformed_body_with_400);
  g_test_add_func ("/iam/security/http-refused-for-remote-host", test_http_refused_for_remote_host);
  g_test_add_func ("/iam/security/http-allowed-for-localhost", test_http_allowed_for_localhost);
  g_test_add_func ("/iam/network/connection-refused", test_connection_refused);
  g_test_add_func ("/iam/timeout/whole-call", test_timeout);
  g_test_add_func ("/iam/cancel/mid-request", test_cancel_mid_request);
  g_test_add_func ("/iam/input/invalid-sends-nothing", test_invalid_input_sends_nothing);
  g_test_add_func ("/iam/logging/no-secrets", test_logging_no_secrets);

  return g_test_run ();
}
