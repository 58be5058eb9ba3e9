/* rd-approver.c: one reviewer of a release package (package_approvers[]). */
#define G_LOG_DOMAIN "rd-approver"

#include "config.h"

#include "rd-approver.h"
