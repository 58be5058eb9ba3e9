/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-json-reader.c: reads values out of an answer that the parser's scan has already
 * held to RFC 8259, without building a tree. */
#define G_LOG_DOMAIN "rd-json-reader"

#include "config.h"

#include <string.h>

#include "rd-json-reader-private.h"

void
rd_json_reader_init (RdJsonReader *reader,
                     const char   *data,
                     gsize         length,
                     gsize         pos)
{
  reader->data = data;
  reader->length = length;
  reader->pos = pos;
}

static inline void
skip_whitespace (RdJsonReader *reader)
{
  while (reader->pos < reader->length)
    {
      char c = reader->data[reader->pos];

      if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
        break;
      reader->pos++;
    }
}

RdJsonKind
rd_json_reader_kind (RdJsonReader *reader)
{
  skip_whitespace (reader);
  g_assert (reader->pos < reader->length);

  switch (reader->data[reader->pos])
    {
    case '{':
      return RD_JSON_KIND_OBJECT;
    case '[':
      return RD_JSON_KIND_ARRAY;
    case '"':
      return RD_JSON_KIND_STRING;
    case 't':
      return RD_JSON_KIND_TRUE;
    case 'f':
      return RD_JSON_KIND_FALSE;
    case 'n':
      return RD_JSON_KIND_NULL;
    default:
      return RD_JSON_KIND_NUMBER;
    }
}

/* At the opening quote: moves past the closing one. Escapes are rare, so
 * memchr() finds the quote, and only then are the backslashes before it
 * counted: an odd number escapes it. */
static inline void
skip_string (RdJsonReader *reader)
{
  const char *data = reader->data;
  const char *p = data + reader->pos + 1;
  const char *end = data + reader->length;

  for (;;)
    {
      const char *quote = memchr (p, '"', end - p);
      const char *q;

      /* The scan made sure every string ends. */
      g_assert (quote != NULL);

      for (q = quote; q > p && q[-1] == '\\'; q--)
        ;
      p = quote + 1;
      if ((quote - q) % 2 == 0)
        break;
    }

  reader->pos = p - data;
}

static gboolean
is_value_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '-' || c == '.';
}

/* Past a number or a literal. */
static inline void
skip_scalar (RdJsonReader *reader)
{
  while (reader->pos < reader->length && is_value_char (reader->data[reader->pos]))
    reader->pos++;
}

void
rd_json_reader_skip (RdJsonReader *reader)
{
  guint depth = 0;

  skip_whitespace (reader);

  do
    {
      char c = reader->data[reader->pos];

      switch (c)
        {
        case '"':
          skip_string (reader);
          continue;

        case '{':
        case '[':
          depth++;
          reader->pos++;
          break;

        case '}':
        case ']':
          depth--;
          reader->pos++;
          break;

        case ',':
        case ':':
        case ' ':
        case '\n':
        case '\r':
        case '\t':
          reader->pos++;
          break;

        default:
          /* A number or a literal. */
          skip_scalar (reader);
          break;
        }
    }
  while (depth > 0);
}

void
rd_json_reader_enter (RdJsonReader *reader)
{
  skip_whitespace (reader);
  g_assert (reader->data[reader->pos] == '{' || reader->data[reader->pos] == '[');
  reader->pos++;
}

gboolean
rd_json_reader_next (RdJsonReader *reader)
{
  char c;

  skip_whitespace (reader);
  c = reader->data[reader->pos];

  if (c == '}' || c == ']')
    {
      reader->pos++;
      return FALSE;
    }

  if (c == ',')
    reader->pos++;

  return TRUE;
}

void
rd_json_reader_read_string (RdJsonReader *reader,
                            RdJsonString *string)
{
  gsize start;

  skip_whitespace (reader);
  g_assert (reader->data[reader->pos] == '"');

  start = reader->pos + 1;
  skip_string (reader);
  string->raw = reader->data + start;
  string->raw_length = reader->pos - 1 - start;
}

void
rd_json_reader_read_name (RdJsonReader *reader,
                          RdJsonString *name)
{
  rd_json_reader_read_string (reader, name);
  skip_whitespace (reader);
  g_assert (reader->data[reader->pos] == ':');
  reader->pos++;
  skip_whitespace (reader);
}

/* Longer than any name a model looks for. */
#define MAX_NAME_LENGTH 64

static void
find_members (RdJsonReader       *reader,
              const char * const *names,
              guint               n_names,
              gsize              *positions,
              gboolean            to_the_end)
{
  /* The service sends the members in the order the models list them, so
   * the name after the last one found is the one to try first. */
  guint guess = 0;
  guint n_found = 0;

  for (guint i = 0; i < n_names; i++)
    positions[i] = RD_JSON_ABSENT;

  rd_json_reader_enter (reader);

  while (rd_json_reader_next (reader))
    {
      RdJsonString name;
      const char *text;
      gsize length;
      char decoded[MAX_NAME_LENGTH + 1];
      gboolean may_match = TRUE;

      rd_json_reader_read_name (reader, &name);
      text = name.raw;
      length = name.raw_length;

      /* Escaped names are rare; decoded, they match like any other. */
      if (memchr (name.raw, '\\', name.raw_length) != NULL)
        {
          may_match = name.raw_length <= MAX_NAME_LENGTH;
          if (may_match)
            length = rd_json_string_decode_into (&name, decoded) - decoded;
          text = decoded;
        }

      for (guint k = 0; may_match && k < n_names; k++)
        {
          guint i = (guess + k) % n_names;

          if (names[i][0] == text[0] && strncmp (names[i], text, length) == 0 &&
              names[i][length] == '\0')
            {
              positions[i] = reader->pos;
              guess = i + 1;
              n_found++;
              break;
            }
        }

      if (n_found == n_names && !to_the_end)
        return;

      switch (reader->data[reader->pos])
        {
        case '"':
          skip_string (reader);
          break;
        case '{':
        case '[':
          rd_json_reader_skip (reader);
          break;
        default:
          skip_scalar (reader);
          break;
        }
    }
}

void
rd_json_reader_find_members (RdJsonReader       *reader,
                             const char * const *names,
                             guint               n_names,
                             gsize              *positions)
{
  find_members (reader, names, n_names, positions, TRUE);
}

void
rd_json_reader_find_root_members (RdJsonReader       *reader,
                                  const char * const *names,
                                  guint               n_names,
                                  gsize              *positions)
{
  find_members (reader, names, n_names, positions, FALSE);
}

gboolean
rd_json_reader_read_number (RdJsonReader *reader,
                            gint64       *integer)
{
  const char *data = reader->data;
  gsize pos;
  gboolean negative = FALSE;
  guint64 magnitude = 0;

  skip_whitespace (reader);
  pos = reader->pos;

  if (data[pos] == '-')
    {
      negative = TRUE;
      pos++;
    }

  /* The scan held integers to 64 bits, so this cannot overflow; -2^63 is the
   * one magnitude beyond G_MAXINT64, and unsigned arithmetic holds it. */
  while (pos < reader->length && g_ascii_isdigit (data[pos]))
    magnitude = magnitude * 10 + (guint64)(data[pos++] - '0');

  if (pos < reader->length && (data[pos] == '.' || data[pos] == 'e' || data[pos] == 'E'))
    {
      reader->pos = pos;
      while (reader->pos < reader->length && is_value_char (data[reader->pos]))
        reader->pos++;
      return FALSE;
    }

  reader->pos = pos;
  *integer = negative ? (gint64)(0 - magnitude) : (gint64)magnitude;

  return TRUE;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return c - 'A' + 10;
}

static gunichar
read_hex4 (const char *p)
{
  return (gunichar)((hex_digit (p[0]) << 12) | (hex_digit (p[1]) << 8) |
                    (hex_digit (p[2]) << 4) | hex_digit (p[3]));
}

char *
rd_json_string_decode_into (const RdJsonString *string,
                            char               *out)
{
  const char *p = string->raw;
  const char *end = string->raw + string->raw_length;

  while (p < end)
    {
      const char *backslash = memchr (p, '\\', end - p);
      gunichar code;

      if (backslash == NULL)
        {
          memcpy (out, p, end - p);
          out += end - p;
          break;
        }

      memcpy (out, p, backslash - p);
      out += backslash - p;
      p = backslash + 1;

      switch (*p)
        {
        case 'b': *out++ = '\b'; p++; break;
        case 'f': *out++ = '\f'; p++; break;
        case 'n': *out++ = '\n'; p++; break;
        case 'r': *out++ = '\r'; p++; break;
        case 't': *out++ = '\t'; p++; break;
        case 'u':
          code = read_hex4 (p + 1);
          p += 5;
          /* The scan paired every high surrogate with a low one. */
          if (code >= 0xD800 && code <= 0xDBFF)
            {
              code = 0x10000 + ((code - 0xD800) << 10) + (read_hex4 (p + 2) - 0xDC00);
              p += 6;
            }
          out += g_unichar_to_utf8 (code, out);
          break;
        default:              /* '"', '\\' and '/' stand for themselves */
          *out++ = *p++;
          break;
        }
    }

  *out = '\0';

  return out;
}

char *
rd_json_string_dup (const RdJsonString *string)
{
  char *copy = g_malloc (string->raw_length + 1);

  rd_json_string_decode_into (string, copy);

  return copy;
}

char *
rd_json_strings_dup_block (const RdJsonString  *strings,
                           guint                n_strings,
                           const char         **values)
{
  gsize size = 0;
  char *block;
  char *out;

  for (guint i = 0; i < n_strings; i++)
    {
      if (strings[i].raw != NULL)
        size += strings[i].raw_length + 1;
    }

  if (size == 0)
    {
      for (guint i = 0; i < n_strings; i++)
        values[i] = NULL;
      return NULL;
    }

  out = block = g_malloc (size);

  for (guint i = 0; i < n_strings; i++)
    {
      if (strings[i].raw == NULL)
        {
          values[i] = NULL;
          continue;
        }

      values[i] = out;
      out = rd_json_string_decode_into (&strings[i], out) + 1;
    }

  return block;
}
