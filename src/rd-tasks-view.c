/* rd-tasks-view.c */
#include "config.h"
