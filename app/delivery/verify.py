"""Checking an exported MP4's AI labels, as rows a terminal or a dialog can show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from app.delivery.labels import ANNEX_E_FIELDS, LabelError, LabelReport, ManifestInfo, read_labels
from app.delivery.provenance import IPTC


@dataclass
class Verification:
    """The result of ``shotgraph verify``: what was found and what is wrong."""

    path: Path
    report: LabelReport | None
    error: str | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.problems

    @property
    def exit_code(self) -> int:
        """0 when both labels are present and valid, 1 when not, 2 when unreadable."""
        if self.error is not None:
            return 2
        return 0 if self.ok else 1


def verify(path: Path | str) -> Verification:
    """Read the labels of ``path`` and judge them."""
    target = Path(path)
    try:
        report = read_labels(target)
    except LabelError as exc:
        return Verification(target, None, error=str(exc))
    return Verification(target, report, problems=report.problems, notes=_notes(report))


def _notes(report: LabelReport) -> list[str]:
    notes: list[str] = []
    manifest = report.manifest
    if manifest and manifest.self_signed:
        notes.append(
            "The C2PA manifest is signed with ShotGraph's self-signed certificate: "
            "it proves the file is unchanged since export, not who made it."
        )
    elif manifest and not manifest.trusted:
        notes.append("The C2PA signing certificate is not on a trust list known here.")
    if not report.synthetic:
        notes.append("The file declares no AI-made parts, so no AI label is required.")
    return notes


def implicit_rows(report: LabelReport) -> list[tuple[str, str]]:
    """(field, value) rows of the GB 45438 implicit label."""
    fields = report.implicit.fields or {}
    rows = [("metadata key", ", ".join(report.implicit.keys) or "(none)")]
    rows += [(name, str(fields.get(name, "(missing)"))) for name in ANNEX_E_FIELDS]
    if fields:
        rows.append(("meaning", report.implicit.meaning))
    return rows


def short_source_type(uri: str | None) -> str:
    """``trainedAlgorithmicMedia`` for the IPTC URI (or the value as is)."""
    if not uri:
        return "-"
    return uri.removeprefix(IPTC)


def manifest_rows(report: LabelReport) -> list[tuple[str, str]]:
    """(item, value) rows describing the C2PA manifest."""
    m = report.manifest
    if m is None:
        return [("C2PA manifest", f"missing ({report.c2pa_error or 'not found'})")]
    validation = m.validation_state + (f" ({', '.join(m.failures)})" if m.failures else "")
    return [
        ("claim generator", m.claim_generator),
        ("title", m.title or "-"),
        ("created as", _created_as(m)),
        ("actions", _count_actions(m.actions)),
        ("ingredients", _ingredients(m)),
        ("signed by", f"{m.common_name or '-'} (issuer: {m.issuer or '-'})"),
        ("certificate", _certificate(m)),
        ("signed at", m.signed_at or "-"),
        ("validation", validation),
    ]


def _created_as(m: ManifestInfo) -> str:
    created = [a for a in m.actions if a.get("action") == "c2pa.created"]
    if not created:
        return "(no c2pa.created action)"
    return short_source_type(created[0].get("digitalSourceType"))


def _count_actions(actions: list[dict]) -> str:
    counts = Counter(str(a.get("action")) for a in actions)
    return ", ".join(f"{n} × {name}" if n > 1 else name for name, n in counts.items()) or "-"


def _ingredients(m: ManifestInfo) -> str:
    kinds = Counter(
        short_source_type(a.get("digitalSourceType"))
        for a in m.actions
        if a.get("action") == "c2pa.placed"
    )
    detail = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    return f"{len(m.ingredients)}: {detail}" if detail else str(len(m.ingredients))


def _certificate(m: ManifestInfo) -> str:
    if m.self_signed:
        return "self-signed (not a trusted identity)"
    return "trusted" if m.trusted else "untrusted certificate"


def visible_rows(report: LabelReport) -> list[tuple[str, str]]:
    """(item, value) rows on the visible label declared in the file."""
    v = report.visible
    if not v:
        return [("visible label", "not declared")]
    state = "on" if v.get("on") else "off"
    if v.get("overridden"):
        state += " (changed from the default by the creator)"
    return [
        ("visible label", state),
        ("text", str(v.get("text", "-"))),
        ("position", str(v.get("position", "-"))),
    ]
