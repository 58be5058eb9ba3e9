/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-test-window.h"

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
