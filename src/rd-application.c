/* rd-application.c: the Release Desk application: its options, the headless export and the window. */
#define G_LOG_DOMAIN "rd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-application.h"
#include "rd-cli.h"

struct _RdApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (RdApplication, rd_application, ADW_TYPE_APPLICATION)

static char *
dup_string_option (GVariantDict *dict,
                   const char   *name)
{
  const char *value = NULL;

  if (!g_variant_dict_lookup (dict, name, "&s", &value))
    return NULL;

  return g_strdup (value);
}

/* Runs before the application registers or initialises GTK, so --export
 * works over SSH and in CI without a display or a session bus. */
static int
rd_application_handle_local_options (GApplication *app,
                                     GVariantDict *dict)
{
  g_auto(RdCliOptions) options = { 0 };
  g_autofree const char **remaining = NULL;
  gboolean version = FALSE;

  if (g_variant_dict_lookup (dict, "version", "b", &version) && version)
    {
      g_print ("release-desk %s\n", PACKAGE_VERSION);
      return RD_EXIT_OK;
    }

  g_variant_dict_lookup (dict, "demo", "b", &options.demo);
  options.region = dup_string_option (dict, "region");
  options.endpoint = dup_string_option (dict, "endpoint");
  options.project_id = dup_string_option (dict, "project-id");
  options.workspace = dup_string_option (dict, "workspace");
  options.export_path = dup_string_option (dict, "export");
  if (!g_variant_dict_lookup (dict, "timeout", "i", &options.timeout))
    options.timeout = 0;
  else if (options.timeout == 0)
    options.timeout = -1;

  if (g_variant_dict_lookup (dict, G_OPTION_REMAINING, "^a&ay", &remaining))
    {
      if (remaining[0] != NULL && remaining[1] != NULL)
        {
          g_printerr ("release-desk: %s\n", _("Give one package ID at a time"));
          return RD_EXIT_USAGE;
        }
      options.package_id = g_strdup (remaining[0]);
    }

  if (options.export_path != NULL)
    return rd_cli_export (&options);

  g_printerr ("release-desk: %s\n",
              _("The window is not available yet: use --export=FILE (or --export=- for standard output)"));
  return RD_EXIT_USAGE;
}

static const GOptionEntry main_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Use the built-in demo service (no account needed)"), NULL },
  { "region", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Huawei Cloud region, such as cn-north-4"), N_("REGION") },
  { "endpoint", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("DataArts Studio endpoint URL, instead of a region"), N_("URL") },
  { "project-id", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Project ID"), N_("ID") },
  { "workspace", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Workspace ID (the default workspace when left out)"), N_("ID") },
  { "timeout", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Give up after this many seconds (default 30)"), N_("SECONDS") },
  { "export", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the package’s details as JSON to FILE (“-” for standard output) and exit"),
    N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    NULL, N_("[PACKAGE_ID]") },
  { NULL }
};

static void
rd_application_class_init (RdApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->handle_local_options = rd_application_handle_local_options;
}

static void
rd_application_init (RdApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[PACKAGE_ID]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Look up a DataArts Studio release package."));
  g_application_set_option_context_description (G_APPLICATION (self),
    _("Credentials come from the environment: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK\n"
      "(with HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary credentials), or RELEASE_DESK_TOKEN.\n"
      "\n"
      "Exit status: 0 on success, 1 when the lookup or export fails, 2 for a usage error.\n"
      "\n"
      "Example:\n"
      "  release-desk --demo --export=- 4"));
}

RdApplication *
rd_application_new (void)
{
  return g_object_new (RD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
