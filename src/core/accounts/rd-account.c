/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-account.c: a saved account: where to connect, the defaults, and how to sign in (never its
 * secrets). */
#define G_LOG_DOMAIN "rd-account"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-account.h"
#include "rd-regions.h"

struct _RdAccount
{
  GObject        parent_instance;

  char          *id;
  char          *name;
  char          *region;
  char          *endpoint;
  char          *factory_endpoint;
  char          *project_id;
  char          *workspace;
  RdAccountAuth  auth_method;
  char          *access_key;
  char          *iam_domain;
  char          *iam_user;
  char          *iam_project;
  GDateTime     *token_expiry;
};

G_DEFINE_FINAL_TYPE (RdAccount, rd_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_REGION,
  PROP_ENDPOINT,
  PROP_FACTORY_ENDPOINT,
  PROP_PROJECT_ID,
  PROP_WORKSPACE,
  PROP_AUTH_METHOD,
  PROP_ACCESS_KEY,
  PROP_IAM_DOMAIN,
  PROP_IAM_USER,
  PROP_IAM_PROJECT,
  PROP_TOKEN_EXPIRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GEnumValue auth_values[] = {
  { RD_ACCOUNT_AUTH_ACCESS_KEY, "RD_ACCOUNT_AUTH_ACCESS_KEY", "access-key" },
  { RD_ACCOUNT_AUTH_TOKEN, "RD_ACCOUNT_AUTH_TOKEN", "token" },
  { RD_ACCOUNT_AUTH_IAM, "RD_ACCOUNT_AUTH_IAM", "iam" },
  { 0, NULL, NULL },
};

GType
rd_account_auth_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_enum_register_static (g_intern_static_string ("RdAccountAuth"), auth_values);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

const char *
rd_account_auth_to_string (RdAccountAuth auth)
{
  for (guint i = 0; auth_values[i].value_nick != NULL; i++)
    if (auth_values[i].value == (int) auth)
      return auth_values[i].value_nick;

  g_return_val_if_reached (NULL);
}

gboolean
rd_account_auth_from_string (const char    *text,
                             RdAccountAuth *auth)
{
  g_return_val_if_fail (auth != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; auth_values[i].value_nick != NULL; i++)
    {
      if (g_str_equal (auth_values[i].value_nick, text))
        {
          *auth = auth_values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

/* Stores an optional string: "" counts as unset. Returns TRUE when it changed. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (value != NULL && value[0] == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
rd_account_constructed (GObject *object)
{
  RdAccount *self = (RdAccount *)object;

  G_OBJECT_CLASS (rd_account_parent_class)->constructed (object);

  if (self->id == NULL)
    self->id = g_uuid_string_random ();
}

static void
rd_account_finalize (GObject *object)
{
  RdAccount *self = (RdAccount *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->project_id, g_free);
  g_clear_pointer (&self->workspace, g_free);
  g_clear_pointer (&self->factory_endpoint, g_free);
  g_clear_pointer (&self->access_key, g_free);
  g_clear_pointer (&self->iam_domain, g_free);
  g_clear_pointer (&self->iam_user, g_free);
  g_clear_pointer (&self->iam_project, g_free);
  g_clear_pointer (&self->token_expiry, g_date_time_unref);

  G_OBJECT_CLASS (rd_account_parent_class)->finalize (object);
}

static void
rd_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RdAccount *self = RD_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_PROJECT_ID:
      g_value_set_string (value, self->project_id);
      break;
    case PROP_WORKSPACE:
      g_value_set_string (value, self->workspace);
      break;

    case PROP_FACTORY_ENDPOINT:
      g_value_set_string (value, self->factory_endpoint);
      break;
    case PROP_AUTH_METHOD:
      g_value_set_enum (value, self->auth_method);
      break;
    case PROP_ACCESS_KEY:
      g_value_set_string (value, self->access_key);
      break;
    case PROP_IAM_DOMAIN:
      g_value_set_string (value, self->iam_domain);
      break;
    case PROP_IAM_USER:
      g_value_set_string (value, self->iam_user);
      break;
    case PROP_IAM_PROJECT:
      g_value_set_string (value, self->iam_project);
      break;
    case PROP_TOKEN_EXPIRY:
      g_value_set_boxed (value, self->token_expiry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RdAccount *self = RD_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      /* Construct-only: a loaded account keeps the id its secrets are filed under. */
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      rd_account_set_name (self, g_value_get_string (value));
      break;
    case PROP_REGION:
      rd_account_set_region (self, g_value_get_string (value));
      break;
    case PROP_ENDPOINT:
      rd_account_set_endpoint (self, g_value_get_string (value));
      break;
    case PROP_PROJECT_ID:
      rd_account_set_project_id (self, g_value_get_string (value));
      break;
    case PROP_WORKSPACE:
      rd_account_set_workspace (self, g_value_get_string (value));
      break;

    case PROP_FACTORY_ENDPOINT:
      rd_account_set_factory_endpoint (self, g_value_get_string (value));
      break;
    case PROP_AUTH_METHOD:
      rd_account_set_auth_method (self, g_value_get_enum (value));
      break;
    case PROP_ACCESS_KEY:
      rd_account_set_access_key (self, g_value_get_string (value));
      break;
    case PROP_IAM_DOMAIN:
      rd_account_set_iam_domain (self, g_value_get_string (value));
      break;
    case PROP_IAM_USER:
      rd_account_set_iam_user (self, g_value_get_string (value));
      break;
    case PROP_IAM_PROJECT:
      rd_account_set_iam_project (self, g_value_get_string (value));
      break;
    case PROP_TOKEN_EXPIRY:
      rd_account_set_token_expiry (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_account_class_init (RdAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = rd_account_constructed;
  object_class->finalize = rd_account_finalize;
  object_class->get_property = rd_account_get_property;
  object_class->set_property = rd_account_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_REGION] = g_param_spec_string ("region", NULL, NULL, NULL, flags);
  properties[PROP_ENDPOINT] = g_param_spec_string ("endpoint", NULL, NULL, NULL, flags);
  properties[PROP_FACTORY_ENDPOINT] =
    g_param_spec_string ("factory-endpoint", NULL, NULL, NULL, flags);
  properties[PROP_PROJECT_ID] = g_param_spec_string ("project-id", NULL, NULL, NULL, flags);
  properties[PROP_WORKSPACE] = g_param_spec_string ("workspace", NULL, NULL, NULL, flags);
  properties[PROP_AUTH_METHOD] =
    g_param_spec_enum ("auth-method", NULL, NULL,
                       RD_TYPE_ACCOUNT_AUTH, RD_ACCOUNT_AUTH_ACCESS_KEY, flags);
  properties[PROP_ACCESS_KEY] = g_param_spec_string ("access-key", NULL, NULL, NULL, flags);
  properties[PROP_IAM_DOMAIN] = g_param_spec_string ("iam-domain", NULL, NULL, NULL, flags);
  properties[PROP_IAM_USER] = g_param_spec_string ("iam-user", NULL, NULL, NULL, flags);
  properties[PROP_IAM_PROJECT] = g_param_spec_string ("iam-project", NULL, NULL, NULL, flags);
  properties[PROP_TOKEN_EXPIRY] =
    g_param_spec_boxed ("token-expiry", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_account_init (RdAccount *self)
{
  self->auth_method = RD_ACCOUNT_AUTH_ACCESS_KEY;
}

RdAccount *
rd_account_new (const char *name)
{
  return g_object_new (RD_TYPE_ACCOUNT, "name", name, NULL);
}

#define DEFINE_STRING_PROPERTY(field, prop)                                 \
  const char *                                                              \
  rd_account_get_##field (RdAccount *self)                                  \
  {                                                                         \
    g_return_val_if_fail (RD_IS_ACCOUNT (self), NULL);                      \
    return self->field;                                                     \
  }                                                                         \
                                                                            \
  void                                                                      \
  rd_account_set_##field (RdAccount  *self,                                 \
                          const char *field)                                \
  {                                                                         \
    g_return_if_fail (RD_IS_ACCOUNT (self));                                \
    if (set_string (&self->field, field))                                   \
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);         \
  }

DEFINE_STRING_PROPERTY (name, PROP_NAME)
DEFINE_STRING_PROPERTY (region, PROP_REGION)
DEFINE_STRING_PROPERTY (endpoint, PROP_ENDPOINT)
DEFINE_STRING_PROPERTY (factory_endpoint, PROP_FACTORY_ENDPOINT)
DEFINE_STRING_PROPERTY (project_id, PROP_PROJECT_ID)
DEFINE_STRING_PROPERTY (workspace, PROP_WORKSPACE)
DEFINE_STRING_PROPERTY (access_key, PROP_ACCESS_KEY)
DEFINE_STRING_PROPERTY (iam_domain, PROP_IAM_DOMAIN)
DEFINE_STRING_PROPERTY (iam_user, PROP_IAM_USER)
DEFINE_STRING_PROPERTY (iam_project, PROP_IAM_PROJECT)

const char *
rd_account_get_id (RdAccount *self)
{
  g_return_val_if_fail (RD_IS_ACCOUNT (self), NULL);

  return self->id;
}

RdAccountAuth
rd_account_get_auth_method (RdAccount *self)
{
  g_return_val_if_fail (RD_IS_ACCOUNT (self), RD_ACCOUNT_AUTH_ACCESS_KEY);

  return self->auth_method;
}

void
rd_account_set_auth_method (RdAccount     *self,
                            RdAccountAuth  auth_method)
{
  g_return_if_fail (RD_IS_ACCOUNT (self));

  if (self->auth_method == auth_method)
    return;

  self->auth_method = auth_method;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH_METHOD]);
}

GDateTime *
rd_account_get_token_expiry (RdAccount *self)
{
  g_return_val_if_fail (RD_IS_ACCOUNT (self), NULL);

  return self->token_expiry;
}

void
rd_account_set_token_expiry (RdAccount *self,
                             GDateTime *token_expiry)
{
  g_return_if_fail (RD_IS_ACCOUNT (self));

  if (self->token_expiry == token_expiry
      || (self->token_expiry != NULL && token_expiry != NULL
          && g_date_time_equal (self->token_expiry, token_expiry)))
    return;

  g_clear_pointer (&self->token_expiry, g_date_time_unref);
  if (token_expiry != NULL)
    self->token_expiry = g_date_time_ref (token_expiry);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_EXPIRY]);
}

gboolean
rd_account_is_token_expired (RdAccount *self)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (RD_IS_ACCOUNT (self), FALSE);

  if (self->token_expiry == NULL)
    return FALSE;

  now = g_date_time_new_now_utc ();
  return g_date_time_compare (self->token_expiry, now) <= 0;
}

char *
rd_account_dup_endpoint (RdAccount *self)
{
  g_return_val_if_fail (RD_IS_ACCOUNT (self), NULL);

  if (self->endpoint != NULL)
    return g_strdup (self->endpoint);

  if (self->region != NULL)
    return rd_region_dup_endpoint (self->region);

  return NULL;
}

/* The region, or the custom endpoint's host, so that two accounts stay apart in the keyring. */
static char *
dup_place (RdAccount *self)
{
  g_autoptr(GUri) uri = NULL;

  if (self->region != NULL)
    return g_strdup (self->region);

  if (self->endpoint != NULL)
    {
      uri = g_uri_parse (self->endpoint, G_URI_FLAGS_NONE, NULL);
      if (uri != NULL && g_uri_get_host (uri) != NULL)
        return g_strdup (g_uri_get_host (uri));

      return g_strdup (self->endpoint);
    }

  return g_strdup (_("a custom endpoint"));
}

char *
rd_account_dup_secret_label (RdAccount    *self,
                             RdSecretKind  kind)
{
  g_autofree char *place = NULL;
  const char *name;

  g_return_val_if_fail (RD_IS_ACCOUNT (self), NULL);

  place = dup_place (self);
  name = self->name != NULL ? self->name : self->id;

  switch (kind)
    {
    case RD_SECRET_KIND_SECRET_KEY:
      /* Translators: shown in Passwords and Keys; the first %s is a region like cn-north-4,
       * the second the account's name. */
      return g_strdup_printf (_("Release Desk: AK/SK for %s (%s)"), place, name);
    case RD_SECRET_KIND_SECURITY_TOKEN:
      return g_strdup_printf (_("Release Desk: security token for %s (%s)"), place, name);
    case RD_SECRET_KIND_TOKEN:
      if (self->auth_method == RD_ACCOUNT_AUTH_IAM)
        return g_strdup_printf (_("Release Desk: IAM token for %s (%s)"), place, name);
      return g_strdup_printf (_("Release Desk: token for %s (%s)"), place, name);
    default:
      g_return_val_if_reached (NULL);
    }
}
