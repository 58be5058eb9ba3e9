/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-json-check.h: what json-glib 1.6 cannot be trusted with: checked before it parses, mended
 * after it writes. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Why JSON text (an answer, or a file of the app's) was refused; the messages name the member
 * path where there is one. */
#define RD_PARSE_ERROR (rd_parse_error_quark ())

typedef enum
{
  RD_PARSE_ERROR_INVALID_UTF8,   /* the bytes are not UTF-8 */
  RD_PARSE_ERROR_SYNTAX,         /* not JSON at all (HTML, truncated, empty) */
  RD_PARSE_ERROR_TOO_DEEP,       /* nested deeper than any real answer */
  RD_PARSE_ERROR_NOT_OBJECT,     /* the document is not a JSON object */
  RD_PARSE_ERROR_MISSING_MEMBER, /* a required member is absent */
  RD_PARSE_ERROR_WRONG_TYPE,     /* a member has the wrong JSON type */
  RD_PARSE_ERROR_TOO_LARGE,      /* more values than json-glib's tree should hold */
} RdParseError;

GQuark rd_parse_error_quark (void);

/* The deepest nesting of answers the parser reads; a real detail answer nests 4 deep. */
#define RD_JSON_CHECK_MAX_DEPTH 32

/* About the most memory json-glib's tree of an answer may take, estimated from its
 * nodes before it is built (see rd-json-check.c). 100,000 tasks take about 290 MB. */
#define RD_JSON_CHECK_MAX_TREE_BYTES ((gsize) 384 * 1024 * 1024)

/* Whether json-glib may parse @data: RFC 8259 text (UTF-8, an optional byte order mark),
 * nested at most @max_depth deep, small enough a tree, with every integer within 64 bits,
 * every other number finite, no "\u0000", no unpaired surrogate and no member name twice in
 * one object. Otherwise an RD_PARSE_ERROR that says where, in words for a person. An empty
 * answer (white space only) is RD_PARSE_ERROR_SYNTAX, "The answer is empty". Any bytes are
 * safe to pass; nothing recurses. */
gboolean rd_json_check (const char  *data,
                        gsize        length,
                        guint        max_depth,
                        GError     **error);

/* @root as JSON text by json-glib's JsonGenerator (@pretty: two spaces a level, "name" : value,
 * no newline at the end), UTF-8 as it is (not \u escapes), with two faults of json-glib 1.6
 * mended: it writes U+001F unescaped, and a double with an exponent as "1e+22.0"; neither is
 * JSON. Returns the text, NUL-terminated; @length is without the NUL. */
char    *rd_json_generate (JsonNode    *root,
                           gboolean     pretty,
                           gsize       *length);

G_END_DECLS
