/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-api-error.c: the errors of every API call (DataArts Studio, IAM) and what support needs. */
#define G_LOG_DOMAIN "rd-api-error"

#include "config.h"

#include "rd-api-error.h"

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (rd-api-error-quark, rd_api_error)

G_DEFINE_BOXED_TYPE (RdErrorDetails, rd_error_details, rd_error_details_copy, rd_error_details_free)

RdErrorDetails *
rd_error_details_copy (const RdErrorDetails *details)
{
  RdErrorDetails *copy;

  g_return_val_if_fail (details != NULL, NULL);

  copy = g_new0 (RdErrorDetails, 1);
  copy->http_status = details->http_status;
  copy->error_code = g_strdup (details->error_code);
  copy->error_msg = g_strdup (details->error_msg);
  copy->request_id = g_strdup (details->request_id);
  copy->method = g_strdup (details->method);
  copy->uri = g_strdup (details->uri);

  return copy;
}

void
rd_error_details_free (RdErrorDetails *details)
{
  if (details == NULL)
    return;

  g_free (details->error_code);
  g_free (details->error_msg);
  g_free (details->request_id);
  g_free (details->method);
  g_free (details->uri);
  g_free (details);
}

static void
append_line (GString    *text,
             const char *label,
             const char *value)
{
  if (value == NULL || value[0] == '\0')
    return;

  if (text->len > 0)
    g_string_append_c (text, '\n');

  g_string_append_printf (text, "%s: %s", label, value);
}

char *
rd_error_details_format (const RdErrorDetails *details)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *status = NULL;
  g_autofree char *request = NULL;

  g_return_val_if_fail (details != NULL, NULL);

  if (details->http_status != 0)
    status = g_strdup_printf ("%u", details->http_status);

  if (details->method != NULL && details->uri != NULL)
    request = g_strdup_printf ("%s %s", details->method, details->uri);
  else if (details->uri != NULL)
    request = g_strdup (details->uri);

  append_line (text, _("HTTP status"), status);
  append_line (text, _("Error code"), details->error_code);
  append_line (text, _("Message"), details->error_msg);
  append_line (text, _("Request ID"), details->request_id);
  append_line (text, _("Request"), request);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
