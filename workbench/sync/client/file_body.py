"""A blob's bytes streamed from its file in small pieces, for a PATCH whose digest is known
before the body is read (a whole blob is signed with its name as its SHA-256).

Reading a 4.5 MB photo into one fresh `bytes` costs ~1,100 page faults (the allocation is
new memory each time) and a copy that leaves the cache before the socket reads it; pieces
of `PIECE` bytes reuse the same warm heap memory and go to the socket as they are read
(bench/RESULTS.md, "the laptop's CPU per photo"). httpx sends an iterable body as it comes
with the Content-Length the caller sets; h11 passes each `bytes` piece on without a copy.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from workbench.errors import WorkbenchError

PIECE = 256 * 1024  # the deadline transport's write slice: one socket write per piece


class FileBody:
    """`size` bytes of `path` from `offset`, read as they are sent. Iterable more than once
    (each pass opens the file anew), so a body that was cut can be sent again."""

    def __init__(self, path: Path, size: int, *, offset: int = 0, label: str = "") -> None:
        self.path, self.size, self.offset, self.label = path, size, offset, label or path.name

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[bytes]:
        try:
            with open(self.path, "rb", buffering=0) as f:  # FileIO: each read lands in its piece, no buffer copy
                if self.offset:
                    f.seek(self.offset)
                left = self.size
                while left:
                    piece = f.read(min(PIECE, left))
                    if not piece:  # the file was cut since it was measured: never a short body on the wire
                        raise self._changed()
                    left -= len(piece)
                    yield piece
        except OSError as e:
            raise WorkbenchError(f"cannot read {self.path} ({self.label}): {e.strerror or e}",
                                 hint="check the workspace's disk; nothing was lost") from None

    def _changed(self) -> WorkbenchError:
        return WorkbenchError(f"{self.path} changed while {self.label} was being sent: it is shorter than "
                              f"{self.offset + self.size} bytes now", hint="sign or list the photos again")

