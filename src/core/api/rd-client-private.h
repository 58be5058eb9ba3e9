/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-client-private.h: how an RdClient checks a call's target and builds its address. */
#pragma once

#include <libsoup/soup.h>

#include "rd-client.h"
#include "rd-dataarts-call-private.h"

G_BEGIN_DECLS

/* Checks and trims @project_id and @workspace (NULL or "" for the default
 * workspace) as the user typed them. */
gboolean       rd_client_check_target    (RdClient     *self,
                                          const char   *project_id,
                                          const char   *workspace,
                                          char        **project_out,
                                          char        **workspace_out,
                                          GError      **error);

/* The URI of "/v2/{project}/factory/release-packages" followed by
 * @escaped_tail (NULL, or "/deploy", "/4" already escaped), under the
 * endpoint's path; fails for plain http to a non-loopback host. */
GUri          *rd_client_build_uri       (RdClient     *self,
                                          const char   *project_id,
                                          const char   *escaped_tail,
                                          GError      **error);

/* The URI of "/v1/{project}" followed by @escaped_tail ("/scripts/%E9…") and @escaped_query
 * (nullable), under the Factory V1 endpoint's path; the same checks. */
GUri          *rd_client_build_factory_uri (RdClient   *self,
                                            const char *project_id,
                                            const char *escaped_tail,
                                            const char *escaped_query,
                                            GError    **error);

/* @text as one escaped path segment. */
char          *rd_client_escape_segment  (const char   *text);

/* A request with the client's settings as they are now. */
RdRequest     *rd_client_request_new     (RdClient                *self,
                                          RdDataArtsCall           call,
                                          GUri                    *uri,
                                          const char              *project_id,
                                          const char              *workspace,
                                          const RdDataArtsSubject *subject);

/* The Factory V1 calls' cache and queue (rd-factory-calls.c), one per client. */
typedef struct _RdFactoryQueue RdFactoryQueue;

RdFactoryQueue *rd_factory_queue_new              (void);
void            rd_factory_queue_free             (RdFactoryQueue *queue);
RdFactoryQueue *rd_client_get_factory_queue       (RdClient       *self);
RdErrorDetails *rd_factory_queue_dup_error_details (GTask         *task);

G_END_DECLS
