/* rd-cli.h: the headless path of release-desk: look a package up and export it, no display needed. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS
G_END_DECLS
