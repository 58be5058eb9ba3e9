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
#include "rd-application.h"
#include "rd-change-view.h"
#include "rd-demo-testing.h"
#include "rd-regions.h"
#include "rd-tasks-view.h"
#include "rd-window.h"
#include "rd-test-util.h"
#include "rd-test-window.h"

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

/* The review package with its modified script selected: the review pane's diff. */
static void
show_review (RdWindow *window)
{
  GtkSelectionModel *selection = rd_tasks_view_get_selection (rd_window_get_tasks_view (window));
  GListModel *tasks = rd_tasks_view_get_visible_model (rd_window_get_tasks_view (window));
  RdChangeView *view = RD_CHANGE_VIEW (rd_test_find_widget (GTK_WIDGET (window),
                                                            RD_TYPE_CHANGE_VIEW, NULL, NULL));
  guint n;

  look_up (window, RD_DEMO_REVIEW_PACKAGE_ID);
  n = g_list_model_get_n_items (tasks);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i);

      if (g_strcmp0 (rd_task_get_item_name (task), "dws_订单_日汇总") == 0 &&
          rd_task_get_task_type (task) == 2)
        {
          gtk_selection_model_select_item (selection, i, TRUE);
          /* As a click would have it: the row in view, its Review cell filled. */
          rd_tasks_view_scroll_to (rd_window_get_tasks_view (window), i);
          break;
        }
    }
  WAIT_UNTIL (rd_change_view_get_change (view) != NULL &&
              rd_task_change_is_loaded (rd_change_view_get_change (view)));
  rd_change_view_move_to_change (view, TRUE);
  /* The next two tasks' sizes, which the pane fetched ahead. */
  rd_test_run_for (1000);
}

/* Revoke… on the package on show, answered as a click on "Revoke" does: the page that says
 * the package went back to its developer. */
static void
revoke_shown (RdWindow *window)
{
  AdwMessageDialog *dialog = NULL;

  if (!gtk_widget_activate_action (GTK_WIDGET (window), "win.revoke", NULL))
    g_error ("No Revoke… for the package on show");
  WAIT_UNTIL ((dialog = rd_test_find_message_dialog ()) != NULL);
  g_object_ref (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  adw_message_dialog_response (dialog, "revoke");
  g_object_unref (dialog);
  WAIT_UNTIL (g_str_equal (rd_window_get_state (window), "error"));
}

static void
on_first_window_added (GtkApplication *app,
                       GtkWindow      *window,
                       GtkWindow     **first)
{
  if (*first == NULL)
    *first = window;
}

/* A first run, as the application opens it with no account saved: in a child process whose
 * configuration folders are new (see render_first_run ()). */
static void
save_first_run (const char *dir,
                const char *suffix)
{
  g_autoptr(RdApplication) app = rd_application_new ();
  g_autofree char *name = g_strdup_printf ("first-run%s.png", suffix);
  GtkWindow *first = NULL;

  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) |
                                                    G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (on_first_window_added), &first);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_application_activate (G_APPLICATION (app));
  WAIT_UNTIL (first != NULL && gtk_widget_get_mapped (GTK_WIDGET (first)));
  gtk_window_set_default_size (first, WIDTH, HEIGHT);
  save_png (GTK_WIDGET (first), dir, name);
  gtk_window_destroy (first);
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
                 const char *language,
                 gboolean    states)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *language_arg = g_strconcat ("--language=", language, NULL);
  g_autofree char *localedir_arg = g_strconcat ("--localedir=", localedir, NULL);
  const char *child_argv[] = { self, dir, language_arg, localedir_arg,
                               states ? "--states" : NULL, NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) child_argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("Rendering the %s screenshots failed: %s", language, error->message);
}

/* The first run in a new process: the configuration folders are read once, so a folder with
 * no account in it has to be there from the start. */
static void
render_first_run (const char *self,
                  const char *dir,
                  const char *language,
                  const char *localedir,
                  gboolean    dark)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("rd-first-run-XXXXXX", &error);
  g_autofree char *config = NULL;
  g_autofree char *data = NULL;
  g_autofree char *language_arg = NULL;
  g_autofree char *localedir_arg = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GPtrArray) child_argv = g_ptr_array_new ();
  int status = 0;

  if (home == NULL)
    g_error ("%s", error->message);
  config = g_build_filename (home, "config", NULL);
  data = g_build_filename (home, "data", NULL);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data, TRUE);

  g_ptr_array_add (child_argv, (char *) self);
  g_ptr_array_add (child_argv, (char *) dir);
  g_ptr_array_add (child_argv, (char *) "--first-run");
  if (dark)
    g_ptr_array_add (child_argv, (char *) "--dark");
  if (language != NULL)
    {
      language_arg = g_strconcat ("--language=", language, NULL);
      g_ptr_array_add (child_argv, language_arg);
    }
  if (localedir != NULL)
    {
      localedir_arg = g_strconcat ("--localedir=", localedir, NULL);
      g_ptr_array_add (child_argv, localedir_arg);
    }
  g_ptr_array_add (child_argv, NULL);

  if (!g_spawn_sync (NULL, (char **) child_argv->pdata, envp, G_SPAWN_CHILD_INHERITS_STDIN,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("Rendering the first run failed: %s", error->message);
  rd_test_remove_tree (home);
}

/* The pictures of a review's states (--states), light and dark: a package whose task names
 * are Chinese, the page after Revoke, and a first run. @suffix ends the file names ("" or
 * "-zh_CN"). The revoke sends package 7 back: the last lookup of 7 in this process. */
static void
render_states (RdWindow   *window,
               const char *self,
               const char *dir,
               const char *language,
               const char *localedir)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  g_autofree char *suffix = language != NULL ? g_strconcat ("-", language, NULL) : g_strdup ("");
  const char *states[] = { "tasks-cjk", "sent-back" };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *light = g_strdup_printf ("%s%s.png", states[i], suffix);
      g_autofree char *dark = g_strdup_printf ("%s-dark%s.png", states[i], suffix);

      if (i == 0)
        look_up (window, "7");
      else
        revoke_shown (window);
      adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
      save_png (GTK_WIDGET (window), dir, light);
      adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
      save_png (GTK_WIDGET (window), dir, dark);
      adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);

      /* The table at 1400 pixels as well: what the columns do with room to spare. */
      if (i == 0)
        {
          g_autofree char *wide = g_strdup_printf ("%s-wide%s.png", states[i], suffix);

          gtk_window_set_default_size (GTK_WINDOW (window), 1400, HEIGHT);
          save_png (GTK_WIDGET (window), dir, wide);
          gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
        }
    }

  render_first_run (self, dir, language, localedir, FALSE);
  render_first_run (self, dir, language, localedir, TRUE);
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
  /* --states renders a review's states (render_states ()), in every language rendered. */
  gboolean states = FALSE;
  /* --first-run (with --dark): the child process of render_first_run (). */
  gboolean first_run = FALSE;
  gboolean dark = FALSE;
  /* --language=zh_CN renders the translated pictures only, from the catalogs in --localedir. */
  const char *language = NULL;
  const char *localedir = NULL;
  AdwStyleManager *style_manager;
  RdWindow *window;

  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--all"))
        all = TRUE;
      else if (g_str_equal (argv[i], "--states"))
        states = TRUE;
      else if (g_str_equal (argv[i], "--first-run"))
        first_run = TRUE;
      else if (g_str_equal (argv[i], "--dark"))
        dark = TRUE;
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

  if (first_run)
    {
      g_autofree char *name = g_strdup_printf ("%s%s%s", dark ? "-dark" : "",
                                               language != NULL ? "-" : "",
                                               language != NULL ? language : "");

      if (dark)
        adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
      save_first_run (dir, name);
      return 0;
    }

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
  /* The columns a new user sees (the default of the hidden-task-columns setting). */
  rd_tasks_view_set_hidden_columns (rd_window_get_tasks_view (window),
                                    (const char *[]) { "job-id", "script-id", NULL });
  g_signal_connect (window, "lookup-finished", G_CALLBACK (on_lookup_finished), NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  if (language != NULL)
    {
      /* The README's picture of the translation: names, statuses and dates. */
      g_autofree char *name = g_strdup_printf ("package-100-%s.png", language);

      g_autofree char *review = g_strdup_printf ("review-%s.png", language);

      look_up (window, "100");
      save_png (GTK_WIDGET (window), dir, name);
      gtk_window_set_default_size (GTK_WINDOW (window), 1400, HEIGHT);
      show_review (window);
      save_png (GTK_WIDGET (window), dir, review);
      gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
      if (states)
        render_states (window, argv[0], dir, language, localedir);

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

  /* The review pane, light and dark, a little wider than the rest: the diff beside the table. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, HEIGHT);
  show_review (window);
  save_png (GTK_WIDGET (window), dir, "review.png");
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  save_png (GTK_WIDGET (window), dir, "review-dark.png");
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);

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

  if (states)
    render_states (window, argv[0], dir, NULL, NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  rd_demo_service_stop (demo);

  if (localedir != NULL)
    render_language (argv[0], dir, localedir, "zh_CN", states);

  return 0;
}
