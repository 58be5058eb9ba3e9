/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-release-watcher.c: polls a package's details while it is being released, until it is done. */
#define G_LOG_DOMAIN "rd-release-watcher"

#include "config.h"

#include "rd-release-watcher.h"

#include "rd-enums.h"
#include "rd-task.h"

struct _RdReleaseWatcher
{
  GObject           parent_instance;

  RdClient         *client;
  char             *project_id;
  char             *workspace;
  char             *package_id;

  guint             first_ms;
  guint             max_ms;
  guint             next_ms;

  GCancellable     *cancellable;   /* the poll in flight, NULL between polls */
  guint             timeout_id;    /* the wait before the next poll */
  gboolean          running;
  guint             n_polls;
  guint             n_failures;
  guint             n_not_started;  /* answers "to be reviewed" before any "being released" */
  gboolean          started;        /* seen "being released", or anything after it */

  RdReleasePackage *package;
};

G_DEFINE_FINAL_TYPE (RdReleaseWatcher, rd_release_watcher, G_TYPE_OBJECT)

enum
{
  UPDATED,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_poll (RdReleaseWatcher *self);

static void
rd_release_watcher_dispose (GObject *object)
{
  RdReleaseWatcher *self = RD_RELEASE_WATCHER (object);

  rd_release_watcher_stop (self);
  g_clear_object (&self->client);
  g_clear_object (&self->package);

  G_OBJECT_CLASS (rd_release_watcher_parent_class)->dispose (object);
}

static void
rd_release_watcher_finalize (GObject *object)
{
  RdReleaseWatcher *self = RD_RELEASE_WATCHER (object);

  g_free (self->project_id);
  g_free (self->workspace);
  g_free (self->package_id);

  G_OBJECT_CLASS (rd_release_watcher_parent_class)->finalize (object);
}

static void
rd_release_watcher_class_init (RdReleaseWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_release_watcher_dispose;
  object_class->finalize = rd_release_watcher_finalize;

  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, RD_TYPE_RELEASE_PACKAGE);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 2, RD_TYPE_RELEASE_PACKAGE, G_TYPE_ERROR);
}

static void
rd_release_watcher_init (RdReleaseWatcher *self)
{
  self->first_ms = RD_RELEASE_WATCHER_FIRST_INTERVAL_MS;
  self->max_ms = RD_RELEASE_WATCHER_MAX_INTERVAL_MS;
}

RdReleaseWatcher *
rd_release_watcher_new (RdClient   *client,
                        const char *project_id,
                        const char *workspace,
                        const char *package_id)
{
  RdReleaseWatcher *self;

  g_return_val_if_fail (RD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (project_id != NULL, NULL);
  g_return_val_if_fail (package_id != NULL, NULL);

  self = g_object_new (RD_TYPE_RELEASE_WATCHER, NULL);
  self->client = g_object_ref (client);
  self->project_id = g_strdup (project_id);
  self->workspace = g_strdup (workspace != NULL && workspace[0] != '\0' ? workspace : NULL);
  self->package_id = g_strdup (package_id);

  return self;
}

void
rd_release_watcher_set_intervals (RdReleaseWatcher *self,
                                  guint             first_ms,
                                  guint             max_ms)
{
  g_return_if_fail (RD_IS_RELEASE_WATCHER (self));
  g_return_if_fail (first_ms > 0 && max_ms >= first_ms);

  self->first_ms = first_ms;
  self->max_ms = max_ms;
}

/* Failures that asking again may cure; anything else will answer the same next time. */
static gboolean
is_transient (const GError *error)
{
  return g_error_matches (error, RD_API_ERROR, RD_API_ERROR_NETWORK) ||
         g_error_matches (error, RD_API_ERROR, RD_API_ERROR_TIMEOUT) ||
         g_error_matches (error, RD_API_ERROR, RD_API_ERROR_THROTTLED) ||
         g_error_matches (error, RD_API_ERROR, RD_API_ERROR_SERVER) ||
         g_error_matches (error, RD_API_ERROR, RD_API_ERROR_BAD_RESPONSE);
}

static void
finish (RdReleaseWatcher *self,
        RdReleasePackage *package,
        const GError     *error)
{
  g_autoptr(RdReleaseWatcher) keep = g_object_ref (self);

  self->running = FALSE;
  g_signal_emit (self, signals[FINISHED], 0, package, error);
}

static void
on_polled (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(RdReleaseWatcher) self = g_weak_ref_get (weak);
  g_autoptr(RdReleasePackage) package = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (weak);
  g_free (weak);
  package = rd_client_get_package_finish (RD_CLIENT (source), result, &error);

  /* Stopped or dropped meanwhile: say nothing more. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->running)
    return;
  g_clear_object (&self->cancellable);

  if (package == NULL)
    {
      self->n_failures++;
      g_debug ("Poll %u of package %s failed (%u in a row): %s", self->n_polls,
               self->package_id, self->n_failures, error->message);
      if (!is_transient (error) || self->n_failures >= RD_RELEASE_WATCHER_MAX_FAILURES)
        finish (self, NULL, error);
      else
        schedule_poll (self);
      return;
    }

  self->n_failures = 0;
  g_set_object (&self->package, package);
  g_signal_emit (self, signals[UPDATED], 0, package);
  if (!self->running)
    return;

  if (rd_release_package_get_deploy_status (package) == RD_DEPLOY_STATUS_TO_BE_REVIEWED &&
      !self->started && ++self->n_not_started < RD_RELEASE_WATCHER_MAX_NOT_STARTED)
    {
      /* Not started yet: the deploy call's answer came before the service moved it. */
      schedule_poll (self);
      return;
    }
  if (rd_release_package_get_deploy_status (package) != RD_DEPLOY_STATUS_TO_BE_REVIEWED)
    self->started = TRUE;

  if (rd_release_package_get_deploy_status (package) == RD_DEPLOY_STATUS_BEING_RELEASED)
    schedule_poll (self);
  else
    finish (self, package, NULL);
}

static gboolean
poll_cb (gpointer user_data)
{
  RdReleaseWatcher *self = user_data;
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  self->timeout_id = 0;
  self->n_polls++;
  self->cancellable = g_cancellable_new ();
  /* The poll does not keep the watcher alive: dropping it (the window closes) cancels
   * the request in dispose, and the answer finds nobody to tell. */
  g_weak_ref_init (weak, self);
  rd_client_get_package_async (self->client, self->project_id, self->workspace, self->package_id,
                               self->cancellable, on_polled, weak);

  return G_SOURCE_REMOVE;
}

/* 2 s, 3 s, 4.5 s, … up to 15 s: a release of a few tasks is seen finishing at once,
 * a long one costs a request every 15 s. */
static void
schedule_poll (RdReleaseWatcher *self)
{
  guint wait_ms = self->next_ms;

  self->next_ms = MIN (self->max_ms, self->next_ms + self->next_ms / 2);
  self->timeout_id = g_timeout_add (wait_ms, poll_cb, self);
  g_source_set_name_by_id (self->timeout_id, "[rd] release watcher poll");
}

void
rd_release_watcher_start (RdReleaseWatcher *self)
{
  g_return_if_fail (RD_IS_RELEASE_WATCHER (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->n_failures = 0;
  self->next_ms = self->first_ms;
  schedule_poll (self);
}

void
rd_release_watcher_stop (RdReleaseWatcher *self)
{
  g_return_if_fail (RD_IS_RELEASE_WATCHER (self));

  self->running = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

gboolean
rd_release_watcher_is_running (RdReleaseWatcher *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_WATCHER (self), FALSE);

  return self->running;
}

RdClient *
rd_release_watcher_get_client (RdReleaseWatcher *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_WATCHER (self), NULL);

  return self->client;
}

const char *
rd_release_watcher_get_project_id (RdReleaseWatcher *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_WATCHER (self), NULL);

  return self->project_id;
}

const char *
rd_release_watcher_get_workspace (RdReleaseWatcher *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_WATCHER (self), NULL);

  return self->workspace;
}

const char *
rd_release_watcher_get_package_id (RdReleaseWatcher *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_WATCHER (self), NULL);

  return self->package_id;
}

RdReleasePackage *
rd_release_watcher_get_package (RdReleaseWatcher *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_WATCHER (self), NULL);

  return self->package;
}

guint
rd_release_watcher_get_n_polls (RdReleaseWatcher *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_WATCHER (self), 0);

  return self->n_polls;
}

void
rd_release_package_count_outcome (RdReleasePackage *package,
                                  RdReleaseOutcome *outcome)
{
  GListModel *tasks;
  guint n;

  g_return_if_fail (RD_IS_RELEASE_PACKAGE (package));
  g_return_if_fail (outcome != NULL);

  *outcome = (RdReleaseOutcome) { 0 };
  tasks = rd_release_package_get_tasks (package);
  n = tasks != NULL ? g_list_model_get_n_items (tasks) : 0;
  outcome->n_tasks = n;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);

      switch (rd_task_get_deploy_status (task))
        {
        case RD_DEPLOY_STATUS_SUCCESSFUL:
          outcome->n_succeeded++;
          break;
        case RD_DEPLOY_STATUS_FAILED:
          outcome->n_failed++;
          break;
        default:
          outcome->n_other++;
          break;
        }
    }
}
