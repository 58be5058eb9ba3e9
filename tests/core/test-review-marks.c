/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-review-marks.c: the tasks marked reviewed and their file (rd-review-marks.c). */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "rd-review-marks.h"

#define ENDPOINT "https://dataarts.cn-north-4.myhuaweicloud.com"
#define PROJECT "0a1b2c3d4e5f60718293a4b5c6d7e8f9"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_chmod (path, 0700);
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rd-review-marks-XXXXXX", &error);
  g_assert_no_error (error);
  /* One folder deeper: the marks create their folder. */
  fixture->path = g_build_filename (fixture->dir, "release-desk", "reviewed.json", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *sub = g_path_get_dirname (fixture->path);

  g_chmod (sub, 0700);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static RdReviewKey
make_key (const char *package,
          const char *task,
          int         version)
{
  RdReviewKey key = {
    .endpoint = ENDPOINT,
    .project_id = PROJECT,
    .workspace_id = "",
    .package_id = package,
    .task_key = task,
    .pending_version = version,
  };

  return key;
}

static RdReviewMarks *
new_loaded (const char *path)
{
  g_autoptr(GError) error = NULL;
  RdReviewMarks *marks = rd_review_marks_new (path);

  g_assert_true (rd_review_marks_load (marks, &error));
  g_assert_no_error (error);

  return marks;
}

static void
write_file (const char *path,
            const char *data,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

/* The names in the folder of @path that start with "reviewed.json.broken-". */
static GPtrArray *
list_broken (const char *path)
{
  g_autofree char *dir_path = g_path_get_dirname (path);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "reviewed.json.broken-"))
      g_ptr_array_add (names, g_build_filename (dir_path, name, NULL));

  return names;
}

static guint
count_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static void
test_set_get_unset (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RdReviewMarks) marks = new_loaded (fixture->path);
  g_autoptr(GError) error = NULL;
  RdReviewKey key = make_key ("pkg-1", "job_daily_load", 3);
  struct stat st;

  /* A missing file is no marks, and loading it writes nothing. */
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_assert_false (rd_review_marks_get (marks, &key));

  g_assert_true (rd_review_marks_set (marks, &key, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (rd_review_marks_get (marks, &key));

  /* Saved at once, the user's alone. */
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (rd_review_marks_set (marks, &key, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (rd_review_marks_get (marks, &key));

  /* Unmarking an unmarked task is fine. */
  g_assert_true (rd_review_marks_set (marks, &key, FALSE, &error));
  g_assert_no_error (error);
}

static void
test_file_format (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RdReviewMarks) marks = new_loaded (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  RdReviewKey key = make_key ("pkg-1", "job_daily_load", 3);
  JsonObject *root;
  JsonObject *mark;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (rd_review_marks_set (marks, &key, TRUE, &error));
  g_assert_no_error (error);

  g_assert_true (json_parser_load_from_file (parser, fixture->path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "marks")), ==, 1);
  mark = json_array_get_object_element (json_object_get_array_member (root, "marks"), 0);
  g_assert_cmpstr (json_object_get_string_member (mark, "endpoint"), ==, ENDPOINT);
  g_assert_cmpstr (json_object_get_string_member (mark, "project"), ==, PROJECT);
  g_assert_cmpstr (json_object_get_string_member (mark, "workspace"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (mark, "package"), ==, "pkg-1");
  g_assert_cmpstr (json_object_get_string_member (mark, "task"), ==, "job_daily_load");
  g_assert_cmpint (json_object_get_int_member (mark, "pending-version"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (mark, "time"), >=, now);
  g_assert_cmpint (json_object_get_int_member (mark, "time"), <=, now + 60);
}

static void
test_survives_restart (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RdReviewKey kept = make_key ("pkg-1", "job_a", 1);
  RdReviewKey unset = make_key ("pkg-1", "job_b", 1);

  {
    g_autoptr(RdReviewMarks) marks = new_loaded (fixture->path);

    g_assert_true (rd_review_marks_set (marks, &kept, TRUE, &error));
    g_assert_true (rd_review_marks_set (marks, &unset, TRUE, &error));
    g_assert_true (rd_review_marks_set (marks, &unset, FALSE, &error));
    g_assert_no_error (error);
  }

  {
    g_autoptr(RdReviewMarks) marks = new_loaded (fixture->path);

    g_assert_true (rd_review_marks_get (marks, &kept));
    g_assert_false (rd_review_marks_get (marks, &unset));
  }
}

static void
test_new_pending_version_clears (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(RdReviewMarks) marks = new_loaded (fixture->path);
  g_autoptr(RdReviewMarks) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  RdReviewKey v1 = make_key ("pkg-1", "job_a", 1);
  RdReviewKey v2 = make_key ("pkg-1", "job_a", 2);
  JsonArray *array;

  g_assert_true (rd_review_marks_set (marks, &v1, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (rd_review_marks_get (marks, &v1));
  g_assert_false (rd_review_marks_get (marks, &v2));

  /* Reviewing the new version replaces the old mark: one mark per task in the file. */
  g_assert_true (rd_review_marks_set (marks, &v2, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (rd_review_marks_get (marks, &v2));
  g_assert_false (rd_review_marks_get (marks, &v1));

  g_assert_true (json_parser_load_from_file (parser, fixture->path, &error));
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "marks");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0),
                                               "pending-version"), ==, 2);

  again = new_loaded (fixture->path);
  g_assert_true (rd_review_marks_get (again, &v2));
  g_assert_false (rd_review_marks_get (again, &v1));
}

static void
test_count (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RdReviewMarks) marks = new_loaded (fixture->path);
  g_autoptr(GError) error = NULL;
  RdReviewTaskRef tasks[12];
  char *names[12] = { NULL, };

  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      names[i] = g_strdup_printf ("job_%u", i);
      tasks[i].task_key = names[i];
      tasks[i].pending_version = 5;
    }

  g_assert_cmpuint (rd_review_marks_count (marks, ENDPOINT, PROJECT, "", "pkg-1", tasks, 12),
                    ==, 0);
  g_assert_cmpuint (rd_review_marks_count (marks, ENDPOINT, PROJECT, "", "pkg-1", NULL, 0),
                    ==, 0);

  for (guint i = 0; i < 7; i++)
    {
      RdReviewKey key = make_key ("pkg-1", names[i], 5);

      g_assert_true (rd_review_marks_set (marks, &key, TRUE, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (rd_review_marks_count (marks, ENDPOINT, PROJECT, "", "pkg-1", tasks, 12),
                    ==, 7);

  /* A task whose pending version moved on is no longer counted. */
  tasks[0].pending_version = 6;
  g_assert_cmpuint (rd_review_marks_count (marks, ENDPOINT, PROJECT, "", "pkg-1", tasks, 12),
                    ==, 6);
  /* NULL is the default workspace, as "" is. */
  g_assert_cmpuint (rd_review_marks_count (marks, ENDPOINT, PROJECT, NULL, "pkg-1", tasks, 12),
                    ==, 6);
  g_assert_cmpuint (rd_review_marks_count (marks, ENDPOINT, PROJECT, "", "pkg-2", tasks, 12),
                    ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (names[i]);
}

static void
test_keys_do_not_mix (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RdReviewMarks) marks = new_loaded (fixture->path);
  g_autoptr(GError) error = NULL;
  RdReviewKey key = make_key ("pkg-1", "job_a", 1);
  RdReviewKey other;

  g_assert_true (rd_review_marks_set (marks, &key, TRUE, &error));
  g_assert_no_error (error);

  other = key;
  other.endpoint = "https://dataarts.cn-south-1.myhuaweicloud.com";
  g_assert_false (rd_review_marks_get (marks, &other));

  other = key;
  other.project_id = "ffffffffffffffffffffffffffffffff";
  g_assert_false (rd_review_marks_get (marks, &other));

  other = key;
  other.workspace_id = "1a2b3c4d5e6f";
  g_assert_false (rd_review_marks_get (marks, &other));

  other = key;
  other.workspace_id = NULL;
  g_assert_true (rd_review_marks_get (marks, &other));

  other = key;
  other.package_id = "pkg-2";
  g_assert_false (rd_review_marks_get (marks, &other));

  other = key;
  other.task_key = "job_b";
  g_assert_false (rd_review_marks_get (marks, &other));

  /* The parts cannot run into each other: "pkg-1" + "1:x" is not "pkg-11" + ":x". */
  {
    RdReviewKey a = make_key ("p", "1:x", 1);
    RdReviewKey b = make_key ("p1", ":x", 1);

    g_assert_true (rd_review_marks_set (marks, &a, TRUE, &error));
    g_assert_no_error (error);
    g_assert_false (rd_review_marks_get (marks, &b));
  }

  /* Forgetting a package leaves the others' marks. */
  {
    RdReviewKey kept = make_key ("pkg-2", "job_a", 1);
    g_autoptr(RdReviewMarks) again = NULL;

    g_assert_true (rd_review_marks_set (marks, &kept, TRUE, &error));
    g_assert_true (rd_review_marks_forget_package (marks, ENDPOINT, PROJECT, NULL, "pkg-1",
                                                   &error));
    g_assert_no_error (error);
    g_assert_false (rd_review_marks_get (marks, &key));
    g_assert_true (rd_review_marks_get (marks, &kept));

    again = new_loaded (fixture->path);
    g_assert_false (rd_review_marks_get (again, &key));
    g_assert_true (rd_review_marks_get (again, &kept));
  }
}

static void
test_odd_names (Fixture       *fixture,
                gconstpointer  data)
{
  const char *names[] = {
    "每日数据加载作业",
    "作业 \"引号\" 与 \\ 反斜杠",
    "line\nbreak\ttab",
    "{\"json\": [1, 2]}",
    "emoji 🚀 and ümlauts",
    " ",
    "",
  };
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(RdReviewMarks) marks = new_loaded (fixture->path);

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        RdReviewKey key = make_key ("发布包-1", names[i], 1);

        key.workspace_id = "工作空间";
        g_assert_true (rd_review_marks_set (marks, &key, TRUE, &error));
        g_assert_no_error (error);
      }
  }

  {
    g_autoptr(RdReviewMarks) marks = new_loaded (fixture->path);

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        RdReviewKey key = make_key ("发布包-1", names[i], 1);

        key.workspace_id = "工作空间";
        g_assert_true (rd_review_marks_get (marks, &key));
        key.workspace_id = "";
        g_assert_false (rd_review_marks_get (marks, &key));
      }
  }

  /* Text that is not UTF-8 (or a name of more than 1 MiB) cannot go into the file: refused,
   * nothing written. */
  {
    g_autoptr(RdReviewMarks) marks = new_loaded (fixture->path);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *long_name = g_strnfill (1024 * 1024 + 1, 'z');
    const char *bad[] = { "bad \xff\xfe name", long_name };

    g_assert_true (g_file_get_contents (fixture->path, &before, NULL, NULL));
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        RdReviewKey key = make_key ("pkg", bad[i], 1);

        g_assert_false (rd_review_marks_set (marks, &key, TRUE, &error));
        g_assert_error (error, RD_REVIEW_MARKS_ERROR, RD_REVIEW_MARKS_ERROR_BAD_KEY);
        g_clear_error (&error);
        g_assert_false (rd_review_marks_get (marks, &key));
      }
    g_assert_true (g_file_get_contents (fixture->path, &after, NULL, NULL));
    g_assert_cmpstr (before, ==, after);
  }
}

/* Loads a file holding @data: no marks, RD_REVIEW_MARKS_ERROR_INVALID naming where the file
 * went, and the file there byte for byte; then a mark can be set again. */
static void
assert_damaged (Fixture    *fixture,
                const char *data,
                gsize       length)
{
  g_autoptr(RdReviewMarks) marks = rd_review_marks_new (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) broken = NULL;
  g_autofree char *kept = NULL;
  gsize kept_length;
  RdReviewKey key = make_key ("pkg-1", "job_a", 1);

  write_file (fixture->path, data, length);

  g_assert_false (rd_review_marks_load (marks, &error));
  g_assert_error (error, RD_REVIEW_MARKS_ERROR, RD_REVIEW_MARKS_ERROR_INVALID);
  g_assert_false (rd_review_marks_get (marks, &key));
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  broken = list_broken (fixture->path);
  g_assert_cmpuint (broken->len, ==, 1);
  g_assert_nonnull (strstr (error->message, g_ptr_array_index (broken, 0)));
  g_assert_true (g_file_get_contents (g_ptr_array_index (broken, 0), &kept, &kept_length, NULL));
  g_assert_cmpmem (kept, kept_length, data, length);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_true (rd_review_marks_set (marks, &key, TRUE, &error));
  g_assert_no_error (error);

  /* Next time, the new file loads. */
  {
    g_autoptr(RdReviewMarks) again = new_loaded (fixture->path);

    g_assert_true (rd_review_marks_get (again, &key));
  }

  g_unlink (g_ptr_array_index (broken, 0));
  g_unlink (fixture->path);
}

static void
test_damaged_garbage (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char garbage[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe{\"version\":1";
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  char random_bytes[4096];

#define DAMAGED(literal) assert_damaged (fixture, literal, sizeof literal - 1)
  DAMAGED (garbage);
  DAMAGED ("");
  DAMAGED ("{\"version\":1,\"marks\":[");
  DAMAGED ("{\"version\":1,\"marks\":[]}\0trailing");
  DAMAGED ("{\"version\":1,\"marks\":[]} {}");
#undef DAMAGED

  for (guint i = 0; i < sizeof random_bytes; i++)
    random_bytes[i] = (char)g_rand_int_range (rand, 0, 256);
  assert_damaged (fixture, random_bytes, sizeof random_bytes);

  /* Deep nesting that would take json-glib's recursion down with it. */
  {
    gsize depth = 1024 * 1024;
    g_autofree char *deep = g_malloc (depth);

    memset (deep, '[', depth);
    assert_damaged (fixture, deep, depth);
  }
}

static void
test_damaged_wrong_types (Fixture       *fixture,
                          gconstpointer  data)
{
#define MARK(ep, pv, time) \
  "{\"version\":1,\"marks\":[{\"endpoint\":" ep ",\"project\":\"p\",\"workspace\":\"\"," \
  "\"package\":\"pkg-1\",\"task\":\"job_a\",\"pending-version\":" pv ",\"time\":" time "}]}"
  const char *files[] = {
    "null",
    "[]",
    "\"reviewed\"",
    "{}",
    "{\"version\":\"1\",\"marks\":[]}",
    "{\"version\":1.0,\"marks\":[]}",
    "{\"version\":2,\"marks\":[]}",
    "{\"version\":1}",
    "{\"version\":1,\"marks\":{}}",
    "{\"version\":1,\"marks\":[1]}",
    "{\"version\":1,\"marks\":[{}]}",
    MARK ("1", "1", "1"),
    MARK ("null", "1", "1"),
    MARK ("[\"e\"]", "1", "1"),
    MARK ("\"e\"", "\"1\"", "1"),
    MARK ("\"e\"", "1.5", "1"),
    MARK ("\"e\"", "4294967296", "1"),
    MARK ("\"e\"", "1", "-1"),
    MARK ("\"e\"", "1", "true"),
  };
#undef MARK

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_test_message ("file %u: %s", i, files[i]);
      assert_damaged (fixture, files[i], strlen (files[i]));
    }
}

static void
test_damaged_huge (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Valid JSON, but past the size cap: not parsed. */
  gsize length = RD_REVIEW_MARKS_MAX_FILE_SIZE + 2;
  g_autofree char *huge = g_malloc (length);

  memset (huge, ' ', length);
  memcpy (huge, "{\"version\":1,\"marks\":[]}", 24);
  assert_damaged (fixture, huge, length);
}

/* A file that cannot be read is not moved aside nor written over. */
static void
test_unreadable_is_left_alone (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(RdReviewMarks) marks = rd_review_marks_new (fixture->path);
  g_autoptr(GError) error = NULL;
  RdReviewKey key = make_key ("pkg-1", "job_a", 1);
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(GPtrArray) broken = NULL;

  /* A folder where the file should be. */
  g_assert_cmpint (g_mkdir_with_parents (fixture->path, 0700), ==, 0);

  g_assert_false (rd_review_marks_load (marks, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  broken = list_broken (fixture->path);
  g_assert_cmpuint (broken->len, ==, 0);

  g_assert_false (rd_review_marks_set (marks, &key, TRUE, &error));
  g_assert_error (error, RD_REVIEW_MARKS_ERROR, RD_REVIEW_MARKS_ERROR_NOT_LOADED);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_files (dir), ==, 1);
}

/* A write that fails leaves the old file as it was, no temporary file beside it, and the mark
 * unset in memory too. */
static void
assert_write_fails (Fixture           *fixture,
                    RdReviewMarks     *marks,
                    const RdReviewKey *key,
                    const char        *before)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *display = g_filename_display_name (fixture->path);

  g_assert_false (rd_review_marks_set (marks, key, TRUE, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, display));
  g_assert_false (rd_review_marks_get (marks, key));

  g_assert_true (g_file_get_contents (fixture->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_files (dir), ==, 1);
}

static void
test_failed_write_keeps_old_file (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(RdReviewMarks) marks = new_loaded (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  RdReviewKey first = make_key ("pkg-1", "job_a", 1);
  RdReviewKey second = make_key ("pkg-1", "job_b", 1);
  struct rlimit old_limit;
  struct rlimit limit;

  g_assert_true (rd_review_marks_set (marks, &first, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (fixture->path, &before, NULL, NULL));

  /* A read-only folder (root writes there anyway). */
  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
      assert_write_fails (fixture, marks, &second, before);
      g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
    }

  /* A full disk, as a file size limit: the write stops part way, even for root. */
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = strlen (before) + 10;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  assert_write_fails (fixture, marks, &second, before);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);

  /* The first mark is still there, and the second can be made now. */
  g_assert_true (rd_review_marks_get (marks, &first));
  g_assert_true (rd_review_marks_set (marks, &second, TRUE, &error));
  g_assert_no_error (error);
}

static void
test_cap_drops_oldest (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GString) file = g_string_new ("{\"version\":1,\"marks\":[");
  g_autoptr(RdReviewMarks) marks = NULL;
  g_autoptr(RdReviewMarks) again = NULL;
  g_autoptr(GError) error = NULL;
  RdReviewKey oldest = make_key ("pkg", "task-1", 1);
  RdReviewKey second = make_key ("pkg", "task-2", 1);
  RdReviewKey newest = make_key ("pkg", "task-new", 1);
  g_autofree RdReviewTaskRef *refs = g_new0 (RdReviewTaskRef, RD_REVIEW_MARKS_MAX + 1);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  /* Written newest first: the order in the file does not decide, the time does. */
  for (guint i = RD_REVIEW_MARKS_MAX; i >= 1; i--)
    g_string_append_printf (file,
                            "%s{\"endpoint\":\"" ENDPOINT "\",\"project\":\"" PROJECT "\","
                            "\"workspace\":\"\",\"package\":\"pkg\",\"task\":\"task-%u\","
                            "\"pending-version\":1,\"time\":%u}",
                            i == RD_REVIEW_MARKS_MAX ? "" : ",", i, 1000000 + i);
  g_string_append (file, "]}");
  write_file (fixture->path, file->str, file->len);

  marks = new_loaded (fixture->path);
  g_assert_true (rd_review_marks_get (marks, &oldest));

  g_assert_true (rd_review_marks_set (marks, &newest, TRUE, &error));
  g_assert_no_error (error);
  g_assert_false (rd_review_marks_get (marks, &oldest));
  g_assert_true (rd_review_marks_get (marks, &second));
  g_assert_true (rd_review_marks_get (marks, &newest));

  for (guint i = 0; i < RD_REVIEW_MARKS_MAX; i++)
    {
      g_ptr_array_add (names, g_strdup_printf ("task-%u", i + 1));
      refs[i].task_key = g_ptr_array_index (names, i);
      refs[i].pending_version = 1;
    }
  refs[RD_REVIEW_MARKS_MAX].task_key = "task-new";
  refs[RD_REVIEW_MARKS_MAX].pending_version = 1;

  again = new_loaded (fixture->path);
  g_assert_cmpuint (rd_review_marks_count (again, ENDPOINT, PROJECT, "", "pkg", refs,
                                           RD_REVIEW_MARKS_MAX + 1), ==, RD_REVIEW_MARKS_MAX);
  g_assert_false (rd_review_marks_get (again, &oldest));
  g_assert_true (rd_review_marks_get (again, &newest));
}

/* Marks whose text is long enough that 20,000 of them would not fit the size the file is read
 * back with: the oldest go until the rest fit, and the file loads. */
static void
test_cap_keeps_file_readable (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GString) file = g_string_new ("{\"version\":1,\"marks\":[");
  g_autofree char *padding = g_strnfill (400, 'x');
  g_autoptr(RdReviewMarks) marks = NULL;
  g_autoptr(RdReviewMarks) again = NULL;
  g_autoptr(GError) error = NULL;
  RdReviewKey newest = make_key ("pkg", "task-new", 1);
  struct stat st;

  /* 14,000 marks of ~590 bytes: just under the cap. */
  for (guint i = 1; i <= 14000; i++)
    g_string_append_printf (file,
                            "%s{\"endpoint\":\"" ENDPOINT "\",\"project\":\"" PROJECT "\","
                            "\"workspace\":\"\",\"package\":\"pkg\",\"task\":\"%s-%u\","
                            "\"pending-version\":1,\"time\":%u}",
                            i == 1 ? "" : ",", padding, i, 1000000 + i);
  g_string_append (file, "]}");
  g_assert_cmpuint (file->len, <, RD_REVIEW_MARKS_MAX_FILE_SIZE);
  write_file (fixture->path, file->str, file->len);

  marks = new_loaded (fixture->path);
  /* A long name pushes the file past the cap. */
  {
    g_autofree char *name = g_strnfill (300 * 1024, 'y');
    RdReviewKey key = make_key ("pkg", name, 1);

    g_assert_true (rd_review_marks_set (marks, &key, TRUE, &error));
    g_assert_no_error (error);
  }
  g_assert_true (rd_review_marks_set (marks, &newest, TRUE, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, <=, RD_REVIEW_MARKS_MAX_FILE_SIZE);
  again = new_loaded (fixture->path);
  g_assert_true (rd_review_marks_get (again, &newest));
}

static void
on_changed (RdReviewMarks *marks,
            const char    *package_id,
            GPtrArray     *seen)
{
  g_ptr_array_add (seen, g_strdup (package_id != NULL ? package_id : "(all)"));
}

static void
test_changed_signal (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RdReviewMarks) marks = rd_review_marks_new (fixture->path);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  RdReviewKey key = make_key ("pkg-7", "job_a", 1);

  g_signal_connect (marks, "changed", G_CALLBACK (on_changed), seen);

  g_assert_true (rd_review_marks_load (marks, &error));
  g_assert_true (rd_review_marks_set (marks, &key, TRUE, &error));
  /* No change, no signal. */
  g_assert_true (rd_review_marks_set (marks, &key, TRUE, &error));
  g_assert_true (rd_review_marks_set (marks, &key, FALSE, &error));
  g_assert_true (rd_review_marks_forget_package (marks, ENDPOINT, PROJECT, "", "pkg-7", &error));
  g_assert_true (rd_review_marks_set (marks, &key, TRUE, &error));
  g_assert_true (rd_review_marks_forget_package (marks, ENDPOINT, PROJECT, "", "pkg-7", &error));
  g_assert_no_error (error);

  g_assert_cmpuint (seen->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "(all)");
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpstr (g_ptr_array_index (seen, i), ==, "pkg-7");
}

/* Two processes: a load sees what the other wrote, and a change does not undo it. */
static void
test_other_process (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RdReviewMarks) a = new_loaded (fixture->path);
  g_autoptr(RdReviewMarks) b = new_loaded (fixture->path);
  g_autoptr(GError) error = NULL;
  RdReviewKey x = make_key ("pkg-1", "job_x", 1);
  RdReviewKey y = make_key ("pkg-1", "job_y", 1);
  RdReviewKey z = make_key ("pkg-1", "job_z", 1);

  g_assert_true (rd_review_marks_set (a, &x, TRUE, &error));
  g_assert_no_error (error);
  g_assert_false (rd_review_marks_get (b, &x));
  g_assert_true (rd_review_marks_load (b, &error));
  g_assert_true (rd_review_marks_get (b, &x));

  g_assert_true (rd_review_marks_set (b, &y, TRUE, &error));
  g_assert_true (rd_review_marks_set (a, &z, TRUE, &error));
  g_assert_no_error (error);

  {
    g_autoptr(RdReviewMarks) c = new_loaded (fixture->path);

    g_assert_true (rd_review_marks_get (c, &x));
    g_assert_true (rd_review_marks_get (c, &y));
    g_assert_true (rd_review_marks_get (c, &z));
  }

  /* b learns of z when it next changes a mark: any package may have changed. */
  {
    g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

    g_signal_connect (b, "changed", G_CALLBACK (on_changed), seen);
    g_assert_false (rd_review_marks_get (b, &z));
    g_assert_true (rd_review_marks_set (b, &x, FALSE, &error));
    g_assert_no_error (error);
    g_assert_true (rd_review_marks_get (b, &z));
    g_assert_cmpuint (seen->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "(all)");
    g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, "pkg-1");
    g_signal_handlers_disconnect_by_func (b, on_changed, seen);
  }
}

static void
test_default_path (void)
{
  g_autoptr(RdReviewMarks) marks = rd_review_marks_new_default ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "release-desk",
                                                "reviewed.json", NULL);

  g_assert_cmpstr (rd_review_marks_get_path (marks), ==, expected);
}

#define ADD(name, func) \
  g_test_add ("/review-marks/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");

  g_test_init (&argc, &argv, NULL);

  ADD ("set-get-unset", test_set_get_unset);
  ADD ("file/json-version-1", test_file_format);
  ADD ("survives-restart", test_survives_restart);
  ADD ("new-pending-version-clears", test_new_pending_version_clears);
  ADD ("count/reviewed-of-tasks", test_count);
  ADD ("keys/endpoint-project-workspace-package-do-not-mix", test_keys_do_not_mix);
  ADD ("keys/chinese-and-odd-characters", test_odd_names);
  ADD ("damaged/garbage-bytes-kept-aside", test_damaged_garbage);
  ADD ("damaged/wrong-types-kept-aside", test_damaged_wrong_types);
  ADD ("damaged/huge-file-kept-aside", test_damaged_huge);
  ADD ("damaged/unreadable-left-alone", test_unreadable_is_left_alone);
  ADD ("save/failed-write-keeps-old-file", test_failed_write_keeps_old_file);
  ADD ("cap/drops-oldest", test_cap_drops_oldest);
  ADD ("cap/file-stays-readable", test_cap_keeps_file_readable);
  ADD ("signal/changed-with-package", test_changed_signal);
  ADD ("load/sees-other-process", test_other_process);
  g_test_add_func ("/review-marks/default-path", test_default_path);

  return g_test_run ();
}
