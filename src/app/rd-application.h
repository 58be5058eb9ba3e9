/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-application.h: the Release Desk application: options, headless export and the windows. */
#pragma once

#include <adwaita.h>

#include "rd-account-store.h"

G_BEGIN_DECLS

#define RD_TYPE_APPLICATION (rd_application_get_type ())
G_DECLARE_FINAL_TYPE (RdApplication, rd_application, RD, APPLICATION, AdwApplication)

RdApplication  *rd_application_new                  (void);
/* The saved accounts (g_get_user_config_dir ()/release-desk/accounts.ini), after startup. */
RdAccountStore *rd_application_get_account_store    (RdApplication *self);

G_END_DECLS
