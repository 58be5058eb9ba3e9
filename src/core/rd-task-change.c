/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-task-change.c: what one task of a release package changes: its deployed and pending
 * versions fetched as versions.md §8 says, and their diff. */
#define G_LOG_DOMAIN "rd-task-change"

#include "config.h"

#include "rd-task-change.h"

#include <glib/gi18n-lib.h>

#include "rd-enums.h"
#include "rd-job-normalise.h"

typedef struct
{
  RdSideState    state;
  GError        *error;
  RdFactoryItem *item;
  char          *text;
  gboolean       published;   /* the old side of a deleted script, from its production version */
} Side;

struct _RdTaskChange
{
  GObject       parent_instance;

  RdTask       *task;
  RdTaskType    kind;
  int           update_type;
  char         *name;
  gint64        deployed_version;
  gint64        pending_version;

  Side          sides[2];
  RdDiff       *diff;
  GPtrArray    *settings;
  char         *summary;
  gboolean      loaded;
  GTask        *load;         /* the load under way, if any */
};

G_DEFINE_FINAL_TYPE (RdTaskChange, rd_task_change, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
side_clear (Side *side)
{
  g_clear_error (&side->error);
  g_clear_object (&side->item);
  g_clear_pointer (&side->text, g_free);
}

static void
rd_task_change_finalize (GObject *object)
{
  RdTaskChange *self = (RdTaskChange *)object;

  g_clear_object (&self->task);
  g_clear_pointer (&self->name, g_free);
  side_clear (&self->sides[RD_CHANGE_SIDE_OLD]);
  side_clear (&self->sides[RD_CHANGE_SIDE_NEW]);
  g_clear_object (&self->diff);
  g_clear_pointer (&self->settings, g_ptr_array_unref);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (rd_task_change_parent_class)->finalize (object);
}

static void
rd_task_change_class_init (RdTaskChangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rd_task_change_finalize;

  /**
   * RdTaskChange::changed:
   *
   * A side's state changed, or the diff is there.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rd_task_change_init (RdTaskChange *self)
{
  self->settings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_setting_change_free);
}

/**
 * rd_task_change_new:
 * @task: a task of a release package
 *
 * Returns: (transfer full): the change of @task, not loaded
 */
RdTaskChange *
rd_task_change_new (RdTask *task)
{
  RdTaskChange *self;
  Side *old_side, *new_side;
  int type;

  g_return_val_if_fail (RD_IS_TASK (task), NULL);

  self = g_object_new (RD_TYPE_TASK_CHANGE, NULL);
  self->task = g_object_ref (task);
  self->name = g_strdup (rd_task_get_item_name (task));
  self->update_type = rd_task_get_update_type (task);
  self->deployed_version = rd_task_get_deployed_version (task);
  self->pending_version = rd_task_get_pending_version (task);

  type = rd_task_get_task_type (task);
  if (type == RD_TASK_TYPE_SCRIPT || type == RD_TASK_TYPE_JOB || type == RD_TASK_TYPE_RESOURCE)
    self->kind = type;

  old_side = &self->sides[RD_CHANGE_SIDE_OLD];
  new_side = &self->sides[RD_CHANGE_SIDE_NEW];
  old_side->state = new_side->state = RD_SIDE_ABSENT;

  if (self->kind == 0 || self->name == NULL || self->name[0] == '\0')
    {
      self->summary = g_strdup (_("What this task changes cannot be shown: the package does not "
                                  "say which script, job or resource it is"));
      return self;
    }

  if (self->kind == RD_TASK_TYPE_RESOURCE)
    {
      /* No versions: the current metadata, which a deleted resource no longer has. */
      if (self->update_type == RD_UPDATE_TYPE_DELETION)
        old_side->state = RD_SIDE_WAITING;
      else
        new_side->state = RD_SIDE_WAITING;
      return self;
    }

  /* An addition, or a first version (deployed 0): all of it is new. */
  if (self->update_type != RD_UPDATE_TYPE_ADDING && self->deployed_version > 0 &&
      self->deployed_version <= G_MAXINT)
    old_side->state = RD_SIDE_WAITING;
  if (self->update_type != RD_UPDATE_TYPE_DELETION && self->pending_version > 0 &&
      self->pending_version <= G_MAXINT)
    new_side->state = RD_SIDE_WAITING;

  return self;
}

/* {{{ Loading */

typedef struct
{
  RdClient    *client;
  char        *project_id;
  char        *workspace;
  RdDiffFlags  flags;
  guint        n_fetching;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_clear_object (&load->client);
  g_free (load->project_id);
  g_free (load->workspace);
  g_free (load);
}

typedef struct
{
  GTask        *task;
  RdChangeSide  side;
  gboolean      published;
} Fetch;

static void fetch_side (GTask *task, RdChangeSide side, gboolean published);
static void finish_sides (GTask *task);

static void
on_side_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GTask) task = fetch->task;
  RdTaskChange *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);
  RdClient *client = RD_CLIENT (source);
  Side *side = &self->sides[fetch->side];
  g_autoptr(GError) error = NULL;
  gpointer tag = g_task_get_source_tag (G_TASK (result));
  RdFactoryItem *item;

  if (tag == rd_client_get_script_version_async)
    item = rd_client_get_script_version_finish (client, result, &error);
  else if (tag == rd_client_get_job_version_async)
    item = rd_client_get_job_version_finish (client, result, &error);
  else
    item = rd_client_find_resource_finish (client, result, &error);

  load->n_fetching--;

  if (item != NULL)
    {
      side->state = RD_SIDE_LOADED;
      side->item = item;
      side->published = fetch->published;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    side->state = RD_SIDE_WAITING;
  /* A deleted script is most likely gone in development too: its production version is
   * the "before" the console shows (versions.md §8). */
  else if (self->kind == RD_TASK_TYPE_SCRIPT && fetch->side == RD_CHANGE_SIDE_OLD &&
           self->update_type == RD_UPDATE_TYPE_DELETION && !fetch->published &&
           g_error_matches (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND))
    {
      g_free (fetch);
      fetch_side (task, RD_CHANGE_SIDE_OLD, TRUE);
      return;
    }
  else
    {
      side->state = RD_SIDE_FAILED;
      side->error = g_steal_pointer (&error);
    }

  g_free (fetch);
  g_signal_emit (self, signals[CHANGED], 0);

  if (load->n_fetching == 0)
    finish_sides (task);
}

static void
fetch_side (GTask        *task,
            RdChangeSide  side,
            gboolean      published)
{
  RdTaskChange *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  Fetch *fetch = g_new0 (Fetch, 1);
  int version;

  fetch->task = g_object_ref (task);
  fetch->side = side;
  fetch->published = published;

  version = (int)(side == RD_CHANGE_SIDE_OLD ? self->deployed_version : self->pending_version);
  if (published)
    version = RD_FACTORY_ITEM_PUBLISHED;

  g_clear_error (&self->sides[side].error);
  self->sides[side].state = RD_SIDE_LOADING;
  load->n_fetching++;

  switch (self->kind)
    {
    case RD_TASK_TYPE_SCRIPT:
      rd_client_get_script_version_async (load->client, load->project_id, load->workspace,
                                          self->name, version, cancellable, on_side_fetched,
                                          fetch);
      break;
    case RD_TASK_TYPE_JOB:
      rd_client_get_job_version_async (load->client, load->project_id, load->workspace,
                                       self->name, version, cancellable, on_side_fetched, fetch);
      break;
    case RD_TASK_TYPE_RESOURCE:
    default:
      rd_client_find_resource_async (load->client, load->project_id, load->workspace,
                                     self->name, cancellable, on_side_fetched, fetch);
      break;
    }
}

static const char *
side_text (RdTaskChange *self,
           RdChangeSide  which)
{
  Side *side = &self->sides[which];

  if (side->state != RD_SIDE_LOADED)
    return NULL;

  if (side->text == NULL && self->kind == RD_TASK_TYPE_SCRIPT)
    side->text = g_strdup (rd_factory_item_get_text (side->item, NULL));
  else if (side->text == NULL && self->kind == RD_TASK_TYPE_JOB)
    side->text = rd_job_normalise (rd_factory_item_get_document (side->item));

  return side->text;
}

static void
update_summary (RdTaskChange *self)
{
  Side *old_side = &self->sides[RD_CHANGE_SIDE_OLD];
  Side *new_side = &self->sides[RD_CHANGE_SIDE_NEW];
  JsonNode *old_job = NULL, *new_job = NULL;

  g_clear_pointer (&self->summary, g_free);

  if (self->kind == RD_TASK_TYPE_RESOURCE)
    {
      if (self->update_type == RD_UPDATE_TYPE_DELETION && old_side->state == RD_SIDE_FAILED)
        self->summary = g_strdup (_("Deleted resource; its metadata is no longer available"));
      else
        self->summary = g_strdup (_("Resources have no version history: this is their "
                                    "current metadata"));
      return;
    }

  if (self->update_type == RD_UPDATE_TYPE_DELETION && old_side->state == RD_SIDE_FAILED)
    {
      self->summary = g_strdup (_("Deleted; the previous content is not available through "
                                  "the API"));
      return;
    }

  if (old_side->state == RD_SIDE_FAILED || new_side->state == RD_SIDE_FAILED)
    return;

  if (old_side->published)
    {
      self->summary = g_strdup (_("Deleted; the previous content shown is the production "
                                  "version"));
      return;
    }

  if (self->kind == RD_TASK_TYPE_JOB)
    {
      if (old_side->item != NULL)
        old_job = rd_factory_item_get_document (old_side->item);
      if (new_side->item != NULL)
        new_job = rd_factory_item_get_document (new_side->item);
      if (old_job != NULL || new_job != NULL)
        self->summary = rd_job_summarise (old_job, new_job);
    }
}

static void
update_settings (RdTaskChange *self)
{
  RdFactoryItem *old_item = self->sides[RD_CHANGE_SIDE_OLD].item;
  RdFactoryItem *new_item = self->sides[RD_CHANGE_SIDE_NEW].item;
  g_autoptr(GPtrArray) changes = NULL;

  if (self->kind == RD_TASK_TYPE_JOB)
    return;

  changes = rd_diff_settings (old_item ? rd_factory_item_get_setting_names (old_item) : NULL,
                              old_item ? rd_factory_item_get_setting_values (old_item) : NULL,
                              new_item ? rd_factory_item_get_setting_names (new_item) : NULL,
                              new_item ? rd_factory_item_get_setting_values (new_item) : NULL);
  g_ptr_array_set_size (self->settings, 0);
  for (guint i = 0; i < changes->len; i++)
    g_ptr_array_add (self->settings, g_steal_pointer (&changes->pdata[i]));
  g_ptr_array_set_free_func (changes, NULL);
}

static void
on_diffed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdTaskChange *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdDiff) diff = rd_diff_new_finish (result, &error);

  if (diff == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->load = NULL;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Not text (a script in another encoding): said on the new side, which is what is shown. */
  if (diff == NULL)
    {
      Side *side = &self->sides[RD_CHANGE_SIDE_NEW];

      if (side->state != RD_SIDE_LOADED)
        side = &self->sides[RD_CHANGE_SIDE_OLD];
      side->state = RD_SIDE_FAILED;
      side->error = g_steal_pointer (&error);
    }

  g_set_object (&self->diff, diff);
  self->loaded = TRUE;
  self->load = NULL;
  g_signal_emit (self, signals[CHANGED], 0);
  g_task_return_boolean (task, TRUE);
}

/* Both sides settled: the settings, the summary, and the diff when each side has what it
 * should (a side that failed is shown alone, never as "all added" or "all removed"). */
static void
finish_sides (GTask *task)
{
  RdTaskChange *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);
  Side *old_side = &self->sides[RD_CHANGE_SIDE_OLD];
  Side *new_side = &self->sides[RD_CHANGE_SIDE_NEW];
  const char *old_text, *new_text;

  if (g_task_return_error_if_cancelled (task))
    {
      self->load = NULL;
      g_object_unref (task);
      return;
    }

  update_settings (self);
  update_summary (self);

  old_text = side_text (self, RD_CHANGE_SIDE_OLD);
  new_text = side_text (self, RD_CHANGE_SIDE_NEW);

  if (self->kind == RD_TASK_TYPE_RESOURCE ||
      old_side->state == RD_SIDE_FAILED || new_side->state == RD_SIDE_FAILED ||
      (old_text == NULL && new_text == NULL))
    {
      g_clear_object (&self->diff);
      self->loaded = TRUE;
      self->load = NULL;
      g_signal_emit (self, signals[CHANGED], 0);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  rd_diff_new_async (old_text, new_text, load->flags, g_task_get_cancellable (task), on_diffed,
                     task);
}

/**
 * rd_task_change_load_async:
 * @self: a #RdTaskChange
 * @client: the client to fetch with
 * @project_id: the package's project
 * @workspace: (nullable): the package's workspace, %NULL for the default one
 * @flags: how to diff
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when both sides are settled and diffed
 * @user_data: data for @callback
 *
 * Fetches what is missing (a side that failed is asked for again) and diffs. A load under
 * way is cancelled by the caller before another starts.
 */
void
rd_task_change_load_async (RdTaskChange        *self,
                           RdClient            *client,
                           const char          *project_id,
                           const char          *workspace,
                           RdDiffFlags          flags,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  Load *load;

  g_return_if_fail (RD_IS_TASK_CHANGE (self));
  g_return_if_fail (RD_IS_CLIENT (client));
  g_return_if_fail (project_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_task_change_load_async);
  g_task_set_name (task, "rd_task_change_load_async");

  load = g_new0 (Load, 1);
  load->client = g_object_ref (client);
  load->project_id = g_strdup (project_id);
  load->workspace = g_strdup (workspace);
  load->flags = flags;
  g_task_set_task_data (task, load, load_free);

  self->loaded = FALSE;
  self->load = task;

  for (RdChangeSide side = RD_CHANGE_SIDE_OLD; side <= RD_CHANGE_SIDE_NEW; side++)
    {
      Side *s = &self->sides[side];

      if (s->state == RD_SIDE_WAITING || s->state == RD_SIDE_FAILED)
        {
          side_clear (s);
          fetch_side (task, side, FALSE);
        }
    }

  g_signal_emit (self, signals[CHANGED], 0);

  if (load->n_fetching == 0)
    finish_sides (task);
}

gboolean
rd_task_change_load_finish (RdTaskChange  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_task_change_load_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */

RdTask *
rd_task_change_get_task (RdTaskChange *self)
{
  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), NULL);

  return self->task;
}

RdTaskType
rd_task_change_get_kind (RdTaskChange *self)
{
  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), 0);

  return self->kind;
}

char *
rd_task_change_dup_label (RdTaskChange *self,
                          RdChangeSide  which)
{
  Side *side;
  const char *folder;
  gint64 version;

  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), NULL);

  side = &self->sides[which];
  if (side->state == RD_SIDE_ABSENT || self->kind == 0)
    return NULL;

  switch (self->kind)
    {
    case RD_TASK_TYPE_SCRIPT:
      folder = "scripts";
      break;
    case RD_TASK_TYPE_JOB:
      folder = "jobs";
      break;
    case RD_TASK_TYPE_RESOURCE:
    default:
      return g_strconcat ("resources/", self->name, NULL);
    }

  if (side->published)
    return g_strdup_printf ("%s/%s@published", folder, self->name);

  version = which == RD_CHANGE_SIDE_OLD ? self->deployed_version : self->pending_version;

  return g_strdup_printf ("%s/%s@v%" G_GINT64_FORMAT, folder, self->name, version);
}

RdSideState
rd_task_change_get_side_state (RdTaskChange *self,
                               RdChangeSide  side)
{
  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), RD_SIDE_ABSENT);

  return self->sides[side].state;
}

const GError *
rd_task_change_get_side_error (RdTaskChange *self,
                               RdChangeSide  side)
{
  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), NULL);

  return self->sides[side].error;
}

RdFactoryItem *
rd_task_change_get_side_item (RdTaskChange *self,
                              RdChangeSide  side)
{
  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), NULL);

  return self->sides[side].item;
}

const char *
rd_task_change_get_side_text (RdTaskChange *self,
                              RdChangeSide  side)
{
  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), NULL);

  if (self->kind == RD_TASK_TYPE_RESOURCE)
    return NULL;

  return side_text (self, side);
}

const char *
rd_task_change_get_language_id (RdTaskChange *self)
{
  static const struct { const char *type; const char *id; } languages[] = {
    { "Shell", "sh" },
    { "PYTHON", "python3" },
    { "SparkPython", "python3" },
  };
  RdFactoryItem *item;
  const char *type;

  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), NULL);

  if (self->kind == RD_TASK_TYPE_JOB)
    return "json";
  if (self->kind != RD_TASK_TYPE_SCRIPT)
    return NULL;

  item = self->sides[RD_CHANGE_SIDE_NEW].item;
  if (item == NULL)
    item = self->sides[RD_CHANGE_SIDE_OLD].item;
  if (item == NULL || (type = rd_factory_item_get_language (item)) == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_ascii_strcasecmp (type, languages[i].type) == 0)
      return languages[i].id;

  /* HiveSQL, SparkSQL, DLISQL, DWSSQL, RDSSQL, FlinkSQL, ClickHouseSQL, HetuEngineSQL,
   * ImpalaSQL, PRESTO: SQL dialects. */
  return "sql";
}

RdDiff *
rd_task_change_get_diff (RdTaskChange *self)
{
  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), NULL);

  return self->diff;
}

GPtrArray *
rd_task_change_get_settings (RdTaskChange *self)
{
  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), NULL);

  return self->settings;
}

const char *
rd_task_change_get_summary (RdTaskChange *self)
{
  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), NULL);

  return self->summary;
}

gboolean
rd_task_change_is_loaded (RdTaskChange *self)
{
  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), FALSE);

  return self->loaded;
}

gboolean
rd_task_change_is_loading (RdTaskChange *self)
{
  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), FALSE);

  return self->load != NULL;
}

/* "# " and @text on one line: what came from the service has no line break of its own there. */
static void
append_comment (GString    *patch,
                const char *text)
{
  g_string_append (patch, "# ");
  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (patch, (*p == '\n' || *p == '\r') ? ' ' : *p);
  g_string_append_c (patch, '\n');
}

static const char *
kind_word (RdTaskType kind)
{
  switch (kind)
    {
    case RD_TASK_TYPE_SCRIPT:
      return "Script";
    case RD_TASK_TYPE_JOB:
      return "Job";
    case RD_TASK_TYPE_RESOURCE:
      return "Resource";
    default:
      return "Task";
    }
}

/* A setting's value in a patch's comment: an absent one and an empty one read differently
 * (an empty one printed as it is left "description: (none) -> " ending in a space). */
static const char *
patch_setting_value (const char *value)
{
  if (value == NULL)
    return "(none)";
  if (value[0] == '\0')
    return "\"\"";

  return value;
}

char *
rd_task_change_to_patch (RdTaskChange *self)
{
  g_autofree char *old_label = NULL;
  g_autofree char *new_label = NULL;
  g_autofree char *heading = NULL;
  GString *patch;

  g_return_val_if_fail (RD_IS_TASK_CHANGE (self), NULL);

  if (!self->loaded)
    return NULL;

  patch = g_string_new (NULL);

  /* A patch is read by tools and people of any language: its comments are in English, as
   * git's own headers are. */
  heading = g_strdup_printf ("%s %s: version %" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT,
                             kind_word (self->kind), self->name != NULL ? self->name : "?",
                             self->deployed_version, self->pending_version);
  append_comment (patch, heading);
  if (self->summary != NULL)
    append_comment (patch, self->summary);

  for (RdChangeSide side = RD_CHANGE_SIDE_OLD; side <= RD_CHANGE_SIDE_NEW; side++)
    if (self->sides[side].error != NULL)
      {
        g_autofree char *line = g_strdup_printf ("%s: %s",
                                                 side == RD_CHANGE_SIDE_OLD ? "Deployed version"
                                                                            : "Pending version",
                                                 self->sides[side].error->message);
        append_comment (patch, line);
      }

  for (guint i = 0; i < self->settings->len; i++)
    {
      RdSettingChange *change = g_ptr_array_index (self->settings, i);
      g_autofree char *line = g_strdup_printf ("%s: %s -> %s", change->name,
                                               patch_setting_value (change->old_value),
                                               patch_setting_value (change->new_value));
      append_comment (patch, line);
    }

  if (self->diff != NULL)
    {
      g_autofree char *unified = NULL;

      old_label = rd_task_change_dup_label (self, RD_CHANGE_SIDE_OLD);
      new_label = rd_task_change_dup_label (self, RD_CHANGE_SIDE_NEW);
      /* An absent side is /dev/null whatever its label. */
      unified = rd_diff_to_unified (self->diff, old_label != NULL ? old_label : new_label,
                                    new_label != NULL ? new_label : old_label);
      if (rd_diff_get_n_hunks (self->diff) == 0)
        append_comment (patch, "No changes in the text");
      else
        g_string_append (patch, unified);
    }

  return g_string_free (patch, FALSE);
}
