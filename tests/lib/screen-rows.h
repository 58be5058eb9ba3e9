/* SPDX-License-Identifier: GPL-3.0-or-later */
/* screen-rows.h: what widgets show, read through the widget tree: a list view's rows held against
 * its model, a label's text as drawn. */
#pragma once

#include <string.h>

#include <gtk/gtk.h>

/* The model can be right while the rows GTK draws are not (GTK 4.8 left rows
 * of removed items on screen, or none at all). These read the rows through
 * the widget tree — the text a row shows, and its place from where it is
 * drawn and how far the list is scrolled — and hold them against the model,
 * item by item. */

typedef struct
{
  GtkWidget *row;        /* the row widget, as a click reaches it */
  double     y;          /* its top, in the list's coordinates */
  double     height;
  char      *text;       /* what it shows, as the test's read function says it */
  guint      position;   /* GTK's position for it, or GTK_INVALID_LIST_POSITION */
} RdScreenRow;

/* Whether @row is a row with text; if so, its text (newly allocated) and
 * GTK's position for it, when the test can tell. */
typedef gboolean (*RdReadRowFunc) (GtkWidget *row,
                                   char     **text,
                                   guint     *position);

/* The text the row of @item must show, newly allocated. */
typedef char *(*RdItemTextFunc) (gpointer item);

static inline void
rd_screen_row_clear (gpointer data)
{
  RdScreenRow *row = data;

  g_free (row->text);
}

static inline int
rd_screen_row_compare (gconstpointer a,
                       gconstpointer b)
{
  double ya = ((const RdScreenRow *) a)->y;
  double yb = ((const RdScreenRow *) b)->y;

  return ya < yb ? -1 : ya > yb;
}

/* The rows with text on screen, top to bottom: mapped and at least partly
 * inside @list's area. */
static inline GArray *
rd_screen_rows_read (GtkWidget     *list,
                     RdReadRowFunc  read_row)
{
  double list_height = gtk_widget_get_height (list);
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (RdScreenRow));

  g_array_set_clear_func (rows, rd_screen_row_clear);

  if (!gtk_widget_get_mapped (list))
    return rows;

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;
      RdScreenRow row = { child, 0, 0, NULL, GTK_INVALID_LIST_POSITION };

      if (!gtk_widget_get_mapped (child) || !gtk_widget_compute_bounds (child, list, &bounds))
        continue;
      if (bounds.size.height <= 0 || bounds.origin.y >= list_height ||
          bounds.origin.y + bounds.size.height <= 0)
        continue;
      if (!read_row (child, &row.text, &row.position))
        continue;
      if (row.text == NULL || row.text[0] == '\0')
        {
          g_free (row.text);
          continue;
        }

      row.y = bounds.origin.y;
      row.height = bounds.size.height;
      g_array_append_val (rows, row);
    }

  g_array_sort (rows, rd_screen_row_compare);

  return rows;
}

/* Every row with text on screen (@rows, from rd_screen_rows_read()) shows
 * the item of @model at its place, and as many rows show as @list has room
 * for. */
static inline void
rd_screen_rows_assert_match (GtkWidget      *list,
                             GArray         *rows,
                             GListModel     *model,
                             RdItemTextFunc  item_text,
                             const char     *when)
{
  guint n_items = g_list_model_get_n_items (model);
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  double list_height = gtk_widget_get_height (list);
  double scrolled = vadjustment != NULL ? gtk_adjustment_get_value (vadjustment) : 0;
  double row_height, stride, offset;
  guint first_slot;
  guint n_room = 0;

  g_test_message ("%s: %u items, %u rows on screen", when, n_items, rows->len);

  if (n_items == 0)
    {
      if (rows->len != 0)
        g_error ("%s: nothing to show, yet %u rows on screen (the first: “%s”)",
                 when, rows->len, g_array_index (rows, RdScreenRow, 0).text);
      return;
    }
  if (rows->len == 0)
    g_error ("%s: %u items to show, and the list is empty", when, n_items);

  /* Rows of one height, one after the other (a row's place is its height and
   * the room the style gives it), from where the list is scrolled to. */
  row_height = g_array_index (rows, RdScreenRow, 0).height;
  stride = rows->len > 1
               ? g_array_index (rows, RdScreenRow, 1).y - g_array_index (rows, RdScreenRow, 0).y
               : row_height;
  if (stride < row_height - 0.5)
    g_error ("%s: the first two rows on screen overlap (“%s” at %.1f, “%s” at %.1f, %.1f high)",
             when, g_array_index (rows, RdScreenRow, 0).text,
             g_array_index (rows, RdScreenRow, 0).y, g_array_index (rows, RdScreenRow, 1).text,
             g_array_index (rows, RdScreenRow, 1).y, row_height);
  first_slot =
      (guint) MAX (0.0, (g_array_index (rows, RdScreenRow, 0).y + scrolled) / stride + 0.5);
  /* Where the style puts a row in its place (its top margin). */
  offset = g_array_index (rows, RdScreenRow, 0).y - (first_slot * stride - scrolled);
  for (guint i = 0; i < rows->len; i++)
    {
      RdScreenRow *row = &g_array_index (rows, RdScreenRow, i);
      guint slot = first_slot + i;
      double top = slot * stride - scrolled + offset;
      g_autoptr(GObject) item = NULL;
      g_autofree char *expected = NULL;

      if (!G_APPROX_VALUE (row->height, row_height, 0.5) || !G_APPROX_VALUE (row->y, top, 1.0))
        g_error (
            "%s: row %u on screen (“%s”) is drawn at %.1f, %.1f high; expected at %.1f, %.1f high",
            when, slot, row->text, row->y, row->height, top, row_height);
      if (slot >= n_items)
        g_error ("%s: row %u on screen (“%s”) is past the %u items to show", when, slot, row->text,
                 n_items);

      item = g_list_model_get_item (model, slot);
      expected = item_text (item);
      if (g_strcmp0 (row->text, expected) != 0)
        g_error ("%s: row %u on screen shows “%s”, the model has “%s” there", when, slot, row->text,
                 expected);
      if (row->position != GTK_INVALID_LIST_POSITION && row->position != slot)
        g_error ("%s: row %u on screen (“%s”) is row %u to GTK", when, slot, row->text,
                 row->position);
    }

  /* The rows the list has room for: every place whose row is at least partly inside it. */
  for (guint slot = 0; slot < n_items; slot++)
    {
      double top = slot * stride - scrolled + offset;

      if (top >= list_height)
        break;
      if (top + row_height > 0.5)
        n_room++;
    }
  if (rows->len != n_room)
    g_error ("%s: %u rows on screen, room for %u of the %u items", when, rows->len, n_room,
             n_items);
}

/* The label in @widget whose shown text (markup applied) contains @needle. */
static inline GtkLabel *
rd_screen_find_label_showing (GtkWidget  *widget,
                              const char *needle)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = rd_screen_find_label_showing (child, needle);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static inline gboolean
rd_screen_on_frame_tick (GtkWidget     *widget,
                         GdkFrameClock *clock,
                         gpointer       data)
{
  guint *ticks = data;

  (*ticks)++;
  return *ticks < 2 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static inline gboolean
rd_screen_wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Until @widget's window has laid out and drawn what changed (two frames,
 * then what the main loop still has to do), or @timeout_s passed. */
static inline gboolean
rd_screen_wait_for_frames (GtkWidget *widget,
                           guint      timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;
  guint ticks = 0;
  guint tick_id = gtk_widget_add_tick_callback (widget, rd_screen_on_frame_tick, &ticks, NULL);
  guint wake_id = g_timeout_add (20, rd_screen_wake_up, NULL);

  while (ticks < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);
  if (ticks < 2)
    {
      gtk_widget_remove_tick_callback (widget, tick_id);
      return FALSE;
    }

  while (g_main_context_iteration (NULL, FALSE))
    ;

  return TRUE;
}
