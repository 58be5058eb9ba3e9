/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-account-store.c: the saved accounts as a list model, kept in a key file without any secret. */
#define G_LOG_DOMAIN "rd-account-store"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "rd-account-store.h"
#include "rd-regions.h"
#include "rd-validate.h"

struct _RdAccountStore
{
  GObject        parent_instance;

  char          *path;
  RdSecretStore *secrets;
  GPtrArray     *accounts;
  char          *active_account_id;
  /* Why the file on disk could not be loaded: while set, nothing is written over it. */
  GError        *load_error;
  /* Loading sets properties; those must not write the file back. */
  guint          loading : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdAccountStore, rd_account_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  PROP_SECRET_STORE,
  PROP_ACTIVE_ACCOUNT_ID,
  PROP_N_ITEMS,
  PROP_LOAD_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ACCOUNT_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (rd-account-store-error-quark, rd_account_store_error)

#define STORE_GROUP "store"
#define ACCOUNT_GROUP_PREFIX "account "

static GType
list_model_get_item_type (GListModel *model)
{
  return RD_TYPE_ACCOUNT;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return RD_ACCOUNT_STORE (model)->accounts->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  RdAccountStore *self = RD_ACCOUNT_STORE (model);

  if (position >= self->accounts->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
save_or_log (RdAccountStore *self)
{
  g_autoptr(GError) error = NULL;

  if (self->loading)
    return;

  /* The window says why; a warning per change would only repeat it. */
  if (self->load_error != NULL)
    {
      g_debug ("Not saving the accounts: the file was not loaded");
      return;
    }

  if (!rd_account_store_save (self, &error))
    g_warning ("Could not save the accounts: %s", error->message);
}

static void
on_account_notify (RdAccount      *account,
                   GParamSpec     *pspec,
                   RdAccountStore *self)
{
  guint position;

  save_or_log (self);

  /* A GListModel announces a changed item as removed and added again: menus,
   * rows and the window's title show the name, and a client built for the old
   * endpoint or sign-in must not be reused. */
  if (g_ptr_array_find (self->accounts, account, &position))
    g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

static void
disconnect_account (gpointer data,
                    gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (data, on_account_notify, user_data);
}

static void
rd_account_store_dispose (GObject *object)
{
  RdAccountStore *self = (RdAccountStore *)object;

  if (self->accounts != NULL)
    {
      g_ptr_array_foreach (self->accounts, disconnect_account, self);
      g_clear_pointer (&self->accounts, g_ptr_array_unref);
    }
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (rd_account_store_parent_class)->dispose (object);
}

static void
rd_account_store_finalize (GObject *object)
{
  RdAccountStore *self = (RdAccountStore *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->active_account_id, g_free);
  g_clear_error (&self->load_error);

  G_OBJECT_CLASS (rd_account_store_parent_class)->finalize (object);
}

static void
rd_account_store_constructed (GObject *object)
{
  RdAccountStore *self = (RdAccountStore *)object;

  G_OBJECT_CLASS (rd_account_store_parent_class)->constructed (object);

  if (self->secrets == NULL)
    self->secrets = rd_secret_store_new ();
}

static void
rd_account_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RdAccountStore *self = RD_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_SECRET_STORE:
      g_value_set_object (value, self->secrets);
      break;
    case PROP_ACTIVE_ACCOUNT_ID:
      g_value_set_string (value, self->active_account_id);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->accounts->len);
      break;
    case PROP_LOAD_ERROR:
      g_value_set_boxed (value, self->load_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_account_store_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RdAccountStore *self = RD_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_SECRET_STORE:
      self->secrets = g_value_dup_object (value);
      break;
    case PROP_ACTIVE_ACCOUNT_ID:
      rd_account_store_set_active_account_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_account_store_class_init (RdAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rd_account_store_constructed;
  object_class->dispose = rd_account_store_dispose;
  object_class->finalize = rd_account_store_finalize;
  object_class->get_property = rd_account_store_get_property;
  object_class->set_property = rd_account_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECRET_STORE] =
    g_param_spec_object ("secret-store", NULL, NULL, RD_TYPE_SECRET_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE_ACCOUNT_ID] =
    g_param_spec_string ("active-account-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOAD_ERROR] =
    g_param_spec_boxed ("load-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdAccountStore::account-saved:
   * @account: the account saved, or signed in
   *
   * Emitted when rd_account_store_save_account_async () or
   * rd_account_store_save_sign_in_async () succeeded, before its callback runs: what was read
   * of the account's secrets before is out of date.
   */
  signals[ACCOUNT_SAVED] = g_signal_new ("account-saved", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, RD_TYPE_ACCOUNT);
}

static void
rd_account_store_init (RdAccountStore *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
}

RdAccountStore *
rd_account_store_new (const char    *path,
                      RdSecretStore *secrets)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (secrets == NULL || RD_IS_SECRET_STORE (secrets), NULL);

  return g_object_new (RD_TYPE_ACCOUNT_STORE,
                       "path", path,
                       "secret-store", secrets,
                       NULL);
}

const char *
rd_account_store_get_path (RdAccountStore *self)
{
  g_return_val_if_fail (RD_IS_ACCOUNT_STORE (self), NULL);

  return self->path;
}

RdSecretStore *
rd_account_store_get_secret_store (RdAccountStore *self)
{
  g_return_val_if_fail (RD_IS_ACCOUNT_STORE (self), NULL);

  return self->secrets;
}

static void
items_changed (RdAccountStore *self,
               guint           position,
               guint           removed,
               guint           added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
append_account (RdAccountStore *self,
                RdAccount      *account)
{
  g_ptr_array_add (self->accounts, g_object_ref (account));
  g_signal_connect_object (account, "notify", G_CALLBACK (on_account_notify), self, 0);
}

static void
set_optional (GKeyFile   *key_file,
              const char *group,
              const char *key,
              const char *value)
{
  if (value != NULL)
    g_key_file_set_string (key_file, group, key, value);
}

static char *
get_optional (GKeyFile   *key_file,
              const char *group,
              const char *key)
{
  char *value = g_key_file_get_string (key_file, group, key, NULL);

  if (value != NULL && value[0] == '\0')
    g_clear_pointer (&value, g_free);

  return value;
}

/* The file holds identifiers and preferences only: never an SK, a token or a password. */
static GKeyFile *
build_key_file (RdAccountStore *self)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();

  g_key_file_set_comment (key_file, NULL, NULL,
                          " Release Desk accounts. Secrets are in the system keyring, never here.",
                          NULL);
  g_key_file_set_integer (key_file, STORE_GROUP, "version", 1);
  set_optional (key_file, STORE_GROUP, "active-account", self->active_account_id);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      RdAccount *account = g_ptr_array_index (self->accounts, i);
      g_autofree char *group = g_strconcat (ACCOUNT_GROUP_PREFIX, rd_account_get_id (account),
                                            NULL);
      GDateTime *expiry = rd_account_get_token_expiry (account);

      set_optional (key_file, group, "name", rd_account_get_name (account));
      set_optional (key_file, group, "region", rd_account_get_region (account));
      set_optional (key_file, group, "endpoint", rd_account_get_endpoint (account));
      set_optional (key_file, group, "factory-endpoint",
                    rd_account_get_factory_endpoint (account));
      set_optional (key_file, group, "project-id", rd_account_get_project_id (account));
      set_optional (key_file, group, "workspace", rd_account_get_workspace (account));
      g_key_file_set_string (key_file, group, "auth-method",
                             rd_account_auth_to_string (rd_account_get_auth_method (account)));
      set_optional (key_file, group, "access-key", rd_account_get_access_key (account));
      set_optional (key_file, group, "iam-domain", rd_account_get_iam_domain (account));
      set_optional (key_file, group, "iam-user", rd_account_get_iam_user (account));
      set_optional (key_file, group, "iam-project", rd_account_get_iam_project (account));
      if (expiry != NULL)
        {
          g_autofree char *text = g_date_time_format_iso8601 (expiry);
          g_key_file_set_string (key_file, group, "token-expiry", text);
        }
    }

  return g_steal_pointer (&key_file);
}

/* ---- The file on disk ----------------------------------------------------------------------- */

static void
set_load_error (RdAccountStore *self,
                const GError   *error)
{
  if (self->load_error == NULL && error == NULL)
    return;

  g_clear_error (&self->load_error);
  if (error != NULL)
    self->load_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOAD_ERROR]);
}

const GError *
rd_account_store_get_load_error (RdAccountStore *self)
{
  g_return_val_if_fail (RD_IS_ACCOUNT_STORE (self), NULL);

  return self->load_error;
}

static gboolean
refuse_when_not_loaded (RdAccountStore  *self,
                        GError         **error)
{
  g_autofree char *display = NULL;

  if (self->load_error == NULL)
    return TRUE;

  display = g_filename_display_name (self->path);
  g_set_error (error, RD_ACCOUNT_STORE_ERROR, RD_ACCOUNT_STORE_ERROR_NOT_LOADED,
               _("The accounts in “%s” could not be read, so the file is left as it is: fix it, "
                 "or start over with no accounts"), display);
  return FALSE;
}

/* Anyone who can write the accounts file can point an account at their own server and collect
 * its token: the file and the folder that holds it must be the user's alone. @path is the file
 * (a regular one) or, with @is_folder, a folder; a missing one is fine (it is created private). */
static gboolean
check_private (const char  *path,
               gboolean     is_folder,
               GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *quoted = NULL;
  struct stat st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return TRUE;

      display = g_filename_display_name (path);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   is_folder ? _("Could not read the accounts: the folder “%s” cannot be "
                                 "examined: %s")
                             : _("Could not read the accounts from “%s”: %s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  display = g_filename_display_name (path);
  quoted = g_shell_quote (display);

  /* A FIFO or a device would block the read or never end. */
  if (!is_folder && !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("Could not read the accounts from “%s”: it is not a regular file"), display);
      return FALSE;
    }

  if (st.st_uid != getuid ())
    {
      g_set_error (error, RD_ACCOUNT_STORE_ERROR, RD_ACCOUNT_STORE_ERROR_INSECURE,
                   is_folder ? _("The folder “%s” that holds the accounts belongs to another "
                                 "user, so the accounts were not used: keep them in a folder "
                                 "of your own, then try again")
                             : _("The accounts file “%s” belongs to another user, so it was not "
                                 "used: replace it with a copy of your own (or remove it), then "
                                 "try again"),
                   display);
      return FALSE;
    }

  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    {
      g_set_error (error, RD_ACCOUNT_STORE_ERROR, RD_ACCOUNT_STORE_ERROR_INSECURE,
                   is_folder ? _("Other users can change the folder “%s” that holds the accounts, "
                                 "so the accounts were not used: run “chmod go-w %s”, then try "
                                 "again")
                             : _("Other users can change the accounts file “%s”, so it was not "
                                 "used: run “chmod go-w %s”, then try again"),
                   display, quoted);
      return FALSE;
    }

  return TRUE;
}

/* Where the file's bytes really are: @path, or the end of its chain of symlinks (which may not
 * exist yet). A symlinked accounts.ini stays a symlink: its target is what gets replaced. */
static char *
resolve_symlinks (const char  *path,
                  GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *target = NULL;
      g_autofree char *dir = NULL;
      struct stat st;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);

      target = g_file_read_link (current, error);
      if (target == NULL)
        return NULL;

      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_canonicalize_filename (target, dir);
    }

  {
    g_autofree char *display = g_filename_display_name (path);

    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_LOOP,
                 _("Could not read the accounts from “%s”: %s"), display, g_strerror (ELOOP));
  }
  return NULL;
}

/* The file, its folder and, for a symlink, the target and the target's folder. Returns the
 * path of the bytes (see resolve_symlinks ()). */
static char *
check_file_is_private (const char  *path,
                       GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *target = NULL;

  if (!check_private (dir, TRUE, error))
    return NULL;

  target = resolve_symlinks (path, error);
  if (target == NULL)
    return NULL;

  if (!g_str_equal (target, path))
    {
      g_autofree char *target_dir = g_path_get_dirname (target);

      if (!check_private (target_dir, TRUE, error))
        return NULL;
    }

  if (!check_private (target, FALSE, error))
    return NULL;

  return g_steal_pointer (&target);
}

gboolean
rd_account_store_save (RdAccountStore  *self,
                       GError         **error)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  g_autofree char *old_data = NULL;
  gsize old_length;
  gsize length;

  g_return_val_if_fail (RD_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!refuse_when_not_loaded (self, error))
    return FALSE;

  key_file = build_key_file (self);
  data = g_key_file_to_data (key_file, &length, NULL);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder “%s” for the accounts: %s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  target = check_file_is_private (self->path, error);
  if (target == NULL)
    return FALSE;

  /* Nothing changed, nothing written: the file keeps its inode, its time and its links. */
  if (g_file_get_contents (target, &old_data, &old_length, NULL) &&
      old_length == length && memcmp (old_data, data, length) == 0)
    {
      g_debug ("The accounts file is up to date");
      return TRUE;
    }

  if (!g_file_set_contents_full (target, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                 0600, error))
    return FALSE;

  g_debug ("Saved %u accounts", self->accounts->len);
  return TRUE;
}

/* @key's URL, checked and normalised; NULL when absent, or dropped when not valid. */
static char *
dup_optional_endpoint (GKeyFile   *key_file,
                       const char *group,
                       const char *key,
                       const char *id)
{
  g_autofree char *text = get_optional (key_file, group, key);
  char *valid;

  if (text == NULL)
    return NULL;
  valid = rd_validate_endpoint (text, NULL);
  if (valid == NULL)
    g_debug ("Account %s: invalid %s dropped", id, key);
  return valid;
}

static RdAccount *
account_from_group (GKeyFile    *key_file,
                    const char  *group,
                    GError     **error)
{
  const char *id = group + strlen (ACCOUNT_GROUP_PREFIX);
  g_autoptr(RdAccount) account = NULL;
  g_autofree char *name = NULL;
  g_autofree char *region = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *factory_endpoint = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *expiry_text = NULL;
  RdAccountAuth auth_method;

  if (!g_uuid_string_is_valid (id))
    {
      g_set_error_literal (error, RD_ACCOUNT_STORE_ERROR, RD_ACCOUNT_STORE_ERROR_INVALID,
                           _("the text after “account” is not an account ID"));
      return NULL;
    }

  name = get_optional (key_file, group, "name");
  if (name == NULL)
    {
      g_set_error_literal (error, RD_ACCOUNT_STORE_ERROR, RD_ACCOUNT_STORE_ERROR_INVALID,
                           _("it has no name"));
      return NULL;
    }

  auth = get_optional (key_file, group, "auth-method");
  if (!rd_account_auth_from_string (auth, &auth_method))
    {
      g_set_error_literal (error, RD_ACCOUNT_STORE_ERROR, RD_ACCOUNT_STORE_ERROR_INVALID,
                           _("its auth-method is missing or unknown"));
      return NULL;
    }

  account = g_object_new (RD_TYPE_ACCOUNT,
                          "id", id,
                          "name", name,
                          "auth-method", auth_method,
                          NULL);

  region = get_optional (key_file, group, "region");
  if (region != NULL && !rd_region_is_known (region))
    {
      g_debug ("Account %s: unknown region dropped", id);
      g_clear_pointer (&region, g_free);
    }
  rd_account_set_region (account, region);

  endpoint = dup_optional_endpoint (key_file, group, "endpoint", id);
  rd_account_set_endpoint (account, endpoint);
  factory_endpoint = dup_optional_endpoint (key_file, group, "factory-endpoint", id);
  rd_account_set_factory_endpoint (account, factory_endpoint);

#define LOAD_STRING(key, setter)                                  \
  G_STMT_START {                                                  \
    g_autofree char *value = get_optional (key_file, group, key); \
    setter (account, value);                                      \
  } G_STMT_END

  LOAD_STRING ("project-id", rd_account_set_project_id);
  LOAD_STRING ("workspace", rd_account_set_workspace);
  LOAD_STRING ("access-key", rd_account_set_access_key);
  LOAD_STRING ("iam-domain", rd_account_set_iam_domain);
  LOAD_STRING ("iam-user", rd_account_set_iam_user);
  LOAD_STRING ("iam-project", rd_account_set_iam_project);

#undef LOAD_STRING

  expiry_text = get_optional (key_file, group, "token-expiry");
  if (expiry_text != NULL)
    {
      g_autoptr(GDateTime) expiry = g_date_time_new_from_iso8601 (expiry_text, NULL);

      if (expiry == NULL)
        g_debug ("Account %s: unreadable token-expiry dropped", id);
      rd_account_set_token_expiry (account, expiry);
    }

  return g_steal_pointer (&account);
}

/* Lines of @data, each with its end (after the newline). */
static GArray *
line_ends (const char *data,
           gsize       length)
{
  GArray *ends = g_array_new (FALSE, FALSE, sizeof (gsize));

  for (gsize i = 0; i < length; i++)
    if (data[i] == '\n')
      {
        gsize end = i + 1;
        g_array_append_val (ends, end);
      }
  if (length > 0 && data[length - 1] != '\n')
    g_array_append_val (ends, length);

  return ends;
}

/* The line (from 1) GKeyFile refuses. It parses line by line and stops at the first it cannot
 * take, so the lines before that one parse and every longer run fails: a binary search. */
static guint
find_bad_line (const char *data,
               gsize       length)
{
  g_autoptr(GArray) ends = line_ends (data, length);
  guint good = 0;
  guint bad = ends->len;

  while (bad - good > 1)
    {
      guint mid = good + (bad - good) / 2;
      g_autoptr(GKeyFile) prefix = g_key_file_new ();

      if (g_key_file_load_from_data (prefix, data, g_array_index (ends, gsize, mid - 1),
                                     G_KEY_FILE_NONE, NULL))
        good = mid;
      else
        bad = mid;
    }

  return bad;
}

/* The line (from 1) of the group header "[@group]", or 0. */
static guint
find_group_line (const char *data,
                 gsize       length,
                 const char *group)
{
  g_autoptr(GArray) ends = line_ends (data, length);
  g_autofree char *header = g_strdup_printf ("[%s]", group);
  gsize start = 0;

  for (guint i = 0; i < ends->len; i++)
    {
      gsize end = g_array_index (ends, gsize, i);
      const char *line = data + start;
      gsize n = end - start;

      while (n > 0 && g_ascii_isspace (*line))
        line++, n--;
      if (n >= strlen (header) && strncmp (line, header, strlen (header)) == 0)
        return i + 1;
      start = end;
    }

  return 0;
}

static gboolean
fail_load (RdAccountStore  *self,
           GError          *owned,
           GError         **error)
{
  g_autoptr(GError) local_error = owned;

  set_load_error (self, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
rd_account_store_load (RdAccountStore  *self,
                       GError         **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_auto(GStrv) groups = NULL;
  g_autofree char *active = NULL;
  g_autofree char *display = NULL;
  g_autofree char *target = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  guint old_len;

  g_return_val_if_fail (RD_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  loaded = g_ptr_array_new_with_free_func (g_object_unref);
  display = g_filename_display_name (self->path);

  target = check_file_is_private (self->path, &local_error);
  if (target == NULL)
    return fail_load (self, g_steal_pointer (&local_error), error);

  if (!g_file_get_contents (target, &data, &length, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return fail_load (self,
                          g_error_new (local_error->domain, local_error->code,
                                       _("Could not read the accounts from “%s”: %s"),
                                       display, local_error->message),
                          error);
      g_clear_error (&local_error);
    }
  else if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_KEEP_COMMENTS,
                                       &local_error))
    {
      return fail_load (self,
                        g_error_new (RD_ACCOUNT_STORE_ERROR, RD_ACCOUNT_STORE_ERROR_INVALID,
                                     /* Translators: %u is a line number, the first %s a file
                                      * name, the second GLib's reason (it quotes the line) */
                                     _("Line %u of the accounts file “%s” cannot be read: %s. "
                                       "Fix or remove that line, then try again"),
                                     find_bad_line (data, length), display,
                                     local_error->message),
                        error);
    }
  else
    {
      groups = g_key_file_get_groups (key_file, NULL);
      for (guint i = 0; groups[i] != NULL; i++)
        {
          RdAccount *account;

          if (!g_str_has_prefix (groups[i], ACCOUNT_GROUP_PREFIX))
            continue;

          /* An account skipped here would be dropped by the next save, its secrets left
           * behind in the keyring: the whole file is refused instead. */
          account = account_from_group (key_file, groups[i], &local_error);
          if (account == NULL)
            return fail_load (self,
                              g_error_new (RD_ACCOUNT_STORE_ERROR, RD_ACCOUNT_STORE_ERROR_INVALID,
                                           /* Translators: %u is a line number, the first %s a
                                            * file name, the second why the account cannot be
                                            * read ("it has no name") */
                                           _("The account in line %u of the accounts file “%s” "
                                             "cannot be read: %s. Fix it, then try again"),
                                           find_group_line (data, length, groups[i]), display,
                                           local_error->message),
                              error);
          g_ptr_array_add (loaded, account);
        }

      active = get_optional (key_file, STORE_GROUP, "active-account");
    }

  self->loading = TRUE;

  old_len = self->accounts->len;
  g_ptr_array_foreach (self->accounts, disconnect_account, self);
  g_ptr_array_set_size (self->accounts, 0);
  for (guint i = 0; i < loaded->len; i++)
    append_account (self, g_ptr_array_index (loaded, i));

  rd_account_store_set_active_account_id (self, active);

  self->loading = FALSE;

  g_debug ("Loaded %u accounts", self->accounts->len);
  items_changed (self, 0, old_len, self->accounts->len);
  set_load_error (self, NULL);

  return TRUE;
}

gboolean
rd_account_store_start_over (RdAccountStore  *self,
                             char           **moved_to,
                             GError         **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  guint old_len;
  struct stat st;

  g_return_val_if_fail (RD_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A new file in a folder others can write would be refused as the old one was. */
  dir = g_path_get_dirname (self->path);
  if (!check_private (dir, TRUE, error))
    return FALSE;

  if (g_lstat (self->path, &st) == 0)
    {
      now = g_date_time_new_now_local ();
      stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");

      /* Never over another file: a second start over in the same second gets "-2". */
      for (guint n = 1; aside == NULL || g_lstat (aside, &st) == 0; n++)
        {
          g_free (aside);
          if (n == 1)
            aside = g_strdup_printf ("%s.broken-%s", self->path, stamp);
          else
            aside = g_strdup_printf ("%s.broken-%s-%u", self->path, stamp, n);
        }

      if (g_rename (self->path, aside) != 0)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (self->path);

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Could not move the accounts file “%s” aside: %s"),
                       display, g_strerror (saved_errno));
          return FALSE;
        }
      g_debug ("Moved the accounts file aside");
    }

  self->loading = TRUE;
  old_len = self->accounts->len;
  g_ptr_array_foreach (self->accounts, disconnect_account, self);
  g_ptr_array_set_size (self->accounts, 0);
  rd_account_store_set_active_account_id (self, NULL);
  self->loading = FALSE;

  items_changed (self, 0, old_len, 0);
  set_load_error (self, NULL);

  if (moved_to != NULL)
    *moved_to = g_steal_pointer (&aside);

  return TRUE;
}

gboolean
rd_account_store_add (RdAccountStore  *self,
                      RdAccount       *account,
                      GError         **error)
{
  const char *name;

  g_return_val_if_fail (RD_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (RD_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (!g_ptr_array_find (self->accounts, account, NULL), FALSE);

  if (!refuse_when_not_loaded (self, error))
    return FALSE;

  name = rd_account_get_name (account);
  if (name != NULL && rd_account_store_find_by_name (self, name) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("An account named “%s” already exists: choose another name"), name);
      return FALSE;
    }

  append_account (self, account);
  g_debug ("Added account %s", rd_account_get_id (account));
  save_or_log (self);
  items_changed (self, self->accounts->len - 1, 0, 1);

  return TRUE;
}

static void
on_remove_secrets_cleared (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdAccountStore *self = g_task_get_source_object (task);
  RdAccount *account = g_task_get_task_data (task);
  GError *error = NULL;
  guint position;

  if (!rd_secret_store_clear_finish (RD_SECRET_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->accounts != NULL && g_ptr_array_find (self->accounts, account, &position))
    {
      g_signal_handlers_disconnect_by_func (account, on_account_notify, self);
      g_ptr_array_remove_index (self->accounts, position);

      if (g_strcmp0 (self->active_account_id, rd_account_get_id (account)) == 0)
        {
          g_clear_pointer (&self->active_account_id, g_free);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_ACCOUNT_ID]);
        }

      g_debug ("Removed account %s", rd_account_get_id (account));
      items_changed (self, position, 1, 0);

      if (!rd_account_store_save (self, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

void
rd_account_store_remove_async (RdAccountStore      *self,
                               RdAccount           *account,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RD_IS_ACCOUNT_STORE (self));
  g_return_if_fail (RD_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_account_store_remove_async);
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);

  /* Its secrets stay too: the account is still in the file on disk. */
  if (self->load_error != NULL)
    {
      GError *error = NULL;

      refuse_when_not_loaded (self, &error);
      g_task_return_error (task, error);
      return;
    }

  rd_secret_store_clear_async (self->secrets, rd_account_get_id (account), -1, cancellable,
                               on_remove_secrets_cleared, g_steal_pointer (&task));
}

gboolean
rd_account_store_remove_finish (RdAccountStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_account_store_remove_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Saving an account with its secrets ---------------------------------------------------- */

typedef struct
{
  RdSecretKind  kind;
  char         *secret;   /* NULL: clear; wiped on free */
} SecretOp;

static void
secret_op_free (SecretOp *op)
{
  if (op->secret != NULL)
    rd_secret_wipe (op->secret);
  g_free (op->secret);
  g_free (op);
}

typedef struct
{
  RdAccount *account;
  GQueue     ops;          /* of SecretOp, the keyring writes still to do */
  GDateTime *expires_at;   /* a sign-in's */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->account);
  g_queue_clear_full (&data->ops, (GDestroyNotify) secret_op_free);
  g_clear_pointer (&data->expires_at, g_date_time_unref);
  g_free (data);
}

static void run_next_secret_op (GTask *task);

static void
on_secret_op_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  SecretOp *op = g_queue_pop_head (&data->ops);
  GError *error = NULL;
  gboolean ok;

  if (op->secret != NULL)
    ok = rd_secret_store_store_finish (RD_SECRET_STORE (object), result, &error);
  else
    ok = rd_secret_store_clear_finish (RD_SECRET_STORE (object), result, &error);
  secret_op_free (op);

  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }

  run_next_secret_op (g_steal_pointer (&task));
}

static void
finish_save (GTask *task)
{
  RdAccountStore *self = g_task_get_source_object (task);
  SaveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_task_get_source_tag (task) == rd_account_store_save_sign_in_async)
    rd_account_set_token_expiry (data->account, data->expires_at);
  else if (!g_ptr_array_find (self->accounts, data->account, NULL) &&
           !rd_account_store_add (self, data->account, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Saved account %s", rd_account_get_id (data->account));
  g_signal_emit (self, signals[ACCOUNT_SAVED], 0, data->account);
  g_task_return_boolean (task, TRUE);
}

/* Takes @task over. */
static void
run_next_secret_op (GTask *task)
{
  RdAccountStore *self = g_task_get_source_object (task);
  SaveData *data = g_task_get_task_data (task);
  SecretOp *op = g_queue_peek_head (&data->ops);
  GCancellable *cancellable = g_task_get_cancellable (task);
  const char *id = rd_account_get_id (data->account);

  if (op == NULL)
    {
      finish_save (task);
      g_object_unref (task);
      return;
    }

  if (op->secret != NULL)
    {
      g_autofree char *label = rd_account_dup_secret_label (data->account, op->kind);

      rd_secret_store_store_async (self->secrets, id, op->kind, op->secret, label, cancellable,
                                   on_secret_op_done, task);
    }
  else
    rd_secret_store_clear_async (self->secrets, id, (int) op->kind, cancellable,
                                 on_secret_op_done, task);
}

static void
push_secret_op (SaveData     *data,
                RdSecretKind  kind,
                const char   *secret)
{
  SecretOp *op = g_new0 (SecretOp, 1);

  op->kind = kind;
  op->secret = g_strdup (secret);
  g_queue_push_tail (&data->ops, op);
}

void
rd_account_store_save_account_async (RdAccountStore       *self,
                                     RdAccount            *account,
                                     const RdSecretChange *changes,
                                     guint                 n_changes,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  GTask *task;
  SaveData *data;

  g_return_if_fail (RD_IS_ACCOUNT_STORE (self));
  g_return_if_fail (RD_IS_ACCOUNT (account));
  g_return_if_fail (changes != NULL || n_changes == 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_account_store_save_account_async);
  data = g_new0 (SaveData, 1);
  data->account = g_object_ref (account);
  g_queue_init (&data->ops);
  for (guint i = 0; i < n_changes; i++)
    push_secret_op (data, changes[i].kind, changes[i].secret);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  run_next_secret_op (task);
}

gboolean
rd_account_store_save_account_finish (RdAccountStore  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rd_account_store_save_account_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
rd_account_store_save_sign_in_async (RdAccountStore      *self,
                                     RdAccount           *account,
                                     const char          *token,
                                     GDateTime           *expires_at,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;
  SaveData *data;

  g_return_if_fail (RD_IS_ACCOUNT_STORE (self));
  g_return_if_fail (RD_IS_ACCOUNT (account));
  g_return_if_fail (token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_account_store_save_sign_in_async);
  data = g_new0 (SaveData, 1);
  data->account = g_object_ref (account);
  g_queue_init (&data->ops);
  push_secret_op (data, RD_SECRET_KIND_TOKEN, token);
  data->expires_at = expires_at != NULL ? g_date_time_ref (expires_at) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  run_next_secret_op (task);
}

gboolean
rd_account_store_save_sign_in_finish (RdAccountStore  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rd_account_store_save_sign_in_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The account whose @get is @value, or NULL. */
static RdAccount *
find_account (RdAccountStore *self,
              const char     *(*get) (RdAccount *account),
              const char      *value)
{
  if (value == NULL)
    return NULL;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      RdAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_strcmp0 (get (account), value) == 0)
        return account;
    }

  return NULL;
}

RdAccount *
rd_account_store_find_by_id (RdAccountStore *self,
                             const char     *id)
{
  g_return_val_if_fail (RD_IS_ACCOUNT_STORE (self), NULL);

  return find_account (self, rd_account_get_id, id);
}

RdAccount *
rd_account_store_find_by_name (RdAccountStore *self,
                               const char     *name)
{
  g_return_val_if_fail (RD_IS_ACCOUNT_STORE (self), NULL);

  return find_account (self, rd_account_get_name, name);
}

const char *
rd_account_store_get_active_account_id (RdAccountStore *self)
{
  g_return_val_if_fail (RD_IS_ACCOUNT_STORE (self), NULL);

  return self->active_account_id;
}

void
rd_account_store_set_active_account_id (RdAccountStore *self,
                                        const char     *id)
{
  g_return_if_fail (RD_IS_ACCOUNT_STORE (self));

  if (id != NULL && id[0] == '\0')
    id = NULL;

  if (g_strcmp0 (self->active_account_id, id) == 0)
    return;

  g_free (self->active_account_id);
  self->active_account_id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_ACCOUNT_ID]);
  save_or_log (self);
}

RdAccount *
rd_account_store_get_active_account (RdAccountStore *self)
{
  g_return_val_if_fail (RD_IS_ACCOUNT_STORE (self), NULL);

  return rd_account_store_find_by_id (self, self->active_account_id);
}

/* ---- Credentials ---------------------------------------------------------------------------- */

typedef struct
{
  RdAccount    *account;
  RdSecretKind  kind;
  char         *secret_key;
} CredentialsData;

static void
credentials_data_free (CredentialsData *data)
{
  g_clear_object (&data->account);
  rd_secret_wipe (data->secret_key);
  g_clear_pointer (&data->secret_key, g_free);
  g_free (data);
}

static void
wipe_and_free (char *secret)
{
  rd_secret_wipe (secret);
  g_free (secret);
}

/* Rewrites the keyring layer's NOT_FOUND to name the account and the way forward. */
static GError *
explain_not_found (GError    *error,
                   RdAccount *account)
{
  g_autoptr(GError) owned = error;
  const char *name = rd_account_get_name (account);

  if (!g_error_matches (error, RD_SECRET_ERROR, RD_SECRET_ERROR_NOT_FOUND))
    return g_steal_pointer (&owned);

  if (rd_account_get_auth_method (account) == RD_ACCOUNT_AUTH_IAM)
    return g_error_new (RD_SECRET_ERROR, RD_SECRET_ERROR_NOT_FOUND,
                        _("The sign-in for account “%s” is no longer in the keyring: "
                          "sign in again"), name);

  return g_error_new (RD_SECRET_ERROR, RD_SECRET_ERROR_NOT_FOUND,
                      _("The secret for account “%s” is no longer in the keyring: "
                        "enter it again"), name);
}

/* A value a request cannot carry (blank, a line break, …): what to do about it, never the value. */
static GError *
unusable_secret_error (RdAccount    *account,
                       const GError *problem)
{
  const char *name = rd_account_get_name (account);

  if (rd_account_get_auth_method (account) == RD_ACCOUNT_AUTH_IAM)
    return g_error_new (RD_SECRET_ERROR, RD_SECRET_ERROR_INVALID,
                        /* Translators: the first %s is an account's name, the second why its
                         * secret cannot be used, such as "it is blank" */
                        _("The sign-in saved in the keyring for account “%s” cannot be used (%s): "
                          "sign in again"), name, problem->message);

  return g_error_new (RD_SECRET_ERROR, RD_SECRET_ERROR_INVALID,
                      /* Translators: the first %s is an account's name, the second why its
                       * secret cannot be used, such as "it is blank" */
                      _("The secret saved in the keyring for account “%s” cannot be used (%s): "
                        "enter it again"), name, problem->message);
}

static void
on_security_token_looked_up (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CredentialsData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *security_token;

  security_token = rd_secret_store_lookup_finish (RD_SECRET_STORE (object), result, &error);
  if (error != NULL && !g_error_matches (error, RD_SECRET_ERROR, RD_SECRET_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (security_token != NULL && !rd_credentials_check_value (security_token, &error))
    {
      g_task_return_error (task, unusable_secret_error (data->account, error));
      wipe_and_free (security_token);
      return;
    }

  /* A security token is optional: permanent access keys have none. */
  g_task_return_pointer (task,
                         rd_credentials_new_access_key (rd_account_get_access_key (data->account),
                                                        data->secret_key, security_token),
                         g_object_unref);
  wipe_and_free (security_token);
}

static void
on_secret_looked_up (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CredentialsData *data = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;
  char *secret;

  secret = rd_secret_store_lookup_finish (RD_SECRET_STORE (object), result, &error);
  if (secret == NULL)
    {
      g_task_return_error (task, explain_not_found (error, data->account));
      return;
    }
  if (!rd_credentials_check_value (secret, &error))
    {
      g_task_return_error (task, unusable_secret_error (data->account, error));
      g_error_free (error);
      wipe_and_free (secret);
      return;
    }

  if (data->kind == RD_SECRET_KIND_TOKEN)
    {
      g_task_return_pointer (task, rd_credentials_new_token (secret), g_object_unref);
      wipe_and_free (secret);
      return;
    }

  data->secret_key = secret;
  cancellable = g_task_get_cancellable (task);
  rd_secret_store_lookup_async (RD_SECRET_STORE (object), rd_account_get_id (data->account),
                                RD_SECRET_KIND_SECURITY_TOKEN, cancellable,
                                on_security_token_looked_up, g_steal_pointer (&task));
}

void
rd_account_store_dup_credentials_async (RdAccountStore      *self,
                                        RdAccount           *account,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CredentialsData *data;
  RdAccountAuth auth;

  g_return_if_fail (RD_IS_ACCOUNT_STORE (self));
  g_return_if_fail (RD_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_account_store_dup_credentials_async);

  auth = rd_account_get_auth_method (account);
  data = g_new0 (CredentialsData, 1);
  data->account = g_object_ref (account);
  data->kind = auth == RD_ACCOUNT_AUTH_ACCESS_KEY ? RD_SECRET_KIND_SECRET_KEY
                                                  : RD_SECRET_KIND_TOKEN;
  g_task_set_task_data (task, data, (GDestroyNotify) credentials_data_free);

  if (auth != RD_ACCOUNT_AUTH_ACCESS_KEY && rd_account_is_token_expired (account))
    {
      g_debug ("Token of account %s expired; not reading the keyring", rd_account_get_id (account));
      g_task_return_new_error (task, RD_SECRET_ERROR, RD_SECRET_ERROR_EXPIRED,
                               _("The sign-in for “%s” has expired: sign in again"),
                               rd_account_get_name (account));
      return;
    }

  if (auth == RD_ACCOUNT_AUTH_ACCESS_KEY && rd_account_get_access_key (account) == NULL)
    {
      g_task_return_new_error (task, RD_SECRET_ERROR, RD_SECRET_ERROR_NOT_FOUND,
                               _("The account “%s” has no access key: enter one"),
                               rd_account_get_name (account));
      return;
    }

  /* The access key ID comes from accounts.ini, which a hand edit can break the same way. */
  if (auth == RD_ACCOUNT_AUTH_ACCESS_KEY)
    {
      g_autoptr(GError) problem = NULL;

      if (!rd_credentials_check_value (rd_account_get_access_key (account), &problem))
        {
          g_task_return_new_error (task, RD_SECRET_ERROR, RD_SECRET_ERROR_INVALID,
                                   /* Translators: the first %s is an account's name, the second
                                    * why its access key ID cannot be used, such as "it is blank" */
                                   _("The access key ID of account “%s” cannot be used (%s): "
                                     "enter it again"),
                                   rd_account_get_name (account), problem->message);
          return;
        }
    }

  rd_secret_store_lookup_async (self->secrets, rd_account_get_id (account), data->kind,
                                cancellable, on_secret_looked_up, g_steal_pointer (&task));
}

RdCredentials *
rd_account_store_dup_credentials_finish (RdAccountStore  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rd_account_store_dup_credentials_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
