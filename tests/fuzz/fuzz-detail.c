/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-detail.c: the detail answer's parser and the models built from it, on arbitrary bytes. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "fuzz-common.h"
#include "fuzz-models.h"
#include "rd-export.h"
#include "rd-parser.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = fuzz_bytes_new (data, size);
  g_autoptr(RdReleasePackage) package = NULL;
  g_autoptr(RdReleasePackage) again = NULL;
  g_autoptr(RdReleasePackage) from_export = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;

  package = rd_parse_package_detail (bytes, &error);
  fuzz_check_parse_error (package != NULL, error);
  if (package == NULL)
    return 0;

  fuzz_check_package (package);
  g_assert_true (rd_release_package_has_task_details (package));

  /* The parser keeps no state between answers. */
  again = rd_parse_package_detail (bytes, &error);
  g_assert_no_error (error);
  fuzz_assert_same_package (package, again, TRUE);

  /* The document is the answer as received, and what the parser took json-glib reads too:
   * the check in front of json-glib must not let through anything it cannot read. */
  g_assert_true (g_bytes_equal (rd_release_package_get_document (package), bytes));
  parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL));

  /* The export of an answer is an answer that gives the same models, and the same tree. */
  exported = rd_export_to_bytes (rd_release_package_get_document (package));
  from_export = rd_parse_package_detail (exported, &error);
  g_assert_no_error (error);
  g_assert_nonnull (from_export);
  fuzz_assert_same_package (package, from_export, TRUE);
  {
    g_autoptr(JsonParser) parser_export = json_parser_new ();
    gsize length;
    const char *text = g_bytes_get_data (exported, &length);

    g_assert_true (json_parser_load_from_data (parser_export, text, (gssize) length, NULL));
    g_assert_true (json_node_equal (json_parser_get_root (parser),
                                    json_parser_get_root (parser_export)));
  }

  return 0;
}
