/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-export.c: the export writer, fed every document the parsers let through, into a scratch
 * folder. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "fuzz-models.h"
#include "rd-export.h"
#include "rd-models-private.h"
#include "rd-parser.h"

/* The folder exports go to, emptied after every input. $TMPDIR decides
 * where: .ci/fuzz points it at its own scratch folder. */
static char *scratch;

typedef enum
{
  WRITE_NEW,          /* no file there yet */
  WRITE_OVER,         /* an older export is replaced */
  WRITE_READ_ONLY,    /* a read-only file is kept, untouched */
  WRITE_NO_FOLDER,    /* the folder is gone: nothing is created */
  N_WRITE_MODES
} WriteMode;

#define OLD_CONTENTS "old export\n"

static void
remove_scratch (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (scratch == NULL)
    return;

  dir = g_dir_open (scratch, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (scratch, name, NULL);

      g_remove (path);
    }
  g_rmdir (scratch);
  g_clear_pointer (&scratch, g_free);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_common_init ();
  scratch = g_dir_make_tmp ("fuzz-export-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_scratch);

  return 0;
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* Writes @document in one of the ways a user's export meets the disk, and
 * checks the promise of rd_export_to_file: the new file whole, or the old
 * one untouched and no temporary file left behind. */
static void
check_write (GBytes    *document,
             GBytes    *expected,
             WriteMode  mode)
{
  g_autofree char *path = g_build_filename (scratch, "package.json", NULL);
  g_autofree char *missing = g_build_filename (scratch, "gone", "package.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_cmpuint (count_entries (scratch), ==, 0);

  switch (mode)
    {
    case WRITE_NEW:
      g_assert_true (rd_export_to_file (document, path, &error));
      g_assert_no_error (error);
      break;

    case WRITE_OVER:
      g_assert_true (g_file_set_contents (path, OLD_CONTENTS, -1, NULL));
      g_assert_true (rd_export_to_file (document, path, &error));
      g_assert_no_error (error);
      break;

    case WRITE_READ_ONLY:
      g_assert_true (g_file_set_contents (path, OLD_CONTENTS, -1, NULL));
      g_assert_cmpint (g_chmod (path, 0444), ==, 0);
      g_assert_false (rd_export_to_file (document, path, &error));
      g_assert_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpstr (contents, ==, OLD_CONTENTS);
      g_assert_cmpuint (count_entries (scratch), ==, 1);
      g_assert_cmpint (g_remove (path), ==, 0);
      return;

    case WRITE_NO_FOLDER:
      g_assert_false (rd_export_to_file (document, missing, &error));
      g_assert_error (error, RD_EXPORT_ERROR, RD_EXPORT_ERROR_FAILED);
      g_assert_cmpuint (count_entries (scratch), ==, 0);
      return;

    case N_WRITE_MODES:
    default:
      g_assert_not_reached ();
    }

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length,
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_assert_cmpuint (count_entries (scratch), ==, 1);
  g_assert_cmpint (g_remove (path), ==, 0);
}

/* Any JSON the strict parser takes, exported, is JSON it takes again, with the same tree
 * (json_node_equal: the same members in the same order, the same values): unknown members
 * survive an export, and exporting an export changes nothing, byte for byte. */
static void
check_any_document (const uint8_t *data,
                    size_t         size)
{
  g_autoptr(GBytes) bytes = fuzz_bytes_new (data, size);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonParser) parser_again = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GBytes) exported_again = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  const char *text;
  gsize length;

  if (!rd_parse_any_answer (bytes, NULL))
    return;

  parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL));
  root = json_parser_get_root (parser);
  /* An empty answer passes rd_parse_any_answer but has nothing to export. */
  if (root == NULL)
    return;

  exported = rd_export_to_bytes (bytes);
  text = g_bytes_get_data (exported, &length);
  g_assert_cmpuint (length, >, 0);
  g_assert_true (g_utf8_validate (text, (gssize) length, NULL));
  g_assert_cmpint (text[length - 1], ==, '\n');

  g_assert_true (rd_parse_any_answer (exported, &error));
  g_assert_no_error (error);


  exported_again = rd_export_to_bytes (exported);
  g_assert_true (g_bytes_equal (exported, exported_again));

  parser_again = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser_again, text, (gssize) length, NULL));
  g_assert_true (json_node_equal (root, json_parser_get_root (parser_again)));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = fuzz_bytes_new (data, size);
  g_autoptr(RdReleasePackage) package = NULL;
  g_autoptr(RdReleasePackage) from_file = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  GBytes *document;

  check_any_document (data, size);

  package = rd_parse_package_detail (bytes, NULL);
  if (package == NULL)
    return 0;

  document = rd_release_package_get_document (package);
  exported = rd_export_to_bytes (document);

  /* The length picks the way the file meets the disk: the fuzzer reaches
   * every way from every seed by adding or dropping a byte. */
  check_write (document, exported, (WriteMode) (size % N_WRITE_MODES));

  /* The file on the disk is an answer that gives the same package. */
  path = g_build_filename (scratch, "package.json", NULL);
  g_assert_true (rd_export_to_file (document, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpint (g_remove (path), ==, 0);
  written = g_bytes_new_take (g_steal_pointer (&contents), length);
  from_file = rd_parse_package_detail (written, &error);
  g_assert_no_error (error);
  fuzz_assert_same_package (package, from_file, TRUE);

  return 0;
}
