/* rd-parser.c: strict parsing of the release-package API's documents into models. */
#define G_LOG_DOMAIN "rd-parser"

#include "config.h"

#include "rd-parser.h"
