/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-target.h: what an invocation asks for (its options, a saved account, its environment),
 * resolved once by one set of rules: the service, the credentials, the project, the timeout. */
#pragma once

#include <gio/gio.h>

#include "rd-account-store.h"
#include "rd-client.h"
#include "rd-credentials.h"

G_BEGIN_DECLS

#define RD_TARGET_ERROR (rd_target_error_quark ())
GQuark rd_target_error_quark (void);

/* The message of each is written for the person at the command line, translated, and quotes
 * what they typed where that helps (a terminal shows it through rd_terminal_text ()). */
typedef enum
{
  /* Options that contradict each other, a malformed value, or something missing: the
   * command line's exit status 2. */
  RD_TARGET_ERROR_USAGE,
  /* A saved account was named, but the accounts file could not be read (the message is the
   * store's load error): exit status 1. */
  RD_TARGET_ERROR_ACCOUNTS,
} RdTargetError;

/* The options as given; NULL (or 0, FALSE) for one that was not. */
typedef struct
{
  gboolean    demo;        /* the caller's demo service: see rd_target_set_service () */
  const char *account;     /* a saved account's name */
  const char *region;
  const char *endpoint;
  const char *factory_endpoint; /* DataArts Factory's V1 base URL, instead of the derived one */
  const char *project_id;
  const char *workspace;
  const char *package_id;
  int         timeout;     /* seconds; 0 for the default, < 0 for a value that is no number */
} RdTargetOptions;

typedef enum
{
  RD_TARGET_FLAGS_NONE     = 0,
  /* With no account, region, endpoint or demo in the options: the store's active account
   * (the one used last time), if there is one. */
  RD_TARGET_ACTIVE_ACCOUNT = 1 << 0,
  /* One lookup, now (the headless export): the project ID (options, else the account's), the
   * workspace (options, else the account's), the package ID, the service (options, else the
   * account's) and credentials (the account's, the demo's, else the environment's) must all be
   * there, and are checked in that order. Without it the project, workspace and package are left
   * to the caller (a window's form checks them when a lookup starts), and so is the account's
   * service (read when its client is built, so that an edit of the account counts). */
  RD_TARGET_LOOKUP         = 1 << 1,
} RdTargetFlags;

#define RD_TYPE_TARGET (rd_target_get_type ())
G_DECLARE_FINAL_TYPE (RdTarget, rd_target, RD, TARGET, GObject)

/* Checks @options in this order and resolves them: --region and --endpoint together, --demo
 * with either, --timeout out of 1 to RD_CLIENT_MAX_TIMEOUT_SECONDS, --demo with --account, the
 * account named (in @accounts, which may be NULL when none is named: its load error, or an
 * unknown name listing the saved ones), then as @flags say; the endpoint of --endpoint or
 * --region is checked and normalised. Credentials come from @environ_vars (the invocation's
 * credential variables, see rd_credentials_take_environment ()) only when there is an endpoint
 * and neither an account nor the demo; a variable that is set but unusable is an error.
 * Returns NULL with RD_TARGET_ERROR on any mistake. No property: it may hold secrets. */
RdTarget      *rd_target_new             (const RdTargetOptions *options,
                                          RdAccountStore        *accounts,
                                          const char * const    *environ_vars,
                                          RdTargetFlags          flags,
                                          GError               **error);

/* The demo service the caller started for --demo: its base URL and the credentials it takes. */
void           rd_target_set_service     (RdTarget              *self,
                                          const char            *endpoint,
                                          RdCredentials         *credentials);

gboolean       rd_target_get_demo        (RdTarget              *self);
/* The saved account to use (its secrets are read from the keyring when a client is needed),
 * or NULL. */
RdAccount     *rd_target_get_account     (RdTarget              *self);
/* The endpoint of --endpoint or --region (it overrides the account's), of the demo, or with
 * RD_TARGET_LOOKUP the account's; NULL when there is none yet. */
const char    *rd_target_get_endpoint    (RdTarget              *self);
/* The Factory V1 endpoint of --factory-endpoint (checked and normalised), or NULL: the
 * account's when the session builds its client (so that an edit counts), else derived from the
 * endpoint by the client. */
const char    *rd_target_get_factory_endpoint (RdTarget         *self);
/* The environment's or the demo's credentials; NULL with an account, or when there are none. */
RdCredentials *rd_target_get_credentials (RdTarget              *self);
/* With RD_TARGET_LOOKUP, checked and normalised; NULL otherwise (and for the default
 * workspace). */
const char    *rd_target_get_project_id  (RdTarget              *self);
const char    *rd_target_get_workspace   (RdTarget              *self);
const char    *rd_target_get_package_id  (RdTarget              *self);
/* Seconds, or 0 for the client's default. */
int            rd_target_get_timeout     (RdTarget              *self);

G_END_DECLS
