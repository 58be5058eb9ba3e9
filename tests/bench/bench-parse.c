/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-parse.c: times rd_parse_package_detail() on a generated answer of N tasks; peak memory. */
#include "config.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "rd-parser.h"

/* Deterministic, so every run and every machine parses the same bytes. */
static guint32
next_random (guint32 *state)
{
  guint32 x = *state;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;

  return x;
}

static void
append_hex_id (GString *text,
               guint32 *state)
{
  g_string_append_printf (text, "\"%08x%08x%08x%08x\"",
                          next_random (state), next_random (state),
                          next_random (state), next_random (state));
}

/* About 40 characters, one in five with Chinese words as real names have. */
static void
append_item_name (GString *text,
                  guint    index,
                  guint32 *state)
{
  static const char *const words[] = {
    "ads_supplier", "dwd_order", "dws_inventory", "ods_customer", "dim_product",
  };
  static const char *const chinese[] = {
    "供应商库存", "订单明细", "客户画像", "商品维度",
  };
  guint32 r = next_random (state);

  if (index % 5 == 0)
    g_string_append_printf (text, "\"%s_%s_%s_%06u\"",
                            words[r % G_N_ELEMENTS (words)],
                            chinese[(r >> 8) % G_N_ELEMENTS (chinese)],
                            "daily_snapshot", index);
  else
    g_string_append_printf (text, "\"%s__%s_info_%08u\"",
                            words[r % G_N_ELEMENTS (words)],
                            words[(r >> 8) % G_N_ELEMENTS (words)], index);
}

static GBytes *
generate_answer (guint n_tasks)
{
  GString *text = g_string_sized_new ((gsize)n_tasks * 400 + 1024);
  guint32 state = 0x2545F491;
  gint64 submitted = G_GINT64_CONSTANT (1690602544380);

  g_string_append (text,
                   "{\"release_package\":{"
                   "\"apply_timestamp\":1700288912934,"
                   "\"apply_user_id\":\"7b71e498e75d44048c9a22dd3c54f978\","
                   "\"apply_user_name\":\"ei_dlf_l00341563\","
                   "\"delete_flag\":0,"
                   "\"deploy_status\":1,"
                   "\"deploy_timestamp\":1700289155129,"
                   "\"deploy_user_id\":\"7b71e498e75d44048c9a22dd3c54f978\","
                   "\"deploy_user_name\":\"ei_dlf_l00341563\","
                   "\"package_approvers\":[{\"user_id\":\"7b71e498e75d44048c9a22dd3c54f978\","
                   "\"user_name\":\"ei_dlf_l00341563\"},"
                   "{\"user_id\":\"0a1b2c3d4e5f60718293a4b5c6d7e8f9\",\"user_name\":\"张伟\"}],"
                   "\"package_id\":\"4\","
                   "\"package_name\":\"ads_supplier_inventory_info_20231118143537\","
                   "\"project_id\":\"62099355b894428e8916573ae635f1f9-workspace-"
                   "45be704b28cb4f25a39221169fd3e27e\","
                   "\"workspace_id\":\"45be704b28cb4f25a39221169fd3e27e\"},"
                   "\"task_details\":[");

  for (guint i = 0; i < n_tasks; i++)
    {
      guint32 r = next_random (&state);

      submitted += 1000 + r % 600000;

      if (i > 0)
        g_string_append_c (text, ',');

      g_string_append_printf (text, "{\"deploy_status\":%u,\"deployed_version\":%u,\"item_name\":",
                              1 + r % 3, r % 7);
      append_item_name (text, i, &state);
      g_string_append_printf (text, ",\"pending_item_id\":\"%u\",\"pending_version\":%u,"
                              "\"script_id\":",
                              100000 + i, 1 + r % 7);
      append_hex_id (text, &state);
      g_string_append (text, ",\"task_id\":");
      append_hex_id (text, &state);
      g_string_append_printf (text, ",\"start_job_status\":%u,"
                              "\"submit_timestamp\":%" G_GINT64_FORMAT ","
                              "\"submit_user_id\":",
                              2 + (r >> 4) % 2, submitted);
      append_hex_id (text, &state);
      g_string_append_printf (text, ",\"submit_user_name\":\"%s\","
                              "\"task_type\":%u,\"update_type\":%u}",
                              (r >> 6) % 4 == 0 ? "李娜" : "ei_dlf_l00341563",
                              1 + (r >> 8) % 3, 1 + (r >> 10) % 3);
    }

  g_string_append (text, "]}");

  return g_string_free_to_bytes (text);
}

/* VmHWM is this process's own high-water mark. ru_maxrss survives execve() on
 * Linux, so under meson it starts at the Python parent's size (about 29 MiB). */
static double
peak_rss_mib (void)
{
  g_autofree char *status = NULL;
  struct rusage usage;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *line = strstr (status, "\nVmHWM:");

      if (line != NULL)
        return g_ascii_strtod (line + strlen ("\nVmHWM:"), NULL) / 1024.0;
    }

  getrusage (RUSAGE_SELF, &usage);

  /* ru_maxrss is in KiB on Linux. */
  return usage.ru_maxrss / 1024.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) answer = NULL;
  g_autofree double *times = NULL;
  guint64 n_tasks = 10000;
  double rss_before;
  guint n_runs;

  if (argc > 1 && !g_ascii_string_to_unsigned (argv[1], 10, 1, 10000000, &n_tasks, NULL))
    {
      g_printerr ("usage: %s [NUMBER-OF-TASKS]\n", argv[0]);
      return EXIT_FAILURE;
    }

  answer = generate_answer ((guint)n_tasks);
  rss_before = peak_rss_mib ();

  /* Enough runs for a stable median without making the big size slow. */
  n_runs = n_tasks <= 10000 ? 9 : 5;
  times = g_new0 (double, n_runs);

  for (guint run = 0; run < n_runs; run++)
    {
      g_autoptr(RdReleasePackage) package = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      package = rd_parse_package_detail (answer, &error);
      times[run] = (g_get_monotonic_time () - start) / 1000.0;

      if (package == NULL)
        {
          g_printerr ("parse-%" G_GUINT64_FORMAT ": parsing failed: %s\n",
                      n_tasks, error->message);
          return EXIT_FAILURE;
        }

      if (g_list_model_get_n_items (rd_release_package_get_tasks (package)) != n_tasks)
        {
          g_printerr ("parse-%" G_GUINT64_FORMAT ": wrong number of tasks\n", n_tasks);
          return EXIT_FAILURE;
        }
    }

  qsort (times, n_runs, sizeof *times, compare_doubles);

  g_print ("parse-%" G_GUINT64_FORMAT ": %.1f MB, best %.1f ms, median %.1f ms, "
           "peak RSS %.1f MiB\n",
           n_tasks, g_bytes_get_size (answer) / 1e6, times[0], times[n_runs / 2],
           peak_rss_mib ());
  g_print ("parse-%" G_GUINT64_FORMAT ": %u runs, %.0f bytes per task, "
           "RSS with the answer alone %.1f MiB\n",
           n_tasks, n_runs, (double)g_bytes_get_size (answer) / n_tasks, rss_before);

  return EXIT_SUCCESS;
}
