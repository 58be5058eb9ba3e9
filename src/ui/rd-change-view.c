/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-change-view.c: the review pane: what one task changes, as a diff in GtkSourceView. */
#define G_LOG_DOMAIN "rd-change-view"

#include "config.h"

#include "rd-change-view.h"

#include <errno.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "rd-enums.h"
#include "rd-task-column.h"

/* {{{ RdDiffGutter: a line-number column of the diff (old or new numbers, blank where none) */

#define RD_TYPE_DIFF_GUTTER (rd_diff_gutter_get_type ())
G_DECLARE_FINAL_TYPE (RdDiffGutter, rd_diff_gutter, RD, DIFF_GUTTER, GtkSourceGutterRendererText)

struct _RdDiffGutter
{
  GtkSourceGutterRendererText parent_instance;

  GArray *numbers;   /* int per buffer line; -1: none */
};

G_DEFINE_FINAL_TYPE (RdDiffGutter, rd_diff_gutter, GTK_SOURCE_TYPE_GUTTER_RENDERER_TEXT)

static void
rd_diff_gutter_query_data (GtkSourceGutterRenderer *renderer,
                           GtkSourceGutterLines    *lines,
                           guint                    line)
{
  RdDiffGutter *self = RD_DIFF_GUTTER (renderer);
  GtkSourceGutterRendererText *text = GTK_SOURCE_GUTTER_RENDERER_TEXT (renderer);
  int number = line < self->numbers->len ? g_array_index (self->numbers, int, line) : -1;
  char digits[16];

  if (number < 0)
    {
      gtk_source_gutter_renderer_text_set_text (text, "", 0);
      return;
    }

  g_snprintf (digits, sizeof digits, "%d", number);
  gtk_source_gutter_renderer_text_set_text (text, digits, -1);
}

static void
rd_diff_gutter_finalize (GObject *object)
{
  g_clear_pointer (&RD_DIFF_GUTTER (object)->numbers, g_array_unref);

  G_OBJECT_CLASS (rd_diff_gutter_parent_class)->finalize (object);
}

static void
rd_diff_gutter_class_init (RdDiffGutterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_diff_gutter_finalize;
  GTK_SOURCE_GUTTER_RENDERER_CLASS (klass)->query_data = rd_diff_gutter_query_data;
}

static void
rd_diff_gutter_init (RdDiffGutter *self)
{
  self->numbers = g_array_new (FALSE, FALSE, sizeof (int));
  gtk_source_gutter_renderer_set_xpad (GTK_SOURCE_GUTTER_RENDERER (self), 6);
  gtk_source_gutter_renderer_set_xalign (GTK_SOURCE_GUTTER_RENDERER (self), 1.0);
}

/* Takes @numbers; sized for the largest. */
static void
rd_diff_gutter_set_numbers (RdDiffGutter *self,
                            GArray       *numbers)
{
  int largest = 0;
  g_autofree char *sample = NULL;
  int width = 0;

  g_array_unref (self->numbers);
  self->numbers = numbers;

  for (guint i = 0; i < numbers->len; i++)
    largest = MAX (largest, g_array_index (numbers, int, i));

  sample = g_strdup_printf ("%d", MAX (largest, 99));
  gtk_source_gutter_renderer_text_measure (GTK_SOURCE_GUTTER_RENDERER_TEXT (self), sample,
                                           &width, NULL);
  gtk_widget_set_size_request (GTK_WIDGET (self), width + 12, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* }}} */

/* {{{ Pages: a diff's text built once into a buffer of its own, with its line numbers */

/* What one source view shows: kept per change, so that coming back to a task (or moving to a
 * prefetched one) only swaps the buffer in. */
typedef struct
{
  GtkSourceBuffer *buffer;
  GArray          *old_numbers;  /* int per buffer line; -1: none */
  GArray          *new_numbers;
  GArray          *hunk_lines;   /* guint: the buffer line each hunk starts at */
} Page;

static void
page_clear (Page *page)
{
  g_clear_object (&page->buffer);
  g_clear_pointer (&page->old_numbers, g_array_unref);
  g_clear_pointer (&page->new_numbers, g_array_unref);
  g_clear_pointer (&page->hunk_lines, g_array_unref);
}

static void
page_copy (Page       *to,
           const Page *from)
{
  page_clear (to);
  to->buffer = from->buffer != NULL ? g_object_ref (from->buffer) : NULL;
  to->old_numbers = from->old_numbers != NULL ? g_array_ref (from->old_numbers) : NULL;
  to->new_numbers = from->new_numbers != NULL ? g_array_ref (from->new_numbers) : NULL;
  to->hunk_lines = from->hunk_lines != NULL ? g_array_ref (from->hunk_lines) : NULL;
}

/* The schemes in src/ui/styles/: GtkSourceView's Adwaita ones without the error underline
 * (a hunk's grammar starts mid-construct). GtkSourceView 5.6 lists schemes in a resource
 * folder but reads each with g_file_get_contents () on its resource:// URI, which fails; so
 * they are copied from the resources to the user's cache folder, once per version of them,
 * atomically. Without them the pane falls back on Adwaita itself. */
static void
add_diff_schemes (void)
{
  static const char * const names[] = { "releasedesk-diff.xml", "releasedesk-diff-dark.xml" };
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), "release-desk", "styles",
                                              NULL);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_debug ("No folder for the diff's style schemes: %s", g_strerror (errno));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *resource = g_strconcat ("/io/github/releasedesk/ReleaseDesk/styles/",
                                               names[i], NULL);
      g_autofree char *path = g_build_filename (folder, names[i], NULL);
      g_autoptr(GBytes) wanted = g_resources_lookup_data (resource, 0, NULL);
      g_autofree char *current = NULL;
      g_autoptr(GError) error = NULL;
      gsize current_length = 0;
      gsize wanted_length = 0;
      const char *data;

      if (wanted == NULL)
        continue;
      data = g_bytes_get_data (wanted, &wanted_length);
      if (g_file_get_contents (path, &current, &current_length, NULL) &&
          current_length == wanted_length && memcmp (current, data, wanted_length) == 0)
        continue;
      if (!g_file_set_contents_full (path, data, wanted_length,
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        g_debug ("Could not write the diff's style scheme: %s", error->message);
    }

  gtk_source_style_scheme_manager_prepend_search_path (
    gtk_source_style_scheme_manager_get_default (), folder);
}

/* The theme's colours: GNOME's green and red, as translucent backgrounds that read on light
 * and dark alike; the words that changed a step stronger. */
static void
buffer_set_dark (GtkSourceBuffer *buffer,
                 gboolean         dark)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (GTK_TEXT_BUFFER (buffer));
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme;
  GdkRGBA added, removed, added_word, removed_word, hunk, filler;

  /* @success_color #26a269 / #2ec27e, @error_color #c01c28 / #e01b24 of libadwaita 1.2 */
  gdk_rgba_parse (&added, dark ? "rgba(46,194,126,0.16)" : "rgba(38,162,105,0.14)");
  gdk_rgba_parse (&added_word, dark ? "rgba(46,194,126,0.38)" : "rgba(38,162,105,0.34)");
  gdk_rgba_parse (&removed, dark ? "rgba(224,27,36,0.18)" : "rgba(192,28,40,0.12)");
  gdk_rgba_parse (&removed_word, dark ? "rgba(224,27,36,0.40)" : "rgba(192,28,40,0.30)");
  gdk_rgba_parse (&hunk, dark ? "rgba(53,132,228,0.20)" : "rgba(53,132,228,0.12)");
  gdk_rgba_parse (&filler, dark ? "rgba(255,255,255,0.04)" : "rgba(0,0,0,0.04)");

  g_object_set (gtk_text_tag_table_lookup (table, "added"), "paragraph-background-rgba", &added,
                NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "removed"), "paragraph-background-rgba",
                &removed, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "added-word"), "background-rgba", &added_word,
                NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "removed-word"), "background-rgba",
                &removed_word, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "hunk"), "paragraph-background-rgba", &hunk,
                NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "filler"), "paragraph-background-rgba",
                &filler, NULL);

  /* GtkSourceView's Adwaita schemes without their error underline (src/ui/styles/). */
  scheme = gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "releasedesk-diff-dark"
                                                                     : "releasedesk-diff");
  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark"
                                                                       : "Adwaita");
  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "classic-dark"
                                                                       : "classic");
  gtk_source_buffer_set_style_scheme (buffer, scheme);
}

static GtkSourceBuffer *
diff_buffer_new (gboolean           dark,
                 GtkSourceLanguage *language)
{
  GtkSourceBuffer *buffer = gtk_source_buffer_new (NULL);
  GtkTextBuffer *text = GTK_TEXT_BUFFER (buffer);

  gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);
  gtk_text_buffer_create_tag (text, "added", NULL);
  gtk_text_buffer_create_tag (text, "removed", NULL);
  gtk_text_buffer_create_tag (text, "added-word", NULL);
  gtk_text_buffer_create_tag (text, "removed-word", NULL);
  gtk_text_buffer_create_tag (text, "hunk", "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (text, "filler", NULL);
  buffer_set_dark (buffer, dark);
  gtk_source_buffer_set_language (buffer, language);

  return buffer;
}

/* Builds a page's text line by line, then fills its buffer: at once for a small page, or a
 * slice at a time for a large one (see MAX_LINES_AT_ONCE). */
typedef struct
{
  Page     page;
  GString *text;
  guint    n_lines;
  /* Tags to apply once the text is in: runs of whole lines, and ranges within a line. */
  GArray  *runs;
  GArray  *ranges;
  /* How far the buffer is filled. */
  gsize    text_done;
  guint    lines_done;
  guint    run_done;
  guint    range_done;
} PageBuilder;

typedef struct
{
  guint       first;
  guint       last;
  const char *tag;
} LineRun;

typedef struct
{
  guint       line;
  const char *tag;
  guint       start;
  guint       end;
} LineRange;

/* Lines inserted per step: each step inserts them and tags what lies in them. */
#define LINES_PER_STEP 500

static void
builder_begin (PageBuilder       *builder,
               gboolean           dark,
               GtkSourceLanguage *language)
{
  memset (builder, 0, sizeof *builder);
  builder->page.buffer = diff_buffer_new (dark, language);
  builder->page.old_numbers = g_array_new (FALSE, FALSE, sizeof (int));
  builder->page.new_numbers = g_array_new (FALSE, FALSE, sizeof (int));
  builder->page.hunk_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  builder->text = g_string_new (NULL);
  builder->runs = g_array_new (FALSE, FALSE, sizeof (LineRun));
  builder->ranges = g_array_new (FALSE, FALSE, sizeof (LineRange));
}

static void
builder_add (PageBuilder *builder,
             const char  *content,
             gsize        length,
             int          old_number,
             int          new_number,
             const char  *tag)
{
  if (builder->n_lines > 0)
    g_string_append_c (builder->text, '\n');
  g_string_append_len (builder->text, content, length);
  g_array_append_val (builder->page.old_numbers, old_number);
  g_array_append_val (builder->page.new_numbers, new_number);

  if (tag != NULL)
    {
      LineRun *last = builder->runs->len > 0
                      ? &g_array_index (builder->runs, LineRun, builder->runs->len - 1) : NULL;

      /* One tag over a run of lines: a tag applied per line costs as much as the line. */
      if (last != NULL && last->tag == tag && last->last + 1 == builder->n_lines)
        last->last = builder->n_lines;
      else
        {
          LineRun run = { builder->n_lines, builder->n_lines, tag };

          g_array_append_val (builder->runs, run);
        }
    }

  builder->n_lines++;
}

static void
builder_add_hunk (PageBuilder *builder,
                  const char  *header)
{
  g_array_append_val (builder->page.hunk_lines, builder->n_lines);
  builder_add (builder, header, strlen (header), -1, -1, "hunk");
}

static void
builder_mark_range (PageBuilder *builder,
                    const char  *tag,
                    guint        start,
                    guint        end)
{
  LineRange range = { builder->n_lines - 1, tag, start, end };

  if (start < end)
    g_array_append_val (builder->ranges, range);
}

static void
builder_free_steps (PageBuilder *builder)
{
  if (builder->text != NULL)
    g_string_free (builder->text, TRUE);
  builder->text = NULL;
  g_clear_pointer (&builder->runs, g_array_unref);
  g_clear_pointer (&builder->ranges, g_array_unref);
}

/* Inserts the next lines and applies the tags within them; TRUE once the page is whole. */
static gboolean
builder_step (PageBuilder *builder)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (builder->page.buffer);
  const char *text = builder->text->str;
  guint lines_end = MIN (builder->lines_done + LINES_PER_STEP, builder->n_lines);
  gsize text_end = builder->text_done;
  GtkTextIter start, end;

  /* Through the newline after the step's last line, so that its tags can cover it. */
  for (guint line = builder->lines_done; line < lines_end && text_end < builder->text->len;
       line++)
    {
      const char *eol = memchr (text + text_end, '\n', builder->text->len - text_end);

      text_end = eol != NULL ? (gsize)(eol - text) + 1 : builder->text->len;
    }
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text + builder->text_done,
                          (int)(text_end - builder->text_done));
  builder->text_done = text_end;
  builder->lines_done = lines_end;

  /* Runs, each as far as the lines are in (a run may go on in the next step). */
  while (builder->run_done < builder->runs->len)
    {
      LineRun *run = &g_array_index (builder->runs, LineRun, builder->run_done);
      guint first = run->first, last = MIN (run->last, lines_end - 1);

      if (first >= lines_end)
        break;
      gtk_text_buffer_get_iter_at_line (buffer, &start, (int)first);
      gtk_text_buffer_get_iter_at_line (buffer, &end, (int)last);
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
      gtk_text_iter_forward_char (&end);
      gtk_text_buffer_apply_tag_by_name (buffer, run->tag, &start, &end);
      if (last < run->last)
        {
          run->first = lines_end;
          break;
        }
      builder->run_done++;
    }

  for (; builder->range_done < builder->ranges->len; builder->range_done++)
    {
      LineRange *range = &g_array_index (builder->ranges, LineRange, builder->range_done);

      if (range->line >= lines_end)
        break;
      gtk_text_buffer_get_iter_at_line_index (buffer, &start, (int)range->line,
                                              (int)range->start);
      gtk_text_buffer_get_iter_at_line_index (buffer, &end, (int)range->line, (int)range->end);
      gtk_text_buffer_apply_tag_by_name (buffer, range->tag, &start, &end);
    }

  if (builder->lines_done < builder->n_lines)
    return FALSE;

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  builder_free_steps (builder);

  return TRUE;
}

/* The page whole, at once; the caller owns it. */
static void
builder_end (PageBuilder *builder,
             Page        *page)
{
  while (!builder_step (builder))
    ;
  *page = builder->page;
}

/* }}} */

/* {{{ One source view with its gutters */

typedef struct
{
  GtkWidget       *scroller;
  GtkSourceView   *view;
  RdDiffGutter    *old_gutter;   /* NULL in a split view's pane */
  RdDiffGutter    *new_gutter;
  Page             page;         /* what it shows */
} Pane;

static void
pane_init (Pane     *pane,
           gboolean  old_numbers,
           gboolean  new_numbers)
{
  GtkSourceGutter *gutter;

  pane->page.buffer = diff_buffer_new (FALSE, NULL);
  pane->page.hunk_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  pane->view = GTK_SOURCE_VIEW (gtk_source_view_new_with_buffer (pane->page.buffer));
  gtk_text_view_set_editable (GTK_TEXT_VIEW (pane->view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (pane->view), TRUE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (pane->view), TRUE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (pane->view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (pane->view), 12);
  gtk_widget_set_vexpand (GTK_WIDGET (pane->view), TRUE);

  /* Space marks the task shown, as it marks the selected ones in the table: read, then Space
   * and j. On the text only (the pane's buttons keep Space for themselves). */
  {
    GtkEventController *controller = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (
        GTK_SHORTCUT_CONTROLLER (controller),
        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                          gtk_named_action_new ("change.reviewed")));
    gtk_widget_add_controller (GTK_WIDGET (pane->view), controller);
  }

  gutter = gtk_source_view_get_gutter (pane->view, GTK_TEXT_WINDOW_LEFT);
  if (old_numbers)
    {
      pane->old_gutter = g_object_new (RD_TYPE_DIFF_GUTTER, NULL);
      gtk_source_gutter_insert (gutter, GTK_SOURCE_GUTTER_RENDERER (pane->old_gutter), 0);
    }
  if (new_numbers)
    {
      pane->new_gutter = g_object_new (RD_TYPE_DIFF_GUTTER, NULL);
      gtk_source_gutter_insert (gutter, GTK_SOURCE_GUTTER_RENDERER (pane->new_gutter), 1);
    }

  pane->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (pane->scroller), GTK_WIDGET (pane->view));
  gtk_widget_set_hexpand (pane->scroller, TRUE);
  gtk_widget_set_vexpand (pane->scroller, TRUE);
}

static void
pane_clear (Pane *pane)
{
  page_clear (&pane->page);
}

/* Shows @page (a reference is taken). */
static void
pane_show (Pane       *pane,
           const Page *page)
{
  page_copy (&pane->page, page);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (pane->view), GTK_TEXT_BUFFER (page->buffer));
  if (pane->old_gutter != NULL)
    rd_diff_gutter_set_numbers (pane->old_gutter, g_array_ref (page->old_numbers));
  if (pane->new_gutter != NULL)
    rd_diff_gutter_set_numbers (pane->new_gutter, g_array_ref (page->new_numbers));
}

/* }}} */

/* {{{ The pages kept: the last few changes shown or prepared */

#define MAX_BUILT 12
/* And at most this many diff lines in all, besides the pages shown: a page of 40,000 lines
 * (a 20,000-line script with every line changed) takes about 50 MB. */
#define MAX_BUILT_LINES 100000

typedef struct
{
  RdTaskChange *change;
  RdDiff       *diff;
  gboolean      side_by_side;
  guint         n_pages;
  Page          pages[2];     /* unified: [0]; side by side: left, right */
  /* While the pages are being filled (a large diff, a slice at a time): their builders. */
  PageBuilder  *builders;
} Built;

static void
built_free (Built *built)
{
  if (built->builders != NULL)
    for (guint i = 0; i < built->n_pages; i++)
      builder_free_steps (&built->builders[i]);
  g_free (built->builders);
  g_clear_object (&built->change);
  g_clear_object (&built->diff);
  page_clear (&built->pages[0]);
  page_clear (&built->pages[1]);
  g_free (built);
}

/* Fills @built's pages for up to @budget_us (-1: until whole); TRUE once they are whole. */
static gboolean
built_step (Built  *built,
            gint64  budget_us)
{
  gint64 deadline = budget_us < 0 ? G_MAXINT64 : g_get_monotonic_time () + budget_us;

  if (built->builders == NULL)
    return TRUE;

  for (guint i = 0; i < built->n_pages; i++)
    while (built->builders[i].text != NULL)
      {
        if (builder_step (&built->builders[i]))
          break;
        if (g_get_monotonic_time () >= deadline)
          return FALSE;
      }

  g_clear_pointer (&built->builders, g_free);

  return TRUE;
}

/* }}} */

struct _RdChangeView
{
  GtkWidget     parent_instance;

  RdTaskChange *change;
  gulong        changed_id;
  gboolean      ignore_whitespace;
  gboolean      side_by_side;
  gboolean      reviewed;
  /* The focus was in the pane when its page was hidden: it goes back to the next text. */
  gboolean      refocus;
  GtkWidget    *reviewed_check;
  /* The focus waits on the Reviewed check for the change to load (Enter on a task not fetched
   * yet): it goes on to the text. */
  gboolean      parked;
  GtkLabel     *progress;

  GtkWidget    *box;
  GtkLabel     *title;
  GtkLabel     *subtitle;
  GtkLabel     *summary;
  GtkLabel     *old_status;
  GtkLabel     *new_status;
  GtkGrid      *settings;
  GtkStack     *stack;
  AdwStatusPage *message_page;
  GtkWidget    *split_box;
  Pane          unified;
  Pane          left;
  Pane          right;
  gboolean      dark;
  GQueue        built;        /* of Built, the most recent first */
  guint         fill_id;      /* fills the pages of large diffs, a slice at a time */
};

G_DEFINE_FINAL_TYPE (RdChangeView, rd_change_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_IGNORE_WHITESPACE,
  PROP_SIDE_BY_SIDE,
  PROP_REVIEWED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TOAST,
  MOVE_TASK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* {{{ Showing a change */

static void
show_side_status (GtkLabel     *label,
                  RdTaskChange *change,
                  RdChangeSide  side)
{
  RdSideState state = rd_task_change_get_side_state (change, side);
  const GError *error = rd_task_change_get_side_error (change, side);
  g_autofree char *text = NULL;
  const char *which = side == RD_CHANGE_SIDE_OLD ? _("Deployed version") : _("Pending version");

  switch (state)
    {
    case RD_SIDE_LOADING:
    case RD_SIDE_WAITING:
      /* Translators: %s is "Deployed version" or "Pending version" */
      text = g_strdup_printf (_("%s: loading…"), which);
      break;
    case RD_SIDE_FAILED:
      /* Translators: the first %s is "Deployed version" or "Pending version", the second why
       * it could not be fetched */
      text = g_strdup_printf (_("%s: %s"), which, error != NULL ? error->message : "");
      break;
    case RD_SIDE_LOADED:
    case RD_SIDE_ABSENT:
    default:
      break;
    }

  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
  if (state == RD_SIDE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

static void
show_settings (RdChangeView *self)
{
  GPtrArray *settings = rd_task_change_get_settings (self->change);
  GtkWidget *child;
  gboolean current_only;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->settings))) != NULL)
    gtk_grid_remove (self->settings, child);

  gtk_widget_set_visible (GTK_WIDGET (self->settings), settings->len > 0);
  if (settings->len == 0)
    return;

  /* A resource's are its metadata as it is now (resources have no versions): no sides to
   * compare, so one column of values, uncoloured. */
  current_only = rd_task_change_get_kind (self->change) == RD_TASK_TYPE_RESOURCE;

  {
    const char *headings[] = { _("Setting"),
                               /* Translators: the heading over a resource's metadata as it
                                * is now (resources have no versions to compare) */
                               current_only ? _("Current") : _("Deployed"),
                               _("Pending") };

    for (guint column = 0; column < (current_only ? 2 : G_N_ELEMENTS (headings)); column++)
      {
        GtkWidget *label = gtk_label_new (headings[column]);

        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_widget_add_css_class (label, "caption-heading");
        gtk_widget_add_css_class (label, "dim-label");
        gtk_grid_attach (self->settings, label, (int)column, 0, 1, 1);
      }
  }

  for (guint i = 0; i < settings->len; i++)
    {
      RdSettingChange *setting = g_ptr_array_index (settings, i);
      const char *current = setting->new_value != NULL ? setting->new_value : setting->old_value;
      const char *values[] = { setting->name,
                               current_only ? (current != NULL ? current : "—")
                               : setting->old_value != NULL ? setting->old_value : "—",
                               setting->new_value != NULL ? setting->new_value : "—" };

      for (guint column = 0; column < (current_only ? 2 : G_N_ELEMENTS (values)); column++)
        {
          GtkWidget *label = gtk_label_new (values[column]);

          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_selectable (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
          if (column == 0)
            gtk_widget_add_css_class (label, "dim-label");
          else
            gtk_widget_add_css_class (label, "monospace");
          if (!current_only && column == 1 && setting->old_value != NULL)
            gtk_widget_add_css_class (label, "error");
          if (!current_only && column == 2 && setting->new_value != NULL)
            gtk_widget_add_css_class (label, "success");
          gtk_grid_attach (self->settings, label, (int)column, (int)i + 1, 1, 1);
        }
    }
}

static GtkSourceLanguage *
change_language (RdTaskChange *change)
{
  const char *id = rd_task_change_get_language_id (change);

  if (id == NULL)
    return NULL;

  return gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                   id);
}

static void
build_unified (RdDiff            *diff,
               gboolean           dark,
               GtkSourceLanguage *language,
               PageBuilder       *builder)
{
  builder_begin (builder, dark, language);

  for (guint h = 0; h < rd_diff_get_n_hunks (diff); h++)
    {
      const RdDiffHunk *hunk = rd_diff_get_hunk (diff, h);
      g_autofree char *header = NULL;

      header = g_strdup_printf ("@@ −%d,%d +%d,%d @@", hunk->old_start, hunk->old_lines,
                                hunk->new_start, hunk->new_lines);
      builder_add_hunk (builder, header);

      for (guint i = hunk->first_line; i < hunk->first_line + hunk->n_lines; i++)
        {
          const RdDiffLine *line = rd_diff_get_line (diff, i);
          const char *tag = line->origin == RD_DIFF_LINE_ADDED ? "added"
                          : line->origin == RD_DIFF_LINE_REMOVED ? "removed" : NULL;
          guint start, end;

          builder_add (builder, line->content, line->content_len, line->old_lineno,
                       line->new_lineno, tag);
          if (tag != NULL && rd_diff_line_get_changed_range (line, &start, &end))
            builder_mark_range (builder, line->origin == RD_DIFF_LINE_ADDED ? "added-word"
                                                                              : "removed-word",
                                start, end);
        }
    }
}

/* Two columns, old and new, a removed run beside the added run that replaced it, the shorter
 * padded with blank lines. */
static void
build_split (RdDiff            *diff,
             gboolean           dark,
             GtkSourceLanguage *language,
             PageBuilder       *left,
             PageBuilder       *right)
{
  builder_begin (left, dark, language);
  builder_begin (right, dark, language);

  for (guint h = 0; h < rd_diff_get_n_hunks (diff); h++)
    {
      const RdDiffHunk *hunk = rd_diff_get_hunk (diff, h);
      g_autofree char *left_header = g_strdup_printf ("@@ −%d,%d @@", hunk->old_start,
                                                      hunk->old_lines);
      g_autofree char *right_header = g_strdup_printf ("@@ +%d,%d @@", hunk->new_start,
                                                       hunk->new_lines);
      guint end = hunk->first_line + hunk->n_lines;
      guint i = hunk->first_line;

      builder_add_hunk (left, left_header);
      builder_add_hunk (right, right_header);

      while (i < end)
        {
          const RdDiffLine *line = rd_diff_get_line (diff, i);
          guint removed_end = i, added_end;

          if (line->origin == RD_DIFF_LINE_CONTEXT)
            {
              builder_add (left, line->content, line->content_len, line->old_lineno, -1, NULL);
              builder_add (right, line->content, line->content_len, -1, line->new_lineno, NULL);
              i++;
              continue;
            }

          while (removed_end < end &&
                 rd_diff_get_line (diff, removed_end)->origin == RD_DIFF_LINE_REMOVED)
            removed_end++;
          added_end = removed_end;
          while (added_end < end &&
                 rd_diff_get_line (diff, added_end)->origin == RD_DIFF_LINE_ADDED)
            added_end++;

          for (guint k = 0; k < MAX (removed_end - i, added_end - removed_end); k++)
            {
              guint start, stop;

              if (i + k < removed_end)
                {
                  const RdDiffLine *old_line = rd_diff_get_line (diff, i + k);

                  builder_add (left, old_line->content, old_line->content_len,
                               old_line->old_lineno, -1, "removed");
                  if (rd_diff_line_get_changed_range (old_line, &start, &stop))
                    builder_mark_range (left, "removed-word", start, stop);
                }
              else
                builder_add (left, "", 0, -1, -1, "filler");

              if (removed_end + k < added_end)
                {
                  const RdDiffLine *new_line = rd_diff_get_line (diff, removed_end + k);

                  builder_add (right, new_line->content, new_line->content_len, -1,
                               new_line->new_lineno, "added");
                  if (rd_diff_line_get_changed_range (new_line, &start, &stop))
                    builder_mark_range (right, "added-word", start, stop);
                }
              else
                builder_add (right, "", 0, -1, -1, "filler");
            }

          i = added_end;
        }
    }
}

/* One side's text as it is (a side that loaded beside one that failed), with its numbers. */
static void
build_plain (const char        *text,
             gboolean           old_side,
             gboolean           dark,
             GtkSourceLanguage *language,
             Page              *page)
{
  PageBuilder builder;
  const char *p = text;
  int number = 1;

  builder_begin (&builder, dark, language);
  while (*p != '\0')
    {
      const char *eol = strchr (p, '\n');
      gsize length = eol != NULL ? (gsize)(eol - p) : strlen (p);

      builder_add (&builder, p, length, old_side ? number : -1, old_side ? -1 : number, NULL);
      number++;
      if (eol == NULL)
        break;
      p = eol + 1;
    }
  builder_end (&builder, page);
}

static Built *
find_built (RdChangeView *self,
            RdTaskChange *change,
            gboolean      side_by_side)
{
  RdDiff *diff = rd_task_change_get_diff (change);

  for (GList *l = self->built.head; l != NULL; l = l->next)
    {
      Built *built = l->data;

      if (built->change == change && built->diff == diff && built->side_by_side == side_by_side)
        {
          /* The most recent first. */
          g_queue_unlink (&self->built, l);
          g_queue_push_head_link (&self->built, l);
          return built;
        }
    }

  return NULL;
}

/* Beyond this many lines a diff's pages are filled a slice at a time, not at once: the
 * 40,000 lines of a 20,000-line script with every line changed take about 0.2 s to insert
 * and tag, which would freeze the window. */
#define MAX_LINES_AT_ONCE 6000
/* A slice of filling, then as long again for the window: frames, input. The slices run on a
 * timeout above GTK's redraw priority: an idle below it starves while the loading spinner
 * keeps the frame clock busy (a frame of software rendering takes longer than its interval). */
#define FILL_SLICE_MS 8

static void update (RdChangeView *self);

static gboolean
fill_pages (gpointer data)
{
  RdChangeView *self = data;
  Built *built = NULL;

  /* The pages shown first, then the most recent. */
  for (GList *l = self->built.head; l != NULL; l = l->next)
    {
      Built *candidate = l->data;

      if (candidate->builders == NULL)
        continue;
      if (built == NULL)
        built = candidate;
      if (candidate->change == self->change && candidate->side_by_side == self->side_by_side)
        {
          built = candidate;
          break;
        }
    }

  if (built == NULL)
    {
      self->fill_id = 0;
      return G_SOURCE_REMOVE;
    }

  if (built_step (built, FILL_SLICE_MS * 1000) && built->change == self->change &&
      built->side_by_side == self->side_by_side)
    update (self);

  return G_SOURCE_CONTINUE;
}

/* Drops the least recent pages beyond MAX_BUILT pages or MAX_BUILT_LINES lines, never those
 * of the change shown (they may still be being filled). */
static void
trim_built (RdChangeView *self)
{
  guint lines = 0;
  GList *l, *previous;

  for (l = self->built.head; l != NULL; l = l->next)
    lines += rd_diff_get_n_lines (((Built *) l->data)->diff);

  for (l = self->built.tail; l != NULL; l = previous)
    {
      Built *built = l->data;

      previous = l->prev;
      if (self->built.length <= MAX_BUILT && lines <= MAX_BUILT_LINES)
        break;
      if (built->change == self->change)
        continue;
      lines -= rd_diff_get_n_lines (built->diff);
      g_queue_delete_link (&self->built, l);
      built_free (built);
    }
}

/* The pages of @change's diff as @side_by_side wants them, built unless kept; a large diff's
 * pages are still being filled when this returns (Built.builders is not %NULL). */
static Built *
ensure_built (RdChangeView *self,
              RdTaskChange *change,
              gboolean      side_by_side)
{
  RdDiff *diff = rd_task_change_get_diff (change);
  Built *built = find_built (self, change, side_by_side);

  if (built != NULL || diff == NULL)
    return built;

  built = g_new0 (Built, 1);
  built->change = g_object_ref (change);
  built->diff = g_object_ref (diff);
  built->side_by_side = side_by_side;
  built->n_pages = side_by_side ? 2 : 1;
  built->builders = g_new0 (PageBuilder, 2);
  if (side_by_side)
    build_split (diff, self->dark, change_language (change), &built->builders[0],
                 &built->builders[1]);
  else
    build_unified (diff, self->dark, change_language (change), &built->builders[0]);
  /* The pages are the built's; the builders fill them. */
  for (guint i = 0; i < built->n_pages; i++)
    built->pages[i] = built->builders[i].page;

  if (rd_diff_get_n_lines (diff) <= MAX_LINES_AT_ONCE)
    built_step (built, -1);
  else if (self->fill_id == 0 && !gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      self->fill_id = g_timeout_add_full (G_PRIORITY_HIGH_IDLE, 2 * FILL_SLICE_MS, fill_pages,
                                          self, NULL);
      g_source_set_name_by_id (self->fill_id, "[rd] fill diff pages");
    }

  g_queue_push_head (&self->built, built);
  trim_built (self);

  return built;
}

static void
show_message (RdChangeView *self,
              const char   *icon_name,
              const char   *title,
              const char   *description)
{
  adw_status_page_set_icon_name (self->message_page, icon_name);
  adw_status_page_set_title (self->message_page, title);
  adw_status_page_set_description (self->message_page, description);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static void
update_contents (RdChangeView *self)
{
  RdTask *task;
  RdDiff *diff;
  RdTaskType kind;
  const char *summary;
  GString *subtitle;
  const char *new_text, *old_text;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "change.reviewed", self->change != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "change.copy", self->change != NULL);

  if (self->change == NULL)
    {
      gtk_label_set_text (self->title, "");
      gtk_label_set_text (self->subtitle, "");
      gtk_widget_set_visible (GTK_WIDGET (self->summary), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->old_status), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->new_status), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->settings), FALSE);
      show_message (self, "view-dual-symbolic", _("No Task Selected"),
                    _("Select a task to see what it changes"));
      return;
    }

  task = rd_task_change_get_task (self->change);
  kind = rd_task_change_get_kind (self->change);
  diff = rd_task_change_get_diff (self->change);

  gtk_label_set_text (self->title, rd_task_get_item_name (task) != NULL
                                   ? rd_task_get_item_name (task) : "");

  {
    /* The task's own type, as the table words it ("Unknown (5)" for a new one). */
    g_autofree char *type = rd_task_type_dup_label (rd_task_get_task_type (task));

    subtitle = g_string_new (type);
  }
  if (kind != RD_TASK_TYPE_RESOURCE)
    {
      /* As the table's Version cell words it: one side when the other is absent, one number
       * once released. */
      g_autofree char *versions = rd_task_dup_column_display_text (task, RD_TASK_COLUMN_VERSION);

      if (versions[0] != '\0')
        g_string_append_printf (subtitle, " · %s", versions);
    }
  if (diff != NULL)
    /* Translators: lines added and removed, as in "+12 −3" */
    g_string_append_printf (subtitle, _(" · +%u −%u"), rd_diff_get_n_added (diff),
                            rd_diff_get_n_removed (diff));
  gtk_label_set_text (self->subtitle, subtitle->str);
  g_string_free (subtitle, TRUE);

  summary = rd_task_change_get_summary (self->change);
  gtk_label_set_text (self->summary, summary != NULL ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary), summary != NULL);

  show_side_status (self->old_status, self->change, RD_CHANGE_SIDE_OLD);
  show_side_status (self->new_status, self->change, RD_CHANGE_SIDE_NEW);

  if (!rd_task_change_is_loaded (self->change))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->settings), FALSE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  show_settings (self);

  if (diff != NULL && rd_diff_get_n_hunks (diff) > 0)
    {
      Built *built = ensure_built (self, self->change, self->side_by_side);

      if (built->builders != NULL)
        {
          /* Being filled: fill_pages () shows it when whole. */
          gtk_stack_set_visible_child_name (self->stack, "loading");
          return;
        }
      if (self->side_by_side)
        {
          pane_show (&self->left, &built->pages[0]);
          pane_show (&self->right, &built->pages[1]);
          gtk_stack_set_visible_child_name (self->stack, "split");
        }
      else
        {
          pane_show (&self->unified, &built->pages[0]);
          gtk_stack_set_visible_child_name (self->stack, "unified");
        }
      return;
    }

  if (diff != NULL)
    {
      show_message (self, "emblem-ok-symbolic", _("No Changes in the Text"),
                    self->ignore_whitespace ? _("The versions differ only in white space")
                                            : NULL);
      return;
    }

  /* No diff: a resource, or one side failed; show what there is. */
  new_text = rd_task_change_get_side_text (self->change, RD_CHANGE_SIDE_NEW);
  old_text = rd_task_change_get_side_text (self->change, RD_CHANGE_SIDE_OLD);
  if (new_text != NULL || old_text != NULL)
    {
      Page page = { 0 };

      build_plain (new_text != NULL ? new_text : old_text, new_text == NULL, self->dark,
                   change_language (self->change), &page);
      pane_show (&self->unified, &page);
      page_clear (&page);
      gtk_stack_set_visible_child_name (self->stack, "unified");
      return;
    }

  if (kind == RD_TASK_TYPE_RESOURCE)
    show_message (self, "folder-documents-symbolic", _("No Version History"),
                  _("Resources are files in OBS: the service keeps no versions of them, so "
                    "only their current metadata can be shown"));
  else
    show_message (self, "dialog-question-symbolic", _("Content Not Available"),
                  _("The service cannot give the content of this task's versions"));
}

/* Whether a diff's text is on show (not a message, nor the loading spinner). */
static gboolean
shows_text (RdChangeView *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  return g_strcmp0 (page, "unified") == 0 || g_strcmp0 (page, "split") == 0;
}

static gboolean
is_in (GtkWidget *widget,
       GtkWidget *container)
{
  return widget != NULL && (widget == container || gtk_widget_is_ancestor (widget, container));
}

/* Keeps the keys in the pane while moving through tasks. The text's page is hidden while the
 * next task loads, and GTK then moves the focus up to the window's panes (a frame later, at
 * the unmap): Ctrl+↓ left the keys outside the pane. Once the next change is shown, the focus
 * goes to its text (or the pane's buttons for a message), unless the user put it somewhere
 * else meanwhile. */
static void
update (RdChangeView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *page;
  gboolean parked;

  if (is_in (focus, GTK_WIDGET (self)))
    self->refocus = TRUE;

  update_contents (self);

  if (root == NULL || !self->refocus)
    return;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "loading") == 0)
    return;

  self->refocus = FALSE;
  focus = gtk_root_get_focus (root);
  page = gtk_stack_get_visible_child (self->stack);
  parked = self->parked && focus == self->reviewed_check;
  self->parked = FALSE;

  /* Still on what is shown (the header's buttons, or the text of the page shown): leave it. */
  if (!parked && is_in (focus, GTK_WIDGET (self)) &&
      (!is_in (focus, GTK_WIDGET (self->stack)) || is_in (focus, page)))
    return;
  /* Somewhere outside the pane that the user chose. */
  if (focus != NULL && !gtk_widget_is_ancestor (GTK_WIDGET (self), focus) &&
      !is_in (focus, GTK_WIDGET (self)))
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_change_changed (RdChangeView *self)
{
  update (self);
}

/* }}} */

/* {{{ Actions */

gboolean
rd_change_view_move_to_change (RdChangeView *self,
                               gboolean      forward)
{
  Pane *pane;
  GtkTextBuffer *buffer;
  GtkTextIter cursor, target;
  guint current;
  int found = -1;

  g_return_val_if_fail (RD_IS_CHANGE_VIEW (self), FALSE);

  if (!shows_text (self))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  pane = self->side_by_side ? &self->right : &self->unified;
  buffer = GTK_TEXT_BUFFER (pane->page.buffer);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  current = (guint)gtk_text_iter_get_line (&cursor);

  for (guint i = 0; i < pane->page.hunk_lines->len; i++)
    {
      guint line = g_array_index (pane->page.hunk_lines, guint, i);

      if (forward && line > current)
        {
          found = (int)line;
          break;
        }
      if (!forward && line < current)
        found = (int)line;
    }

  if (found < 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  gtk_text_buffer_get_iter_at_line (buffer, &target, found);
  gtk_text_buffer_place_cursor (buffer, &target);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (pane->view), &target, 0.0, TRUE, 0.0, 0.1);
  if (self->side_by_side)
    {
      GtkTextIter left_target;

      gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (self->left.page.buffer), &left_target,
                                        found);
      gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->left.page.buffer), &left_target);
    }

  return TRUE;
}

static void
action_next_change (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  rd_change_view_move_to_change (RD_CHANGE_VIEW (widget), TRUE);
}

static void
action_previous_change (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  rd_change_view_move_to_change (RD_CHANGE_VIEW (widget), FALSE);
}

static void
action_move_task (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE_TASK], 0, g_variant_get_int32 (parameter));
}

static void
action_copy_change (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RdChangeView *self = RD_CHANGE_VIEW (widget);
  g_autofree char *patch = NULL;

  if (self->change == NULL || (patch = rd_task_change_to_patch (self->change)) == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), patch);
  g_signal_emit (self, signals[TOAST], 0, _("Change copied"));
}

/* }}} */

static void
on_style_dark (RdChangeView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  self->dark = dark;
  buffer_set_dark (self->unified.page.buffer, dark);
  buffer_set_dark (self->left.page.buffer, dark);
  buffer_set_dark (self->right.page.buffer, dark);
  for (GList *l = self->built.head; l != NULL; l = l->next)
    {
      Built *built = l->data;

      for (guint i = 0; i < G_N_ELEMENTS (built->pages); i++)
        if (built->pages[i].buffer != NULL)
          buffer_set_dark (built->pages[i].buffer, dark);
    }
}

static void
rd_change_view_dispose (GObject *object)
{
  RdChangeView *self = (RdChangeView *)object;

  rd_change_view_set_change (self, NULL);
  g_clear_handle_id (&self->fill_id, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (rd_change_view_parent_class)->dispose (object);
}

static void
rd_change_view_finalize (GObject *object)
{
  RdChangeView *self = (RdChangeView *)object;

  pane_clear (&self->unified);
  pane_clear (&self->left);
  pane_clear (&self->right);
  g_queue_clear_full (&self->built, (GDestroyNotify) built_free);

  G_OBJECT_CLASS (rd_change_view_parent_class)->finalize (object);
}

static void
rd_change_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RdChangeView *self = RD_CHANGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_IGNORE_WHITESPACE:
      g_value_set_boolean (value, self->ignore_whitespace);
      break;
    case PROP_SIDE_BY_SIDE:
      g_value_set_boolean (value, self->side_by_side);
      break;
    case PROP_REVIEWED:
      g_value_set_boolean (value, self->reviewed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_change_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RdChangeView *self = RD_CHANGE_VIEW (object);
  gboolean flag = g_value_get_boolean (value);

  switch (prop_id)
    {
    case PROP_IGNORE_WHITESPACE:
      if (self->ignore_whitespace != flag)
        {
          self->ignore_whitespace = flag;
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SIDE_BY_SIDE:
      if (self->side_by_side != flag)
        {
          self->side_by_side = flag;
          update (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_REVIEWED:
      rd_change_view_set_reviewed (self, flag);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Focus goes to the text shown (so that Alt+↓ and j/k work at once), else to the Reviewed
 * check (a message: a resource, or content not available). */
static gboolean
rd_change_view_grab_focus (GtkWidget *widget)
{
  RdChangeView *self = RD_CHANGE_VIEW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "unified") == 0)
    return gtk_widget_grab_focus (GTK_WIDGET (self->unified.view));
  if (g_strcmp0 (page, "split") == 0)
    return gtk_widget_grab_focus (GTK_WIDGET (self->right.view));

  /* Loading: on the check meanwhile, then on to the text (update ()). */
  if (g_strcmp0 (page, "loading") == 0)
    self->parked = self->refocus = TRUE;

  return gtk_widget_grab_focus (self->reviewed_check);
}

static void
rd_change_view_class_init (RdChangeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_source_init ();
  add_diff_schemes ();

  object_class->dispose = rd_change_view_dispose;
  object_class->finalize = rd_change_view_finalize;
  object_class->get_property = rd_change_view_get_property;
  object_class->set_property = rd_change_view_set_property;

  properties[PROP_IGNORE_WHITESPACE] =
    g_param_spec_boolean ("ignore-whitespace", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIDE_BY_SIDE] =
    g_param_spec_boolean ("side-by-side", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVIEWED] =
    g_param_spec_boolean ("reviewed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[MOVE_TASK] = g_signal_new ("move-task", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_install_action (widget_class, "change.next", NULL, action_next_change);
  gtk_widget_class_install_action (widget_class, "change.previous", NULL,
                                   action_previous_change);
  gtk_widget_class_install_action (widget_class, "change.move-task", "i", action_move_task);
  gtk_widget_class_install_action (widget_class, "change.copy", NULL, action_copy_change);
  gtk_widget_class_install_property_action (widget_class, "change.ignore-whitespace",
                                            "ignore-whitespace");
  gtk_widget_class_install_property_action (widget_class, "change.side-by-side",
                                            "side-by-side");
  gtk_widget_class_install_property_action (widget_class, "change.reviewed", "reviewed");

  widget_class->grab_focus = rd_change_view_grab_focus;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rdchangeview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
new_tool_button (const char *icon_name,
                 const char *tooltip,
                 const char *action_name,
                 gboolean    toggle)
{
  GtkWidget *button = toggle ? gtk_toggle_button_new () : gtk_button_new ();

  gtk_button_set_icon_name (GTK_BUTTON (button), icon_name);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);

  return button;
}

static void
rd_change_view_init (RdChangeView *self)
{
  GtkWidget *header, *titles, *tools, *loading, *spinner, *labels_box;
  GtkAdjustment *adjustment;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 6);
  gtk_widget_set_margin_top (header, 6);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_box_append (GTK_BOX (self->box), header);

  titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_widget_set_valign (titles, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (header), titles);
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_selectable (self->title, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->title));
  self->subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->subtitle, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "caption");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->subtitle));

  tools = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_valign (tools, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (header), tools);
  {
    GtkWidget *reviewed = gtk_check_button_new_with_mnemonic (_("Re_viewed"));
    GtkWidget *progress_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    self->reviewed_check = reviewed;
    gtk_actionable_set_action_name (GTK_ACTIONABLE (reviewed), "change.reviewed");
    gtk_widget_set_tooltip_text (reviewed, _("Mark the task as reviewed (Space)"));
    gtk_widget_set_valign (progress_box, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (progress_box), reviewed);
    self->progress = GTK_LABEL (gtk_label_new (NULL));
    gtk_widget_add_css_class (GTK_WIDGET (self->progress), "caption");
    gtk_widget_add_css_class (GTK_WIDGET (self->progress), "dim-label");
    gtk_box_append (GTK_BOX (progress_box), GTK_WIDGET (self->progress));
    gtk_box_append (GTK_BOX (header), progress_box);
    gtk_box_reorder_child_after (GTK_BOX (header), progress_box, titles);
  }
  gtk_box_append (GTK_BOX (tools), new_tool_button ("go-up-symbolic",
                                                    _("Previous Change (Alt+↑)"),
                                                    "change.previous", FALSE));
  gtk_box_append (GTK_BOX (tools), new_tool_button ("go-down-symbolic",
                                                    _("Next Change (Alt+↓)"),
                                                    "change.next", FALSE));
  gtk_box_append (GTK_BOX (tools), new_tool_button ("format-justify-fill-symbolic",
                                                    _("Ignore White Space"),
                                                    "change.ignore-whitespace", TRUE));
  gtk_box_append (GTK_BOX (tools), new_tool_button ("view-dual-symbolic",
                                                    _("Side by Side"),
                                                    "change.side-by-side", TRUE));
  gtk_box_append (GTK_BOX (tools), new_tool_button ("edit-copy-symbolic", _("Copy Change"),
                                                    "change.copy", FALSE));

  labels_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_start (labels_box, 12);
  gtk_widget_set_margin_end (labels_box, 12);
  gtk_widget_set_margin_bottom (labels_box, 6);
  gtk_box_append (GTK_BOX (self->box), labels_box);

  self->summary = GTK_LABEL (gtk_label_new (NULL));
  self->old_status = GTK_LABEL (gtk_label_new (NULL));
  self->new_status = GTK_LABEL (gtk_label_new (NULL));
  for (guint i = 0; i < 3; i++)
    {
      GtkLabel *label = i == 0 ? self->summary : i == 1 ? self->old_status : self->new_status;

      gtk_label_set_xalign (label, 0);
      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (label, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
      gtk_box_append (GTK_BOX (labels_box), GTK_WIDGET (label));
    }

  self->settings = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->settings, 18);
  gtk_grid_set_row_spacing (self->settings, 4);
  gtk_widget_set_visible (GTK_WIDGET (self->settings), FALSE);
  gtk_box_append (GTK_BOX (labels_box), GTK_WIDGET (self->settings));

  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->stack));

  pane_init (&self->unified, TRUE, TRUE);
  gtk_stack_add_named (self->stack, self->unified.scroller, "unified");

  pane_init (&self->left, TRUE, FALSE);
  pane_init (&self->right, FALSE, TRUE);
  self->split_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_set_homogeneous (GTK_BOX (self->split_box), TRUE);
  gtk_box_append (GTK_BOX (self->split_box), self->left.scroller);
  gtk_box_append (GTK_BOX (self->split_box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (self->split_box), self->right.scroller);
  /* The two columns scroll as one. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->left.scroller));
  gtk_scrolled_window_set_vadjustment (GTK_SCROLLED_WINDOW (self->right.scroller), adjustment);
  gtk_stack_add_named (self->stack, self->split_box, "split");

  loading = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_valign (loading, GTK_ALIGN_CENTER);
  spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_box_append (GTK_BOX (loading), spinner);
  gtk_stack_add_named (self->stack, loading, "loading");

  self->message_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->message_page, "view-dual-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->message_page), "compact");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->message_page), "message");

  /* Before the text view, which moves its cursor by paragraph on Ctrl+↓. */
  {
    GtkEventController *controller = gtk_shortcut_controller_new ();
    const struct { guint key; GdkModifierType mods; const char *action; int arg; } keys[] = {
      { GDK_KEY_Down, GDK_ALT_MASK, "change.next", 0 },
      { GDK_KEY_Up, GDK_ALT_MASK, "change.previous", 0 },
      { GDK_KEY_Down, GDK_CONTROL_MASK, "change.move-task", 1 },
      { GDK_KEY_Up, GDK_CONTROL_MASK, "change.move-task", -1 },
      { GDK_KEY_j, 0, "change.move-task", 1 },
      { GDK_KEY_k, 0, "change.move-task", -1 },
    };

    gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        GtkShortcut *shortcut =
            gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, keys[i].mods),
                              gtk_named_action_new (keys[i].action));

        if (keys[i].arg != 0)
          gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (keys[i].arg));
        gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
      }
    gtk_widget_add_controller (GTK_WIDGET (self), controller);
  }

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_style_dark), self, G_CONNECT_SWAPPED);
  on_style_dark (self);
  update (self);
}

GtkWidget *
rd_change_view_new (void)
{
  return g_object_new (RD_TYPE_CHANGE_VIEW, NULL);
}

void
rd_change_view_set_change (RdChangeView *self,
                           RdTaskChange *change)
{
  g_return_if_fail (RD_IS_CHANGE_VIEW (self));
  g_return_if_fail (change == NULL || RD_IS_TASK_CHANGE (change));

  if (self->change == change)
    return;

  if (self->change != NULL)
    g_clear_signal_handler (&self->changed_id, self->change);
  g_set_object (&self->change, change);
  if (change != NULL)
    self->changed_id = g_signal_connect_object (change, "changed",
                                                G_CALLBACK (on_change_changed), self,
                                                G_CONNECT_SWAPPED);

  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    update (self);
}

void
rd_change_view_prepare (RdChangeView *self,
                        RdTaskChange *change)
{
  RdDiff *diff;

  g_return_if_fail (RD_IS_CHANGE_VIEW (self));
  g_return_if_fail (RD_IS_TASK_CHANGE (change));

  diff = rd_task_change_get_diff (change);
  /* A large page is filled when shown: ahead, it would take the main loop's time and tens of
   * megabytes for a task that may not be looked at. */
  if (!rd_task_change_is_loaded (change) || diff == NULL || rd_diff_get_n_hunks (diff) == 0 ||
      rd_diff_get_n_lines (diff) > MAX_LINES_AT_ONCE)
    return;

  ensure_built (self, change, self->side_by_side);
}

RdTaskChange *
rd_change_view_get_change (RdChangeView *self)
{
  g_return_val_if_fail (RD_IS_CHANGE_VIEW (self), NULL);

  return self->change;
}

gboolean
rd_change_view_get_ignore_whitespace (RdChangeView *self)
{
  g_return_val_if_fail (RD_IS_CHANGE_VIEW (self), FALSE);

  return self->ignore_whitespace;
}

gboolean
rd_change_view_get_reviewed (RdChangeView *self)
{
  g_return_val_if_fail (RD_IS_CHANGE_VIEW (self), FALSE);

  return self->reviewed;
}

void
rd_change_view_set_reviewed (RdChangeView *self,
                             gboolean      reviewed)
{
  g_return_if_fail (RD_IS_CHANGE_VIEW (self));

  reviewed = !!reviewed;
  if (self->reviewed == reviewed)
    return;

  self->reviewed = reviewed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEWED]);
}

void
rd_change_view_set_progress (RdChangeView *self,
                             const char   *text)
{
  g_return_if_fail (RD_IS_CHANGE_VIEW (self));

  gtk_label_set_text (self->progress, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->progress), text != NULL);
}

gboolean
rd_change_view_get_side_by_side (RdChangeView *self)
{
  g_return_val_if_fail (RD_IS_CHANGE_VIEW (self), FALSE);

  return self->side_by_side;
}

guint
rd_change_view_get_n_hunks (RdChangeView *self)
{
  g_return_val_if_fail (RD_IS_CHANGE_VIEW (self), 0);

  if (!shows_text (self))
    return 0;

  return (self->side_by_side ? self->right : self->unified).page.hunk_lines->len;
}

char *
rd_change_view_dup_text (RdChangeView *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (RD_IS_CHANGE_VIEW (self), NULL);

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->unified.page.buffer), &start, &end);

  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->unified.page.buffer), &start, &end,
                                   FALSE);
}
