"""Cache keys and content hashes.

A cache key is the SHA-256 of canonical JSON of: node type and version, the params
that affect output, the provider's identity (never its key), and the content hashes of
the inputs (per item for mapped lists). The files themselves live in the project's
artifact store (``app.core.store.artifacts``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from app.core.values import canonical_json

_CHUNK = 1 << 20


class UnhashableParam(TypeError):
    """A param value that has no stable JSON form; it would never hit the cache."""


def cache_key(
    type_id: str,
    version: int,
    params: dict[str, Any],
    provider: dict[str, Any] | None,
    inputs: dict[str, Any],
) -> str:
    """The cache key of one node run (or one mapped item of it)."""
    try:
        payload = canonical_json(
            {"type": type_id, "version": version, "params": params,
             "provider": provider, "inputs": inputs}
        )
    except TypeError as exc:
        raise UnhashableParam(f"{type_id}: a setting cannot be hashed for the cache: {exc}") from None
    return hashlib.sha256(payload).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
