/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-request-private.h: the one request engine behind every RdClient call (libsoup 3, GTask). */
#pragma once

#include <gio/gio.h>

#include "rd-client.h"

G_BEGIN_DECLS

/* Which API the request calls. It decides the retry policy and the words of
 * the errors: read-only calls (SHOW, LIST) are tried again on 429, 502, 503
 * and 504; DEPLOY and CANCEL never are, because a release or a revoke that
 * timed out at the gateway may well have been carried out, and one click of
 * the user must never become two actions. No kind is ever tried again on 401:
 * the gateway locks an access key after a few failed signatures. */
typedef enum
{
  RD_REQUEST_SHOW_PACKAGE,
  RD_REQUEST_LIST_PACKAGES,
  RD_REQUEST_DEPLOY_PACKAGES,
  RD_REQUEST_CANCEL_PACKAGES,
} RdRequestKind;

/* Turns a successful answer's body into the call's result. Runs in a worker
 * thread: it must touch no shared state. */
typedef gpointer (*RdRequestParseFunc) (GBytes  *body,
                                        GError **error);

typedef struct _RdRequest RdRequest;

/* @body (nullable) goes out as application/json;charset=UTF-8, hashed and
 * signed exactly as sent. @project_id and @workspace are already checked. */
RdRequest      *rd_request_new                (RdRequestKind        kind,
                                               GUri                *uri,
                                               const char          *project_id,
                                               const char          *workspace,
                                               GBytes              *body);
/* The package a SHOW request is about, for "Package 4 was not found". */
void            rd_request_set_package_id     (RdRequest           *request,
                                               const char          *package_id);
void            rd_request_set_parser         (RdRequest           *request,
                                               RdRequestParseFunc   parse,
                                               GDestroyNotify       free_result);
void            rd_request_free               (RdRequest           *request);

/* Runs @request (taken) as @task's task data. @task's source object must be
 * the RdClient; it returns the parser's result as a pointer, or an error. */
void            rd_request_start              (GTask               *task,
                                               RdRequest           *request);
/* For a task that ran a request: the details of its failure, or NULL when
 * it succeeded or failed before anything was sent. */
RdErrorDetails *rd_request_dup_error_details  (GTask               *task);
/* Whether an HTTP answer (any status) came back. */
gboolean        rd_request_got_answer         (GTask               *task);

G_END_DECLS
