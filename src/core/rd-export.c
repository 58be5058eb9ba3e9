/* rd-export.c: writes a package's document as pretty-printed JSON, atomically. */
#define G_LOG_DOMAIN "rd-export"

#include "config.h"

#include "rd-export.h"
