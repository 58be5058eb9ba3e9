/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-package-pager.c: pages through ListFactoryReleasePackages into one growing GListModel. */
#define G_LOG_DOMAIN "rd-package-pager"

#include "config.h"

#include "rd-package-pager.h"

#include <glib/gi18n-lib.h>

#include "rd-enums.h"

/* What "offset" counts is not documented (the API page marks it unconfirmed)
 * and a wrong guess is costly either way: taking pages for records asks for
 * offsets 10, 20, … and skips most packages; taking records for pages asks
 * for 1, 2, … and shows the first page again and again. So the pager asks.
 *
 * The first page is offset 0 with limit N, the same in every reading. Then
 * it asks for offset 1 with limit N and compares that answer's first
 * package with the first page:
 *   - it is the first page's second package: offset 1 skipped one package,
 *     so offset counts records;
 *   - it is not on the first page at all: offset 1 is the second page, so
 *     offset counts pages from 0;
 *   - it is the first page's first package: offset 1 is the first page
 *     again, so offset counts pages from 1.
 * From then on it asks for the next offset in that reading.
 *
 * Packages are submitted and reviewed while someone pages, which shifts
 * everything after them by a place. So: every package is kept once, by ID;
 * when "total" changed between the first page and the probe, the data moved
 * under the comparison and it is done again (twice at most); when "total"
 * shrinks while paging (packages released or revoked meanwhile, which is
 * what a review queue is for), the next offset goes back by as many, so
 * nothing that moved up is jumped over; a reading is never given up
 * halfway; and paging ends at a short or empty page, when the offset passes
 * "total", or after two pages in a row brought nothing new (a service that
 * ignores offset would otherwise be asked forever). */

#define MAX_PROBES              3
#define MAX_REQUESTS_PER_LOAD   4
#define MAX_FRUITLESS_PAGES     2

GType
rd_offset_reading_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { RD_OFFSET_READING_UNKNOWN, "RD_OFFSET_READING_UNKNOWN", "unknown" },
        { RD_OFFSET_READING_RECORDS, "RD_OFFSET_READING_RECORDS", "records" },
        { RD_OFFSET_READING_PAGES, "RD_OFFSET_READING_PAGES", "pages" },
        { RD_OFFSET_READING_PAGES_FROM_1, "RD_OFFSET_READING_PAGES_FROM_1", "pages-from-1" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static (g_intern_static_string ("RdOffsetReading"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

typedef enum
{
  STEP_FIRST_PAGE,   /* offset 0 */
  STEP_PROBE,        /* offset 1, to find the reading out */
  STEP_NEXT,         /* next_offset in the known reading */
} Step;

struct _RdPackagePager
{
  GObject          parent_instance;

  RdClient        *client;
  char            *project_id;
  char            *workspace;
  RdPackageQuery  *query;

  GListStore      *packages;
  GHashTable      *ids;             /* package IDs in @packages */
  GPtrArray       *first_page_ids;  /* in the first page's order; NULL for a package without ID */
  guint            first_total;

  RdOffsetReading  reading;
  Step             step;
  gint64           next_offset;
  guint            n_probes;
  guint            n_fruitless;

  guint            total;
  gboolean         has_more;
  GTask           *load;            /* the load in flight */
  guint            generation;      /* bumped by reset: late answers are dropped */
};

G_DEFINE_FINAL_TYPE (RdPackagePager, rd_package_pager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PROJECT_ID,
  PROP_WORKSPACE,
  PROP_QUERY,
  PROP_PACKAGES,
  PROP_TOTAL,
  PROP_HAS_MORE,
  PROP_LOADING,
  PROP_OFFSET_READING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One load_more call. */
typedef struct
{
  guint         generation;
  gint64        offset;             /* of the request in flight */
  guint         n_added;
  guint         n_requests;
  GCancellable *cancellable;        /* cancelled by the caller's or by reset */
  GCancellable *caller_cancellable;
  gulong        cancelled_id;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  if (load->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (load->caller_cancellable, load->cancelled_id);
      g_object_unref (load->caller_cancellable);
    }
  g_clear_object (&load->cancellable);
  g_free (load);
}

static void
set_has_more (RdPackagePager *self,
              gboolean        has_more)
{
  if (self->has_more != has_more)
    {
      self->has_more = has_more;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
    }
}

static void
set_total (RdPackagePager *self,
           guint           total)
{
  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
}

static void
set_reading (RdPackagePager  *self,
             RdOffsetReading  reading)
{
  if (self->reading != reading)
    {
      self->reading = reading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFSET_READING]);
    }
}

static void
clear_load (RdPackagePager *self)
{
  if (self->load == NULL)
    return;

  g_clear_object (&self->load);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
rd_package_pager_dispose (GObject *object)
{
  RdPackagePager *self = (RdPackagePager *)object;

  /* A load in flight holds a reference, so only g_object_run_dispose() gets
   * here with one: it is cancelled like a reset would. */
  if (self->load != NULL)
    {
      Load *load = g_task_get_task_data (self->load);

      self->generation++;
      g_cancellable_cancel (load->cancellable);
      g_clear_object (&self->load);
    }

  g_clear_object (&self->client);
  g_clear_object (&self->packages);

  G_OBJECT_CLASS (rd_package_pager_parent_class)->dispose (object);
}

static void
rd_package_pager_finalize (GObject *object)
{
  RdPackagePager *self = (RdPackagePager *)object;

  g_free (self->project_id);
  g_free (self->workspace);
  g_clear_pointer (&self->query, rd_package_query_free);
  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_clear_pointer (&self->first_page_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (rd_package_pager_parent_class)->finalize (object);
}

static void
rd_package_pager_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RdPackagePager *self = RD_PACKAGE_PAGER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_PROJECT_ID:
      g_value_set_string (value, self->project_id);
      break;

    case PROP_WORKSPACE:
      g_value_set_string (value, self->workspace);
      break;

    case PROP_QUERY:
      g_value_set_boxed (value, self->query);
      break;

    case PROP_PACKAGES:
      g_value_set_object (value, self->packages);
      break;

    case PROP_TOTAL:
      g_value_set_uint (value, self->total);
      break;

    case PROP_HAS_MORE:
      g_value_set_boolean (value, self->has_more);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->load != NULL);
      break;

    case PROP_OFFSET_READING:
      g_value_set_enum (value, self->reading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_package_pager_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RdPackagePager *self = RD_PACKAGE_PAGER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_PROJECT_ID:
      self->project_id = g_value_dup_string (value);
      break;

    case PROP_WORKSPACE:
      self->workspace = g_value_dup_string (value);
      break;

    case PROP_QUERY:
      if (self->client == NULL)
        self->query = g_value_dup_boxed (value);
      else
        rd_package_pager_set_query (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_package_pager_constructed (GObject *object)
{
  RdPackagePager *self = (RdPackagePager *)object;

  G_OBJECT_CLASS (rd_package_pager_parent_class)->constructed (object);

  if (self->query == NULL)
    self->query = rd_package_query_new ();
}

#define READ_ONLY (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define CONSTRUCT_ONLY (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)

static void
rd_package_pager_class_init (RdPackagePagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_package_pager_dispose;
  object_class->finalize = rd_package_pager_finalize;
  object_class->get_property = rd_package_pager_get_property;
  object_class->set_property = rd_package_pager_set_property;
  object_class->constructed = rd_package_pager_constructed;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, RD_TYPE_CLIENT, CONSTRUCT_ONLY);
  properties[PROP_PROJECT_ID] =
    g_param_spec_string ("project-id", NULL, NULL, NULL, CONSTRUCT_ONLY);
  properties[PROP_WORKSPACE] =
    g_param_spec_string ("workspace", NULL, NULL, NULL, CONSTRUCT_ONLY);
  /* Set at construction, after the client: the setter then resets. */
  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL, RD_TYPE_PACKAGE_QUERY,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PACKAGES] =
    g_param_spec_object ("packages", NULL, NULL, G_TYPE_LIST_MODEL, READ_ONLY);
  properties[PROP_TOTAL] =
    g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0, READ_ONLY);
  properties[PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL, TRUE, READ_ONLY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, READ_ONLY);
  properties[PROP_OFFSET_READING] =
    g_param_spec_enum ("offset-reading", NULL, NULL, RD_TYPE_OFFSET_READING,
                       RD_OFFSET_READING_UNKNOWN, READ_ONLY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_package_pager_init (RdPackagePager *self)
{
  self->packages = g_list_store_new (RD_TYPE_RELEASE_PACKAGE);
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->first_page_ids = g_ptr_array_new_with_free_func (g_free);
  self->has_more = TRUE;
  self->step = STEP_FIRST_PAGE;
}

/**
 * rd_package_pager_new:
 * @client: the client to list with
 * @project_id: the project ID
 * @workspace: (nullable): the workspace ID, or %NULL for the default workspace
 * @query: (nullable): filters and page size; %NULL for none
 *
 * Returns: (transfer full): a pager before its first page
 */
RdPackagePager *
rd_package_pager_new (RdClient             *client,
                      const char           *project_id,
                      const char           *workspace,
                      const RdPackageQuery *query)
{
  g_return_val_if_fail (RD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (project_id != NULL, NULL);

  return g_object_new (RD_TYPE_PACKAGE_PAGER,
                       "client", client,
                       "project-id", project_id,
                       "workspace", workspace,
                       "query", query,
                       NULL);
}

RdClient *
rd_package_pager_get_client (RdPackagePager *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_PAGER (self), NULL);

  return self->client;
}

const char *
rd_package_pager_get_project_id (RdPackagePager *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_PAGER (self), NULL);

  return self->project_id;
}

const char *
rd_package_pager_get_workspace (RdPackagePager *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_PAGER (self), NULL);

  return self->workspace;
}

const RdPackageQuery *
rd_package_pager_get_query (RdPackagePager *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_PAGER (self), NULL);

  return self->query;
}

void
rd_package_pager_set_query (RdPackagePager       *self,
                            const RdPackageQuery *query)
{
  g_return_if_fail (RD_IS_PACKAGE_PAGER (self));

  rd_package_pager_reset (self);

  g_clear_pointer (&self->query, rd_package_query_free);
  self->query = query != NULL ? rd_package_query_copy (query) : rd_package_query_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

/**
 * rd_package_pager_get_packages:
 *
 * Returns: (transfer none): a #GListModel of #RdReleasePackage
 */
GListModel *
rd_package_pager_get_packages (RdPackagePager *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_PAGER (self), NULL);

  return G_LIST_MODEL (self->packages);
}

guint
rd_package_pager_get_total (RdPackagePager *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_PAGER (self), 0);

  return self->total;
}

gboolean
rd_package_pager_get_has_more (RdPackagePager *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_PAGER (self), FALSE);

  return self->has_more;
}

gboolean
rd_package_pager_get_loading (RdPackagePager *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_PAGER (self), FALSE);

  return self->load != NULL;
}

RdOffsetReading
rd_package_pager_get_offset_reading (RdPackagePager *self)
{
  g_return_val_if_fail (RD_IS_PACKAGE_PAGER (self), RD_OFFSET_READING_UNKNOWN);

  return self->reading;
}

void
rd_package_pager_reset (RdPackagePager *self)
{
  g_return_if_fail (RD_IS_PACKAGE_PAGER (self));

  self->generation++;
  if (self->load != NULL)
    {
      Load *load = g_task_get_task_data (self->load);

      /* Its answer, when it comes, sees another generation and is dropped. */
      g_cancellable_cancel (load->cancellable);
      clear_load (self);
    }

  g_list_store_remove_all (self->packages);
  g_hash_table_remove_all (self->ids);
  g_ptr_array_set_size (self->first_page_ids, 0);
  self->step = STEP_FIRST_PAGE;
  self->next_offset = 0;
  self->n_probes = 0;
  self->n_fruitless = 0;
  self->first_total = 0;
  set_total (self, 0);
  set_has_more (self, TRUE);
}

/**
 * rd_package_pager_remove:
 * @self: a #RdPackagePager
 * @package_id: the ID of a shown package
 *
 * Returns: %TRUE when the package was shown and is now removed
 */
gboolean
rd_package_pager_remove (RdPackagePager *self,
                         const char     *package_id)
{
  guint n;

  g_return_val_if_fail (RD_IS_PACKAGE_PAGER (self), FALSE);
  g_return_val_if_fail (package_id != NULL, FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->packages));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RdReleasePackage) package =
          g_list_model_get_item (G_LIST_MODEL (self->packages), i);

      if (g_strcmp0 (rd_release_package_get_package_id (package), package_id) == 0)
        {
          /* The ID stays known, so a later page does not bring it back. */
          g_list_store_remove (self->packages, i);
          return TRUE;
        }
    }

  return FALSE;
}

static guint
page_size (RdPackagePager *self)
{
  guint limit = rd_package_query_get_limit (self->query);

  return limit != 0 ? limit : RD_PACKAGE_QUERY_DEFAULT_LIMIT;
}

/* Appends the packages not seen yet, in one splice; returns how many. */
static guint
append_new (RdPackagePager *self,
            GListModel     *page)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (page);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdReleasePackage) package = g_list_model_get_item (page, i);
      const char *id = rd_release_package_get_package_id (package);

      /* Without an ID there is nothing to tell it apart by: shown as sent. */
      if (id != NULL && !g_hash_table_add (self->ids, g_strdup (id)))
        continue;

      g_ptr_array_add (fresh, g_steal_pointer (&package));
    }

  g_list_store_splice (self->packages, g_list_model_get_n_items (G_LIST_MODEL (self->packages)),
                       0, fresh->pdata, fresh->len);

  return fresh->len;
}

static int
first_page_index (RdPackagePager *self,
                  const char     *id)
{
  if (id == NULL)
    return -1;

  for (guint i = 0; i < self->first_page_ids->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->first_page_ids, i), id) == 0)
        return (int) i;
    }

  return -1;
}

static RdOffsetReading
decide_reading (RdPackagePager *self,
                GListModel     *probe)
{
  g_autoptr(RdReleasePackage) first = g_list_model_get_item (probe, 0);
  int index = first_page_index (self, rd_release_package_get_package_id (first));

  if (index == 0)
    return RD_OFFSET_READING_PAGES_FROM_1;

  /* 1 normally; more when packages before it were reviewed meanwhile. A
   * second page counted from 0 cannot start inside the first. */
  if (index >= 1)
    return RD_OFFSET_READING_RECORDS;

  return RD_OFFSET_READING_PAGES;
}

/* Whether the next offset lies beyond the last matching package. */
static gboolean
position_at_end (RdPackagePager *self,
                 guint           limit,
                 guint           n_items,
                 guint           total)
{
  switch (self->step)
    {
    case STEP_FIRST_PAGE:
      return FALSE;
    case STEP_PROBE:
      /* Only the first page so far. */
      return n_items >= total;
    case STEP_NEXT:
      break;
    default:
      g_assert_not_reached ();
    }

  switch (self->reading)
    {
    case RD_OFFSET_READING_RECORDS:
      return self->next_offset >= total;
    case RD_OFFSET_READING_PAGES:
      return self->next_offset * limit >= total;
    case RD_OFFSET_READING_PAGES_FROM_1:
      return (self->next_offset - 1) * limit >= total;
    case RD_OFFSET_READING_UNKNOWN:
    default:
      g_assert_not_reached ();
    }
}

static void load_request_next (GTask *task);

static void
on_page_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdPackagePager *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);
  g_autoptr(GListModel) page = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;
  guint n_items;
  guint limit = page_size (self);
  guint n_new = 0;
  gboolean short_page;
  gboolean moved_back = FALSE;
  guint previous_total = self->total;
  Step step = self->step;

  page = rd_client_list_packages_finish (RD_CLIENT (source), result, &total, &error);

  if (load->generation != self->generation)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("The list was started again"));
      return;
    }

  if (page == NULL)
    {
      clear_load (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  n_items = g_list_model_get_n_items (page);
  short_page = n_items < limit;
  set_total (self, total);

  switch (self->step)
    {
    case STEP_FIRST_PAGE:
      g_ptr_array_set_size (self->first_page_ids, 0);
      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(RdReleasePackage) package = g_list_model_get_item (page, i);

          g_ptr_array_add (self->first_page_ids,
                           g_strdup (rd_release_package_get_package_id (package)));
        }
      self->first_total = total;
      n_new = append_new (self, page);

      if (self->reading == RD_OFFSET_READING_UNKNOWN)
        {
          self->step = STEP_PROBE;
        }
      else
        {
          self->step = STEP_NEXT;
          self->next_offset = self->reading == RD_OFFSET_READING_RECORDS ? n_items
                            : self->reading == RD_OFFSET_READING_PAGES ? 1 : 2;
        }
      break;

    case STEP_PROBE:
      self->n_probes++;

      if (n_items > 0 && total != self->first_total && self->n_probes < MAX_PROBES)
        {
          /* Packages came or went between the two answers: compare again
           * against a fresh first page. */
          g_debug ("Total changed from %u to %u while finding out the offset reading",
                   self->first_total, total);
          self->step = STEP_FIRST_PAGE;
          break;
        }

      if (n_items == 0)
        {
          /* The packages after the first page went away meanwhile. */
          n_new = 0;
          break;
        }

      set_reading (self, decide_reading (self, page));
      g_debug ("The service's offset counts %s",
               self->reading == RD_OFFSET_READING_RECORDS ? "records"
               : self->reading == RD_OFFSET_READING_PAGES ? "pages from 0" : "pages from 1");

      n_new = append_new (self, page);
      self->step = STEP_NEXT;
      self->next_offset = self->reading == RD_OFFSET_READING_RECORDS ? 1 + n_items : 2;
      break;

    case STEP_NEXT:
      n_new = append_new (self, page);

      if (total < previous_total)
        {
          /* Packages went away (released or revoked, here or elsewhere):
           * what followed them moved up, and this offset may have jumped
           * over as many packages as were removed. Go back that far; what
           * is read twice is dropped by ID. */
          gint64 removed = previous_total - total;

          if (self->reading == RD_OFFSET_READING_RECORDS)
            self->next_offset = MAX (0, load->offset - removed);
          else
            self->next_offset = MAX (self->reading == RD_OFFSET_READING_PAGES ? 0 : 1,
                                     load->offset - (removed + limit - 1) / limit);
          moved_back = TRUE;
          g_debug ("%" G_GINT64_FORMAT " packages went away while paging: going back to offset %"
                   G_GINT64_FORMAT, removed, self->next_offset);
        }
      else
        {
          self->next_offset += self->reading == RD_OFFSET_READING_RECORDS ? n_items : 1;
        }
      break;

    default:
      g_assert_not_reached ();
    }

  load->n_added += n_new;

  /* Only pages in a known reading count: a probe that shows the first page
   * again brings nothing new by design. */
  if (step == STEP_NEXT)
    self->n_fruitless = n_new == 0 ? self->n_fruitless + 1 : 0;

  /* The end is where the position reaches "total", not when as many
   * packages are shown: some shown ones may have left the list since. */
  if (self->n_fruitless >= MAX_FRUITLESS_PAGES ||
      (!moved_back && (short_page || position_at_end (self, limit, n_items, total))))
    set_has_more (self, FALSE);

  /* One call should bring about a page: finding the reading out costs a
   * request that brings one package (records) or none (pages from 1). */
  if (self->has_more && load->n_added < limit && load->n_requests < MAX_REQUESTS_PER_LOAD)
    {
      load_request_next (task);
      return;
    }

  clear_load (self);
  g_task_return_int (task, load->n_added);
}

static void
load_request_next (GTask *task)
{
  RdPackagePager *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);
  g_autoptr(RdPackageQuery) query = rd_package_query_copy (self->query);
  gint64 offset;

  switch (self->step)
    {
    case STEP_FIRST_PAGE:
      offset = 0;
      break;
    case STEP_PROBE:
      offset = 1;
      break;
    case STEP_NEXT:
      offset = self->next_offset;
      break;
    default:
      g_assert_not_reached ();
    }

  rd_package_query_set_limit (query, page_size (self));
  rd_package_query_set_offset (query, offset);
  load->offset = offset;
  load->n_requests++;

  rd_client_list_packages_async (self->client, self->project_id, self->workspace, query,
                                 load->cancellable, on_page_loaded, g_object_ref (task));
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/**
 * rd_package_pager_load_more_async:
 * @self: a #RdPackagePager
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the page is in
 * @user_data: data for @callback
 *
 * Appends the next page to rd_package_pager_get_packages().
 */
void
rd_package_pager_load_more_async (RdPackagePager      *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_return_if_fail (RD_IS_PACKAGE_PAGER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_package_pager_load_more_async);
  g_task_set_name (task, "rd_package_pager_load_more_async");

  if (self->load != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "%s",
                               _("The next page is already being loaded"));
      return;
    }

  load = g_new0 (Load, 1);
  load->generation = self->generation;
  load->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      load->caller_cancellable = g_object_ref (cancellable);
      load->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                  load->cancellable, NULL);
    }
  g_task_set_task_data (task, load, load_free);

  if (!self->has_more)
    {
      g_task_return_int (task, 0);
      return;
    }

  self->load = g_object_ref (task);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  load_request_next (task);
}

/**
 * rd_package_pager_load_more_finish:
 * @self: a #RdPackagePager
 * @result: the result passed to the callback
 * @n_added: (out) (optional): how many packages were appended
 * @error: return location for an %RD_API_ERROR or a %G_IO_ERROR
 *
 * Returns: %TRUE when the page was loaded (or there was none left)
 */
gboolean
rd_package_pager_load_more_finish (RdPackagePager  *self,
                                   GAsyncResult    *result,
                                   guint           *n_added,
                                   GError         **error)
{
  gssize value;

  g_return_val_if_fail (RD_IS_PACKAGE_PAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_package_pager_load_more_async,
                        FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (n_added != NULL)
    *n_added = value > 0 ? (guint) value : 0;

  return value >= 0;
}
