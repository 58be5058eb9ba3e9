/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-parser.c: strict parsing of the release-package API's documents into models. */
#define G_LOG_DOMAIN "rd-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "rd-enums.h"
#include "rd-json-reader-private.h"
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

/* The kind of the value at @pos; absent and null both mean "not sent":
 * every documented member is optional. */
static RdJsonKind
kind_at (RdJsonReader *reader,
         gsize         pos)
{
  reader->pos = pos;
  return rd_json_reader_kind (reader);
}

static gboolean
is_present (RdJsonReader *reader,
            gsize         pos)
{
  return pos != RD_JSON_ABSENT && kind_at (reader, pos) != RD_JSON_KIND_NULL;
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
rd_json_read_string (RdJsonReader      *reader,
                     gsize              pos,
                     const RdJsonPath  *path,
                     const char        *member,
                     RdJsonString      *value,
                     GError           **error)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  value->raw = NULL;
  value->raw_length = 0;

  if (!is_present (reader, pos))
    return TRUE;

  if (rd_json_reader_kind (reader) != RD_JSON_KIND_STRING)
    return rd_json_set_error (error, path, member, RD_JSON_EXPECTED_STRING);

  rd_json_reader_read_string (reader, value);

  return TRUE;
}

/* The one check for integers: a number written without fraction or
 * exponent, as json-glib had it. The reader is at a present value. */
static gboolean
read_integer (RdJsonReader      *reader,
              const RdJsonPath  *path,
              const char        *member,
              gint64            *value,
              GError           **error)
{
  if (rd_json_reader_kind (reader) != RD_JSON_KIND_NUMBER)
    return rd_json_set_error (error, path, member, RD_JSON_EXPECTED_NUMBER);

  if (!rd_json_reader_read_number (reader, value))
    return rd_json_set_error (error, path, member, RD_JSON_EXPECTED_INTEGER);

  return TRUE;
}

gboolean
rd_json_read_int (RdJsonReader      *reader,
                  gsize              pos,
                  const RdJsonPath  *path,
                  const char        *member,
                  int                default_value,
                  int               *value,
                  GError           **error)
{
  gint64 number;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = default_value;

  if (!is_present (reader, pos))
    return TRUE;

  if (!read_integer (reader, path, member, &number, error))
    return FALSE;

  if (number < G_MININT || number > G_MAXINT)
    return rd_json_set_error (error, path, member, RD_JSON_OUT_OF_RANGE);

  *value = (int)number;

  return TRUE;
}

gboolean
rd_json_read_int64 (RdJsonReader      *reader,
                    gsize              pos,
                    const RdJsonPath  *path,
                    const char        *member,
                    gint64             default_value,
                    gint64            *value,
                    GError           **error)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = default_value;

  if (!is_present (reader, pos))
    return TRUE;

  return read_integer (reader, path, member, value, error);
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

/* A string value that should hold milliseconds: 0 and not a number when
 * it is something else, FALSE when it has too many digits. */
static gboolean
read_digit_string (RdJsonReader *reader,
                   gboolean     *is_digits,
                   gint64       *ms)
{
  RdJsonString string;
  char buffer[64];
  g_autofree char *copy = NULL;
  const char *text = buffer;
  guint64 unsigned_ms;

  rd_json_reader_read_string (reader, &string);
  if (string.raw_length < sizeof buffer)
    rd_json_string_decode_into (&string, buffer);
  else
    text = copy = rd_json_string_dup (&string);

  *is_digits = is_ascii_digits (text);
  if (!*is_digits)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &unsigned_ms, NULL))
    return FALSE;

  *ms = (gint64)unsigned_ms;

  return TRUE;
}

gboolean
rd_json_read_timestamp (RdJsonReader      *reader,
                        gsize              pos,
                        const RdJsonPath  *path,
                        const char        *member,
                        gint64             default_value,
                        gint64            *value,
                        GError           **error)
{
  RdJsonKind kind;
  gboolean is_number = FALSE;
  gint64 ms = 0;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = default_value;

  if (!is_present (reader, pos))
    return TRUE;

  kind = rd_json_reader_kind (reader);

  if (kind == RD_JSON_KIND_NUMBER)
    {
      is_number = rd_json_reader_read_number (reader, &ms);
    }
  else if (kind == RD_JSON_KIND_STRING)
    {
      /* Older service versions sent "1700288912934". */
      if (!read_digit_string (reader, &is_number, &ms))
        return rd_json_set_error (error, path, member, RD_JSON_OUT_OF_RANGE);
    }

  if (!is_number)
    return rd_json_set_error (error, path, member, RD_JSON_EXPECTED_TIMESTAMP);

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

/* {{{ The scan before the models
 *
 * The models are read from the bytes themselves (rd-json-reader.c), which
 * trusts them; this scan makes them trustworthy first. It holds the answer to
 * RFC 8259 and refuses what json-glib 1.6, which the parser used before,
 * would have taken silently and what no model could hold exactly: comments,
 * single quotes, hex and leading zeros, integers beyond 64 bits
 * (99999999999999999999), numbers beyond a double (1e400), "\u0000" and a
 * member name repeated in one object. It counts the depth without recursing
 * deeper than RD_PARSE_MAX_DEPTH, so a JSON bomb cannot overflow the stack. */

/* The names of one object so far, to notice a repeated one: a hash set per
 * depth, reused by each object at that depth (a new generation empties it). */
typedef struct
{
  const char *name;               /* decoded; the raw text when it has no escape */
  const char *raw;
  guint32     name_length;
  guint32     raw_length;
  guint32     hash;
  guint32     generation;
} NameSlot;

typedef struct
{
  NameSlot   *slots;
  guint32     mask;               /* the number of slots - 1 */
  guint32     n_used;
  guint32     generation;
} NameSet;

typedef struct
{
  const char *key;                /* the raw, still escaped name */
  gsize       key_length;
  gsize       index;
  gboolean    in_object;
} Frame;

typedef struct
{
  const char   *data;
  gsize         length;
  gsize         pos;
  guint         depth;
  char         *range_path;       /* the first number out of range */
  char         *repeat_message;   /* the first repeated member name */
  GStringChunk *decoded_names;    /* the names that had escapes, decoded */
  GError      **error;
  Frame         stack[RD_PARSE_MAX_DEPTH];
  NameSet       names[RD_PARSE_MAX_DEPTH];
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
      guchar c;
      gsize escape_start;
      gunichar code;

      /* Most of an answer is plain text between quotes: step over it in a
       * tight loop, and look closer only at what ends it. */
      {
        const guchar *p = (const guchar *)s->data + s->pos;
        const guchar *end = (const guchar *)s->data + s->length;

        /* Eight bytes at a time while none is a quote, a backslash or a
         * control character (the classic "has a zero byte" test, on the
         * word and on its XOR with each character). Its lowest flag is
         * exact (a false one can only follow a true one), so on a
         * little-endian machine it says which byte ends the plain text. */
        while (end - p >= 8)
          {
            const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
            const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
            guint64 word, quotes, backslashes, found;

            memcpy (&word, p, sizeof word);
            quotes = word ^ (ones * '"');
            backslashes = word ^ (ones * '\\');
            found = (((word - ones * 0x20) & ~word) |
                     ((quotes - ones) & ~quotes) |
                     ((backslashes - ones) & ~backslashes)) & highs;
            if (found != 0)
              {
#if G_BYTE_ORDER == G_LITTLE_ENDIAN && defined (__GNUC__)
                p += __builtin_ctzll (found) / 8;
#endif
                break;
              }
            p += 8;
          }
        while (p < end && *p >= 0x20 && *p != '"' && *p != '\\')
          p++;
        s->pos = p - (const guchar *)s->data;
        if (p == end)
          break;
      }

      c = (guchar)s->data[s->pos];
      escape_start = s->pos;

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

  if (in_object)
    {
      NameSet *set = &s->names[s->depth];

      set->n_used = 0;
      if (++set->generation == 0)
        {
          /* After 2^32 objects at this depth: start the count again. */
          if (set->slots != NULL)
            memset (set->slots, 0, sizeof (NameSlot) * ((gsize)set->mask + 1));
          set->generation = 1;
        }
    }

  frame = &s->stack[s->depth++];
  frame->key = NULL;
  frame->key_length = 0;
  frame->index = 0;
  frame->in_object = in_object;

  return frame;
}

static void
pop_frame (Scanner *s)
{
  g_assert (s->depth > 0);

  s->depth--;
}

/* Cheap, and good enough for a table that compares the names anyway: the
 * first and the last eight bytes (which cover a name of up to 16, most of
 * them), FNV-1a for shorter names. */
static guint32
hash_name (const char *name,
           gsize       length)
{
  guint64 head, tail, mixed;
  guint32 hash = 2166136261u;

  if (length < 8)
    {
      for (gsize i = 0; i < length; i++)
        hash = (hash ^ (guchar)name[i]) * 16777619u;
      return hash;
    }

  memcpy (&head, name, sizeof head);
  memcpy (&tail, name + length - sizeof tail, sizeof tail);
  mixed = (head * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) ^
          (tail * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F)) ^ length;

  return (guint32)(mixed ^ (mixed >> 32));
}

static void
name_set_grow (NameSet *set)
{
  guint32 old_n_slots = set->slots != NULL ? set->mask + 1 : 0;
  guint32 n_slots = old_n_slots > 0 ? old_n_slots * 2 : 16;
  NameSlot *old_slots = set->slots;

  set->slots = g_new0 (NameSlot, n_slots);
  set->mask = n_slots - 1;

  for (guint32 i = 0; i < old_n_slots; i++)
    {
      guint32 j;

      if (old_slots[i].generation != set->generation)
        continue;

      for (j = old_slots[i].hash & set->mask;
           set->slots[j].generation == set->generation;
           j = (j + 1) & set->mask)
        ;
      set->slots[j] = old_slots[i];
    }

  g_free (old_slots);
}

/* Adds the name; returns the slot of the same name seen before, if any. */
static const NameSlot *
name_set_add (NameSet    *set,
              const char *name,
              gsize       name_length,
              const char *raw,
              gsize       raw_length)
{
  guint32 hash = hash_name (name, name_length);
  guint32 i;

  /* At most half full, so a probe ends soon. */
  if (set->slots == NULL || (gsize)(set->n_used + 1) * 2 > (gsize)set->mask + 1)
    name_set_grow (set);

  for (i = hash & set->mask; set->slots[i].generation == set->generation; i = (i + 1) & set->mask)
    {
      const NameSlot *slot = &set->slots[i];

      if (slot->hash == hash && slot->name_length == name_length &&
          memcmp (slot->name, name, name_length) == 0)
        return slot;
    }

  set->slots[i].name = name;
  set->slots[i].name_length = (guint32)name_length;
  set->slots[i].raw = raw;
  set->slots[i].raw_length = (guint32)raw_length;
  set->slots[i].hash = hash;
  set->slots[i].generation = set->generation;
  set->n_used++;

  return NULL;
}

/* Notes the first repeated name and scans on, so that a syntax error later
 * in the answer is still the one reported, as when json-glib parsed the
 * whole answer before the names were counted. */
static void
check_repeated_name (Scanner *s,
                     Frame   *frame)
{
  NameSet *set = &s->names[s->depth - 1];
  const char *name = frame->key;
  gsize name_length = frame->key_length;
  const NameSlot *seen;

  if (s->repeat_message != NULL)
    return;

  /* A name with escapes is compared decoded: "\u0061" is "a". */
  if (memchr (frame->key, '\\', frame->key_length) != NULL)
    {
      RdJsonString raw = { frame->key, frame->key_length };
      g_autofree char *decoded = rd_json_string_dup (&raw);

      if (s->decoded_names == NULL)
        s->decoded_names = g_string_chunk_new (1024);
      name_length = strlen (decoded);
      name = g_string_chunk_insert_len (s->decoded_names, decoded, (gssize)name_length);
    }

  seen = name_set_add (set, name, name_length, frame->key, frame->key_length);
  if (seen == NULL)
    return;

  if (seen->raw_length != frame->key_length ||
      memcmp (seen->raw, frame->key, frame->key_length) != 0)
    {
      /* Two spellings of one name, such as "a" and "\u0061". */
      s->repeat_message = g_strdup (_("The answer repeats a member name in one of its objects"));
    }
  else
    {
      g_autofree char *path = scanner_dup_path (s);

      /* Translators: %s is where in the answer, such as release_package.package_id */
      s->repeat_message = g_strdup_printf (_("%s: the member appears more than once"), path);
    }
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
      check_repeated_name (s, frame);

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
  for (guint i = 0; i < RD_PARSE_MAX_DEPTH; i++)
    g_clear_pointer (&s->names[i].slots, g_free);
  g_clear_pointer (&s->range_path, g_free);
  g_clear_pointer (&s->repeat_message, g_free);
  g_clear_pointer (&s->decoded_names, g_string_chunk_free);
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
  const char *p = data;
  const char *stop = data + length;
  const char *end;
  gulong offset;

  /* Most of an answer is ASCII: g_utf8_validate_len() goes only over the
   * stretches of other bytes, which no ASCII byte can be part of, so this
   * says exactly what one call over the whole answer would. */
  for (;;)
    {
      const char *run;

      /* Eight bytes at a time while none is NUL or above 0x7F. */
      while (stop - p >= 8)
        {
          guint64 word;

          memcpy (&word, p, sizeof word);
          if (((word | ((word - G_GUINT64_CONSTANT (0x0101010101010101)) & ~word)) &
               G_GUINT64_CONSTANT (0x8080808080808080)) != 0)
            break;
          p += 8;
        }
      while (p < stop && (guchar)*p < 0x80 && *p != '\0')
        p++;
      if (p == stop)
        return TRUE;
      if (*p == '\0')
        {
          end = p;
          break;
        }

      for (run = p; run < stop && (guchar)*run >= 0x80; run++)
        ;
      if (!g_utf8_validate_len (p, run - p, &end))
        break;
      p = run;
    }

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

static gboolean
check_names_not_repeated (const Scanner  *s,
                          GError        **error)
{
  if (s->repeat_message == NULL)
    return TRUE;

  g_set_error_literal (error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX, s->repeat_message);

  return FALSE;
}

/* Everything before the models: UTF-8, the scan, numbers, repeated names.
 * Sets @root_pos to where the root object starts. With @allow_empty, an
 * empty body (only white space) passes, with @root_pos set to 0. */
static gboolean
parse_checked (GBytes     *bytes,
               gboolean    allow_empty,
               gsize      *root_pos,
               GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(Scanner) s = { 0, };
  const char *data;
  gsize length;
  gsize start = 0;

  *root_pos = 0;

  data = g_bytes_get_data (bytes, &length);
  if (data == NULL)
    data = "";

  if (!check_utf8 (data, length, error))
    return FALSE;

  /* A byte order mark may be ignored (RFC 8259, section 8.1); json-glib did. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    start = 3;

  s.data = data;
  s.length = length;
  s.pos = start;
  s.error = &local_error;

  skip_whitespace (&s);

  if (s.pos == length)
    {
      if (allow_empty)
        return TRUE;

      g_set_error_literal (error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX,
                           _("The answer is empty"));
      return FALSE;
    }

  if (data[s.pos] == '<')
    {
      g_set_error_literal (error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX,
                           _("The answer looks like an HTML page, not JSON; "
                             "check the endpoint address"));
      return FALSE;
    }

  *root_pos = s.pos;

  if (!scan_document (&s) ||
      !check_root_is_object (data[*root_pos], &local_error) ||
      !check_numbers_in_range (&s, &local_error) ||
      !check_names_not_repeated (&s, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * rd_parse_package_detail:
 * @bytes: the body of the detail call's answer
 * @error: return location for a #RD_PARSE_ERROR
 *
 * Parses a detail answer strictly: every documented member, when present and
 * not null, has its documented type; unknown members and unknown enumeration
 * values are kept (in the document, @bytes itself, which the package keeps).
 * This calls no main-context API, so it may run in a worker thread.
 *
 * Returns: (transfer full): the package, or %NULL with @error set
 */
RdReleasePackage *
rd_parse_package_detail (GBytes  *bytes,
                         GError **error)
{
  gsize root_pos;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!parse_checked (bytes, FALSE, &root_pos, error))
    return NULL;

  return rd_release_package_new_from_document (bytes, root_pos, error);
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
  static const char * const names[] = { "data", "total" };
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;
  RdJsonReader reader;
  gsize at[G_N_ELEMENTS (names)];
  gsize root_pos;
  gint64 count;
  const char *data;
  gsize length;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (total != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!parse_checked (bytes, FALSE, &root_pos, error))
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  rd_json_reader_init (&reader, data, length, root_pos);
  rd_json_reader_find_root_members (&reader, names, G_N_ELEMENTS (names), at);

  /* Both are mandatory: null is not "absent" here. */
  if (at[0] == RD_JSON_ABSENT)
    {
      rd_json_set_error (error, &document_path, "data", RD_JSON_MISSING);
      return NULL;
    }
  if (kind_at (&reader, at[0]) != RD_JSON_KIND_ARRAY)
    {
      rd_json_set_error (error, &document_path, "data", RD_JSON_EXPECTED_ARRAY);
      return NULL;
    }

  if (at[1] == RD_JSON_ABSENT)
    {
      rd_json_set_error (error, &document_path, "total", RD_JSON_MISSING);
      return NULL;
    }
  reader.pos = at[1];
  if (!read_integer (&reader, &document_path, "total", &count, error))
    return NULL;
  if (count < 0 || count > G_MAXUINT32)
    {
      rd_json_set_error (error, &document_path, "total", RD_JSON_OUT_OF_RANGE);
      return NULL;
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);

  reader.pos = at[0];
  rd_json_reader_enter (&reader);
  for (guint i = 0; rd_json_reader_next (&reader); i++)
    {
      RdJsonPath path = RD_JSON_PATH_INIT ("data", i);
      RdReleasePackage *package;

      package = rd_release_package_new_from_list_entry (&reader, &path, error);
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
read_package_id (RdJsonReader      *reader,
                 gsize              pos,
                 const RdJsonPath  *path,
                 char             **package_id,
                 GError           **error)
{
  RdJsonString string;
  gint64 number;

  if (!is_present (reader, pos))
    return rd_json_set_error (error, path, "package_id", RD_JSON_MISSING);

  switch (rd_json_reader_kind (reader))
    {
    case RD_JSON_KIND_STRING:
      rd_json_reader_read_string (reader, &string);
      if (string.raw_length == 0)
        break;
      *package_id = rd_json_string_dup (&string);
      return TRUE;

    case RD_JSON_KIND_NUMBER:
      if (!rd_json_reader_read_number (reader, &number))
        break;
      *package_id = g_strdup_printf ("%" G_GINT64_FORMAT, number);
      return TRUE;

    default:
      break;
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
  static const char * const root_names[] = { "deploy_package_details" };
  static const char * const names[] = { "asy_subtask_num", "asy_task_id", "package_id" };
  g_autoptr(GPtrArray) details = NULL;
  RdJsonReader reader;
  gsize list_pos;
  gsize root_pos;
  const char *data;
  gsize length;

  if (!parse_checked (bytes, FALSE, &root_pos, error))
    return NULL;

  details = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_deploy_detail_free);

  data = g_bytes_get_data (bytes, &length);
  rd_json_reader_init (&reader, data, length, root_pos);
  rd_json_reader_find_root_members (&reader, root_names, G_N_ELEMENTS (root_names),
                                    &list_pos);
  if (!is_present (&reader, list_pos))
    return g_steal_pointer (&details);

  if (rd_json_reader_kind (&reader) != RD_JSON_KIND_ARRAY)
    {
      rd_json_set_error (error, &document_path, "deploy_package_details", RD_JSON_EXPECTED_ARRAY);
      return NULL;
    }

  rd_json_reader_enter (&reader);
  for (guint i = 0; rd_json_reader_next (&reader); i++)
    {
      RdJsonPath path = RD_JSON_PATH_INIT ("deploy_package_details", i);
      g_autoptr(RdDeployDetail) detail = g_new0 (RdDeployDetail, 1);
      RdJsonString task_id;
      gsize at[G_N_ELEMENTS (names)];
      gsize end;

      if (rd_json_reader_kind (&reader) != RD_JSON_KIND_OBJECT)
        {
          rd_json_set_error (error, &path, NULL, RD_JSON_EXPECTED_OBJECT);
          return NULL;
        }

      rd_json_reader_find_members (&reader, names, G_N_ELEMENTS (names), at);
      end = reader.pos;

      if (!rd_json_read_int (&reader, at[0], &path, names[0], RD_VALUE_ABSENT,
                             &detail->async_subtask_count, error) ||
          !rd_json_read_string (&reader, at[1], &path, names[1], &task_id, error) ||
          !read_package_id (&reader, at[2], &path, &detail->package_id, error))
        return NULL;

      if (task_id.raw != NULL)
        detail->async_task_id = rd_json_string_dup (&task_id);
      g_ptr_array_add (details, g_steal_pointer (&detail));
      reader.pos = end;
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
  gsize root_pos;

  return parse_checked (bytes, TRUE, &root_pos, error);
}

/* }}} */
