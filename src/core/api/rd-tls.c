/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-tls.c: the TLS policy of every connection Release Desk makes: TLS 1.2 or newer. */
#define G_LOG_DOMAIN "rd-tls"

#include "config.h"

#include <string.h>

#include "rd-tls.h"

/* Without G_TLS_GNUTLS_PRIORITY, glib-networking 2.74 uses GnuTLS's default
 * priority with "%COMPAT" appended, which on Debian 12 (GnuTLS 3.7, no
 * /etc/gnutls/config) is NORMAL: TLS 1.0 and 1.1, and RSA-1024 server keys,
 * are accepted. The variable replaces that string as a whole, so the one set
 * here starts from the same base and only takes away. */

#define PRIORITY_VARIABLE "G_TLS_GNUTLS_PRIORITY"

/* Does GnuTLS's configuration file define the "@SYSTEM" policy, either as a
 * SYSTEM entry of its [priorities] section or, in allow-list mode, from its
 * [overrides]? It is an ini file: "[section]", "name = value", '#' or ';'
 * comments. */
static gboolean
config_defines_system (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *section = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *equals;

      if (line[0] == '\0' || line[0] == '#' || line[0] == ';')
        continue;

      if (line[0] == '[')
        {
          char *end = strchr (line, ']');

          g_free (section);
          section = end != NULL ? g_strstrip (g_strndup (line + 1, end - line - 1)) : NULL;
          continue;
        }

      equals = strpbrk (line, "=:");
      if (section == NULL || equals == NULL)
        continue;
      *equals = '\0';
      g_strstrip (line);

      if (g_ascii_strcasecmp (section, "priorities") == 0 && strcmp (line, "SYSTEM") == 0)
        return TRUE;

      if (g_ascii_strcasecmp (section, "global") == 0 &&
          g_ascii_strcasecmp (line, "override-mode") == 0)
        {
          g_autofree char *value = g_strstrip (g_strdup (equals + 1));

          if (g_ascii_strcasecmp (value, "allowlist") == 0)
            return TRUE;
        }
    }

  return FALSE;
}

char *
rd_tls_build_priority (const char *current,
                       const char *system_config)
{
  /* Set by the user or an administrator: theirs, without the old versions.
   * Already ours (a process started by Release Desk): as it is. */
  if (current != NULL && current[0] != '\0')
    {
      if (g_str_has_suffix (current, ":" RD_TLS_OLD_VERSIONS) ||
          g_str_has_suffix (current, ":" RD_TLS_OLD_VERSIONS ":%PROFILE_MEDIUM"))
        return g_strdup (current);

      return g_strconcat (current, ":" RD_TLS_OLD_VERSIONS, NULL);
    }

  /* The system's policy decides key sizes and the rest; a profile added
   * here could lower one it sets. */
  if (system_config != NULL && config_defines_system (system_config))
    return g_strdup ("@SYSTEM:%COMPAT:" RD_TLS_OLD_VERSIONS);

  return g_strdup ("NORMAL:%COMPAT:" RD_TLS_OLD_VERSIONS ":%PROFILE_MEDIUM");
}

char *
rd_tls_dup_system_config_path (void)
{
  static const char * const defaults[] = {
    "/etc/gnutls/config",                          /* GnuTLS's own default, Debian's */
    "/etc/crypto-policies/back-ends/gnutls.config", /* Fedora's and RHEL's */
  };
  const char *path = g_getenv ("GNUTLS_SYSTEM_PRIORITY_FILE");

  if (path != NULL && path[0] != '\0')
    return g_file_test (path, G_FILE_TEST_IS_REGULAR) ? g_strdup (path) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (g_file_test (defaults[i], G_FILE_TEST_IS_REGULAR))
      return g_strdup (defaults[i]);

  return NULL;
}

void
rd_tls_apply_policy (void)
{
  g_autofree char *config = rd_tls_dup_system_config_path ();
  g_autofree char *priority = rd_tls_build_priority (g_getenv (PRIORITY_VARIABLE), config);

  /* No g_debug() here: this runs before --export=- sends GLib's messages to
   * standard error, and standard output is the export's. */
  g_setenv (PRIORITY_VARIABLE, priority, TRUE);
}
