/* rd-client.c: the asynchronous DataArts Studio client (libsoup 3, GTask, GCancellable). */
#define G_LOG_DOMAIN "rd-client"

#include "config.h"

#include "rd-client.h"
