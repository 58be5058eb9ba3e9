/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-window.c: the main window: the lookup form, the lookup's states, the package and its tasks. */
#define G_LOG_DOMAIN "rd-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-window.h"
#include "rd-window-private.h"

#include "rd-resources.h"
#include "rd-ui-text.h"
#include "rd-validate.h"

G_DEFINE_FINAL_TYPE (RdWindow, rd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

enum {
  LOOKUP_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_subtitle (RdWindow *self);
static void list_queue_of_form (RdWindow *self);
static void on_session_account_changed (RdWindow *self);
static void on_session_client_changed (RdWindow *self);
static void on_needs_sign_in_changed (RdWindow *self);
static void on_credentials_changed (RdWindow *self, gboolean was_signed_out);

/* The account in use, or NULL (the demo's or the environment's client). */
static RdAccount *
get_account (RdWindow *self)
{
  return self->session != NULL ? rd_session_get_account (self->session) : NULL;
}

/* The client calls use now, if it is built; NULL otherwise. */
static RdClient *
get_client (RdWindow *self)
{
  return self->session != NULL ? rd_session_get_client (self->session) : NULL;
}

void
rd_lookup_free (Lookup *lookup)
{
  g_free (lookup->project_id);
  g_free (lookup->workspace);
  g_free (lookup->package_id);
  g_free (lookup->package_name);
  g_free (lookup);
}


Lookup *
rd_lookup_new (const char *project_id,
            const char *workspace,
            const char *package_id,
            const char *package_name)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->project_id = g_strdup (project_id);
  lookup->workspace = workspace != NULL && workspace[0] != '\0' ? g_strdup (workspace) : NULL;
  lookup->package_id = g_strdup (package_id);
  lookup->package_name = g_strdup (package_name);

  return lookup;
}

gboolean
rd_lookup_same_target (const Lookup *a,
                    const Lookup *b)
{
  return g_strcmp0 (a->project_id, b->project_id) == 0 &&
         g_strcmp0 (a->workspace, b->workspace) == 0 &&
         g_strcmp0 (a->package_id, b->package_id) == 0;
}

/* g_set_str() arrives in GLib 2.76. */
static gboolean
set_str (char       **str_pointer,
         const char  *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;
  return TRUE;
}

static void
add_toast (RdWindow   *self,
           const char *message)
{
  /* Names may hold '<' or '&'. */
  adw_toast_overlay_add_toast (self->toast_overlay, rd_toast_new_text (message));
}

void
rd_window_toast (RdWindow   *self,
                 const char *message)
{
  add_toast (self, message);
}

static void
on_toast (RdWindow   *self,
          const char *message,
          GtkWidget  *source)
{
  if (message != NULL && message[0] != '\0')
    add_toast (self, message);
}

static void
update_actions (RdWindow *self)
{
  RdWindowState state = self->state;
  gboolean showing_package = state == RD_WINDOW_STATE_PACKAGE && self->package != NULL;
  gboolean loading = state == RD_WINDOW_STATE_LOADING;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh",
                                 (self->last_request != NULL &&
                                  rd_session_has_service (self->session)) ||
                                 rd_queue_view_has_source (self->queue_view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.fix-account",
                                 get_account (self) != NULL &&
                                 (self->account_fix != RD_WINDOW_ACCOUNT_FIX_NONE ||
                                  rd_session_get_needs_sign_in (self->session)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", showing_package);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-patch", showing_package);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.filter", showing_package);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy", showing_package);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-all-ids", showing_package);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-table", showing_package);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-markdown", showing_package);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-details",
                                 state == RD_WINDOW_STATE_ERROR && self->error_details != NULL);
  rd_window_review_update_actions (self);
}

void
rd_window_update_actions (RdWindow *self)
{
  update_actions (self);
}

static void
on_state_changed (RdWindow *self)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

  /* A hidden spinner still costs a frame clock tick per frame. */
  gtk_spinner_set_spinning (self->spinner, self->state == RD_WINDOW_STATE_LOADING);
  update_actions (self);

  /* When the focus was in the page that went (the loading page's Cancel, after a refresh from
   * the table), the stack moves it to the first focusable widget of the package page: the
   * title, a selectable label, which then selects all its text. The table takes it instead. */
  if (self->state == RD_WINDOW_STATE_PACKAGE && focus != NULL &&
      gtk_widget_is_ancestor (focus, GTK_WIDGET (self->package_header)))
    {
      if (GTK_IS_LABEL (focus))
        gtk_label_select_region (GTK_LABEL (focus), 0, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->tasks_view));
    }
}

/* What renews the account's credentials, by what it signs in with: only an IAM account signs
 * in; a token or a key pair is entered again (a pasted token cannot be "signed in again"). */
static const char *
get_renew_label (RdWindow *self)
{
  switch (rd_account_get_auth_method (get_account (self)))
    {
    case RD_ACCOUNT_AUTH_IAM:
      return _("_Sign In Again");
    case RD_ACCOUNT_AUTH_TOKEN:
      return _("_Enter the Token Again");
    case RD_ACCOUNT_AUTH_ACCESS_KEY:
    default:
      return _("_Enter the Keys Again");
    }
}

const char *
rd_window_get_sign_in_label (RdWindow *self)
{
  if (get_account (self) == NULL ||
      rd_session_get_sign_in (self->session) == RD_SESSION_SIGN_IN_NONE)
    return NULL;

  return get_renew_label (self);
}

/* A 401 anywhere (the lookup, the queue, a release, a watcher) signs the account out: the
 * review queue and a strip above the form offer to sign in again, unless the error shown says
 * it already with its own button. */
static void
update_sign_in_offer (RdWindow *self)
{
  const char *label = rd_window_get_sign_in_label (self);
  gboolean said = self->state == RD_WINDOW_STATE_ERROR &&
                  gtk_widget_get_visible (self->fix_account_button);

  if (self->queue_view == NULL)
    return;

  if (label != NULL)
    {
      const char *name = rd_account_get_name (get_account (self));
      g_autofree char *text = NULL;

      RdAccountAuth method = rd_account_get_auth_method (get_account (self));

      if (method == RD_ACCOUNT_AUTH_TOKEN)
        /* Translators: %s is an account's name */
        text = g_strdup_printf (_("The token of “%s” is missing, expired or not valid"), name);
      else if (method == RD_ACCOUNT_AUTH_ACCESS_KEY)
        /* Translators: %s is an account's name */
        text = g_strdup_printf (_("The keys of “%s” are missing, or the service does not "
                                  "accept them"), name);
      else if (rd_session_get_sign_in (self->session) == RD_SESSION_SIGN_IN_AGAIN)
        /* Translators: %s is an account's name */
        text = g_strdup_printf (_("“%s” is signed out: the service no longer accepts its "
                                  "sign-in"), name);
      else
        /* Translators: %s is an account's name */
        text = g_strdup_printf (_("The service does not accept the secret of “%s”, or it is "
                                  "missing"), name);
      /* Names may hold '<' or '&'. */
      gtk_label_set_text (self->sign_in_label, text);
      gtk_button_set_label (GTK_BUTTON (self->sign_in_button), label);
      /* The queue says the same, with the same way out. */
      rd_queue_view_set_sign_in (self->queue_view, label, "win.fix-account", text);
    }
  else
    rd_queue_view_set_sign_in (self->queue_view, NULL, NULL, NULL);
  gtk_revealer_set_reveal_child (self->sign_in_revealer, label != NULL && !said);
}

/* The names of the stack's pages in rd-window.ui, by RdWindowState. */
static const char * const state_names[] = {
  [RD_WINDOW_STATE_EMPTY] = "empty",
  [RD_WINDOW_STATE_LOADING] = "loading",
  [RD_WINDOW_STATE_ERROR] = "error",
  [RD_WINDOW_STATE_PACKAGE] = "package",
};

static void
show_state (RdWindow      *self,
            RdWindowState  state)
{
  /* A way to fix the account belongs to the error that offered it. */
  if (state != RD_WINDOW_STATE_ERROR)
    self->account_fix = RD_WINDOW_ACCOUNT_FIX_NONE;
  self->state = state;
  gtk_stack_set_visible_child_name (self->stack, state_names[state]);
  /* notify::visible-child-name is not emitted when the state does not change. */
  update_actions (self);
  update_sign_in_offer (self);
}

static const char *
get_error_title (const GError *error)
{
  if (error->domain != RD_API_ERROR)
    return _("Lookup Failed");

  switch ((RdApiError) error->code)
    {
    case RD_API_ERROR_INVALID_INPUT:
      return _("Check the IDs");
    case RD_API_ERROR_INSECURE:
      return _("Insecure Connection Refused");
    case RD_API_ERROR_NETWORK:
      return _("Cannot Reach the Service");
    case RD_API_ERROR_TLS:
      return _("Secure Connection Failed");
    case RD_API_ERROR_TIMEOUT:
      return _("The Service Did Not Answer in Time");
    case RD_API_ERROR_UNAUTHORIZED:
      return _("Credentials Not Accepted");
    case RD_API_ERROR_FORBIDDEN:
      return _("No Permission");
    case RD_API_ERROR_NOT_FOUND:
      return _("Package Not Found");
    case RD_API_ERROR_WRONG_ENDPOINT:
      return _("Wrong Service Address");
    case RD_API_ERROR_THROTTLED:
      return _("Too Many Requests");
    case RD_API_ERROR_SERVICE:
      return _("The Service Reported an Error");
    case RD_API_ERROR_SERVER:
      return _("The Service Is Having Problems");
    case RD_API_ERROR_TOO_LARGE:
      return _("The Answer Is Too Large");
    case RD_API_ERROR_BAD_RESPONSE:
      return _("Unexpected Answer from the Service");
    default:
      return _("Lookup Failed");
    }
}

static void
show_error_full (RdWindow             *self,
                 const char           *icon_name,
                 const char           *title,
                 const char           *message,
                 const RdErrorDetails *details,
                 gboolean              can_retry,
                 RdWindowAccountFix    fix)
{
  g_clear_pointer (&self->error_details, rd_error_details_free);

  /* A way forward that needs the person (sign in, re-enter), never an automatic retry. */
  self->account_fix = get_account (self) != NULL ? fix : RD_WINDOW_ACCOUNT_FIX_NONE;
  if (self->account_fix != RD_WINDOW_ACCOUNT_FIX_NONE)
    gtk_button_set_label (GTK_BUTTON (self->fix_account_button), get_renew_label (self));
  gtk_widget_set_visible (self->fix_account_button,
                          self->account_fix != RD_WINDOW_ACCOUNT_FIX_NONE);
  gtk_widget_set_visible (self->add_account_button, FALSE);

  adw_status_page_set_icon_name (self->error_page, icon_name);
  adw_status_page_set_title (self->error_page, title);
  /* The service's message, IDs, file names: text, not markup. */
  rd_status_page_set_description_text (self->error_page, message);
  gtk_widget_set_visible (self->retry_button, can_retry);

  if (details != NULL)
    {
      g_autofree char *text = rd_error_details_format (details);

      self->error_details = rd_error_details_copy (details);
      gtk_label_set_label (self->details_label, g_strchomp (text));
    }
  else
    gtk_label_set_label (self->details_label, "");
  gtk_widget_set_visible (self->details_expander, details != NULL);

  show_state (self, RD_WINDOW_STATE_ERROR);
}

static void
show_error (RdWindow             *self,
            const char           *icon_name,
            const char           *title,
            const char           *message,
            const RdErrorDetails *details,
            gboolean              can_retry)
{
  show_error_full (self, icon_name, title, message, details, can_retry,
                   RD_WINDOW_ACCOUNT_FIX_NONE);
}

/* A failure to get the account's credentials from the keyring. */
static void
show_account_error (RdWindow     *self,
                    const GError *error)
{
  gboolean iam = rd_account_get_auth_method (get_account (self)) == RD_ACCOUNT_AUTH_IAM;

  if (error->domain != RD_SECRET_ERROR)
    {
      show_error (self, "dialog-error-symbolic", _("Lookup Failed"), error->message, NULL, TRUE);
      return;
    }

  switch ((RdSecretError) error->code)
    {
    case RD_SECRET_ERROR_EXPIRED:
      show_error_full (self, "dialog-password-symbolic", _("Signed Out"), error->message, NULL,
                       FALSE, RD_WINDOW_ACCOUNT_FIX_SIGN_IN);
      break;
    case RD_SECRET_ERROR_NOT_FOUND:
      show_error_full (self, "dialog-password-symbolic", _("Secret Missing"), error->message, NULL,
                       FALSE, iam ? RD_WINDOW_ACCOUNT_FIX_SIGN_IN : RD_WINDOW_ACCOUNT_FIX_EDIT);
      break;
    case RD_SECRET_ERROR_INVALID:
      show_error_full (self, "dialog-password-symbolic", _("Secret Unusable"), error->message, NULL,
                       FALSE, iam ? RD_WINDOW_ACCOUNT_FIX_SIGN_IN : RD_WINDOW_ACCOUNT_FIX_EDIT);
      break;
    case RD_SECRET_ERROR_NO_SERVICE:
    case RD_SECRET_ERROR_NO_KEYRING:
      show_error (self, "dialog-password-symbolic", _("No Keyring"), error->message, NULL, TRUE);
      break;
    case RD_SECRET_ERROR_LOCKED:
    case RD_SECRET_ERROR_DECLINED:
      show_error (self, "dialog-password-symbolic", _("Keyring Locked"), error->message, NULL,
                  TRUE);
      break;
    case RD_SECRET_ERROR_FAILED:
    default:
      show_error (self, "dialog-password-symbolic", _("Keyring Error"), error->message, NULL, TRUE);
      break;
    }
}

/* A first run: the accounts file read, no account in it. Adding one (or trying the demo) is
 * the way forward, and both panes say so. */
static gboolean
has_no_accounts (RdWindow *self)
{
  return self->accounts != NULL && rd_account_store_get_load_error (self->accounts) == NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) == 0;
}

static void
show_setup_message (RdWindow *self)
{
  /* The banner above names the file and the line; adding an account would have to wait. */
  if (self->accounts != NULL && rd_account_store_get_load_error (self->accounts) != NULL)
    show_error (self, "dialog-warning-symbolic", _("Accounts Not Read"),
                _("The saved accounts could not be read: the note above says why and how to fix "
                  "it."), NULL, FALSE);
  else
    show_error (self, "dialog-password-symbolic",
                self->setup_title != NULL ? self->setup_title : _("No Service"),
                self->setup_message, NULL, FALSE);
  gtk_widget_set_visible (self->add_account_button, has_no_accounts (self));
  /* The queue says the same. */
  list_queue_of_form (self);
}

static void
show_package (RdWindow         *self,
              RdReleasePackage *package)
{
  g_autofree char *title = NULL;
  const char *name = rd_release_package_get_package_name (package);

  g_clear_pointer (&self->error_details, rd_error_details_free);
  /* A filter typed for another package would hide this one's tasks for no reason it shows;
   * the same package looked up again keeps it (the sort stays either way). */
  if (self->package == NULL ||
      g_strcmp0 (rd_release_package_get_package_id (self->package),
                 rd_release_package_get_package_id (package)) != 0)
    rd_tasks_view_clear_filter (self->tasks_view);
  g_set_object (&self->package, package);
  rd_package_header_set_package (self->package_header, package);
  rd_window_changes_set_package (self);
  rd_tasks_view_set_package (self->tasks_view, package);

  /* What task switchers and the window list show; the header bar keeps the app name. */
  if (name != NULL && name[0] != '\0')
    /* Translators: the window title while a package is shown; %s is its name */
    title = g_strdup_printf (_("%s – Release Desk"), name);
  gtk_window_set_title (GTK_WINDOW (self), title != NULL ? title : _("Release Desk"));

  show_state (self, RD_WINDOW_STATE_PACKAGE);
}

/* A newer answer for the package on show (a release being watched): the header and the
 * task rows change, the filter, sort and scroll position stay. */
void
rd_window_show_package_in_place (RdWindow         *self,
                                 RdReleasePackage *package)
{
  if (self->package == NULL || self->state != RD_WINDOW_STATE_PACKAGE ||
      g_strcmp0 (rd_release_package_get_package_id (self->package),
                 rd_release_package_get_package_id (package)) != 0)
    return;

  g_set_object (&self->package, package);
  rd_package_header_set_package (self->package_header, package);
  rd_tasks_view_set_package (self->tasks_view, package);
  update_actions (self);
}

/* The package on show is gone from the service: sent back to its developer by a revoke from
 * this window (@revoked), or no longer found when it was asked for again (@message says what
 * the service said). The pane says so by name, and Release, Revoke, the copies and the export
 * go with the package. */
void
rd_window_show_package_gone (RdWindow   *self,
                             const char *package_id,
                             gboolean    revoked,
                             const char *message)
{
  const char *name;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  if (self->package == NULL || self->state != RD_WINDOW_STATE_PACKAGE ||
      g_strcmp0 (rd_release_package_get_package_id (self->package), package_id) != 0)
    return;

  name = rd_release_package_get_package_name (self->package);
  if (name != NULL && name[0] != '\0')
    /* Translators: how a package is named on the page that says it is gone: its name, then
     * its ID */
    title = g_strdup_printf (_("“%s” (package %s)"), name, package_id);
  else
    /* Translators: %s is a package ID */
    title = g_strdup_printf (_("Package %s"), package_id);

  if (revoked)
    /* Translators: %s is "“name” (package 53)" or "Package 53" */
    text = g_strdup_printf (_("%s was sent back to its developer: it is no longer waiting for "
                              "review, and there is nothing left here to release."), title);
  else if (message != NULL && message[0] != '\0')
    /* Translators: the first %s is "“name” (package 53)" or "Package 53", the second the
     * service's message */
    text = g_strdup_printf (_("The service no longer has %s: it may have been sent back to its "
                              "developer.\n\n%s"), title, message);
  else
    /* Translators: %s is "“name” (package 53)" or "Package 53" */
    text = g_strdup_printf (_("The service no longer has %s: it may have been sent back to its "
                              "developer."), title);

  gtk_window_set_title (GTK_WINDOW (self), _("Release Desk"));
  show_error (self, revoked ? "edit-undo-symbolic" : "action-unavailable-symbolic",
              revoked ? _("Package Sent Back") : _("Package No Longer Available"), text, NULL,
              !revoked);
}

/* The form */

static void
clear_form_message (RdWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->project_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->workspace_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->package_row), "error");
  gtk_revealer_set_reveal_child (self->form_message_revealer, FALSE);
}

static void
on_form_changed (RdWindow *self)
{
  if (gtk_revealer_get_reveal_child (self->form_message_revealer))
    clear_form_message (self);
}

static void
show_form_message (RdWindow    *self,
                   AdwEntryRow *row,
                   const char  *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  gtk_label_set_label (self->form_message_label, message);
  gtk_revealer_set_reveal_child (self->form_message_revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (row));
}

/* Reads and checks the form; on a mistake, marks the field and says why. */
Lookup *
rd_window_read_form (RdWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *workspace = NULL;
  g_autofree char *package_id = NULL;
  g_autofree char *workspace_text = NULL;

  clear_form_message (self);

  project_id = rd_validate_project_id (gtk_editable_get_text (GTK_EDITABLE (self->project_row)),
                                       &error);
  if (project_id == NULL)
    {
      show_form_message (self, self->project_row, error->message);
      return NULL;
    }

  workspace_text =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->workspace_row))));
  if (workspace_text[0] != '\0')
    {
      workspace = rd_validate_workspace_id (workspace_text, &error);
      if (workspace == NULL)
        {
          show_form_message (self, self->workspace_row, error->message);
          return NULL;
        }
    }

  package_id = rd_validate_package_id (gtk_editable_get_text (GTK_EDITABLE (self->package_row)),
                                       &error);
  if (package_id == NULL)
    {
      show_form_message (self, self->package_row, error->message);
      return NULL;
    }

  return rd_lookup_new (project_id, workspace, package_id, NULL);
}

/* Lookups */

typedef struct
{
  RdWindow     *self;
  GCancellable *cancellable;
  Lookup       *request;
  guint         generation;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->cancellable);
  g_clear_pointer (&data->request, rd_lookup_free);
  g_free (data);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LookupData *data = user_data;
  RdWindow *self = data->self;
  RdClient *client = RD_CLIENT (source);
  g_autoptr(RdReleasePackage) package = NULL;
  g_autoptr(RdErrorDetails) details = NULL;
  g_autoptr(GError) error = NULL;
  gboolean current;

  package = rd_client_get_package_finish (client, result, &error);
  if (package == NULL)
    details = rd_client_dup_error_details (client, result);

  current = data->generation == self->generation;

  g_debug ("Lookup %u of package %s finished: %s%s",
           data->generation, data->request->package_id,
           package != NULL ? "found" : error->message,
           current ? "" : " (superseded)");

  if (current)
    {
      g_clear_object (&self->cancellable);

      if (package != NULL)
        {
          rd_window_recent_remember (self, data->request, package);
          show_package (self, package);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Cancelled from outside the window: go back as rd_window_cancel() does. */
          self->generation++;
          show_state (self, self->state_before_loading);
        }
      else
        {
          const char *icon_name = "dialog-error-symbolic";

          if (g_error_matches (error, RD_API_ERROR, RD_API_ERROR_NETWORK) ||
              g_error_matches (error, RD_API_ERROR, RD_API_ERROR_TIMEOUT))
            icon_name = "network-error-symbolic";

          if (get_account (self) != NULL &&
              g_error_matches (error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED))
            {
              RdAccount *account = get_account (self);
              gboolean token = rd_account_get_auth_method (account) != RD_ACCOUNT_AUTH_ACCESS_KEY;

              /* The stored credentials are no good: the session forgets them, and marks a
               * token expired so that the next lookup asks to sign in without a request. */
              rd_session_report_unauthorized (self->session, client);
              show_error_full (self, "dialog-password-symbolic", get_error_title (error),
                               error->message, details, FALSE,
                               token ? RD_WINDOW_ACCOUNT_FIX_SIGN_IN : RD_WINDOW_ACCOUNT_FIX_EDIT);
            }
          else
            show_error (self, icon_name, get_error_title (error), error->message, details, TRUE);
        }
    }

  g_signal_emit (self, signals[LOOKUP_FINISHED], 0, package, error, current);

  lookup_data_free (data);
}

static void
send_lookup (RdWindow   *self,
             LookupData *data,
             RdClient   *client)
{
  /* The client and project that answer lookups list the review queue too. */
  rd_window_review_update_source (self, data->request->project_id, data->request->workspace);
  rd_client_get_package_async (client,
                               data->request->project_id,
                               data->request->workspace,
                               data->request->package_id,
                               data->cancellable,
                               lookup_cb,
                               data);
}

/* The session could not give the account's client: says why, with the way out. */
static void
show_client_error (RdWindow     *self,
                   const GError *error)
{
  if (error->domain == RD_SECRET_ERROR)
    show_account_error (self, error);
  else if (g_error_matches (error, RD_SESSION_ERROR, RD_SESSION_ERROR_NO_SERVICE) ||
           g_error_matches (error, RD_SESSION_ERROR, RD_SESSION_ERROR_BAD_SERVICE))
    {
      show_error_full (self, "dialog-error-symbolic",
                       error->code == RD_SESSION_ERROR_NO_SERVICE ? _("No Service Chosen")
                                                                  : _("Wrong Service Address"),
                       error->message, NULL, FALSE, RD_WINDOW_ACCOUNT_FIX_EDIT);
      /* The account's region or endpoint, not its secret, is what to fix. */
      gtk_button_set_label (GTK_BUTTON (self->fix_account_button), _("_Edit Account"));
    }
  else
    show_error (self, "dialog-error-symbolic", _("Lookup Failed"), error->message, NULL, TRUE);
}

/* The window shows neither a package nor a lookup nor an error: the review queue's own
 * trouble may be said there. */
static gboolean
nothing_on_show (RdWindow *self)
{
  return self->state == RD_WINDOW_STATE_EMPTY;
}

static void
lookup_client_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LookupData *data = user_data;
  RdWindow *self = data->self;
  g_autoptr(RdClient) client = NULL;
  g_autoptr(GError) error = NULL;
  gboolean current;

  client = rd_session_dup_client_finish (RD_SESSION (source), result, &error);
  current = data->generation == self->generation && get_account (self) != NULL;

  g_debug ("Client for lookup %u: %s%s", data->generation,
           client != NULL ? "ready" : error->message, current ? "" : " (superseded)");

  if (current && client != NULL)
    {
      send_lookup (self, data, client);
      return;
    }

  if (current && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->generation++;
      g_clear_object (&self->cancellable);
      show_state (self, self->state_before_loading);
    }
  else if (current)
    {
      g_clear_object (&self->cancellable);
      show_client_error (self, error);
      /* The lookup ends before any request: the error state says why. */
      if (error->domain != RD_SECRET_ERROR)
        {
          g_clear_error (&error);
          error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                       adw_status_page_get_description (self->error_page));
        }
    }
  else if (error == NULL)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Superseded");

  g_signal_emit (self, signals[LOOKUP_FINISHED], 0, NULL, error, current);
  lookup_data_free (data);
}

static void
cancel_queue_client (RdWindow *self)
{
  if (self->queue_client != NULL)
    g_cancellable_cancel (self->queue_client);
  g_clear_object (&self->queue_client);
}

static void
queue_client_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RdWindow) self = user_data;
  g_autoptr(RdClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = rd_session_dup_client_finish (RD_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || get_account (self) == NULL)
    return;
  g_clear_object (&self->queue_client);

  if (client == NULL)
    {
      /* What went wrong is said where nothing else is shown; a lookup says it again anyway.
       * The queue says it too (a sign-in it needs is offered there instead). */
      g_debug ("Client for the review queue: %s", error->message);
      rd_queue_view_set_unset_message (self->queue_view, error->message);
      if (nothing_on_show (self))
        show_client_error (self, error);
      update_actions (self);
      return;
    }

  list_queue_of_form (self);
  update_actions (self);
}

/* An account's review queue is listed as soon as the account and its project are known, not
 * only after the first lookup: the session reads its secrets for it now, once, as a lookup
 * would. */
void
rd_window_list_queue (RdWindow *self)
{
  const char *project_text = gtk_editable_get_text (GTK_EDITABLE (self->project_row));

  if (get_account (self) == NULL || get_client (self) != NULL || self->queue_hidden ||
      project_text[0] == '\0' || self->queue_client != NULL)
    {
      list_queue_of_form (self);
      return;
    }

  self->queue_client = g_cancellable_new ();
  rd_session_dup_client_async (self->session, self->queue_client, queue_client_cb,
                               g_object_ref (self));
}

void
rd_window_start_lookup (RdWindow     *self,
              const Lookup *request)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  RdWindowState state = self->state;
  LookupData *data;

  if (self->last_request != request)
    {
      g_clear_pointer (&self->last_request, rd_lookup_free);
      self->last_request = rd_lookup_new (request->project_id, request->workspace,
                                       request->package_id, NULL);
    }

  if (!rd_session_has_service (self->session))
    {
      show_setup_message (self);
      return;
    }

  /* A newer lookup replaces the one in flight. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->generation++;

  if (state != RD_WINDOW_STATE_LOADING)
    self->state_before_loading = state;

  self->cancellable = g_cancellable_new ();

  data = g_new0 (LookupData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  data->request =
      rd_lookup_new (request->project_id, request->workspace, request->package_id, NULL);
  data->generation = self->generation;

  /* Translators: the title while a lookup runs; %s is a package ID */
  title = g_strdup_printf (_("Looking Up Package %s…"), request->package_id);
  if (request->workspace != NULL)
    /* Translators: under "Looking Up Package 4…"; project ID, then workspace ID */
    description = g_strdup_printf (_("Project %s, workspace %s"),
                                   request->project_id, request->workspace);
  else
    /* Translators: under "Looking Up Package 4…"; %s is a project ID */
    description = g_strdup_printf (_("Project %s, default workspace"), request->project_id);
  adw_status_page_set_title (self->loading_page, title);
  rd_status_page_set_description_text (self->loading_page, description);

  show_state (self, RD_WINDOW_STATE_LOADING);

  if (get_client (self) != NULL)
    {
      send_lookup (self, data, get_client (self));
      return;
    }

  /* Only now, and once per session: the keyring may ask to be unlocked. The queue's own wait
   * gives way: this lookup lists the queue too. */
  cancel_queue_client (self);
  rd_session_dup_client_async (self->session, self->cancellable, lookup_client_cb, data);
}

static void
on_entry_activated (RdWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.lookup", NULL);
}

/* Accounts */

static void
update_account_state (RdWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->account_actions), "select");
  const char *id = get_account (self) != NULL ? rd_account_get_id (get_account (self)) : "";

  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (id));
}

static void
update_account_menu (RdWindow *self)
{
  g_autoptr(GMenu) accounts = g_menu_new ();
  g_autoptr(GMenu) manage = g_menu_new ();
  guint n = self->accounts != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) : 0;

  g_menu_remove_all (self->account_menu);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *label = rd_escape_mnemonic (rd_account_get_name (account));

      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "account.select",
                                               g_variant_new_string (rd_account_get_id (account)));
      g_menu_append_item (accounts, item);
    }

  if (self->demo)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("Demo"), NULL);

      g_menu_item_set_action_and_target_value (item, "account.select", g_variant_new_string (""));
      g_menu_append_item (accounts, item);
    }

  g_menu_append (manage, _("_Manage Accounts…"), "app.preferences");
  g_menu_append_section (self->account_menu, NULL, G_MENU_MODEL (accounts));
  g_menu_append_section (self->account_menu, NULL, G_MENU_MODEL (manage));
}

/* Runs before the session hears of the change (rd_window_set_account_store ()), which drops an
 * account removed, and the client of one edited. */
static void
on_accounts_changed (RdWindow *self)
{
  if (get_account (self) != NULL)
    {
      /* Its name may have changed. */
      update_subtitle (self);
    }
  else if (get_client (self) == NULL && !self->demo &&
           g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) == 1)
    {
      /* A window with no service to talk to uses the first account added: that is why
       * it was added. */
      g_autoptr(RdAccount) first = g_list_model_get_item (G_LIST_MODEL (self->accounts), 0);

      rd_account_store_set_active_account_id (self->accounts, rd_account_get_id (first));
      rd_window_set_account (self, first, NULL);
    }

  update_account_menu (self);
}

/* The file was fixed (or set aside): what the window offered while it could not be read
 * makes way for the accounts, or for adding one. */
static void
on_accounts_load_error_changed (RdWindow *self)
{
  RdAccount *active;

  if (rd_account_store_get_load_error (self->accounts) != NULL || get_account (self) != NULL ||
      get_client (self) != NULL || self->demo)
    return;

  active = rd_account_store_get_active_account (self->accounts);
  if (active != NULL)
    rd_window_set_account (self, active, NULL);
  else if (self->setup_message != NULL)
    show_setup_message (self);
}

static void
select_account_change_state (GSimpleAction *action,
                             GVariant      *value,
                             gpointer       user_data)
{
  RdWindow *self = RD_WINDOW (user_data);
  const char *id = g_variant_get_string (value, NULL);
  RdAccount *account = NULL;

  if (id[0] != '\0' && self->accounts != NULL)
    {
      account = rd_account_store_find_by_id (self->accounts, id);
      if (account == NULL)
        return;
    }
  else if (!self->demo)
    return;

  if (self->accounts != NULL)
    rd_account_store_set_active_account_id (self->accounts, account != NULL ? id : NULL);
  rd_window_set_account (self, account, NULL);
}

/* Window state */

static gboolean
rd_window_close_request (GtkWindow *window)
{
  RdWindow *self = RD_WINDOW (window);

  /* A lookup in flight belongs to this window: its answer must not arrive in a closed one. */
  rd_window_cancel (self);

  if (self->settings != NULL)
    {
      int width, height;

      /* GTK 4 keeps the unmaximized size as the default size. */
      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (rd_window_parent_class)->close_request (window);
}

/* Preferences → Request Timeout: every call from now on, unless --timeout said otherwise. */
static void
on_timeout_setting_changed (RdWindow *self)
{
  rd_session_set_preferred_timeout (self->session,
                                    (int) g_settings_get_uint (self->settings,
                                                               "request-timeout"));
}

static void
rd_window_constructed (GObject *object)
{
  RdWindow *self = RD_WINDOW (object);

  G_OBJECT_CLASS (rd_window_parent_class)->constructed (object);

  if (self->settings != NULL)
    {
      g_autofree char *project_id = g_settings_get_string (self->settings, "last-project-id");
      g_autofree char *workspace = g_settings_get_string (self->settings, "last-workspace");

      gtk_window_set_default_size (GTK_WINDOW (self),
                                   MAX (g_settings_get_int (self->settings, "window-width"), 360),
                                   MAX (g_settings_get_int (self->settings, "window-height"), 294));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));

      rd_window_set_form (self, project_id, workspace, NULL);

      g_signal_connect_object (self->settings, "changed::request-timeout",
                               G_CALLBACK (on_timeout_setting_changed), self, G_CONNECT_SWAPPED);
      on_timeout_setting_changed (self);

      /* The header menu's column choices, for every window and the next start. */
      g_settings_bind (self->settings, "hidden-task-columns", self->tasks_view, "hidden-columns",
                       G_SETTINGS_BIND_DEFAULT);
      rd_window_changes_bind_settings (self);
    }

  rd_window_recent_load (self);
}

static void
rd_window_dispose (GObject *object)
{
  RdWindow *self = RD_WINDOW (object);

  /* The callback holds a reference; cancelling lets it finish promptly and
   * the new generation marks its answer as superseded. */
  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  cancel_queue_client (self);
  /* Watching stops with the window. */
  rd_window_review_dispose (self);
  rd_window_changes_dispose (self);

  if (self->export_dialog != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_dialog));
  g_clear_object (&self->export_dialog);
  g_clear_object (&self->export_folder);

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  g_clear_object (&self->accounts);
  /* Kept until finalize, so that what answers late still finds an account and a client. */
  g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->account_menu);
  g_clear_object (&self->account_actions);
  g_clear_object (&self->settings);
  g_clear_object (&self->package);
  g_clear_object (&self->recent_menu);

  G_OBJECT_CLASS (rd_window_parent_class)->dispose (object);
}

static void
rd_window_finalize (GObject *object)
{
  RdWindow *self = RD_WINDOW (object);

  g_clear_pointer (&self->error_details, rd_error_details_free);
  g_clear_pointer (&self->last_request, rd_lookup_free);
  g_clear_pointer (&self->recent, g_ptr_array_unref);
  g_clear_pointer (&self->sample_lookups, g_variant_unref);
  g_free (self->setup_title);
  g_free (self->setup_message);
  g_free (self->client_identity);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (rd_window_parent_class)->finalize (object);
}

static void
rd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RdWindow *self = RD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  RdWindow *self = RD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_window_class_init (RdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = rd_window_constructed;
  object_class->dispose = rd_window_dispose;
  object_class->finalize = rd_window_finalize;
  object_class->get_property = rd_window_get_property;
  object_class->set_property = rd_window_set_property;

  window_class->close_request = rd_window_close_request;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdWindow::lookup-finished:
   * @package: (nullable): the package found
   * @error: (nullable): why there is none (G_IO_ERROR_CANCELLED when cancelled)
   * @current: FALSE when a newer lookup or a cancel had superseded this one,
   *   so its answer was dropped
   *
   * Emitted from every lookup's callback, after the window has shown its result.
   */
  signals[LOOKUP_FINISHED] =
    g_signal_new ("lookup-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  RD_TYPE_RELEASE_PACKAGE, G_TYPE_ERROR, G_TYPE_BOOLEAN);

  /* The resources register themselves, but only if the linker keeps their
   * object from the static library: using it here makes sure it does. */
  (void) rd_get_resource ();

  g_type_ensure (RD_TYPE_PACKAGE_HEADER);
  g_type_ensure (RD_TYPE_TASKS_VIEW);
  g_type_ensure (RD_TYPE_CHANGE_VIEW);
  g_type_ensure (RD_TYPE_QUEUE_VIEW);
  g_type_ensure (RD_TYPE_ACCOUNTS_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/releasedesk/ReleaseDesk/rd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, add_account_button);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, accounts_banner);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, queue_view);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, queue_box);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, queue_separator);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, action_bar);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, action_label);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, fix_account_button);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, sign_in_revealer);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, sign_in_label);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, project_row);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, workspace_row);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, package_row);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, form_message_revealer);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, form_message_label);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, details_expander);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, details_label);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, package_header);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, tasks_view);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, review_paned);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, change_view);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_state_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_toast);

  rd_window_actions_class_init (widget_class);
  rd_window_recent_class_init (widget_class);
  rd_window_review_class_init (widget_class);

}

static void
rd_window_init (RdWindow *self)
{
  self->recent = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_lookup_free);
  self->state = RD_WINDOW_STATE_EMPTY;
  self->state_before_loading = RD_WINDOW_STATE_EMPTY;
  /* Before the template: its widgets ask the session what to offer. */
  self->session = rd_session_new (NULL);
  g_signal_connect_object (self->session, "notify::account",
                           G_CALLBACK (on_session_account_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::client",
                           G_CALLBACK (on_session_client_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::needs-sign-in",
                           G_CALLBACK (on_needs_sign_in_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "credentials-changed",
                           G_CALLBACK (on_credentials_changed), self, G_CONNECT_SWAPPED);

  gtk_widget_init_template (GTK_WIDGET (self));
  rd_window_review_init (self);
  rd_window_changes_init (self);

  self->recent_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->recent_button, G_MENU_MODEL (self->recent_menu));

  self->account_actions = g_simple_action_group_new ();
  {
    const GActionEntry entries[] = {
      { "select", NULL, "s", "''", select_account_change_state },
    };

    g_action_map_add_action_entries (G_ACTION_MAP (self->account_actions), entries,
                                     G_N_ELEMENTS (entries), self);
  }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "account",
                                  G_ACTION_GROUP (self->account_actions));
  self->account_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->account_button, G_MENU_MODEL (self->account_menu));
  update_account_menu (self);

  /* The row's own label does not reach the text field inside it. */
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (self->project_row))),
      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Project ID"), -1);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (self->workspace_row))),
      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Workspace ID, optional"), -1);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (self->package_row))),
      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Package ID"), -1);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  show_state (self, RD_WINDOW_STATE_EMPTY);
}

RdWindow *
rd_window_new (GtkApplication *application,
               GSettings      *settings)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (RD_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       NULL);
}

static void
update_subtitle (RdWindow *self)
{
  g_autofree char *host = NULL;
  RdClient *client = get_client (self);

  if (get_account (self) != NULL)
    {
      adw_window_title_set_subtitle (self->window_title, rd_account_get_name (get_account (self)));
      return;
    }

  if (self->demo)
    {
      adw_window_title_set_subtitle (self->window_title, _("Demo Service"));
      return;
    }

  if (client != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (rd_client_get_endpoint (client), G_URI_FLAGS_NONE, NULL);

      if (uri != NULL)
        host = g_strdup (g_uri_get_host (uri));
    }

  /* Which identity this window sends, so two windows of one instance are told apart. */
  if (host != NULL && self->client_identity != NULL)
    {
      /* Translators: under the window title: the service's host, then who signs in, such
       * as "Environment credentials, access key …" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), host, self->client_identity);

      adw_window_title_set_subtitle (self->window_title, subtitle);
      return;
    }

  adw_window_title_set_subtitle (self->window_title, host);
}

void
rd_window_set_client_identity (RdWindow   *self,
                               const char *identity)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  set_str (&self->client_identity, identity);
  update_subtitle (self);
}

/* With a client at hand (the demo, environment credentials), the project in the form
 * is enough to list its review queue. An account's client comes with the first lookup. */
static void
list_queue_of_form (RdWindow *self)
{
  g_autofree char *project_id = NULL;
  g_autofree char *workspace = NULL;
  g_autoptr(GError) error = NULL;
  const char *project_text = gtk_editable_get_text (GTK_EDITABLE (self->project_row));
  const char *workspace_text = gtk_editable_get_text (GTK_EDITABLE (self->workspace_row));

  /* Why there is nothing to list is said in the queue as in the main pane: one message per
   * cause (an account's own trouble comes from queue_client_cb and the sign-in offer). */
  if (get_client (self) == NULL)
    {
      if (get_account (self) != NULL)
        return;
      if (has_no_accounts (self))
        /* The main pane's "Add an Account" and "Try the Demo", in short. */
        rd_queue_view_set_unset_message (self->queue_view,
                                         _("Add an account, or try the demo, to see the "
                                           "packages waiting for review"));
      else
        rd_queue_view_set_unset_message (self->queue_view,
                                         self->setup_message != NULL
                                           ? self->setup_message
                                           : _("Choose or add an account to see the packages "
                                               "waiting for review"));
      return;
    }
  if (project_text[0] == '\0')
    {
      rd_queue_view_set_unset_message (self->queue_view, NULL);
      return;
    }

  project_id = rd_validate_project_id (project_text, &error);
  if (project_id == NULL ||
      (workspace_text[0] != '\0' &&
       (workspace = rd_validate_workspace_id (workspace_text, &error)) == NULL))
    {
      rd_queue_view_set_unset_message (self->queue_view, error->message);
      return;
    }

  rd_queue_view_set_unset_message (self->queue_view, NULL);
  rd_window_review_update_source (self, project_id, workspace);
}

void
rd_window_set_client (RdWindow *self,
                      RdClient *client)
{
  g_return_if_fail (RD_IS_WINDOW (self));
  g_return_if_fail (client == NULL || RD_IS_CLIENT (client));

  rd_session_set_client (self->session, client);
  if (get_account (self) == NULL)
    list_queue_of_form (self);
  update_subtitle (self);
  update_actions (self);
}

RdClient *
rd_window_get_client (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return get_client (self);
}

void
rd_window_set_setup_message (RdWindow   *self,
                             const char *title,
                             const char *message)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  set_str (&self->setup_title, title);
  set_str (&self->setup_message, message);

  if (get_client (self) == NULL && message != NULL)
    show_setup_message (self);
}

gboolean
rd_window_get_demo (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);

  return self->demo;
}

void
rd_window_set_demo (RdWindow *self,
                    gboolean  demo)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  self->demo = !!demo;

  if (self->demo)
    adw_status_page_set_description (
        self->empty_page, _("Type a package ID of the demo service, such as 4, 7, 100, 13 "
                             "or 21, or pick one from the lookups menu at the top left."));
  update_subtitle (self);
  update_account_menu (self);
  rd_window_recent_load (self);
}

void
rd_window_set_form (RdWindow   *self,
                    const char *project_id,
                    const char *workspace,
                    const char *package_id)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  if (project_id != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->project_row), project_id);
  if (workspace != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->workspace_row), workspace);
  if (package_id != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->package_row), package_id);
  list_queue_of_form (self);
}

gboolean
rd_window_lookup (RdWindow   *self,
                  const char *project_id,
                  const char *workspace,
                  const char *package_id)
{
  g_autoptr(Lookup) request = NULL;

  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);

  rd_window_set_form (self, project_id, workspace != NULL ? workspace : "", package_id);

  request = rd_window_read_form (self);
  if (request == NULL)
    return FALSE;

  rd_window_start_lookup (self, request);
  return TRUE;
}

void
rd_window_cancel (RdWindow *self)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  if (self->cancellable == NULL)
    return;

  /* Superseded at once: whatever arrives now is dropped. */
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  show_state (self, self->state_before_loading);
}

void
rd_window_refresh (RdWindow *self)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  if (self->last_request != NULL)
    rd_window_start_lookup (self, self->last_request);
}

const char *
rd_window_get_state (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return state_names[self->state];
}

RdReleasePackage *
rd_window_get_package (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return self->package;
}

const RdErrorDetails *
rd_window_get_error_details (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return self->error_details;
}

RdPackageHeader *
rd_window_get_package_header (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return self->package_header;
}

RdTasksView *
rd_window_get_tasks_view (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return self->tasks_view;
}

void
rd_window_set_account_store (RdWindow       *self,
                             RdAccountStore *accounts)
{
  g_return_if_fail (RD_IS_WINDOW (self));
  g_return_if_fail (accounts == NULL || RD_IS_ACCOUNT_STORE (accounts));

  if (self->accounts == accounts)
    return;

  rd_window_set_account (self, NULL, NULL);
  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  g_set_object (&self->accounts, accounts);
  /* Before the session: the window's handler sees the account as it was before the change. */
  if (accounts != NULL)
    {
      g_signal_connect_swapped (accounts, "items-changed", G_CALLBACK (on_accounts_changed), self);
      g_signal_connect_swapped (accounts, "notify::load-error",
                                G_CALLBACK (on_accounts_load_error_changed), self);
    }
  rd_session_set_account_store (self->session, accounts);
  rd_accounts_banner_set_store (self->accounts_banner, accounts);
  update_account_menu (self);
}

/* The session's account changed (picked, given, or removed from the store). */
static void
on_session_account_changed (RdWindow *self)
{
  RdAccount *account = get_account (self);

  /* What is in flight was asked for with the other account. */
  rd_window_cancel (self);
  cancel_queue_client (self);
  rd_window_review_clear_source (self);
  rd_window_review_forget_interrupted (self);
  self->queue_interrupted = FALSE;

  if (account != NULL)
    {
      const char *project_id = rd_account_get_project_id (account);
      const char *workspace = rd_account_get_workspace (account);

      if (project_id != NULL && project_id[0] != '\0')
        rd_window_set_form (self, project_id, workspace != NULL ? workspace : "", NULL);
      else if (workspace != NULL)
        rd_window_set_form (self, NULL, workspace, NULL);
    }

  /* An error or a setup message was about the previous account or service. */
  if (self->state == RD_WINDOW_STATE_ERROR)
    show_state (self, RD_WINDOW_STATE_EMPTY);

  /* The package on show was fetched with the other account: never left under this one's
   * name. Where this account works on the same project and workspace it is looked up again
   * with it (this account may not see it, or see it otherwise); elsewhere it goes. */
  if (self->state == RD_WINDOW_STATE_PACKAGE && self->last_request != NULL)
    {
      g_autoptr(Lookup) again = rd_window_read_form (self);

      if (again != NULL && rd_lookup_same_target (again, self->last_request))
        rd_window_start_lookup (self, again);
      else
        {
          g_clear_object (&self->package);
          gtk_window_set_title (GTK_WINDOW (self), _("Release Desk"));
          show_state (self, RD_WINDOW_STATE_EMPTY);
        }
    }

  update_account_state (self);
  update_subtitle (self);
  update_actions (self);
  update_sign_in_offer (self);
  rd_window_list_queue (self);
}

static void
on_session_client_changed (RdWindow *self)
{
  /* Without an account, the project in the form is enough to list the queue. */
  if (get_account (self) == NULL)
    list_queue_of_form (self);
  update_subtitle (self);
  update_actions (self);
}

static void
on_needs_sign_in_changed (RdWindow *self)
{
  update_actions (self);
  update_sign_in_offer (self);
}

/* The account was saved or signed in again (the editor saves through the store, which the
 * session listens to). */
static void
on_credentials_changed (RdWindow *self,
                        gboolean  was_signed_out)
{
  /* The error asked the person to sign in or enter the secret again, and they just did: look
   * the package up again instead of making them press a button once more. */
  if (self->account_fix != RD_WINDOW_ACCOUNT_FIX_NONE &&
      self->state == RD_WINDOW_STATE_ERROR &&
      self->last_request != NULL)
    rd_window_start_lookup (self, self->last_request);

  /* The queue's client was signed out with the rest: list it with the new one. */
  if (was_signed_out || self->queue_interrupted)
    {
      self->queue_interrupted = FALSE;
      rd_window_list_queue (self);
    }

  rd_window_review_resume (self);
}

void
rd_window_set_account (RdWindow   *self,
                       RdAccount  *account,
                       const char *endpoint)
{
  g_return_if_fail (RD_IS_WINDOW (self));
  g_return_if_fail (account == NULL || RD_IS_ACCOUNT (account));
  g_return_if_fail (account == NULL || self->accounts != NULL);

  /* The window follows through the session's notify::account. */
  rd_session_set_account (self->session, account, endpoint);
}

RdAccount *
rd_window_get_account (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return get_account (self);
}

void
rd_window_forget_credentials (RdWindow   *self,
                              const char *account_id)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  rd_session_forget_credentials (self->session, account_id);
}

RdSession *
rd_window_get_session (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return self->session;
}

void
rd_window_set_timeout (RdWindow *self,
                       int       timeout)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  rd_session_set_timeout (self->session, timeout);
}

RdWindowAccountFix
rd_window_get_account_fix (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), RD_WINDOW_ACCOUNT_FIX_NONE);

  return self->account_fix;
}
