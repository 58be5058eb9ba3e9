/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-terminal-text.h: text that is not ours (the network's, a file's), made safe to print on a
 * terminal. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A copy of @text (@length bytes, or up to the NUL when -1) that a terminal
 * shows as it is: every control character is written out visibly ("\x1b",
 * "\r", "\n", "\t", "\u009b"), as are the invisible characters that reorder or
 * hide text (bidirectional overrides, U+2028 and U+2029), and each byte that is
 * not valid UTF-8 ("\xff"). Other text, Chinese or emoji, stays as it is.
 * NULL gives NULL. */
char *rd_terminal_text (const char *text,
                        gssize      length);

G_END_DECLS
