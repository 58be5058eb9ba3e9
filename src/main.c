/* main.c: entry point of release-desk. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "rd-application.h"
#include "rd-tls.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RdApplication) app = NULL;

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
