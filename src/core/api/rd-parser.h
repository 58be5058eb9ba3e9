/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-parser.h: the release-package API's answers, through json-glib, strictly into models. */
#pragma once

#include <gio/gio.h>

#include "rd-json-check.h"
#include "rd-factory-item.h"
#include "rd-release-package.h"

G_BEGIN_DECLS

/* RD_PARSE_ERROR and its codes are in rd-json-check.h (the model's, for every JSON file read). */

/* The deepest nesting accepted; a real detail answer nests 4 deep. */
#define RD_PARSE_MAX_DEPTH RD_JSON_CHECK_MAX_DEPTH

/* Parses a detail answer. Errors name the member path and what was expected:
 * "task_details[3].deploy_status: expected a number". */
RdReleasePackage *rd_parse_package_detail (GBytes  *bytes,
                                           GError **error);

/* Parses a list answer, {"data":[release_package, …],"total":N}, as strictly:
 * "data[3].deploy_status: expected a number". Returns a GListModel of
 * RdReleasePackage (without tasks) and sets @total. */
GListModel       *rd_parse_package_list   (GBytes  *bytes,
                                           guint   *total,
                                           GError **error);

/* Parses a ShowScript, ShowJob or ShowResource answer (DataArts Factory V1, camelCase) into
 * an item of @kind fetched at @version, as strictly: "configuration: expected an object". */
RdFactoryItem    *rd_parse_factory_item   (GBytes     *bytes,
                                           RdTaskType  kind,
                                           int         version,
                                           GError    **error);

/* Parses a ListResources answer, {"total":N,"resources":[ResourceInfo, …]}: a new array of
 * RdFactoryItem (resources) in the answer's order, and @total, the number of matching
 * resources on all pages. */
GPtrArray        *rd_parse_resource_list  (GBytes     *bytes,
                                           guint      *total,
                                           GError    **error);

G_END_DECLS
