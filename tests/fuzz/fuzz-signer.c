/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-signer.c: the AK/SK signer's canonicalisation and its header parser, on arbitrary bytes. */
#include "config.h"

#include "fuzz-common.h"
#include "rd-signer.h"

/* The input is NUL-separated fields:
 *   method, path, query, body, access key, secret key, an Authorization
 *   value to parse, an X-Sdk-Date value to parse, then header names and
 *   values in turn.
 * A fixed host and date header come after the fuzzed ones, so rd_signer_sign
 * always has both and a fuzzed x-sdk-date, sorted first, wins. */
enum
{
  FIELD_METHOD,
  FIELD_PATH,
  FIELD_QUERY,
  FIELD_BODY,
  FIELD_ACCESS_KEY,
  FIELD_SECRET_KEY,
  FIELD_AUTHORIZATION,
  FIELD_DATE,
  FIELD_FIRST_HEADER,
};

#define MAX_HEADERS 16

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

static gboolean
is_unreserved (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

/* Only unreserved characters and upper-case %XX. */
static void
assert_escaped (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%')
        {
          g_assert_true (g_ascii_isxdigit (p[1]) && !g_ascii_islower (p[1]));
          g_assert_true (g_ascii_isxdigit (p[2]) && !g_ascii_islower (p[2]));
          p += 2;
        }
      else
        {
          g_assert_true (is_unreserved (*p));
        }
    }
}

static void
check_escape (const char *text)
{
  g_autofree char *escaped = rd_signer_escape (text);
  g_autofree char *back = NULL;

  assert_escaped (escaped);
  back = g_uri_unescape_string (escaped, NULL);
  g_assert_cmpstr (back, ==, text);
}

/* Canonical forms are fixed points: a server that canonicalises what a
 * client already canonicalised gets the same bytes, hence the same signature. */
static void
check_canonical_forms (const char *path,
                       const char *query)
{
  g_autofree char *uri = rd_signer_canonical_uri (path);
  g_autofree char *uri_again = rd_signer_canonical_uri (uri);
  g_autofree char *canonical_query = rd_signer_canonical_query (query);
  g_autofree char *query_again = rd_signer_canonical_query (canonical_query);
  g_auto(GStrv) segments = g_strsplit (uri, "/", -1);
  g_auto(GStrv) pairs = NULL;

  g_assert_cmpstr (uri_again, ==, uri);
  g_assert_true (g_str_has_suffix (uri, "/"));
  for (guint i = 0; segments[i] != NULL; i++)
    assert_escaped (segments[i]);

  g_assert_cmpstr (query_again, ==, canonical_query);
  if (canonical_query[0] == '\0')
    return;

  pairs = g_strsplit (canonical_query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) name_value = g_strsplit (pairs[i], "=", -1);

      /* Every pair is name=value, even a name sent without '='. */
      g_assert_cmpuint (g_strv_length (name_value), ==, 2);
      assert_escaped (name_value[0]);
      assert_escaped (name_value[1]);
    }
}

static gboolean
is_token (const char *name)
{
  if (name[0] == '\0')
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_access_key (const char *key)
{
  if (key[0] == '\0')
    return FALSE;

  for (const char *p = key; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c <= 0x20 || c >= 0x7f || c == ',' || c == ';' || c == '=')
        return FALSE;
    }

  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* What SignedHeaders must list: each name once, lower-case, sorted. */
static char *
expected_signed_headers (const char **headers)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; headers[i] != NULL; i += 2)
    g_ptr_array_add (names, g_ascii_strdown (headers[i], -1));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (i > 0 && strcmp (name, g_ptr_array_index (names, i - 1)) == 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ';');
      g_string_append (out, name);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
names_are_distinct (const char **headers)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; headers[i] != NULL; i += 2)
    {
      if (!g_hash_table_add (seen, g_ascii_strdown (headers[i], -1)))
        return FALSE;
    }

  return TRUE;
}

static void
check_signature (char      **fields,
                 guint       n_fields,
                 GBytes     *body)
{
  const char *method = fields[FIELD_METHOD];
  const char *path = fields[FIELD_PATH];
  const char *query = fields[FIELD_QUERY];
  const char *access_key = fields[FIELD_ACCESS_KEY];
  const char *secret_key = fields[FIELD_SECRET_KEY];
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  g_autoptr(GPtrArray) reversed = g_ptr_array_new ();
  g_autofree char *authorization = NULL;
  g_autofree char *again = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *canonical_again = NULL;
  g_autofree char *from_canonical = NULL;
  g_autofree char *canonical_uri = NULL;
  g_autofree char *canonical_query = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *signed_names = NULL;
  const char *sdk_date = NULL;
  gboolean all_tokens = TRUE;
  guint n_fuzzed;

  for (guint i = FIELD_FIRST_HEADER; i + 1 < n_fields && headers->len < 2 * MAX_HEADERS; i += 2)
    {
      g_ptr_array_add (headers, fields[i]);
      g_ptr_array_add (headers, fields[i + 1]);
      all_tokens = all_tokens && is_token (fields[i]);
    }
  n_fuzzed = headers->len / 2;
  g_ptr_array_add (headers, (char *) "Host");
  g_ptr_array_add (headers, (char *) "dayu.cn-north-4.myhuaweicloud.com");
  g_ptr_array_add (headers, (char *) "X-Sdk-Date");
  g_ptr_array_add (headers, (char *) "20240315T081530Z");
  g_ptr_array_add (headers, NULL);

  /* The date signed is the first x-sdk-date after sorting, trimmed. */
  for (guint i = 0; i + 1 < headers->len; i += 2)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (headers, i), "x-sdk-date") == 0)
        {
          sdk_date = g_ptr_array_index (headers, i + 1);
          break;
        }
    }

  authorization = rd_signer_sign (access_key, secret_key, method, path, query,
                                  (const char **) headers->pdata, body);
  again = rd_signer_sign (access_key, secret_key, method, path, query,
                          (const char **) headers->pdata, body);
  g_assert_nonnull (authorization);
  g_assert_cmpstr (again, ==, authorization);

  /* The pieces put together give the whole. */
  canonical =
      rd_signer_canonical_request (method, path, query, (const char **) headers->pdata, body);
  {
    g_autofree char *trimmed = g_strstrip (g_strdup (sdk_date));

    string_to_sign = rd_signer_string_to_sign (trimmed, canonical);
  }
  signature = rd_signer_signature (secret_key, string_to_sign);
  signed_names = expected_signed_headers ((const char **) headers->pdata);
  expected = g_strdup_printf ("SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%s",
                              access_key, signed_names, signature);
  g_assert_cmpstr (authorization, ==, expected);

  /* Canonicalising the path and query first changes nothing. */
  canonical_uri = rd_signer_canonical_uri (path);
  canonical_query = rd_signer_canonical_query (query);
  from_canonical = rd_signer_canonical_request (method, canonical_uri, canonical_query,
                                                (const char **) headers->pdata, body);
  g_assert_cmpstr (from_canonical, ==, canonical);

  /* Headers are signed by name, not in the order given, when no name repeats. */
  if (names_are_distinct ((const char **) headers->pdata))
    {
      for (guint i = n_fuzzed; i > 0; i--)
        {
          g_ptr_array_add (reversed, g_ptr_array_index (headers, 2 * (i - 1)));
          g_ptr_array_add (reversed, g_ptr_array_index (headers, 2 * (i - 1) + 1));
        }
      for (guint i = 2 * n_fuzzed; i < headers->len; i++)
        g_ptr_array_add (reversed, g_ptr_array_index (headers, i));
      canonical_again = rd_signer_canonical_request (method, path, query,
                                                     (const char **) reversed->pdata, body);
      g_assert_cmpstr (canonical_again, ==, canonical);
    }

  /* What the client sends, the demo service's gateway check reads back. */
  if (all_tokens && is_access_key (access_key))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *parsed_key = NULL;
      g_auto(GStrv) parsed_headers = NULL;
      g_autofree char *parsed_signature = NULL;
      g_autofree char *joined = NULL;

      g_assert_true (rd_signer_parse_authorization (authorization, &parsed_key, &parsed_headers,
                                                    &parsed_signature, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (parsed_key, ==, access_key);
      joined = g_strjoinv (";", parsed_headers);
      g_assert_cmpstr (joined, ==, signed_names);
      g_assert_cmpstr (parsed_signature, ==, signature);
      g_assert_true (rd_signer_signatures_equal (parsed_signature, signature));
    }
}

/* Anything parse_authorization accepts, written out again, it accepts again. */
static void
check_parse_authorization (const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *access_key = NULL;
  g_auto(GStrv) signed_headers = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *rebuilt = NULL;
  g_autofree char *access_key_again = NULL;
  g_auto(GStrv) signed_headers_again = NULL;
  g_autofree char *signature_again = NULL;

  if (!rd_signer_parse_authorization (value, &access_key, &signed_headers, &signature, &error))
    {
      g_assert_error (error, RD_SIGNER_ERROR, RD_SIGNER_ERROR_MALFORMED);
      g_assert_null (access_key);
      g_assert_null (signed_headers);
      g_assert_null (signature);
      return;
    }

  g_assert_no_error (error);
  g_assert_true (is_access_key (access_key));
  g_assert_cmpuint (strlen (signature), ==, 64);
  g_assert_nonnull (signed_headers[0]);
  for (guint i = 0; signed_headers[i] != NULL; i++)
    {
      g_autofree char *lower = g_ascii_strdown (signed_headers[i], -1);

      g_assert_true (is_token (signed_headers[i]));
      g_assert_cmpstr (lower, ==, signed_headers[i]);
    }

  joined = g_strjoinv (";", signed_headers);
  rebuilt = g_strdup_printf ("SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%s",
                             access_key, joined, signature);
  g_assert_true (rd_signer_parse_authorization (rebuilt, &access_key_again, &signed_headers_again,
                                                &signature_again, &error));
  g_assert_cmpstr (access_key_again, ==, access_key);
  g_assert_true (g_strv_equal ((const char * const *) signed_headers_again,
                               (const char * const *) signed_headers));
  g_assert_cmpstr (signature_again, ==, signature);
}

/* A date that parses formats back to the same text. */
static void
check_date (const char *value)
{
  g_autoptr(GDateTime) time = rd_signer_parse_date (value);
  g_autofree char *formatted = NULL;

  if (time == NULL)
    return;

  formatted = rd_signer_format_date (time);
  g_assert_cmpstr (formatted, ==, value);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_auto(GStrv) fields = fuzz_split_fields (data, size, FIELD_FIRST_HEADER);
  guint n_fields = g_strv_length (fields);
  g_autoptr(GBytes) body = NULL;

  /* An empty body field is an absent body, as for a GET. */
  if (fields[FIELD_BODY][0] != '\0')
    body = g_bytes_new (fields[FIELD_BODY], strlen (fields[FIELD_BODY]));

  check_escape (fields[FIELD_PATH]);
  check_canonical_forms (fields[FIELD_PATH], fields[FIELD_QUERY]);
  check_signature (fields, n_fields, body);
  check_parse_authorization (fields[FIELD_AUTHORIZATION]);
  check_date (fields[FIELD_DATE]);

  g_assert_false (rd_signer_signatures_equal (fields[FIELD_ACCESS_KEY], NULL));
  g_assert_cmpint (rd_signer_signatures_equal (fields[FIELD_ACCESS_KEY], fields[FIELD_SECRET_KEY]),
                   ==, strcmp (fields[FIELD_ACCESS_KEY], fields[FIELD_SECRET_KEY]) == 0);

  return 0;
}
