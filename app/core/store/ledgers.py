"""The project's fingerprint ledgers (table ``fingerprint_ledger``).

An export puts its ledger on the episode artifact's meta under ``LEDGER_META``; the
artifact store indexes it here in the same transaction as the artifact row. The core
knows a ledger only as JSON with a hash: how fingerprints are made and matched is
``app.delivery.fingerprint``'s business.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.core.store.models import FingerprintLedgerRow, utcnow
from app.core.values import canonical_json

LEDGER_META = "fingerprint_ledger"


def ledger_sha256(ledger: Mapping[str, Any]) -> str:
    """The hash that names a ledger (and that the export's C2PA manifest carries)."""
    return hashlib.sha256(canonical_json(dict(ledger))).hexdigest()


def index_ledger(session: Session, file_hash: str, meta: Mapping[str, Any]) -> str | None:
    """Record the ledger in ``meta`` (if any) for the artifact ``file_hash``; its hash."""
    ledger = meta.get(LEDGER_META)
    if not isinstance(ledger, Mapping):
        return None
    digest = ledger_sha256(ledger)
    session.merge(
        FingerprintLedgerRow(
            sha256=digest,
            episode=str(ledger.get("episode") or "")[:200],
            episode_file=file_hash,
            created_at=_when(ledger.get("created_at")),
            duration=float(ledger.get("duration") or 0.0),
            shots=len(ledger.get("shots") or []),
            ledger_json=json.dumps(ledger, ensure_ascii=False),
        )
    )
    return digest


def _when(stamp: Any) -> datetime:
    try:
        return datetime.fromisoformat(str(stamp).replace("Z", "+00:00")).astimezone(UTC).replace(
            tzinfo=None
        )
    except ValueError:
        return utcnow()


def stored_ledgers(engine: Engine) -> list[tuple[str, str, dict[str, Any]]]:
    """Every ledger of the project as ``(sha256, episode file hash, ledger)``, oldest first."""
    with Session(engine) as session:
        rows = session.execute(
            select(
                FingerprintLedgerRow.sha256,
                FingerprintLedgerRow.episode_file,
                FingerprintLedgerRow.ledger_json,
            ).order_by(FingerprintLedgerRow.created_at, FingerprintLedgerRow.sha256)
        ).all()
    return [(sha, file, json.loads(raw)) for sha, file, raw in rows]
