#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Installs the current build into a temporary DESTDIR (`meson install --no-rebuild --destdir`)
and fails unless exactly the expected files land there, named after the build's application ID
(io.github.releasedesk.ReleaseDesk, or ….Devel for the development profile), and the data files
name that ID too. Never rebuilds, never writes to the real prefix, removes its folder."""

import argparse
import os
import pathlib
import re
import stat
import subprocess
import sys
import tempfile


def expected_files(args) -> set:
    app_id = args.app_id
    bindir = pathlib.PurePosixPath(args.prefix, args.bindir)
    datadir = pathlib.PurePosixPath(args.prefix, args.datadir)
    localedir = pathlib.PurePosixPath(args.prefix, args.localedir)
    files = {
        bindir / 'release-desk',
        datadir / 'applications' / f'{app_id}.desktop',
        datadir / 'metainfo' / f'{app_id}.metainfo.xml',
        datadir / 'icons' / 'hicolor' / 'scalable' / 'apps' / f'{app_id}.svg',
        datadir / 'icons' / 'hicolor' / 'symbolic' / 'apps' / f'{app_id}-symbolic.svg',
        datadir / 'glib-2.0' / 'schemas' / f'{app_id}.gschema.xml',
        datadir / 'dbus-1' / 'services' / f'{app_id}.service',
    }
    for lang in args.languages:
        files.add(localedir / lang / 'LC_MESSAGES' / f'{args.gettext_package}.mo')
    # Relative to DESTDIR, which meson joins with the absolute prefix.
    return {str(path).lstrip('/') for path in files}


def installed_dir(root: pathlib.Path, prefix: str, directory: str) -> pathlib.Path:
    """Where @directory (an option like datadir, relative to @prefix or absolute) is under @root."""
    return root / str(pathlib.PurePosixPath(prefix, directory)).lstrip('/')


def check_contents(root: pathlib.Path, args, problems: list) -> None:
    app_id = args.app_id
    datadir = installed_dir(root, args.prefix, args.datadir)
    localedir = installed_dir(root, args.prefix, args.localedir)

    binary = installed_dir(root, args.prefix, args.bindir) / 'release-desk'
    if binary.is_file() and not binary.stat().st_mode & stat.S_IXUSR:
        problems.append(f'{binary.relative_to(root)} is not executable')

    desktop = datadir / 'applications' / f'{app_id}.desktop'
    if desktop.is_file():
        text = desktop.read_text(encoding='utf-8')
        for line in (f'Icon={app_id}', 'Exec=release-desk'):
            if not re.search(rf'^{re.escape(line)}$', text, re.M):
                problems.append(f'{desktop.name} lacks the line {line}')

    # D-Bus activation: the service's name is the app ID and it starts the installed binary.
    service = datadir / 'dbus-1' / 'services' / f'{app_id}.service'
    if service.is_file():
        text = service.read_text(encoding='utf-8')
        binary_path = pathlib.PurePosixPath(args.prefix, args.bindir, 'release-desk')
        for line in (f'Name={app_id}', f'Exec={binary_path} --gapplication-service'):
            if not re.search(rf'^{re.escape(line)}$', text, re.M):
                problems.append(f'{service.name} lacks the line {line}')

    metainfo = datadir / 'metainfo' / f'{app_id}.metainfo.xml'
    if metainfo.is_file():
        text = metainfo.read_text(encoding='utf-8')
        for needle in (f'<id>{app_id}</id>',
                       f'<launchable type="desktop-id">{app_id}.desktop</launchable>',
                       f'<translation type="gettext">{args.gettext_package}</translation>'):
            if needle not in text:
                problems.append(f'{metainfo.name} lacks {needle}')

    schema = datadir / 'glib-2.0' / 'schemas' / f'{app_id}.gschema.xml'
    if schema.is_file():
        path = '/' + app_id.replace('.', '/') + '/'
        needle = f'<schema id="{app_id}" path="{path}"'
        if needle not in schema.read_text(encoding='utf-8'):
            problems.append(f'{schema.name} lacks {needle}')

    for lang in args.languages:
        mo = localedir / lang / 'LC_MESSAGES' / f'{args.gettext_package}.mo'
        # GNU .mo magic number, either byte order.
        if mo.is_file() and mo.read_bytes()[:4] not in (b'\xde\x12\x04\x95', b'\x95\x04\x12\xde'):
            problems.append(f'{mo.relative_to(root)} is not a compiled message catalog')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--meson', required=True, help='the meson command')
    parser.add_argument('--builddir', required=True)
    parser.add_argument('--app-id', required=True)
    parser.add_argument('--prefix', required=True)
    parser.add_argument('--bindir', required=True)
    parser.add_argument('--datadir', required=True)
    parser.add_argument('--localedir', required=True)
    parser.add_argument('--gettext-package', required=True)
    parser.add_argument('--linguas', required=True, help='po/LINGUAS')
    args = parser.parse_args()

    args.languages = [word for line in pathlib.Path(args.linguas).read_text(encoding='utf-8').splitlines()
                      if not line.lstrip().startswith('#') for word in line.split()]

    with tempfile.TemporaryDirectory(prefix='release-desk-install-') as tmp:
        destdir = pathlib.Path(tmp) / 'root'
        # DESTDIR from the caller's environment must not win over ours; --destdir also makes
        # meson skip gnome.post_install() (schemas, icon cache, desktop database).
        env = {k: v for k, v in os.environ.items() if k != 'DESTDIR'}
        command = [args.meson, 'install', '--no-rebuild', '-C', args.builddir,
                   '--destdir', str(destdir)]
        print('$', ' '.join(command), flush=True)
        result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        print(result.stdout)
        if result.returncode != 0:
            print(f'meson install failed with status {result.returncode}')
            return 1

        installed = set()
        for path in destdir.rglob('*'):
            if path.is_file() or path.is_symlink():
                installed.add(path.relative_to(destdir).as_posix())
            elif path.is_dir() and not any(path.iterdir()):
                installed.add(path.relative_to(destdir).as_posix() + '/')

        expected = expected_files(args)
        problems = []
        for name in sorted(expected - installed):
            problems.append(f'missing: {name}')
        for name in sorted(installed - expected):
            problems.append(f'unexpected: {name}')
        check_contents(destdir, args, problems)

        for name in sorted(installed):
            print(f'installed: {name}')

    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f'ok: exactly the {len(expected)} expected files, named {args.app_id}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
