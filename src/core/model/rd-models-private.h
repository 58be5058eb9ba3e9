/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-models-private.h: how the parser builds the models, and the strict readers they share. */
#pragma once

#include <gio/gio.h>

#include "rd-approver.h"
#include "rd-json-reader-private.h"
#include "rd-release-package.h"
#include "rd-task.h"

G_BEGIN_DECLS

/* Where an object sits in the document, for error messages; nothing is
 * formatted unless an error is raised. @prefix is a dotted path
 * ("release_package.package_approvers") or NULL for the document itself;
 * @index is the position in that array, or -1 when the object is not an
 * array element. */
typedef struct
{
  const char *prefix;
  gssize      index;
} RdJsonPath;

#define RD_JSON_PATH_INIT(prefix, index) { (prefix), (index) }

typedef enum
{
  RD_JSON_MISSING,                /* RD_PARSE_ERROR_MISSING_MEMBER */
  RD_JSON_EXPECTED_OBJECT,        /* the others are RD_PARSE_ERROR_WRONG_TYPE */
  RD_JSON_EXPECTED_ARRAY,
  RD_JSON_EXPECTED_STRING,
  RD_JSON_EXPECTED_NUMBER,
  RD_JSON_EXPECTED_INTEGER,
  RD_JSON_EXPECTED_TIMESTAMP,
  RD_JSON_OUT_OF_RANGE,
  RD_JSON_DATE_OUT_OF_RANGE,
} RdJsonProblem;

/* "task_details[3].deploy_status"; @member may be NULL for the object itself. */
char       *rd_json_path_format             (const RdJsonPath  *path,
                                             const char        *member);

/* Sets an RD_PARSE_ERROR naming the path, such as
 * "task_details[3].deploy_status: expected a number". Returns FALSE. */
gboolean    rd_json_set_error               (GError           **error,
                                             const RdJsonPath  *path,
                                             const char        *member,
                                             RdJsonProblem      problem);

/* Each reads the optional member @member, whose value starts at @pos of the
 * reader's document (RD_JSON_ABSENT when the object does not have it), with a
 * strict type check. Absent or null leaves @default_value (a NULL raw for
 * strings) and succeeds; a value of another JSON type fails with
 * RD_PARSE_ERROR_WRONG_TYPE and a message naming the path. A string is its raw
 * text in the document: the models decode what they keep into memory of
 * their own. */
gboolean    rd_json_read_string             (RdJsonReader      *reader,
                                             gsize              pos,
                                             const RdJsonPath  *path,
                                             const char        *member,
                                             RdJsonString      *value,
                                             GError           **error);
gboolean    rd_json_read_int                (RdJsonReader      *reader,
                                             gsize              pos,
                                             const RdJsonPath  *path,
                                             const char        *member,
                                             int                default_value,
                                             int               *value,
                                             GError           **error);
gboolean    rd_json_read_int64              (RdJsonReader      *reader,
                                             gsize              pos,
                                             const RdJsonPath  *path,
                                             const char        *member,
                                             gint64             default_value,
                                             gint64            *value,
                                             GError           **error);
/* Milliseconds since the epoch, as a number or a string of ASCII digits; the
 * value must be a date GDateTime can hold (years 1 to 9999). */
gboolean    rd_json_read_timestamp          (RdJsonReader      *reader,
                                             gsize              pos,
                                             const RdJsonPath  *path,
                                             const char        *member,
                                             gint64             default_value,
                                             gint64            *value,
                                             GError           **error);

/* A UTC date from milliseconds since the epoch; NULL for RD_VALUE_ABSENT. */
GDateTime  *rd_date_time_new_from_unix_ms   (gint64             ms);

/* The models read their values straight from the checked answer and keep
 * copies of their own; only the package keeps the answer (for the export).
 * Each constructor starts with @reader at its object and leaves it past it. */
RdApprover       *rd_approver_new_from_reader          (RdJsonReader      *reader,
                                                        const RdJsonPath  *path,
                                                        GError           **error);
RdTask           *rd_task_new_from_reader              (RdJsonReader      *reader,
                                                        const RdJsonPath  *path,
                                                        GError           **error);
/* A detail answer, whose root object starts at @root_pos of @document. */
RdReleasePackage *rd_release_package_new_from_document (GBytes            *document,
                                                        gsize              root_pos,
                                                        GError           **error);
/* One element of the list answer's "data"; @path names it ("data", 3). */
RdReleasePackage *rd_release_package_new_from_list_entry (RdJsonReader    *reader,
                                                          const RdJsonPath *path,
                                                          GError         **error);

/* What the deploy answer says about one package. */
typedef struct
{
  char *package_id;            /* a JSON number in the answer, kept as its digits */
  char *async_task_id;         /* asy_task_id, NULL when absent */
  int   async_subtask_count;   /* asy_subtask_num, RD_VALUE_ABSENT when absent */
} RdDeployDetail;

void              rd_deploy_detail_free                (RdDeployDetail    *detail);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdDeployDetail, rd_deploy_detail_free)

/* The deploy answer (element-type RdDeployDetail), and the revoke answer
 * (empty or any JSON object), with the same checks as the other parsers. */
GPtrArray        *rd_parse_deploy_answer               (GBytes            *bytes,
                                                        GError           **error);
gboolean          rd_parse_any_answer                  (GBytes            *bytes,
                                                        GError           **error);

G_END_DECLS
