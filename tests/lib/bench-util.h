/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-util.h: what the benchmarks share: sorted figures, this process's memory, timed
 * children. */
#pragma once

#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

G_BEGIN_DECLS

static inline int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sorts @values in place; the best (smallest) is then values[0]. */
static inline double
bench_median (double *values,
              guint   n)
{
  qsort (values, n, sizeof *values, bench_compare_doubles);

  if (n == 0)
    return 0;
  if (n % 2 == 1)
    return values[n / 2];

  return (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* A value of /proc/self/status in MiB (VmHWM, VmRSS), or -1. */
static inline double
bench_self_status_mib (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strdup_printf ("\n%s:", field);
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, key)) == NULL)
    return -1;

  return g_ascii_strtod (line + strlen (key), NULL) / 1024.0;
}

typedef struct
{
  double wall_s;       /* from just before the spawn to the reaping */
  double maxrss_mib;   /* wait4()'s ru_maxrss: the child's peak, and its children's */
  double user_s;
  double sys_s;
  int    exit_status;  /* -1 when killed by a signal */
  gint64 start_us;     /* g_get_monotonic_time () just before the spawn */
} BenchChild;

/* Runs @argv with @envp (NULL: ours) and waits for it with wait4(). ru_maxrss
 * counts the spawning process's own memory at the fork too (Linux keeps the
 * high-water mark across execve()), so a caller that wants the child's own
 * figure spawns while it is small, and prints bench_run_child() of /bin/true
 * as the floor. @stdout_text (nullable) gets what the child printed. */
static inline gboolean
bench_run_child (const char * const *argv,
                 const char * const *envp,
                 BenchChild         *result,
                 char              **stdout_text,
                 GError            **error)
{
  GPid pid;
  int out_fd = -1;
  int status;
  struct rusage usage;
  g_autoptr(GString) out = NULL;

  memset (result, 0, sizeof *result);
  result->start_us = g_get_monotonic_time ();

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, (char **) envp,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH |
                                 (stdout_text == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : 0),
                                 NULL, NULL, &pid, NULL,
                                 stdout_text != NULL ? &out_fd : NULL, NULL, error))
    return FALSE;

  if (stdout_text != NULL)
    {
      char buffer[4096];
      gssize n;

      out = g_string_new (NULL);
      while ((n = read (out_fd, buffer, sizeof buffer)) > 0)
        g_string_append_len (out, buffer, n);
      close (out_fd);
    }

  while (wait4 (pid, &status, 0, &usage) < 0)
    {
      if (errno != EINTR)
        {
          g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "wait4: %s", g_strerror (errno));
          return FALSE;
        }
    }

  result->wall_s = (g_get_monotonic_time () - result->start_us) / 1e6;
  result->maxrss_mib = usage.ru_maxrss / 1024.0;
  result->user_s = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6;
  result->sys_s = usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  result->exit_status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;

  if (stdout_text != NULL)
    *stdout_text = g_string_free (g_steal_pointer (&out), FALSE);

  return TRUE;
}

G_END_DECLS
