/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-window-actions.c: RdWindow's actions (lookup, cancel, refresh, the copies, export, the
 * account's way out) and their keyboard shortcuts. */
#define G_LOG_DOMAIN "rd-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-window-private.h"

#include "rd-export.h"
#include "rd-ui-text.h"

/* Export */

static char *
sanitize_file_name (const char *name)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Path separators, and what Windows and FAT file systems refuse. */
      if (c < 0x20 || c == 0x7f || (c < 0x80 && strchr ("/\\:*?\"<>|", (int) c) != NULL))
        g_string_append_c (out, '_');
      else
        g_string_append_unichar (out, c);
    }

  g_strstrip (out->str);
  g_string_set_size (out, strlen (out->str));
  while (out->str[0] == '.')
    out->str[0] = '_';

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
rd_window_dup_export_name (RdWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *base = NULL;
  const char *package_name;
  const char *package_id;

  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  if (self->package == NULL)
    return NULL;

  package_name = rd_release_package_get_package_name (self->package);
  package_id = rd_release_package_get_package_id (self->package);

  if (package_name != NULL && package_name[0] != '\0')
    {
      /* Long enough for any real name, short enough for NAME_MAX with the ID. */
      g_autofree char *short_name = g_utf8_substring (package_name, 0,
                                                      MIN (g_utf8_strlen (package_name, -1), 150));
      base = g_strdup_printf ("%s-%s", short_name, package_id != NULL ? package_id : "");
    }
  else
    base = g_strdup_printf ("package-%s", package_id != NULL ? package_id : "");

  name = sanitize_file_name (base);
  return g_strconcat (name[0] != '\0' ? name : "package", ".json", NULL);
}

gboolean
rd_window_export_to_file (RdWindow *self,
                          GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;

  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (self->package != NULL, FALSE);

  path = g_file_get_path (file);
  basename = g_file_get_basename (file);

  if (path == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _("“%s” is not a local file"), basename);

  if (path != NULL &&
      rd_export_to_file (rd_release_package_get_document (self->package), path, &error))
    {
      g_autoptr(GFile) folder = g_file_get_parent (file);
      g_autofree char *folder_name = folder != NULL ? g_file_get_basename (folder) : NULL;
      g_autofree char *message = NULL;
      AdwToast *toast;

      /* The next export opens where this one went. */
      g_set_object (&self->export_folder, folder);
      if (folder_name != NULL)
        /* Translators: a toast; the first %s is a file name, the second its folder's name */
        message = g_strdup_printf (_("Exported “%s” to %s"), basename, folder_name);
      else
        message = g_strdup_printf (_("Exported to “%s”"), basename);
      toast = rd_toast_new_text (message);
      if (folder != NULL)
        {
          g_autofree char *uri = g_file_get_uri (folder);

          adw_toast_set_button_label (toast, _("_Open Folder"));
          adw_toast_set_action_name (toast, "win.open-folder");
          adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
        }
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return TRUE;
    }
  else
    {
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                           _("Could Not Export the Package"),
                                                           NULL));
      adw_message_dialog_format_body (dialog, "%s\n\n%s", error->message,
                                      _("An existing file of that name was left as it was."));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return FALSE;
    }
}

static void
on_export_response (RdWindow             *self,
                    int                   response,
                    GtkFileChooserNative *dialog)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL && self->package != NULL && self->export_patch)
        rd_window_export_changes_to_file (self, file);
      else if (file != NULL && self->package != NULL)
        rd_window_export_to_file (self, file);
    }

  g_clear_object (&self->export_dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RdWindow *self = RD_WINDOW (widget);
  gboolean patch = g_str_equal (action_name, "win.export-patch");
  g_autofree char *name = rd_window_dup_export_name (self);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->package == NULL || self->export_dialog != NULL)
    return;

  self->export_patch = patch;
  if (patch && g_str_has_suffix (name, ".json"))
    {
      char *patch_name = g_strconcat ("", name, NULL);

      strcpy (patch_name + strlen (patch_name) - strlen (".json"), ".patch");
      g_free (name);
      name = patch_name;
    }

  self->export_dialog = gtk_file_chooser_native_new (patch ? _("Export Changes as Patch")
                                                           : _("Export as JSON"),
                                                     GTK_WINDOW (self),
                                                     GTK_FILE_CHOOSER_ACTION_SAVE,
                                                     _("_Export"),
                                                     _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->export_dialog), TRUE);
  /* Not the process's working directory: the last export's folder, else Documents. */
  {
    g_autoptr(GFile) folder = rd_window_dup_export_folder (self);

    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->export_dialog), folder, NULL);
  }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->export_dialog), name);

  if (patch)
    {
      gtk_file_filter_set_name (filter, _("Patch Files"));
      gtk_file_filter_add_mime_type (filter, "text/x-patch");
      gtk_file_filter_add_suffix (filter, "patch");
      gtk_file_filter_add_suffix (filter, "diff");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("JSON Files"));
      gtk_file_filter_add_mime_type (filter, "application/json");
      gtk_file_filter_add_suffix (filter, "json");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->export_dialog), filter);

  g_signal_connect_object (self->export_dialog, "response",
                           G_CALLBACK (on_export_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_dialog));
}

GFile *
rd_window_dup_export_folder (RdWindow *self)
{
  const char *documents;

  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  if (self->export_folder != NULL)
    return g_object_ref (self->export_folder);
  documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (documents);
  return g_file_new_for_path (g_get_home_dir ());
}

/* The folder of an export, from its toast: in the file manager (through the portal in the
 * Flatpak). */
static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (param, NULL), GDK_CURRENT_TIME);
}

/* Actions */

static void
lookup_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RdWindow *self = RD_WINDOW (widget);
  g_autoptr(Lookup) request = rd_window_read_form (self);

  if (request != NULL)
    rd_window_start_lookup (self, request);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  rd_window_cancel (RD_WINDOW (widget));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  rd_window_refresh (RD_WINDOW (widget));
  rd_window_review_refresh (RD_WINDOW (widget));
}

static void
focus_package_id_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  RdWindow *self = RD_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->package_row));
  gtk_editable_select_region (GTK_EDITABLE (self->package_row), 0, -1);
}

static void
filter_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  rd_tasks_view_focus_search (RD_WINDOW (widget)->tasks_view);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RdWindow *self = RD_WINDOW (widget);

  if (g_str_equal (action_name, "win.copy"))
    rd_tasks_view_copy_selected_ids (self->tasks_view);
  else if (g_str_equal (action_name, "win.copy-all-ids"))
    rd_tasks_view_copy_all_ids (self->tasks_view);
  else if (g_str_equal (action_name, "win.copy-table"))
    rd_tasks_view_copy_table (self->tasks_view);
  else if (g_str_equal (action_name, "win.copy-markdown"))
    rd_tasks_view_copy_markdown (self->tasks_view);
  else
    g_assert_not_reached ();
}

static void
copy_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  RdWindow *self = RD_WINDOW (widget);
  g_autofree char *text = NULL;

  if (self->error_details == NULL)
    return;

  text = rd_error_details_format (self->error_details);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  rd_window_toast (self, _("Copied details"));
}

static void
fix_account_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  RdWindow *self = RD_WINDOW (widget);
  RdWindowAccountFix fix = rd_window_get_account_fix (self);

  /* The error's own way out first, else what the session needs. */
  if (fix == RD_WINDOW_ACCOUNT_FIX_NONE && rd_window_get_account (self) != NULL)
    {
      if (rd_session_get_sign_in (self->session) == RD_SESSION_SIGN_IN_AGAIN)
        fix = RD_WINDOW_ACCOUNT_FIX_SIGN_IN;
      else if (rd_session_get_sign_in (self->session) == RD_SESSION_SIGN_IN_ENTER_AGAIN)
        fix = RD_WINDOW_ACCOUNT_FIX_EDIT;
    }

  if (rd_window_get_account (self) == NULL || fix == RD_WINDOW_ACCOUNT_FIX_NONE)
    return;

  gtk_widget_activate_action (widget,
                              fix == RD_WINDOW_ACCOUNT_FIX_SIGN_IN
                                ? "app.sign-in-account" : "app.edit-account",
                              "s", rd_account_get_id (rd_window_get_account (self)));
}

void
rd_window_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.lookup", NULL, lookup_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.focus-package-id", NULL,
                                   focus_package_id_action);
  gtk_widget_class_install_action (widget_class, "win.filter", NULL, filter_action);
  gtk_widget_class_install_action (widget_class, "win.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "win.copy-all-ids", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "win.copy-table", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "win.copy-markdown", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "win.copy-details", NULL, copy_details_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-patch", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", "s", open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.fix-account", NULL, fix_account_action);

  /* Bubble-phase bindings: an entry with focus keeps its own Ctrl+C, and a
   * disabled action lets the key through (Escape still closes popovers). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.focus-package-id", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.filter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "win.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export", NULL);
}
