/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-package-action.h: what a release or revoke of many packages did to each one. */
#pragma once

#include <gio/gio.h>

#include "rd-api-error.h"

G_BEGIN_DECLS

typedef enum
{
  RD_OUTCOME_SUCCEEDED,   /* the service accepted the action for this package */
  RD_OUTCOME_FAILED,      /* the service refused it: see the error and its details */
  RD_OUTCOME_UNKNOWN,     /* the request went out but no answer came back (timeout, lost
                           * connection, cancelled while waiting, an unreadable answer):
                           * look the package up again before acting once more */
  RD_OUTCOME_NOT_SENT,    /* never sent: the call was cancelled, or an earlier batch was
                           * refused with 401 (see the error) */
} RdOutcome;

#define RD_TYPE_OUTCOME (rd_outcome_get_type ())
GType rd_outcome_get_type (void) G_GNUC_CONST;

#define RD_TYPE_PACKAGE_OUTCOME (rd_package_outcome_get_type ())
G_DECLARE_FINAL_TYPE (RdPackageOutcome, rd_package_outcome, RD, PACKAGE_OUTCOME, GObject)

/* Read-only properties (for GtkPropertyExpression):
 *   "package-id"          string
 *   "outcome"             RdOutcome
 *   "message"             string, the translated error message (NULL on success)
 *   "async-task-id"       string, asy_task_id of a release (NULL when not sent back)
 *   "async-subtask-count" int, asy_subtask_num of a release (RD_VALUE_ABSENT when not sent back) */
const char           *rd_package_outcome_get_package_id          (RdPackageOutcome *self);
RdOutcome             rd_package_outcome_get_outcome             (RdPackageOutcome *self);
/* The error of the batch this package was sent in: RD_API_ERROR (the service's
 * own message is in it, e.g. "… Task does not exist. (DLF.20810)") or
 * G_IO_ERROR_CANCELLED; NULL on success. */
const GError         *rd_package_outcome_get_error               (RdPackageOutcome *self);
const char           *rd_package_outcome_get_message            (RdPackageOutcome *self);
/* What support needs: status, error code, the service's message, request ID. */
const RdErrorDetails *rd_package_outcome_get_error_details       (RdPackageOutcome *self);
const char           *rd_package_outcome_get_async_task_id       (RdPackageOutcome *self);
int                   rd_package_outcome_get_async_subtask_count (RdPackageOutcome *self);

#define RD_TYPE_PACKAGE_ACTION_RESULT (rd_package_action_result_get_type ())
G_DECLARE_FINAL_TYPE (RdPackageActionResult, rd_package_action_result, RD, PACKAGE_ACTION_RESULT,
                      GObject)

/* A GListModel of RdPackageOutcome, one per distinct package ID, in the order
 * the IDs were given. */
guint             rd_package_action_result_get_n_requests  (RdPackageActionResult *self);
guint             rd_package_action_result_count           (RdPackageActionResult *self,
                                                            RdOutcome              outcome);
/* (transfer none) (nullable) */
RdPackageOutcome *rd_package_action_result_lookup          (RdPackageActionResult *self,
                                                            const char            *package_id);

G_END_DECLS
