/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-package-header.c: a release package at a glance: name, status, people, times and approvers. */
#define G_LOG_DOMAIN "rd-package-header"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-package-header.h"

#include "rd-approver.h"
#include "rd-date-format.h"
#include "rd-enums.h"
#include "rd-status-pill.h"

struct _RdPackageHeader
{
  GtkWidget         parent_instance;

  RdReleasePackage *package;

  /* Template widgets */
  GtkLabel         *name_label;
  GtkWidget        *deleted_pill;
  RdStatusPill     *status_pill;
  GtkLabel         *package_id_label;
  GtkLabel         *workspace_label;
  GtkLabel         *applicant_label;
  GtkLabel         *deployer_label;
  GtkLabel         *apply_time_label;
  GtkLabel         *deploy_time_label;
  GtkLabel         *no_approvers_label;
  GtkFlowBox       *approvers_box;
};

G_DEFINE_FINAL_TYPE (RdPackageHeader, rd_package_header, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PACKAGE,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
dup_exact_time_tooltip (gint64     timestamp,
                        GDateTime *time)
{
  g_autofree char *utc = NULL;
  g_autofree char *ms = NULL;

  if (timestamp == RD_VALUE_ABSENT || (utc = rd_date_format_exact_utc (time)) == NULL)
    return NULL;

  ms = g_strdup_printf ("%" G_GINT64_FORMAT, timestamp);

  /* Translators: the tooltip of a time in the header: the exact value the
   * service sent (milliseconds since 1970-01-01 UTC), then the same in UTC */
  return g_strdup_printf (_("%s ms since the Unix epoch\n%s"), ms, utc);
}

static void
set_time_label (GtkLabel  *label,
                gint64     timestamp,
                GDateTime *time)
{
  g_autofree char *text = rd_date_format_long (time);
  g_autofree char *tooltip = dup_exact_time_tooltip (timestamp, time);

  /* Translators: shown for a time the service did not send */
  gtk_label_set_label (label, text[0] != '\0' ? text : C_("time", "—"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), tooltip);
}

static void
set_person_label (GtkLabel   *label,
                  const char *name,
                  const char *user_id)
{
  g_autofree char *tooltip = NULL;

  if (user_id != NULL && user_id[0] != '\0' && name != NULL && name[0] != '\0')
    /* The whole name too: a long one is ellipsized in the header. */
    /* Translators: a person's tooltip in the package header: the name, then the user ID */
    tooltip = g_strdup_printf (_("%s\nUser ID: %s"), name, user_id);
  else if (user_id != NULL && user_id[0] != '\0')
    tooltip = g_strdup_printf (_("User ID: %s"), user_id);
  else if (name != NULL && name[0] != '\0')
    tooltip = g_strdup (name);

  if (name != NULL && name[0] != '\0')
    gtk_label_set_label (label, name);
  else if (user_id != NULL && user_id[0] != '\0')
    /* A 32-digit ID reads as noise where a name goes: the tooltip has it. */
    gtk_label_set_label (label, C_("person", "Unknown"));
  else
    gtk_label_set_label (label, C_("person", "—"));

  gtk_widget_set_tooltip_text (GTK_WIDGET (label), tooltip);
}

static void
update_status (RdPackageHeader *self)
{
  int status = self->package != NULL ? rd_release_package_get_deploy_status (self->package)
                                      : RD_VALUE_ABSENT;

  rd_status_pill_set_status (self->status_pill, status);
  gtk_widget_set_visible (GTK_WIDGET (self->status_pill), self->package != NULL);
}

static GtkWidget *
create_approver_widget (gpointer item,
                        gpointer user_data)
{
  RdApprover *approver = item;
  const char *name = rd_approver_get_user_name (approver);
  const char *user_id = rd_approver_get_user_id (approver);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autofree char *tooltip = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *button;
  GtkWidget *box;
  GtkWidget *label;

  if (name == NULL || name[0] == '\0')
    name = user_id != NULL ? user_id : "";

  if (name[0] != '\0')
    {
      g_autoptr(GMenuItem) menu_item = g_menu_item_new (_("Copy Name"), NULL);

      g_menu_item_set_action_and_target (menu_item, "header.copy-name", "s", name);
      g_menu_append_item (menu, menu_item);
    }
  if (user_id != NULL && user_id[0] != '\0')
    {
      g_autoptr(GMenuItem) menu_item = g_menu_item_new (_("Copy User ID"), NULL);

      g_menu_item_set_action_and_target (menu_item, "header.copy-user-id", "s", user_id);
      g_menu_append_item (menu, menu_item);
      tooltip = g_strdup_printf (_("User ID: %s"), user_id);
    }

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("avatar-default-symbolic"));
  label = gtk_label_new (name);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_box_append (GTK_BOX (box), label);

  button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), box);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "approver");

  /* Translators: what a screen reader says for an approver's button; %s is a user name */
  accessible = g_strdup_printf (_("Approver %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return button;
}

static void
update_approvers (RdPackageHeader *self)
{
  GListModel *approvers = self->package ? rd_release_package_get_approvers (self->package) : NULL;
  gboolean empty = approvers == NULL || g_list_model_get_n_items (approvers) == 0;
  guint n_approvers;

  gtk_flow_box_bind_model (self->approvers_box, approvers, create_approver_widget, self, NULL);
  /* A flow box asks for one line of this many children; more than that wrap. */
  n_approvers = approvers != NULL ? g_list_model_get_n_items (approvers) : 1;
  gtk_flow_box_set_min_children_per_line (self->approvers_box, CLAMP (n_approvers, 1, 6));
  gtk_widget_set_visible (GTK_WIDGET (self->approvers_box), !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->no_approvers_label), empty);
}

static void
update (RdPackageHeader *self)
{
  RdReleasePackage *package = self->package;
  const char *name = package ? rd_release_package_get_package_name (package) : NULL;
  const char *package_id = package ? rd_release_package_get_package_id (package) : NULL;
  const char *workspace = package ? rd_release_package_get_workspace_id (package) : NULL;

  gtk_label_set_label (self->name_label,
                       name != NULL && name[0] != '\0' ? name : _("Unnamed Package"));
  gtk_label_set_label (self->package_id_label, package_id != NULL ? package_id : "");
  gtk_label_set_label (self->workspace_label,
                       workspace != NULL && workspace[0] != '\0'
                       ? workspace : C_("workspace", "—"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->workspace_label), workspace);

  set_person_label (self->applicant_label,
                    package ? rd_release_package_get_apply_user_name (package) : NULL,
                    package ? rd_release_package_get_apply_user_id (package) : NULL);
  set_person_label (self->deployer_label,
                    package ? rd_release_package_get_deploy_user_name (package) : NULL,
                    package ? rd_release_package_get_deploy_user_id (package) : NULL);

  set_time_label (self->apply_time_label,
                  package ? rd_release_package_get_apply_timestamp (package) : RD_VALUE_ABSENT,
                  package ? rd_release_package_get_apply_time (package) : NULL);
  set_time_label (self->deploy_time_label,
                  package ? rd_release_package_get_deploy_timestamp (package) : RD_VALUE_ABSENT,
                  package ? rd_release_package_get_deploy_time (package) : NULL);

  gtk_widget_set_visible (self->deleted_pill,
                          package != NULL && rd_release_package_get_delete_flag (package) == 1);

  update_status (self);
  update_approvers (self);
}

static void
copy_text (RdPackageHeader *self,
           const char      *text,
           const char      *toast)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  g_signal_emit (self, signals[TOAST], 0, toast);
}

static void
copy_name_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  copy_text (RD_PACKAGE_HEADER (widget), g_variant_get_string (param, NULL), _("Copied name"));
}

static void
copy_user_id_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  copy_text (RD_PACKAGE_HEADER (widget), g_variant_get_string (param, NULL), _("Copied user ID"));
}

GtkWidget *
rd_package_header_new (void)
{
  return g_object_new (RD_TYPE_PACKAGE_HEADER, NULL);
}

void
rd_package_header_set_package (RdPackageHeader  *self,
                               RdReleasePackage *package)
{
  g_return_if_fail (RD_IS_PACKAGE_HEADER (self));
  g_return_if_fail (package == NULL || RD_IS_RELEASE_PACKAGE (package));

  if (!g_set_object (&self->package, package))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACKAGE]);
}

RdReleasePackage *
rd_package_header_get_package (RdPackageHeader *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_HEADER (self), NULL);

  return self->package;
}

const char *
rd_package_header_get_status_text (RdPackageHeader *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_HEADER (self), NULL);

  return rd_status_pill_get_text (self->status_pill);
}

static void
rd_package_header_dispose (GObject *object)
{
  RdPackageHeader *self = RD_PACKAGE_HEADER (object);
  GtkWidget *child;

  if (self->approvers_box != NULL)
    gtk_flow_box_bind_model (self->approvers_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_PACKAGE_HEADER);
  /* dispose_template() only takes the bound children; the rows have no name. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->package);

  G_OBJECT_CLASS (rd_package_header_parent_class)->dispose (object);
}

static void
rd_package_header_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RdPackageHeader *self = RD_PACKAGE_HEADER (object);

  switch (prop_id)
    {
    case PROP_PACKAGE:
      g_value_set_object (value, self->package);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_package_header_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RdPackageHeader *self = RD_PACKAGE_HEADER (object);

  switch (prop_id)
    {
    case PROP_PACKAGE:
      rd_package_header_set_package (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_package_header_class_init (RdPackageHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_package_header_dispose;
  object_class->get_property = rd_package_header_get_property;
  object_class->set_property = rd_package_header_set_property;

  properties[PROP_PACKAGE] =
    g_param_spec_object ("package", NULL, NULL,
                         RD_TYPE_RELEASE_PACKAGE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdPackageHeader::toast:
   * @message: what was copied, for a toast
   */
  signals[TOAST] =
    g_signal_new ("toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (RD_TYPE_STATUS_PILL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/releasedesk/ReleaseDesk/"
                                               "rd-package-header.ui");
  gtk_widget_class_bind_template_child (widget_class, RdPackageHeader, name_label);
  gtk_widget_class_bind_template_child (widget_class, RdPackageHeader, deleted_pill);
  gtk_widget_class_bind_template_child (widget_class, RdPackageHeader, status_pill);
  gtk_widget_class_bind_template_child (widget_class, RdPackageHeader, package_id_label);
  gtk_widget_class_bind_template_child (widget_class, RdPackageHeader, workspace_label);
  gtk_widget_class_bind_template_child (widget_class, RdPackageHeader, applicant_label);
  gtk_widget_class_bind_template_child (widget_class, RdPackageHeader, deployer_label);
  gtk_widget_class_bind_template_child (widget_class, RdPackageHeader, apply_time_label);
  gtk_widget_class_bind_template_child (widget_class, RdPackageHeader, deploy_time_label);
  gtk_widget_class_bind_template_child (widget_class, RdPackageHeader, no_approvers_label);
  gtk_widget_class_bind_template_child (widget_class, RdPackageHeader, approvers_box);

  gtk_widget_class_install_action (widget_class, "header.copy-name", "s", copy_name_action);
  gtk_widget_class_install_action (widget_class, "header.copy-user-id", "s", copy_user_id_action);

  gtk_widget_class_set_css_name (widget_class, "packageheader");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rd_package_header_init (RdPackageHeader *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
