/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-package-query.c: the filters, sort order and page of a ListFactoryReleasePackages call. */
#define G_LOG_DOMAIN "rd-package-query"

#include "config.h"

#include "rd-package-query.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "rd-enums.h"

struct _RdPackageQuery
{
  char            *key_word;
  char            *apply_user_name;
  char            *deploy_user_name;
  gint64           apply_begin_time;
  gint64           apply_end_time;
  gint64           deploy_begin_time;
  gint64           deploy_end_time;
  GArray          *deploy_statuses;   /* of int; NULL when unset */
  RdSortDirection  sort_direction;
  guint            limit;             /* 0: unset */
  gint64           offset;            /* RD_VALUE_ABSENT: unset */
};

G_DEFINE_BOXED_TYPE (RdPackageQuery, rd_package_query, rd_package_query_copy, rd_package_query_free)

RdPackageQuery *
rd_package_query_new (void)
{
  RdPackageQuery *query = g_new0 (RdPackageQuery, 1);

  query->apply_begin_time = RD_VALUE_ABSENT;
  query->apply_end_time = RD_VALUE_ABSENT;
  query->deploy_begin_time = RD_VALUE_ABSENT;
  query->deploy_end_time = RD_VALUE_ABSENT;
  query->offset = RD_VALUE_ABSENT;

  return query;
}

RdPackageQuery *
rd_package_query_new_review_queue (void)
{
  static const int to_be_reviewed[] = { RD_DEPLOY_STATUS_TO_BE_REVIEWED };
  RdPackageQuery *query = rd_package_query_new ();

  rd_package_query_set_deploy_statuses (query, to_be_reviewed, G_N_ELEMENTS (to_be_reviewed));

  return query;
}

RdPackageQuery *
rd_package_query_copy (const RdPackageQuery *query)
{
  RdPackageQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = g_memdup2 (query, sizeof *query);
  copy->key_word = g_strdup (query->key_word);
  copy->apply_user_name = g_strdup (query->apply_user_name);
  copy->deploy_user_name = g_strdup (query->deploy_user_name);
  if (query->deploy_statuses != NULL)
    copy->deploy_statuses = g_array_copy (query->deploy_statuses);

  return copy;
}

void
rd_package_query_free (RdPackageQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->key_word);
  g_free (query->apply_user_name);
  g_free (query->deploy_user_name);
  g_clear_pointer (&query->deploy_statuses, g_array_unref);
  g_free (query);
}

static gboolean
statuses_equal (GArray *a,
                GArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (int)) == 0;
}

gboolean
rd_package_query_equal (const RdPackageQuery *a,
                        const RdPackageQuery *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return g_strcmp0 (a->key_word, b->key_word) == 0 &&
         g_strcmp0 (a->apply_user_name, b->apply_user_name) == 0 &&
         g_strcmp0 (a->deploy_user_name, b->deploy_user_name) == 0 &&
         a->apply_begin_time == b->apply_begin_time &&
         a->apply_end_time == b->apply_end_time &&
         a->deploy_begin_time == b->deploy_begin_time &&
         a->deploy_end_time == b->deploy_end_time &&
         statuses_equal (a->deploy_statuses, b->deploy_statuses) &&
         a->sort_direction == b->sort_direction &&
         a->limit == b->limit &&
         a->offset == b->offset;
}

/* What a search field hands over often ends in a space or a newline. */
static void
set_text (char       **field,
          const char  *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  g_free (*field);
  *field = trimmed[0] != '\0' ? g_steal_pointer (&trimmed) : NULL;
}

void
rd_package_query_set_key_word (RdPackageQuery *query,
                               const char     *key_word)
{
  g_return_if_fail (query != NULL);

  set_text (&query->key_word, key_word);
}

const char *
rd_package_query_get_key_word (const RdPackageQuery *query)
{
  g_return_val_if_fail (query != NULL, NULL);

  return query->key_word;
}

void
rd_package_query_set_apply_user_name (RdPackageQuery *query,
                                      const char     *user_name)
{
  g_return_if_fail (query != NULL);

  set_text (&query->apply_user_name, user_name);
}

const char *
rd_package_query_get_apply_user_name (const RdPackageQuery *query)
{
  g_return_val_if_fail (query != NULL, NULL);

  return query->apply_user_name;
}

void
rd_package_query_set_deploy_user_name (RdPackageQuery *query,
                                       const char     *user_name)
{
  g_return_if_fail (query != NULL);

  set_text (&query->deploy_user_name, user_name);
}

const char *
rd_package_query_get_deploy_user_name (const RdPackageQuery *query)
{
  g_return_val_if_fail (query != NULL, NULL);

  return query->deploy_user_name;
}

void
rd_package_query_set_apply_time_range (RdPackageQuery *query,
                                       gint64          begin_ms,
                                       gint64          end_ms)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (begin_ms >= RD_VALUE_ABSENT && end_ms >= RD_VALUE_ABSENT);

  query->apply_begin_time = begin_ms;
  query->apply_end_time = end_ms;
}

void
rd_package_query_get_apply_time_range (const RdPackageQuery *query,
                                       gint64               *begin_ms,
                                       gint64               *end_ms)
{
  g_return_if_fail (query != NULL);

  if (begin_ms != NULL)
    *begin_ms = query->apply_begin_time;
  if (end_ms != NULL)
    *end_ms = query->apply_end_time;
}

void
rd_package_query_set_deploy_time_range (RdPackageQuery *query,
                                        gint64          begin_ms,
                                        gint64          end_ms)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (begin_ms >= RD_VALUE_ABSENT && end_ms >= RD_VALUE_ABSENT);

  query->deploy_begin_time = begin_ms;
  query->deploy_end_time = end_ms;
}

void
rd_package_query_get_deploy_time_range (const RdPackageQuery *query,
                                        gint64               *begin_ms,
                                        gint64               *end_ms)
{
  g_return_if_fail (query != NULL);

  if (begin_ms != NULL)
    *begin_ms = query->deploy_begin_time;
  if (end_ms != NULL)
    *end_ms = query->deploy_end_time;
}

void
rd_package_query_set_deploy_statuses (RdPackageQuery *query,
                                      const int      *statuses,
                                      guint           n_statuses)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (n_statuses == 0 || statuses != NULL);

  g_clear_pointer (&query->deploy_statuses, g_array_unref);
  if (n_statuses == 0)
    return;

  query->deploy_statuses = g_array_sized_new (FALSE, FALSE, sizeof (int), n_statuses);
  g_array_append_vals (query->deploy_statuses, statuses, n_statuses);
}

/**
 * rd_package_query_get_deploy_statuses:
 * @n_statuses: (out): how many
 *
 * Returns: (transfer none) (nullable): the statuses, NULL when unset
 */
const int *
rd_package_query_get_deploy_statuses (const RdPackageQuery *query,
                                      guint                *n_statuses)
{
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (n_statuses != NULL, NULL);

  if (query->deploy_statuses == NULL)
    {
      *n_statuses = 0;
      return NULL;
    }

  *n_statuses = query->deploy_statuses->len;

  return (const int *) query->deploy_statuses->data;
}

void
rd_package_query_set_sort_direction (RdPackageQuery  *query,
                                     RdSortDirection  direction)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (direction <= RD_SORT_DIRECTION_DESCENDING);

  query->sort_direction = direction;
}

RdSortDirection
rd_package_query_get_sort_direction (const RdPackageQuery *query)
{
  g_return_val_if_fail (query != NULL, RD_SORT_DIRECTION_DEFAULT);

  return query->sort_direction;
}

void
rd_package_query_set_limit (RdPackageQuery *query,
                            guint           limit)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (limit <= RD_PACKAGE_QUERY_MAX_LIMIT);

  query->limit = limit;
}

guint
rd_package_query_get_limit (const RdPackageQuery *query)
{
  g_return_val_if_fail (query != NULL, 0);

  return query->limit;
}

void
rd_package_query_set_offset (RdPackageQuery *query,
                             gint64          offset)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (offset >= RD_VALUE_ABSENT);

  query->offset = offset;
}

gint64
rd_package_query_get_offset (const RdPackageQuery *query)
{
  g_return_val_if_fail (query != NULL, RD_VALUE_ABSENT);

  return query->offset;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  if (value == RD_VALUE_ABSENT)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

char *
rd_package_query_to_json (const RdPackageQuery *query)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (query != NULL, NULL);

  /* In the order of the API page, so a request log reads like it. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string (builder, "key_word", query->key_word);
  add_string (builder, "apply_user_name", query->apply_user_name);
  add_string (builder, "deploy_user_name", query->deploy_user_name);
  add_int (builder, "apply_begin_time", query->apply_begin_time);
  add_int (builder, "apply_end_time", query->apply_end_time);
  add_int (builder, "deploy_begin_time", query->deploy_begin_time);
  add_int (builder, "deploy_end_time", query->deploy_end_time);
  if (query->deploy_statuses != NULL)
    {
      json_builder_set_member_name (builder, "deploy_status_filter");
      json_builder_begin_array (builder);
      for (guint i = 0; i < query->deploy_statuses->len; i++)
        json_builder_add_int_value (builder, g_array_index (query->deploy_statuses, int, i));
      json_builder_end_array (builder);
    }
  if (query->sort_direction == RD_SORT_DIRECTION_ASCENDING)
    add_string (builder, "sorted_direction", "asc");
  else if (query->sort_direction == RD_SORT_DIRECTION_DESCENDING)
    add_string (builder, "sorted_direction", "desc");
  if (query->limit != 0)
    add_int (builder, "limit", query->limit);
  add_int (builder, "offset", query->offset);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}
