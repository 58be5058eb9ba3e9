/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-factory-item.h: a script or job at one version, or a resource, as DataArts Factory's V1 API
 * gives it: what a review diffs. */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-enums.h"

G_BEGIN_DECLS

/* The version asked for when it was the production version (?status=PUBLISHED) rather than a
 * number; a resource has no version and says RD_FACTORY_ITEM_NO_VERSION. */
#define RD_FACTORY_ITEM_PUBLISHED  (-1)
#define RD_FACTORY_ITEM_NO_VERSION (-2)

#define RD_TYPE_FACTORY_ITEM (rd_factory_item_get_type ())
G_DECLARE_FINAL_TYPE (RdFactoryItem, rd_factory_item, RD, FACTORY_ITEM, GObject)

/* RD_TASK_TYPE_SCRIPT, _JOB or _RESOURCE. */
RdTaskType          rd_factory_item_get_kind        (RdFactoryItem *self);
/* The version this item was fetched at: a number above 0, RD_FACTORY_ITEM_PUBLISHED or
 * RD_FACTORY_ITEM_NO_VERSION. The answer's own "version" member is the latest submitted
 * version, not this one (versions.md §2), so it is not kept. */
int                 rd_factory_item_get_version     (RdFactoryItem *self);
const char         *rd_factory_item_get_name        (RdFactoryItem *self);
/* The service's ID, NULL when it sent none (scripts and jobs are addressed by name). */
const char         *rd_factory_item_get_id          (RdFactoryItem *self);
/* A script's type ("HiveSQL", "Shell", "PYTHON", …), "json" for a job, a resource's type
 * ("jar", "file", …); NULL when the service sent none. */
const char         *rd_factory_item_get_language    (RdFactoryItem *self);
/* A script's text ("" when the service sent none); NULL for jobs and resources. */
const char         *rd_factory_item_get_text        (RdFactoryItem *self,
                                                     gsize         *length);
/* The settings a reviewer compares besides the text, as parallel NULL-terminated arrays of
 * names (the API's member names) and values (text: a map as sorted "key=value" lines, a
 * list one item a line); only the members the service sent. Jobs have none: their whole
 * definition is the document. */
const char * const *rd_factory_item_get_setting_names  (RdFactoryItem *self);
const char * const *rd_factory_item_get_setting_values (RdFactoryItem *self);
/* The value of setting @name, or NULL. */
const char         *rd_factory_item_lookup_setting  (RdFactoryItem *self,
                                                     const char    *name);
/* A job's definition as the service sent it (an object node); NULL for the others. */
JsonNode           *rd_factory_item_get_document    (RdFactoryItem *self);
/* About how many bytes the item holds, for a cache's budget. */
gsize               rd_factory_item_get_size        (RdFactoryItem *self);

G_END_DECLS
