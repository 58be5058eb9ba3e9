/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-window-review.c: the window's review queue, Release and Revoke, and watching a release
 * finish. */
#define G_LOG_DOMAIN "rd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-window-private.h"

#include "rd-enums.h"
#include "rd-package-action.h"

/* How many package names a confirmation or a failure report lists before "and N more". */
#define MAX_NAMES_LISTED 10
/* Watchers of one release answer within this of each other: one list call for them all. */
#define QUEUE_REFRESH_DELAY_MS 100

/* What a Release or Revoke acts on: the selected packages of the queue, or the one on show;
 * the client is the session's, when the action starts. */
typedef struct
{
  RdWindow   *self;
  gboolean    release;
  RdClient   *client;
  char       *project_id;
  char       *workspace;
  GPtrArray  *packages;   /* RdReleasePackage waiting for review */
  guint       n_skipped;  /* selected, but in a status that does not allow the action */
  guint       n_pending;  /* details still being fetched to count the tasks */
  guint       n_uncounted;
  GHashTable *uncounted;  /* package id -> why its tasks were not counted */
  gboolean    start_jobs;
  GError     *refused;    /* a 401 while counting: the account is signed out */
} Action;

static void
action_free (Action *action)
{
  g_clear_object (&action->self);
  g_clear_object (&action->client);
  g_free (action->project_id);
  g_free (action->workspace);
  g_clear_pointer (&action->packages, g_ptr_array_unref);
  g_clear_pointer (&action->uncounted, g_hash_table_unref);
  g_clear_error (&action->refused);
  g_free (action);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Action, action_free)

static gboolean
can_be_acted_on (RdReleasePackage *package)
{
  /* Only a package waiting for review can be released or sent back. */
  return rd_release_package_get_deploy_status (package) == RD_DEPLOY_STATUS_TO_BE_REVIEWED;
}

static const char *
package_title (RdReleasePackage *package)
{
  const char *name = rd_release_package_get_package_name (package);

  return name != NULL && name[0] != '\0' ? name : rd_release_package_get_package_id (package);
}

/* NULL when there is nothing to act on. */
static Action *
collect_targets (RdWindow *self,
                 gboolean  release)
{
  g_autoptr(GPtrArray) selected = rd_queue_view_dup_selected (self->queue_view);
  g_autoptr(Action) action = g_new0 (Action, 1);

  action->self = g_object_ref (self);
  action->release = release;
  action->start_jobs = TRUE;
  action->packages = g_ptr_array_new_with_free_func (g_object_unref);

  if (selected->len > 0)
    {
      RdPackagePager *pager = rd_queue_view_get_pager (self->queue_view);

      action->project_id = g_strdup (rd_package_pager_get_project_id (pager));
      action->workspace = g_strdup (rd_package_pager_get_workspace (pager));
      for (guint i = 0; i < selected->len; i++)
        {
          RdReleasePackage *package = g_ptr_array_index (selected, i);

          /* The package on show has its tasks; the list's copy has none. */
          if (self->package != NULL &&
              g_strcmp0 (rd_release_package_get_package_id (self->package),
                         rd_release_package_get_package_id (package)) == 0)
            package = self->package;

          if (can_be_acted_on (package))
            g_ptr_array_add (action->packages, g_object_ref (package));
          else
            action->n_skipped++;
        }
    }
  else if (self->package != NULL && rd_session_has_service (self->session) &&
           self->last_request != NULL &&
           self->state == RD_WINDOW_STATE_PACKAGE)
    {
      action->project_id = g_strdup (self->last_request->project_id);
      action->workspace = g_strdup (self->last_request->workspace);
      if (can_be_acted_on (self->package))
        g_ptr_array_add (action->packages, g_object_ref (self->package));
      else
        action->n_skipped++;
    }

  if (action->packages->len == 0)
    return NULL;

  return g_steal_pointer (&action);
}

void
rd_window_review_update_actions (RdWindow *self)
{
  g_autoptr(GPtrArray) selected = NULL;
  g_autoptr(Action) release = NULL;

  if (self->queue_view == NULL)
    return;

  selected = rd_queue_view_dup_selected (self->queue_view);
  release = self->review.action_busy ? NULL : collect_targets (self, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.release", release != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.revoke", release != NULL);

  /* Only what the status allows is offered: a released package shows no Release. */
  gtk_action_bar_set_revealed (self->action_bar,
                               release != NULL || self->review.action_busy || selected->len > 1);

  if (self->review.counting_tasks)
    gtk_label_set_label (self->action_label, _("Counting tasks…"));
  else if (self->review.action_busy && !self->review.confirming)
    gtk_label_set_label (self->action_label, _("Sending…"));
  else if (self->review.action_busy)
    gtk_label_set_label (self->action_label, "");
  else if (selected->len > 1)
    {
      g_autofree char *text =
        /* Translators: in the bar with Release and Revoke */
        g_strdup_printf (ngettext ("%u package selected", "%u packages selected", selected->len),
                         selected->len);

      gtk_label_set_label (self->action_label, text);
    }
  else
    gtk_label_set_label (self->action_label, "");
}

/* Watching */

/* Whether the review queue shows @package_id now. */
static gboolean
queue_lists (RdWindow   *self,
             const char *package_id)
{
  RdPackagePager *pager = rd_queue_view_get_pager (self->queue_view);
  GListModel *packages = pager != NULL ? rd_package_pager_get_packages (pager) : NULL;
  guint n = packages != NULL ? g_list_model_get_n_items (packages) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdReleasePackage) listed = g_list_model_get_item (packages, i);

      if (g_strcmp0 (rd_release_package_get_package_id (listed), package_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
refresh_queue_cb (gpointer user_data)
{
  RdWindow *self = user_data;

  self->review.queue_refresh_id = 0;
  rd_queue_view_refresh (self->queue_view);
  return G_SOURCE_REMOVE;
}

static void
on_watch_updated (RdReleaseWatcher *watcher,
                  RdReleasePackage *package,
                  RdWindow         *self)
{
  rd_window_show_package_in_place (self, package);

  /* The service starts a release after answering the deploy call: the queue listed right
   * after may still show and count the package as waiting. Once it has left, list again
   * (once for all the packages of a release that say so together). */
  if (rd_release_package_get_deploy_status (package) != RD_DEPLOY_STATUS_TO_BE_REVIEWED &&
      queue_lists (self, rd_release_package_get_package_id (package)) &&
      self->review.queue_refresh_id == 0)
    {
      self->review.queue_refresh_id = g_timeout_add (QUEUE_REFRESH_DELAY_MS, refresh_queue_cb,
                                                     self);
      g_source_set_name_by_id (self->review.queue_refresh_id, "[rd] queue after release");
    }
}

static char *
dup_outcome_text (RdReleasePackage *package)
{
  RdReleaseOutcome outcome;
  g_autofree char *succeeded = NULL;

  rd_release_package_count_outcome (package, &outcome);
  succeeded = g_strdup_printf (ngettext ("%u task succeeded", "%u tasks succeeded",
                                         outcome.n_succeeded), outcome.n_succeeded);
  if (outcome.n_failed == 0)
    return g_steal_pointer (&succeeded);

  /* Translators: "12 tasks succeeded, 1 failed"; the first %s is "12 tasks succeeded" */
  return g_strdup_printf (ngettext ("%s, %u failed", "%s, %u failed", outcome.n_failed),
                          succeeded, outcome.n_failed);
}

static void
notify_release_finished (RdWindow         *self,
                         RdReleaseWatcher *watcher,
                         RdReleasePackage *package,
                         const GError     *error)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  const char *title_name = g_object_get_data (G_OBJECT (watcher), "rd-title");
  const char *workspace = rd_release_watcher_get_workspace (watcher);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  g_autofree char *toast = NULL;
  int status = package != NULL ? rd_release_package_get_deploy_status (package) : RD_VALUE_ABSENT;

  if (package != NULL)
    title_name = package_title (package);
  if (title_name == NULL)
    title_name = rd_release_watcher_get_package_id (watcher);

  if (error != NULL)
    {
      /* Translators: a notification's title; %s is a package name */
      title = g_strdup_printf (_("Release of %s not followed to the end"), title_name);
      body = g_strdup (error->message);
    }
  else if (status == RD_DEPLOY_STATUS_SUCCESSFUL)
    {
      /* Translators: a notification's title; %s is a package name */
      title = g_strdup_printf (_("Package %s released"), title_name);
      body = dup_outcome_text (package);
    }
  else if (status == RD_DEPLOY_STATUS_FAILED)
    {
      /* Translators: a notification's title; %s is a package name */
      title = g_strdup_printf (_("Release of package %s failed"), title_name);
      body = dup_outcome_text (package);
    }
  else
    {
      g_autofree char *label = rd_deploy_status_dup_label (status);

      /* Translators: a notification's title; %s is a package name */
      title = g_strdup_printf (_("Package %s is no longer being released"), title_name);
      /* Translators: a notification's text; %s is a status such as "To be reviewed" */
      body = g_strdup_printf (_("Its status is now “%s”"), label);
    }

  /* Translators: a toast in the window when a watched release ends: "Package X released: 12 tasks
   * succeeded" */
  toast = g_strdup_printf (_("%s: %s"), title, body);
  rd_window_toast (self, toast);

  if (app == NULL)
    return;

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  if (error != NULL || status == RD_DEPLOY_STATUS_FAILED)
    g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-package", "(sss)",
                                                rd_release_watcher_get_project_id (watcher),
                                                workspace != NULL ? workspace : "",
                                                rd_release_watcher_get_package_id (watcher));
  id = g_strdup_printf ("release-%s-%s", rd_release_watcher_get_project_id (watcher),
                        rd_release_watcher_get_package_id (watcher));
  g_application_send_notification (G_APPLICATION (app), id, notification);
}

static void
on_watch_finished (RdReleaseWatcher *watcher,
                   RdReleasePackage *package,
                   const GError     *error,
                   RdWindow         *self)
{
  g_autoptr(RdReleaseWatcher) keep = g_object_ref (watcher);

  g_debug ("Release of package %s finished: %s", rd_release_watcher_get_package_id (watcher),
           error != NULL ? error->message : "done");

  if (package != NULL)
    rd_window_show_package_in_place (self, package);
  else if (g_error_matches (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND))
    rd_window_show_package_gone (self, rd_release_watcher_get_package_id (watcher), FALSE,
                                 error->message);
  notify_release_finished (self, watcher, package, error);

  /* Signed out while the release ran: it is watched again once signed in again. */
  if (g_error_matches (error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED))
    {
      rd_session_report_unauthorized (self->session, rd_release_watcher_get_client (watcher));
      if (rd_session_get_needs_sign_in (self->session))
        g_ptr_array_add (self->review.interrupted_watches, g_object_ref (watcher));
    }

  g_hash_table_remove (self->review.watchers, rd_release_watcher_get_package_id (watcher));
  rd_queue_view_refresh (self->queue_view);
  rd_window_update_actions (self);
}

static void
watch (RdWindow   *self,
       RdClient   *client,
       const char *project_id,
       const char *workspace,
       const char *package_id,
       const char *title)
{
  RdReleaseWatcher *watcher = rd_release_watcher_new (client, project_id, workspace, package_id);

  if (self->review.watch_first_ms > 0)
    rd_release_watcher_set_intervals (watcher, self->review.watch_first_ms,
                                      MAX (self->review.watch_max_ms, self->review.watch_first_ms));
  g_object_set_data_full (G_OBJECT (watcher), "rd-title", g_strdup (title), g_free);
  g_signal_connect_object (watcher, "updated", G_CALLBACK (on_watch_updated), self, 0);
  g_signal_connect_object (watcher, "finished", G_CALLBACK (on_watch_finished), self, 0);
  g_hash_table_replace (self->review.watchers, g_strdup (package_id), watcher);
  rd_release_watcher_start (watcher);
}

static void
watch_release (RdWindow         *self,
               Action           *action,
               RdReleasePackage *package)
{
  watch (self, action->client, action->project_id, action->workspace,
         rd_release_package_get_package_id (package), package_title (package));
}

/* Sending */

static RdReleasePackage *
find_target (Action     *action,
             const char *package_id)
{
  for (guint i = 0; i < action->packages->len; i++)
    if (g_strcmp0 (rd_release_package_get_package_id (g_ptr_array_index (action->packages, i)),
                   package_id) == 0)
      return g_ptr_array_index (action->packages, i);
  return NULL;
}

static void
on_shown_refreshed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RdWindow) self = user_data;
  g_autoptr(RdReleasePackage) package = NULL;
  g_autoptr(GError) error = NULL;

  package = rd_client_get_package_finish (RD_CLIENT (source), result, &error);
  if (package == NULL)
    {
      /* The watcher, or the next lookup, says it again. */
      g_debug ("The shown package was not refreshed: %s", error->message);
      if (g_error_matches (error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED))
        rd_session_report_unauthorized (self->session, RD_CLIENT (source));
      /* Gone (revoked from elsewhere): its Release and Revoke go with it. */
      else if (g_error_matches (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND) &&
               self->package != NULL)
        rd_window_show_package_gone (self, rd_release_package_get_package_id (self->package),
                                     FALSE, error->message);
      return;
    }
  /* Only if the same package is still on show. */
  rd_window_show_package_in_place (self, package);
}

/* What the service says of the shown package now ("Being released", "Revoked"), without
 * leaving it for a loading page. */
static void
refresh_shown_in_place (RdWindow *self,
                        Action   *action)
{
  rd_client_get_package_async (action->client, action->project_id, action->workspace,
                               rd_release_package_get_package_id (self->package),
                               self->review.refresh_cancellable, on_shown_refreshed,
                               g_object_ref (self));
}

/* A 401 stopped @action: what it did not do to @stopped is offered again after signing in. */
static void
keep_interrupted (RdWindow  *self,
                  Action    *action,
                  GPtrArray *stopped)
{
  Action *again = g_new0 (Action, 1);

  again->self = g_object_ref (self);
  again->release = action->release;
  again->start_jobs = action->start_jobs;
  again->project_id = g_strdup (action->project_id);
  again->workspace = g_strdup (action->workspace);
  again->packages = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < stopped->len; i++)
    g_ptr_array_add (again->packages, g_object_ref (g_ptr_array_index (stopped, i)));

  g_clear_pointer ((Action **) &self->review.interrupted_action, action_free);
  self->review.interrupted_action = again;
}

static void
on_sign_in_response (RdWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.fix-account", NULL);
}

static void
on_action_sent (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Action) action = user_data;
  RdWindow *self = action->self;
  g_autoptr(RdPackageActionResult) outcome = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  /* The packages a 401 stopped: offered again once signed in again. */
  g_autoptr(GPtrArray) stopped = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_failed = 0, n_unknown = 0, n_succeeded = 0, n = 0;
  gboolean shown_changed = FALSE;
  gboolean signed_out = FALSE;

  if (action->release)
    outcome = rd_client_release_packages_finish (RD_CLIENT (source), result, &error);
  else
    outcome = rd_client_revoke_packages_finish (RD_CLIENT (source), result, &error);

  if (self->review.watchers == NULL)   /* the window is gone */
    return;

  self->review.action_busy = FALSE;
  g_clear_object (&self->review.action_cancellable);

  if (outcome == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rd_window_toast (self, error->message);
      rd_window_update_actions (self);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (outcome));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdPackageOutcome) item = g_list_model_get_item (G_LIST_MODEL (outcome), i);
      RdReleasePackage *package = find_target (action, rd_package_outcome_get_package_id (item));
      const char *title = package != NULL ? package_title (package)
                                          : rd_package_outcome_get_package_id (item);

      if (rd_package_outcome_get_outcome (item) == RD_OUTCOME_SUCCEEDED)
        {
          n_succeeded++;
          if (action->release && package != NULL)
            watch_release (self, action, package);
          if (self->package != NULL && package != NULL &&
              g_strcmp0 (rd_release_package_get_package_id (self->package),
                         rd_release_package_get_package_id (package)) == 0)
            shown_changed = TRUE;
          continue;
        }

      n_failed++;
      if (g_error_matches (rd_package_outcome_get_error (item), RD_API_ERROR,
                           RD_API_ERROR_UNAUTHORIZED))
        {
          signed_out = TRUE;
          if (package != NULL)
            g_ptr_array_add (stopped, g_object_ref (package));
        }
      if (rd_package_outcome_get_outcome (item) == RD_OUTCOME_UNKNOWN)
        n_unknown++;
      if (n_failed > MAX_NAMES_LISTED)
        continue;
      if (rd_package_outcome_get_outcome (item) == RD_OUTCOME_UNKNOWN)
        /* Translators: a line of the report: name, then why no answer came; the request
         * went out, so the action may have happened */
        g_string_append_printf (failures, _("%s: %s (it may have gone through: look it up "
                                            "before trying again)\n"),
                                title, rd_package_outcome_get_message (item) != NULL
                                         ? rd_package_outcome_get_message (item) : "");
      else
        /* Translators: a line of the report of refused packages: name, then the service's
         * message */
        g_string_append_printf (failures, _("%s: %s\n"), title,
                                rd_package_outcome_get_message (item) != NULL
                                  ? rd_package_outcome_get_message (item) : "");
    }

  if (n_failed > MAX_NAMES_LISTED)
    g_string_append_printf (failures, ngettext ("…and %u more\n", "…and %u more\n",
                                                n_failed - MAX_NAMES_LISTED),
                            n_failed - MAX_NAMES_LISTED);

  if (signed_out)
    {
      rd_session_report_unauthorized (self->session, action->client);
      if (rd_session_get_needs_sign_in (self->session) && stopped->len > 0)
        keep_interrupted (self, action, stopped);
    }

  if (n_failed > 0)
    {
      AdwMessageDialog *dialog;
      g_autofree char *heading = NULL;
      const char *sign_in = signed_out ? rd_window_get_sign_in_label (self) : NULL;

      if (n_unknown == n_failed)
        heading = g_strdup_printf (
            ngettext ("%u Package Not Confirmed", "%u Packages Not Confirmed", n_failed), n_failed);
      else if (action->release)
        heading = g_strdup_printf (ngettext ("%u Package Not Released", "%u Packages Not Released",
                                             n_failed), n_failed);
      else
        heading = g_strdup_printf (ngettext ("%u Package Not Revoked", "%u Packages Not Revoked",
                                             n_failed), n_failed);
      g_strchomp (failures->str);
      dialog =
          ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, failures->str));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      /* Refused for the sign-in: the way to sign in again, after which the action is offered
       * again. */
      if (sign_in != NULL)
        {
          adw_message_dialog_add_response (dialog, "sign-in", sign_in);
          adw_message_dialog_set_response_appearance (dialog, "sign-in", ADW_RESPONSE_SUGGESTED);
          adw_message_dialog_set_default_response (dialog, "sign-in");
          g_signal_connect_object (dialog, "response::sign-in", G_CALLBACK (on_sign_in_response),
                                   self, G_CONNECT_SWAPPED);
        }
      adw_message_dialog_set_close_response (dialog, "close");
      gtk_window_present (GTK_WINDOW (dialog));
    }

  if (n_succeeded > 0)
    {
      g_autofree char *text = NULL;

      if (action->release)
        text = g_strdup_printf (ngettext ("Releasing %u package…", "Releasing %u packages…",
                                          n_succeeded), n_succeeded);
      else
        text = g_strdup_printf (ngettext ("%u package sent back to its developer",
                                          "%u packages sent back to their developers",
                                          n_succeeded), n_succeeded);
      rd_window_toast (self, text);
    }

  /* What the service says now: "Being released", or no longer in the queue. */
  rd_queue_view_refresh (self->queue_view);
  /* A revoked package leaves the review for good (the service no longer finds it); a released
   * one says "Being released". */
  if (shown_changed && !action->release)
    rd_window_show_package_gone (self, rd_release_package_get_package_id (self->package), TRUE,
                                 NULL);
  else if (shown_changed)
    refresh_shown_in_place (self, action);
  rd_window_update_actions (self);
}

static void
send_action (Action *action)
{
  RdWindow *self = action->self;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < action->packages->len; i++)
    g_ptr_array_add (ids, (gpointer) rd_release_package_get_package_id (
                              g_ptr_array_index (action->packages, i)));
  g_ptr_array_add (ids, NULL);

  self->review.action_busy = TRUE;
  g_clear_object (&self->review.action_cancellable);
  self->review.action_cancellable = g_cancellable_new ();
  if (action->release)
    rd_client_release_packages_async (action->client, action->project_id, action->workspace,
                                      (const char * const *) ids->pdata, action->start_jobs,
                                      self->review.action_cancellable, on_action_sent, action);
  else
    rd_client_revoke_packages_async (action->client, action->project_id, action->workspace,
                                     (const char * const *) ids->pdata,
                                     self->review.action_cancellable, on_action_sent, action);
  rd_window_update_actions (self);
}

/* Confirmation */

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  Action *action = user_data;
  GtkCheckButton *start_jobs = g_object_get_data (G_OBJECT (dialog), "rd-start-jobs");

  action->self->review.confirming = FALSE;

  if (g_str_equal (response, "release") || g_str_equal (response, "revoke"))
    {
      if (start_jobs != NULL)
        action->start_jobs = gtk_check_button_get_active (start_jobs);
      /* The dialog's data owns the action; the request takes it over. */
      g_object_steal_data (G_OBJECT (dialog), "rd-action");
      action->self->review.action_busy = FALSE;
      send_action (action);
      return;
    }

  action->self->review.action_busy = FALSE;
  rd_window_update_actions (action->self);
}

static guint
count_tasks (Action *action)
{
  guint n = 0;

  for (guint i = 0; i < action->packages->len; i++)
    {
      GListModel *tasks = rd_release_package_get_tasks (g_ptr_array_index (action->packages, i));

      n += tasks != NULL ? g_list_model_get_n_items (tasks) : 0;
    }
  return n;
}

static void
confirm (Action *action)
{
  RdWindow *self = action->self;
  AdwMessageDialog *dialog;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  guint n = action->packages->len;
  guint n_tasks = count_tasks (action);

  self->review.counting_tasks = FALSE;
  self->review.confirming = TRUE;

  if (action->release)
    heading =
        n == 1 ? g_strdup (_("Release Package?"))
               : g_strdup_printf (ngettext ("Release %u Package?", "Release %u Packages?", n), n);
  else
    heading = n == 1
                  ? g_strdup (_("Revoke Package?"))
                  : g_strdup_printf (ngettext ("Revoke %u Package?", "Revoke %u Packages?", n), n);

  /* Each package acted on, by name, with what it takes along. */
  for (guint i = 0; i < n && i < MAX_NAMES_LISTED; i++)
    {
      RdReleasePackage *package = g_ptr_array_index (action->packages, i);
      GListModel *tasks = rd_release_package_get_tasks (package);
      const char *why = action->uncounted != NULL
                          ? g_hash_table_lookup (action->uncounted,
                                                 rd_release_package_get_package_id (package))
                          : NULL;
      guint n_package_tasks = tasks != NULL ? g_list_model_get_n_items (tasks) : 0;

      if (why != NULL)
        /* Translators: a line of the Release/Revoke question: a package, then why its tasks
         * could not be counted */
        g_string_append_printf (body, _("• %s — tasks not counted: %s\n"), package_title (package),
                                why);
      else
        /* Translators: a line of the Release/Revoke question: a package and its tasks */
        g_string_append_printf (body, ngettext ("• %s — %u task\n", "• %s — %u tasks\n",
                                                n_package_tasks),
                                package_title (package), n_package_tasks);
    }
  if (n > MAX_NAMES_LISTED)
    g_string_append_printf (body,
                            ngettext ("…and %u more\n", "…and %u more\n", n - MAX_NAMES_LISTED),
                            n - MAX_NAMES_LISTED);
  /* Where: a production project looks like any other in a package's name. */
  if (action->workspace != NULL)
    /* Translators: under the packages in the Release/Revoke question; project, workspace IDs */
    g_string_append_printf (body, _("In project %s, workspace %s\n"), action->project_id,
                            action->workspace);
  else
    /* Translators: under the packages in the Release/Revoke question; %s is a project ID */
    g_string_append_printf (body, _("In project %s, its default workspace\n"),
                            action->project_id);
  g_string_append_c (body, '\n');

  /* Reviewing is the job: a release of tasks nobody marked says so (and still goes ahead). */
  if (action->release)
    {
      g_autofree char *note = rd_window_changes_dup_unreviewed_note (self, action->packages,
                                                                     action->project_id,
                                                                     action->workspace);

      if (note != NULL)
        g_string_append_printf (body, "%s\n", note);
    }

  /* Whole sentences, so that each language can word them its own way. */
  if (action->release && action->n_uncounted == n)
    g_string_append (body, ngettext ("Its tasks will be released to production.",
                                     "Their tasks will be released to production.", n));
  else if (!action->release && action->n_uncounted == n)
    g_string_append (body, ngettext ("Its tasks will go back to the developers, who can fix and "
                                     "submit them again.",
                                     "Their tasks will go back to the developers, who can fix "
                                     "and submit them again.", n));
  else if (action->release && action->n_uncounted > 0)
    /* Translators: when the tasks of some packages could not be counted */
    g_string_append_printf (body, ngettext ("At least %u task will be released to production.",
                                            "At least %u tasks will be released to production.",
                                            n_tasks), n_tasks);
  else if (action->release)
    g_string_append_printf (body, ngettext ("%u task will be released to production.",
                                            "%u tasks will be released to production.",
                                            n_tasks), n_tasks);
  else if (action->n_uncounted > 0)
    /* Translators: when the tasks of some packages could not be counted */
    g_string_append_printf (body, ngettext ("At least %u task will go back to the developers, who "
                                            "can fix and submit it again.",
                                            "At least %u tasks will go back to the developers, who "
                                            "can fix and submit them again.",
                                            n_tasks), n_tasks);
  else
    g_string_append_printf (body, ngettext ("%u task will go back to the developers, who can fix "
                                            "and submit it again.",
                                            "%u tasks will go back to the developers, who can fix "
                                            "and submit them again.",
                                            n_tasks), n_tasks);

  if (action->n_skipped > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (
          body,
          ngettext ("%u selected package is skipped: it is not waiting for review.",
                    "%u selected packages are skipped: they are not waiting for review.",
                    action->n_skipped),
          action->n_skipped);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body->str));
  /* Closing the window takes the question (and the action it would send) with it. */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  if (action->release)
    {
      GtkWidget *start_jobs = gtk_check_button_new_with_mnemonic (_("_Start jobs after release"));

      /* The service's own default (startup_mode 1). */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (start_jobs), TRUE);
      gtk_widget_set_halign (start_jobs, GTK_ALIGN_CENTER);
      adw_message_dialog_set_extra_child (dialog, start_jobs);
      g_object_set_data (G_OBJECT (dialog), "rd-start-jobs", start_jobs);
      adw_message_dialog_add_response (dialog, "release", _("_Release"));
      adw_message_dialog_set_response_appearance (dialog, "release", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "release");
    }
  else
    {
      adw_message_dialog_add_response (dialog, "revoke", _("_Revoke"));
      adw_message_dialog_set_response_appearance (dialog, "revoke", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, "cancel");
    }
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "rd-action", action, (GDestroyNotify) action_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response), action);
  gtk_window_present (GTK_WINDOW (dialog));
  rd_window_update_actions (self);
}

/* One package's details asked for to count its tasks. */
typedef struct
{
  Action *action;
  char   *package_id;
} Count;

static void
count_free (Count *count)
{
  g_free (count->package_id);
  g_free (count);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Count, count_free)

static void
on_details_for_count (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Count) count = user_data;
  Action *action = count->action;
  g_autoptr(RdReleasePackage) package = NULL;
  g_autoptr(GError) error = NULL;

  package = rd_client_get_package_finish (RD_CLIENT (source), result, &error);
  if (package != NULL)
    {
      RdReleasePackage *listed = find_target (action, rd_release_package_get_package_id (package));

      for (guint i = 0; listed != NULL && i < action->packages->len; i++)
        if (g_ptr_array_index (action->packages, i) == listed)
          {
            /* The details are newer than the list: it may not wait for review any more. */
            if (can_be_acted_on (package))
              {
                g_object_unref (listed);
                action->packages->pdata[i] = g_steal_pointer (&package);
              }
            else
              {
                g_ptr_array_remove_index (action->packages, i);
                action->n_skipped++;
              }
            break;
          }
    }
  else if (g_error_matches (error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED))
    g_set_error_literal (&action->refused, error->domain, error->code, error->message);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      action->n_uncounted++;
      if (action->uncounted == NULL)
        action->uncounted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_replace (action->uncounted, g_strdup (count->package_id),
                            g_strdup (error->message));
    }

  if (--action->n_pending > 0)
    return;

  if (action->self->review.watchers == NULL ||
      (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      if (action->self->review.watchers != NULL)
        {
          action->self->review.action_busy = FALSE;
          action->self->review.counting_tasks = FALSE;
          rd_window_update_actions (action->self);
        }
      action_free (action);
      return;
    }

  /* Signed out: nothing is asked, or sent, until signed in again; then it is asked again. */
  if (action->refused != NULL)
    {
      RdWindow *self = action->self;

      self->review.action_busy = FALSE;
      self->review.counting_tasks = FALSE;
      rd_session_report_unauthorized (self->session, action->client);
      rd_window_toast (self, action->refused->message);
      if (rd_session_get_needs_sign_in (self->session))
        keep_interrupted (self, action, action->packages);
      rd_window_update_actions (self);
      action_free (action);
      return;
    }

  if (action->packages->len == 0)
    {
      action->self->review.action_busy = FALSE;
      action->self->review.counting_tasks = FALSE;
      rd_window_toast (action->self, _("None of the packages waits for review any more"));
      rd_queue_view_refresh (action->self->queue_view);
      rd_window_update_actions (action->self);
      action_free (action);
      return;
    }

  confirm (action);
}

/* The list has no tasks: fetch each package's details to say how many tasks go out. */
static void
count_and_confirm (Action *action)
{
  RdWindow *self = action->self;
  g_autoptr(GPtrArray) to_fetch = g_ptr_array_new ();

  for (guint i = 0; i < action->packages->len; i++)
    if (g_ptr_array_index (action->packages, i) != self->package)
      g_ptr_array_add (to_fetch, g_ptr_array_index (action->packages, i));

  if (to_fetch->len == 0)
    {
      confirm (action);
      return;
    }

  self->review.counting_tasks = TRUE;
  if (self->review.action_cancellable == NULL)
    self->review.action_cancellable = g_cancellable_new ();
  action->n_pending = to_fetch->len;
  for (guint i = 0; i < to_fetch->len; i++)
    {
      Count *count = g_new0 (Count, 1);

      count->action = action;
      count->package_id =
        g_strdup (rd_release_package_get_package_id (g_ptr_array_index (to_fetch, i)));
      rd_client_get_package_async (action->client, action->project_id, action->workspace,
                                   count->package_id, self->review.action_cancellable,
                                   on_details_for_count, count);
    }
  rd_window_update_actions (self);
}

static void
on_action_client (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Action *action = user_data;
  RdWindow *self = action->self;
  g_autoptr(GError) error = NULL;

  action->client = rd_session_dup_client_finish (RD_SESSION (source), result, &error);
  if (self->review.watchers == NULL)   /* the window is gone */
    {
      action_free (action);
      return;
    }

  if (action->client == NULL)
    {
      self->review.action_busy = FALSE;
      g_clear_object (&self->review.action_cancellable);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rd_window_toast (self, error->message);
      /* Signed out: offered again once signed in again. */
      if (rd_session_get_needs_sign_in (self->session))
        {
          g_clear_pointer ((Action **) &self->review.interrupted_action, action_free);
          self->review.interrupted_action = action;
        }
      else
        action_free (action);
      rd_window_update_actions (self);
      return;
    }

  count_and_confirm (action);
}

/* Takes @action over: with the session's client, counts its tasks and asks first. */
static void
start_action_with (RdWindow *self,
                   Action   *action)
{
  RdClient *client = rd_session_get_client (self->session);

  /* Until the dialog is answered, a second click opens nothing. */
  self->review.action_busy = TRUE;
  if (client != NULL)
    {
      action->client = g_object_ref (client);
      count_and_confirm (action);
      return;
    }

  /* The account's secrets are read first (the keyring may ask to be unlocked). */
  g_clear_object (&self->review.action_cancellable);
  self->review.action_cancellable = g_cancellable_new ();
  rd_session_dup_client_async (self->session, self->review.action_cancellable, on_action_client,
                               action);
  rd_window_update_actions (self);
}

static void
start_action (RdWindow *self,
              gboolean  release)
{
  Action *action = collect_targets (self, release);

  if (action == NULL || self->review.action_busy)
    {
      g_clear_pointer (&action, action_free);
      return;
    }

  start_action_with (self, action);
}

static void
release_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  start_action (RD_WINDOW (widget), TRUE);
}

static void
revoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  start_action (RD_WINDOW (widget), FALSE);
}

static void
show_queue_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  RdWindow *self = RD_WINDOW (widget);

  rd_window_set_queue_visible (self, TRUE);
  adw_leaflet_set_visible_child_name (self->leaflet, "queue");
}

static void
toggle_queue_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  RdWindow *self = RD_WINDOW (widget);

  rd_window_set_queue_visible (self, self->queue_hidden);
}

/* The queue */

static void
on_queue_package_selected (RdWindow   *self,
                           const char *package_id)
{
  RdPackagePager *pager = rd_queue_view_get_pager (self->queue_view);

  if (pager == NULL)
    return;

  /* Selecting is opening: no second click, and on a narrow window the details slide in. */
  rd_window_lookup (self, rd_package_pager_get_project_id (pager),
                    rd_package_pager_get_workspace (pager), package_id);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
on_queue_selection_changed (RdWindow *self)
{
  rd_window_update_actions (self);
}

/* A 401 from the queue signs the account out as any other; the queue is listed again once
 * signed in again. */
static void
on_queue_load_failed (RdWindow     *self,
                      const GError *error)
{
  RdPackagePager *pager = rd_queue_view_get_pager (self->queue_view);

  if (!g_error_matches (error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED) || pager == NULL)
    return;

  rd_session_report_unauthorized (self->session, rd_package_pager_get_client (pager));
  self->queue_interrupted = TRUE;
}

typedef struct
{
  RdWindow         *self;
  RdReleaseWatcher *stopped;
} Rewatch;

static void
rewatch_free (Rewatch *rewatch)
{
  g_clear_object (&rewatch->self);
  g_clear_object (&rewatch->stopped);
  g_free (rewatch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rewatch, rewatch_free)

static void
on_rewatch_client (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Rewatch) rewatch = user_data;
  RdWindow *self = rewatch->self;
  RdReleaseWatcher *stopped = rewatch->stopped;
  g_autoptr(RdClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = rd_session_dup_client_finish (RD_SESSION (source), result, &error);
  if (self->review.watchers == NULL)   /* the window is gone */
    return;
  if (client == NULL)
    {
      g_debug ("Release of package %s not watched again: %s",
               rd_release_watcher_get_package_id (stopped), error->message);
      return;
    }

  watch (self, client, rd_release_watcher_get_project_id (stopped),
         rd_release_watcher_get_workspace (stopped), rd_release_watcher_get_package_id (stopped),
         g_object_get_data (G_OBJECT (stopped), "rd-title"));
  rd_window_update_actions (self);
}

void
rd_window_review_resume (RdWindow *self)
{
  g_autoptr(GPtrArray) watches = g_steal_pointer (&self->review.interrupted_watches);

  self->review.interrupted_watches = g_ptr_array_new_with_free_func (g_object_unref);

  /* Back where they stopped, with the new credentials. */
  for (guint i = 0; watches != NULL && i < watches->len; i++)
    {
      Rewatch *rewatch = g_new0 (Rewatch, 1);

      rewatch->self = g_object_ref (self);
      rewatch->stopped = g_object_ref (g_ptr_array_index (watches, i));
      rd_session_dup_client_async (self->session, self->review.refresh_cancellable,
                                   on_rewatch_client, rewatch);
    }

  /* The question again, about what was not done: the person decides anew. */
  if (self->review.interrupted_action != NULL && !self->review.action_busy)
    start_action_with (self, g_steal_pointer ((Action **) &self->review.interrupted_action));
}

void
rd_window_review_forget_interrupted (RdWindow *self)
{
  g_clear_pointer ((Action **) &self->review.interrupted_action, action_free);
  if (self->review.interrupted_watches != NULL)
    g_ptr_array_set_size (self->review.interrupted_watches, 0);
}

void
rd_window_review_update_source (RdWindow   *self,
                                const char *project_id,
                                const char *workspace)
{
  RdClient *client = rd_session_get_client (self->session);

  if (client == NULL || self->queue_hidden)
    return;

  rd_queue_view_set_source (self->queue_view, client, project_id, workspace);
  rd_window_update_actions (self);
}

void
rd_window_review_clear_source (RdWindow *self)
{
  rd_queue_view_set_source (self->queue_view, NULL, NULL, NULL);
}

void
rd_window_review_refresh (RdWindow *self)
{
  rd_queue_view_refresh (self->queue_view);
}

void
rd_window_review_init (RdWindow *self)
{
  self->review.watchers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->review.refresh_cancellable = g_cancellable_new ();
  self->review.interrupted_watches = g_ptr_array_new_with_free_func (g_object_unref);
}

void
rd_window_review_dispose (RdWindow *self)
{
  rd_window_review_forget_interrupted (self);
  g_clear_pointer (&self->review.interrupted_watches, g_ptr_array_unref);
  g_clear_handle_id (&self->review.queue_refresh_id, g_source_remove);
  if (self->review.action_cancellable != NULL)
    g_cancellable_cancel (self->review.action_cancellable);
  g_clear_object (&self->review.action_cancellable);
  if (self->review.refresh_cancellable != NULL)
    g_cancellable_cancel (self->review.refresh_cancellable);
  g_clear_object (&self->review.refresh_cancellable);

  /* Watching stops with the window: each watcher's poll in flight is cancelled. */
  if (self->review.watchers != NULL)
    {
      GHashTableIter iter;
      gpointer watcher;

      g_hash_table_iter_init (&iter, self->review.watchers);
      while (g_hash_table_iter_next (&iter, NULL, &watcher))
        rd_release_watcher_stop (watcher);
      g_clear_pointer (&self->review.watchers, g_hash_table_unref);
    }
}

void
rd_window_review_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_queue_package_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_queue_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_queue_load_failed);

  gtk_widget_class_install_action (widget_class, "win.release", NULL, release_action);
  gtk_widget_class_install_action (widget_class, "win.revoke", NULL, revoke_action);
  gtk_widget_class_install_action (widget_class, "win.show-queue", NULL, show_queue_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-queue", NULL, toggle_queue_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-queue", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.release", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.revoke", NULL);
}

/* For tests and the demo */

void
rd_window_set_queue_visible (RdWindow *self,
                             gboolean  visible)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  if (self->queue_hidden == !visible)
    return;

  self->queue_hidden = !visible;
  gtk_widget_set_visible (self->queue_box, visible);
  gtk_widget_set_visible (self->queue_separator, visible);

  /* A hidden queue is not loaded (nor refreshed every few minutes). */
  if (!visible)
    rd_window_review_clear_source (self);
  else if (rd_session_get_client (self->session) != NULL && self->last_request != NULL)
    rd_window_review_update_source (self, self->last_request->project_id,
                                    self->last_request->workspace);
  else
    rd_window_list_queue (self);
}

gboolean
rd_window_get_queue_visible (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);

  return !self->queue_hidden;
}

void
rd_window_set_watch_intervals (RdWindow *self,
                               guint     first_ms,
                               guint     max_ms)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  self->review.watch_first_ms = first_ms;
  self->review.watch_max_ms = max_ms;
}

guint
rd_window_get_n_watched (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), 0);

  return self->review.watchers != NULL ? g_hash_table_size (self->review.watchers) : 0;
}

RdQueueView *
rd_window_get_queue_view (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return self->queue_view;
}
