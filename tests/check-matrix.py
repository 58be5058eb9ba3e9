#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the bad-input matrix of tests/README.md: at least MIN_ROWS rows, each naming at least
one test path in backquotes, and every path named registered by a test program in tests/*.c.

    check-matrix.py TOP

A path counts as registered when tests/*.c passes it to g_test_add*() as a literal, through an
ADD-style macro that prefixes it ("#define ADD(path, func) g_test_add ("/window/" path, …)"), or
through a table: g_strconcat ("/parser/rejects/", cases[i].name, …) with the table's entries
written { "name", … } in the same file.
"""

import pathlib
import re
import sys

MIN_ROWS = 40
MATRIX_HEADING = '## The bad-input matrix'

LITERAL = re.compile(r'g_test_add\w*\s*\(\s*"(/[^"]+)"')
MACRO = re.compile(r'#define\s+(\w+)\s*\(\s*path\s*,[^)]*\)\s*\\?\s*g_test_add\w*\s*\(\s*(?:"([^"]*)"\s*)?path')
TABLE_PREFIX = re.compile(r'g_strconcat\s*\(\s*"(/[^"]+/)"\s*,\s*\w+\s*\[\s*\w+\s*\]\s*\.\s*name')
TABLE_ENTRY = re.compile(r'^\s*\{\s*"([A-Za-z0-9_./-]+)"\s*,', re.MULTILINE)
PATH_IN_CELL = re.compile(r'`(/[A-Za-z0-9_./-]+)`')


def registered_paths(tests_dir: pathlib.Path) -> set:
    paths = set()
    for source in sorted(tests_dir.glob('**/*.c')):
        text = source.read_text(encoding='utf-8')
        paths.update(LITERAL.findall(text))
        for name, prefix in MACRO.findall(text):
            for suffix in re.findall(r'\b' + re.escape(name) + r'\s*\(\s*"([^"]+)"', text):
                paths.add((prefix or '') + suffix)
        prefixes = TABLE_PREFIX.findall(text)
        if prefixes:
            entries = TABLE_ENTRY.findall(text)
            for prefix in prefixes:
                paths.update(prefix + entry for entry in entries)
    return paths


def matrix_rows(readme: pathlib.Path) -> list:
    """The table rows under MATRIX_HEADING, as lists of cells (header and rule left out)."""
    lines = readme.read_text(encoding='utf-8').splitlines()
    try:
        start = lines.index(MATRIX_HEADING)
    except ValueError:
        sys.exit(f'{readme}: no "{MATRIX_HEADING}" heading')
    rows = []
    in_table = False
    for number, line in enumerate(lines[start + 1:], start + 2):
        if line.startswith('## '):
            break
        if not line.startswith('|'):
            if in_table:
                in_table = False
            continue
        cells = [cell.strip() for cell in line.strip().strip('|').split('|')]
        if not in_table:
            in_table = True      # the header row
            continue
        if all(re.fullmatch(r':?-+:?', cell) for cell in cells):
            continue
        rows.append((number, cells))
    return rows


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    top = pathlib.Path(sys.argv[1])
    tests_dir = top / 'tests'
    known = registered_paths(tests_dir)
    rows = matrix_rows(tests_dir / 'README.md')
    problems = []

    if len(rows) < MIN_ROWS:
        problems.append(f'the matrix has {len(rows)} rows, fewer than {MIN_ROWS}')

    named = 0
    for number, cells in rows:
        paths = PATH_IN_CELL.findall(cells[-1])
        if not paths:
            problems.append(f'README.md:{number}: the row names no test path in its last column')
        for path in paths:
            named += 1
            if path not in known:
                problems.append(f'README.md:{number}: {path} is not registered in tests/*.c')

    for problem in problems:
        print(problem, file=sys.stderr)
    print(f'{len(rows)} rows, {named} test paths named, {len(known)} paths registered')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
