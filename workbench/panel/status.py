"""Who has signed a panel result and what is missing; what the chair's workspace has collected.

Plain data for the CLI (`panel status`, `panel sheets`) and the GUI's sign / co-sign view.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.panel.collect import SchoolSheets
from workbench.panel.verify import VerifiedPanel


@dataclass(frozen=True)
class SignerState:
    fingerprint: str
    name: str
    org: str
    role: str  # from the certificate
    signed_at: str | None  # None: not signed yet (or a signature that is not counted)
    not_counted: str = ""  # why a signature it carries does not count (revoked_unwitnessed)


@dataclass(frozen=True)
class PanelStatus:
    panel_hash: str
    revision: int
    quorum: int
    final: bool
    chair: SignerState
    members: list[SignerState]

    @property
    def members_signed(self) -> int:
        return sum(1 for m in self.members if m.signed_at)

    @property
    def missing(self) -> list[SignerState]:
        return [s for s in [self.chair, *self.members] if not s.signed_at]

    @property
    def needed(self) -> int:
        """Member signatures still needed for the quorum (the chair's is counted apart)."""
        return max(0, self.quorum - self.members_signed)

    def lines(self) -> list[str]:
        out = [f"panel     revision {self.revision}, {self.panel_hash}"]
        for s in [self.chair, *self.members]:
            state = f"signed {s.signed_at}" if s.signed_at else (
                f"not signed: its signature is not counted ({s.not_counted})" if s.not_counted else "not signed")
            out.append(f"{s.role:<9} {s.name} ({s.org}) {s.fingerprint[:16]}…  {state}")
        if self.final:
            out.append("status    FINAL")
        else:
            need = [] if self.chair.signed_at else ["the chair"]
            if self.needed:
                need.append(f"{self.needed} more member signature(s) (quorum {self.quorum})")
            out.append("status    NOT FINAL: needs " + " and ".join(need))
        return out


def panel_status(v: VerifiedPanel) -> PanelStatus:
    signed = {fp: at for _, fp, at in v.signers}
    d = v.doc

    def state(e: dict) -> SignerState:
        fp = e["fingerprint"]
        return SignerState(fp, e["name"], e["org"], e["role"], signed.get(fp), v.unwitnessed_signers.get(fp, ""))

    return PanelStatus(v.panel_hash, int(d["revision"]), int(d["quorum"]), v.final, state(d["chair"]),
                       [state(m) for m in d["members"]])


def collection_lines(state: SchoolSheets) -> list[str]:
    """The chair's view of one school's collected sheets: current, superseded, conflicts."""
    out = [f"school    {state.school_code}  package {state.manifest_hash[:19]}…"]
    for s in state.current:
        out.append(f"current   {s.reviewer_name} {s.reviewer_fp[:16]}… revision {s.revision}  {s.sheet_hash}")
    for s in state.superseded:
        out.append(f"old       {s.reviewer_name} revision {s.revision} (superseded)  {s.sheet_hash}")
    for c in state.conflicts:
        out.append(f"CONFLICT  {c.reviewer_name} {c.reviewer_fp[:16]}…: {c.message}")
    for s, why in state.revoked:
        out.append(f"REVOKED   {s.reviewer_name} revision {s.revision}: {why}  {s.sheet_hash}")
    for s, why in state.unwitnessed:  # dated before the revocation, seen only after it: not counted
        out.append(f"UNWITNESSED {s.reviewer_name} revision {s.revision}: {why}  {s.sheet_hash}")
    for w in state.warnings:
        out.append(f"WARNING   {w}")
    for s in state.stale:
        out.append(f"stale     {s.reviewer_name} revision {s.revision}: an older package version  {s.sheet_hash}")
    if not (state.current or state.conflicts):
        out.append("no member sheets collected yet")
    return out
