/* rd-task-format.c */
#include "config.h"
