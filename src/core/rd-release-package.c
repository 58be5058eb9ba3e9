/* rd-release-package.c: a release package as the detail call returns it. */
#define G_LOG_DOMAIN "rd-release-package"

#include "config.h"

#include "rd-enums.h"
#include "rd-models-private.h"
#include "rd-release-package.h"

struct _RdReleasePackage
{
  GObject     parent_instance;

  /* The whole answer is the one representation: the exporter writes it back,
   * and the strings below point into its release_package object. */
  JsonNode   *document;
  JsonObject *object;

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

  GListStore *approvers;
  GListStore *tasks;

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
  /* Not in dispose: the strings point into the document until the very end. */
  g_clear_pointer (&self->object, json_object_unref);
  g_clear_pointer (&self->document, json_node_unref);

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
  self->approvers = g_list_store_new (RD_TYPE_APPROVER);
  self->tasks = g_list_store_new (RD_TYPE_TASK);
}

/* Fills @store in one splice, so a view sees a single items-changed. */
static void
splice_all (GListStore *store,
            GPtrArray  *items)
{
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
}

static gboolean
read_approvers (RdReleasePackage  *self,
                const RdJsonPath  *package_path,
                GError           **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *where = NULL;
  g_autofree char *prefix = NULL;
  JsonNode *node;
  JsonArray *array;
  guint n;

  node = json_object_get_member (self->object, "package_approvers");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return rd_json_set_error (error, package_path, "package_approvers", RD_JSON_EXPECTED_ARRAY);

  /* "release_package.package_approvers" or "data[3].package_approvers" */
  where = rd_json_path_format (package_path, NULL);
  prefix = g_strconcat (where, ".package_approvers", NULL);

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
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

  splice_all (self->approvers, items);

  return TRUE;
}

static gboolean
read_tasks (RdReleasePackage  *self,
            JsonArray         *array,
            GError           **error)
{
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  n = json_array_get_length (array);
  items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
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

  splice_all (self->tasks, items);

  return TRUE;
}

/* Looks up a member that the API page marks as mandatory. */
static JsonNode *
get_required_member (JsonObject   *root,
                     const char   *member,
                     JsonNodeType  type,
                     GError      **error)
{
  static const RdJsonPath document_path = RD_JSON_PATH_INIT (NULL, -1);
  JsonNode *node = json_object_get_member (root, member);

  if (node == NULL)
    {
      rd_json_set_error (error, &document_path, member, RD_JSON_MISSING);
      return NULL;
    }

  /* null is not "absent" here: a mandatory member has to hold its value. */
  if (JSON_NODE_TYPE (node) != type)
    {
      rd_json_set_error (error, &document_path, member,
                         type == JSON_NODE_OBJECT
                         ? RD_JSON_EXPECTED_OBJECT
                         : RD_JSON_EXPECTED_ARRAY);
      return NULL;
    }

  return node;
}

/* The members of a release_package object, in the order of the API page, so
 * the first wrong member is the one named. */
static gboolean
read_package_object (RdReleasePackage  *self,
                     const RdJsonPath  *path,
                     GError           **error)
{
  JsonObject *object = self->object;

  return rd_json_read_timestamp (object, path, "apply_timestamp", RD_VALUE_ABSENT,
                                 &self->apply_timestamp, error) &&
         rd_json_read_string (object, path, "apply_user_id", &self->apply_user_id, error) &&
         rd_json_read_string (object, path, "apply_user_name", &self->apply_user_name, error) &&
         rd_json_read_int (object, path, "delete_flag", 0, &self->delete_flag, error) &&
         rd_json_read_int (object, path, "deploy_status", RD_VALUE_ABSENT,
                           &self->deploy_status, error) &&
         rd_json_read_timestamp (object, path, "deploy_timestamp", RD_VALUE_ABSENT,
                                 &self->deploy_timestamp, error) &&
         rd_json_read_string (object, path, "deploy_user_id", &self->deploy_user_id, error) &&
         rd_json_read_string (object, path, "deploy_user_name", &self->deploy_user_name, error) &&
         read_approvers (self, path, error) &&
         rd_json_read_string (object, path, "package_id", &self->package_id, error) &&
         rd_json_read_string (object, path, "package_name", &self->package_name, error) &&
         rd_json_read_string (object, path, "project_id", &self->project_id, error) &&
         rd_json_read_string (object, path, "workspace_id", &self->workspace_id, error);
}

RdReleasePackage *
rd_release_package_new_from_document (JsonNode  *document,
                                      GError   **error)
{
  static const RdJsonPath path = RD_JSON_PATH_INIT ("release_package", -1);
  g_autoptr(RdReleasePackage) self = NULL;
  JsonObject *root;
  JsonNode *package_node;
  JsonNode *tasks_node;
  JsonObject *object;

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (JSON_NODE_HOLDS_OBJECT (document), NULL);

  root = json_node_get_object (document);

  if (!(package_node = get_required_member (root, "release_package", JSON_NODE_OBJECT, error)) ||
      !(tasks_node = get_required_member (root, "task_details", JSON_NODE_ARRAY, error)))
    return NULL;

  object = json_node_get_object (package_node);

  self = g_object_new (RD_TYPE_RELEASE_PACKAGE, NULL);
  self->document = json_node_ref (document);
  self->object = json_object_ref (object);
  self->has_task_details = TRUE;

  if (!read_package_object (self, &path, error) ||
      !read_tasks (self, json_node_get_array (tasks_node), error))
    return NULL;

  return g_steal_pointer (&self);
}

RdReleasePackage *
rd_release_package_new_from_list_entry (JsonNode          *entry,
                                        const RdJsonPath  *path,
                                        GError           **error)
{
  g_autoptr(RdReleasePackage) self = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonObject *object;

  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (entry))
    {
      rd_json_set_error (error, path, NULL, RD_JSON_EXPECTED_OBJECT);
      return NULL;
    }

  object = json_node_get_object (entry);

  /* Shaped like a detail answer without task_details, so the exporter and
   * anything else that reads the document sees one form; the copy shares
   * the entry's object, and the strings point into it. */
  root = json_object_new ();
  json_object_set_member (root, "release_package", json_node_copy (entry));

  self = g_object_new (RD_TYPE_RELEASE_PACKAGE, NULL);
  self->document = json_node_init_object (json_node_alloc (), root);
  json_node_seal (self->document);
  self->object = json_object_ref (object);
  self->has_task_details = FALSE;

  if (!read_package_object (self, path, error))
    return NULL;

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
 * Returns: (transfer none): the whole answer as parsed; it is sealed
 *   (immutable), since the models' strings point into it
 */
JsonNode *
rd_release_package_get_document (RdReleasePackage *self)
{
  g_return_val_if_fail (RD_IS_RELEASE_PACKAGE (self), NULL);

  return self->document;
}
