/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-demo-private.h: what the files of the demo library share; neither the app nor the tests
 * include it. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rd-demo-testing.h"

G_BEGIN_DECLS

/* rd-demo-data.c */

/* A stable 32-hex ID for a sample user or item, the same in every package. */
char *rd_demo_sample_id              (const char *kind,
                                      const char *name);
/* The script_id a sample package gives the script @name. */
char *rd_demo_sample_script_id       (const char *name);
/* rd_demo_generate_package_json () in another project and workspace. */
char *rd_demo_generate_package_in    (const char *project_id,
                                      const char *workspace_id,
                                      const char *package_id,
                                      guint       n_tasks,
                                      guint32     seed);

/* One package of the sample data in RD_DEMO_PROJECT_ID: its answer's status and body. */
typedef void (*RdDemoSampleFunc) (const char *workspace_id,
                                  const char *package_id,
                                  guint       status,
                                  GBytes     *body,
                                  gpointer    user_data);

/* The compiled-in data file at @path (under RD_DEMO_RESOURCE_PREFIX), registered on first use. */
#define RD_DEMO_RESOURCE_PREFIX "/io/github/releasedesk/ReleaseDesk/demo/"
GBytes *rd_demo_lookup_data          (const char  *path,
                                      GError     **error);

/* One task of RD_DEMO_REVIEW_PACKAGE_ID, as its detail answer gives it. */
typedef void (*RdDemoSampleTaskFunc) (int         task_type,
                                      int         update_type,
                                      const char *item_name,
                                      guint       deployed_version,
                                      guint       pending_version,
                                      const char *submitter,
                                      gpointer    user_data);

void  rd_demo_foreach_review_task    (RdDemoSampleTaskFunc func,
                                      gpointer             user_data);

/* Calls @func for each sample package, package 4 first. */
void  rd_demo_foreach_sample_package (RdDemoSampleFunc func,
                                      gpointer         user_data);

/* rd-demo-service.c: the service's state, shared by the route handlers */

#define JSON_CONTENT_TYPE    "application/json;charset=UTF-8"
#define IAM_ERROR_PREFIX     "Incorrect IAM authentication information: "
#define IAM_TOKENS_PATH      "/v3/auth/tokens"

typedef struct
{
  guint     status;
  GBytes   *body;
  JsonNode *document;   /* parsed from @body on first use; NULL when unreadable */
  gboolean  parsed;
} Package;

typedef struct
{
  char       *default_workspace;
  GHashTable *workspaces;   /* workspace ID -> (package ID -> Package) */
  GHashTable *catalogs;     /* workspace ID -> Catalog (rd-demo-versions.c), made on first use */
} Project;

/* A token the IAM route handed out. */
typedef struct
{
  char   *token;
  gint64  expires_at;   /* g_get_real_time () µs */
} IssuedToken;

typedef struct _Delay Delay;

struct _RdDemoService
{
  GObject       parent_instance;

  SoupServer   *server;
  GMainContext *context;
  char         *url;

  GHashTable   *projects;     /* project ID -> Project */
  GPtrArray    *tokens;
  GPtrArray    *issued_tokens; /* of IssuedToken */
  gint64        token_lifetime;  /* seconds */
  GHashTable   *access_keys;  /* AK -> SK */
  GQueue        faults;       /* of Fault */
  GPtrArray    *delays;       /* of Delay, paused messages waiting for their timeout */

  RdDemoOffsetMode offset_mode;
  guint         release_delay_ms;
  guint         release_start_lag_ms; /* deploy answered, packages still 1 */
  gint64        clock_offset;  /* seconds the gateway's clock is ahead of the real one */
  GPtrArray    *releases;     /* of Release, waiting for their delay */
  GHashTable   *failing_packages; /* package IDs whose release fails */
  GPtrArray    *requests;     /* of RdDemoRequest, the log */
  gboolean      sample_versions_loaded; /* src/demo/versions/, on first use */

  guint         request_count;
  char         *last_path;
  char         *last_query;
  GHashTable   *last_headers;
  char         *last_body;
};

/* A matched route hands its handler the request and the decoded path parameters. */
typedef struct
{
  SoupServerMessage *msg;
  const char        *request_id;
  const char        *project_id;
  const char        *package_id;  /* {package_id}, or NULL */
  const char        *item;        /* {script_name}, {job_name} or {resource_id}, or NULL */
} Request;

void        rd_demo_package_free           (gpointer           data);
/* The packages of @workspace_id in @project_id, both made known if new; a project's first
 * workspace is its default one. */
GHashTable *rd_demo_ensure_workspace       (RdDemoService     *self,
                                            const char        *project_id,
                                            const char        *workspace_id);
void        rd_demo_issued_token_free      (gpointer           data);

char       *rd_demo_new_request_id         (void);
void        rd_demo_respond_bytes          (SoupServerMessage *msg,
                                            guint              status,
                                            const char        *content_type,
                                            GBytes            *body);
void        rd_demo_respond_text           (SoupServerMessage *msg,
                                            guint              status,
                                            const char        *content_type,
                                            const char        *text);
void        rd_demo_respond_error          (SoupServerMessage *msg,
                                            guint              status,
                                            const char        *error_code,
                                            const char        *error_msg,
                                            const char        *request_id);
/* NULL when @object is NULL or its @name is missing or of another type. */
JsonObject *rd_demo_member_object          (JsonObject        *object,
                                            const char        *name);
const char *rd_demo_member_string          (JsonObject        *object,
                                            const char        *name);

/* rd-demo-gateway.c: the API gateway's checks and IAM */

/* TRUE when the request may go on; otherwise @msg has the gateway's 401 or 403. */
gboolean    rd_demo_check_auth             (RdDemoService     *self,
                                            SoupServerMessage *msg,
                                            const char        *request_id,
                                            const char        *project_id);
void        rd_demo_handle_iam_tokens      (RdDemoService     *self,
                                            SoupServerMessage *msg);

/* rd-demo-factory.c: the DataArts Studio routes */

/* The packages of the workspace the request selects (its workspace header, else the
 * project's default), and its ID in @workspace_id (may be NULL); NULL after answering the
 * service's error. */
GHashTable *rd_demo_resolve_workspace      (RdDemoService     *self,
                                            Request           *request,
                                            const char       **workspace_id);
void        rd_demo_release_free           (gpointer           data);
void        rd_demo_handle_show_package    (RdDemoService     *self,
                                            Request           *request);
void        rd_demo_handle_list_packages   (RdDemoService     *self,
                                            Request           *request);
void        rd_demo_handle_deploy_packages (RdDemoService     *self,
                                            Request           *request);
void        rd_demo_handle_unpack_packages (RdDemoService     *self,
                                            Request           *request);

/* rd-demo-versions.c: the DataArts Factory V1 routes, scripts, jobs and resources */

void        rd_demo_catalog_free           (gpointer           data);
void        rd_demo_handle_show_script     (RdDemoService     *self,
                                            Request           *request);
void        rd_demo_handle_show_job        (RdDemoService     *self,
                                            Request           *request);
void        rd_demo_handle_list_resources  (RdDemoService     *self,
                                            Request           *request);
void        rd_demo_handle_show_resource   (RdDemoService     *self,
                                            Request           *request);

G_END_DECLS
