/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-item-list.h: a list model that never changes, over an array: what a parsed package holds. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_TYPE_ITEM_LIST (rd_item_list_get_type ())
G_DECLARE_FINAL_TYPE (RdItemList, rd_item_list, RD, ITEM_LIST, GObject)

/* Takes @items (GObjects of @item_type, freed with g_object_unref()); the
 * list never emits items-changed. NULL @items for an empty list. */
RdItemList *rd_item_list_new (GType      item_type,
                              GPtrArray *items);

G_END_DECLS
