/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-validate.c: what a user types or pastes is trimmed, checked and explained. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "rd-regions.h"
#include "rd-validate.h"

static void
test_project_id_trims_paste (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rd_validate_project_id ("  62099355b894428e8916573ae635f1f9\n", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "62099355b894428e8916573ae635f1f9");
}

static void
test_project_id_rejects (void)
{
  static const struct {
    const char *text;
    int code;
    const char *message;
  } cases[] = {
    { "", RD_VALIDATE_ERROR_EMPTY, "Project ID is empty" },
    { " \t\n", RD_VALIDATE_ERROR_EMPTY, "Project ID is empty" },
    { "6209 9355", RD_VALIDATE_ERROR_INVALID_CHARACTERS,
      "Project ID must not contain spaces or line breaks" },
    { "abc\ndef", RD_VALIDATE_ERROR_INVALID_CHARACTERS,
      "Project ID must not contain spaces or line breaks" },
    { "abc/def", RD_VALIDATE_ERROR_INVALID_CHARACTERS,
      "Project ID may contain only letters, digits, “-” and “_”" },
    { "项目", RD_VALIDATE_ERROR_INVALID_CHARACTERS,
      "Project ID may contain only letters, digits, “-” and “_”" },
    { "abc\xff", RD_VALIDATE_ERROR_INVALID_CHARACTERS, "Project ID is not valid text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = rd_validate_project_id (cases[i].text, &error);

      g_assert_null (id);
      g_assert_error (error, RD_VALIDATE_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_too_long (void)
{
  g_autofree char *text = g_strnfill (10000, 'a');
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rd_validate_package_id (text, &error);

  g_assert_null (id);
  g_assert_error (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_TOO_LONG);
  g_assert_cmpstr (error->message, ==, "Package ID is too long: at most 128 characters");
}

static void
test_package_id_allows_odd_text (void)
{
  /* "a b+c" came from the service's own list. */
  const char *ids[] = { "12", "a-b_c", "发布包", "50%", "x/y", "?#", "a b+c" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = rd_validate_package_id (ids[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (id, ==, ids[i]);
    }
}

static void
test_package_id_rejects_line_breaks (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rd_validate_package_id ("12\n13", &error);

  g_assert_null (id);
  g_assert_error (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_INVALID_CHARACTERS);
  g_assert_cmpstr (error->message, ==, "Package ID must not contain tabs or line breaks");
}

static void
test_workspace (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ok = rd_validate_workspace_id ("45be704b28cb4f25a39221169fd3e27e ", &error);
  g_autofree char *bad = NULL;

  g_assert_cmpstr (ok, ==, "45be704b28cb4f25a39221169fd3e27e");
  bad = rd_validate_workspace_id ("ws 1", &error);
  g_assert_null (bad);
  g_assert_cmpstr (error->message, ==, "Workspace ID must not contain spaces or line breaks");
}

static void
test_region (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ok = rd_validate_region ("cn-north-4\n", &error);
  g_autofree char *bad = NULL;
  g_autofree char *endpoint = rd_region_dup_endpoint ("cn-north-4");
  g_autofree char *eu = rd_region_dup_endpoint ("eu-west-101");
  g_autofree char *iam = rd_region_dup_iam_endpoint ("ap-southeast-1");

  g_assert_no_error (error);
  g_assert_cmpstr (ok, ==, "cn-north-4");
  g_assert_cmpstr (endpoint, ==, "https://dayu.cn-north-4.myhuaweicloud.com");
  g_assert_cmpstr (eu, ==, "https://dayu.eu-west-101.myhuaweicloud.eu");
  g_assert_cmpstr (iam, ==, "https://iam.ap-southeast-1.myhuaweicloud.com");
  g_assert_null (rd_region_dup_endpoint ("mars-north-1"));
  g_assert_cmpuint (g_strv_length ((char **) rd_regions_get_all ()), ==, 22);

  bad = rd_validate_region ("mars-north-1", &error);
  g_assert_null (bad);
  g_assert_error (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_UNKNOWN_REGION);
}

static void
test_endpoint_accepts (void)
{
  static const struct { const char *text; const char *normalised;
  } cases[] = {
    { "https://dayu.cn-north-4.myhuaweicloud.com", "https://dayu.cn-north-4.myhuaweicloud.com" },
    { " https://dayu.cn-north-4.myhuaweicloud.com/\n",
      "https://dayu.cn-north-4.myhuaweicloud.com" },
    { "HTTPS://dayu.example.com:8443/gateway/", "https://dayu.example.com:8443/gateway" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = rd_validate_endpoint (cases[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, cases[i].normalised);
    }
}

static void
test_endpoint_rejects (void)
{
  static const struct { const char *text; const char *message;
  } cases[] = {
    { "", "The endpoint URL is empty" },
    { "dayu.cn-north-4.myhuaweicloud.com",
      "“dayu.cn-north-4.myhuaweicloud.com” is not a valid URL; write it like "
      "https://dayu.cn-north-4.myhuaweicloud.com" },
    { "ftp://dayu.example.com", "The endpoint must start with https:// (it starts with ftp:)" },
    { "file:///etc/passwd", "The endpoint must start with https:// (it starts with file:)" },
    { "https://user:secret@dayu.example.com",
      "The endpoint URL must not contain a user name or password" },
    { "https://dayu.example.com/?x=1", "The endpoint URL must not contain “?” or “#” parts" },
    { "https://dayu.example.com/#top", "The endpoint URL must not contain “?” or “#” parts" },
    { "https://", "The endpoint URL has no host name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = rd_validate_endpoint (cases[i].text, &error);

      g_assert_null (url);
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      /* A password typed into the URL never comes back in a message. */
      g_assert_null (strstr (error->message, "secret"));
    }
}

/* Found by fuzzing (tests/fuzz/regressions/validate/): GLib's URI parser takes a control
 * character in the host, which then went into the Host header and the signature. */
static void
test_endpoint_rejects_bad_host (void)
{
  static const char * const cases[] = {
    "http://12\0047.0.0.1:8080/prefix/",
    "https://dayu.example.com\t.evil/",
    "https://dayu example.com",
    "https://dayu.example.com\x7f",
    /* Its normalised form, "[fe80::1%eth0]", did not validate again. */
    "https://[fe80::1%25eth0]:8443/api/v1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = rd_validate_endpoint (cases[i], &error);
      g_autofree char *message = g_strdup_printf ("“%s” is not a valid URL; write it like "
                                                  "https://dayu.cn-north-4.myhuaweicloud.com",
                                                  cases[i]);

      g_assert_null (url);
      g_assert_error (error, RD_VALIDATE_ERROR, RD_VALIDATE_ERROR_INVALID_URL);
      g_assert_cmpstr (error->message, ==, message);
    }
}

/* An IP literal and an international name are hosts too. */
static void
test_endpoint_accepts_ip_and_idn (void)
{
  static const struct { const char *text; const char *normalised; } cases[] = {
    { "http://[::1]:8080/", "http://[::1]:8080" },
    { "https://dayu.例子.example/", "https://dayu.xn--fsqu00a.example" },
    { "https://private_gw.example.com", "https://private_gw.example.com" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = rd_validate_endpoint (cases[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, cases[i].normalised);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/project-id/trims-paste", test_project_id_trims_paste);
  g_test_add_func ("/validate/project-id/rejects", test_project_id_rejects);
  g_test_add_func ("/validate/package-id/too-long", test_too_long);
  g_test_add_func ("/validate/package-id/allows-odd-text", test_package_id_allows_odd_text);
  g_test_add_func ("/validate/package-id/rejects-line-breaks", test_package_id_rejects_line_breaks);
  g_test_add_func ("/validate/workspace", test_workspace);
  g_test_add_func ("/validate/region", test_region);
  g_test_add_func ("/validate/endpoint/accepts", test_endpoint_accepts);
  g_test_add_func ("/validate/endpoint/rejects", test_endpoint_rejects);
  g_test_add_func ("/validate/endpoint/rejects-bad-host", test_endpoint_rejects_bad_host);
  g_test_add_func ("/validate/endpoint/accepts-ip-and-idn", test_endpoint_accepts_ip_and_idn);

  return g_test_run ();
}
