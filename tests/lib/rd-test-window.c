/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-test-window.h"

RdWindow *
rd_test_new_lookup_window (GSettings *settings,
                           RdClient  *client,
                           GCallback  on_lookup_finished,
                           gpointer   user_data)
{
  RdWindow *window = rd_window_new (NULL, settings);

  rd_window_set_queue_visible (window, FALSE);
  rd_window_set_client (window, client);
  g_signal_connect (window, "lookup-finished", on_lookup_finished, user_data);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

void
rd_test_destroy_window (RdWindow **window,
                        guint      seconds)
{
  gpointer weak = *window;

  if (*window == NULL)
    return;

  g_object_add_weak_pointer (G_OBJECT (*window), &weak);
  gtk_window_destroy (GTK_WINDOW (*window));
  *window = NULL;
  RD_TEST_WAIT_UNTIL (weak == NULL, seconds);
}

GtkWidget *
rd_test_find_widget (GtkWidget  *widget,
                     GType       type,
                     gboolean  (*match) (GtkWidget    *widget,
                                         gconstpointer data),
                     gconstpointer data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (match == NULL || match (widget, data)))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rd_test_find_widget (child, type, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
rd_test_widget_has_css_class (GtkWidget    *widget,
                              gconstpointer data)
{
  return gtk_widget_has_css_class (widget, data);
}

gboolean
rd_test_widget_has_text (GtkWidget    *widget,
                         gconstpointer data)
{
  const char *text = NULL;

  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_label (GTK_LABEL (widget));
  else if (GTK_IS_INSCRIPTION (widget))
    text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  else if (GTK_IS_BUTTON (widget))
    text = gtk_button_get_label (GTK_BUTTON (widget));

  return g_strcmp0 (text, data) == 0;
}

gboolean
rd_test_widget_shows_text (GtkWidget    *widget,
                           gconstpointer data)
{
  return gtk_widget_get_mapped (widget) && rd_test_widget_has_text (widget, data);
}

AdwMessageDialog *
rd_test_find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
on_clipboard_text (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
  if (*text == NULL)
    *text = g_strdup ("");
}

char *
rd_test_read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, on_clipboard_text,
                                 &text);
  RD_TEST_WAIT_UNTIL (text != NULL, 30);

  return text;
}

char *
rd_test_dup_menu_label (GMenuModel *menu,
                        guint       section,
                        guint       item)
{
  g_autoptr(GMenuModel) items = g_menu_model_get_item_link (menu, section, G_MENU_LINK_SECTION);
  char *label = NULL;

  g_assert_nonnull (items);
  g_assert_true (
      g_menu_model_get_item_attribute (items, item, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  return label;
}

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 GtkShortcutTrigger *wanted)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            wanted) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            wanted);

  return gtk_shortcut_trigger_equal (trigger, wanted);
}

GtkShortcut *
rd_test_find_shortcut (GtkWidget          *widget,
                       GtkShortcutTrigger *wanted)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (trigger_matches (gtk_shortcut_get_trigger (shortcut), wanted))
            return shortcut;
        }
    }

  return NULL;
}
