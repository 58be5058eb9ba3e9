/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-dataarts-call.c: one DataArts Studio call on the request engine: the headers it sends,
 * whether it may be sent twice, and its errors in words. */
#define G_LOG_DOMAIN "rd-client"

#include "config.h"

#include "rd-dataarts-call-private.h"

#include <glib/gi18n-lib.h>

#include "rd-http-private.h"

typedef struct
{
  RdDataArtsCall  call;
  char           *project_id;
  char           *workspace;     /* NULL for the default workspace */
  char           *package_id;    /* SHOW only, for messages */
} Target;

static void
target_free (gpointer data)
{
  Target *target = data;

  g_free (target->project_id);
  g_free (target->workspace);
  g_free (target->package_id);
  g_free (target);
}

/* Only what changes nothing on the service is sent twice (see RdDataArtsCall). The
 * switches below have no default case, so that the compiler names a call without words. */
static const struct
{
  const char *method;
  gboolean    read_only;
} calls[] = {
  [RD_DATAARTS_SHOW_PACKAGE]    = { "GET",  TRUE },
  [RD_DATAARTS_LIST_PACKAGES]   = { "POST", TRUE },   /* a POST that only reads */
  [RD_DATAARTS_DEPLOY_PACKAGES] = { "POST", FALSE },
  [RD_DATAARTS_CANCEL_PACKAGES] = { "POST", FALSE },
};

static gboolean
code_is (const RdErrorDetails *details,
         const char           *code)
{
  return details->error_code != NULL && g_ascii_strcasecmp (details->error_code, code) == 0;
}

static GError *
unauthorized_error (RdRequest *request)
{
  RdCredentials *credentials = rd_request_get_config (request)->credentials;
  const char *message = rd_request_get_details (request)->error_msg;

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
not_found_error (RdRequest    *request,
                 const Target *target)
{
  /* Only the detail call is about one package; for the others the
   * service's own words say what it could not find. */
  if (target->call != RD_DATAARTS_SHOW_PACKAGE || target->package_id == NULL)
    return rd_request_refused_error (request, RD_API_ERROR_NOT_FOUND);

  if (target->workspace != NULL)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                        /* Translators: the first %s is a package ID, the second a workspace ID */
                        _("Package %s was not found in workspace %s"),
                        target->package_id, target->workspace);

  return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                      _("Package %s was not found in the default workspace"),
                      target->package_id);
}

static GError *
forbidden_error (const Target *target)
{
  const char *message = NULL;

  switch (target->call)
    {
    case RD_DATAARTS_SHOW_PACKAGE:
      message = _("You do not have permission to view this package");
      break;
    case RD_DATAARTS_LIST_PACKAGES:
      message = _("You do not have permission to view the release packages of this workspace");
      break;
    case RD_DATAARTS_DEPLOY_PACKAGES:
      message = _("You do not have permission to release packages in this workspace");
      break;
    case RD_DATAARTS_CANCEL_PACKAGES:
      message = _("You do not have permission to revoke packages in this workspace");
      break;
    }

  g_assert (message != NULL);

  return g_error_new_literal (RD_API_ERROR, RD_API_ERROR_FORBIDDEN, message);
}

static GError *
unreadable_error (const Target *target,
                  const GError *cause)
{
  switch (target->call)
    {
    case RD_DATAARTS_SHOW_PACKAGE:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                          _("The service sent an answer that is not a release package: %s"),
                          cause->message);
    case RD_DATAARTS_LIST_PACKAGES:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                          _("The service sent an answer that is not a list of release "
                            "packages: %s"),
                          cause->message);
    case RD_DATAARTS_DEPLOY_PACKAGES:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                          _("The service answered the release with something unexpected, "
                            "so whether it started is not known: %s"),
                          cause->message);
    case RD_DATAARTS_CANCEL_PACKAGES:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                          _("The service answered the revoke with something unexpected, "
                            "so whether it was done is not known: %s"),
                          cause->message);
    }

  g_assert_not_reached ();
}

/* A final error answer, after any retries. The error code decides where it is
 * known; the status decides when the body said nothing useful. What is left
 * (429, 5xx, other refusals) has the engine's words. */
static GError *
answer_error (RdRequest    *request,
              const Target *target)
{
  const RdErrorDetails *details = rd_request_get_details (request);
  guint status = details->http_status;

  if (code_is (details, "DLF.0810") || code_is (details, "DLF.20810"))
    return not_found_error (request, target);

  /* "The request parameter is invalid": all the service says. An unknown workspace, or none
   * by default, is the likely cause, so it comes as a hint under the service's words, never
   * as a headline ("not found") the service did not give. */
  if (code_is (details, "DLF.3051"))
    {
      g_autoptr(GError) refused = rd_request_refused_error (request, RD_API_ERROR_SERVICE);

      if (target->workspace != NULL)
        return g_error_new (RD_API_ERROR, RD_API_ERROR_SERVICE,
                            /* Translators: the first %s is the service's refusal, the second
                             * a workspace ID, the third a project ID */
                            _("%s. A likely cause: workspace %s is not in project %s."),
                            refused->message, target->workspace, target->project_id);

      return g_error_new (RD_API_ERROR, RD_API_ERROR_SERVICE,
                          /* Translators: %s is the service's refusal */
                          _("%s. A likely cause: the project has no default workspace; give "
                            "a workspace ID."),
                          refused->message);
    }

  if (code_is (details, "DLF.6888") || status == SOUP_STATUS_FORBIDDEN)
    return forbidden_error (target);

  if (code_is (details, "APIG.0301") || status == SOUP_STATUS_UNAUTHORIZED)
    return unauthorized_error (request);

  if (code_is (details, "APIG.0101") || status == SOUP_STATUS_NOT_FOUND)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_WRONG_ENDPOINT,
                        _("The service at %s does not offer this API: "
                          "check the region or endpoint"),
                        rd_request_get_authority (request));

  if (code_is (details, "APIG.0308"))
    return rd_request_throttled_error (request);

  return NULL;
}

static GError *
dataarts_error (RdRequest        *request,
                RdRequestFailure  failure,
                const GError     *cause,
                gpointer          user_data)
{
  const Target *target = user_data;
  g_autofree char *size = NULL;

  switch (failure)
    {
    case RD_REQUEST_FAILED_ANSWER:
      return answer_error (request, target);

    case RD_REQUEST_FAILED_UNREADABLE:
      return unreadable_error (target, cause);

    case RD_REQUEST_FAILED_TOO_LARGE:
      size = rd_http_format_size (rd_request_get_config (request)->max_response_size);
      return g_error_new (RD_API_ERROR, RD_API_ERROR_TOO_LARGE,
                          /* Translators: %s is a size such as "64 MiB" */
                          _("The answer is larger than %s, far more than any release package, "
                            "so it was refused"),
                          size);

    case RD_REQUEST_FAILED_CANCELLED:
      if (target->call == RD_DATAARTS_SHOW_PACKAGE)
        return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                    _("The lookup was cancelled"));
      return NULL;

    case RD_REQUEST_FAILED_TIMEOUT:
    case RD_REQUEST_FAILED_REDIRECTED:
      return NULL;

    default:
      g_assert_not_reached ();
    }
}

RdRequest *
rd_dataarts_request_new (RdDataArtsCall         call,
                         const RdRequestConfig *config,
                         GUri                  *uri,
                         const char            *project_id,
                         const char            *workspace,
                         const char            *package_id)
{
  RdRequestConfig call_config;
  RdRequest *request;
  Target *target;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (RD_IS_CREDENTIALS (config->credentials), NULL);
  g_return_val_if_fail (project_id != NULL, NULL);

  g_return_val_if_fail (call < G_N_ELEMENTS (calls) && calls[call].method != NULL, NULL);

  call_config = *config;
  if (!calls[call].read_only)
    call_config.retry.max_attempts = 1;

  request = rd_request_new (&call_config, calls[call].method, uri);

  /* The project is in the path too; the header is what an AK/SK signature is scoped
   * to, and the service's FAQ has it sent with a token as well. */
  rd_request_add_header (request, "X-Project-Id", project_id);
  if (workspace != NULL)
    rd_request_add_header (request, "workspace", workspace);

  target = g_new0 (Target, 1);
  target->call = call;
  target->project_id = g_strdup (project_id);
  target->workspace = g_strdup (workspace);
  target->package_id = g_strdup (package_id);
  rd_request_set_error_func (request, dataarts_error, target, target_free);

  return request;
}
