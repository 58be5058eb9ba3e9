/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-target.c: what an invocation asks for (its options, a saved account, its environment),
 * resolved once by one set of rules: the service, the credentials, the project, the timeout. */
#define G_LOG_DOMAIN "rd-target"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-target.h"
#include "rd-regions.h"
#include "rd-validate.h"

struct _RdTarget
{
  GObject        parent_instance;

  gboolean       demo;
  RdAccount     *account;
  char          *endpoint;
  char          *factory_endpoint;
  RdCredentials *credentials;
  char          *project_id;
  char          *workspace;
  char          *package_id;
  int            timeout;
};

G_DEFINE_FINAL_TYPE (RdTarget, rd_target, G_TYPE_OBJECT)

G_DEFINE_QUARK (rd-target-error-quark, rd_target_error)

static void
rd_target_dispose (GObject *object)
{
  RdTarget *self = RD_TARGET (object);

  g_clear_object (&self->account);
  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (rd_target_parent_class)->dispose (object);
}

static void
rd_target_finalize (GObject *object)
{
  RdTarget *self = RD_TARGET (object);

  g_free (self->endpoint);
  g_free (self->factory_endpoint);
  g_free (self->project_id);
  g_free (self->workspace);
  g_free (self->package_id);

  G_OBJECT_CLASS (rd_target_parent_class)->finalize (object);
}

static void
rd_target_class_init (RdTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_target_dispose;
  object_class->finalize = rd_target_finalize;
}

static void
rd_target_init (RdTarget *self)
{
}

static gboolean
usage_error (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, RD_TARGET_ERROR, RD_TARGET_ERROR_USAGE, message);
  return FALSE;
}

/* A validation error is already a sentence for the person: it becomes a usage error as it is. */
static gboolean
usage_error_from (GError **error,
                  GError  *problem)
{
  usage_error (error, problem->message);
  g_error_free (problem);
  return FALSE;
}

/* "“a”, “b”" (the saved names, as a translatable list), or NULL when there are none. */
static char *
dup_names_list (RdAccountStore *accounts)
{
  GListModel *model = G_LIST_MODEL (accounts);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GString) list = NULL;

  if (n == 0)
    return NULL;

  list = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdAccount) account = g_list_model_get_item (model, i);

      if (i > 0)
        /* Translators: the separator between account names in a list */
        g_string_append (list, _(", "));
      /* Translators: an account name in a list */
      g_string_append_printf (list, _("“%s”"), rd_account_get_name (account));
    }

  return g_string_free (g_steal_pointer (&list), FALSE);
}

static gboolean
find_account (RdTarget        *self,
              RdAccountStore  *accounts,
              const char      *name,
              GError         **error)
{
  g_autofree char *names = NULL;
  RdAccount *account = NULL;

  /* An account from a file that could not be read is no account: its reason is the message. */
  if (accounts != NULL && rd_account_store_get_load_error (accounts) != NULL)
    {
      g_set_error_literal (error, RD_TARGET_ERROR, RD_TARGET_ERROR_ACCOUNTS,
                           rd_account_store_get_load_error (accounts)->message);
      return FALSE;
    }

  if (accounts != NULL)
    account = rd_account_store_find_by_name (accounts, name);
  if (account != NULL)
    {
      self->account = g_object_ref (account);
      return TRUE;
    }

  names = accounts != NULL ? dup_names_list (accounts) : NULL;
  if (names != NULL)
    g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_USAGE,
                 _("There is no saved account named “%s”; the saved accounts are %s"),
                 name, names);
  else
    g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_USAGE,
                 _("There is no saved account named “%s”, and no account is saved: add one in "
                   "Preferences"), name);
  return FALSE;
}

/* @text (from the options, else from the account, if set there) checked by @validate into
 * @out; TRUE with @out NULL when neither gives one. */
static gboolean
resolve_id (const char  *option,
            const char  *from_account,
            char      *(*validate) (const char *, GError **),
            char       **out,
            GError     **error)
{
  GError *problem = NULL;
  const char *text = option;

  if (text == NULL && from_account != NULL && from_account[0] != '\0')
    text = from_account;
  if (text == NULL)
    return TRUE;

  *out = validate (text, &problem);
  return *out != NULL || usage_error_from (error, problem);
}

static gboolean
resolve_lookup (RdTarget               *self,
                const RdTargetOptions  *options,
                GError                **error)
{
  RdAccount *account = self->account;
  const char *account_project = account != NULL ? rd_account_get_project_id (account) : NULL;
  const char *account_workspace = account != NULL ? rd_account_get_workspace (account) : NULL;
  GError *problem = NULL;

  if (!resolve_id (options->project_id, account_project, rd_validate_project_id,
                   &self->project_id, error))
    return FALSE;
  if (self->project_id == NULL)
    return usage_error (error, _("No project ID: give --project-id=ID"));

  if (!resolve_id (options->workspace, account_workspace, rd_validate_workspace_id,
                   &self->workspace, error))
    return FALSE;

  if (options->package_id == NULL)
    return usage_error (error, _("No package ID: give it after the options"));
  self->package_id = rd_validate_package_id (options->package_id, &problem);
  if (self->package_id == NULL)
    return usage_error_from (error, problem);

  return TRUE;
}

/* The endpoint of --endpoint or --region; with @lookup and an account, the account's. */
static gboolean
resolve_endpoint (RdTarget               *self,
                  const RdTargetOptions  *options,
                  gboolean                lookup,
                  GError                **error)
{
  GError *problem = NULL;

  if (options->endpoint != NULL)
    self->endpoint = rd_validate_endpoint (options->endpoint, &problem);
  else if (options->region != NULL)
    {
      g_autofree char *region = rd_validate_region (options->region, &problem);

      if (region != NULL)
        self->endpoint = rd_region_dup_endpoint (region);
    }
  else if (lookup && self->account != NULL && rd_account_get_endpoint (self->account) != NULL)
    self->endpoint = rd_validate_endpoint (rd_account_get_endpoint (self->account), &problem);
  else if (lookup && self->account != NULL)
    self->endpoint = rd_account_dup_endpoint (self->account);

  if (problem != NULL)
    return usage_error_from (error, problem);
  if (self->endpoint == NULL && lookup)
    return usage_error (error, _("No service: give --region=REGION or --endpoint=URL, or use "
                                 "--demo"));

  return TRUE;
}

RdTarget *
rd_target_new (const RdTargetOptions  *options,
               RdAccountStore         *accounts,
               const char * const     *environ_vars,
               RdTargetFlags           flags,
               GError                **error)
{
  g_autoptr(RdTarget) self = NULL;
  gboolean lookup = (flags & RD_TARGET_LOOKUP) != 0;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (accounts == NULL || RD_IS_ACCOUNT_STORE (accounts), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options->region != NULL && options->endpoint != NULL)
    {
      usage_error (error, _("Give either --region or --endpoint, not both"));
      return NULL;
    }

  if (options->demo && (options->region != NULL || options->endpoint != NULL))
    {
      usage_error (error, _("--demo uses the built-in demo service: leave out --region and "
                            "--endpoint"));
      return NULL;
    }

  if (options->demo && options->factory_endpoint != NULL)
    {
      usage_error (error, _("--demo uses the built-in demo service: leave out "
                            "--factory-endpoint"));
      return NULL;
    }

  if (options->timeout < 0 || options->timeout > RD_CLIENT_MAX_TIMEOUT_SECONDS)
    {
      g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_USAGE,
                   _("--timeout must be between 1 and %d seconds"),
                   RD_CLIENT_MAX_TIMEOUT_SECONDS);
      return NULL;
    }

  if (options->demo && options->account != NULL)
    {
      usage_error (error, _("Give either --demo or --account, not both"));
      return NULL;
    }

  self = g_object_new (RD_TYPE_TARGET, NULL);
  self->demo = options->demo;
  self->timeout = options->timeout;

  if (options->account != NULL)
    {
      if (!find_account (self, accounts, options->account, error))
        return NULL;
    }
  else if ((flags & RD_TARGET_ACTIVE_ACCOUNT) != 0 && accounts != NULL && !options->demo &&
           options->region == NULL && options->endpoint == NULL)
    {
      /* Nothing chosen: the account used last time. */
      g_set_object (&self->account, rd_account_store_get_active_account (accounts));
    }

  if (options->factory_endpoint != NULL)
    {
      GError *problem = NULL;

      self->factory_endpoint = rd_validate_factory_endpoint (options->factory_endpoint,
                                                             &problem);
      if (problem != NULL)
        {
          usage_error_from (error, problem);
          return NULL;
        }
    }

  if (lookup && !resolve_lookup (self, options, error))
    return NULL;

  /* The demo's service comes from the caller (rd_target_set_service ()). */
  if (options->demo)
    return g_steal_pointer (&self);

  if (!resolve_endpoint (self, options, lookup, error))
    return NULL;

  /* The invocation's own, never this process's: the process environment no longer has them. */
  if (self->account == NULL && self->endpoint != NULL)
    {
      GError *problem = NULL;

      self->credentials = rd_credentials_new_from_environ (environ_vars, &problem);
      if (problem != NULL)
        {
          usage_error_from (error, problem);
          return NULL;
        }
      if (self->credentials == NULL && lookup)
        {
          usage_error (error, _("No credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK "
                                "(and HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary ones), "
                                "or RELEASE_DESK_TOKEN"));
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

void
rd_target_set_service (RdTarget      *self,
                       const char    *endpoint,
                       RdCredentials *credentials)
{
  g_return_if_fail (RD_IS_TARGET (self));
  g_return_if_fail (endpoint != NULL);
  g_return_if_fail (RD_IS_CREDENTIALS (credentials));

  g_free (self->endpoint);
  self->endpoint = g_strdup (endpoint);
  g_set_object (&self->credentials, credentials);
}

gboolean
rd_target_get_demo (RdTarget *self)
{
  g_return_val_if_fail (RD_IS_TARGET (self), FALSE);

  return self->demo;
}

RdAccount *
rd_target_get_account (RdTarget *self)
{
  g_return_val_if_fail (RD_IS_TARGET (self), NULL);

  return self->account;
}

const char *
rd_target_get_factory_endpoint (RdTarget *self)
{
  g_return_val_if_fail (RD_IS_TARGET (self), NULL);

  return self->factory_endpoint;
}

const char *
rd_target_get_endpoint (RdTarget *self)
{
  g_return_val_if_fail (RD_IS_TARGET (self), NULL);

  return self->endpoint;
}

RdCredentials *
rd_target_get_credentials (RdTarget *self)
{
  g_return_val_if_fail (RD_IS_TARGET (self), NULL);

  return self->credentials;
}

const char *
rd_target_get_project_id (RdTarget *self)
{
  g_return_val_if_fail (RD_IS_TARGET (self), NULL);

  return self->project_id;
}

const char *
rd_target_get_workspace (RdTarget *self)
{
  g_return_val_if_fail (RD_IS_TARGET (self), NULL);

  return self->workspace;
}

const char *
rd_target_get_package_id (RdTarget *self)
{
  g_return_val_if_fail (RD_IS_TARGET (self), NULL);

  return self->package_id;
}

int
rd_target_get_timeout (RdTarget *self)
{
  g_return_val_if_fail (RD_IS_TARGET (self), 0);

  return self->timeout;
}
