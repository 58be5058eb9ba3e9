/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-queue-view.c: the review queue: a project's packages, filtered, paged as the user scrolls. */
#define G_LOG_DOMAIN "rd-queue-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-queue-view.h"

#include "rd-approver.h"
#include "rd-date-format.h"
#include "rd-enums.h"
#include "rd-package-query.h"
#include "rd-status-pill.h"
#include "rd-ui-text.h"

#define FILTER_DELAY_MS 300

struct _RdQueueView
{
  GtkWidget           parent_instance;

  GtkWidget          *box;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkEntry           *applicant_entry;
  GtkEntry           *deployer_entry;
  GtkDropDown        *time_dropdown;
  GtkStack           *stack;
  GtkScrolledWindow  *scrolled_window;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
  AdwStatusPage      *error_page;
  AdwStatusPage      *unset_page;
  GtkLabel           *count_label;
  GtkSpinner         *spinner;
  GtkWidget          *more_button;
  GtkWidget          *try_again_button;
  GtkWidget          *sign_in_button;

  RdClient           *client;
  char               *project_id;
  char               *workspace;
  RdPackagePager     *pager;
  GtkMultiSelection  *selection;
  GCancellable       *cancellable;
  char               *load_error;
  gboolean            sign_in;       /* the window offers to sign in again */
  char               *sign_in_message; /* why: the same words as the window's */
  char               *unset_message; /* why there is no queue to list, NULL: no project */

  GStrv               restore_ids;   /* selected before a refresh, selected again after */
  gboolean            restoring;
  guint               filter_timeout_id;
  guint               auto_refresh_id;

  /* A line of the rows' names and of their captions, fonts as used (see reserve_line). */
  int                 heading_line_height;
  int                 caption_line_height;
};

G_DEFINE_FINAL_TYPE (RdQueueView, rd_queue_view, GTK_TYPE_WIDGET)

enum
{
  PACKAGE_SELECTED,
  SELECTION_CHANGED,
  LOAD_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The status filter's choices, in the drop-down's order; 0 is "any status". */
static const int status_choices[] = {
  RD_DEPLOY_STATUS_TO_BE_REVIEWED,
  RD_DEPLOY_STATUS_BEING_RELEASED,
  RD_DEPLOY_STATUS_SUCCESSFUL,
  RD_DEPLOY_STATUS_FAILED,
  0,
};

/* The apply-time filter's choices, in hours back from now; 0 is "any time". */
static const int time_choices[] = { 0, 24, 7 * 24, 30 * 24 };

static void load_page (RdQueueView *self);

/* Rows */

typedef struct
{
  GtkLabel  *name;
  RdStatusPill *pill;
  GtkLabel  *people;
  GtkLabel  *time;
  GtkLabel  *approvers;
} Row;

static void
row_free (gpointer data)
{
  g_free (data);
}

/* At least as tall as a line in the fonts actually used, Chinese included: a label sizes
 * itself from its own text, so a row with a Chinese name (a taller fallback font) was taller
 * than its neighbours. Measured once per view for each style of label (@cache). */
static void
reserve_line (GtkLabel *label,
              int      *cache)
{
  if (*cache == 0)
    {
      g_autoptr(PangoLayout) layout =
        gtk_widget_create_pango_layout (GTK_WIDGET (label), "Ag_作业_数据_");
      PangoRectangle logical;

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      *cache = MAX (logical.height, 1);
    }
  gtk_widget_set_size_request (GTK_WIDGET (label), -1, *cache);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  RdQueueView *self = user_data;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *middle = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkLayoutManager *layout;
  Row *row = g_new0 (Row, 1);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  /* Names are long ("ads_supplier_inventory_info__…_20231118143537"): a line of their own. */
  row->name = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->name, 0);
  gtk_label_set_ellipsize (row->name, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (GTK_WIDGET (row->name), "heading");
  reserve_line (row->name, &self->heading_line_height);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->name));

  row->pill = RD_STATUS_PILL (rd_status_pill_new ());
  /* Tighter than the header's: the rows are dense. */
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (row->pill));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);
  gtk_box_append (GTK_BOX (middle), GTK_WIDGET (row->pill));

  row->people = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->people, 0);
  gtk_label_set_ellipsize (row->people, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (row->people), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->people), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (row->people), "dim-label");
  reserve_line (row->people, &self->caption_line_height);
  gtk_box_append (GTK_BOX (middle), GTK_WIDGET (row->people));
  gtk_box_append (GTK_BOX (box), middle);

  /* The time in a label of its own, never ellipsized: the approvers give way, not the time. */
  row->time = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (row->time), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (row->time), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->time), "numeric");
  reserve_line (row->time, &self->caption_line_height);
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (row->time));

  row->approvers = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->approvers, 0);
  gtk_label_set_ellipsize (row->approvers, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (row->approvers), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->approvers), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (row->approvers), "dim-label");
  reserve_line (row->approvers, &self->caption_line_height);
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (row->approvers));
  gtk_box_append (GTK_BOX (box), bottom);

  g_object_set_data_full (G_OBJECT (box), "rd-row", row, row_free);
  gtk_list_item_set_child (item, box);
}

static char *
dup_approver_names (RdReleasePackage *package)
{
  GListModel *approvers = rd_release_package_get_approvers (package);
  g_autoptr(GString) names = g_string_new (NULL);
  guint n = approvers != NULL ? g_list_model_get_n_items (approvers) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdApprover) approver = g_list_model_get_item (approvers, i);
      const char *name = rd_approver_get_user_name (approver);

      if (names->len > 0)
        /* Translators: between approver names in the review queue */
        g_string_append (names, _(", "));
      g_string_append (names,
                       name != NULL && name[0] != '\0' ? name : rd_approver_get_user_id (approver));
    }

  if (n == 0)
    return g_strdup (_("No approvers"));

  /* Translators: the approvers of a package in the review queue; %s is a list of names */
  return g_strdup_printf (_("Approvers: %s"), names->str);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  RdReleasePackage *package = gtk_list_item_get_item (item);
  Row *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "rd-row");
  const char *name = rd_release_package_get_package_name (package);
  const char *applicant = rd_release_package_get_apply_user_name (package);
  /* The table's format; the header says the zone. */
  g_autofree char *time = rd_date_format_short (rd_release_package_get_apply_time (package));
  const char *shown_time = time;
  g_autofree char *when = NULL;
  g_autofree char *people = NULL;
  g_autofree char *approvers = dup_approver_names (package);
  g_autofree char *accessible = NULL;

  gtk_label_set_label (row->name, name != NULL && name[0] != '\0'
                                    ? name : rd_release_package_get_package_id (package));
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->name), name);
  rd_status_pill_set_status (row->pill, rd_release_package_get_deploy_status (package));

  if (applicant == NULL || applicant[0] == '\0')
    applicant = rd_release_package_get_apply_user_id (package);
  if (applicant == NULL || applicant[0] == '\0')
    applicant = C_("person", "—");
  if (time[0] == '\0')
    shown_time = C_("time", "—");
  gtk_label_set_label (row->people, applicant);
  /* Translators: in a review queue row, before the approvers: when the package was submitted */
  when = g_strdup_printf (_("%s ·"), shown_time);
  gtk_label_set_label (row->time, when);
  /* Translators: under a package's name in the review queue: who submitted it, and when */
  people = g_strdup_printf (_("%s · %s"), applicant, shown_time);
  gtk_label_set_label (row->approvers, approvers);

  /* Translators: what a screen reader says for a row of the review queue:
   * package name, status, applicant and time, approvers */
  accessible = g_strdup_printf (_("%s, %s, submitted by %s, %s"),
                                gtk_label_get_label (row->name),
                                rd_status_pill_get_text (row->pill), people, approvers);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_list_item_get_child (item)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

/* State */

static gboolean
filters_are_default (RdQueueView *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] == '\0' &&
         gtk_drop_down_get_selected (self->status_dropdown) == 0 &&
         gtk_editable_get_text (GTK_EDITABLE (self->applicant_entry))[0] == '\0' &&
         gtk_editable_get_text (GTK_EDITABLE (self->deployer_entry))[0] == '\0' &&
         gtk_drop_down_get_selected (self->time_dropdown) == 0;
}

static void
update_view (RdQueueView *self)
{
  GListModel *packages = self->pager != NULL ? rd_package_pager_get_packages (self->pager) : NULL;
  guint n = packages != NULL ? g_list_model_get_n_items (packages) : 0;
  gboolean loading = self->pager != NULL && rd_package_pager_get_loading (self->pager);
  gboolean has_more = self->pager != NULL && rd_package_pager_get_has_more (self->pager) && n > 0;
  g_autofree char *count = NULL;

  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  gtk_widget_set_visible (self->more_button, has_more && !loading && self->load_error == NULL);
  /* Signed out, trying again would only be refused again. */
  gtk_widget_set_visible (self->try_again_button, !self->sign_in);
  gtk_widget_set_visible (self->sign_in_button, self->sign_in);

  if (self->pager == NULL && self->sign_in)
    {
      rd_status_page_set_description_text (self->error_page,
                                           self->sign_in_message != NULL
                                             ? self->sign_in_message
                                             : _("Sign in again to list the packages waiting "
                                                 "for review"));
      gtk_stack_set_visible_child_name (self->stack, "error");
      gtk_label_set_label (self->count_label, "");
      return;
    }

  if (self->pager == NULL)
    {
      rd_status_page_set_description_text (self->unset_page,
                                           self->unset_message != NULL
                                             ? self->unset_message
                                             : _("Enter a project ID to see the packages "
                                                 "waiting for review"));
      gtk_stack_set_visible_child_name (self->stack, "unset");
      gtk_label_set_label (self->count_label, "");
      return;
    }

  if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (loading)
    ; /* keep what is shown until the answer comes */
  else if (self->load_error != NULL)
    {
      rd_status_page_set_description_text (self->error_page, self->load_error);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      if (filters_are_default (self))
        {
          adw_status_page_set_title (self->empty_page, _("Nothing to Review"));
          adw_status_page_set_description (self->empty_page,
                                           _("No package of this project is waiting for review"));
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _("No Matching Packages"));
          adw_status_page_set_description (self->empty_page, _("Try other filters"));
        }
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }

  if (self->load_error != NULL && n > 0)
    /* Translators: at the foot of the review queue when a page failed; %s says why */
    count = g_strdup_printf (_("More could not be loaded: %s"), self->load_error);
  else if (n > 0)
    {
      guint total = MAX (rd_package_pager_get_total (self->pager), n);

      /* Translators: at the foot of the review queue: how many packages are loaded, of how many */
      count = g_strdup_printf (ngettext ("%'u of %'u package", "%'u of %'u packages", total),
                               n, total);
    }
  gtk_label_set_label (self->count_label, count != NULL ? count : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), count);
}

static RdPackageQuery *
build_query (RdQueueView *self)
{
  RdPackageQuery *query = rd_package_query_new ();
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint time = gtk_drop_down_get_selected (self->time_dropdown);
  const char *applicant;
  const char *deployer;

  rd_package_query_set_key_word (query, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  applicant = gtk_editable_get_text (GTK_EDITABLE (self->applicant_entry));
  deployer = gtk_editable_get_text (GTK_EDITABLE (self->deployer_entry));
  rd_package_query_set_apply_user_name (query, applicant);
  rd_package_query_set_deploy_user_name (query, deployer);
  if (status < G_N_ELEMENTS (status_choices) && status_choices[status] != 0)
    rd_package_query_set_deploy_statuses (query, &status_choices[status], 1);
  if (time < G_N_ELEMENTS (time_choices) && time_choices[time] != 0)
    {
      gint64 now = g_get_real_time () / 1000;

      rd_package_query_set_apply_time_range (query, now - (gint64) time_choices[time] * 3600 * 1000,
                                             now);
    }
  rd_package_query_set_limit (query, 20);

  return query;
}

static void
restore_selection (RdQueueView *self)
{
  GListModel *packages = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (packages);
  gboolean any = FALSE;

  if (self->restore_ids == NULL)
    return;

  self->restoring = TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdReleasePackage) package = g_list_model_get_item (packages, i);

      if (g_strv_contains ((const char * const *) self->restore_ids,
                           rd_release_package_get_package_id (package)))
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, !any);
          any = TRUE;
        }
    }
  self->restoring = FALSE;
  g_clear_pointer (&self->restore_ids, g_strfreev);
}

static void
on_page_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RdQueueView) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_added = 0;

  if (!rd_package_pager_load_more_finish (RD_PACKAGE_PAGER (source), result, &n_added, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
        return;

      g_debug ("Loading the review queue failed: %s", error->message);
      if (RD_PACKAGE_PAGER (source) == self->pager)
        {
          g_free (self->load_error);
          self->load_error = g_strdup (error->message);
          update_view (self);
          g_signal_emit (self, signals[LOAD_FAILED], 0, error);
        }
      return;
    }

  if (RD_PACKAGE_PAGER (source) != self->pager)
    return;

  g_clear_pointer (&self->load_error, g_free);
  restore_selection (self);
  update_view (self);
}

static void
load_page (RdQueueView *self)
{
  if (self->pager == NULL || rd_package_pager_get_loading (self->pager))
    return;

  g_clear_pointer (&self->load_error, g_free);
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  rd_package_pager_load_more_async (self->pager, self->cancellable, on_page_loaded,
                                    g_object_ref (self));
  update_view (self);
}

void
rd_queue_view_load_more (RdQueueView *self)
{
  g_return_if_fail (RD_IS_QUEUE_VIEW (self));

  if (self->pager != NULL && rd_package_pager_get_has_more (self->pager))
    load_page (self);
}

static void
remember_selection (RdQueueView *self)
{
  g_autoptr(GPtrArray) selected = rd_queue_view_dup_selected (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < selected->len; i++)
    g_strv_builder_add (builder,
                        rd_release_package_get_package_id (g_ptr_array_index (selected, i)));
  g_clear_pointer (&self->restore_ids, g_strfreev);
  self->restore_ids = g_strv_builder_end (builder);
}

void
rd_queue_view_refresh (RdQueueView *self)
{
  g_autoptr(RdPackageQuery) query = NULL;

  g_return_if_fail (RD_IS_QUEUE_VIEW (self));

  if (self->pager == NULL)
    return;

  g_clear_handle_id (&self->filter_timeout_id, g_source_remove);
  remember_selection (self);
  query = build_query (self);
  /* A new query resets the pager (and cancels a load in flight). */
  rd_package_pager_set_query (self->pager, query);
  load_page (self);
}

static gboolean
apply_filters_cb (gpointer user_data)
{
  RdQueueView *self = user_data;

  self->filter_timeout_id = 0;
  rd_queue_view_refresh (self);

  return G_SOURCE_REMOVE;
}

/* Typing in the search waits for a pause, so a word is one request, not one per letter. */
static void
on_filters_changed (RdQueueView *self)
{
  if (self->pager == NULL)
    return;

  g_clear_handle_id (&self->filter_timeout_id, g_source_remove);
  self->filter_timeout_id = g_timeout_add (FILTER_DELAY_MS, apply_filters_cb, self);
  g_source_set_name_by_id (self->filter_timeout_id, "[rd] queue filters");
}

/* GtkSearchEntry already waits for a pause in typing before "search-changed". */
static void
on_search_changed (RdQueueView *self)
{
  if (self->pager != NULL)
    rd_queue_view_refresh (self);
}

static void
on_edge_reached (RdQueueView     *self,
                 GtkPositionType  position)
{
  if (position == GTK_POS_BOTTOM)
    rd_queue_view_load_more (self);
}

static void
on_selection_changed (RdQueueView *self)
{
  GtkBitset *bitset = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (!self->restoring && gtk_bitset_get_size (bitset) == 1)
    {
      g_autoptr(RdReleasePackage) package =
        g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_nth (bitset, 0));

      g_signal_emit (self, signals[PACKAGE_SELECTED], 0,
                     rd_release_package_get_package_id (package));
    }
  gtk_bitset_unref (bitset);

  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static gboolean
auto_refresh_cb (gpointer user_data)
{
  RdQueueView *self = user_data;

  if (self->pager != NULL && !rd_package_pager_get_loading (self->pager))
    rd_queue_view_refresh (self);

  return G_SOURCE_CONTINUE;
}

static void
rd_queue_view_map (GtkWidget *widget)
{
  RdQueueView *self = RD_QUEUE_VIEW (widget);

  GTK_WIDGET_CLASS (rd_queue_view_parent_class)->map (widget);

  /* Only while it can be seen: a hidden window costs the service nothing. */
  if (self->auto_refresh_id == 0)
    {
      self->auto_refresh_id = g_timeout_add_seconds (RD_QUEUE_VIEW_AUTO_REFRESH_SECONDS,
                                                     auto_refresh_cb, self);
      g_source_set_name_by_id (self->auto_refresh_id, "[rd] queue auto-refresh");
    }
}

static void
rd_queue_view_unmap (GtkWidget *widget)
{
  RdQueueView *self = RD_QUEUE_VIEW (widget);

  g_clear_handle_id (&self->auto_refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (rd_queue_view_parent_class)->unmap (widget);
}

/* GObject */

static void
drop_source (RdQueueView *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->filter_timeout_id, g_source_remove);
  g_clear_object (&self->client);
  g_clear_pointer (&self->project_id, g_free);
  g_clear_pointer (&self->workspace, g_free);
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->restore_ids, g_strfreev);
  if (self->selection != NULL)
    gtk_multi_selection_set_model (self->selection, NULL);
  g_clear_object (&self->pager);
}

static void
rd_queue_view_dispose (GObject *object)
{
  RdQueueView *self = RD_QUEUE_VIEW (object);

  g_clear_handle_id (&self->auto_refresh_id, g_source_remove);
  drop_source (self);
  g_clear_pointer (&self->sign_in_message, g_free);
  g_clear_pointer (&self->unset_message, g_free);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_QUEUE_VIEW);

  G_OBJECT_CLASS (rd_queue_view_parent_class)->dispose (object);
}

static void
rd_queue_view_class_init (RdQueueViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_queue_view_dispose;
  widget_class->map = rd_queue_view_map;
  widget_class->unmap = rd_queue_view_unmap;

  signals[PACKAGE_SELECTED] = g_signal_new ("package-selected", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);
  signals[LOAD_FAILED] = g_signal_new ("load-failed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/releasedesk/ReleaseDesk/"
                                               "rd-queue-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, box);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, applicant_entry);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, deployer_entry);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, time_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, stack);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, list_view);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, error_page);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, unset_page);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, count_label);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, spinner);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, more_button);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, try_again_button);
  gtk_widget_class_bind_template_child (widget_class, RdQueueView, sign_in_button);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_edge_reached);
  gtk_widget_class_bind_template_callback (widget_class, rd_queue_view_refresh);
  gtk_widget_class_bind_template_callback (widget_class, rd_queue_view_load_more);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rd_queue_view_init (RdQueueView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  const char *statuses[] = {
    /* Translators: choices of the review queue's status filter */
    C_("status filter", "To Be Reviewed"),
    C_("status filter", "Being Released"),
    C_("status filter", "Successful"),
    C_("status filter", "Failed"),
    C_("status filter", "Any Status"),
    NULL
  };
  const char *times[] = {
    /* Translators: choices of the review queue's "Submitted" filter */
    C_("time filter", "Any Time"),
    C_("time filter", "Last 24 Hours"),
    C_("time filter", "Last 7 Days"),
    C_("time filter", "Last 30 Days"),
    NULL
  };
  g_autoptr(GtkStringList) status_model = gtk_string_list_new (statuses);
  g_autoptr(GtkStringList) time_model = gtk_string_list_new (times);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (status_model));
  gtk_drop_down_set_model (self->time_dropdown, G_LIST_MODEL (time_model));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  self->selection = gtk_multi_selection_new (NULL);
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (on_selection_changed), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  update_view (self);
}

GtkWidget *
rd_queue_view_new (void)
{
  return g_object_new (RD_TYPE_QUEUE_VIEW, NULL);
}

void
rd_queue_view_set_source (RdQueueView *self,
                          RdClient    *client,
                          const char  *project_id,
                          const char  *workspace)
{
  g_autoptr(RdPackageQuery) query = NULL;

  g_return_if_fail (RD_IS_QUEUE_VIEW (self));
  g_return_if_fail (client == NULL || RD_IS_CLIENT (client));

  if (workspace != NULL && workspace[0] == '\0')
    workspace = NULL;
  if (client == NULL || project_id == NULL || project_id[0] == '\0')
    client = NULL;

  if (client == self->client && g_strcmp0 (project_id, self->project_id) == 0 &&
      g_strcmp0 (workspace, self->workspace) == 0)
    return;

  drop_source (self);

  if (client != NULL)
    {
      self->client = g_object_ref (client);
      self->project_id = g_strdup (project_id);
      self->workspace = g_strdup (workspace);
      query = build_query (self);
      self->pager = rd_package_pager_new (client, project_id, workspace, query);
      gtk_multi_selection_set_model (self->selection, rd_package_pager_get_packages (self->pager));
      load_page (self);
    }

  update_view (self);
}

void
rd_queue_view_set_sign_in (RdQueueView *self,
                           const char  *label,
                           const char  *action_name,
                           const char  *message)
{
  g_return_if_fail (RD_IS_QUEUE_VIEW (self));
  g_return_if_fail (label == NULL || action_name != NULL);

  self->sign_in = label != NULL;
  g_free (self->sign_in_message);
  self->sign_in_message = g_strdup (message);
  if (label != NULL)
    {
      gtk_button_set_label (GTK_BUTTON (self->sign_in_button), label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->sign_in_button), action_name);
    }
  update_view (self);
}

void
rd_queue_view_set_unset_message (RdQueueView *self,
                                 const char  *message)
{
  g_return_if_fail (RD_IS_QUEUE_VIEW (self));

  if (g_strcmp0 (self->unset_message, message) == 0)
    return;
  g_free (self->unset_message);
  self->unset_message = g_strdup (message);
  update_view (self);
}

gboolean
rd_queue_view_has_source (RdQueueView *self)
{
  g_return_val_if_fail (RD_IS_QUEUE_VIEW (self), FALSE);

  return self->pager != NULL;
}

RdPackagePager *
rd_queue_view_get_pager (RdQueueView *self)
{
  g_return_val_if_fail (RD_IS_QUEUE_VIEW (self), NULL);

  return self->pager;
}

GPtrArray *
rd_queue_view_dup_selected (RdQueueView *self)
{
  GPtrArray *selected = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitset *bitset;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (RD_IS_QUEUE_VIEW (self), selected);

  bitset = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, bitset, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (selected, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
  gtk_bitset_unref (bitset);

  return selected;
}

gboolean
rd_queue_view_select_package (RdQueueView *self,
                              const char  *package_id)
{
  GListModel *packages;
  guint n;

  g_return_val_if_fail (RD_IS_QUEUE_VIEW (self), FALSE);
  g_return_val_if_fail (package_id != NULL, FALSE);

  packages = G_LIST_MODEL (self->selection);
  n = g_list_model_get_n_items (packages);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdReleasePackage) package = g_list_model_get_item (packages, i);

      if (g_strcmp0 (rd_release_package_get_package_id (package), package_id) == 0)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
          return TRUE;
        }
    }

  return FALSE;
}
