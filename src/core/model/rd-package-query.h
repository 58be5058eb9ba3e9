/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-package-query.h: the filters, sort order and page of a ListFactoryReleasePackages call. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  RD_SORT_DIRECTION_DEFAULT,      /* not sent: the service sorts newest first */
  RD_SORT_DIRECTION_ASCENDING,    /* "asc": oldest first */
  RD_SORT_DIRECTION_DESCENDING,   /* "desc": newest first */
} RdSortDirection;

#define RD_PACKAGE_QUERY_DEFAULT_LIMIT 10
#define RD_PACKAGE_QUERY_MAX_LIMIT     100

#define RD_TYPE_PACKAGE_QUERY (rd_package_query_get_type ())

/* A plain value (copy it freely). Every member starts unset, and only the set
 * ones are sent: unset means "the service's default". Strings are trimmed;
 * an empty one unsets. Times are milliseconds since the epoch, and
 * RD_VALUE_ABSENT (-1) unsets them. */
typedef struct _RdPackageQuery RdPackageQuery;

GType           rd_package_query_get_type                 (void) G_GNUC_CONST;
RdPackageQuery *rd_package_query_new                      (void);
/* What the review queue shows by default: deploy_status_filter [1], "to be reviewed". */
RdPackageQuery *rd_package_query_new_review_queue         (void);
RdPackageQuery *rd_package_query_copy                     (const RdPackageQuery *query);
void            rd_package_query_free                     (RdPackageQuery       *query);
gboolean        rd_package_query_equal                    (const RdPackageQuery *a,
                                                           const RdPackageQuery *b);

/* key_word: matches the package name. */
void            rd_package_query_set_key_word             (RdPackageQuery       *query,
                                                           const char           *key_word);
const char     *rd_package_query_get_key_word             (const RdPackageQuery *query);
/* apply_user_name: who submitted the package. */
void            rd_package_query_set_apply_user_name      (RdPackageQuery       *query,
                                                           const char           *user_name);
const char     *rd_package_query_get_apply_user_name      (const RdPackageQuery *query);
/* deploy_user_name: who released it. */
void            rd_package_query_set_deploy_user_name     (RdPackageQuery       *query,
                                                           const char           *user_name);
const char     *rd_package_query_get_deploy_user_name     (const RdPackageQuery *query);

/* apply_begin_time / apply_end_time: when it was submitted, both ends included. */
void            rd_package_query_set_apply_time_range     (RdPackageQuery       *query,
                                                           gint64                begin_ms,
                                                           gint64                end_ms);
void            rd_package_query_get_apply_time_range     (const RdPackageQuery *query,
                                                           gint64               *begin_ms,
                                                           gint64               *end_ms);
/* deploy_begin_time / deploy_end_time: when it was released. */
void            rd_package_query_set_deploy_time_range    (RdPackageQuery       *query,
                                                           gint64                begin_ms,
                                                           gint64                end_ms);
void            rd_package_query_get_deploy_time_range    (const RdPackageQuery *query,
                                                           gint64               *begin_ms,
                                                           gint64               *end_ms);

/* deploy_status_filter: RdDeployStatus values; @n_statuses 0 unsets (all statuses). */
void            rd_package_query_set_deploy_statuses      (RdPackageQuery       *query,
                                                           const int            *statuses,
                                                           guint                 n_statuses);
const int      *rd_package_query_get_deploy_statuses      (const RdPackageQuery *query,
                                                           guint                *n_statuses);

/* sorted_direction; the service sorts by apply_timestamp. */
void            rd_package_query_set_sort_direction       (RdPackageQuery       *query,
                                                           RdSortDirection       direction);
RdSortDirection rd_package_query_get_sort_direction       (const RdPackageQuery *query);

/* limit (1 to RD_PACKAGE_QUERY_MAX_LIMIT; 0 unsets, the service then sends 10)
 * and offset (-1 unsets). Whether offset counts records or pages depends on
 * the service: RdPackagePager finds out, so a window should page with it
 * rather than set the offset itself. */
void            rd_package_query_set_limit                (RdPackageQuery       *query,
                                                           guint                 limit);
guint           rd_package_query_get_limit                (const RdPackageQuery *query);
void            rd_package_query_set_offset               (RdPackageQuery       *query,
                                                           gint64                offset);
gint64          rd_package_query_get_offset               (const RdPackageQuery *query);

/* The request body, members in a fixed order, only the set ones:
 * {"key_word":"订单","deploy_status_filter":[1],"limit":10,"offset":0}. */
char           *rd_package_query_to_json                  (const RdPackageQuery *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdPackageQuery, rd_package_query_free)

G_END_DECLS
