/* SPDX-License-Identifier: GPL-3.0-or-later */
/* screenshots.c: renders the main window's states on the demo service to PNG files (README,
 * AppStream). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "rd-account-editor.h"
#include "rd-account-store.h"
#include "rd-demo-testing.h"
#include "rd-regions.h"
#include "rd-window.h"
#include "rd-test-util.h"

#define WIDTH 1200
#define HEIGHT 760
#define WAIT_SECONDS 20

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
  /* Three more frames after it: a slow first frame (fonts loaded for the first time, CJK
   * ones take long) starts the transitions late. */
  frames = 0;
  until = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;
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

static gboolean
have_font_family (const char *name)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoFontFamily **families = NULL;
  int n = 0;
  gboolean found = FALSE;

  pango_font_map_list_families (map, &families, &n);
  for (int i = 0; i < n && !found; i++)
    found = g_str_equal (pango_font_family_get_name (families[i]), name);
  g_free (families);
  return found;
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

/* Chooses the language before GTK starts. gettext ignores LANGUAGE under the
 * C locale, so a translation also needs a UTF-8 locale: the language's own
 * when the system has it (then LC_TIME and GTK's own strings follow too),
 * else C.UTF-8. Without @language, English under C.UTF-8 whatever the
 * environment says, so the pictures do not depend on who renders them. */
static void
set_up_language (const char *language,
                 const char *localedir)
{
  if (language != NULL)
    {
      g_autofree char *locale = g_strconcat (language, ".UTF-8", NULL);

      g_setenv ("LANGUAGE", language, TRUE);
      g_setenv ("LC_ALL", setlocale (LC_ALL, locale) != NULL ? locale : "C.UTF-8", TRUE);
    }
  else
    {
      g_unsetenv ("LANGUAGE");
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
    }

  setlocale (LC_ALL, "");
  /* The catalogs compiled in the build folder (po/LANG/LC_MESSAGES/), not installed ones. */
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* Renders @language's pictures in a new process: the language is chosen once, before GTK starts. */
static void
render_language (const char *self,
                 const char *dir,
                 const char *localedir,
                 const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *language_arg = g_strconcat ("--language=", language, NULL);
  g_autofree char *localedir_arg = g_strconcat ("--localedir=", localedir, NULL);
  const char *child_argv[] = { self, dir, language_arg, localedir_arg, NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) child_argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("Rendering the %s screenshots failed: %s", language, error->message);
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
  gboolean all = FALSE;
  /* --language=zh_CN renders the translated pictures only, from the catalogs in --localedir. */
  const char *language = NULL;
  const char *localedir = NULL;
  AdwStyleManager *style_manager;
  RdWindow *window;

  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--all"))
        all = TRUE;
      else if (g_str_has_prefix (argv[i], "--language="))
        language = argv[i] + strlen ("--language=");
      else if (g_str_has_prefix (argv[i], "--localedir="))
        localedir = argv[i] + strlen ("--localedir=");
      else
        g_error ("Unknown argument %s", argv[i]);
    }

  set_up_language (language, localedir);

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
    /* A Chinese desktop's font for the Chinese picture (fonts-noto-cjk): without it the
     * names would be drawn as boxes. */
    if (language != NULL && g_str_has_prefix (language, "zh"))
      {
        if (!have_font_family ("Noto Sans CJK SC"))
          g_error ("No Noto Sans CJK SC: install fonts-noto-cjk (.ci/deps --test)");
        g_object_set (gtk_settings_get_default (), "gtk-font-name",
                      "Cantarell, Noto Sans CJK SC 11", NULL);
      }
    else
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
  rd_window_set_sample_lookups (window, rd_demo_new_sample_lookups ());
  rd_window_set_client (window, client);
  rd_window_set_form (window, RD_DEMO_PROJECT_ID, "", "");
  g_signal_connect (window, "lookup-finished", G_CALLBACK (on_lookup_finished), NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  if (language != NULL)
    {
      /* The README's picture of the translation: names, statuses and dates. */
      g_autofree char *name = g_strdup_printf ("package-100-%s.png", language);

      look_up (window, "100");
      save_png (GTK_WIDGET (window), dir, name);

      gtk_window_destroy (GTK_WINDOW (window));
      rd_demo_service_stop (demo);
      return 0;
    }

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

      /* A new IAM account on a custom endpoint, at the editor's own size: Sign In in sight. */
      {
        g_autofree char *accounts_dir = g_dir_make_tmp ("rd-screenshots-XXXXXX", NULL);
        g_autofree char *path = g_build_filename (accounts_dir, "accounts.ini", NULL);
        g_autoptr(RdAccountStore) store = rd_account_store_new (path, NULL);
        RdAccountEditor *editor = rd_account_editor_new (GTK_WINDOW (window), store, NULL);
        GtkWidget *region = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                                       RD_TYPE_ACCOUNT_EDITOR,
                                                                       "region_row"));
        GtkWidget *method = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                                       RD_TYPE_ACCOUNT_EDITOR,
                                                                       "method_row"));

        adw_combo_row_set_selected (ADW_COMBO_ROW (method), 2);
        adw_combo_row_set_selected (ADW_COMBO_ROW (region),
                                    g_strv_length ((char **) rd_regions_get_all ()));
        gtk_window_present (GTK_WINDOW (editor));
        WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (editor)));
        save_png (GTK_WIDGET (editor), dir, "account-editor-iam.png");
        gtk_window_destroy (GTK_WINDOW (editor));
        rd_test_remove_tree (accounts_dir);
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

  if (localedir != NULL)
    render_language (argv[0], dir, localedir, "zh_CN");

  return 0;
}
