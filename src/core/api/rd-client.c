/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-client.c: the asynchronous DataArts Studio client (libsoup 3, GTask, GCancellable). */
#define G_LOG_DOMAIN "rd-client"

#include "config.h"

#include "rd-client.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "rd-client-private.h"
#include "rd-dataarts-call-private.h"
#include "rd-enums.h"
#include "rd-http-private.h"
#include "rd-models-private.h"
#include "rd-package-action-private.h"
#include "rd-parser.h"
#include "rd-regions.h"
#include "rd-request-private.h"
#include "rd-validate.h"

/* The requests themselves (signing, retries, limits, timeouts) are made by the engine in
 * rd-request.c, what is particular to a DataArts call (its headers, whether it may be sent
 * twice, its errors in words) is in rd-dataarts-call.c; this file checks input, builds
 * URIs and bodies, hands each request the client's settings and splits releases and
 * revokes into batches.
 *
 * A new call is a few lines: a value in RdDataArtsCall (and its rows in
 * rd-dataarts-call.c), a parse function, and an _async that checks its input, builds its
 * URI, and then does what rd_client_get_package_async() does: client_request_new(),
 * rd_request_set_parser(), rd_request_start(). Its _finish propagates the task's pointer. */

#define MAX_ATTEMPTS                3
#define MAX_RETRY_DELAY_MS          60000

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

  /* DataArts Factory's V1 calls (scripts, jobs, resources) go to another host: derived from
   * the endpoint, or set. */
  char          *factory_endpoint;
  GUri          *factory_uri;
  char          *factory_authority;
  gboolean       factory_loopback;
  RdFactoryQueue *factory_queue;

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
  g_clear_pointer (&self->factory_endpoint, g_free);
  g_clear_pointer (&self->factory_uri, g_uri_unref);
  g_clear_pointer (&self->factory_authority, g_free);
  g_clear_pointer (&self->factory_queue, rd_factory_queue_free);

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
                       1, RD_CLIENT_MAX_TIMEOUT_SECONDS, RD_CLIENT_DEFAULT_TIMEOUT_SECONDS,
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
 * Returns: (transfer full) (nullable): a client, or %NULL when @endpoint is not
 * valid */
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
  self->factory_queue = rd_factory_queue_new ();

  /* A system proxy must not see, or intercept, requests meant for this machine. */
  if (self->loopback)
    soup_session_set_proxy_resolver (self->session, NULL);

  if (!rd_client_set_factory_endpoint (self, NULL, error))
    {
      g_object_unref (self);
      return NULL;
    }

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

/* "https://dayu.{region}.myhuaweicloud.com" → "https://dayu-dlf.{region}.myhuaweicloud.com"
 * (and .eu): the V1 host of versions.md §1. Any other endpoint (a custom one, the demo, a
 * tunnel) serves both, until set otherwise. */
static char *
derive_factory_endpoint (RdClient *self)
{
  const char *host = g_uri_get_host (self->endpoint_uri);
  g_autofree char *rest = NULL;
  g_autofree char *path = NULL;

  if (!g_str_has_prefix (host, "dayu.") ||
      !(g_str_has_suffix (host, ".myhuaweicloud.com") ||
        g_str_has_suffix (host, ".myhuaweicloud.eu")))
    return g_strdup (self->endpoint);

  rest = g_strconcat ("dayu-dlf.", host + strlen ("dayu."), NULL);
  return g_uri_join (SOUP_HTTP_URI_FLAGS, g_uri_get_scheme (self->endpoint_uri), NULL, rest,
                     g_uri_get_port (self->endpoint_uri), g_uri_get_path (self->endpoint_uri),
                     NULL, NULL);
}

/**
 * rd_client_set_factory_endpoint:
 * @self: a #RdClient
 * @endpoint: (nullable): the base URL of DataArts Factory's V1 API, or %NULL (or "") for the
 *   one derived from the endpoint
 * @error: return location for an %RD_API_ERROR_INVALID_INPUT error
 *
 * Sets where the script, job and resource calls go, checked as rd_client_new() checks its
 * endpoint. On failure nothing changes.
 *
 * Returns: whether @endpoint was valid
 */
gboolean
rd_client_set_factory_endpoint (RdClient    *self,
                                const char  *endpoint,
                                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *derived = NULL;
  g_autofree char *normalised = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (RD_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (endpoint == NULL || endpoint[0] == '\0')
    endpoint = derived = derive_factory_endpoint (self);

  if ((normalised = rd_validate_factory_endpoint (endpoint, &local_error)) == NULL)
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                           local_error->message);
      return FALSE;
    }

  uri = g_uri_parse (normalised, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                           _("The Factory V1 endpoint URL is not valid"));
      return FALSE;
    }

  g_free (self->factory_endpoint);
  self->factory_endpoint = g_steal_pointer (&normalised);
  g_free (self->factory_authority);
  self->factory_authority = rd_http_dup_authority (uri);
  self->factory_loopback = rd_http_host_is_loopback (g_uri_get_host (uri));
  g_clear_pointer (&self->factory_uri, g_uri_unref);
  self->factory_uri = g_steal_pointer (&uri);

  return TRUE;
}

const char *
rd_client_get_factory_endpoint (RdClient *self)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);

  return self->factory_endpoint;
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
  g_return_if_fail (seconds > 0 && seconds <= RD_CLIENT_MAX_TIMEOUT_SECONDS);

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


/* Every request of this client: its session, credentials, timeout, size cap and
 * retry delay as they are when the call starts. */
RdRequest *
rd_client_request_new (RdClient                *self,
                       RdDataArtsCall           call,
                       GUri                    *uri,
                       const char              *project_id,
                       const char              *workspace,
                       const RdDataArtsSubject *subject)
{
  RdRequestConfig config = {
    .session = self->session,
    .credentials = self->credentials,
    .timeout_seconds = self->timeout,
    .max_response_size = self->max_response_size,
    .retry = { .max_attempts = MAX_ATTEMPTS, .first_delay_ms = self->retry_delay },
  };

  return rd_dataarts_request_new (call, &config, uri, project_id, workspace, subject);
}

static RdRequest *
client_request_new (RdClient       *self,
                    RdDataArtsCall  call,
                    GUri           *uri,
                    const char     *project_id,
                    const char     *workspace,
                    const char     *package_id)
{
  RdDataArtsSubject subject = { package_id, RD_FACTORY_ITEM_NO_VERSION };

  return rd_client_request_new (self, call, uri, project_id, workspace,
                                package_id != NULL ? &subject : NULL);
}

gboolean
rd_client_check_target (RdClient    *self,
                        const char  *project_id,
                        const char  *workspace,
                        char       **project_out,
                        char       **workspace_out,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *project = NULL;
  g_autofree char *workspace_trimmed = NULL;
  g_autofree char *workspace_checked = NULL;

  project = rd_validate_project_id (project_id, &local_error);
  if (project == NULL)
    goto invalid;

  /* An empty workspace field means the default workspace. */
  workspace_trimmed = g_strstrip (g_strdup (workspace != NULL ? workspace : ""));
  if (workspace_trimmed[0] != '\0')
    {
      workspace_checked = rd_validate_workspace_id (workspace_trimmed, &local_error);
      if (workspace_checked == NULL)
        goto invalid;
    }

  *project_out = g_steal_pointer (&project);
  *workspace_out = g_steal_pointer (&workspace_checked);

  return TRUE;

invalid:
  g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT, local_error->message);
  return FALSE;
}

static char *
escape_segment (const char *text)
{
  /* Only A-Z a-z 0-9 - . _ ~ stay: '/', '?', '#', '%' and spaces cannot split
   * or end the segment, and UTF-8 goes out as %XX bytes. */
  return g_uri_escape_string (text, NULL, FALSE);
}

char *
rd_client_escape_segment (const char *text)
{
  return escape_segment (text);
}

/* @path (escaped) and @query (escaped, nullable) under @base's path. */
static GUri *
build_uri_under (GUri        *base,
                 const char  *authority,
                 gboolean     loopback,
                 const char  *escaped_path,
                 const char  *escaped_query,
                 GError     **error)
{
  g_autofree char *prefix = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GUri) uri = NULL;

  prefix = g_strdup (g_uri_get_path (base));
  while (g_str_has_suffix (prefix, "/"))
    prefix[strlen (prefix) - 1] = '\0';

  path = g_strconcat (prefix, escaped_path, NULL);

  /* Encoded flags: libsoup sends the path as built, neither decoded nor escaped again. */
  text = g_uri_join (SOUP_HTTP_URI_FLAGS,
                     g_uri_get_scheme (base),
                     NULL,
                     g_uri_get_host (base),
                     g_uri_get_port (base),
                     path,
                     escaped_query,
                     NULL);
  uri = g_uri_parse (text, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || !g_str_equal (g_uri_get_path (uri), path))
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                           _("The request address is not valid"));
      return NULL;
    }

  /* Plain http is only for a service on this machine (the demo, a tunnel). */
  if (g_ascii_strcasecmp (g_uri_get_scheme (base), "https") != 0 && !loopback)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_INSECURE,
                   _("Refusing to send credentials to %s over an unencrypted connection: "
                     "use an https:// endpoint"),
                   authority);
      return NULL;
    }

  return g_steal_pointer (&uri);
}

GUri *
rd_client_build_uri (RdClient    *self,
                     const char  *project_id,
                     const char  *escaped_tail,
                     GError     **error)
{
  g_autofree char *escaped_project = escape_segment (project_id);
  g_autofree char *path = g_strdup_printf ("/v2/%s/factory/release-packages%s", escaped_project,
                                           escaped_tail != NULL ? escaped_tail : "");

  return build_uri_under (self->endpoint_uri, self->authority, self->loopback, path, NULL,
                          error);
}

GUri *
rd_client_build_factory_uri (RdClient    *self,
                             const char  *project_id,
                             const char  *escaped_tail,
                             const char  *escaped_query,
                             GError     **error)
{
  g_autofree char *escaped_project = escape_segment (project_id);
  g_autofree char *path = g_strdup_printf ("/v1/%s%s", escaped_project, escaped_tail);

  return build_uri_under (self->factory_uri, self->factory_authority, self->factory_loopback,
                          path, escaped_query, error);
}

RdFactoryQueue *
rd_client_get_factory_queue (RdClient *self)
{
  return self->factory_queue;
}

/* ShowFactoryPackageDetail */

static gpointer
parse_detail (GBytes              *body,
              SoupMessageHeaders  *headers,
              GError             **error)
{
  return rd_parse_package_detail (body, error);
}

/* …/release-packages/{id}, for a package ID as the user typed it. */
static GUri *
build_package_uri (RdClient    *self,
                   const char  *project,
                   const char  *package_id,
                   char       **package_out,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *package = NULL;
  g_autofree char *escaped_package = NULL;
  g_autofree char *tail = NULL;
  GUri *uri;

  package = rd_validate_package_id (package_id, &local_error);
  if (package == NULL)
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT, local_error->message);
      return NULL;
    }

  /* A "." or ".." segment would be resolved away by every URL parser on
   * the way, and another resource asked for. */
  if (g_str_equal (package, ".") || g_str_equal (package, ".."))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid package ID"), package);
      return NULL;
    }

  escaped_package = escape_segment (package);
  tail = g_strconcat ("/", escaped_package, NULL);
  uri = rd_client_build_uri (self, project, tail, &local_error);
  if (uri == NULL)
    {
      if (g_error_matches (local_error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT))
        g_set_error (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                     _("“%s” is not a valid package ID"), package);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  *package_out = g_steal_pointer (&package);

  return uri;
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
  g_autofree char *project = NULL;
  g_autofree char *workspace_checked = NULL;
  g_autofree char *package = NULL;
  g_autoptr(GUri) uri = NULL;
  RdRequest *request;

  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_client_get_package_async);
  g_task_set_name (task, "rd_client_get_package_async");

  if (!rd_client_check_target (self, project_id, workspace, &project, &workspace_checked, &error) ||
      !(uri = build_package_uri (self, project, package_id, &package, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request = client_request_new (self, RD_DATAARTS_SHOW_PACKAGE, uri, project, workspace_checked,
                                package);
  rd_request_set_parser (request, parse_detail, g_object_unref);
  rd_request_start (task, request);
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
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_client_get_package_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ListFactoryReleasePackages */

typedef struct
{
  GListModel *packages;
  guint       total;
} ListPage;

static void
list_page_free (gpointer data)
{
  ListPage *page = data;

  g_clear_object (&page->packages);
  g_free (page);
}

static gpointer
parse_list (GBytes              *body,
            SoupMessageHeaders  *headers,
            GError             **error)
{
  ListPage *page = g_new0 (ListPage, 1);

  page->packages = rd_parse_package_list (body, &page->total, error);
  if (page->packages == NULL)
    {
      g_free (page);
      return NULL;
    }

  return page;
}

static GBytes *
string_to_bytes (char *text)
{
  return g_bytes_new_take (text, strlen (text));
}

/**
 * rd_client_list_packages_async:
 * @self: a #RdClient
 * @project_id: the project ID
 * @workspace: (nullable): the workspace ID, or %NULL (or "") for the default workspace
 * @query: (nullable): filters, sort order and page; %NULL for the service's defaults
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the list is in
 * @user_data: data for @callback
 *
 * Lists release packages (ListFactoryReleasePackages, a POST). Only the
 * members of @query that are set are sent. Like the detail call, it is
 * tried again on 429, 502, 503 and 504, since it changes nothing.
 * To page through a long list, use #RdPackagePager.
 */
void
rd_client_list_packages_async (RdClient             *self,
                               const char           *project_id,
                               const char           *workspace,
                               const RdPackageQuery *query,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *project = NULL;
  g_autofree char *workspace_checked = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(RdPackageQuery) defaults = NULL;
  RdRequest *request;

  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_client_list_packages_async);
  g_task_set_name (task, "rd_client_list_packages_async");

  if (!rd_client_check_target (self, project_id, workspace, &project, &workspace_checked, &error) ||
      !(uri = rd_client_build_uri (self, project, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (query == NULL)
    query = defaults = rd_package_query_new ();

  body = string_to_bytes (rd_package_query_to_json (query));
  request = client_request_new (self, RD_DATAARTS_LIST_PACKAGES, uri, project, workspace_checked,
                                NULL);
  rd_request_set_body (request, body, FALSE);
  rd_request_set_parser (request, parse_list, list_page_free);
  rd_request_start (task, request);
}

/**
 * rd_client_list_packages_finish:
 * @self: a #RdClient
 * @result: the result passed to the callback
 * @total: (out) (optional): how many packages match, on all pages
 * @error: return location for an %RD_API_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): a #GListModel of #RdReleasePackage
 *   (without tasks: rd_release_package_has_task_details() is %FALSE)
 */
GListModel *
rd_client_list_packages_finish (RdClient      *self,
                                GAsyncResult  *result,
                                guint         *total,
                                GError       **error)
{
  ListPage *page;
  GListModel *packages;

  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_client_list_packages_async,
                        NULL);

  page = g_task_propagate_pointer (G_TASK (result), error);
  if (page == NULL)
    return NULL;

  if (total != NULL)
    *total = page->total;
  packages = g_steal_pointer (&page->packages);
  list_page_free (page);

  return packages;
}

/* DeployFactoryPackages and CancelFactoryPackages, in batches */

typedef struct
{
  RdDataArtsCall         call;
  char                  *project_id;
  char                  *workspace;
  GUri                  *uri;
  GPtrArray             *package_ids;   /* distinct, checked */
  gboolean               start_jobs;
  guint                  next;          /* the first package of the next batch */
  guint                  batch_start;
  guint                  batch_length;
  gboolean               any_sent;
  RdPackageActionResult *result;
} Action;

static void
action_free (gpointer data)
{
  Action *action = data;

  g_free (action->project_id);
  g_free (action->workspace);
  g_clear_pointer (&action->uri, g_uri_unref);
  g_clear_pointer (&action->package_ids, g_ptr_array_unref);
  g_clear_object (&action->result);
  g_free (action);
}

static gpointer
parse_deploy (GBytes              *body,
              SoupMessageHeaders  *headers,
              GError             **error)
{
  return rd_parse_deploy_answer (body, error);
}

static gpointer
parse_cancel (GBytes              *body,
              SoupMessageHeaders  *headers,
              GError             **error)
{
  if (!rd_parse_any_answer (body, error))
    return NULL;

  /* Nothing to read in it: any non-NULL value says "accepted". */
  return g_bytes_ref (body);
}

/* {"package_ids":["23","24"],"startup_mode":1}: IDs as strings, as the API
 * page shows them, whatever they look like. */
static GBytes *
action_build_body (Action *action)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize length = 0;
  char *data;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "package_ids");
  json_builder_begin_array (builder);
  for (guint i = action->batch_start; i < action->batch_start + action->batch_length; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (action->package_ids, i));
  json_builder_end_array (builder);
  if (action->call == RD_DATAARTS_DEPLOY_PACKAGES)
    {
      json_builder_set_member_name (builder, "startup_mode");
      json_builder_add_int_value (builder, action->start_jobs ? 1 : 0);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  return g_bytes_new_take (data, length);
}

/* Every package from @first on that has no outcome yet. */
static void
action_mark_rest (Action       *action,
                  guint         first,
                  RdOutcome     outcome,
                  const GError *error)
{
  for (guint i = first; i < action->package_ids->len; i++)
    rd_package_outcome_set_failed (rd_package_action_result_get_outcome_at (action->result, i),
                                   outcome, error, NULL);
}

static void action_send_next (GTask *task);

/* The batch's packages succeeded: keep what the answer says about each. */
static void
action_batch_succeeded (Action    *action,
                        GPtrArray *details)
{
  for (guint i = action->batch_start; i < action->batch_start + action->batch_length; i++)
    {
      const char *id = g_ptr_array_index (action->package_ids, i);
      const RdDeployDetail *found = NULL;

      for (guint j = 0; details != NULL && j < details->len; j++)
        {
          const RdDeployDetail *detail = g_ptr_array_index (details, j);

          if (g_strcmp0 (detail->package_id, id) == 0)
            found = detail;
        }

      /* A package the answer does not mention was still accepted: the call
       * as a whole succeeded. */
      rd_package_outcome_set_succeeded (rd_package_action_result_get_outcome_at (action->result, i),
                                        found != NULL ? found->async_task_id : NULL,
                                        found != NULL ? found->async_subtask_count
                                                      : RD_VALUE_ABSENT);
    }
}

static void
on_batch_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Action *action = g_task_get_task_data (task);
  GTask *batch = G_TASK (result);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdErrorDetails) details = NULL;
  gpointer value;
  RdOutcome outcome;

  value = g_task_propagate_pointer (batch, &error);

  if (value != NULL)
    {
      if (action->call == RD_DATAARTS_DEPLOY_PACKAGES)
        {
          action_batch_succeeded (action, value);
          g_ptr_array_unref (value);
        }
      else
        {
          action_batch_succeeded (action, NULL);
          g_bytes_unref (value);
        }

      action_send_next (task);
      return;
    }

  /* An error answer is a refusal; without one (timeout, lost connection,
   * cancelled while waiting, an unreadable 2xx) the request may still have
   * been carried out. */
  details = rd_request_dup_error_details (batch);
  outcome = rd_request_got_answer (batch) &&
            !g_error_matches (error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE)
            ? RD_OUTCOME_FAILED : RD_OUTCOME_UNKNOWN;

  for (guint i = action->batch_start; i < action->batch_start + action->batch_length; i++)
    rd_package_outcome_set_failed (rd_package_action_result_get_outcome_at (action->result, i),
                                   outcome, error, details);

  /* 401 stops everything: the next batch carries the same token or
   * signature and would fail the same way, and after a few failed
   * signatures in a row the gateway locks the access key for five minutes.
   * A cancellation is the user saying stop. Any other failure concerns this
   * batch only (one package in a bad state refuses its whole call), so the
   * next batch still goes out. */
  if (g_error_matches (error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      action_mark_rest (action, action->next, RD_OUTCOME_NOT_SENT, error);
      g_task_return_pointer (task, g_object_ref (action->result), g_object_unref);
      return;
    }

  action_send_next (task);
}

static void
action_send_next (GTask *task)
{
  RdClient *self = g_task_get_source_object (task);
  Action *action = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GTask) batch = NULL;
  g_autoptr(GBytes) body = NULL;
  RdRequest *request;

  if (action->next >= action->package_ids->len)
    {
      g_task_return_pointer (task, g_object_ref (action->result), g_object_unref);
      return;
    }

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("The request was cancelled"));

      if (!action->any_sent)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      action_mark_rest (action, action->next, RD_OUTCOME_NOT_SENT, error);
      g_task_return_pointer (task, g_object_ref (action->result), g_object_unref);
      return;
    }

  /* One batch at a time, in order: the service sees at most one action of
   * this user at once, and a failure can stop the rest. */
  action->batch_start = action->next;
  action->batch_length = MIN (RD_CLIENT_MAX_PACKAGES_PER_REQUEST,
                              action->package_ids->len - action->next);
  action->next += action->batch_length;
  action->any_sent = TRUE;
  rd_package_action_result_add_request (action->result);

  body = action_build_body (action);
  request = client_request_new (self, action->call, action->uri, action->project_id,
                                action->workspace, NULL);
  rd_request_set_body (request, body, FALSE);
  if (action->call == RD_DATAARTS_DEPLOY_PACKAGES)
    rd_request_set_parser (request, parse_deploy, (GDestroyNotify) g_ptr_array_unref);
  else
    rd_request_set_parser (request, parse_cancel, (GDestroyNotify) g_bytes_unref);

  batch = g_task_new (self, cancellable, on_batch_done, g_object_ref (task));
  g_task_set_source_tag (batch, action_send_next);
  rd_request_start (batch, request);
}

static void
action_start (RdClient            *self,
              RdDataArtsCall       call,
              gpointer             source_tag,
              const char          *project_id,
              const char          *workspace,
              const char * const  *package_ids,
              gboolean             start_jobs,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = NULL;
  Action *action;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, call == RD_DATAARTS_DEPLOY_PACKAGES
                         ? "rd_client_release_packages_async"
                         : "rd_client_revoke_packages_async");
  /* Once a batch went out, the result says what happened even when the
   * call was cancelled later: it is not replaced by a bare "cancelled". */
  g_task_set_check_cancellable (task, FALSE);

  action = g_new0 (Action, 1);
  action->call = call;
  action->start_jobs = start_jobs;
  action->package_ids = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, action, action_free);

  if (!rd_client_check_target (self, project_id, workspace,
                               &action->project_id, &action->workspace, &error) ||
      !(action->uri = rd_client_build_uri (self, action->project_id,
                                           call == RD_DATAARTS_DEPLOY_PACKAGES
                                           ? "/deploy" : "/unpack",
                                           &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* All IDs are checked before anything is sent; one given twice is sent once. */
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; package_ids != NULL && package_ids[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      char *id = rd_validate_package_id (package_ids[i], &local_error);

      if (id == NULL)
        {
          g_task_return_new_error (task, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT,
                                   "%s", local_error->message);
          return;
        }

      if (!g_hash_table_add (seen, id))
        {
          g_free (id);
          continue;
        }

      g_ptr_array_add (action->package_ids, id);
    }

  if (action->package_ids->len == 0)
    {
      g_task_return_new_error (task, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT, "%s",
                               _("No package was chosen"));
      return;
    }

  action->result = rd_package_action_result_new ((const char * const *) action->package_ids->pdata,
                                                 action->package_ids->len);
  action_send_next (task);
}

/**
 * rd_client_release_packages_async:
 * @self: a #RdClient
 * @project_id: the project ID
 * @workspace: (nullable): the workspace ID, or %NULL (or "") for the default workspace
 * @package_ids: (array zero-terminated=1): the packages to release
 * @start_jobs: start the released jobs ("startup_mode" 1), as the console does by default
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every batch has had its answer
 * @user_data: data for @callback
 *
 * Releases packages (DeployFactoryPackages): sends the IDs in batches of at
 * most %RD_CLIENT_MAX_PACKAGES_PER_REQUEST, one after another, and is never
 * tried again by itself, whatever the answer (see rd_client_revoke_packages_async()
 * for what stops the remaining batches). The release itself runs on the
 * service afterwards: poll the detail call until deploy_status leaves 5.
 */
void
rd_client_release_packages_async (RdClient            *self,
                                  const char          *project_id,
                                  const char          *workspace,
                                  const char * const  *package_ids,
                                  gboolean             start_jobs,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  action_start (self, RD_DATAARTS_DEPLOY_PACKAGES, rd_client_release_packages_async,
                project_id, workspace, package_ids, start_jobs,
                cancellable, callback, user_data);
}

/**
 * rd_client_release_packages_finish:
 * @self: a #RdClient
 * @result: the result passed to the callback
 * @error: return location for an %RD_API_ERROR_INVALID_INPUT (nothing was
 *   sent) or %G_IO_ERROR_CANCELLED (cancelled before anything was sent)
 *
 * Returns: (transfer full) (nullable): one #RdPackageOutcome per package;
 *   %NULL only when nothing was sent
 */
RdPackageActionResult *
rd_client_release_packages_finish (RdClient      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_client_release_packages_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rd_client_revoke_packages_async:
 * @self: a #RdClient
 * @project_id: the project ID
 * @workspace: (nullable): the workspace ID, or %NULL (or "") for the default workspace
 * @package_ids: (array zero-terminated=1): the packages to revoke
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every batch has had its answer
 * @user_data: data for @callback
 *
 * Revokes packages (CancelFactoryPackages, the console's "Revoke"), in
 * batches like a release, never tried again by itself. A refused batch marks
 * each of its packages failed with the service's message; the next batch is
 * still sent, except after a 401 (the same credentials would fail again, and
 * repeated signature failures lock the access key) or a cancellation: the
 * packages not sent are then %RD_OUTCOME_NOT_SENT.
 */
void
rd_client_revoke_packages_async (RdClient            *self,
                                 const char          *project_id,
                                 const char          *workspace,
                                 const char * const  *package_ids,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  action_start (self, RD_DATAARTS_CANCEL_PACKAGES, rd_client_revoke_packages_async,
                project_id, workspace, package_ids, FALSE,
                cancellable, callback, user_data);
}

/**
 * rd_client_revoke_packages_finish:
 *
 * Returns: (transfer full) (nullable): as rd_client_release_packages_finish()
 */
RdPackageActionResult *
rd_client_revoke_packages_finish (RdClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_client_revoke_packages_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rd_client_dup_error_details:
 * @self: a #RdClient
 * @result: the result passed to the callback of rd_client_get_package_async()
 *   or rd_client_list_packages_async()
 *
 * A release or revoke keeps the details per package instead
 * (rd_package_outcome_get_error_details()).
 *
 * Returns: (transfer full) (nullable): what support needs to know about the
 *   failed call, or %NULL when it succeeded or failed before a request was sent
 */
RdErrorDetails *
rd_client_dup_error_details (RdClient     *self,
                             GAsyncResult *result)
{
  gpointer tag;

  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  tag = g_task_get_source_tag (G_TASK (result));
  if (tag == rd_client_get_script_version_async || tag == rd_client_get_job_version_async ||
      tag == rd_client_find_resource_async)
    return rd_factory_queue_dup_error_details (G_TASK (result));

  g_return_val_if_fail (tag == rd_client_get_package_async || tag == rd_client_list_packages_async,
                        NULL);

  return rd_request_dup_error_details (G_TASK (result));
}
