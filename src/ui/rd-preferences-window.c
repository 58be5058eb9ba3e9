/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-preferences-window.c: the preferences: the saved accounts, to add, edit and remove. */
#define G_LOG_DOMAIN "rd-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-preferences-window.h"

#include "rd-accounts.h"
#include "rd-accounts-banner.h"
#include "rd-ui-text.h"

struct _RdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  RdAccountStore       *store;

  RdAccountsBanner     *accounts_banner;
  GtkWidget            *add_button;
  GtkListBox           *account_list;
  GtkLabel             *placeholder;
  GtkWidget            *connection_group;
  GtkSpinButton        *timeout_spin;
};

G_DEFINE_FINAL_TYPE (RdPreferencesWindow, rd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

char *
rd_account_dup_summary (RdAccount *account)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *endpoint = NULL;
  const char *region;

  g_return_val_if_fail (RD_IS_ACCOUNT (account), NULL);

  region = rd_account_get_region (account);
  if (region != NULL)
    g_string_append (summary, region);
  else if ((endpoint = rd_account_dup_endpoint (account)) != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);

      g_string_append (summary, uri != NULL ? g_uri_get_host (uri) : endpoint);
    }
  else
    g_string_append (summary, _("No region"));

  /* Translators: between the parts of an account's summary, "cn-north-4 · Token" */
  g_string_append (summary, _(" · "));

  switch (rd_account_get_auth_method (account))
    {
    case RD_ACCOUNT_AUTH_ACCESS_KEY:
      g_string_append (summary, _("Access key"));
      break;
    case RD_ACCOUNT_AUTH_TOKEN:
      g_string_append (summary, _("Token"));
      break;
    case RD_ACCOUNT_AUTH_IAM:
    default:
      {
        g_autofree char *status = rd_accounts_dup_sign_in_status (account);

        g_string_append (summary, status != NULL ? status : _("Not signed in"));
      }
      break;
    }

  return g_string_free (g_steal_pointer (&summary), FALSE);
}

static void
update_row (AdwActionRow *row,
            GParamSpec   *pspec,
            RdAccount    *account)
{
  g_autofree char *summary = rd_account_dup_summary (account);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_account_get_name (account));
  adw_action_row_set_subtitle (row, summary);
}

static void
on_edit_clicked (GtkButton *button,
                 RdAccount *account)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  rd_preferences_window_edit_account (RD_PREFERENCES_WINDOW (root), account, FALSE);
}

static void
on_remove_clicked (GtkButton *button,
                   RdAccount *account)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  rd_preferences_window_remove_account (RD_PREFERENCES_WINDOW (root), account);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  RdAccount *account = RD_ACCOUNT (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_tooltip_text (edit, _("Edit"));
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  /* Icons only: a screen reader says which account each acts on. */
  {
    /* Translators: a button's accessible name; %s is an account's name */
    g_autofree char *edit_name = g_strdup_printf (_("Edit “%s”"), rd_account_get_name (account));
    /* Translators: a button's accessible name; %s is an account's name */
    g_autofree char *remove_name = g_strdup_printf (_("Remove “%s”"),
                                                    rd_account_get_name (account));

    gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    edit_name, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    remove_name, -1);
  }
  for (GtkWidget *b = edit; b != NULL; b = b == edit ? remove : NULL)
    {
      gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (b, "flat");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), b);
    }
  g_signal_connect_object (edit, "clicked", G_CALLBACK (on_edit_clicked), account, 0);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked), account, 0);

  update_row (ADW_ACTION_ROW (row), NULL, account);
  g_signal_connect_object (account, "notify", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);

  return row;
}

/* While the file could not be read, adding, editing or removing an account would write over
 * it: the banner above says why and offers the ways out. */
static void
update_editable (RdPreferencesWindow *self)
{
  gboolean editable = rd_account_store_get_load_error (self->store) == NULL;

  gtk_widget_set_sensitive (self->add_button, editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_list), editable);
  gtk_label_set_text (self->placeholder,
                      editable ? _("No accounts yet: add one with the + button")
                               : _("The saved accounts show here once their file can be read"));
}

static void
on_add_clicked (RdPreferencesWindow *self)
{
  rd_preferences_window_edit_account (self, NULL, FALSE);
}

static void
on_removed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rd_account_store_remove_finish (RD_ACCOUNT_STORE (source), result, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      rd_toast_new_text (error->message));
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    RdAccount        *account)
{
  RdPreferencesWindow *self =
    RD_PREFERENCES_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));

  if (g_str_equal (response, "remove"))
    rd_account_store_remove_async (self->store, account, NULL, on_removed, g_object_ref (self));
}

void
rd_preferences_window_remove_account (RdPreferencesWindow *self,
                                      RdAccount           *account)
{
  GtkWidget *dialog;

  g_return_if_fail (RD_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (RD_IS_ACCOUNT (account));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  /* Translators: %s is an account name */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove “%s”?"),
                                     rd_account_get_name (account));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The account and its secrets in the keyring will be removed."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_remove_response),
                         g_object_ref (account), (GClosureNotify) (void (*) (void)) g_object_unref,
                         0);
  gtk_window_present (GTK_WINDOW (dialog));
}

RdAccountEditor *
rd_preferences_window_edit_account (RdPreferencesWindow *self,
                                    RdAccount           *account,
                                    gboolean             sign_in)
{
  RdAccountEditor *editor;

  g_return_val_if_fail (RD_IS_PREFERENCES_WINDOW (self), NULL);

  if (rd_account_store_get_load_error (self->store) != NULL)
    return NULL;

  editor = rd_account_editor_new (GTK_WINDOW (self), self->store, account);
  gtk_window_present (GTK_WINDOW (editor));
  if (sign_in)
    rd_account_editor_focus_sign_in (editor);

  return editor;
}

static void
rd_preferences_window_dispose (GObject *object)
{
  RdPreferencesWindow *self = RD_PREFERENCES_WINDOW (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rd_preferences_window_parent_class)->dispose (object);
}

static void
rd_preferences_window_class_init (RdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_preferences_window_dispose;

  g_type_ensure (RD_TYPE_ACCOUNTS_BANNER);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/releasedesk/ReleaseDesk/rd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, accounts_banner);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, account_list);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, connection_group);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, timeout_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
}

static void
rd_preferences_window_init (RdPreferencesWindow *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = gtk_label_new (_("No accounts yet: add one with the + button"));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  self->placeholder = GTK_LABEL (placeholder);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_list_box_set_placeholder (self->account_list, placeholder);
}

/* The application's settings: the Connection group shows and edits them (the windows follow
 * "request-timeout" themselves). Without them (no schema installed) the group stays hidden. */
void
rd_preferences_window_set_settings (RdPreferencesWindow *self,
                                    GSettings           *settings)
{
  g_return_if_fail (RD_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  gtk_widget_set_visible (self->connection_group, settings != NULL);
  if (settings != NULL)
    g_settings_bind (settings, "request-timeout",
                     gtk_spin_button_get_adjustment (self->timeout_spin), "value",
                     G_SETTINGS_BIND_DEFAULT);
}

RdPreferencesWindow *
rd_preferences_window_new (GtkWindow      *parent,
                           RdAccountStore *store)
{
  RdPreferencesWindow *self;

  g_return_val_if_fail (RD_IS_ACCOUNT_STORE (store), NULL);

  self = g_object_new (RD_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  gtk_list_box_bind_model (self->account_list, G_LIST_MODEL (store), create_row, NULL, NULL);
  rd_accounts_banner_set_store (self->accounts_banner, store);
  g_signal_connect_object (store, "notify::load-error", G_CALLBACK (update_editable), self,
                           G_CONNECT_SWAPPED);
  update_editable (self);

  return self;
}
