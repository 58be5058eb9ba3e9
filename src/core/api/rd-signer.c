/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-signer.c: Huawei Cloud "SDK-HMAC-SHA256" request signing (AK/SK), with GLib's
 * GHmac/GChecksum. */
#define G_LOG_DOMAIN "rd-signer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rd-signer.h"

/* Nothing in this file logs: the canonical request names the workspace and
 * the project, and the secret key must never reach a log. */

G_DEFINE_QUARK (rd-signer-error-quark, rd_signer_error)

#define SDK_DATE_LENGTH 16

typedef struct
{
  char  *name;        /* lower-case */
  char  *value;       /* trimmed */
} Header;

typedef struct
{
  GBytes *raw_name;   /* unescaped bytes: the order is decided on these */
  GBytes *raw_value;
  char   *name;       /* escaped again */
  char   *value;
} QueryPair;

static void
header_free (gpointer data)
{
  Header *header = data;

  g_free (header->name);
  g_free (header->value);
  g_free (header);
}

static void
query_pair_free (gpointer data)
{
  QueryPair *pair = data;

  g_bytes_unref (pair->raw_name);
  g_bytes_unref (pair->raw_value);
  g_free (pair->name);
  g_free (pair->value);
  g_free (pair);
}

static inline gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

static void
append_escaped (GString      *out,
                const guchar *data,
                gsize         length)
{
  static const char hex[] = "0123456789ABCDEF";

  for (gsize i = 0; i < length; i++)
    {
      guchar c = data[i];

      if (is_unreserved (c))
        {
          g_string_append_c (out, (char) c);
        }
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
        }
    }
}

static char *
escape_bytes (GBytes *bytes)
{
  gsize length = 0;
  const guchar *data = g_bytes_get_data (bytes, &length);
  GString *out = g_string_sized_new (length + 1);

  append_escaped (out, data, length);

  return g_string_free (out, FALSE);
}

/* Wire text to the bytes it stands for. A bad escape such as "%zz" is not
 * an error here: the gateway still has to agree on something, and the
 * literal bytes are what both sides saw. */
static GBytes *
unescape_or_raw (const char *text,
                 gssize      length)
{
  GBytes *bytes;

  if (length < 0)
    length = strlen (text);

  bytes = g_uri_unescape_bytes (text, length, NULL, NULL);
  if (bytes == NULL)
    bytes = g_bytes_new (text, length);

  return bytes;
}

static char *
sha256_hex (const guchar *data,
            gsize         length)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, data, length);

  return g_strdup (g_checksum_get_string (checksum));
}

char *
rd_signer_escape (const char *s)
{
  GString *out;
  gsize length;

  g_return_val_if_fail (s != NULL, NULL);

  length = strlen (s);
  out = g_string_sized_new (length + 1);
  append_escaped (out, (const guchar *) s, length);

  return g_string_free (out, FALSE);
}

char *
rd_signer_canonical_uri (const char *path)
{
  g_auto(GStrv) segments = NULL;
  GString *out;

  if (path == NULL || path[0] == '\0')
    return g_strdup ("/");

  out = g_string_new (NULL);
  segments = g_strsplit (path, "/", -1);

  for (guint i = 0; segments[i] != NULL; i++)
    {
      g_autoptr(GBytes) raw = unescape_or_raw (segments[i], -1);
      g_autofree char *escaped = escape_bytes (raw);

      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append (out, escaped);
    }

  if (out->len == 0 || out->str[out->len - 1] != '/')
    g_string_append_c (out, '/');

  return g_string_free (out, FALSE);
}

static int
compare_bytes (GBytes *a,
               GBytes *b)
{
  gsize la = 0;
  gsize lb = 0;
  const guchar *da = g_bytes_get_data (a, &la);
  const guchar *db = g_bytes_get_data (b, &lb);
  int cmp = 0;

  if (MIN (la, lb) > 0)
    cmp = memcmp (da, db, MIN (la, lb));
  if (cmp != 0)
    return cmp;

  return (la > lb) - (la < lb);
}

/* Byte order of the unescaped names, then values: what the Go and Node SDKs
 * sort on before they escape. */
static int
compare_query_pairs (gconstpointer a,
                     gconstpointer b)
{
  const QueryPair *pa = *(QueryPair * const *) a;
  const QueryPair *pb = *(QueryPair * const *) b;
  int cmp;

  cmp = compare_bytes (pa->raw_name, pb->raw_name);
  if (cmp != 0)
    return cmp;

  return compare_bytes (pa->raw_value, pb->raw_value);
}

char *
rd_signer_canonical_query (const char *query)
{
  g_autoptr(GPtrArray) pairs = NULL;
  g_auto(GStrv) parts = NULL;
  GString *out;

  if (query == NULL || query[0] == '\0')
    return g_strdup ("");

  pairs = g_ptr_array_new_with_free_func (query_pair_free);
  parts = g_strsplit (query, "&", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];
      const char *equals;
      QueryPair *pair;

      if (part[0] == '\0')
        continue;

      /* '+' stays a literal plus: the signer never read it as a space. */
      pair = g_new0 (QueryPair, 1);
      equals = strchr (part, '=');
      if (equals != NULL)
        {
          pair->raw_name = unescape_or_raw (part, equals - part);
          pair->raw_value = unescape_or_raw (equals + 1, -1);
        }
      else
        {
          pair->raw_name = unescape_or_raw (part, -1);
          pair->raw_value = g_bytes_new (NULL, 0);
        }
      pair->name = escape_bytes (pair->raw_name);
      pair->value = escape_bytes (pair->raw_value);
      g_ptr_array_add (pairs, pair);
    }

  g_ptr_array_sort (pairs, compare_query_pairs);

  out = g_string_new (NULL);
  for (guint i = 0; i < pairs->len; i++)
    {
      const QueryPair *pair = g_ptr_array_index (pairs, i);

      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append (out, pair->name);
      g_string_append_c (out, '=');
      g_string_append (out, pair->value);
    }

  return g_string_free (out, FALSE);
}

static int
compare_headers (gconstpointer a,
                 gconstpointer b)
{
  const Header *ha = *(Header * const *) a;
  const Header *hb = *(Header * const *) b;

  return strcmp (ha->name, hb->name);
}

/* The signed headers, lower-cased, trimmed and sorted by name. The sort is
 * stable, so a repeated name keeps the order the caller gave. */
static GPtrArray *
collect_headers (const char **headers)
{
  GPtrArray *collected = g_ptr_array_new_with_free_func (header_free);

  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    {
      Header *header;

      /* An odd count is a caller bug; the dangling name is not signed. */
      if (G_UNLIKELY (headers[i + 1] == NULL))
        {
          g_critical ("%s: header array has a name without a value", G_STRFUNC);
          break;
        }

      header = g_new0 (Header, 1);
      header->name = g_ascii_strdown (headers[i], -1);
      header->value = g_strstrip (g_strdup (headers[i + 1]));
      g_ptr_array_add (collected, header);
    }

  g_ptr_array_sort (collected, compare_headers);

  return collected;
}

static char *
signed_header_names (GPtrArray *headers)
{
  GString *out = g_string_new (NULL);
  const char *previous = NULL;

  for (guint i = 0; i < headers->len; i++)
    {
      const Header *header = g_ptr_array_index (headers, i);

      if (previous != NULL && strcmp (previous, header->name) == 0)
        continue;

      if (out->len > 0)
        g_string_append_c (out, ';');
      g_string_append (out, header->name);
      previous = header->name;
    }

  return g_string_free (out, FALSE);
}

static char *
build_canonical_request (const char *method,
                         const char *path,
                         const char *query,
                         GPtrArray  *headers,
                         GBytes     *body)
{
  g_autofree char *uri = rd_signer_canonical_uri (path);
  g_autofree char *canonical_query = rd_signer_canonical_query (query);
  g_autofree char *signed_names = signed_header_names (headers);
  g_autofree char *body_hash = NULL;
  const guchar *body_data = NULL;
  gsize body_length = 0;
  GString *out;

  if (body != NULL)
    body_data = g_bytes_get_data (body, &body_length);
  body_hash = sha256_hex (body_data, body_length);

  out = g_string_new (method);
  g_string_append_c (out, '\n');
  g_string_append (out, uri);
  g_string_append_c (out, '\n');
  g_string_append (out, canonical_query);
  g_string_append_c (out, '\n');

  for (guint i = 0; i < headers->len; i++)
    {
      const Header *header = g_ptr_array_index (headers, i);

      g_string_append (out, header->name);
      g_string_append_c (out, ':');
      g_string_append (out, header->value);
      g_string_append_c (out, '\n');
    }

  g_string_append_c (out, '\n');
  g_string_append (out, signed_names);
  g_string_append_c (out, '\n');
  g_string_append (out, body_hash);

  return g_string_free (out, FALSE);
}

char *
rd_signer_canonical_request (const char  *method,
                             const char  *path,
                             const char  *query,
                             const char **headers,
                             GBytes      *body)
{
  g_autoptr(GPtrArray) collected = NULL;

  g_return_val_if_fail (method != NULL, NULL);

  collected = collect_headers (headers);

  return build_canonical_request (method, path, query, collected, body);
}

char *
rd_signer_string_to_sign (const char *sdk_date,
                          const char *canonical_request)
{
  g_autofree char *request_hash = NULL;

  g_return_val_if_fail (sdk_date != NULL, NULL);
  g_return_val_if_fail (canonical_request != NULL, NULL);

  request_hash = sha256_hex ((const guchar *) canonical_request, strlen (canonical_request));

  return g_strconcat (RD_SIGNER_ALGORITHM, "\n", sdk_date, "\n", request_hash, NULL);
}

char *
rd_signer_signature (const char *secret_key,
                     const char *string_to_sign)
{
  g_return_val_if_fail (secret_key != NULL, NULL);
  g_return_val_if_fail (string_to_sign != NULL, NULL);

  /* g_compute_hmac_for_string() answers in lower-case hex. */
  return g_compute_hmac_for_string (G_CHECKSUM_SHA256,
                                    (const guchar *) secret_key, strlen (secret_key),
                                    string_to_sign, -1);
}

char *
rd_signer_sign (const char  *access_key,
                const char  *secret_key,
                const char  *method,
                const char  *path,
                const char  *query,
                const char **headers,
                GBytes      *body)
{
  g_autoptr(GPtrArray) collected = NULL;
  g_autofree char *canonical_request = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *signed_names = NULL;
  const char *sdk_date = NULL;

  g_return_val_if_fail (access_key != NULL, NULL);
  g_return_val_if_fail (secret_key != NULL, NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (headers != NULL, NULL);

  collected = collect_headers (headers);
  for (guint i = 0; i < collected->len; i++)
    {
      const Header *header = g_ptr_array_index (collected, i);

      if (strcmp (header->name, "x-sdk-date") == 0)
        {
          sdk_date = header->value;
          break;
        }
    }
  g_return_val_if_fail (sdk_date != NULL, NULL);

  canonical_request = build_canonical_request (method, path, query, collected, body);
  string_to_sign = rd_signer_string_to_sign (sdk_date, canonical_request);
  signature = rd_signer_signature (secret_key, string_to_sign);
  signed_names = signed_header_names (collected);

  return g_strdup_printf ("%s Access=%s, SignedHeaders=%s, Signature=%s",
                          RD_SIGNER_ALGORITHM, access_key, signed_names, signature);
}

char *
rd_signer_format_date (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  if (utc == NULL)
    return NULL;

  /* Four digits even for years below 1000, so the value keeps its 16 characters. */
  return g_strdup_printf ("%04d%02d%02dT%02d%02d%02dZ",
                          g_date_time_get_year (utc),
                          g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc),
                          g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

static gboolean
read_digits (const char *s,
             guint       count,
             int        *value)
{
  int result = 0;

  for (guint i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      result = result * 10 + (s[i] - '0');
    }

  *value = result;
  return TRUE;
}

GDateTime *
rd_signer_parse_date (const char *sdk_date)
{
  int year, month, day, hour, minute, second;

  if (sdk_date == NULL)
    return NULL;

  /* strnlen-style check first: the digit reads below stay inside the string. */
  for (guint i = 0; i < SDK_DATE_LENGTH; i++)
    {
      if (sdk_date[i] == '\0')
        return NULL;
    }
  if (sdk_date[SDK_DATE_LENGTH] != '\0')
    return NULL;

  if (sdk_date[8] != 'T' || sdk_date[15] != 'Z')
    return NULL;

  if (!read_digits (sdk_date, 4, &year) ||
      !read_digits (sdk_date + 4, 2, &month) ||
      !read_digits (sdk_date + 6, 2, &day) ||
      !read_digits (sdk_date + 9, 2, &hour) ||
      !read_digits (sdk_date + 11, 2, &minute) ||
      !read_digits (sdk_date + 13, 2, &second))
    return NULL;

  /* GDateTime checks the calendar (30 February, month 13, hour 24) but takes
   * a fractional second up to 60; a leap second is not a valid X-Sdk-Date. */
  if (second > 59)
    return NULL;

  return g_date_time_new_utc (year, month, day, hour, minute, (gdouble) second);
}

/* RFC 9110 "tchar": what a header name is made of. */
static gboolean
is_token_char (guchar c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

static gboolean
is_valid_access_key (const char *s)
{
  if (s[0] == '\0')
    return FALSE;

  for (const char *p = s; *p != '\0'; p++)
    {
      guchar c = *p;

      /* Visible ASCII only, and never the separators of this header. */
      if (c <= 0x20 || c >= 0x7f || c == ',' || c == ';' || c == '=')
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_valid_signature (const char *s)
{
  gsize length = 0;

  for (const char *p = s; *p != '\0'; p++, length++)
    {
      if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
        return FALSE;
    }

  /* A hex SHA-256 HMAC. */
  return length == 64;
}

static char **
parse_signed_headers (const char *value)
{
  g_auto(GStrv) names = NULL;

  if (value[0] == '\0')
    return NULL;

  names = g_strsplit (value, ";", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      char *name = names[i];

      if (name[0] == '\0')
        return NULL;

      for (char *p = name; *p != '\0'; p++)
        {
          if (!is_token_char (*p))
            return NULL;
          *p = g_ascii_tolower (*p);
        }
    }

  return g_steal_pointer (&names);
}

static gboolean
set_malformed (GError     **error,
               const char  *message)
{
  g_set_error_literal (error, RD_SIGNER_ERROR, RD_SIGNER_ERROR_MALFORMED, message);
  return FALSE;
}

gboolean
rd_signer_parse_authorization (const char   *authorization,
                               char        **access_key,
                               char       ***signed_headers,
                               char        **signature,
                               GError      **error)
{
  static const char prefix[] = RD_SIGNER_ALGORITHM " ";
  g_auto(GStrv) fields = NULL;
  g_autofree char *found_access_key = NULL;
  g_auto(GStrv) found_signed_headers = NULL;
  g_autofree char *found_signature = NULL;
  const char *rest;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Messages never quote the header: it is untrusted and may not be UTF-8. */
  if (authorization == NULL || authorization[0] == '\0')
    return set_malformed (error, _("The request has no Authorization value"));

  if (!g_str_has_prefix (authorization, prefix))
    return set_malformed (error, _("The Authorization value does not use SDK-HMAC-SHA256"));

  rest = authorization + strlen (prefix);
  while (*rest == ' ')
    rest++;

  fields = g_strsplit (rest, ",", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      char *field = fields[i];
      char *equals;
      const char *key;
      const char *value;

      /* Gateways and SDKs write ", " between fields; accept any spaces. */
      while (*field == ' ')
        field++;
      for (gsize len = strlen (field); len > 0 && field[len - 1] == ' '; len--)
        field[len - 1] = '\0';

      equals = strchr (field, '=');
      if (equals == NULL)
        return set_malformed (error, _("The Authorization value has a field without “=”"));

      *equals = '\0';
      key = field;
      value = equals + 1;

      if (strcmp (key, "Access") == 0)
        {
          if (found_access_key != NULL)
            return set_malformed (error, _("The Authorization value repeats Access"));
          if (!is_valid_access_key (value))
            return set_malformed (error, _("The Authorization value has an invalid Access key"));
          found_access_key = g_strdup (value);
        }
      else if (strcmp (key, "SignedHeaders") == 0)
        {
          if (found_signed_headers != NULL)
            return set_malformed (error, _("The Authorization value repeats SignedHeaders"));
          found_signed_headers = parse_signed_headers (value);
          if (found_signed_headers == NULL)
            return set_malformed (error,
                                  _("The Authorization value has an invalid SignedHeaders list"));
        }
      else if (strcmp (key, "Signature") == 0)
        {
          if (found_signature != NULL)
            return set_malformed (error, _("The Authorization value repeats Signature"));
          if (!is_valid_signature (value))
            return set_malformed (error,
                                  _("The Authorization signature is not 64 lower-case hex digits"));
          found_signature = g_strdup (value);
        }
      else
        {
          return set_malformed (error, _("The Authorization value has an unknown field"));
        }
    }

  if (found_access_key == NULL)
    return set_malformed (error, _("The Authorization value has no Access key"));
  if (found_signed_headers == NULL)
    return set_malformed (error, _("The Authorization value has no SignedHeaders"));
  if (found_signature == NULL)
    return set_malformed (error, _("The Authorization value has no Signature"));

  if (access_key != NULL)
    *access_key = g_steal_pointer (&found_access_key);
  if (signed_headers != NULL)
    *signed_headers = g_steal_pointer (&found_signed_headers);
  if (signature != NULL)
    *signature = g_steal_pointer (&found_signature);

  return TRUE;
}

gboolean
rd_signer_signatures_equal (const char *a,
                            const char *b)
{
  gsize la;
  gsize lb;
  gsize longest;
  gsize diff;

  if (a == NULL || b == NULL)
    return FALSE;

  la = strlen (a);
  lb = strlen (b);
  longest = MAX (la, lb);

  /* Every byte of the longer string is visited whatever the content, so the
   * time depends on the lengths only, and those are public. */
  diff = la ^ lb;
  for (gsize i = 0; i < longest; i++)
    {
      guchar ca = i < la ? (guchar) a[i] : 0;
      guchar cb = i < lb ? (guchar) b[i] : 0;

      diff |= (gsize) (ca ^ cb);
    }

  return diff == 0;
}
