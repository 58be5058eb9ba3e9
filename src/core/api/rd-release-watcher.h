/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-release-watcher.h: polls a package's details while it is being released, until it is done. */
#pragma once

#include <gio/gio.h>

#include "rd-client.h"
#include "rd-release-package.h"

G_BEGIN_DECLS

#define RD_RELEASE_WATCHER_FIRST_INTERVAL_MS 2000
#define RD_RELEASE_WATCHER_MAX_INTERVAL_MS   15000
/* Failed polls in a row (network, timeout, throttling, 5xx) before giving up. */
#define RD_RELEASE_WATCHER_MAX_FAILURES      5
/* Polls that may still find the package "to be reviewed" after the deploy call answered:
 * the service starts a release asynchronously. */
#define RD_RELEASE_WATCHER_MAX_NOT_STARTED   3

#define RD_TYPE_RELEASE_WATCHER (rd_release_watcher_get_type ())
G_DECLARE_FINAL_TYPE (RdReleaseWatcher, rd_release_watcher, RD, RELEASE_WATCHER, GObject)

/* Watches @package_id in @project_id / @workspace (NULL: the default workspace).
 *
 * No public API reports the progress of a release (the deploy call's asy_task_id
 * cannot be polled), so the watcher asks for the package's details, first after
 * 2 s and then less and less often up to every 15 s, until deploy_status is no
 * longer 5 (being released). The service starts a release after answering the deploy call,
 * so a package still "to be reviewed" is asked about again, up to
 * RD_RELEASE_WATCHER_MAX_NOT_STARTED polls, before that counts as its final state.
 *
 * Signals, on the thread-default main context of rd_release_watcher_start ():
 *   "updated"  (RdReleasePackage *package): every answer, the last one included;
 *   "finished" (RdReleasePackage *package, GError *error): once; @package is the
 *              final state (NULL on error), @error NULL unless it gave up: an
 *              answer that will not change by asking again (401, 403, 404), or
 *              RD_RELEASE_WATCHER_MAX_FAILURES failed polls in a row.
 * rd_release_watcher_stop () and disposing the watcher stop it without "finished". */
RdReleaseWatcher *rd_release_watcher_new           (RdClient         *client,
                                                    const char       *project_id,
                                                    const char       *workspace,
                                                    const char       *package_id);

/* For tests and the demo: the first and the longest wait, in milliseconds. */
void              rd_release_watcher_set_intervals (RdReleaseWatcher *self,
                                                    guint             first_ms,
                                                    guint             max_ms);

void              rd_release_watcher_start         (RdReleaseWatcher *self);
void              rd_release_watcher_stop          (RdReleaseWatcher *self);
gboolean          rd_release_watcher_is_running    (RdReleaseWatcher *self);

/* The client it polls with (a 401 of it says the account's sign-in is over). */
RdClient         *rd_release_watcher_get_client     (RdReleaseWatcher *self);
const char       *rd_release_watcher_get_project_id (RdReleaseWatcher *self);
const char       *rd_release_watcher_get_workspace  (RdReleaseWatcher *self);
const char       *rd_release_watcher_get_package_id (RdReleaseWatcher *self);
/* The latest answer, or NULL before the first. */
RdReleasePackage *rd_release_watcher_get_package    (RdReleaseWatcher *self);
/* How many polls were sent. */
guint             rd_release_watcher_get_n_polls    (RdReleaseWatcher *self);

/* The outcome of a finished release, counted over its tasks' deploy_status. */
typedef struct
{
  guint n_tasks;
  guint n_succeeded;   /* deploy_status 2 */
  guint n_failed;      /* deploy_status 3 */
  guint n_other;       /* still being released, to be reviewed, unknown */
} RdReleaseOutcome;

void              rd_release_package_count_outcome  (RdReleasePackage *package,
                                                     RdReleaseOutcome *outcome);

G_END_DECLS
