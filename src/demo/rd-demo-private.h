/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-demo-private.h: what the files of the demo library share; neither the app nor the tests
 * include it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* rd-demo-data.c */

/* A stable 32-hex ID for a sample user or item, the same in every package. */
char *rd_demo_sample_id              (const char *kind,
                                      const char *name);
/* rd_demo_generate_package_json () in another project and workspace. */
char *rd_demo_generate_package_in    (const char *project_id,
                                      const char *workspace_id,
                                      const char *package_id,
                                      guint       n_tasks,
                                      guint32     seed);

/* One package of the sample data in RD_DEMO_PROJECT_ID: its answer's status and body. */
typedef void (*RdDemoSampleFunc) (const char *workspace_id,
                                  const char *package_id,
                                  guint       status,
                                  GBytes     *body,
                                  gpointer    user_data);

/* Calls @func for each sample package, package 4 first. */
void  rd_demo_foreach_sample_package (RdDemoSampleFunc func,
                                      gpointer         user_data);

G_END_DECLS
