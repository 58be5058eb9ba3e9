/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-api-error.h: the errors of every API call (DataArts Studio, IAM) and what support needs. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RD_API_ERROR (rd_api_error_quark ())

/* Every failure of a call is in this domain (cancellation stays G_IO_ERROR_CANCELLED).
 * Messages are translated and written for a release manager; the technical
 * detail is in the RdErrorDetails of the call. */
typedef enum
{
  RD_API_ERROR_INVALID_INPUT,   /* a malformed ID or endpoint, before anything is sent */
  RD_API_ERROR_INSECURE,        /* credentials over plain http:// to a non-loopback host */
  RD_API_ERROR_NETWORK,         /* host not found, connection refused or reset */
  RD_API_ERROR_TLS,             /* certificate not trusted, or another TLS failure */
  RD_API_ERROR_TIMEOUT,         /* no complete answer within the timeout */
  RD_API_ERROR_UNAUTHORIZED,    /* 401: token expired or invalid, signature rejected */
  RD_API_ERROR_FORBIDDEN,       /* 403, or a DLF permission error */
  RD_API_ERROR_NOT_FOUND,       /* the package, project or workspace does not exist */
  RD_API_ERROR_WRONG_ENDPOINT,  /* APIG.0101: the host does not offer this API */
  RD_API_ERROR_THROTTLED,       /* 429 after all retries */
  RD_API_ERROR_SERVICE,         /* any other error answer of the service (DLF.*) */
  RD_API_ERROR_SERVER,          /* 5xx after all retries */
  RD_API_ERROR_TOO_LARGE,       /* the answer exceeds the size limit */
  RD_API_ERROR_BAD_RESPONSE,    /* an answer that is not the documented JSON */
} RdApiError;

GQuark rd_api_error_quark (void);

/* What support needs to know about a failed call. Any member may be 0/NULL. */
typedef struct
{
  guint  http_status;
  char  *error_code;   /* "APIG.0301", "DLF.0810" */
  char  *error_msg;    /* the service's own message, untranslated */
  char  *request_id;   /* the X-request-id header, or request_id in a gateway body */
  char  *method;       /* "GET" */
  char  *uri;          /* the request URI, which holds no secret */
} RdErrorDetails;

#define RD_TYPE_ERROR_DETAILS (rd_error_details_get_type ())
GType           rd_error_details_get_type (void) G_GNUC_CONST;
RdErrorDetails *rd_error_details_copy     (const RdErrorDetails *details);
void            rd_error_details_free     (RdErrorDetails       *details);
/* "HTTP status: 401\nError code: APIG.0301\n…" for a support ticket or standard error. */
char           *rd_error_details_format   (const RdErrorDetails *details);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdErrorDetails, rd_error_details_free)

G_END_DECLS
