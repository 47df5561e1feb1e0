"""Signing's files are written whole or not at all: identities, sheets, signature images, on a full disk.

The full disk is simulated without root: the command runs in a child process whose file-size
limit (RLIMIT_FSIZE) is below the size of the file it must write, so write() fails with EFBIG
exactly as it fails with ENOSPC on a full disk (SIGXFSZ ignored, as a shell's `ulimit -f` does
not). Where the machine allows it (root), the same is checked on a real 1 MiB tmpfs.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from sheet_helpers import PASS, full_scores, make_identity  # noqa: E402

from workbench.evidence import demo_package_path  # noqa: E402
from workbench.signing.identity import CERT_FILE, KEY_FILE, load_identity, save_signature_image  # noqa: E402
from workbench.signing.verify import verify_file  # noqa: E402

resource = pytest.importorskip("resource")

CHILD = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
if limit:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from workbench.signing import identity
identity.KDF_ROUNDS = 1000
from workbench.entry import main
raise SystemExit(main(sys.argv[2:]))
"""


def workbench(*argv: object, fsize: int = 0) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child process whose files may not grow beyond `fsize` bytes (0: no limit)."""
    env = dict(os.environ, WB_PASS=PASS, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-c", CHILD, str(fsize), *map(str, argv)], env=env,
                          capture_output=True, text=True, timeout=180)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith((".tmp", ".wbtmp")))


def one_line_failure(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode != 0, r.stdout
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    return r.stderr


def write_scores(path: Path) -> Path:
    path.write_text(json.dumps({"rubric": "majiang-2015", "scores": {k: str(v) for k, v in full_scores().items()}}))
    return path


@pytest.mark.parametrize("fsize", [200, 600])  # key.pem (~410 bytes) fails / cert.pem (~730) fails
def test_identity_create_on_a_full_disk_leaves_nothing(tmp_path, fsize):
    d = tmp_path / "new" / "identity"
    err = one_line_failure(workbench("identity", "create", "--name", "王芳", "--org", "县局", "--dir", d,
                                     "--passphrase-env", "WB_PASS", fsize=fsize))
    assert "no space left" in err or "file size limit" in err
    assert not (tmp_path / "new").exists()  # the folders made for it are gone too
    assert leftovers(tmp_path) == []


def test_identity_replace_on_a_full_disk_keeps_the_old_identity(tmp_path):
    old = make_identity(tmp_path / "id", name="王芳")
    before = {n: (old.dir / n).read_bytes() for n in (KEY_FILE, CERT_FILE, "identity.json")}
    one_line_failure(workbench("identity", "create", "--name", "王芳", "--org", "县局", "--dir", old.dir,
                               "--force", "--passphrase-env", "WB_PASS", fsize=600))
    assert {n: (old.dir / n).read_bytes() for n in before} == before
    assert load_identity(old.dir).private_key(PASS)  # still a working pair
    assert leftovers(tmp_path) == []


def test_identity_files_and_modes(tmp_path):
    ident = make_identity(tmp_path / "id")
    if os.name == "posix":
        assert (ident.dir / KEY_FILE).stat().st_mode & 0o777 == 0o600
    save_signature_image(ident.dir, _png(120, 40))
    assert sorted(p.name for p in ident.dir.iterdir()) == ["cert.pem", "identity.json", "key.pem", "signature.png"]


def test_sheet_sign_on_a_full_disk_keeps_the_previous_sheet(tmp_path):
    make_identity(tmp_path / "id", name="王芳")
    scores, out = write_scores(tmp_path / "scores.json"), tmp_path / "sheet.json"
    args = ("sheet", "sign", scores, "--package", demo_package_path(), "--identity", tmp_path / "id", "-o", out,
            "--passphrase-env", "WB_PASS")
    r = workbench(*args)
    assert r.returncode == 0, r.stderr
    previous = out.read_bytes()
    assert len(previous) > 4096
    err = one_line_failure(workbench(*args, fsize=4096))
    assert "score sheet" in err and str(out) in err
    assert out.read_bytes() == previous  # not an 8 KB fragment: the valid sheet it was
    verify_file(out, [load_identity(tmp_path / "id").cert])
    new = tmp_path / "new.json"
    one_line_failure(workbench(*args[:-4], new, "--passphrase-env", "WB_PASS", fsize=4096))
    assert not new.exists()  # no 0-byte output either
    assert leftovers(tmp_path) == []


@contextlib.contextmanager
def tmpfs(path: Path, size: str = "1m"):
    path.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if r.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=False)


@pytest.mark.skipif(os.name != "posix" or not shutil.which("mount") or os.geteuid() != 0,
                    reason="a real tmpfs needs root")
def test_on_a_real_full_tmpfs(tmp_path):
    ident = make_identity(tmp_path / "id", name="王芳")
    scores = write_scores(tmp_path / "scores.json")
    with tmpfs(tmp_path / "disk") as disk:
        out = disk / "sheet.json"
        args = ("sheet", "sign", scores, "--package", demo_package_path(), "--identity", ident.dir, "-o", out,
                "--passphrase-env", "WB_PASS")
        assert workbench(*args).returncode == 0
        previous = out.read_bytes()
        filler = disk / f"filler-{uuid.uuid4().hex}"
        with contextlib.suppress(OSError), open(filler, "wb") as f:  # noqa: PTH123 - fill the disk on purpose
            while True:
                f.write(b"\0" * 65536)
        with contextlib.suppress(OSError), open(filler, "ab") as f:  # the last few bytes too
            while True:
                f.write(b"\0")
                f.flush()
        err = one_line_failure(workbench(*args))
        assert "no space left" in err.lower()
        assert out.read_bytes() == previous
        err = one_line_failure(workbench("identity", "create", "--name", "王芳", "--org", "县局",
                                         "--dir", disk / "id", "--passphrase-env", "WB_PASS"))
        assert not (disk / "id").exists()
        assert leftovers(disk) == []


def _png(w: int, h: int) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (w, h), 255).save(buf, "PNG")
    return buf.getvalue()


def test_signature_image_must_decode_and_be_signature_sized(tmp_path, capsys):
    from workbench.cli.main import main
    from workbench.errors import SignatureError

    ident = make_identity(tmp_path / "id")
    good = _png(300, 100)
    for bad, words in ((good[: len(good) // 2], "not a readable PNG"), (b"GIF89a" + good, "must be a PNG"),
                       (_png(8000, 4000), "more than a signature needs")):
        with pytest.raises(SignatureError, match=words):
            save_signature_image(ident.dir, bad)
        (tmp_path / "sig.png").write_bytes(bad)
        assert main(["identity", "signature", str(tmp_path / "sig.png"), "--dir", str(ident.dir)]) == 2
        err = capsys.readouterr().err
        assert words in err and err.count("\n") == 1
        assert not (ident.dir / "signature.png").exists()
    save_signature_image(ident.dir, good)
    assert ident.signature_image() == good


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_fifos_given_to_signing_commands_do_not_hang(tmp_path):
    make_identity(tmp_path / "id")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    scores = write_scores(tmp_path / "scores.json")
    for argv in (("verify", fifo, "--trust", tmp_path / "id"), ("verify", tmp_path / "id" / "cert.pem", "--trust", fifo),
                 ("identity", "signature", fifo, "--dir", tmp_path / "id"),
                 ("sheet", "sign", scores, "--package", demo_package_path(), "--identity", tmp_path / "id",
                  "-o", tmp_path / "s.json", "--passphrase-env", "WB_PASS", "--supersedes", fifo)):
        err = one_line_failure(workbench(*argv))
        assert "named pipe" in err
