/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-http-private.h: small pieces of HTTP the request engine and its callers share. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* What a failure before any answer means to a person; the data that was not
 * sent is named in the TLS message ("nothing was sent", "the password was not sent"). */
typedef enum
{
  RD_HTTP_SENDING_REQUEST,
  RD_HTTP_SENDING_PASSWORD,
} RdHttpSending;

GError   *rd_http_transport_error    (SoupMessage   *message,
                                      const char    *authority,
                                      const GError  *error,
                                      RdHttpSending  sending);
gboolean  rd_http_host_is_loopback   (const char    *host);
char     *rd_http_dup_authority      (GUri          *uri);
gboolean  rd_http_contains_word      (const char    *haystack,
                                      const char    *needle);
char     *rd_http_format_size        (gsize          size);
char     *rd_http_format_wait        (guint64        wait_ms);
void      rd_http_destroy_source     (GSource      **source);

G_END_DECLS
