/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-release-package.c: a release package as the detail call returns it. */
#define G_LOG_DOMAIN "rd-release-package"

#include "config.h"

#include "rd-enums.h"
#include "rd-item-list.h"
#include "rd-models-private.h"
#include "rd-release-package.h"

struct _RdReleasePackage
{
  GObject     parent_instance;

  /* The answer as received, which the exporter writes back; the models
   * hold copies of what they show, decoded. */
  GBytes     *document;
  char       *strings;            /* the block the pointers below point into */

  const char *apply_user_id;
  const char *apply_user_name;
  const char *deploy_user_id;
  const char *deploy_user_name;
  const char *package_id;
  const char *package_name;
  const char *project_id;
  const char *workspace_id;

  GDateTime  *apply_time;         /* made on first use */
  GDateTime  *deploy_time;        /* made on first use */

  GListModel *approvers;          /* RdItemList: filled once, never changed */
  GListModel *tasks;

  gint64      apply_timestamp;
  gint64      deploy_timestamp;
  int         delete_flag;
  int         deploy_status;
  gboolean    has_task_details;
};

G_DEFINE_FINAL_TYPE (RdReleasePackage, rd_release_package, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_APPLY_TIMESTAMP,
  PROP_APPLY_TIME,
  PROP_APPLY_USER_ID,
  PROP_APPLY_USER_NAME,
  PROP_DELETE_FLAG,
  PROP_DEPLOY_STATUS,
  PROP_DEPLOY_TIMESTAMP,
  PROP_DEPLOY_TIME,
  PROP_DEPLOY_USER_ID,
  PROP_DEPLOY_USER_NAME,
  PROP_PACKAGE_ID,
  PROP_PACKAGE_NAME,
  PROP_PROJECT_ID,
  PROP_WORKSPACE_ID,
  PROP_APPROVERS,
  PROP_TASKS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rd_release_package_dispose (GObject *object)
{
  RdReleasePackage *self = (RdReleasePackage *)object;

  g_clear_object (&self->approvers);
  g_clear_object (&self->tasks);

  G_OBJECT_CLASS (rd_release_package_parent_class)->dispose (object);
}

static void
rd_release_package_finalize (GObject *object)
{
  RdReleasePackage *self = (RdReleasePackage *)object;

  g_clear_pointer (&self->apply_time, g_date_time_unref);
  g_clear_pointer (&self->deploy_time, g_date_time_unref);
  g_clear_pointer (&self->strings, g_free);
  g_clear_pointer (&self->document, g_bytes_unref);

  G_OBJECT_CLASS (rd_release_package_parent_class)->finalize (object);
}

static void
rd_release_package_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RdReleasePackage *self = RD_RELEASE_PACKAGE (object);

  switch (prop_id)
    {
    case PROP_APPLY_TIMESTAMP:
      g_value_set_int64 (value, self->apply_timestamp);
      break;

    case PROP_APPLY_TIME:
      g_value_set_boxed (value, rd_release_package_get_apply_time (self));
      break;

    case PROP_APPLY_USER_ID:
      g_value_set_string (value, self->apply_user_id);
      break;

    case PROP_APPLY_USER_NAME:
      g_value_set_string (value, self->apply_user_name);
      break;

    case PROP_DELETE_FLAG:
      g_value_set_int (value, self->delete_flag);
      break;

    case PROP_DEPLOY_STATUS:
      g_value_set_int (value, self->deploy_status);
      break;

    case PROP_DEPLOY_TIMESTAMP:
      g_value_set_int64 (value, self->deploy_timestamp);
      break;

    case PROP_DEPLOY_TIME:
      g_value_set_boxed (value, rd_release_package_get_deploy_time (self));
      break;

    case PROP_DEPLOY_USER_ID:
      g_value_set_string (value, self->deploy_user_id);
      break;

    case PROP_DEPLOY_USER_NAME:
      g_value_set_string (value, self->deploy_user_name);
      break;

    case PROP_PACKAGE_ID:
      g_value_set_string (value, self->package_id);
      break;

    case PROP_PACKAGE_NAME:
      g_value_set_string (value, self->package_name);
      break;

    case PROP_PROJECT_ID:
      g_value_set_string (value, self->project_id);
      break;

    case PROP_WORKSPACE_ID:
      g_value_set_string (value, self->workspace_id);
      break;

    case PROP_APPROVERS:
      g_value_set_object (value, self->approvers);
      break;

    case PROP_TASKS:
      g_value_set_object (value, self->tasks);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define READ_ONLY (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
rd_release_package_class_init (RdReleasePackageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_release_package_dispose;
  object_class->finalize = rd_release_package_finalize;
  object_class->get_property = rd_release_package_get_property;

  properties[PROP_APPLY_TIMESTAMP] =
    g_param_spec_int64 ("apply-timestamp", NULL, NULL,
                        G_MININT64, G_MAXINT64, RD_VALUE_ABSENT, READ_ONLY);
  properties[PROP_APPLY_TIME] =
    g_param_spec_boxed ("apply-time", NULL, NULL, G_TYPE_DATE_TIME, READ_ONLY);
  properties[PROP_APPLY_USER_ID] =
    g_param_spec_string ("apply-user-id", NULL, NULL, NULL, READ_ONLY);
  properties[PROP_APPLY_USER_NAME] =
    g_param_spec_string ("apply-user-name", NULL, NULL, NULL, READ_ONLY);
  properties[PROP_DELETE_FLAG] =
    g_param_spec_int ("delete-flag", NULL, NULL,
                      G_MININT, G_MAXINT, 0, READ_ONLY);
  properties[PROP_DEPLOY_STATUS] =
    g_param_spec_int ("deploy-status", NULL, NULL,
                      G_MININT, G_MAXINT, RD_VALUE_ABSENT, READ_ONLY);
  properties[PROP_DEPLOY_TIMESTAMP] =
    g_param_spec_int64 ("deploy-timestamp", NULL, NULL,
                        G_MININT64, G_MAXINT64, RD_VALUE_ABSENT, READ_ONLY);
  properties[PROP_DEPLOY_TIME] =
    g_param_spec_boxed ("deploy-time", NULL, NULL, G_TYPE_DATE_TIME, READ_ONLY);
  properties[PROP_DEPLOY_USER_ID] =
    g_param_spec_string ("deploy-user-id", NULL, NULL, NULL, READ_ONLY);
  properties[PROP_DEPLOY_USER_NAME] =
    g_param_spec_string ("deploy-user-name", NULL, NULL, NULL, READ_ONLY);
  properties[PROP_PACKAGE_ID] =
    g_param_spec_string ("package-id", NULL, NULL, NULL, READ_ONLY);
  properties[PROP_PACKAGE_NAME] =
    g_param_spec_string ("package-name", NULL, NULL, NULL, READ_ONLY);
  properties[PROP_PROJECT_ID] =
    g_param_spec_string ("project-id", NULL, NULL, NULL, READ_ONLY);
  properties[PROP_WORKSPACE_ID] =
    g_param_spec_string ("workspace-id", NULL, NULL, NULL, READ_ONLY);
  properties[PROP_APPROVERS] =
    g_param_spec_object ("approvers", NULL, NULL, G_TYPE_LIST_MODEL, READ_ONLY);
  properties[PROP_TASKS] =
    g_param_spec_object ("tasks", NULL, NULL, G_TYPE_LIST_MODEL, READ_ONLY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_release_package_init (RdReleasePackage *self)
{
  self->approvers = G_LIST_MODEL (rd_item_list_new (RD_TYPE_APPROVER, NULL));
  self->tasks = G_LIST_MODEL (rd_item_list_new (RD_TYPE_TASK, NULL));
}

/* Puts the parsed @items in place of the empty list at @list. */
static void
set_items (GListModel **list,
           GType        item_type,
           GPtrArray   *items)
{
  g_object_unref (*list);
  *list = G_LIST_MODEL (rd_item_list_new (item_type, items));
}

static gboolean
read_approvers (RdReleasePackage  *self,
                JsonObject        *object,
                const RdJsonPath  *package_path,
                GError           **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *where = NULL;
  g_autofree char *prefix = NULL;
  JsonNode *node = json_object_get_member (object, "package_approvers");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return rd_json_set_error (error, package_path, "package_approvers", RD_JSON_EXPECTED_ARRAY);

  /* "release_package.package_approvers" or "data[3].package_approvers" */
  where = rd_json_path_format (package_path, NULL);
  prefix = g_strconcat (where, ".package_approvers", NULL);

  array = json_node_get_array (node);
  items = g_ptr_array_new_full (json_array_get_length (array), g_object_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      RdJsonPath path = RD_JSON_PATH_INIT (prefix, i);
      JsonNode *element = json_array_get_element (array, i);
      RdApprover *approver;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return rd_json_set_error (error, &path, NULL, RD_JSON_EXPECTED_OBJECT);

      approver = rd_approver_new_from_object (json_node_get_object (element), &path, error);
      if (approver == NULL)
        return FALSE;

      g_ptr_array_add (items, approver);
    }

  set_items (&self->approvers, RD_TYPE_APPROVER, g_steal_pointer (&items));

  return TRUE;
}

static gboolean
read_tasks (RdReleasePackage  *self,
            JsonArray         *array,
            GError           **error)
{
  g_autoptr(GPtrArray) items = NULL;

  items = g_ptr_array_new_full (json_array_get_length (array), g_object_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      RdJsonPath path = RD_JSON_PATH_INIT ("task_details", i);
      JsonNode *element = json_array_get_element (array, i);
      RdTask *task;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return rd_json_set_error (error, &path, NULL, RD_JSON_EXPECTED_OBJECT);

      task = rd_task_new_from_object (json_node_get_object (element), &path, error);
      if (task == NULL)
        return FALSE;

      g_ptr_array_add (items, task);
    }

  set_items (&self->tasks, RD_TYPE_TASK, g_steal_pointer (&items));

  return TRUE;
}

/* In the order of the API page, which is the order they are checked in, so
 * the first wrong member is the one named. */
enum {
  MEMBER_APPLY_TIMESTAMP,
  MEMBER_APPLY_USER_ID,
  MEMBER_APPLY_USER_NAME,
  MEMBER_DELETE_FLAG,
  MEMBER_DEPLOY_STATUS,
  MEMBER_DEPLOY_TIMESTAMP,
  MEMBER_DEPLOY_USER_ID,
  MEMBER_DEPLOY_USER_NAME,
  MEMBER_PACKAGE_APPROVERS,
  MEMBER_PACKAGE_ID,
  MEMBER_PACKAGE_NAME,
  MEMBER_PROJECT_ID,
  MEMBER_WORKSPACE_ID,
  N_MEMBERS
};

static const char * const member_names[N_MEMBERS] = {
  "apply_timestamp",
  "apply_user_id",
  "apply_user_name",
  "delete_flag",
  "deploy_status",
  "deploy_timestamp",
  "deploy_user_id",
  "deploy_user_name",
  "package_approvers",
  "package_id",
  "package_name",
  "project_id",
  "workspace_id",
};

enum {
  STRING_APPLY_USER_ID,
  STRING_APPLY_USER_NAME,
  STRING_DEPLOY_USER_ID,
  STRING_DEPLOY_USER_NAME,
  STRING_PACKAGE_ID,
  STRING_PACKAGE_NAME,
  STRING_PROJECT_ID,
  STRING_WORKSPACE_ID,
  N_STRINGS
};

/* The release_package object (or a list entry) into the package. */
static gboolean
read_package_object (RdReleasePackage  *self,
                     JsonObject        *object,
                     const RdJsonPath  *path,
                     GError           **error)
{
  const char *values[N_STRINGS];
  const char *copies[N_STRINGS];

#define AT(member) object, path, member_names[MEMBER_ ## member]
  if (!rd_json_member_timestamp (AT (APPLY_TIMESTAMP), RD_VALUE_ABSENT,
                                 &self->apply_timestamp, error) ||
      !rd_json_member_string (AT (APPLY_USER_ID), &values[STRING_APPLY_USER_ID], error) ||
      !rd_json_member_string (AT (APPLY_USER_NAME), &values[STRING_APPLY_USER_NAME], error) ||
      !rd_json_member_int (AT (DELETE_FLAG), 0, &self->delete_flag, error) ||
      !rd_json_member_int (AT (DEPLOY_STATUS), RD_VALUE_ABSENT, &self->deploy_status, error) ||
      !rd_json_member_timestamp (AT (DEPLOY_TIMESTAMP), RD_VALUE_ABSENT,
                                 &self->deploy_timestamp, error) ||
      !rd_json_member_string (AT (DEPLOY_USER_ID), &values[STRING_DEPLOY_USER_ID], error) ||
      !rd_json_member_string (AT (DEPLOY_USER_NAME), &values[STRING_DEPLOY_USER_NAME], error) ||
      !read_approvers (self, object, path, error) ||
      !rd_json_member_string (AT (PACKAGE_ID), &values[STRING_PACKAGE_ID], error) ||
      !rd_json_member_string (AT (PACKAGE_NAME), &values[STRING_PACKAGE_NAME], error) ||
      !rd_json_member_string (AT (PROJECT_ID), &values[STRING_PROJECT_ID], error) ||
      !rd_json_member_string (AT (WORKSPACE_ID), &values[STRING_WORKSPACE_ID], error))
    return FALSE;
#undef AT

  self->strings = rd_strings_dup_block (values, N_STRINGS, copies);
  self->apply_user_id = copies[STRING_APPLY_USER_ID];
  self->apply_user_name = copies[STRING_APPLY_USER_NAME];
  self->deploy_user_id = copies[STRING_DEPLOY_USER_ID];
  self->deploy_user_name = copies[STRING_DEPLOY_USER_NAME];
  self->package_id = copies[STRING_PACKAGE_ID];
  self->package_name = copies[STRING_PACKAGE_NAME];
  self->project_id = copies[STRING_PROJECT_ID];
  self->workspace_id = copies[STRING_WORKSPACE_ID];

  return TRUE;
}

/* A member that the API page marks as mandatory; null is not "absent" here:
 * a mandatory member has to hold its value. */
static JsonNode *
get_required_member (JsonObject    *root,
                     const char    *member,
                     JsonNodeType   type,
                     GError       **error)
{
  static const RdJsonPath document_path = RD_JSON_PATH_INIT (NULL, -1);
  JsonNode *node = json_object_get_member (root, member);

  if (node == NULL)
    {
      rd_json_set_error (error, &document_path, member, RD_JSON_MISSING);
      return NULL;
    }

  if (json_node_get_node_type (node) != type)
    {
      rd_json_set_error (error, &document_path, member,
                         type == JSON_NODE_OBJECT ? RD_JSON_EXPECTED_OBJECT
                                                  : RD_JSON_EXPECTED_ARRAY);
      return NULL;
    }

  return node;
}

RdReleasePackage *
rd_release_package_new_from_document (GBytes      *document,
                                      JsonObject  *root,
                                      GError     **error)
{
  static const RdJsonPath path = RD_JSON_PATH_INIT ("release_package", -1);
  g_autoptr(RdReleasePackage) self = NULL;
  JsonNode *package;
  JsonNode *tasks;

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (root != NULL, NULL);

  if ((package = get_required_member (root, "release_package", JSON_NODE_OBJECT, error)) == NULL ||
      (tasks = get_required_member (root, "task_details", JSON_NODE_ARRAY, error)) == NULL)
    return NULL;

  self = g_object_new (RD_TYPE_RELEASE_PACKAGE, NULL);
  self->has_task_details = TRUE;

  if (!read_package_object (self, json_node_get_object (package), &path, error) ||
      !read_tasks (self, json_node_get_array (tasks), error))
    return NULL;

  self->document = g_bytes_ref (document);

  return g_steal_pointer (&self);
}

RdReleasePackage *
rd_release_package_new_from_list_entry (JsonObject        *entry,
                                        GBytes            *document,
                                        const RdJsonPath  *path,
                                        GError           **error)
{
  g_autoptr(RdReleasePackage) self = NULL;

  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RD_TYPE_RELEASE_PACKAGE, NULL);
  self->has_task_details = FALSE;

  if (!read_package_object (self, entry, path, error))
    return NULL;

  self->document = g_bytes_ref (document);

  return g_steal_pointer (&self);
}

/**
 * rd_release_package_has_task_details:
 *
 * Returns: %TRUE for a package from the detail call; %FALSE for one from the
 *   list call, whose tasks are not known (look it up to get them)
 */
gboolean
rd_release_package_has_task_details (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), FALSE);

  return self->has_task_details;
}

gint64
rd_release_package_get_apply_timestamp (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), RD_VALUE_ABSENT);

  return self->apply_timestamp;
}

/**
 * rd_release_package_get_apply_time:
 *
 * Returns: (transfer none) (nullable): when the package was submitted, in UTC
 */
GDateTime *
rd_release_package_get_apply_time (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), NULL);

  if (self->apply_time == NULL && self->apply_timestamp != RD_VALUE_ABSENT)
    self->apply_time = rd_date_time_new_from_unix_ms (self->apply_timestamp);

  return self->apply_time;
}

const char *
rd_release_package_get_apply_user_id (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), NULL);

  return self->apply_user_id;
}

const char *
rd_release_package_get_apply_user_name (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), NULL);

  return self->apply_user_name;
}

int
rd_release_package_get_delete_flag (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), 0);

  return self->delete_flag;
}

int
rd_release_package_get_deploy_status (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), RD_VALUE_ABSENT);

  return self->deploy_status;
}

gint64
rd_release_package_get_deploy_timestamp (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), RD_VALUE_ABSENT);

  return self->deploy_timestamp;
}

/**
 * rd_release_package_get_deploy_time:
 *
 * Returns: (transfer none) (nullable): when the package was released, in UTC
 */
GDateTime *
rd_release_package_get_deploy_time (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), NULL);

  if (self->deploy_time == NULL && self->deploy_timestamp != RD_VALUE_ABSENT)
    self->deploy_time = rd_date_time_new_from_unix_ms (self->deploy_timestamp);

  return self->deploy_time;
}

const char *
rd_release_package_get_deploy_user_id (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), NULL);

  return self->deploy_user_id;
}

const char *
rd_release_package_get_deploy_user_name (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), NULL);

  return self->deploy_user_name;
}

const char *
rd_release_package_get_package_id (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), NULL);

  return self->package_id;
}

const char *
rd_release_package_get_package_name (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), NULL);

  return self->package_name;
}

const char *
rd_release_package_get_project_id (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), NULL);

  return self->project_id;
}

const char *
rd_release_package_get_workspace_id (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), NULL);

  return self->workspace_id;
}

/**
 * rd_release_package_get_approvers:
 *
 * Returns: (transfer none): a #GListModel of #RdApprover
 */
GListModel *
rd_release_package_get_approvers (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), NULL);

  return G_LIST_MODEL (self->approvers);
}

/**
 * rd_release_package_get_tasks:
 *
 * Returns: (transfer none): a #GListModel of #RdTask
 */
GListModel *
rd_release_package_get_tasks (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), NULL);

  return G_LIST_MODEL (self->tasks);
}

/**
 * rd_release_package_get_document:
 *
 * Returns: (transfer none): the whole answer as received, checked by the
 *   parser; for a package from the list call, its entry wrapped as
 *   {"release_package":…}
 */
GBytes *
rd_release_package_get_document (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), NULL);

  return self->document;
}
