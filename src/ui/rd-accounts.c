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
