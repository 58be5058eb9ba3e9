/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-demo-service.c: an in-process fake DataArts Studio service on 127.0.0.1, for --demo and the tests. */
#define G_LOG_DOMAIN "rd-demo-service"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rd-demo-testing.h"
#include "rd-demo-private.h"

#include "rd-credentials.h"
#include "rd-signer.h"

/* Nothing here logs a token, a secret key or an Authorization value: the
 * debug lines name the method, the path and the status only. */

#define JSON_CONTENT_TYPE    "application/json;charset=UTF-8"
#define SDK_DATE_TOLERANCE   (15 * G_TIME_SPAN_MINUTE)
#define HUGE_CHUNK_SIZE      (64 * 1024)
#define IAM_ERROR_PREFIX     "Incorrect IAM authentication information: "
#define IAM_TOKENS_PATH      "/v3/auth/tokens"
#define IAM_TOKEN_BYTES      96
#define MAX_LOGGED_REQUESTS  10000

/* --------------------------------------------------------------------------
 * The service
 * -------------------------------------------------------------------------- */

typedef struct
{
  guint     status;
  GBytes   *body;
  JsonNode *document;   /* parsed from @body on first use; NULL when unreadable */
  gboolean  parsed;
} Package;

typedef struct
{
  char       *default_workspace;
  GHashTable *workspaces;   /* workspace ID -> (package ID -> Package) */
} Project;

typedef struct
{
  RdDemoFaultKind kind;
  guint           status;
  char           *body;
  char           *content_type;
  char           *retry_after;
  guint           delay_ms;
  guint64         size;
} Fault;

/* A token the IAM route handed out. */
typedef struct
{
  char   *token;
  gint64  expires_at;   /* g_get_real_time () µs */
} IssuedToken;

typedef struct _Delay Delay;

struct _RdDemoService
{
  GObject       parent_instance;

  SoupServer   *server;
  GMainContext *context;
  char         *url;

  GHashTable   *projects;     /* project ID -> Project */
  GPtrArray    *tokens;
  GPtrArray    *issued_tokens; /* of IssuedToken */
  gint64        token_lifetime;  /* seconds */
  GHashTable   *access_keys;  /* AK -> SK */
  GQueue        faults;       /* of Fault */
  GPtrArray    *delays;       /* of Delay, paused messages waiting for their timeout */

  RdDemoOffsetMode offset_mode;
  guint         release_delay_ms;
  gint64        clock_offset;  /* seconds the gateway's clock is ahead of the real one */
  GPtrArray    *releases;     /* of Release, waiting for their delay */
  GHashTable   *failing_packages; /* package IDs whose release fails */
  GPtrArray    *requests;     /* of RdDemoRequest, the log */

  guint         request_count;
  char         *last_path;
  char         *last_query;
  GHashTable   *last_headers;
  char         *last_body;
};

G_DEFINE_FINAL_TYPE (RdDemoService, rd_demo_service, G_TYPE_OBJECT)

/* A matched route hands its handler the request and the decoded path parameters. */
typedef struct
{
  SoupServerMessage *msg;
  const char        *request_id;
  const char        *project_id;
  const char        *package_id;
} Request;

typedef void (*RouteHandler) (RdDemoService *self,
                              Request       *request);

typedef struct
{
  const char   *method;
  const char   *pattern;   /* "{project_id}" and "{package_id}" match one non-empty segment */
  RouteHandler  handler;
} Route;

static void handle_show_package    (RdDemoService *self,
                                    Request       *request);
static void handle_list_packages   (RdDemoService *self,
                                    Request       *request);
static void handle_deploy_packages (RdDemoService *self,
                                    Request       *request);
static void handle_unpack_packages (RdDemoService *self,
                                    Request       *request);

/* More specific routes first. */
static const Route routes[] = {
  { "POST", "/v2/{project_id}/factory/release-packages", handle_list_packages },
  { "POST", "/v2/{project_id}/factory/release-packages/deploy", handle_deploy_packages },
  { "POST", "/v2/{project_id}/factory/release-packages/unpack", handle_unpack_packages },
  { "GET", "/v2/{project_id}/factory/release-packages/{package_id}", handle_show_package },
};

static void
package_free (gpointer data)
{
  Package *package = data;

  g_bytes_unref (package->body);
  g_clear_pointer (&package->document, json_node_unref);
  g_free (package);
}

static void
project_free (gpointer data)
{
  Project *project = data;

  g_free (project->default_workspace);
  g_hash_table_unref (project->workspaces);
  g_free (project);
}

static void
issued_token_free (gpointer data)
{
  IssuedToken *issued = data;

  rd_secret_wipe (issued->token);
  g_free (issued->token);
  g_free (issued);
}

static void
fault_free (gpointer data)
{
  Fault *fault = data;

  g_free (fault->body);
  g_free (fault->content_type);
  g_free (fault->retry_after);
  g_free (fault);
}

/* ---- responses ---- */

static char *
new_request_id (void)
{
  return g_strdup_printf ("%08x%08x%08x%08x",
                          g_random_int (), g_random_int (), g_random_int (), g_random_int ());
}

static void
respond_bytes (SoupServerMessage *msg,
               guint              status,
               const char        *content_type,
               GBytes            *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *response_body = soup_server_message_get_response_body (msg);

  soup_server_message_set_status (msg, status, NULL);
  if (content_type != NULL)
    soup_message_headers_replace (headers, "Content-Type", content_type);
  soup_message_body_truncate (response_body);
  if (body != NULL && g_bytes_get_size (body) > 0)
    soup_message_body_append_bytes (response_body, body);
}

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *content_type,
              const char        *text)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  respond_bytes (msg, status, content_type, body);
}

/* {"error_code":…,"error_msg":…[,"request_id":…]}: gateway errors carry the
 * request ID, service (DLF) errors do not. */
static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *error_code,
               const char        *error_msg,
               const char        *request_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error_code");
  json_builder_add_string_value (builder, error_code);
  json_builder_set_member_name (builder, "error_msg");
  json_builder_add_string_value (builder, error_msg);
  if (request_id != NULL)
    {
      json_builder_set_member_name (builder, "request_id");
      json_builder_add_string_value (builder, request_id);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  respond_text (msg, status, JSON_CONTENT_TYPE, text);
}

/* What the gateway says for a status when a STATUS fault brings no body. */
static gboolean
default_gateway_error (guint        status,
                       const char **error_code,
                       const char **error_msg)
{
  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      *error_code = "APIG.0301";
      *error_msg = IAM_ERROR_PREFIX "verify aksk signature fail";
      return TRUE;
    case SOUP_STATUS_FORBIDDEN:
      *error_code = "APIG.0302";
      *error_msg = "The IAM user is forbidden in the currently selected region";
      return TRUE;
    case SOUP_STATUS_NOT_FOUND:
      *error_code = "APIG.0101";
      *error_msg = "The API does not exist or has not been published in the environment.";
      return TRUE;
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      *error_code = "APIG.0201";
      *error_msg = "Request entity too large.";
      return TRUE;
    case 429: /* libsoup 3.2 has no name for it */
      *error_code = "APIG.0308";
      *error_msg = "The throttling threshold has been reached: "
                   "policy user over ratelimit,limit:5,time:1 minute";
      return TRUE;
    case SOUP_STATUS_BAD_GATEWAY:
      *error_code = "APIG.0202";
      *error_msg = "Backend unavailable.";
      return TRUE;
    default:
      break;
    }

  if (SOUP_STATUS_IS_CLIENT_ERROR (status))
    {
      *error_code = "APIG.0201";
      *error_msg = "Bad request.";
      return TRUE;
    }

  if (SOUP_STATUS_IS_SERVER_ERROR (status))
    {
      *error_code = "APIG.0203";
      *error_msg = "Backend timeout.";
      return TRUE;
    }

  return FALSE;
}

/* ---- recording ---- */

char *
rd_demo_token_credential (const char *token)
{
  g_autofree char *digest = NULL;

  g_return_val_if_fail (token != NULL, NULL);

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  return g_strdup_printf ("token:%.16s", digest);
}

static char *
dup_request_credential (SoupMessageHeaders *headers)
{
  const char *token = soup_message_headers_get_one (headers, "X-Auth-Token");
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *access_key = NULL;
  g_auto(GStrv) signed_headers = NULL;
  g_autofree char *signature = NULL;

  if (token != NULL)
    return rd_demo_token_credential (token);

  if (authorization != NULL &&
      rd_signer_parse_authorization (authorization, &access_key, &signed_headers, &signature, NULL))
    return g_strconcat ("ak:", access_key, NULL);

  return NULL;
}

static void
record_request (RdDemoService     *self,
                SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  self->request_count++;

  g_free (self->last_path);
  self->last_path = g_strdup (g_uri_get_path (soup_server_message_get_uri (msg)));
  g_free (self->last_query);
  self->last_query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      char *key = g_ascii_strdown (name, -1);
      const char *previous = g_hash_table_lookup (table, key);

      if (previous != NULL)
        g_hash_table_replace (table, key, g_strconcat (previous, ", ", value, NULL));
      else
        g_hash_table_replace (table, key, g_strdup (value));
    }

  g_clear_pointer (&self->last_headers, g_hash_table_unref);
  self->last_headers = table;

  /* It may hold a password (the IAM route): wiped when replaced. */
  {
    g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
    gsize length;
    const char *data = g_bytes_get_data (body, &length);

    RdDemoRequest *logged = g_new0 (RdDemoRequest, 1);

    rd_secret_wipe (self->last_body);
    g_free (self->last_body);
    self->last_body = g_strndup (data != NULL ? data : "", length);

    logged->method = g_strdup (soup_server_message_get_method (msg));
    logged->path = g_strdup (self->last_path);
    logged->query = g_strdup (self->last_query);
    /* The log lives as long as the service (all session long with --demo):
     * a sign-in's password is not kept in it, and old entries go. */
    logged->body = g_strdup (g_strcmp0 (self->last_path, IAM_TOKENS_PATH) == 0 ? "" : self->last_body);
    logged->credential = dup_request_credential (headers);
    if (self->requests->len >= MAX_LOGGED_REQUESTS)
      g_ptr_array_remove_index (self->requests, 0);
    g_ptr_array_add (self->requests, logged);
  }
}

/* ---- authentication, as the API gateway does it ---- */

static gboolean
fail_auth (SoupServerMessage *msg,
           const char        *request_id,
           const char        *reason)
{
  g_autofree char *message = g_strconcat (IAM_ERROR_PREFIX, reason, NULL);

  respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "APIG.0301", message, request_id);
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

  if (!rd_signer_parse_authorization (authorization, &access_key, &signed_headers, &signature, NULL))
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
          g_autofree char *reason = g_strdup_printf ("signed header %s is missing", signed_headers[i]);

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
  if (project_header != NULL && url_project_id != NULL && strcmp (project_header, url_project_id) != 0)
    return fail_auth (msg, request_id, "x-project-id does not match the project in the URL");

  return TRUE;
}

/* Answers 401 and returns FALSE when the request may not pass. */
static gboolean
check_auth (RdDemoService     *self,
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

/* ---- routing ---- */

/* Matches @path (escaped, as received) against @pattern segment by segment;
 * on success the parameters are percent-decoded into @project_id and @package_id. */
static gboolean
match_pattern (const char  *pattern,
               const char  *path,
               char       **project_id,
               char       **package_id)
{
  g_auto(GStrv) want = g_strsplit (pattern, "/", -1);
  g_auto(GStrv) got = g_strsplit (path, "/", -1);
  g_autofree char *project = NULL;
  g_autofree char *package = NULL;
  guint i;

  for (i = 0; want[i] != NULL && got[i] != NULL; i++)
    {
      char **slot;

      if (strcmp (want[i], "{project_id}") == 0)
        slot = &project;
      else if (strcmp (want[i], "{package_id}") == 0)
        slot = &package;
      else if (strcmp (want[i], got[i]) == 0)
        continue;
      else
        return FALSE;

      if (got[i][0] == '\0')
        return FALSE;
      /* NULL for a bad escape or an encoded NUL: no API has such a path. */
      *slot = g_uri_unescape_string (got[i], NULL);
      if (*slot == NULL)
        return FALSE;
    }

  if (want[i] != NULL || got[i] != NULL)
    return FALSE;

  *project_id = g_steal_pointer (&project);
  *package_id = g_steal_pointer (&package);
  return TRUE;
}

static const Route *
find_route (const char  *method,
            const char  *path,
            char       **project_id,
            char       **package_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autofree char *project = NULL;
      g_autofree char *package = NULL;

      if (!match_pattern (routes[i].pattern, path, &project, &package))
        continue;

      /* The project is known even when the method is wrong, for the
       * X-Project-Id check that comes before the 404. */
      if (*project_id == NULL)
        *project_id = g_strdup (project);

      if (strcmp (routes[i].method, method) != 0)
        continue;

      g_free (*project_id);
      *project_id = g_steal_pointer (&project);
      *package_id = g_steal_pointer (&package);
      return &routes[i];
    }

  return NULL;
}

/* The packages of the workspace the request selects, or NULL after
 * answering the service's error. */
static GHashTable *
resolve_workspace (RdDemoService *self,
                   Request       *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *workspace_id = soup_message_headers_get_one (headers, "workspace");
  Project *project = g_hash_table_lookup (self->projects, request->project_id);
  GHashTable *packages;

  if (project == NULL)
    {
      g_autofree char *message = g_strdup_printf ("The queried project does not exist. project_id: %s",
                                                  request->project_id);

      respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, "DLF.0810", message, NULL);
      return NULL;
    }

  if (workspace_id == NULL)
    workspace_id = project->default_workspace;

  packages = g_hash_table_lookup (project->workspaces, workspace_id);
  if (packages == NULL)
    {
      g_autofree char *message = g_strdup_printf ("The request parameter is invalid. workspace: %s",
                                                  workspace_id);

      respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, "DLF.3051", message, NULL);
      return NULL;
    }

  return packages;
}

static void
handle_show_package (RdDemoService *self,
                     Request       *request)
{
  GHashTable *packages = resolve_workspace (self, request);
  Package *package;

  if (packages == NULL)
    return;

  package = g_hash_table_lookup (packages, request->package_id);
  if (package == NULL)
    {
      respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, "DLF.0810",
                     "The queried release package does not exist.", NULL);
      return;
    }

  respond_bytes (request->msg, package->status, JSON_CONTENT_TYPE, package->body);
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

  respond_text (msg, status, JSON_CONTENT_TYPE, text);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
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

  respond_text (msg, SOUP_STATUS_CREATED, JSON_CONTENT_TYPE, text);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Subject-Token", issued->token);
}

/* The sign-in itself: needs no credentials, checks the body as IAM does. */
static void
handle_iam_tokens (RdDemoService     *self,
                   SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GHashTable *query = NULL;
  const char *query_text = g_uri_get_query (soup_server_message_get_uri (msg));
  JsonNode *root;
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

  identity = member_object (member_object (json_node_get_object (root), "auth"), "identity");
  methods_node = identity != NULL ? json_object_get_member (identity, "methods") : NULL;
  methods = methods_node != NULL && JSON_NODE_HOLDS_ARRAY (methods_node)
              ? json_node_get_array (methods_node) : NULL;
  password_user = member_object (member_object (identity, "password"), "user");
  domain = member_string (member_object (password_user, "domain"), "name");
  name = member_string (password_user, "name");
  password = member_string (password_user, "password");
  project = member_object (member_object (member_object (json_node_get_object (root), "auth"),
                                          "scope"), "project");
  project_name = member_string (project, "name");
  project_id = member_string (project, "id");

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

  totp_user = member_object (member_object (identity, "totp"), "user");
  if (user->needs_mfa)
    {
      const char *passcode = member_string (totp_user, "passcode");
      const char *totp_id = member_string (totp_user, "id");
      const char *totp_name = member_string (totp_user, "name");
      const char *totp_domain = member_string (member_object (totp_user, "domain"), "name");
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

/* ---- the review queue: list, deploy and unpack ---- */

/* The demo's own code for a body it cannot take; the documented DLF.3051
 * means an unknown workspace to the client. */
#define BAD_PARAMETER_CODE   "DLF.1010"
/* Documented for the cancel call; the demo answers it for deploy too. */
#define NO_SUCH_TASK_CODE    "DLF.20810"
#define NO_SUCH_TASK_MESSAGE "Task does not exist."
/* The demo's own: the package is not waiting for review. */
#define WRONG_STATE_CODE     "DLF.20812"

static void
respond_bad_parameter (Request    *request,
                       const char *member)
{
  g_autofree char *message = g_strdup_printf ("The request parameter is invalid: %s", member);

  respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, BAD_PARAMETER_CODE, message, NULL);
}

/* The request body as a JSON object; an empty body is {}. NULL after
 * answering 400. */
static JsonObject *
load_request_object (Request    *request,
                     JsonParser *parser)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  JsonNode *root;

  if (g_bytes_get_size (body) == 0)
    return json_object_new ();

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   (gssize) g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, "APIG.0201",
                     "Bad request: the body is not a JSON object.", request->request_id);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static gboolean
node_is (JsonNode *node,
         GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* Reads an optional member strictly, as the service's validation would. */
static gboolean
read_optional_string (Request     *request,
                      JsonObject  *object,
                      const char  *member,
                      const char **value)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!node_is (node, G_TYPE_STRING))
    {
      respond_bad_parameter (request, member);
      return FALSE;
    }

  *value = json_node_get_string (node);

  return TRUE;
}

static gboolean
read_optional_int (Request    *request,
                   JsonObject *object,
                   const char *member,
                   gint64      default_value,
                   gint64      min_value,
                   gint64      max_value,
                   gint64     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = default_value;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!node_is (node, G_TYPE_INT64) || json_node_get_int (node) < min_value ||
      json_node_get_int (node) > max_value)
    {
      respond_bad_parameter (request, member);
      return FALSE;
    }

  *value = json_node_get_int (node);

  return TRUE;
}

static gboolean
read_optional_array (Request     *request,
                     JsonObject  *object,
                     const char  *member,
                     GType        element_type,
                     JsonArray  **value)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      respond_bad_parameter (request, member);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (!node_is (json_array_get_element (array, i), element_type))
        {
          respond_bad_parameter (request, member);
          return FALSE;
        }
    }

  *value = array;

  return TRUE;
}

/* The package's release_package object, parsed from its body on first use
 * and changed in place by deploy; NULL for a package that is not a
 * readable detail answer (tests serve broken ones on purpose). */
static JsonObject *
package_get_object (Package *package)
{
  JsonNode *member;

  if (!package->parsed)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      package->parsed = TRUE;
      if (package->status == SOUP_STATUS_OK &&
          json_parser_load_from_data (parser, g_bytes_get_data (package->body, NULL),
                                      (gssize) g_bytes_get_size (package->body), NULL) &&
          (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
        package->document = json_parser_steal_root (parser);
    }

  if (package->document == NULL)
    return NULL;

  member = json_object_get_member (json_node_get_object (package->document), "release_package");

  return member != NULL && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
}

static JsonArray *
package_get_tasks (Package *package)
{
  JsonNode *member;

  if (package_get_object (package) == NULL)
    return NULL;

  member = json_object_get_member (json_node_get_object (package->document), "task_details");

  return member != NULL && JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;
}

/* Serves the changed document from now on. Until a package changes, its
 * first answer stays byte for byte what it was. */
static void
package_commit (Package *package)
{
  char *text = json_to_string (package->document, FALSE);

  g_bytes_unref (package->body);
  package->body = g_bytes_new_take (text, strlen (text));
}

static gint64
member_int (JsonObject *object,
            const char *member,
            gint64      default_value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node_is (node, G_TYPE_INT64))
    return json_node_get_int (node);

  /* Older service versions sent timestamps as strings of digits. */
  if (node_is (node, G_TYPE_STRING))
    {
      guint64 value;

      if (g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXINT64, &value, NULL))
        return (gint64) value;
    }

  return default_value;
}

static gboolean
array_contains_int (JsonArray *array,
                    gint64     value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (json_array_get_int_element (array, i) == value)
        return TRUE;
    }

  return FALSE;
}

static gboolean
array_contains_string (JsonArray  *array,
                       const char *value)
{
  for (guint i = 0; value != NULL && i < json_array_get_length (array); i++)
    {
      if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded_haystack = NULL;
  g_autofree char *folded_needle = NULL;

  if (haystack == NULL)
    return FALSE;

  folded_haystack = g_utf8_casefold (haystack, -1);
  folded_needle = g_utf8_casefold (needle, -1);

  return strstr (folded_haystack, folded_needle) != NULL;
}

typedef struct
{
  const char *key_word;
  const char *apply_user_name;
  const char *deploy_user_name;
  gint64      apply_begin_time;
  gint64      apply_end_time;
  gint64      deploy_begin_time;
  gint64      deploy_end_time;
  JsonArray  *apply_user_names;
  JsonArray  *deploy_user_names;
  JsonArray  *statuses;
} ListFilter;

static gboolean
in_range (gint64 value,
          gint64 begin,
          gint64 end)
{
  if (begin == -1 && end == -1)
    return TRUE;
  if (value < 0)
    return FALSE;

  return (begin == -1 || value >= begin) && (end == -1 || value <= end);
}

static gboolean
filter_matches (const ListFilter *filter,
                JsonObject       *object)
{
  const char *name = member_string (object, "package_name");
  const char *applicant = member_string (object, "apply_user_name");
  const char *deployer = member_string (object, "deploy_user_name");

  if (filter->key_word != NULL && !contains_folded (name, filter->key_word))
    return FALSE;
  if (filter->apply_user_name != NULL && g_strcmp0 (applicant, filter->apply_user_name) != 0)
    return FALSE;
  if (filter->deploy_user_name != NULL && g_strcmp0 (deployer, filter->deploy_user_name) != 0)
    return FALSE;
  if (filter->apply_user_names != NULL && !array_contains_string (filter->apply_user_names, applicant))
    return FALSE;
  if (filter->deploy_user_names != NULL && !array_contains_string (filter->deploy_user_names, deployer))
    return FALSE;
  if (filter->statuses != NULL && json_array_get_length (filter->statuses) > 0 &&
      !array_contains_int (filter->statuses, member_int (object, "deploy_status", -1)))
    return FALSE;
  if (!in_range (member_int (object, "apply_timestamp", -1),
                 filter->apply_begin_time, filter->apply_end_time))
    return FALSE;
  if (!in_range (member_int (object, "deploy_timestamp", -1),
                 filter->deploy_begin_time, filter->deploy_end_time))
    return FALSE;

  return TRUE;
}

typedef struct
{
  JsonObject *object;
  gint64      key;
  gint64      numeric_id;
  const char *id;
} ListEntry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const ListEntry *x = a;
  const ListEntry *y = b;
  gboolean sort_ascending = GPOINTER_TO_INT (user_data);
  int order;

  if (x->key != y->key)
    order = x->key < y->key ? -1 : 1;
  else if (x->numeric_id != y->numeric_id)
    order = x->numeric_id < y->numeric_id ? -1 : 1;
  else
    order = g_strcmp0 (x->id, y->id);

  return sort_ascending ? order : -order;
}

/* POST /v2/{project_id}/factory/release-packages */
static void
handle_list_packages (RdDemoService *self,
                      Request       *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (ListEntry));
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  GHashTable *packages;
  GHashTableIter iter;
  gpointer value;
  ListFilter filter = { 0, };
  const char *direction;
  const char *order_column;
  gint64 limit;
  gint64 offset;
  gint64 start;

  if (!(packages = resolve_workspace (self, request)) ||
      !(body = load_request_object (request, parser)))
    return;

  if (!read_optional_string (request, body, "key_word", &filter.key_word) ||
      !read_optional_string (request, body, "apply_user_name", &filter.apply_user_name) ||
      !read_optional_string (request, body, "deploy_user_name", &filter.deploy_user_name) ||
      !read_optional_int (request, body, "apply_begin_time", -1, 0, G_MAXINT64, &filter.apply_begin_time) ||
      !read_optional_int (request, body, "apply_end_time", -1, 0, G_MAXINT64, &filter.apply_end_time) ||
      !read_optional_int (request, body, "deploy_begin_time", -1, 0, G_MAXINT64, &filter.deploy_begin_time) ||
      !read_optional_int (request, body, "deploy_end_time", -1, 0, G_MAXINT64, &filter.deploy_end_time) ||
      !read_optional_array (request, body, "apply_user_name_filter", G_TYPE_STRING, &filter.apply_user_names) ||
      !read_optional_array (request, body, "deploy_user_name_filter", G_TYPE_STRING, &filter.deploy_user_names) ||
      !read_optional_array (request, body, "deploy_status_filter", G_TYPE_INT64, &filter.statuses) ||
      !read_optional_string (request, body, "sorted_direction", &direction) ||
      !read_optional_string (request, body, "order_column", &order_column) ||
      !read_optional_int (request, body, "limit", 10, 1, 100, &limit) ||
      !read_optional_int (request, body, "offset", 0, 0, G_MAXINT32, &offset))
    return;

  if (direction != NULL && strcmp (direction, "asc") != 0 && strcmp (direction, "desc") != 0)
    {
      respond_bad_parameter (request, "sorted_direction");
      return;
    }
  if (order_column != NULL && strcmp (order_column, "apply_timestamp") != 0 &&
      strcmp (order_column, "deploy_timestamp") != 0)
    {
      respond_bad_parameter (request, "order_column");
      return;
    }

  g_hash_table_iter_init (&iter, packages);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      JsonObject *object = package_get_object (value);
      ListEntry entry;
      guint64 numeric;

      if (object == NULL || !filter_matches (&filter, object))
        continue;

      entry.object = object;
      entry.key = member_int (object, order_column != NULL ? order_column : "apply_timestamp", -1);
      entry.id = member_string (object, "package_id");
      if (entry.id == NULL)
        entry.id = "";
      entry.numeric_id = g_ascii_string_to_unsigned (entry.id, 10, 0, G_MAXINT64, &numeric, NULL)
                         ? (gint64) numeric : -1;
      g_array_append_val (entries, entry);
    }

  /* Newest first unless asked otherwise; the ID breaks ties, so pages never overlap. */
  g_array_sort_with_data (entries, compare_entries,
                          GINT_TO_POINTER (direction != NULL && strcmp (direction, "asc") == 0));

  switch (self->offset_mode)
    {
    case RD_DEMO_OFFSET_RECORDS:
      start = offset;
      break;
    case RD_DEMO_OFFSET_PAGES:
      start = offset * limit;
      break;
    case RD_DEMO_OFFSET_PAGES_FROM_1:
      start = MAX (offset - 1, 0) * limit;
      break;
    default:
      g_assert_not_reached ();
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (gint64 i = start; i < (gint64) entries->len && i < start + limit; i++)
    {
      JsonNode *node = json_node_init_object (json_node_alloc (),
                                              g_array_index (entries, ListEntry, i).object);

      json_builder_add_value (builder, node);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, entries->len);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  respond_text (request->msg, SOUP_STATUS_OK, JSON_CONTENT_TYPE, text);
}

/* The package_ids of a deploy or unpack body, checked as the service does:
 * 1 to 100 strings, each a known package waiting for review. NULL after
 * answering 400; nothing is changed then, for any of them. */
static GPtrArray *
check_action_body (RdDemoService *self,
                   Request       *request,
                   JsonObject    *body,
                   GHashTable    *packages,
                   const char    *action)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *node = json_object_get_member (body, "package_ids");
  JsonArray *ids;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      respond_bad_parameter (request, "package_ids");
      return NULL;
    }

  ids = json_node_get_array (node);
  n = json_array_get_length (ids);
  if (n < 1 || n > 100)
    {
      respond_bad_parameter (request, "package_ids: between 1 and 100 IDs are allowed");
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (ids, i);
      const char *id;
      Package *package;
      JsonObject *object;
      gint64 status;

      if (!node_is (element, G_TYPE_STRING) || !g_hash_table_add (seen, (gpointer) json_node_get_string (element)))
        {
          respond_bad_parameter (request, "package_ids");
          return NULL;
        }

      id = json_node_get_string (element);
      package = g_hash_table_lookup (packages, id);
      object = package != NULL ? package_get_object (package) : NULL;
      if (object == NULL)
        {
          respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, NO_SUCH_TASK_CODE,
                         NO_SUCH_TASK_MESSAGE, NULL);
          return NULL;
        }

      status = member_int (object, "deploy_status", -1);
      if (status != 1)
        {
          g_autofree char *message =
            g_strdup_printf ("The release package %s cannot be %s: its deploy_status is %" G_GINT64_FORMAT
                             ", not 1 (to be reviewed).", id, action, status);

          respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, WRONG_STATE_CODE, message, NULL);
          return NULL;
        }

      g_ptr_array_add (chosen, (gpointer) id);
    }

  return g_steal_pointer (&chosen);
}

/* A deploy call's packages, finished after the release delay. */
typedef struct
{
  RdDemoService *self;        /* unowned: the service destroys its releases before it goes */
  GHashTable    *packages;    /* the workspace's table, owned by the service */
  GPtrArray     *package_ids;
  gboolean       start_jobs;
  GSource       *source;
} Release;

static void
release_free (gpointer data)
{
  Release *release = data;

  if (release->source != NULL)
    {
      g_source_destroy (release->source);
      g_source_unref (release->source);
    }
  g_ptr_array_unref (release->package_ids);
  g_free (release);
}

static void
set_tasks_status (JsonArray *tasks,
                  int        status,
                  gboolean   fails,
                  gboolean   start_jobs)
{
  for (guint i = 0; tasks != NULL && i < json_array_get_length (tasks); i++)
    {
      JsonNode *element = json_array_get_element (tasks, i);
      JsonObject *task = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      /* A failed release fails on its first task; the others go through. */
      int task_status = status == 5 ? 5 : (fails && i == 0) ? 3 : 2;

      if (task == NULL)
        continue;

      json_object_set_int_member (task, "deploy_status", task_status);
      if (task_status == 2 && json_object_has_member (task, "pending_version"))
        json_object_set_int_member (task, "deployed_version",
                                    member_int (task, "pending_version", 0));
      if (task_status != 5 && start_jobs && member_int (task, "task_type", 0) == 1)
        json_object_set_int_member (task, "start_job_status", task_status);
    }
}

static gboolean
release_finished (gpointer data)
{
  Release *release = data;
  RdDemoService *self = release->self;

  for (guint i = 0; i < release->package_ids->len; i++)
    {
      const char *id = g_ptr_array_index (release->package_ids, i);
      Package *package = g_hash_table_lookup (release->packages, id);
      JsonObject *object = package != NULL ? package_get_object (package) : NULL;
      gboolean fails = g_hash_table_contains (self->failing_packages, id);

      if (object == NULL || member_int (object, "deploy_status", -1) != 5)
        continue;

      json_object_set_int_member (object, "deploy_status", fails ? 3 : 2);
      set_tasks_status (package_get_tasks (package), fails ? 3 : 2, fails, release->start_jobs);
      package_commit (package);
      g_debug ("Package %s released: %s", id, fails ? "failed" : "successful");
    }

  g_ptr_array_remove_fast (self->releases, release);

  return G_SOURCE_REMOVE;
}

/* POST /v2/{project_id}/factory/release-packages/deploy */
static void
handle_deploy_packages (RdDemoService *self,
                        Request       *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *deployer_id = NULL;
  GHashTable *packages;
  gint64 startup_mode;
  gint64 now_ms = g_get_real_time () / 1000;
  Release *release;

  if (!(packages = resolve_workspace (self, request)) ||
      !(body = load_request_object (request, parser)) ||
      !read_optional_int (request, body, "startup_mode", 1, 0, 1, &startup_mode) ||
      !(ids = check_action_body (self, request, body, packages, "released")))
    return;

  deployer_id = rd_demo_sample_id ("user", RD_DEMO_DEPLOY_USER);
  release = g_new0 (Release, 1);
  release->self = self;
  release->packages = packages;
  release->package_ids = g_ptr_array_new_with_free_func (g_free);
  release->start_jobs = startup_mode == 1;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "deploy_package_details");
  json_builder_begin_array (builder);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      Package *package = g_hash_table_lookup (packages, id);
      JsonObject *object = package_get_object (package);
      JsonArray *tasks = package_get_tasks (package);
      g_autofree char *task_id = new_request_id ();
      guint64 numeric;

      json_object_set_int_member (object, "deploy_status", 5);
      json_object_set_int_member (object, "deploy_timestamp", now_ms);
      json_object_set_string_member (object, "deploy_user_id", deployer_id);
      json_object_set_string_member (object, "deploy_user_name", RD_DEMO_DEPLOY_USER);
      set_tasks_status (tasks, 5, FALSE, FALSE);
      package_commit (package);
      g_ptr_array_add (release->package_ids, g_strdup (id));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "asy_subtask_num");
      json_builder_add_int_value (builder, tasks != NULL ? json_array_get_length (tasks) : 0);
      json_builder_set_member_name (builder, "asy_task_id");
      json_builder_add_string_value (builder, task_id);
      /* A number here, unlike everywhere else. */
      json_builder_set_member_name (builder, "package_id");
      if (g_ascii_string_to_unsigned (id, 10, 0, G_MAXINT64, &numeric, NULL))
        json_builder_add_int_value (builder, (gint64) numeric);
      else
        json_builder_add_string_value (builder, id);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  /* On the service's context, like everything else it does. */
  release->source = g_timeout_source_new (self->release_delay_ms);
  g_source_set_callback (release->source, release_finished, release, NULL);
  g_source_attach (release->source, self->context);
  g_ptr_array_add (self->releases, release);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  respond_text (request->msg, SOUP_STATUS_OK, JSON_CONTENT_TYPE, text);
}

/* POST /v2/{project_id}/factory/release-packages/unpack: the package leaves
 * the review queue for good, as a revoked one does in the console (its tasks
 * go back to their developer); the detail call then answers DLF.0810. */
static void
handle_unpack_packages (RdDemoService *self,
                        Request       *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  GHashTable *packages;

  if (!(packages = resolve_workspace (self, request)) ||
      !(body = load_request_object (request, parser)) ||
      !(ids = check_action_body (self, request, body, packages, "revoked")))
    return;

  /* The IDs point into the body; copied before their packages go. */
  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (removed, g_strdup (g_ptr_array_index (ids, i)));
  for (guint i = 0; i < removed->len; i++)
    g_hash_table_remove (packages, g_ptr_array_index (removed, i));

  /* No documented body: none is sent. */
  respond_bytes (request->msg, SOUP_STATUS_OK, NULL, NULL);
}

/* The normal answer: authentication, then routing. */
static void
answer (RdDemoService     *self,
        SoupServerMessage *msg,
        const char        *request_id)
{
  const char *method = soup_server_message_get_method (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autofree char *project_id = NULL;
  g_autofree char *package_id = NULL;
  const Route *route;

  /* IAM lives on its own host in the cloud; here on the same one. */
  if (strcmp (path, IAM_TOKENS_PATH) == 0)
    {
      handle_iam_tokens (self, msg);
      g_debug ("%s %s: %u", method, path, soup_server_message_get_status (msg));
      return;
    }

  route = find_route (method, path, &project_id, &package_id);

  if (check_auth (self, msg, request_id, project_id))
    {
      if (route == NULL)
        {
          respond_error (msg, SOUP_STATUS_NOT_FOUND, "APIG.0101",
                         "The API does not exist or has not been published in the environment.",
                         request_id);
        }
      else
        {
          Request request = {
            .msg = msg,
            .request_id = request_id,
            .project_id = project_id,
            .package_id = package_id,
          };

          route->handler (self, &request);
        }
    }

  g_debug ("%s %s: %u", method, path, soup_server_message_get_status (msg));
}

/* ---- faults: DELAY ---- */

struct _Delay
{
  RdDemoService     *self;       /* unowned: the service drops its delays before it goes */
  SoupServerMessage *msg;
  char              *request_id;
  GSource           *source;
  gulong             finished_id;
  gboolean           finished;
};

static void
delay_free (Delay *delay)
{
  g_clear_signal_handler (&delay->finished_id, delay->msg);
  if (delay->source != NULL)
    {
      g_source_destroy (delay->source);
      g_source_unref (delay->source);
    }
  g_object_unref (delay->msg);
  g_free (delay->request_id);
  g_free (delay);
}

static void
delay_message_finished (SoupServerMessage *msg,
                        Delay             *delay)
{
  delay->finished = TRUE;
}

static gboolean
delay_elapsed (gpointer data)
{
  Delay *delay = data;
  RdDemoService *self = delay->self;
  guint index;

  if (g_ptr_array_find (self->delays, delay, &index))
    g_ptr_array_steal_index_fast (self->delays, index);

  /* A client that gave up may already be gone: then there is no one to answer. */
  if (!delay->finished)
    {
      answer (self, delay->msg, delay->request_id);
      soup_server_message_unpause (delay->msg);
    }

  delay_free (delay);

  return G_SOURCE_REMOVE;
}

static void
start_delay (RdDemoService     *self,
             SoupServerMessage *msg,
             const char        *request_id,
             guint              delay_ms)
{
  Delay *delay = g_new0 (Delay, 1);

  delay->self = self;
  delay->msg = g_object_ref (msg);
  delay->request_id = g_strdup (request_id);
  delay->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (delay_message_finished), delay);

  soup_server_message_pause (msg);

  /* On the service's context, not the global default one. */
  delay->source = g_timeout_source_new (delay_ms);
  g_source_set_callback (delay->source, delay_elapsed, delay, NULL);
  g_source_attach (delay->source, self->context);

  g_ptr_array_add (self->delays, delay);
}

static void
cancel_delays (RdDemoService *self)
{
  while (self->delays->len > 0)
    delay_free (g_ptr_array_steal_index_fast (self->delays, self->delays->len - 1));
}

/* ---- faults: HUGE and HUGE_DECLARED ---- */

static const char huge_prefix[] = "{\"release_package\":{\"package_id\":\"1\"},\"task_details\":[";
/* One repeated element, 256 bytes with its comma. */
#define HUGE_ELEMENT_LENGTH 256

typedef struct
{
  guint64  size;
  guint64  appended;
  gboolean completed;
  gboolean finished;
  char     element[HUGE_ELEMENT_LENGTH];
} Stream;

/* Byte @offset onwards of the endless stream prefix, element, element, …. */
static void
stream_fill (Stream  *stream,
             guchar  *buffer,
             guint64  offset,
             gsize    length)
{
  const gsize prefix_length = sizeof huge_prefix - 1;

  while (length > 0)
    {
      const char *source;
      gsize available;
      gsize n;

      if (offset < prefix_length)
        {
          source = huge_prefix + offset;
          available = prefix_length - offset;
        }
      else
        {
          gsize position = (offset - prefix_length) % HUGE_ELEMENT_LENGTH;

          source = stream->element + position;
          available = HUGE_ELEMENT_LENGTH - position;
        }

      n = MIN (available, length);
      memcpy (buffer, source, n);
      buffer += n;
      offset += n;
      length -= n;
    }
}

/* Appends one more chunk; only one is ever waiting, so memory stays flat. */
static void
stream_append_next (SoupServerMessage *msg,
                    Stream            *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (stream->finished || stream->completed)
    return;

  if (stream->appended < stream->size)
    {
      gsize length = (gsize) MIN ((guint64) HUGE_CHUNK_SIZE, stream->size - stream->appended);
      guchar *buffer = g_malloc (length);

      stream_fill (stream, buffer, stream->appended, length);
      stream->appended += length;
      soup_message_body_append_take (body, buffer, length);
    }

  if (stream->appended >= stream->size)
    {
      stream->completed = TRUE;
      soup_message_body_complete (body);
    }
}

static void
stream_wrote_chunk (SoupServerMessage *msg,
                    Stream            *stream)
{
  stream_append_next (msg, stream);
}

static void
stream_finished (SoupServerMessage *msg,
                 Stream            *stream)
{
  /* Written out, or the client hung up: either way, nothing more to add. */
  stream->finished = TRUE;
}

static void
start_stream (SoupServerMessage *msg,
              guint64            size,
              gboolean           declared)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  static const char element_head[] = "{\"item_name\":\"";
  static const char element_tail[] = "\"},";
  Stream *stream = g_new0 (Stream, 1);

  stream->size = size;
  memset (stream->element, 'a', HUGE_ELEMENT_LENGTH);
  memcpy (stream->element, element_head, sizeof element_head - 1);
  memcpy (stream->element + HUGE_ELEMENT_LENGTH - (sizeof element_tail - 1),
          element_tail, sizeof element_tail - 1);

  /* The stream lives as long as the message, so the handlers below never
   * see it freed. */
  g_object_set_data_full (G_OBJECT (msg), "rd-demo-stream", stream, g_free);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Type", JSON_CONTENT_TYPE);
  if (declared)
    soup_message_headers_set_content_length (headers, (goffset) size);
  else
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);

  /* Written chunks are dropped instead of accumulated. */
  soup_message_body_set_accumulate (body, FALSE);

  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (stream_wrote_chunk), stream);
  g_signal_connect (msg, "finished", G_CALLBACK (stream_finished), stream);

  stream_append_next (msg, stream);
}

static void
apply_fault (RdDemoService     *self,
             SoupServerMessage *msg,
             const char        *request_id,
             const Fault       *fault)
{
  const char *method = soup_server_message_get_method (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  switch (fault->kind)
    {
    case RD_DEMO_FAULT_STATUS:
      {
        const char *error_code;
        const char *error_msg;

        if (fault->body != NULL)
          respond_text (msg, fault->status,
                        fault->content_type != NULL ? fault->content_type : JSON_CONTENT_TYPE,
                        fault->body);
        else if (default_gateway_error (fault->status, &error_code, &error_msg))
          respond_error (msg, fault->status, error_code, error_msg, request_id);
        else
          respond_bytes (msg, fault->status, NULL, NULL);

        if (fault->retry_after != NULL)
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Retry-After", fault->retry_after);
        g_debug ("%s %s: fault, status %u", method, path, fault->status);
      }
      break;

    case RD_DEMO_FAULT_RAW:
      respond_text (msg, fault->status != 0 ? fault->status : SOUP_STATUS_OK,
                    fault->content_type != NULL ? fault->content_type : "text/html",
                    fault->body != NULL ? fault->body : "");
      g_debug ("%s %s: fault, raw body", method, path);
      break;

    case RD_DEMO_FAULT_DELAY:
      g_debug ("%s %s: fault, answering in %u ms", method, path, fault->delay_ms);
      start_delay (self, msg, request_id, fault->delay_ms);
      break;

    case RD_DEMO_FAULT_HUGE:
    case RD_DEMO_FAULT_HUGE_DECLARED:
      g_debug ("%s %s: fault, streaming %" G_GUINT64_FORMAT " bytes", method, path, fault->size);
      start_stream (msg, fault->size, fault->kind == RD_DEMO_FAULT_HUGE_DECLARED);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  RdDemoService *self = user_data;
  g_autofree char *request_id = new_request_id ();
  Fault *fault;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-request-id", request_id);

  record_request (self, msg);

  fault = g_queue_pop_head (&self->faults);
  if (fault != NULL)
    {
      apply_fault (self, msg, request_id, fault);
      fault_free (fault);
      return;
    }

  answer (self, msg, request_id);
}

/* ---- data ---- */

static GHashTable *
ensure_workspace (RdDemoService *self,
                  const char    *project_id,
                  const char    *workspace_id)
{
  Project *project = g_hash_table_lookup (self->projects, project_id);
  GHashTable *packages;

  if (project == NULL)
    {
      project = g_new0 (Project, 1);
      /* The first workspace a project gets is its default one. */
      project->default_workspace = g_strdup (workspace_id);
      project->workspaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) g_hash_table_unref);
      g_hash_table_insert (self->projects, g_strdup (project_id), project);
    }

  packages = g_hash_table_lookup (project->workspaces, workspace_id);
  if (packages == NULL)
    {
      packages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, package_free);
      g_hash_table_insert (project->workspaces, g_strdup (workspace_id), packages);
    }

  return packages;
}

static void
store_package (RdDemoService *self,
               const char    *project_id,
               const char    *workspace_id,
               const char    *package_id,
               guint          status,
               GBytes        *body)
{
  GHashTable *packages = ensure_workspace (self, project_id, workspace_id);
  Package *package = g_new0 (Package, 1);

  package->status = status;
  package->body = g_bytes_ref (body);
  g_hash_table_replace (packages, g_strdup (package_id), package);
}

static void
store_sample_package (const char *workspace_id,
                      const char *package_id,
                      guint       status,
                      GBytes     *body,
                      gpointer    user_data)
{
  store_package (user_data, RD_DEMO_PROJECT_ID, workspace_id, package_id, status, body);
}

static void
add_sample_data (RdDemoService *self)
{
  /* The default workspace first: a project's first workspace is its default. */
  ensure_workspace (self, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID);
  rd_demo_foreach_sample_package (store_sample_package, self);
}

/* ---- GObject ---- */

static void
rd_demo_service_dispose (GObject *object)
{
  RdDemoService *self = RD_DEMO_SERVICE (object);

  rd_demo_service_stop (self);

  G_OBJECT_CLASS (rd_demo_service_parent_class)->dispose (object);
}

static void
rd_demo_service_finalize (GObject *object)
{
  RdDemoService *self = RD_DEMO_SERVICE (object);

  g_hash_table_unref (self->projects);
  g_ptr_array_unref (self->tokens);
  g_ptr_array_unref (self->issued_tokens);
  g_hash_table_unref (self->access_keys);
  g_queue_clear_full (&self->faults, fault_free);
  g_ptr_array_unref (self->delays);
  g_free (self->last_path);
  g_free (self->last_query);
  g_clear_pointer (&self->last_headers, g_hash_table_unref);
  g_ptr_array_unref (self->releases);
  g_hash_table_unref (self->failing_packages);
  g_ptr_array_unref (self->requests);
  rd_secret_wipe (self->last_body);
  g_clear_pointer (&self->last_body, g_free);

  G_OBJECT_CLASS (rd_demo_service_parent_class)->finalize (object);
}

static void
rd_demo_service_class_init (RdDemoServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_demo_service_dispose;
  object_class->finalize = rd_demo_service_finalize;
}

static void
rd_demo_service_init (RdDemoService *self)
{
  self->projects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, project_free);
  self->tokens = g_ptr_array_new_with_free_func (g_free);
  self->issued_tokens = g_ptr_array_new_with_free_func (issued_token_free);
  self->token_lifetime = RD_DEMO_TOKEN_LIFETIME_SECONDS;
  self->access_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_queue_init (&self->faults);
  self->delays = g_ptr_array_new ();
  self->releases = g_ptr_array_new_with_free_func (release_free);
  self->failing_packages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_demo_request_free);
  self->offset_mode = RD_DEMO_OFFSET_RECORDS;
  self->release_delay_ms = RD_DEMO_DEFAULT_RELEASE_DELAY_MS;

  g_ptr_array_add (self->tokens, g_strdup (RD_DEMO_TOKEN));
  g_hash_table_insert (self->access_keys, g_strdup (RD_DEMO_ACCESS_KEY), g_strdup (RD_DEMO_SECRET_KEY));

  add_sample_data (self);
  g_hash_table_add (self->failing_packages, g_strdup (RD_DEMO_FAILING_PACKAGE_ID));
}

RdDemoService *
rd_demo_service_new (void)
{
  return g_object_new (RD_TYPE_DEMO_SERVICE, NULL);
}

gboolean
rd_demo_service_start (RdDemoService  *self,
                       GError        **error)
{
  g_autoptr(SoupServer) server = NULL;
  GSList *uris;
  int port;

  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* raw-paths: the path stays as sent, so "a%2Fb" and "a/b" differ and
   * the signature is checked over the bytes the client signed. The Server
   * header names the gateway, not libsoup. */
  server = soup_server_new ("raw-paths", TRUE,
                            "server-header", "api-gateway",
                            NULL);
  soup_server_add_handler (server, NULL, server_callback, self, NULL);

  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;

  uris = soup_server_get_uris (server);
  g_assert (uris != NULL);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->url = g_strdup_printf ("http://127.0.0.1:%d", port);
  self->context = g_main_context_ref_thread_default ();
  self->server = g_steal_pointer (&server);

  g_debug ("Listening on %s", self->url);

  return TRUE;
}

void
rd_demo_service_stop (RdDemoService *self)
{
  g_return_if_fail (RD_IS_DEMO_SERVICE (self));

  cancel_delays (self);
  /* Releases still running stay "being released", as when a service goes down. */
  g_ptr_array_set_size (self->releases, 0);

  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
}

const char *
rd_demo_service_get_url (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  return self->url;
}

void
rd_demo_service_add_token (RdDemoService *self,
                           const char    *token)
{
  g_return_if_fail (RD_IS_DEMO_SERVICE (self));
  g_return_if_fail (token != NULL && token[0] != '\0');

  g_ptr_array_add (self->tokens, g_strdup (token));
}

void
rd_demo_service_add_access_key (RdDemoService *self,
                                const char    *access_key,
                                const char    *secret_key)
{
  g_return_if_fail (RD_IS_DEMO_SERVICE (self));
  g_return_if_fail (access_key != NULL && access_key[0] != '\0');
  g_return_if_fail (secret_key != NULL);

  g_hash_table_replace (self->access_keys, g_strdup (access_key), g_strdup (secret_key));
}

void
rd_demo_service_add_package (RdDemoService *self,
                             const char    *project_id,
                             const char    *workspace_id,
                             const char    *package_id,
                             const char    *document_json)
{
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (RD_IS_DEMO_SERVICE (self));
  g_return_if_fail (project_id != NULL);
  g_return_if_fail (workspace_id != NULL);
  g_return_if_fail (package_id != NULL);
  g_return_if_fail (document_json != NULL);

  /* Served verbatim, even when it is not JSON: tests feed broken documents on purpose. */
  body = g_bytes_new (document_json, strlen (document_json));
  store_package (self, project_id, workspace_id, package_id, SOUP_STATUS_OK, body);
}

void
rd_demo_service_add_generated_package (RdDemoService *self,
                                       const char    *project_id,
                                       const char    *workspace_id,
                                       const char    *package_id,
                                       guint          n_tasks)
{
  char *text;
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (RD_IS_DEMO_SERVICE (self));
  g_return_if_fail (project_id != NULL);
  g_return_if_fail (workspace_id != NULL);
  g_return_if_fail (package_id != NULL);

  text = rd_demo_generate_package_in (project_id, workspace_id, package_id, n_tasks,
                                      g_str_hash (package_id));
  body = g_bytes_new_take (text, strlen (text));
  store_package (self, project_id, workspace_id, package_id, SOUP_STATUS_OK, body);
}

void
rd_demo_service_set_token_lifetime (RdDemoService *self,
                                    gint64         seconds)
{
  g_return_if_fail (RD_IS_DEMO_SERVICE (self));
  g_return_if_fail (seconds <= G_MAXINT64 / G_USEC_PER_SEC / 2);
  g_return_if_fail (seconds >= -(G_MAXINT64 / G_USEC_PER_SEC / 2));

  self->token_lifetime = seconds;
}

void
rd_demo_service_push_fault (RdDemoService     *self,
                            const RdDemoFault *fault)
{
  Fault *copy;

  g_return_if_fail (RD_IS_DEMO_SERVICE (self));
  g_return_if_fail (fault != NULL);
  g_return_if_fail (fault->kind != RD_DEMO_FAULT_STATUS || (fault->status >= 100 && fault->status < 600));

  copy = g_new0 (Fault, 1);
  copy->kind = fault->kind;
  copy->status = fault->status;
  copy->body = g_strdup (fault->body);
  copy->content_type = g_strdup (fault->content_type);
  copy->retry_after = g_strdup (fault->retry_after);
  copy->delay_ms = fault->delay_ms;
  copy->size = fault->size;

  g_queue_push_tail (&self->faults, copy);
}

guint
rd_demo_service_get_request_count (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), 0);

  return self->request_count;
}

const char *
rd_demo_service_get_last_path (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  return self->last_path;
}

const char *
rd_demo_service_get_last_query (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  return self->last_query;
}

GHashTable *
rd_demo_service_dup_last_headers (RdDemoService *self)
{
  GHashTable *copy;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  if (self->last_headers == NULL)
    return NULL;

  copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, self->last_headers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));

  return copy;
}

char *
rd_demo_service_dup_last_body (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  return g_strdup (self->last_body);
}

void
rd_demo_request_free (RdDemoRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  /* The IAM route's bodies hold a password. */
  rd_secret_wipe (request->body);
  g_free (request->body);
  g_free (request->credential);
  g_free (request);
}

/**
 * rd_demo_service_dup_requests:
 *
 * Returns: (transfer container) (element-type RdDemoRequest): every request
 *   the service saw since it was made (or the log was cleared), oldest first
 */
GPtrArray *
rd_demo_service_dup_requests (RdDemoService *self)
{
  GPtrArray *copy;

  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), NULL);

  copy = g_ptr_array_new_full (self->requests->len, (GDestroyNotify) rd_demo_request_free);
  for (guint i = 0; i < self->requests->len; i++)
    {
      const RdDemoRequest *request = g_ptr_array_index (self->requests, i);
      RdDemoRequest *entry = g_new0 (RdDemoRequest, 1);

      entry->method = g_strdup (request->method);
      entry->path = g_strdup (request->path);
      entry->query = g_strdup (request->query);
      entry->body = g_strdup (request->body);
      entry->credential = g_strdup (request->credential);
      g_ptr_array_add (copy, entry);
    }

  return copy;
}

void
rd_demo_service_clear_requests (RdDemoService *self)
{
  g_return_if_fail (RD_IS_DEMO_SERVICE (self));

  g_ptr_array_set_size (self->requests, 0);
}

void
rd_demo_service_set_offset_mode (RdDemoService    *self,
                                 RdDemoOffsetMode  mode)
{
  g_return_if_fail (RD_IS_DEMO_SERVICE (self));
  g_return_if_fail (mode <= RD_DEMO_OFFSET_PAGES_FROM_1);

  self->offset_mode = mode;
}

void
rd_demo_service_set_release_delay (RdDemoService *self,
                                   guint          milliseconds)
{
  g_return_if_fail (RD_IS_DEMO_SERVICE (self));

  self->release_delay_ms = milliseconds;
}

void
rd_demo_service_set_clock_offset (RdDemoService *self,
                                  gint64         seconds)
{
  g_return_if_fail (RD_IS_DEMO_SERVICE (self));

  self->clock_offset = seconds;
}

void
rd_demo_service_set_package_fails (RdDemoService *self,
                                   const char    *package_id,
                                   gboolean       fails)
{
  g_return_if_fail (RD_IS_DEMO_SERVICE (self));
  g_return_if_fail (package_id != NULL);

  if (fails)
    g_hash_table_add (self->failing_packages, g_strdup (package_id));
  else
    g_hash_table_remove (self->failing_packages, package_id);
}

guint
rd_demo_service_get_pending_release_count (RdDemoService *self)
{
  g_return_val_if_fail (RD_IS_DEMO_SERVICE (self), 0);

  return self->releases->len;
}
