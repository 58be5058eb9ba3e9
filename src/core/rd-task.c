/* rd-task.c: one release task of a package (task_details[]). */
#define G_LOG_DOMAIN "rd-task"

#include "config.h"

#include "rd-task.h"
