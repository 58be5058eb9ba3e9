/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-dataarts-call-private.h: one DataArts Studio call on the request engine: the headers it
 * sends, whether it may be sent twice, and its errors in words. */
#pragma once

#include "rd-request-private.h"

G_BEGIN_DECLS

/* Which call a request makes. It decides the method, whether the request is tried again
 * (only calls that change nothing on the service are: a release or a revoke that timed
 * out at the gateway may well have been carried out, and one click of the user must
 * never become two actions) and the words of its errors. A new call is a value here, a
 * row in calls[] and a case in each switch of rd-dataarts-call.c (the compiler names
 * the switches that miss it). */
typedef enum
{
  RD_DATAARTS_SHOW_PACKAGE,     /* GET  /v2/{project}/factory/release-packages/{id} */
  RD_DATAARTS_LIST_PACKAGES,    /* POST /v2/{project}/factory/release-packages */
  RD_DATAARTS_DEPLOY_PACKAGES,  /* POST /v2/{project}/factory/release-packages/deploy */
  RD_DATAARTS_CANCEL_PACKAGES,  /* POST /v2/{project}/factory/release-packages/unpack */
} RdDataArtsCall;

/* A request for @call to @uri in @project_id and @workspace (NULL: the default workspace),
 * both already checked; @package_id (nullable) is the package a SHOW is about, for
 * "Package 4 was not found". Set a body and a parser, then rd_request_start(). */
RdRequest *rd_dataarts_request_new (RdDataArtsCall         call,
                                    const RdRequestConfig *config,
                                    GUri                  *uri,
                                    const char            *project_id,
                                    const char            *workspace,
                                    const char            *package_id);

G_END_DECLS
