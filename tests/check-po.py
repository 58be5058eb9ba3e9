#!/usr/bin/env python3
"""Runs `msgfmt --check --statistics` on every translation in po/LINGUAS and fails on a format
error, a missing file, or any fuzzy or untranslated message."""

import os
import pathlib
import re
import subprocess
import sys


def main() -> int:
    top = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()
    msgfmt = sys.argv[2] if len(sys.argv) > 2 else 'msgfmt'
    po = top / 'po'
    langs = [word for line in (po / 'LINGUAS').read_text(encoding='utf-8').splitlines()
             if not line.lstrip().startswith('#') for word in line.split()]
    status = 0
    for lang in langs:
        path = po / f'{lang}.po'
        if not path.is_file():
            print(f'{lang}: po/LINGUAS names it, but po/{lang}.po does not exist')
            status = 1
            continue
        result = subprocess.run([msgfmt, '--check', '--statistics', '-o', '/dev/null', str(path)],
                                capture_output=True, text=True,
                                env=dict(os.environ, LC_ALL='C', LANGUAGE=''))
        report = (result.stdout + result.stderr).strip()
        print(f'{lang}: {report}')
        if result.returncode != 0 or re.search(r'fuzzy|untranslated', report):
            status = 1
    if not langs:
        print('po/LINGUAS names no language')
    return status


if __name__ == '__main__':
    sys.exit(main())
