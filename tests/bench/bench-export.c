/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-export.c: `release-desk --export` of a big package as a process, wall time and peak
 * memory, beside `curl | jq .` of the same answer from the same loopback server. */
#include "config.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "bench-util.h"
#include "rd-demo-testing.h"

/* The server runs in a child of its own (this program with --serve), so that
 * this process stays small: a child's ru_maxrss starts at the size of the
 * process that forked it. */

static gboolean
on_parent_gone (int          fd,
                GIOCondition condition,
                gpointer     user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
serve (guint n_tasks)
{
  g_autoptr(RdDemoService) demo = rd_demo_service_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *package_id = g_strdup_printf ("9%u", n_tasks);
  g_autofree char *json = rd_demo_generate_package_json (package_id, n_tasks, 0x2545F491);

  if (!rd_demo_service_start (demo, &error))
    {
      g_printerr ("bench-export: the demo service did not start: %s\n", error->message);
      return EXIT_FAILURE;
    }

  rd_demo_service_add_package (demo, RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID, package_id, json);

  /* Runs until the benchmark closes our standard input. */
  g_print ("%s %s %zu\n", rd_demo_service_get_url (demo), package_id, strlen (json));
  fflush (stdout);
  g_clear_pointer (&json, g_free);

  g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, on_parent_gone, loop);
  g_main_loop_run (loop);
  rd_demo_service_stop (demo);

  return EXIT_SUCCESS;
}

/* How many times @needle occurs in the file at @path, read in pieces. */
static guint64
count_in_file (const char *path,
               const char *needle)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  const char *data;
  const char *end;
  gsize length = strlen (needle);
  guint64 n = 0;

  if (file == NULL)
    return 0;

  data = g_mapped_file_get_contents (file);
  end = data + g_mapped_file_get_length (file);
  while (data != NULL && (data = g_strstr_len (data, end - data, needle)) != NULL)
    {
      n++;
      data += length;
    }

  return n;
}

static char **
dup_environment_with_token (void)
{
  char **envp = g_get_environ ();

  envp = g_environ_setenv (envp, "RELEASE_DESK_TOKEN", RD_DEMO_TOKEN, TRUE);
  /* The application must not find the test's keyring or settings in a bad state. */
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);

  return envp;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *self_path = NULL;
  g_autofree char *server_line = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *export_path = NULL;
  g_autofree char *jq_path = NULL;
  g_autofree char *endpoint_option = NULL;
  g_autofree char *export_option = NULL;
  g_autofree char *detail_url = NULL;
  g_autofree char *curl = NULL;
  g_autofree char *jq = NULL;
  g_auto(GStrv) envp = NULL;
  g_auto(GStrv) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *export_wall = NULL;
  g_autofree double *export_rss = NULL;
  g_autofree double *pipe_wall = NULL;
  g_autofree double *pipe_rss = NULL;
  const char *release_desk = g_getenv ("RELEASE_DESK");
  guint64 n_tasks = 10000;
  guint64 counted;
  BenchChild child;
  GPid server_pid;
  int server_in, server_out;
  guint n_runs;
  gboolean have_pipe;
  double floor_rss;

  if (argc == 3 && g_str_equal (argv[1], "--serve") &&
      g_ascii_string_to_unsigned (argv[2], 10, 0, 10000000, &n_tasks, NULL))
    return serve ((guint) n_tasks);

  if (argc > 1 && !g_ascii_string_to_unsigned (argv[1], 10, 1, 10000000, &n_tasks, NULL))
    {
      g_printerr ("usage: %s [NUMBER-OF-TASKS]\n", argv[0]);
      return EXIT_FAILURE;
    }

  if (release_desk == NULL)
    {
      g_printerr ("bench-export: set RELEASE_DESK to the release-desk program (meson does)\n");
      return EXIT_FAILURE;
    }

  /* The server, and the line where it says where it is. */
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  {
    g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, n_tasks);
    const char *server_argv[] = { self_path != NULL ? self_path : argv[0], "--serve", count, NULL };
    g_autoptr(GIOChannel) channel = NULL;

    if (!g_spawn_async_with_pipes (NULL, (char **) server_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &server_pid, &server_in, &server_out, NULL, &error))
      {
        g_printerr ("bench-export: could not start the server: %s\n", error->message);
        return EXIT_FAILURE;
      }

    channel = g_io_channel_unix_new (server_out);
    g_io_channel_set_close_on_unref (channel, TRUE);
    if (g_io_channel_read_line (channel, &server_line, NULL, NULL, &error) != G_IO_STATUS_NORMAL)
      {
        g_printerr ("bench-export: the server said nothing: %s\n",
                    error != NULL ? error->message : "end of file");
        return EXIT_FAILURE;
      }
  }

  fields = g_strsplit (g_strstrip (server_line), " ", 3);
  if (g_strv_length (fields) != 3)
    {
      g_printerr ("bench-export: the server said “%s”\n", server_line);
      return EXIT_FAILURE;
    }

  tmpdir = g_dir_make_tmp ("bench-export-XXXXXX", &error);
  g_assert_no_error (error);
  export_path = g_build_filename (tmpdir, "export.json", NULL);
  jq_path = g_build_filename (tmpdir, "jq.json", NULL);
  endpoint_option = g_strconcat ("--endpoint=", fields[0], NULL);
  export_option = g_strconcat ("--export=", export_path, NULL);
  detail_url = g_strdup_printf ("%s/v2/%s/factory/release-packages/%s",
                                fields[0], RD_DEMO_PROJECT_ID, fields[1]);
  envp = dup_environment_with_token ();

  curl = g_find_program_in_path ("curl");
  jq = g_find_program_in_path ("jq");
  have_pipe = curl != NULL && jq != NULL;

  /* The memory any child starts with here: this process's at the fork. */
  {
    const char *true_argv[] = { "true", NULL };

    if (!bench_run_child (true_argv, NULL, &child, NULL, &error))
      g_error ("%s", error->message);
    floor_rss = child.maxrss_mib;
  }

  n_runs = n_tasks <= 10000 ? 5 : 3;
  export_wall = g_new0 (double, n_runs);
  export_rss = g_new0 (double, n_runs);
  pipe_wall = g_new0 (double, n_runs);
  pipe_rss = g_new0 (double, n_runs);

  /* Alternating, so that a noisy moment on this shared machine hits both alike. */
  for (guint run = 0; run < n_runs; run++)
    {
      const char *export_argv[] = {
        release_desk, endpoint_option, "--project-id=" RD_DEMO_PROJECT_ID, export_option,
        fields[1], NULL
      };

      g_unlink (export_path);
      if (!bench_run_child (export_argv, (const char * const *) envp, &child, NULL, &error))
        g_error ("%s", error->message);
      if (child.exit_status != 0)
        {
          g_printerr ("export-%" G_GUINT64_FORMAT ": release-desk exited with status %d\n",
                      n_tasks, child.exit_status);
          return EXIT_FAILURE;
        }
      export_wall[run] = child.wall_s;
      export_rss[run] = child.maxrss_mib;

      if (have_pipe)
        {
          const char *pipe_argv[] = {
            "/bin/sh", "-c",
            "\"$1\" -sSf -H \"X-Auth-Token: $2\" -H \"X-Project-Id: $3\" \"$4\" | \"$5\" . >\"$6\"",
            "sh", curl, RD_DEMO_TOKEN, RD_DEMO_PROJECT_ID, detail_url, jq, jq_path, NULL
          };

          if (!bench_run_child (pipe_argv, (const char * const *) envp, &child, NULL, &error))
            g_error ("%s", error->message);
          if (child.exit_status != 0)
            {
              g_printerr ("export-%" G_GUINT64_FORMAT ": curl | jq exited with status %d\n",
                          n_tasks, child.exit_status);
              have_pipe = FALSE;
            }
          pipe_wall[run] = child.wall_s;
          pipe_rss[run] = child.maxrss_mib;
        }
    }

  close (server_in);
  waitpid (server_pid, NULL, 0);
  g_spawn_close_pid (server_pid);

  /* The export is the service's own document, every task of it. */
  counted = count_in_file (export_path, "\"item_name\"");
  if (counted != n_tasks)
    {
      g_printerr ("export-%" G_GUINT64_FORMAT ": the export holds %" G_GUINT64_FORMAT " tasks\n",
                  n_tasks, counted);
      return EXIT_FAILURE;
    }

  {
    double wall_median = bench_median (export_wall, n_runs);
    double rss_median = bench_median (export_rss, n_runs);

    g_print ("export %" G_GUINT64_FORMAT " tasks (%.1f MB answer): %.3f s wall (best of %u, "
             "median %.3f), peak %.1f MiB (median; max %.1f)",
             n_tasks, g_ascii_strtod (fields[2], NULL) / 1e6, export_wall[0], n_runs, wall_median,
             rss_median, export_rss[n_runs - 1]);

    if (have_pipe)
      {
        double pipe_median = bench_median (pipe_wall, n_runs);
        double pipe_rss_median = bench_median (pipe_rss, n_runs);

        g_print ("; curl|jq: %.3f s (best, median %.3f), peak %.1f MiB; ratio %.2f (best/best, "
                 "median/median %.2f)\n",
                 pipe_wall[0], pipe_median, pipe_rss_median,
                 export_wall[0] / pipe_wall[0], wall_median / pipe_median);
      }
    else
      {
        g_print ("; curl|jq: not run (%s)\n",
                 curl == NULL ? "no curl" : jq == NULL ? "no jq" : "it failed");
      }

    g_print ("export %" G_GUINT64_FORMAT " tasks: peak memory of a child that does nothing "
             "(/bin/true) here: %.1f MiB, this process %.1f MiB\n",
             n_tasks, floor_rss, bench_self_status_mib ("VmHWM"));
  }

  g_unlink (export_path);
  g_unlink (jq_path);
  g_rmdir (tmpdir);

  return EXIT_SUCCESS;
}
