/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sandbox-util.h: whether libsecret can be used at all where the tests run. */
#pragma once

#include <gio/gio.h>

/* In a Flatpak (or Snap) sandbox, libsecret 0.20 always asks the secret portal on the session
 * bus first, whatever SECRET_BACKEND says, and warns (fatal in a test) when there is no bus:
 * in flatpak-builder's build sandbox not even its file backend can be used. The reason to skip
 * every secrets test there, or NULL wherever libsecret works as the tests expect. */
static inline char *
rd_test_dup_sandbox_without_bus (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) && g_getenv ("SNAP_NAME") == NULL)
    return NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus != NULL)
    return NULL;

  return g_strdup_printf ("In a Flatpak sandbox libsecret needs the session bus, and there is "
                          "none: %s", error->message);
}
