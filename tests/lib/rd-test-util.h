/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-test-util.h: what the tests share without GTK (the rd_test_lib library): waiting on the
 * main context, the in-process demo service and clients of it, running release-desk, and the
 * GSettings schema compiled from data/. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rd-account-store.h"
#include "rd-client.h"
#include "rd-credentials.h"
#include "rd-demo-testing.h"
#include "rd-secret-store.h"
#include "valgrind-util.h"

G_BEGIN_DECLS

/* A timeout callback that only wakes the main context up (G_SOURCE_CONTINUE). */
gboolean rd_test_wake_up (gpointer user_data);

/* Iterates the main context until @cond holds; fails the test after @seconds. */
#define RD_TEST_WAIT_UNTIL(cond, seconds)                                           \
  G_STMT_START {                                                                    \
    gint64 deadline_ = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;        \
    guint tick_ = g_timeout_add (10, rd_test_wake_up, NULL);                        \
    while (!(cond))                                                                 \
      {                                                                             \
        if (g_get_monotonic_time () > deadline_)                                    \
          g_error ("Timed out waiting for %s", #cond);                              \
        g_main_context_iteration (NULL, TRUE);                                      \
      }                                                                             \
    g_source_remove (tick_);                                                        \
  } G_STMT_END

/* The same with the test file's own WAIT_SECONDS (a guard against a hang; a file that is run
 * under valgrind multiplies it by rd_test_slowdown ()). */
#define WAIT_UNTIL(cond) RD_TEST_WAIT_UNTIL (cond, WAIT_SECONDS)

/* Iterates the main context for @ms milliseconds. */
void rd_test_run_for (guint ms);

/* Stores a reference to the result in the GAsyncResult * that @user_data points to. */
void rd_test_on_result (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data);

/* A package lookup (rd_client_get_package_async) and what it came back with. */
typedef struct
{
  gboolean          done;
  guint             n_callbacks;
  guint             wait_seconds;  /* for a test's own wait; 0: the file's default */
  RdReleasePackage *package;
  GError           *error;
  RdErrorDetails   *details;
  gint64            started;       /* set by the test, if it needs it */
  gint64            finished;      /* monotonic time of the callback */
} RdTestLookup;

/* Frees what the lookup came back with, ready for another. */
void rd_test_lookup_clear (RdTestLookup *lookup);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdTestLookup, rd_test_lookup_clear)

/* The callback of rd_client_get_package_async with an RdTestLookup as @user_data: it fails
 * the test when it is called twice, when the answer is neither or both a package and an
 * error, or when a package comes with error details. */
void rd_test_on_lookup_done (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data);

/* A demo service started on loopback; the test fails when it cannot start. */
RdDemoService *rd_test_start_demo_service (void);

/* Stops the service at @service, if any, and drops it. */
void rd_test_stop_demo_service (RdDemoService **service);

/* A client of @endpoint; the test fails on an error. */
RdClient *rd_test_new_client (const char    *endpoint,
                              RdCredentials *credentials);

/* A client of @endpoint signed with @token. */
RdClient *rd_test_new_token_client (const char *endpoint,
                                    const char *token);

/* A client of @endpoint signed with the demo's access key ID and @secret_key, plus
 * @security_token (NULL: none) for temporary credentials. */
RdClient *rd_test_new_access_key_client (const char *endpoint,
                                         const char *secret_key,
                                         const char *security_token);

/* Drops the last reference at @client (if any) and waits (5 s at most) until nothing in
 * flight (a task, a source, a callback) keeps the client alive: the test fails if something
 * does. */
void rd_test_drop_client (RdClient **client);

/* Runs the main context until *@flag is TRUE; the test fails after @seconds. */
void rd_test_wait_for_flag (const gboolean *flag,
                            guint           seconds);

/* "127.0.0.1:PORT" of a URL "http://127.0.0.1:PORT". */
const char *rd_test_url_authority (const char *url);

/* The demo service's next answer: @status with @body (NULL: the service's own error body)
 * and a Retry-After of @retry_after (NULL: none). */
void rd_test_push_status (RdDemoService *service,
                          guint          status,
                          const char    *body,
                          const char    *retry_after);

/* What the service answers a token that has expired: 401, APIG.0301. */
#define RD_TEST_EXPIRED_TOKEN_BODY \
  "{\"error_code\":\"APIG.0301\",\"error_msg\":\"Incorrect IAM authentication information: " \
  "the token expires\"}"

/* The demo service's next answer: 200 with @body as @content_type. */
void rd_test_push_raw (RdDemoService *service,
                       const char    *body,
                       const char    *content_type);

/* The header @name of the last request the service saw, or NULL. */
char *rd_test_dup_last_header (RdDemoService *service,
                               const char    *name);

/* An account @name added to @store (the test fails if the store refuses it): of @endpoint, or
 * of region cn-north-4 when NULL; the demo's project; signing in with @auth, with the access key
 * ID @access_key (NULL: none). The store holds it: transfer none. */
RdAccount *rd_test_add_account (RdAccountStore *store,
                                const char     *name,
                                const char     *endpoint,
                                RdAccountAuth   auth,
                                const char     *access_key);

/* Stores @secret as @account's secret of @kind in @secrets, and waits; the test fails on an
 * error. */
void rd_test_store_secret (RdSecretStore *secrets,
                           RdAccount     *account,
                           RdSecretKind   kind,
                           const char    *secret);

/* Clears every secret of @account in @secrets, and waits; the test fails on an error. */
void rd_test_clear_secrets (RdSecretStore *secrets,
                            RdAccount     *account);

/* A server on a free loopback port that calls @handler for every path: over https with a
 * self-signed certificate when @tls (a client trusts it only when told), else plain http.
 * @url is set to its "http(s)://127.0.0.1:PORT", without a slash at the end. */
SoupServer *rd_test_serve_local (SoupServerCallback  handler,
                                 gpointer            user_data,
                                 gboolean            tls,
                                 char              **url);
/* Disconnects the server at @server, if any, and drops it. */
void        rd_test_server_stop (SoupServer **server);

/* Capturing the log, to check that no secret reaches it. rd_test_log_capture_install () sets the
 * process's log writer (call it first thing in main (), before anything logs). Between
 * rd_test_log_capture_start () and _stop () every record is kept, each field as "KEY=value" on
 * a line of its own (a secret in any field is a leak, not only in MESSAGE); debug records are
 * kept only, warnings and worse are shown too. Outside, records go to the default writer.
 * Thread-safe: libraries log from their workers. */
void     rd_test_log_capture_install  (void);
void     rd_test_log_capture_start    (void);
/* What was captured since _start (); capturing stops. */
char    *rd_test_log_capture_stop     (void);
/* Whether what was captured since _start () contains @needle. */
gboolean rd_test_log_captured_contains (const char *needle);
/* Adds @text (a child process's output, say) to what is captured. */
void     rd_test_log_capture_append   (const char *text);

/* Unsets the variables release-desk reads credentials from (HUAWEICLOUD_SDK_AK, _SK,
 * _SECURITY_TOKEN and RELEASE_DESK_TOKEN) in @launcher: a child gets only those a test gives. */
void rd_test_launcher_unset_credentials (GSubprocessLauncher *launcher);

/* Sets each KEY=VALUE of @env (NULL-terminated; NULL for none) in @launcher. */
void rd_test_launcher_set_env (GSubprocessLauncher *launcher,
                               const char * const  *env);

/* @program, then @first_arg and the rest of @ap up to NULL, NULL-terminated: for
 * g_subprocess_launcher_spawnv() or g_spawn_sync(). The array holds the strings, it does not
 * own them. */
GPtrArray *rd_test_argv_va (const char *program,
                            const char *first_arg,
                            va_list     ap);

/* The same for $RELEASE_DESK (the binary of this build; the test fails without it). */
GPtrArray *rd_test_release_desk_argv (const char *first_arg,
                                      va_list     ap);

/* What a run of release-desk left: its exit status and output ("" for none). */
typedef struct
{
  int   status;
  char *out;
  char *err;
} RdTestRun;

void rd_test_run_clear (RdTestRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdTestRun, rd_test_run_clear)

/* The root of the JSON document @text (@length bytes, -1: up to its NUL); the test fails when
 * it does not parse. */
JsonNode *rd_test_parse_json (const char *text,
                              gssize      length);

/* A script's document as the Factory V1 API serves it, for the demo service's
 * rd_demo_service_add_script_version (): {"type": @type, "content": @content}. */
char *rd_test_script_json (const char *type,
                           const char *content);

/* Runs @argv from @launcher while iterating the main context (so an in-process service can
 * answer it), for up to @wait_seconds; fails the test when it does not exit. @out and @err
 * (either may be NULL) get what it wrote, "" for nothing. Returns its exit status. */
int rd_test_communicate (GSubprocessLauncher *launcher,
                         GPtrArray           *argv,
                         guint                wait_seconds,
                         char               **out,
                         char               **err);

/* A hand edit of the accounts file at @path that holds an account "staging": its line
 * "name=staging" loses its "=". Returns the file's new text; @line (may be NULL) gets the
 * broken line's number, from 1. */
char *rd_test_break_accounts_line (const char *path,
                                   guint      *line);

/* glib-compile-schemas on the configured schema in the build tree (data/), into a new
 * temporary folder, so the tests need nothing installed; returns the folder (in a
 * g_test_trap_subprocess () child: the parent's, from GSETTINGS_SCHEMA_DIR). */
char *rd_test_compile_schema (void);

/* The application's settings from the schema compiled in @schema_dir, kept in memory: a
 * window given them starts as on a new user's desktop (the schema's defaults). */
GSettings *rd_test_new_memory_settings (const char *schema_dir);

/* Removes what rd_test_compile_schema() made (nothing in a g_test_trap_subprocess () child,
 * which was given its parent's folder). */
void rd_test_remove_schema_dir (const char *dir);

/* Removes @path and, when it is a folder, everything under it (symbolic links are not
 * followed). */
void rd_test_remove_tree (const char *path);

/* Whether the file at @path holds the bytes of @needle; the test fails if it cannot be read. */
gboolean rd_test_file_contains (const char *path,
                                const char *needle);

/* Searches every file under the folder @path for each of @secrets (NULL-terminated), failing
 * the test on the first found, then removes the folder. A missing folder is fine. */
void rd_test_scrub_dir (const char         *path,
                        const char * const *secrets);

/* That the folder @dir holds nothing but the file @path (no temporary file left behind) and that
 * it holds @contents. */
void rd_test_assert_only_file (const char *dir,
                               const char *path,
                               const char *contents);

/* How many entries the folder @path holds; the test fails if it cannot be read. */
guint rd_test_count_dir_entries (const char *path);

G_END_DECLS
