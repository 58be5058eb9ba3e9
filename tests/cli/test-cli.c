/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: release-desk's command line, run as a process: exit statuses, messages and
 * exports. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <json-glib/json-glib.h>
#include <pwd.h>
#include <signal.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rd-demo-testing.h"
#include "rd-test-util.h"

/* A launcher for release-desk: no display and no credentials unless a test
 * gives them. @env_extra is NULL-terminated KEY=VALUE. */
static GSubprocessLauncher *
new_launcher (const char **env_extra)
{
  GSubprocessLauncher *launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  rd_test_launcher_unset_credentials (launcher);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "no_proxy", "127.0.0.1,localhost", TRUE);
  rd_test_launcher_set_env (launcher, env_extra);

  return launcher;
}

/* Runs release-desk from @launcher while iterating the main context, so an
 * in-process server can answer it. */
static void
run_launcher_va (RdTestRun           *run,
                 GSubprocessLauncher *launcher,
                 const char          *first_arg,
                 va_list              ap)
{
  g_autoptr(GPtrArray) args = rd_test_release_desk_argv (first_arg, ap);

  run->status = rd_test_communicate (launcher, args, 60, &run->out, &run->err);
}

static void
run_launcher (RdTestRun           *run,
              GSubprocessLauncher *launcher,
              const char          *first_arg,
              ...)
{
  va_list ap;

  va_start (ap, first_arg);
  run_launcher_va (run, launcher, first_arg, ap);
  va_end (ap);
}

static void
run_release_desk (RdTestRun    *run,
                  const char  **env_extra,
                  const char   *first_arg,
                  ...)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (env_extra);
  va_list ap;

  va_start (ap, first_arg);
  run_launcher_va (run, launcher, first_arg, ap);
  va_end (ap);
}

static JsonNode *
load_seed_example (void)
{
  g_autofree char *path =
      g_test_build_filename (G_TEST_DIST, "fixtures", "seed-package-4.json", NULL);
  g_autofree char *text = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  return rd_test_parse_json (text, length);
}

static char *
first_line (const char *text)
{
  const char *nl = strchr (text, '\n');

  return nl ? g_strndup (text, nl - text) : g_strdup (text);
}

/* With G_MESSAGES_DEBUG=all, debug lines come first: find our own. */
static char *
message_line (const char *text)
{
  const char *start = strstr (text, "release-desk: ");

  g_assert_nonnull (start);
  return first_line (start);
}

static void
test_demo_export_stdout_equals_example (void)
{
  g_auto(RdTestRun) run = { 0 };
  g_autoptr(JsonNode) expected = load_seed_example ();
  g_autoptr(JsonNode) got = NULL;

  run_release_desk (&run, NULL, "--demo", "--export=-", "4", NULL);

  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  got = rd_test_parse_json (run.out, -1);
  g_assert_true (json_node_equal (expected, got));
}

static void
test_demo_export_file (void)
{
  g_auto(RdTestRun) run = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("rd-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "package 4.json", NULL);
  g_autofree char *arg = g_strconcat ("--export=", path, NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) expected = load_seed_example ();
  g_autoptr(JsonNode) got = NULL;
  gsize length;

  run_release_desk (&run, NULL, "--demo", arg, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  got = rd_test_parse_json (text, length);
  g_assert_true (json_node_equal (expected, got));

  g_remove (path);
  g_rmdir (dir);
}

static void
test_demo_failure_prints_details (void)
{
  g_auto(RdTestRun) run = { 0 };
  g_autofree char *line = NULL;

  run_release_desk (&run, NULL, "--demo", "--export=-", "13", NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  line = first_line (run.err);
  g_assert_true (g_str_has_prefix (line, "release-desk: "));
  g_assert_nonnull (strstr (run.err, "HTTP status: 403"));
  g_assert_nonnull (strstr (run.err, "Error code: DLF.6888"));
  g_assert_nonnull (strstr (run.err, "Request ID: "));
}

static void
test_demo_not_found (void)
{
  g_auto(RdTestRun) run = { 0 };
  g_autofree char *line = NULL;

  run_release_desk (&run, NULL, "--demo", "--export=-", "999", NULL);

  g_assert_cmpint (run.status, ==, 1);
  line = first_line (run.err);
  g_assert_nonnull (strstr (line, "999"));
  g_assert_nonnull (strstr (line, "not found"));
  g_assert_nonnull (strstr (run.err, "Error code: DLF.0810"));
}

static void
test_usage_errors (void)
{
  static const struct {
    const char *args[5];
    const char *message;
  } cases[] = {
    { { "--export=-", "--region=cn-north-4", "12" },
      "release-desk: No project ID: give --project-id=ID" },
    { { "--export=-", "--region=cn-north-4", "--project-id=abc" },
      "release-desk: No package ID: give it after the options" },
    { { "--export=-", "--project-id=abc", "12" },
      "release-desk: No service: give --region=REGION or --endpoint=URL, or use --demo" },
    { { "--export=-", "--project-id=a b", "--region=cn-north-4", "12" },
      "release-desk: Project ID must not contain spaces or line breaks" },
    { { "--export=-", "--project-id=abc", "--endpoint=ftp://x", "12" },
      "release-desk: The endpoint must start with https:// (it starts with ftp:)" },
    { { "--export=-", "--project-id=abc", "--region=mars-1", "12" },
      "release-desk: “mars-1” is not a region that offers DataArts Studio; give the endpoint URL "
      "instead" },
    { { "--export=-", "--region=cn-north-4", "--endpoint=https://x" },
      "release-desk: Give either --region or --endpoint, not both" },
    { { "--export=-", "--demo", "--timeout=0" },
      "release-desk: --timeout must be between 1 and 600 seconds" },
    { { "--export=-", "--demo", "--region=cn-north-4" },
      "release-desk: --demo uses the built-in demo service: leave out --region and --endpoint" },
    { { "--export=-", "--demo", "--timeout=soon" },
      "release-desk: --timeout must be between 1 and 600 seconds" },
    { { "--export=", "--demo" },
      "release-desk: --export needs a file name, or “-” for standard output" },
    { { "--export=-", "--demo", "--account=prod" },
      "release-desk: Give either --demo or --account, not both" },
    { { "--export=-", "--demo", ".." }, "release-desk: “..” is not a valid package ID" },
    { { "--export=-", "--demo", "." }, "release-desk: “.” is not a valid package ID" },
    { { "--export=-", "--demo", "1" }, "release-desk: Give one package ID at a time" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(RdTestRun) run = { 0 };
      g_autofree char *line = NULL;

      /* The last case passes two package IDs. */
      if (i == G_N_ELEMENTS (cases) - 1)
        run_release_desk (&run, NULL, cases[i].args[0], cases[i].args[1], cases[i].args[2], "2",
                          NULL);
      else
        run_release_desk (&run, NULL, cases[i].args[0], cases[i].args[1], cases[i].args[2],
                          cases[i].args[3], NULL);

      line = first_line (run.err);
      g_test_message ("case %u: %s", i, line);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (line, ==, cases[i].message);
      g_assert_cmpstr (run.out, ==, "");
    }
}

static void
test_no_credentials (void)
{
  g_auto(RdTestRun) run = { 0 };

  run_release_desk (&run, NULL, "--export=-", "--region=cn-north-4", "--project-id=abc", "12",
                    NULL);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (
      g_str_has_prefix (run.err, "release-desk: No credentials: set HUAWEICLOUD_SDK_AK"));
}

static void
test_help_lists_options (void)
{
  g_auto(RdTestRun) run = { 0 };

  run_release_desk (&run, NULL, "--help", NULL);

  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < 8; i++)
    {
      const char *option = (const char *[]) { "--demo", "--region=REGION", "--endpoint=URL",
                                              "--project-id=ID", "--workspace=ID",
                                              "--timeout=SECONDS", "--export=FILE",
                                              "--account=NAME" }[i];
      g_assert_nonnull (strstr (run.out, option));
    }
  g_assert_nonnull (strstr (run.out, "HUAWEICLOUD_SDK_AK"));
}

static void
test_loopback_token (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autofree char *endpoint = g_strconcat ("--endpoint=", rd_demo_service_get_url (service), NULL);
  const char *env[] = { "RELEASE_DESK_TOKEN=" RD_DEMO_TOKEN, NULL };
  g_auto(RdTestRun) run = { 0 };
  g_autoptr(JsonNode) expected = load_seed_example ();
  g_autoptr(JsonNode) got = NULL;

  run_release_desk (&run, env, endpoint, "--project-id=" RD_DEMO_PROJECT_ID, "--export=-", "4",
                    NULL);

  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  got = rd_test_parse_json (run.out, -1);
  g_assert_true (json_node_equal (expected, got));
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);
}

static void
test_loopback_access_key_with_workspace (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autofree char *endpoint = g_strconcat ("--endpoint=", rd_demo_service_get_url (service), NULL);
  const char *env[] = { "HUAWEICLOUD_SDK_AK=" RD_DEMO_ACCESS_KEY,
                        "HUAWEICLOUD_SDK_SK=" RD_DEMO_SECRET_KEY,
                        "G_MESSAGES_DEBUG=all",
                        NULL };
  g_auto(RdTestRun) run = { 0 };
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(GHashTable) headers = NULL;
  JsonObject *package;

  run_release_desk (&run, env, endpoint, "--project-id=" RD_DEMO_PROJECT_ID,
                    "--workspace=" RD_DEMO_OTHER_WORKSPACE, "--export=-", "8", NULL);

  g_assert_cmpint (run.status, ==, 0);
  got = rd_test_parse_json (run.out, -1);
  package = json_object_get_object_member (json_node_get_object (got), "release_package");
  g_assert_cmpstr (json_object_get_string_member (package, "package_id"), ==, "8");
  g_assert_cmpstr (json_object_get_string_member (package, "workspace_id"), ==,
                   RD_DEMO_OTHER_WORKSPACE);

  headers = rd_demo_service_dup_last_headers (service);
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (headers, "authorization"),
                                   "SDK-HMAC-SHA256 Access=" RD_DEMO_ACCESS_KEY ","));
  g_assert_cmpstr (g_hash_table_lookup (headers, "workspace"), ==, RD_DEMO_OTHER_WORKSPACE);

  /* Debug logging is on, and still no secret is printed. */
  g_assert_null (strstr (run.err, RD_DEMO_SECRET_KEY));
  g_assert_null (strstr (run.out, RD_DEMO_SECRET_KEY));
}

static void
test_loopback_wrong_secret_writes_nothing (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autofree char *endpoint = g_strconcat ("--endpoint=", rd_demo_service_get_url (service), NULL);
  const char *env[] = { "HUAWEICLOUD_SDK_AK=" RD_DEMO_ACCESS_KEY,
                        "HUAWEICLOUD_SDK_SK=not-the-secret-key-0123456789",
                        "G_MESSAGES_DEBUG=all",
                        NULL };
  g_autofree char *dir = g_dir_make_tmp ("rd-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "package.json", NULL);
  g_autofree char *arg = g_strconcat ("--export=", path, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *line = NULL;
  g_auto(RdTestRun) run = { 0 };

  g_assert_true (g_file_set_contents (path, "old export\n", -1, NULL));

  run_release_desk (&run, env, endpoint, "--project-id=" RD_DEMO_PROJECT_ID, arg, "4", NULL);

  g_assert_cmpint (run.status, ==, 1);
  line = message_line (run.err);
  g_assert_cmpstr (line, ==, "release-desk: The access key or secret key was rejected");
  g_assert_nonnull (strstr (run.err, "HTTP status: 401"));
  g_assert_nonnull (strstr (run.err, "Error code: APIG.0301"));
  g_assert_null (strstr (run.err, "not-the-secret-key"));
  /* Exactly one request: a 401 is never retried. */
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old export\n");

  g_remove (path);
  g_rmdir (dir);
}

static void
test_loopback_bad_token (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autofree char *endpoint = g_strconcat ("--endpoint=", rd_demo_service_get_url (service), NULL);
  const char *env[] = { "RELEASE_DESK_TOKEN=expired-token-abcdef", NULL };
  g_autofree char *line = NULL;
  g_auto(RdTestRun) run = { 0 };

  run_release_desk (&run, env, endpoint, "--project-id=" RD_DEMO_PROJECT_ID, "--export=-", "4",
                    NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  line = first_line (run.err);
  g_assert_cmpstr (line, ==, "release-desk: The token has expired or is invalid");
  g_assert_null (strstr (run.err, "expired-token-abcdef"));
}

static void
test_loopback_timeout (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autofree char *endpoint = g_strconcat ("--endpoint=", rd_demo_service_get_url (service), NULL);
  const char *env[] = { "RELEASE_DESK_TOKEN=" RD_DEMO_TOKEN, NULL };
  RdDemoFault fault = { .kind = RD_DEMO_FAULT_DELAY, .delay_ms = 5000 };
  g_autofree char *line = NULL;
  g_auto(RdTestRun) run = { 0 };

  rd_demo_service_push_fault (service, &fault);
  run_release_desk (&run, env, endpoint, "--project-id=" RD_DEMO_PROJECT_ID,
                    "--timeout=1", "--export=-", "4", NULL);

  g_assert_cmpint (run.status, ==, 1);
  line = first_line (run.err);
  g_assert_cmpstr (line, ==, "release-desk: The service did not answer within 1 second");
}

static void
test_credentials_refused_over_plain_http (void)
{
  const char *env[] = { "RELEASE_DESK_TOKEN=some-token", NULL };
  g_auto(RdTestRun) run = { 0 };

  /* .invalid never resolves: the refusal must come before any network use. */
  run_release_desk (&run, env, "--endpoint=http://dayu.example.invalid",
                    "--project-id=abc", "--export=-", "4", NULL);

  /* A usage error: the endpoint given is at fault, and nothing was sent. */
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_prefix (run.err, "release-desk: "));
  g_assert_nonnull (strstr (run.err, "unencrypted connection"));
  g_assert_nonnull (strstr (run.err, "release-desk --help"));
  g_assert_null (strstr (run.err, "some-token"));
}

static void
test_help_names_package_id_once (void)
{
  g_auto(RdTestRun) run = { 0 };
  g_autofree char *usage = NULL;

  run_release_desk (&run, NULL, "--help", NULL);

  g_assert_cmpint (run.status, ==, 0);
  usage = first_line (strstr (run.out, "  release-desk "));
  g_assert_cmpstr (usage, ==, "  release-desk [OPTION…] [PACKAGE_ID]");
}

/* The longest name a folder takes (255 bytes on most file systems) less a
 * few: the temporary file beside it must not need a longer one. */
static void
test_export_long_file_name (void)
{
  g_auto(RdTestRun) run = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("rd-cli-XXXXXX", NULL);
  g_autofree char *base = g_strnfill (250, 'a');
  g_autofree char *path = NULL;
  g_autofree char *arg = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) expected = load_seed_example ();
  g_autoptr(JsonNode) got = NULL;
  gsize length;

  memcpy (base + 245, ".json", 5);
  path = g_build_filename (dir, base, NULL);
  arg = g_strconcat ("--export=", path, NULL);

  run_release_desk (&run, NULL, "--demo", arg, NULL);

  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  got = rd_test_parse_json (text, length);
  g_assert_true (json_node_equal (expected, got));

  g_remove (path);
  g_rmdir (dir);
}

typedef struct
{
  uid_t uid;
  gid_t gid;
} Identity;

static void
become (gpointer user_data)
{
  Identity *identity = user_data;

  if (setgroups (0, NULL) != 0 || setgid (identity->gid) != 0 || setuid (identity->uid) != 0)
    _exit (125);
}

/* As a user would run it: as root, a mistake could replace /dev/stdout
 * itself, so root's run drops to "nobody". Standard output is a pipe. */
static void
test_export_dev_stdout_is_a_stream (void)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (NULL);
  g_autoptr(JsonNode) expected = load_seed_example ();
  g_autoptr(JsonNode) got = NULL;
  g_auto(RdTestRun) run = { 0 };
  Identity nobody;
  GStatBuf st;

  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("nobody");

      if (pw == NULL)
        {
          g_test_skip ("Running as root without a “nobody” user to drop to");
          return;
        }
      nobody.uid = pw->pw_uid;
      nobody.gid = pw->pw_gid;
      g_subprocess_launcher_set_child_setup (launcher, become, &nobody, NULL);
    }

  run_launcher (&run, launcher, "--demo", "--export=/dev/stdout", NULL);

  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  got = rd_test_parse_json (run.out, -1);
  g_assert_true (json_node_equal (expected, got));
  g_assert_cmpint (g_lstat ("/dev/stdout", &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
}

typedef struct
{
  GString *text;
  gboolean closed;
  guint    watch;
} Reader;

/* Reads what is there; FALSE at the end of the stream. */
static gboolean
read_some (Reader *reader,
           int     fd)
{
  char buffer[65536];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n > 0)
    g_string_append_len (reader->text, buffer, n);
  else if (n == 0 || (errno != EAGAIN && errno != EINTR))
    reader->closed = TRUE;

  return !reader->closed;
}

static gboolean
on_readable (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  Reader *reader = user_data;

  if (read_some (reader, fd))
    return G_SOURCE_CONTINUE;

  reader->watch = 0;
  return G_SOURCE_REMOVE;
}

/* `--export=>(jq .)`: the shell passes a pipe as /dev/fd/N. Package 100 is
 * bigger than a pipe holds, so the writer waits for the reader. */
static void
test_export_passed_descriptor_is_a_stream (void)
{
  static const char * const paths[] = { "--export=/dev/fd/5", "--export=/proc/self/fd/5" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = new_launcher (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) got = NULL;
      g_auto(RdTestRun) run = { 0 };
      Reader reader = { g_string_new (NULL), FALSE, 0 };
      int fds[2];

      g_test_message ("%s", paths[i]);
      g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
      g_assert_no_error (error);
      g_assert_true (g_unix_set_fd_nonblocking (fds[0], TRUE, &error));
      reader.watch = g_unix_fd_add (fds[0], G_IO_IN | G_IO_HUP, on_readable, &reader);
      g_subprocess_launcher_take_fd (launcher, fds[1], 5);

      run_launcher (&run, launcher, "--demo", paths[i], "100", NULL);
      /* Our copy of the write end went with the launcher. */
      g_clear_object (&launcher);
      while (!reader.closed)
        g_main_context_iteration (NULL, TRUE);

      g_assert_cmpstr (run.err, ==, "");
      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpuint (reader.text->len, >, 65536);
      got = rd_test_parse_json (reader.text->str, reader.text->len);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (got));
      g_assert_true (json_object_has_member (json_node_get_object (got), "task_details"));

      g_clear_handle_id (&reader.watch, g_source_remove);
      g_close (fds[0], NULL);
      g_string_free (reader.text, TRUE);
    }
}

/* A FIFO stays a FIFO, and what comes out of it is the export. */
static void
test_export_fifo_is_a_stream (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rd-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "fifo", NULL);
  g_autofree char *arg = g_strconcat ("--export=", path, NULL);
  g_autoptr(JsonNode) got = NULL;
  g_auto(RdTestRun) run = { 0 };
  Reader reader = { g_string_new (NULL), FALSE, 0 };
  GStatBuf st;
  int fd;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  reader.watch = g_unix_fd_add (fd, G_IO_IN | G_IO_HUP, on_readable, &reader);

  run_release_desk (&run, NULL, "--demo", arg, "100", NULL);
  /* Whatever the writer left in the FIFO. */
  g_clear_handle_id (&reader.watch, g_source_remove);
  while (read_some (&reader, fd))
    ;

  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  got = rd_test_parse_json (reader.text->str, reader.text->len);
  g_assert_true (json_object_has_member (json_node_get_object (got), "task_details"));

  g_close (fd, NULL);
  g_string_free (reader.text, TRUE);
  g_remove (path);
  g_rmdir (dir);
}

typedef struct
{
  GPid     pid;
  int      inotify_fd;
  gboolean stopped;
} Stopper;

/* The first file made beside the export is the temporary one: stop the
 * writer right there, with the write under way. */
static gboolean
on_created (int          fd,
            GIOCondition condition,
            gpointer     user_data)
{
  Stopper *stopper = user_data;
  char buffer[4096] __attribute__ ((aligned (__alignof__ (struct inotify_event))));
  gssize n = read (fd, buffer, sizeof buffer);

  for (char *p = buffer; n > 0 && p < buffer + n;)
    {
      const struct inotify_event *event = (const struct inotify_event *) p;

      if (event->len > 0 && !g_str_equal (event->name, "package.json"))
        {
          kill (stopper->pid, SIGSTOP);
          stopper->stopped = TRUE;
          return G_SOURCE_REMOVE;
        }
      p += sizeof *event + event->len;
    }

  return G_SOURCE_CONTINUE;
}

static void
exited (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* SIGINT, SIGTERM or SIGHUP while a 10,000-task export (about 15 MB) is
 * being written over an old one: exit 1, the old file as it was, and no
 * temporary file. The writer is stopped as soon as its temporary file
 * appears, signalled, then let go. */
static void
test_signal_during_write (gconstpointer data)
{
  int signum = GPOINTER_TO_INT (data);
  g_autoptr(RdDemoService) service = NULL;
  g_autofree char *json = rd_demo_generate_package_json ("90000", 10000, 0x2545F491);
  g_autofree char *endpoint = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "package.json", NULL);
  g_autofree char *arg = g_strconcat ("--export=", path, NULL);
  const char *env[] = { "RELEASE_DESK_TOKEN=" RD_DEMO_TOKEN, NULL };
  gboolean caught = FALSE;

  service = rd_demo_service_new ();
  g_assert_true (rd_demo_service_start (service, NULL));
  rd_demo_service_add_package (service, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, "90000", json);
  endpoint = g_strconcat ("--endpoint=", rd_demo_service_get_url (service), NULL);

  /* The write takes tens of milliseconds: a try that misses it (the export
   * done before the writer stopped) is run again. */
  for (guint attempt = 0; attempt < 10 && !caught; attempt++)
    {
      g_autoptr(GSubprocessLauncher) launcher = new_launcher (env);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GDir) listing = NULL;
      Stopper stopper = { 0, -1, FALSE };
      gboolean done = FALSE;
      guint watch;
      guint entries = 0;

      g_assert_true (g_file_set_contents (path, "old export\n", -1, NULL));
      stopper.inotify_fd = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
      g_assert_cmpint (stopper.inotify_fd, >=, 0);
      g_assert_cmpint (inotify_add_watch (stopper.inotify_fd, dir, IN_CREATE | IN_MOVED_TO), >=, 0);
      watch = g_unix_fd_add (stopper.inotify_fd, G_IO_IN, on_created, &stopper);

      g_ptr_array_add (args, (gpointer) g_getenv ("RELEASE_DESK"));
      g_ptr_array_add (args, endpoint);
      g_ptr_array_add (args, (gpointer) "--project-id=" RD_DEMO_PROJECT_ID);
      g_ptr_array_add (args, arg);
      g_ptr_array_add (args, (gpointer) "90000");
      g_ptr_array_add (args, NULL);
      process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
      g_assert_no_error (error);
      stopper.pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);
      g_subprocess_wait_async (process, NULL, exited, &done);

      while (!stopper.stopped && !done)
        g_main_context_iteration (NULL, TRUE);
      if (!stopper.stopped)
        g_source_remove (watch);

      if (stopper.stopped)
        {
          /* Still writing (its temporary file is there), or already done? */
          listing = g_dir_open (dir, 0, NULL);
          while (g_dir_read_name (listing) != NULL)
            entries++;
          caught = entries == 2;
          if (caught)
            kill (stopper.pid, signum);
          kill (stopper.pid, SIGCONT);
        }

      while (!done)
        g_main_context_iteration (NULL, TRUE);
      g_close (stopper.inotify_fd, NULL);

      g_test_message ("attempt %u: %s", attempt, caught ? "signalled during the write" : "missed");
      if (!caught)
        {
          g_assert_true (g_subprocess_get_if_exited (process));
          g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
          continue;
        }

      /* Ended by itself, not killed by the signal. */
      g_assert_false (g_subprocess_get_if_signaled (process));
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);

      /* The old export, and nothing beside it. */
      g_clear_pointer (&listing, g_dir_close);
      listing = g_dir_open (dir, 0, NULL);
      entries = 0;
      while (g_dir_read_name (listing) != NULL)
        entries++;
      g_assert_cmpuint (entries, ==, 1);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "old export\n");
    }

  if (!caught)
    g_test_skip ("The export was done each time before it could be stopped");

  g_remove (path);
  g_rmdir (dir);
}

/* {{{ What the server or a file sends reaches the terminal as text */

/* What a hostile server puts in X-Request-Id: set the window title, clear the
 * screen, and print a fake success in red. */
#define HOSTILE_TEXT "\x1b]0;TITLE\a\x1b[2J\x1b[31mFAKE: all good"
#define HOSTILE_SHOWN "\\x1b]0;TITLE\\x07\\x1b[2J\\x1b[31mFAKE: all good"

/* No byte that a terminal acts on: only text and the line ends we print. */
static void
assert_no_terminal_controls (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '\n' && (g_unichar_iscntrl (c) || c == 0x202E))
        g_error ("U+%04X reached the terminal in: %s", c, text);
    }
}

static void
on_hostile_request (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  /* A service message with a right-to-left override and Chinese. */
  static const char body[] =
    "{\"error_code\":\"DLF.6888\",\"error_msg\":\"权限不足 \xe2\x80\xae" "doog lla\"}";

  soup_message_headers_append (soup_server_message_get_response_headers (msg),
                               "X-Request-Id", HOSTILE_TEXT);
  soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

static void
test_terminal_request_id_escaped (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *url = NULL;
  g_autofree char *endpoint = NULL;
  const char *env[] = { "RELEASE_DESK_TOKEN=" RD_DEMO_TOKEN, NULL };
  g_auto(RdTestRun) run = { 0 };

  soup_server_add_handler (server, NULL, on_hostile_request, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  endpoint = g_strconcat ("--endpoint=", url, NULL);

  run_release_desk (&run, env, endpoint, "--project-id=" RD_DEMO_PROJECT_ID, "--export=-", "4",
                    NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_null (strstr (run.err, HOSTILE_TEXT));
  assert_no_terminal_controls (run.err);
  g_assert_nonnull (strstr (run.err, "\n  Request ID: " HOSTILE_SHOWN "\n"));
  /* The service's words are kept, Chinese included; the override is shown. */
  g_assert_nonnull (strstr (run.err, "权限不足 \\u202edoog lla"));
}

static void
test_terminal_endpoint_escaped (void)
{
  const char *env[] = { "RELEASE_DESK_TOKEN=some-token", NULL };
  g_auto(RdTestRun) run = { 0 };

  run_release_desk (&run, env, "--endpoint=https://dayu\r" HOSTILE_TEXT ".example.com",
                    "--project-id=abc", "--export=-", "4", NULL);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  assert_no_terminal_controls (run.err);
  g_assert_nonnull (strstr (run.err, "https://dayu\\r" HOSTILE_SHOWN ".example.com"));
}

static void
test_terminal_accounts_file_escaped (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rd-cli-XXXXXX", NULL);
  g_autofree char *folder = g_build_filename (dir, "release-desk", NULL);
  g_autofree char *path = g_build_filename (folder, "accounts.ini", NULL);
  g_autofree char *config = g_strconcat ("XDG_CONFIG_HOME=", dir, NULL);
  const char *env[] = { config, NULL };
  g_auto(RdTestRun) run = { 0 };

  /* GKeyFile quotes the line it cannot read in its message. */
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents_full (path, "[account prod]\n" HOSTILE_TEXT "\n", -1,
                                           G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));

  run_release_desk (&run, env, "--account=prod", "--export=-", "4", NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  assert_no_terminal_controls (run.err);
  g_assert_nonnull (strstr (run.err, HOSTILE_SHOWN));

  g_remove (path);
  g_rmdir (folder);
  g_rmdir (dir);
}

/* }}} */

/* Issue 15, item 9: a credential variable with a line break, a control character or only
 * white space is refused before any request, with exit 2 and a message that names the
 * variable and never shows the value. Without the check, libsoup's critical (fatal here:
 * G_DEBUG=fatal-criticals) dumped core holding the token, and a blank value went out as
 * "Access=" or an empty X-Auth-Token. */
static void
test_malformed_environment_credentials (void)
{
  static const struct {
    const char *name;
    const char *value;
  } cases[] = {
    { "RELEASE_DESK_TOKEN", "tok-MARK\r\nX-Injected: 1" },
    { "RELEASE_DESK_TOKEN", "tok-MARK\x1b[2J" },
    { "RELEASE_DESK_TOKEN", " \t  " },
    { "RELEASE_DESK_TOKEN", "tok MARK" },
    { "HUAWEICLOUD_SDK_AK", "AK-MARK\nX" },
    { "HUAWEICLOUD_SDK_AK", "   " },
    { "HUAWEICLOUD_SDK_SK", "sk-MARK\r" "x" },
    { "HUAWEICLOUD_SDK_SK", "\t" },
    { "HUAWEICLOUD_SDK_SECURITY_TOKEN", "st-MARK\nX-Injected: 1" },
    { "HUAWEICLOUD_SDK_SECURITY_TOKEN", "  " },
  };
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autofree char *endpoint = g_strconcat ("--endpoint=", rd_demo_service_get_url (service), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bad = g_strconcat (cases[i].name, "=", cases[i].value, NULL);
      g_autofree char *prefix =
          g_strconcat ("release-desk: ", cases[i].name, " cannot be used (", NULL);
      g_autofree char *line = NULL;
      const char *env[4] = { NULL };
      g_auto(RdTestRun) run = { 0 };
      guint n = 0;

      /* The variables of the other kind are good ones, so the bad one is what is used. */
      if (g_str_has_prefix (cases[i].name, "HUAWEICLOUD_"))
        {
          if (strcmp (cases[i].name, "HUAWEICLOUD_SDK_AK") != 0)
            env[n++] = "HUAWEICLOUD_SDK_AK=" RD_DEMO_ACCESS_KEY;
          if (strcmp (cases[i].name, "HUAWEICLOUD_SDK_SK") != 0)
            env[n++] = "HUAWEICLOUD_SDK_SK=" RD_DEMO_SECRET_KEY;
        }
      env[n++] = bad;

      run_release_desk (&run, env, endpoint, "--project-id=" RD_DEMO_PROJECT_ID, "--export=-", "4",
                        NULL);

      line = first_line (run.err);
      g_test_message ("case %u: %s", i, line);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_true (g_str_has_prefix (line, prefix));
      g_assert_null (strstr (run.err, "MARK"));
      g_assert_null (strstr (run.err, "Injected"));
      g_assert_cmpstr (run.out, ==, "");
    }

  /* Nothing was sent, with or without the header. */
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 0);
}

/* Around a value, white space is a paste's: trimmed, as for IDs (a trailing newline from
 * `$(cat file)` with a quote mark after it, a tab before). */
static void
test_environment_credentials_trimmed (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autofree char *endpoint = g_strconcat ("--endpoint=", rd_demo_service_get_url (service), NULL);
  const char *env[] = { "RELEASE_DESK_TOKEN=\t" RD_DEMO_TOKEN "\r\n", NULL };
  g_autoptr(GHashTable) headers = NULL;
  g_auto(RdTestRun) run = { 0 };

  run_release_desk (&run, env, endpoint, "--project-id=" RD_DEMO_PROJECT_ID, "--export=-", "4",
                    NULL);

  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  headers = rd_demo_service_dup_last_headers (service);
  g_assert_cmpstr (g_hash_table_lookup (headers, "x-auth-token"), ==, RD_DEMO_TOKEN);
}

/* Runs as nobody when the test runs as root: the kernel's sign of a process that is not
 * dumpable is its /proc files belonging to root, which only shows for another user. */
static void
drop_root (gpointer user_data)
{
  if (geteuid () == 0)
    {
      if (setgroups (0, NULL) != 0 || setgid (65534) != 0 || setuid (65534) != 0)
        _exit (126);
    }
}

/* Issue 15, item 10: with `ulimit -c unlimited` a crash's core held the token twice. The
 * process makes itself not dumpable at start-up: no core, no ptrace or /proc/PID/mem for
 * other processes of the user. Seen from outside while it waits for the service: its
 * /proc/PID/environ belongs to root, not to the user it runs as. */
static void
test_process_is_not_dumpable (void)
{
  g_autoptr(RdDemoService) service = rd_test_start_demo_service ();
  g_autofree char *endpoint = g_strconcat ("--endpoint=", rd_demo_service_get_url (service), NULL);
  RdDemoFault fault = { .kind = RD_DEMO_FAULT_DELAY, .delay_ms = 30000 };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *proc_environ = NULL;
  const char *exe = g_getenv ("RELEASE_DESK");
  uid_t child_uid = geteuid () == 0 ? 65534 : geteuid ();
  struct stat info;
  gint64 deadline;

#ifndef __linux__
  g_test_skip ("PR_SET_DUMPABLE is Linux only");
  return;
#endif

  g_assert_nonnull (exe);
  rd_demo_service_push_fault (service, &fault);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "RELEASE_DESK_TOKEN", RD_DEMO_TOKEN, TRUE);
  g_subprocess_launcher_setenv (launcher, "no_proxy", "127.0.0.1,localhost", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, drop_root, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, exe, endpoint,
                                         "--project-id=" RD_DEMO_PROJECT_ID, "--export=-", "4",
                                         NULL);
  /* Where nobody may not run the build's binary (flatpak-builder's sandbox, a private
   * checkout), there is no other user to see it from. */
  if (child_uid != geteuid () && g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_ACCES))
    {
      g_test_skip_printf ("Another user cannot run %s here: %s", exe, error->message);
      return;
    }
  g_assert_no_error (error);

  /* Its request has arrived: start-up is long over. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (rd_demo_service_get_request_count (service) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (rd_demo_service_get_request_count (service), ==, 1);

  proc_environ = g_strdup_printf ("/proc/%s/environ", g_subprocess_get_identifier (process));
  g_assert_cmpint (stat (proc_environ, &info), ==, 0);
  g_test_message ("the child runs as %u; %s belongs to %u", (guint) child_uid, proc_environ,
                  (guint) info.st_uid);
  g_assert_cmpuint (child_uid, !=, 0);
  g_assert_cmpuint (info.st_uid, ==, 0);

  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/demo/export-stdout-equals-example",
                   test_demo_export_stdout_equals_example);
  g_test_add_func ("/cli/demo/export-file", test_demo_export_file);
  g_test_add_func ("/cli/demo/failure-prints-details", test_demo_failure_prints_details);
  g_test_add_func ("/cli/demo/not-found", test_demo_not_found);
  g_test_add_func ("/cli/usage/errors-exit-2", test_usage_errors);
  g_test_add_func ("/cli/usage/no-credentials", test_no_credentials);
  g_test_add_func ("/cli/usage/help-lists-options", test_help_lists_options);
  g_test_add_func ("/cli/loopback/token", test_loopback_token);
  g_test_add_func ("/cli/loopback/access-key-with-workspace",
                   test_loopback_access_key_with_workspace);
  g_test_add_func ("/cli/loopback/wrong-secret-writes-nothing",
                   test_loopback_wrong_secret_writes_nothing);
  g_test_add_func ("/cli/loopback/bad-token", test_loopback_bad_token);
  g_test_add_func ("/cli/loopback/timeout", test_loopback_timeout);
  g_test_add_func ("/cli/loopback/credentials-refused-over-plain-http",
                   test_credentials_refused_over_plain_http);
  g_test_add_func ("/cli/usage/help-names-package-id-once", test_help_names_package_id_once);
  g_test_add_func ("/cli/export/long-file-name", test_export_long_file_name);
  g_test_add_func ("/cli/export/dev-stdout-is-a-stream", test_export_dev_stdout_is_a_stream);
  g_test_add_func ("/cli/export/passed-descriptor-is-a-stream",
                   test_export_passed_descriptor_is_a_stream);
  g_test_add_func ("/cli/export/fifo-is-a-stream", test_export_fifo_is_a_stream);
  g_test_add_data_func ("/cli/export/sigint-during-write-leaves-no-temporary-file",
                        GINT_TO_POINTER (SIGINT), test_signal_during_write);
  g_test_add_data_func ("/cli/export/sigterm-during-write-leaves-no-temporary-file",
                        GINT_TO_POINTER (SIGTERM), test_signal_during_write);
  g_test_add_data_func ("/cli/export/sighup-during-write-leaves-no-temporary-file",
                        GINT_TO_POINTER (SIGHUP), test_signal_during_write);

  g_test_add_func ("/cli/terminal/request-id-escaped", test_terminal_request_id_escaped);
  g_test_add_func ("/cli/terminal/endpoint-escaped", test_terminal_endpoint_escaped);
  g_test_add_func ("/cli/terminal/accounts-file-escaped", test_terminal_accounts_file_escaped);
  g_test_add_func ("/cli/credentials/malformed-environment-exits-2",
                   test_malformed_environment_credentials);
  g_test_add_func ("/cli/credentials/environment-values-trimmed",
                   test_environment_credentials_trimmed);
  g_test_add_func ("/cli/process/not-dumpable", test_process_is_not_dumpable);

  return g_test_run ();
}
