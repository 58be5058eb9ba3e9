/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-job-normalise.h: a DataArts job definition (ShowJob's answer) as stable text to line-diff,
 * and a one-line summary of what changed between two versions of it. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @job: the job's JSON object. Returns it pretty-printed (2 spaces) with a final newline, so
 * that two versions differ only where the job does:
 * - the volatile members at the top are dropped: `id`, `createTime`, `lastUpdateUser`,
 *   `version`, `downstreamJobs`; and each node's `location` (its place on the canvas);
 * - object members are sorted by name (byte order), at every depth;
 * - arrays keep their order, except those named `nodes`, `properties` and `params`, whose
 *   objects are sorted by their `name` member (a stable sort: equal names keep their order).
 * A @job that is not an object is printed as it is. */
char *rd_job_normalise  (JsonNode *job);

/* A translated one-line summary such as "2 nodes changed, 1 node added; schedule changed".
 * Nodes are matched by `name` and compared once normalised (so moving a node on the canvas is
 * no change); `schedule`, `params` and `basicConfig` are reported as such, any other member
 * as "other settings". @old_job NULL: the job is new; @new_job NULL: it is deleted.
 * "No changes" when the normalised jobs are equal. */
char *rd_job_summarise  (JsonNode *old_job,
                         JsonNode *new_job);

G_END_DECLS
