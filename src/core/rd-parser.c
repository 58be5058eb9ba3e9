/* rd-parser.c: strict parsing of the release-package API's documents into models. */
#define G_LOG_DOMAIN "rd-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "rd-enums.h"
#include "rd-models-private.h"
#include "rd-parser.h"

G_DEFINE_QUARK (rd-parse-error-quark, rd_parse_error)

/* GDateTime holds years 1 to 9999; the API's timestamps are milliseconds
 * since 1970, so anything outside 1970 to 9999 is not a date it sent. */
#define MAX_TIMESTAMP_MS G_GINT64_CONSTANT (253402300799999)

/* {{{ Member paths and strict member readers */

char *
rd_json_path_format (const RdJsonPath *path,
                     const char       *member)
{
  GString *text;

  g_return_val_if_fail (path != NULL, NULL);

  text = g_string_new (path->prefix);

  if (path->index >= 0)
    g_string_append_printf (text, "[%" G_GSSIZE_FORMAT "]", path->index);

  if (member != NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, '.');
      g_string_append (text, member);
    }

  return g_string_free (text, FALSE);
}

/* Absent and null both mean "not sent"; every documented member is optional. */
static JsonNode *
get_present_member (JsonObject *object,
                    const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

static GType
get_value_type (JsonNode *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return G_TYPE_INVALID;

  return json_node_get_value_type (node);
}

gboolean
rd_json_set_error (GError           **error,
                   const RdJsonPath  *path,
                   const char        *member,
                   RdJsonProblem      problem)
{
  g_autofree char *where = rd_json_path_format (path, member);

  switch (problem)
    {
    case RD_JSON_MISSING:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_MISSING_MEMBER,
                   /* Translators: %s is a member of the answer, such as release_package */
                   _("%s: missing"), where);
      break;

    case RD_JSON_EXPECTED_OBJECT:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is where in the answer, such as task_details[3] */
                   _("%s: expected an object"), where);
      break;

    case RD_JSON_EXPECTED_ARRAY:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is where in the answer, such as task_details */
                   _("%s: expected an array"), where);
      break;

    case RD_JSON_EXPECTED_STRING:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is a place in the answer: release_package.package_name */
                   _("%s: expected a string"), where);
      break;

    case RD_JSON_EXPECTED_NUMBER:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is a place in the answer: task_details[3].deploy_status */
                   _("%s: expected a number"), where);
      break;

    case RD_JSON_EXPECTED_INTEGER:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is where in the answer, such as task_details[3].deploy_status;
                    * the service sent a number with a fraction or an exponent */
                   _("%s: expected an integer"), where);
      break;

    case RD_JSON_EXPECTED_TIMESTAMP:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is a place in the answer: release_package.apply_timestamp */
                   _("%s: expected a number or a string of digits"), where);
      break;

    case RD_JSON_OUT_OF_RANGE:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is a place in the answer: task_details[3].deploy_status */
                   _("%s: number out of range"), where);
      break;

    case RD_JSON_DATE_OUT_OF_RANGE:
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is a place in the answer: release_package.apply_timestamp */
                   _("%s: not a date between 1970 and 9999"), where);
      break;

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

gboolean
rd_json_read_string (JsonObject        *object,
                     const RdJsonPath  *path,
                     const char        *member,
                     const char       **value,
                     GError           **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = NULL;

  if (!(node = get_present_member (object, member)))
    return TRUE;

  if (get_value_type (node) != G_TYPE_STRING)
    return rd_json_set_error (error, path, member, RD_JSON_EXPECTED_STRING);

  *value = json_node_get_string (node);

  return TRUE;
}

/* The one check for integers: json-glib gives G_TYPE_INT64 only to a number
 * written without fraction or exponent. */
static gboolean
read_integer_node (JsonNode          *node,
                   const RdJsonPath  *path,
                   const char        *member,
                   gint64            *value,
                   GError           **error)
{
  GType type = get_value_type (node);

  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }

  if (type == G_TYPE_DOUBLE)
    return rd_json_set_error (error, path, member, RD_JSON_EXPECTED_INTEGER);

  return rd_json_set_error (error, path, member, RD_JSON_EXPECTED_NUMBER);
}

gboolean
rd_json_read_int (JsonObject        *object,
                  const RdJsonPath  *path,
                  const char        *member,
                  int                default_value,
                  int               *value,
                  GError           **error)
{
  JsonNode *node;
  gint64 number;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = default_value;

  if (!(node = get_present_member (object, member)))
    return TRUE;

  if (!read_integer_node (node, path, member, &number, error))
    return FALSE;

  if (number < G_MININT || number > G_MAXINT)
    return rd_json_set_error (error, path, member, RD_JSON_OUT_OF_RANGE);

  *value = (int)number;

  return TRUE;
}

gboolean
rd_json_read_int64 (JsonObject        *object,
                    const RdJsonPath  *path,
                    const char        *member,
                    gint64             default_value,
                    gint64            *value,
                    GError           **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = default_value;

  if (!(node = get_present_member (object, member)))
    return TRUE;

  return read_integer_node (node, path, member, value, error);
}

static gboolean
is_ascii_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;

  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isdigit (*text))
        return FALSE;
    }

  return TRUE;
}

gboolean
rd_json_read_timestamp (JsonObject        *object,
                        const RdJsonPath  *path,
                        const char        *member,
                        gint64             default_value,
                        gint64            *value,
                        GError           **error)
{
  JsonNode *node;
  GType type;
  gint64 ms;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = default_value;

  if (!(node = get_present_member (object, member)))
    return TRUE;

  type = get_value_type (node);

  if (type == G_TYPE_INT64)
    {
      ms = json_node_get_int (node);
    }
  else if (type == G_TYPE_STRING && is_ascii_digits (json_node_get_string (node)))
    {
      /* Older service versions sent "1700288912934". */
      guint64 unsigned_ms;

      if (!g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXINT64,
                                       &unsigned_ms, NULL))
        return rd_json_set_error (error, path, member, RD_JSON_OUT_OF_RANGE);

      ms = (gint64)unsigned_ms;
    }
  else
    {
      return rd_json_set_error (error, path, member, RD_JSON_EXPECTED_TIMESTAMP);
    }

  /* Also keeps RD_VALUE_ABSENT (-1) from meaning two things. */
  if (ms < 0 || ms > MAX_TIMESTAMP_MS)
    return rd_json_set_error (error, path, member, RD_JSON_DATE_OUT_OF_RANGE);

  *value = ms;

  return TRUE;
}

GDateTime *
rd_date_time_new_from_unix_ms (gint64 ms)
{
  g_autoptr(GDateTime) seconds = NULL;
  gint64 whole = ms / 1000;
  gint64 rest = ms % 1000;

  if (ms == RD_VALUE_ABSENT)
    return NULL;

  /* Rounds down, not toward zero, should a date before 1970 ever get here. */
  if (rest < 0)
    {
      whole -= 1;
      rest += 1000;
    }

  /* Seconds, then the milliseconds on top: g_date_time_new_from_unix_utc_usec()
   * is GLib 2.80. */
  seconds = g_date_time_new_from_unix_utc (whole);
  if (seconds == NULL || rest == 0)
    return g_steal_pointer (&seconds);

  return g_date_time_add (seconds, rest * G_TIME_SPAN_MILLISECOND);
}

/* }}} */

/* {{{ The scan before JsonParser
 *
 * json-glib 1.6 parses recursively, so a JSON bomb of nested brackets would
 * overflow the stack; and it is lenient where being lenient would give a
 * silently wrong model or export: it takes comments, single quotes, hex and
 * leading zeros, wraps integers beyond 64 bits (99999999999999999999 becomes
 * -1), turns 1e400 into infinity and cuts a string at \u0000. This scan holds
 * the answer to RFC 8259, rejects those values, and counts the depth without
 * recursing deeper than RD_PARSE_MAX_DEPTH. It also counts the members, so
 * that a repeated name (which json-glib would silently merge) is noticed. */

typedef struct
{
  const char *key;                /* the raw, still escaped name */
  gsize       key_length;
  gsize       index;
  gboolean    in_object;
  GHashTable *seen;               /* only when looking for a repeated name */
} Frame;

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  guint       depth;
  guint64     n_members;
  gboolean    find_repeated_names;
  char       *range_path;         /* the first number out of range */
  GError    **error;
  Frame       stack[RD_PARSE_MAX_DEPTH];
} Scanner;

typedef enum
{
  EXPECT_VALUE,
  EXPECT_NAME_OR_OBJECT_END,
  EXPECT_NAME,
  EXPECT_COLON,
  EXPECT_COMMA_OR_OBJECT_END,
  EXPECT_VALUE_OR_ARRAY_END,
  EXPECT_COMMA_OR_ARRAY_END,
  EXPECT_END_OF_DOCUMENT,
  EXPECT_NUMBER,
} Expectation;

/* 1-based, in characters, as an editor shows it. */
static void
locate (const char *data,
        gsize       offset,
        gulong     *line,
        gulong     *column)
{
  *line = 1;
  *column = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        {
          *line += 1;
          *column = 1;
        }
      else if (((guchar)data[i] & 0xC0) != 0x80)
        {
          *column += 1;
        }
    }
}

static gboolean
scanner_fail (Scanner    *s,
              gsize       offset,
              const char *reason)
{
  gulong line, column;

  locate (s->data, offset, &line, &column);
  g_set_error (s->error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX,
               /* Translators: the last %s says what is wrong, such as "expected “:”, found “x”" */
               _("The answer is not valid JSON (line %lu, column %lu): %s"),
               line, column, reason);

  return FALSE;
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '-' || c == '.' || c == '_';
}

/* What to quote in a message: a whole word ("tru", "0x10", "NaN") or one character. */
static char *
dup_token (const Scanner *s,
           gsize          pos)
{
  const char *p = s->data + pos;
  guchar c = (guchar)*p;

  if (is_word_char (*p))
    {
      gsize end = pos;

      while (end < s->length && end - pos < 24 && is_word_char (s->data[end]))
        end++;

      return g_strndup (p, end - pos);
    }

  if (c < 0x20 || c == 0x7F)
    return g_strdup_printf ("U+%04X", c);

  /* The bytes were checked to be UTF-8, so the character is whole. */
  return g_strndup (p, g_utf8_next_char (p) - p);
}

static gboolean
fail_unexpected (Scanner     *s,
                 gsize        pos,
                 Expectation  expectation)
{
  g_autofree char *token = NULL;
  g_autofree char *reason = NULL;

  if (pos >= s->length)
    return scanner_fail (s, s->length, _("it ends too early"));

  token = dup_token (s, pos);

  switch (expectation)
    {
    case EXPECT_VALUE:
      reason = g_strdup_printf (_("expected a value, found “%s”"), token);
      break;

    case EXPECT_NAME_OR_OBJECT_END:
      reason = g_strdup_printf (_("expected a member name or “}”, found “%s”"), token);
      break;

    case EXPECT_NAME:
      reason = g_strdup_printf (_("expected a member name, found “%s”"), token);
      break;

    case EXPECT_COLON:
      reason = g_strdup_printf (_("expected “:”, found “%s”"), token);
      break;

    case EXPECT_COMMA_OR_OBJECT_END:
      reason = g_strdup_printf (_("expected “,” or “}”, found “%s”"), token);
      break;

    case EXPECT_VALUE_OR_ARRAY_END:
      reason = g_strdup_printf (_("expected a value or “]”, found “%s”"), token);
      break;

    case EXPECT_COMMA_OR_ARRAY_END:
      reason = g_strdup_printf (_("expected “,” or “]”, found “%s”"), token);
      break;

    case EXPECT_END_OF_DOCUMENT:
      reason = g_strdup_printf (_("unexpected “%s” after the end of the document"), token);
      break;

    case EXPECT_NUMBER:
      reason = g_strdup_printf (_("invalid number “%s”"), token);
      break;

    default:
      g_assert_not_reached ();
    }

  return scanner_fail (s, pos, reason);
}

/* Like a member path in the other messages: task_details[3].deploy_status */
static char *
scanner_dup_path (const Scanner *s)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < s->depth; i++)
    {
      const Frame *frame = &s->stack[i];

      if (!frame->in_object)
        {
          g_string_append_printf (path, "[%" G_GSIZE_FORMAT "]", frame->index);
        }
      else if (frame->key != NULL)
        {
          if (path->len > 0)
            g_string_append_c (path, '.');
          g_string_append_len (path, frame->key, frame->key_length);
        }
    }

  return g_string_free (path, FALSE);
}

static void
skip_whitespace (Scanner *s)
{
  while (s->pos < s->length)
    {
      char c = s->data[s->pos];

      if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
        break;
      s->pos++;
    }
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads the four hex digits after "\u" at @pos. */
static gboolean
read_unicode_escape (const Scanner *s,
                     gsize          pos,
                     gunichar      *code)
{
  *code = 0;

  if (pos + 4 > s->length)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      int digit = hex_value (s->data[pos + i]);

      if (digit < 0)
        return FALSE;
      *code = (*code << 4) | (gunichar)digit;
    }

  return TRUE;
}

static gboolean
scan_string (Scanner *s)
{
  g_assert (s->data[s->pos] == '"');
  s->pos++;

  while (s->pos < s->length)
    {
      guchar c = (guchar)s->data[s->pos];
      gsize escape_start = s->pos;
      gunichar code;

      if (c == '"')
        {
          s->pos++;
          return TRUE;
        }

      if (c < 0x20)
        {
          g_autofree char *reason =
            g_strdup_printf (_("control character U+%04X in a string; it must be escaped"), c);

          return scanner_fail (s, s->pos, reason);
        }

      if (c != '\\')
        {
          s->pos++;
          continue;
        }

      s->pos++;
      if (s->pos >= s->length)
        break;

      switch (s->data[s->pos])
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          s->pos++;
          break;

        case 'u':
          if (!read_unicode_escape (s, s->pos + 1, &code))
            return scanner_fail (s, escape_start, _("invalid “\\u” escape in a string"));
          s->pos += 5;

          if (code == 0)
            return scanner_fail (s, escape_start,
                                 _("“\\u0000” in a string is not supported"));

          if (code >= 0xDC00 && code <= 0xDFFF)
            return scanner_fail (s, escape_start, _("unpaired surrogate in a string"));

          if (code >= 0xD800 && code <= 0xDBFF)
            {
              if (s->pos + 2 > s->length ||
                  s->data[s->pos] != '\\' || s->data[s->pos + 1] != 'u' ||
                  !read_unicode_escape (s, s->pos + 2, &code) ||
                  code < 0xDC00 || code > 0xDFFF)
                return scanner_fail (s, escape_start, _("unpaired surrogate in a string"));
              s->pos += 6;
            }
          break;

        default:
          return scanner_fail (s, escape_start, _("invalid escape sequence in a string"));
        }
    }

  return scanner_fail (s, s->length, _("it ends too early"));
}

static gsize
skip_digits (Scanner *s)
{
  gsize start = s->pos;

  while (s->pos < s->length && g_ascii_isdigit (s->data[s->pos]))
    s->pos++;

  return s->pos - start;
}

static gboolean
integer_fits_int64 (const char *digits,
                    gsize       n_digits,
                    gboolean    negative)
{
  const char *limit = negative ? "9223372036854775808" : "9223372036854775807";

  if (n_digits != 19)
    return n_digits < 19;

  return memcmp (digits, limit, 19) <= 0;
}

static gboolean
double_is_finite (const char *text,
                  gsize       length)
{
  char buffer[64];
  g_autofree char *copy = NULL;
  const char *number = buffer;

  if (length < sizeof buffer)
    {
      memcpy (buffer, text, length);
      buffer[length] = '\0';
    }
  else
    {
      number = copy = g_strndup (text, length);
    }

  return isfinite (g_ascii_strtod (number, NULL));
}

static gboolean
scan_number (Scanner *s)
{
  gsize start = s->pos;
  gsize int_start;
  gsize n_int_digits;
  gboolean negative = FALSE;
  gboolean is_integer = TRUE;

  if (s->data[s->pos] == '-')
    {
      negative = TRUE;
      s->pos++;
    }

  int_start = s->pos;
  n_int_digits = skip_digits (s);
  if (n_int_digits == 0 || (n_int_digits > 1 && s->data[int_start] == '0'))
    return fail_unexpected (s, start, EXPECT_NUMBER);

  if (s->pos < s->length && s->data[s->pos] == '.')
    {
      is_integer = FALSE;
      s->pos++;
      if (skip_digits (s) == 0)
        return fail_unexpected (s, start, EXPECT_NUMBER);
    }

  if (s->pos < s->length && (s->data[s->pos] == 'e' || s->data[s->pos] == 'E'))
    {
      is_integer = FALSE;
      s->pos++;
      if (s->pos < s->length && (s->data[s->pos] == '+' || s->data[s->pos] == '-'))
        s->pos++;
      if (skip_digits (s) == 0)
        return fail_unexpected (s, start, EXPECT_NUMBER);
    }

  /* "0x10", "1.5.2", "12abc" */
  if (s->pos < s->length && is_word_char (s->data[s->pos]))
    return fail_unexpected (s, start, EXPECT_NUMBER);

  /* A bare number as the whole answer is reported as "not an object" instead. */
  if (s->range_path == NULL && s->depth > 0 &&
      !(is_integer
        ? integer_fits_int64 (s->data + int_start, n_int_digits, negative)
        : double_is_finite (s->data + start, s->pos - start)))
    s->range_path = scanner_dup_path (s);

  return TRUE;
}

static gboolean
scan_literal (Scanner    *s,
              const char *word)
{
  gsize length = strlen (word);

  if (s->length - s->pos < length ||
      memcmp (s->data + s->pos, word, length) != 0 ||
      (s->pos + length < s->length && is_word_char (s->data[s->pos + length])))
    return fail_unexpected (s, s->pos, EXPECT_VALUE);

  s->pos += length;

  return TRUE;
}

static gboolean scan_value (Scanner *s);

static Frame *
push_frame (Scanner  *s,
            gboolean  in_object)
{
  Frame *frame;

  if (s->depth == RD_PARSE_MAX_DEPTH)
    {
      gulong line, column;

      locate (s->data, s->pos, &line, &column);
      g_set_error (s->error, RD_PARSE_ERROR, RD_PARSE_ERROR_TOO_DEEP,
                   /* Translators: %d is a number of levels; no real answer nests that deep */
                   _("The answer nests deeper than %d levels (line %lu, column %lu)"),
                   RD_PARSE_MAX_DEPTH, line, column);
      return NULL;
    }

  frame = &s->stack[s->depth++];
  frame->key = NULL;
  frame->key_length = 0;
  frame->index = 0;
  frame->in_object = in_object;
  frame->seen = NULL;

  if (in_object && s->find_repeated_names)
    frame->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return frame;
}

static void
pop_frame (Scanner *s)
{
  g_assert (s->depth > 0);

  s->depth--;
  g_clear_pointer (&s->stack[s->depth].seen, g_hash_table_unref);
}

static gboolean
check_repeated_name (Scanner *s,
                     Frame   *frame)
{
  g_autofree char *path = NULL;
  char *name;

  if (frame->seen == NULL)
    return TRUE;

  name = g_strndup (frame->key, frame->key_length);
  if (g_hash_table_add (frame->seen, name))
    return TRUE;

  path = scanner_dup_path (s);
  g_set_error (s->error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX,
               /* Translators: %s is where in the answer, such as release_package.package_id */
               _("%s: the member appears more than once"), path);

  return FALSE;
}

static gboolean
scan_object (Scanner *s)
{
  Frame *frame;

  if (!(frame = push_frame (s, TRUE)))
    return FALSE;

  s->pos++;
  skip_whitespace (s);

  if (s->pos < s->length && s->data[s->pos] == '}')
    {
      s->pos++;
      pop_frame (s);
      return TRUE;
    }

  for (;;)
    {
      gsize key_start;

      skip_whitespace (s);
      if (s->pos >= s->length || s->data[s->pos] != '"')
        return fail_unexpected (s, s->pos,
                                frame->key == NULL ? EXPECT_NAME_OR_OBJECT_END : EXPECT_NAME);

      key_start = s->pos + 1;
      if (!scan_string (s))
        return FALSE;

      frame->key = s->data + key_start;
      frame->key_length = s->pos - 1 - key_start;
      s->n_members++;

      if (!check_repeated_name (s, frame))
        return FALSE;

      skip_whitespace (s);
      if (s->pos >= s->length || s->data[s->pos] != ':')
        return fail_unexpected (s, s->pos, EXPECT_COLON);
      s->pos++;

      if (!scan_value (s))
        return FALSE;

      skip_whitespace (s);
      if (s->pos < s->length && s->data[s->pos] == ',')
        {
          s->pos++;
          continue;
        }
      if (s->pos < s->length && s->data[s->pos] == '}')
        {
          s->pos++;
          break;
        }

      return fail_unexpected (s, s->pos, EXPECT_COMMA_OR_OBJECT_END);
    }

  pop_frame (s);

  return TRUE;
}

static gboolean
scan_array (Scanner *s)
{
  Frame *frame;

  if (!(frame = push_frame (s, FALSE)))
    return FALSE;

  s->pos++;
  skip_whitespace (s);

  if (s->pos < s->length && s->data[s->pos] == ']')
    {
      s->pos++;
      pop_frame (s);
      return TRUE;
    }

  for (;;)
    {
      skip_whitespace (s);
      if (s->pos >= s->length || s->data[s->pos] == ']')
        return fail_unexpected (s, s->pos,
                                frame->index == 0 ? EXPECT_VALUE_OR_ARRAY_END : EXPECT_VALUE);

      if (!scan_value (s))
        return FALSE;

      skip_whitespace (s);
      if (s->pos < s->length && s->data[s->pos] == ',')
        {
          s->pos++;
          frame->index++;
          continue;
        }
      if (s->pos < s->length && s->data[s->pos] == ']')
        {
          s->pos++;
          break;
        }

      return fail_unexpected (s, s->pos, EXPECT_COMMA_OR_ARRAY_END);
    }

  pop_frame (s);

  return TRUE;
}

static gboolean
scan_value (Scanner *s)
{
  skip_whitespace (s);

  if (s->pos >= s->length)
    return fail_unexpected (s, s->pos, EXPECT_VALUE);

  switch (s->data[s->pos])
    {
    case '{':
      return scan_object (s);
    case '[':
      return scan_array (s);
    case '"':
      return scan_string (s);
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return scan_number (s);
    case 't':
      return scan_literal (s, "true");
    case 'f':
      return scan_literal (s, "false");
    case 'n':
      return scan_literal (s, "null");
    default:
      return fail_unexpected (s, s->pos, EXPECT_VALUE);
    }
}

static void
scanner_clear (Scanner *s)
{
  while (s->depth > 0)
    pop_frame (s);
  g_clear_pointer (&s->range_path, g_free);
}

static gboolean
scan_document (Scanner *s)
{
  if (!scan_value (s))
    return FALSE;

  skip_whitespace (s);
  if (s->pos < s->length)
    return fail_unexpected (s, s->pos, EXPECT_END_OF_DOCUMENT);

  return TRUE;
}

static gboolean
check_numbers_in_range (const Scanner  *s,
                        GError        **error)
{
  if (s->range_path == NULL)
    return TRUE;

  g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
               /* Translators: %s is where in the answer, such as task_details[3].deploy_status */
               _("%s: number out of range"), s->range_path);

  return FALSE;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scanner, scanner_clear)

/* }}} */

/* {{{ The whole answer */

static gboolean
check_utf8 (const char  *data,
            gsize        length,
            GError     **error)
{
  const char *end;
  gulong offset;

  if (g_utf8_validate_len (data, length, &end))
    return TRUE;

  offset = (gulong)(end - data);

  /* A NUL byte is UTF-8, but JSON allows it nowhere. */
  if (*end == '\0')
    g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX,
                 /* Translators: %lu is a byte offset, counted from 0 */
                 _("The answer is not valid JSON: it holds a NUL byte at byte offset %lu"),
                 offset);
  else
    g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_INVALID_UTF8,
                 /* Translators: %lu is a byte offset, counted from 0 */
                 _("The answer is not valid UTF-8 text (invalid byte at offset %lu)"),
                 offset);

  return FALSE;
}

static gboolean
check_root_is_object (char     first,
                      GError **error)
{
  const char *message;

  switch (first)
    {
    case '{':
      return TRUE;
    case '[':
      message = _("The answer is a JSON array, not an object");
      break;
    case '"':
      message = _("The answer is a JSON string, not an object");
      break;
    case 't':
    case 'f':
      message = _("The answer is a JSON boolean, not an object");
      break;
    case 'n':
      message = _("The answer is JSON null, not an object");
      break;
    default:
      message = _("The answer is a JSON number, not an object");
      break;
    }

  g_set_error_literal (error, RD_PARSE_ERROR, RD_PARSE_ERROR_NOT_OBJECT, message);

  return FALSE;
}

static guint64
count_members (JsonNode *node)
{
  guint64 n = 0;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      JsonNode *member;

      n = json_object_get_size (object);
      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, NULL, &member))
        {
          if (JSON_NODE_HOLDS_OBJECT (member) || JSON_NODE_HOLDS_ARRAY (member))
            n += count_members (member);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint length = json_array_get_length (array);

      for (guint i = 0; i < length; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element) || JSON_NODE_HOLDS_ARRAY (element))
            n += count_members (element);
        }
    }

  return n;
}

/* json-glib keeps the last of two members with one name, and the export would
 * lose the other; only then is the answer scanned again, to name the place. */
static RdReleasePackage *
set_repeated_name_error (const char  *data,
                         gsize        length,
                         gsize        start,
                         GError     **error)
{
  g_auto(Scanner) s = { 0, };
  g_autoptr(GError) local_error = NULL;

  s.data = data;
  s.length = length;
  s.pos = start;
  s.find_repeated_names = TRUE;
  s.error = &local_error;

  if (scan_document (&s))
    {
      /* Two spellings of one name, such as "a" and "\u0061". */
      g_set_error_literal (error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX,
                           _("The answer repeats a member name in one of its objects"));
      return NULL;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));

  return NULL;
}

typedef struct
{
  gulong line;
  gulong column;
} ParserPosition;

static void
on_parser_error (JsonParser     *parser,
                 const GError   *error,
                 ParserPosition *position)
{
  position->line = json_parser_get_current_line (parser);
  position->column = json_parser_get_current_pos (parser);
}

static JsonNode *
parse_tree (const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  ParserPosition position = { 0, 0 };

  /* Sealed: the models' strings point into the tree, so nobody may change it. */
  parser = json_parser_new_immutable ();
  g_signal_connect (parser, "error", G_CALLBACK (on_parser_error), &position);

  if (!json_parser_load_from_data (parser, data, (gssize)length, &local_error))
    {
      /* The scan above should have caught it; say what json-glib says. */
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX,
                   _("The answer is not valid JSON (line %lu, column %lu): %s"),
                   position.line, position.column, local_error->message);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/* Everything before the models: UTF-8, the scan, json-glib, repeated names.
 * With @allow_empty, an empty body (only white space) gives a NULL document
 * and no error. */
static gboolean
parse_checked (GBytes     *bytes,
               gboolean    allow_empty,
               JsonNode  **document,
               GError    **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(Scanner) s = { 0, };
  const char *data;
  gsize length;
  gsize start = 0;
  gsize root_pos;

  *document = NULL;

  data = g_bytes_get_data (bytes, &length);
  if (data == NULL)
    data = "";

  if (!check_utf8 (data, length, error))
    return FALSE;

  /* A byte order mark may be ignored (RFC 8259, section 8.1); json-glib does. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    start = 3;

  s.data = data;
  s.length = length;
  s.pos = start;
  s.error = &local_error;

  skip_whitespace (&s);
  root_pos = s.pos;

  if (root_pos == length)
    {
      if (allow_empty)
        return TRUE;

      g_set_error_literal (error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX,
                           _("The answer is empty"));
      return FALSE;
    }

  if (data[root_pos] == '<')
    {
      g_set_error_literal (error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX,
                           _("The answer looks like an HTML page, not JSON; "
                             "check the endpoint address"));
      return FALSE;
    }

  if (!scan_document (&s) ||
      !check_root_is_object (data[root_pos], &local_error) ||
      !check_numbers_in_range (&s, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!(root = parse_tree (data, length, error)))
    return FALSE;

  if (count_members (root) != s.n_members)
    {
      set_repeated_name_error (data, length, start, error);
      return FALSE;
    }

  *document = g_steal_pointer (&root);

  return TRUE;
}

/**
 * rd_parse_package_detail:
 * @bytes: the body of the detail call's answer
 * @error: return location for a #RD_PARSE_ERROR
 *
 * Parses a detail answer strictly: every documented member, when present and
 * not null, has its documented type; unknown members and unknown enumeration
 * values are kept. This takes about a second for 100,000 tasks, and calls no
 * main-context API, so it may run in a worker thread.
 *
 * Returns: (transfer full): the package, or %NULL with @error set
 */
RdReleasePackage *
rd_parse_package_detail (GBytes  *bytes,
                         GError **error)
{
  g_autoptr(JsonNode) document = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!parse_checked (bytes, FALSE, &document, error))
    return NULL;

  return rd_release_package_new_from_document (document, error);
}

/* A member the list and deploy answers cannot do without. */
static JsonNode *
get_required (JsonObject   *root,
              const char   *member,
              JsonNodeType  type,
              GError      **error)
{
  static const RdJsonPath document_path = RD_JSON_PATH_INIT (NULL, -1);
  JsonNode *node = json_object_get_member (root, member);

  if (node == NULL)
    {
      rd_json_set_error (error, &document_path, member, RD_JSON_MISSING);
      return NULL;
    }

  if (JSON_NODE_TYPE (node) != type)
    {
      rd_json_set_error (error, &document_path, member,
                         type == JSON_NODE_ARRAY ? RD_JSON_EXPECTED_ARRAY : RD_JSON_EXPECTED_NUMBER);
      return NULL;
    }

  return node;
}

/**
 * rd_parse_package_list:
 * @bytes: the body of the list call's answer
 * @total: (out): the "total" member: how many packages match, on all pages
 * @error: return location for a #RD_PARSE_ERROR
 *
 * Parses {"data":[release_package, …],"total":N} as strictly as the detail
 * answer: errors name the place, such as "data[3].deploy_status: expected a
 * number". List entries carry no task_details.
 *
 * Returns: (transfer full): a #GListModel of #RdReleasePackage, in the
 *   order of the answer, or %NULL with @error set
 */
GListModel *
rd_parse_package_list (GBytes  *bytes,
                       guint   *total,
                       GError **error)
{
  static const RdJsonPath document_path = RD_JSON_PATH_INIT (NULL, -1);
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;
  JsonObject *root;
  JsonNode *data_node;
  JsonNode *total_node;
  JsonArray *data;
  gint64 count;
  guint n;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (total != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!parse_checked (bytes, FALSE, &document, error))
    return NULL;

  root = json_node_get_object (document);

  if (!(data_node = get_required (root, "data", JSON_NODE_ARRAY, error)))
    return NULL;

  total_node = json_object_get_member (root, "total");
  if (total_node == NULL)
    {
      rd_json_set_error (error, &document_path, "total", RD_JSON_MISSING);
      return NULL;
    }
  if (get_value_type (total_node) == G_TYPE_DOUBLE)
    {
      rd_json_set_error (error, &document_path, "total", RD_JSON_EXPECTED_INTEGER);
      return NULL;
    }
  if (get_value_type (total_node) != G_TYPE_INT64)
    {
      rd_json_set_error (error, &document_path, "total", RD_JSON_EXPECTED_NUMBER);
      return NULL;
    }
  count = json_node_get_int (total_node);
  if (count < 0 || count > G_MAXUINT32)
    {
      rd_json_set_error (error, &document_path, "total", RD_JSON_OUT_OF_RANGE);
      return NULL;
    }

  data = json_node_get_array (data_node);
  n = json_array_get_length (data);
  items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      RdJsonPath path = RD_JSON_PATH_INIT ("data", i);
      RdReleasePackage *package;

      package = rd_release_package_new_from_list_entry (json_array_get_element (data, i), &path, error);
      if (package == NULL)
        return NULL;

      g_ptr_array_add (items, package);
    }

  store = g_list_store_new (RD_TYPE_RELEASE_PACKAGE);
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  *total = (guint) count;

  return G_LIST_MODEL (g_steal_pointer (&store));
}

void
rd_deploy_detail_free (RdDeployDetail *detail)
{
  if (detail == NULL)
    return;

  g_free (detail->package_id);
  g_free (detail->async_task_id);
  g_free (detail);
}

/* The contract says a number; a string of digits, as the detail call sends
 * IDs, is taken too: either way it names the same package. */
static gboolean
read_package_id (JsonObject        *object,
                 const RdJsonPath  *path,
                 char             **package_id,
                 GError           **error)
{
  JsonNode *node = json_object_get_member (object, "package_id");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return rd_json_set_error (error, path, "package_id", RD_JSON_MISSING);

  if (get_value_type (node) == G_TYPE_STRING && json_node_get_string (node)[0] != '\0')
    {
      *package_id = g_strdup (json_node_get_string (node));
      return TRUE;
    }

  if (get_value_type (node) == G_TYPE_INT64)
    {
      *package_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    }

  return rd_json_set_error (error, path, "package_id", RD_JSON_EXPECTED_NUMBER);
}

/**
 * rd_parse_deploy_answer:
 * @bytes: the body of the deploy call's answer
 *
 * {"deploy_package_details":[{"asy_subtask_num":2,"asy_task_id":"…","package_id":23}]};
 * the list may be absent.
 *
 * Returns: (transfer full) (element-type RdDeployDetail): what the answer
 *   says per package, or %NULL with @error set
 */
GPtrArray *
rd_parse_deploy_answer (GBytes  *bytes,
                        GError **error)
{
  static const RdJsonPath document_path = RD_JSON_PATH_INIT (NULL, -1);
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GPtrArray) details = NULL;
  JsonObject *root;
  JsonNode *list_node;
  JsonArray *list;

  if (!parse_checked (bytes, FALSE, &document, error))
    return NULL;

  details = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_deploy_detail_free);
  root = json_node_get_object (document);
  list_node = json_object_get_member (root, "deploy_package_details");
  if (list_node == NULL || JSON_NODE_HOLDS_NULL (list_node))
    return g_steal_pointer (&details);

  if (!JSON_NODE_HOLDS_ARRAY (list_node))
    {
      rd_json_set_error (error, &document_path, "deploy_package_details", RD_JSON_EXPECTED_ARRAY);
      return NULL;
    }

  list = json_node_get_array (list_node);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      RdJsonPath path = RD_JSON_PATH_INIT ("deploy_package_details", i);
      JsonNode *element = json_array_get_element (list, i);
      g_autoptr(RdDeployDetail) detail = g_new0 (RdDeployDetail, 1);
      JsonObject *object;
      const char *task_id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          rd_json_set_error (error, &path, NULL, RD_JSON_EXPECTED_OBJECT);
          return NULL;
        }

      object = json_node_get_object (element);
      if (!rd_json_read_int (object, &path, "asy_subtask_num", RD_VALUE_ABSENT,
                             &detail->async_subtask_count, error) ||
          !rd_json_read_string (object, &path, "asy_task_id", &task_id, error) ||
          !read_package_id (object, &path, &detail->package_id, error))
        return NULL;

      detail->async_task_id = g_strdup (task_id);
      g_ptr_array_add (details, g_steal_pointer (&detail));
    }

  return g_steal_pointer (&details);
}

/**
 * rd_parse_any_answer:
 *
 * For the revoke call, whose answer has no documented body: an empty body or
 * any JSON object passes; HTML or broken JSON does not.
 */
gboolean
rd_parse_any_answer (GBytes  *bytes,
                     GError **error)
{
  g_autoptr(JsonNode) document = NULL;

  return parse_checked (bytes, TRUE, &document, error);
}

/* }}} */
