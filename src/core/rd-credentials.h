/* rd-credentials.h: an immutable set of credentials (IAM token or AK/SK) whose secrets are wiped on release. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  RD_AUTH_METHOD_TOKEN,
  RD_AUTH_METHOD_ACCESS_KEY,
} RdAuthMethod;

#define RD_TYPE_CREDENTIALS (rd_credentials_get_type ())
G_DECLARE_FINAL_TYPE (RdCredentials, rd_credentials, RD, CREDENTIALS, GObject)

/* No properties on purpose: a property dump must never show a secret. */
RdCredentials *rd_credentials_new_token        (const char    *token);
RdCredentials *rd_credentials_new_access_key   (const char    *access_key,
                                                const char    *secret_key,
                                                const char    *security_token);
/* HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK (+ HUAWEICLOUD_SDK_SECURITY_TOKEN),
 * else RELEASE_DESK_TOKEN; NULL when none is set. */
RdCredentials *rd_credentials_new_from_environment (void);

RdAuthMethod   rd_credentials_get_method         (RdCredentials *self);
const char    *rd_credentials_get_token          (RdCredentials *self);
const char    *rd_credentials_get_access_key     (RdCredentials *self);
const char    *rd_credentials_get_secret_key     (RdCredentials *self);
const char    *rd_credentials_get_security_token (RdCredentials *self);

/* Overwrites a string's bytes with zeros before it is freed. */
void           rd_secret_wipe                    (char          *secret);

G_END_DECLS
