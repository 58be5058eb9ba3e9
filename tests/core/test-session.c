/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session.c: the session reads an account's secrets once, builds its client, and asks to
 * sign in again after a 401 from any call; libsecret's file backend, the demo service. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rd-package-action.h"
#include "rd-session.h"
#include "rd-test-util.h"
#include "sandbox-util.h"

#define WAIT_SECONDS (20 * rd_test_slowdown ())

#define TOKEN_A  "TOKENtest-session-account-a-0123456789"
#define TOKEN_B  "TOKENtest-session-account-b-9876543210"
#define TOKEN_C  "TOKENtest-session-signed-in-again-4567"
#define TEST_AK  "RDSESSIONTESTAKEY001"
#define TEST_SK  "SKtest-session-1a2b3c4d5e6f-secret-key"
#define OTHER_SK "SKtest-session-entered-again-secret-key"

static char *skip_reason;

typedef struct
{
  char           *dir;
  RdSecretStore  *secrets;
  RdAccountStore *store;
  RdDemoService  *service;
  RdSession      *session;
  guint           n_changed;
  gboolean        last_was_signed_out;
} Fixture;

static void
on_credentials_changed (RdSession *session,
                        gboolean   was_signed_out,
                        Fixture   *fixture)
{
  fixture->n_changed++;
  fixture->last_was_signed_out = was_signed_out;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (skip_reason != NULL)
    return;

  fixture->dir = g_dir_make_tmp ("rd-test-session-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "accounts.ini", NULL);
  fixture->secrets = rd_secret_store_new ();
  fixture->store = rd_account_store_new (path, fixture->secrets);
  g_assert_true (rd_account_store_load (fixture->store, &error));

  fixture->service = rd_test_start_demo_service ();
  rd_demo_service_add_token (fixture->service, TOKEN_A);
  rd_demo_service_add_token (fixture->service, TOKEN_B);
  rd_demo_service_add_token (fixture->service, TOKEN_C);
  rd_demo_service_add_access_key (fixture->service, TEST_AK, TEST_SK);

  fixture->session = rd_session_new (fixture->store);
  g_signal_connect (fixture->session, "credentials-changed", G_CALLBACK (on_credentials_changed),
                    fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (skip_reason != NULL)
    return;

  g_clear_object (&fixture->session);
  while (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)) > 0)
    {
      g_autoptr(RdAccount) account = g_list_model_get_item (G_LIST_MODEL (fixture->store), 0);
      g_autoptr(GAsyncResult) result = NULL;

      rd_account_store_remove_async (fixture->store, account, NULL, rd_test_on_result, &result);
      WAIT_UNTIL (result != NULL);
      g_assert_true (rd_account_store_remove_finish (fixture->store, result, NULL));
    }
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->secrets);
  rd_test_stop_demo_service (&fixture->service);
  rd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
skipped (void)
{
  if (skip_reason == NULL)
    return FALSE;
  g_test_skip (skip_reason);
  return TRUE;
}

static RdClient *
dup_client (Fixture  *fixture,
            GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rd_session_dup_client_async (fixture->session, NULL, rd_test_on_result, &result);
  WAIT_UNTIL (result != NULL);
  return rd_session_dup_client_finish (fixture->session, result, error);
}

/* The token the demo service saw on a lookup made with @client. */
static char *
dup_token_sent (Fixture  *fixture,
                RdClient *client)
{
  g_auto(RdTestLookup) lookup = { 0 };
  g_autoptr(GHashTable) headers = NULL;

  rd_client_get_package_async (client, RD_DEMO_PROJECT_ID, NULL, RD_DEMO_PACKAGE_ID, NULL,
                               rd_test_on_lookup_done, &lookup);
  WAIT_UNTIL (lookup.done);
  g_assert_no_error (lookup.error);
  headers = rd_demo_service_dup_last_headers (fixture->service);
  return g_strdup (g_hash_table_lookup (headers, "x-auth-token"));
}

/* A first page of the review queue, as the queue view asks for it; its error. */
static GError *
list_queue (RdClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) packages = NULL;
  GError *error = NULL;

  rd_client_list_packages_async (client, RD_DEMO_PROJECT_ID, NULL, NULL, NULL, rd_test_on_result,
                                 &result);
  WAIT_UNTIL (result != NULL);
  packages = rd_client_list_packages_finish (client, result, NULL, &error);
  return error;
}

/* Two callers at once, then a third: one read of the keyring, one client. */
static void
test_reads_secrets_once (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(RdClient) client_1 = NULL;
  g_autoptr(RdClient) client_2 = NULL;
  g_autoptr(RdClient) client_3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sent = NULL;
  RdAccount *account;

  if (skipped ())
    return;

  account = rd_test_add_account (fixture->store, "prod", rd_demo_service_get_url (fixture->service),
                                 RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TOKEN_A);
  rd_session_set_account (fixture->session, account, NULL);
  g_assert_null (rd_session_get_client (fixture->session));

  rd_session_dup_client_async (fixture->session, NULL, rd_test_on_result, &first);
  rd_session_dup_client_async (fixture->session, NULL, rd_test_on_result, &second);
  WAIT_UNTIL (first != NULL && second != NULL);
  client_1 = rd_session_dup_client_finish (fixture->session, first, &error);
  g_assert_no_error (error);
  client_2 = rd_session_dup_client_finish (fixture->session, second, &error);
  g_assert_no_error (error);
  g_assert_true (client_1 == client_2);
  g_assert_true (rd_session_get_client (fixture->session) == client_1);
  sent = dup_token_sent (fixture, client_1);
  g_assert_cmpstr (sent, ==, TOKEN_A);

  /* Kept for the session: the keyring is not asked again. */
  rd_test_clear_secrets (fixture->secrets, account);
  client_3 = dup_client (fixture, &error);
  g_assert_no_error (error);
  g_assert_true (client_3 == client_1);

  /* Forgotten, they are read again, and the missing secret asks to be entered again. */
  rd_session_forget_credentials (fixture->session, rd_account_get_id (account));
  g_assert_null (rd_session_get_client (fixture->session));
  g_assert_null (dup_client (fixture, &error));
  g_assert_error (error, RD_SECRET_ERROR, RD_SECRET_ERROR_NOT_FOUND);
  g_assert_true (rd_session_get_needs_sign_in (fixture->session));
  g_assert_cmpint (rd_session_get_sign_in (fixture->session), ==, RD_SESSION_SIGN_IN_ENTER_AGAIN);
}

/* One caller giving up does not take the answer from the other; when the last gives up, the
 * read stops. */
static void
test_cancelled_caller_alone_gives_up (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GAsyncResult) kept = NULL;
  g_autoptr(RdClient) client = NULL;
  g_autoptr(RdClient) none = NULL;
  g_autoptr(GError) error = NULL;
  RdAccount *account;

  if (skipped ())
    return;

  account = rd_test_add_account (fixture->store, "prod", rd_demo_service_get_url (fixture->service),
                                 RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TOKEN_A);
  rd_session_set_account (fixture->session, account, NULL);

  rd_session_dup_client_async (fixture->session, cancellable, rd_test_on_result, &cancelled);
  rd_session_dup_client_async (fixture->session, NULL, rd_test_on_result, &kept);
  g_cancellable_cancel (cancellable);
  WAIT_UNTIL (cancelled != NULL && kept != NULL);
  none = rd_session_dup_client_finish (fixture->session, cancelled, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (none);
  g_clear_error (&error);
  client = rd_session_dup_client_finish (fixture->session, kept, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);
}

/* Each account its own credentials and client; switching back reads nothing again, and what
 * was still waiting for the previous account is cancelled. */
static void
test_account_switch (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RdClient) a = NULL;
  g_autoptr(RdClient) b = NULL;
  g_autoptr(RdClient) a_again = NULL;
  g_autoptr(GAsyncResult) superseded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sent_a = NULL;
  g_autofree char *sent_b = NULL;
  g_autofree char *sent_a_again = NULL;
  RdAccount *first, *second;

  if (skipped ())
    return;

  first = rd_test_add_account (fixture->store, "first", rd_demo_service_get_url (fixture->service),
                               RD_ACCOUNT_AUTH_TOKEN, NULL);
  second
      = rd_test_add_account (fixture->store, "second", rd_demo_service_get_url (fixture->service),
                             RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_test_store_secret (fixture->secrets, first, RD_SECRET_KIND_TOKEN, TOKEN_A);
  rd_test_store_secret (fixture->secrets, second, RD_SECRET_KIND_TOKEN, TOKEN_B);

  rd_session_set_account (fixture->session, first, NULL);
  a = dup_client (fixture, &error);
  g_assert_no_error (error);
  sent_a = dup_token_sent (fixture, a);
  g_assert_cmpstr (sent_a, ==, TOKEN_A);

  rd_session_set_account (fixture->session, second, NULL);
  g_assert_true (rd_session_get_account (fixture->session) == second);
  g_assert_null (rd_session_get_client (fixture->session));
  b = dup_client (fixture, &error);
  g_assert_no_error (error);
  g_assert_true (b != a);
  sent_b = dup_token_sent (fixture, b);
  g_assert_cmpstr (sent_b, ==, TOKEN_B);

  /* The first account's token, read before, stays with the session. */
  rd_test_clear_secrets (fixture->secrets, first);
  rd_session_set_account (fixture->session, first, NULL);
  a_again = dup_client (fixture, &error);
  g_assert_no_error (error);
  sent_a_again = dup_token_sent (fixture, a_again);
  g_assert_cmpstr (sent_a_again, ==, TOKEN_A);

  /* Asked for the second account (read again: forgotten), then the account changed. */
  rd_session_set_account (fixture->session, second, NULL);
  rd_session_forget_credentials (fixture->session, rd_account_get_id (second));
  rd_session_dup_client_async (fixture->session, NULL, rd_test_on_result, &superseded);
  rd_session_set_account (fixture->session, NULL, NULL);
  WAIT_UNTIL (superseded != NULL);
  g_assert_null (rd_session_dup_client_finish (fixture->session, superseded, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (rd_session_get_client (fixture->session));
  g_assert_false (rd_session_has_service (fixture->session));
}

/* The review queue's list call answered 401: the token is over, nothing more is sent with it,
 * and the session asks to sign in again; an older client's 401 changes nothing. */
static void
test_unauthorized_queue_asks_to_sign_in (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(RdClient) client = NULL;
  g_autoptr(RdClient) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) listed = NULL;
  RdAccount *account;
  guint n_requests;

  if (skipped ())
    return;

  account = rd_test_add_account (fixture->store, "prod", rd_demo_service_get_url (fixture->service),
                                 RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TOKEN_A);
  rd_session_set_account (fixture->session, account, NULL);
  client = dup_client (fixture, &error);
  g_assert_no_error (error);
  g_assert_false (rd_session_get_needs_sign_in (fixture->session));

  rd_test_push_status (fixture->service, 401, RD_TEST_EXPIRED_TOKEN_BODY, NULL);
  listed = list_queue (client);
  g_assert_error (listed, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED);
  g_assert_true (rd_session_report_unauthorized (fixture->session, client));

  g_assert_true (rd_session_get_needs_sign_in (fixture->session));
  g_assert_cmpint (rd_session_get_sign_in (fixture->session), ==, RD_SESSION_SIGN_IN_AGAIN);
  g_assert_true (rd_account_is_token_expired (account));
  g_assert_null (rd_session_get_client (fixture->session));
  /* Said once: the same client's next 401 is old news. */
  g_assert_false (rd_session_report_unauthorized (fixture->session, client));

  /* The next caller learns it at once, without a request. */
  n_requests = rd_demo_service_get_request_count (fixture->service);
  none = dup_client (fixture, &error);
  g_assert_null (none);
  g_assert_error (error, RD_SECRET_ERROR, RD_SECRET_ERROR_EXPIRED);
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, n_requests);
  g_assert_cmpuint (fixture->n_changed, ==, 0);
}

/* A release answered 401: the keys are forgotten and the session asks to enter them again; the
 * keys entered again through the store (as the account editor saves them) are read, and the
 * session says what was stopped can go on. */
static void
test_unauthorized_release_then_save (Fixture       *fixture,
                                     gconstpointer  data)
{
  const char * const ids[] = { "7", NULL };
  const RdSecretChange changes[] = { { RD_SECRET_KIND_SECRET_KEY, OTHER_SK } };
  g_autoptr(RdClient) client = NULL;
  g_autoptr(RdClient) renewed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(RdPackageActionResult) outcome = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) headers = NULL;
  RdPackageOutcome *item;
  RdAccount *account;

  if (skipped ())
    return;

  rd_demo_service_add_access_key (fixture->service, TEST_AK, OTHER_SK);
  account = rd_test_add_account (fixture->store, "keys", rd_demo_service_get_url (fixture->service),
                                 RD_ACCOUNT_AUTH_ACCESS_KEY, TEST_AK);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_SECRET_KEY, TEST_SK);
  rd_session_set_account (fixture->session, account, NULL);
  client = dup_client (fixture, &error);
  g_assert_no_error (error);

  rd_test_push_status (fixture->service, 401, RD_TEST_EXPIRED_TOKEN_BODY, NULL);
  rd_client_release_packages_async (client, RD_DEMO_PROJECT_ID, NULL, ids, TRUE, NULL,
                                    rd_test_on_result, &result);
  WAIT_UNTIL (result != NULL);
  outcome = rd_client_release_packages_finish (client, result, &error);
  g_assert_no_error (error);
  item = rd_package_action_result_lookup (outcome, "7");
  g_assert_error (rd_package_outcome_get_error (item), RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED);

  g_assert_true (rd_session_report_unauthorized (fixture->session, client));
  g_assert_cmpint (rd_session_get_sign_in (fixture->session), ==, RD_SESSION_SIGN_IN_ENTER_AGAIN);
  /* Keys have no expiry to mark. */
  g_assert_null (rd_account_get_token_expiry (account));

  rd_account_store_save_account_async (fixture->store, account, changes, G_N_ELEMENTS (changes),
                                       NULL, rd_test_on_result, &saved);
  WAIT_UNTIL (saved != NULL);
  g_assert_true (rd_account_store_save_account_finish (fixture->store, saved, NULL));
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_true (fixture->last_was_signed_out);
  g_assert_false (rd_session_get_needs_sign_in (fixture->session));

  renewed = dup_client (fixture, &error);
  g_assert_no_error (error);
  g_assert_true (renewed != client);
  g_clear_object (&result);
  rd_client_release_packages_async (renewed, RD_DEMO_PROJECT_ID, NULL, ids, TRUE, NULL,
                                    rd_test_on_result, &result);
  WAIT_UNTIL (result != NULL);
  g_clear_object (&outcome);
  outcome = rd_client_release_packages_finish (renewed, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rd_package_outcome_get_outcome (rd_package_action_result_lookup (outcome, "7")),
                   ==, RD_OUTCOME_SUCCEEDED);
  headers = rd_demo_service_dup_last_headers (fixture->service);
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (headers, "authorization"),
                                   "SDK-HMAC-SHA256 Access=" TEST_AK ","));
}

/* A save through the store, as the account editor's, drops what was read: the keyring is read
 * again, even without a sign-in to renew. An IAM sign-in kept by the store counts the same. */
static void
test_store_save_drops_cache (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 20);
  g_autoptr(RdClient) before = NULL;
  g_autoptr(RdClient) after_save = NULL;
  g_autoptr(RdClient) after_sign_in = NULL;
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GAsyncResult) signed_in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sent_before = NULL;
  g_autofree char *sent_after = NULL;
  g_autofree char *sent_signed_in = NULL;
  RdAccount *account;
  RdAccount *other;

  if (skipped ())
    return;

  account = rd_test_add_account (fixture->store, "iam", rd_demo_service_get_url (fixture->service),
                                 RD_ACCOUNT_AUTH_IAM, NULL);
  other = rd_test_add_account (fixture->store, "other", rd_demo_service_get_url (fixture->service),
                               RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_account_set_token_expiry (account, later);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TOKEN_A);
  rd_session_set_account (fixture->session, account, NULL);
  before = dup_client (fixture, &error);
  g_assert_no_error (error);
  sent_before = dup_token_sent (fixture, before);
  g_assert_cmpstr (sent_before, ==, TOKEN_A);

  /* Changed behind the session's back: not seen until the account is saved. */
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TOKEN_B);
  g_assert_true (rd_session_get_client (fixture->session) == before);
  /* Another account's save is not this one's. */
  rd_account_store_save_account_async (fixture->store, other, NULL, 0, NULL, rd_test_on_result,
                                       &saved);
  WAIT_UNTIL (saved != NULL);
  g_assert_true (rd_account_store_save_account_finish (fixture->store, saved, NULL));
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  g_assert_true (rd_session_get_client (fixture->session) == before);
  g_clear_object (&saved);

  rd_account_store_save_account_async (fixture->store, account, NULL, 0, NULL, rd_test_on_result,
                                       &saved);
  WAIT_UNTIL (saved != NULL);
  g_assert_true (rd_account_store_save_account_finish (fixture->store, saved, NULL));
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_false (fixture->last_was_signed_out);
  g_assert_null (rd_session_get_client (fixture->session));
  after_save = dup_client (fixture, &error);
  g_assert_no_error (error);
  sent_after = dup_token_sent (fixture, after_save);
  g_assert_cmpstr (sent_after, ==, TOKEN_B);

  /* Signed out by a 401, then signed in again. */
  g_assert_true (rd_session_report_unauthorized (fixture->session, after_save));
  rd_account_store_save_sign_in_async (fixture->store, account, TOKEN_C, later, NULL,
                                       rd_test_on_result, &signed_in);
  WAIT_UNTIL (signed_in != NULL);
  g_assert_true (rd_account_store_save_sign_in_finish (fixture->store, signed_in, NULL));
  g_assert_cmpuint (fixture->n_changed, ==, 2);
  g_assert_true (fixture->last_was_signed_out);
  after_sign_in = dup_client (fixture, &error);
  g_assert_no_error (error);
  sent_signed_in = dup_token_sent (fixture, after_sign_in);
  g_assert_cmpstr (sent_signed_in, ==, TOKEN_C);
}

/* An account removed from the store leaves the session; one edited keeps its credentials but
 * gets a new client (its endpoint may have changed). */
static void
test_store_edit_and_remove (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RdClient) before = NULL;
  g_autoptr(RdClient) after = NULL;
  g_autoptr(GAsyncResult) removed = NULL;
  g_autoptr(GError) error = NULL;
  RdAccount *account;

  if (skipped ())
    return;

  account = rd_test_add_account (fixture->store, "prod", rd_demo_service_get_url (fixture->service),
                                 RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TOKEN_A);
  rd_session_set_account (fixture->session, account, NULL);
  before = dup_client (fixture, &error);
  g_assert_no_error (error);

  rd_test_clear_secrets (fixture->secrets, account);
  rd_account_set_project_id (account, "another-project");
  g_assert_null (rd_session_get_client (fixture->session));
  after = dup_client (fixture, &error);
  g_assert_no_error (error);
  g_assert_true (after != before);

  rd_account_store_remove_async (fixture->store, account, NULL, rd_test_on_result, &removed);
  WAIT_UNTIL (removed != NULL);
  g_assert_true (rd_account_store_remove_finish (fixture->store, removed, NULL));
  g_assert_null (rd_session_get_account (fixture->session));
  g_assert_null (rd_session_get_client (fixture->session));
}

/* No account: the environment's or the demo's client, which no sign-in can renew; an account
 * with neither region nor endpoint has no service. */
static void
test_without_account (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *env[] = { "RELEASE_DESK_TOKEN=" TOKEN_A, NULL };
  RdTargetOptions options = { .timeout = 7 };
  g_autoptr(RdTarget) target = NULL;
  g_autoptr(RdClient) client = NULL;
  g_autoptr(RdClient) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) listed = NULL;
  RdAccount *account;

  if (skipped ())
    return;

  g_assert_null (dup_client (fixture, &error));
  g_assert_error (error, RD_SESSION_ERROR, RD_SESSION_ERROR_NO_SERVICE);
  g_clear_error (&error);

  options.endpoint = rd_demo_service_get_url (fixture->service);
  target = rd_target_new (&options, NULL, env, RD_TARGET_FLAGS_NONE, &error);
  g_assert_no_error (error);

  g_assert_true (rd_session_set_target (fixture->session, target, &error));
  g_assert_no_error (error);
  client = dup_client (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_client_get_timeout (client), ==, 7);
  rd_test_push_status (fixture->service, 401, RD_TEST_EXPIRED_TOKEN_BODY, NULL);
  listed = list_queue (client);
  g_assert_error (listed, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED);
  g_assert_false (rd_session_report_unauthorized (fixture->session, client));
  g_assert_false (rd_session_get_needs_sign_in (fixture->session));
  g_assert_true (rd_session_get_client (fixture->session) == client);

  account
      = rd_test_add_account (fixture->store, "nowhere", rd_demo_service_get_url (fixture->service),
                             RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_account_set_endpoint (account, NULL);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TOKEN_A);
  rd_session_set_account (fixture->session, account, NULL);
  none = dup_client (fixture, &error);
  g_assert_null (none);
  g_assert_error (error, RD_SESSION_ERROR, RD_SESSION_ERROR_NO_SERVICE);
  g_assert_nonnull (strstr (error->message, "“nowhere”"));
  g_assert_false (rd_session_get_needs_sign_in (fixture->session));

  /* Back to the environment's client. */
  rd_session_set_account (fixture->session, NULL, NULL);
  g_assert_true (rd_session_get_client (fixture->session) == client);
}

/* Preferences → Request Timeout: the clients built and to be built use it, unless a timeout
 * was given (the command line's --timeout), which wins. */
static void
test_preferred_timeout (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *env[] = { "RELEASE_DESK_TOKEN=" TOKEN_A, NULL };
  RdTargetOptions options = { 0 };
  g_autoptr(RdTarget) target = NULL;
  g_autoptr(RdTarget) given = NULL;
  g_autoptr(RdClient) client = NULL;
  g_autoptr(RdClient) environment = NULL;
  g_autoptr(GError) error = NULL;
  RdAccount *account;

  if (skipped ())
    return;

  g_assert_cmpuint (rd_session_get_timeout (fixture->session), ==,
                    RD_CLIENT_DEFAULT_TIMEOUT_SECONDS);
  rd_session_set_preferred_timeout (fixture->session, 45);
  account
      = rd_test_add_account (fixture->store, "first", rd_demo_service_get_url (fixture->service),
                             RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TOKEN_A);
  rd_session_set_account (fixture->session, account, NULL);
  client = dup_client (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_client_get_timeout (client), ==, 45);
  /* Changed while the client is in use: its next call waits that long. */
  rd_session_set_preferred_timeout (fixture->session, 12);
  g_assert_cmpuint (rd_client_get_timeout (client), ==, 12);
  rd_session_set_account (fixture->session, NULL, NULL);

  /* The environment's client, no --timeout: the preference. */
  options.endpoint = rd_demo_service_get_url (fixture->service);
  target = rd_target_new (&options, NULL, env, RD_TARGET_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (rd_session_set_target (fixture->session, target, &error));
  environment = dup_client (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_client_get_timeout (environment), ==, 12);
  g_clear_object (&environment);

  /* --timeout=7 wins over the preference, before and after it changes. */
  options.timeout = 7;
  given = rd_target_new (&options, NULL, env, RD_TARGET_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (rd_session_set_target (fixture->session, given, &error));
  environment = dup_client (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_client_get_timeout (environment), ==, 7);
  rd_session_set_preferred_timeout (fixture->session, 50);
  g_assert_cmpuint (rd_client_get_timeout (environment), ==, 7);
  g_assert_cmpuint (rd_session_get_timeout (fixture->session), ==, 7);
}

/* The Factory V1 endpoint: the account's, read when its client is built (an edit counts);
 * --factory-endpoint over it; the environment's client takes --factory-endpoint too. */
static void
test_factory_endpoint (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *env[] = { "RELEASE_DESK_TOKEN=" TOKEN_A, NULL };
  const char *url;
  RdTargetOptions options = { 0 };
  g_autoptr(RdTarget) target = NULL;
  g_autoptr(RdClient) client = NULL;
  g_autoptr(GError) error = NULL;
  RdAccount *account;

  if (skipped ())
    return;

  url = rd_demo_service_get_url (fixture->service);
  account = rd_test_add_account (fixture->store, "prod", url, RD_ACCOUNT_AUTH_TOKEN, NULL);
  rd_test_store_secret (fixture->secrets, account, RD_SECRET_KIND_TOKEN, TOKEN_A);

  /* None: the endpoint's own (a custom endpoint is its own V1 endpoint). */
  rd_session_set_account (fixture->session, account, NULL);
  client = dup_client (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_client_get_factory_endpoint (client), ==, url);
  g_clear_object (&client);

  /* The account's, once saved (the save drops the client built before). */
  rd_account_set_factory_endpoint (account, "https://dayu-dlf.example.com");
  rd_session_forget_credentials (fixture->session, rd_account_get_id (account));
  client = dup_client (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_client_get_factory_endpoint (client), ==, "https://dayu-dlf.example.com");
  g_clear_object (&client);

  /* --factory-endpoint over the account's. */
  options.account = "prod";
  options.factory_endpoint = "https://factory.example.com/";
  target = rd_target_new (&options, fixture->store, NULL, RD_TARGET_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (rd_session_set_target (fixture->session, target, &error));
  client = dup_client (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_client_get_factory_endpoint (client), ==, "https://factory.example.com");
  g_clear_object (&client);
  g_clear_object (&target);

  /* The environment's client. */
  options.account = NULL;
  options.endpoint = url;
  target = rd_target_new (&options, NULL, env, RD_TARGET_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (rd_session_set_target (fixture->session, target, &error));
  client = dup_client (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_client_get_factory_endpoint (client), ==, "https://factory.example.com");
}

int
main (int argc, char *argv[])
{
  g_autofree char *keyring_dir = NULL;
  g_autofree char *keyring_path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* libsecret's file backend in a file of this run's own (tests/core/meson.build sets
   * SECRET_BACKEND=file), so that no keyring service is needed. */
  skip_reason = rd_test_dup_sandbox_without_bus ();
  if (skip_reason == NULL && g_strcmp0 (g_getenv ("SECRET_BACKEND"), "file") != 0)
    skip_reason = g_strdup ("Run with SECRET_BACKEND=file (meson test does)");
  /* Memcheck would report libsecret's own leak of every write (tests/README.md). */
  if (skip_reason == NULL && rd_test_under_valgrind ())
    skip_reason = g_strdup ("Skipped under valgrind: libsecret 0.20.5 leaks inside its own GIO "
                            "callbacks (tests/README.md)");
  keyring_dir = g_dir_make_tmp ("rd-test-session-keyring-XXXXXX", NULL);
  keyring_path = g_build_filename (keyring_dir, "keyring.file", NULL);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring_path, TRUE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/session/client/reads-secrets-once", test_reads_secrets_once);
  ADD ("/session/client/cancelled-caller-alone-gives-up", test_cancelled_caller_alone_gives_up);
  ADD ("/session/client/account-switch", test_account_switch);
  ADD ("/session/client/without-account", test_without_account);
  ADD ("/session/client/preferred-timeout", test_preferred_timeout);
  ADD ("/session/client/factory-endpoint", test_factory_endpoint);
  ADD ("/session/sign-in/unauthorized-queue-asks-to-sign-in",
       test_unauthorized_queue_asks_to_sign_in);
  ADD ("/session/sign-in/unauthorized-release-then-save", test_unauthorized_release_then_save);
  ADD ("/session/store/save-drops-cache", test_store_save_drops_cache);
  ADD ("/session/store/edit-and-remove", test_store_edit_and_remove);

  status = g_test_run ();

  rd_test_remove_tree (keyring_dir);
  g_clear_pointer (&skip_reason, g_free);
  return status;
}
