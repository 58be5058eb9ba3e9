/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-validate.c: what the form and the command line accept — IDs, regions, endpoints — and the
 * request addresses the client builds from them, on arbitrary text. */
#include "config.h"

#include "fuzz-common.h"
#include "rd-client-private.h"
#include "rd-credentials.h"
#include "rd-http-private.h"
#include "rd-regions.h"
#include "rd-validate.h"

/* The input is NUL-separated fields: project ID, workspace ID, package ID,
 * region, endpoint — what `release-desk --export` and the lookup form take. */
enum
{
  FIELD_PROJECT,
  FIELD_WORKSPACE,
  FIELD_PACKAGE,
  FIELD_REGION,
  FIELD_ENDPOINT,
  N_FIELDS,
};

static RdCredentials *credentials;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  credentials = rd_credentials_new_token ("fuzz-token");
  return 0;
}

typedef char *(*ValidateFunc) (const char *text, GError **error);

static void
check_failure (const char   *result,
               const GError *error)
{
  g_assert_null (result);
  g_assert_nonnull (error);
  g_assert_true (error->domain == RD_VALIDATE_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* A value that passed is trimmed, passes again unchanged, and holds no
 * white space or control character that a paste could have smuggled in. */
static char *
check_id (ValidateFunc  validate,
          const char   *text,
          gboolean      plain,
          gboolean      inner_spaces)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = validate (text, &error);
  g_autofree char *again = NULL;
  g_autofree char *trimmed = NULL;

  if (value == NULL)
    {
      check_failure (value, error);
      return NULL;
    }

  g_assert_no_error (error);
  trimmed = g_strstrip (g_strdup (text));
  g_assert_cmpstr (value, ==, trimmed);
  g_assert_true (g_utf8_validate (value, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (value, -1), >, 0);
  g_assert_cmpuint (g_utf8_strlen (value, -1), <=, RD_VALIDATE_MAX_ID_LENGTH);
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* A package ID keeps a space between characters (the service hands out "a b+c"). */
      g_assert_false ((g_unichar_isspace (c) && !(inner_spaces && c == ' ')) ||
                      g_unichar_iscntrl (c));
      if (plain)
        g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
    }

  again = validate (value, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, value);

  return g_steal_pointer (&value);
}

/* Host[:port] of a request address goes into the Host header and the signature: ASCII,
 * no spaces. */
static void
check_authority (const char *authority)
{
  g_assert_nonnull (authority);
  g_assert_cmpuint (strlen (authority), >, 0);
  for (const char *p = authority; *p != '\0'; p++)
    g_assert_true (*p > 0x20 && *p < 0x7f);
}

/* The address of the detail call goes to the server the endpoint names, under
 * its path, and the package ID comes back out of the last segment whole. */
static void
check_request_uri (RdClient   *client,
                   const char *endpoint,
                   const char *project,
                   const char *package)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped_package = NULL;
  g_autofree char *tail = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GUri) endpoint_uri = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *authority = NULL;
  const char *path;
  const char *last;

  if (package != NULL && !g_str_equal (package, ".") && !g_str_equal (package, ".."))
    {
      escaped_package = g_uri_escape_string (package, NULL, FALSE);
      tail = g_strconcat ("/", escaped_package, NULL);
    }

  uri = rd_client_build_uri (client, project, tail, &error);
  if (uri == NULL)
    {
      /* Only plain http to another machine is refused. */
      g_assert_error (error, RD_API_ERROR, RD_API_ERROR_INSECURE);
      g_assert_true (g_str_has_prefix (endpoint, "http://"));
      return;
    }
  g_assert_no_error (error);
  authority = rd_http_dup_authority (uri);
  check_authority (authority);

  /* As libsoup reads the endpoint: a default port such as :443 drops out. */
  endpoint_uri = g_uri_parse (endpoint, SOUP_HTTP_URI_FLAGS, NULL);
  g_assert_nonnull (endpoint_uri);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, g_uri_get_scheme (endpoint_uri));
  g_assert_cmpstr (g_uri_get_host (uri), ==, g_uri_get_host (endpoint_uri));
  g_assert_cmpint (g_uri_get_port (uri), ==, g_uri_get_port (endpoint_uri));
  g_assert_null (g_uri_get_userinfo (uri));
  g_assert_null (g_uri_get_query (uri));
  g_assert_null (g_uri_get_fragment (uri));

  path = g_uri_get_path (uri);
  prefix = g_strdup (g_uri_get_path (endpoint_uri));
  while (g_str_has_suffix (prefix, "/"))
    prefix[strlen (prefix) - 1] = '\0';
  g_assert_true (g_str_has_prefix (path, prefix));
  g_assert_true (g_str_has_prefix (path + strlen (prefix), "/v2/"));

  if (tail == NULL)
    {
      g_assert_true (g_str_has_suffix (path, "/factory/release-packages"));
      return;
    }

  last = strrchr (path, '/');
  g_assert_nonnull (last);
  {
    g_autofree char *back = g_uri_unescape_string (last + 1, NULL);

    g_assert_cmpstr (back, ==, package);
  }
}

static void
check_endpoint (const char *text,
                const char *project,
                const char *package)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = rd_validate_endpoint (text, &error);
  g_autofree char *again = NULL;
  g_autoptr(RdClient) client = NULL;

  if (endpoint == NULL)
    {
      check_failure (endpoint, error);
      return;
    }

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (endpoint, "https://") || g_str_has_prefix (endpoint, "http://"));
  g_assert_false (g_str_has_suffix (endpoint, "/"));
  g_assert_true (g_utf8_validate (endpoint, -1, NULL));

  again = rd_validate_endpoint (endpoint, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, endpoint);

  /* What the validator passes, the client takes. */
  client = rd_client_new (endpoint, credentials, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);

  check_request_uri (client, endpoint,
                     project != NULL ? project : "0833a5737480d53b2f25c010dc1a7b88", package);
}

/* The client checks the lookup form's project and workspace with the same
 * validators; an empty workspace means the default one. */
static void
check_target (const char *project_text,
              const char *workspace_text,
              const char *project,
              const char *workspace)
{
  static RdClient *client;
  g_autoptr(GError) error = NULL;
  g_autofree char *project_out = NULL;
  g_autofree char *workspace_out = NULL;
  g_autofree char *workspace_trimmed = g_strstrip (g_strdup (workspace_text));
  gboolean expected = project != NULL && (workspace != NULL || workspace_trimmed[0] == '\0');

  if (client == NULL)
    client = rd_client_new ("https://dayu.cn-north-4.myhuaweicloud.com", credentials, NULL);

  if (!rd_client_check_target (client, project_text, workspace_text, &project_out, &workspace_out,
                               &error))
    {
      g_assert_false (expected);
      g_assert_error (error, RD_API_ERROR, RD_API_ERROR_INVALID_INPUT);
      return;
    }

  g_assert_true (expected);
  g_assert_cmpstr (project_out, ==, project);
  g_assert_cmpstr (workspace_out, ==, workspace);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_auto(GStrv) fields = fuzz_split_fields (data, size, N_FIELDS);
  g_autofree char *project = check_id (rd_validate_project_id, fields[FIELD_PROJECT], TRUE, FALSE);
  g_autofree char *workspace = check_id (rd_validate_workspace_id, fields[FIELD_WORKSPACE], TRUE,
                                         FALSE);
  g_autofree char *package = check_id (rd_validate_package_id, fields[FIELD_PACKAGE], FALSE, TRUE);
  g_autofree char *region = check_id (rd_validate_region, fields[FIELD_REGION], FALSE, FALSE);

  if (region != NULL)
    {
      g_autofree char *endpoint = rd_region_dup_endpoint (region);
      g_autoptr(GError) error = NULL;
      g_autofree char *checked = NULL;

      g_assert_true (rd_region_is_known (region));
      g_assert_nonnull (endpoint);
      checked = rd_validate_endpoint (endpoint, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (checked, ==, endpoint);
    }

  check_target (fields[FIELD_PROJECT], fields[FIELD_WORKSPACE], project, workspace);
  check_endpoint (fields[FIELD_ENDPOINT], project, package);

  return 0;
}
