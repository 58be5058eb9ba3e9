/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-request-private.h: the one HTTP engine behind every API call (libsoup 3, GTask): it signs,
 * sends, caps, times out, retries, reads error bodies and parses answers in a worker thread. */
#pragma once

#include <libsoup/soup.h>

#include "rd-api-error.h"
#include "rd-credentials.h"

G_BEGIN_DECLS

/* When a request is tried again: after a 429 (waiting what its Retry-After asks, at most
 * a minute), a 502, 503 or 504 (waiting @first_delay_ms, doubled each time), within the
 * call's timeout. Never after a 401: the gateway locks an access key, and IAM a user,
 * after a few failures in a row. @max_attempts 1 (or 0) never tries again. */
typedef struct
{
  guint max_attempts;
  guint first_delay_ms;
} RdRetryPolicy;

/* What a request is handed by its caller (an RdClient, the IAM sign-in); copied. */
typedef struct
{
  SoupSession   *session;
  RdCredentials *credentials;        /* NULL: sent unsigned */
  guint          timeout_seconds;    /* for the whole call, retries and waits included */
  gsize          max_response_size;  /* bytes of the answer's body, at most G_MAXINT32 */
  RdRetryPolicy  retry;
} RdRequestConfig;

typedef struct _RdRequest RdRequest;

/* Turns a successful answer into the call's result. Runs in a worker thread: it must touch
 * no shared state; @headers (the answer's) are only read. */
typedef gpointer (*RdRequestParseFunc) (GBytes              *body,
                                        SoupMessageHeaders  *headers,
                                        GError             **error);

/* How a call failed once something was sent. Before that (bad input, cancelled before
 * the start) the caller's own checks speak. */
typedef enum
{
  RD_REQUEST_FAILED_ANSWER,      /* an error status, after any retries: see the details */
  RD_REQUEST_FAILED_UNREADABLE,  /* a successful answer the parse function refused (@cause) */
  RD_REQUEST_FAILED_TIMEOUT,     /* no complete answer within the timeout */
  RD_REQUEST_FAILED_TOO_LARGE,   /* the answer is larger than max_response_size */
  RD_REQUEST_FAILED_REDIRECTED,  /* a 3xx: credentials never follow one */
  RD_REQUEST_FAILED_CANCELLED,   /* the caller's cancellable; the error must stay
                                  * G_IO_ERROR_CANCELLED */
} RdRequestFailure;

/* The words of @failure for the API called, or NULL for the engine's own, which speak of
 * "the service". Called on the main context; rd_request_get_details() and the other
 * getters below say what is known. */
typedef GError *(*RdRequestErrorFunc) (RdRequest        *request,
                                       RdRequestFailure  failure,
                                       const GError     *cause,
                                       gpointer          user_data);

/* A request of @method ("GET", "POST") to @uri, which holds no secret: it is logged. */
RdRequest      *rd_request_new                (const RdRequestConfig *config,
                                               const char            *method,
                                               GUri                  *uri);
/* Sent with the request and, with AK/SK credentials, signed. */
void            rd_request_add_header         (RdRequest             *request,
                                               const char            *name,
                                               const char            *value);
/* @body goes out as application/json;charset=UTF-8, hashed and signed exactly as sent.
 * A @secret body (a password) is let go of as soon as it has been sent, so that whatever
 * wipes it (the free function of @body) runs then; a failure to connect then says the
 * password was not sent; and the request is never tried again. */
void            rd_request_set_body           (RdRequest             *request,
                                               GBytes                *body,
                                               gboolean               secret);
void            rd_request_set_parser         (RdRequest             *request,
                                               RdRequestParseFunc     parse,
                                               GDestroyNotify         free_result);
void            rd_request_set_error_func     (RdRequest             *request,
                                               RdRequestErrorFunc     error_func,
                                               gpointer               user_data,
                                               GDestroyNotify         destroy);
void            rd_request_free               (RdRequest             *request);

/* Runs @request (taken) as @task's task data: @task returns the parser's result as a
 * pointer, or an error. Its source object may be anything. */
void            rd_request_start              (GTask                 *task,
                                               RdRequest             *request);
/* For a task that ran a request: the details of its failure, or NULL when it succeeded
 * or failed before anything was sent. */
RdErrorDetails *rd_request_dup_error_details  (GTask                 *task);
/* Whether an HTTP answer (any status) came back. */
gboolean        rd_request_got_answer         (GTask                 *task);

/* For an error function. */
const RdRequestConfig *rd_request_get_config  (RdRequest             *request);
/* host[:port] as in the Host header, for messages. */
const char     *rd_request_get_authority      (RdRequest             *request);
const RdErrorDetails *rd_request_get_details  (RdRequest             *request);
/* TRUE when the last answer was a 429 whose Retry-After asked for a longer wait than the
 * engine makes, with that wait in @wait_ms: "try again in a minute" would only earn
 * another refusal. */
gboolean        rd_request_get_requested_wait (RdRequest             *request,
                                               guint64               *wait_ms);
/* The engine's words for an error answer it knows nothing more about: the service's own
 * message and code, in @code. */
GError         *rd_request_refused_error      (RdRequest             *request,
                                               RdApiError             code);
/* The engine's words for a final 429: how long the service asked to wait, when that is
 * longer than the engine waits. */
GError         *rd_request_throttled_error    (RdRequest             *request);

G_END_DECLS
