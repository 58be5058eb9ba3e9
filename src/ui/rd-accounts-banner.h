/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-accounts-banner.h: the note that the accounts file could not be read, and the ways out. */
#pragma once

#include <adwaita.h>

#include "rd-account-store.h"

G_BEGIN_DECLS

#define RD_TYPE_ACCOUNTS_BANNER (rd_accounts_banner_get_type ())
G_DECLARE_FINAL_TYPE (RdAccountsBanner, rd_accounts_banner, RD, ACCOUNTS_BANNER, GtkWidget)

GtkWidget      *rd_accounts_banner_new       (void);
/* Shown (and visible) while @store has a load error; NULL hides it. */
void            rd_accounts_banner_set_store (RdAccountsBanner *self,
                                              RdAccountStore   *store);
RdAccountStore *rd_accounts_banner_get_store (RdAccountsBanner *self);

G_END_DECLS
