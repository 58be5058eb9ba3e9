/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-credentials.c: an immutable set of credentials (IAM token or AK/SK) whose secrets are wiped on
 * release. */
#define G_LOG_DOMAIN "rd-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rd-credentials.h"

G_DEFINE_QUARK (rd-credentials-error-quark, rd_credentials_error)

#define ENV_ACCESS_KEY     "HUAWEICLOUD_SDK_AK"
#define ENV_SECRET_KEY     "HUAWEICLOUD_SDK_SK"
#define ENV_SECURITY_TOKEN "HUAWEICLOUD_SDK_SECURITY_TOKEN"
#define ENV_TOKEN          "RELEASE_DESK_TOKEN"

/* How much of a token the window may show: enough to tell two apart, at most a quarter of it. */
#define TOKEN_IDENTITY_CHARS 6

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

static gboolean
is_set (const char *value)
{
  return value != NULL && value[0] != '\0';
}

char **
rd_credentials_take_environment (void)
{
  static const char * const names[] = {
    ENV_ACCESS_KEY, ENV_SECRET_KEY, ENV_SECURITY_TOKEN, ENV_TOKEN,
  };
  g_autoptr(GPtrArray) taken = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = g_getenv (names[i]);

      if (value == NULL)
        continue;

      g_ptr_array_add (taken, g_strconcat (names[i], "=", value, NULL));
      /* unsetenv () only drops the pointer: the bytes would stay where /proc/PID/environ and
       * a core dump show them. They are the environment's own (the process's initial block,
       * or a copy setenv () made), so they may be written. */
      rd_secret_wipe ((char *) value);
      g_unsetenv (names[i]);
    }
  g_ptr_array_add (taken, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&taken), FALSE);
}

void
rd_credentials_environ_free (char **environ_vars)
{
  if (environ_vars == NULL)
    return;

  for (guint i = 0; environ_vars[i] != NULL; i++)
    rd_secret_wipe (environ_vars[i]);
  g_strfreev (environ_vars);
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

/* The message names the variable, never its value. */
static gboolean
check_variable (const char  *name,
                const char  *value,
                GError     **error)
{
  g_autoptr(GError) problem = NULL;

  if (rd_credentials_check_value (value, &problem))
    return TRUE;

  g_set_error (error, RD_CREDENTIALS_ERROR, problem->code,
               /* Translators: the first %s is an environment variable's name, the second why its
                * value cannot be used, such as "it is blank" */
               _("%s cannot be used (%s): set it again, or unset it"), name, problem->message);
  return FALSE;
}

RdCredentials *
rd_credentials_new_from_environ (const char * const  *environ_vars,
                                 GError             **error)
{
  const char *ak = NULL;
  const char *sk = NULL;
  const char *security_token = NULL;
  const char *token = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (environ_vars != NULL)
    {
      ak = g_environ_getenv ((char **) environ_vars, ENV_ACCESS_KEY);
      sk = g_environ_getenv ((char **) environ_vars, ENV_SECRET_KEY);
      security_token = g_environ_getenv ((char **) environ_vars, ENV_SECURITY_TOKEN);
      token = g_environ_getenv ((char **) environ_vars, ENV_TOKEN);
    }

  if (is_set (ak) && is_set (sk))
    {
      if (!check_variable (ENV_ACCESS_KEY, ak, error) ||
          !check_variable (ENV_SECRET_KEY, sk, error) ||
          (is_set (security_token) && !check_variable (ENV_SECURITY_TOKEN, security_token, error)))
        return NULL;

      return rd_credentials_new_access_key (ak, sk, security_token);
    }

  if (is_set (token))
    {
      if (!check_variable (ENV_TOKEN, token, error))
        return NULL;

      return rd_credentials_new_token (token);
    }

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

char *
rd_credentials_dup_identity (RdCredentials *self)
{
  GString *identity;
  gsize length;
  gsize shown;

  g_return_val_if_fail (RD_IS_CREDENTIALS (self), NULL);

  if (self->method == RD_AUTH_METHOD_ACCESS_KEY)
    return g_strdup (self->access_key);

  length = strlen (self->token);
  shown = MIN (TOKEN_IDENTITY_CHARS, length / 4);
  identity = g_string_new (NULL);
  for (gsize i = 0; i < shown; i++)
    {
      char c = self->token[i];

      g_string_append_c (identity, g_ascii_isgraph (c) ? c : '?');
    }
  g_string_append (identity, "…");

  return g_string_free (identity, FALSE);
}
