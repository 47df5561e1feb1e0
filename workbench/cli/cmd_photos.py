"""`workbench photos …`: on-site photos (import, list, move, remove, thumbnails)."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.cmd_workspace import _me, _open
from workbench.cli.main import add_group, add_workspace_arg
from workbench.errors import StoreError


def register(sub: argparse._SubParsersAction) -> None:
    g = add_group(sub, "photos", "on-site photos: import, list, move, remove")
    p = g.add_parser("import", help="import photos (files or folders) for a school",
                     description="Keep the original bytes, read EXIF capture time, GPS and orientation.")
    p.add_argument("school", metavar="CODE")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--indicator", help="attach to this B-indicator, e.g. B3")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_import)

    p = g.add_parser("list", help="list a school's photos")
    p.add_argument("school", metavar="CODE")
    p.add_argument("--indicator")
    p.add_argument("--removed", action="store_true", help="include removed photos")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_list)

    p = g.add_parser("move", help="attach a photo to another indicator ('-' for none)")
    p.add_argument("photo", type=int, metavar="ID")
    p.add_argument("indicator", metavar="INDICATOR")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_move)

    p = g.add_parser("remove", help="remove a photo from the review (kept in the audit trail)")
    p.add_argument("photo", type=int, metavar="ID")
    p.add_argument("--reason")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_remove)


def cmd_import(args: argparse.Namespace) -> int:
    with _open(args) as ws:
        got = ws.import_photos(args.school, args.paths, _me(ws), args.indicator)
        if not got:
            raise StoreError(_why_none(got.skipped, args.paths))
        print(f"{len(got)} photos for {args.school}" + (f" / {args.indicator}" if args.indicator else ""))
        for name, why in got.skipped:
            print(f"skipped {name}: {why}")
    return 0


def _why_none(skipped: list[tuple[str, str]], paths: list[Path]) -> str:
    """One line: why an import kept no photo (the first file's reason, and how many more)."""
    if not skipped:
        from workbench.photos import PHOTO_SUFFIXES  # lazy: Pillow is slow to import

        return (f"no photos imported: no photo files ({', '.join(sorted(PHOTO_SUFFIXES))}) in "
                f"{', '.join(str(p) for p in paths[:3])}{' …' if len(paths) > 3 else ''}")
    name, why = skipped[0]
    more = f" ({len(skipped) - 1} more file(s) skipped too)" if len(skipped) > 1 else ""
    return f"no photos imported: {why if why.startswith(name) else f'{name}: {why}'}{more}"


def cmd_list(args: argparse.Namespace) -> int:
    with _open(args) as ws:
        for p in ws.photos(args.school, args.indicator, include_removed=args.removed):
            gps = f"{p.gps[0]:.5f},{p.gps[1]:.5f}" if p.gps else "—"
            when = f"{p.taken_at:%Y-%m-%d %H:%M}" if p.taken_at else "—"
            print(f"{p.id:>5}  {p.indicator or '—':<4} {when:<16} {gps:<22} {p.sha256[:12]}  {p.original_name}"
                  + ("  (removed)" if p.removed else ""))
    return 0


def cmd_move(args: argparse.Namespace) -> int:
    with _open(args) as ws:
        p = ws.move_photo(args.photo, None if args.indicator == "-" else args.indicator, _me(ws))
        print(f"photo {p.id} now under {p.indicator or '—'}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with _open(args) as ws:
        ws.remove_photo(args.photo, _me(ws), args.reason)
        print(f"photo {args.photo} removed (kept in the audit trail)")
    return 0
