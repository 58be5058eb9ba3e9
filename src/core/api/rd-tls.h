/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-tls.h: the TLS policy of every connection Release Desk makes: TLS 1.2 or newer. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What TLS 1.2 and newer leaves out, in GnuTLS priority syntax. */
#define RD_TLS_OLD_VERSIONS "-VERS-SSL3.0:-VERS-TLS1.0:-VERS-TLS1.1:-VERS-DTLS0.9:-VERS-DTLS1.0"

/* The GnuTLS priority string the process should run with, built from
 * @current (the G_TLS_GNUTLS_PRIORITY the process was started with, or NULL)
 * and @system_config (the path of GnuTLS's system-wide configuration, or NULL
 * when there is none):
 *  - a priority the user set is kept, with TLS 1.0 and 1.1 removed;
 *  - else the system's own policy ("@SYSTEM", when the configuration defines
 *    one) with %COMPAT as glib-networking adds it, and TLS 1.0 and 1.1 removed;
 *  - else GnuTLS's default "NORMAL" the same way, and %PROFILE_MEDIUM, which
 *    refuses RSA and DH keys under 2048 bits and SHA-1 signatures.
 * Removals only: nothing the base or the system-wide overrides forbid comes back. */
char *rd_tls_build_priority (const char *current,
                             const char *system_config);

/* GnuTLS's system-wide configuration file as GnuTLS finds it
 * (GNUTLS_SYSTEM_PRIORITY_FILE, else /etc/gnutls/config, else the
 * crypto-policies back end), or NULL when there is none. */
char *rd_tls_dup_system_config_path (void);

/* Sets G_TLS_GNUTLS_PRIORITY for this process. glib-networking's GnuTLS
 * backend reads it once, when the first TLS connection is made: call this
 * first thing in main(), before any thread starts. */
void  rd_tls_apply_policy (void);

G_END_DECLS
