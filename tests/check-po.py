#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs `msgfmt --check --statistics` on every translation in po/LINGUAS and fails on a format
error, a missing file, a fuzzy header, any fuzzy or untranslated message (naming each one), or a
translated g_date_time_format() string that GLib cannot read.

    check-po.py TOP [MSGFMT]        check TOP/po
    check-po.py --self-test MSGFMT  check that the checks above fail when they should
"""

import ast
import os
import pathlib
import re
import subprocess
import sys
import tempfile

# What g_date_time_format() accepts (GLib 2.74): optional flags (-, _, 0), optional E or O,
# then a conversion; %z also as %:z, %::z, %:::z.
DATE_CONVERSION = re.compile(r'%(?:[-_0]?[EO]?[aAbBcCdeFgGhHIjklmMnpPrRsStTuVwxXyYZ%]|:{0,3}z)')


def parse_po(path: pathlib.Path) -> list:
    """The entries of a .po file (obsolete ones left out) as dicts: msgctxt, msgid, msgid_plural,
    msgstr (a list, one per plural form), flags, comments (extracted), line."""
    entries = []
    entry = None
    field = None

    def finish():
        if entry is not None and 'msgid' in entry:
            entries.append(entry)

    for number, raw in enumerate(path.read_text(encoding='utf-8').splitlines(), 1):
        line = raw.strip()
        if line.startswith('#~'):
            continue
        if entry is None or (not line and 'msgstr' in entry):
            finish()
            entry = {'flags': set(), 'comments': [], 'msgstr': [], 'line': number}
            field = None
        if not line:
            continue
        if line.startswith('#,'):
            entry['flags'].update(flag.strip() for flag in line[2:].split(','))
        elif line.startswith('#.'):
            entry['comments'].append(line[2:].strip())
        elif line.startswith('#'):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if field == 'msgstr':
                entry['msgstr'][-1] += text
            elif field is not None:
                entry[field] += text
        else:
            keyword, _, rest = line.partition(' ')
            text = ast.literal_eval(rest.strip())
            if keyword.startswith('msgstr'):
                field = 'msgstr'
                entry['msgstr'].append(text)
            else:
                field = keyword
                entry[field] = text
                if keyword == 'msgid':
                    entry['line'] = number
    finish()
    return entries


def describe(entry: dict) -> str:
    text = entry['msgid'].replace('\n', '\\n')
    if len(text) > 60:
        text = text[:57] + '…'
    context = f'[{entry["msgctxt"]}] ' if 'msgctxt' in entry else ''
    return f'{context}"{text}"'


def check_entries(lang: str, path: pathlib.Path) -> list:
    problems = []
    for entry in parse_po(path):
        where = f'po/{path.name}:{entry["line"]}'
        if entry['msgid'] == '' and 'msgctxt' not in entry:
            if 'fuzzy' in entry['flags']:
                problems.append(f'{where}: the header is fuzzy (msgfmt ignores it: charset, '
                                'plural forms); remove the flag once it is filled in')
            continue
        if 'fuzzy' in entry['flags']:
            problems.append(f'{where}: fuzzy: {describe(entry)}')
        elif not entry['msgstr'] or any(s == '' for s in entry['msgstr']):
            problems.append(f'{where}: untranslated: {describe(entry)}')
        elif any('g_date_time_format' in comment for comment in entry['comments']):
            for msgstr in entry['msgstr']:
                leftover = DATE_CONVERSION.sub('', msgstr)
                if '%' in leftover:
                    problems.append(f'{where}: {describe(entry)} is translated as "{msgstr}", '
                                    'which g_date_time_format() cannot read')
    return problems


def check(top: pathlib.Path, msgfmt: str) -> int:
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
        result = subprocess.run([msgfmt, '--check', '--statistics', '-o', os.devnull, str(path)],
                                capture_output=True, text=True,
                                env=dict(os.environ, LC_ALL='C', LANGUAGE=''))
        report = (result.stdout + result.stderr).strip()
        print(f'{lang}: {report}')
        problems = check_entries(lang, path)
        for problem in problems:
            print(f'  {problem}')
        if result.returncode != 0 or re.search(r'fuzzy|untranslated', report) or problems:
            status = 1
    if not langs:
        print('po/LINGUAS names no language')
        status = 1
    if status != 0:
        print('To bring a translation up to date: ninja -C BUILDDIR release-desk-update-po, '
              'then translate what is fuzzy or empty (see README.md, Translations)')
    return status


HEADER = r'''msgid ""
msgstr ""
"Project-Id-Version: release-desk\n"
"PO-Revision-Date: 2026-11-28 12:00+0000\n"
"Last-Translator: The Release Desk developers\n"
"Language-Team: Chinese (simplified)\n"
"Language: zh_CN\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#. Translators: a date, see g_date_time_format()
msgid "%b %-d, %Y %H:%M"
msgstr "%Y年%-m月%-d日 %H:%M"

#, c-format
msgid "%u task"
msgid_plural "%u tasks"
msgstr[0] "%u 个任务"

msgctxt "job start status"
msgid "Successful"
msgstr "启动成功"

#~ msgid "Old"
#~ msgstr ""
'''

SELF_TESTS = {
    'good': (HEADER, 0),
    'fuzzy': (HEADER + '\n#, fuzzy\nmsgid "Failed"\nmsgstr "发布失败"\n', 1),
    'untranslated': (HEADER + '\nmsgid "Failed"\nmsgstr ""\n', 1),
    'untranslated-plural': (HEADER + '\nmsgid "%u of %u task"\nmsgid_plural "%u of %u tasks"\n'
                            'msgstr[0] ""\n', 1),
    'format-error': (HEADER + '\n#, c-format\nmsgid "User ID: %s"\nmsgstr "用户 ID：%d"\n', 1),
    'date-format-error': (HEADER + '\n#. Translators: see g_date_time_format()\n'
                          'msgid "%Y-%m-%d"\nmsgstr "%Y年%Q月"\n', 1),
    'fuzzy-header': (HEADER.replace('msgid ""\n', '#, fuzzy\nmsgid ""\n', 1), 1),
}


def self_test(msgfmt: str) -> int:
    failures = 0
    for name, (text, expected) in SELF_TESTS.items():
        with tempfile.TemporaryDirectory(prefix='check-po-') as tmp:
            top = pathlib.Path(tmp)
            (top / 'po').mkdir()
            (top / 'po' / 'LINGUAS').write_text('zh_CN\n', encoding='utf-8')
            (top / 'po' / 'zh_CN.po').write_text(text, encoding='utf-8')
            print(f'--- {name}: expecting status {expected}')
            got = check(top, msgfmt)
        if got != expected:
            print(f'FAIL: {name}: status {got}, expected {expected}')
            failures += 1
    with tempfile.TemporaryDirectory(prefix='check-po-') as tmp:
        top = pathlib.Path(tmp)
        (top / 'po').mkdir()
        (top / 'po' / 'LINGUAS').write_text('zh_CN\n', encoding='utf-8')
        print('--- missing .po: expecting status 1')
        if check(top, msgfmt) != 1:
            print('FAIL: a language without its .po file passed')
            failures += 1
    print(f'{len(SELF_TESTS) + 1 - failures} of {len(SELF_TESTS) + 1} self-tests passed')
    return 1 if failures else 0


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == '--self-test':
        return self_test(sys.argv[2] if len(sys.argv) > 2 else 'msgfmt')
    top = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()
    msgfmt = sys.argv[2] if len(sys.argv) > 2 else 'msgfmt'
    return check(top, msgfmt)


if __name__ == '__main__':
    sys.exit(main())
