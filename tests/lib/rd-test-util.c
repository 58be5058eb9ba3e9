/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include <glib/gstdio.h>
#include <string.h>

#include "rd-test-util.h"

gboolean
rd_test_wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
rd_test_run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  guint tick = g_timeout_add (5, rd_test_wake_up, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

void
rd_test_on_result (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

void
rd_test_lookup_clear (RdTestLookup *lookup)
{
  g_clear_object (&lookup->package);
  g_clear_error (&lookup->error);
  g_clear_pointer (&lookup->details, rd_error_details_free);
  /* Ready for another lookup. */
  lookup->done = FALSE;
  lookup->n_callbacks = 0;
}

void
rd_test_on_lookup_done (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  RdTestLookup *lookup = user_data;
  RdClient *client = RD_CLIENT (source);

  lookup->n_callbacks++;
  g_assert_cmpuint (lookup->n_callbacks, ==, 1);

  lookup->package = rd_client_get_package_finish (client, result, &lookup->error);
  lookup->details = rd_client_dup_error_details (client, result);
  lookup->finished = g_get_monotonic_time ();
  lookup->done = TRUE;

  /* Exactly one of a package and an error. */
  g_assert_true ((lookup->package == NULL) != (lookup->error == NULL));
  if (lookup->package != NULL)
    g_assert_null (lookup->details);
}

RdDemoService *
rd_test_start_demo_service (void)
{
  g_autoptr(RdDemoService) service = rd_demo_service_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (rd_demo_service_start (service, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&service);
}

void
rd_test_stop_demo_service (RdDemoService **service)
{
  if (*service == NULL)
    return;

  rd_demo_service_stop (*service);
  g_clear_object (service);
}

RdClient *
rd_test_new_client (const char    *endpoint,
                    RdCredentials *credentials)
{
  g_autoptr(GError) error = NULL;
  RdClient *client = rd_client_new (endpoint, credentials, &error);

  g_assert_no_error (error);
  g_assert_nonnull (client);

  return client;
}

RdClient *
rd_test_new_token_client (const char *endpoint,
                          const char *token)
{
  g_autoptr(RdCredentials) credentials = rd_credentials_new_token (token);

  return rd_test_new_client (endpoint, credentials);
}

RdClient *
rd_test_new_access_key_client (const char *endpoint,
                               const char *secret_key,
                               const char *security_token)
{
  g_autoptr(RdCredentials) credentials =
    rd_credentials_new_access_key (RD_DEMO_ACCESS_KEY, secret_key, security_token);

  return rd_test_new_client (endpoint, credentials);
}

void
rd_test_drop_client (RdClient **client)
{
  gpointer weak = *client;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint tick;

  if (*client == NULL)
    return;

  g_object_add_weak_pointer (G_OBJECT (*client), &weak);
  g_clear_object (client);

  /* A tick, so the loop wakes up to look at the deadline. */
  tick = g_timeout_add (10, rd_test_wake_up, NULL);
  while (weak != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

static gboolean
on_deadline (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
rd_test_wait_for_flag (const gboolean *flag,
                       guint           seconds)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_deadline, &expired);

  while (!*flag && !expired)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (expired);
  g_source_remove (id);
}

const char *
rd_test_url_authority (const char *url)
{
  const char *start = strstr (url, "://");

  g_assert_nonnull (start);
  return start + 3;
}

void
rd_test_push_status (RdDemoService *service,
                     guint          status,
                     const char    *body,
                     const char    *retry_after)
{
  RdDemoFault fault = {
    .kind = RD_DEMO_FAULT_STATUS, .status = status, .body = body, .retry_after = retry_after,
  };

  rd_demo_service_push_fault (service, &fault);
}

void
rd_test_push_raw (RdDemoService *service,
                  const char    *body,
                  const char    *content_type)
{
  RdDemoFault fault = { .kind = RD_DEMO_FAULT_RAW, .body = body, .content_type = content_type };

  rd_demo_service_push_fault (service, &fault);
}

char *
rd_test_dup_last_header (RdDemoService *service,
                         const char    *name)
{
  g_autoptr(GHashTable) headers = rd_demo_service_dup_last_headers (service);

  g_assert_nonnull (headers);
  return g_strdup (g_hash_table_lookup (headers, name));
}

RdAccount *
rd_test_add_account (RdAccountStore *store, const char *name, const char *endpoint,
                     RdAccountAuth auth, const char *access_key)
{
  g_autoptr(RdAccount) account = rd_account_new (name);
  g_autoptr(GError) error = NULL;

  if (endpoint != NULL)
    rd_account_set_endpoint (account, endpoint);
  else
    rd_account_set_region (account, "cn-north-4");
  rd_account_set_project_id (account, RD_DEMO_PROJECT_ID);
  rd_account_set_auth_method (account, auth);
  if (access_key != NULL)
    rd_account_set_access_key (account, access_key);
  g_assert_true (rd_account_store_add (store, account, &error));
  g_assert_no_error (error);

  return account;
}

void
rd_test_store_secret (RdSecretStore *secrets, RdAccount *account, RdSecretKind kind,
                      const char *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = rd_account_dup_secret_label (account, kind);

  rd_secret_store_store_async (secrets, rd_account_get_id (account), kind, secret, label, NULL,
                               rd_test_on_result, &result);
  RD_TEST_WAIT_UNTIL (result != NULL, 30);
  g_assert_true (rd_secret_store_store_finish (secrets, result, &error));
  g_assert_no_error (error);
}

void
rd_test_clear_secrets (RdSecretStore *secrets, RdAccount *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rd_secret_store_clear_async (secrets, rd_account_get_id (account), -1, NULL, rd_test_on_result,
                               &result);
  RD_TEST_WAIT_UNTIL (result != NULL, 30);
  g_assert_true (rd_secret_store_clear_finish (secrets, result, &error));
  g_assert_no_error (error);
}

void
rd_test_launcher_unset_credentials (GSubprocessLauncher *launcher)
{
  g_subprocess_launcher_unsetenv (launcher, "HUAWEICLOUD_SDK_AK");
  g_subprocess_launcher_unsetenv (launcher, "HUAWEICLOUD_SDK_SK");
  g_subprocess_launcher_unsetenv (launcher, "HUAWEICLOUD_SDK_SECURITY_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "RELEASE_DESK_TOKEN");
}

void
rd_test_launcher_set_env (GSubprocessLauncher *launcher,
                          const char * const  *env)
{
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, kv[0], kv[1], TRUE);
    }
}

GPtrArray *
rd_test_argv_va (const char *program,
                 const char *first_arg,
                 va_list     ap)
{
  GPtrArray *args = g_ptr_array_new ();

  g_ptr_array_add (args, (gpointer) program);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  g_ptr_array_add (args, NULL);

  return args;
}

GPtrArray *
rd_test_release_desk_argv (const char *first_arg,
                           va_list     ap)
{
  const char *exe = g_getenv ("RELEASE_DESK");

  g_assert_nonnull (exe);

  return rd_test_argv_va (exe, first_arg, ap);
}

static char *
dup_bytes_text (GBytes *bytes)
{
  gsize size = bytes != NULL ? g_bytes_get_size (bytes) : 0;

  /* g_strndup (NULL, 0) is NULL: an empty output must read as "". */
  return g_strndup (size > 0 ? g_bytes_get_data (bytes, NULL) : "", size);
}

int
rd_test_communicate (GSubprocessLauncher *launcher,
                     GPtrArray           *argv,
                     guint                wait_seconds,
                     char               **out,
                     char               **err)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out_bytes = NULL;
  g_autoptr(GBytes) err_bytes = NULL;

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_async (process, NULL, NULL, rd_test_on_result, &result);
  RD_TEST_WAIT_UNTIL (result != NULL, wait_seconds);
  g_subprocess_communicate_finish (process, result, &out_bytes, &err_bytes, &error);
  g_assert_no_error (error);

  /* A crash or a sanitizer's abort: show what the program said first, or
   * the failure names only this line. */
  if (!g_subprocess_get_if_exited (process))
    {
      g_autofree char *said = dup_bytes_text (err_bytes);

      g_printerr ("%s ended by signal %d; its standard error:\n%s\n",
                  (const char *) argv->pdata[0], g_subprocess_get_term_sig (process), said);
    }
  g_assert_true (g_subprocess_get_if_exited (process));

  if (out != NULL)
    *out = dup_bytes_text (out_bytes);
  if (err != NULL)
    *err = dup_bytes_text (err_bytes);

  return g_subprocess_get_exit_status (process);
}

char *
rd_test_break_accounts_line (const char *path,
                             guint      *line)
{
  g_autofree char *good = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *broken = NULL;
  g_autoptr(GError) error = NULL;
  guint i;

  g_file_get_contents (path, &good, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (good, "\n", -1);
  for (i = 0; lines[i] != NULL && !g_str_equal (lines[i], "name=staging"); i++)
    ;
  g_assert_nonnull (lines[i]);
  g_free (lines[i]);
  lines[i] = g_strdup ("name staging");
  if (line != NULL)
    *line = i + 1;
  broken = g_strjoinv ("\n", lines);
  g_file_set_contents (path, broken, -1, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&broken);
}

char *
rd_test_compile_schema (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source_dir = NULL;
  g_autofree char *target_dir = NULL;
  g_autofree char *target_arg = NULL;
  g_autofree char *errors = NULL;
  const char *argv[5];
  int status = 0;

  /* A g_test_trap_subprocess () child has its parent's folder in its environment, and exits
   * from its test without reaching the clean-up: a folder of its own would be left behind. */
  if (g_test_subprocess () && g_getenv ("GSETTINGS_SCHEMA_DIR") != NULL)
    return g_strdup (g_getenv ("GSETTINGS_SCHEMA_DIR"));

  source_dir = g_test_build_filename (G_TEST_BUILT, "..", "data", NULL);
  target_dir = g_dir_make_tmp ("rd-schemas-XXXXXX", &error);
  g_assert_no_error (error);
  target_arg = g_strconcat ("--targetdir=", target_dir, NULL);

  argv[0] = "glib-compile-schemas";
  argv[1] = "--strict";
  argv[2] = target_arg;
  argv[3] = source_dir;
  argv[4] = NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &errors, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("glib-compile-schemas failed: %s", errors);

  return g_steal_pointer (&target_dir);
}

GSettings *
rd_test_new_memory_settings (const char *schema_dir)
{
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GError) error = NULL;

  source = g_settings_schema_source_new_from_directory (schema_dir, NULL, TRUE, &error);
  g_assert_no_error (error);
  schema = g_settings_schema_source_lookup (source, APP_ID, FALSE);
  g_assert_nonnull (schema);

  return g_settings_new_full (schema, backend, NULL);
}

void
rd_test_remove_schema_dir (const char *dir)
{
  g_autofree char *compiled = NULL;

  /* A subprocess's is its parent's. */
  if (g_test_subprocess ())
    return;

  compiled = g_build_filename (dir, "gschemas.compiled", NULL);
  g_unlink (compiled);
  g_rmdir (dir);
}

void
rd_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* A test may have taken the write permission away to make a write fail. */
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rd_test_remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_rmdir (path);
  else
    g_unlink (path);
}

guint
rd_test_count_dir_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static GMutex log_mutex;
static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  gboolean kept = FALSE;

  g_mutex_lock (&log_mutex);
  if (captured_log != NULL)
    {
      for (gsize i = 0; i < n_fields; i++)
        {
          g_string_append (captured_log, fields[i].key);
          g_string_append_c (captured_log, '=');
          if (fields[i].length < 0)
            g_string_append (captured_log, fields[i].value);
          else
            g_string_append_len (captured_log, fields[i].value, fields[i].length);
          g_string_append_c (captured_log, '\n');
        }
      kept = TRUE;
    }
  g_mutex_unlock (&log_mutex);

  /* Kept debug output stays out of stdout, which carries TAP; anything worse is shown too. */
  if (kept && !(log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
rd_test_log_capture_install (void)
{
  g_log_set_writer_func (capture_writer, NULL, NULL);
}

void
rd_test_log_capture_start (void)
{
  g_mutex_lock (&log_mutex);
  if (captured_log == NULL)
    captured_log = g_string_new (NULL);
  else
    g_string_truncate (captured_log, 0);
  g_mutex_unlock (&log_mutex);
}

char *
rd_test_log_capture_stop (void)
{
  char *text;

  g_mutex_lock (&log_mutex);
  text = captured_log != NULL ? g_string_free (g_steal_pointer (&captured_log), FALSE)
                              : g_strdup ("");
  g_mutex_unlock (&log_mutex);

  return text;
}

gboolean
rd_test_log_captured_contains (const char *needle)
{
  gboolean found;

  g_mutex_lock (&log_mutex);
  found = captured_log != NULL && strstr (captured_log->str, needle) != NULL;
  g_mutex_unlock (&log_mutex);

  return found;
}

void
rd_test_log_capture_append (const char *text)
{
  g_mutex_lock (&log_mutex);
  if (captured_log != NULL && text != NULL)
    g_string_append (captured_log, text);
  g_mutex_unlock (&log_mutex);
}

/* A self-signed certificate for 127.0.0.1 with its key: a client trusts it only when told. */
static const char test_certificate_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIB2jCCAYCgAwIBAgIUUGA7YWwH9jx7payp65pm4INgJ34wCgYIKoZIzj0EAwIw\n"
  "OTEaMBgGA1UEAwwRcmVsZWFzZS1kZXNrIHRlc3QxGzAZBgNVBAoMElJlbGVhc2Ug\n"
  "RGVzayB0ZXN0czAgFw0yNjExMjgwOTMyMjhaGA8yMTI2MTEwNDA5MzIyOFowOTEa\n"
  "MBgGA1UEAwwRcmVsZWFzZS1kZXNrIHRlc3QxGzAZBgNVBAoMElJlbGVhc2UgRGVz\n"
  "ayB0ZXN0czBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABH1RifUTDPqzBTEpLeEJ\n"
  "hFWnjybiq9/Q63qwWtr8Kd0AAnHEpW/+wzKFNyBuaIAdWEzw5j9CLuDKNYRIQAIJ\n"
  "UY2jZDBiMB0GA1UdDgQWBBTdv5ZUzN7JkoV3rM+SobelPae/qDAfBgNVHSMEGDAW\n"
  "gBTdv5ZUzN7JkoV3rM+SobelPae/qDAPBgNVHRMBAf8EBTADAQH/MA8GA1UdEQQI\n"
  "MAaHBH8AAAEwCgYIKoZIzj0EAwIDSAAwRQIgdmd9FqppMMwk17WtpGKrOc3FrbLa\n"
  "kCfaV66QVviYYwMCIQCKP5xVIJ/d0Zd6z1Q/D1/yZbTo2yRDgFV9Xzn3rhIoeA==\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgs0mT2Y3I0unAYCaL\n"
  "C1mOZ1DS+dC23qc+/32OtbWYYtehRANCAAR9UYn1Ewz6swUxKS3hCYRVp48m4qvf\n"
  "0Ot6sFra/CndAAJxxKVv/sMyhTcgbmiAHVhM8OY/Qi7gyjWESEACCVGN\n"
  "-----END PRIVATE KEY-----\n";

SoupServer *
rd_test_serve_local (SoupServerCallback  handler,
                     gpointer            user_data,
                     gboolean            tls,
                     char              **url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  SoupServer *server;
  GSList *uris;

  if (tls)
    {
      certificate = g_tls_certificate_new_from_pem (test_certificate_pem, -1, &error);
      g_assert_no_error (error);
      server = soup_server_new ("tls-certificate", certificate, NULL);
    }
  else
    server = soup_server_new (NULL, NULL);

  soup_server_add_handler (server, NULL, handler, user_data, NULL);
  soup_server_listen_local (server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | (tls ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  *url = g_uri_to_string (uris->data);
  while (g_str_has_suffix (*url, "/"))
    (*url)[strlen (*url) - 1] = '\0';
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return server;
}

void
rd_test_server_stop (SoupServer **server)
{
  if (*server != NULL)
    soup_server_disconnect (*server);
  g_clear_object (server);
}

void
rd_test_run_clear (RdTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

JsonNode *
rd_test_parse_json (const char *text,
                    gssize      length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, length, &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

char *
rd_test_script_json (const char *type,
                     const char *content)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

gboolean
rd_test_file_contains (const char *path,
                       const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;
  gsize n = strlen (needle);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (contents + i, needle, n) == 0)
      return TRUE;

  return FALSE;
}

void
rd_test_scrub_dir (const char         *path,
                   const char * const *secrets)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rd_test_scrub_dir (child, secrets);
      else
        {
          g_test_message ("Searched %s for secrets", child);
          for (guint i = 0; secrets[i] != NULL; i++)
            if (g_file_test (child, G_FILE_TEST_IS_REGULAR) &&
                rd_test_file_contains (child, secrets[i]))
              g_error ("%s contains secret #%u", child, i);
          g_assert_cmpint (g_unlink (child), ==, 0);
        }
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

void
rd_test_assert_only_file (const char *dir,
                          const char *path,
                          const char *contents)
{
  g_autofree char *found = NULL;

  g_assert_true (g_file_get_contents (path, &found, NULL, NULL));
  g_assert_cmpstr (found, ==, contents);
  g_assert_cmpuint (rd_test_count_dir_entries (dir), ==, 1);
}
