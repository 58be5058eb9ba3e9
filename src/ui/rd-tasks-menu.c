/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-tasks-menu.c: the tasks view's row menu: copy a task's IDs, name or row. */
#define G_LOG_DOMAIN "rd-tasks-menu"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-tasks-menu.h"

#include "rd-resources.h"
#include "rd-task-column.h"
#include "rd-task-format.h"

struct _RdTasksMenu
{
  GObject             parent_instance;

  GtkWidget          *parent;      /* weak: it owns us */
  GtkWidget          *popover;
  GSimpleActionGroup *actions;

  /* The row the menu acts on, and where the focus was before. */
  RdTask             *task;
  guint               columns;     /* those shown: what "Copy Row" copies */
  GtkWidget          *focus_before_menu;
};

G_DEFINE_FINAL_TYPE (RdTasksMenu, rd_tasks_menu, G_TYPE_OBJECT)

enum {
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The menu's copies: a value of the task (get_value), or the whole row as a
 * line of the tab-separated table (get_value NULL). */
static const struct {
  const char          *action;
  RdTaskGetStringFunc  get_value;
  const char          *toast;
} copies[] = {
  { "copy-release-id", rd_task_get_pending_item_id, N_("Copied release task ID") },
  { "copy-job-id", rd_task_get_task_id, N_("Copied job ID") },
  { "copy-script-id", rd_task_get_script_id, N_("Copied script ID") },
  { "copy-name", rd_task_get_item_name, N_("Copied name") },
  { "copy-row", NULL, N_("Copied row") },
};

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* The menu shows only the copies the row has a value for. */
static void
update_actions (RdTasksMenu *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions),
                                                    copies[i].action);
      gboolean enabled = self->task != NULL &&
                         (copies[i].get_value == NULL ||
                          has_text (copies[i].get_value (self->task)));

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
    }
}

static void
copy_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RdTasksMenu *self = user_data;
  const char *name = g_action_get_name (G_ACTION (action));
  g_autofree char *row = NULL;
  const char *text = NULL;
  guint i;

  if (self->task == NULL || self->parent == NULL)
    return;

  for (i = 0; i < G_N_ELEMENTS (copies); i++)
    if (g_str_equal (copies[i].action, name))
      break;
  g_assert (i < G_N_ELEMENTS (copies));

  if (copies[i].get_value != NULL)
    text = copies[i].get_value (self->task);
  else
    text = row = rd_task_format_row (self->task, self->columns);

  if (!has_text (text))
    {
      g_signal_emit (self, signals[TOAST], 0, _("Nothing to copy"));
      return;
    }

  gdk_clipboard_set_text (gtk_widget_get_clipboard (self->parent), text);
  g_signal_emit (self, signals[TOAST], 0, _(copies[i].toast));
}

static void
on_popover_closed (RdTasksMenu *self,
                   GtkPopover  *popover)
{
  GtkWidget *focus = self->focus_before_menu;

  g_clear_weak_pointer (&self->focus_before_menu);

  if (focus != NULL && gtk_widget_get_mapped (focus))
    gtk_widget_grab_focus (focus);
}

static void
rd_tasks_menu_dispose (GObject *object)
{
  RdTasksMenu *self = RD_TASKS_MENU (object);

  g_clear_object (&self->task);
  g_clear_weak_pointer (&self->focus_before_menu);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_weak_pointer (&self->parent);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (rd_tasks_menu_parent_class)->dispose (object);
}

static void
rd_tasks_menu_class_init (RdTasksMenuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_tasks_menu_dispose;

  /**
   * RdTasksMenu::toast:
   * @message: what was copied, translated ("Copied job ID")
   */
  signals[TOAST] =
    g_signal_new ("toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rd_tasks_menu_init (RdTasksMenu *self)
{
  self->actions = g_simple_action_group_new ();

  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new (copies[i].action, NULL);

      g_signal_connect_object (action, "activate", G_CALLBACK (copy_activated), self, 0);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
    }
  update_actions (self);
}

RdTasksMenu *
rd_tasks_menu_new (GtkWidget *parent)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GMenuModel *menu;
  RdTasksMenu *self;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);

  /* The resources register themselves, but only if the linker keeps their
   * object from the static library (a test may link the view alone). */
  (void) rd_get_resource ();

  self = g_object_new (RD_TYPE_TASKS_MENU, NULL);
  g_set_weak_pointer (&self->parent, parent);

  builder = gtk_builder_new_from_resource ("/io/github/releasedesk/ReleaseDesk/rd-tasks-menu.ui");
  menu = G_MENU_MODEL (gtk_builder_get_object (builder, "row_menu"));
  self->popover = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->popover, parent);
  g_signal_connect_object (self->popover, "closed",
                           G_CALLBACK (on_popover_closed), self, G_CONNECT_SWAPPED);

  return self;
}

GActionGroup *
rd_tasks_menu_get_actions (RdTasksMenu *self)
{
  g_return_val_if_fail (RD_IS_TASKS_MENU (self), NULL);

  return G_ACTION_GROUP (self->actions);
}

void
rd_tasks_menu_popup (RdTasksMenu        *self,
                     RdTask             *task,
                     guint               columns,
                     const GdkRectangle *rect)
{
  GtkRoot *root;

  g_return_if_fail (RD_IS_TASKS_MENU (self));
  g_return_if_fail (RD_IS_TASK (task));
  g_return_if_fail (rect != NULL);
  g_return_if_fail (self->popover != NULL);

  g_set_object (&self->task, task);
  self->columns = columns;
  update_actions (self);

  /* Closing the popover would leave the focus on the parent's first
   * focusable child (the search entry): give it back to the row instead. */
  root = gtk_widget_get_root (self->popover);
  g_set_weak_pointer (&self->focus_before_menu, root != NULL ? gtk_root_get_focus (root) : NULL);

  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), rect);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

void
rd_tasks_menu_popdown (RdTasksMenu *self)
{
  g_return_if_fail (RD_IS_TASKS_MENU (self));

  g_clear_object (&self->task);
  update_actions (self);
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

RdTask *
rd_tasks_menu_get_task (RdTasksMenu *self)
{
  g_return_val_if_fail (RD_IS_TASKS_MENU (self), NULL);

  return self->task;
}

void
rd_tasks_menu_present (RdTasksMenu *self)
{
  g_return_if_fail (RD_IS_TASKS_MENU (self));

  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}
