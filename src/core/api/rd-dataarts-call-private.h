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
  /* DataArts Factory V1 (versions.md), on the factory endpoint: */
  RD_DATAARTS_SHOW_SCRIPT,      /* GET  /v1/{project}/scripts/{name}?version=N */
  RD_DATAARTS_SHOW_JOB,         /* GET  /v1/{project}/jobs/{name}?version=N */
  RD_DATAARTS_LIST_RESOURCES,   /* GET  /v1/{project}/resources?resourceName=… */
  RD_DATAARTS_SHOW_RESOURCE,    /* GET  /v1/{project}/resources/{id} */
} RdDataArtsCall;

/* What a call is about, for its messages: "Package 4 was not found", "Version 3 of script
 * “x” is not available". @subject is a package ID (SHOW_PACKAGE) or a script, job or
 * resource name; @version is a number above 0, or RD_FACTORY_ITEM_PUBLISHED or
 * RD_FACTORY_ITEM_NO_VERSION (rd-factory-item.h) for none. */
typedef struct
{
  const char *subject;
  int         version;
} RdDataArtsSubject;

/* A request for @call to @uri in @project_id and @workspace (NULL: the default workspace),
 * both already checked; @subject (nullable) is what it is about. Set a body and a parser,
 * then rd_request_start(). */
RdRequest *rd_dataarts_request_new (RdDataArtsCall           call,
                                    const RdRequestConfig   *config,
                                    GUri                    *uri,
                                    const char              *project_id,
                                    const char              *workspace,
                                    const RdDataArtsSubject *subject);

G_END_DECLS
