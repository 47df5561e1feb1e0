"""`workbench photos …`: on-site photos (import, list, move, remove, thumbnails)."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.cmd_workspace import _me, _open
from workbench.cli.main import add_group, add_workspace_arg


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
        print(f"{len(got)} photos for {args.school}" + (f" / {args.indicator}" if args.indicator else ""))
        for name, why in got.skipped:
            print(f"skipped {name}: {why}")
    return 0 if got or not got.skipped else 1


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
