/* rd-credentials.c: an immutable set of credentials (IAM token or AK/SK) whose secrets are wiped on release. */
#define G_LOG_DOMAIN "rd-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rd-credentials.h"

G_DEFINE_QUARK (rd-credentials-error-quark, rd_credentials_error)

struct _RdCredentials
{
  GObject       parent_instance;

  RdAuthMethod  method;
  char         *token;
  char         *access_key;
  char         *secret_key;
  char         *security_token;
};

G_DEFINE_FINAL_TYPE (RdCredentials, rd_credentials, G_TYPE_OBJECT)

void
rd_secret_wipe (char *secret)
{
  if (secret == NULL)
    return;

  /* volatile keeps the compiler from dropping stores to memory about to be freed. */
  for (volatile char *p = secret; *p != '\0'; p++)
    *p = '\0';
}

static void
wipe_and_free (char **secret)
{
  rd_secret_wipe (*secret);
  g_clear_pointer (secret, g_free);
}

static void
rd_credentials_finalize (GObject *object)
{
  RdCredentials *self = (RdCredentials *)object;

  wipe_and_free (&self->token);
  wipe_and_free (&self->secret_key);
  wipe_and_free (&self->security_token);
  g_clear_pointer (&self->access_key, g_free);

  G_OBJECT_CLASS (rd_credentials_parent_class)->finalize (object);
}

static void
rd_credentials_class_init (RdCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rd_credentials_finalize;
}

static void
rd_credentials_init (RdCredentials *self)
{
}

RdCredentials *
rd_credentials_new_token (const char *token)
{
  RdCredentials *self;

  g_return_val_if_fail (token != NULL && token[0] != '\0', NULL);

  self = g_object_new (RD_TYPE_CREDENTIALS, NULL);
  self->method = RD_AUTH_METHOD_TOKEN;
  self->token = g_strstrip (g_strdup (token));

  return self;
}

RdCredentials *
rd_credentials_new_access_key (const char *access_key,
                               const char *secret_key,
                               const char *security_token)
{
  RdCredentials *self;

  g_return_val_if_fail (access_key != NULL && access_key[0] != '\0', NULL);
  g_return_val_if_fail (secret_key != NULL && secret_key[0] != '\0', NULL);

  self = g_object_new (RD_TYPE_CREDENTIALS, NULL);
  self->method = RD_AUTH_METHOD_ACCESS_KEY;
  self->access_key = g_strstrip (g_strdup (access_key));
  self->secret_key = g_strstrip (g_strdup (secret_key));
  if (security_token != NULL && security_token[0] != '\0')
    self->security_token = g_strstrip (g_strdup (security_token));

  return self;
}

gboolean
rd_credentials_check_value (const char  *value,
                            GError     **error)
{
  const char *start = value;
  const char *end;

  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* As the constructors trim: white space around a value is a paste's, not the value's. */
  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  if (start == end)
    {
      g_set_error_literal (error, RD_CREDENTIALS_ERROR, RD_CREDENTIALS_ERROR_BLANK,
                           _("it is blank"));
      return FALSE;
    }

  /* A line break would end the header it goes into, and libsoup refuses it with a critical. */
  for (const char *p = start; p < end; p++)
    if ((guchar) *p < 0x20 || (guchar) *p == 0x7f)
      {
        g_set_error_literal (error, RD_CREDENTIALS_ERROR, RD_CREDENTIALS_ERROR_CONTROL_CHARACTER,
                             _("it holds a line break or another control character"));
        return FALSE;
      }

  /* Access key IDs, secret keys and tokens are printable ASCII without spaces. */
  for (const char *p = start; p < end; p++)
    if (*p == ' ' || (guchar) *p > 0x7e)
      {
        g_set_error_literal (error, RD_CREDENTIALS_ERROR, RD_CREDENTIALS_ERROR_INVALID_CHARACTER,
                             _("it holds a space or a character beyond ASCII"));
        return FALSE;
      }

  return TRUE;
}

static gboolean
is_set (const char *value)
{
  return value != NULL && value[0] != '\0';
}

RdCredentials *
rd_credentials_new_from_environment (void)
{
  const char *ak = g_getenv ("HUAWEICLOUD_SDK_AK");
  const char *sk = g_getenv ("HUAWEICLOUD_SDK_SK");
  const char *token = g_getenv ("RELEASE_DESK_TOKEN");

  /* The variable names are the ones Huawei's own SDKs read, so a shell
   * already set up for them works here too. */
  if (is_set (ak) && is_set (sk))
    return rd_credentials_new_access_key (ak, sk, g_getenv ("HUAWEICLOUD_SDK_SECURITY_TOKEN"));

  if (is_set (token))
    return rd_credentials_new_token (token);

  return NULL;
}

RdAuthMethod
rd_credentials_get_method (RdCredentials *self)
{
  g_return_val_if_fail (RD_IS_CREDENTIALS (self), RD_AUTH_METHOD_TOKEN);

  return self->method;
}

const char *
rd_credentials_get_token (RdCredentials *self)
{
  g_return_val_if_fail (RD_IS_CREDENTIALS (self), NULL);

  return self->token;
}

const char *
rd_credentials_get_access_key (RdCredentials *self)
{
  g_return_val_if_fail (RD_IS_CREDENTIALS (self), NULL);

  return self->access_key;
}

const char *
rd_credentials_get_secret_key (RdCredentials *self)
{
  g_return_val_if_fail (RD_IS_CREDENTIALS (self), NULL);

  return self->secret_key;
}

const char *
rd_credentials_get_security_token (RdCredentials *self)
{
  g_return_val_if_fail (RD_IS_CREDENTIALS (self), NULL);

  return self->security_token;
}
