/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-date-format.c: every date and time Release Desk shows or copies, written in one place. */
#define G_LOG_DOMAIN "rd-date-format"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-date-format.h"
#include "rd-enums.h"

/* @time in @translated, a g_date_time_format () string from a translation,
 * else in @format, the English one it translates: a translation that GLib
 * cannot read must not empty a label or a cell. */
static char *
format_translated (GDateTime  *time,
                   const char *translated,
                   const char *format)
{
  char *text = g_date_time_format (time, translated);

  if (text == NULL)
    text = g_date_time_format (time, format);

  return text != NULL ? text : g_strdup ("");
}

/* "…:04.380" and the rest: g_date_time_format () has no milliseconds. */
static char *
format_exact (GDateTime  *time,
              const char *zone)
{
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%d %H:%M:%S");

  return g_strdup_printf ("%s.%03d %s", seconds, g_date_time_get_microsecond (time) / 1000, zone);
}

char *
rd_date_format_ms_local (gint64 ms)
{
  g_autoptr(GDateTime) local = NULL;

  if (ms == RD_VALUE_ABSENT)
    return g_strdup ("");

  /* Floor division, so times before 1970 still round down to their second. */
  local = g_date_time_new_from_unix_local (ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
  if (local == NULL)
    return g_strdup ("");

  /* With the offset the window's tooltip shows: a copy pasted into a ticket is read in
   * other time zones. */
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S %:z");
}

char *
rd_date_format_short (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL || (local = g_date_time_to_local (time)) == NULL)
    return g_strdup ("");

  /* Translators: a date and time in the tasks table's Submitted At column,
   * "Jul 29, 2023 11:49"; see g_date_time_format() for the codes. Use the
   * order and numbers your language writes dates in, e.g. "%Y年%-m月%-d日 %H:%M" */
  return format_translated (local, _("%b %-d, %Y %H:%M"), "%b %-d, %Y %H:%M");
}

char *
rd_date_format_long (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL || (local = g_date_time_to_local (time)) == NULL)
    return g_strdup ("");

  /* Translators: how the header shows the apply and release times: the tasks
   * table's format (see "%b %-d, %Y %H:%M") followed by the local time zone,
   * "Nov 18, 2023 14:28 CST"; see g_date_time_format() for the codes, e.g.
   * "%Y年%-m月%-d日 %H:%M %Z" */
  return format_translated (local, _("%b %-d, %Y %H:%M %Z"), "%b %-d, %Y %H:%M %Z");
}

char *
rd_date_format_time_or_day (GDateTime *time,
                            GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) local_now = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  if (time == NULL || (local = g_date_time_to_local (time)) == NULL)
    return g_strdup ("");

  local_now = g_date_time_to_local (now);
  if (local_now != NULL &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (local_now) &&
      g_date_time_get_year (local) == g_date_time_get_year (local_now))
    return g_date_time_format (local, "%H:%M");

  /* Not today: the tasks table's format, with its year ("Jan 1, 2025 00:00"). */
  return rd_date_format_short (local);
}

char *
rd_date_format_exact_local (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *offset = NULL;

  if (time == NULL || (local = g_date_time_to_local (time)) == NULL)
    return NULL;

  /* ISO 8601 in every language: this is the value to quote in a ticket. */
  offset = g_date_time_format (local, "%:z");
  return format_exact (local, offset);
}

char *
rd_date_format_exact_utc (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL || (utc = g_date_time_to_utc (time)) == NULL)
    return NULL;

  return format_exact (utc, "UTC");
}
