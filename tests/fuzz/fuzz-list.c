/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-list.c: the review queue's answers — list, release (deploy) and revoke — on arbitrary
 * bytes. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "fuzz-common.h"
#include "fuzz-models.h"
#include "rd-models-private.h"
#include "rd-package-query.h"
#include "rd-parser.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

/* A list entry is a release_package object like the detail answer's: both
 * routes must read it alike, or the queue and the detail view disagree. */
static void
check_entry_as_detail (RdReleasePackage *entry)
{
  GBytes *document = rd_release_package_get_document (entry);
  gsize length;
  const char *text = g_bytes_get_data (document, &length);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) detail = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(RdReleasePackage) package = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, text, (gssize) length, NULL));
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_true (json_object_has_member (json_node_get_object (root), "release_package"));
  g_assert_cmpuint (json_object_get_size (json_node_get_object (root)), ==, 1);

  /* {"release_package":…} with the tasks added: a detail answer, byte for byte the entry's. */
  g_assert_cmpuint (length, >, 2);
  g_assert_cmpint (text[length - 1], ==, '}');
  detail = g_string_new_len (text, (gssize) length - 1);
  g_string_append (detail, ",\"task_details\":[]}");
  bytes = g_string_free_to_bytes (g_steal_pointer (&detail));
  package = rd_parse_package_detail (bytes, &error);
  g_assert_no_error (error);
  fuzz_assert_same_package (entry, package, FALSE);
}

/* The queue's search sends what it was shown; the body says exactly that. */
static void
check_query_from (RdReleasePackage *package)
{
  g_autoptr(RdPackageQuery) query = rd_package_query_new_review_queue ();
  g_autoptr(RdPackageQuery) copy = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *key_word = NULL;
  JsonObject *object;
  int status = rd_release_package_get_deploy_status (package);

  rd_package_query_set_key_word (query, rd_release_package_get_package_name (package));
  rd_package_query_set_apply_user_name (query, rd_release_package_get_apply_user_name (package));
  rd_package_query_set_deploy_user_name (query, rd_release_package_get_deploy_user_name (package));
  rd_package_query_set_apply_time_range (query, rd_release_package_get_apply_timestamp (package),
                                         rd_release_package_get_deploy_timestamp (package));
  rd_package_query_set_deploy_statuses (query, &status, 1);

  copy = rd_package_query_copy (query);
  g_assert_true (rd_package_query_equal (query, copy));

  json = rd_package_query_to_json (query);
  body = g_bytes_new (json, strlen (json));
  g_assert_true (rd_parse_any_answer (body, &error));
  g_assert_no_error (error);

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  if (rd_package_query_get_key_word (query) != NULL)
    g_assert_cmpstr (json_object_get_string_member (object, "key_word"), ==,
                     rd_package_query_get_key_word (query));
  else
    g_assert_false (json_object_has_member (object, "key_word"));

  /* Trimmed, and empty unsets. */
  key_word = g_strstrip (g_strdup (rd_release_package_get_package_name (package) != NULL
                                   ? rd_release_package_get_package_name (package) : ""));
  g_assert_cmpstr (rd_package_query_get_key_word (query), ==,
                   key_word[0] != '\0' ? key_word : NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = fuzz_bytes_new (data, size);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GPtrArray) details = NULL;
  g_autoptr(GError) error = NULL;
  gboolean any;
  guint total = G_MAXUINT;

  any = rd_parse_any_answer (bytes, &error);
  fuzz_check_parse_error (any, error);
  g_clear_error (&error);

  details = rd_parse_deploy_answer (bytes, &error);
  fuzz_check_parse_error (details != NULL, error);
  g_clear_error (&error);
  if (details != NULL)
    {
      g_assert_true (any);
      for (guint i = 0; i < details->len; i++)
        {
          RdDeployDetail *detail = g_ptr_array_index (details, i);

          /* The release watcher asks about this ID: it is never empty. */
          g_assert_nonnull (detail->package_id);
          g_assert_cmpuint (strlen (detail->package_id), >, 0);
        }
    }

  list = rd_parse_package_list (bytes, &total, &error);
  fuzz_check_parse_error (list != NULL, error);
  if (list == NULL)
    {
      g_assert_cmpuint (total, ==, G_MAXUINT);
      return 0;
    }

  g_assert_true (any);
  g_assert_true (g_list_model_get_item_type (list) == RD_TYPE_RELEASE_PACKAGE);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(RdReleasePackage) package = g_list_model_get_item (list, i);

      g_assert_false (rd_release_package_has_task_details (package));
      fuzz_check_package (package);
      check_entry_as_detail (package);
      check_query_from (package);
    }

  return 0;
}
