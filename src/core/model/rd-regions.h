/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-regions.h: the Huawei Cloud regions that offer DataArts Studio, and their endpoints. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char * const *rd_regions_get_all          (void);
gboolean            rd_region_is_known          (const char *region);
char               *rd_region_dup_endpoint      (const char *region);
char               *rd_region_dup_iam_endpoint  (const char *region);

G_END_DECLS
