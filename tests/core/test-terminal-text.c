/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-terminal-text.c: text from the network or a file reaches the terminal as text, never as
 * commands. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "rd-terminal-text.h"

static void
test_controls_shown (void)
{
  static const struct { const char *text; const char *shown; } cases[] = {
    /* What a hostile server put in X-Request-Id: set the title, clear the screen, go red. */
    { "\x1b]0;TITLE\a\x1b[2J\x1b[31mFAKE: all good",
      "\\x1b]0;TITLE\\x07\\x1b[2J\\x1b[31mFAKE: all good" },
    { "https://host\r.example", "https://host\\r.example" },
    { "line one\nrelease-desk: fake", "line one\\nrelease-desk: fake" },
    { "a\tb\x7f" "c\x01", "a\\tb\\x7fc\\x01" },
    /* C1 controls: U+009B is a CSI on terminals that read 8-bit controls. */
    { "x\xc2\x9b" "31my", "x\\u009b31my" },
    /* Bidirectional overrides and isolates reorder what the user reads. */
    { "exe.\xe2\x80\xae" "fdp", "exe.\\u202efdp" },
    { "a\xe2\x81\xa6" "b\xe2\x81\xa9", "a\\u2066b\\u2069" },
    { "a\xe2\x80\xa8" "b", "a\\u2028b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = rd_terminal_text (cases[i].text, -1);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
}

static void
test_text_kept (void)
{
  static const char * const texts[] = {
    "",
    "The service refused the request: 任务不存在 (DLF.20810)",
    "Request ID: 3c5e1b7a-8d1f-4a8e-9a53-1d7c4e2f9b60",
    "emoji 👩‍💻 and accents: café, Ærø",
    "a\\x1b stays a backslash and three letters",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *shown = rd_terminal_text (texts[i], -1);

      g_assert_cmpstr (shown, ==, texts[i]);
    }

  g_assert_null (rd_terminal_text (NULL, -1));
}

static void
test_invalid_utf8_shown (void)
{
  static const struct { const char *text; gssize length; const char *shown; } cases[] = {
    { "abc\xff", -1, "abc\\xff" },
    /* A lone continuation byte, a truncated sequence, an overlong '/'. */
    { "\x80x", -1, "\\x80x" },
    { "\xe4\xbb" "x", -1, "\\xe4\\xbbx" },
    { "\xc0\xaf", -1, "\\xc0\\xaf" },
    /* A truncated character at the very end, and bytes after a NUL. */
    { "任\xe5\x8a", -1, "任\\xe5\\x8a" },
    { "a\0\x1b" "b", 4, "a\\x00\\x1bb" },
    /* An ESC byte inside a broken sequence is still an ESC. */
    { "\xe4\x1b[2J", -1, "\\xe4\\x1b[2J" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = rd_terminal_text (cases[i].text, cases[i].length);

      g_assert_cmpstr (shown, ==, cases[i].shown);
      g_assert_true (g_utf8_validate (shown, -1, NULL));
    }
}

/* Whatever comes in, what goes out is valid UTF-8 with no control character. */
static void
test_every_byte_safe (void)
{
  for (guint b = 0; b < 256; b++)
    for (guint c = 0; c < 256; c++)
      {
        char text[3] = { (char) b, (char) c, 0x1b };
        g_autofree char *shown = rd_terminal_text (text, sizeof text);

        g_assert_true (g_utf8_validate (shown, -1, NULL));
        for (const char *p = shown; *p != '\0'; p = g_utf8_next_char (p))
          g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/terminal-text/controls-shown", test_controls_shown);
  g_test_add_func ("/terminal-text/text-kept", test_text_kept);
  g_test_add_func ("/terminal-text/invalid-utf8-shown", test_invalid_utf8_shown);
  g_test_add_func ("/terminal-text/every-byte-safe", test_every_byte_safe);

  return g_test_run ();
}
