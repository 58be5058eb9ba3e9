/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-start.c: cold start of `release-desk --demo` to its first frame, as a process, and
 * beside it `gnome-text-editor --standalone` started the same way in the same run: time to the
 * first frame either draws on the X display, and the memory of each once it is idle (Release
 * Desk with the demo package shown, the editor with its empty document). */
#include "config.h"

#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

#ifdef HAVE_XDAMAGE
#include <poll.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#endif

#include "bench-util.h"

#define N_RUNS 7
#define N_PEER_RUNS 5
/* After its first frame a program is left alone until it is idle (at most one clock tick of
 * CPU time in a second: the demo lookup, the queue and the first document are done) and at
 * most this long, before its memory is read. */
#define SETTLE_MAX_SECONDS 30

#ifdef HAVE_XDAMAGE
typedef struct
{
  double frame_s;   /* spawn to the first damage of its first mapped top-level window */
  double rss_mib;   /* VmRSS once idle */
  double pss_mib;   /* Pss of smaps_rollup, the shared libraries shared out */
  double settle_s;  /* from the first frame until it was idle */
} PeerRun;

static double
read_proc_kib (GPid        pid,
               const char *file,
               const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/%s", (int) pid, file);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  line = strstr (text, field);
  if (line == NULL)
    return 0;
  return g_ascii_strtod (line + strlen (field), NULL);
}

/* CPU time @pid has used, in clock ticks (utime + stime of /proc/PID/stat). */
static guint64
read_cpu_ticks (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &text, NULL, NULL) ||
      (after_name = strrchr (text, ')')) == NULL)
    return 0;
  /* After "pid (comm)": state is field 3, utime 14 and stime 15. */
  fields = g_strsplit (after_name + 2, " ", 14);
  if (g_strv_length (fields) < 14)
    return 0;
  return g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10);
}

/* Waits until @pid is idle; returns the seconds it took. */
static double
wait_idle (GPid pid)
{
  gint64 start = g_get_monotonic_time ();
  guint64 before = read_cpu_ticks (pid);

  while (g_get_monotonic_time () - start < SETTLE_MAX_SECONDS * G_USEC_PER_SEC)
    {
      guint64 after;

      g_usleep (G_USEC_PER_SEC);
      after = read_cpu_ticks (pid);
      if (after - before <= 1)
        break;
      before = after;
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

/* Waits up to @timeout_ms for an X event; FALSE on timeout. */
static gboolean
wait_event (Display *display,
            XEvent  *event,
            int      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  while (XPending (display) == 0)
    {
      struct pollfd fd = { ConnectionNumber (display), POLLIN, 0 };
      gint64 left = deadline - g_get_monotonic_time ();

      if (left <= 0)
        return FALSE;
      poll (&fd, 1, (int) (left / 1000) + 1);
    }
  XNextEvent (display, event);
  return TRUE;
}

/* Whether @window holds more than one colour: drawn by its program, not only cleared. */
static gboolean
window_shows_content (Display *display,
                      Window   window)
{
  XWindowAttributes attributes;
  XImage *image;
  gboolean varied = FALSE;

  if (!XGetWindowAttributes (display, window, &attributes))
    return FALSE;
  image = XGetImage (display, window, 0, 0, attributes.width, attributes.height, AllPlanes,
                     ZPixmap);
  if (image == NULL)
    return FALSE;

  for (int y = 0; y < image->height && !varied; y += 4)
    for (int x = 0; x < image->width && !varied; x += 4)
      varied = XGetPixel (image, x, y) != XGetPixel (image, 0, 0);
  XDestroyImage (image);
  return varied;
}

/* Starts @argv, waits for the first frame it draws on the display (the first Damage event of
 * the first top-level window it maps after which the window holds more than one colour:
 * there is no window manager under Xvfb, so top-level windows are children of the root),
 * lets it settle, reads its memory and ends it. */
static gboolean
run_peer (Display            *display,
          const char * const *argv,
          const char * const *envp,
          PeerRun            *run,
          GError            **error)
{
  int damage_event, damage_error;
  GPid pid;
  gint64 start;
  Window mapped = None;
  Damage damage = None;
  gboolean drawn = FALSE;
  XEvent event;

  if (!XDamageQueryExtension (display, &damage_event, &damage_error))
    {
      g_set_error_literal (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                           "the display has no DAMAGE extension");
      return FALSE;
    }
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);
  XSync (display, False);

  start = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, (char **) argv, (char **) envp,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH |
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &pid, error))
    return FALSE;

  while (!drawn && wait_event (display, &event, 30000))
    {
      if (event.type == MapNotify && mapped == None &&
          event.xmap.event == DefaultRootWindow (display) && !event.xmap.override_redirect)
        {
          mapped = event.xmap.window;
          damage = XDamageCreate (display, mapped, XDamageReportNonEmpty);
          XSync (display, False);
        }
      else if (event.type == damage_event + XDamageNotify &&
               ((XDamageNotifyEvent *) &event)->drawable == mapped)
        {
          gint64 now = g_get_monotonic_time ();

          /* The server's own paint at map time is one colour; a frame is not. */
          XDamageSubtract (display, damage, None, None);
          if (window_shows_content (display, mapped))
            {
              run->frame_s = (now - start) / 1e6;
              drawn = TRUE;
            }
        }
    }

  if (damage != None)
    XDamageDestroy (display, damage);
  XSync (display, False);

  if (drawn)
    {
      run->settle_s = wait_idle (pid);
      run->rss_mib = read_proc_kib (pid, "status", "VmRSS:") / 1024.0;
      run->pss_mib = read_proc_kib (pid, "smaps_rollup", "\nPss:") / 1024.0;
    }

  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);

  if (!drawn)
    g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                 "%s drew no frame within 30 s", argv[0]);
  return drawn;
}

#define N_PEERS 3

/* The medians of N_PEER_RUNS runs of each program of @argvs, run in turn so that all meet the
 * same load. */
static gboolean
measure_peers (Display            *display,
               const char * const *argvs[N_PEERS],
               const char * const *envp,
               PeerRun             medians[N_PEERS])
{
  double frame[N_PEERS][N_PEER_RUNS], rss[N_PEERS][N_PEER_RUNS], pss[N_PEERS][N_PEER_RUNS];
  double settle[N_PEERS][N_PEER_RUNS];

  for (guint i = 0; i < N_PEER_RUNS; i++)
    for (guint p = 0; p < N_PEERS; p++)
      {
        g_autoptr(GError) error = NULL;
        PeerRun run = { 0 };

        if (!run_peer (display, argvs[p], envp, &run, &error))
          {
            g_print ("start: %s: not measured: %s\n", argvs[p][0], error->message);
            return FALSE;
          }
        frame[p][i] = run.frame_s;
        rss[p][i] = run.rss_mib;
        pss[p][i] = run.pss_mib;
        settle[p][i] = run.settle_s;
      }

  for (guint p = 0; p < N_PEERS; p++)
    {
      medians[p].frame_s = bench_median (frame[p], N_PEER_RUNS);
      medians[p].rss_mib = bench_median (rss[p], N_PEER_RUNS);
      medians[p].pss_mib = bench_median (pss[p], N_PEER_RUNS);
      medians[p].settle_s = bench_median (settle[p], N_PEER_RUNS);
    }
  return TRUE;
}

/* Release Desk, gnome-text-editor and an empty libadwaita window (bench-empty-window.c: the
 * floor under both): the same method, session, display and environment. */
static void
compare_with_text_editor (const char         *release_desk,
                          const char         *empty_window,
                          const char * const *envp)
{
  g_autofree char *editor = g_find_program_in_path ("gnome-text-editor");
  const char *rd_argv[] = { release_desk, "--demo", NULL };
  const char *empty_argv[] = { empty_window, NULL };
  PeerRun medians[N_PEERS];
  const PeerRun *rd = &medians[0], *te = &medians[1], *empty = &medians[2];

  if (editor == NULL)
    {
      g_print ("start: gnome-text-editor: not measured, it is not installed "
               "(.ci/deps --bench installs it)\n");
      return;
    }

  {
    const char *te_argv[] = { editor, "--standalone", NULL };
    const char * const *argvs[N_PEERS] = { rd_argv, te_argv, empty_argv };
    /* Held open for the whole comparison: Xvfb resets when its last client leaves, and a
     * connection made during the reset fails. */
    Display *display = NULL;
    gboolean measured;

    /* The runs above may have just left: give a reset display a moment. */
    for (guint attempt = 0; display == NULL && attempt < 50; attempt++)
      if ((display = XOpenDisplay (NULL)) == NULL)
        g_usleep (100 * 1000);

    if (display == NULL)
      {
        g_print ("start: gnome-text-editor: not measured, cannot open the display\n");
        return;
      }
    measured = measure_peers (display, argvs, envp, medians);
    XCloseDisplay (display);
    if (!measured)
      return;
  }

  g_print ("start: renderer %s\n",
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "GTK's default");
  g_print ("start: first frame on the display (median of %d, run in turn): release-desk --demo "
           "%.3f s, gnome-text-editor --standalone %.3f s, ratio %.2f (target <= 0.7)\n",
           N_PEER_RUNS, rd->frame_s, te->frame_s, rd->frame_s / te->frame_s);
  g_print ("start: the floor, an empty libadwaita window (a header bar and a label): first frame "
           "%.3f s, %.2f x gnome-text-editor's; release-desk --demo %.2f x the floor\n",
           empty->frame_s, empty->frame_s / te->frame_s, rd->frame_s / empty->frame_s);
  g_print ("start: idle memory (median; idle %.1f s / %.1f s after the first frame): "
           "release-desk --demo with the demo package %.1f MiB RSS / %.1f MiB PSS, "
           "gnome-text-editor with an empty document %.1f MiB RSS / %.1f MiB PSS, "
           "ratio %.2f RSS / %.2f PSS (target <= 1)\n",
           rd->settle_s, te->settle_s, rd->rss_mib, rd->pss_mib, te->rss_mib, te->pss_mib,
           rd->rss_mib / te->rss_mib, rd->pss_mib / te->pss_mib);
  g_print ("start: the floor's idle memory: %.1f MiB RSS / %.1f MiB PSS, %.2f RSS / %.2f PSS x "
           "gnome-text-editor's\n", empty->rss_mib, empty->pss_mib,
           empty->rss_mib / te->rss_mib, empty->pss_mib / te->pss_mib);
}
#endif

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

  if (release_desk == NULL || argc != 2)
    {
      g_printerr ("bench-start: set RELEASE_DESK to the release-desk program and give the "
                  "bench-empty-window program as the argument (meson does both)\n");
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

#ifdef HAVE_XDAMAGE
  {
    g_auto(GStrv) peer_envp = g_get_environ ();

    peer_envp = g_environ_setenv (peer_envp, "GSETTINGS_BACKEND", "memory", TRUE);
    /* The tests' own checks (fatal criticals, glibc's malloc checks) are not for the peer,
     * whose criticals would end it, nor for a fair comparison. */
    peer_envp = g_environ_unsetenv (peer_envp, "G_DEBUG");
    peer_envp = g_environ_unsetenv (peer_envp, "MALLOC_CHECK_");
    compare_with_text_editor (release_desk, argv[1],
                              (const char * const *) peer_envp);
  }
#else
  g_print ("start: gnome-text-editor: not measured, built without libXdamage\n");
#endif

  return EXIT_SUCCESS;
}
