/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-task-change.h: what one task of a release package changes: its deployed and pending
 * versions fetched as versions.md §8 says, and their diff. */
#pragma once

#include <gio/gio.h>

#include "rd-client.h"
#include "rd-diff-settings.h"
#include "rd-diff.h"
#include "rd-factory-item.h"
#include "rd-task.h"

G_BEGIN_DECLS

typedef enum
{
  RD_CHANGE_SIDE_OLD,   /* the deployed version (left, "before") */
  RD_CHANGE_SIDE_NEW,   /* the pending version (right, "after") */
} RdChangeSide;

typedef enum
{
  RD_SIDE_ABSENT,    /* nothing there by design: an added item's old side, a deleted one's new */
  RD_SIDE_WAITING,   /* not asked for yet */
  RD_SIDE_LOADING,
  RD_SIDE_LOADED,
  RD_SIDE_FAILED,    /* see rd_task_change_get_side_error() */
} RdSideState;

#define RD_TYPE_TASK_CHANGE (rd_task_change_get_type ())
G_DECLARE_FINAL_TYPE (RdTaskChange, rd_task_change, RD, TASK_CHANGE, GObject)

/* The change of @task (its type, update type, name and versions are read now). */
RdTaskChange       *rd_task_change_new              (RdTask               *task);

/* Fetches both sides through @client (from its cache when it has them) and diffs them (in a
 * worker thread). A side that cannot be fetched fails on its own and never fails the load:
 * _finish fails only when cancelled. "changed" is emitted whenever a side's state changes and
 * when the diff is there. Loading again (another @flags) fetches only what is missing. */
void                rd_task_change_load_async       (RdTaskChange         *self,
                                                     RdClient             *client,
                                                     const char           *project_id,
                                                     const char           *workspace,
                                                     RdDiffFlags           flags,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean            rd_task_change_load_finish      (RdTaskChange         *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

RdTask             *rd_task_change_get_task         (RdTaskChange         *self);
/* RD_TASK_TYPE_SCRIPT, _JOB or _RESOURCE; 0 for a type the app does not know. */
RdTaskType          rd_task_change_get_kind         (RdTaskChange         *self);
/* A task name fit for a path in a patch: "scripts/NAME@v3", "jobs/NAME@v6"; NULL for an
 * absent side. */
char               *rd_task_change_dup_label        (RdTaskChange         *self,
                                                     RdChangeSide          side);
RdSideState         rd_task_change_get_side_state   (RdTaskChange         *self,
                                                     RdChangeSide          side);
/* Why a side failed, in words for a person; NULL unless RD_SIDE_FAILED. */
const GError       *rd_task_change_get_side_error   (RdTaskChange         *self,
                                                     RdChangeSide          side);
RdFactoryItem      *rd_task_change_get_side_item    (RdTaskChange         *self,
                                                     RdChangeSide          side);
/* The text diffed for a side: a script's text, a job's normalised definition; NULL when the
 * side has none. */
const char         *rd_task_change_get_side_text    (RdTaskChange         *self,
                                                     RdChangeSide          side);
/* "sql", "sh", "python", "json" or NULL: what to highlight the text as (GtkSourceView ids). */
const char         *rd_task_change_get_language_id  (RdTaskChange         *self);
/* The diff, once loaded: NULL while loading, for resources (no versions) and when neither
 * side has a text. */
RdDiff             *rd_task_change_get_diff         (RdTaskChange         *self);
/* The settings that differ (element-type RdSettingChange): a script's type, connection,
 * database, queue, configuration, directory and description; a resource's metadata (one
 * side only: resources have no versions). Empty until loaded. */
GPtrArray          *rd_task_change_get_settings     (RdTaskChange         *self);
/* One line about the change, or NULL: a job's "2 nodes changed, 1 node added; schedule
 * changed", a deleted item's "Deleted; the previous content is not available", a resource's
 * "Resources have no version history: this is the current metadata". */
const char         *rd_task_change_get_summary      (RdTaskChange         *self);
/* Whether both sides are settled (loaded, failed or absent) and the diff, if any, is there. */
gboolean            rd_task_change_is_loaded        (RdTaskChange         *self);
/* Whether a load is under way. */
gboolean            rd_task_change_is_loading       (RdTaskChange         *self);

/* The change as a git-style unified diff ("--- a/scripts/NAME@v3", "+++ b/scripts/NAME@v4",
 * "/dev/null" for an absent side), preceded by comment lines ("# …") that name the task and
 * say what could not be shown; NULL until loaded. */
char               *rd_task_change_to_patch         (RdTaskChange         *self);

G_END_DECLS
