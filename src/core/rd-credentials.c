/* rd-credentials.c: an immutable set of credentials (IAM token or AK/SK) whose secrets are wiped on release. */
#define G_LOG_DOMAIN "rd-credentials"

#include "config.h"

#include "rd-credentials.h"
