/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-status-pill.c: a release status as a coloured pill with an icon and a label ("Failed"). */
#define G_LOG_DOMAIN "rd-status-pill"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-status-pill.h"

#include "rd-enums.h"

struct _RdStatusPill
{
  GtkWidget  parent_instance;

  GtkImage  *icon;
  GtkLabel  *label;
  int        status;
  char      *accessible_text;
};

G_DEFINE_FINAL_TYPE (RdStatusPill, rd_status_pill, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The style classes of style.css, one per documented status (and "unknown"
 * for any other): colour is never the only cue, the icon and text say it too. */
static const struct {
  int         status;
  const char *css_class;
} status_classes[] = {
  { RD_DEPLOY_STATUS_TO_BE_REVIEWED, "reviewing" },
  { RD_DEPLOY_STATUS_SUCCESSFUL, "successful" },
  { RD_DEPLOY_STATUS_FAILED, "failed" },
  { RD_DEPLOY_STATUS_BEING_RELEASED, "releasing" },
};

#define UNKNOWN_CLASS "unknown"

static const char *
get_css_class (int status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    if (status_classes[i].status == status)
      return status_classes[i].css_class;

  return UNKNOWN_CLASS;
}

static void
update (RdStatusPill *self)
{
  g_autofree char *text = rd_deploy_status_dup_label (self->status);
  const char *icon_name = rd_deploy_status_get_icon_name (self->status);

  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), status_classes[i].css_class);
  gtk_widget_remove_css_class (GTK_WIDGET (self), UNKNOWN_CLASS);
  gtk_widget_add_css_class (GTK_WIDGET (self), get_css_class (self->status));

  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_label_set_label (self->label, text[0] != '\0' ? text : _("No status"));

  g_free (self->accessible_text);
  /* Translators: what a screen reader says for the status pill; %s is "Failed" etc. */
  self->accessible_text = g_strdup_printf (_("Release status: %s"),
                                           gtk_label_get_label (self->label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->accessible_text,
                                  -1);
}

/* The tooltip is made when asked for: a pill in a list row is bound often,
 * and only the header's pill has one. */
static gboolean
rd_status_pill_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_tooltip,
                              GtkTooltip *tooltip)
{
  gtk_tooltip_set_text (tooltip, RD_STATUS_PILL (widget)->accessible_text);

  return TRUE;
}

static void
rd_status_pill_dispose (GObject *object)
{
  RdStatusPill *self = RD_STATUS_PILL (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->icon = NULL;
  self->label = NULL;

  G_OBJECT_CLASS (rd_status_pill_parent_class)->dispose (object);
}

static void
rd_status_pill_finalize (GObject *object)
{
  RdStatusPill *self = RD_STATUS_PILL (object);

  g_free (self->accessible_text);

  G_OBJECT_CLASS (rd_status_pill_parent_class)->finalize (object);
}

static void
rd_status_pill_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RdStatusPill *self = RD_STATUS_PILL (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_status_pill_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RdStatusPill *self = RD_STATUS_PILL (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      rd_status_pill_set_status (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_status_pill_class_init (RdStatusPillClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_status_pill_dispose;
  object_class->finalize = rd_status_pill_finalize;
  object_class->get_property = rd_status_pill_get_property;
  object_class->set_property = rd_status_pill_set_property;

  widget_class->query_tooltip = rd_status_pill_query_tooltip;

  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      G_MININT, G_MAXINT, RD_VALUE_ABSENT,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statuspill");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rd_status_pill_init (RdStatusPill *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self), "status-pill");

  self->icon = GTK_IMAGE (g_object_new (GTK_TYPE_IMAGE,
                                        "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                        NULL));
  gtk_widget_set_parent (GTK_WIDGET (self->icon), GTK_WIDGET (self));
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));

  self->status = RD_VALUE_ABSENT;
  update (self);
}

GtkWidget *
rd_status_pill_new (void)
{
  return g_object_new (RD_TYPE_STATUS_PILL, NULL);
}

void
rd_status_pill_set_status (RdStatusPill *self,
                           int           status)
{
  g_return_if_fail (RD_IS_STATUS_PILL (self));

  if (self->status == status)
    return;

  self->status = status;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

int
rd_status_pill_get_status (RdStatusPill *self)
{
  g_return_val_if_fail (RD_IS_STATUS_PILL (self), RD_VALUE_ABSENT);

  return self->status;
}

const char *
rd_status_pill_get_text (RdStatusPill *self)
{
  g_return_val_if_fail (RD_IS_STATUS_PILL (self), NULL);

  return gtk_label_get_label (self->label);
}

const char *
rd_status_pill_get_icon_name (RdStatusPill *self)
{
  g_return_val_if_fail (RD_IS_STATUS_PILL (self), NULL);

  return gtk_image_get_icon_name (self->icon);
}
