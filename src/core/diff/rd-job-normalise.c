/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-job-normalise.c: a DataArts job definition (ShowJob's answer) as stable text to line-diff,
 * and a one-line summary of what changed between two versions of it. */
#define G_LOG_DOMAIN "rd-job-normalise"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rd-job-normalise.h"

/* Identity and bookkeeping that change with every save (docs/…, versions.md §3 and §8). */
static const char *const volatile_members[] = {
  "id", "createTime", "lastUpdateUser", "version", "downstreamJobs",
};

/* The members the summary names on their own; anything else is "other settings". */
static const char *const summarised_members[] = {
  "nodes", "schedule", "params", "basicConfig",
};

static gboolean
is_one_of (const char        *name,
           const char *const *names,
           gsize              n_names)
{
  for (gsize i = 0; i < n_names; i++)
    if (strcmp (name, names[i]) == 0)
      return TRUE;

  return FALSE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static const char *
name_of (JsonNode *node)
{
  JsonObject *object;
  JsonNode *name;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  name = json_object_get_member (object, "name");
  if (name == NULL || json_node_get_value_type (name) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (name);
}

/* Objects without a name go last, in their order. */
static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  const char *name_a = name_of (*(JsonNode *const *) a);
  const char *name_b = name_of (*(JsonNode *const *) b);

  if (name_a == NULL || name_b == NULL)
    return (name_a == NULL) - (name_b == NULL);

  return strcmp (name_a, name_b);
}

typedef enum
{
  LEVEL_TOP,   /* the job itself */
  LEVEL_NODE,  /* an element of the job's nodes[] */
  LEVEL_OTHER,
} Level;

static JsonNode *normalise (JsonNode *node, const char *member, Level level);

static JsonNode *
normalise_object (JsonObject *object,
                  Level       level)
{
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GList *members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    g_ptr_array_add (names, l->data);
  g_list_free (members);
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      JsonNode *child = json_object_get_member (object, name);
      Level child_level = LEVEL_OTHER;

      if (level == LEVEL_TOP && is_one_of (name, volatile_members, G_N_ELEMENTS (volatile_members)))
        continue;
      if (level == LEVEL_NODE && strcmp (name, "location") == 0)
        continue;
      if (level == LEVEL_TOP && strcmp (name, "nodes") == 0)
        child_level = LEVEL_NODE;

      json_object_set_member (copy, name, normalise (child, name, child_level));
    }

  return json_node_init_object (json_node_alloc (), copy);
}

/* @level: LEVEL_NODE for the job's nodes[] itself: its elements are nodes. */
static JsonNode *
normalise_array (JsonArray  *array,
                 const char *member,
                 Level       level)
{
  g_autoptr(GPtrArray) elements = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(JsonArray) copy = NULL;
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (elements, normalise (json_array_get_element (array, i), NULL,
                                          level == LEVEL_NODE ? LEVEL_NODE : LEVEL_OTHER));

  /* g_ptr_array_sort () is stable: equal names keep the service's order. */
  if (member != NULL &&
      (strcmp (member, "nodes") == 0 || strcmp (member, "properties") == 0 ||
       strcmp (member, "params") == 0))
    g_ptr_array_sort (elements, compare_by_name);

  copy = json_array_sized_new (n);
  for (guint i = 0; i < elements->len; i++)
    json_array_add_element (copy, json_node_ref (g_ptr_array_index (elements, i)));

  return json_node_init_array (json_node_alloc (), copy);
}

static JsonNode *
normalise (JsonNode   *node,
           const char *member,
           Level       level)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return normalise_object (json_node_get_object (node), level);
    case JSON_NODE_ARRAY:
      return normalise_array (json_node_get_array (node), member, level);
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

static char *
to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}

char *
rd_job_normalise (JsonNode *job)
{
  g_autoptr(JsonNode) normalised = NULL;

  g_return_val_if_fail (job != NULL, NULL);

  normalised = normalise (job, NULL, LEVEL_TOP);

  return to_text (normalised);
}

/* name → normalised text of each node; a node without a name is keyed by its place. */
static GHashTable *
nodes_by_name (JsonNode *normalised_job)
{
  GHashTable *nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *job;
  JsonNode *member;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (normalised_job))
    return nodes;

  job = json_node_get_object (normalised_job);
  member = json_object_get_member (job, "nodes");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return nodes;

  array = json_node_get_array (member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *name = name_of (node);
      char *key = name != NULL ? g_strdup (name) : g_strdup_printf ("\x01#%u", i);

      g_hash_table_replace (nodes, key, to_text (node));
    }

  return nodes;
}

/* The normalised text of a top-level member, or NULL when it is absent. */
static char *
member_text (JsonNode   *normalised_job,
             const char *name)
{
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (normalised_job))
    return NULL;

  member = json_object_get_member (json_node_get_object (normalised_job), name);

  return member != NULL ? to_text (member) : NULL;
}

static gboolean
member_changed (JsonNode   *old_job,
                JsonNode   *new_job,
                const char *name)
{
  g_autofree char *old_text = member_text (old_job, name);
  g_autofree char *new_text = member_text (new_job, name);

  return g_strcmp0 (old_text, new_text) != 0;
}

/* Any member the summary does not name on its own. */
static gboolean
other_members_changed (JsonNode *old_job,
                       JsonNode *new_job)
{
  JsonNode *jobs[] = { old_job, new_job };

  for (guint j = 0; j < G_N_ELEMENTS (jobs); j++)
    {
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (jobs[j]))
        continue;

      members = json_object_get_members (json_node_get_object (jobs[j]));
      for (GList *l = members; l != NULL; l = l->next)
        if (!is_one_of (l->data, summarised_members, G_N_ELEMENTS (summarised_members)) &&
            member_changed (old_job, new_job, l->data))
          return TRUE;
    }

  return FALSE;
}

static guint
count_nodes (JsonNode *normalised_job)
{
  g_autoptr(GHashTable) nodes = nodes_by_name (normalised_job);

  return g_hash_table_size (nodes);
}

char *
rd_job_summarise (JsonNode *old_job,
                  JsonNode *new_job)
{
  g_autoptr(JsonNode) old_norm = NULL;
  g_autoptr(JsonNode) new_norm = NULL;
  g_autoptr(GHashTable) old_nodes = NULL;
  g_autoptr(GHashTable) new_nodes = NULL;
  g_autoptr(GPtrArray) node_parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;
  guint changed = 0, added = 0, removed = 0;

  if (old_job == NULL && new_job == NULL)
    return g_strdup (_("No changes"));

  if (old_job != NULL)
    old_norm = normalise (old_job, NULL, LEVEL_TOP);
  if (new_job != NULL)
    new_norm = normalise (new_job, NULL, LEVEL_TOP);

  if (old_norm == NULL)
    {
      guint n = count_nodes (new_norm);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "New job with %u node",
                                           "New job with %u nodes", n), n);
    }
  if (new_norm == NULL)
    {
      guint n = count_nodes (old_norm);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Job deleted, with %u node",
                                           "Job deleted, with %u nodes", n), n);
    }

  old_nodes = nodes_by_name (old_norm);
  new_nodes = nodes_by_name (new_norm);

  g_hash_table_iter_init (&iter, old_nodes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *other = g_hash_table_lookup (new_nodes, key);

      if (other == NULL)
        removed++;
      else if (strcmp (other, value) != 0)
        changed++;
    }
  g_hash_table_iter_init (&iter, new_nodes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (old_nodes, key))
      added++;

  /* Whole phrases rather than "2 nodes changed, 1 added": the noun's plural differs per
   * number in many languages. */
  if (changed > 0)
    g_ptr_array_add (node_parts,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node changed",
                                                   "%u nodes changed", changed), changed));
  if (added > 0)
    g_ptr_array_add (node_parts,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node added",
                                                   "%u nodes added", added), added));
  if (removed > 0)
    g_ptr_array_add (node_parts,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node removed",
                                                   "%u nodes removed", removed), removed));
  if (node_parts->len > 0)
    {
      g_ptr_array_add (node_parts, NULL);
      /* Translators: between the parts of a job's summary about its nodes:
       * "2 nodes changed, 1 node added" */
      g_ptr_array_add (parts, g_strjoinv (C_("job summary", ", "), (char **) node_parts->pdata));
    }

  if (member_changed (old_norm, new_norm, "schedule"))
    g_ptr_array_add (parts, g_strdup (_("schedule changed")));
  if (member_changed (old_norm, new_norm, "params"))
    g_ptr_array_add (parts, g_strdup (_("parameters changed")));
  if (member_changed (old_norm, new_norm, "basicConfig"))
    g_ptr_array_add (parts, g_strdup (_("basic settings changed")));
  if (other_members_changed (old_norm, new_norm))
    g_ptr_array_add (parts, g_strdup (_("other settings changed")));

  if (parts->len == 0)
    return g_strdup (_("No changes"));

  g_ptr_array_add (parts, NULL);
  /* Translators: between the groups of a job's summary:
   * "2 nodes changed, 1 node added; schedule changed" */
  return g_strjoinv (C_("job summary", "; "), (char **) parts->pdata);
}
