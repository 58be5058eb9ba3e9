/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-demo-testing.h: what only the tests and the benchmarks use of the demo service: more
 * credentials, the routes' rules, faults, the request log, the gateway's clock, the list's
 * offset mode, the release timers and the package generator. The app needs rd-demo-service.h. */
#pragma once

#include "rd-demo-service.h"

G_BEGIN_DECLS

/* Routes, after the gateway's checks (token or AK/SK signature, X-Project-Id):
 *   GET  /v2/{project}/factory/release-packages/{id}      the detail answer
 *   POST /v2/{project}/factory/release-packages           list: every filter of the
 *        API page, sorted_direction, order_column (apply_timestamp or
 *        deploy_timestamp), limit 1-100 (10), offset (see RdDemoOffsetMode);
 *        key_word matches package names without regard to case, user names
 *        match exactly, time ranges include both ends
 *   POST /v2/{project}/factory/release-packages/deploy    see set_release_delay()
 *   POST /v2/{project}/factory/release-packages/unpack    removes the packages: the
 *        detail call then answers 400 DLF.0810, as for a package that never was;
 *        the answer is 200 with no body
 *   POST /v3/auth/tokens                                  IAM password sign-in
 * Deploy and unpack take 1 to 100 distinct string IDs, each a known package
 * with deploy_status 1; otherwise the whole call is refused with 400 and
 * nothing changes: DLF.20810 "Task does not exist." for an unknown package,
 * DLF.20812 for one in another state, DLF.1010 for a malformed body.
 *
 * The review queue: packages 7 and 30 to 53 wait for review (status 1),
 * 25 in all. Releasing RD_DEMO_FAILING_PACKAGE_ID always ends in status 3.
 *
 * DataArts Factory V1 (camelCase bodies, on the same host here), after the same checks and the
 * same workspace rules (no header: the project's default workspace; an unknown one: 400
 * DLF.3051, as the V2 routes). Names and IDs are percent-decoded per path segment, so an
 * encoded "/" stays inside its name:
 *   GET  /v1/{project}/scripts/{script_name}    ?version=N: that version; else
 *        ?status=PUBLISHED: the published copy; else (or status=SAVED) the latest. The
 *        document's "version" member is always the latest submitted version (an integer),
 *        whichever was asked for. Unknown script, version or a purged one: 400
 *        {"errors":[{"error_code":"DLF.6201","error_msg":"The script does not exist."}]}
 *   GET  /v1/{project}/jobs/{job_name}          ?version=N, else the latest; "version" is the
 *        version served, as a string; ?dependencies= is accepted and changes nothing.
 *        Unknown or purged: 400 {"error_code":"DLF.0100","error_msg":"The job does not exist."}
 *   GET  /v1/{project}/resources                ?limit 1-1000 (10), ?offset in records (0),
 *        ?resourceName: a case-sensitive substring of the name; {"total":N,"resources":[…]}
 *        in the order they were added
 *   GET  /v1/{project}/resources/{resource_id}  one of them; unknown: 400 DLF.6241 "The
 *        resource information does not exist."
 * A version, limit or offset that is not a number in range, or a status other than SAVED or
 * PUBLISHED: 400 DLF.1010 (top-level shape). Faults and the request log apply to them too.
 *
 * The sample versions (src/demo/versions/) are loaded on the first V1 request or the first
 * call below, whichever comes first; what the calls add comes on top of them. Every task of
 * RD_DEMO_REVIEW_PACKAGE_ID opens on both sides (those rd-demo-data.c names have written
 * versions, the others plain generated ones), except where a version is purged on purpose:
 * the deleted job "ads_订单_异常监控" (version 4 purged) and the deleted script
 * "dim_门店_维表_初始化" (version 1 purged, its PUBLISHED copy kept). The resource
 * "udf_订单号脱敏.jar" has a namesake, "udf_订单号脱敏.jar.bak", that the substring filter
 * finds as well. Package RD_DEMO_PACKAGE_ID's script opens too. */
#define RD_DEMO_REVIEW_QUEUE_SIZE   25
#define RD_DEMO_REVIEW_PACKAGE_ID   "7"
#define RD_DEMO_FAILING_PACKAGE_ID  "46"
/* Who releases, in the demo, whatever the credentials. */
#define RD_DEMO_DEPLOY_USER         "release-manager"
/* How long a release stays "being released" (5) before it ends in 2 or 3. */
#define RD_DEMO_DEFAULT_RELEASE_DELAY_MS 3000

/* The AK/SK pair the demo service accepts out of the box, besides RD_DEMO_TOKEN.
 * Not secrets: they only open the in-process fake. */
#define RD_DEMO_ACCESS_KEY      "RDDEMOACCESSKEY00001"
#define RD_DEMO_SECRET_KEY      "release-desk-demo-secret-key-0000000000"

/* The IAM sign-in the demo service answers (POST /v3/auth/tokens on the same
 * base URL). Not secrets either. The MFA user must add RD_DEMO_IAM_MFA_CODE. */
#define RD_DEMO_IAM_DOMAIN       "release-desk-demo"
#define RD_DEMO_IAM_DOMAIN_ID    "0c8d5e1f2a3b4c5d6e7f8091a2b3c4d5"
#define RD_DEMO_IAM_USER         "release-manager"
#define RD_DEMO_IAM_USER_ID      "7116d09f88fa41908676fdd4b039e95b"
#define RD_DEMO_IAM_MFA_USER     "release-manager-mfa"
#define RD_DEMO_IAM_MFA_USER_ID  "b95b78b67fa045b38104c12fb3e1a6d2"
#define RD_DEMO_IAM_PASSWORD     "demo-password-not-a-secret"
#define RD_DEMO_IAM_MFA_CODE     "123456"
#define RD_DEMO_IAM_PROJECT_NAME "cn-north-4"   /* scopes to RD_DEMO_PROJECT_ID */
#define RD_DEMO_TOKEN_LIFETIME_SECONDS (24 * 60 * 60)

/* A fault the next matching request gets instead of the normal answer. */
typedef enum
{
  RD_DEMO_FAULT_STATUS,        /* answer @status with @body (JSON) and an optional Retry-After */
  RD_DEMO_FAULT_RAW,           /* answer 200 with @body as is and @content_type */
  RD_DEMO_FAULT_DELAY,         /* wait @delay_ms, then answer normally */
  RD_DEMO_FAULT_HUGE,          /* stream @size bytes of a valid-looking JSON prefix, chunked */
  RD_DEMO_FAULT_HUGE_DECLARED, /* the same with a Content-Length header */
} RdDemoFaultKind;

typedef struct
{
  RdDemoFaultKind kind;
  guint           status;
  const char     *body;
  const char     *content_type;
  const char     *retry_after;
  guint           delay_ms;
  guint64         size;
} RdDemoFault;

/* Accept another token or AK/SK pair, besides the RD_DEMO_ ones. */
void           rd_demo_service_add_token           (RdDemoService     *self,
                                                    const char        *token);
void           rd_demo_service_add_access_key      (RdDemoService     *self,
                                                    const char        *access_key,
                                                    const char        *secret_key);

/* Adds (or replaces) a package in @project_id / @workspace_id whose document
 * is @document_json (a detail answer), or a generated one with @n_tasks tasks. */
void           rd_demo_service_add_package         (RdDemoService     *self,
                                                    const char        *project_id,
                                                    const char        *workspace_id,
                                                    const char        *package_id,
                                                    const char        *document_json);
void           rd_demo_service_add_generated_package (RdDemoService   *self,
                                                    const char        *project_id,
                                                    const char        *workspace_id,
                                                    const char        *package_id,
                                                    guint              n_tasks);

/* How long the tokens the IAM route issues from now on live (default
 * RD_DEMO_TOKEN_LIFETIME_SECONDS); 0 or less issues tokens already expired.
 * An expired token on a DataArts route gets 401 APIG.0301 "… the token expires". */
void           rd_demo_service_set_token_lifetime  (RdDemoService     *self,
                                                    gint64             seconds);

/* Moves the gateway's clock @seconds ahead (negative: behind) of this machine's, as when
 * either clock is wrong: the AK/SK check refuses an X-Sdk-Date more than 15 minutes
 * off with 401 APIG.0301 "… x-sdk-date expired". 0 (the default) for none. */
void           rd_demo_service_set_clock_offset    (RdDemoService     *self,
                                                    gint64             seconds);

/* Queues a fault for the next request (faults are used in order, one per request). */
void           rd_demo_service_push_fault          (RdDemoService     *self,
                                                    const RdDemoFault *fault);

/* What the service saw, for tests. */
guint          rd_demo_service_get_request_count   (RdDemoService     *self);
/* The last request's path as received (escaped), and its headers as a new
 * table of lower-case name -> value; NULL before any request. */
const char    *rd_demo_service_get_last_path       (RdDemoService     *self);
GHashTable    *rd_demo_service_dup_last_headers    (RdDemoService     *self);
/* The last request's query as received, or NULL when it had none. */
const char    *rd_demo_service_get_last_query      (RdDemoService     *self);
/* The last request's body as text ("" for none); NULL before any request. */
char          *rd_demo_service_dup_last_body       (RdDemoService     *self);

/* What the list call's "offset" counts in the demo (the real service's
 * reading is unconfirmed, so the client must cope with each). */
typedef enum
{
  RD_DEMO_OFFSET_RECORDS,        /* the default: offset N skips N packages */
  RD_DEMO_OFFSET_PAGES,          /* offset N is page N, from 0 */
  RD_DEMO_OFFSET_PAGES_FROM_1,   /* offset N is page N, from 1; 0 is page 1 too */
} RdDemoOffsetMode;

void           rd_demo_service_set_offset_mode     (RdDemoService     *self,
                                                    RdDemoOffsetMode   mode);

/* Deploy moves each package (and its tasks) to 5 at once, with
 * deploy_user_name RD_DEMO_DEPLOY_USER and deploy_timestamp now; after
 * @milliseconds (default RD_DEMO_DEFAULT_RELEASE_DELAY_MS) to 2, or to 3 for a
 * package marked to fail (its first task fails, the others succeed). With
 * startup_mode 1 the jobs' start_job_status is set as well. The timers run
 * on the main context the service was started on. */
void           rd_demo_service_set_release_delay   (RdDemoService     *self,
                                                    guint              milliseconds);
/* As a service that starts releases asynchronously: the deploy call answers at once, but its
 * packages stay 1 (to be reviewed, still listed in the queue) for @milliseconds (default 0)
 * before they move to 5; the release delay counts from then. */
void           rd_demo_service_set_release_start_lag (RdDemoService   *self,
                                                      guint            milliseconds);
void           rd_demo_service_set_package_fails   (RdDemoService     *self,
                                                    const char        *package_id,
                                                    gboolean           fails);
/* Deploy calls whose packages are still being released. */
guint          rd_demo_service_get_pending_release_count (RdDemoService *self);

/* One request as the service saw it: path and query as received (escaped),
 * the body as text ("" for none). */
typedef struct
{
  char *method;
  char *path;
  char *query;
  char *body;
  /* Who it claimed to be: "ak:ID" for a signed request (the access key ID its
   * Authorization names), rd_demo_token_credential () of its X-Auth-Token, or
   * NULL for neither. The log keeps no token. */
  char *credential;
} RdDemoRequest;

/* "token:" and the first 16 hex digits of @token's SHA-256: how the request log
 * names a token. */
char          *rd_demo_token_credential            (const char        *token);

void           rd_demo_request_free                (RdDemoRequest     *request);
/* Every request since the start (or the last clear), oldest first, the last
 * 10,000 at most; a new array of RdDemoRequest. The IAM route's bodies are
 * logged as "" (they hold a password): rd_demo_service_dup_last_body() has
 * the last one. */
GPtrArray     *rd_demo_service_dup_requests        (RdDemoService     *self);
void           rd_demo_service_clear_requests      (RdDemoService     *self);

/* DataArts Factory V1: scripts, jobs and their versions, and resources (see the routes above). */
typedef enum
{
  RD_DEMO_ITEM_JOB = 1,
  RD_DEMO_ITEM_SCRIPT = 2,
} RdDemoItemKind;

/* Adds (or replaces) version @version (1 or more) of the script or job @name in @project_id /
 * @workspace_id (made known if new): @json is its document (a JSON object; "name" is set to
 * @name, "version" is set when served). The highest version added is the latest. */
void           rd_demo_service_add_script_version  (RdDemoService     *self,
                                                    const char        *project_id,
                                                    const char        *workspace_id,
                                                    const char        *name,
                                                    guint              version,
                                                    const char        *json);
void           rd_demo_service_add_job_version     (RdDemoService     *self,
                                                    const char        *project_id,
                                                    const char        *workspace_id,
                                                    const char        *name,
                                                    guint              version,
                                                    const char        *json);
/* Makes a copy of @version (added before) the script's PUBLISHED (production) version. */
void           rd_demo_service_set_published_script_version (RdDemoService *self,
                                                    const char        *project_id,
                                                    const char        *workspace_id,
                                                    const char        *name,
                                                    guint              version);
/* Drops @version of a script or job, as the service does beyond its last 100: asking for it
 * then answers the not-found error of its kind. A PUBLISHED copy stays. */
void           rd_demo_service_purge_version       (RdDemoService     *self,
                                                    const char        *project_id,
                                                    const char        *workspace_id,
                                                    RdDemoItemKind     kind,
                                                    const char        *name,
                                                    guint              version);
/* Adds a resource whose document is @json (a JSON object with at least "name"); returns its
 * new ID (32 hex digits), which replaces any "id" in @json. */
char          *rd_demo_service_add_resource        (RdDemoService     *self,
                                                    const char        *project_id,
                                                    const char        *workspace_id,
                                                    const char        *json);

/* A detail document with @n_tasks generated tasks (names, IDs and times that
 * look real, some in Chinese), as JSON text; used by the benchmarks too. */
char          *rd_demo_generate_package_json       (const char        *package_id,
                                                    guint              n_tasks,
                                                    guint32            seed);

G_END_DECLS
