/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-cli.h: the headless path of release-desk: look a package up and export it or write its
 * patch, no display needed. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of the command line. */
#define RD_EXIT_OK     0
#define RD_EXIT_FAILED 1  /* the lookup, the export or the patch failed */
#define RD_EXIT_USAGE  2  /* missing or malformed input, no credentials */

typedef struct
{
  gboolean  demo;
  char     *account;       /* a saved account's name, or NULL */
  char     *region;
  char     *endpoint;
  char     *factory_endpoint;
  char     *project_id;
  char     *workspace;
  int       timeout;       /* seconds; 0 for the default */
  char     *export_path;   /* "-" for standard output */
  char     *diff_path;     /* "-" for standard output */
  char     *task_id;       /* --diff of this pending item ID alone, or NULL */
  char     *package_id;
  /* The credential variables of the invocation ("NAME=VALUE", see
   * rd_credentials_take_environment ()); NULL when it gave none. Wiped on clear. */
  char    **credentials_environ;
} RdCliOptions;

void rd_cli_options_clear (RdCliOptions       *options);
/* --export when @options has an export path, --diff when it has a diff path. */
int  rd_cli_export        (const RdCliOptions *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdCliOptions, rd_cli_options_clear)

G_END_DECLS
