/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-common.h: what every fuzz target shares: strict logging, splitting the input into fields. */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

G_BEGIN_DECLS

/* The entry points of libFuzzer, or of fuzz-replay.c in an ordinary build. */
int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* A critical is a g_return_if_fail() that caught a caller bug, and a warning
 * means something went wrong without an error to say so: either is a finding. */
static inline void
fuzz_common_init (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* The input as NUL-separated fields, each a string of its own; missing fields
 * are "". Fields can never hold a NUL byte, just like the C strings the
 * functions under test take. */
static inline char **
fuzz_split_fields (const uint8_t *data,
                   size_t         size,
                   guint          min_fields)
{
  GPtrArray *fields = g_ptr_array_new ();
  size_t start = 0;

  for (size_t i = 0; i <= size; i++)
    {
      if (i == size || data[i] == '\0')
        {
          g_ptr_array_add (fields, g_strndup ((const char *) data + start, i - start));
          start = i + 1;
        }
    }

  while (fields->len < min_fields)
    g_ptr_array_add (fields, g_strdup (""));

  g_ptr_array_add (fields, NULL);

  return (char **) g_ptr_array_free (fields, FALSE);
}

/* Nothing but the bytes: the parsers get exactly what the network gave. */
static inline GBytes *
fuzz_bytes_new (const uint8_t *data,
                size_t         size)
{
  return g_bytes_new (data, size);
}

G_END_DECLS
