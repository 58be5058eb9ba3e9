/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-account-editor.h: the dialog that adds or edits an account and writes its secrets to the
 * keyring. */
#pragma once

#include <adwaita.h>

#include "rd-account-store.h"

G_BEGIN_DECLS

#define RD_TYPE_ACCOUNT_EDITOR (rd_account_editor_get_type ())
G_DECLARE_FINAL_TYPE (RdAccountEditor, rd_account_editor, RD, ACCOUNT_EDITOR, AdwWindow)

/* @account NULL adds a new account to @store on Save. */
RdAccountEditor *rd_account_editor_new          (GtkWindow       *parent,
                                                 RdAccountStore  *store,
                                                 RdAccount       *account);
/* Shows the sign-in fields and focuses the password ("Sign In Again"). */
void             rd_account_editor_focus_sign_in (RdAccountEditor *self);
/* The account being edited (for a new one: not yet in the store). */
RdAccount       *rd_account_editor_get_account  (RdAccountEditor *self);
/* The message the editor shows (a mistake or a failure), or NULL. */
const char      *rd_account_editor_get_message  (RdAccountEditor *self);
/* TRUE while a sign-in or a keyring write runs. */
gboolean         rd_account_editor_is_busy      (RdAccountEditor *self);

G_END_DECLS
