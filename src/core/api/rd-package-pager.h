/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-package-pager.h: pages through ListFactoryReleasePackages into one growing GListModel. */
#pragma once

#include <gio/gio.h>

#include "rd-client.h"
#include "rd-package-query.h"

G_BEGIN_DECLS

/* What the list call's "offset" counts. The API page leaves it open, so the
 * pager finds out from the answers (see rd-package-pager.c). */
typedef enum
{
  RD_OFFSET_READING_UNKNOWN,      /* not found out yet */
  RD_OFFSET_READING_RECORDS,      /* offset N skips N packages */
  RD_OFFSET_READING_PAGES,        /* offset N is page N, counted from 0 */
  RD_OFFSET_READING_PAGES_FROM_1, /* offset N is page N, counted from 1 (0 and 1 both give the
                                     first) */
} RdOffsetReading;

#define RD_TYPE_OFFSET_READING (rd_offset_reading_get_type ())
GType rd_offset_reading_get_type (void) G_GNUC_CONST;

#define RD_TYPE_PACKAGE_PAGER (rd_package_pager_get_type ())
G_DECLARE_FINAL_TYPE (RdPackagePager, rd_package_pager, RD, PACKAGE_PAGER, GObject)

/* Properties: "client", "project-id", "workspace" (construct-only), "query",
 * and read-only "packages" (GListModel of RdReleasePackage), "total",
 * "has-more", "loading", "offset-reading" — all notify, so a window can bind
 * a "Load more" button's sensitivity to has-more and a spinner to loading.
 *
 * @query's limit is the page size (RD_PACKAGE_QUERY_DEFAULT_LIMIT when unset);
 * its offset is ignored: the pager sets it. @workspace may be NULL. */
RdPackagePager       *rd_package_pager_new                (RdClient             *client,
                                                           const char           *project_id,
                                                           const char           *workspace,
                                                           const RdPackageQuery *query);

RdClient             *rd_package_pager_get_client         (RdPackagePager       *self);
const char           *rd_package_pager_get_project_id     (RdPackagePager       *self);
const char           *rd_package_pager_get_workspace      (RdPackagePager       *self);
const RdPackageQuery *rd_package_pager_get_query          (RdPackagePager       *self);
/* A new search: resets (see below) and keeps @query (copied). */
void                  rd_package_pager_set_query          (RdPackagePager       *self,
                                                           const RdPackageQuery *query);

/* Every package loaded so far, in the service's order, each ID once (a
 * package that moves to a later page while paging is not shown twice).
 * The same model for the pager's whole life: reset empties it. */
GListModel           *rd_package_pager_get_packages       (RdPackagePager       *self);
/* The service's last "total": how many packages match. */
guint                 rd_package_pager_get_total          (RdPackagePager       *self);
/* TRUE until the last page was seen (and before the first load). */
gboolean              rd_package_pager_get_has_more       (RdPackagePager       *self);
gboolean              rd_package_pager_get_loading        (RdPackagePager       *self);
RdOffsetReading       rd_package_pager_get_offset_reading (RdPackagePager       *self);

/* Loads the next page and appends it to the packages. The first call loads
 * the first page; the second also finds out the offset reading, which may
 * take an extra request. Calling it while a load runs fails with
 * G_IO_ERROR_PENDING. On an error (RD_API_ERROR, G_IO_ERROR_CANCELLED)
 * nothing is lost: the next call tries the same page again.
 * @n_added is how many packages were appended. */
void                  rd_package_pager_load_more_async    (RdPackagePager       *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean              rd_package_pager_load_more_finish   (RdPackagePager       *self,
                                                           GAsyncResult         *result,
                                                           guint                *n_added,
                                                           GError              **error);
/* Takes a shown package out of the packages, as a window does after
 * releasing or revoking it from a review queue; it is not shown again should
 * a later page bring it. Returns FALSE when it was not shown. Paging goes on
 * where it was: the pager notices the service's list shrinking. */
gboolean              rd_package_pager_remove             (RdPackagePager       *self,
                                                           const char           *package_id);
/* Back to before the first page: empties the packages and cancels a load in
 * flight (its finish then reports G_IO_ERROR_CANCELLED). The offset reading
 * already found out is kept: it belongs to the service, not the query. */
void                  rd_package_pager_reset              (RdPackagePager       *self);

G_END_DECLS
