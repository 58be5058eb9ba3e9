/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-json-check.c: what json-glib 1.6 cannot be trusted with: checked before it parses, mended
 * after it writes.
 *
 * json-glib 1.6 reads JSON with a copy of GScanner. Unchecked, it takes:
 *  - any nesting, recursing once per level: 100,000 "[" overflow the stack;
 *  - any number of nodes, about 300 bytes per "{}": 64 MiB of them would be 6 GB;
 *  - integers beyond 64 bits, wrapped (99999999999999999999 reads as -1), and numbers beyond
 *    a double as infinity, which its generator writes as "inf.0";
 *  - "\u0000", which cuts the string short, and an unpaired surrogate, which it keeps as bytes
 *    that are not UTF-8;
 *  - a member name twice in one object, keeping the last value, at the cost of a walk of the
 *    object's names per repeat (0.9 MB of repeats keep it busy for a minute);
 *  - text after the document ("{}{}" keeps the first and leaks the second), comments, single
 *    quotes, hex, octal (010 reads as 8), "1.", escapes JSON does not have and raw control
 *    characters in strings;
 * and it says where a syntax error is only roughly (in bytes, past the token, at times at the
 * wrong token). So this one pass over the bytes holds them to RFC 8259 and to those bounds,
 * building nothing: what json-glib then parses means to it what it means to RFC 8259, and the
 * errors say where, in characters, as an editor counts them. Accepted as json-glib reads them:
 * a byte order mark (skipped), a number with more digits than a double holds or below its
 * smallest (the nearest double, 0 for 1e-400), integers beyond 2^53 (kept exactly in 64 bits).
 * tests/README.md lists each case with the test that fails without this check. */
#define G_LOG_DOMAIN "rd-json-check"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "rd-json-check.h"

G_DEFINE_QUARK (rd-parse-error-quark, rd_parse_error)

/* What json-glib 1.6 allocates for a node, measured on x86-64 with GLib 2.74 (the node, its
 * value, a hash table per object, a copy of each name): an object about 300 bytes, an array
 * 120, any other value up to 112, a member name 72 more; strings add their text. */
#define OBJECT_BYTES 300
#define ARRAY_BYTES  120
#define VALUE_BYTES  112
#define NAME_BYTES    72

typedef struct
{
  const char *key;                /* the member being read, raw (still escaped) */
  gsize       key_length;
  gsize       index;              /* the element being read */
  gboolean    in_object;
} Frame;

/* A member name of the open object at one depth. */
typedef struct
{
  const char *text;               /* decoded: into the answer itself when it has no escape */
  gsize       length;
  const char *raw;                /* as written, between the quotes */
  gsize       raw_length;
} Name;

/* The names of the open object at one depth, reused by each object there: compared one by one
 * while there are few (a task has about 15), through a hash table once there are more. */
#define FEW_NAMES 16

typedef struct
{
  GArray     *names;              /* Name */
  GHashTable *index;              /* decoded name → its raw Name, past FEW_NAMES */
  GPtrArray  *decoded;            /* the decoded copies of names that had escapes */
} NameSet;

typedef struct
{
  const char  *data;
  gsize        length;
  gsize        pos;
  guint        depth;
  guint        max_depth;
  gsize        tree_bytes;
  Frame       *stack;             /* max_depth frames */
  NameSet     *names;             /* per depth */
  char        *range_path;        /* the first number out of range */
  char        *repeat_message;    /* the first member name seen twice */
  GError     **error;
} Checker;

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

/* {{{ Messages */

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
      else if (((guchar) data[i] & 0xC0) != 0x80)
        {
          *column += 1;
        }
    }
}

static gboolean
fail (Checker    *c,
      gsize       offset,
      const char *reason)
{
  gulong line, column;

  locate (c->data, offset, &line, &column);
  g_set_error (c->error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX,
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
dup_token (const Checker *c,
           gsize          pos)
{
  const char *p = c->data + pos;
  guchar first = (guchar) *p;

  if (is_word_char (*p))
    {
      gsize end = pos;

      while (end < c->length && end - pos < 24 && is_word_char (c->data[end]))
        end++;

      return g_strndup (p, end - pos);
    }

  if (first < 0x20 || first == 0x7F)
    return g_strdup_printf ("U+%04X", first);

  /* The bytes were checked to be UTF-8, so the character is whole. */
  return g_strndup (p, g_utf8_next_char (p) - p);
}

static gboolean
fail_unexpected (Checker     *c,
                 gsize        pos,
                 Expectation  expectation)
{
  g_autofree char *token = NULL;
  g_autofree char *reason = NULL;

  if (pos >= c->length)
    return fail (c, c->length, _("it ends too early"));

  token = dup_token (c, pos);

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

  return fail (c, pos, reason);
}

/* Like a member path in the parser's messages: task_details[3].deploy_status */
static char *
dup_path (const Checker *c)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < c->depth; i++)
    {
      const Frame *frame = &c->stack[i];

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

/* }}} */

/* {{{ Tokens */

static void
skip_whitespace (Checker *c)
{
  while (c->pos < c->length)
    {
      char ch = c->data[c->pos];

      if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t')
        break;
      c->pos++;
    }
}

/* The four hex digits at @pos, or -1. */
static int
read_hex4 (const Checker *c,
           gsize          pos)
{
  int code = 0;

  if (pos + 4 > c->length)
    return -1;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (c->data[pos + i]);

      if (digit < 0)
        return -1;
      code = (code << 4) | digit;
    }

  return code;
}

/* At a quote: moves past the string. */
static gboolean
scan_string (Checker *c)
{
  c->pos++;

  while (c->pos < c->length)
    {
      guchar ch = (guchar) c->data[c->pos];
      gsize escape_start = c->pos;
      int code;

      if (ch == '"')
        {
          c->pos++;
          return TRUE;
        }

      if (ch < 0x20)
        {
          g_autofree char *reason =
            g_strdup_printf (_("control character U+%04X in a string; it must be escaped"), ch);

          return fail (c, c->pos, reason);
        }

      c->pos++;
      if (ch != '\\')
        continue;

      if (c->pos >= c->length)
        break;

      switch (c->data[c->pos])
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          c->pos++;
          break;

        case 'u':
          code = read_hex4 (c, c->pos + 1);
          if (code < 0)
            return fail (c, escape_start, _("invalid “\\u” escape in a string"));
          c->pos += 5;

          if (code == 0)
            return fail (c, escape_start, _("“\\u0000” in a string is not supported"));

          if (code >= 0xDC00 && code <= 0xDFFF)
            return fail (c, escape_start, _("unpaired surrogate in a string"));

          if (code >= 0xD800 && code <= 0xDBFF)
            {
              if (c->pos + 2 > c->length ||
                  c->data[c->pos] != '\\' || c->data[c->pos + 1] != 'u' ||
                  (code = read_hex4 (c, c->pos + 2)) < 0xDC00 || code > 0xDFFF)
                return fail (c, escape_start, _("unpaired surrogate in a string"));
              c->pos += 6;
            }
          break;

        default:
          return fail (c, escape_start, _("invalid escape sequence in a string"));
        }
    }

  return fail (c, c->length, _("it ends too early"));
}

/* The text of a string scan_string() took, between its quotes, decoded. */
static char *
decode_string (const char *raw,
               gsize       length)
{
  GString *text = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      gunichar code;

      if (raw[i] != '\\')
        {
          g_string_append_c (text, raw[i]);
          continue;
        }

      switch (raw[++i])
        {
        case 'b': g_string_append_c (text, '\b'); break;
        case 'f': g_string_append_c (text, '\f'); break;
        case 'n': g_string_append_c (text, '\n'); break;
        case 'r': g_string_append_c (text, '\r'); break;
        case 't': g_string_append_c (text, '\t'); break;
        case 'u':
          code = 0;
          for (guint k = 1; k <= 4; k++)
            code = (code << 4) | (gunichar) g_ascii_xdigit_value (raw[i + k]);
          i += 4;
          if (code >= 0xD800 && code <= 0xDBFF)
            {
              gunichar low = 0;

              for (guint k = 3; k <= 6; k++)
                low = (low << 4) | (gunichar) g_ascii_xdigit_value (raw[i + k]);
              i += 6;
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            }
          g_string_append_unichar (text, code);
          break;
        default:
          g_string_append_c (text, raw[i]);
          break;
        }
    }

  return g_string_free (text, FALSE);
}

static gsize
skip_digits (Checker *c)
{
  gsize start = c->pos;

  while (c->pos < c->length && g_ascii_isdigit (c->data[c->pos]))
    c->pos++;

  return c->pos - start;
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
  g_autofree char *number = g_strndup (text, length);

  return isfinite (g_ascii_strtod (number, NULL));
}

static gboolean
scan_number (Checker *c)
{
  gsize start = c->pos;
  gsize int_start;
  gsize n_int_digits;
  gboolean negative = FALSE;
  gboolean is_integer = TRUE;

  if (c->data[c->pos] == '-')
    {
      negative = TRUE;
      c->pos++;
    }

  int_start = c->pos;
  n_int_digits = skip_digits (c);
  if (n_int_digits == 0 || (n_int_digits > 1 && c->data[int_start] == '0'))
    return fail_unexpected (c, start, EXPECT_NUMBER);

  if (c->pos < c->length && c->data[c->pos] == '.')
    {
      is_integer = FALSE;
      c->pos++;
      if (skip_digits (c) == 0)
        return fail_unexpected (c, start, EXPECT_NUMBER);
    }

  if (c->pos < c->length && (c->data[c->pos] == 'e' || c->data[c->pos] == 'E'))
    {
      is_integer = FALSE;
      c->pos++;
      if (c->pos < c->length && (c->data[c->pos] == '+' || c->data[c->pos] == '-'))
        c->pos++;
      if (skip_digits (c) == 0)
        return fail_unexpected (c, start, EXPECT_NUMBER);
    }

  /* "0x10", "1.5.2", "12abc" */
  if (c->pos < c->length && is_word_char (c->data[c->pos]))
    return fail_unexpected (c, start, EXPECT_NUMBER);

  /* A bare number as the whole answer is not an object, which the parser says instead. */
  if (c->range_path == NULL && c->depth > 0 &&
      !(is_integer
        ? integer_fits_int64 (c->data + int_start, n_int_digits, negative)
        : double_is_finite (c->data + start, c->pos - start)))
    c->range_path = dup_path (c);

  return TRUE;
}

static gboolean
scan_literal (Checker     *c,
              const char  *word,
              Expectation  expectation)
{
  gsize length = strlen (word);

  if (c->length - c->pos < length ||
      memcmp (c->data + c->pos, word, length) != 0 ||
      (c->pos + length < c->length && is_word_char (c->data[c->pos + length])))
    return fail_unexpected (c, c->pos, expectation);

  c->pos += length;

  return TRUE;
}

/* }}} */

/* {{{ Structure */

static gboolean
add_tree_bytes (Checker *c,
                gsize    bytes)
{
  gulong line, column;

  c->tree_bytes += bytes;
  if (c->tree_bytes <= RD_JSON_CHECK_MAX_TREE_BYTES)
    return TRUE;

  locate (c->data, c->pos, &line, &column);
  g_set_error (c->error, RD_PARSE_ERROR, RD_PARSE_ERROR_TOO_LARGE,
               /* Translators: %lu are numbers; no real answer holds that much */
               _("The answer holds more values than Release Desk reads at once (about %lu MB "
                 "in memory; stopped at line %lu, column %lu)"),
               (gulong) (RD_JSON_CHECK_MAX_TREE_BYTES / 1000000), line, column);

  return FALSE;
}

static gboolean
push_frame (Checker  *c,
            gboolean  in_object)
{
  Frame *frame;

  if (c->depth == c->max_depth)
    {
      gulong line, column;

      locate (c->data, c->pos, &line, &column);
      g_set_error (c->error, RD_PARSE_ERROR, RD_PARSE_ERROR_TOO_DEEP,
                   /* Translators: %d is a number of levels; no real answer nests that deep */
                   _("The answer nests deeper than %d levels (line %lu, column %lu)"),
                   (int) c->max_depth, line, column);
      return FALSE;
    }

  if (in_object)
    {
      NameSet *set = &c->names[c->depth];

      if (set->names == NULL)
        {
          set->names = g_array_new (FALSE, FALSE, sizeof (Name));
          set->decoded = g_ptr_array_new_with_free_func (g_free);
        }
      g_array_set_size (set->names, 0);
      g_ptr_array_set_size (set->decoded, 0);
      if (set->index != NULL)
        g_hash_table_remove_all (set->index);
    }

  frame = &c->stack[c->depth++];
  frame->key = NULL;
  frame->key_length = 0;
  frame->index = 0;
  frame->in_object = in_object;
  c->pos++;

  return add_tree_bytes (c, in_object ? OBJECT_BYTES : ARRAY_BYTES);
}

/* What follows a value: the document's end, or the rest of the array or object it is in. */
static Expectation
after_value (const Checker *c)
{
  if (c->depth == 0)
    return EXPECT_END_OF_DOCUMENT;

  return c->stack[c->depth - 1].in_object ? EXPECT_COMMA_OR_OBJECT_END
                                          : EXPECT_COMMA_OR_ARRAY_END;
}

/* The name seen before in this object that reads as @name, or NULL; adds @name. */
static const Name *
name_set_add (NameSet    *set,
              const Name *name)
{
  const Name *seen;
  char *key;

  if (set->names->len < FEW_NAMES)
    {
      for (guint i = 0; i < set->names->len; i++)
        {
          seen = &g_array_index (set->names, Name, i);
          if (seen->length == name->length && memcmp (seen->text, name->text, name->length) == 0)
            return seen;
        }

      g_array_append_val (set->names, *name);
      return NULL;
    }

  if (set->index == NULL)
    set->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* The first names go into the table too, now that it is needed. */
  if (g_hash_table_size (set->index) == 0)
    {
      for (guint i = 0; i < set->names->len; i++)
        {
          seen = &g_array_index (set->names, Name, i);
          g_hash_table_insert (set->index, g_strndup (seen->text, seen->length),
                               g_memdup2 (seen, sizeof *seen));
        }
    }

  key = g_strndup (name->text, name->length);
  seen = g_hash_table_lookup (set->index, key);
  if (seen != NULL)
    {
      g_free (key);
      return seen;
    }

  g_hash_table_insert (set->index, key, g_memdup2 (name, sizeof *name));
  g_array_append_val (set->names, *name);

  return NULL;
}

/* Notes the first repeated name and reads on, so that a syntax error later in the answer is
 * still the one reported. A name with escapes is compared decoded: "\u0061" is "a". */
static void
note_name (Checker *c,
           Frame   *frame)
{
  NameSet *set = &c->names[c->depth - 1];
  Name name = { frame->key, frame->key_length, frame->key, frame->key_length };
  const Name *seen;

  if (c->repeat_message != NULL)
    return;

  if (memchr (frame->key, '\\', frame->key_length) != NULL)
    {
      char *decoded = decode_string (frame->key, frame->key_length);

      g_ptr_array_add (set->decoded, decoded);
      name.text = decoded;
      name.length = strlen (decoded);
    }

  if ((seen = name_set_add (set, &name)) == NULL)
    return;

  if (seen->raw_length != name.raw_length || memcmp (seen->raw, name.raw, name.raw_length) != 0)
    {
      /* Two spellings of one name, such as "a" and "\u0061". */
      c->repeat_message = g_strdup (_("The answer repeats a member name in one of its objects"));
    }
  else
    {
      g_autofree char *path = dup_path (c);

      /* Translators: %s is where in the answer, such as release_package.package_id */
      c->repeat_message = g_strdup_printf (_("%s: the member appears more than once"), path);
    }
}

static gboolean
scan_value (Checker     *c,
            Expectation *expect)
{
  gsize start = c->pos;

  switch (c->data[c->pos])
    {
    case '{':
      *expect = EXPECT_NAME_OR_OBJECT_END;
      return push_frame (c, TRUE);

    case '[':
      *expect = EXPECT_VALUE_OR_ARRAY_END;
      return push_frame (c, FALSE);

    case '"':
      if (!scan_string (c))
        return FALSE;
      break;

    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      if (!scan_number (c))
        return FALSE;
      break;

    case 't':
      if (!scan_literal (c, "true", *expect))
        return FALSE;
      break;

    case 'f':
      if (!scan_literal (c, "false", *expect))
        return FALSE;
      break;

    case 'n':
      if (!scan_literal (c, "null", *expect))
        return FALSE;
      break;

    default:
      return fail_unexpected (c, c->pos, *expect);
    }

  *expect = after_value (c);

  return add_tree_bytes (c, VALUE_BYTES + (c->pos - start));
}

static gboolean
scan_name (Checker *c)
{
  Frame *frame = &c->stack[c->depth - 1];
  gsize start = c->pos;

  if (!scan_string (c))
    return FALSE;

  frame->key = c->data + start + 1;
  frame->key_length = c->pos - start - 2;
  note_name (c, frame);

  return add_tree_bytes (c, NAME_BYTES + frame->key_length);
}

/* One value, whatever it holds, one token at a time: nothing recurses. */
static gboolean
scan_document (Checker *c)
{
  Expectation expect = EXPECT_VALUE;

  for (;;)
    {
      Frame *top = c->depth > 0 ? &c->stack[c->depth - 1] : NULL;
      char ch;

      skip_whitespace (c);
      if (c->pos >= c->length)
        return expect == EXPECT_END_OF_DOCUMENT ||
               fail (c, c->length, _("it ends too early"));

      ch = c->data[c->pos];

      switch (expect)
        {
        case EXPECT_VALUE_OR_ARRAY_END:
        case EXPECT_NAME_OR_OBJECT_END:
          if (ch == (expect == EXPECT_NAME_OR_OBJECT_END ? '}' : ']'))
            {
              c->pos++;
              c->depth--;
              expect = after_value (c);
              break;
            }
          if (expect == EXPECT_VALUE_OR_ARRAY_END)
            {
              if (!scan_value (c, &expect))
                return FALSE;
              break;
            }
          G_GNUC_FALLTHROUGH;

        case EXPECT_NAME:
          if (ch != '"')
            return fail_unexpected (c, c->pos, expect);
          if (!scan_name (c))
            return FALSE;
          expect = EXPECT_COLON;
          break;

        case EXPECT_VALUE:
          if (!scan_value (c, &expect))
            return FALSE;
          break;

        case EXPECT_COLON:
          if (ch != ':')
            return fail_unexpected (c, c->pos, expect);
          c->pos++;
          expect = EXPECT_VALUE;
          break;

        case EXPECT_COMMA_OR_OBJECT_END:
        case EXPECT_COMMA_OR_ARRAY_END:
          if (ch == ',')
            {
              c->pos++;
              top->index++;
              expect = top->in_object ? EXPECT_NAME : EXPECT_VALUE;
              break;
            }
          if (ch != (top->in_object ? '}' : ']'))
            return fail_unexpected (c, c->pos, expect);
          c->pos++;
          c->depth--;
          expect = after_value (c);
          break;

        case EXPECT_END_OF_DOCUMENT:
        case EXPECT_NUMBER:
        default:
          return fail_unexpected (c, c->pos, EXPECT_END_OF_DOCUMENT);
        }
    }
}

/* }}} */

static gboolean
check_utf8 (const char  *data,
            gsize        length,
            GError     **error)
{
  const char *end;

  if (g_utf8_validate_len (data, length, &end))
    return TRUE;

  /* A NUL byte is UTF-8, but JSON allows it nowhere. */
  if (*end == '\0')
    g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX,
                 /* Translators: %lu is a byte offset, counted from 0 */
                 _("The answer is not valid JSON: it holds a NUL byte at byte offset %lu"),
                 (gulong) (end - data));
  else
    g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_INVALID_UTF8,
                 /* Translators: %lu is a byte offset, counted from 0 */
                 _("The answer is not valid UTF-8 text (invalid byte at offset %lu)"),
                 (gulong) (end - data));

  return FALSE;
}

/**
 * rd_json_check:
 * @data: the bytes of an answer; need not end in a NUL
 * @length: their length
 * @max_depth: the deepest nesting accepted, at most %RD_JSON_CHECK_MAX_DEPTH
 * @error: return location for a #RD_PARSE_ERROR
 *
 * Says whether json-glib may parse @data. Syntax errors come first, wherever they are; then
 * the first number out of range; then the first repeated member name.
 *
 * Returns: %TRUE when json-glib will read @data as RFC 8259 means it
 */
gboolean
rd_json_check (const char  *data,
               gsize        length,
               guint        max_depth,
               GError     **error)
{
  g_autofree Frame *stack = NULL;
  g_autofree NameSet *names = NULL;
  Checker c = { 0, };
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (max_depth > 0 && max_depth <= RD_JSON_CHECK_MAX_DEPTH, FALSE);

  if (data == NULL)
    data = "";

  if (!check_utf8 (data, length, error))
    return FALSE;

  c.data = data;
  c.length = length;
  c.max_depth = max_depth;
  c.error = error;

  /* A byte order mark may be ignored (RFC 8259, section 8.1); json-glib does. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    c.pos = 3;

  skip_whitespace (&c);

  if (c.pos == length)
    {
      g_set_error_literal (error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX, _("The answer is empty"));
      return FALSE;
    }

  if (data[c.pos] == '<')
    {
      g_set_error_literal (error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX,
                           _("The answer looks like an HTML page, not JSON; "
                             "check the endpoint address"));
      return FALSE;
    }

  c.stack = stack = g_new (Frame, max_depth);
  c.names = names = g_new0 (NameSet, max_depth);

  ok = scan_document (&c);

  if (ok && c.range_path != NULL)
    {
      g_set_error (error, RD_PARSE_ERROR, RD_PARSE_ERROR_WRONG_TYPE,
                   /* Translators: %s is where in the answer: task_details[3].deploy_status */
                   _("%s: number out of range"), c.range_path);
      ok = FALSE;
    }
  else if (ok && c.repeat_message != NULL)
    {
      g_set_error_literal (error, RD_PARSE_ERROR, RD_PARSE_ERROR_SYNTAX, c.repeat_message);
      ok = FALSE;
    }

  for (guint i = 0; i < max_depth; i++)
    {
      g_clear_pointer (&names[i].names, g_array_unref);
      g_clear_pointer (&names[i].index, g_hash_table_unref);
      g_clear_pointer (&names[i].decoded, g_ptr_array_unref);
    }
  g_free (c.range_path);
  g_free (c.repeat_message);

  return ok;
}

/* {{{ The generator, mended */

/* json-glib 1.6's generator writes a double with g_ascii_dtostr() and adds ".0" when there is no
 * "." in it: "1e+22.0". Drops that ".0" from every number with an exponent, in place; strings
 * are left alone. Returns the new length. */
static gsize
mend_exponents (char  *text,
                gsize  length)
{
  gboolean in_string = FALSE;
  gsize w = 0;

  for (gsize r = 0; r < length; )
    {
      char ch = text[r];

      if (in_string || ch == '"')
        {
          if (in_string && ch == '\\')
            text[w++] = text[r++];
          else if (ch == '"')
            in_string = !in_string;
          text[w++] = text[r++];
        }
      else if (ch == '-' || g_ascii_isdigit (ch))
        {
          gsize start = w;
          const char *exponent;

          while (r < length && strchr ("0123456789+-.eE", text[r]) != NULL && text[r] != '\0')
            text[w++] = text[r++];

          exponent = memchr (text + start, 'e', w - start);
          if (exponent != NULL && w - start >= 2 && text[w - 2] == '.' && text[w - 1] == '0' &&
              memchr (exponent, '.', text + w - exponent) == text + w - 2)
            w -= 2;
        }
      else
        {
          text[w++] = text[r++];
        }
    }

  text[w] = '\0';

  return w;
}

char *
rd_json_generate (JsonNode *root,
                  gboolean  pretty,
                  gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *text;
  gsize n_unit_separators = 0;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (length != NULL, NULL);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  text = json_generator_to_data (generator, length);

  /* U+001F can only be inside a string: generated JSON has no other control character. */
  for (const char *p = text; (p = memchr (p, 0x1F, text + *length - p)) != NULL; p++)
    n_unit_separators++;

  if (n_unit_separators > 0)
    {
      GString *escaped = g_string_sized_new (*length + 5 * n_unit_separators);

      for (gsize i = 0; i < *length; i++)
        {
          if (text[i] == 0x1F)
            g_string_append (escaped, "\\u001f");
          else
            g_string_append_c (escaped, text[i]);
        }

      g_free (text);
      *length = escaped->len;
      text = g_string_free (escaped, FALSE);
    }

  *length = mend_exponents (text, *length);

  return text;
}

/* }}} */
