/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-package-action-private.h: how the client fills in an RdPackageActionResult. */
#pragma once

#include "rd-package-action.h"

G_BEGIN_DECLS

RdPackageActionResult *rd_package_action_result_new            (const char * const    *package_ids,
                                                                guint                  n_ids);
RdPackageOutcome      *rd_package_action_result_get_outcome_at (RdPackageActionResult *self,
                                                                guint                  position);
void                   rd_package_action_result_add_request    (RdPackageActionResult *self);

/* Each sets the outcome once: it starts as RD_OUTCOME_NOT_SENT. */
void rd_package_outcome_set_succeeded (RdPackageOutcome     *self,
                                       const char           *async_task_id,
                                       int                   async_subtask_count);
void rd_package_outcome_set_failed    (RdPackageOutcome     *self,
                                       RdOutcome             outcome,
                                       const GError         *error,
                                       const RdErrorDetails *details);

G_END_DECLS
