/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-test-window.h"

RdWindow *
rd_test_new_lookup_window (GSettings *settings,
                           RdClient  *client,
                           GCallback  on_lookup_finished,
                           gpointer   user_data)
{
  RdWindow *window = rd_window_new (NULL, settings);

  rd_window_set_queue_visible (window, FALSE);
  rd_window_set_client (window, client);
  g_signal_connect (window, "lookup-finished", on_lookup_finished, user_data);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

void
rd_test_destroy_window (RdWindow **window,
                        guint      seconds)
{
  gpointer weak = *window;

  if (*window == NULL)
    return;

  g_object_add_weak_pointer (G_OBJECT (*window), &weak);
  gtk_window_destroy (GTK_WINDOW (*window));
  *window = NULL;
  RD_TEST_WAIT_UNTIL (weak == NULL, seconds);
}
