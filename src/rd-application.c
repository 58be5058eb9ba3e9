/* rd-application.c: the Release Desk application: options, headless export and (later) the window. */
#define G_LOG_DOMAIN "rd-application"

#include "config.h"

#include "rd-application.h"

struct _RdApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (RdApplication, rd_application, ADW_TYPE_APPLICATION)

static void
rd_application_class_init (RdApplicationClass *klass)
{
}

static void
rd_application_init (RdApplication *self)
{
}

RdApplication *
rd_application_new (void)
{
  return g_object_new (RD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
