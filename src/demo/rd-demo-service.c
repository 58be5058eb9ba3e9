/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-demo-service.c: an in-process fake DataArts Studio service on 127.0.0.1, for --demo and the
 * tests. */
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

#define HUGE_CHUNK_SIZE      (64 * 1024)
#define MAX_LOGGED_REQUESTS  10000

/* --------------------------------------------------------------------------
 * The service: the server, faults, the request log and the API; the gateway's
 * checks and IAM are in rd-demo-gateway.c, the DataArts Studio routes in
 * rd-demo-factory.c, the sample data in rd-demo-data.c.
 * -------------------------------------------------------------------------- */

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

G_DEFINE_FINAL_TYPE (RdDemoService, rd_demo_service, G_TYPE_OBJECT)

typedef void (*RouteHandler) (RdDemoService *self,
                              Request       *request);

typedef struct
{
  const char   *method;
  const char   *pattern;   /* "{project_id}" and one other "{…}" match one non-empty segment */
  RouteHandler  handler;
} Route;

/* More specific routes first. */
static const Route routes[] = {
  { "POST", "/v2/{project_id}/factory/release-packages", rd_demo_handle_list_packages },
  { "POST", "/v2/{project_id}/factory/release-packages/deploy", rd_demo_handle_deploy_packages },
  { "POST", "/v2/{project_id}/factory/release-packages/unpack", rd_demo_handle_unpack_packages },
  { "GET", "/v2/{project_id}/factory/release-packages/{package_id}", rd_demo_handle_show_package },
  { "GET", "/v1/{project_id}/scripts/{script_name}", rd_demo_handle_show_script },
  { "GET", "/v1/{project_id}/jobs/{job_name}", rd_demo_handle_show_job },
  { "GET", "/v1/{project_id}/resources", rd_demo_handle_list_resources },
  { "GET", "/v1/{project_id}/resources/{resource_id}", rd_demo_handle_show_resource },
};

void
rd_demo_package_free (gpointer data)
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
  g_clear_pointer (&project->catalogs, g_hash_table_unref);
  g_free (project);
}

void
rd_demo_issued_token_free (gpointer data)
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

char *
rd_demo_new_request_id (void)
{
  return g_strdup_printf ("%08x%08x%08x%08x",
                          g_random_int (), g_random_int (), g_random_int (), g_random_int ());
}

void
rd_demo_respond_bytes (SoupServerMessage *msg,
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

void
rd_demo_respond_text (SoupServerMessage *msg,
                      guint              status,
                      const char        *content_type,
                      const char        *text)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  rd_demo_respond_bytes (msg, status, content_type, body);
}

/* {"error_code":…,"error_msg":…[,"request_id":…]}: gateway errors carry the
 * request ID, service (DLF) errors do not. */
void
rd_demo_respond_error (SoupServerMessage *msg,
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

  rd_demo_respond_text (msg, status, JSON_CONTENT_TYPE, text);
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

JsonObject *
rd_demo_member_object (JsonObject *object,
                       const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
rd_demo_member_string (JsonObject *object,
                       const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
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
    logged->body =
        g_strdup (g_strcmp0 (self->last_path, IAM_TOKENS_PATH) == 0 ? "" : self->last_body);
    logged->credential = dup_request_credential (headers);
    if (self->requests->len >= MAX_LOGGED_REQUESTS)
      g_ptr_array_remove_index (self->requests, 0);
    g_ptr_array_add (self->requests, logged);
  }
}

/* ---- routing ---- */

/* Matches @path (escaped, as received) against @pattern segment by segment (so an escaped "/"
 * stays inside its segment); on success the parameters are percent-decoded into @project_id
 * and @package_id (the pattern's other parameter, whatever its name). */
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
      else if (want[i][0] == '{')
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
      rd_demo_handle_iam_tokens (self, msg);
      g_debug ("%s %s: %u", method, path, soup_server_message_get_status (msg));
      return;
    }

  route = find_route (method, path, &project_id, &package_id);

  if (rd_demo_check_auth (self, msg, request_id, project_id))
    {
      if (route == NULL)
        {
          rd_demo_respond_error (
              msg, SOUP_STATUS_NOT_FOUND, "APIG.0101",
              "The API does not exist or has not been published in the environment.", request_id);
        }
      else
        {
          gboolean for_package = strstr (route->pattern, "{package_id}") != NULL;
          Request request = {
            .msg = msg,
            .request_id = request_id,
            .project_id = project_id,
            .package_id = for_package ? package_id : NULL,
            .item = for_package ? NULL : package_id,
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
  delay->finished_id =
      g_signal_connect (msg, "finished", G_CALLBACK (delay_message_finished), delay);

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
          rd_demo_respond_text (
              msg, fault->status,
              fault->content_type != NULL ? fault->content_type : JSON_CONTENT_TYPE, fault->body);
        else if (default_gateway_error (fault->status, &error_code, &error_msg))
          rd_demo_respond_error (msg, fault->status, error_code, error_msg, request_id);
        else
          rd_demo_respond_bytes (msg, fault->status, NULL, NULL);

        if (fault->retry_after != NULL)
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Retry-After", fault->retry_after);
        g_debug ("%s %s: fault, status %u", method, path, fault->status);
      }
      break;

    case RD_DEMO_FAULT_RAW:
      rd_demo_respond_text (msg, fault->status != 0 ? fault->status : SOUP_STATUS_OK,
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
  g_autofree char *request_id = rd_demo_new_request_id ();
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

GHashTable *
rd_demo_ensure_workspace (RdDemoService *self,
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
      packages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, rd_demo_package_free);
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
  GHashTable *packages = rd_demo_ensure_workspace (self, project_id, workspace_id);
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
  rd_demo_ensure_workspace (self, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID);
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
  self->issued_tokens = g_ptr_array_new_with_free_func (rd_demo_issued_token_free);
  self->token_lifetime = RD_DEMO_TOKEN_LIFETIME_SECONDS;
  self->access_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_queue_init (&self->faults);
  self->delays = g_ptr_array_new ();
  self->releases = g_ptr_array_new_with_free_func (rd_demo_release_free);
  self->failing_packages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_demo_request_free);
  self->offset_mode = RD_DEMO_OFFSET_RECORDS;
  self->release_delay_ms = RD_DEMO_DEFAULT_RELEASE_DELAY_MS;

  g_ptr_array_add (self->tokens, g_strdup (RD_DEMO_TOKEN));
  g_hash_table_insert (self->access_keys, g_strdup (RD_DEMO_ACCESS_KEY),
                       g_strdup (RD_DEMO_SECRET_KEY));

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
  g_return_if_fail (fault->kind != RD_DEMO_FAULT_STATUS ||
                    (fault->status >= 100 && fault->status < 600));

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
rd_demo_service_set_release_start_lag (RdDemoService *self,
                                       guint          milliseconds)
{
  g_return_if_fail (RD_IS_DEMO_SERVICE (self));

  self->release_start_lag_ms = milliseconds;
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
