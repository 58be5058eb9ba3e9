/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-empty-window.c: the floor bench-start measures beside Release Desk and
 * gnome-text-editor: a libadwaita application whose window holds a header bar and one line
 * of text, nothing else, started the same way. What GTK and libadwaita cost before an
 * application draws anything of its own. */
#include <adwaita.h>

static void
on_activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new ("Empty");

  gtk_widget_set_vexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), label);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  /* gnome-text-editor's first window is this size. */
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 520);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app =
      adw_application_new ("io.github.releasedesk.BenchEmptyWindow", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
