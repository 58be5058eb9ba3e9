/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-package-header.h: a release package at a glance: name, status, people, times and approvers. */
#pragma once

#include <gtk/gtk.h>

#include "rd-release-package.h"

G_BEGIN_DECLS

#define RD_TYPE_PACKAGE_HEADER (rd_package_header_get_type ())
G_DECLARE_FINAL_TYPE (RdPackageHeader, rd_package_header, RD, PACKAGE_HEADER, GtkWidget)

GtkWidget        *rd_package_header_new            (void);

/* Shows @package (NULL clears). The header also emits "toast" (const char *message)
 * after copying an approver's name or ID. */
void              rd_package_header_set_package    (RdPackageHeader  *self,
                                                    RdReleasePackage *package);
RdReleasePackage *rd_package_header_get_package    (RdPackageHeader  *self);

/* What the status pill says ("Failed"), for the tests and assistive technologies. */
const char       *rd_package_header_get_status_text (RdPackageHeader *self);

G_END_DECLS
