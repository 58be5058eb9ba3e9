/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-package-patch.h: what a whole release package changes, as one git-style patch. */
#pragma once

#include <gio/gio.h>

#include "rd-client.h"
#include "rd-release-package.h"

G_BEGIN_DECLS

/* Loads the change of every task of @package (or only of the task whose pending item ID is
 * @only_pending_item_id) through @client, and puts their patches (rd_task_change_to_patch())
 * together in task order, after a header comment that names the package, @project_id and
 * @workspace (NULL: the default workspace). A task whose content could not be fetched is listed
 * all the same, its comment lines saying why. */
void     rd_package_patch_async  (RdClient             *client,
                                  RdReleasePackage     *package,
                                  const char           *project_id,
                                  const char           *workspace,
                                  const char           *only_pending_item_id,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
/* The patch, exactly as built (not made safe for a terminal: see rd_terminal_text()), and in
 * @n_unavailable (may be NULL) how many of its tasks have a side that could not be shown.
 * RD_API_ERROR_INVALID_INPUT for an @only_pending_item_id the package does not have;
 * G_IO_ERROR_CANCELLED. */
GBytes  *rd_package_patch_finish (GAsyncResult         *result,
                                  guint                *n_unavailable,
                                  GError              **error);

G_END_DECLS
