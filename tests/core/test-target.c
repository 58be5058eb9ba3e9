/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-target.c: options, a saved account and the environment resolved by one set of rules. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rd-regions.h"
#include "rd-target.h"
#include "rd-test-util.h"

#define ENDPOINT "https://dayu.example.com"
#define OTHER    "https://other.example.com"
#define PROJECT  "62099355b894428e8916573ae635f1f9"
#define SPACE    "b95b78b67fa045b38104c12fb3e1a6d2"

typedef struct
{
  char           *dir;
  RdAccountStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("rd-test-target-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "accounts.ini", NULL);
  fixture->store = rd_account_store_new (path, NULL);
  g_assert_true (rd_account_store_load (fixture->store, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  rd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static RdAccount *
add_account (Fixture    *fixture,
             const char *name,
             const char *endpoint,
             const char *project_id,
             const char *workspace)
{
  g_autoptr(RdAccount) account = rd_account_new (name);
  g_autoptr(GError) error = NULL;

  rd_account_set_endpoint (account, endpoint);
  rd_account_set_project_id (account, project_id);
  rd_account_set_workspace (account, workspace);
  rd_account_set_auth_method (account, RD_ACCOUNT_AUTH_TOKEN);
  g_assert_true (rd_account_store_add (fixture->store, account, &error));
  g_assert_no_error (error);
  return account;
}

/* The usage error @options give, with @flags; the test fails when there is none. */
static char *
dup_usage_error (Fixture               *fixture,
                 const RdTargetOptions *options,
                 const char * const    *environ_vars,
                 RdTargetFlags          flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = rd_target_new (options, fixture->store, environ_vars, flags,
                                              &error);

  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_USAGE);
  return g_strdup (error->message);
}

static RdTarget *
new_target (Fixture               *fixture,
            const RdTargetOptions *options,
            const char * const    *environ_vars,
            RdTargetFlags          flags)
{
  g_autoptr(GError) error = NULL;
  RdTarget *target = rd_target_new (options, fixture->store, environ_vars, flags, &error);

  g_assert_no_error (error);
  g_assert_nonnull (target);
  return target;
}

/* The command line's and the window's conflicts, one message each, in the command line's order:
 * region with endpoint, demo with either, the timeout, demo with an account. */
static void
test_conflicts_one_message_each (Fixture       *fixture,
                                 gconstpointer  data)
{
  static const struct {
    RdTargetOptions options;
    const char *message;
  } cases[] = {
    { { .region = "cn-north-4", .endpoint = ENDPOINT },
      "Give either --region or --endpoint, not both" },
    { { .demo = TRUE, .region = "cn-north-4" },
      "--demo uses the built-in demo service: leave out --region and --endpoint" },
    { { .demo = TRUE, .endpoint = ENDPOINT },
      "--demo uses the built-in demo service: leave out --region and --endpoint" },
    { { .demo = TRUE, .factory_endpoint = ENDPOINT },
      "--demo uses the built-in demo service: leave out --factory-endpoint" },
    { { .demo = TRUE, .timeout = -1 }, "--timeout must be between 1 and 600 seconds" },
    { { .demo = TRUE, .timeout = RD_CLIENT_MAX_TIMEOUT_SECONDS + 1 },
      "--timeout must be between 1 and 600 seconds" },
    { { .demo = TRUE, .account = "prod" }, "Give either --demo or --account, not both" },
    /* The first conflict wins. */
    { { .demo = TRUE, .region = "cn-north-4", .endpoint = ENDPOINT, .timeout = -1 },
      "Give either --region or --endpoint, not both" },
    { { .demo = TRUE, .account = "prod", .timeout = -1 },
      "--timeout must be between 1 and 600 seconds" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint flags = 0; flags <= (RD_TARGET_ACTIVE_ACCOUNT | RD_TARGET_LOOKUP); flags++)
      {
        g_autofree char *message = dup_usage_error (fixture, &cases[i].options, NULL, flags);

        g_test_message ("case %u, flags %u: %s", i, flags, message);
        g_assert_cmpstr (message, ==, cases[i].message);
      }
}

static void
test_timeout_bounds (Fixture       *fixture,
                     gconstpointer  data)
{
  RdTargetOptions options = { .demo = TRUE, .timeout = RD_CLIENT_MAX_TIMEOUT_SECONDS };
  g_autoptr(RdTarget) longest = new_target (fixture, &options, NULL, RD_TARGET_FLAGS_NONE);
  g_autoptr(RdTarget) unset = NULL;

  g_assert_cmpint (rd_target_get_timeout (longest), ==, RD_CLIENT_MAX_TIMEOUT_SECONDS);
  options.timeout = 0;
  unset = new_target (fixture, &options, NULL, RD_TARGET_FLAGS_NONE);
  g_assert_cmpint (rd_target_get_timeout (unset), ==, 0);
}

static void
test_unknown_account_names_saved_ones (Fixture       *fixture,
                                       gconstpointer  data)
{
  RdTargetOptions options = { .account = "prd" };
  g_autofree char *none = dup_usage_error (fixture, &options, NULL, RD_TARGET_FLAGS_NONE);
  g_autofree char *some = NULL;

  g_assert_cmpstr (none, ==, "There is no saved account named “prd”, and no account is saved: "
                             "add one in Preferences");

  add_account (fixture, "prod", ENDPOINT, NULL, NULL);
  add_account (fixture, "staging", ENDPOINT, NULL, NULL);
  some = dup_usage_error (fixture, &options, NULL, RD_TARGET_LOOKUP);
  g_assert_cmpstr (some, ==, "There is no saved account named “prd”; the saved accounts are "
                             "“prod”, “staging”");
}

/* A file that could not be read is no account, and says why; with no account named, it does
 * not matter. */
static void
test_unreadable_accounts_file (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = NULL;
  g_autofree char *broken = NULL;
  RdTargetOptions options = { .account = "staging" };
  const char *env[] = { "RELEASE_DESK_TOKEN=token-from-the-environment", NULL };

  add_account (fixture, "staging", ENDPOINT, NULL, NULL);
  broken = rd_test_break_accounts_line (rd_account_store_get_path (fixture->store), NULL);
  g_assert_false (rd_account_store_load (fixture->store, NULL));

  target = rd_target_new (&options, fixture->store, NULL, RD_TARGET_LOOKUP, &error);
  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_ACCOUNTS);
  g_assert_cmpstr (error->message, ==, rd_account_store_get_load_error (fixture->store)->message);

  options = (RdTargetOptions) { .endpoint = ENDPOINT };
  target = new_target (fixture, &options, env, RD_TARGET_ACTIVE_ACCOUNT);
  g_assert_null (rd_target_get_account (target));
  g_assert_nonnull (rd_target_get_credentials (target));
}

/* Options override the account field by field; the account fills what they leave out. */
static void
test_options_override_account (Fixture       *fixture,
                               gconstpointer  data)
{
  RdAccount *account = add_account (fixture, "prod", ENDPOINT, PROJECT, SPACE);
  RdTargetOptions options = { .account = "prod", .package_id = " 4\n" };
  g_autoptr(RdTarget) from_account = new_target (fixture, &options, NULL, RD_TARGET_LOOKUP);
  g_autoptr(RdTarget) overridden = NULL;
  g_autoptr(RdTarget) by_region = NULL;

  g_assert_true (rd_target_get_account (from_account) == account);
  g_assert_cmpstr (rd_target_get_endpoint (from_account), ==, ENDPOINT);
  g_assert_cmpstr (rd_target_get_project_id (from_account), ==, PROJECT);
  g_assert_cmpstr (rd_target_get_workspace (from_account), ==, SPACE);
  g_assert_cmpstr (rd_target_get_package_id (from_account), ==, "4");
  /* An account's credentials come from the keyring, later. */
  g_assert_null (rd_target_get_credentials (from_account));

  options.endpoint = OTHER "/";
  options.project_id = "other-project";
  overridden = new_target (fixture, &options, NULL, RD_TARGET_LOOKUP);
  g_assert_cmpstr (rd_target_get_endpoint (overridden), ==, OTHER);
  g_assert_cmpstr (rd_target_get_project_id (overridden), ==, "other-project");
  g_assert_cmpstr (rd_target_get_workspace (overridden), ==, SPACE);

  options.endpoint = NULL;
  options.region = "cn-north-4";
  by_region = new_target (fixture, &options, NULL, RD_TARGET_LOOKUP);
  {
    g_autofree char *expected = rd_region_dup_endpoint ("cn-north-4");

    g_assert_cmpstr (rd_target_get_endpoint (by_region), ==, expected);
  }
}

/* --factory-endpoint is checked and normalised like --endpoint, its mistake named; an
 * account's own is left to the session (read when its client is built, so an edit counts). */
static void
test_factory_endpoint (Fixture       *fixture,
                       gconstpointer  data)
{
  RdAccount *account = add_account (fixture, "prod", ENDPOINT, PROJECT, SPACE);
  RdTargetOptions options = { .account = "prod", .factory_endpoint = OTHER "/" };
  g_autoptr(RdTarget) given = NULL;
  g_autoptr(RdTarget) from_account = NULL;
  g_autofree char *message = NULL;

  rd_account_set_factory_endpoint (account, ENDPOINT);
  given = new_target (fixture, &options, NULL, RD_TARGET_FLAGS_NONE);
  g_assert_cmpstr (rd_target_get_factory_endpoint (given), ==, OTHER);

  options.factory_endpoint = NULL;
  from_account = new_target (fixture, &options, NULL, RD_TARGET_FLAGS_NONE);
  g_assert_null (rd_target_get_factory_endpoint (from_account));

  options.factory_endpoint = "ftp://" PROJECT;
  message = dup_usage_error (fixture, &options, NULL, RD_TARGET_LOOKUP);
  g_assert_true (g_str_has_prefix (message, "The Factory V1 endpoint is not valid: "));
}

/* For a window the account's own endpoint is left to the client built for it (an edit counts);
 * only the options' endpoint overrides it. */
static void
test_window_keeps_account_endpoint_live (Fixture       *fixture,
                                         gconstpointer  data)
{
  RdTargetOptions options = { .account = "prod", .project_id = "not checked here" };
  g_autoptr(RdTarget) target = NULL;
  g_autoptr(RdTarget) with_endpoint = NULL;

  add_account (fixture, "prod", ENDPOINT, PROJECT, NULL);
  target = new_target (fixture, &options, NULL, RD_TARGET_FLAGS_NONE);
  g_assert_nonnull (rd_target_get_account (target));
  g_assert_null (rd_target_get_endpoint (target));
  g_assert_null (rd_target_get_project_id (target));

  options.endpoint = OTHER;
  with_endpoint = new_target (fixture, &options, NULL, RD_TARGET_FLAGS_NONE);
  g_assert_cmpstr (rd_target_get_endpoint (with_endpoint), ==, OTHER);
}

/* The environment counts only for an endpoint given without an account or the demo. */
static void
test_environment_credentials (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *token_env[] = { "RELEASE_DESK_TOKEN=token-from-the-environment", NULL };
  const char *key_env[] = { "HUAWEICLOUD_SDK_AK=AKFROMTHEENVIRONMENT",
                            "HUAWEICLOUD_SDK_SK=sk-from-the-environment", NULL };
  const char *bad_env[] = { "RELEASE_DESK_TOKEN=two\nlines", NULL };
  RdTargetOptions options = { .endpoint = ENDPOINT };
  g_autoptr(RdTarget) token = new_target (fixture, &options, token_env, RD_TARGET_FLAGS_NONE);
  g_autoptr(RdTarget) keys = new_target (fixture, &options, key_env, RD_TARGET_FLAGS_NONE);
  g_autoptr(RdTarget) nothing = new_target (fixture, &options, NULL, RD_TARGET_FLAGS_NONE);
  g_autoptr(RdTarget) no_endpoint = NULL;
  g_autoptr(RdTarget) account = NULL;
  g_autoptr(RdTarget) demo = NULL;
  g_autofree char *bad = NULL;

  g_assert_cmpint (rd_credentials_get_method (rd_target_get_credentials (token)), ==,
                   RD_AUTH_METHOD_TOKEN);
  g_assert_cmpstr (rd_credentials_get_token (rd_target_get_credentials (token)), ==,
                   "token-from-the-environment");
  g_assert_cmpstr (rd_credentials_get_access_key (rd_target_get_credentials (keys)), ==,
                   "AKFROMTHEENVIRONMENT");
  g_assert_null (rd_target_get_credentials (nothing));

  bad = dup_usage_error (fixture, &options, bad_env, RD_TARGET_FLAGS_NONE);
  g_assert_nonnull (strstr (bad, "RELEASE_DESK_TOKEN"));
  g_assert_null (strstr (bad, "two"));

  /* Not read at all, so a bad variable is no error either. */
  options.endpoint = NULL;
  no_endpoint = new_target (fixture, &options, bad_env, RD_TARGET_FLAGS_NONE);
  g_assert_null (rd_target_get_credentials (no_endpoint));

  add_account (fixture, "prod", ENDPOINT, PROJECT, NULL);
  options = (RdTargetOptions) { .account = "prod", .endpoint = OTHER };
  account = new_target (fixture, &options, bad_env, RD_TARGET_FLAGS_NONE);
  g_assert_null (rd_target_get_credentials (account));

  options = (RdTargetOptions) { .demo = TRUE };
  demo = new_target (fixture, &options, bad_env, RD_TARGET_FLAGS_NONE);
  g_assert_null (rd_target_get_credentials (demo));
  g_assert_null (rd_target_get_endpoint (demo));
}

/* The headless export needs everything, and says what is missing in this order. */
static void
test_lookup_needs_everything_in_order (Fixture       *fixture,
                                       gconstpointer  data)
{
  const char *env[] = { "RELEASE_DESK_TOKEN=token-from-the-environment", NULL };
  static const struct {
    RdTargetOptions options;
    gboolean with_env;
    const char *message;
  } cases[] = {
    { { .region = "cn-north-4", .package_id = "12" }, TRUE,
      "No project ID: give --project-id=ID" },
    { { .region = "mars-1", .package_id = "12" }, TRUE, "No project ID: give --project-id=ID" },
    { { .project_id = "a b", .package_id = "12" }, TRUE,
      "Project ID must not contain spaces or line breaks" },
    { { .project_id = "abc", .workspace = "a/b", .package_id = "12" }, TRUE,
      "Workspace ID may contain only letters, digits, “-” and “_”" },
    { { .region = "cn-north-4", .project_id = "abc" }, TRUE,
      "No package ID: give it after the options" },
    { { .project_id = "abc", .package_id = "1\n2" }, TRUE,
      "Package ID must not contain tabs or line breaks" },
    { { .project_id = "abc", .package_id = "12" }, TRUE,
      "No service: give --region=REGION or --endpoint=URL, or use --demo" },
    { { .project_id = "abc", .endpoint = "ftp://x", .package_id = "12" }, TRUE,
      "The endpoint must start with https:// (it starts with ftp:)" },
    { { .project_id = "abc", .region = "mars-1", .package_id = "12" }, TRUE,
      "“mars-1” is not a region that offers DataArts Studio; give the endpoint URL instead" },
    { { .project_id = "abc", .region = "cn-north-4", .package_id = "12" }, FALSE,
      "No credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (and "
      "HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary ones), or RELEASE_DESK_TOKEN" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = dup_usage_error (fixture, &cases[i].options,
                                                  cases[i].with_env ? env : NULL,
                                                  RD_TARGET_LOOKUP);

      g_test_message ("case %u: %s", i, message);
      g_assert_cmpstr (message, ==, cases[i].message);
    }
}

/* An account with neither region nor endpoint is no service for a lookup. */
static void
test_lookup_account_without_service (Fixture       *fixture,
                                     gconstpointer  data)
{
  RdTargetOptions options = { .account = "prod", .package_id = "4" };
  g_autofree char *message = NULL;

  add_account (fixture, "prod", NULL, PROJECT, NULL);
  message = dup_usage_error (fixture, &options, NULL, RD_TARGET_LOOKUP);
  g_assert_cmpstr (message, ==,
                   "No service: give --region=REGION or --endpoint=URL, or use --demo");
}

/* The demo's service comes from the caller, after the options were checked. */
static void
test_demo_service_set_by_caller (Fixture       *fixture,
                                 gconstpointer  data)
{
  RdTargetOptions options = { .demo = TRUE, .project_id = "demo-project", .package_id = "4" };
  g_autoptr(RdTarget) target = new_target (fixture, &options, NULL, RD_TARGET_LOOKUP);
  g_autoptr(RdCredentials) credentials = rd_credentials_new_token ("demo-token");

  g_assert_true (rd_target_get_demo (target));
  g_assert_null (rd_target_get_endpoint (target));
  rd_target_set_service (target, "http://127.0.0.1:1", credentials);
  g_assert_cmpstr (rd_target_get_endpoint (target), ==, "http://127.0.0.1:1");
  g_assert_true (rd_target_get_credentials (target) == credentials);
  g_assert_cmpstr (rd_target_get_project_id (target), ==, "demo-project");
}

/* A window started with nothing chosen uses the account of last time; the command line never
 * does, and neither does a window given a service or the demo. */
static void
test_active_account_only_when_asked (Fixture       *fixture,
                                     gconstpointer  data)
{
  RdAccount *account = add_account (fixture, "prod", ENDPOINT, PROJECT, NULL);
  RdTargetOptions options = { 0 };
  g_autoptr(RdTarget) window = NULL;
  g_autoptr(RdTarget) command_line = NULL;
  g_autoptr(RdTarget) with_region = NULL;
  g_autoptr(RdTarget) demo = NULL;

  rd_account_store_set_active_account_id (fixture->store, rd_account_get_id (account));

  window = new_target (fixture, &options, NULL, RD_TARGET_ACTIVE_ACCOUNT);
  g_assert_true (rd_target_get_account (window) == account);

  command_line = new_target (fixture, &options, NULL, RD_TARGET_FLAGS_NONE);
  g_assert_null (rd_target_get_account (command_line));

  options.region = "cn-north-4";
  with_region = new_target (fixture, &options, NULL, RD_TARGET_ACTIVE_ACCOUNT);
  g_assert_null (rd_target_get_account (with_region));

  options = (RdTargetOptions) { .demo = TRUE };
  demo = new_target (fixture, &options, NULL, RD_TARGET_ACTIVE_ACCOUNT);
  g_assert_null (rd_target_get_account (demo));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/target/conflicts/one-message-each", test_conflicts_one_message_each);
  ADD ("/target/timeout/bounds", test_timeout_bounds);
  ADD ("/target/account/unknown-names-saved-ones", test_unknown_account_names_saved_ones);
  ADD ("/target/account/unreadable-file", test_unreadable_accounts_file);
  ADD ("/target/account/options-override-field-by-field", test_options_override_account);
  ADD ("/target/account/window-keeps-account-endpoint-live",
       test_window_keeps_account_endpoint_live);
  ADD ("/target/account/active-only-when-asked", test_active_account_only_when_asked);
  ADD ("/target/factory-endpoint/checked-or-left-to-the-account", test_factory_endpoint);
  ADD ("/target/environment/only-for-an-endpoint-alone", test_environment_credentials);
  ADD ("/target/lookup/needs-everything-in-order", test_lookup_needs_everything_in_order);
  ADD ("/target/lookup/account-without-service", test_lookup_account_without_service);
  ADD ("/target/demo/service-set-by-caller", test_demo_service_set_by_caller);

  return g_test_run ();
}
