/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-account.h: a saved account: where to connect, the defaults, and how to sign in (never its
 * secrets). */
#pragma once

#include <glib-object.h>

#include "rd-secret-store.h"

G_BEGIN_DECLS

typedef enum
{
  RD_ACCOUNT_AUTH_ACCESS_KEY,
  RD_ACCOUNT_AUTH_TOKEN,
  RD_ACCOUNT_AUTH_IAM,
} RdAccountAuth;

#define RD_TYPE_ACCOUNT_AUTH (rd_account_auth_get_type ())
GType rd_account_auth_get_type (void);

/* "access-key", "token", "iam" (the nicks, as saved in the account file). */
const char   *rd_account_auth_to_string   (RdAccountAuth  auth);
gboolean      rd_account_auth_from_string (const char    *text,
                                           RdAccountAuth *auth);

#define RD_TYPE_ACCOUNT (rd_account_get_type ())
G_DECLARE_FINAL_TYPE (RdAccount, rd_account, RD, ACCOUNT, GObject)

/* A new account with a fresh random id. */
RdAccount     *rd_account_new                (const char    *name);

const char    *rd_account_get_id             (RdAccount     *self);
const char    *rd_account_get_name           (RdAccount     *self);
void           rd_account_set_name           (RdAccount     *self,
                                              const char    *name);
/* A known region (rd-regions.h), or NULL for a custom endpoint. */
const char    *rd_account_get_region         (RdAccount     *self);
void           rd_account_set_region         (RdAccount     *self,
                                              const char    *region);
/* A custom base URL (already checked with rd_validate_endpoint ()), or NULL. */
const char    *rd_account_get_endpoint       (RdAccount     *self);
void           rd_account_set_endpoint       (RdAccount     *self,
                                              const char    *endpoint);
/* The DataArts Factory V1 base URL (scripts and jobs at a version), already checked with
 * rd_validate_endpoint (), or NULL: derived from the endpoint (dayu. → dayu-dlf.). */
const char    *rd_account_get_factory_endpoint (RdAccount   *self);
void           rd_account_set_factory_endpoint (RdAccount   *self,
                                                const char  *factory_endpoint);
const char    *rd_account_get_project_id     (RdAccount     *self);
void           rd_account_set_project_id     (RdAccount     *self,
                                              const char    *project_id);
const char    *rd_account_get_workspace      (RdAccount     *self);
void           rd_account_set_workspace      (RdAccount     *self,
                                              const char    *workspace);
RdAccountAuth  rd_account_get_auth_method    (RdAccount     *self);
void           rd_account_set_auth_method    (RdAccount     *self,
                                              RdAccountAuth  auth_method);
/* The AK identifies the key; it is not a secret and lives with the account. */
const char    *rd_account_get_access_key     (RdAccount     *self);
void           rd_account_set_access_key     (RdAccount     *self,
                                              const char    *access_key);
const char    *rd_account_get_iam_domain     (RdAccount     *self);
void           rd_account_set_iam_domain     (RdAccount     *self,
                                              const char    *iam_domain);
const char    *rd_account_get_iam_user       (RdAccount     *self);
void           rd_account_set_iam_user       (RdAccount     *self,
                                              const char    *iam_user);
/* The project name IAM scopes the token to ("cn-north-4") when the account has a
 * custom endpoint; with a known region the region is the project name. */
const char    *rd_account_get_iam_project    (RdAccount     *self);
void           rd_account_set_iam_project    (RdAccount     *self,
                                              const char    *iam_project);
GDateTime     *rd_account_get_token_expiry   (RdAccount     *self);
void           rd_account_set_token_expiry   (RdAccount     *self,
                                              GDateTime     *token_expiry);

/* TRUE when a token expiry is known and not in the future. */
gboolean       rd_account_is_token_expired   (RdAccount     *self);

/* The custom endpoint, else the region's; NULL when neither is set. */
char          *rd_account_dup_endpoint       (RdAccount     *self);
/* What Passwords and Keys shows: "Release Desk: AK/SK for cn-north-4 (prod)". */
char          *rd_account_dup_secret_label   (RdAccount     *self,
                                              RdSecretKind   kind);

G_END_DECLS
