/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-json-reader-private.h: reads values out of an answer that the parser's scan has already
 * held to RFC 8259, without building a tree. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Nothing here checks syntax again: every function assumes the bytes passed
 * the scan in rd-parser.c (UTF-8, RFC 8259, integers within 64 bits, finite
 * numbers, no "\u0000", no lone surrogate, no repeated member names). */

typedef enum
{
  RD_JSON_KIND_NULL,
  RD_JSON_KIND_FALSE,
  RD_JSON_KIND_TRUE,
  RD_JSON_KIND_NUMBER,
  RD_JSON_KIND_STRING,
  RD_JSON_KIND_OBJECT,
  RD_JSON_KIND_ARRAY,
} RdJsonKind;

/* A position in the document; @pos is where a value starts. */
typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
} RdJsonReader;

/* Where a member's value starts, 0 when the object does not have the member:
 * no value of a member can start at offset 0, which is the root's "{". */
#define RD_JSON_ABSENT 0

/* The raw text of a string value, between its quotes, still escaped. */
typedef struct
{
  const char *raw;         /* NULL: no string */
  gsize       raw_length;
} RdJsonString;

void        rd_json_reader_init          (RdJsonReader        *reader,
                                          const char          *data,
                                          gsize                length,
                                          gsize                pos);

/* The kind of the value at the reader, after skipping white space. */
RdJsonKind  rd_json_reader_kind          (RdJsonReader        *reader);

/* Moves past the value at the reader, however deep, without recursing. */
void        rd_json_reader_skip          (RdJsonReader        *reader);

/* At an object or array: moves inside it. Then rd_json_reader_next() before
 * each member or element says whether there is one more (and steps over the
 * comma), or moves past the closing bracket and returns FALSE. */
void        rd_json_reader_enter         (RdJsonReader        *reader);
gboolean    rd_json_reader_next          (RdJsonReader        *reader);

/* At a member name: reads it and the colon; the reader is then at the value. */
void        rd_json_reader_read_name     (RdJsonReader        *reader,
                                          RdJsonString        *name);

/* At an object: notes where the value of each of @names starts in
 * @positions (RD_JSON_ABSENT for those it does not have), skipping the
 * other members, and moves past the object. Names are compared decoded:
 * "\u0061" is "a", as for json-glib. */
void        rd_json_reader_find_members  (RdJsonReader        *reader,
                                          const char * const  *names,
                                          guint                n_names,
                                          gsize               *positions);

/* The same for the document's root object, which nothing reads past: it
 * stops at the last of @names, which spares it stepping over task_details,
 * most of the answer, only to find that nothing follows. The reader is then
 * anywhere inside the object. */
void        rd_json_reader_find_root_members (RdJsonReader       *reader,
                                              const char * const *names,
                                              guint               n_names,
                                              gsize              *positions);

/* At a string: its raw text; the reader moves past it. */
void        rd_json_reader_read_string   (RdJsonReader        *reader,
                                          RdJsonString        *string);

/* At a number: whether it is written as an integer (no fraction, no exponent),
 * and then its value in @integer; the reader moves past it. */
gboolean    rd_json_reader_read_number   (RdJsonReader        *reader,
                                          gint64              *integer);

/* Decodes @string into @out, which has room for raw_length + 1 bytes (a
 * decoded string is never longer than its escaped form), and terminates it;
 * returns the end (the terminator). */
char       *rd_json_string_decode_into   (const RdJsonString  *string,
                                          char                *out);

/* A newly allocated, decoded copy. */
char       *rd_json_string_dup           (const RdJsonString  *string);

/* Copies of several strings in one allocation, which the caller frees with
 * g_free(): values[i] points into it, or is NULL where strings[i].raw is NULL. */
char       *rd_json_strings_dup_block    (const RdJsonString  *strings,
                                          guint                n_strings,
                                          const char         **values);

G_END_DECLS
