"""Valid inputs for every command, made once per test run: each hostile case spoils one of them.

Reuses the helpers the other suites already have (identities, sheets and scores from
tests/signing/sheet_helpers.py; the package kit from tests/evidence/conftest.py; the
workbook filler from tests/evidence/test_evidence_builder.py) rather than copying them.
"""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec
from PIL import ExifTags, Image

TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS / "signing"))
import sheet_helpers  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path  # noqa: E402
from workbench.signing.identity import Identity, create_identity  # noqa: E402

PASS = sheet_helpers.PASS
PASS_ENV = "WB_PASS"
SCHOOL = DEMO_SCHOOL_CODE


def load_by_path(name: str, path: Path) -> types.ModuleType:
    """A helper module of another test folder, under a name of its own (no conftest clash)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def package_kit() -> types.SimpleNamespace:
    """The same helpers tests/evidence hands its hostile cases through its `kit` fixture."""
    c = load_by_path("hostile_evidence_kit", TESTS / "evidence" / "conftest.py")
    return types.SimpleNamespace(file_entry=c.file_entry, base_manifest=c.base_manifest, write_zip=c.write_zip,
                                 honest=c.honest, patch_entry=c.patch_entry, png_header=c.png_header,
                                 manifest_json=c.manifest_json)


def jpeg(w: int = 64, h: int = 48, *, taken: str | None = "2026:10:12 09:30:00") -> bytes:
    exif = Image.Exif()
    if taken:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (0, 120, 40)).save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


def png(w: int = 120, h: int = 40) -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", (w, h), (0, 0, 0, 0)).save(buf, "PNG")
    return buf.getvalue()


@dataclass
class Baseline:
    """Paths of valid inputs (never handed to a command: each case copies what it uses)."""

    root: Path
    identity: Identity
    key: ec.EllipticCurvePrivateKey
    ca: Identity
    sheet: dict  # the signed sheet as a dict
    files: dict[str, Path]  # kind -> valid file or folder
    fingerprints: dict[str, str] = field(default_factory=dict)  # who -> certificate fingerprint

    def path(self, kind: str) -> Path:
        return self.files[kind]


def build(root: Path) -> Baseline:
    from workbench.evidence.template import write_template
    from workbench.printing.form import render_form_bytes
    from workbench.printing.pdfsign import sign_pdf
    from workbench.resources import resource
    from workbench.rubric.xlsx import export_xlsx
    from workbench.signing.sheet import sheet_file_bytes
    from workbench.store import Workspace

    root.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    ident = sheet_helpers.make_identity(root / "identity")
    key = ident.private_key(PASS)
    ca = create_identity(root / "ca", "麻江县教育局评估认证中心", "麻江县教育局", "member", PASS, ca=True,
                         kdf_rounds=1000)
    files["identity"] = ident.dir
    files["ca"] = ca.dir
    files["cert"] = ident.dir / "cert.pem"

    sheet = sheet_helpers.signed_sheet(ident)
    files["sheet"] = root / "sheet.json"
    files["sheet"].write_bytes(sheet_file_bytes(sheet))
    files["form"] = root / "form.pdf"
    files["form"].write_bytes(sign_pdf(render_form_bytes(sheet), sheet, ident, key))

    scores = {k: str(v) for k, v in sheet_helpers.full_scores().items()}
    files["scores"] = root / "scores.json"
    files["scores"].write_text(json.dumps({"rubric": "majiang-2015", "scores": scores,
                                           "security_incident": False}, ensure_ascii=False), encoding="utf-8")
    files["package"] = root / "school.wbpkg"
    shutil.copyfile(demo_package_path(), files["package"])
    kit = package_kit()  # a second, valid package the workspace does not hold yet (an import that writes)
    files["new_package"] = kit.honest(root / "new-school.wbpkg", {"B1/会议记录.pdf": b"%PDF-1.4 minutes " * 40})
    files["ca_cert"] = root / "ca" / "cert.pem"
    files["image"] = root / "signature.png"
    files["image"].write_bytes(png())
    files["photo"] = root / "photo.jpg"
    files["photo"].write_bytes(jpeg())
    files["rubric"] = root / "rubric.json"
    shutil.copyfile(resource("rubrics", "majiang-2015.json"), files["rubric"])
    files["workbook"] = root / "rubric.xlsx"
    export_xlsx(json.loads(files["rubric"].read_text(encoding="utf-8")), files["workbook"])

    builder = load_by_path("hostile_builder_helpers", TESTS / "evidence" / "test_evidence_builder.py")
    folder = root / "school"
    folder.mkdir()
    write_template(folder / "申报表.xlsx")
    builder.fill(folder / "申报表.xlsx", builder.FORM, {"B1.1": 1, "B2.1": 2.5})
    (folder / "B1").mkdir()
    (folder / "B1" / "会议记录.pdf").write_bytes(b"%PDF-1.4 minutes")
    (folder / "B3").mkdir()
    (folder / "B3" / "机房.jpg").write_bytes(jpeg())
    files["folder"] = folder

    ws_root = root / "workspace"
    with Workspace.open(ws_root) as ws:
        from workbench.evidence import import_package
        import_package(ws, files["package"])
        me = ws.set_local_reviewer(ident.name, ident.org, ident.role)
        for item, value in list(scores.items())[:5]:
            ws.set_score(SCHOOL, me.id, item, value)
        ws.import_photos(SCHOOL, [files["photo"]], me.id, "B3")
    files["workspace"] = ws_root
    return Baseline(root, ident, key, ca, sheet, files)


def build_panel(b: Baseline) -> None:
    """The panel's inputs, made with the CLI itself (in-process): a chair, the chair's workspace
    with both members' sheets collected, the signed panel result and its signed 结论表 PDF."""
    import os

    from workbench.cli.main import main

    root = b.root / "panel"
    root.mkdir()
    from workbench.signing.sheet import sheet_file_bytes

    chair = sheet_helpers.make_identity(root / "chair", name="李组长", role="chair")
    member2 = sheet_helpers.make_identity(root / "member2", name="王芳")
    member2_sheet = root / "member2-sheet.json"
    member2_sheet.write_bytes(sheet_file_bytes(sheet_helpers.signed_sheet(member2, sheet_helpers.full_scores(1))))
    ws = root / "workspace"
    shutil.copytree(b.path("workspace"), ws)
    old = os.environ.get(PASS_ENV)
    os.environ[PASS_ENV] = PASS
    try:
        def run(*argv: object) -> None:
            code = main([str(a) for a in argv])
            assert code == 0, f"making the panel baseline: workbench {argv} exited {code}"

        run("panel", "trust", chair.dir / "cert.pem", b.path("cert"), member2.dir / "cert.pem", "--workspace", ws)
        shutil.copytree(ws, root / "workspace-trusted")  # trusted, no sheet yet: `panel add` writes
        run("panel", "add", member2_sheet, b.path("sheet"), "--school", SCHOOL, "--workspace", ws)
        run("panel", "merge", "--school", SCHOOL, "--identity", chair.dir, "-o", root / "panel.json",
            "--passphrase-env", PASS_ENV, "--workspace", ws)
        run("panel", "cosign", root / "panel.json", "-o", root / "panel-cosigned.json", "--identity", b.path("identity"),
            "--passphrase-env", PASS_ENV)
        run("print", "--panel", root / "panel-cosigned.json", "-o", root / "panel.pdf", "--sign-with", chair.dir,
            "--passphrase-env", PASS_ENV)
    finally:
        if old is None:
            os.environ.pop(PASS_ENV, None)
        else:
            os.environ[PASS_ENV] = old
    run("bundle", "export", "--school", SCHOOL, "-o", root / "school.wbsync", "--workspace", ws)
    b.files.update({"bundle": root / "school.wbsync"})
    b.files.update({"chair": chair.dir, "member2": member2.dir, "member2_sheet": member2_sheet, "panel_workspace": ws,
                    "panel_trusted_workspace": root / "workspace-trusted",
                    "panel": root / "panel.json", "panel_cosigned": root / "panel-cosigned.json",
                    "panel_pdf": root / "panel.pdf"})


def build_hub(b: Baseline) -> None:
    """A hub data folder made with the CLI (in-process): the admin, two members enrolled, the demo
    package published and the school assigned to its panel."""
    from workbench.cli.main import main
    from workbench.signing.identity import load_identity

    def run(*argv: object) -> None:
        code = main([str(a) for a in argv])
        assert code == 0, f"making the hub baseline: workbench {argv} exited {code}"

    data = b.root / "hub"
    run("hub", "init", "--data", data, "--admin", b.path("chair"), "--name", "麻江县评估中心")
    fps = []
    for ident in (b.path("identity"), b.path("member2")):
        run("hub", "enroll", ident, "--role", "member", "--data", data)
        fps.append(load_identity(ident).fingerprint)
    run("hub", "publish", b.path("package"), "--data", data)
    chair_fp = load_identity(b.path("chair")).fingerprint
    run("hub", "assign", "--school", SCHOOL, "--panel", "第一组", "--members", chair_fp, *fps, "--data", data)
    b.files["hub"] = data
    b.fingerprints = {"chair": chair_fp, "member": fps[0], "member2": fps[1]}
