"""A real three-member panel for the print, PDF and GUI tests: identities, signed sheets,
the chair's merged and signed result (the core's own build/sign functions)."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from sheet_helpers import PASS, RUBRIC, full_scores, make_identity, signed_sheet  # noqa: E402

from workbench.panel.document import build_panel_result, cosign_panel, sign_panel  # noqa: E402
from workbench.signing.identity import Identity, save_signature_image  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes  # noqa: E402
from workbench.signing.verify import VerifiedSheet, verify_sheet_bytes  # noqa: E402

MEMBERS = (("李四", "麻江县第一中学"), ("王五", "麻江县电教站"), ("赵六", "凯里学院"))


def signature_png(seed: int) -> bytes:
    """A handwriting-like stroke on a transparent background."""
    img = Image.new("RGBA", (360, 120), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    pts = [(20 + 30 * k, 60 + ((k * 37 + seed * 11) % 50) - 25) for k in range(11)]
    d.line(pts, fill=(15, 25, 110, 255), width=7, joint="curve")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@dataclass
class Panel:
    chair: Identity
    members: list[Identity]
    sheets: list[VerifiedSheet]
    doc: dict  # unsigned

    @property
    def everyone(self) -> list[Identity]:
        return [self.chair, *self.members]

    def signed(self, cosigners: int = 0) -> dict:
        doc = sign_panel(self.doc, self.chair, self.chair.private_key(PASS))
        for m in [m for m in self.members if m.fingerprint in {x["fingerprint"] for x in doc["members"]}][:cosigners]:
            doc = cosign_panel(doc, m, m.private_key(PASS))
        return doc


def member_scores(n: int) -> dict[str, Decimal]:
    s = full_scores(shift=n)
    if n == 1:
        s["B3.2"] = Decimal(0)  # a wide disagreement on one item
    return s


def make_panel(root: Path, *, n_members: int = 3, images: bool = True, quorum: int | None = None) -> Panel:
    chair = make_identity(root / "chair", name="张组长", role="chair", org="麻江县教育局")
    members = [make_identity(root / f"m{n}", name=MEMBERS[n % 3][0] + ("" if n < 3 else str(n)),
                             org=MEMBERS[n % 3][1]) for n in range(n_members)]
    if images:
        for n, ident in enumerate([chair, *members]):
            save_signature_image(ident.dir, signature_png(n))
    sheets = [verify_sheet_bytes(sheet_file_bytes(signed_sheet(m, member_scores(n))), None, check_trust_roots=False)
              for n, m in enumerate(members)]
    doc = build_panel_result(RUBRIC, sheets, chair=chair.cert, quorum=quorum,
                             overrides={"B3.2": {"value": "1", "reason": "现场复核:机房设备台账齐全,取 1 分。"}},
                             opinion="该校智慧校园建设规划完整,基础设施达标,应用推进扎实。建议加强数据安全管理。")
    return Panel(chair, members, sheets, doc)


__all__ = ["PASS", "RUBRIC", "Panel", "make_panel", "signature_png"]
