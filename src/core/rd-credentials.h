/* rd-credentials.h: an immutable set of credentials (IAM token or AK/SK) whose secrets are wiped on release. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RD_CREDENTIALS_ERROR (rd_credentials_error_quark ())

/* What is wrong with a credential value; the message names where it came from, never the value. */
typedef enum
{
  RD_CREDENTIALS_ERROR_BLANK,              /* only white space */
  RD_CREDENTIALS_ERROR_CONTROL_CHARACTER,  /* a line break, a tab or another control character */
  RD_CREDENTIALS_ERROR_INVALID_CHARACTER,  /* a space inside, or a character beyond ASCII */
} RdCredentialsError;

GQuark rd_credentials_error_quark (void);

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

/* Whether a credential value can go into a request (a secret from the keyring, an access key
 * ID from a file): FALSE with @error when it is unusable. The message says only what is wrong ("it is blank"),
 * for a sentence that says where the value came from. */
gboolean       rd_credentials_check_value       (const char     *value,
                                                 GError        **error);

RdAuthMethod   rd_credentials_get_method         (RdCredentials *self);
const char    *rd_credentials_get_token          (RdCredentials *self);
const char    *rd_credentials_get_access_key     (RdCredentials *self);
const char    *rd_credentials_get_secret_key     (RdCredentials *self);
const char    *rd_credentials_get_security_token (RdCredentials *self);

/* Overwrites a string's bytes with zeros before it is freed. */
void           rd_secret_wipe                    (char          *secret);

G_END_DECLS
