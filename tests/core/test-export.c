/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c: the JSON export writes the API's document back unchanged, and atomically. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "rd-export.h"
#include "rd-test-util.h"

/* Every kind of value the service might send, unknown members included. */
static const char document_text[] =
  "{\"release_package\":{\"package_id\":\"4\",\"apply_timestamp\":1700288912934,"
  "\"apply_user_name\":\"张三\",\"delete_flag\":0,\"future_flag\":true,"
  "\"nothing\":null,\"ratio\":0.25,\"big\":9007199254740993,"
  "\"nested\":{\"list\":[1,\"two\",false,{\"x\":[]}]},"
  "\"escapes\":\"tab\\t quote\\\" backslash\\\\ \\u0001 /\"},"
  "\"task_details\":[{\"pending_item_id\":\"19\",\"deploy_status\":7,\"new_member\":\"kept\"}],"
  "\"extra_top_level\":[]}";

static char *
make_scratch_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("rd-export-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_round_trip_keeps_every_member (void)
{
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GBytes) bytes = rd_export_to_bytes (document);
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(JsonNode) again = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonObject *package;

  g_assert_true (g_utf8_validate (data, size, NULL));
  g_assert_cmpint (data[size - 1], ==, '\n');

  parsed = rd_test_parse_json (document_text, -1);
  again = rd_test_parse_json (data, size);
  g_assert_true (json_node_equal (parsed, again));

  /* Same value types, not just equal-looking values. */
  package = json_object_get_object_member (json_node_get_object (again), "release_package");
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (package, "apply_timestamp")),
                   ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (package, "apply_timestamp"), ==, 1700288912934);
  g_assert_cmpint (json_object_get_int_member (package, "big"), ==,
                   G_GINT64_CONSTANT (9007199254740993));
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (package, "ratio")), ==,
                   G_TYPE_DOUBLE);
  g_assert_true (json_object_get_boolean_member (package, "future_flag"));
  g_assert_true (json_object_get_null_member (package, "nothing"));
  g_assert_cmpstr (json_object_get_string_member (package, "apply_user_name"), ==, "张三");
  g_assert_cmpstr (json_object_get_string_member (package, "escapes"), ==,
                   "tab\t quote\" backslash\\ \001 /");
  g_assert_true (json_object_has_member (json_node_get_object (again), "extra_top_level"));
}

static void
test_output_is_pretty_utf8 (void)
{
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GBytes) bytes = rd_export_to_bytes (document);
  const char *data = g_bytes_get_data (bytes, NULL);

  /* Indented, one member per line, and Chinese written as UTF-8, not \u escapes. */
  g_assert_true (g_str_has_prefix (data,
                                   "{\n  \"release_package\" : {\n    \"package_id\" : \"4\","));
  g_assert_nonnull (strstr (data, "\"张三\""));
}

/* The layout byte for byte: json-glib's pretty one, two spaces a level, "name" : value. The
 * values are JSON-equal to what was served, as JsonGenerator spells them (0.1 as
 * 0.10000000000000001, 1E5 as 100000.0, -0 as 0, \u00e9 as é, an empty object as "{ }"
 * with its indent); no byte order mark. */
static void
test_output_exact_bytes (void)
{
  static const char answer[] =
    "\xEF\xBB\xBF \r\n{\"release_package\" :{\"ratio\":0.1, \"big\":1E5,\"neg\":-0,"
    "\"name\":\"caf\\u00e9 \\\"x\\\" [1,2]: {}\",\"empty\":{ },\"none\":[\n]},"
    "\"task_details\":[{\"a\":[true,false,null]}]}\n";
  static const char expected[] =
    "{\n"
    "  \"release_package\" : {\n"
    "    \"ratio\" : 0.10000000000000001,\n"
    "    \"big\" : 100000.0,\n"
    "    \"neg\" : 0,\n"
    "    \"name\" : \"caf\u00e9 \\\"x\\\" [1,2]: {}\",\n"
    "    \"empty\" : {    },\n"
    "    \"none\" : []\n"
    "  },\n"
    "  \"task_details\" : [\n"
    "    {\n"
    "      \"a\" : [\n"
    "        true,\n"
    "        false,\n"
    "        null\n"
    "      ]\n"
    "    }\n"
    "  ]\n"
    "}\n";
  g_autoptr(GBytes) document = g_bytes_new_static (answer, sizeof answer - 1);
  g_autoptr(GBytes) bytes = rd_export_to_bytes (document);
  g_autoptr(JsonNode) served = rd_test_parse_json (answer + 3, sizeof answer - 4);
  g_autoptr(JsonNode) exported = NULL;

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected, sizeof expected - 1);
  exported = rd_test_parse_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_true (json_node_equal (served, exported));
}

/* Meant for answers the parser accepted; on anything else it must still stay
 * within the bytes it was given (valgrind and ASan watch this), and not let json-glib
 * recurse down a bomb of brackets (100,000 overflow its stack). */
static void
test_output_of_broken_bytes_stays_in_bounds (void)
{
  static const char *const broken[] = {
    "{\"a\":\"unterminated", "{\"a\":\"ends in a backslash\\", "]]]}}}", "{{{{[[[[",
    "\"", "", "   ", "\xEF\xBB", "{\"a\":1,", "{:,}", NULL,
  };
  g_autofree char *bomb = g_strnfill (100000, '[');

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      const char *text = broken[i] != NULL ? broken[i] : bomb;
      /* A copy of exactly the length, with nothing after it to lean on. */
      g_autoptr(GBytes) document = g_bytes_new (text, strlen (text));
      g_autoptr(GBytes) bytes = rd_export_to_bytes (document);
      gsize size;
      const char *data = g_bytes_get_data (bytes, &size);

      g_assert_cmpuint (size, >, 0);
      g_assert_cmpint (data[size - 1], ==, '\n');
    }
}

typedef struct
{
  GString *text;
  guint    n_pieces;
  gsize    largest;
  guint    fail_at;    /* the piece that fails, 0 for none */
} Pieces;

static gboolean
collect_piece (const char  *data,
               gsize        length,
               gpointer     user_data,
               GError     **error)
{
  Pieces *pieces = user_data;

  pieces->n_pieces++;
  pieces->largest = MAX (pieces->largest, length);
  if (pieces->n_pieces == pieces->fail_at)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "the reader went away");
      return FALSE;
    }

  g_string_append_len (pieces->text, data, length);
  return TRUE;
}

static GBytes *
make_big_document (guint n_tasks)
{
  GString *big = g_string_new ("{\"release_package\":{},\"task_details\":[");

  for (guint i = 0; i < n_tasks; i++)
    g_string_append_printf (big, "%s{\"pending_item_id\":\"%u\",\"item_name\":\"task %u\"}",
                            i ? "," : "", i, i);
  g_string_append (big, "]}");

  return g_string_free_to_bytes (big);
}

/* Written a piece at a time, a big export is the same text as a whole one, and
 * no piece is anywhere near the size of the whole. */
static void
test_written_in_pieces (void)
{
  g_autoptr(GBytes) document = make_big_document (20000);
  g_autoptr(GBytes) whole = rd_export_to_bytes (document);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  Pieces pieces = { text, 0, 0, 0 };

  g_assert_true (rd_export_write (document, collect_piece, &pieces, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (text->str, text->len, g_bytes_get_data (whole, NULL), g_bytes_get_size (whole));
  g_assert_cmpuint (pieces.n_pieces, >, 3);
  g_assert_cmpuint (pieces.largest, <=, g_bytes_get_size (whole) / 3);
}

/* The first failing write ends the export and its error comes back. */
static void
test_write_failure_stops_pieces (void)
{
  g_autoptr(GBytes) document = make_big_document (20000);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  Pieces pieces = { text, 0, 0, 2 };

  g_assert_false (rd_export_write (document, collect_piece, &pieces, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  g_assert_cmpuint (pieces.n_pieces, ==, 2);
}

/* Found by fuzzing (tests/fuzz/regressions/detail/): json-glib 1.6 writes 1e22 as "1e+22.0", a
 * file no parser takes. The export mends its generator's text (rd_json_generate()): still JSON. */
static void
test_double_with_exponent_stays_json (void)
{
  static const char text[] =
    "{\"release_package\":{\"ratio\":1e22,\"tiny\":-5e-324,\"big\":1.5e300,\"plain\":2.0},"
    "\"task_details\":[1E+223]}";
  g_autoptr(GBytes) document = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GBytes) bytes = rd_export_to_bytes (document);
  g_autoptr(JsonNode) before = rd_test_parse_json (text, -1);
  g_autoptr(JsonNode) again = NULL;
  gsize size;
  /* The export's bytes end where the document does: no NUL to lean on. */
  g_autofree char *data = g_strndup (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));

  g_assert_nonnull (strstr (data, "\"ratio\" : 1e+22,"));
  g_assert_nonnull (strstr (data, "1e+223\n"));
  g_assert_nonnull (strstr (data, "\"plain\" : 2.0\n"));
  g_assert_null (strstr (data, "e+22.0"));

  again = rd_test_parse_json (data, size);
  g_assert_true (json_node_equal (before, again));
}

/* json-glib 1.6's generator escapes control characters below U+001F only: U+001F itself would
 * go out raw, which no JSON parser takes. Non-ASCII text is written as UTF-8, not escaped. */
static void
test_unit_separator_escaped (void)
{
  static const char text[] =
    "{\"release_package\":{\"note\":\"a\\u001fb\\u001e\\u0001\u00e9\"},\"task_details\":[]}";
  g_autoptr(GBytes) document = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GBytes) bytes = rd_export_to_bytes (document);
  g_autoptr(JsonNode) before = rd_test_parse_json (text, -1);
  g_autoptr(JsonNode) again = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_null (memchr (data, 0x1F, size));
  g_assert_nonnull (g_strstr_len (data, size, "\"a\\u001fb\\u001e\\u0001\u00e9\""));
  again = rd_test_parse_json (data, size);
  g_assert_true (json_node_equal (before, again));
}

static void
test_file_written (void)
{
  g_autofree char *dir = make_scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "package.json", NULL);
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GBytes) expected = rd_export_to_bytes (document);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (rd_export_to_file (document, path, &error));
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length,
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_assert_cmpuint (rd_test_count_dir_entries (dir), ==, 1);

  /* Replacing an existing export works too. */
  g_assert_true (rd_export_to_file (document, path, &error));
  g_assert_cmpuint (rd_test_count_dir_entries (dir), ==, 1);

  rd_test_remove_tree (dir);
}

static void
test_read_only_file_is_kept (void)
{
  g_autofree char *dir = make_scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "package.json", NULL);
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "old export\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);

  g_assert_false (rd_export_to_file (document, path, &error));
  g_assert_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED);
  g_assert_true (g_str_has_suffix (error->message, "package.json”: the file is read-only"));
  rd_test_assert_only_file (dir, path, "old export\n");

  rd_test_remove_tree (dir);
}

static void
test_missing_folder (void)
{
  g_autofree char *dir = make_scratch_dir ();
  g_autofree char *gone = g_build_filename (dir, "gone", NULL);
  g_autofree char *path = g_build_filename (gone, "package.json", NULL);
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GError) error = NULL;

  g_assert_false (rd_export_to_file (document, path, &error));
  g_assert_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (rd_test_count_dir_entries (dir), ==, 0);

  rd_test_remove_tree (dir);
}

static void
test_folder_as_target (void)
{
  g_autofree char *dir = make_scratch_dir ();
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GError) error = NULL;

  g_assert_false (rd_export_to_file (document, dir, &error));
  g_assert_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED);
  g_assert_true (g_str_has_suffix (error->message, "it is a folder"));

  rd_test_remove_tree (dir);
}

/* A file-size limit makes the write fail part-way, like a full disk does. */
static void
test_write_failure_keeps_old_file (void)
{
  g_autofree char *dir = make_scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "package.json", NULL);
  g_autoptr(GString) big = g_string_new ("{\"release_package\":{},\"task_details\":[");
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GError) error = NULL;
  struct rlimit old_limit;
  struct rlimit limit;
  gboolean ok;

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (big, "%s{\"pending_item_id\":\"%u\"}", i ? "," : "", i);
  g_string_append (big, "]}");
  document = g_bytes_new (big->str, big->len);

  g_assert_true (g_file_set_contents (path, "old export\n", -1, NULL));

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = 4096;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  ok = rd_export_to_file (document, path, &error);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);

  g_assert_false (ok);
  g_assert_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "Could not export to"));
  rd_test_assert_only_file (dir, path, "old export\n");

  rd_test_remove_tree (dir);
}

static void
assert_exported (const char *path)
{
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GBytes) expected = rd_export_to_bytes (document);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length,
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

/* A 0600 export (it may hold what only its owner should read) stays 0600. */
static void
test_existing_mode_is_kept (void)
{
  g_autofree char *dir = make_scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "package.json", NULL);
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (path, "old export\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);

  g_assert_true (rd_export_to_file (document, path, &error));
  g_assert_no_error (error);

  assert_exported (path);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  /* Whatever the old mode, it is the new file's. */
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_assert_true (rd_export_to_file (document, path, &error));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  g_assert_cmpuint (rd_test_count_dir_entries (dir), ==, 1);

  rd_test_remove_tree (dir);
}

static void
test_new_file_mode_follows_umask (void)
{
  g_autofree char *dir = make_scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "package.json", NULL);
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GError) error = NULL;
  mode_t old_umask = umask (027);
  GStatBuf st;
  gboolean ok;

  ok = rd_export_to_file (document, path, &error);
  umask (old_umask);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);

  rd_test_remove_tree (dir);
}

/* The temporary name is short: a name the folder takes is never too long. */
static void
test_longest_name_works (void)
{
  g_autofree char *dir = make_scratch_dir ();
  g_autofree char *base = g_strnfill (250, 'a');
  g_autofree char *path = NULL;
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GError) error = NULL;

  memcpy (base + 245, ".json", 5);
  path = g_build_filename (dir, base, NULL);

  g_assert_true (rd_export_to_file (document, path, &error));
  g_assert_no_error (error);
  assert_exported (path);

  /* Replacing it works as well. */
  g_assert_true (rd_export_to_file (document, path, &error));
  g_assert_cmpuint (rd_test_count_dir_entries (dir), ==, 1);

  rd_test_remove_tree (dir);
}

/* The link stays; the file it points to is replaced, and keeps its mode. */
static void
test_symlink_replaces_its_target (void)
{
  g_autofree char *dir = make_scratch_dir ();
  g_autofree char *real = g_build_filename (dir, "real.json", NULL);
  g_autofree char *link = g_build_filename (dir, "link.json", NULL);
  g_autofree char *target = NULL;
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (real, "old export\n", -1, NULL));
  g_assert_cmpint (g_chmod (real, 0600), ==, 0);
  g_assert_cmpint (symlink ("real.json", link), ==, 0);

  g_assert_true (rd_export_to_file (document, link, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  target = g_file_read_link (link, NULL);
  g_assert_cmpstr (target, ==, "real.json");
  assert_exported (real);
  g_assert_cmpint (g_stat (real, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpuint (rd_test_count_dir_entries (dir), ==, 2);

  rd_test_remove_tree (dir);
}

/* A socket is no file: it is refused, and left as it was. */
static void
test_socket_is_refused (void)
{
  g_autofree char *dir = make_scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "socket", NULL);
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_DEFAULT, &error);
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_no_error (error);

  g_assert_false (rd_export_to_file (document, path, &error));
  g_assert_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED);
  g_assert_true (g_str_has_suffix (error->message, "socket”: it is a socket, not a file"));
  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISSOCK (st.st_mode));
  g_assert_cmpuint (rd_test_count_dir_entries (dir), ==, 1);

  rd_test_remove_tree (dir);
}

/* Device nodes made in a scratch folder (root only): a real device is never
 * written to, and /dev/null is never at risk. */
static gboolean
make_node (const char *path,
           mode_t      mode,
           dev_t       device)
{
  if (geteuid () != 0)
    {
      g_test_skip ("Making a device node needs root");
      return FALSE;
    }
  if (mknod (path, mode, device) != 0)
    {
      g_autofree char *message = g_strdup_printf ("mknod: %s", g_strerror (errno));
      g_test_skip (message);
      return FALSE;
    }

  return TRUE;
}

/* A node made on a file system mounted nodev (as in flatpak-builder's build
 * sandbox) cannot be opened, whoever asks: nothing to test there. */
static gboolean
node_opens (const char *path)
{
  int fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      g_autofree char *message = g_strdup_printf ("The device node cannot be opened here: %s",
                                                  g_strerror (errno));
      g_test_skip (message);
      return FALSE;
    }

  g_close (fd, NULL);
  return TRUE;
}

/* A character device (here another /dev/null) is written to, not replaced. */
static void
test_character_device_is_a_stream (void)
{
  g_autofree char *dir = make_scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "null", NULL);
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (make_node (path, S_IFCHR | 0666, makedev (1, 3)) && node_opens (path))
    {
      g_assert_true (rd_export_to_file (document, path, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_lstat (path, &st), ==, 0);
      g_assert_true (S_ISCHR (st.st_mode));
      g_assert_cmpuint (st.st_rdev, ==, makedev (1, 3));
      g_assert_cmpuint (rd_test_count_dir_entries (dir), ==, 1);
    }

  rd_test_remove_tree (dir);
}

/* A block device (a disk) is refused before it is opened. */
static void
test_block_device_is_refused (void)
{
  g_autofree char *dir = make_scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "disk", NULL);
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  /* Major 7 is the loop devices; the node is only looked at. */
  if (make_node (path, S_IFBLK | 0600, makedev (7, 200)))
    {
      g_assert_false (rd_export_to_file (document, path, &error));
      g_assert_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED);
      g_assert_true (g_str_has_suffix (error->message, "disk”: it is a disk device, not a file"));
      g_assert_cmpint (g_lstat (path, &st), ==, 0);
      g_assert_true (S_ISBLK (st.st_mode));
      g_assert_cmpuint (rd_test_count_dir_entries (dir), ==, 1);
    }

  rd_test_remove_tree (dir);
}

/* A cancellation (what a signal does on the command line) before the write:
 * the old file stays and no temporary file is left. */
static void
test_cancelled_export_keeps_old_file (void)
{
  g_autofree char *dir = make_scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "package.json", NULL);
  g_autoptr(GBytes) document = g_bytes_new_static (document_text, sizeof document_text - 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "old export\n", -1, NULL));
  g_cancellable_cancel (cancellable);

  g_assert_false (rd_export_to_file_full (document, path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  rd_test_assert_only_file (dir, path, "old export\n");

  rd_test_remove_tree (dir);
}

/* A patch is written byte for byte (no JSON, no newline added), atomically, in pieces. */
static void
test_text_written_as_is (void)
{
  g_autofree char *dir = make_scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "package.patch", NULL);
  g_autoptr(GString) big = g_string_new ("# not JSON\n--- a/x\n+++ b/x\n\x1b[31m\r");
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  /* More than one piece. */
  while (big->len < 600 * 1024)
    g_string_append (big, "+SELECT 1; -- 订单\n");
  g_string_append (big, "no newline at the end");
  text = g_bytes_new (big->str, big->len);

  g_assert_true (rd_export_text_to_file_full (text, path, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, big->str, big->len);
  g_assert_cmpuint (rd_test_count_dir_entries (dir), ==, 1);

  /* Cancelled: the file written before stays as it was, and nothing else is left. */
  g_cancellable_cancel (cancellable);
  g_assert_false (rd_export_text_to_file_full (text, path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (rd_test_count_dir_entries (dir), ==, 1);

  rd_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/bytes/round-trip-keeps-every-member",
                   test_round_trip_keeps_every_member);
  g_test_add_func ("/export/bytes/pretty-utf8", test_output_is_pretty_utf8);
  g_test_add_func ("/export/bytes/exact-bytes", test_output_exact_bytes);
  g_test_add_func ("/export/bytes/broken-bytes-stay-in-bounds",
                   test_output_of_broken_bytes_stays_in_bounds);
  g_test_add_func ("/export/pieces/same-text", test_written_in_pieces);
  g_test_add_func ("/export/pieces/write-failure-stops", test_write_failure_stops_pieces);
  g_test_add_func ("/export/bytes/double-with-exponent-stays-json",
                   test_double_with_exponent_stays_json);
  g_test_add_func ("/export/bytes/unit-separator-escaped", test_unit_separator_escaped);
  g_test_add_func ("/export/file/written-atomically", test_file_written);
  g_test_add_func ("/export/file/read-only-file-kept", test_read_only_file_is_kept);
  g_test_add_func ("/export/file/missing-folder", test_missing_folder);
  g_test_add_func ("/export/file/folder-as-target", test_folder_as_target);
  g_test_add_func ("/export/file/write-failure-keeps-old-file", test_write_failure_keeps_old_file);
  g_test_add_func ("/export/file/existing-mode-is-kept", test_existing_mode_is_kept);
  g_test_add_func ("/export/file/new-file-mode-follows-umask", test_new_file_mode_follows_umask);
  g_test_add_func ("/export/file/longest-name-works", test_longest_name_works);
  g_test_add_func ("/export/file/symlink-replaces-its-target", test_symlink_replaces_its_target);
  g_test_add_func ("/export/file/socket-is-refused", test_socket_is_refused);
  g_test_add_func ("/export/file/character-device-is-a-stream", test_character_device_is_a_stream);
  g_test_add_func ("/export/file/block-device-is-refused", test_block_device_is_refused);
  g_test_add_func ("/export/file/cancelled-keeps-old-file", test_cancelled_export_keeps_old_file);
  g_test_add_func ("/export/text/written-as-is", test_text_written_as_is);

  return g_test_run ();
}
