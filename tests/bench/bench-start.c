/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-start.c: cold start of `release-desk --demo` to its first frame, as a process. */
#include "config.h"

#include <glib.h>
#include <stdio.h>

#include "bench-util.h"

#define N_RUNS 7

int
main (int   argc,
      char *argv[])
{
  const char *release_desk = g_getenv ("RELEASE_DESK");
  const char *start_argv[] = { release_desk, "--demo", NULL };
  g_auto(GStrv) envp = NULL;
  double frame[N_RUNS];
  double wall[N_RUNS];
  double rss[N_RUNS];
  double first_run = 0;

  if (release_desk == NULL)
    {
      g_printerr ("bench-start: set RELEASE_DESK to the release-desk program (meson does)\n");
      return EXIT_FAILURE;
    }

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("start: skipped, no display (run under xvfb-run, as .ci/bench does)\n");
      return 77;
    }

  /* The hook in rd-application.c: print the time of the first frame and quit. */
  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "RELEASE_DESK_BENCH_FIRST_FRAME", "1", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      const char *line;
      BenchChild child;
      gint64 painted;

      if (!bench_run_child (start_argv, (const char * const *) envp, &child, &out, &error))
        g_error ("%s", error->message);

      line = out != NULL ? strstr (out, "first-frame ") : NULL;
      if (child.exit_status != 0 || line == NULL ||
          (painted = g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10)) <= child.start_us)
        {
          g_printerr ("start: release-desk --demo exited with status %d without drawing a frame\n",
                      child.exit_status);
          return EXIT_FAILURE;
        }

      frame[run] = (painted - child.start_us) / 1e6;
      wall[run] = child.wall_s;
      rss[run] = child.maxrss_mib;
      if (run == 0)
        first_run = frame[run];
    }

  {
    double frame_median = bench_median (frame, N_RUNS);
    double wall_median = bench_median (wall, N_RUNS);
    double rss_median = bench_median (rss, N_RUNS);

    g_print ("start: release-desk --demo to its first frame: %.3f s (best of %d, median %.3f, "
             "first run %.3f); to exit after it %.3f s (median); peak %.1f MiB (median)\n",
             frame[0], N_RUNS, frame_median, first_run, wall_median, rss_median);
  }

  return EXIT_SUCCESS;
}
