"""On-site photos in the workspace: import (bytes kept, EXIF read now), move, soft removal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.errors import Cancelled, StoreError
from workbench.inputs import check_regular
from workbench.photos import PHOTO_SUFFIXES, PhotoMeta, read_meta
from workbench.store.models import PhotoRow
from workbench.store.records import Photo, PhotoList

if TYPE_CHECKING:
    from workbench.store.blobs import BlobStore
    from workbench.store.models import PackageVersionRow
    from workbench.store.records import SchoolInfo


def _photo(r: PhotoRow) -> Photo:
    gps = (r.latitude, r.longitude) if r.latitude is not None and r.longitude is not None else None
    return Photo(r.id, r.school_code, r.sha256, r.indicator, r.original_name, r.taken_at, gps, r.orientation,
                 r.width, r.height, r.reviewer_id, r.imported_at, r.removed)


# Far above any camera's photo (a 50-MP JPEG is ~25 MB), far below what would take minutes
# to hash: a 3 GB file (or a sparse one that claims to be) is refused by its size, unread.
MAX_PHOTO_BYTES = 200 * 1024 * 1024
MAX_ROW_ID = 2**63 - 1


def photo_files(paths: Iterable[str | Path]) -> list[Path]:
    """The photo files named by `paths`: files as given, folders searched (sorted, recursive).

    A folder's pipes, devices and symbolic links are passed over (a FIFO would block the
    import for ever, a link to /dev/zero never end); one named directly is refused.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.is_symlink()
                              and f.suffix.lower() in PHOTO_SUFFIXES))
        elif p.exists() or p.is_symlink():
            check_regular(p, what="photo", error=StoreError)
            out.append(p)
        else:
            raise StoreError(f"{p}: no such file or folder")
    return out


def check_photo_file(f: Path) -> None:
    """Refuse a file that is not a regular file of a sane size before any byte is read."""
    st = check_regular(f, what="photo", error=StoreError)
    if st.st_size == 0:
        raise StoreError(f"{f.name}: the file is empty")
    if st.st_size > MAX_PHOTO_BYTES:
        raise StoreError(f"{f.name}: {st.st_size:,} bytes is larger than any photo "
                         f"(the limit is {MAX_PHOTO_BYTES:,})")


class PhotosMixin:
    if TYPE_CHECKING:
        blobs: BlobStore

        def _tx(self) -> AbstractContextManager[Session]: ...
        def _newest(self, s: Session, code: str) -> PackageVersionRow: ...
        def school(self, code: str) -> SchoolInfo: ...
        @staticmethod
        def _audit(s: Session, code: str, reviewer_id: int | None, item_id: str | None, field: str,
                   old: str | None, new: str | None, reason: str | None = None) -> None: ...

    def _check_indicator(self, code: str, indicator: str | None) -> None:
        if indicator is not None and not self.school(code).rubric.has_indicator(indicator):
            raise StoreError(f"unknown indicator {indicator!r}")

    def import_photos(self, code: str, paths: Iterable[str | Path], reviewer_id: int | None,
                      indicator: str | None = None, *,
                      progress: Callable[[int, int, str], None] | None = None,
                      cancel: Callable[[], bool] | None = None) -> PhotoList:
        """Import photos (files, or folders searched for photos) for a school.

        Each photo is committed on its own, so a cancel or a crash keeps the ones done.
        A file that is not a readable photo is skipped and listed in `.skipped`; the same
        photo imported twice for a school is stored once. A full disk stops the import
        with a StoreError that says how many photos were kept.
        """
        self._check_indicator(code, indicator)
        files = photo_files(paths)
        result = PhotoList()
        for n, f in enumerate(files):
            if cancel is not None and cancel():
                raise Cancelled(f"photo import cancelled after {n} of {len(files)}; those are kept")
            if progress is not None:
                progress(n, len(files), f.name)
            try:
                check_photo_file(f)
                meta = read_meta(f)
            except StoreError as e:
                result.skipped.append((f.name, e.message))
                continue
            try:
                self._store_photo(code, f, meta, reviewer_id, indicator, result)
            except StoreError as e:
                if not result:
                    raise
                raise StoreError(f"{f.name}: {e.message}; the {len(result)} photo(s) imported before it are kept",
                                 hint=e.hint) from None
        if progress is not None:
            progress(len(files), len(files), "")
        return result

    def _store_photo(self, code: str, f: Path, meta: PhotoMeta, reviewer_id: int | None, indicator: str | None,
                     result: PhotoList) -> None:
        """Store one photo's bytes and record it (one transaction); appends it to `result`."""
        sha, _ = self.blobs.put_file(f)
        with self._tx() as s:
            self._newest(s, code)
            row = s.scalars(select(PhotoRow).where(PhotoRow.school_code == code, PhotoRow.sha256 == sha,
                                                   PhotoRow.removed.is_(False))).first()
            if row is None:
                row = PhotoRow(school_code=code, sha256=sha, indicator=indicator, original_name=f.name,
                               taken_at=meta.taken_at, orientation=meta.orientation, width=meta.width,
                               height=meta.height, reviewer_id=reviewer_id,
                               latitude=meta.gps[0] if meta.gps else None,
                               longitude=meta.gps[1] if meta.gps else None)
                s.add(row)
                s.flush()
                self._audit(s, code, reviewer_id, indicator, "photo", None, f"{row.id}:{sha}")
            photo = _photo(row)
        result.append(photo)  # only once committed

    def photos(self, code: str, indicator: str | None = None, include_removed: bool = False) -> list[Photo]:
        """A school's photos; an unknown school or indicator is a StoreError, not an empty list."""
        self.school(code)
        self._check_indicator(code, indicator)
        with self._tx() as s:
            q = select(PhotoRow).where(PhotoRow.school_code == code)
            if indicator is not None:
                q = q.where(PhotoRow.indicator == indicator)
            if not include_removed:
                q = q.where(PhotoRow.removed.is_(False))
            return [_photo(r) for r in s.scalars(q.order_by(PhotoRow.taken_at.is_(None), PhotoRow.taken_at,
                                                             PhotoRow.id))]

    def photo(self, photo_id: int) -> Photo:
        if not 0 < photo_id <= MAX_ROW_ID:  # SQLite's integers are 64-bit: a bigger one overflows
            raise StoreError(f"no photo with id {photo_id}", hint="`workbench photos list CODE` shows the ids")
        with self._tx() as s:
            row = s.get(PhotoRow, photo_id)
            if row is None:
                raise StoreError(f"no photo with id {photo_id}")
            return _photo(row)

    def move_photo(self, photo_id: int, indicator: str | None, reviewer_id: int | None) -> Photo:
        code = self.photo(photo_id).school_code
        self._check_indicator(code, indicator)
        with self._tx() as s:
            row = s.get(PhotoRow, photo_id)
            if row.indicator != indicator:
                self._audit(s, code, reviewer_id, indicator, "photo_indicator", row.indicator, indicator,
                            f"photo {photo_id}")
                row.indicator = indicator
            return _photo(row)

    def remove_photo(self, photo_id: int, reviewer_id: int | None, reason: str | None = None) -> Photo:
        """Hide a photo from the review; the bytes and the record stay, the removal is audited."""
        self.photo(photo_id)
        with self._tx() as s:
            row = s.get(PhotoRow, photo_id)
            if not row.removed:
                row.removed = True
                self._audit(s, row.school_code, reviewer_id, row.indicator, "photo_removed",
                            f"{photo_id}:{row.sha256}", None, reason)
            return _photo(row)


