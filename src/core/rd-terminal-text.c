/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-terminal-text.c: text that is not ours (the network's, a file's), made safe to print on a
 * terminal. */
#define G_LOG_DOMAIN "rd-terminal-text"

#include "config.h"

#include <string.h>

#include "rd-terminal-text.h"

/* Characters no terminal shows but some act on: the C0 and C1 controls and DEL
 * (escape sequences, carriage return, bell), and the format characters that
 * reorder what follows or break the line where nothing seems to. */
static gboolean
needs_escape (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    default:
      break;
    }

  return c == 0x061C ||                      /* ARABIC LETTER MARK */
         c == 0x200E || c == 0x200F ||       /* LEFT-TO-RIGHT / RIGHT-TO-LEFT MARK */
         (c >= 0x202A && c <= 0x202E) ||     /* embeddings and overrides */
         (c >= 0x2066 && c <= 0x2069);       /* isolates */
}

static void
append_escaped (GString  *out,
                gunichar  c)
{
  switch (c)
    {
    case '\n':
      g_string_append (out, "\\n");
      break;
    case '\r':
      g_string_append (out, "\\r");
      break;
    case '\t':
      g_string_append (out, "\\t");
      break;
    default:
      if (c < 0x80)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_printf (out, "\\u%04x", c);
      break;
    }
}

char *
rd_terminal_text (const char *text,
                  gssize      length)
{
  GString *out;
  const char *p;
  const char *end;

  if (text == NULL)
    return NULL;

  if (length < 0)
    length = strlen (text);

  out = g_string_sized_new (length);
  p = text;
  end = text + length;

  while (p < end)
    {
      const char *valid_end;
      gunichar c;

      /* A NUL inside @length, or a byte that starts no valid character:
       * shown as its value, and the next byte is judged on its own. */
      if (!g_utf8_validate (p, MIN (end - p, 4), &valid_end) && valid_end == p)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }

      c = g_utf8_get_char (p);
      if (needs_escape (c))
        append_escaped (out, c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}
