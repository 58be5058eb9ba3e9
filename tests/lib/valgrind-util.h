/* SPDX-License-Identifier: GPL-3.0-or-later */
/* valgrind-util.h: what the tests change when `meson test --setup valgrind` runs them. */
#pragma once

#include <glib.h>

/* The valgrind test setup (tests/meson.build) sets RD_TEST_VALGRIND. */
static inline gboolean
rd_test_under_valgrind (void)
{
  return g_getenv ("RD_TEST_VALGRIND") != NULL;
}

/* Memcheck runs code 20 to 50 times slower. A deadline that only guards against a hang is
 * multiplied by this; a limit that is the behaviour under test is not (the plain and the
 * sanitizer runs keep it). */
static inline guint
rd_test_slowdown (void)
{
  return rd_test_under_valgrind () ? 10 : 1;
}

/* For a subtest that is only about size and cannot run under memcheck in CI's time: it is
 * skipped there, visibly, and still runs in the plain and the sanitizer runs. */
#define RD_TEST_SKIP_UNDER_VALGRIND(why)                                              \
  G_STMT_START {                                                                      \
    if (rd_test_under_valgrind ())                                                    \
      {                                                                               \
        g_test_skip ("Skipped under valgrind: " why);                                 \
        return;                                                                       \
      }                                                                               \
  } G_STMT_END
