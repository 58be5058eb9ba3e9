/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-diff-settings.h: the small table of a script's settings that changed between two
 * versions (type, connection, database, queue, …), shown above its line diff. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *name;
  char *old_value;  /* NULL: not set in the old version (or no old version) */
  char *new_value;  /* NULL: not set in the new version (or no new version) */
} RdSettingChange;

void rd_setting_change_free (RdSettingChange *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdSettingChange, rd_setting_change_free)

/* @old_names, @new_names: NULL-terminated (NULL: that side has no settings); @old_values and
 * @new_values: the value of each name, as many as there are names (nullable when the names
 * are; a NULL value is a setting that is not set, like a missing name). Returns the settings
 * that were added, removed or changed, as RdSettingChange (the array frees them): first those
 * of a script's fixed list — type, connectionName, database, queueName, configuration,
 * directory, description — in that order, then any other in byte order of the name. A name
 * given twice on one side counts once, with its last value. */
GPtrArray *rd_diff_settings (const char *const *old_names,
                             const char *const *old_values,
                             const char *const *new_names,
                             const char *const *new_values);

G_END_DECLS
