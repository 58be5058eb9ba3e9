/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-approver.c: one reviewer of a release package (package_approvers[]). */
#define G_LOG_DOMAIN "rd-approver"

#include "config.h"

#include "rd-approver.h"
#include "rd-models-private.h"

struct _RdApprover
{
  GObject     parent_instance;

  char       *strings;            /* the block the pointers below point into */
  const char *user_id;
  const char *user_name;
};

G_DEFINE_FINAL_TYPE (RdApprover, rd_approver, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USER_ID,
  PROP_USER_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rd_approver_finalize (GObject *object)
{
  RdApprover *self = (RdApprover *)object;

  g_clear_pointer (&self->strings, g_free);

  G_OBJECT_CLASS (rd_approver_parent_class)->finalize (object);
}

static void
rd_approver_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RdApprover *self = RD_APPROVER (object);

  switch (prop_id)
    {
    case PROP_USER_ID:
      g_value_set_string (value, self->user_id);
      break;

    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_approver_class_init (RdApproverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rd_approver_finalize;
  object_class->get_property = rd_approver_get_property;

  properties[PROP_USER_ID] =
    g_param_spec_string ("user-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_approver_init (RdApprover *self)
{
}

RdApprover *
rd_approver_new_from_object (JsonObject        *object,
                             const RdJsonPath  *path,
                             GError           **error)
{
  g_autoptr(RdApprover) self = NULL;
  const char *values[2];
  const char *copies[G_N_ELEMENTS (values)];

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!rd_json_member_string (object, path, "user_id", &values[0], error) ||
      !rd_json_member_string (object, path, "user_name", &values[1], error))
    return NULL;

  self = g_object_new (RD_TYPE_APPROVER, NULL);
  self->strings = rd_strings_dup_block (values, G_N_ELEMENTS (values), copies);
  self->user_id = copies[0];
  self->user_name = copies[1];

  return g_steal_pointer (&self);
}

const char *
rd_approver_get_user_id (RdApprover *self)
{
  g_return_val_if_fail (RD_IS_APPROVER (self), NULL);

  return self->user_id;
}

const char *
rd_approver_get_user_name (RdApprover *self)
{
  g_return_val_if_fail (RD_IS_APPROVER (self), NULL);

  return self->user_name;
}
