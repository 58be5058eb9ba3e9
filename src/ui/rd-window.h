/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-window.h: the main window: the lookup form, the lookup's states, the package and its tasks. */
#pragma once

#include <adwaita.h>

#include "rd-account-store.h"
#include "rd-client.h"
#include "rd-package-header.h"
#include "rd-queue-view.h"
#include "rd-session.h"
#include "rd-tasks-view.h"

G_BEGIN_DECLS

#define RD_TYPE_WINDOW (rd_window_get_type ())
G_DECLARE_FINAL_TYPE (RdWindow, rd_window, RD, WINDOW, AdwApplicationWindow)

/* @settings (nullable) keeps the window size, the last project and workspace
 * and the recent lookups; without it nothing persists. */
RdWindow         *rd_window_new                  (GtkApplication *application,
                                                  GSettings      *settings);

/* The client every lookup uses. Without one, a lookup shows the error state
 * with @setup_message (how to provide credentials or a service). */
void              rd_window_set_client           (RdWindow       *self,
                                                  RdClient       *client);
RdClient         *rd_window_get_client           (RdWindow       *self);
/* Who the client of rd_window_set_client () signs in as ("Environment credentials, access key
 * …"), shown under the title beside the service's host while it is used; NULL for nothing. */
void              rd_window_set_client_identity  (RdWindow       *self,
                                                  const char     *identity);
void              rd_window_set_setup_message    (RdWindow       *self,
                                                  const char     *title,
                                                  const char     *message);

/* Demo mode: a "Demo service" subtitle, and lookups are not remembered in GSettings. */
void              rd_window_set_demo             (RdWindow       *self,
                                                  gboolean        demo);
gboolean          rd_window_get_demo             (RdWindow       *self);
/* Lookups to offer in a "Demo Packages" section of the lookups menu (none: NULL or an empty
 * array): a GVariant of type a(ssss), each (project ID, workspace ID or "" for the default,
 * package ID, label as shown), such as rd_demo_new_sample_lookups () makes. A floating
 * reference is taken. */
void              rd_window_set_sample_lookups   (RdWindow       *self,
                                                  GVariant       *lookups);

/* Fills the form; NULL leaves a field as it is. */
void              rd_window_set_form             (RdWindow       *self,
                                                  const char     *project_id,
                                                  const char     *workspace,
                                                  const char     *package_id);

/* Fills the form and looks the package up, as Enter in the form does.
 * Returns FALSE when the form is not valid (the form then says why). */
gboolean          rd_window_lookup               (RdWindow       *self,
                                                  const char     *project_id,
                                                  const char     *workspace,
                                                  const char     *package_id);
/* Cancels the lookup in flight and returns to what was shown before it. */
void              rd_window_cancel               (RdWindow       *self);
/* Repeats the last lookup (F5, Retry). */
void              rd_window_refresh              (RdWindow       *self);

/* "empty", "loading", "error" or "package". */
const char       *rd_window_get_state            (RdWindow       *self);
RdReleasePackage *rd_window_get_package          (RdWindow       *self);
/* The shown error's details, or NULL. */
const RdErrorDetails *rd_window_get_error_details (RdWindow      *self);
RdPackageHeader  *rd_window_get_package_header   (RdWindow       *self);
RdTasksView      *rd_window_get_tasks_view       (RdWindow       *self);

/* "<package name>-<package id>.json", safe as a file name. */
char             *rd_window_dup_export_name      (RdWindow       *self);
/* What the save dialog's answer runs: writes the shown package to @file
 * atomically, then shows a toast, or an error dialog on failure. */
gboolean          rd_window_export_to_file       (RdWindow       *self,
                                                  GFile          *file);
/* The folder the export dialog opens in: the last export's, else Documents, else home. */
GFile            *rd_window_dup_export_folder    (RdWindow       *self);
/* Export Changes as Patch… to @file: every task's change fetched, then written atomically;
 * a toast says where (and how many tasks' content was not available), a dialog why not. */
void              rd_window_export_changes_to_file (RdWindow     *self,
                                                    GFile        *file);

/* What the error state offers when an account's sign-in or secret is the problem. */
typedef enum
{
  RD_WINDOW_ACCOUNT_FIX_NONE,
  RD_WINDOW_ACCOUNT_FIX_SIGN_IN, /* "Sign In Again" (expired or rejected token): app.sign-in-account
                                  */
  RD_WINDOW_ACCOUNT_FIX_EDIT,    /* "Enter Again": app.edit-account */
} RdWindowAccountFix;

/* The saved accounts: the header bar's account picker lists them (and "Demo"
 * in demo mode); picking one makes it the store's active account. */
void              rd_window_set_account_store    (RdWindow       *self,
                                                  RdAccountStore *accounts);
/* Lookups use @account (from the store): its secrets are read from the
 * keyring at the first lookup and kept for the session. @endpoint (nullable)
 * overrides the account's. The account's project and workspace fill the form.
 * NULL goes back to the client of rd_window_set_client () (the demo's).
 * The window's session keeps the account (rd_window_get_session ()). */
void              rd_window_set_account          (RdWindow       *self,
                                                  RdAccount      *account,
                                                  const char     *endpoint);
RdAccount        *rd_window_get_account          (RdWindow       *self);
/* Drops the cached credentials of @account_id (NULL: of every account), as saving the account
 * through the store does; the next lookup reads the keyring again. */
void              rd_window_forget_credentials   (RdWindow       *self,
                                                  const char     *account_id);
/* Who the window signs in as: the account, its credentials and the client of every call, and
 * whether it has to sign in again. The application hands it what the options resolved. */
RdSession        *rd_window_get_session          (RdWindow       *self);
/* Seconds for the clients built for accounts; 0 for the default. */
void              rd_window_set_timeout          (RdWindow       *self,
                                                  int             timeout);
RdWindowAccountFix rd_window_get_account_fix     (RdWindow       *self);

/* The review queue beside the details. Release and Revoke (win.release,
 * win.revoke) act on the queue's selected packages, or else on the one on show;
 * each package released is watched until its release ends, then a desktop
 * notification (app.show-package) says how it went. The watching stops with
 * the window. */
RdQueueView      *rd_window_get_queue_view       (RdWindow       *self);
/* F9 hides and shows it; hidden, it is not loaded. */
void              rd_window_set_queue_visible    (RdWindow       *self,
                                                  gboolean        visible);
gboolean          rd_window_get_queue_visible    (RdWindow       *self);
guint             rd_window_get_n_watched        (RdWindow       *self);
/* For tests and the demo: the watcher's first and longest wait, in ms (0: 2 s and 15 s). */
void              rd_window_set_watch_intervals  (RdWindow       *self,
                                                  guint           first_ms,
                                                  guint           max_ms);

G_END_DECLS
