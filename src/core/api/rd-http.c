/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-http.c: small pieces of HTTP the request engine and its callers share. */
#define G_LOG_DOMAIN "rd-http"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rd-api-error.h"
#include "rd-http-private.h"

static const char *
certificate_problem (GTlsCertificateFlags flags)
{
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return _("it is not signed by a known authority");
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("it was issued for another host");
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return _("it has expired");
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _("it is not valid yet");
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return _("it has been revoked");
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return _("it uses an insecure algorithm");

  return _("it is not valid");
}

/* A failure before any answer arrived: TLS, name resolution, connection. */
GError *
rd_http_transport_error (SoupMessage   *message,
                         const char    *authority,
                         const GError  *error,
                         RdHttpSending  sending)
{
  GTlsCertificateFlags flags = 0;

  if (message != NULL)
    flags = soup_message_get_tls_peer_certificate_errors (message);

  if (flags != 0 || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    {
      if (sending == RD_HTTP_SENDING_PASSWORD)
        return g_error_new (
            RD_API_ERROR, RD_API_ERROR_TLS,
            /* Translators: the first %s is a host name, the second a reason
             * such as "it has expired" */
            _("The certificate of %s is not trusted (%s); the password was not sent"), authority,
            certificate_problem (flags));

      return g_error_new (RD_API_ERROR, RD_API_ERROR_TLS,
                          /* Translators: the first %s is a host name, the second a reason
                           * such as "it has expired" */
                          _("The certificate of %s is not trusted (%s); nothing was sent"),
                          authority, certificate_problem (flags));
    }

  if (error->domain == G_TLS_ERROR)
    return g_error_new (RD_API_ERROR, RD_API_ERROR_TLS,
                        _("Could not set up a secure connection to %s: %s"),
                        authority, error->message);

  return g_error_new (RD_API_ERROR, RD_API_ERROR_NETWORK,
                      _("Could not connect to %s: %s"),
                      authority, error->message);
}

gboolean
rd_http_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
uri_uses_default_port (GUri *uri)
{
  int port = g_uri_get_port (uri);
  const char *scheme = g_uri_get_scheme (uri);

  if (port == -1)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return port == 443;

  return port == 80;
}

/* The Host header exactly as libsoup writes it: IPv6 literals in brackets,
 * international names in ASCII, and the port only when it is not the default. */
char *
rd_http_dup_authority (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  g_autofree char *name = NULL;

  if (strchr (host, ':') != NULL)
    name = g_strdup_printf ("[%s]", host);
  else if (g_hostname_is_non_ascii (host))
    name = g_hostname_to_ascii (host);

  if (name == NULL)
    name = g_strdup (host);

  if (uri_uses_default_port (uri))
    return g_steal_pointer (&name);

  return g_strdup_printf ("%s:%d", name, g_uri_get_port (uri));
}

gboolean
rd_http_contains_word (const char *haystack,
                       const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;

  folded = g_ascii_strdown (haystack, -1);

  return strstr (folded, needle) != NULL;
}

/* "64 MiB", or "1000 bytes" and the like for a size that is not a whole number of MiB. */
char *
rd_http_format_size (gsize size)
{
  if (size % (1024 * 1024) == 0)
    return g_strdup_printf ("%" G_GSIZE_FORMAT " MiB", size / (1024 * 1024));

  return g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
}

/* "24 hours", "2 minutes": a wait as a person reads it, rounded up. */
char *
rd_http_format_wait (guint64 wait_ms)
{
  guint64 seconds = wait_ms / 1000 + (wait_ms % 1000 != 0);
  guint64 minutes = seconds / 60 + (seconds % 60 != 0);
  guint64 hours = minutes / 60 + (minutes % 60 != 0);
  guint64 days = hours / 24 + (hours % 24 != 0);
  guint n;

  if (seconds < 120)
    {
      n = (guint) seconds;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", n), n);
    }

  if (minutes < 120)
    {
      n = (guint) minutes;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", n), n);
    }

  if (hours < 48)
    {
      n = (guint) hours;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", n), n);
    }

  n = (guint) MIN (days, (guint64) G_MAXUINT);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", n), n);
}

void
rd_http_destroy_source (GSource **source)
{
  if (*source == NULL)
    return;

  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}
