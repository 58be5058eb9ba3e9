/* rd-demo-service.c: an in-process fake DataArts Studio service on 127.0.0.1, for --demo and the tests. */
#define G_LOG_DOMAIN "rd-demo-service"

#include "config.h"

#include "rd-demo-service.h"
