/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-test-window.h: what the window tests share (the rd_test_ui_lib library, the only part of
 * the helpers that links GTK). */
#pragma once

#include <adwaita.h>

#include "rd-test-util.h"
#include "rd-window.h"

G_BEGIN_DECLS

/* Skips the test when the file's `have_display` is FALSE (no display: gtk_init_check failed). */
#define SKIP_WITHOUT_DISPLAY()                                                      \
  G_STMT_START {                                                                    \
    if (!have_display)                                                              \
      {                                                                             \
        g_test_skip ("No display: run under xvfb-run");                             \
        return;                                                                     \
      }                                                                             \
  } G_STMT_END

/* A window for the lookup tests, presented, without an application: @settings (NULL: nothing
 * persists), @client, and @on_lookup_finished connected to its "lookup-finished" with
 * @user_data. Its review queue stays hidden, so the queue's list calls neither count as requests
 * nor take the faults meant for lookups (test-review-window tests the queue). */
RdWindow *rd_test_new_lookup_window (GSettings *settings,
                                     RdClient  *client,
                                     GCallback  on_lookup_finished,
                                     gpointer   user_data);

/* Destroys the window at @window, if any, sets it to NULL and waits (up to @seconds) until the
 * window, and whatever it started, lets go of it. */
void rd_test_destroy_window (RdWindow **window,
                             guint      seconds);

/* The first widget at or under @widget, depth first, that is a @type and, when @match is not
 * NULL, for which @match (widget, @data) is TRUE; NULL when there is none. */
GtkWidget *rd_test_find_widget (GtkWidget  *widget,
                                GType       type,
                                gboolean  (*match) (GtkWidget    *widget,
                                                    gconstpointer data),
                                gconstpointer data);

/* Matches for rd_test_find_widget (): a widget with the CSS class @data; a label, inscription or
 * button whose text is @data. */
gboolean rd_test_widget_has_css_class (GtkWidget    *widget,
                                       gconstpointer data);
gboolean rd_test_widget_has_text (GtkWidget    *widget,
                                  gconstpointer data);
/* The same, drawn: mapped. */
gboolean rd_test_widget_shows_text (GtkWidget    *widget,
                                    gconstpointer data);

/* The text on @widget's clipboard, waited for; the test fails when there is none. */
char *rd_test_read_clipboard (GtkWidget *widget);

/* The label of item @item of section @section of @menu; the test fails when there is none. */
char *rd_test_dup_menu_label (GMenuModel *menu,
                              guint       section,
                              guint       item);

/* The shortcut of @widget's own shortcut controllers whose trigger is @wanted (or has it as
 * one of its alternatives), or NULL; the controller keeps it. */
GtkShortcut *rd_test_find_shortcut (GtkWidget          *widget,
                                    GtkShortcutTrigger *wanted);

/* The visible AdwMessageDialog among the toplevels, or NULL. */
AdwMessageDialog *rd_test_find_message_dialog (void);

G_END_DECLS
