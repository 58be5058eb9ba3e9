/* rd-release-package.c: a release package as the detail call returns it. */
#define G_LOG_DOMAIN "rd-release-package"

#include "config.h"

#include "rd-release-package.h"
