/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-accounts.c: accounts, their key file and their secrets in the keyring (gnome-keyring or
 * libsecret's file backend). */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "rd-account-store.h"
#include "rd-account.h"
#include "rd-credentials.h"
#include "rd-secret-store.h"
#include "rd-test-util.h"
#include "sandbox-util.h"

#define DEADLINE_SECONDS 20

/* Every secret a test uses: none may show up in a file or a log line. */
#define SK_1         "SKtest-1a2b3c4d5e6f7g8h9i0j-secret-key"
#define SK_2         "SKtest-edited-zyxwvutsrq-secret-key"
#define ST_1         "STtest-security-token-0011223344"
#define ST_2         "STtest-edited-security-token-5566"
#define TOKEN_1      "TOKENtest-MIIaBgkqhkiG9w0BBwKgghl-token"
#define TOKEN_2      "TOKENtest-edited-MIIbCDEFGH-token"
#define IAM_TOKEN_1  "IAMTOKENtest-MIIcXYZ-iam-token"

static const char * const all_secrets[] = {
  SK_1, SK_2, ST_1, ST_2, TOKEN_1, TOKEN_2, IAM_TOKEN_1, NULL
};

static gboolean file_backend;
static char *skip_reason;
static char *root_dir;

/* ---- Waiting on async results --------------------------------------------------------------- */

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("No answer from the keyring within %d s", DEADLINE_SECONDS);
      g_main_context_iteration (NULL, FALSE);
      if (*result == NULL)
        g_usleep (1000);
    }

  return *result;
}

/* ---- Fixture -------------------------------------------------------------------------------- */

typedef struct
{
  char           *dir;
  char           *config_dir;
  char           *cache_dir;
  char           *path;
  RdSecretStore  *secrets;
  RdAccountStore *store;
  GPtrArray      *account_ids;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rd-accounts-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config_dir = g_build_filename (fixture->dir, "config", NULL);
  fixture->cache_dir = g_build_filename (fixture->dir, "cache", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->config_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (fixture->cache_dir, 0700), ==, 0);
  fixture->path = g_build_filename (fixture->config_dir, "release-desk", "accounts.ini", NULL);
  fixture->secrets = rd_secret_store_new ();
  fixture->store = rd_account_store_new (fixture->path, fixture->secrets);
  fixture->account_ids = g_ptr_array_new_with_free_func (g_free);
}

/* Files may hold NUL bytes, so no strstr (). */
static gboolean
contains_bytes (const char *haystack,
                gsize       length,
                const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (haystack + i, needle, needle_length) == 0)
      return TRUE;

  return FALSE;
}

static void
assert_no_secret_in_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  for (guint i = 0; all_secrets[i] != NULL; i++)
    if (contains_bytes (contents, length, all_secrets[i]))
      g_error ("%s contains secret #%u", path, i);
}

static void
assert_no_secret_in_dir (const char *dir_path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir_path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        assert_no_secret_in_dir (child);
      else
        assert_no_secret_in_file (child);
    }
}

static void
remove_dir (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir_path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }

  g_assert_cmpint (g_rmdir (dir_path), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* The keyring outlives the test: leave nothing behind (a private one goes as a whole). */
  if (skip_reason == NULL && g_getenv ("RD_TEST_PRIVATE_KEYRING") == NULL)
    {
      for (guint i = 0; i < fixture->account_ids->len; i++)
        {
          g_autoptr(GError) error = NULL;

          secret_password_clear_sync (rd_secret_store_get_schema (), NULL, &error,
                                      "account", g_ptr_array_index (fixture->account_ids, i),
                                      NULL);
          g_assert_no_error (error);
        }
    }

  g_clear_object (&fixture->store);
  g_clear_object (&fixture->secrets);

  /* The account file, the config and cache folders, and every log line. */
  assert_no_secret_in_dir (fixture->dir);
  for (guint i = 0; all_secrets[i] != NULL; i++)
    if (rd_test_log_captured_contains (all_secrets[i]))
      g_error ("The log contains secret #%u", i);

  remove_dir (fixture->dir);
  g_clear_pointer (&fixture->account_ids, g_ptr_array_unref);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->cache_dir, g_free);
  g_clear_pointer (&fixture->config_dir, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static gboolean
skip_without_keyring (void)
{
  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return TRUE;
    }

  return FALSE;
}

static RdAccount *
add_account (Fixture       *fixture,
             const char    *name,
             const char    *region,
             RdAccountAuth  auth)
{
  g_autoptr(RdAccount) account = rd_account_new (name);
  g_autoptr(GError) error = NULL;

  rd_account_set_region (account, region);
  rd_account_set_auth_method (account, auth);
  rd_account_store_add (fixture->store, account, &error);
  g_assert_no_error (error);
  g_ptr_array_add (fixture->account_ids, g_strdup (rd_account_get_id (account)));

  return account;
}

/* ---- Synchronous wrappers over the async API ------------------------------------------------ */

static char *
lookup_secret (Fixture       *fixture,
               const char    *account_id,
               RdSecretKind   kind,
               GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rd_secret_store_lookup_async (fixture->secrets, account_id, kind, NULL, on_result, &result);
  return rd_secret_store_lookup_finish (fixture->secrets, wait_for_result (&result), error);
}

static void
clear_secret (Fixture    *fixture,
              const char *account_id,
              int         kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rd_secret_store_clear_async (fixture->secrets, account_id, kind, NULL, on_result, &result);
  g_assert_true (rd_secret_store_clear_finish (fixture->secrets, wait_for_result (&result),
                                               &error));
  g_assert_no_error (error);
}

static RdCredentials *
dup_credentials (Fixture    *fixture,
                 RdAccount  *account,
                 GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rd_account_store_dup_credentials_async (fixture->store, account, NULL, on_result, &result);
  return rd_account_store_dup_credentials_finish (fixture->store, wait_for_result (&result),
                                                  error);
}

static void
assert_not_found (Fixture      *fixture,
                  const char   *account_id,
                  RdSecretKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = lookup_secret (fixture, account_id, kind, &error);

  g_assert_error (error, RD_SECRET_ERROR, RD_SECRET_ERROR_NOT_FOUND);
  g_assert_null (secret);
}

/* The items of an account as Passwords and Keys shows them. */
static GList *
search_items (const char *account_id)
{
  g_autoptr(GError) error = NULL;
  GList *items;

  items = secret_password_search_sync (rd_secret_store_get_schema (), SECRET_SEARCH_ALL, NULL,
                                       &error, "account", account_id, NULL);
  g_assert_no_error (error);

  return items;
}

/* ---- Tests ---------------------------------------------------------------------------------- */

static void
test_labels_exact (void)
{
  g_autoptr(RdAccount) account = rd_account_new ("prod");
  g_autofree char *sk = NULL;
  g_autofree char *st = NULL;
  g_autofree char *token = NULL;
  g_autofree char *iam = NULL;
  g_autofree char *custom = NULL;
  g_autofree char *endpoint = NULL;

  rd_account_set_region (account, "cn-north-4");
  sk = rd_account_dup_secret_label (account, RD_SECRET_KIND_SECRET_KEY);
  st = rd_account_dup_secret_label (account, RD_SECRET_KIND_SECURITY_TOKEN);
  rd_account_set_auth_method (account, RD_ACCOUNT_AUTH_TOKEN);
  token = rd_account_dup_secret_label (account, RD_SECRET_KIND_TOKEN);
  rd_account_set_auth_method (account, RD_ACCOUNT_AUTH_IAM);
  iam = rd_account_dup_secret_label (account, RD_SECRET_KIND_TOKEN);

  g_assert_cmpstr (sk, ==, "Release Desk: AK/SK for cn-north-4 (prod)");
  g_assert_cmpstr (st, ==, "Release Desk: security token for cn-north-4 (prod)");
  g_assert_cmpstr (token, ==, "Release Desk: token for cn-north-4 (prod)");
  g_assert_cmpstr (iam, ==, "Release Desk: IAM token for cn-north-4 (prod)");

  endpoint = rd_account_dup_endpoint (account);
  g_assert_cmpstr (endpoint, ==, "https://dayu.cn-north-4.myhuaweicloud.com");
  g_clear_pointer (&endpoint, g_free);

  rd_account_set_region (account, NULL);
  rd_account_set_endpoint (account, "https://dayu.private.example.org:8443");
  custom = rd_account_dup_secret_label (account, RD_SECRET_KIND_TOKEN);
  g_assert_cmpstr (custom, ==, "Release Desk: IAM token for dayu.private.example.org (prod)");
  endpoint = rd_account_dup_endpoint (account);
  g_assert_cmpstr (endpoint, ==, "https://dayu.private.example.org:8443");
}

static void
test_secret_each_kind_store_lookup_edit_clear (Fixture       *fixture,
                                               gconstpointer  data)
{
  const struct {
    RdSecretKind kind;
    const char *first;
    const char *edited;
  } cases[] = {
    { RD_SECRET_KIND_SECRET_KEY, SK_1, SK_2 },
    { RD_SECRET_KIND_SECURITY_TOKEN, ST_1, ST_2 },
    { RD_SECRET_KIND_TOKEN, TOKEN_1, TOKEN_2 },
  };
  RdAccount *account;

  if (skip_without_keyring ())
    return;

  account = add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_ACCESS_KEY);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *secret = NULL;
      GList *items;

      rd_test_store_secret (fixture->secrets, account, cases[i].kind, cases[i].first);
      secret = lookup_secret (fixture, rd_account_get_id (account), cases[i].kind, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (secret, ==, cases[i].first);
      g_clear_pointer (&secret, g_free);

      /* Editing replaces the item: one per account and kind, never two. */
      rd_test_store_secret (fixture->secrets, account, cases[i].kind, cases[i].edited);
      secret = lookup_secret (fixture, rd_account_get_id (account), cases[i].kind, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (secret, ==, cases[i].edited);
      items = search_items (rd_account_get_id (account));
      g_assert_cmpuint (g_list_length (items), ==, 1);
      g_list_free_full (items, g_object_unref);

      clear_secret (fixture, rd_account_get_id (account), cases[i].kind);
      assert_not_found (fixture, rd_account_get_id (account), cases[i].kind);
      items = search_items (rd_account_get_id (account));
      g_assert_cmpuint (g_list_length (items), ==, 0);
    }
}

static void
test_secret_items_have_label_and_attributes (Fixture       *fixture,
                                             gconstpointer  data)
{
  RdAccount *account;
  GList *items;
  guint seen = 0;

  if (skip_without_keyring ())
    return;

  account = add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_ACCESS_KEY);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_SECRET_KEY, SK_1);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_SECURITY_TOKEN, ST_1);

  items = search_items (rd_account_get_id (account));
  g_assert_cmpuint (g_list_length (items), ==, 2);

  for (GList *l = items; l != NULL; l = l->next)
    {
      SecretRetrievable *item = l->data;
      g_autofree char *label = secret_retrievable_get_label (item);
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (item);
      const char *kind = g_hash_table_lookup (attributes, "kind");

      g_assert_cmpstr (g_hash_table_lookup (attributes, "account"), ==,
                       rd_account_get_id (account));
      /* gnome-keyring shows the schema name; the file backend keeps it to itself. */
      if (!file_backend || g_hash_table_contains (attributes, "xdg:schema"))
        {
          g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==,
                           "io.github.releasedesk.ReleaseDesk");
          g_assert_cmpuint (g_hash_table_size (attributes), ==, 3);
        }
      else
        g_assert_cmpuint (g_hash_table_size (attributes), ==, 2);

      if (g_strcmp0 (kind, "secret-key") == 0)
        {
          g_assert_cmpstr (label, ==, "Release Desk: AK/SK for cn-north-4 (prod)");
          seen |= 1;
        }
      else if (g_strcmp0 (kind, "security-token") == 0)
        {
          g_assert_cmpstr (label, ==, "Release Desk: security token for cn-north-4 (prod)");
          seen |= 2;
        }
      else
        g_error ("Unexpected kind %s", kind);
    }
  g_assert_cmpuint (seen, ==, 3);

  g_list_free_full (items, g_object_unref);
}

typedef struct
{
  GPtrArray    *saved;        /* the accounts "account-saved" named, in order */
  GAsyncResult *result;       /* set by the callback */
  gboolean      saved_first;  /* "account-saved" came before the callback */
} SaveRun;

static void
on_account_saved (RdAccountStore *store,
                  RdAccount      *account,
                  SaveRun        *run)
{
  g_ptr_array_add (run->saved, g_object_ref (account));
  run->saved_first = run->result == NULL;
}

static void
save_run_clear (SaveRun *run)
{
  g_clear_pointer (&run->saved, g_ptr_array_unref);
  g_clear_object (&run->result);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SaveRun, save_run_clear)

static gboolean
save_account (Fixture              *fixture,
              SaveRun              *run,
              RdAccount            *account,
              const RdSecretChange *changes,
              guint                 n_changes,
              GError              **error)
{
  gulong id = g_signal_connect (fixture->store, "account-saved", G_CALLBACK (on_account_saved),
                                run);
  gboolean ok;

  run->saved = g_ptr_array_new_with_free_func (g_object_unref);
  rd_account_store_save_account_async (fixture->store, account, changes, n_changes, NULL,
                                       on_result, &run->result);
  ok = rd_account_store_save_account_finish (fixture->store, wait_for_result (&run->result),
                                             error);
  g_signal_handler_disconnect (fixture->store, id);
  return ok;
}

/* What the account editor's Save does: the secrets in order, then the new account, then the
 * news, before the callback (a window's session drops what it read before). */
static void
test_save_account_writes_adds_and_announces (Fixture       *fixture,
                                             gconstpointer  data)
{
  g_autoptr(RdAccount) account = rd_account_new ("prod");
  g_auto(SaveRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  char typed[] = SK_1;
  gulong id;
  const RdSecretChange changes[] = {
    { RD_SECRET_KIND_SECRET_KEY, typed },
    { RD_SECRET_KIND_SECURITY_TOKEN, ST_1 },
    { RD_SECRET_KIND_TOKEN, NULL },
  };

  if (skip_without_keyring ())
    return;

  rd_account_set_region (account, "cn-north-4");
  rd_account_set_access_key (account, "AKTESTSAVEACCOUNT001");
  g_ptr_array_add (fixture->account_ids, g_strdup (rd_account_get_id (account)));

  id = g_signal_connect (fixture->store, "account-saved", G_CALLBACK (on_account_saved), &run);
  run.saved = g_ptr_array_new_with_free_func (g_object_unref);
  rd_account_store_save_account_async (fixture->store, account, changes, G_N_ELEMENTS (changes),
                                       NULL, on_result, &run.result);
  /* The store has its own copy: what the dialog held may be wiped at once. */
  rd_secret_wipe (typed);
  g_assert_true (rd_account_store_save_account_finish (fixture->store,
                                                       wait_for_result (&run.result), &error));
  g_signal_handler_disconnect (fixture->store, id);
  g_assert_no_error (error);
  g_assert_true (rd_account_store_find_by_id (fixture->store, rd_account_get_id (account)) ==
                 account);
  g_assert_cmpuint (run.saved->len, ==, 1);
  g_assert_true (g_ptr_array_index (run.saved, 0) == account);
  g_assert_true (run.saved_first);

  secret = lookup_secret (fixture, rd_account_get_id (account), RD_SECRET_KIND_SECRET_KEY,
                          &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, SK_1);
  g_clear_pointer (&secret, g_free);
  secret = lookup_secret (fixture, rd_account_get_id (account), RD_SECRET_KIND_SECURITY_TOKEN,
                          &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, ST_1);
}

/* A NULL secret clears that kind; an account held already is not added twice. */
static void
test_save_account_clears_and_keeps_held_account (Fixture       *fixture,
                                                 gconstpointer  data)
{
  RdAccount *account;
  g_auto(SaveRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  const RdSecretChange changes[] = {
    { RD_SECRET_KIND_TOKEN, TOKEN_1 },
    { RD_SECRET_KIND_SECRET_KEY, NULL },
    { RD_SECRET_KIND_SECURITY_TOKEN, NULL },
  };

  if (skip_without_keyring ())
    return;

  account = add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_ACCESS_KEY);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_SECRET_KEY, SK_1);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_SECURITY_TOKEN, ST_1);
  rd_account_set_auth_method (account, RD_ACCOUNT_AUTH_TOKEN);

  g_assert_true (save_account (fixture, &run, account, changes, G_N_ELEMENTS (changes), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
  g_assert_cmpuint (run.saved->len, ==, 1);
  assert_not_found (fixture, rd_account_get_id (account), RD_SECRET_KIND_SECRET_KEY);
  assert_not_found (fixture, rd_account_get_id (account), RD_SECRET_KIND_SECURITY_TOKEN);
  {
    g_autofree char *token = lookup_secret (fixture, rd_account_get_id (account),
                                            RD_SECRET_KIND_TOKEN, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (token, ==, TOKEN_1);
  }
}

/* A new account whose name is taken is not added, and nobody is told it was saved. */
static void
test_save_account_refused_announces_nothing (Fixture       *fixture,
                                             gconstpointer  data)
{
  g_autoptr(RdAccount) twin = rd_account_new ("prod");
  g_auto(SaveRun) run = { 0 };
  g_autoptr(GError) error = NULL;

  if (skip_without_keyring ())
    return;

  add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_TOKEN);
  g_ptr_array_add (fixture->account_ids, g_strdup (rd_account_get_id (twin)));
  g_assert_false (save_account (fixture, &run, twin, NULL, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpuint (run.saved->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
}

/* An IAM sign-in: the token in the keyring, its expiry on the account, then the news, so that
 * whoever reads the credentials again finds the sign-in current. */
static void
test_save_sign_in_keeps_token_and_expiry (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) past = g_date_time_add_minutes (now, -5);
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 20);
  g_autoptr(RdCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (g_object_unref);
  SaveRun run = { saved, NULL, FALSE };
  RdAccount *account;
  gulong id;

  if (skip_without_keyring ())
    return;

  account = add_account (fixture, "iam", "cn-north-4", RD_ACCOUNT_AUTH_IAM);
  rd_account_set_token_expiry (account, past);

  id = g_signal_connect (fixture->store, "account-saved", G_CALLBACK (on_account_saved), &run);
  rd_account_store_save_sign_in_async (fixture->store, account, IAM_TOKEN_1, later, NULL,
                                       on_result, &result);
  g_assert_true (rd_account_store_save_sign_in_finish (fixture->store, wait_for_result (&result),
                                                       &error));
  g_signal_handler_disconnect (fixture->store, id);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->len, ==, 1);
  g_assert_true (g_date_time_equal (rd_account_get_token_expiry (account), later));
  g_assert_false (rd_account_is_token_expired (account));

  credentials = dup_credentials (fixture, account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_credentials_get_token (credentials), ==, IAM_TOKEN_1);
}

static void
test_remove_account_removes_all_its_secrets (Fixture       *fixture,
                                             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *kept = NULL;
  RdAccount *account;
  RdAccount *other;
  GList *items;

  if (skip_without_keyring ())
    return;

  account = add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_ACCESS_KEY);
  other = add_account (fixture, "staging", "cn-east-3", RD_ACCOUNT_AUTH_TOKEN);
  id = g_strdup (rd_account_get_id (account));
  rd_account_store_set_active_account_id (fixture->store, id);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_SECRET_KEY, SK_1);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_SECURITY_TOKEN, ST_1);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TOKEN_1);
  rd_test_store_secret (fixture->secrets, other, RD_SECRET_KIND_TOKEN, TOKEN_2);

  rd_account_store_remove_async (fixture->store, account, NULL, on_result, &result);
  g_assert_true (rd_account_store_remove_finish (fixture->store, wait_for_result (&result),
                                                 &error));
  g_assert_no_error (error);

  assert_not_found (fixture, id, RD_SECRET_KIND_SECRET_KEY);
  assert_not_found (fixture, id, RD_SECRET_KIND_SECURITY_TOKEN);
  assert_not_found (fixture, id, RD_SECRET_KIND_TOKEN);
  items = search_items (id);
  g_assert_cmpuint (g_list_length (items), ==, 0);

  /* The other account keeps its secret. */
  kept = lookup_secret (fixture, rd_account_get_id (other), RD_SECRET_KIND_TOKEN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, TOKEN_2);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
  g_assert_null (rd_account_store_find_by_id (fixture->store, id));
  g_assert_null (rd_account_store_get_active_account_id (fixture->store));

  g_file_get_contents (fixture->path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (contents, id));
  g_assert_nonnull (strstr (contents, rd_account_get_id (other)));
}

static void
test_credentials_access_key_without_security_token (Fixture       *fixture,
                                                    gconstpointer  data)
{
  g_autoptr(RdCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  RdAccount *account;

  if (skip_without_keyring ())
    return;

  account = add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_ACCESS_KEY);
  rd_account_set_access_key (account, "EXAMPLEAK0123456789Z");
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_SECRET_KEY, SK_1);

  credentials = dup_credentials (fixture, account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rd_credentials_get_method (credentials), ==, RD_AUTH_METHOD_ACCESS_KEY);
  g_assert_cmpstr (rd_credentials_get_access_key (credentials), ==, "EXAMPLEAK0123456789Z");
  g_assert_cmpstr (rd_credentials_get_secret_key (credentials), ==, SK_1);
  g_assert_null (rd_credentials_get_security_token (credentials));
}

static void
test_credentials_access_key_with_security_token (Fixture       *fixture,
                                                 gconstpointer  data)
{
  g_autoptr(RdCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  RdAccount *account;

  if (skip_without_keyring ())
    return;

  account = add_account (fixture, "temp", "cn-north-4", RD_ACCOUNT_AUTH_ACCESS_KEY);
  rd_account_set_access_key (account, "EXAMPLEAK0123456789Z");
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_SECRET_KEY, SK_2);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_SECURITY_TOKEN, ST_1);

  credentials = dup_credentials (fixture, account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rd_credentials_get_method (credentials), ==, RD_AUTH_METHOD_ACCESS_KEY);
  g_assert_cmpstr (rd_credentials_get_access_key (credentials), ==, "EXAMPLEAK0123456789Z");
  g_assert_cmpstr (rd_credentials_get_secret_key (credentials), ==, SK_2);
  g_assert_cmpstr (rd_credentials_get_security_token (credentials), ==, ST_1);
}

static void
test_credentials_token (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RdCredentials) credentials = NULL;
  g_autoptr(RdCredentials) iam_credentials = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_hours (now, 24);
  g_autoptr(GError) error = NULL;
  g_autofree char *lookup_line = NULL;
  RdAccount *account;
  RdAccount *iam;

  if (skip_without_keyring ())
    return;

  /* No known expiry: the token is simply used. */
  account = add_account (fixture, "pasted", "cn-north-4", RD_ACCOUNT_AUTH_TOKEN);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TOKEN_1);
  credentials = dup_credentials (fixture, account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rd_credentials_get_method (credentials), ==, RD_AUTH_METHOD_TOKEN);
  g_assert_cmpstr (rd_credentials_get_token (credentials), ==, TOKEN_1);

  iam = add_account (fixture, "signed-in", "cn-north-4", RD_ACCOUNT_AUTH_IAM);
  rd_account_set_token_expiry (iam, tomorrow);
  rd_test_store_secret (fixture->secrets, iam, RD_SECRET_KIND_TOKEN, IAM_TOKEN_1);
  iam_credentials = dup_credentials (fixture, iam, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rd_credentials_get_method (iam_credentials), ==, RD_AUTH_METHOD_TOKEN);
  g_assert_cmpstr (rd_credentials_get_token (iam_credentials), ==, IAM_TOKEN_1);

  /* The capture sees debug lines: the expired test's "no lookup" check means something. */
  lookup_line = g_strdup_printf ("Looking up token for account %s", rd_account_get_id (iam));
  g_assert_true (rd_test_log_captured_contains (lookup_line));
}

static void
test_credentials_expired_does_not_read_keyring (Fixture       *fixture,
                                                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) past = g_date_time_add_minutes (now, -1);
  const RdAccountAuth methods[] = { RD_ACCOUNT_AUTH_IAM, RD_ACCOUNT_AUTH_TOKEN };

  /* Nothing is stored: reading the keyring would give NOT_FOUND, not EXPIRED. */
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(RdCredentials) credentials = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("expired-%u", i);
      g_autofree char *expected = NULL;
      g_autofree char *lookup_line = NULL;
      RdAccount *account;

      account = add_account (fixture, name, "cn-north-4", methods[i]);
      rd_account_set_token_expiry (account, past);

      credentials = dup_credentials (fixture, account, &error);
      g_assert_error (error, RD_SECRET_ERROR, RD_SECRET_ERROR_EXPIRED);
      g_assert_null (credentials);
      expected = g_strdup_printf ("The sign-in for “%s” has expired: sign in again", name);
      g_assert_cmpstr (error->message, ==, expected);

      lookup_line = g_strdup_printf ("for account %s", rd_account_get_id (account));
      g_assert_false (rd_test_log_captured_contains (lookup_line));
    }
}

static void
test_secret_deleted_behind_our_back_is_not_found (Fixture       *fixture,
                                                  gconstpointer  data)
{
  g_autoptr(RdCredentials) credentials = NULL;
  g_autoptr(RdCredentials) iam_credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) iam_error = NULL;
  RdAccount *account;
  RdAccount *iam;

  if (skip_without_keyring ())
    return;

  account = add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_ACCESS_KEY);
  rd_account_set_access_key (account, "EXAMPLEAK0123456789Z");
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_SECRET_KEY, SK_1);
  iam = add_account (fixture, "iam", "cn-north-4", RD_ACCOUNT_AUTH_IAM);
  rd_test_store_secret (fixture->secrets, iam, RD_SECRET_KIND_TOKEN, IAM_TOKEN_1);

  /* As Passwords and Keys would: straight through libsecret. */
  g_assert_true (secret_password_clear_sync (rd_secret_store_get_schema (), NULL, &error,
                                             "account", rd_account_get_id (account), NULL));
  g_assert_no_error (error);
  g_assert_true (secret_password_clear_sync (rd_secret_store_get_schema (), NULL, &error,
                                             "account", rd_account_get_id (iam), NULL));
  g_assert_no_error (error);

  credentials = dup_credentials (fixture, account, &error);
  g_assert_error (error, RD_SECRET_ERROR, RD_SECRET_ERROR_NOT_FOUND);
  g_assert_null (credentials);
  g_assert_cmpstr (error->message, ==,
                   "The secret for account “prod” is no longer in the keyring: enter it again");

  iam_credentials = dup_credentials (fixture, iam, &iam_error);
  g_assert_error (iam_error, RD_SECRET_ERROR, RD_SECRET_ERROR_NOT_FOUND);
  g_assert_null (iam_credentials);
  g_assert_cmpstr (iam_error->message, ==,
                   "The sign-in for account “iam” is no longer in the keyring: sign in again");
}

static void
test_account_file_round_trip (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(RdAccountStore) reloaded = NULL;
  g_autoptr(GDateTime) expiry = g_date_time_new_utc (2031, 5, 17, 14, 32, 5.0);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  RdAccount *iam;
  RdAccount *custom;
  RdAccount *copy;

  iam = add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_IAM);
  rd_account_set_project_id (iam, "0123456789abcdef0123456789abcdef");
  rd_account_set_workspace (iam, "a1b2c3d4e5f60718293a4b5c6d7e8f90");
  rd_account_set_iam_domain (iam, "example-domain");
  rd_account_set_iam_user (iam, "release-manager");
  rd_account_set_token_expiry (iam, expiry);

  custom = add_account (fixture, "eu [private] = #1", NULL, RD_ACCOUNT_AUTH_ACCESS_KEY);
  rd_account_set_endpoint (custom, "https://dayu.eu-west-101.myhuaweicloud.eu");
  rd_account_set_factory_endpoint (custom, "https://dayu-dlf.eu-west-101.example.eu:8443");
  rd_account_set_access_key (custom, "EXAMPLEAK0123456789Z");
  rd_account_set_iam_project (custom, "eu-west-101");
  rd_account_store_set_active_account_id (fixture->store, rd_account_get_id (custom));

  /* Every change above was saved as it happened: no explicit save. */
  reloaded = rd_account_store_new (fixture->path, NULL);
  g_assert_true (rd_account_store_load (reloaded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 2);
  g_assert_cmpstr (rd_account_store_get_active_account_id (reloaded), ==,
                   rd_account_get_id (custom));

  copy = rd_account_store_find_by_name (reloaded, "prod");
  g_assert_nonnull (copy);
  g_assert_cmpstr (rd_account_get_id (copy), ==, rd_account_get_id (iam));
  g_assert_cmpstr (rd_account_get_region (copy), ==, "cn-north-4");
  g_assert_null (rd_account_get_endpoint (copy));
  /* Not in its group of the file (as in a file written before the field): none. */
  g_assert_null (rd_account_get_factory_endpoint (copy));
  g_assert_cmpstr (rd_account_get_project_id (copy), ==, "0123456789abcdef0123456789abcdef");
  g_assert_cmpstr (rd_account_get_workspace (copy), ==, "a1b2c3d4e5f60718293a4b5c6d7e8f90");
  g_assert_cmpint (rd_account_get_auth_method (copy), ==, RD_ACCOUNT_AUTH_IAM);
  g_assert_cmpstr (rd_account_get_iam_domain (copy), ==, "example-domain");
  g_assert_cmpstr (rd_account_get_iam_user (copy), ==, "release-manager");
  g_assert_null (rd_account_get_iam_project (copy));
  g_assert_null (rd_account_get_access_key (copy));
  g_assert_nonnull (rd_account_get_token_expiry (copy));
  g_assert_true (g_date_time_equal (rd_account_get_token_expiry (copy), expiry));

  copy = rd_account_store_get_active_account (reloaded);
  g_assert_nonnull (copy);
  g_assert_cmpstr (rd_account_get_name (copy), ==, "eu [private] = #1");
  g_assert_null (rd_account_get_region (copy));
  g_assert_cmpstr (rd_account_get_endpoint (copy), ==, "https://dayu.eu-west-101.myhuaweicloud.eu");
  g_assert_cmpstr (rd_account_get_factory_endpoint (copy), ==,
                   "https://dayu-dlf.eu-west-101.example.eu:8443");
  g_assert_cmpstr (rd_account_get_iam_project (copy), ==, "eu-west-101");
  g_assert_cmpint (rd_account_get_auth_method (copy), ==, RD_ACCOUNT_AUTH_ACCESS_KEY);
  g_assert_cmpstr (rd_account_get_access_key (copy), ==, "EXAMPLEAK0123456789Z");
  g_assert_null (rd_account_get_token_expiry (copy));

  /* A later edit is saved too. */
  rd_account_set_workspace (iam, "ffffffffffffffffffffffffffffffff");
  g_assert_true (rd_account_store_load (reloaded, &error));
  g_assert_no_error (error);
  copy = rd_account_store_find_by_id (reloaded, rd_account_get_id (iam));
  g_assert_cmpstr (rd_account_get_workspace (copy), ==, "ffffffffffffffffffffffffffffffff");

  g_file_get_contents (fixture->path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (contents, "password"));
  g_assert_null (strstr (contents, "secret-key"));
}

static void
test_store_find_by_name_and_unique_names (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(RdAccount) twin = rd_account_new ("prod");
  g_autoptr(RdAccountStore) empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;
  RdAccount *account;

  account = add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_TOKEN);
  g_assert_true (rd_account_store_find_by_name (fixture->store, "prod") == account);
  g_assert_null (rd_account_store_find_by_name (fixture->store, "Prod"));

  g_assert_false (rd_account_store_add (fixture->store, twin, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpstr (error->message, ==,
                   "An account named “prod” already exists: choose another name");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
  g_clear_error (&error);

  /* No file yet is an empty list, not an error. */
  missing = g_build_filename (fixture->config_dir, "none", "accounts.ini", NULL);
  empty = rd_account_store_new (missing, NULL);
  g_assert_true (rd_account_store_load (empty, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (empty)), ==, 0);
}

/* ---- The file on disk: never lost, never trusted blindly ------------------------------------ */

static char *
read_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&contents);
}

/* Two accounts, then a hand edit: the second account's name loses its "=". Returns the
 * file's text; @line is the broken line (from 1). */
static char *
break_a_line (Fixture *fixture,
              guint   *line)
{
  add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_TOKEN);
  add_account (fixture, "staging", "cn-north-4", RD_ACCOUNT_AUTH_TOKEN);

  return rd_test_break_accounts_line (fixture->path, line);
}

/* The window's store on a file with one bad line: it must not start empty and then write
 * that emptiness (plus whatever is added) over the two accounts that are there. */
static void
test_bad_line_is_never_overwritten (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(RdAccountStore) store = rd_account_store_new (fixture->path, NULL);
  g_autoptr(RdAccount) added = rd_account_new ("added later");
  g_autoptr(GError) error = NULL;
  guint line;
  g_autofree char *broken = break_a_line (fixture, &line);
  g_autofree char *after = NULL;
  g_autofree char *display = g_filename_display_name (fixture->path);
  g_autofree char *where = NULL;

  g_assert_false (rd_account_store_load (store, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Adding, choosing or saving writes nothing over it. */
  rd_account_set_region (added, "cn-north-4");
  rd_account_set_auth_method (added, RD_ACCOUNT_AUTH_TOKEN);
  g_assert_false (rd_account_store_add (store, added, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  rd_account_store_set_active_account_id (store, rd_account_get_id (added));
  g_assert_false (rd_account_store_save (store, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  after = read_file (fixture->path);
  g_assert_cmpstr (after, ==, broken);

  /* The message names the file and the line. */
  g_assert_false (rd_account_store_load (store, &error));
  where = g_strdup_printf ("Line %u of the accounts file “%s” cannot be read: ", line, display);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, where));
  g_assert_nonnull (strstr (error->message, display));
  g_assert_nonnull (strstr (error->message, "name staging"));
}

/* An account group the store cannot read would be dropped by the next save: refused too. */
static void
test_unreadable_account_is_never_dropped (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(RdAccountStore) store = rd_account_store_new (fixture->path, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *good = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *where = NULL;
  g_auto(GStrv) lines = NULL;

  add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_TOKEN);
  good = read_file (fixture->path);
  g_assert_true (g_str_has_suffix (good, "\n"));
  lines = g_strsplit (good, "\n", -1);
  broken = g_strconcat (good, "\n[account 0f0e0d0c-not-a-uuid]\nname=hand made\n", NULL);
  g_file_set_contents (fixture->path, broken, -1, &error);
  g_assert_no_error (error);

  g_assert_false (rd_account_store_load (store, &error));
  g_assert_error (error, RD_ACCOUNT_STORE_ERROR, RD_ACCOUNT_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  /* The good file's lines, a blank one, then the group. */
  where = g_strdup_printf ("The account in line %u of the accounts file",
                           (guint) (g_strv_length (lines) + 1));
  g_assert_true (g_str_has_prefix (error->message, where));
  g_assert_nonnull (strstr (error->message, "is not an account ID"));
  g_clear_error (&error);

  /* Fixed by hand, then Try Again: the accounts are back and can be changed again. */
  g_file_set_contents (fixture->path, good, -1, &error);
  g_assert_no_error (error);
  g_assert_true (rd_account_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_null (rd_account_store_get_load_error (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (rd_account_store_save (store, &error));
  g_assert_no_error (error);

  /* A FIFO would block the read: refused at once. */
  g_assert_cmpint (g_unlink (fixture->path), ==, 0);
  g_assert_cmpint (mkfifo (fixture->path, 0600), ==, 0);
  g_assert_false (rd_account_store_load (store, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_cmpint (g_unlink (fixture->path), ==, 0);
}

static void
test_start_over_keeps_the_old_file (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(RdAccountStore) store = rd_account_store_new (fixture->path, NULL);
  g_autoptr(RdAccount) added = rd_account_new ("added later");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint line;
  g_autofree char *broken = break_a_line (fixture, &line);
  g_autofree char *moved_to = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *base = NULL;

  g_assert_false (rd_account_store_load (store, NULL));
  g_assert_error (rd_account_store_get_load_error (store), RD_ACCOUNT_STORE_ERROR,
                  RD_ACCOUNT_STORE_ERROR_INVALID);

  /* Not even a removal (the model of a store that never loaded is empty: use the fixture's
   * account, which the store does not hold either way). */
  rd_account_set_region (added, "cn-north-4");
  rd_account_set_auth_method (added, RD_ACCOUNT_AUTH_TOKEN);
  g_assert_false (rd_account_store_add (store, added, &error));
  g_assert_error (error, RD_ACCOUNT_STORE_ERROR, RD_ACCOUNT_STORE_ERROR_NOT_LOADED);
  g_clear_error (&error);

  g_assert_true (rd_account_store_start_over (store, &moved_to, &error));
  g_assert_no_error (error);
  g_assert_null (rd_account_store_get_load_error (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_nonnull (moved_to);
  base = g_path_get_basename (moved_to);
  g_assert_true (g_str_has_prefix (base, "accounts.ini.broken-"));
  kept = read_file (moved_to);
  g_assert_cmpstr (kept, ==, broken);
  /* Nothing is written until something changes. */
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  g_assert_true (rd_account_store_add (store, added, &error));
  g_assert_no_error (error);
  fresh = read_file (fixture->path);
  g_assert_nonnull (strstr (fresh, "added later"));
  g_assert_null (strstr (fresh, "staging"));
  g_clear_pointer (&kept, g_free);
  kept = read_file (moved_to);
  g_assert_cmpstr (kept, ==, broken);

  /* Removing clears the account's keyring items: only where there is a keyring (the Flatpak's
   * build sandbox has no session bus). */
  if (skip_reason == NULL)
    {
      rd_account_store_remove_async (store, added, NULL, on_result, &result);
      g_assert_true (rd_account_store_remove_finish (store, wait_for_result (&result), &error));
      g_assert_no_error (error);
    }
}

/* Whoever can write the file (or the folder, and so replace it) could point an account at their
 * own port and collect its token. */
static void
test_file_others_can_write_is_refused (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(RdAccountStore) store = rd_account_store_new (fixture->path, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *file_display = g_filename_display_name (fixture->path);
  g_autofree char *folder_display = g_filename_display_name (folder);
  g_autofree char *fix = NULL;

  add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_TOKEN);

  g_assert_cmpint (g_chmod (fixture->path, 0666), ==, 0);
  g_assert_false (rd_account_store_load (store, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  fix = g_strdup_printf ("Other users can change the accounts file “%s”, so it was not used: "
                         "run “chmod go-w '%s'”, then try again", file_display, file_display);
  g_assert_cmpstr (error->message, ==, fix);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_clear_error (&error);
  g_clear_pointer (&fix, g_free);

  g_assert_cmpint (g_chmod (fixture->path, 0600), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0777), ==, 0);
  g_assert_false (rd_account_store_load (store, &error));
  g_assert_nonnull (error);
  fix = g_strdup_printf ("Other users can change the folder “%s” that holds the accounts, so the "
                         "accounts were not used: run “chmod go-w '%s'”, then try again",
                         folder_display, folder_display);
  g_assert_cmpstr (error->message, ==, fix);
  g_clear_error (&error);
  g_assert_cmpint (g_chmod (folder, 0700), ==, 0);

  /* A file of another user's (only root can make one here). */
  if (getuid () == 0)
    {
      g_assert_cmpint (chown (fixture->path, 65534, 65534), ==, 0);
      g_assert_false (rd_account_store_load (store, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "belongs to another user, so it was not used"));
      g_clear_error (&error);
      g_assert_cmpint (chown (fixture->path, 0, 0), ==, 0);
    }

  g_assert_true (rd_account_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
}

/* Loading, choosing the account already chosen, or saving what is there writes nothing. */
static void
test_unchanged_file_is_not_rewritten (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(RdAccountStore) store = rd_account_store_new (fixture->path, NULL);
  g_autoptr(GError) error = NULL;
  RdAccount *prod;
  GStatBuf before, after;

  prod = add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_TOKEN);
  rd_account_store_set_active_account_id (fixture->store, rd_account_get_id (prod));
  g_assert_cmpint (g_stat (fixture->path, &before), ==, 0);

  g_assert_true (rd_account_store_load (store, &error));
  g_assert_no_error (error);
  rd_account_store_set_active_account_id (store, rd_account_get_id (prod));
  g_assert_true (rd_account_store_save (store, &error));
  g_assert_no_error (error);

  /* An atomic write is a new inode: the same one means the file was left alone. */
  g_assert_cmpint (g_stat (fixture->path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
}

/* accounts.ini kept in a dotfiles folder and linked in: a change replaces the target, and the
 * link stays. */
static void
test_symlink_stays_a_symlink (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *dotfiles = g_build_filename (fixture->dir, "dotfiles", NULL);
  g_autofree char *target = g_build_filename (dotfiles, "accounts.ini", NULL);
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autoptr(RdAccountStore) real = rd_account_store_new (target, NULL);
  g_autoptr(RdAccountStore) store = rd_account_store_new (fixture->path, NULL);
  g_autoptr(RdAccount) prod = rd_account_new ("prod");
  g_autoptr(RdAccount) staging = rd_account_new ("staging");
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_cmpint (g_mkdir_with_parents (dotfiles, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  rd_account_set_auth_method (prod, RD_ACCOUNT_AUTH_TOKEN);
  rd_account_set_auth_method (staging, RD_ACCOUNT_AUTH_TOKEN);
  g_assert_true (rd_account_store_add (real, prod, &error));
  g_assert_true (rd_account_store_add (real, staging, &error));
  g_assert_no_error (error);
  g_assert_cmpint (symlink ("../../dotfiles/accounts.ini", fixture->path), ==, 0);

  g_assert_true (rd_account_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  rd_account_store_set_active_account_id (store, rd_account_get_id (staging));

  g_assert_cmpint (g_lstat (fixture->path, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  link = g_file_read_link (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (link, ==, "../../dotfiles/accounts.ini");
  contents = read_file (target);
  g_assert_nonnull (strstr (contents, rd_account_get_id (staging)));
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_keyring_unavailable_gives_no_service (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(RdSecretStore) secrets = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *secret = NULL;

      /* A bus that is not there: connecting fails at once, nothing waits. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/release-desk-test-bus", TRUE);
      secrets = rd_secret_store_new ();
      rd_secret_store_lookup_async (secrets, "4b0f7bd4-0d6c-4c6a-9b0e-000000000000",
                                    RD_SECRET_KIND_TOKEN, NULL, on_result, &result);
      secret = rd_secret_store_lookup_finish (secrets, wait_for_result (&result), &error);
      g_assert_null (secret);
      g_assert_error (error, RD_SECRET_ERROR, RD_SECRET_ERROR_NO_SERVICE);
      g_assert_cmpstr (error->message, ==,
                       "No keyring service is running: Release Desk keeps secrets only in the "
                       "system keyring. Start one, or log in to a GNOME session");
      return;
    }

  if (file_backend)
    {
      g_test_skip ("The file backend does not use the bus");
      return;
    }

  g_test_trap_subprocess (NULL, DEADLINE_SECONDS * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* ---- A keyring of the test's own: locked, or never created
 * ------------------------------------ */

/* Locks the collection the "default" alias points at, as the screen lock or
 * Passwords and Keys would. Only on a private keyring (tests/private-keyring.sh). */
static void
lock_default_collection (void)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;
  GList *objects;
  int n_locked;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  objects = g_list_append (NULL, collection);
  n_locked = secret_service_lock_sync (service, objects, NULL, NULL, &error);
  g_list_free (objects);
  g_assert_no_error (error);
  g_assert_cmpint (n_locked, ==, 1);
  g_assert_true (secret_collection_get_locked (collection));
}

static void
test_locked_keyring_declined_and_refused (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(RdCredentials) credentials = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *label = NULL;
  RdAccount *account;

  account = add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_TOKEN);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TOKEN_1);
  lock_default_collection ();

  /* Reading: gnome-keyring asks its prompter to unlock; here no prompter can show
   * (no display), which is what dismissing the dialog looks like to the app. */
  secret = lookup_secret (fixture, rd_account_get_id (account), RD_SECRET_KIND_TOKEN, &error);
  g_assert_null (secret);
  g_assert_error (error, RD_SECRET_ERROR, RD_SECRET_ERROR_DECLINED);
  g_assert_cmpstr (error->message, ==,
                   "The keyring stayed locked: unlock it to use the account’s secrets");
  g_clear_error (&error);

  /* What the window gets for a lookup with this account: the same, not "enter it again". */
  credentials = dup_credentials (fixture, account, &error);
  g_assert_null (credentials);
  g_assert_error (error, RD_SECRET_ERROR, RD_SECRET_ERROR_DECLINED);
  g_clear_error (&error);

  /* Writing into the locked collection is refused, and nothing is written elsewhere. */
  label = rd_account_dup_secret_label (account, RD_SECRET_KIND_TOKEN);
  rd_secret_store_store_async (fixture->secrets, rd_account_get_id (account),
                               RD_SECRET_KIND_TOKEN, TOKEN_2, label, NULL, on_result, &result);
  g_assert_false (rd_secret_store_store_finish (fixture->secrets, wait_for_result (&result),
                                                &error));
  g_assert_error (error, RD_SECRET_ERROR, RD_SECRET_ERROR_LOCKED);
  g_assert_cmpstr (error->message, ==,
                   "The keyring is locked: unlock it to use the account’s secrets");
}

static void
test_no_default_keyring_is_named (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  RdAccount *account;

  account = add_account (fixture, "prod", "cn-north-4", RD_ACCOUNT_AUTH_TOKEN);
  label = rd_account_dup_secret_label (account, RD_SECRET_KIND_TOKEN);
  rd_secret_store_store_async (fixture->secrets, rd_account_get_id (account),
                               RD_SECRET_KIND_TOKEN, TOKEN_1, label, NULL, on_result, &result);
  g_assert_false (rd_secret_store_store_finish (fixture->secrets, wait_for_result (&result),
                                                &error));
  g_assert_error (error, RD_SECRET_ERROR, RD_SECRET_ERROR_NO_KEYRING);
  g_assert_cmpstr (error->message, ==,
                   "There is no default keyring to keep the secret in: create one in Passwords "
                   "and Keys, then try again");
  g_clear_error (&error);

  assert_not_found (fixture, rd_account_get_id (account), RD_SECRET_KIND_TOKEN);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *keyring_path = NULL;
  const char *private_keyring;
  int status;

  /* Before any log line: everything is captured, debug included. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  rd_test_log_capture_install ();
  rd_test_log_capture_start ();

  g_test_init (&argc, &argv, NULL);

  skip_reason = rd_test_dup_sandbox_without_bus ();
  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return g_test_run ();
    }

  file_backend = g_strcmp0 (g_getenv ("SECRET_BACKEND"), "file") == 0;
  root_dir = g_dir_make_tmp ("rd-test-accounts-XXXXXX", &error);
  g_assert_no_error (error);

  if (file_backend)
    {
      /* A fresh keyring file per run, set before libsecret reads it. */
      keyring_path = g_build_filename (root_dir, "keyring.file", NULL);
      g_setenv ("SECRET_FILE_TEST_PATH", keyring_path, TRUE);
    }
  else if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      skip_reason = g_strdup ("No session bus (DBUS_SESSION_BUS_ADDRESS is unset)");
    }
  else if (!g_test_subprocess ())
    {
      /* A service that answers lookups may still have no default collection to store into. */
      if (!secret_password_store_sync (rd_secret_store_get_schema (), SECRET_COLLECTION_DEFAULT,
                                       "Release Desk test probe", "probe", NULL, &error,
                                       "account", "probe", "kind", "token", NULL)
          || !secret_password_clear_sync (rd_secret_store_get_schema (), NULL, &error,
                                          "account", "probe", NULL))
        skip_reason = g_strdup_printf ("No usable Secret Service: %s", error->message);
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  /* These change the keyring itself (lock it, or find none): only on a keyring of
   * their own, which tests/private-keyring.sh starts. */
  private_keyring = g_getenv ("RD_TEST_PRIVATE_KEYRING");
  if (private_keyring != NULL)
    {
      if (g_str_equal (private_keyring, "locked"))
        ADD ("/accounts/keyring/locked-is-declined-on-read-and-refused-on-write",
             test_locked_keyring_declined_and_refused);
      else if (g_str_equal (private_keyring, "no-login"))
        {
          g_clear_pointer (&skip_reason, g_free);
          ADD ("/accounts/keyring/no-default-keyring-is-named", test_no_default_keyring_is_named);
        }
      else
        g_error ("Unknown RD_TEST_PRIVATE_KEYRING=%s", private_keyring);
    }
  else
    {
  g_test_add_func ("/accounts/label/names-region-kind-and-account", test_labels_exact);
  ADD ("/accounts/secret/each-kind-stores-looks-up-replaces-and-clears",
       test_secret_each_kind_store_lookup_edit_clear);
  ADD ("/accounts/secret/item-shows-label-and-attributes",
       test_secret_items_have_label_and_attributes);
  ADD ("/accounts/store/save-account-writes-adds-and-announces",
       test_save_account_writes_adds_and_announces);
  ADD ("/accounts/store/save-account-clears-and-keeps-held-account",
       test_save_account_clears_and_keeps_held_account);
  ADD ("/accounts/store/save-account-refused-announces-nothing",
       test_save_account_refused_announces_nothing);
  ADD ("/accounts/store/save-sign-in-keeps-token-and-expiry",
       test_save_sign_in_keeps_token_and_expiry);
  ADD ("/accounts/store/remove-removes-all-its-secrets",
       test_remove_account_removes_all_its_secrets);
  ADD ("/accounts/credentials/access-key-gives-stored-ak-sk",
       test_credentials_access_key_without_security_token);
  ADD ("/accounts/credentials/access-key-gives-security-token",
       test_credentials_access_key_with_security_token);
  ADD ("/accounts/credentials/token-gives-stored-token", test_credentials_token);
  ADD ("/accounts/credentials/expired-asks-to-sign-in-without-reading-keyring",
       test_credentials_expired_does_not_read_keyring);
  ADD ("/accounts/credentials/secret-deleted-elsewhere-is-not-found",
       test_secret_deleted_behind_our_back_is_not_found);
  ADD ("/accounts/file/round-trip-keeps-every-field", test_account_file_round_trip);
  ADD ("/accounts/store/finds-by-name-and-refuses-a-taken-name",
       test_store_find_by_name_and_unique_names);
  ADD ("/accounts/file/bad-line-is-never-overwritten", test_bad_line_is_never_overwritten);
  ADD ("/accounts/file/unreadable-account-is-never-dropped",
       test_unreadable_account_is_never_dropped);
  ADD ("/accounts/file/start-over-keeps-the-old-file", test_start_over_keeps_the_old_file);
  ADD ("/accounts/file/others-can-write-is-refused", test_file_others_can_write_is_refused);
  ADD ("/accounts/file/unchanged-is-not-rewritten", test_unchanged_file_is_not_rewritten);
  ADD ("/accounts/file/symlink-stays-a-symlink", test_symlink_stays_a_symlink);
#undef ADD
  g_test_add_func ("/accounts/keyring/unavailable-gives-no-service",
                   test_keyring_unavailable_gives_no_service);
    }

  status = g_test_run ();

  /* libsecret's file backend leaves a keyring.file~ beside the file. */
  rd_test_remove_tree (root_dir);
  g_clear_pointer (&root_dir, g_free);
  g_clear_pointer (&skip_reason, g_free);
  g_free (rd_test_log_capture_stop ());

  return status;
}
