/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-session.c: who a window or the command line signs in as: the account, its credentials
 * (read from the keyring once) and the client built from them; a 401 anywhere asks to sign in. */
#define G_LOG_DOMAIN "rd-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-session.h"

/* The keyring read in flight for the current account. It holds the session, so that its
 * answer always has somewhere to go; an answer for a read that is no longer self->read (the
 * account changed, or its credentials were dropped meanwhile) is thrown away. */
typedef struct
{
  RdSession    *self;
  RdAccount    *account;
  GCancellable *cancellable;
} Read;

struct _RdSession
{
  GObject          parent_instance;

  RdAccountStore  *accounts;
  RdAccount       *account;
  char            *endpoint;        /* overrides the account's */
  char            *factory_endpoint; /* overrides the account's (--factory-endpoint) */
  int              timeout;          /* given (--timeout), 0 for none */
  int              preferred_timeout; /* the preference, 0 for none */
  RdClient        *base_client;     /* used while there is no account */
  RdClient        *account_client;  /* built from the account's credentials */
  GHashTable      *credentials;     /* account id -> RdCredentials, read once each */
  /* Bumped whenever what the current account's clients were built from stops counting: a
   * client remembers the generation it was built in, and only a 401 of the current one counts. */
  guint            generation;
  RdSessionSignIn  sign_in;

  Read            *read;
  GPtrArray       *waiters;         /* GTask, waiting for the read */
  guint            flush_id;        /* an idle that fails the waiters whose caller cancelled */
};

G_DEFINE_FINAL_TYPE (RdSession, rd_session, G_TYPE_OBJECT)

G_DEFINE_QUARK (rd-session-error-quark, rd_session_error)
/* Which account, and which generation of its credentials, a client was built from. */
static GQuark client_account_quark;
static GQuark client_generation_quark;

enum {
  PROP_0,
  PROP_ACCOUNTS,
  PROP_ACCOUNT,
  PROP_CLIENT,
  PROP_NEEDS_SIGN_IN,
  N_PROPS
};

enum {
  CREDENTIALS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* What a caller of dup_client left with its task: how to stop hearing of its cancellable. */
typedef struct
{
  GCancellable *cancellable;
  gulong        cancelled_id;
} Waiter;

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancelled_id != 0)
    g_cancellable_disconnect (waiter->cancellable, waiter->cancelled_id);
  g_clear_object (&waiter->cancellable);
  g_free (waiter);
}

static void
read_free (Read *read)
{
  g_clear_object (&read->self);
  g_clear_object (&read->account);
  g_clear_object (&read->cancellable);
  g_free (read);
}

/* ---- Waiting for the keyring ---------------------------------------------------------------- */

/* Answers every caller waiting for the read: @client, or else @error. */
static void
answer_waiters (RdSession    *self,
                RdClient     *client,
                const GError *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      /* Before the answer: a callback may cancel what it no longer needs. */
      g_task_set_task_data (task, NULL, NULL);
      if (client != NULL)
        g_task_return_pointer (task, g_object_ref (client), g_object_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

/* Stops the read in flight; its answer will be thrown away. */
static void
cancel_read (RdSession *self)
{
  if (self->read == NULL)
    return;

  g_cancellable_cancel (self->read->cancellable);
  self->read = NULL;
}

static void
fail_waiters_cancelled (RdSession *self)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 "The account changed");

  cancel_read (self);
  answer_waiters (self, NULL, error);
}

static gboolean
flush_cancelled_waiters (gpointer user_data)
{
  RdSession *self = user_data;

  self->flush_id = 0;

  for (guint i = self->waiters->len; i > 0; i--)
    {
      GTask *task = g_ptr_array_index (self->waiters, i - 1);

      if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          g_autoptr(GTask) owned = g_ptr_array_steal_index (self->waiters, i - 1);

          g_task_set_task_data (owned, NULL, NULL);
          g_task_return_error_if_cancelled (owned);
        }
    }

  /* Nobody waits for the keyring any more (a prompt may be open): stop asking it. */
  if (self->waiters->len == 0)
    cancel_read (self);

  return G_SOURCE_REMOVE;
}

/* Runs in g_cancellable_cancel (): the caller is answered from an idle, not inside its own
 * call to cancel. */
static void
on_waiter_cancelled (GCancellable *cancellable,
                     RdSession    *self)
{
  if (self->flush_id == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT, flush_cancelled_waiters,
                                      g_object_ref (self), g_object_unref);
}

/* ---- Clients -------------------------------------------------------------------------------- */

static void
set_account_client (RdSession *self,
                    RdClient  *client)
{
  if (g_set_object (&self->account_client, client) && self->account != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static void
set_sign_in (RdSession       *self,
             RdSessionSignIn  sign_in)
{
  gboolean was = self->sign_in != RD_SESSION_SIGN_IN_NONE;

  self->sign_in = sign_in;
  if (was != (sign_in != RD_SESSION_SIGN_IN_NONE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_SIGN_IN]);
}

/* What the account's clients were built from no longer counts. */
static void
drop_account_client (RdSession *self)
{
  self->generation++;
  set_account_client (self, NULL);
}

/* The current account's client, built from @credentials, or NULL with RD_SESSION_ERROR. */
static RdClient *
build_account_client (RdSession      *self,
                      RdCredentials  *credentials,
                      GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *endpoint = NULL;
  g_autoptr(RdClient) client = NULL;

  endpoint = self->endpoint != NULL ? g_strdup (self->endpoint)
                                    : rd_account_dup_endpoint (self->account);
  if (endpoint == NULL)
    {
      g_set_error (error, RD_SESSION_ERROR, RD_SESSION_ERROR_NO_SERVICE,
                   _("The account “%s” has no region or endpoint: edit it in Preferences"),
                   rd_account_get_name (self->account));
      return NULL;
    }

  client = rd_client_new (endpoint, credentials, &local_error);
  if (client == NULL ||
      !rd_client_set_factory_endpoint (client, self->factory_endpoint != NULL
                                                 ? self->factory_endpoint
                                                 : rd_account_get_factory_endpoint (self->account),
                                       &local_error))
    {
      g_set_error_literal (error, RD_SESSION_ERROR, RD_SESSION_ERROR_BAD_SERVICE,
                           local_error->message);
      return NULL;
    }

  rd_client_set_timeout (client, rd_session_get_timeout (self));
  g_object_set_qdata_full (G_OBJECT (client), client_account_quark,
                           g_strdup (rd_account_get_id (self->account)), g_free);
  g_object_set_qdata (G_OBJECT (client), client_generation_quark,
                      GUINT_TO_POINTER (self->generation));

  set_account_client (self, client);
  return g_steal_pointer (&client);
}

/* A secret the person has to give again: the sign-in of this account is over. */
static void
note_secret_error (RdSession    *self,
                   RdAccount    *account,
                   const GError *error)
{
  gboolean iam = rd_account_get_auth_method (account) == RD_ACCOUNT_AUTH_IAM;

  if (g_error_matches (error, RD_SECRET_ERROR, RD_SECRET_ERROR_EXPIRED))
    set_sign_in (self, RD_SESSION_SIGN_IN_AGAIN);
  else if (g_error_matches (error, RD_SECRET_ERROR, RD_SECRET_ERROR_NOT_FOUND) ||
           g_error_matches (error, RD_SECRET_ERROR, RD_SECRET_ERROR_INVALID))
    set_sign_in (self, iam ? RD_SESSION_SIGN_IN_AGAIN : RD_SESSION_SIGN_IN_ENTER_AGAIN);
}

static void start_read (RdSession *self);

static void
on_credentials_read (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Read *read = user_data;
  RdSession *self = read->self;
  g_autoptr(RdCredentials) credentials = NULL;
  g_autoptr(RdClient) client = NULL;
  g_autoptr(GError) error = NULL;

  credentials = rd_account_store_dup_credentials_finish (RD_ACCOUNT_STORE (source), result,
                                                         &error);
  if (self->read != read)
    {
      g_debug ("Credentials of account %s read for nobody", rd_account_get_id (read->account));
      read_free (read);
      return;
    }
  self->read = NULL;

  g_debug ("Credentials of account %s: %s", rd_account_get_id (read->account),
           credentials != NULL ? "read" : error->message);

  if (credentials != NULL)
    {
      g_hash_table_replace (self->credentials, g_strdup (rd_account_get_id (read->account)),
                            g_object_ref (credentials));
      client = build_account_client (self, credentials, &error);
    }
  else
    note_secret_error (self, read->account, error);

  answer_waiters (self, client, error);
  read_free (read);
}

static void
start_read (RdSession *self)
{
  Read *read = g_new0 (Read, 1);

  read->self = g_object_ref (self);
  read->account = g_object_ref (self->account);
  read->cancellable = g_cancellable_new ();
  self->read = read;

  /* Only now, and once: the keyring may ask to be unlocked. */
  rd_account_store_dup_credentials_async (self->accounts, self->account, read->cancellable,
                                          on_credentials_read, read);
}

void
rd_session_dup_client_async (RdSession           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  RdCredentials *cached;
  RdClient *client;
  Waiter *waiter;

  g_return_if_fail (RD_IS_SESSION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_session_dup_client_async);

  client = rd_session_get_client (self);
  if (client != NULL)
    {
      g_task_return_pointer (task, g_object_ref (client), g_object_unref);
      return;
    }

  if (self->account == NULL)
    {
      g_task_return_new_error (task, RD_SESSION_ERROR, RD_SESSION_ERROR_NO_SERVICE,
                               _("No account or service is chosen"));
      return;
    }

  cached = g_hash_table_lookup (self->credentials, rd_account_get_id (self->account));
  if (cached != NULL)
    {
      client = build_account_client (self, cached, &error);
      if (client != NULL)
        g_task_return_pointer (task, client, g_object_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  waiter = g_new0 (Waiter, 1);
  if (cancellable != NULL)
    {
      waiter->cancellable = g_object_ref (cancellable);
      waiter->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_waiter_cancelled),
                                                    self, NULL);
    }
  g_task_set_task_data (task, waiter, (GDestroyNotify) waiter_free);
  g_ptr_array_add (self->waiters, g_steal_pointer (&task));

  if (self->read == NULL)
    start_read (self);
}

RdClient *
rd_session_dup_client_finish (RdSession     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_session_dup_client_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

RdClient *
rd_session_get_client (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), NULL);

  return self->account != NULL ? self->account_client : self->base_client;
}

gboolean
rd_session_has_service (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), FALSE);

  return self->account != NULL || self->base_client != NULL;
}

/* ---- Signing in again ----------------------------------------------------------------------- */

gboolean
rd_session_report_unauthorized (RdSession *self,
                                RdClient  *client)
{
  RdAccount *account;

  g_return_val_if_fail (RD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (RD_IS_CLIENT (client), FALSE);

  account = self->account;
  if (account == NULL ||
      g_strcmp0 (g_object_get_qdata (G_OBJECT (client), client_account_quark),
                 rd_account_get_id (account)) != 0 ||
      GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (client), client_generation_quark)) !=
        self->generation)
    {
      /* Said already by an earlier call, or of credentials no longer used. */
      return FALSE;
    }

  g_debug ("Account %s: the service refused its credentials", rd_account_get_id (account));

  g_hash_table_remove (self->credentials, rd_account_get_id (account));
  drop_account_client (self);

  /* A token is over: marked as expired, the next call asks to sign in without sending it. */
  if (rd_account_get_auth_method (account) != RD_ACCOUNT_AUTH_ACCESS_KEY)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      rd_account_set_token_expiry (account, now);
      set_sign_in (self, RD_SESSION_SIGN_IN_AGAIN);
    }
  else
    set_sign_in (self, RD_SESSION_SIGN_IN_ENTER_AGAIN);

  return TRUE;
}

gboolean
rd_session_get_needs_sign_in (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), FALSE);

  return self->sign_in != RD_SESSION_SIGN_IN_NONE;
}

RdSessionSignIn
rd_session_get_sign_in (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), RD_SESSION_SIGN_IN_NONE);

  return self->sign_in;
}

void
rd_session_forget_credentials (RdSession  *self,
                               const char *account_id)
{
  gboolean was_signed_out;

  g_return_if_fail (RD_IS_SESSION (self));

  if (account_id == NULL)
    g_hash_table_remove_all (self->credentials);
  else
    g_hash_table_remove (self->credentials, account_id);

  if (self->account == NULL ||
      (account_id != NULL && !g_str_equal (account_id, rd_account_get_id (self->account))))
    return;

  drop_account_client (self);
  /* A read in flight may bring what was just replaced: it starts again for its callers. */
  if (self->read != NULL)
    {
      cancel_read (self);
      start_read (self);
    }

  was_signed_out = self->sign_in != RD_SESSION_SIGN_IN_NONE;
  set_sign_in (self, RD_SESSION_SIGN_IN_NONE);
  g_signal_emit (self, signals[CREDENTIALS_CHANGED], 0, was_signed_out);
}

/* ---- The account ---------------------------------------------------------------------------- */

void
rd_session_set_account (RdSession  *self,
                        RdAccount  *account,
                        const char *endpoint)
{
  g_return_if_fail (RD_IS_SESSION (self));
  g_return_if_fail (account == NULL || RD_IS_ACCOUNT (account));
  g_return_if_fail (account == NULL || self->accounts != NULL);

  /* The endpoint overrides an account's; without one there is nothing to override. */
  if (account == NULL)
    endpoint = NULL;

  if (self->account == account && g_strcmp0 (self->endpoint, endpoint) == 0)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  /* What was asked for with the other account is no longer wanted. */
  fail_waiters_cancelled (self);
  drop_account_client (self);

  g_set_object (&self->account, account);
  g_free (self->endpoint);
  self->endpoint = g_strdup (endpoint);
  set_sign_in (self, RD_SESSION_SIGN_IN_NONE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  g_object_thaw_notify (G_OBJECT (self));
}

RdAccount *
rd_session_get_account (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), NULL);

  return self->account;
}

void
rd_session_set_client (RdSession *self,
                       RdClient  *client)
{
  g_return_if_fail (RD_IS_SESSION (self));
  g_return_if_fail (client == NULL || RD_IS_CLIENT (client));

  if (g_set_object (&self->base_client, client) && self->account == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

gboolean
rd_session_set_target (RdSession  *self,
                       RdTarget   *target,
                       GError    **error)
{
  g_autoptr(RdClient) client = NULL;
  RdCredentials *credentials;

  g_return_val_if_fail (RD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (RD_IS_TARGET (target), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  credentials = rd_target_get_credentials (target);
  if (rd_target_get_account (target) == NULL && credentials != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      client = rd_client_new (rd_target_get_endpoint (target), credentials, &local_error);
      if (client == NULL ||
          !rd_client_set_factory_endpoint (client, rd_target_get_factory_endpoint (target),
                                           &local_error))
        {
          g_set_error_literal (error, RD_SESSION_ERROR, RD_SESSION_ERROR_BAD_SERVICE,
                               local_error->message);
          return FALSE;
        }
    }

  /* Another Factory V1 endpoint: the account's client built for the old one goes. */
  if (g_strcmp0 (self->factory_endpoint, rd_target_get_factory_endpoint (target)) != 0)
    {
      g_free (self->factory_endpoint);
      self->factory_endpoint = g_strdup (rd_target_get_factory_endpoint (target));
      if (self->account != NULL)
        drop_account_client (self);
    }
  rd_session_set_timeout (self, rd_target_get_timeout (target));
  if (client != NULL)
    rd_client_set_timeout (client, rd_session_get_timeout (self));
  rd_session_set_client (self, client);
  rd_session_set_account (self, rd_target_get_account (target), rd_target_get_endpoint (target));
  return TRUE;
}

/* The clients already built follow: a submitted timeout counts from the next call. */
static void
apply_timeout (RdSession *self)
{
  guint seconds = rd_session_get_timeout (self);

  if (self->base_client != NULL)
    rd_client_set_timeout (self->base_client, seconds);
  if (self->account_client != NULL)
    rd_client_set_timeout (self->account_client, seconds);
}

void
rd_session_set_preferred_timeout (RdSession *self,
                                  int        seconds)
{
  g_return_if_fail (RD_IS_SESSION (self));

  self->preferred_timeout = CLAMP (seconds, 0, RD_CLIENT_MAX_TIMEOUT_SECONDS);
  apply_timeout (self);
}

guint
rd_session_get_timeout (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), RD_CLIENT_DEFAULT_TIMEOUT_SECONDS);

  if (self->timeout > 0)
    return (guint) self->timeout;
  if (self->preferred_timeout > 0)
    return (guint) self->preferred_timeout;
  return RD_CLIENT_DEFAULT_TIMEOUT_SECONDS;
}

void
rd_session_set_timeout (RdSession *self,
                        int        seconds)
{
  g_return_if_fail (RD_IS_SESSION (self));

  self->timeout = MAX (seconds, 0);
}

/* ---- The store ------------------------------------------------------------------------------ */

static void
on_accounts_changed (RdSession *self)
{
  GHashTableIter iter;
  const char *id;

  /* Credentials of removed accounts go with them. */
  g_hash_table_iter_init (&iter, self->credentials);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    if (rd_account_store_find_by_id (self->accounts, id) == NULL)
      g_hash_table_iter_remove (&iter);

  if (self->account == NULL)
    return;

  if (rd_account_store_find_by_id (self->accounts, rd_account_get_id (self->account)) !=
      self->account)
    rd_session_set_account (self, NULL, NULL);
  else
    {
      /* It may have been edited: the next call builds a client from what it says now, with
       * the credentials already read. */
      set_account_client (self, NULL);
    }
}

static void
on_account_saved (RdSession *self,
                  RdAccount *account)
{
  rd_session_forget_credentials (self, rd_account_get_id (account));
}

void
rd_session_set_account_store (RdSession      *self,
                              RdAccountStore *accounts)
{
  g_return_if_fail (RD_IS_SESSION (self));
  g_return_if_fail (accounts == NULL || RD_IS_ACCOUNT_STORE (accounts));

  if (self->accounts == accounts)
    return;

  rd_session_set_account (self, NULL, NULL);
  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  g_set_object (&self->accounts, accounts);
  if (accounts != NULL)
    {
      g_signal_connect_object (accounts, "items-changed", G_CALLBACK (on_accounts_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (accounts, "account-saved", G_CALLBACK (on_account_saved), self,
                               G_CONNECT_SWAPPED);
    }
  g_hash_table_remove_all (self->credentials);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNTS]);
}

RdAccountStore *
rd_session_get_account_store (RdSession *self)
{
  g_return_val_if_fail (RD_IS_SESSION (self), NULL);

  return self->accounts;
}

/* ---- GObject -------------------------------------------------------------------------------- */

RdSession *
rd_session_new (RdAccountStore *accounts)
{
  g_return_val_if_fail (accounts == NULL || RD_IS_ACCOUNT_STORE (accounts), NULL);

  return g_object_new (RD_TYPE_SESSION, "accounts", accounts, NULL);
}

static void
rd_session_dispose (GObject *object)
{
  RdSession *self = RD_SESSION (object);

  if (self->waiters != NULL)
    fail_waiters_cancelled (self);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  g_clear_object (&self->accounts);
  g_clear_object (&self->account);
  g_clear_object (&self->account_client);
  g_clear_object (&self->base_client);

  G_OBJECT_CLASS (rd_session_parent_class)->dispose (object);
}

static void
rd_session_finalize (GObject *object)
{
  RdSession *self = RD_SESSION (object);

  g_clear_pointer (&self->credentials, g_hash_table_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_free (self->endpoint);
  g_free (self->factory_endpoint);

  G_OBJECT_CLASS (rd_session_parent_class)->finalize (object);
}

static void
rd_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RdSession *self = RD_SESSION (object);

  switch (prop_id)
    {
    case PROP_ACCOUNTS:
      g_value_set_object (value, self->accounts);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, rd_session_get_client (self));
      break;
    case PROP_NEEDS_SIGN_IN:
      g_value_set_boolean (value, rd_session_get_needs_sign_in (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RdSession *self = RD_SESSION (object);

  switch (prop_id)
    {
    case PROP_ACCOUNTS:
      rd_session_set_account_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_session_class_init (RdSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  client_account_quark = g_quark_from_static_string ("rd-session-client-account");
  client_generation_quark = g_quark_from_static_string ("rd-session-client-generation");

  object_class->dispose = rd_session_dispose;
  object_class->finalize = rd_session_finalize;
  object_class->get_property = rd_session_get_property;
  object_class->set_property = rd_session_set_property;

  properties[PROP_ACCOUNTS] =
    g_param_spec_object ("accounts", NULL, NULL, RD_TYPE_ACCOUNT_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, RD_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, RD_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NEEDS_SIGN_IN] =
    g_param_spec_boolean ("needs-sign-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdSession::credentials-changed:
   * @was_signed_out: "needs-sign-in" was TRUE until now
   *
   * The current account's credentials were dropped because the account was saved or signed in
   * again: what a sign-in stopped can be done again.
   */
  signals[CREDENTIALS_CHANGED] = g_signal_new ("credentials-changed", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
rd_session_init (RdSession *self)
{
  self->credentials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
}
