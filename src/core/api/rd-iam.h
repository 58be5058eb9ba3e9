/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-iam.h: IAM password sign-in (POST /v3/auth/tokens) that turns a password into a project-scoped
 * token. */
#pragma once

#include <gio/gio.h>

#include "rd-api-error.h"

G_BEGIN_DECLS

#define RD_IAM_DEFAULT_TIMEOUT_SECONDS 30

/* What a sign-in brings back. The password is never part of it. */
typedef struct
{
  char      *token;        /* the X-Subject-Token header: a secret, wiped on free */
  GDateTime *expires_at;   /* token.expires_at, in UTC */
  char      *project_id;   /* token.project.id */
  char      *project_name; /* token.project.name, the region; may be NULL */
  char      *user_name;    /* token.user.name; may be NULL */
  char      *user_id;      /* token.user.id, which a later MFA sign-in can use; may be NULL */
} RdIamToken;

#define RD_TYPE_IAM_TOKEN (rd_iam_token_get_type ())
GType       rd_iam_token_get_type   (void) G_GNUC_CONST;
RdIamToken *rd_iam_token_copy       (const RdIamToken *token);
void        rd_iam_token_free       (RdIamToken       *token);
/* TRUE when the token expires at @now or before it; @now NULL means the current time. */
gboolean    rd_iam_token_is_expired (const RdIamToken *token,
                                     GDateTime        *now);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdIamToken, rd_iam_token_free)

/* Signs @user_name of the account @domain_name in with @password (and,
 * when the user has virtual MFA, @mfa_code) and asks for a token scoped to
 * the project named @project_name (the region, such as "cn-north-4").
 *
 * @iam_endpoint is a base URL such as "https://iam.cn-north-4.myhuaweicloud.com"
 * (rd_region_dup_iam_endpoint()); plain http:// only to this machine.
 * Errors are in RD_API_ERROR (cancellation stays G_IO_ERROR_CANCELLED); a
 * rejected password is never tried again. The password is copied into the
 * request body only, which is wiped once the request is done. */
void        rd_iam_sign_in_async      (const char          *iam_endpoint,
                                       const char          *domain_name,
                                       const char          *user_name,
                                       const char          *password,
                                       const char          *mfa_code,
                                       const char          *project_name,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);

/* The same with the user's ID, which IAM documents as required in the
 * "totp" block (rd_iam_sign_in_async() sends the user's name and domain
 * there instead, Keystone's form), and a timeout in seconds (0: the default). */
void        rd_iam_sign_in_full_async (const char          *iam_endpoint,
                                       const char          *domain_name,
                                       const char          *user_name,
                                       const char          *user_id,
                                       const char          *password,
                                       const char          *mfa_code,
                                       const char          *project_name,
                                       guint                timeout_seconds,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);

RdIamToken *rd_iam_sign_in_finish     (GAsyncResult        *result,
                                       GError             **error);

/* The details of a failed sign-in (status, IAM's code and message, the
 * X-request-id header), or NULL when it succeeded or nothing was sent. */
RdErrorDetails *rd_iam_dup_error_details (GAsyncResult     *result);

G_END_DECLS
