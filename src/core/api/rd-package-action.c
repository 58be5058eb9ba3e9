/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-package-action.c: what a release or revoke of many packages did to each one. */
#define G_LOG_DOMAIN "rd-package-action"

#include "config.h"

#include "rd-enums.h"
#include "rd-package-action-private.h"

GType
rd_outcome_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { RD_OUTCOME_SUCCEEDED, "RD_OUTCOME_SUCCEEDED", "succeeded" },
        { RD_OUTCOME_FAILED, "RD_OUTCOME_FAILED", "failed" },
        { RD_OUTCOME_UNKNOWN, "RD_OUTCOME_UNKNOWN", "unknown" },
        { RD_OUTCOME_NOT_SENT, "RD_OUTCOME_NOT_SENT", "not-sent" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static (g_intern_static_string ("RdOutcome"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

/* RdPackageOutcome */

struct _RdPackageOutcome
{
  GObject         parent_instance;

  char           *package_id;
  RdOutcome       outcome;
  GError         *error;
  RdErrorDetails *details;
  char           *async_task_id;
  int             async_subtask_count;
};

G_DEFINE_FINAL_TYPE (RdPackageOutcome, rd_package_outcome, G_TYPE_OBJECT)

enum {
  OUTCOME_PROP_0,
  OUTCOME_PROP_PACKAGE_ID,
  OUTCOME_PROP_OUTCOME,
  OUTCOME_PROP_MESSAGE,
  OUTCOME_PROP_ASYNC_TASK_ID,
  OUTCOME_PROP_ASYNC_SUBTASK_COUNT,
  OUTCOME_N_PROPS
};

static GParamSpec *outcome_properties[OUTCOME_N_PROPS];

static void
rd_package_outcome_finalize (GObject *object)
{
  RdPackageOutcome *self = (RdPackageOutcome *)object;

  g_free (self->package_id);
  g_clear_error (&self->error);
  g_clear_pointer (&self->details, rd_error_details_free);
  g_free (self->async_task_id);

  G_OBJECT_CLASS (rd_package_outcome_parent_class)->finalize (object);
}

static void
rd_package_outcome_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RdPackageOutcome *self = RD_PACKAGE_OUTCOME (object);

  switch (prop_id)
    {
    case OUTCOME_PROP_PACKAGE_ID:
      g_value_set_string (value, self->package_id);
      break;

    case OUTCOME_PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;

    case OUTCOME_PROP_MESSAGE:
      g_value_set_string (value, rd_package_outcome_get_message (self));
      break;

    case OUTCOME_PROP_ASYNC_TASK_ID:
      g_value_set_string (value, self->async_task_id);
      break;

    case OUTCOME_PROP_ASYNC_SUBTASK_COUNT:
      g_value_set_int (value, self->async_subtask_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define READ_ONLY (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
rd_package_outcome_class_init (RdPackageOutcomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rd_package_outcome_finalize;
  object_class->get_property = rd_package_outcome_get_property;

  outcome_properties[OUTCOME_PROP_PACKAGE_ID] =
    g_param_spec_string ("package-id", NULL, NULL, NULL, READ_ONLY);
  outcome_properties[OUTCOME_PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL, RD_TYPE_OUTCOME, RD_OUTCOME_NOT_SENT, READ_ONLY);
  outcome_properties[OUTCOME_PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL, READ_ONLY);
  outcome_properties[OUTCOME_PROP_ASYNC_TASK_ID] =
    g_param_spec_string ("async-task-id", NULL, NULL, NULL, READ_ONLY);
  outcome_properties[OUTCOME_PROP_ASYNC_SUBTASK_COUNT] =
    g_param_spec_int ("async-subtask-count", NULL, NULL,
                      G_MININT, G_MAXINT, RD_VALUE_ABSENT, READ_ONLY);

  g_object_class_install_properties (object_class, OUTCOME_N_PROPS, outcome_properties);
}

static void
rd_package_outcome_init (RdPackageOutcome *self)
{
  self->outcome = RD_OUTCOME_NOT_SENT;
  self->async_subtask_count = RD_VALUE_ABSENT;
}

const char *
rd_package_outcome_get_package_id (RdPackageOutcome *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_OUTCOME (self), NULL);

  return self->package_id;
}

RdOutcome
rd_package_outcome_get_outcome (RdPackageOutcome *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_OUTCOME (self), RD_OUTCOME_NOT_SENT);

  return self->outcome;
}

/**
 * rd_package_outcome_get_error:
 *
 * Returns: (transfer none) (nullable): why the action did not succeed
 */
const GError *
rd_package_outcome_get_error (RdPackageOutcome *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_OUTCOME (self), NULL);

  return self->error;
}

const char *
rd_package_outcome_get_message (RdPackageOutcome *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_OUTCOME (self), NULL);

  return self->error != NULL ? self->error->message : NULL;
}

/**
 * rd_package_outcome_get_error_details:
 *
 * Returns: (transfer none) (nullable): the details of the refused request,
 *   NULL when it succeeded or was never sent
 */
const RdErrorDetails *
rd_package_outcome_get_error_details (RdPackageOutcome *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_OUTCOME (self), NULL);

  return self->details;
}

const char *
rd_package_outcome_get_async_task_id (RdPackageOutcome *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_OUTCOME (self), NULL);

  return self->async_task_id;
}

int
rd_package_outcome_get_async_subtask_count (RdPackageOutcome *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_OUTCOME (self), RD_VALUE_ABSENT);

  return self->async_subtask_count;
}

static void
notify_outcome (RdPackageOutcome *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), outcome_properties[OUTCOME_PROP_OUTCOME]);
  g_object_notify_by_pspec (G_OBJECT (self), outcome_properties[OUTCOME_PROP_MESSAGE]);
}

void
rd_package_outcome_set_succeeded (RdPackageOutcome *self,
                                  const char       *async_task_id,
                                  int               async_subtask_count)
{
  g_return_if_fail (RD_IS_PACKAGE_OUTCOME (self));
  g_return_if_fail (self->outcome == RD_OUTCOME_NOT_SENT);

  self->outcome = RD_OUTCOME_SUCCEEDED;
  self->async_task_id = g_strdup (async_task_id);
  self->async_subtask_count = async_subtask_count;
  notify_outcome (self);
}

void
rd_package_outcome_set_failed (RdPackageOutcome     *self,
                               RdOutcome             outcome,
                               const GError         *error,
                               const RdErrorDetails *details)
{
  g_return_if_fail (RD_IS_PACKAGE_OUTCOME (self));
  g_return_if_fail (outcome != RD_OUTCOME_SUCCEEDED);
  g_return_if_fail (error != NULL);

  self->outcome = outcome;
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  g_clear_pointer (&self->details, rd_error_details_free);
  if (details != NULL)
    self->details = rd_error_details_copy (details);
  notify_outcome (self);
}

/* RdPackageActionResult */

struct _RdPackageActionResult
{
  GObject     parent_instance;

  GPtrArray  *outcomes;   /* of RdPackageOutcome */
  guint       n_requests;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdPackageActionResult, rd_package_action_result, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return RD_TYPE_PACKAGE_OUTCOME;
}

static guint
get_n_items (GListModel *model)
{
  return RD_PACKAGE_ACTION_RESULT (model)->outcomes->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  RdPackageActionResult *self = RD_PACKAGE_ACTION_RESULT (model);

  if (position >= self->outcomes->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->outcomes, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
rd_package_action_result_dispose (GObject *object)
{
  RdPackageActionResult *self = (RdPackageActionResult *)object;

  g_ptr_array_set_size (self->outcomes, 0);

  G_OBJECT_CLASS (rd_package_action_result_parent_class)->dispose (object);
}

static void
rd_package_action_result_finalize (GObject *object)
{
  RdPackageActionResult *self = (RdPackageActionResult *)object;

  g_ptr_array_unref (self->outcomes);

  G_OBJECT_CLASS (rd_package_action_result_parent_class)->finalize (object);
}

static void
rd_package_action_result_class_init (RdPackageActionResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_package_action_result_dispose;
  object_class->finalize = rd_package_action_result_finalize;
}

static void
rd_package_action_result_init (RdPackageActionResult *self)
{
  self->outcomes = g_ptr_array_new_with_free_func (g_object_unref);
}

RdPackageActionResult *
rd_package_action_result_new (const char * const *package_ids,
                              guint               n_ids)
{
  RdPackageActionResult *self = g_object_new (RD_TYPE_PACKAGE_ACTION_RESULT, NULL);

  for (guint i = 0; i < n_ids; i++)
    {
      RdPackageOutcome *outcome = g_object_new (RD_TYPE_PACKAGE_OUTCOME, NULL);

      outcome->package_id = g_strdup (package_ids[i]);
      g_ptr_array_add (self->outcomes, outcome);
    }

  return self;
}

RdPackageOutcome *
rd_package_action_result_get_outcome_at (RdPackageActionResult *self,
                                         guint                  position)
{
  g_return_val_if_fail (RD_IS_PACKAGE_ACTION_RESULT (self), NULL);
  g_return_val_if_fail (position < self->outcomes->len, NULL);

  return g_ptr_array_index (self->outcomes, position);
}

void
rd_package_action_result_add_request (RdPackageActionResult *self)
{
  g_return_if_fail (RD_IS_PACKAGE_ACTION_RESULT (self));

  self->n_requests++;
}

/* How many requests (batches of at most 100) went out. */
guint
rd_package_action_result_get_n_requests (RdPackageActionResult *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_ACTION_RESULT (self), 0);

  return self->n_requests;
}

guint
rd_package_action_result_count (RdPackageActionResult *self,
                                RdOutcome              outcome)
{
  guint n = 0;

  g_return_val_if_fail (RD_IS_PACKAGE_ACTION_RESULT (self), 0);

  for (guint i = 0; i < self->outcomes->len; i++)
    {
      RdPackageOutcome *item = g_ptr_array_index (self->outcomes, i);

      if (item->outcome == outcome)
        n++;
    }

  return n;
}

/**
 * rd_package_action_result_lookup:
 *
 * Returns: (transfer none) (nullable): the outcome for @package_id
 */
RdPackageOutcome *
rd_package_action_result_lookup (RdPackageActionResult *self,
                                 const char            *package_id)
{
  g_return_val_if_fail (RD_IS_PACKAGE_ACTION_RESULT (self), NULL);
  g_return_val_if_fail (package_id != NULL, NULL);

  for (guint i = 0; i < self->outcomes->len; i++)
    {
      RdPackageOutcome *item = g_ptr_array_index (self->outcomes, i);

      if (g_strcmp0 (item->package_id, package_id) == 0)
        return item;
    }

  return NULL;
}
