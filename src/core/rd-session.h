/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-session.h: who a window or the command line signs in as: the account, its credentials
 * (read from the keyring once) and the client built from them; a 401 anywhere asks to sign in. */
#pragma once

#include <gio/gio.h>

#include "rd-account-store.h"
#include "rd-client.h"
#include "rd-target.h"

G_BEGIN_DECLS

#define RD_SESSION_ERROR (rd_session_error_quark ())
GQuark rd_session_error_quark (void);

/* Why no client could be made (the keyring's own failures stay RD_SECRET_ERROR). */
typedef enum
{
  RD_SESSION_ERROR_NO_SERVICE,    /* no account and no client, or an account with no region or
                                   * endpoint */
  RD_SESSION_ERROR_BAD_SERVICE,   /* the endpoint is not one a client can be made for */
} RdSessionError;

/* What the person has to do before the account's calls can work again. */
typedef enum
{
  RD_SESSION_SIGN_IN_NONE,
  /* Sign in again: the token was refused or has expired, or an IAM sign-in is missing. */
  RD_SESSION_SIGN_IN_AGAIN,
  /* Enter the secret again: keys refused, or a secret missing or unusable. */
  RD_SESSION_SIGN_IN_ENTER_AGAIN,
} RdSessionSignIn;

#define RD_TYPE_SESSION (rd_session_get_type ())
G_DECLARE_FINAL_TYPE (RdSession, rd_session, RD, SESSION, GObject)

/* @accounts (nullable): the saved accounts; the session listens to it, so an account saved
 * (rd_account_store_save_account_async ()), edited or removed drops what was read for it. */
RdSession       *rd_session_new                    (RdAccountStore       *accounts);
void             rd_session_set_account_store      (RdSession            *self,
                                                    RdAccountStore       *accounts);
RdAccountStore  *rd_session_get_account_store      (RdSession            *self);

/* A client to use while no account is (the demo's, the environment's); NULL for none. */
void             rd_session_set_client             (RdSession            *self,
                                                    RdClient             *client);
/* Uses what @target resolved: its account, with its endpoint overriding the account's, or a
 * client built now from its endpoint and credentials (with its timeout). FALSE with
 * RD_SESSION_ERROR_BAD_SERVICE when that client cannot be made. */
gboolean         rd_session_set_target             (RdSession            *self,
                                                    RdTarget             *target,
                                                    GError              **error);
/* Calls use @account (held by the store) from now on; @endpoint (nullable) overrides its own.
 * What was asked for the previous account and is still waiting for its keyring fails with
 * G_IO_ERROR_CANCELLED. NULL goes back to the client of rd_session_set_client (). */
void             rd_session_set_account            (RdSession            *self,
                                                    RdAccount            *account,
                                                    const char           *endpoint);
RdAccount       *rd_session_get_account            (RdSession            *self);
/* Seconds for the clients built for accounts; 0 for the client's default. */
void             rd_session_set_timeout            (RdSession            *self,
                                                    int                   seconds);
/* The timeout from the preferences: what every client of the session (the account's, the
 * demo's, the environment's; built or still to build) uses while no timeout was given by
 * rd_session_set_timeout () or the target (the command line's --timeout wins). 0 for the
 * client's default. */
void             rd_session_set_preferred_timeout  (RdSession            *self,
                                                    int                   seconds);
/* The timeout calls use now, in seconds. */
guint            rd_session_get_timeout            (RdSession            *self);
/* TRUE when there is an account or a client to use (a call may still fail to get one). */
gboolean         rd_session_has_service            (RdSession            *self);

/* The client calls use now without reading anything: the account's once built, else the one
 * of rd_session_set_client (); NULL when the account's is not built yet. */
RdClient        *rd_session_get_client             (RdSession            *self);
/* The client to call with. An account's secrets are read from the keyring the first time
 * (the keyring may ask to be unlocked) and kept for the session, for this account as for any
 * other used since; callers waiting at the same time share one read. Fails with
 * RD_SECRET_ERROR (an expired sign-in, a missing or unusable secret: "needs-sign-in" becomes
 * TRUE), RD_SESSION_ERROR, or G_IO_ERROR_CANCELLED. */
void             rd_session_dup_client_async       (RdSession            *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
RdClient        *rd_session_dup_client_finish      (RdSession            *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* A call made with @client was answered 401 (RD_API_ERROR_UNAUTHORIZED), whichever call it
 * was: if @client is the account's current one, its credentials are forgotten, a token is
 * marked expired (so that nothing is sent with it again), and "needs-sign-in" becomes TRUE.
 * Returns TRUE when the person has to sign in again; FALSE for an older client, or a client
 * that is not an account's (the environment's: nothing to sign in to). */
gboolean         rd_session_report_unauthorized    (RdSession            *self,
                                                    RdClient             *client);
gboolean         rd_session_get_needs_sign_in      (RdSession            *self);
RdSessionSignIn  rd_session_get_sign_in            (RdSession            *self);

/* Drops the credentials read for @account_id (NULL: for every account), as the store's
 * "account-saved" does: the next call reads the keyring again. */
void             rd_session_forget_credentials     (RdSession            *self,
                                                    const char           *account_id);

/* Properties (read-only, notified): "account", "client" (rd_session_get_client ()),
 * "needs-sign-in".
 * Signals:
 *   "credentials-changed" (gboolean was_signed_out): the current account's credentials were
 *   dropped because it was saved or signed in again (or rd_session_forget_credentials ()):
 *   what a sign-in stopped can be done again. @was_signed_out: "needs-sign-in" was TRUE until
 *   then (it is FALSE now). */

G_END_DECLS
