/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-demo-data.c: the demo service's sample data: the packages it serves from the start, the
 * package generator, and the lookups worth trying on them. */
#define G_LOG_DOMAIN "rd-demo-service"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <libsoup/soup.h>

#include "rd-demo-testing.h"
#include "rd-demo-private.h"

#include "rd-demo-resources.h"

#define SEED_PACKAGE_PATH    "/io/github/releasedesk/ReleaseDesk/demo/package-4.json"

/* 2026-01-01T00:00:00Z, in milliseconds: the sample data lives in 2026. */
#define YEAR_2026_MS         G_GINT64_CONSTANT (1767225600000)
#define DAY_MS               G_GINT64_CONSTANT (86400000)
#define MINUTE_MS            G_GINT64_CONSTANT (60000)
/* The console shows Beijing time; package names carry it. */
#define CHINA_OFFSET_S       (8 * 3600)

/* --------------------------------------------------------------------------
 * JSON text, written straight into a GString: the generated documents reach
 * tens of megabytes, too many for a JsonNode tree.
 *
 * Every value is followed by a ',' and closing a container turns the last ','
 * into the closer; finish_document() drops the final one.
 * -------------------------------------------------------------------------- */

static void
append_json_string (GString    *out,
                    const char *s)
{
  const char *run = s;
  const char *p;

  g_string_append_c (out, '"');

  for (p = s; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", (guint) c);
          break;
        }
      run = p + 1;
    }

  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
append_int64 (GString *out,
              gint64   value)
{
  char buffer[24];
  gsize i = sizeof buffer;
  guint64 u = value < 0 ? - (guint64) value : (guint64) value;

  do
    {
      buffer[--i] = (char) ('0' + u % 10);
      u /= 10;
    }
  while (u != 0);

  if (value < 0)
    buffer[--i] = '-';

  g_string_append_len (out, buffer + i, sizeof buffer - i);
}

static void
append_name (GString    *out,
             const char *name)
{
  /* Member names are our own constants: nothing to escape. */
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
}

static void
add_string (GString    *out,
            const char *name,
            const char *value)
{
  append_name (out, name);
  append_json_string (out, value);
  g_string_append_c (out, ',');
}

static void
add_int (GString    *out,
         const char *name,
         gint64      value)
{
  append_name (out, name);
  append_int64 (out, value);
  g_string_append_c (out, ',');
}

/* A number written as a string of digits, as older service versions did. */
static void
add_int_as_string (GString    *out,
                   const char *name,
                   gint64      value)
{
  append_name (out, name);
  g_string_append_c (out, '"');
  append_int64 (out, value);
  g_string_append (out, "\",");
}

static void
open_container (GString    *out,
                const char *name,
                char        opener)
{
  if (name != NULL)
    append_name (out, name);
  g_string_append_c (out, opener);
}

static void
close_container (GString *out,
                 char     closer)
{
  if (out->str[out->len - 1] == ',')
    out->str[out->len - 1] = closer;
  else
    g_string_append_c (out, closer);
  g_string_append_c (out, ',');
}

static char *
finish_document (GString *out)
{
  if (out->len > 0 && out->str[out->len - 1] == ',')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static void
append_hex (GString *out,
            GRand   *rand,
            guint    n_words)
{
  static const char digits[] = "0123456789abcdef";

  for (guint i = 0; i < n_words; i++)
    {
      guint32 word = g_rand_int (rand);
      char buffer[8];

      for (int j = 7; j >= 0; j--)
        {
          buffer[j] = digits[word & 0xf];
          word >>= 4;
        }
      g_string_append_len (out, buffer, sizeof buffer);
    }
}

/* A stable 32-hex ID for a sample user or item, the same in every package. */
char *
rd_demo_sample_id (const char *kind,
                   const char *name)
{
  g_autofree char *key = g_strconcat ("release-desk-demo:", kind, ":", name, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_MD5, key, -1);
}

/* Script IDs look like the console's: "ff808081" and 24 hex digits. */
char *
rd_demo_sample_script_id (const char *name)
{
  g_autofree char *key = g_strconcat ("2:", name, NULL);
  char *id = rd_demo_sample_id ("script", key);

  memcpy (id, "ff808081", 8);

  return id;
}

static char *
composite_project_id (const char *project_id,
                      const char *workspace_id)
{
  return g_strconcat (project_id, "-workspace-", workspace_id, NULL);
}

static void
add_user (GString    *out,
          const char *id_member,
          const char *name_member,
          const char *user_name)
{
  g_autofree char *user_id = rd_demo_sample_id ("user", user_name);

  add_string (out, id_member, user_id);
  add_string (out, name_member, user_name);
}

static void
add_approvers (GString           *out,
               const char *const *names,
               guint              n_names)
{
  open_container (out, "package_approvers", '[');
  for (guint i = 0; i < n_names; i++)
    {
      open_container (out, NULL, '{');
      add_user (out, "user_id", "user_name", names[i]);
      close_container (out, '}');
    }
  close_container (out, ']');
}

/* "yyyyMMddHHmmss" in Beijing time, as the console suffixes package names. */
static char *
format_package_stamp (gint64 timestamp_ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (timestamp_ms / 1000 + CHINA_OFFSET_S);

  return g_date_time_format (time, "%Y%m%d%H%M%S");
}

/* --------------------------------------------------------------------------
 * Generated packages
 * -------------------------------------------------------------------------- */

typedef struct
{
  const char *project_id;
  const char *workspace_id;
  const char *package_id;
  guint       n_tasks;
  guint32     seed;
  int         deploy_status;          /* 0: 2 or 3, decided by the seed */
  gboolean    apply_timestamp_string; /* older service versions sent a digit string */
  gboolean    oddities;               /* an unknown enumeration value and an unknown member */
  /* Overrides of what the seed picks; the seed's other choices stay the same. */
  const char *package_name;
  const char *apply_user;
  gint64      apply_ms;               /* 0: from the seed */
} GenerateOptions;

static const char * const layers[] = { "ods", "dwd", "dws", "ads", "dim" };
static const char * const domains[] = {
  "trade_order", "supplier_inventory", "member_profile", "payment_flow", "logistics_waybill",
  "store_sales", "product_sku", "marketing_coupon", "finance_ledger", "user_behavior",
};
static const char * const subjects[] = {
  "daily_summary", "hourly_agg", "full_sync", "incr_sync", "detail", "snapshot",
  "weekly_report", "info", "dedup", "quality_check",
};
static const char * const domains_zh[] = { "订单", "库存", "会员", "门店", "支付", "物流" };
static const char * const subjects_zh[] = { "日汇总", "明细", "清洗", "增量同步", "全量同步", "周报" };
static const char * const resources[] = {
  "udf_mask_phone", "udf_common_utils", "dq_rules", "holiday_calendar", "spark_recompute",
  "udf_订单号脱敏", "节假日配置", "hive_serde_ext",
};
static const char * const resource_types[] = { ".jar", ".py", ".csv", ".zip" };
static const char * const submitters[] = {
  "ei_dlf_l00341563", "zhangwei_dev", "li.na", "wang_fang01", "chen_jie", "liu_yang_ops",
  "张伟", "陈杰", "赵敏",
};
static const char * const approvers[] = { "release_admin", "王芳", "li.na", "ei_dlf_l00341563" };

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static void
append_item_name (GString *out,
                  GRand   *rand,
                  int      task_type,
                  guint    index,
                  guint    n_tasks)
{
  GString *name = g_string_sized_new (64);

  if (task_type == 3)
    {
      g_string_append (name, PICK (rand, resources));
      if (n_tasks > 40)
        g_string_append_printf (name, "_%u", index + 1);
      g_string_append (name, PICK (rand, resource_types));
    }
  else
    {
      gboolean chinese = g_rand_int_range (rand, 0, 4) == 0;

      g_string_append (name, PICK (rand, layers));
      g_string_append_c (name, '_');
      g_string_append (name, chinese ? PICK (rand, domains_zh) : PICK (rand, domains));
      g_string_append_c (name, '_');
      g_string_append (name, chinese ? PICK (rand, subjects_zh) : PICK (rand, subjects));
      /* Big packages would repeat names otherwise; real ones never do. */
      if (n_tasks > 40)
        g_string_append_printf (name, "_%04u", index + 1);

      /* A job made from a script in the console is named "script__script". */
      if (g_rand_boolean (rand))
        {
          g_autofree char *script_name = g_strndup (name->str, name->len);

          g_string_append (name, "__");
          g_string_append (name, script_name);
        }
    }

  add_string (out, "item_name", name->str);
  g_string_free (name, TRUE);
}

static char *
generate_package (const GenerateOptions *options)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (options->seed);
  g_autofree char *project = composite_project_id (options->project_id, options->workspace_id);
  g_autofree char *stamp = NULL;
  g_autofree char *package_name = NULL;
  char *submitter_ids[G_N_ELEMENTS (submitters)];
  const char *chosen_approvers[2];
  GString *out = g_string_sized_new (512 + (gsize) options->n_tasks * 400);
  const char *apply_user = PICK (rand, submitters);
  const char *deploy_user = PICK (rand, approvers);
  gint64 apply_ms = YEAR_2026_MS + g_rand_int_range (rand, 0, 330) * DAY_MS
                    + g_rand_int_range (rand, 0, (int) (DAY_MS / 1000)) * G_GINT64_CONSTANT (1000)
                    + g_rand_int_range (rand, 0, 1000);
  gint64 deploy_ms = apply_ms + g_rand_int_range (rand, 2, 180) * MINUTE_MS
                     + g_rand_int_range (rand, 0, 60000);
  guint n_approvers = (guint) g_rand_int_range (rand, 1, 3);
  int package_status = options->deploy_status;
  guint forced_failure = 0;
  guint odd_task = options->n_tasks / 3;
  gint64 pending_item_id = 10000 + g_rand_int_range (rand, 0, 80000);
  gboolean deployed;

  if (options->apply_user != NULL)
    apply_user = options->apply_user;
  if (options->apply_ms != 0)
    {
      deploy_ms += options->apply_ms - apply_ms;
      apply_ms = options->apply_ms;
    }

  if (package_status == 0)
    package_status = (options->n_tasks > 0 && g_rand_boolean (rand)) ? 3 : 2;
  if (package_status == 3 && options->n_tasks > 0)
    forced_failure = (guint) g_rand_int_range (rand, 0, (gint32) options->n_tasks);
  deployed = package_status != 1;

  for (guint i = 0; i < n_approvers; i++)
    chosen_approvers[i] = approvers[(guint) g_rand_int_range (rand, 0, G_N_ELEMENTS (approvers))];
  if (n_approvers == 2 && chosen_approvers[0] == chosen_approvers[1])
    n_approvers = 1;

  for (guint i = 0; i < G_N_ELEMENTS (submitters); i++)
    submitter_ids[i] = rd_demo_sample_id ("user", submitters[i]);

  stamp = format_package_stamp (apply_ms);
  {
    const char *layer = PICK (rand, layers);
    const char *domain = PICK (rand, domains);

    package_name = g_strdup_printf ("%s_%s__%s_%s_%s", layer, domain, layer, domain, stamp);
  }
  if (options->package_name != NULL)
    {
      g_free (package_name);
      package_name = g_strdup (options->package_name);
    }

  open_container (out, NULL, '{');
  open_container (out, "release_package", '{');
  if (options->apply_timestamp_string)
    add_int_as_string (out, "apply_timestamp", apply_ms);
  else
    add_int (out, "apply_timestamp", apply_ms);
  add_user (out, "apply_user_id", "apply_user_name", apply_user);
  add_int (out, "delete_flag", 0);
  add_int (out, "deploy_status", package_status);
  if (deployed)
    {
      add_int (out, "deploy_timestamp", deploy_ms);
      add_user (out, "deploy_user_id", "deploy_user_name", deploy_user);
    }
  add_approvers (out, chosen_approvers, n_approvers);
  add_string (out, "package_id", options->package_id);
  add_string (out, "package_name", package_name);
  add_string (out, "project_id", project);
  add_string (out, "workspace_id", options->workspace_id);
  if (options->oddities)
    add_string (out, "owner_group", "dw-core");
  close_container (out, '}');

  open_container (out, "task_details", '[');
  for (guint i = 0; i < options->n_tasks; i++)
    {
      int roll = g_rand_int_range (rand, 0, 100);
      int task_type = roll < 60 ? 1 : roll < 90 ? 2 : 3;
      int update_type;
      int status;
      int pending_version;
      int deployed_version;
      guint submitter;

      roll = g_rand_int_range (rand, 0, 100);
      update_type = roll < 45 ? 1 : roll < 90 ? 2 : 3;

      if (package_status == 3)
        status = (i == forced_failure || g_rand_int_range (rand, 0, 100) < 8) ? 3 : 2;
      else
        status = package_status;
      if (options->oddities && i == odd_task)
        status = 7;

      pending_version = update_type == 1 ? 1 : g_rand_int_range (rand, 2, 16);
      deployed_version = status == 2 ? pending_version : pending_version - 1;

      open_container (out, NULL, '{');
      add_int (out, "deploy_status", status);
      add_int (out, "deployed_version", deployed_version);
      append_item_name (out, rand, task_type, i, options->n_tasks);
      pending_item_id += g_rand_int_range (rand, 1, 4);
      add_int_as_string (out, "pending_item_id", pending_item_id);
      add_int (out, "pending_version", pending_version);

      append_name (out, "script_id");
      g_string_append (out, "\"ff808081");
      append_hex (out, rand, 3);
      g_string_append (out, "\",");

      /* Newer service versions name the job and how its start went. */
      if (task_type == 1 && g_rand_int_range (rand, 0, 10) < 8)
        {
          append_name (out, "task_id");
          g_string_append_c (out, '"');
          append_hex (out, rand, 4);
          g_string_append (out, "\",");
          if (status == 2 || status == 3)
            add_int (out, "start_job_status", status == 2 ? 2 : 3);
        }

      add_int (out, "submit_timestamp",
               apply_ms - g_rand_int_range (rand, 1, 20 * 24 * 60) * MINUTE_MS
               - g_rand_int_range (rand, 0, 60000));
      submitter = (guint) g_rand_int_range (rand, 0, G_N_ELEMENTS (submitters));
      add_string (out, "submit_user_id", submitter_ids[submitter]);
      add_string (out, "submit_user_name", submitters[submitter]);
      add_int (out, "task_type", task_type);
      add_int (out, "update_type", update_type);
      close_container (out, '}');
    }
  close_container (out, ']');
  close_container (out, '}');

  for (guint i = 0; i < G_N_ELEMENTS (submitters); i++)
    g_free (submitter_ids[i]);

  return finish_document (out);
}

char *
rd_demo_generate_package_in (const char *project_id,
                             const char *workspace_id,
                             const char *package_id,
                             guint       n_tasks,
                             guint32     seed)
{
  GenerateOptions options = {
    .project_id = project_id,
    .workspace_id = workspace_id,
    .package_id = package_id,
    .n_tasks = n_tasks,
    .seed = seed,
  };

  return generate_package (&options);
}

char *
rd_demo_generate_package_json (const char *package_id,
                               guint       n_tasks,
                               guint32     seed)
{
  GenerateOptions options = {
    .project_id = RD_DEMO_PROJECT_ID,
    .workspace_id = RD_DEMO_WORKSPACE_ID,
    .package_id = package_id,
    .n_tasks = n_tasks,
    .seed = seed,
  };

  g_return_val_if_fail (package_id != NULL, NULL);

  return generate_package (&options);
}

/* --------------------------------------------------------------------------
 * Hand-written sample packages
 * -------------------------------------------------------------------------- */

typedef struct
{
  const char *item_name;
  guint8      task_type;
  guint8      update_type;
  guint8      pending_version;
  gboolean    has_task_id;       /* newer service versions only */
  guint8      start_job_status;  /* 0: absent */
  const char *submitter;
} SampleTask;

/* Package 7 (RD_DEMO_REVIEW_PACKAGE_ID): the order domain's daily jobs, in Chinese, waiting for
 * review. The versions of some of its tasks are in src/demo/versions/: the job and the script
 * "dws_订单_日汇总" (5 -> 6, 3 -> 4), the scripts "dq_订单_完整性校验" (1 -> 2) and "销售日报.汇总"
 * (added), the deleted job "ads_订单_异常监控" (4, purged), the deleted script
 * "dim_门店_维表_初始化" (1, purged, published) and the resource "udf_订单号脱敏.jar". */
static const SampleTask order_domain_tasks[] = {
  { "ods_订单_全量同步",           1, 2,  7, TRUE,  2, "陈杰" },
  { "ods_订单明细_增量同步",       1, 2, 12, TRUE,  2, "陈杰" },
  { "ods_支付流水_增量同步",       1, 1,  1, FALSE, 0, "刘洋" },
  { "dwd_订单_明细",               1, 2,  9, TRUE,  2, "刘洋" },
  { "dwd_订单_退款明细",           1, 1,  1, TRUE,  0, "赵敏" },
  { "dwd_支付_明细",               1, 2,  4, FALSE, 0, "刘洋" },
  { "dws_订单_日汇总",             1, 2,  6, TRUE,  3, "陈杰" },
  { "dws_订单_小时汇总",           1, 1,  1, FALSE, 0, "赵敏" },
  { "dws_订单_渠道日汇总",         1, 2,  6, TRUE,  2, "赵敏" },
  { "dws_商品_销量日汇总",         1, 2,  3, FALSE, 0, "陈杰" },
  { "ads_订单_经营看板_日报",      1, 2, 11, TRUE,  2, "张伟" },
  { "ads_订单_区域排行",           1, 1,  1, FALSE, 0, "张伟" },
  { "ads_订单_异常监控",           1, 3,  5, TRUE,  0, "张伟" },
  { "dim_门店_维表",               1, 2,  8, FALSE, 0, "刘洋" },
  { "dws_订单_日汇总",             2, 2,  4, FALSE, 0, "陈杰" },
  { "dwd_订单_明细_清洗",          2, 2,  9, FALSE, 0, "刘洋" },
  { "ads_订单_经营看板_日报",      2, 2, 11, FALSE, 0, "张伟" },
  { "tmp_订单_数据修复_20261118",  2, 1,  1, FALSE, 0, "陈杰" },
  { "dim_门店_维表_初始化",        2, 3,  2, FALSE, 0, "刘洋" },
  { "dq_订单_完整性校验",          2, 2,  2, FALSE, 0, "赵敏" },
  { "销售日报.汇总",               2, 1,  1, FALSE, 0, "赵敏" },
  { "udf_订单号脱敏.jar",          3, 1,  1, FALSE, 0, "陈杰" },
  { "udf_common_utils-2.3.1.jar",  3, 2,  6, FALSE, 0, "刘洋" },
  { "订单域_节假日配置.csv",       3, 2,  3, FALSE, 0, "赵敏" },
  { "spark_订单_重算.py",          3, 1,  1, FALSE, 0, "张伟" },
};

/* Package 21: a month-end release that is running right now. */
static const SampleTask month_close_tasks[] = {
  { "ods_finance_ledger_full_sync",      1, 2, 4, TRUE,  0, "wang_fang01" },
  { "dwd_finance_voucher_detail",        1, 2, 9, TRUE,  0, "wang_fang01" },
  { "dws_finance_monthly_close",         1, 1, 1, TRUE,  0, "li.na" },
  { "dws_finance_monthly_close",         2, 1, 1, FALSE, 0, "li.na" },
  { "ads_finance_report_monthly",        1, 2, 3, FALSE, 0, "chen_jie" },
  { "udf_currency_convert-1.4.0.jar",    3, 2, 5, FALSE, 0, "chen_jie" },
};

static void
append_sample_tasks (GString          *out,
                     const SampleTask *tasks,
                     guint             n_tasks,
                     int               status,
                     gint64            first_item_id,
                     gint64            submitted_ms)
{
  open_container (out, "task_details", '[');
  for (guint i = 0; i < n_tasks; i++)
    {
      const SampleTask *task = &tasks[i];
      g_autofree char *item_key = g_strdup_printf ("%u:%s", task->task_type, task->item_name);

      open_container (out, NULL, '{');
      add_int (out, "deploy_status", status);
      add_int (out, "deployed_version", task->update_type == 1 ? 0 : task->pending_version - 1);
      add_string (out, "item_name", task->item_name);
      add_int_as_string (out, "pending_item_id", first_item_id + i * 3 + (i % 2));
      add_int (out, "pending_version", task->pending_version);
      /* Only scripts name a script; jobs and resources leave it out here. */
      if (task->task_type == 2)
        {
          g_autofree char *script_id = rd_demo_sample_script_id (task->item_name);

          add_string (out, "script_id", script_id);
        }
      if (task->has_task_id)
        {
          g_autofree char *job_id = rd_demo_sample_id ("job", item_key);

          add_string (out, "task_id", job_id);
        }
      if (task->start_job_status != 0)
        add_int (out, "start_job_status", task->start_job_status);
      add_int (out, "submit_timestamp",
               submitted_ms - (gint64) (n_tasks - i) * 7 * MINUTE_MS - i * 1371);
      add_user (out, "submit_user_id", "submit_user_name", task->submitter);
      add_int (out, "task_type", task->task_type);
      add_int (out, "update_type", task->update_type);
      close_container (out, '}');
    }
  close_container (out, ']');
}

void
rd_demo_foreach_review_task (RdDemoSampleTaskFunc func,
                             gpointer             user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (order_domain_tasks); i++)
    {
      const SampleTask *task = &order_domain_tasks[i];

      func (task->task_type, task->update_type, task->item_name,
            task->update_type == 1 ? 0 : task->pending_version - 1, task->pending_version,
            task->submitter, user_data);
    }
}

static char *
build_order_domain_package (void)
{
  static const char * const package_approvers[] = { "李娜", "王芳" };
  /* 2026-11-20 10:32:05.417 Beijing time. */
  const gint64 apply_ms = G_GINT64_CONSTANT (1795141925417);
  g_autofree char *project = composite_project_id (RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID);
  GString *out = g_string_new (NULL);

  open_container (out, NULL, '{');
  open_container (out, "release_package", '{');
  add_int (out, "apply_timestamp", apply_ms);
  add_user (out, "apply_user_id", "apply_user_name", "张伟");
  add_int (out, "delete_flag", 0);
  add_int (out, "deploy_status", 1);
  /* Not reviewed yet: no deployer and no release time. */
  add_approvers (out, package_approvers, G_N_ELEMENTS (package_approvers));
  add_string (out, "package_id", "7");
  add_string (out, "package_name", "订单域_日汇总作业发布_20261120");
  add_string (out, "project_id", project);
  add_string (out, "workspace_id", RD_DEMO_WORKSPACE_ID);
  close_container (out, '}');
  append_sample_tasks (out, order_domain_tasks, G_N_ELEMENTS (order_domain_tasks), 1,
                       30517, apply_ms - 25 * MINUTE_MS);
  close_container (out, '}');

  return finish_document (out);
}

static char *
build_month_close_package (void)
{
  /* 2026-12-03 15:15:00.208 Beijing time. */
  const gint64 apply_ms = G_GINT64_CONSTANT (1796282100208);
  g_autofree char *project = composite_project_id (RD_DEMO_PROJECT_ID, RD_DEMO_WORKSPACE_ID);
  g_autofree char *stamp = format_package_stamp (apply_ms);
  g_autofree char *package_name =
      g_strconcat ("dws_finance_monthly_close__dws_finance_monthly_close_", stamp, NULL);
  GString *out = g_string_new (NULL);

  open_container (out, NULL, '{');
  open_container (out, "release_package", '{');
  add_int (out, "apply_timestamp", apply_ms);
  add_user (out, "apply_user_id", "apply_user_name", "li.na");
  add_int (out, "delete_flag", 0);
  add_int (out, "deploy_status", 5);
  add_int (out, "deploy_timestamp", apply_ms + 4 * MINUTE_MS + 12345);
  add_user (out, "deploy_user_id", "deploy_user_name", "release_admin");
  add_approvers (out, NULL, 0);
  add_string (out, "package_id", "21");
  add_string (out, "package_name", package_name);
  add_string (out, "project_id", project);
  add_string (out, "workspace_id", RD_DEMO_WORKSPACE_ID);
  close_container (out, '}');
  append_sample_tasks (out, month_close_tasks, G_N_ELEMENTS (month_close_tasks), 5,
                       41022, apply_ms - 40 * MINUTE_MS);
  close_container (out, '}');

  return finish_document (out);
}

GBytes *
rd_demo_lookup_data (const char  *path,
                     GError     **error)
{
  static gsize registered = 0;
  GBytes *bytes;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes != NULL)
    return bytes;

  /* Without constructor support the compiled-in resource is not registered yet. */
  if (g_once_init_enter (&registered))
    {
      g_resources_register (rd_demo_get_resource ());
      g_once_init_leave (&registered, 1);
    }

  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

static GBytes *
load_seed_package (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = rd_demo_lookup_data (SEED_PACKAGE_PATH, &error);
  if (bytes == NULL)
    g_warning ("The demo package %s is missing: %s", RD_DEMO_PACKAGE_ID, error->message);

  return bytes;
}

/* Offered in a window's lookups menu with --demo: one per thing worth trying. */
static const struct {
  const char *package_id;
  const char *workspace;
  const char *label;
} sample_lookups[] = {
  { "4", "", N_("Package 4: the API documentation’s example") },
  { "7", "", N_("Package 7: names in Chinese") },
  { "100", "", N_("Package 100: 480 tasks") },
  { "21", "", N_("Package 21: being released") },
  { "8", RD_DEMO_OTHER_WORKSPACE, N_("Package 8: in another workspace") },
  { "13", "", N_("Package 13: a permission error") },
};

GVariant *
rd_demo_new_sample_lookups (void)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssss)"));
  for (guint i = 0; i < G_N_ELEMENTS (sample_lookups); i++)
    g_variant_builder_add (&builder, "(ssss)", RD_DEMO_PROJECT_ID, sample_lookups[i].workspace,
                           sample_lookups[i].package_id, _(sample_lookups[i].label));

  return g_variant_builder_end (&builder);
}

static void
give_text (RdDemoSampleFunc  func,
           gpointer          user_data,
           const char       *workspace_id,
           const char       *package_id,
           char             *text)
{
  g_autoptr(GBytes) body = g_bytes_new_take (text, strlen (text));

  func (workspace_id, package_id, SOUP_STATUS_OK, body, user_data);
}

/* --------------------------------------------------------------------------
 * The review queue: packages waiting for a release manager
 * -------------------------------------------------------------------------- */

/* 2026-11-01T00:00:00Z. */
#define NOVEMBER_2026_MS     G_GINT64_CONSTANT (1793491200000)
#define HOUR_MS              G_GINT64_CONSTANT (3600000)

typedef struct
{
  const char *package_id;
  const char *name;
  const char *applicant;
  guint8      day;          /* of November 2026 */
  guint8      hour;         /* UTC */
  guint8      minute;
  guint16     n_tasks;
} QueuedPackage;

/* With package 7, 25 packages to review: three pages at the default limit
 * of 10, in both languages, from several applicants; 44 has 150 tasks, and
 * RD_DEMO_FAILING_PACKAGE_ID's release always fails. */
static const QueuedPackage review_queue[] = {
  { "30", "会员域_标签日更新_20261102",              "张伟",         2,  1, 12,   6 },
  { "31", "payment_flow_hotfix_20261103",            "li.na",        3,  6, 40,   2 },
  { "32", "库存域_补货预测_20261104",                "赵敏",         4,  2,  5,   9 },
  { "33", "marketing_coupon_weekly_20261105",        "wang_fang01",  5,  8, 30,   4 },
  { "34", "物流域_运单轨迹清洗_20261106",            "chen_jie",     6,  3, 17,  12 },
  { "35", "dws_store_sales_daily_20261107",          "liu_yang_ops", 7,  9, 45,   3 },
  { "36", "财务域_月结对账_20261109",                "wang_fang01",  9,  1,  2,  18 },
  { "37", "user_behavior_sessionize_20261110",       "zhangwei_dev", 10, 7, 55,   5 },
  { "38", "订单域_退款明细修复_20261111",            "张伟",         11, 2, 20,   1 },
  { "39", "product_sku_dim_refresh_20261112",        "li.na",        12, 5, 33,   7 },
  { "40", "门店域_客流小时汇总_20261113",            "赵敏",         13, 0, 48,  10 },
  { "41", "finance_ledger_backfill_20261114",        "chen_jie",     14, 11, 8,   2 },
  { "42", "支付域_渠道费率更新_20261115",            "liu_yang_ops", 15, 4, 26,   4 },
  { "43", "ods_trade_order_incr_sync_20261116",      "zhangwei_dev", 16, 6, 14,   8 },
  { "44", "数据仓库_全量重构_20261117",              "张伟",         17, 1, 59, 150 },
  { "45", "supplier_inventory_alerts_20261118",      "wang_fang01",  18, 3, 21,   3 },
  { "46", "会员域_积分过期_20261119",                "li.na",        19, 0, 37,   6 },
  { "47", "ads_marketing_roi_report_20261121",       "赵敏",         21, 9,  3,   5 },
  { "48", "物流域_时效看板_20261122",                "chen_jie",     22, 2, 44,  11 },
  { "49", "dq_order_completeness_rules_20261123",    "li.na",        23, 7, 19,   2 },
  { "50", "库存域_盘点差异_20261124",                "liu_yang_ops", 24, 5,  6,   7 },
  { "51", "udf_mask_phone_upgrade_20261125",         "zhangwei_dev", 25, 1, 28,   1 },
  { "52", "订单域_大促预案_20261126",                "张伟",         26, 8, 52,  24 },
  { "53", "dim_store_scd2_migration_20261127",       "wang_fang01",  27, 3, 11,   9 },
};

static char *
build_queued_package (const QueuedPackage *queued)
{
  GenerateOptions options = {
    .project_id = RD_DEMO_PROJECT_ID,
    .workspace_id = RD_DEMO_WORKSPACE_ID,
    .package_id = queued->package_id,
    .n_tasks = queued->n_tasks,
    .seed = (guint32) g_ascii_strtoull (queued->package_id, NULL, 10) * 7919,
    .deploy_status = 1,
    .package_name = queued->name,
    .apply_user = queued->applicant,
    .apply_ms = NOVEMBER_2026_MS + (queued->day - 1) * DAY_MS + queued->hour * HOUR_MS
                + queued->minute * MINUTE_MS + queued->minute * 1013,
  };

  return generate_package (&options);
}

void
rd_demo_foreach_sample_package (RdDemoSampleFunc func,
                                gpointer         user_data)
{
  g_autoptr(GBytes) seed = load_seed_package ();
  g_autoptr(GBytes) no_permission = NULL;
  GenerateOptions big = {
    .project_id = RD_DEMO_PROJECT_ID,
    .workspace_id = RD_DEMO_WORKSPACE_ID,
    .package_id = "100",
    .n_tasks = 480,
    .seed = 100,
    .deploy_status = 3,
    .apply_timestamp_string = TRUE,
    .oddities = TRUE,
  };
  GenerateOptions other = {
    .project_id = RD_DEMO_PROJECT_ID,
    .workspace_id = RD_DEMO_OTHER_WORKSPACE,
    .package_id = "8",
    .n_tasks = 6,
    .seed = 8,
    .deploy_status = 2,
  };
  static const char no_permission_text[] =
    "{\"error_code\":\"DLF.6888\",\"error_msg\":\"Account permission invalid.\"}";

  if (seed != NULL)
    func (RD_DEMO_WORKSPACE_ID, RD_DEMO_PACKAGE_ID, SOUP_STATUS_OK, seed, user_data);

  give_text (func, user_data, RD_DEMO_WORKSPACE_ID, "7", build_order_domain_package ());
  give_text (func, user_data, RD_DEMO_WORKSPACE_ID, "21", build_month_close_package ());
  give_text (func, user_data, RD_DEMO_WORKSPACE_ID, "100", generate_package (&big));

  no_permission = g_bytes_new_static (no_permission_text, sizeof no_permission_text - 1);
  func (RD_DEMO_WORKSPACE_ID, "13", SOUP_STATUS_FORBIDDEN, no_permission, user_data);

  give_text (func, user_data, RD_DEMO_OTHER_WORKSPACE, "8", generate_package (&other));

  for (guint i = 0; i < G_N_ELEMENTS (review_queue); i++)
    give_text (func, user_data, RD_DEMO_WORKSPACE_ID, review_queue[i].package_id,
               build_queued_package (&review_queue[i]));
}
