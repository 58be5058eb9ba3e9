/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-models-private.h: how the parser builds the models, and the strict member readers. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rd-approver.h"
#include "rd-factory-item.h"
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

/* Each reads the optional member @member of @object with a strict type check. Absent or
 * null leaves @default_value (NULL for strings) and succeeds; a value of another JSON type
 * fails with RD_PARSE_ERROR_WRONG_TYPE and a message naming the path. A string points into
 * @object: the models copy what they keep. */
gboolean    rd_json_member_string           (JsonObject        *object,
                                             const RdJsonPath  *path,
                                             const char        *member,
                                             const char       **value,
                                             GError           **error);
gboolean    rd_json_member_int              (JsonObject        *object,
                                             const RdJsonPath  *path,
                                             const char        *member,
                                             int                default_value,
                                             int               *value,
                                             GError           **error);
gboolean    rd_json_member_int64            (JsonObject        *object,
                                             const RdJsonPath  *path,
                                             const char        *member,
                                             gint64             default_value,
                                             gint64            *value,
                                             GError           **error);
/* Milliseconds since the epoch, as a number or a string of ASCII digits; the
 * value must be a date GDateTime can hold (years 1 to 9999). */
gboolean    rd_json_member_timestamp        (JsonObject        *object,
                                             const RdJsonPath  *path,
                                             const char        *member,
                                             gint64             default_value,
                                             gint64            *value,
                                             GError           **error);

/* Copies of several strings in one allocation, which the caller frees with g_free():
 * copies[i] points into it, or is NULL where strings[i] is NULL. A task's strings in one
 * block cost a third of six allocations of their own, at 100,000 tasks. */
char       *rd_strings_dup_block            (const char * const *strings,
                                             guint               n_strings,
                                             const char        **copies);

/* A UTC date from milliseconds since the epoch; NULL for RD_VALUE_ABSENT. */
GDateTime  *rd_date_time_new_from_unix_ms   (gint64             ms);

/* The models read their values from json-glib's tree of the answer and keep copies of
 * their own; only the package keeps the answer (for the export). */
RdApprover       *rd_approver_new_from_object          (JsonObject        *object,
                                                        const RdJsonPath  *path,
                                                        GError           **error);
RdTask           *rd_task_new_from_object              (JsonObject        *object,
                                                        const RdJsonPath  *path,
                                                        GError           **error);
/* A detail answer: @document, whose tree has the object @root. */
RdReleasePackage *rd_release_package_new_from_document (GBytes            *document,
                                                        JsonObject        *root,
                                                        GError           **error);
/* One element of the list answer's "data"; @path names it ("data", 3). Its @document is
 * the entry alone, shaped like a detail answer without task_details. */
RdReleasePackage *rd_release_package_new_from_list_entry (JsonObject      *entry,
                                                          GBytes          *document,
                                                          const RdJsonPath *path,
                                                          GError         **error);

/* A ShowScript, ShowJob or ShowResource answer (rd-factory-item.c); @answer_size is the
 * answer's length, counted into the size of a job, which keeps the tree; @path (NULL for the
 * answer itself) names @root in messages. */
RdFactoryItem    *rd_factory_item_new_from_object      (RdTaskType         kind,
                                                        int                version,
                                                        JsonNode          *root,
                                                        gsize              answer_size,
                                                        const RdJsonPath  *path,
                                                        GError           **error);

/* The version an item was fetched at, known to the caller rather than the answer. */
void              rd_factory_item_set_version          (RdFactoryItem     *self,
                                                        int                version);

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
