/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: entry point of release-desk. */
#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <locale.h>
#ifdef HAVE_SYS_PRCTL_H
#include <sys/prctl.h>
#endif

#include "rd-application.h"
#include "rd-tls.h"

/* The process holds a token or a secret key from its first moment (the environment, then
 * the keyring): a core dump would write them to disk, and another process of the same user
 * could read them with ptrace or /proc/PID/mem. Not dumpable, the kernel allows neither
 * (root's /proc/sys/fs/suid_dumpable and a debugger that started us are unaffected).
 * AddressSanitizer's leak check turns it back on for a moment at exit, to read the threads. */
static void
forbid_core_dumps (void)
{
#if defined(__linux__) && defined(HAVE_SYS_PRCTL_H)
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_warning ("Could not keep secrets out of core dumps: prctl: %s", g_strerror (errno));
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RdApplication) app = NULL;

  forbid_core_dumps ();

  /* Before anything can make a TLS connection (or start a thread): every
   * connection of this process, window and command line, needs TLS 1.2 or newer. */
  rd_tls_apply_policy ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = rd_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
