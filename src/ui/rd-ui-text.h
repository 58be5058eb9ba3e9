/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-ui-text.h: text not ours into the widget properties that libadwaita 1.2 reads as markup. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A status page's description is Pango markup. @text (the service's message,
 * an ID, a file name) is shown as it is: '<', '&' and tags are text. */
void      rd_status_page_set_description_text (AdwStatusPage *page,
                                               const char    *text);

/* A toast whose title (markup) shows @text as it is. */
AdwToast *rd_toast_new_text                   (const char    *text);

G_END_DECLS
