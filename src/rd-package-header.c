/* rd-package-header.c */
#include "config.h"
