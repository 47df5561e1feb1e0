"""`workbench identity create|show|create-ca|issue|signature`: reviewer keys and certificates."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from workbench.cli.main import add_group, add_workspace_arg
from workbench.errors import SignatureError
from workbench.signing.identity import (
    MAX_SIGNATURE_IMAGE,
    ROLES,
    Identity,
    create_identity,
    default_identity_dir,
    format_fingerprint,
    issue_certificate,
    load_identity,
    passphrase_bytes,
    read_file,
    save_signature_image,
)


def read_passphrase(env_name: str | None, prompt: str = "Passphrase: ", *, confirm: bool = False) -> str:
    """The passphrase from the environment variable named by --passphrase-env, else a prompt.

    The variable's *name* is given on the command line, never the secret itself, so it does
    not end up in shell history or the process list.
    """
    if env_name:
        value = os.environ.get(env_name)
        if value is None:
            raise SignatureError(f"environment variable {env_name} is not set",
                                 hint=f"export {env_name}=… before running, or omit --passphrase-env to be asked")
        passphrase_bytes(value)  # bytes of another encoding arrive as lone surrogates: one line, now
        return value
    if not sys.stdin.isatty():
        raise SignatureError("no terminal to ask for the passphrase",
                             hint="use --passphrase-env VAR with the passphrase in environment variable VAR")
    first = getpass.getpass(prompt)
    passphrase_bytes(first)
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise SignatureError("the two passphrases differ; nothing was created")
    return first


def warn_cache(ident: Identity) -> None:
    """Say (on stderr) when identity.json disagrees with the certificate, which is what counts."""
    if ident.cache_warning:
        print(f"workbench: warning: {ident.cache_warning}", file=sys.stderr)


def workspace_root(args: argparse.Namespace) -> Path:
    ws = getattr(args, "workspace", None)
    if ws:
        return Path(ws).expanduser()
    from workbench.store import default_root
    return default_root()


def identity_dir(args: argparse.Namespace, attr: str = "dir") -> Path:
    d = getattr(args, attr, None)
    return Path(d) if d else default_identity_dir(workspace_root(args))


def _add_dir(p: argparse.ArgumentParser, help_extra: str = "") -> None:
    p.add_argument("--dir", type=Path, metavar="DIR",
                   help="identity folder (default: identity/ in the workspace)" + help_extra)
    add_workspace_arg(p)


def register(sub: argparse._SubParsersAction) -> None:
    g = add_group(sub, "identity", "reviewer identities: key pair, certificate, signature image")
    p = g.add_parser("create", help="make a key pair (ECDSA P-256) and a self-signed certificate",
                     description="Make this reviewer's key pair and certificate. The private key is "
                     "encrypted with a passphrase (asked for, or read from --passphrase-env VAR).")
    p.add_argument("--name", required=True)
    p.add_argument("--org", required=True, help="organisation (工作单位)")
    p.add_argument("--role", choices=ROLES, default="member")
    p.add_argument("--passphrase-env", metavar="VAR", help="read the passphrase from environment variable VAR")
    p.add_argument("--force", action="store_true", help="replace an existing identity in DIR")
    _add_dir(p)
    p.set_defaults(handler=cmd_create)

    p = g.add_parser("show", help="print an identity: name, organisation, role, fingerprint, issuer")
    p.add_argument("--pem", action="store_true", help="print the certificate (PEM) to give to a verifier")
    _add_dir(p)
    p.set_defaults(handler=cmd_show)

    p = g.add_parser("create-ca", help="make a bureau CA key and certificate that can issue reviewer certificates")
    p.add_argument("--name", required=True, help="e.g. 麻江县教育局评估认证中心")
    p.add_argument("--org", required=True)
    p.add_argument("--dir", required=True, type=Path, metavar="DIR")
    p.add_argument("--passphrase-env", metavar="VAR")
    p.set_defaults(handler=cmd_create_ca)

    p = g.add_parser("issue", help="issue a reviewer's certificate from the bureau CA (replaces its self-signed one)",
                     description="The CA certifies the reviewer's key under the name, organisation and role "
                     "the CA operator states with --name, --org and --role. Any of them left out is taken "
                     "from the reviewer's current certificate, which the reviewer made: it is shown "
                     "first and must be confirmed (at the prompt, or with --yes).")
    p.add_argument("--ca", required=True, type=Path, metavar="CA_DIR")
    p.add_argument("--identity", required=True, type=Path, metavar="DIR", help="the reviewer's identity folder")
    p.add_argument("--name", help="the reviewer's full name, as the bureau knows it")
    p.add_argument("--org", help="the reviewer's organisation (工作单位)")
    p.add_argument("--role", choices=ROLES, help="the reviewer's panel role")
    p.add_argument("--yes", action="store_true",
                   help="certify the fields left out as the reviewer's current certificate gives them (shown)")
    p.add_argument("--passphrase-env", metavar="VAR", help="the CA's passphrase from environment variable VAR")
    p.add_argument("--days", type=_days, default=5 * 365,
                   help="validity in days (1–36500; never beyond the CA's own validity)")
    p.set_defaults(handler=cmd_issue)

    p = g.add_parser("signature", help="store a handwritten signature image (PNG) with the identity")
    p.add_argument("image", type=Path, metavar="PNG")
    _add_dir(p)
    p.set_defaults(handler=cmd_signature)


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 1 <= days <= 36500:
        raise argparse.ArgumentTypeError(f"{days} days: give 1 to 36500")
    return days


def cmd_create(args: argparse.Namespace) -> int:
    d = identity_dir(args)
    phrase = read_passphrase(args.passphrase_env, confirm=True)
    ident = create_identity(d, args.name, args.org, args.role, phrase, overwrite=args.force)
    if not args.dir:  # the workspace's own identity: this laptop's reviewer
        from workbench.store import Workspace
        with Workspace.open(workspace_root(args)) as ws:
            ws.set_local_reviewer(ident.name, ident.org, ident.role)
    print(f"identity created in {d}")
    print(f"fingerprint  {format_fingerprint(ident.fingerprint)}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    ident = load_identity(identity_dir(args))
    if args.pem:
        sys.stdout.write(ident.cert_pem)
        return 0
    warn_cache(ident)
    c = ident.cert
    print(f"name         {ident.name}")
    print(f"org          {ident.org}")
    print(f"role         {ident.role}")
    print(f"fingerprint  {format_fingerprint(ident.fingerprint)}")
    print(f"issuer       {c.issuer.rfc4514_string()}" + ("  (self-signed)" if c.issuer == c.subject else ""))
    print(f"valid        {c.not_valid_before_utc:%Y-%m-%d} … {c.not_valid_after_utc:%Y-%m-%d}")
    print(f"signature    {'yes' if ident.signature_image() else 'none (draw one in the window)'}")
    return 0


def cmd_create_ca(args: argparse.Namespace) -> int:
    phrase = read_passphrase(args.passphrase_env, "CA passphrase: ", confirm=True)
    ca = create_identity(args.dir, args.name, args.org, "member", phrase, ca=True, days=10 * 365)
    print(f"CA created in {args.dir}; give verifiers {args.dir / 'cert.pem'}")
    print(f"fingerprint  {format_fingerprint(ca.fingerprint)}")
    return 0


def issue_subject(args: argparse.Namespace) -> tuple[str, str, str]:
    """name, org, role to certify: the operator's, or the reviewer's current ones once shown and confirmed."""
    given = {"name": args.name, "org": args.org, "role": args.role}
    if all(v is not None for v in given.values()):
        return args.name, args.org, args.role
    current = load_identity(args.identity).signer  # the reviewer's own claim, never identity.json
    fields = {k: v if v is not None else getattr(current, k) for k, v in given.items()}
    taken = ", ".join(f"{k} {fields[k]!r}" for k, v in given.items() if v is None)
    print(f"the reviewer's current certificate says: name {current.name!r}, org {current.org!r}, "
          f"role {current.role or '(none)'!r}")
    print(f"taken from it (not stated with --name/--org/--role): {taken}")
    sys.stdout.flush()
    if not args.yes:
        if not sys.stdin.isatty():
            raise SignatureError("the subject to certify was not stated",
                                 hint="give --name, --org and --role, or --yes to certify the fields shown above")
        if input("Certify the reviewer with these? [y/N] ").strip().lower() not in ("y", "yes"):
            raise SignatureError("nothing was issued", hint="give --name, --org and --role")
    return fields["name"], fields["org"], fields["role"]


def cmd_issue(args: argparse.Namespace) -> int:
    name, org, role = issue_subject(args)
    phrase = read_passphrase(args.passphrase_env, "CA passphrase: ")
    ident = issue_certificate(args.ca, phrase, args.identity, name=name, org=org, role=role, days=args.days)
    print(f"certificate for {ident.name} ({ident.org}, {ident.role}) issued by {ident.cert.issuer.rfc4514_string()}")
    print(f"fingerprint  {format_fingerprint(ident.fingerprint)}")
    return 0


def cmd_signature(args: argparse.Namespace) -> int:
    png = read_file(args.image, "signature image (PNG)", MAX_SIGNATURE_IMAGE)
    print(f"signature image stored: {save_signature_image(identity_dir(args), png)}")
    return 0
