/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-accounts.h: where the saved accounts live, shared by the command line and the windows. */
#pragma once

#include "rd-account-store.h"

G_BEGIN_DECLS

/* g_get_user_config_dir ()/release-desk/accounts.ini */
char           *rd_accounts_dup_path        (void);
/* A store on rd_accounts_dup_path (), loaded; NULL with @error when the file cannot be read
 * or is not the user's alone (see rd_account_store_load ()). */
RdAccountStore *rd_accounts_load_store      (GError        **error);
/* "“a”, “b”" (translatable list of the saved names), or NULL when there are none. */
char           *rd_accounts_dup_names_list  (RdAccountStore *store);
/* "Signed in until 14:32" (with the date when it is not today), "… — expired", or NULL when
 * the account holds no sign-in. */
char           *rd_accounts_dup_sign_in_status (RdAccount   *account);

G_END_DECLS
