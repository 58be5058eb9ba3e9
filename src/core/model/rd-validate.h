/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-validate.h: checks and normalises what a user types or pastes: IDs, regions and endpoints. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RD_VALIDATE_ERROR (rd_validate_error_quark ())

typedef enum
{
  RD_VALIDATE_ERROR_EMPTY,
  RD_VALIDATE_ERROR_TOO_LONG,
  RD_VALIDATE_ERROR_INVALID_CHARACTERS,
  RD_VALIDATE_ERROR_INVALID_URL,
  RD_VALIDATE_ERROR_UNKNOWN_REGION,
} RdValidateError;

GQuark rd_validate_error_quark (void);

#define RD_VALIDATE_MAX_ID_LENGTH 128

/* Each trims surrounding white space (a paste often brings a newline) and
 * returns the normalised value, or NULL with a translated message naming the field. */
char *rd_validate_project_id   (const char *text, GError **error);
char *rd_validate_workspace_id (const char *text, GError **error);
char *rd_validate_package_id   (const char *text, GError **error);
char *rd_validate_region       (const char *text, GError **error);
/* An http(s) base URL without user-info, query or fragment; a trailing '/' is dropped. */
char *rd_validate_endpoint     (const char *text, GError **error);
/* The same for DataArts Factory's V1 endpoint, its message naming that field. */
char *rd_validate_factory_endpoint (const char *text, GError **error);

G_END_DECLS
