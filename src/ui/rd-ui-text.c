/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-ui-text.c: text not ours into the widget properties that libadwaita 1.2 reads as markup. */
#define G_LOG_DOMAIN "rd-ui-text"

#include "config.h"

#include "rd-ui-text.h"

void
rd_status_page_set_description_text (AdwStatusPage *page,
                                     const char    *text)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (ADW_IS_STATUS_PAGE (page));

  if (text != NULL)
    escaped = g_markup_escape_text (text, -1);
  adw_status_page_set_description (page, escaped);
}

AdwToast *
rd_toast_new_text (const char *text)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  escaped = g_markup_escape_text (text, -1);
  return adw_toast_new (escaped);
}
