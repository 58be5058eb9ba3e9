/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-accounts.h: where the saved accounts live, shared by the command line and the windows. */
#pragma once

#include "rd-account-store.h"

G_BEGIN_DECLS

/* g_get_user_config_dir ()/release-desk/accounts.ini */
char           *rd_accounts_dup_path        (void);
/* "Signed in until 14:32" (with the date when it is not today), "… — expired", or NULL when
 * the account holds no sign-in. */
char           *rd_accounts_dup_sign_in_status (RdAccount   *account);

G_END_DECLS
