/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-date-format.h: every date and time Release Desk shows or copies, written in one place. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each returns new text, "" (or NULL where said) when there is no time.
 * Times are shown in the local time zone unless the name says UTC. The
 * formats marked translated follow the user's language; a translation that
 * g_date_time_format () cannot read falls back to the English format. */

/* "2023-07-29 11:49:04": @ms milliseconds since 1970-01-01 UTC, to the
 * second, in every language (the tab-separated and Markdown copies); "" for
 * RD_VALUE_ABSENT. */
char *rd_date_format_ms_local       (gint64     ms);

/* "Jul 29, 2023 11:49", translated: to the minute (the tasks table's cells). */
char *rd_date_format_short          (GDateTime *time);

/* "Nov 18, 2023 14:28 CST", translated: the short format with the local
 * zone's name, shown once, in the package header (the table and the review
 * queue leave it out). */
char *rd_date_format_long           (GDateTime *time);

/* "14:32" when @time falls on the day of @now, else the short format,
 * "Dec 2, 2023 14:32" (when a sign-in ends: it lasts a day at most). */
char *rd_date_format_time_or_day    (GDateTime *time,
                                     GDateTime *now);

/* "2023-07-29 11:49:04.380 +08:00": to the millisecond with the offset, in
 * every language (a value to quote in a ticket); NULL for no time. */
char *rd_date_format_exact_local    (GDateTime *time);

/* "2023-11-18 06:28:32.934 UTC": the same in UTC; NULL for no time. */
char *rd_date_format_exact_utc      (GDateTime *time);

G_END_DECLS
