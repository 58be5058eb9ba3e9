/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-accounts.c: where the saved accounts live, shared by the command line and the windows. */
#define G_LOG_DOMAIN "rd-accounts"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-accounts.h"

#include "rd-date-format.h"

char *
rd_accounts_dup_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "release-desk", "accounts.ini", NULL);
}

RdAccountStore *
rd_accounts_load_store (GError **error)
{
  g_autofree char *path = rd_accounts_dup_path ();
  g_autoptr(RdAccountStore) store = rd_account_store_new (path, NULL);

  if (!rd_account_store_load (store, error))
    return NULL;

  return g_steal_pointer (&store);
}

char *
rd_accounts_dup_names_list (RdAccountStore *store)
{
  GListModel *model = G_LIST_MODEL (store);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GString) list = NULL;

  g_return_val_if_fail (RD_IS_ACCOUNT_STORE (store), NULL);

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

char *
rd_accounts_dup_sign_in_status (RdAccount *account)
{
  GDateTime *expiry;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (RD_IS_ACCOUNT (account), NULL);

  expiry = rd_account_get_token_expiry (account);
  if (expiry == NULL)
    return NULL;

  /* A sign-in lasts a day at most: the date only when it is not today. */
  now = g_date_time_new_now_local ();
  time = rd_date_format_time_or_day (expiry, now);

  if (rd_account_is_token_expired (account))
    /* Translators: %s is a time such as 14:32 */
    return g_strdup_printf (_("Signed in until %s — expired"), time);

  /* Translators: %s is a time such as 14:32 */
  return g_strdup_printf (_("Signed in until %s"), time);
}
