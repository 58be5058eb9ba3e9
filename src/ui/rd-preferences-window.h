/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-preferences-window.h: the preferences: the saved accounts, to add, edit and remove. */
#pragma once

#include <adwaita.h>

#include "rd-account-editor.h"
#include "rd-account-store.h"

G_BEGIN_DECLS

#define RD_TYPE_PREFERENCES_WINDOW (rd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (RdPreferencesWindow, rd_preferences_window, RD, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

RdPreferencesWindow *rd_preferences_window_new          (GtkWindow           *parent,
                                                         RdAccountStore      *store);
/* Shows the Connection group (the request timeout) bound to @settings. */
void                 rd_preferences_window_set_settings (RdPreferencesWindow *self,
                                                         GSettings           *settings);
/* Opens the editor for @account (NULL: a new one); with @sign_in, on its sign-in fields.
 * NULL (and no editor) while the accounts file could not be read: the window says why. */
RdAccountEditor     *rd_preferences_window_edit_account (RdPreferencesWindow *self,
                                                         RdAccount           *account,
                                                         gboolean             sign_in);
/* Asks to confirm, then removes @account and its secrets. */
void                 rd_preferences_window_remove_account (RdPreferencesWindow *self,
                                                         RdAccount           *account);

/* What an account's row says: "cn-north-4 · Token", "… · Signed in until 14:32 — expired". */
char                *rd_account_dup_summary             (RdAccount           *account);

G_END_DECLS
