/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-dataarts-call.c: one DataArts Studio call on the request engine: the headers it sends,
 * whether it may be sent twice, and its errors in words. */
#define G_LOG_DOMAIN "rd-client"

#include "config.h"

#include "rd-dataarts-call-private.h"

#include <glib/gi18n-lib.h>

#include "rd-factory-item.h"
#include "rd-http-private.h"

typedef struct
{
  RdDataArtsCall  call;
  char           *project_id;
  char           *workspace;     /* NULL for the default workspace */
  char           *subject;       /* a package ID or an item name, for messages */
  int             version;
} Target;

static void
target_free (gpointer data)
{
  Target *target = data;

  g_free (target->project_id);
  g_free (target->workspace);
  g_free (target->subject);
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
  [RD_DATAARTS_SHOW_SCRIPT]     = { "GET",  TRUE },
  [RD_DATAARTS_SHOW_JOB]        = { "GET",  TRUE },
  [RD_DATAARTS_LIST_RESOURCES]  = { "GET",  TRUE },
  [RD_DATAARTS_SHOW_RESOURCE]   = { "GET",  TRUE },
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
  if (target->call != RD_DATAARTS_SHOW_PACKAGE || target->subject == NULL)
    return rd_request_refused_error (request, RD_API_ERROR_NOT_FOUND);

  if (target->workspace != NULL)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                        /* Translators: the first %s is a package ID, the second a workspace ID */
                        _("Package %s was not found in workspace %s"),
                        target->subject, target->workspace);

  return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                      _("Package %s was not found in the default workspace"),
                      target->subject);
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
    case RD_DATAARTS_SHOW_SCRIPT:
      message = _("You do not have permission to view the scripts of this workspace");
      break;
    case RD_DATAARTS_SHOW_JOB:
      message = _("You do not have permission to view the jobs of this workspace");
      break;
    case RD_DATAARTS_LIST_RESOURCES:
    case RD_DATAARTS_SHOW_RESOURCE:
      message = _("You do not have permission to view the resources of this workspace");
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
    case RD_DATAARTS_SHOW_SCRIPT:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                          _("The service sent an answer that is not a script: %s"),
                          cause->message);
    case RD_DATAARTS_SHOW_JOB:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                          _("The service sent an answer that is not a job: %s"),
                          cause->message);
    case RD_DATAARTS_LIST_RESOURCES:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                          _("The service sent an answer that is not a list of resources: %s"),
                          cause->message);
    case RD_DATAARTS_SHOW_RESOURCE:
      return g_error_new (RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE,
                          _("The service sent an answer that is not a resource: %s"),
                          cause->message);
    }

  g_assert_not_reached ();
}

/* What a Factory V1 call could not find. The API documents a code for a missing name only
 * (DLF.6201 script, DLF.0100 job, DLF.6241 resource); a version that does not exist or was
 * purged (the service keeps the last 100) has none, so any other DLF.* refusal of a call that
 * named a version means that version is not available (versions.md §6). NULL when the
 * answer is about something else. */
static GError *
factory_not_found_error (RdRequest    *request,
                         const Target *target)
{
  const RdErrorDetails *details = rd_request_get_details (request);
  gboolean named_version = target->version > 0 || target->version == RD_FACTORY_ITEM_PUBLISHED;
  gboolean missing;

  switch (target->call)
    {
    case RD_DATAARTS_SHOW_SCRIPT:
      missing = code_is (details, "DLF.6201");
      break;
    case RD_DATAARTS_SHOW_JOB:
      missing = code_is (details, "DLF.0100");
      break;
    case RD_DATAARTS_SHOW_RESOURCE:
      missing = code_is (details, "DLF.6241");
      break;
    case RD_DATAARTS_SHOW_PACKAGE:
    case RD_DATAARTS_LIST_PACKAGES:
    case RD_DATAARTS_DEPLOY_PACKAGES:
    case RD_DATAARTS_CANCEL_PACKAGES:
    case RD_DATAARTS_LIST_RESOURCES:
    default:
      return NULL;
    }

  /* Another DLF code on a versioned call; never the ones that mean something else. */
  if (!missing && named_version && details->http_status == SOUP_STATUS_BAD_REQUEST &&
      details->error_code != NULL && g_ascii_strncasecmp (details->error_code, "DLF.", 4) == 0 &&
      !code_is (details, "DLF.6888") && !code_is (details, "DLF.3051") &&
      !code_is (details, "DLF.0819") && !code_is (details, "DLF.20819"))
    missing = TRUE;

  if (!missing || target->subject == NULL)
    return NULL;

  if (target->call == RD_DATAARTS_SHOW_RESOURCE)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                        /* Translators: %s is a resource name */
                        _("Resource “%s” was not found"), target->subject);

  if (target->version == RD_FACTORY_ITEM_PUBLISHED)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                        /* Translators: %s is a script name */
                        _("Script “%s” has no production version"), target->subject);

  if (target->version > 0 && target->call == RD_DATAARTS_SHOW_SCRIPT)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                        /* Translators: %d is a version number, %s a script name */
                        _("Version %d of script “%s” is not available: it may have been "
                          "deleted, renamed or purged (the service keeps the last 100 "
                          "versions)"),
                        target->version, target->subject);

  if (target->version > 0)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                        /* Translators: %d is a version number, %s a job name */
                        _("Version %d of job “%s” is not available: it may have been "
                          "deleted, renamed or purged (the service keeps the last 100 "
                          "versions)"),
                        target->version, target->subject);

  if (target->call == RD_DATAARTS_SHOW_SCRIPT)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                        _("Script “%s” was not found"), target->subject);

  return g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                      _("Job “%s” was not found"), target->subject);
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
  GError *factory_error;

  if ((factory_error = factory_not_found_error (request, target)) != NULL)
    return factory_error;

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
rd_dataarts_request_new (RdDataArtsCall           call,
                         const RdRequestConfig   *config,
                         GUri                    *uri,
                         const char              *project_id,
                         const char              *workspace,
                         const RdDataArtsSubject *subject)
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
  target->subject = subject != NULL ? g_strdup (subject->subject) : NULL;
  target->version = subject != NULL ? subject->version : RD_FACTORY_ITEM_NO_VERSION;
  rd_request_set_error_func (request, dataarts_error, target, target_free);

  return request;
}
