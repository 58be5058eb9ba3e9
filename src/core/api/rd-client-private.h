/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-client-private.h: how an RdClient checks a call's target and builds its address. */
#pragma once

#include <libsoup/soup.h>

#include "rd-client.h"

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

G_END_DECLS
