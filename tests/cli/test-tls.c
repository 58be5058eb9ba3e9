/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tls.c: every connection needs TLS 1.2 or newer and a 2048-bit key, against real
 * OpenSSL servers (openssl s_server) under a test CA made here; the command line as well. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "rd-client.h"
#include "rd-demo-testing.h"
#include "rd-test-util.h"
#include "rd-tls.h"

#define TEST_TOKEN "TOKENtest-tls-MIIaBgkqhkiG9w0-must-stay-here"
#define WAIT_SECONDS 30

static char *openssl;   /* NULL: the tests that need it skip */
static char *pki_dir;   /* the test CA, the leaves and the served files */

/* {{{ The test CA and the servers */

static void
run_openssl (const char *first_arg,
             ...)
{
  g_autoptr(GPtrArray) args = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  va_list ap;

  va_start (ap, first_arg);
  args = rd_test_argv_va (openssl, first_arg, ap);
  va_end (ap);

  g_spawn_sync (pki_dir, (char **) args->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl %s failed: %s", first_arg, err);
}

/* A leaf for 127.0.0.1 with an RSA key of @bits, signed by the test CA. */
static void
make_leaf (const char *bits)
{
  g_autofree char *newkey = g_strconcat ("rsa:", bits, NULL);
  g_autofree char *key = g_strconcat ("leaf", bits, ".key", NULL);
  g_autofree char *csr = g_strconcat ("leaf", bits, ".csr", NULL);
  g_autofree char *pem = g_strconcat ("leaf", bits, ".pem", NULL);

  run_openssl ("req", "-newkey", newkey, "-nodes", "-keyout", key, "-out", csr,
               "-subj", "/CN=127.0.0.1", NULL);
  run_openssl ("x509", "-req", "-in", csr, "-CA", "ca.pem", "-CAkey", "ca.key",
               "-CAcreateserial", "-days", "2", "-out", pem, "-extfile", "leaf.cnf", NULL);
}

/* Makes the test CA, a 2048-bit and a 1024-bit leaf, and the files the
 * servers answer with; then trusts the CA, and nothing else, in this process. */
static void
make_pki (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *fixture =
      g_test_build_filename (G_TEST_DIST, "fixtures", "seed-package-4.json", NULL);
  g_autofree char *json = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *response = NULL;
  g_autofree char *leaf_config = NULL;

  pki_dir = g_dir_make_tmp ("rd-tls-XXXXXX", &error);
  g_assert_no_error (error);

  leaf_config = g_build_filename (pki_dir, "leaf.cnf", NULL);
  g_assert_true (g_file_set_contents (leaf_config,
                                      "subjectAltName=IP:127.0.0.1\n"
                                      "basicConstraints=CA:FALSE\n"
                                      "extendedKeyUsage=serverAuth\n", -1, NULL));
  run_openssl ("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
               "-out", "ca.pem", "-days", "2", "-subj", "/CN=Release Desk test CA",
               "-addext", "basicConstraints=critical,CA:TRUE",
               "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL);
  make_leaf ("2048");
  make_leaf ("1024");

  /* openssl s_server -HTTP sends the file the path names, headers and all. */
  g_assert_true (g_file_get_contents (fixture, &json, NULL, NULL));
  folder = g_build_filename (pki_dir, "www", "v2", RD_DEMO_PROJECT_ID, "factory",
                             "release-packages", NULL);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  answer = g_build_filename (folder, RD_DEMO_PACKAGE_ID, NULL);
  response = g_strconcat ("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n", json, NULL);
  g_assert_true (g_file_set_contents (answer, response, -1, NULL));

  ca = g_build_filename (pki_dir, "ca.pem", NULL);
  database = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);
  g_tls_backend_set_default_database (g_tls_backend_get_default (), database);
}

typedef struct
{
  GSubprocess *process;
  char        *log;       /* what the server printed: the handshake and every byte received */
  char        *url;       /* https://127.0.0.1:PORT */
} Server;

static void
server_stop (Server *server)
{
  if (server->process != NULL)
    {
      g_subprocess_force_exit (server->process);
      g_subprocess_wait (server->process, NULL, NULL);
    }
  g_clear_object (&server->process);
  if (server->log != NULL)
    g_unlink (server->log);
  g_clear_pointer (&server->log, g_free);
  g_clear_pointer (&server->url, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Server, server_stop)

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Starts openssl s_server with the leaf of @bits, allowing only @version
 * ("-tls1_1", "-tls1_2"). @http: answer GET with the files in www/ (the
 * package); otherwise print what the client sends and answer nothing. OpenSSL's
 * own floor is lowered (SECLEVEL=0) so it offers what the test asks. */
static void
server_start (Server     *server,
              const char *bits,
              const char *version,
              gboolean    http)
{
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GError) error = NULL;
  g_autofree char *www = g_build_filename (pki_dir, "www", NULL);
  g_autofree char *cert = g_strdup_printf ("%s/leaf%s.pem", pki_dir, bits);
  g_autofree char *key = g_strdup_printf ("%s/leaf%s.key", pki_dir, bits);
  g_autofree char *accept = NULL;
  gint64 deadline;
  guint16 port = free_port ();
  int fd;

  fd = g_file_open_tmp ("rd-tls-server-XXXXXX.log", &server->log, &error);
  g_assert_no_error (error);
  close (fd);

  accept = g_strdup_printf ("127.0.0.1:%u", port);
  server->url = g_strdup_printf ("https://127.0.0.1:%u", port);
  g_subprocess_launcher_set_cwd (launcher, www);
  g_subprocess_launcher_set_stdout_file_path (launcher, server->log);
  server->process = g_subprocess_launcher_spawn (launcher, &error, openssl, "s_server",
                                                 "-accept", accept, "-cert", cert, "-key", key,
                                                 "-cipher", "DEFAULT:@SECLEVEL=0", version,
                                                 "-naccept", "1", http ? "-HTTP" : "-ign_eof",
                                                 NULL);
  g_assert_no_error (error);

  /* "ACCEPT" once it listens. */
  deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *log = NULL;

      g_assert_true (g_file_get_contents (server->log, &log, NULL, NULL));
      if (strstr (log, "ACCEPT") != NULL)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("openssl s_server did not start: %s", log);
      g_usleep (20 * 1000);
    }
}

static char *
server_dup_log (Server *server)
{
  g_autofree char *log = NULL;

  g_assert_true (g_file_get_contents (server->log, &log, NULL, NULL));
  return g_steal_pointer (&log);
}

/* }}} */

/* {{{ Lookups */

/* Looks package 4 up at @url with TEST_TOKEN. */
static void
lookup_run (RdTestLookup *lookup,
            const char   *url)
{
  g_autoptr(RdClient) client = rd_test_new_token_client (url, TEST_TOKEN);
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  /* A server that takes the request answers nothing: do not wait the 30 s default. */
  rd_client_set_timeout (client, 3);
  rd_client_get_package_async (client, RD_DEMO_PROJECT_ID, NULL, RD_DEMO_PACKAGE_ID,
                               NULL, rd_test_on_lookup_done, lookup);
  while (!lookup->done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (lookup->done);
}

/* }}} */

/* {{{ The priority string */

static char *
write_config (const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("rd-gnutls-config-XXXXXX", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));

  return path;
}

static void
test_priority_default (void)
{
  g_autofree char *empty =
      write_config ("# nothing configured\n[overrides]\ndisabled-version = tls1.3\n");
  g_autofree char *priority = rd_tls_build_priority (NULL, NULL);
  g_autofree char *with_overrides = rd_tls_build_priority (NULL, empty);

  /* GnuTLS's default, glib-networking's %COMPAT, minus the old versions, plus 2048-bit keys. */
  g_assert_cmpstr (priority, ==, "NORMAL:%COMPAT:-VERS-SSL3.0:-VERS-TLS1.0:-VERS-TLS1.1:"
                                 "-VERS-DTLS0.9:-VERS-DTLS1.0:%PROFILE_MEDIUM");
  /* [overrides] apply to any priority string: GnuTLS keeps them. */
  g_assert_cmpstr (with_overrides, ==, priority);
  g_unlink (empty);
}

static void
test_priority_system_policy_kept (void)
{
  static const char * const configs[] = {
    "[priorities]\nSYSTEM = NORMAL:-VERS-TLS1.2\n",
    "# crypto-policies\n[global]\noverride-mode = allowlist\n\n[overrides]\nsecure-hash = SHA256\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autofree char *path = write_config (configs[i]);
      g_autofree char *priority = rd_tls_build_priority (NULL, path);

      /* The system's policy, only narrowed; no profile that could lower its own. */
      g_assert_cmpstr (priority, ==, "@SYSTEM:%COMPAT:" RD_TLS_OLD_VERSIONS);
      g_unlink (path);
    }
}

static void
test_priority_user_setting_narrowed (void)
{
  g_autofree char *user = rd_tls_build_priority ("NORMAL:+VERS-TLS1.0", NULL);
  g_autofree char *again = rd_tls_build_priority (user, NULL);
  g_autofree char *ours = rd_tls_build_priority (NULL, NULL);
  g_autofree char *ours_again = rd_tls_build_priority (ours, NULL);

  g_assert_cmpstr (user, ==, "NORMAL:+VERS-TLS1.0:" RD_TLS_OLD_VERSIONS);
  /* A child of Release Desk inherits the variable: not narrowed twice. */
  g_assert_cmpstr (again, ==, user);
  g_assert_cmpstr (ours_again, ==, ours);
}

static void
test_priority_applied (void)
{
  /* main() of this test did what release-desk's main() does. */
  g_assert_nonnull (g_getenv ("G_TLS_GNUTLS_PRIORITY"));
  g_assert_nonnull (strstr (g_getenv ("G_TLS_GNUTLS_PRIORITY"), ":" RD_TLS_OLD_VERSIONS));
}

/* }}} */

/* {{{ Real servers */

static gboolean
need_openssl (void)
{
  if (openssl != NULL)
    return TRUE;

  g_test_skip ("openssl (the command) is not installed");
  return FALSE;
}

/* The proper chain over TLS 1.2 works: the package arrives. */
static void
test_tls12_with_test_ca_works (void)
{
  g_auto(Server) server = { 0 };
  g_auto(RdTestLookup) lookup = { 0 };

  if (!need_openssl ())
    return;

  server_start (&server, "2048", "-tls1_2", TRUE);
  lookup_run (&lookup, server.url);

  g_assert_no_error (lookup.error);
  g_assert_nonnull (lookup.package);
}

static void
assert_refused_before_sending (Server       *server,
                               RdTestLookup *lookup)
{
  g_autofree char *log = server_dup_log (server);

  /* The server printed every byte it received: the request never came. */
  g_assert_null (strstr (log, TEST_TOKEN));
  g_assert_null (strstr (log, "GET /v2/"));
  g_assert_error (lookup->error, RD_API_ERROR, RD_API_ERROR_TLS);
  g_assert_null (lookup->package);
  g_test_message ("%s", lookup->error->message);
}

static void
test_tls11_refused (void)
{
  g_auto(Server) server = { 0 };
  g_auto(RdTestLookup) lookup = { 0 };

  if (!need_openssl ())
    return;

  server_start (&server, "2048", "-tls1_1", FALSE);
  lookup_run (&lookup, server.url);

  assert_refused_before_sending (&server, &lookup);
}

static void
test_tls10_refused (void)
{
  g_auto(Server) server = { 0 };
  g_auto(RdTestLookup) lookup = { 0 };

  if (!need_openssl ())
    return;

  server_start (&server, "2048", "-tls1", FALSE);
  lookup_run (&lookup, server.url);

  assert_refused_before_sending (&server, &lookup);
}

static void
test_rsa1024_leaf_refused (void)
{
  g_auto(Server) server = { 0 };
  g_auto(RdTestLookup) lookup = { 0 };

  if (!need_openssl ())
    return;

  server_start (&server, "1024", "-tls1_2", FALSE);
  lookup_run (&lookup, server.url);

  assert_refused_before_sending (&server, &lookup);
}

/* release-desk itself, whose main() sets the policy: it does not trust the
 * test CA, but a TLS 1.1 server is refused for its version, before the
 * certificate is even looked at, and nothing is sent. */
static void
test_cli_tls11_refused (void)
{
  g_auto(Server) server = { 0 };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *log = NULL;
  const char *exe = g_getenv ("RELEASE_DESK");

  if (!need_openssl ())
    return;
  g_assert_nonnull (exe);

  server_start (&server, "2048", "-tls1_1", FALSE);
  endpoint = g_strconcat ("--endpoint=", server.url, NULL);

  launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  rd_test_launcher_unset_credentials (launcher);
  /* Not this test's policy: release-desk's own. */
  g_subprocess_launcher_unsetenv (launcher, "G_TLS_GNUTLS_PRIORITY");
  g_subprocess_launcher_setenv (launcher, "RELEASE_DESK_TOKEN", TEST_TOKEN, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  /* Under AddressSanitizer: GCC 12's LeakSanitizer crashes at exit reading the dynamic TLS
   * block of glib-networking's GnuTLS thread ("DTLS 11 at 0x…", then "Tracer caught signal
   * 11"), so this child runs without the leak check; every other check stays on. */
  if (g_getenv ("ASAN_OPTIONS") != NULL)
    {
      g_autofree char *options = g_strconcat (g_getenv ("ASAN_OPTIONS"), ":detect_leaks=0", NULL);

      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
    }
  process = g_subprocess_launcher_spawn (launcher, &error, exe, endpoint,
                                         "--project-id=" RD_DEMO_PROJECT_ID, "--timeout=3",
                                         "--export=-", RD_DEMO_PACKAGE_ID, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  if (!g_subprocess_get_if_exited (process))
    g_error ("release-desk did not exit (signal %d): %s", g_subprocess_get_term_sig (process), err);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_cmpstr (out, ==, "");
  expected = g_strdup_printf ("release-desk: Could not set up a secure connection to %s:",
                              server.url + strlen ("https://"));
  if (!g_str_has_prefix (err, expected))
    g_error ("Expected “%s…”, got: %s", expected, err);

  log = server_dup_log (&server);
  g_assert_null (strstr (log, TEST_TOKEN));
  g_assert_null (strstr (log, "GET /v2/"));
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  int status;

  /* What release-desk's main() does first. */
  rd_tls_apply_policy ();

  g_test_init (&argc, &argv, NULL);

  openssl = g_find_program_in_path ("openssl");
  if (openssl != NULL)
    make_pki ();

  g_test_add_func ("/tls/priority/default-normal-without-old-versions", test_priority_default);
  g_test_add_func ("/tls/priority/system-policy-kept", test_priority_system_policy_kept);
  g_test_add_func ("/tls/priority/user-setting-narrowed", test_priority_user_setting_narrowed);
  g_test_add_func ("/tls/priority/applied-by-main", test_priority_applied);
  g_test_add_func ("/tls/server/tls1.2-with-test-ca-works", test_tls12_with_test_ca_works);
  g_test_add_func ("/tls/server/tls1.1-refused-nothing-sent", test_tls11_refused);
  g_test_add_func ("/tls/server/tls1.0-refused-nothing-sent", test_tls10_refused);
  g_test_add_func ("/tls/server/rsa-1024-leaf-refused-nothing-sent", test_rsa1024_leaf_refused);
  g_test_add_func ("/tls/cli/tls1.1-refused-nothing-sent", test_cli_tls11_refused);

  status = g_test_run ();

  if (pki_dir != NULL)
    rd_test_remove_tree (pki_dir);

  return status;
}
