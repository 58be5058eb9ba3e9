/* screenshots.c: renders the main window's states on the demo service to PNG files (README, AppStream). */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "rd-demo-service.h"
#include "rd-window.h"

#define WIDTH 1200
#define HEIGHT 760
#define WAIT_SECONDS 20

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

#define WAIT_UNTIL(cond)                                                            \
  G_STMT_START {                                                                    \
    gint64 deadline_ = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;     \
    guint tick_ = g_timeout_add (10, wake_up, NULL);                                \
    while (!(cond))                                                                 \
      {                                                                             \
        if (g_get_monotonic_time () > deadline_)                                    \
          g_error ("Timed out waiting for %s", #cond);                              \
        g_main_context_iteration (NULL, TRUE);                                      \
      }                                                                             \
    g_source_remove (tick_);                                                        \
  } G_STMT_END

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

/* Lets transitions (the stack's crossfade, the revealer) finish and a few frames draw. */
static void
settle (GtkWidget *window)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (window, count_frame, &frames, NULL);
  gint64 until = g_get_monotonic_time () + 600 * G_TIME_SPAN_MILLISECOND;

  WAIT_UNTIL (frames >= 3 && g_get_monotonic_time () > until);
  gtk_widget_remove_tick_callback (window, id);
}

static void
save_png (GtkWidget  *window,
          const char *dir,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GtkWidget *content;
  GdkRGBA background;
  int width, height;

  settle (window);

  /* A toplevel's own paintable is empty: paint what it holds, on the
   * window's background colour (which the window itself would draw). */
  content = gtk_widget_get_first_child (window);
  paintable = gtk_widget_paintable_new (content);
  width = gtk_widget_get_width (content);
  height = gtk_widget_get_height (content);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (window), "window_bg_color",
                                       &background))
    g_error ("No window_bg_color in the theme");
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert (node != NULL);

  if (!gsk_renderer_realize (renderer, NULL, &error))
    g_error ("Cannot realize the Cairo renderer: %s", error->message);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);

  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Cannot write %s", path);
  g_print ("%s (%d×%d)\n", path, width, height);
}

static guint finished;

static void
on_lookup_finished (RdWindow *window)
{
  finished++;
}

static void
look_up (RdWindow   *window,
         const char *package_id)
{
  guint before = finished;

  if (!rd_window_lookup (window, RD_DEMO_PROJECT_ID, NULL, package_id))
    g_error ("The form refused package %s", package_id);
  WAIT_UNTIL (finished > before);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdDemoService) demo = NULL;
  g_autoptr(RdCredentials) credentials = NULL;
  g_autoptr(RdClient) client = NULL;
  RdDemoFault delay = { RD_DEMO_FAULT_DELAY, .delay_ms = 60000 };
  const char *dir = argc > 1 ? argv[1] : "data/screenshots";
  /* --all also renders the packages with Chinese names and one being released, to check them. */
  gboolean all = argc > 2 && g_str_equal (argv[2], "--all");
  AdwStyleManager *style_manager;
  RdWindow *window;

  /* The same clock for everyone who renders them. */
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  if (!gtk_init_check ())
    {
      g_printerr ("screenshots: no display (run it under xvfb-run -a)\n");
      return 77;
    }
  adw_init ();

  /* What AdwApplication does for the app (style.css from the resource base
   * path), and GNOME's interface font, so the pictures look like the app. */
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, "/io/github/releasedesk/ReleaseDesk/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_set (gtk_settings_get_default (), "gtk-font-name", "Cantarell 11", NULL);
  }

  style_manager = adw_style_manager_get_default ();
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    g_error ("Cannot create %s", dir);

  demo = rd_demo_service_new ();
  if (!rd_demo_service_start (demo, &error))
    g_error ("The demo service did not start: %s", error->message);
  credentials = rd_credentials_new_token (RD_DEMO_TOKEN);
  client = rd_client_new (rd_demo_service_get_url (demo), credentials, &error);
  if (client == NULL)
    g_error ("%s", error->message);

  window = rd_window_new (NULL, NULL);
  rd_window_set_demo (window, TRUE);
  rd_window_set_client (window, client);
  rd_window_set_form (window, RD_DEMO_PROJECT_ID, "", "");
  g_signal_connect (window, "lookup-finished", G_CALLBACK (on_lookup_finished), NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  save_png (GTK_WIDGET (window), dir, "empty.png");

  /* Loading: the demo service holds the answer until the lookup is cancelled. */
  rd_demo_service_push_fault (demo, &delay);
  rd_window_lookup (window, RD_DEMO_PROJECT_ID, NULL, "4");
  save_png (GTK_WIDGET (window), dir, "loading.png");
  rd_window_cancel (window);
  WAIT_UNTIL (finished == 1);

  look_up (window, "4");
  save_png (GTK_WIDGET (window), dir, "package-4.png");

  look_up (window, "100");
  save_png (GTK_WIDGET (window), dir, "package-100.png");

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  save_png (GTK_WIDGET (window), dir, "package-100-dark.png");
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);

  if (all)
    {
      look_up (window, "7");
      save_png (GTK_WIDGET (window), dir, "package-7.png");
      look_up (window, "21");
      save_png (GTK_WIDGET (window), dir, "package-21.png");
      rd_window_lookup (window, RD_DEMO_PROJECT_ID, RD_DEMO_OTHER_WORKSPACE, "8");
      WAIT_UNTIL (g_str_equal (rd_window_get_state (window), "package"));
      save_png (GTK_WIDGET (window), dir, "package-8.png");
      rd_window_lookup (window, RD_DEMO_PROJECT_ID, NULL, "");
      save_png (GTK_WIDGET (window), dir, "form-error.png");

      {
        g_autoptr(GtkBuilder) builder =
          gtk_builder_new_from_resource ("/io/github/releasedesk/ReleaseDesk/gtk/help-overlay.ui");
        GtkWindow *help = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

        gtk_window_set_transient_for (help, GTK_WINDOW (window));
        gtk_window_present (help);
        WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (help)));
        save_png (GTK_WIDGET (help), dir, "shortcuts.png");
        gtk_window_destroy (help);
      }
    }

  look_up (window, "13");
  gtk_expander_set_expanded (GTK_EXPANDER (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                          RD_TYPE_WINDOW,
                                                                          "details_expander")),
                             TRUE);
  save_png (GTK_WIDGET (window), dir, "error.png");

  gtk_window_destroy (GTK_WINDOW (window));
  rd_demo_service_stop (demo);

  return 0;
}
