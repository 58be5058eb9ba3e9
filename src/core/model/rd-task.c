/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-task.c: one release task of a package (task_details[]). */
#define G_LOG_DOMAIN "rd-task"

#include "config.h"

#include "rd-enums.h"
#include "rd-models-private.h"
#include "rd-task.h"

/* A big package has 100,000 of these: each holds its strings in one block of
 * its own (decoded once, when the task is built) rather than a piece of a
 * tree of the whole answer, which cost several times as much. */
struct _RdTask
{
  GObject     parent_instance;

  char       *strings;            /* the block the pointers below point into */
  const char *item_name;
  const char *pending_item_id;
  const char *script_id;
  const char *task_id;
  const char *submit_user_id;
  const char *submit_user_name;
  GDateTime  *submit_time;        /* made on first use */

  gint64      deployed_version;
  gint64      pending_version;
  gint64      submit_timestamp;

  int         deploy_status;
  int         start_job_status;
  int         task_type;
  int         update_type;

  /* Not served: see rd_task_set_line_counts () and rd_task_set_reviewed (). */
  int         lines_added;
  int         lines_removed;
  gboolean    reviewed;
};

G_DEFINE_FINAL_TYPE (RdTask, rd_task, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DEPLOY_STATUS,
  PROP_DEPLOYED_VERSION,
  PROP_ITEM_NAME,
  PROP_PENDING_ITEM_ID,
  PROP_PENDING_VERSION,
  PROP_SCRIPT_ID,
  PROP_TASK_ID,
  PROP_START_JOB_STATUS,
  PROP_SUBMIT_TIMESTAMP,
  PROP_SUBMIT_TIME,
  PROP_SUBMIT_USER_ID,
  PROP_SUBMIT_USER_NAME,
  PROP_TASK_TYPE,
  PROP_UPDATE_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REVIEW_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
rd_task_finalize (GObject *object)
{
  RdTask *self = (RdTask *)object;

  g_clear_pointer (&self->submit_time, g_date_time_unref);
  g_clear_pointer (&self->strings, g_free);

  G_OBJECT_CLASS (rd_task_parent_class)->finalize (object);
}

static void
rd_task_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  RdTask *self = RD_TASK (object);

  switch (prop_id)
    {
    case PROP_DEPLOY_STATUS:
      g_value_set_int (value, self->deploy_status);
      break;

    case PROP_DEPLOYED_VERSION:
      g_value_set_int64 (value, self->deployed_version);
      break;

    case PROP_ITEM_NAME:
      g_value_set_string (value, self->item_name);
      break;

    case PROP_PENDING_ITEM_ID:
      g_value_set_string (value, self->pending_item_id);
      break;

    case PROP_PENDING_VERSION:
      g_value_set_int64 (value, self->pending_version);
      break;

    case PROP_SCRIPT_ID:
      g_value_set_string (value, self->script_id);
      break;

    case PROP_TASK_ID:
      g_value_set_string (value, self->task_id);
      break;

    case PROP_START_JOB_STATUS:
      g_value_set_int (value, self->start_job_status);
      break;

    case PROP_SUBMIT_TIMESTAMP:
      g_value_set_int64 (value, self->submit_timestamp);
      break;

    case PROP_SUBMIT_TIME:
      g_value_set_boxed (value, rd_task_get_submit_time (self));
      break;

    case PROP_SUBMIT_USER_ID:
      g_value_set_string (value, self->submit_user_id);
      break;

    case PROP_SUBMIT_USER_NAME:
      g_value_set_string (value, self->submit_user_name);
      break;

    case PROP_TASK_TYPE:
      g_value_set_int (value, self->task_type);
      break;

    case PROP_UPDATE_TYPE:
      g_value_set_int (value, self->update_type);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define READ_ONLY (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static GParamSpec *
int_property (const char *name,
              int         default_value)
{
  return g_param_spec_int (name, NULL, NULL,
                           G_MININT, G_MAXINT, default_value,
                           READ_ONLY);
}

static GParamSpec *
int64_property (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL,
                             G_MININT64, G_MAXINT64, RD_VALUE_ABSENT,
                             READ_ONLY);
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL,
                              NULL,
                              READ_ONLY);
}

static void
rd_task_class_init (RdTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rd_task_finalize;
  object_class->get_property = rd_task_get_property;

  properties[PROP_DEPLOY_STATUS] = int_property ("deploy-status", RD_VALUE_ABSENT);
  properties[PROP_DEPLOYED_VERSION] = int64_property ("deployed-version");
  properties[PROP_ITEM_NAME] = string_property ("item-name");
  properties[PROP_PENDING_ITEM_ID] = string_property ("pending-item-id");
  properties[PROP_PENDING_VERSION] = int64_property ("pending-version");
  properties[PROP_SCRIPT_ID] = string_property ("script-id");
  properties[PROP_TASK_ID] = string_property ("task-id");
  properties[PROP_START_JOB_STATUS] = int_property ("start-job-status", RD_VALUE_ABSENT);
  properties[PROP_SUBMIT_TIMESTAMP] = int64_property ("submit-timestamp");
  properties[PROP_SUBMIT_TIME] =
    g_param_spec_boxed ("submit-time", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        READ_ONLY);
  properties[PROP_SUBMIT_USER_ID] = string_property ("submit-user-id");
  properties[PROP_SUBMIT_USER_NAME] = string_property ("submit-user-name");
  properties[PROP_TASK_TYPE] = int_property ("task-type", RD_VALUE_ABSENT);
  properties[PROP_UPDATE_TYPE] = int_property ("update-type", RD_UPDATE_TYPE_ADDING);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdTask::review-changed:
   *
   * The line counts or the reviewed mark changed.
   */
  signals[REVIEW_CHANGED] =
    g_signal_new ("review-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
rd_task_init (RdTask *self)
{
  self->lines_added = -1;
  self->lines_removed = -1;
}

/* In the order of the API page, which is the order they are checked in, so
 * the first wrong member is the one named. */
enum {
  MEMBER_DEPLOY_STATUS,
  MEMBER_DEPLOYED_VERSION,
  MEMBER_ITEM_NAME,
  MEMBER_PENDING_ITEM_ID,
  MEMBER_PENDING_VERSION,
  MEMBER_SCRIPT_ID,
  MEMBER_TASK_ID,
  MEMBER_START_JOB_STATUS,
  MEMBER_SUBMIT_TIMESTAMP,
  MEMBER_SUBMIT_USER_ID,
  MEMBER_SUBMIT_USER_NAME,
  MEMBER_TASK_TYPE,
  MEMBER_UPDATE_TYPE,
  N_MEMBERS
};

static const char * const member_names[N_MEMBERS] = {
  "deploy_status",
  "deployed_version",
  "item_name",
  "pending_item_id",
  "pending_version",
  "script_id",
  "task_id",
  "start_job_status",
  "submit_timestamp",
  "submit_user_id",
  "submit_user_name",
  "task_type",
  "update_type",
};

enum {
  STRING_ITEM_NAME,
  STRING_PENDING_ITEM_ID,
  STRING_SCRIPT_ID,
  STRING_TASK_ID,
  STRING_SUBMIT_USER_ID,
  STRING_SUBMIT_USER_NAME,
  N_STRINGS
};

RdTask *
rd_task_new_from_object (JsonObject        *object,
                         const RdJsonPath  *path,
                         GError           **error)
{
  g_autoptr(RdTask) self = NULL;
  const char *values[N_STRINGS];
  const char *copies[N_STRINGS];

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RD_TYPE_TASK, NULL);

#define AT(member) object, path, member_names[MEMBER_ ## member]
  if (!rd_json_member_int (AT (DEPLOY_STATUS), RD_VALUE_ABSENT, &self->deploy_status, error) ||
      !rd_json_member_int64 (AT (DEPLOYED_VERSION), RD_VALUE_ABSENT,
                             &self->deployed_version, error) ||
      !rd_json_member_string (AT (ITEM_NAME), &values[STRING_ITEM_NAME], error) ||
      !rd_json_member_string (AT (PENDING_ITEM_ID), &values[STRING_PENDING_ITEM_ID], error) ||
      !rd_json_member_int64 (AT (PENDING_VERSION), RD_VALUE_ABSENT,
                             &self->pending_version, error) ||
      !rd_json_member_string (AT (SCRIPT_ID), &values[STRING_SCRIPT_ID], error) ||
      !rd_json_member_string (AT (TASK_ID), &values[STRING_TASK_ID], error) ||
      !rd_json_member_int (AT (START_JOB_STATUS), RD_VALUE_ABSENT,
                           &self->start_job_status, error) ||
      !rd_json_member_timestamp (AT (SUBMIT_TIMESTAMP), RD_VALUE_ABSENT,
                                 &self->submit_timestamp, error) ||
      !rd_json_member_string (AT (SUBMIT_USER_ID), &values[STRING_SUBMIT_USER_ID], error) ||
      !rd_json_member_string (AT (SUBMIT_USER_NAME), &values[STRING_SUBMIT_USER_NAME], error) ||
      !rd_json_member_int (AT (TASK_TYPE), RD_VALUE_ABSENT, &self->task_type, error) ||
      !rd_json_member_int (AT (UPDATE_TYPE), RD_UPDATE_TYPE_ADDING, &self->update_type, error))
    return NULL;
#undef AT

  self->strings = rd_strings_dup_block (values, N_STRINGS, copies);
  self->item_name = copies[STRING_ITEM_NAME];
  self->pending_item_id = copies[STRING_PENDING_ITEM_ID];
  self->script_id = copies[STRING_SCRIPT_ID];
  self->task_id = copies[STRING_TASK_ID];
  self->submit_user_id = copies[STRING_SUBMIT_USER_ID];
  self->submit_user_name = copies[STRING_SUBMIT_USER_NAME];

  return g_steal_pointer (&self);
}

int
rd_task_get_deploy_status (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), RD_VALUE_ABSENT);

  return self->deploy_status;
}

gint64
rd_task_get_deployed_version (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), RD_VALUE_ABSENT);

  return self->deployed_version;
}

const char *
rd_task_get_item_name (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), NULL);

  return self->item_name;
}

const char *
rd_task_get_pending_item_id (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), NULL);

  return self->pending_item_id;
}

gint64
rd_task_get_pending_version (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), RD_VALUE_ABSENT);

  return self->pending_version;
}

const char *
rd_task_get_script_id (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), NULL);

  return self->script_id;
}

const char *
rd_task_get_task_id (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), NULL);

  return self->task_id;
}

int
rd_task_get_start_job_status (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), RD_VALUE_ABSENT);

  return self->start_job_status;
}

gint64
rd_task_get_submit_timestamp (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), RD_VALUE_ABSENT);

  return self->submit_timestamp;
}

/**
 * rd_task_get_submit_time:
 *
 * Returns: (transfer none) (nullable): the submission time in UTC, or %NULL
 *   when the service did not send one
 */
GDateTime *
rd_task_get_submit_time (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), NULL);

  /* Most rows are never looked at; a GDateTime each would cost 100,000 allocations. */
  if (self->submit_time == NULL && self->submit_timestamp != RD_VALUE_ABSENT)
    self->submit_time = rd_date_time_new_from_unix_ms (self->submit_timestamp);

  return self->submit_time;
}

const char *
rd_task_get_submit_user_id (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), NULL);

  return self->submit_user_id;
}

const char *
rd_task_get_submit_user_name (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), NULL);

  return self->submit_user_name;
}

int
rd_task_get_task_type (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), RD_VALUE_ABSENT);

  return self->task_type;
}

int
rd_task_get_update_type (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), RD_UPDATE_TYPE_ADDING);

  return self->update_type;
}

void
rd_task_set_line_counts (RdTask *self,
                         int     n_added,
                         int     n_removed)
{
  g_return_if_fail (RD_IS_TASK (self));

  n_added = MAX (n_added, -1);
  n_removed = MAX (n_removed, -1);
  if (self->lines_added == n_added && self->lines_removed == n_removed)
    return;

  self->lines_added = n_added;
  self->lines_removed = n_removed;
  g_signal_emit (self, signals[REVIEW_CHANGED], 0);
}

int
rd_task_get_lines_added (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), -1);

  return self->lines_added;
}

int
rd_task_get_lines_removed (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), -1);

  return self->lines_removed;
}

void
rd_task_set_reviewed (RdTask   *self,
                      gboolean  reviewed)
{
  g_return_if_fail (RD_IS_TASK (self));

  reviewed = !!reviewed;
  if (self->reviewed == reviewed)
    return;

  self->reviewed = reviewed;
  g_signal_emit (self, signals[REVIEW_CHANGED], 0);
}

gboolean
rd_task_get_reviewed (RdTask *self)
{
  g_return_val_if_fail (RD_IS_TASK (self), FALSE);

  return self->reviewed;
}
