/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-accounts.c: release-desk --account=NAME, run as a process on libsecret's file
 * backend. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rd-account-store.h"
#include "rd-demo-testing.h"
#include "sandbox-util.h"
#include "rd-test-util.h"

/* Every secret a test uses: none may show up in the config folder or the output. */
#define TEST_TOKEN "TOKENtest-cli-MIIaBgkqhkiG9w0-account-token"
#define TEST_AK    "RDCLITESTACCESSKEY01"
#define TEST_SK    "SKtest-cli-1a2b3c4d5e6f7g8h9i0j-secret-key"
#define BAD_TOKEN  "TOKENtest-cli-not-accepted-by-the-service"

static const char * const all_secrets[] = { TEST_TOKEN, TEST_SK, BAD_TOKEN, NULL };

typedef struct
{
  char           *dir;
  char           *config_dir;
  RdSecretStore  *secrets;
  RdAccountStore *store;
  RdDemoService  *service;
  char           *endpoint_arg;
  const char     *env_token;   /* RELEASE_DESK_TOKEN for the child, or NULL */
} Fixture;

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (*result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*result);

  return *result;
}

/* Runs release-desk with the fixture's config folder, iterating the main context so the
 * in-process demo service can answer. The keyring variables are inherited. */
static void
run_release_desk (Fixture    *fixture,
                  RdTestRun  *run,
                  const char *first_arg,
                  ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) args = NULL;
  va_list ap;

  va_start (ap, first_arg);
  args = rd_test_release_desk_argv (first_arg, ap);
  va_end (ap);

  launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  rd_test_launcher_unset_credentials (launcher);
  if (fixture->env_token != NULL)
    g_subprocess_launcher_setenv (launcher, "RELEASE_DESK_TOKEN", fixture->env_token, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", fixture->config_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "no_proxy", "127.0.0.1,localhost", TRUE);

  run->status = rd_test_communicate (launcher, args, 60, &run->out, &run->err);

  for (guint i = 0; all_secrets[i] != NULL; i++)
    {
      g_assert_null (strstr (run->err, all_secrets[i]));
      g_assert_null (strstr (run->out, all_secrets[i]));
    }
}

/* The first line that is ours (debug lines come first). */
static char *
message_line (const char *text)
{
  const char *start = strstr (text, "release-desk: ");
  const char *nl;

  g_assert_nonnull (start);
  nl = strchr (start, '\n');
  return nl ? g_strndup (start, nl - start) : g_strdup (start);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("rd-cli-accounts-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config_dir = g_build_filename (fixture->dir, "config", NULL);
  path = g_build_filename (fixture->config_dir, "release-desk", "accounts.ini", NULL);
  fixture->secrets = rd_secret_store_new ();
  fixture->store = rd_account_store_new (path, fixture->secrets);

  fixture->service = rd_test_start_demo_service ();
  rd_demo_service_add_token (fixture->service, TEST_TOKEN);
  rd_demo_service_add_access_key (fixture->service, TEST_AK, TEST_SK);
  fixture->endpoint_arg =
      g_strconcat ("--endpoint=", rd_demo_service_get_url (fixture->service), NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Leave no secret in the keyring file for the next test. */
  for (guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture->store)); n > 0; n--)
    {
      g_autoptr(RdAccount) account = g_list_model_get_item (G_LIST_MODEL (fixture->store), 0);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      rd_account_store_remove_async (fixture->store, account, NULL, rd_test_on_result, &result);
      g_assert_true (rd_account_store_remove_finish (fixture->store, wait_for (&result), &error));
      g_assert_no_error (error);
    }

  rd_test_stop_demo_service (&fixture->service);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->secrets);
  rd_test_scrub_dir (fixture->dir, all_secrets);
  g_clear_pointer (&fixture->endpoint_arg, g_free);
  g_clear_pointer (&fixture->config_dir, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
test_token_account_exports (Fixture       *fixture,
                            gconstpointer  data)
{
  RdAccount *account
      = rd_test_add_account (fixture->store, "prod token", NULL, RD_ACCOUNT_AUTH_TOKEN, NULL);
  g_autoptr(GHashTable) headers = NULL;
  g_auto(RdTestRun) run = { 0 };

  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TEST_TOKEN);

  /* The project ID comes from the account; --endpoint overrides its region. */
  run_release_desk (fixture, &run, "--account=prod token", fixture->endpoint_arg,
                    "--export=-", "4", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"package_id\""));
  headers = rd_demo_service_dup_last_headers (fixture->service);
  g_assert_cmpstr (g_hash_table_lookup (headers, "x-auth-token"), ==, TEST_TOKEN);
  g_assert_nonnull (strstr (rd_demo_service_get_last_path (fixture->service), RD_DEMO_PROJECT_ID));
}

static void
test_access_key_account_signs_and_options_override (Fixture       *fixture,
                                                    gconstpointer  data)
{
  RdAccount *account
      = rd_test_add_account (fixture->store, "ak", NULL, RD_ACCOUNT_AUTH_ACCESS_KEY, NULL);
  g_autoptr(GHashTable) headers = NULL;
  g_auto(RdTestRun) run = { 0 };

  rd_account_set_access_key (account, TEST_AK);
  rd_account_set_project_id (account, "not-the-demo-project");
  rd_account_set_workspace (account, RD_DEMO_WORKSPACE_ID);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_SECRET_KEY, TEST_SK);

  run_release_desk (fixture, &run, "--account=ak", fixture->endpoint_arg,
                    "--project-id=" RD_DEMO_PROJECT_ID, "--workspace=" RD_DEMO_OTHER_WORKSPACE,
                    "--export=-", "8", NULL);

  g_assert_cmpint (run.status, ==, 0);
  headers = rd_demo_service_dup_last_headers (fixture->service);
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (headers, "authorization"),
                                   "SDK-HMAC-SHA256 Access=" TEST_AK ","));
  g_assert_cmpstr (g_hash_table_lookup (headers, "workspace"), ==, RD_DEMO_OTHER_WORKSPACE);
  g_assert_nonnull (strstr (rd_demo_service_get_last_path (fixture->service), RD_DEMO_PROJECT_ID));
}

static void
test_expired_iam_account_asks_to_sign_in (Fixture       *fixture,
                                          gconstpointer  data)
{
  RdAccount *account = rd_test_add_account (fixture->store, "iam", NULL, RD_ACCOUNT_AUTH_IAM, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) past = g_date_time_add_hours (now, -1);
  g_autofree char *line = NULL;
  g_auto(RdTestRun) run = { 0 };

  rd_account_set_iam_domain (account, RD_DEMO_IAM_DOMAIN);
  rd_account_set_iam_user (account, RD_DEMO_IAM_USER);
  rd_account_set_token_expiry (account, past);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TEST_TOKEN);

  run_release_desk (fixture, &run, "--account=iam", fixture->endpoint_arg, "--export=-", "4", NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  line = message_line (run.err);
  g_assert_cmpstr (line, ==, "release-desk: The sign-in for “iam” has expired: sign in again");
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 0);
}

/* A token the service refuses is over, for the command line as for the window: the account is
 * marked signed out, and the next run asks to sign in again without sending it. */
static void
test_refused_token_marks_account_signed_out (Fixture       *fixture,
                                             gconstpointer  data)
{
  RdAccount *account = rd_test_add_account (fixture->store, "iam", NULL, RD_ACCOUNT_AUTH_IAM, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(RdTestRun) refused = { 0 };
  g_auto(RdTestRun) again = { 0 };

  rd_account_set_token_expiry (account, later);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, BAD_TOKEN);

  run_release_desk (fixture, &refused, "--account=iam", fixture->endpoint_arg, "--export=-", "4",
                    NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 1);

  g_assert_true (rd_account_store_load (fixture->store, &error));
  g_assert_no_error (error);
  account = rd_account_store_find_by_name (fixture->store, "iam");
  g_assert_true (rd_account_is_token_expired (account));

  run_release_desk (fixture, &again, "--account=iam", fixture->endpoint_arg, "--export=-", "4",
                    NULL);
  g_assert_cmpint (again.status, ==, 1);
  line = message_line (again.err);
  g_assert_cmpstr (line, ==, "release-desk: The sign-in for “iam” has expired: sign in again");
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 1);
}

static void
test_missing_secret_asks_to_enter_again (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autofree char *line = NULL;
  g_auto(RdTestRun) run = { 0 };

  rd_test_add_account (fixture->store, "no secret", NULL, RD_ACCOUNT_AUTH_TOKEN, NULL);

  run_release_desk (fixture, &run, "--account=no secret", fixture->endpoint_arg,
                    "--export=-", "4", NULL);

  g_assert_cmpint (run.status, ==, 1);
  line = message_line (run.err);
  g_assert_cmpstr (line, ==, "release-desk: The secret for account “no secret” is no longer in "
                             "the keyring: enter it again");
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 0);
}

static void
test_unknown_account_lists_saved_ones (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *line = NULL;
  g_auto(RdTestRun) run = { 0 };

  rd_test_add_account (fixture->store, "prod", NULL, RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_test_add_account (fixture->store, "staging", NULL, RD_ACCOUNT_AUTH_TOKEN, NULL);

  run_release_desk (fixture, &run, "--account=prd", fixture->endpoint_arg, "--export=-", "4", NULL);

  g_assert_cmpint (run.status, ==, 2);
  line = message_line (run.err);
  g_assert_cmpstr (line, ==, "release-desk: There is no saved account named “prd”; the saved "
                             "accounts are “prod”, “staging”");
}

static void
test_environment_works_beside_accounts (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(GHashTable) headers = NULL;
  g_auto(RdTestRun) run = { 0 };

  /* Saved accounts do not get in the way of the environment's credentials. */
  rd_test_add_account (fixture->store, "prod", NULL, RD_ACCOUNT_AUTH_TOKEN, NULL);
  fixture->env_token = RD_DEMO_TOKEN;
  run_release_desk (fixture, &run, fixture->endpoint_arg, "--project-id=" RD_DEMO_PROJECT_ID,
                    "--export=-", "4", NULL);

  g_assert_cmpint (run.status, ==, 0);
  headers = rd_demo_service_dup_last_headers (fixture->service);
  g_assert_cmpstr (g_hash_table_lookup (headers, "x-auth-token"), ==, RD_DEMO_TOKEN);
}

static void
test_file_others_can_write_is_refused (Fixture       *fixture,
                                       gconstpointer  data)
{
  RdAccount *account
      = rd_test_add_account (fixture->store, "prod", NULL, RD_ACCOUNT_AUTH_TOKEN, NULL);
  const char *path = rd_account_store_get_path (fixture->store);
  g_autofree char *expected = NULL;
  g_autofree char *line = NULL;
  g_auto(RdTestRun) run = { 0 };

  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TEST_TOKEN);
  g_assert_cmpint (g_chmod (path, 0666), ==, 0);

  run_release_desk (fixture, &run, "--account=prod", fixture->endpoint_arg, "--export=-", "4",
                    NULL);

  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  line = message_line (run.err);
  expected = g_strdup_printf ("release-desk: Other users can change the accounts file “%s”, so it "
                              "was not used: run “chmod go-w '%s'”, then try again", path, path);
  g_assert_cmpstr (line, ==, expected);
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 0);
}

static void
test_bad_line_names_file_and_line (Fixture       *fixture,
                                   gconstpointer  data)
{
  const char *path = rd_account_store_get_path (fixture->store);
  g_autofree char *broken = NULL;
  g_autofree char *after = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *line = NULL;
  g_auto(RdTestRun) run = { 0 };
  guint broken_line;

  rd_test_add_account (fixture->store, "prod", NULL, RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_test_add_account (fixture->store, "staging", NULL, RD_ACCOUNT_AUTH_TOKEN, NULL);
  broken = rd_test_break_accounts_line (path, &broken_line);

  run_release_desk (fixture, &run, "--account=prod", fixture->endpoint_arg, "--export=-", "4",
                    NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  line = message_line (run.err);
  expected = g_strdup_printf ("release-desk: Line %u of the accounts file “%s” cannot be read: ",
                              broken_line, path);
  g_assert_true (g_str_has_prefix (line, expected));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, broken);
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 0);
}

/* Issue 15, item 9, for what the keyring and accounts.ini give: a secret or access key ID that
 * no request could carry is refused before any request, with a message that says which account
 * and what to do, never the value. Without the check a line break gave libsoup's critical (fatal
 * here, and a core dump holding the token) and a blank secret went out empty. */
static void
test_malformed_saved_credentials_refused (Fixture       *fixture,
                                          gconstpointer  data)
{
  RdAccount *token_account
      = rd_test_add_account (fixture->store, "bad token", NULL, RD_ACCOUNT_AUTH_TOKEN, NULL);
  RdAccount *blank_account
      = rd_test_add_account (fixture->store, "blank key", NULL, RD_ACCOUNT_AUTH_ACCESS_KEY, NULL);
  RdAccount *ak_account
      = rd_test_add_account (fixture->store, "bad id", NULL, RD_ACCOUNT_AUTH_ACCESS_KEY, NULL);
  static const struct {
    const char *name;
    const char *message;
  } cases[] = {
    { "bad token", "release-desk: The secret saved in the keyring for account “bad token” cannot "
                   "be used (it holds a line break or another control character): enter it again" },
    { "blank key", "release-desk: The secret saved in the keyring for account “blank key” cannot "
                   "be used (it is blank): enter it again" },
    { "bad id", "release-desk: The access key ID of account “bad id” cannot be used (it holds a "
                "line break or another control character): enter it again" },
  };

  rd_test_store_secret (fixture->secrets, token_account, RD_SECRET_KIND_TOKEN,
                        "TOKEN-MARK\r\nX-Injected: 1");
  rd_account_set_access_key (blank_account, TEST_AK);
  rd_test_store_secret (fixture->secrets, blank_account, RD_SECRET_KIND_SECRET_KEY, " \t ");
  rd_account_set_access_key (ak_account, "AK-MARK\nX-Injected: 1");
  rd_test_store_secret (fixture->secrets, ak_account, RD_SECRET_KIND_SECRET_KEY, TEST_SK);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *account_arg = g_strconcat ("--account=", cases[i].name, NULL);
      g_autofree char *line = NULL;
      g_auto(RdTestRun) run = { 0 };

      run_release_desk (fixture, &run, account_arg, fixture->endpoint_arg, "--export=-", "4", NULL);

      line = message_line (run.err);
      g_test_message ("%s: %s", cases[i].name, line);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (line, ==, cases[i].message);
      g_assert_null (strstr (run.err, "MARK"));
      g_assert_null (strstr (run.err, "Injected"));
      g_assert_cmpstr (run.out, ==, "");
    }

  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *keyring = NULL;
  int status;

  g_autofree char *sandbox_reason = NULL;

  g_test_init (&argc, &argv, NULL);

  sandbox_reason = rd_test_dup_sandbox_without_bus ();
  if (sandbox_reason != NULL)
    {
      g_test_skip (sandbox_reason);
      return g_test_run ();
    }

  /* libsecret's file backend, or the keyring of the session bus .ci/test starts; the
   * command runs as a child that reads the same one. */
  if (g_strcmp0 (g_getenv ("SECRET_BACKEND"), "file") != 0 &&
      g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("Needs libsecret's file backend (SECRET_BACKEND=file) or a session bus");
      return g_test_run ();
    }

  /* A fresh keyring file, for this process and the children. */
  root = g_dir_make_tmp ("rd-cli-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  keyring = g_build_filename (root, "keyring.file", NULL);
  if (g_strcmp0 (g_getenv ("SECRET_BACKEND"), "file") == 0)
    g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/account/token-exports-with-account-project", test_token_account_exports);
  ADD ("/cli/account/access-key-signs-and-options-override",
       test_access_key_account_signs_and_options_override);
  ADD ("/cli/account/expired-iam-asks-to-sign-in-again", test_expired_iam_account_asks_to_sign_in);
  ADD ("/cli/account/refused-token-marks-account-signed-out",
       test_refused_token_marks_account_signed_out);
  ADD ("/cli/account/missing-secret-asks-to-enter-again", test_missing_secret_asks_to_enter_again);
  ADD ("/cli/account/unknown-name-lists-saved-accounts", test_unknown_account_lists_saved_ones);
  ADD ("/cli/account/environment-without-account", test_environment_works_beside_accounts);
  ADD ("/cli/account/file-others-can-write-is-refused", test_file_others_can_write_is_refused);
  ADD ("/cli/account/bad-line-names-file-and-line", test_bad_line_names_file_and_line);
  ADD ("/cli/account/malformed-saved-credentials-refused",
       test_malformed_saved_credentials_refused);
#undef ADD

  status = g_test_run ();

  /* libsecret's file backend leaves a keyring.file~ beside the file. */
  rd_test_remove_tree (root);

  return status;
}
