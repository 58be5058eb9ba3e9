/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-validate.c: checks and normalises what a user types or pastes: IDs, regions and endpoints. */
#define G_LOG_DOMAIN "rd-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rd-regions.h"
#include "rd-validate.h"

G_DEFINE_QUARK (rd-validate-error-quark, rd_validate_error)

/* A paste from a ticket or a chat often carries spaces, tabs or a trailing
 * newline; those go, everything inside stays and is judged. */
static char *
dup_trimmed (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/* @inner_spaces: a space between other characters is part of the value (package IDs: the
 * service itself hands out IDs such as "a b+c"). */
static gboolean
check_common (const char  *value,
              const char  *field,
              gboolean     inner_spaces,
              GError     **error)
{
  if (value[0] == '\0')
    {
      g_set_error (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_EMPTY,
                   /* Translators: %s is a field name such as "Project ID" */
                   _("%s is empty"), field);
      return FALSE;
    }

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_INVALID_CHARACTERS,
                   _("%s is not valid text"), field);
      return FALSE;
    }

  if (g_utf8_strlen (value, -1) > RD_VALIDATE_MAX_ID_LENGTH)
    {
      g_set_error (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_TOO_LONG,
                   /* Translators: the first %s is a field name, %d a number of characters */
                   _("%s is too long: at most %d characters"),
                   field, RD_VALIDATE_MAX_ID_LENGTH);
      return FALSE;
    }

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (inner_spaces && c == ' ')
        continue;
      if (inner_spaces && (g_unichar_iscntrl (c) || g_unichar_isspace (c)))
        {
          g_set_error (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_INVALID_CHARACTERS,
                       /* Translators: %s is a field name such as "Package ID" */
                       _("%s must not contain tabs or line breaks"), field);
          return FALSE;
        }
      if (g_unichar_iscntrl (c) || g_unichar_isspace (c))
        {
          g_set_error (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_INVALID_CHARACTERS,
                       _("%s must not contain spaces or line breaks"), field);
          return FALSE;
        }
    }

  return TRUE;
}

/* Project and workspace IDs are 32 hex digits in every real account; accept
 * the wider set of letters, digits, '-' and '_' so a private cloud's IDs pass. */
static char *
validate_plain_id (const char  *text,
                   const char  *field,
                   GError     **error)
{
  g_autofree char *value = dup_trimmed (text);

  if (!check_common (value, field, FALSE, error))
    return NULL;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        {
          g_set_error (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_INVALID_CHARACTERS,
                       /* Translators: %s is a field name such as "Project ID" */
                       _("%s may contain only letters, digits, “-” and “_”"), field);
          return NULL;
        }
    }

  return g_steal_pointer (&value);
}

char *
rd_validate_project_id (const char  *text,
                        GError     **error)
{
  return validate_plain_id (text, _("Project ID"), error);
}

char *
rd_validate_workspace_id (const char  *text,
                          GError     **error)
{
  return validate_plain_id (text, _("Workspace ID"), error);
}

/* The API types a package ID as a string, and the service hands out IDs with spaces and
 * "+" in them; the client escapes it as one path segment, so any printable text, spaces
 * between characters included, is safe to send. A paste's spaces at either end go. */
char *
rd_validate_package_id (const char  *text,
                        GError     **error)
{
  g_autofree char *value = dup_trimmed (text);

  if (!check_common (value, _("Package ID"), TRUE, error))
    return NULL;

  return g_steal_pointer (&value);
}

char *
rd_validate_region (const char  *text,
                    GError     **error)
{
  g_autofree char *value = dup_trimmed (text);

  if (!check_common (value, _("Region"), FALSE, error))
    return NULL;

  if (!rd_region_is_known (value))
    {
      g_set_error (
          error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_UNKNOWN_REGION,
          _("“%s” is not a region that offers DataArts Studio; give the endpoint URL instead"),
          value);
      return NULL;
    }

  return g_steal_pointer (&value);
}

/* A host name as DNS writes it (letters, digits, '-', '.', '_', or
 * international characters IDNA can write in ASCII) or an IP address.
 * GLib's parser takes anything between "//" and the port, but the host goes
 * into the Host header and the signature: a control character, a space or a
 * percent escape there (which libsoup would decode and the signer not) is no
 * server anybody can reach. */
static gboolean
is_valid_host (const char *host)
{
  g_autofree char *ascii = NULL;

  /* An IPv6 zone ("[fe80::1%25eth0]") names an interface of this machine, and
   * GLib writes it back as "%eth0", which it then cannot parse. */
  if (strchr (host, '%') != NULL)
    return FALSE;

  if (g_hostname_is_ip_address (host))
    return TRUE;

  if (g_hostname_is_non_ascii (host))
    {
      ascii = g_hostname_to_ascii (host);
      if (ascii == NULL)
        return FALSE;
      host = ascii;
    }

  for (const char *p = host; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
        return FALSE;
    }

  return TRUE;
}

char *
rd_validate_endpoint (const char  *text,
                      GError     **error)
{
  g_autofree char *value = dup_trimmed (text);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *path;
  g_autofree char *normalised = NULL;

  if (value[0] == '\0')
    {
      g_set_error_literal (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_EMPTY,
                           _("The endpoint URL is empty"));
      return NULL;
    }

  if (strlen (value) > 2048 || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_INVALID_URL,
                           _("The endpoint URL is not valid"));
      return NULL;
    }

  uri = g_uri_parse (value, G_URI_FLAGS_ENCODED | G_URI_FLAGS_HAS_PASSWORD, &local_error);
  if (uri == NULL)
    {
      g_set_error (
          error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_INVALID_URL,
          _("“%s” is not a valid URL; write it like https://dayu.cn-north-4.myhuaweicloud.com"),
          value);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_INVALID_URL,
                   _("The endpoint must start with https:// (it starts with %s:)"), scheme);
      return NULL;
    }

  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error_literal (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_INVALID_URL,
                           _("The endpoint URL has no host name"));
      return NULL;
    }

  if (!is_valid_host (g_uri_get_host (uri)))
    {
      g_set_error (
          error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_INVALID_URL,
          _("“%s” is not a valid URL; write it like https://dayu.cn-north-4.myhuaweicloud.com"),
          value);
      return NULL;
    }

  /* A user name or password in the URL would be sent in clear with every
   * request and end up in logs; the query and fragment have no meaning here. */
  if (g_uri_get_user (uri) != NULL || g_uri_get_password (uri) != NULL)
    {
      g_set_error_literal (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_INVALID_URL,
                           _("The endpoint URL must not contain a user name or password"));
      return NULL;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error_literal (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_INVALID_URL,
                           _("The endpoint URL must not contain “?” or “#” parts"));
      return NULL;
    }

  path = g_uri_get_path (uri);
  normalised = g_uri_join (G_URI_FLAGS_ENCODED,
                           g_ascii_strcasecmp (scheme, "https") == 0 ? "https" : "http",
                           NULL,
                           g_uri_get_host (uri),
                           g_uri_get_port (uri),
                           path,
                           NULL,
                           NULL);

  /* The client appends "/v2/…": drop trailing slashes so no "//" appears. */
  while (g_str_has_suffix (normalised, "/"))
    normalised[strlen (normalised) - 1] = '\0';

  return g_steal_pointer (&normalised);
}

char *
rd_validate_factory_endpoint (const char  *text,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *value = rd_validate_endpoint (text, &local_error);

  if (value == NULL)
    g_set_error (error, local_error->domain, local_error->code,
                 /* Translators: %s says why an address is not valid */
                 _("The Factory V1 endpoint is not valid: %s"), local_error->message);
  return value;
}
