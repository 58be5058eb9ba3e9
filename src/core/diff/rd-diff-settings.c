/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-diff-settings.c: the small table of a script's settings that changed between two
 * versions (type, connection, database, queue, …), shown above its line diff. */
#define G_LOG_DOMAIN "rd-diff-settings"

#include "config.h"

#include <string.h>

#include "rd-diff-settings.h"

/* The order of the table: what a reviewer checks first (versions.md §8). */
static const char *const known_order[] = {
  "type", "connectionName", "database", "queueName", "configuration", "directory",
  "description",
};

void
rd_setting_change_free (RdSettingChange *change)
{
  if (change == NULL)
    return;

  g_free (change->name);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

/* name → value (borrowed); names whose value is NULL are left out. */
static GHashTable *
settings_table (const char *const *names,
                const char *const *values)
{
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

  for (gsize i = 0; names != NULL && names[i] != NULL; i++)
    {
      if (values != NULL && values[i] != NULL)
        g_hash_table_insert (table, (gpointer) names[i], (gpointer) values[i]);
      else
        g_hash_table_remove (table, names[i]);
    }

  return table;
}

static guint
rank_of (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_order); i++)
    if (strcmp (name, known_order[i]) == 0)
      return i;

  return G_N_ELEMENTS (known_order);
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const RdSettingChange *x = *(const RdSettingChange *const *) a;
  const RdSettingChange *y = *(const RdSettingChange *const *) b;
  guint rank_x = rank_of (x->name);
  guint rank_y = rank_of (y->name);

  if (rank_x != rank_y)
    return rank_x < rank_y ? -1 : 1;

  return strcmp (x->name, y->name);
}

static void
add_changes (GPtrArray  *changes,
             GHashTable *from,
             GHashTable *to,
             gboolean    from_is_old,
             GHashTable *seen)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *other = g_hash_table_lookup (to, key);
      RdSettingChange *change;

      if (!g_hash_table_add (seen, key) || g_strcmp0 (other, value) == 0)
        continue;

      change = g_new0 (RdSettingChange, 1);
      change->name = g_strdup (key);
      change->old_value = g_strdup (from_is_old ? value : other);
      change->new_value = g_strdup (from_is_old ? other : value);
      g_ptr_array_add (changes, change);
    }
}

GPtrArray *
rd_diff_settings (const char *const *old_names,
                  const char *const *old_values,
                  const char *const *new_names,
                  const char *const *new_values)
{
  g_autoptr(GHashTable) old_table = settings_table (old_names, old_values);
  g_autoptr(GHashTable) new_table = settings_table (new_names, new_values);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_setting_change_free);

  add_changes (changes, old_table, new_table, TRUE, seen);
  add_changes (changes, new_table, old_table, FALSE, seen);
  g_ptr_array_sort (changes, compare_changes);

  return changes;
}
