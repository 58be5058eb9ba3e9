/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-cli.c: the headless path of release-desk: look a package up and export it or write its
 * patch, no display needed. */
#define G_LOG_DOMAIN "rd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

#include "rd-cli.h"
#include "rd-accounts.h"
#include "rd-client.h"
#include "rd-demo-service.h"
#include "rd-export.h"
#include "rd-package-patch.h"
#include "rd-session.h"
#include "rd-target.h"
#include "rd-terminal-text.h"

typedef struct
{
  GMainLoop        *loop;
  RdReleasePackage *package;
  GError           *error;
  RdErrorDetails   *details;
} Lookup;

void
rd_cli_options_clear (RdCliOptions *options)
{
  g_clear_pointer (&options->account, g_free);
  g_clear_pointer (&options->region, g_free);
  g_clear_pointer (&options->endpoint, g_free);
  g_clear_pointer (&options->factory_endpoint, g_free);
  g_clear_pointer (&options->project_id, g_free);
  g_clear_pointer (&options->workspace, g_free);
  g_clear_pointer (&options->export_path, g_free);
  g_clear_pointer (&options->diff_path, g_free);
  g_clear_pointer (&options->task_id, g_free);
  g_clear_pointer (&options->package_id, g_free);
  g_clear_pointer (&options->credentials_environ, rd_credentials_environ_free);
}

/* Messages quote what the user, a file or the server gave (an endpoint with a
 * CR, a key file's line, a request ID): each line goes through rd_terminal_text(). */
static void
print_line (const char *prefix,
            const char *text)
{
  g_autofree char *shown = rd_terminal_text (text, -1);

  g_printerr ("%s%s\n", prefix, shown);
}

static int
usage_error (const char *message)
{
  print_line ("release-desk: ", message);
  g_printerr (_("Run “release-desk --help” to see the options.\n"));
  return RD_EXIT_USAGE;
}

static void
print_failure (const char           *message,
               const RdErrorDetails *details)
{
  print_line ("release-desk: ", message);

  if (details != NULL)
    {
      g_autofree char *text = rd_error_details_format (details);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] != '\0')
          print_line ("  ", lines[i]);
    }
}

static void
lookup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Lookup *lookup = user_data;
  RdClient *client = RD_CLIENT (source);

  lookup->package = rd_client_get_package_finish (client, result, &lookup->error);
  if (lookup->package == NULL)
    lookup->details = rd_client_dup_error_details (client, result);

  g_main_loop_quit (lookup->loop);
}

typedef struct
{
  GMainLoop *loop;
  gboolean   done;
  GError    *error;
} ExportWait;

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ExportWait *wait = user_data;

  rd_export_to_file_finish (result, &wait->error);
  wait->done = TRUE;
  g_main_loop_quit (wait->loop);
}

/* Written in a worker thread while the main loop runs, so that a signal
 * during the write is seen: the export then stops and removes its
 * temporary file. "-" is standard output, written as a stream. A @document
 * is pretty-printed JSON; with @as_text, its bytes are written as they are. */
static gboolean
export_document (GBytes        *document,
                 gboolean       as_text,
                 const char    *path,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  ExportWait wait = { loop, FALSE, NULL };
  const char *target = g_str_equal (path, "-") ? "/dev/stdout" : path;

  if (as_text)
    rd_export_text_to_file_async (document, target, cancellable, export_done, &wait);
  else
    rd_export_to_file_async (document, target, cancellable, export_done, &wait);
  /* The thread ends soon after a cancellation, on its own. */
  while (!wait.done)
    g_main_loop_run (loop);

  if (wait.error != NULL)
    {
      g_propagate_error (error, wait.error);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  GMainLoop *loop;
  RdClient  *client;
  GError    *error;
} ClientWait;

static void
client_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ClientWait *wait = user_data;

  wait->client = rd_session_dup_client_finish (RD_SESSION (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* The session's client: an account's secrets are read from the keyring now, and only now.
 * NULL with @error when that fails. */
static RdClient *
dup_client (RdSession     *session,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  ClientWait wait = { loop, NULL, NULL };

  rd_session_dup_client_async (session, cancellable, client_done, &wait);
  g_main_loop_run (loop);

  if (wait.error != NULL)
    g_propagate_error (error, wait.error);

  return wait.client;
}

typedef struct
{
  GMainLoop *loop;
  GBytes    *patch;
  guint      n_unavailable;
  GError    *error;
} PatchWait;

static void
patch_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PatchWait *wait = user_data;

  wait->patch = rd_package_patch_finish (result, &wait->n_unavailable, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* Each line of @patch through rd_terminal_text(), the line breaks kept: the service's text
 * cannot move the cursor, change colours or hide lines on the terminal it is shown on. */
static GBytes *
dup_terminal_patch (GBytes *patch)
{
  gsize length;
  const char *data = g_bytes_get_data (patch, &length);
  const char *end = data + length;
  GString *shown = g_string_sized_new (length);

  while (data < end)
    {
      const char *newline = memchr (data, '\n', (gsize) (end - data));
      gsize line_length = (newline != NULL ? newline : end) - data;
      g_autofree char *line = rd_terminal_text (data, (gssize) line_length);

      g_string_append (shown, line);
      if (newline == NULL)
        break;
      g_string_append_c (shown, '\n');
      data = newline + 1;
    }

  return g_string_free_to_bytes (shown);
}

/* The patch of @package, written to @path. Returns an exit status; says why on standard
 * error. */
static int
write_patch (RdClient           *client,
             RdTarget           *target,
             RdReleasePackage   *package,
             const RdCliOptions *options,
             GCancellable       *cancellable)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GBytes) patch = NULL;
  g_autoptr(GError) error = NULL;
  PatchWait wait = { loop, NULL, 0, NULL };
  const char *path = options->diff_path;

  rd_package_patch_async (client, package, rd_target_get_project_id (target),
                          rd_target_get_workspace (target), options->task_id, cancellable,
                          patch_done, &wait);
  g_main_loop_run (loop);

  if (wait.patch == NULL)
    {
      g_autoptr(GError) patch_error = wait.error;

      if (g_error_matches (patch_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          print_failure (_("Interrupted"), NULL);
          return RD_EXIT_FAILED;
        }
      if (g_error_matches (patch_error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT))
        return usage_error (patch_error->message);
      print_failure (patch_error->message, NULL);
      return RD_EXIT_FAILED;
    }
  patch = wait.patch;

  /* The file keeps the service's text exactly; a terminal is shown a safe copy. */
  if (g_str_equal (path, "-") && isatty (STDOUT_FILENO))
    {
      GBytes *shown = dup_terminal_patch (patch);

      g_bytes_unref (patch);
      patch = shown;
    }

  if (!export_document (patch, TRUE, path, cancellable, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        print_failure (_("Interrupted"), NULL);
      else
        print_failure (error->message, NULL);
      return RD_EXIT_FAILED;
    }

  if (wait.n_unavailable > 0)
    {
      g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u task: previous content not "
                                                            "available; see the comments in the "
                                                            "patch",
                                                            "%u tasks: previous content not "
                                                            "available; see the comments in the "
                                                            "patch",
                                                            wait.n_unavailable),
                                               wait.n_unavailable);

      print_line ("release-desk: ", note);
    }

  return RD_EXIT_OK;
}

/* The accounts file, read only when an account is named; it keeps why it could not be read
 * (the target says so). */
static RdAccountStore *
load_accounts (void)
{
  g_autofree char *path = rd_accounts_dup_path ();
  RdAccountStore *store = rd_account_store_new (path, NULL);

  if (!rd_account_store_load (store, NULL))
    g_debug ("The accounts file could not be read");

  return store;
}

static int
run_export (const RdCliOptions *options,
            GCancellable       *cancellable)
{
  g_autoptr(RdDemoService) demo = NULL;
  g_autoptr(RdSession) session = NULL;
  g_autoptr(RdClient) client = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdAccountStore) store = NULL;
  g_autoptr(RdTarget) target = NULL;
  RdTargetOptions target_options = {
    .demo = options->demo,
    .account = options->account,
    .region = options->region,
    .endpoint = options->endpoint,
    .factory_endpoint = options->factory_endpoint,
    .project_id = options->project_id,
    .workspace = options->workspace,
    .package_id = options->package_id,
    .timeout = options->timeout,
  };
  Lookup lookup = { 0 };
  int status = RD_EXIT_FAILED;

  if (options->export_path != NULL && options->export_path[0] == '\0')
    return usage_error (_("--export needs a file name, or “-” for standard output"));
  if (options->diff_path != NULL && options->diff_path[0] == '\0')
    return usage_error (_("--diff needs a file name, or “-” for standard output"));

  /* The demo service answers for its own project and package out of the box. */
  if (options->demo && target_options.project_id == NULL)
    target_options.project_id = RD_DEMO_PROJECT_ID;
  if (options->demo && target_options.package_id == NULL)
    target_options.package_id = RD_DEMO_PACKAGE_ID;

  if (options->account != NULL)
    store = load_accounts ();

  target = rd_target_new (&target_options, store,
                          (const char * const *) options->credentials_environ,
                          RD_TARGET_LOOKUP, &error);
  if (target == NULL)
    {
      if (g_error_matches (error, RD_TARGET_ERROR, RD_TARGET_ERROR_ACCOUNTS))
        {
          print_failure (error->message, NULL);
          return RD_EXIT_FAILED;
        }
      return usage_error (error->message);
    }

  if (options->demo)
    {
      g_autoptr(RdCredentials) demo_credentials = rd_credentials_new_token (RD_DEMO_TOKEN);

      demo = rd_demo_service_new ();
      if (!rd_demo_service_start (demo, &error))
        {
          print_failure (error->message, NULL);
          return RD_EXIT_FAILED;
        }
      rd_target_set_service (target, rd_demo_service_get_url (demo), demo_credentials);
    }

  session = rd_session_new (store);
  if (!rd_session_set_target (session, target, &error))
    return usage_error (error->message);

  client = dup_client (session, cancellable, &error);
  if (client == NULL)
    {
      if (g_error_matches (error, RD_SESSION_ERROR, RD_SESSION_ERROR_BAD_SERVICE))
        return usage_error (error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        print_failure (_("Interrupted"), NULL);
      else
        print_failure (error->message, NULL);
      return RD_EXIT_FAILED;
    }

  loop = g_main_loop_new (NULL, FALSE);
  lookup.loop = loop;

  rd_client_get_package_async (client, rd_target_get_project_id (target),
                               rd_target_get_workspace (target), rd_target_get_package_id (target),
                               cancellable, lookup_done, &lookup);
  g_main_loop_run (loop);

  if (lookup.package == NULL)
    {
      if (g_error_matches (lookup.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          print_failure (_("Interrupted"), NULL);
          status = RD_EXIT_FAILED;
        }
      else if (g_error_matches (lookup.error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT) ||
               g_error_matches (lookup.error, RD_API_ERROR, RD_API_ERROR_INSECURE))
        {
          /* Found before anything was sent: the input is at fault, as README's exit statuses
           * say. */
          status = usage_error (lookup.error->message);
        }
      else
        {
          /* A refused token is over for the window too: it asks to sign in without sending
           * it again. */
          if (g_error_matches (lookup.error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED))
            rd_session_report_unauthorized (session, client);
          print_failure (lookup.error->message, lookup.details);
          status = RD_EXIT_FAILED;
        }
    }
  else if (options->diff_path != NULL)
    status = write_patch (client, target, lookup.package, options, cancellable);
  else if (export_document (rd_release_package_get_document (lookup.package), FALSE,
                            options->export_path, cancellable, &error))
    status = RD_EXIT_OK;
  else
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        print_failure (_("Interrupted"), NULL);
      else
        print_failure (error->message, NULL);
      status = RD_EXIT_FAILED;
    }

  g_clear_object (&lookup.package);
  g_clear_error (&lookup.error);
  g_clear_pointer (&lookup.details, rd_error_details_free);

  if (demo != NULL)
    rd_demo_service_stop (demo);

  return status;
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

int
rd_cli_export (const RdCliOptions *options)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint source_ids[G_N_ELEMENTS (signals)];
  int status;

  g_return_val_if_fail (options != NULL, RD_EXIT_USAGE);
  g_return_val_if_fail ((options->export_path != NULL) != (options->diff_path != NULL),
                        RD_EXIT_USAGE);

  /* Caught for the whole run, the write included: a signal ends the lookup
   * or the export cleanly (exit 1, no temporary file), never the process
   * half-way. */
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    source_ids[i] = g_unix_signal_add (signals[i], on_interrupt, cancellable);

  status = run_export (options, cancellable);

  /* A signal that came after the last wait still counts. Bounded: a source
   * that is always ready must not keep us here. */
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  if (status == RD_EXIT_OK && g_cancellable_is_cancelled (cancellable))
    {
      print_failure (_("Interrupted"), NULL);
      status = RD_EXIT_FAILED;
    }

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    g_source_remove (source_ids[i]);

  return status;
}
