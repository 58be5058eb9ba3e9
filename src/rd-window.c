/* rd-window.c */
#include "config.h"
