#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a file under src/ holds a translatable string but is not in po/POTFILES.in,
or when POTFILES.in names a file that does not exist (xgettext would stop on it)."""

import pathlib
import re
import sys

# _("…"), N_("…"), C_("ctx", "…"), NC_(…), ngettext (…), g_dngettext (…), and GtkBuilder's
# translatable="yes"; a space before the parenthesis is GTK style, so it is allowed.
MARKERS = re.compile(
    r'(?<![A-Za-z0-9_])(?:N|C|NC|Q)?_\s*\(|(?<![A-Za-z0-9_])(?:g_d?n?gettext|ngettext|g_dpgettext2?)\s*\('
    r'|translatable\s*=\s*["\']yes["\']'
)
SUFFIXES = {'.c', '.h', '.ui', '.xml', '.in', '.js', '.py', '.vala'}


def main() -> int:
    top = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()
    potfiles = top / 'po' / 'POTFILES.in'
    listed = set()
    for line in potfiles.read_text(encoding='utf-8').splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            listed.add(line)

    status = 0
    for name in sorted(listed):
        if not (top / name).is_file():
            print(f'po/POTFILES.in names {name}, which does not exist')
            status = 1

    for path in sorted((top / 'src').rglob('*')):
        if not path.is_file() or path.suffix not in SUFFIXES:
            continue
        name = path.relative_to(top).as_posix()
        text = path.read_text(encoding='utf-8', errors='replace')
        if MARKERS.search(text) and name not in listed:
            line = text[:MARKERS.search(text).start()].count('\n') + 1
            print(f'{name}:{line}: has translatable strings but is missing from po/POTFILES.in')
            status = 1

    if status == 0:
        print(f'ok: po/POTFILES.in lists all {len(listed)} files with translatable strings')
    return status


if __name__ == '__main__':
    sys.exit(main())
