/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-account-store.h: the saved accounts as a list model, kept in a key file without any secret. */
#pragma once

#include <gio/gio.h>

#include "rd-account.h"
#include "rd-credentials.h"
#include "rd-secret-store.h"

G_BEGIN_DECLS

#define RD_TYPE_ACCOUNT_STORE (rd_account_store_get_type ())
G_DECLARE_FINAL_TYPE (RdAccountStore, rd_account_store, RD, ACCOUNT_STORE, GObject)

#define RD_ACCOUNT_STORE_ERROR (rd_account_store_error_quark ())
GQuark rd_account_store_error_quark (void);

typedef enum
{
  /* A line GKeyFile cannot parse, or an account group the store cannot read. */
  RD_ACCOUNT_STORE_ERROR_INVALID,
  /* The file or its folder belongs to another user, or others may write to it. */
  RD_ACCOUNT_STORE_ERROR_INSECURE,
  /* A change refused: the file on disk was not read, so writing would lose what it holds. */
  RD_ACCOUNT_STORE_ERROR_NOT_LOADED,
} RdAccountStoreError;

/* path: the key file (e.g. g_get_user_config_dir ()/release-desk/accounts.ini); nothing is read
 * until rd_account_store_load (). secrets: NULL for a new RdSecretStore. */
RdAccountStore *rd_account_store_new                    (const char           *path,
                                                         RdSecretStore        *secrets);
const char     *rd_account_store_get_path               (RdAccountStore       *self);
RdSecretStore  *rd_account_store_get_secret_store       (RdAccountStore       *self);

/* A missing file is an empty list. Replaces the accounts in the model. A file (or its
 * folder) that another user owns or others may write to is refused
 * (RD_ACCOUNT_STORE_ERROR_INSECURE); one that cannot be read or parsed fails naming the file and
 * the line. After a failure the model is left as it was and the store keeps the error
 * (load-error): until a load succeeds or rd_account_store_start_over (), nothing is written
 * (saves, adds and removes fail with RD_ACCOUNT_STORE_ERROR_NOT_LOADED). */
gboolean        rd_account_store_load                   (RdAccountStore       *self,
                                                         GError              **error);
/* Why the last load failed, or NULL. */
const GError   *rd_account_store_get_load_error         (RdAccountStore       *self);
/* Moves the file that could not be loaded aside as "accounts.ini.broken-DATE" (never deleting
 * it) and starts with no accounts; nothing is written until something changes. Returns the
 * new name of the old file in @moved_to (NULL when there was no file). */
gboolean        rd_account_store_start_over             (RdAccountStore       *self,
                                                         char                **moved_to,
                                                         GError              **error);
/* Writes atomically (mode 0600), and only when the contents change. A symlink stays a
 * symlink: its target is replaced. Refuses a file or folder that is not the user's own.
 * Every change to a stored account, an add and a remove also save; a failure there is
 * logged, so call this to learn of one. */
gboolean        rd_account_store_save                   (RdAccountStore       *self,
                                                         GError              **error);

/* Fails with G_IO_ERROR_EXISTS when another account has the same name, and with
 * RD_ACCOUNT_STORE_ERROR_NOT_LOADED while the file could not be loaded. */
gboolean        rd_account_store_add                    (RdAccountStore       *self,
                                                         RdAccount            *account,
                                                         GError              **error);
/* Removes the account's secrets from the keyring, then the account, then saves.
 * When the keyring fails, the account stays (so its secrets are not orphaned); while the
 * file could not be loaded, nothing is removed (RD_ACCOUNT_STORE_ERROR_NOT_LOADED). */
void            rd_account_store_remove_async           (RdAccountStore       *self,
                                                         RdAccount            *account,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean        rd_account_store_remove_finish          (RdAccountStore       *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* One change a save makes to an account's secrets in the keyring. */
typedef struct
{
  RdSecretKind  kind;
  const char   *secret;   /* the new value, or NULL to clear the stored one */
} RdSecretChange;

/* Saves an account as the account editor does: writes @changes (@n_changes of them) to the
 * keyring in order (each secret is copied, and wiped once written), then adds @account if the
 * store does not hold it yet (a held account's fields are saved as they are set). Fails at the
 * first change the keyring refuses (nothing more is written), or as rd_account_store_add ()
 * does. On success "account-saved" is emitted, before the callback runs. */
void            rd_account_store_save_account_async     (RdAccountStore       *self,
                                                         RdAccount            *account,
                                                         const RdSecretChange *changes,
                                                         guint                 n_changes,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean        rd_account_store_save_account_finish    (RdAccountStore       *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* Keeps an IAM sign-in: stores @token (copied) as the account's token in the keyring, then sets
 * the account's token expiry to @expires_at (NULL: unknown) and emits "account-saved". The
 * account need not be held yet: a new one signs in before it is added. */
void            rd_account_store_save_sign_in_async     (RdAccountStore       *self,
                                                         RdAccount            *account,
                                                         const char           *token,
                                                         GDateTime            *expires_at,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean        rd_account_store_save_sign_in_finish    (RdAccountStore       *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* Signals:
 *   "account-saved" (RdAccount *account): rd_account_store_save_account_async () or
 *   rd_account_store_save_sign_in_async () succeeded: credentials read for the account before
 *   are out of date. An RdSession listens to it, so that no widget has to tell another. */

RdAccount      *rd_account_store_find_by_id             (RdAccountStore       *self,
                                                         const char           *id);
RdAccount      *rd_account_store_find_by_name           (RdAccountStore       *self,
                                                         const char           *name);

const char     *rd_account_store_get_active_account_id  (RdAccountStore       *self);
void            rd_account_store_set_active_account_id  (RdAccountStore       *self,
                                                         const char           *id);
RdAccount      *rd_account_store_get_active_account     (RdAccountStore       *self);

/* Reads the account's secrets from the keyring (only now) and builds its credentials.
 * A token or IAM account whose known expiry has passed fails with RD_SECRET_ERROR_EXPIRED
 * without reading the keyring; a missing secret fails with RD_SECRET_ERROR_NOT_FOUND. */
void            rd_account_store_dup_credentials_async  (RdAccountStore       *self,
                                                         RdAccount            *account,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
RdCredentials  *rd_account_store_dup_credentials_finish (RdAccountStore       *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
