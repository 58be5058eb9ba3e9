/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-loop.h: what the window benchmarks share: the main loop watched (frames painted, and the
 * time each iteration spends working between polls, which is how long input would wait). */
#pragma once

#include <gtk/gtk.h>
#include <stdlib.h>

G_BEGIN_DECLS

static gint64 bench_last_paint_us;
static gint64 bench_poll_us;          /* time spent waiting in poll() since the last reset */
static GPollFunc bench_default_poll;
/* How long bench_wait_for() waits before it gives up and exits. */
static guint bench_deadline_seconds = 60;

static inline int
bench_timed_poll (GPollFD *fds,
                  guint    n_fds,
                  int      timeout)
{
  gint64 start = g_get_monotonic_time ();
  int result = bench_default_poll (fds, n_fds, timeout);

  bench_poll_us += g_get_monotonic_time () - start;

  return result;
}

/* Times the default main context's polls from now on. */
static inline void
bench_watch_main_loop (void)
{
  bench_default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, bench_timed_poll);
}

/* Connect to a frame clock's "after-paint". */
static inline void
bench_on_after_paint (GdkFrameClock *clock,
                      gpointer       user_data)
{
  bench_last_paint_us = g_get_monotonic_time ();
}

static inline gboolean
bench_wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*BenchCondition) (gpointer data);

/* Iterates until @condition holds; *@max_stall_ms (nullable) gets the longest iteration's
 * work (its time outside poll()). Exits the process after bench_deadline_seconds. */
static inline void
bench_wait_for (BenchCondition  condition,
                gpointer        data,
                double         *max_stall_ms,
                const char     *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) bench_deadline_seconds * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (50, bench_wake_up, NULL);
  double stall = 0;

  while (!condition (data))
    {
      gint64 start = g_get_monotonic_time ();

      if (start > deadline)
        {
          g_printerr ("%s: gave up waiting for %s\n", g_get_prgname (), what);
          exit (EXIT_FAILURE);
        }

      bench_poll_us = 0;
      g_main_context_iteration (NULL, TRUE);
      stall = MAX (stall, (g_get_monotonic_time () - start - bench_poll_us) / 1000.0);
    }

  g_source_remove (wake_id);

  if (max_stall_ms != NULL)
    *max_stall_ms = stall;
}

static inline gboolean
bench_painted_since (gpointer data)
{
  return bench_last_paint_us > *(gint64 *) data;
}

G_END_DECLS
