/* rd-validate.c: checks and normalises what a user types or pastes: IDs, regions and endpoints. */
#define G_LOG_DOMAIN "rd-validate"

#include "config.h"

#include "rd-validate.h"
