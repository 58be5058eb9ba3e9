/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-demo-service.h: an in-process fake DataArts Studio service on 127.0.0.1, for --demo and
 * the tests. This is what --demo needs; what only the tests use (more credentials, faults, the
 * request log, the gateway's clock, the list's offset mode, the release timers) is in
 * rd-demo-testing.h. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The sample data --demo shows: the original API page's example is package 4. */
#define RD_DEMO_PROJECT_ID      "62099355b894428e8916573ae635f1f9"
#define RD_DEMO_WORKSPACE_ID    "45be704b28cb4f25a39221169fd3e27e"   /* the default workspace */
#define RD_DEMO_OTHER_WORKSPACE "9f1c2e3d4b5a69788796a5b4c3d2e1f0"   /* a second workspace */
#define RD_DEMO_PACKAGE_ID      "4"

/* The token the demo service accepts out of the box. Not a secret: it only
 * opens the in-process fake. */
#define RD_DEMO_TOKEN           "release-desk-demo-token"

#define RD_TYPE_DEMO_SERVICE (rd_demo_service_get_type ())
G_DECLARE_FINAL_TYPE (RdDemoService, rd_demo_service, RD, DEMO_SERVICE, GObject)

RdDemoService *rd_demo_service_new                 (void);
/* Listens on 127.0.0.1, port 0 (a free port), on the thread-default main context. */
gboolean       rd_demo_service_start               (RdDemoService     *self,
                                                    GError           **error);
void           rd_demo_service_stop                (RdDemoService     *self);
/* "http://127.0.0.1:PORT", valid after start. */
const char    *rd_demo_service_get_url             (RdDemoService     *self);

/* The service on a thread of its own, as --demo runs it: its work (building the answers,
 * JSON and all) never holds up the window's main loop, as a real service's would not.
 * rd_demo_thread_start() returns once it listens; rd_demo_thread_stop() stops it, waits for
 * its thread and frees it. */
typedef struct _RdDemoThread RdDemoThread;

RdDemoThread  *rd_demo_thread_start                (GError           **error);
const char    *rd_demo_thread_get_url              (RdDemoThread      *self);
void           rd_demo_thread_stop                 (RdDemoThread      *self);

/* The lookups worth trying on the demo, one per thing to see, for a lookups menu: a new
 * floating GVariant of type a(ssss), each (project ID, workspace ID or "" for the default,
 * package ID, label translated into the user's language). */
GVariant      *rd_demo_new_sample_lookups          (void);

G_END_DECLS
