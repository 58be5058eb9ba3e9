/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-watcher.c: watching a release: polling the detail call until the package leaves "being
 * released". */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rd-client.h"
#include "rd-credentials.h"
#include "rd-demo-testing.h"
#include "rd-enums.h"
#include "rd-release-watcher.h"
#include "rd-test-util.h"

#define WAIT_SECONDS 20
#define PACKAGE_ID "512"

typedef struct
{
  RdDemoService    *service;
  RdClient         *client;
  RdReleaseWatcher *watcher;
  GPtrArray        *updates;      /* deploy_status of each "updated" */
  guint             n_finished;
  RdReleasePackage *final;
  GError           *error;
  int               finish_after; /* on this update, the package's release ends */
  int               final_status;
} Fixture;

/* A package with @n_tasks tasks, the package and every task in @status, except that
 * with status 3 (failed) only the last task failed. */
static char *
package_document (int    status,
                  guint  n_tasks)
{
  g_autofree char *json = rd_demo_generate_package_json (PACKAGE_ID, n_tasks, 7);
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  JsonObject *object = json_node_get_object (root);
  JsonArray *tasks = json_object_get_array_member (object, "task_details");

  json_object_set_int_member (json_object_get_object_member (object, "release_package"),
                              "deploy_status", status);
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);
      int task_status = status;

      if (status == RD_DEPLOY_STATUS_FAILED && i + 1 < json_array_get_length (tasks))
        task_status = RD_DEPLOY_STATUS_SUCCESSFUL;
      json_object_set_int_member (task, "deploy_status", task_status);
    }

  return json_to_string (root, FALSE);
}

static void
set_package (Fixture *fixture,
             int      status)
{
  g_autofree char *json = package_document (status, 13);

  rd_demo_service_add_package (fixture->service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID,
                               PACKAGE_ID, json);
}

static void
on_updated (RdReleaseWatcher *watcher,
            RdReleasePackage *package,
            Fixture          *fixture)
{
  g_ptr_array_add (fixture->updates,
                   GINT_TO_POINTER (rd_release_package_get_deploy_status (package)));
  if ((int) fixture->updates->len == fixture->finish_after)
    set_package (fixture, fixture->final_status);
}

static void
on_finished (RdReleaseWatcher *watcher,
             RdReleasePackage *package,
             const GError     *error,
             Fixture          *fixture)
{
  fixture->n_finished++;
  g_set_object (&fixture->final, package);
  if (error != NULL)
    fixture->error = g_error_copy (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->service = rd_test_start_demo_service ();
  fixture->client = rd_test_new_token_client (rd_demo_service_get_url (fixture->service),
                                              RD_DEMO_TOKEN);
  rd_client_set_retry_delay (fixture->client, 1);
  set_package (fixture, RD_DEPLOY_STATUS_BEING_RELEASED);

  fixture->watcher = rd_release_watcher_new (fixture->client, RD_DEMO_PROJECT_ID, NULL, PACKAGE_ID);
  rd_release_watcher_set_intervals (fixture->watcher, 5, 20);
  g_signal_connect (fixture->watcher, "updated", G_CALLBACK (on_updated), fixture);
  g_signal_connect (fixture->watcher, "finished", G_CALLBACK (on_finished), fixture);
  fixture->updates = g_ptr_array_new ();
  fixture->finish_after = -1;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->watcher);
  g_clear_object (&fixture->final);
  g_clear_error (&fixture->error);
  g_clear_pointer (&fixture->updates, g_ptr_array_unref);
  g_clear_object (&fixture->client);
  rd_test_stop_demo_service (&fixture->service);
}

static void
test_polls_until_successful (Fixture       *fixture,
                             gconstpointer  data)
{
  RdReleaseOutcome outcome;

  fixture->finish_after = 3;
  fixture->final_status = RD_DEPLOY_STATUS_SUCCESSFUL;
  rd_release_watcher_start (fixture->watcher);
  g_assert_true (rd_release_watcher_is_running (fixture->watcher));
  /* Nothing is sent at once: the release has only just been asked for. */
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 0);

  WAIT_UNTIL (fixture->n_finished > 0);
  g_assert_no_error (fixture->error);
  g_assert_cmpuint (fixture->updates->len, ==, 4);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (fixture->updates, i)), ==,
                     RD_DEPLOY_STATUS_BEING_RELEASED);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (fixture->updates, 3)), ==,
                   RD_DEPLOY_STATUS_SUCCESSFUL);
  g_assert_nonnull (fixture->final);
  g_assert_true (fixture->final == rd_release_watcher_get_package (fixture->watcher));
  g_assert_false (rd_release_watcher_is_running (fixture->watcher));
  g_assert_cmpuint (rd_release_watcher_get_n_polls (fixture->watcher), ==, 4);
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 4);
  g_assert_cmpstr (rd_demo_service_get_last_path (fixture->service), ==,
                   "/v2/" RD_DEMO_PROJECT_ID "/factory/release-packages/" PACKAGE_ID);

  rd_release_package_count_outcome (fixture->final, &outcome);
  g_assert_cmpuint (outcome.n_tasks, ==, 13);
  g_assert_cmpuint (outcome.n_succeeded, ==, 13);
  g_assert_cmpuint (outcome.n_failed, ==, 0);
  g_assert_cmpuint (outcome.n_other, ==, 0);

  /* Finished means finished: no more requests. */
  rd_test_run_for (60);
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 4);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
}

static void
test_polls_until_failed (Fixture       *fixture,
                         gconstpointer  data)
{
  RdReleaseOutcome outcome;

  fixture->finish_after = 1;
  fixture->final_status = RD_DEPLOY_STATUS_FAILED;
  rd_release_watcher_start (fixture->watcher);
  WAIT_UNTIL (fixture->n_finished > 0);

  g_assert_no_error (fixture->error);
  g_assert_cmpint (rd_release_package_get_deploy_status (fixture->final), ==,
                   RD_DEPLOY_STATUS_FAILED);
  rd_release_package_count_outcome (fixture->final, &outcome);
  g_assert_cmpuint (outcome.n_tasks, ==, 13);
  g_assert_cmpuint (outcome.n_succeeded, ==, 12);
  g_assert_cmpuint (outcome.n_failed, ==, 1);
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 2);
}

static void
test_stop_sends_nothing_more (Fixture       *fixture,
                              gconstpointer  data)
{
  guint sent;

  rd_release_watcher_start (fixture->watcher);
  WAIT_UNTIL (fixture->updates->len >= 2);
  rd_release_watcher_stop (fixture->watcher);
  g_assert_false (rd_release_watcher_is_running (fixture->watcher));
  sent = rd_demo_service_get_request_count (fixture->service);

  rd_test_run_for (100);
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, sent);
  g_assert_cmpuint (fixture->n_finished, ==, 0);
}

/* The window closing drops its watcher while a poll is in flight. */
static void
test_dispose_mid_poll_is_quiet (Fixture       *fixture,
                                gconstpointer  data)
{
  RdDemoFault fault = { .kind = RD_DEMO_FAULT_DELAY, .delay_ms = 200 };
  gpointer weak;

  rd_demo_service_push_fault (fixture->service, &fault);
  rd_release_watcher_start (fixture->watcher);
  WAIT_UNTIL (rd_release_watcher_get_n_polls (fixture->watcher) == 1);

  weak = fixture->watcher;
  g_object_add_weak_pointer (G_OBJECT (fixture->watcher), &weak);
  g_clear_object (&fixture->watcher);
  /* The poll in flight does not keep it alive, and its late answer is dropped. */
  g_assert_null (weak);
  rd_test_run_for (300);
  g_assert_cmpuint (fixture->updates->len, ==, 0);
  g_assert_cmpuint (fixture->n_finished, ==, 0);
}

static void
test_transient_failures_are_polled_through (Fixture       *fixture,
                                            gconstpointer  data)
{
  RdDemoFault fault = {
    .kind = RD_DEMO_FAULT_STATUS,
    .status = 503,
    .body = "{\"error_code\":\"APIG.0203\",\"error_msg\":\"Backend timeout\"}",
  };

  /* The client's own retries (3 tries) fail twice over, then the service answers. */
  for (guint i = 0; i < 6; i++)
    rd_demo_service_push_fault (fixture->service, &fault);
  fixture->finish_after = 1;
  fixture->final_status = RD_DEPLOY_STATUS_SUCCESSFUL;
  rd_release_watcher_start (fixture->watcher);
  WAIT_UNTIL (fixture->n_finished > 0);

  g_assert_no_error (fixture->error);
  g_assert_cmpuint (rd_release_watcher_get_n_polls (fixture->watcher), ==, 4);
  g_assert_cmpint (rd_release_package_get_deploy_status (fixture->final), ==,
                   RD_DEPLOY_STATUS_SUCCESSFUL);
}

static void
test_gives_up_after_repeated_failures (Fixture       *fixture,
                                       gconstpointer  data)
{
  RdDemoFault fault = {
    .kind = RD_DEMO_FAULT_STATUS,
    .status = 503,
    .body = "{\"error_code\":\"APIG.0203\",\"error_msg\":\"Backend timeout\"}",
  };

  for (guint i = 0; i < 3 * RD_RELEASE_WATCHER_MAX_FAILURES + 3; i++)
    rd_demo_service_push_fault (fixture->service, &fault);
  rd_release_watcher_start (fixture->watcher);
  WAIT_UNTIL (fixture->n_finished > 0);

  g_assert_error (fixture->error, RD_API_ERROR, RD_API_ERROR_SERVER);
  g_assert_null (fixture->final);
  g_assert_cmpuint (rd_release_watcher_get_n_polls (fixture->watcher), ==,
                    RD_RELEASE_WATCHER_MAX_FAILURES);
}

static void
test_final_error_stops_at_once (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(RdCredentials) credentials = rd_credentials_new_token ("not-a-token-the-demo-knows");
  g_autoptr(RdClient) client = NULL;
  g_autoptr(RdReleaseWatcher) watcher = NULL;
  g_autoptr(GError) error = NULL;

  /* An expired sign-in will not get better by asking again (nor may AK/SK be retried). */
  client = rd_client_new (rd_demo_service_get_url (fixture->service), credentials, &error);
  g_assert_no_error (error);
  watcher = rd_release_watcher_new (client, RD_DEMO_PROJECT_ID, NULL, PACKAGE_ID);
  rd_release_watcher_set_intervals (watcher, 5, 20);
  g_signal_connect (watcher, "finished", G_CALLBACK (on_finished), fixture);
  rd_release_watcher_start (watcher);
  WAIT_UNTIL (fixture->n_finished > 0);

  g_assert_error (fixture->error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (rd_release_watcher_get_n_polls (watcher), ==, 1);
  g_assert_cmpuint (rd_demo_service_get_request_count (fixture->service), ==, 1);
}

/* The service starts a release after answering the deploy call: the first answers may still
 * say "to be reviewed". That is asked about again, not taken as the end of the release. */
static void
test_not_started_yet_is_polled_again (Fixture       *fixture,
                                      gconstpointer  data)
{
  set_package (fixture, RD_DEPLOY_STATUS_TO_BE_REVIEWED);
  fixture->finish_after = 2;
  fixture->final_status = RD_DEPLOY_STATUS_SUCCESSFUL;
  rd_release_watcher_start (fixture->watcher);

  WAIT_UNTIL (fixture->n_finished > 0);
  g_assert_no_error (fixture->error);
  g_assert_cmpuint (fixture->updates->len, ==, 3);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (fixture->updates, 0)), ==,
                   RD_DEPLOY_STATUS_TO_BE_REVIEWED);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (fixture->updates, 1)), ==,
                   RD_DEPLOY_STATUS_TO_BE_REVIEWED);
  g_assert_cmpint (rd_release_package_get_deploy_status (fixture->final), ==,
                   RD_DEPLOY_STATUS_SUCCESSFUL);
}

/* A release that never starts (the service dropped it) ends after a few polls, with the
 * package as it is: still waiting for review. */
static void
test_never_started_ends (Fixture       *fixture,
                         gconstpointer  data)
{
  set_package (fixture, RD_DEPLOY_STATUS_TO_BE_REVIEWED);
  rd_release_watcher_start (fixture->watcher);

  WAIT_UNTIL (fixture->n_finished > 0);
  g_assert_no_error (fixture->error);
  g_assert_cmpuint (fixture->updates->len, ==, RD_RELEASE_WATCHER_MAX_NOT_STARTED);
  g_assert_cmpint (rd_release_package_get_deploy_status (fixture->final), ==,
                   RD_DEPLOY_STATUS_TO_BE_REVIEWED);
  rd_test_run_for (60);
  g_assert_cmpuint (rd_release_watcher_get_n_polls (fixture->watcher), ==,
                    RD_RELEASE_WATCHER_MAX_NOT_STARTED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/watcher/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("polls-until-successful", test_polls_until_successful);
  ADD ("polls-until-failed", test_polls_until_failed);
  ADD ("stop-sends-nothing-more", test_stop_sends_nothing_more);
  ADD ("dispose-mid-poll-is-quiet", test_dispose_mid_poll_is_quiet);
  ADD ("transient-failures-are-polled-through", test_transient_failures_are_polled_through);
  ADD ("gives-up-after-repeated-failures", test_gives_up_after_repeated_failures);
  ADD ("final-error-stops-at-once", test_final_error_stops_at_once);
  ADD ("not-started-yet-is-polled-again", test_not_started_yet_is_polled_again);
  ADD ("never-started-ends", test_never_started_ends);
#undef ADD

  return g_test_run ();
}
