/* rd-cli.c: the headless path of release-desk: look a package up and export it, no display needed. */
#define G_LOG_DOMAIN "rd-cli"

#include "config.h"

#include "rd-cli.h"
