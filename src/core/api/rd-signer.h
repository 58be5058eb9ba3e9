/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-signer.h: Huawei Cloud "SDK-HMAC-SHA256" request signing (AK/SK), with GLib's
 * GHmac/GChecksum. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RD_SIGNER_ALGORITHM "SDK-HMAC-SHA256"

#define RD_SIGNER_ERROR (rd_signer_error_quark ())

typedef enum
{
  RD_SIGNER_ERROR_MALFORMED,      /* an Authorization header that is not SDK-HMAC-SHA256 */
  RD_SIGNER_ERROR_MISSING_HEADER, /* a header listed in SignedHeaders is absent */
} RdSignerError;

GQuark rd_signer_error_quark (void);

/* Percent-encodes @s the way the signer does: leaves A-Z a-z 0-9 - _ . ~ and
 * writes everything else as upper-case %XX (space is %20). */
char   *rd_signer_escape                (const char    *s);

/* @path and @query are as sent on the wire (already escaped; @query without
 * the '?', NULL or "" for none).  Each path segment and each query name and
 * value is unescaped, then escaped again with rd_signer_escape(), so that a
 * client and a server that saw the same wire bytes agree.
 *
 * @headers is a NULL-terminated array of alternating names and values:
 * { "host", "example.com", "x-sdk-date", "20240315T081530Z", NULL }.
 * Every header in it is signed; names are compared case-insensitively.
 * @body may be NULL for an empty body. */
char   *rd_signer_canonical_uri         (const char    *path);
char   *rd_signer_canonical_query       (const char    *query);
char   *rd_signer_canonical_request     (const char    *method,
                                         const char    *path,
                                         const char    *query,
                                         const char   **headers,
                                         GBytes        *body);
char   *rd_signer_string_to_sign        (const char    *sdk_date,
                                         const char    *canonical_request);
char   *rd_signer_signature             (const char    *secret_key,
                                         const char    *string_to_sign);

/* The whole computation: returns the value of the Authorization header,
 * "SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex".
 * @headers must include "x-sdk-date" (its value is used as the date) and "host". */
char   *rd_signer_sign                  (const char    *access_key,
                                         const char    *secret_key,
                                         const char    *method,
                                         const char    *path,
                                         const char    *query,
                                         const char   **headers,
                                         GBytes        *body);

/* "YYYYMMDDTHHMMSSZ" in UTC. */
char   *rd_signer_format_date           (GDateTime     *time);
/* Parses an X-Sdk-Date value; NULL if malformed. */
GDateTime *rd_signer_parse_date         (const char    *sdk_date);

/* Splits an Authorization header value. @signed_headers is lower-case, in the
 * order given. Used by the demo service to verify a request the way the gateway does. */
gboolean rd_signer_parse_authorization  (const char    *authorization,
                                         char         **access_key,
                                         char        ***signed_headers,
                                         char         **signature,
                                         GError       **error);

/* Constant-time comparison of two signatures. */
gboolean rd_signer_signatures_equal     (const char    *a,
                                         const char    *b);

G_END_DECLS
