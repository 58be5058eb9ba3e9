/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-window-private.h: what the files of RdWindow share (rd-window.c, -actions.c, -recent.c,
 * -review.c). */
#pragma once

#include <adwaita.h>

#include "rd-account-store.h"
#include "rd-accounts-banner.h"
#include "rd-change-view.h"
#include "rd-client.h"
#include "rd-package-header.h"
#include "rd-queue-view.h"
#include "rd-release-watcher.h"
#include "rd-review-marks.h"
#include "rd-session.h"
#include "rd-tasks-view.h"
#include "rd-window.h"

G_BEGIN_DECLS

typedef struct _Lookup Lookup;
void rd_lookup_free (Lookup *lookup);

struct _Lookup
{
  char *project_id;
  char *workspace;    /* NULL for the default workspace */
  char *package_id;
  char *package_name; /* NULL until the lookup succeeded */
};

/* What the window's main pane shows: the pages of its stack. */
typedef enum
{
  RD_WINDOW_STATE_EMPTY,
  RD_WINDOW_STATE_LOADING,
  RD_WINDOW_STATE_ERROR,
  RD_WINDOW_STATE_PACKAGE,
} RdWindowState;

/* The review's state: rd-window-review.c's alone. */
typedef struct
{
  GHashTable   *watchers;            /* package id -> RdReleaseWatcher */
  guint         watch_first_ms;      /* 0: the watcher's defaults */
  guint         watch_max_ms;
  GCancellable *action_cancellable;
  GCancellable *refresh_cancellable; /* in-place refreshes after an action */
  gboolean      action_busy;         /* one click, one request: no second until it ends */
  gboolean      counting_tasks;
  gboolean      confirming;          /* the Release/Revoke question is open */
  gpointer      interrupted_action;  /* what a 401 stopped: an Action, or NULL */
  GPtrArray    *interrupted_watches; /* RdReleaseWatcher that gave up on a 401 */
  guint         queue_refresh_id;    /* the queue listed again once releases have started */
} RdWindowReview;

struct _RdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  /* Who the window signs in as: the account, its credentials and client (rd-session.h). */
  RdSession            *session;
  char                 *setup_title;
  char                 *setup_message;
  gboolean              demo;

  /* The lookup in flight: a newer one cancels it and bumps the generation,
   * so an answer that arrives late is recognised and dropped. */
  GCancellable         *cancellable;
  guint                 generation;
  RdWindowState         state;
  RdWindowState         state_before_loading;
  Lookup               *last_request;

  RdReleasePackage     *package;
  RdErrorDetails       *error_details;
  GPtrArray            *recent;            /* of Lookup, newest first */
  GMenu                *recent_menu;
  GVariant             *sample_lookups;    /* a(ssss), or NULL: rd_window_set_sample_lookups () */
  GtkFileChooserNative *export_dialog;
  gboolean              export_patch;      /* the dialog is Export Changes as Patch… */
  GFile                *export_folder;     /* where the last export went, or NULL */

  /* Accounts: the store for the account menu; the account in use is the session's. */
  RdAccountStore       *accounts;
  char                 *client_identity;    /* who the client without account signs in as */
  GCancellable         *queue_client;       /* getting the account's client for its queue */
  GMenu                *account_menu;
  GSimpleActionGroup   *account_actions;
  RdWindowAccountFix    account_fix;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *recent_button;
  GtkMenuButton        *account_button;
  GtkWidget            *fix_account_button;
  GtkRevealer          *sign_in_revealer;
  GtkLabel             *sign_in_label;
  GtkWidget            *sign_in_button;
  GtkWidget            *add_account_button;
  RdAccountsBanner     *accounts_banner;
  AdwEntryRow          *project_row;
  AdwEntryRow          *workspace_row;
  AdwEntryRow          *package_row;
  GtkRevealer          *form_message_revealer;
  GtkLabel             *form_message_label;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *loading_page;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  GtkWidget            *retry_button;
  GtkWidget            *details_expander;
  GtkLabel             *details_label;
  RdPackageHeader      *package_header;
  RdTasksView          *tasks_view;
  AdwLeaflet           *leaflet;
  RdQueueView          *queue_view;
  GtkActionBar         *action_bar;
  GtkLabel             *action_label;

  /* Review: releases being watched, and the release or revoke being sent (rd-window-review.c) */
  RdWindowReview        review;
  gboolean              queue_hidden;       /* F9: the sidebar is hidden and not loaded */
  GtkWidget            *queue_box;
  GtkWidget            *queue_separator;

  /* What a 401 stopped, done again once the account is signed in again. */
  gboolean              queue_interrupted;

  /* The review pane beside the tasks (rd-window-changes.c) */
  GtkPaned             *review_paned;
  RdChangeView         *change_view;
  GHashTable           *changes;            /* RdTask → RdTaskChange of the package on show */
  GCancellable         *changes_cancellable;
  RdReviewMarks        *marks;              /* the app's, shared by its windows */
  gboolean              syncing_reviewed;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lookup, rd_lookup_free)

/* rd-window-changes.c */
void     rd_window_changes_init              (RdWindow         *self);
void     rd_window_changes_bind_settings     (RdWindow         *self);
void     rd_window_changes_set_package       (RdWindow         *self);
void     rd_window_changes_dispose           (RdWindow         *self);
/* For the Release question: "5 of 12 tasks are not marked as reviewed.", or NULL when every
 * task of @packages that has tasks is. */
char    *rd_window_changes_dup_unreviewed_note (RdWindow       *self,
                                              GPtrArray        *packages,
                                              const char       *project_id,
                                              const char       *workspace);

/* rd-window.c */
Lookup  *rd_lookup_new                       (const char       *project_id,
                                              const char       *workspace,
                                              const char       *package_id,
                                              const char       *package_name);
gboolean rd_lookup_same_target               (const Lookup     *a,
                                              const Lookup     *b);
/* The form's lookup, or NULL (with the form's message shown) when it is not valid. */
Lookup  *rd_window_read_form                 (RdWindow         *self);
void     rd_window_start_lookup              (RdWindow         *self,
                                              const Lookup     *request);
void     rd_window_show_package_in_place     (RdWindow         *self,
                                              RdReleasePackage *package);
void     rd_window_update_actions            (RdWindow         *self);
void     rd_window_show_package_gone         (RdWindow         *self,
                                              const char       *package_id,
                                              gboolean          revoked,
                                              const char       *message);
/* Lists the review queue of the form's project, reading the account's secrets first if need be. */
void     rd_window_list_queue                (RdWindow         *self);
void     rd_window_toast                     (RdWindow         *self,
                                              const char       *message);
/* "_Sign In Again" or "_Enter Again" while the session needs it, else NULL. */
const char *rd_window_get_sign_in_label      (RdWindow         *self);

/* rd-window-actions.c: the actions and their shortcuts */
void     rd_window_actions_class_init        (GtkWidgetClass   *widget_class);

/* rd-window-recent.c: the lookups menu */
void     rd_window_recent_class_init         (GtkWidgetClass   *widget_class);
/* "a_b" → "a__b", for a label with a mnemonic. */
char    *rd_escape_mnemonic                  (const char       *text);
void     rd_window_recent_load               (RdWindow         *self);
void     rd_window_recent_save               (RdWindow         *self);
void     rd_window_recent_update_menu        (RdWindow         *self);
/* Puts @request, found as @package, first in the recent lookups. */
void     rd_window_recent_remember           (RdWindow         *self,
                                              const Lookup     *request,
                                              RdReleasePackage *package);

/* rd-window-review.c */
void     rd_window_review_init               (RdWindow         *self);
void     rd_window_review_dispose            (RdWindow         *self);
void     rd_window_review_class_init         (GtkWidgetClass   *widget_class);
/* The client and project lookups use now serve the queue too. */
void     rd_window_review_update_source      (RdWindow         *self,
                                              const char       *project_id,
                                              const char       *workspace);
void     rd_window_review_clear_source       (RdWindow         *self);
void     rd_window_review_update_actions     (RdWindow         *self);
void     rd_window_review_refresh            (RdWindow         *self);
/* Signed in again: the release or revoke a 401 stopped is offered again, the releases it
 * stopped watching are watched again. */
void     rd_window_review_resume             (RdWindow         *self);
/* Another account: what a 401 stopped is not the new account's to do. */
void     rd_window_review_forget_interrupted (RdWindow         *self);

G_END_DECLS
