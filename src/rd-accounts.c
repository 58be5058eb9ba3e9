/* rd-accounts.c: where the saved accounts live, shared by the command line and the windows. */
#define G_LOG_DOMAIN "rd-accounts"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-accounts.h"

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
