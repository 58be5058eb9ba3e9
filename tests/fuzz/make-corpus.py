#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""make-corpus.py: writes the seed corpus of the fuzz targets, corpus/<target>/, from the API
contract's examples (the folder of the API contract's Markdown pages: the first argument, by
default a shared/api folder beside the checkout) and the test fixtures (tests/fixtures/).

Run it from anywhere; it rewrites corpus/ beside itself. The corpus is committed: CI and the
replay tests read the committed files, not this script's output. Inputs the fuzzers find go to
a scratch folder (.ci/fuzz), never here; a crash becomes a file in regressions/<target>/.
"""
import json
import pathlib
import re
import sys

here = pathlib.Path(__file__).resolve().parent
top = here.parent.parent
api = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else top.parent / "shared" / "api"
fixtures = top / "tests" / "fixtures"


def write(target, name, data):
    folder = here / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (folder / name).write_bytes(data)


def compact(document):
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def fields(*values):
    """NUL-separated fields, as fuzz-signer.c and fuzz-validate.c split them."""
    return b"\0".join(v.encode("utf-8") if isinstance(v, str) else v for v in values)


# ---- Documents: the contract's examples and the fixtures ------------------------------------
seed_page = (api / "seed-show-release-package.txt").read_text(encoding="utf-8")
blocks = []
for match in re.finditer(r"^    \{$.*?^    \}", seed_page, re.S | re.M):
    blocks.append(json.loads(match.group(0)))
detail_example, error_example = blocks[0], blocks[1]

details = {"api-example.json": detail_example}
for path in sorted(fixtures.glob("*.json")):
    document = json.loads(path.read_text(encoding="utf-8"))
    # A fixture that is the contract's example once more adds nothing.
    if document not in details.values():
        details["fixture-" + path.name] = document

# What the contract says may vary: unknown members and enumeration values, nulls, empty lists,
# the newer service's task_id and start_job_status, Chinese names, escapes.
variant = json.loads(json.dumps(detail_example))
variant["release_package"].update({
    "package_name": "订单\t\"报表\"|\\n",
    "deploy_status": 7,
    "deploy_timestamp": None,
    "package_approvers": [],
    "future_flag": True,
    "ratio": 0.5,
})
variant["task_details"][0].update({"task_id": "job-1", "start_job_status": 3, "update_type": 9})
variant["task_details"].append({"item_name": "line\r\nbreak", "submit_timestamp": "1690602544380"})
variant["extra_top_level"] = {"nested": [1, -2, "x", None, False]}
details["variants.json"] = variant
details["minimal.json"] = {"release_package": {}, "task_details": []}

for name, document in details.items():
    text = compact(document)
    write("detail", name, text)
    write("export", name, text)
# Pretty-printed once, with the byte order mark some gateways add.
write("detail", "api-example-pretty-bom.json",
      "\ufeff" + json.dumps(detail_example, ensure_ascii=False, indent=2) + "\n")
write("export", "generic-object.json",
      compact({"a": [1, 2.5, -0.0, 1e-7, "\u00e9\u20ac"], "b": {"c": None, "d": "\\\"/"}}))

# ---- The review queue's answers --------------------------------------------------------------
packages = [d["release_package"] for d in details.values()]
write("list", "list-all.json", compact({"data": packages, "total": len(packages)}))
write("list", "list-one-of-many.json", compact({"data": packages[:1], "total": 37}))
write("list", "list-empty.json", compact({"data": [], "total": 0}))
write("list", "deploy-answer.json", compact({"deploy_package_details": [
    {"asy_subtask_num": 2, "asy_task_id": "ff8080818be0f2c0018bf0b1c3a0002a", "package_id": 23},
    {"asy_task_id": None, "package_id": "24"}]}))
write("list", "error-answer.json", compact(error_example))
write("list", "empty-answer.txt", b"")

# ---- The signer: method, path, query, body, AK, SK, Authorization, X-Sdk-Date, headers ------
# The reference vectors: requests signed by Huawei's own SDK (as in tests/test-signer.c).
project = "0123456789abcdef0123456789abcdef"
workspace = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
ak = "EXAMPLEAK0123456789Z"
sk = "EXAMPLEsk0123456789abcdefghijklmnopqrstu"
host = "dayu.cn-north-4.myhuaweicloud.com"
date = "20240315T081530Z"
authorization = ("SDK-HMAC-SHA256 Access=EXAMPLEAK0123456789Z, "
                 "SignedHeaders=content-type;host;workspace;x-project-id;x-sdk-date, "
                 "Signature=08e86abd7e9ca0e81ad3726fbd412a5308d45e42bba46c14e416623190a0e761")
common = ["content-type", "application/json", "host", host, "workspace", workspace,
          "x-project-id", project, "x-sdk-date", date]
write("signer", "case-1", fields("GET", f"/v2/{project}/factory/release-packages/12345", "", "",
                                 ak, sk, authorization, date, *common))
write("signer", "case-2", fields("GET", f"/v2/{project}/factory/release-packages/9876", "", "",
                                 ak, sk, authorization.replace(", ", ","), date,
                                 "host", host, "workspace", workspace, "x-sdk-date", date))
write("signer", "case-3", fields("GET", f"/v2/{project}/factory/release-packages/12345",
                                 "key_word=pkg%20a%2Fb~%C3%BC&limit=10&offset=0&tag=b&tag=a", "",
                                 ak, sk, "SDK-HMAC-SHA256 Access=x", "20240229T235959Z", *common))
write("signer", "case-4", fields("POST", f"/v2/{project}/factory/release-packages", "",
                                 '{"limit":10,"offset":0,"deploy_status_filter":[1]}',
                                 ak, sk, "", "99991231T235959Z", *common))
write("signer", "go-sdk", fields("GET", "/path", "limit=1", "", "AccessKey", "SecretKey",
                                 "", "20060102T150405Z", "X-Sdk-Date", "20060102T150405Z"))
write("signer", "odd-escapes", fields("PUT", "/a b/%zz/%2F/./..//", "a&=b&c==d&&e=%ZZ&+=%20", "x",
                                      "AK", "", "SDK-HMAC-SHA256", "2024-03-15", "Workspace", "  w  "))

# ---- Validation: project, workspace, package, region, endpoint -------------------------------
write("validate", "contract", fields(project, workspace, "12345", "cn-north-4",
                                     "https://dayu.cn-north-4.myhuaweicloud.com"))
write("validate", "pasted", fields(f" {project}\n", "\t" + workspace, " 订单-4 \r\n", "eu-west-101\n",
                                   " https://dayu.eu-west-101.myhuaweicloud.eu/ \n"))
write("validate", "loopback", fields("p_1-x", "", "a/b?c#d%", "cn-north-1",
                                     "http://127.0.0.1:8080/prefix/"))
write("validate", "ipv6", fields("P", "W", ".", "ap-southeast-1", "http://[::1]:1/"))
write("validate", "insecure", fields("p", "w", "..", "nowhere-1", "http://dayu.example.com"))
write("validate", "bad", fields("a b", "x/y", "", "", "ftp://user:pw@host/?q#f"))
write("validate", "private-cloud", fields("p", "w", "4", "la-south-2",
                                          "HTTPS://Dayu.Example.COM:8443/api/v1//"))
