/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-accounts-banner.c: the note that the accounts file could not be read, and the ways out. */
#define G_LOG_DOMAIN "rd-accounts-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-accounts-banner.h"

struct _RdAccountsBanner
{
  GtkWidget       parent_instance;

  RdAccountStore *store;

  GtkWidget      *box;
  GtkWidget      *label;
  GtkWidget      *detail;
};

G_DEFINE_FINAL_TYPE (RdAccountsBanner, rd_accounts_banner, GTK_TYPE_WIDGET)

static void
update (RdAccountsBanner *self)
{
  const GError *error = self->store != NULL ? rd_account_store_get_load_error (self->store) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), error != NULL);
  /* Plain text: the message quotes the file's own bytes. */
  gtk_label_set_text (GTK_LABEL (self->label), error != NULL ? error->message : "");
  gtk_widget_set_visible (self->detail, FALSE);
}

static void
show_detail (RdAccountsBanner *self,
             const char       *text)
{
  gtk_label_set_text (GTK_LABEL (self->detail), text);
  gtk_widget_set_visible (self->detail, TRUE);
}

static void
on_folder_launched (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RdAccountsBanner) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    show_detail (self, error->message);
}

static void
on_open_folder_clicked (RdAccountsBanner *self)
{
  g_autofree char *dir = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GdkAppLaunchContext) context = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  /* GtkFileLauncher is GTK 4.10: the folder's URI goes to the default handler. */
  dir = g_path_get_dirname (rd_account_store_get_path (self->store));
  uri = g_filename_to_uri (dir, NULL, &error);
  if (uri == NULL)
    {
      show_detail (self, error->message);
      return;
    }

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           on_folder_launched, g_object_ref (self));
}

static void
on_try_again_clicked (RdAccountsBanner *self)
{
  g_autoptr(GError) error = NULL;

  /* Success hides the banner through load-error; a failure shows the new reason. */
  if (self->store != NULL && !rd_account_store_load (self->store, &error))
    g_debug ("The accounts file is still not readable");
}

static void
on_start_over_response (AdwMessageDialog *dialog,
                        const char       *response,
                        RdAccountsBanner *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *moved_to = NULL;

  if (!g_str_equal (response, "start-over") || self->store == NULL)
    return;

  if (!rd_account_store_start_over (self->store, &moved_to, &error))
    show_detail (self, error->message);
}

static void
on_start_over_clicked (RdAccountsBanner *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->store == NULL)
    return;

  name = g_path_get_basename (rd_account_store_get_path (self->store));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Start Over With No Accounts?"), NULL);
  /* Translators: %s is a file name, "accounts.ini" */
  body = g_strdup_printf (_("“%s” will be kept beside the new one as “%s.broken-” and today’s "
                            "date, so nothing in it is lost. The secrets of its accounts stay in "
                            "the keyring."), name, name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "start-over", _("_Start Over"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start-over",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_start_over_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rd_accounts_banner_dispose (GObject *object)
{
  RdAccountsBanner *self = RD_ACCOUNTS_BANNER (object);

  rd_accounts_banner_set_store (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (rd_accounts_banner_parent_class)->dispose (object);
}

static void
rd_accounts_banner_class_init (RdAccountsBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_accounts_banner_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "accounts-banner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static GtkWidget *
add_button (RdAccountsBanner *self,
            GtkWidget        *buttons,
            const char       *label,
            GCallback         callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_signal_connect_swapped (button, "clicked", callback, self);
  gtk_box_append (GTK_BOX (buttons), button);
  return button;
}

static void
rd_accounts_banner_init (RdAccountsBanner *self)
{
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (top), icon);

  self->label = gtk_label_new (NULL);
  gtk_label_set_use_markup (GTK_LABEL (self->label), FALSE);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (self->label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_box_append (GTK_BOX (top), self->label);
  gtk_box_append (GTK_BOX (self->box), top);

  self->detail = gtk_label_new (NULL);
  gtk_label_set_use_markup (GTK_LABEL (self->detail), FALSE);
  gtk_label_set_wrap (GTK_LABEL (self->detail), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->detail), 0);
  gtk_widget_add_css_class (self->detail, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->detail);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  add_button (self, buttons, _("_Open Folder"), G_CALLBACK (on_open_folder_clicked));
  add_button (self, buttons, _("_Try Again"), G_CALLBACK (on_try_again_clicked));
  add_button (self, buttons, _("Start _Over…"), G_CALLBACK (on_start_over_clicked));
  gtk_box_append (GTK_BOX (self->box), buttons);

  update (self);
}

GtkWidget *
rd_accounts_banner_new (void)
{
  return g_object_new (RD_TYPE_ACCOUNTS_BANNER, NULL);
}

void
rd_accounts_banner_set_store (RdAccountsBanner *self,
                              RdAccountStore   *store)
{
  g_return_if_fail (RD_IS_ACCOUNTS_BANNER (self));
  g_return_if_fail (store == NULL || RD_IS_ACCOUNT_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "notify::load-error", G_CALLBACK (update), self,
                             G_CONNECT_SWAPPED);

  update (self);
}

RdAccountStore *
rd_accounts_banner_get_store (RdAccountsBanner *self)
{
  g_return_val_if_fail (RD_IS_ACCOUNTS_BANNER (self), NULL);

  return self->store;
}
