/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-client.h: the asynchronous DataArts Studio client (libsoup 3, GTask, GCancellable). */
#pragma once

#include <gio/gio.h>

#include "rd-api-error.h"
#include "rd-credentials.h"
#include "rd-factory-item.h"
#include "rd-package-query.h"
#include "rd-release-package.h"

G_BEGIN_DECLS

/* Defined in rd-package-action.h, which the callers of release and revoke include. */
typedef struct _RdPackageActionResult RdPackageActionResult;

#define RD_CLIENT_DEFAULT_TIMEOUT_SECONDS 30
/* The longest a call may take, for the client, IAM sign-in and --timeout alike: ten
 * minutes is far beyond any answer, and a typo of a day is refused rather than waited. */
#define RD_CLIENT_MAX_TIMEOUT_SECONDS 600
#define RD_CLIENT_DEFAULT_MAX_RESPONSE_SIZE (64 * 1024 * 1024)

#define RD_TYPE_CLIENT (rd_client_get_type ())
G_DECLARE_FINAL_TYPE (RdClient, rd_client, RD, CLIENT, GObject)

/* @endpoint is a base URL such as "https://dayu.cn-north-4.myhuaweicloud.com";
 * only http and https, no user-info, query or fragment; a path is kept as a prefix.
 * Returns NULL with RD_API_ERROR_INVALID_INPUT otherwise. */
RdClient       *rd_client_new                     (const char      *endpoint,
                                                   RdCredentials   *credentials,
                                                   GError         **error);
RdClient       *rd_client_new_for_region          (const char      *region,
                                                   RdCredentials   *credentials,
                                                   GError         **error);

const char     *rd_client_get_endpoint            (RdClient        *self);
/* Where the script, job and resource calls go (DataArts Factory's V1 API): by default
 * "https://dayu-dlf.{region}.…" for a region's "https://dayu.{region}.…" endpoint, else the
 * endpoint itself. NULL or "" sets the default back. */
const char     *rd_client_get_factory_endpoint    (RdClient        *self);
gboolean        rd_client_set_factory_endpoint    (RdClient        *self,
                                                   const char      *endpoint,
                                                   GError         **error);
/* Properties "timeout" (seconds for the whole call, default 30),
 * "max-response-size" (bytes, default 64 MiB) and
 * "retry-delay" (milliseconds of the first backoff on 502/503/504, default 1000). */
guint           rd_client_get_timeout             (RdClient        *self);
void            rd_client_set_timeout             (RdClient        *self,
                                                   guint            seconds);
gsize           rd_client_get_max_response_size   (RdClient        *self);
void            rd_client_set_max_response_size   (RdClient        *self,
                                                   gsize            max_size);
guint           rd_client_get_retry_delay         (RdClient        *self);
void            rd_client_set_retry_delay         (RdClient        *self,
                                                   guint            milliseconds);

/* ShowFactoryPackageDetail. @workspace may be NULL for the default workspace. */
void            rd_client_get_package_async       (RdClient            *self,
                                                   const char          *project_id,
                                                   const char          *workspace,
                                                   const char          *package_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
RdReleasePackage *rd_client_get_package_finish    (RdClient            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* ListFactoryReleasePackages: one page. Only the members of @query that are
 * set are sent (NULL: none). Retried on 429/502/503/504 like the detail call.
 * Returns a GListModel of RdReleasePackage without tasks, and @total, the
 * number of matching packages on all pages. To page, use RdPackagePager. */
void            rd_client_list_packages_async     (RdClient             *self,
                                                   const char           *project_id,
                                                   const char           *workspace,
                                                   const RdPackageQuery *query,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GListModel     *rd_client_list_packages_finish    (RdClient            *self,
                                                   GAsyncResult        *result,
                                                   guint               *total,
                                                   GError             **error);

/* The service takes at most this many IDs per release or revoke call. */
#define RD_CLIENT_MAX_PACKAGES_PER_REQUEST 100

/* DeployFactoryPackages ("Release") and CancelFactoryPackages ("Revoke").
 * @package_ids is NULL-terminated; any number, split into calls of at most
 * RD_CLIENT_MAX_PACKAGES_PER_REQUEST sent one after another. Never retried
 * automatically: one click is one action. The result has one RdPackageOutcome
 * per distinct ID: succeeded, failed (with the service's message and
 * RdErrorDetails of its batch), unknown (sent, no answer) or not sent (after
 * a cancellation or a 401, which stops the remaining batches). _finish fails
 * only when nothing was sent: invalid input, or cancelled before the first batch.
 * @start_jobs is startup_mode: start the released jobs (the console's default). */
void            rd_client_release_packages_async  (RdClient            *self,
                                                   const char          *project_id,
                                                   const char          *workspace,
                                                   const char * const  *package_ids,
                                                   gboolean             start_jobs,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
RdPackageActionResult *rd_client_release_packages_finish (RdClient      *self,
                                                          GAsyncResult  *result,
                                                          GError       **error);
void            rd_client_revoke_packages_async   (RdClient            *self,
                                                   const char          *project_id,
                                                   const char          *workspace,
                                                   const char * const  *package_ids,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
RdPackageActionResult *rd_client_revoke_packages_finish  (RdClient      *self,
                                                          GAsyncResult  *result,
                                                          GError       **error);

/* DataArts Factory V1, for reviewing a package's changes (versions.md). A script or job at
 * @version (above 0), or, for a script, its production version (RD_FACTORY_ITEM_PUBLISHED).
 * Names are sent as one path segment; an empty name, "." or ".." is refused. A numbered
 * version never changes, so it is kept (a few hundred items, 128 MiB at most) and asked for
 * once; at most two Factory calls of a client are sent at a time, the others wait their
 * turn (a cancelled one is never sent). A version that does not exist or was purged fails
 * with RD_API_ERROR_NOT_FOUND in words that say so. */
void            rd_client_get_script_version_async (RdClient           *self,
                                                    const char         *project_id,
                                                    const char         *workspace,
                                                    const char         *name,
                                                    int                 version,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
RdFactoryItem  *rd_client_get_script_version_finish (RdClient          *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);
void            rd_client_get_job_version_async    (RdClient           *self,
                                                    const char         *project_id,
                                                    const char         *workspace,
                                                    const char         *name,
                                                    int                 version,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
RdFactoryItem  *rd_client_get_job_version_finish   (RdClient           *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);
/* A resource by its exact name: ListResources (filtered by name, paged), then ShowResource
 * by the ID found. Resources have no versions: never kept. */
void            rd_client_find_resource_async      (RdClient           *self,
                                                    const char         *project_id,
                                                    const char         *workspace,
                                                    const char         *name,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
RdFactoryItem  *rd_client_find_resource_finish     (RdClient           *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);

/* The details of a failed detail, list or Factory call, or NULL when it succeeded or
 * failed before a request was sent. Call it with the result passed to the
 * callback. A release or revoke keeps them per package instead. */
RdErrorDetails *rd_client_dup_error_details       (RdClient            *self,
                                                   GAsyncResult        *result);

G_END_DECLS
