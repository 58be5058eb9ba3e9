/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-task-format.c: the text the tasks view puts on the clipboard. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>

#include "rd-date-format.h"
#include "rd-parser.h"
#include "rd-task-format.h"

#define SEED_HEADER \
  "Name\tType\tChange\tStatus\tJob Start Status\tDeployed Version\tPending Version\t" \
  "Submitter\tSubmitted At\tRelease Task ID\tJob ID\tScript ID"

/* The seed example's task; 1690602544380 ms is 2023-07-29 03:49:04 UTC. */
#define SEED_ROW \
  "ads_supplier_inventory_info__ads_supplier_inventory_info\tScript\tAdding\tFailed\t\t0\t1\t" \
  "ei_dlf_l00341563\t2023-07-29 11:49:04 +08:00\t19\t\tff808081899c04fa01899fc39cf61baa"

/* Three tasks: Chinese names, a tab, a '|', a line break, a backslash,
 * an unknown status and absent members. */
static const char constructed_json[] =
  "{\"release_package\": {\"package_id\": \"77\"},"
  " \"task_details\": ["
  "  {\"item_name\": \"库存日报\\tv2|final\", \"pending_item_id\": \"1001\","
  "   \"task_id\": \"job-7781\", \"deploy_status\": 2, \"start_job_status\": 2,"
  "   \"task_type\": 1, \"update_type\": 2, \"deployed_version\": 3, \"pending_version\": 4,"
  "   \"submit_timestamp\": 1763618585123, \"submit_user_id\": \"u1\","
  "   \"submit_user_name\": \"张伟\"},"
  "  {\"item_name\": \"供应商 名单\\r\\n第二行\", \"pending_item_id\": \"1002\","
  "   \"deploy_status\": 7, \"task_type\": 3, \"update_type\": 3},"
  "  {\"item_name\": \"a\\\\b|c\", \"script_id\": \"abc\", \"deploy_status\": 5,"
  "   \"start_job_status\": 3, \"task_type\": 2, \"deployed_version\": 0,"
  "   \"pending_version\": 1, \"submit_timestamp\": \"1700000000999\","
  "   \"submit_user_name\": \"李娜\"}"
  " ]}";

#define CONSTRUCTED_ROW_1 \
  "库存日报 v2|final\tJob\tModification\tSuccessful\tSuccessful\t3\t4\t张伟\t" \
  "2025-11-20 14:03:05 +08:00\t1001\tjob-7781\t"
#define CONSTRUCTED_ROW_2 \
  "供应商 名单  第二行\tResource\tDeletion\tUnknown (7)\t\t\t\t\t\t1002\t\t"
#define CONSTRUCTED_ROW_3 \
  "a\\b|c\tScript\tAdding\tBeing released\tFailed\t0\t1\t李娜\t2023-11-15 06:13:20 +08:00\t\t\tabc"

static RdReleasePackage *
parse_package (const char *json,
               gsize       length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, length);
  g_autoptr(GError) error = NULL;
  RdReleasePackage *package;

  package = rd_parse_package_detail (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (package);

  return package;
}

static RdReleasePackage *
load_seed_package (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "seed-package-4.json",
                                                 NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return parse_package (contents, length);
}

static RdReleasePackage *
load_constructed_package (void)
{
  return parse_package (constructed_json, strlen (constructed_json));
}

static void
test_ids_one_per_line_in_order (void)
{
  g_autoptr(RdReleasePackage) seed = load_seed_package ();
  g_autoptr(RdReleasePackage) constructed = load_constructed_package ();
  g_autoptr(GListStore) empty = g_list_store_new (RD_TYPE_TASK);
  g_autofree char *seed_ids = NULL;
  g_autofree char *constructed_ids = NULL;
  g_autofree char *empty_ids = NULL;
  guint n_ids = 99;

  seed_ids = rd_task_format_ids (rd_release_package_get_tasks (seed), &n_ids);
  g_assert_cmpstr (seed_ids, ==, "19");
  g_assert_cmpuint (n_ids, ==, 1);

  /* The third task has no release task ID: it is left out, not an empty line. */
  constructed_ids = rd_task_format_ids (rd_release_package_get_tasks (constructed), &n_ids);
  g_assert_cmpstr (constructed_ids, ==, "1001\n1002");
  g_assert_cmpuint (n_ids, ==, 2);

  empty_ids = rd_task_format_ids (G_LIST_MODEL (empty), &n_ids);
  g_assert_cmpstr (empty_ids, ==, "");
  g_assert_cmpuint (n_ids, ==, 0);
}

static void
test_ids_follow_the_model_order (void)
{
  g_autoptr(RdReleasePackage) constructed = load_constructed_package ();
  GListModel *tasks = rd_release_package_get_tasks (constructed);
  g_autoptr(GListStore) reversed = g_list_store_new (RD_TYPE_TASK);
  g_autofree char *ids = NULL;

  for (guint i = g_list_model_get_n_items (tasks); i > 0; i--)
    {
      g_autoptr(RdTask) task = g_list_model_get_item (tasks, i - 1);
      g_list_store_append (reversed, task);
    }

  ids = rd_task_format_ids (G_LIST_MODEL (reversed), NULL);
  g_assert_cmpstr (ids, ==, "1002\n1001");
}

static void
test_tsv_seed_example (void)
{
  g_autoptr(RdReleasePackage) seed = load_seed_package ();
  g_autofree char *tsv =
      rd_task_format_tsv (rd_release_package_get_tasks (seed), RD_TASK_COLUMNS_ALL);

  g_assert_cmpstr (tsv, ==, SEED_HEADER "\n" SEED_ROW);
}

static void
test_tsv_sanitises_tabs_and_line_breaks (void)
{
  g_autoptr(RdReleasePackage) constructed = load_constructed_package ();
  g_autofree char *tsv =
      rd_task_format_tsv (rd_release_package_get_tasks (constructed), RD_TASK_COLUMNS_ALL);

  g_assert_cmpstr (tsv, ==,
                   SEED_HEADER "\n"
                   CONSTRUCTED_ROW_1 "\n"
                   CONSTRUCTED_ROW_2 "\n"
                   CONSTRUCTED_ROW_3);
}

static void
test_tsv_empty_model_is_the_header (void)
{
  g_autoptr(GListStore) empty = g_list_store_new (RD_TYPE_TASK);
  g_autofree char *tsv = rd_task_format_tsv (G_LIST_MODEL (empty), RD_TASK_COLUMNS_ALL);

  g_assert_cmpstr (tsv, ==, SEED_HEADER);
}

static void
test_markdown_seed_example (void)
{
  g_autoptr(RdReleasePackage) seed = load_seed_package ();
  g_autofree char *markdown =
      rd_task_format_markdown (rd_release_package_get_tasks (seed), RD_TASK_COLUMNS_ALL);

  g_assert_cmpstr (markdown, ==,
                   "| Name | Type | Change | Status | Job Start Status | Deployed Version | "
                   "Pending Version | Submitter | Submitted At | Release Task ID | Job ID | "
                   "Script ID |\n"
                   "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
                   "| ads_supplier_inventory_info__ads_supplier_inventory_info | Script | Adding | "
                   "Failed |  | 0 | 1 | ei_dlf_l00341563 | 2023-07-29 11:49:04 +08:00 | 19 |  | "
                   "ff808081899c04fa01899fc39cf61baa |");
}

static void
test_markdown_escapes_pipes_and_line_breaks (void)
{
  g_autoptr(RdReleasePackage) constructed = load_constructed_package ();
  g_autofree char *markdown =
      rd_task_format_markdown (rd_release_package_get_tasks (constructed), RD_TASK_COLUMNS_ALL);

  g_assert_cmpstr (markdown, ==,
                   "| Name | Type | Change | Status | Job Start Status | Deployed Version | "
                   "Pending Version | Submitter | Submitted At | Release Task ID | Job ID | "
                   "Script ID |\n"
                   "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
                   "| 库存日报\tv2\\|final | Job | Modification | Successful | Successful | 3 | 4 | "
                   "张伟 | 2025-11-20 14:03:05 +08:00 | 1001 | job-7781 |  |\n"
                   "| 供应商 名单<br>第二行 | Resource | Deletion | Unknown (7) |  |  |  |  |  | "
                   "1002 |  |  |\n"
                   "| a\\\\b\\|c | Script | Adding | Being released | Failed | 0 | 1 | 李娜 | "
                   "2023-11-15 06:13:20 +08:00 |  |  | abc |");
}

static void
test_row_is_a_table_line_without_header (void)
{
  g_autoptr(RdReleasePackage) seed = load_seed_package ();
  g_autoptr(RdReleasePackage) constructed = load_constructed_package ();
  GListModel *tasks = rd_release_package_get_tasks (constructed);
  g_autoptr(RdTask) seed_task = g_list_model_get_item (rd_release_package_get_tasks (seed), 0);
  g_autoptr(RdTask) first = g_list_model_get_item (tasks, 0);
  g_autoptr(RdTask) second = g_list_model_get_item (tasks, 1);
  g_autoptr(RdTask) third = g_list_model_get_item (tasks, 2);
  g_autofree char *seed_row = rd_task_format_row (seed_task, RD_TASK_COLUMNS_ALL);
  g_autofree char *row1 = rd_task_format_row (first, RD_TASK_COLUMNS_ALL);
  g_autofree char *row2 = rd_task_format_row (second, RD_TASK_COLUMNS_ALL);
  g_autofree char *row3 = rd_task_format_row (third, RD_TASK_COLUMNS_ALL);

  g_assert_cmpstr (seed_row, ==, SEED_ROW);
  g_assert_cmpstr (row1, ==, CONSTRUCTED_ROW_1);
  g_assert_cmpstr (row2, ==, CONSTRUCTED_ROW_2);
  g_assert_cmpstr (row3, ==, CONSTRUCTED_ROW_3);
}

static void
test_column_text_absent_is_empty (void)
{
  g_autoptr(RdReleasePackage) constructed = load_constructed_package ();
  g_autoptr(RdTask) second = g_list_model_get_item (rd_release_package_get_tasks (constructed), 1);

  for (guint column = RD_TASK_COLUMN_START_JOB_STATUS;
       column <= RD_TASK_COLUMN_SUBMITTED_AT;
       column++)
    {
      g_autofree char *text = rd_task_dup_column_text (second, column);
      g_assert_cmpstr (text, ==, "");
    }
}

/* The one column table (rd-task-column.c) holds what the view and the
 * copies read from it: a new entry that misses something fails here, not
 * in a window. */
static void
test_column_table_is_complete (void)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_shown = 0;
  guint n_copied = 0;

  for (guint column = 0; column < RD_TASK_N_COLUMNS; column++)
    {
      const RdTaskColumnInfo *info = rd_task_column_get_info (column);

      g_assert_nonnull (info->id);
      g_assert_cmpstr (info->id, !=, "");
      g_assert_true (g_hash_table_add (ids, (gpointer) info->id));
      g_assert_true (info->title != NULL || info->copy_title != NULL);
      g_assert_cmpint (info->min_chars, >, 0);
      g_assert_cmpint (info->min_chars, <=, info->nat_chars);
      /* One way to the text; sorting by collation keys and searching read it as it is. */
      g_assert_true ((info->get_string != NULL) != (info->dup_text != NULL));
      if (info->compare == NULL || info->search)
        g_assert_nonnull (info->get_string);
      if (info->dup_tooltip != NULL)
        g_assert_true (info->has_tooltip);

      g_assert_true ((rd_task_column_get_title (column) != NULL) == (info->title != NULL));
      g_assert_true ((rd_task_column_get_copy_title (column) != NULL) ==
                     (info->copy_title != NULL));
      n_shown += info->title != NULL;
      n_copied += info->copy_title != NULL;
    }

  /* Twelve in the view (one Version; Review, which is not copied), twelve copied (deployed
   * and pending apart). */
  g_assert_cmpuint (n_shown, ==, 12);
  g_assert_cmpuint (n_copied, ==, 12);
  g_assert_null (rd_task_column_get_copy_title (RD_TASK_COLUMN_VERSION));
  g_assert_null (rd_task_column_get_title (RD_TASK_COLUMN_DEPLOYED_VERSION));
  g_assert_null (rd_task_column_get_copy_title (RD_TASK_COLUMN_REVIEW));
  g_assert_cmpstr (rd_task_column_get_title (RD_TASK_COLUMN_RELEASE_TASK_ID), ==,
                   "Release Task ID");
  g_assert_cmpstr (rd_task_column_get_copy_title (RD_TASK_COLUMN_RELEASE_TASK_ID), ==,
                   "Release Task ID");
}

/* The Version cell: "deployed → pending", one side when the other is absent, one number
 * once released (both the same). */
static void
test_column_version_text (void)
{
  static const struct {
    const char *members;
    const char *text;
  } cases[] = {
    { "\"deployed_version\": 3, \"pending_version\": 4", "3 → 4" },
    { "\"deployed_version\": 0, \"pending_version\": 1", "0 → 1" },
    { "\"pending_version\": 1", "→ 1" },
    { "\"deployed_version\": 5", "5 →" },
    { "\"deployed_version\": 7, \"pending_version\": 7", "7" },
    { "\"deploy_status\": 1", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json =
          g_strdup_printf ("{\"release_package\": {\"package_id\": \"1\"}, "
                           "\"task_details\": [{%s}]}", cases[i].members);
      g_autoptr(RdReleasePackage) package = parse_package (json, strlen (json));
      g_autoptr(RdTask) task = g_list_model_get_item (rd_release_package_get_tasks (package), 0);
      g_autofree char *text = rd_task_dup_column_display_text (task, RD_TASK_COLUMN_VERSION);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
count_emission (RdTask *task,
                guint  *n_emitted)
{
  (*n_emitted)++;
}

/* The Review cell: empty until the change is diffed, then "+12 −3"; a check icon once
 * marked; "review-changed" only when a value changes; not reviewed sorts first, then by
 * size. */
static void
test_column_review_follows_the_review (void)
{
  g_autoptr(RdReleasePackage) seed = load_seed_package ();
  g_autoptr(RdTask) a = g_list_model_get_item (rd_release_package_get_tasks (seed), 0);
  g_autoptr(RdReleasePackage) constructed = load_constructed_package ();
  g_autoptr(RdTask) b = g_list_model_get_item (rd_release_package_get_tasks (constructed), 1);
  const RdTaskColumnInfo *info = rd_task_column_get_info (RD_TASK_COLUMN_REVIEW);
  const char *style_class = NULL;
  g_autofree char *empty = rd_task_dup_column_display_text (a, RD_TASK_COLUMN_REVIEW);
  g_autofree char *shown = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *marked_tooltip = NULL;
  guint n_emitted = 0;

  g_signal_connect (a, info->changed_signal, G_CALLBACK (count_emission), &n_emitted);

  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpint (rd_task_get_lines_added (a), ==, -1);
  g_assert_null (rd_task_dup_column_tooltip (a, RD_TASK_COLUMN_REVIEW));
  g_assert_null (info->get_icon_name (a, &style_class));
  g_assert_cmpint (info->compare (a, b), ==, 0);

  rd_task_set_line_counts (a, 12, 3);
  rd_task_set_line_counts (a, 12, 3);
  g_assert_cmpuint (n_emitted, ==, 1);
  shown = rd_task_dup_column_display_text (a, RD_TASK_COLUMN_REVIEW);
  tooltip = rd_task_dup_column_tooltip (a, RD_TASK_COLUMN_REVIEW);
  g_assert_cmpstr (shown, ==, "+12 \u2212" "3");
  g_assert_cmpstr (tooltip, ==, "Lines added: 12, removed: 3");
  /* Known sizes after unknown ones. */
  g_assert_cmpint (info->compare (a, b), >, 0);

  rd_task_set_reviewed (a, TRUE);
  rd_task_set_reviewed (a, TRUE);
  g_assert_cmpuint (n_emitted, ==, 2);
  g_assert_cmpstr (info->get_icon_name (a, &style_class), ==, "object-select-symbolic");
  g_assert_cmpstr (style_class, ==, "success");
  marked_tooltip = rd_task_dup_column_tooltip (a, RD_TASK_COLUMN_REVIEW);
  g_assert_cmpstr (marked_tooltip, ==, "Marked as reviewed. Lines added: 12, removed: 3");

  /* Not reviewed first, whatever the sizes. */
  rd_task_set_line_counts (b, 400, 0);
  g_assert_cmpint (info->compare (b, a), <, 0);
  rd_task_set_reviewed (b, TRUE);
  g_assert_cmpint (info->compare (b, a), >, 0);

  /* Unknown again (a side failed). */
  rd_task_set_line_counts (a, -1, -1);
  g_clear_pointer (&shown, g_free);
  shown = rd_task_dup_column_display_text (a, RD_TASK_COLUMN_REVIEW);
  g_assert_cmpstr (shown, ==, "");
  g_assert_cmpuint (n_emitted, ==, 3);
}

/* The Submitted At cell of the seed task: to the minute in the user's
 * format, to the millisecond with the offset and the raw value in its tooltip. */
static void
test_column_submitted_at_shows_and_tooltip (void)
{
  g_autoptr(RdReleasePackage) seed = load_seed_package ();
  g_autoptr(RdTask) task = g_list_model_get_item (rd_release_package_get_tasks (seed), 0);
  g_autoptr(RdReleasePackage) constructed = load_constructed_package ();
  g_autoptr(RdTask) absent = g_list_model_get_item (rd_release_package_get_tasks (constructed), 1);
  g_autofree char *shown = rd_task_dup_column_display_text (task, RD_TASK_COLUMN_SUBMITTED_AT);
  g_autofree char *copied = rd_task_dup_column_text (task, RD_TASK_COLUMN_SUBMITTED_AT);
  g_autofree char *tooltip = rd_task_dup_column_tooltip (task, RD_TASK_COLUMN_SUBMITTED_AT);
  g_autofree char *absent_shown = rd_task_dup_column_display_text (absent,
                                                                   RD_TASK_COLUMN_SUBMITTED_AT);

  g_assert_cmpstr (shown, ==, "Jul 29, 2023 11:49");
  g_assert_cmpstr (copied, ==, "2023-07-29 11:49:04 +08:00");
  g_assert_cmpstr (tooltip, ==,
                   "2023-07-29 11:49:04.380 +08:00\n1690602544380 ms since 1970-01-01 UTC");
  g_assert_cmpstr (absent_shown, ==, "");
  g_assert_null (rd_task_dup_column_tooltip (absent, RD_TASK_COLUMN_SUBMITTED_AT));
}

static void
test_local_time_uses_the_local_zone (void)
{
  g_autofree char *absent = rd_date_format_ms_local (-1);
  g_autofree char *seed = rd_date_format_ms_local (G_GINT64_CONSTANT (1690602544380));
  g_autofree char *epoch = rd_date_format_ms_local (0);

  g_assert_cmpstr (absent, ==, "");
  g_assert_cmpstr (seed, ==, "2023-07-29 11:49:04 +08:00");
  g_assert_cmpstr (epoch, ==, "1970-01-01 08:00:00 +08:00");
}

int
main (int argc, char *argv[])
{
  /* Local times in the expected text: a zone other than UTC proves the
   * conversion, and a fixed offset keeps the expectations exact. */
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/task-format/ids/one-per-line-in-order", test_ids_one_per_line_in_order);
  g_test_add_func ("/task-format/ids/follow-the-model-order", test_ids_follow_the_model_order);
  g_test_add_func ("/task-format/tsv/seed-example", test_tsv_seed_example);
  g_test_add_func ("/task-format/tsv/sanitises-tabs-and-line-breaks",
                   test_tsv_sanitises_tabs_and_line_breaks);
  g_test_add_func ("/task-format/tsv/empty-model-is-the-header",
                   test_tsv_empty_model_is_the_header);
  g_test_add_func ("/task-format/markdown/seed-example", test_markdown_seed_example);
  g_test_add_func ("/task-format/markdown/escapes-pipes-and-line-breaks",
                   test_markdown_escapes_pipes_and_line_breaks);
  g_test_add_func ("/task-format/row/table-line-without-header",
                   test_row_is_a_table_line_without_header);
  g_test_add_func ("/task-format/column/absent-is-empty", test_column_text_absent_is_empty);
  g_test_add_func ("/task-format/column/table-is-complete", test_column_table_is_complete);
  g_test_add_func ("/task-format/column/version-text", test_column_version_text);
  g_test_add_func ("/task-format/column/review-follows-the-review",
                   test_column_review_follows_the_review);
  g_test_add_func ("/task-format/column/submitted-at-shows-and-tooltip",
                   test_column_submitted_at_shows_and_tooltip);
  g_test_add_func ("/task-format/local-time/uses-the-local-zone",
                   test_local_time_uses_the_local_zone);

  return g_test_run ();
}
