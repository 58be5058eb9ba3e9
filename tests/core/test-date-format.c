/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-date-format.c: the dates and times Release Desk shows and copies (rd-date-format.c). */
#include "config.h"

#include <locale.h>

#include <glib.h>

#include "rd-date-format.h"
#include "rd-enums.h"

/* 1690602544380 ms: 2023-07-29 03:49:04.380 UTC, 11:49:04.380 in Shanghai. */
#define SEED_MS G_GINT64_CONSTANT (1690602544380)

static GDateTime *
new_from_ms (gint64 ms)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (ms / 1000);

  return g_date_time_add (seconds, (ms % 1000) * 1000);
}

static void
test_ms_local_to_the_second (void)
{
  g_autofree char *absent = rd_date_format_ms_local (RD_VALUE_ABSENT);
  g_autofree char *seed = rd_date_format_ms_local (SEED_MS);
  g_autofree char *epoch = rd_date_format_ms_local (0);
  /* Half a second before 1970 is still in its last second. */
  g_autofree char *before = rd_date_format_ms_local (-500);

  g_assert_cmpstr (absent, ==, "");
  g_assert_cmpstr (seed, ==, "2023-07-29 11:49:04 +08:00");
  g_assert_cmpstr (epoch, ==, "1970-01-01 08:00:00 +08:00");
  g_assert_cmpstr (before, ==, "1970-01-01 07:59:59 +08:00");
}

static void
test_short_to_the_minute (void)
{
  g_autoptr(GDateTime) seed = new_from_ms (SEED_MS);
  g_autofree char *text = rd_date_format_short (seed);
  g_autofree char *none = rd_date_format_short (NULL);

  g_assert_cmpstr (text, ==, "Jul 29, 2023 11:49");
  g_assert_cmpstr (none, ==, "");
}

static void
test_long_is_short_with_the_zone (void)
{
  /* The demo package's apply time. */
  g_autoptr(GDateTime) apply = new_from_ms (G_GINT64_CONSTANT (1700288912934));
  g_autofree char *text = rd_date_format_long (apply);
  g_autofree char *none = rd_date_format_long (NULL);

  g_assert_cmpstr (text, ==, "Nov 18, 2023 14:28 CST");
  g_assert_cmpstr (none, ==, "");
}

static void
test_exact_local_and_utc (void)
{
  g_autoptr(GDateTime) seed = new_from_ms (SEED_MS);
  g_autofree char *local = rd_date_format_exact_local (seed);
  g_autofree char *utc = rd_date_format_exact_utc (seed);

  g_assert_cmpstr (local, ==, "2023-07-29 11:49:04.380 +08:00");
  g_assert_cmpstr (utc, ==, "2023-07-29 03:49:04.380 UTC");
  g_assert_null (rd_date_format_exact_local (NULL));
  g_assert_null (rd_date_format_exact_utc (NULL));
}

static void
test_time_or_day (void)
{
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) now = g_date_time_new (shanghai, 2023, 12, 2, 9, 5, 0);
  g_autoptr(GDateTime) later_today = g_date_time_new (shanghai, 2023, 12, 2, 14, 32, 10);
  g_autoptr(GDateTime) tomorrow = g_date_time_new (shanghai, 2023, 12, 3, 1, 2, 0);
  /* Same day of the year, another year. */
  g_autoptr(GDateTime) next_year = g_date_time_new (shanghai, 2024, 12, 1, 14, 32, 0);
  /* 2023-12-02 in UTC, but already the 3rd in Shanghai. */
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2023, 12, 2, 16, 30, 0);
  g_autofree char *today_text = rd_date_format_time_or_day (later_today, now);
  g_autofree char *tomorrow_text = rd_date_format_time_or_day (tomorrow, now);
  g_autofree char *next_year_text = rd_date_format_time_or_day (next_year, now);
  g_autofree char *utc_text = rd_date_format_time_or_day (utc, now);
  g_autofree char *none = rd_date_format_time_or_day (NULL, now);

  g_assert_cmpstr (today_text, ==, "14:32");
  g_assert_cmpstr (tomorrow_text, ==, "Dec 3, 2023 01:02");
  g_assert_cmpstr (next_year_text, ==, "Dec 1, 2024 14:32");
  g_assert_cmpstr (utc_text, ==, "Dec 3, 2023 00:30");
  g_assert_cmpstr (none, ==, "");
}

int
main (int argc, char *argv[])
{
  /* A zone other than UTC proves the conversion; a fixed offset keeps the expectations exact. */
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date-format/ms-local/to-the-second", test_ms_local_to_the_second);
  g_test_add_func ("/date-format/short/to-the-minute", test_short_to_the_minute);
  g_test_add_func ("/date-format/long/short-format-with-the-zone",
                   test_long_is_short_with_the_zone);
  g_test_add_func ("/date-format/exact/local-and-utc", test_exact_local_and_utc);
  g_test_add_func ("/date-format/time-or-day/date-and-year-when-not-today", test_time_or_day);

  return g_test_run ();
}
