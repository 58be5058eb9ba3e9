/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-window-recent.c: RdWindow's lookups menu: the recent lookups (kept in GSettings), the demo's
 * sample lookups, and the actions that look one up again or clear them. */
#define G_LOG_DOMAIN "rd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-window-private.h"

#define MAX_RECENT_LOOKUPS 10

/* Menu labels take '_' as a mnemonic, and package names are full of them. */
char *
rd_escape_mnemonic (const char *text)
{
  g_autoptr(GString) escaped = g_string_new (text);

  g_string_replace (escaped, "_", "__", 0);
  return g_string_free (g_steal_pointer (&escaped), FALSE);
}

static char *
dup_recent_label (const Lookup *lookup)
{
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;

  if (lookup->package_name != NULL && lookup->package_name[0] != '\0')
    {
      if (g_utf8_strlen (lookup->package_name, -1) > 40)
        {
          g_autofree char *start = g_utf8_substring (lookup->package_name, 0, 39);
          name = g_strconcat (start, "…", NULL);
        }
      else
        name = g_strdup (lookup->package_name);

      /* Translators: an item of the recent lookups menu: package ID, then its name */
      label = g_strdup_printf (_("Package %s: %s"), lookup->package_id, name);
    }
  else
    label = g_strdup_printf (_("Package %s"), lookup->package_id);

  if (lookup->workspace != NULL)
    {
      g_autofree char *short_workspace = g_utf8_substring (lookup->workspace, 0, 8);
      char *with_workspace;

      /* Translators: a recent lookup in a workspace other than the default one;
       * the first %s is "Package 4: name", the second the start of the workspace ID */
      with_workspace = g_strdup_printf (_("%s (workspace %s…)"), label, short_workspace);
      g_free (label);
      label = with_workspace;
    }

  return rd_escape_mnemonic (label);
}

static GMenuItem *
new_lookup_menu_item (const char *label,
                      const char *project_id,
                      const char *workspace,
                      const char *package_id)
{
  GMenuItem *item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target (item, "win.recent-lookup", "(sss)",
                                     project_id,
                                     workspace != NULL ? workspace : "",
                                     package_id);
  return item;
}

/* The menu model stays the same (the open popover follows it); its items are replaced. */
void
rd_window_recent_update_menu (RdWindow *self)
{
  GMenu *menu = self->recent_menu;
  g_autoptr(GMenu) recent_section = g_menu_new ();
  g_autoptr(GMenu) clear_section = g_menu_new ();

  g_menu_remove_all (menu);

  for (guint i = 0; i < self->recent->len; i++)
    {
      const Lookup *lookup = g_ptr_array_index (self->recent, i);
      g_autofree char *label = dup_recent_label (lookup);
      g_autoptr(GMenuItem) item = new_lookup_menu_item (label, lookup->project_id,
                                                        lookup->workspace, lookup->package_id);

      g_menu_append_item (recent_section, item);
    }

  if (self->recent->len == 0)
    g_menu_append (recent_section, _("No Recent Lookups"), "win.no-recent-lookups");

  g_menu_append_section (menu, NULL, G_MENU_MODEL (recent_section));

  if (self->sample_lookups != NULL && g_variant_n_children (self->sample_lookups) > 0)
    {
      g_autoptr(GMenu) demo_section = g_menu_new ();
      GVariantIter iter;
      const char *project_id, *workspace, *package_id, *label;

      g_variant_iter_init (&iter, self->sample_lookups);
      while (g_variant_iter_next (&iter, "(&s&s&s&s)",
                                  &project_id, &workspace, &package_id, &label))
        {
          g_autoptr(GMenuItem) item = new_lookup_menu_item (label, project_id, workspace,
                                                            package_id);
          g_menu_append_item (demo_section, item);
        }
      g_menu_append_section (menu, _("Demo Packages"), G_MENU_MODEL (demo_section));
    }

  g_menu_append (clear_section, _("_Clear History"), "win.clear-recent");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (clear_section));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-recent", self->recent->len > 0);
}

static gboolean
persists_lookups (RdWindow *self)
{
  return self->settings != NULL && !self->demo;
}

void
rd_window_recent_load (RdWindow *self)
{
  g_autoptr(GVariant) value = NULL;
  GVariantIter iter;
  const char *project_id, *workspace, *package_id, *package_name;

  g_ptr_array_set_size (self->recent, 0);

  if (persists_lookups (self))
    {
      value = g_settings_get_value (self->settings, "recent-lookups");
      g_variant_iter_init (&iter, value);
      while (self->recent->len < MAX_RECENT_LOOKUPS &&
             g_variant_iter_next (&iter, "(&s&s&s&s)",
                                  &project_id, &workspace, &package_id, &package_name))
        g_ptr_array_add (self->recent,
                         rd_lookup_new (project_id, workspace, package_id, package_name));
    }

  rd_window_recent_update_menu (self);
}

void
rd_window_recent_save (RdWindow *self)
{
  GVariantBuilder builder;

  if (!persists_lookups (self))
    return;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssss)"));
  for (guint i = 0; i < self->recent->len; i++)
    {
      const Lookup *lookup = g_ptr_array_index (self->recent, i);

      g_variant_builder_add (&builder, "(ssss)",
                             lookup->project_id,
                             lookup->workspace != NULL ? lookup->workspace : "",
                             lookup->package_id,
                             lookup->package_name != NULL ? lookup->package_name : "");
    }
  g_settings_set_value (self->settings, "recent-lookups", g_variant_builder_end (&builder));
}

void
rd_window_recent_remember (RdWindow         *self,
                 const Lookup     *request,
                 RdReleasePackage *package)
{
  Lookup *lookup = rd_lookup_new (request->project_id, request->workspace, request->package_id,
                               rd_release_package_get_package_name (package));

  for (guint i = 0; i < self->recent->len; i++)
    if (rd_lookup_same_target (g_ptr_array_index (self->recent, i), lookup))
      {
        g_ptr_array_remove_index (self->recent, i);
        break;
      }

  g_ptr_array_insert (self->recent, 0, lookup);
  if (self->recent->len > MAX_RECENT_LOOKUPS)
    g_ptr_array_set_size (self->recent, MAX_RECENT_LOOKUPS);

  rd_window_recent_update_menu (self);

  if (persists_lookups (self))
    {
      g_settings_delay (self->settings);
      g_settings_set_string (self->settings, "last-project-id", request->project_id);
      g_settings_set_string (self->settings, "last-workspace",
                             request->workspace != NULL ? request->workspace : "");
      rd_window_recent_save (self);
      g_settings_apply (self->settings);
    }
}

/* States */

static void
recent_lookup_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  const char *project_id, *workspace, *package_id;

  g_variant_get (param, "(&s&s&s)", &project_id, &workspace, &package_id);
  rd_window_lookup (RD_WINDOW (widget), project_id, workspace, package_id);
}

static void
clear_recent_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  RdWindow *self = RD_WINDOW (widget);

  g_ptr_array_set_size (self->recent, 0);
  rd_window_recent_save (self);
  rd_window_recent_update_menu (self);
}

void
rd_window_set_sample_lookups (RdWindow *self,
                              GVariant *lookups)
{
  g_return_if_fail (RD_IS_WINDOW (self));
  g_return_if_fail (lookups == NULL || g_variant_is_of_type (lookups, G_VARIANT_TYPE ("a(ssss)")));

  if (lookups != NULL)
    g_variant_ref_sink (lookups);
  g_clear_pointer (&self->sample_lookups, g_variant_unref);
  self->sample_lookups = lookups;

  rd_window_recent_update_menu (self);
}

void
rd_window_recent_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.recent-lookup", "(sss)",
                                   recent_lookup_action);
  gtk_widget_class_install_action (widget_class, "win.clear-recent", NULL, clear_recent_action);
}
