/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-secret-store.h: the account secrets (SK, security token, token), kept only in the system
 * keyring. */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define RD_SECRET_ERROR (rd_secret_error_quark ())

typedef enum
{
  RD_SECRET_ERROR_NO_SERVICE,
  RD_SECRET_ERROR_LOCKED,
  RD_SECRET_ERROR_DECLINED,
  RD_SECRET_ERROR_NOT_FOUND,
  RD_SECRET_ERROR_EXPIRED,
  RD_SECRET_ERROR_FAILED,
  RD_SECRET_ERROR_NO_KEYRING,   /* no default collection to store into */
  RD_SECRET_ERROR_INVALID,      /* a secret no request could carry: blank, a line break, … */
} RdSecretError;

GQuark rd_secret_error_quark (void);

typedef enum
{
  RD_SECRET_KIND_SECRET_KEY,
  RD_SECRET_KIND_SECURITY_TOKEN,
  RD_SECRET_KIND_TOKEN,
} RdSecretKind;

/* The "kind" attribute: "secret-key", "security-token", "token". */
const char         *rd_secret_kind_to_string   (RdSecretKind kind);

/* The one schema, named after the app ID, with the attributes "account" and "kind". */
const SecretSchema *rd_secret_store_get_schema (void);

#define RD_TYPE_SECRET_STORE (rd_secret_store_get_type ())
G_DECLARE_FINAL_TYPE (RdSecretStore, rd_secret_store, RD, SECRET_STORE, GObject)

RdSecretStore *rd_secret_store_new            (void);

/* Stores or replaces the secret of that kind for the account. */
void           rd_secret_store_store_async    (RdSecretStore        *self,
                                               const char           *account_id,
                                               RdSecretKind          kind,
                                               const char           *secret,
                                               const char           *label,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       rd_secret_store_store_finish   (RdSecretStore        *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* The secret, or NULL with RD_SECRET_ERROR_NOT_FOUND when absent.
 * Free it with rd_secret_wipe () then g_free (). */
void           rd_secret_store_lookup_async   (RdSecretStore        *self,
                                               const char           *account_id,
                                               RdSecretKind          kind,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
char          *rd_secret_store_lookup_finish  (RdSecretStore        *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* kind < 0 clears every secret of the account. Clearing nothing is not an error. */
void           rd_secret_store_clear_async    (RdSecretStore        *self,
                                               const char           *account_id,
                                               int                   kind,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       rd_secret_store_clear_finish   (RdSecretStore        *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
