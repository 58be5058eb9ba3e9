/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-account-editor.c: the dialog that adds or edits an account and writes its secrets to the
 * keyring. */
#define G_LOG_DOMAIN "rd-account-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-account-editor.h"

#include "rd-accounts.h"
#include "rd-iam.h"
#include "rd-regions.h"
#include "rd-validate.h"

struct _RdAccountEditor
{
  AdwWindow        parent_instance;

  RdAccountStore  *store;
  RdAccount       *account;
  gboolean         is_new;
  gboolean         saved;
  gboolean         signed_in;    /* a token from this dialog's sign-in is in the keyring */
  gboolean         save_after_sign_in; /* Save asked to sign in first */
  char            *auto_region;  /* what the dialog put in the sign-in region row itself */
  guint            last_region;  /* the region chosen before "Custom" */
  GCancellable    *cancellable;
  guint            busy;
  char            *message;

  AdwWindowTitle  *window_title;
  GtkWidget       *save_button;
  GtkRevealer     *message_revealer;
  GtkLabel        *message_label;
  AdwEntryRow     *name_row;
  AdwComboRow     *region_row;
  AdwEntryRow     *endpoint_row;
  AdwEntryRow     *factory_endpoint_row;
  AdwEntryRow     *project_row;
  AdwEntryRow     *workspace_row;
  AdwComboRow     *method_row;
  GtkWidget       *access_key_group;
  AdwEntryRow     *access_key_row;
  AdwPasswordEntryRow *secret_key_row;
  AdwPasswordEntryRow *security_token_row;
  GtkWidget       *token_group;
  AdwPasswordEntryRow *token_row;
  GtkWidget       *iam_group;
  AdwEntryRow     *domain_row;
  AdwEntryRow     *user_row;
  AdwPasswordEntryRow *password_row;
  AdwEntryRow     *mfa_row;
  AdwEntryRow     *sign_in_region_row;
  AdwActionRow    *sign_in_row;
  GtkWidget       *sign_in_button;
};

G_DEFINE_FINAL_TYPE (RdAccountEditor, rd_account_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void on_save_clicked (RdAccountEditor *self);

/* The number of known regions: the combo row's last item is "Custom". */
static guint
n_regions (void)
{
  return g_strv_length ((char **) rd_regions_get_all ());
}

static gboolean
is_custom (RdAccountEditor *self)
{
  return adw_combo_row_get_selected (self->region_row) >= n_regions ();
}

static const char *
selected_region (RdAccountEditor *self)
{
  guint i = adw_combo_row_get_selected (self->region_row);

  return i < n_regions () ? rd_regions_get_all ()[i] : NULL;
}

static RdAccountAuth
selected_method (RdAccountEditor *self)
{
  switch (adw_combo_row_get_selected (self->method_row))
    {
    case 1:
      return RD_ACCOUNT_AUTH_TOKEN;
    case 2:
      return RD_ACCOUNT_AUTH_IAM;
    default:
      return RD_ACCOUNT_AUTH_ACCESS_KEY;
    }
}

static char *
dup_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
show_message (RdAccountEditor *self,
              const char      *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

static void
set_busy (RdAccountEditor *self,
          gboolean         busy)
{
  if (busy)
    self->busy++;
  else
    self->busy--;

  gtk_widget_set_sensitive (self->save_button, self->busy == 0);
  gtk_widget_set_sensitive (self->sign_in_button, self->busy == 0);
}

static void
update_sign_in_row (RdAccountEditor *self)
{
  g_autofree char *title = rd_accounts_dup_sign_in_status (self->account);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sign_in_row),
                                 title != NULL ? title : _("Not signed in"));
}

/* The region a custom endpoint names in its host ("dayu.cn-south-1.example.com"), or NULL. */
static char *
dup_region_of_endpoint (const char *endpoint)
{
  g_autoptr(GUri) uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);
  g_auto(GStrv) labels = NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  labels = g_strsplit (g_uri_get_host (uri), ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    if (rd_region_is_known (labels[i]))
      return g_strdup (labels[i]);
  return NULL;
}

/* The region to sign in to, unless typed in: the endpoint's, else the region chosen before
 * "Custom". A value the person typed is never replaced. */
static void
update_sign_in_region (RdAccountEditor *self)
{
  const char *current = gtk_editable_get_text (GTK_EDITABLE (self->sign_in_region_row));
  g_autofree char *endpoint = NULL;
  g_autofree char *region = NULL;

  if (!is_custom (self) || (current[0] != '\0' && g_strcmp0 (current, self->auto_region) != 0))
    return;

  endpoint = dup_text (self->endpoint_row);
  region = dup_region_of_endpoint (endpoint);
  if (region == NULL && self->last_region < n_regions ())
    region = g_strdup (rd_regions_get_all ()[self->last_region]);
  if (region == NULL || g_strcmp0 (region, current) == 0)
    return;

  g_free (self->auto_region);
  self->auto_region = g_strdup (region);
  gtk_editable_set_text (GTK_EDITABLE (self->sign_in_region_row), region);
}

static void
on_region_changed (RdAccountEditor *self)
{
  gboolean custom = is_custom (self);

  if (!custom)
    self->last_region = adw_combo_row_get_selected (self->region_row);
  update_sign_in_region (self);

  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_row), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->factory_endpoint_row), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_region_row),
                          custom && selected_method (self) == RD_ACCOUNT_AUTH_IAM);
}

/* A new IAM account is saved by signing in: the header's button says so, in sight at the top
 * of the dialog, however far down the fields go. */
static void
update_save_label (RdAccountEditor *self)
{
  RdAccountAuth method = selected_method (self);
  gboolean must_sign_in = method == RD_ACCOUNT_AUTH_IAM && !self->signed_in &&
                          (self->is_new || method != rd_account_get_auth_method (self->account));

  gtk_button_set_label (GTK_BUTTON (self->save_button),
                        must_sign_in ? _("_Sign In") : _("_Save"));
  gtk_widget_set_tooltip_text (self->save_button,
                               must_sign_in ? _("Sign in with the password, then save the "
                                                "account")
                                            : NULL);
}

static void
on_method_changed (RdAccountEditor *self)
{
  RdAccountAuth method = selected_method (self);

  gtk_widget_set_visible (self->access_key_group, method == RD_ACCOUNT_AUTH_ACCESS_KEY);
  gtk_widget_set_visible (self->token_group, method == RD_ACCOUNT_AUTH_TOKEN);
  gtk_widget_set_visible (self->iam_group, method == RD_ACCOUNT_AUTH_IAM);
  on_region_changed (self);
  update_save_label (self);
}

/* Sign-in */

/* The store keeps the token and its expiry, and tells whoever read the account's old
 * credentials (a window's session) that they are out of date. */
static void
on_token_stored (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RdAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdIamToken) token = g_object_steal_data (G_OBJECT (self), "rd-iam-token");

  set_busy (self, FALSE);

  if (!rd_account_store_save_sign_in_finish (RD_ACCOUNT_STORE (source), result, &error))
    {
      self->save_after_sign_in = FALSE;
      show_message (self, error->message);
      return;
    }

  self->signed_in = TRUE;
  update_save_label (self);

  /* IAM's answer names the project the token is scoped to. */
  if (gtk_editable_get_text (GTK_EDITABLE (self->project_row))[0] == '\0' &&
      token->project_id != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->project_row), token->project_id);
      if (!self->is_new && rd_account_get_project_id (self->account) == NULL)
        rd_account_set_project_id (self->account, token->project_id);
    }

  show_message (self, NULL);
  update_sign_in_row (self);

  if (self->save_after_sign_in)
    {
      self->save_after_sign_in = FALSE;
      on_save_clicked (self);
    }
}

static void
on_signed_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RdAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdIamToken) token = rd_iam_sign_in_finish (result, &error);

  if (token == NULL)
    {
      self->save_after_sign_in = FALSE;
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      return;
    }

  /* The keyring's label uses the name and region as they are in the dialog. */
  if (self->is_new)
    {
      g_autofree char *name = dup_text (self->name_row);

      rd_account_set_name (self->account, name);
      rd_account_set_region (self->account, selected_region (self));
    }
  rd_account_store_save_sign_in_async (self->store, self->account, token->token, token->expires_at,
                                       self->cancellable, on_token_stored, g_object_ref (self));
  g_object_set_data_full (G_OBJECT (self), "rd-iam-token", g_steal_pointer (&token),
                          (GDestroyNotify) rd_iam_token_free);
}

static void
on_sign_in_clicked (RdAccountEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = dup_text (self->domain_row);
  g_autofree char *user = dup_text (self->user_row);
  g_autofree char *mfa = dup_text (self->mfa_row);
  g_autofree char *iam_endpoint = NULL;
  g_autofree char *project_name = NULL;
  char *password;

  if (domain[0] == '\0' || user[0] == '\0')
    {
      show_message (self, _("Enter the account name and the IAM user name"));
      return;
    }
  if (gtk_editable_get_text (GTK_EDITABLE (self->password_row))[0] == '\0')
    {
      show_message (self, _("Enter the password"));
      return;
    }

  if (is_custom (self))
    {
      /* A private cloud or the demo answers IAM on the same base URL. */
      g_autofree char *endpoint = dup_text (self->endpoint_row);

      iam_endpoint = rd_validate_endpoint (endpoint, &error);
      project_name = dup_text (self->sign_in_region_row);
      if (iam_endpoint == NULL)
        {
          show_message (self, error->message);
          return;
        }
      if (project_name[0] == '\0')
        {
          show_message (self, _("Enter the region to sign in to, such as cn-north-4"));
          return;
        }
    }
  else
    {
      project_name = g_strdup (selected_region (self));
      iam_endpoint = rd_region_dup_iam_endpoint (project_name);
    }

  rd_account_set_iam_domain (self->account, domain);
  rd_account_set_iam_user (self->account, user);

  /* The password leaves the dialog now: it is copied into the request only. */
  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->mfa_row), "");

  show_message (self, NULL);
  set_busy (self, TRUE);
  rd_iam_sign_in_async (iam_endpoint, domain, user, password, mfa[0] != '\0' ? mfa : NULL,
                        project_name, self->cancellable, on_signed_in, g_object_ref (self));
  rd_secret_wipe (password);
  g_free (password);
}

/* Save */

static void
on_account_saved (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RdAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  if (!rd_account_store_save_account_finish (RD_ACCOUNT_STORE (source), result, &error))
    {
      show_message (self, error->message);
      return;
    }

  /* Typed secrets are in the keyring now: nothing keeps them in the dialog. */
  gtk_editable_set_text (GTK_EDITABLE (self->secret_key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->security_token_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");

  self->saved = TRUE;
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
add_change (GArray       *changes,
            RdSecretKind  kind,
            const char   *secret)
{
  RdSecretChange change = { kind, secret };

  g_array_append_val (changes, change);
}

static void
on_save_clicked (RdAccountEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = dup_text (self->name_row);
  g_autofree char *endpoint = NULL;
  g_autofree char *factory_endpoint = NULL;
  g_autofree char *project_text = dup_text (self->project_row);
  g_autofree char *workspace_text = dup_text (self->workspace_row);
  g_autofree char *project_id = NULL;
  g_autofree char *workspace = NULL;
  g_autofree char *access_key = dup_text (self->access_key_row);
  const char *secret_key = gtk_editable_get_text (GTK_EDITABLE (self->secret_key_row));
  const char *security_token = gtk_editable_get_text (GTK_EDITABLE (self->security_token_row));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  RdAccountAuth method = selected_method (self);
  gboolean method_changed = self->is_new || method != rd_account_get_auth_method (self->account);
  /* Of RdSecretChange; the store copies the secrets. */
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (RdSecretChange));
  RdAccount *other;

  if (self->busy > 0)
    return;

  if (name[0] == '\0')
    {
      show_message (self, _("Give the account a name"));
      return;
    }
  other = rd_account_store_find_by_name (self->store, name);
  if (other != NULL && other != self->account)
    {
      g_autofree char *message =
        g_strdup_printf (_("An account named “%s” already exists: choose another name"), name);
      show_message (self, message);
      return;
    }

  if (is_custom (self))
    {
      g_autofree char *text = dup_text (self->endpoint_row);

      g_autofree char *factory_text = dup_text (self->factory_endpoint_row);

      endpoint = rd_validate_endpoint (text, &error);
      if (endpoint == NULL)
        {
          show_message (self, error->message);
          return;
        }
      /* Only beside a custom endpoint: a region's is always derived right. */
      if (factory_text[0] != '\0' &&
          (factory_endpoint = rd_validate_factory_endpoint (factory_text, &error)) == NULL)
        {
          show_message (self, error->message);
          return;
        }
    }

  if (project_text[0] != '\0' &&
      (project_id = rd_validate_project_id (project_text, &error)) == NULL)
    {
      show_message (self, error->message);
      return;
    }
  if (workspace_text[0] != '\0' &&
      (workspace = rd_validate_workspace_id (workspace_text, &error)) == NULL)
    {
      show_message (self, error->message);
      return;
    }

  switch (method)
    {
    case RD_ACCOUNT_AUTH_ACCESS_KEY:
      if (access_key[0] == '\0')
        {
          show_message (self, _("Enter the access key ID"));
          return;
        }
      if (method_changed && secret_key[0] == '\0')
        {
          show_message (self, _("Enter the secret access key"));
          return;
        }
      if (secret_key[0] != '\0')
        add_change (changes, RD_SECRET_KIND_SECRET_KEY, secret_key);
      if (security_token[0] != '\0')
        add_change (changes, RD_SECRET_KIND_SECURITY_TOKEN, security_token);
      else if (method_changed)
        add_change (changes, RD_SECRET_KIND_SECURITY_TOKEN, NULL);
      if (method_changed)
        add_change (changes, RD_SECRET_KIND_TOKEN, NULL);
      break;

    case RD_ACCOUNT_AUTH_TOKEN:
      if (method_changed && token[0] == '\0')
        {
          show_message (self, _("Enter the token"));
          return;
        }
      if (token[0] != '\0')
        add_change (changes, RD_SECRET_KIND_TOKEN, token);
      if (method_changed)
        {
          add_change (changes, RD_SECRET_KIND_SECRET_KEY, NULL);
          add_change (changes, RD_SECRET_KIND_SECURITY_TOKEN, NULL);
        }
      break;

    case RD_ACCOUNT_AUTH_IAM:
    default:
      /* Not signed in yet: Save signs in, and saves once signed in. */
      if (method_changed && !self->signed_in)
        {
          if (gtk_editable_get_text (GTK_EDITABLE (self->password_row))[0] == '\0')
            {
              show_message (self, _("Enter the password to sign in"));
              gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
              return;
            }
          self->save_after_sign_in = TRUE;
          on_sign_in_clicked (self);
          /* Not started (its message says why): nothing to save after. */
          if (self->busy == 0)
            self->save_after_sign_in = FALSE;
          return;
        }
      if (method_changed)
        {
          add_change (changes, RD_SECRET_KIND_SECRET_KEY, NULL);
          add_change (changes, RD_SECRET_KIND_SECURITY_TOKEN, NULL);
        }
      break;
    }

  /* Fields first (for a stored account the setters save the file), so the keyring
   * labels carry the new name and region. */
  rd_account_set_name (self->account, name);
  rd_account_set_region (self->account, selected_region (self));
  rd_account_set_endpoint (self->account, endpoint);
  rd_account_set_factory_endpoint (self->account, factory_endpoint);
  rd_account_set_project_id (self->account, project_id);
  rd_account_set_workspace (self->account, workspace);
  rd_account_set_auth_method (self->account, method);
  rd_account_set_access_key (self->account,
                             method == RD_ACCOUNT_AUTH_ACCESS_KEY ? access_key : NULL);
  if (method == RD_ACCOUNT_AUTH_TOKEN)
    rd_account_set_token_expiry (self->account, NULL);
  if (method == RD_ACCOUNT_AUTH_IAM)
    {
      g_autofree char *domain = dup_text (self->domain_row);
      g_autofree char *user = dup_text (self->user_row);

      rd_account_set_iam_domain (self->account, domain[0] != '\0' ? domain : NULL);
      rd_account_set_iam_user (self->account, user[0] != '\0' ? user : NULL);
      /* With a custom endpoint the region to sign in to is typed in; keep it, so that
       * signing in again needs only the password. */
      if (is_custom (self))
        {
          g_autofree char *project = dup_text (self->sign_in_region_row);

          rd_account_set_iam_project (self->account, project[0] != '\0' ? project : NULL);
        }
      else
        rd_account_set_iam_project (self->account, NULL);
    }

  show_message (self, NULL);
  set_busy (self, TRUE);
  rd_account_store_save_account_async (self->store, self->account,
                                       (const RdSecretChange *) changes->data, changes->len,
                                       self->cancellable, on_account_saved, g_object_ref (self));
}

static gboolean
rd_account_editor_close_request (GtkWindow *window)
{
  RdAccountEditor *self = RD_ACCOUNT_EDITOR (window);

  g_cancellable_cancel (self->cancellable);

  /* A new account that was signed in but not saved leaves no token behind. */
  if (self->is_new && !self->saved && self->signed_in)
    rd_secret_store_clear_async (rd_account_store_get_secret_store (self->store),
                                 rd_account_get_id (self->account), -1, NULL, NULL, NULL);

  return GTK_WINDOW_CLASS (rd_account_editor_parent_class)->close_request (window);
}

static void
rd_account_editor_dispose (GObject *object)
{
  RdAccountEditor *self = RD_ACCOUNT_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (rd_account_editor_parent_class)->dispose (object);
}

static void
rd_account_editor_finalize (GObject *object)
{
  RdAccountEditor *self = RD_ACCOUNT_EDITOR (object);

  g_free (self->message);
  g_free (self->auto_region);

  G_OBJECT_CLASS (rd_account_editor_parent_class)->finalize (object);
}

static void
rd_account_editor_class_init (RdAccountEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rd_account_editor_dispose;
  object_class->finalize = rd_account_editor_finalize;
  window_class->close_request = rd_account_editor_close_request;

  /**
   * RdAccountEditor::saved:
   *
   * Emitted once the account and its secrets are stored, before the dialog closes.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/releasedesk/ReleaseDesk/rd-account-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, message_label);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, region_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, factory_endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, project_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, workspace_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, method_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, access_key_group);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, access_key_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, secret_key_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, security_token_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, token_group);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, token_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, iam_group);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, domain_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, user_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, password_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, mfa_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, sign_in_region_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, sign_in_row);
  gtk_widget_class_bind_template_child (widget_class, RdAccountEditor, sign_in_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_region_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_method_changed);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* libadwaita 1.2's password rows have a reveal button whose tooltip says what it does ("Show
 * Text", then "Hide Text") but which has no accessible name: a screen reader said just
 * "button". It is named after its tooltip, and follows it. */
static void
name_after_tooltip (GtkWidget *button)
{
  const char *tooltip = gtk_widget_get_tooltip_text (button);

  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    tooltip, -1);
}

static void
on_tooltip_changed (GtkWidget  *button,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  name_after_tooltip (button);
}

static void
name_icon_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) == NULL &&
          gtk_button_get_icon_name (GTK_BUTTON (child)) != NULL)
        {
          name_after_tooltip (child);
          g_signal_connect (child, "notify::tooltip-text", G_CALLBACK (on_tooltip_changed), NULL);
        }
      name_icon_buttons (child);
    }
}

static void
rd_account_editor_init (RdAccountEditor *self)
{
  g_autoptr (GtkStringList) regions =
      gtk_string_list_new ((const char *const *) rd_regions_get_all ());

  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (regions, _("Custom"));
  adw_combo_row_set_model (self->region_row, G_LIST_MODEL (regions));
  g_signal_connect_swapped (self->endpoint_row, "changed", G_CALLBACK (update_sign_in_region),
                            self);

  name_icon_buttons (GTK_WIDGET (self->secret_key_row));
  name_icon_buttons (GTK_WIDGET (self->security_token_row));
  name_icon_buttons (GTK_WIDGET (self->token_row));
  name_icon_buttons (GTK_WIDGET (self->password_row));
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

RdAccountEditor *
rd_account_editor_new (GtkWindow      *parent,
                       RdAccountStore *store,
                       RdAccount      *account)
{
  RdAccountEditor *self;
  const char *region;
  guint selected;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RD_IS_ACCOUNT_STORE (store), NULL);
  g_return_val_if_fail (account == NULL || RD_IS_ACCOUNT (account), NULL);

  self = g_object_new (RD_TYPE_ACCOUNT_EDITOR, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->is_new = account == NULL;
  self->account = account != NULL ? g_object_ref (account) : rd_account_new ("");

  adw_window_title_set_title (self->window_title,
                              self->is_new ? _("Add Account") : _("Edit Account"));
  /* The window's own title too: what task switchers and screen readers name it by. */
  gtk_window_set_title (GTK_WINDOW (self), self->is_new ? _("Add Account") : _("Edit Account"));

  set_row_text (self->name_row, rd_account_get_name (self->account));
  set_row_text (self->endpoint_row, rd_account_get_endpoint (self->account));
  set_row_text (self->factory_endpoint_row, rd_account_get_factory_endpoint (self->account));
  set_row_text (self->project_row, rd_account_get_project_id (self->account));
  set_row_text (self->workspace_row, rd_account_get_workspace (self->account));
  set_row_text (self->access_key_row, rd_account_get_access_key (self->account));
  set_row_text (self->domain_row, rd_account_get_iam_domain (self->account));
  set_row_text (self->user_row, rd_account_get_iam_user (self->account));
  set_row_text (self->sign_in_region_row, rd_account_get_iam_project (self->account));

  region = rd_account_get_region (self->account);
  selected = self->is_new ? 0 : n_regions ();
  for (guint i = 0; region != NULL && i < n_regions (); i++)
    if (g_str_equal (rd_regions_get_all ()[i], region))
      selected = i;
  adw_combo_row_set_selected (self->region_row, selected);
  adw_combo_row_set_selected (self->method_row, (guint) rd_account_get_auth_method (self->account));
  on_method_changed (self);
  update_sign_in_row (self);

  return self;
}

void
rd_account_editor_focus_sign_in (RdAccountEditor *self)
{
  g_return_if_fail (RD_IS_ACCOUNT_EDITOR (self));

  if (rd_account_get_auth_method (self->account) == RD_ACCOUNT_AUTH_IAM)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else if (rd_account_get_auth_method (self->account) == RD_ACCOUNT_AUTH_TOKEN)
    gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->secret_key_row));
}

RdAccount *
rd_account_editor_get_account (RdAccountEditor *self)
{
  g_return_val_if_fail (RD_IS_ACCOUNT_EDITOR (self), NULL);

  return self->account;
}

const char *
rd_account_editor_get_message (RdAccountEditor *self)
{
  g_return_val_if_fail (RD_IS_ACCOUNT_EDITOR (self), NULL);

  return self->message;
}

gboolean
rd_account_editor_is_busy (RdAccountEditor *self)
{
  g_return_val_if_fail (RD_IS_ACCOUNT_EDITOR (self), FALSE);

  return self->busy > 0;
}
