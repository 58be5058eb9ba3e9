/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-credentials.h: an immutable set of credentials (IAM token or AK/SK) whose secrets are wiped on
 * release. */
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

/* The environment variables credentials come from: HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK
 * (+ HUAWEICLOUD_SDK_SECURITY_TOKEN), else RELEASE_DESK_TOKEN. The names are the ones Huawei's
 * own SDKs read, so a shell already set up for them works here too.
 *
 * Removes those variables from this process's environment (their values wiped where the
 * environment kept them) and returns them as "NAME=VALUE" strings, so that no program this
 * process starts inherits them. Never NULL; free with rd_credentials_environ_free (). */
char         **rd_credentials_take_environment  (void);
/* Wipes each string, then frees the list; NULL is fine. */
void           rd_credentials_environ_free      (char          **environ_vars);

/* The credentials an environment gives (a NULL-terminated list of "NAME=VALUE", such as
 * rd_credentials_take_environment () returns; NULL for none): NULL without @error when it gives
 * none, NULL with RD_CREDENTIALS_ERROR naming the variable when one that would be used is
 * blank or holds a control character, a space or a character beyond ASCII. An empty variable
 * counts as unset; white space around a value is trimmed (a paste often brings a newline). */
RdCredentials *rd_credentials_new_from_environ  (const char * const *environ_vars,
                                                 GError            **error);

/* The same check for one value (a secret from the keyring, an access key ID from a file):
 * FALSE with @error when it is unusable. The message says only what is wrong ("it is blank"),
 * for a sentence that says where the value came from. */
gboolean       rd_credentials_check_value       (const char     *value,
                                                 GError        **error);

RdAuthMethod   rd_credentials_get_method         (RdCredentials *self);
const char    *rd_credentials_get_token          (RdCredentials *self);
const char    *rd_credentials_get_access_key     (RdCredentials *self);
const char    *rd_credentials_get_secret_key     (RdCredentials *self);
const char    *rd_credentials_get_security_token (RdCredentials *self);

/* Who these credentials are, as a person can recognise them without seeing a secret: the
 * access key ID, or the first characters of a token followed by "…". */
char          *rd_credentials_dup_identity       (RdCredentials *self);

/* Overwrites a string's bytes with zeros before it is freed. */
void           rd_secret_wipe                    (char          *secret);

G_END_DECLS
