/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-regions.c: the Huawei Cloud regions that offer DataArts Studio, and their endpoints. */
#define G_LOG_DOMAIN "rd-regions"

#include "config.h"

#include "rd-regions.h"

/* The regions the Huawei Cloud SDKs list for the dataartsstudio v1 service. */
static const char * const regions[] = {
  "cn-north-1", "cn-north-2", "cn-north-4", "cn-north-9",
  "cn-east-2", "cn-east-3", "cn-south-1", "cn-southwest-2",
  "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
  "af-south-1", "ru-northwest-2", "sa-brazil-1", "la-south-2", "la-north-2",
  "na-mexico-1", "tr-west-1", "me-east-1", "ae-ad-1", "eu-west-101",
  NULL
};

const char * const *
rd_regions_get_all (void)
{
  return regions;
}

gboolean
rd_region_is_known (const char *region)
{
  if (region == NULL)
    return FALSE;

  return g_strv_contains (regions, region);
}

/* The EU site lives under its own top-level domain. */
static const char *
region_domain (const char *region)
{
  if (g_str_equal (region, "eu-west-101"))
    return "myhuaweicloud.eu";

  return "myhuaweicloud.com";
}

/* Returns NULL for a region outside the list: callers then ask for an explicit endpoint. */
char *
rd_region_dup_endpoint (const char *region)
{
  g_return_val_if_fail (region != NULL, NULL);

  if (!rd_region_is_known (region))
    return NULL;

  return g_strdup_printf ("https://dayu.%s.%s", region, region_domain (region));
}

char *
rd_region_dup_iam_endpoint (const char *region)
{
  g_return_val_if_fail (region != NULL, NULL);

  if (!rd_region_is_known (region))
    return NULL;

  return g_strdup_printf ("https://iam.%s.%s", region, region_domain (region));
}
