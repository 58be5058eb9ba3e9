/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-secret-store.c: the account secrets (SK, security token, token), kept only in the system
 * keyring. */
#define G_LOG_DOMAIN "rd-secret-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-credentials.h"
#include "rd-secret-store.h"

struct _RdSecretStore
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (RdSecretStore, rd_secret_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (rd-secret-error-quark, rd_secret_error)

/* Named after the base app ID so that the development build shares the user's accounts. */
static const SecretSchema schema = {
  BASE_APP_ID, SECRET_SCHEMA_NONE,
  {
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

const SecretSchema *
rd_secret_store_get_schema (void)
{
  return &schema;
}

const char *
rd_secret_kind_to_string (RdSecretKind kind)
{
  switch (kind)
    {
    case RD_SECRET_KIND_SECRET_KEY:
      return "secret-key";
    case RD_SECRET_KIND_SECURITY_TOKEN:
      return "security-token";
    case RD_SECRET_KIND_TOKEN:
      return "token";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
is_no_service_error (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    {
      switch ((GDBusError) error->code)
        {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_FILE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
        case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
        case G_DBUS_ERROR_SPAWN_FILE_INVALID:
        case G_DBUS_ERROR_SPAWN_NO_MEMORY:
          return TRUE;
        default:
          return FALSE;
        }
    }

  /* Connecting to the session bus itself failed: no address, a dead socket,
   * no way to autolaunch. libsecret reports its own failures in SECRET_ERROR. */
  if (error->domain == G_IO_ERROR)
    {
      switch ((GIOErrorEnum) error->code)
        {
        case G_IO_ERROR_NOT_FOUND:
        case G_IO_ERROR_CONNECTION_REFUSED:
        case G_IO_ERROR_NOT_CONNECTED:
        case G_IO_ERROR_BROKEN_PIPE:
        case G_IO_ERROR_PERMISSION_DENIED:
        case G_IO_ERROR_INVALID_ARGUMENT:
        case G_IO_ERROR_FAILED:
          return TRUE;
        default:
          return FALSE;
        }
    }

  return FALSE;
}

/* Turns what libsecret or D-Bus said into an error a person can act on.
 * The technical message goes to the debug log only; it never holds a secret. */
static GError *
translate_error (GError       *error,
                 GCancellable *cancellable,
                 const char   *operation,
                 const char   *account_id,
                 int           kind)
{
  g_autoptr(GError) owned = error;

  g_debug ("%s of %s for account %s failed: %s (%s, %d)",
           operation, kind >= 0 ? rd_secret_kind_to_string ((RdSecretKind) kind) : "all secrets",
           account_id, error->message, g_quark_to_string (error->domain), error->code);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* A real cancellation stays one; a cancelled (dismissed) unlock prompt is a refusal. */
      if (g_cancellable_is_cancelled (cancellable))
        return g_steal_pointer (&owned);

      return g_error_new_literal (RD_SECRET_ERROR, RD_SECRET_ERROR_DECLINED,
                                  _("The keyring stayed locked: unlock it to use the account’s "
                                    "secrets"));
    }

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return g_error_new_literal (RD_SECRET_ERROR, RD_SECRET_ERROR_LOCKED,
                                _("The keyring is locked: unlock it to use the account’s secrets"));

  /* Storing into the "default" alias when it points at no collection (a session where no
   * login keyring was ever created): gnome-keyring 42 answers UnknownMethod "Object does
   * not exist at path …/collection/login", other services UnknownObject. */
  if (g_str_equal (operation, "store") &&
      (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
       g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
       g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT)))
    return g_error_new_literal (RD_SECRET_ERROR, RD_SECRET_ERROR_NO_KEYRING,
                                _("There is no default keyring to keep the secret in: create "
                                  "one in Passwords and Keys, then try again"));

  if (is_no_service_error (error))
    return g_error_new_literal (RD_SECRET_ERROR, RD_SECRET_ERROR_NO_SERVICE,
                                _("No keyring service is running: Release Desk keeps secrets "
                                  "only in the system keyring. Start one, or log in to a GNOME "
                                  "session"));

  return g_error_new_literal (RD_SECRET_ERROR, RD_SECRET_ERROR_FAILED,
                              _("The keyring could not be used: try again, or check the "
                                "keyring service"));
}

static GHashTable *
new_attributes (const char *account_id,
                int         kind)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (char *) "account", (char *) account_id);
  if (kind >= 0)
    g_hash_table_insert (attributes, (char *) "kind",
                         (char *) rd_secret_kind_to_string ((RdSecretKind) kind));

  return attributes;
}

typedef struct
{
  char *account_id;
  int   kind;
} Request;

static void
request_free (Request *request)
{
  g_free (request->account_id);
  g_free (request);
}

static GTask *
new_task (RdSecretStore       *self,
          const char          *account_id,
          int                  kind,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  request->account_id = g_strdup (account_id);
  request->kind = kind;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  return task;
}

static void
on_store_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_error (task, translate_error (error, g_task_get_cancellable (task), "store",
                                                  request->account_id, request->kind));
      return;
    }

  g_debug ("Stored %s for account %s", rd_secret_kind_to_string (request->kind),
           request->account_id);
  g_task_return_boolean (task, TRUE);
}

void
rd_secret_store_store_async (RdSecretStore       *self,
                             const char          *account_id,
                             RdSecretKind         kind,
                             const char          *secret,
                             const char          *label,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (RD_IS_SECRET_STORE (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (rd_secret_kind_to_string (kind) != NULL);
  g_return_if_fail (secret != NULL && secret[0] != '\0');
  g_return_if_fail (label != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_task (self, account_id, kind, cancellable, callback, user_data,
                   rd_secret_store_store_async);
  attributes = new_attributes (account_id, kind);

  /* libsecret copies the secret into its own (non-pageable) memory before returning. */
  secret_password_storev (&schema, attributes, SECRET_COLLECTION_DEFAULT, label, secret,
                          cancellable, on_store_done, task);
}

gboolean
rd_secret_store_store_finish (RdSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_secret_store_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
wipe_and_free (char *secret)
{
  rd_secret_wipe (secret);
  g_free (secret);
}

static void
on_locked_search_done (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  GList *items;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (error, g_task_get_cancellable (task), "search",
                                                  request->account_id, request->kind));
      return;
    }

  if (items != NULL)
    {
      g_list_free_full (items, g_object_unref);
      g_debug ("The %s of account %s is in a keyring that stayed locked",
               rd_secret_kind_to_string (request->kind), request->account_id);
      g_task_return_new_error (task, RD_SECRET_ERROR, RD_SECRET_ERROR_DECLINED, "%s",
                               _("The keyring stayed locked: unlock it to use the account’s "
                                 "secrets"));
      return;
    }

  g_debug ("No %s in the keyring for account %s",
           rd_secret_kind_to_string (request->kind), request->account_id);
  g_task_return_new_error (task, RD_SECRET_ERROR, RD_SECRET_ERROR_NOT_FOUND, "%s",
                           _("The secret is no longer in the keyring: enter it again"));
}

static void
on_lookup_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  char *password;
  char *copy;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (error, g_task_get_cancellable (task), "lookup",
                                                  request->account_id, request->kind));
      return;
    }

  if (password == NULL)
    {
      g_autoptr(GHashTable) attributes = new_attributes (request->account_id, request->kind);
      GCancellable *cancellable = g_task_get_cancellable (task);

      /* A lookup answers "nothing" both when there is no such item and when the item's
       * collection is locked and the unlock prompt was dismissed (or could not be
       * shown). A search that does not unlock tells them apart without a second prompt. */
      secret_password_searchv (&schema, attributes, SECRET_SEARCH_ALL,
                               cancellable, on_locked_search_done,
                               g_steal_pointer (&task));
      return;
    }

  /* Callers free with g_free (); secret_password_free () wipes libsecret's copy. */
  copy = g_strdup (password);
  secret_password_free (password);

  g_debug ("Read %s for account %s", rd_secret_kind_to_string (request->kind),
           request->account_id);
  g_task_return_pointer (task, copy, (GDestroyNotify) wipe_and_free);
}

void
rd_secret_store_lookup_async (RdSecretStore       *self,
                              const char          *account_id,
                              RdSecretKind         kind,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (RD_IS_SECRET_STORE (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (rd_secret_kind_to_string (kind) != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_task (self, account_id, kind, cancellable, callback, user_data,
                   rd_secret_store_lookup_async);
  attributes = new_attributes (account_id, kind);

  g_debug ("Looking up %s for account %s", rd_secret_kind_to_string (kind), account_id);
  secret_password_lookupv (&schema, attributes, cancellable, on_lookup_done, task);
}

char *
rd_secret_store_lookup_finish (RdSecretStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_secret_store_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_clear_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean removed;

  removed = secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (error, g_task_get_cancellable (task), "clear",
                                                  request->account_id, request->kind));
      return;
    }

  g_debug ("Cleared %s for account %s (%s)",
           request->kind >= 0 ? rd_secret_kind_to_string (request->kind) : "all secrets",
           request->account_id, removed ? "removed" : "none there");
  g_task_return_boolean (task, TRUE);
}

void
rd_secret_store_clear_async (RdSecretStore       *self,
                             const char          *account_id,
                             int                  kind,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (RD_IS_SECRET_STORE (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (kind < 0 || rd_secret_kind_to_string ((RdSecretKind) kind) != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_task (self, account_id, kind < 0 ? -1 : kind, cancellable, callback, user_data,
                   rd_secret_store_clear_async);
  attributes = new_attributes (account_id, kind);

  secret_password_clearv (&schema, attributes, cancellable, on_clear_done, task);
}

gboolean
rd_secret_store_clear_finish (RdSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_secret_store_clear_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
rd_secret_store_class_init (RdSecretStoreClass *klass)
{
}

static void
rd_secret_store_init (RdSecretStore *self)
{
}

RdSecretStore *
rd_secret_store_new (void)
{
  return g_object_new (RD_TYPE_SECRET_STORE, NULL);
}
