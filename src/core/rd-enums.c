/* rd-enums.c: the enumerations of the release-package API and their human labels. */
#define G_LOG_DOMAIN "rd-enums"

#include "config.h"

#include "rd-enums.h"
