"""AI labels on an exported episode: visible mark, GB 45438 metadata, C2PA manifest.

- Visible ("explicit") label: ``app.media.label_mark`` draws "AI生成" in a
  corner of the 9:16 safe area, text at least 5% of the frame's short side tall
  (GB 45438-2025 5.4), white with a dark outline on a semi-opaque box.
- Implicit label: GB 45438-2025 Annex E's seven fields as one JSON string, the value of
  an MP4 metadata key ``AIGC`` in ``moov/udta/meta`` (``keys`` + ``ilst``), where the
  TC260-PG-20257A video practice guide puts it; added by a stream-copy remux.
- C2PA manifest (c2pa-python), signed with the creator's certificate when one is
  configured, else with a certificate the app makes once and names as self-signed.

``embed_labels`` is the last step of an export (after concat and mux): anything that
rewrites the file afterwards drops the metadata or breaks the C2PA hash.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import platformdirs

from app.delivery.provenance import IPTC, MadeBy, ProvenanceRecord, as_record
from app.media import ffmpeg as media
from app.media.label_mark import (  # noqa: F401  (the visible mark is part of this API)
    SAFE_AREA,
    LabelError,
    draw_label,
    label_box,
    label_overlay_png,
    label_patch,
)

AIGC_KEY = "AIGC"
# No "AIGC" in this name: GB 45438 6.1 c) allows one AIGC field per file.
VISIBLE_KEY = "ShotGraphVisibleLabel"
PROVENANCE_ASSERTION = "org.shotgraph.provenance"
# The hash of the export's fingerprint ledger (app.delivery.ledger), so the ledger beside
# the file is tied to the signed file and its signing time.
FINGERPRINT_ASSERTION = "org.shotgraph.fingerprints"
ANNEX_E_FIELDS = (
    "Label",
    "ContentProducer",
    "ProduceID",
    "ReservedCode1",
    "ContentPropagator",
    "PropagateID",
    "ReservedCode2",
)
LABEL_MEANING = {
    "1": "AI-generated (属于人工智能生成合成内容)",
    "2": "possibly AI-generated (可能为人工智能生成合成内容)",
    "3": "suspected AI-generated (疑似为人工智能生成合成内容)",
}
SELF_SIGNED_NAME = "ShotGraph self-signed — not a trusted identity"


def _app_version() -> str:
    try:
        return version("shotgraph")
    except PackageNotFoundError:
        return "0.1.0"


# -- GB 45438 implicit label ----------------------------------------------------------


def annex_e_ok(value: str) -> bool:
    """GB 45438 Annex E: values use printable ASCII without space, '"' or '\\'."""
    return all(c == "!" or "#" <= c <= "[" or "]" <= c <= "~" for c in value)


def _check_field(name: str, value: str, required: bool = True) -> str:
    if required and not value:
        raise LabelError(f"The AIGC label field {name} is empty; set it in Export settings.")
    if not annex_e_ok(value):
        raise LabelError(
            f"The AIGC label field {name} is {value!r}: GB 45438 allows only letters, digits "
            "and printable ASCII symbols there (no spaces, quotes, backslashes or Chinese); "
            "use e.g. 'My-Studio' or your TC260 provider code."
        )
    return value


def produce_id_for(record: ProvenanceRecord | Mapping[str, Any]) -> str:
    """A content number unique to this episode's provenance (stable for one record)."""
    data = as_record(record).model_dump(mode="json", by_alias=True)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    return f"SG-{digest[:32]}"


def aigc_metadata(
    record: ProvenanceRecord | Mapping[str, Any],
    producer: str | None = None,
    propagator: str | None = None,
    produce_id: str | None = None,
) -> dict[str, str]:
    """The GB 45438 Annex E fields, the value stored under the ``AIGC`` key.

    Annex E writes the pair as ``{"AIGC": {...}}``; in an MP4 the key is the metadata
    key and the value is these seven fields (TC260-PG-20257A). On the first write the propagator fields equal the producer fields (Annex E note 1);
    the reserved codes stay empty. Raises ``LabelError`` when nothing in the episode is
    synthetic (the standard has no value for "not AI") or a field has bad characters.
    """
    rec = as_record(record)
    if not rec.labels.implicit:
        raise LabelError(
            "Nothing in this episode is AI-made or generated, so it gets no AIGC label."
        )
    # A producer given here also stands for the propagator (first write, Annex E note 1).
    propagator = propagator or (producer if producer else rec.labels.propagator)
    producer = _check_field("ContentProducer", producer or rec.labels.producer)
    content_id = _check_field("ProduceID", produce_id or produce_id_for(rec))
    return {
        "Label": "1",
        "ContentProducer": producer,
        "ProduceID": content_id,
        "ReservedCode1": "",
        "ContentPropagator": _check_field("ContentPropagator", propagator or producer),
        "PropagateID": content_id,
        "ReservedCode2": "",
    }


def aigc_json(metadata: Mapping[str, Any]) -> str:
    """Compact JSON of the implicit label, in Annex E field order."""
    return json.dumps(metadata, ensure_ascii=False, separators=(",", ":"))


def parse_aigc(raw: str) -> tuple[dict[str, Any] | None, list[str]]:
    """The Annex E fields from a metadata value, and what is wrong with them.

    Accepts the bare ``{...}`` (TC260 guides, ShotGraph) and the wrapped
    ``{"AIGC": {...}}`` some tools write.
    """
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return None, [f"the AIGC value is not JSON ({exc.msg})"]
    if isinstance(data, dict) and isinstance(data.get(AIGC_KEY), dict):
        data = data[AIGC_KEY]
    if not isinstance(data, dict):
        return None, ["the AIGC value is not a JSON object"]
    problems = [f"field {name} is missing" for name in ANNEX_E_FIELDS if name not in data]
    if str(data.get("Label")) not in LABEL_MEANING:
        problems.append(f'Label is {data.get("Label")!r}; it must be "1", "2" or "3"')
    for name in ("ContentProducer", "ProduceID"):
        if not data.get(name):
            problems.append(f"field {name} is empty")
    problems += [
        f"field {k} has characters GB 45438 Annex E does not allow"
        for k, v in data.items()
        if isinstance(v, str) and not annex_e_ok(v)
    ]
    return data, problems


# -- signing identity -----------------------------------------------------------------


@dataclass(frozen=True)
class SigningIdentity:
    """A certificate chain and private key (PEM) that sign C2PA manifests."""

    cert_chain_pem: bytes
    private_key_pem: bytes = field(repr=False)
    alg: str = "es256"
    tsa_url: str | None = None
    self_signed: bool = False

    def signer(self) -> Any:
        """The c2pa ``Signer`` for this identity."""
        import c2pa

        info = c2pa.C2paSignerInfo(
            self.alg, self.cert_chain_pem, self.private_key_pem, self.tsa_url
        )
        try:
            return c2pa.Signer.from_info(info)
        except c2pa.C2paError as exc:
            raise LabelError(
                f"The C2PA signing certificate cannot sign ({exc}). C2PA needs "
                "an ES256/PS256 end-entity certificate with its chain, not a "
                "self-signed leaf."
            ) from exc


def data_dir() -> Path:
    """The app's user data folder (``SHOTGRAPH_DATA_DIR`` moves it, for tests)."""
    override = os.environ.get("SHOTGRAPH_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir("ShotGraph"))


def configured_identity() -> SigningIdentity | None:
    """The creator's own certificate, from ``SHOTGRAPH_C2PA_CERT`` / ``_KEY`` (PEM paths)."""
    cert, key = os.environ.get("SHOTGRAPH_C2PA_CERT"), os.environ.get("SHOTGRAPH_C2PA_KEY")
    if not cert and not key:
        return None
    if not (cert and key):
        raise LabelError(
            "Set both SHOTGRAPH_C2PA_CERT and SHOTGRAPH_C2PA_KEY (PEM files), "
            "or neither to use the app's self-signed certificate."
        )
    try:
        chain, private = Path(cert).read_bytes(), Path(key).read_bytes()
    except OSError as exc:
        raise LabelError(f"Cannot read the C2PA certificate or key: {exc}") from exc
    return SigningIdentity(
        chain,
        private,
        os.environ.get("SHOTGRAPH_C2PA_ALG", "es256"),
        os.environ.get("SHOTGRAPH_C2PA_TSA_URL") or None,
    )


def self_signed_identity(folder: Path | None = None) -> SigningIdentity:
    """The app's own certificate, made once under the user data folder.

    c2pa refuses a self-signed *leaf*, so this is a small chain: a self-signed root and
    a signing certificate it issued, both named as not a trusted identity.
    """
    base = folder or data_dir() / "c2pa"
    cert_path = base / "shotgraph-self-signed-NOT-TRUSTED.cert.pem"
    key_path = base / "shotgraph-self-signed-NOT-TRUSTED.key.pem"
    if not (cert_path.exists() and key_path.exists()):
        chain, key = _make_self_signed_chain()
        base.mkdir(parents=True, exist_ok=True)
        _write_private(key_path, key)
        _write_private(cert_path, chain)
    return SigningIdentity(cert_path.read_bytes(), key_path.read_bytes(), self_signed=True)


def default_identity() -> SigningIdentity:
    """The creator's certificate if configured, else the app's self-signed one."""
    return configured_identity() or self_signed_identity()


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def _make_self_signed_chain() -> tuple[bytes, bytes]:
    """(leaf + root PEM chain, leaf private key PEM), ES256, valid ten years."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    root_key, leaf_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    root = _certificate(root_key, root_key, f"{SELF_SIGNED_NAME} (root)", None, ca=True)
    leaf = _certificate(leaf_key, root_key, SELF_SIGNED_NAME, root, ca=False)
    pem = serialization.Encoding.PEM
    key = leaf_key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return leaf.public_bytes(pem) + root.public_bytes(pem), key


def _certificate(key: Any, issuer_key: Any, name: str, issuer: Any, ca: bool) -> Any:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, SELF_SIGNED_NAME),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    usage = dict.fromkeys(
        (
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), True)
        .add_extension(
            x509.KeyUsage(digital_signature=not ca, key_cert_sign=ca, crl_sign=ca, **usage), True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False
        ).add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    return builder.sign(issuer_key, hashes.SHA256())


# -- C2PA manifest --------------------------------------------------------------------


def episode_source_type(record: ProvenanceRecord) -> str:
    """IPTC digital source type of the whole episode, from its ingredients."""
    origins = {made.origin for _, made in record.ingredients()}
    ai = origins & {"ai", "unknown"}
    if ai and origins <= {"ai", "unknown"}:
        return IPTC + "trainedAlgorithmicMedia"
    if ai:
        return IPTC + "compositeWithTrainedAlgorithmicMedia"
    if "procedural" in origins:
        return IPTC + "compositeSynthetic"
    return IPTC + "compositeCapture"


def provenance_summary(record: ProvenanceRecord, aigc: Mapping[str, Any] | None) -> dict:
    """The public summary put in the C2PA manifest: no params, prompts or inputs."""
    lab = record.labels
    return {
        "schema": record.schema_,
        "episode": record.episode,
        "created_at": record.created_at,
        "totals": record.totals.model_dump(),
        "visible_label": {
            "on": lab.visible,
            "default": lab.visible_default,
            "overridden": lab.visible_overridden,
            "off_reason": lab.off_reason,
            "text": lab.text,
            "position": lab.position,
            "rule": lab.rule,
        },
        "gb45438_aigc": dict(aigc or {}),
        # Per shot: a creator's own footage or still is "human" (digitalCapture), not AI.
        "shots": [
            {"shot_id": s.shot_id, "origin": s.origin, "synthetic": s.synthetic,
             "own_material": [p.role for p in (s.still, s.clip, s.voice)
                              if p is not None and p.origin == "human"]}
            for s in record.shots
        ],
        "ingredients": [_ingredient_summary(name, made) for name, made in record.ingredients()],
    }


def _ingredient_summary(name: str, made: MadeBy) -> dict[str, Any]:
    return {
        "name": name,
        "role": made.role,
        "origin": made.origin,
        "hash": made.hash,
        "provider": made.provider,
        "model": made.model,
        "node_type": made.node_type,
        "take": made.take,
        "made_at": made.made_at,
    }


def c2pa_manifest(
    record: ProvenanceRecord,
    title: str,
    aigc: Mapping[str, Any] | None,
    fingerprints: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest definition: one ingredient and one ``c2pa.placed`` action per part."""
    parts = record.ingredients()
    ingredients = [
        {
            "title": name,
            "format": made.mime,
            "relationship": "componentOf",
            "instance_id": f"shotgraph:artifact:{made.hash}",
            "label": f"ing-{i}",
        }
        for i, (name, made) in enumerate(parts)
    ]
    agent = {"name": "ShotGraph", "version": _app_version()}
    actions = [
        {
            "action": "c2pa.created",
            "softwareAgent": agent,
            "digitalSourceType": episode_source_type(record),
            "description": f"Episode '{record.episode}' assembled by ShotGraph",
        }
    ]
    actions += [
        {
            "action": "c2pa.placed",
            "digitalSourceType": made.digital_source_type,
            "description": f"{name}: {made.origin}"
            + (f" ({made.provider})" if made.provider else ""),
            "parameters": {"ingredientIds": [f"ing-{i}"]},
        }
        for i, (name, made) in enumerate(parts)
    ]
    assertions = [
        {"label": "c2pa.actions.v2", "data": {"actions": actions}},
        {"label": PROVENANCE_ASSERTION, "data": provenance_summary(record, aigc)},
    ]
    if fingerprints:
        assertions.append({"label": FINGERPRINT_ASSERTION, "data": dict(fingerprints)})
    return {
        "claim_generator_info": [agent],
        "title": title,
        "format": "video/mp4",
        "ingredients": ingredients,
        "assertions": assertions,
    }


def _sign_c2pa(src: Path, dst: Path, manifest: dict[str, Any], identity: SigningIdentity) -> None:
    try:
        import c2pa
    except ImportError as exc:
        raise LabelError(
            "c2pa-python is not installed: pip install c2pa-python, or turn "
            "the C2PA manifest off in Export settings."
        ) from exc
    try:
        builder = c2pa.Builder(manifest)
        with open(src, "rb") as source, open(dst, "w+b") as dest:
            builder.sign(identity.signer(), "video/mp4", source, dest)
    except c2pa.C2paError as exc:
        raise LabelError(f"Could not sign the C2PA manifest: {exc}") from exc


# -- ffmpeg plumbing ------------------------------------------------------------------


def _ffmpeg() -> str:
    """``ffmpeg`` (system or bundled, as the export uses)."""
    found = media.ffmpeg_path()
    if found:
        return found
    raise LabelError("ffmpeg was not found: install ffmpeg.")


def _run(args: list[str], what: str) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LabelError(f"{what} failed: {exc}") from exc
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-3:]
        raise LabelError(f"{what} failed: {' '.join(tail) or 'ffmpeg error'}")
    return done.stdout


def probe_tags(path: Path) -> dict[str, Any]:
    """Format and stream tags of a media file, shaped as ffprobe's JSON reports them
    (``format.tags``, ``streams[].index/tags``), read in this process by PyAV's
    libavformat, without an ffprobe to start (~60 ms apiece, three per labelled export;
    the installers bundle no ffprobe at all). Its newer mov reader leaves out a tag or two
    of a stream's that ffprobe 5.1 lists (``vendor_id``); the file's own tags are the same."""
    import av

    try:
        with av.open(str(path)) as container:
            return {
                "format": {"tags": dict(container.metadata)},
                "streams": [{"index": s.index, "tags": dict(s.metadata)}
                            for s in container.streams],
            }
    except (av.FFmpegError, OSError, UnicodeDecodeError) as exc:
        raise LabelError(f"Reading the metadata of {path.name} failed: {exc}") from None


def packet_checksums(path: Path) -> list[str]:
    """Per-packet stream, timestamps, duration, size and MD5 (what ``ffmpeg -f framemd5``
    lists), read in this process by PyAV's demuxer: an ffmpeg for it cost ~80 ms to start,
    and every labelled export checks two files."""
    import av

    lines = []
    try:
        with av.open(str(path)) as container:
            for packet in container.demux():
                if packet.size == 0 and packet.dts is None:  # a stream's end, not a packet
                    continue
                lines.append(f"{packet.stream.index}, {packet.dts}, {packet.pts}, "
                             f"{packet.duration}, {packet.size}, "
                             f"{hashlib.md5(bytes(packet)).hexdigest()}")
    except (av.FFmpegError, OSError) as exc:
        raise LabelError(f"Checksumming the packets of {path.name} failed: {exc}") from None
    return lines


def _remux_with_tags(src: Path, dst: Path, tags: dict[str, str]) -> None:
    copy = "-map 0 -c copy -map_metadata 0 -movflags +faststart+use_metadata_tags".split()
    args = [_ffmpeg(), "-v", "error", "-y", "-i", str(src), *copy]
    stale = [
        k
        for k in probe_tags(src).get("format", {}).get("tags", {})
        if AIGC_KEY.lower() in k.lower() and k != AIGC_KEY
    ]
    for key in stale:  # keep exactly one AIGC field (GB 45438 6.1 c)
        args += ["-metadata", f"{key}="]
    for key, value in tags.items():
        args += ["-metadata", f"{key}={value}"]
    _run([*args, "-f", "mp4", str(dst)], f"Adding the AI label metadata to {src.name}")


# -- embedding ------------------------------------------------------------------------


def _temp_beside(dst: Path, tag: str) -> Path:
    return dst.with_name(f".{dst.stem}.{tag}.{os.getpid()}.{os.urandom(3).hex()}.mp4")


def visible_tag(record: ProvenanceRecord) -> str:
    """The value of the ``ShotGraphVisibleLabel`` key: what the visible mark is."""
    lab = record.labels
    return json.dumps(
        {
            "on": lab.visible,
            "text": lab.text,
            "position": lab.position,
            "default": lab.visible_default,
            "overridden": lab.visible_overridden,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def embed_labels(
    src_mp4: Path | str,
    dst_mp4: Path | str,
    record: ProvenanceRecord | Mapping[str, Any],
    signer: SigningIdentity | None = None,
    fingerprints: Mapping[str, Any] | None = None,
) -> Path:
    """Copy ``src_mp4`` to ``dst_mp4`` with the implicit label and a signed C2PA manifest.

    Streams are copied, never re-encoded, and checked packet by packet; the result is
    written beside ``dst_mp4`` and renamed into place only when complete and readable.
    ``fingerprints`` (``app.delivery.ledger.ledger_reference``) goes into the manifest.
    """
    src, dst = Path(src_mp4), Path(dst_mp4)
    rec = as_record(record)
    if not src.is_file():
        raise LabelError(f"The video to label does not exist: {src}")
    aigc = aigc_metadata(rec) if rec.labels.implicit else None
    tags = {VISIBLE_KEY: visible_tag(rec)}
    if aigc:
        tags[AIGC_KEY] = aigc_json(aigc)
    tagged, signed = _temp_beside(dst, "tagged"), _temp_beside(dst, "signed")
    try:
        _remux_with_tags(src, tagged, tags)
        final = tagged
        if rec.labels.c2pa:
            _sign_c2pa(
                tagged,
                signed,
                c2pa_manifest(rec, dst.name, aigc, fingerprints),
                signer or default_identity(),
            )
            final = signed
        _check_same_streams(src, final)
        _check_written(final, aigc)
        os.replace(final, dst)
    finally:
        tagged.unlink(missing_ok=True)
        signed.unlink(missing_ok=True)
    return dst


def _check_same_streams(src: Path, out: Path) -> None:
    if packet_checksums(src) != packet_checksums(out):
        raise LabelError(
            "Labelling changed the audio or video packets of the episode; the "
            "file was not replaced. Please report this as a bug."
        )


def _check_written(path: Path, aigc: Mapping[str, Any] | None) -> None:
    if aigc is None:
        return
    values = [
        v for k, v in probe_tags(path).get("format", {}).get("tags", {}).items() if k == AIGC_KEY
    ]
    if len(values) != 1 or json.loads(values[0]) != aigc:
        raise LabelError(
            "The AIGC label did not read back from the labelled file; the file "
            "was not replaced. Is ffmpeg older than 4.3 (no use_metadata_tags)?"
        )


# -- reading labels back --------------------------------------------------------------


@dataclass
class ImplicitLabel:
    """The GB 45438 field found in the file (``fields`` is None when absent)."""

    keys: list[str] = field(default_factory=list)
    raw: str | None = None
    fields: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return self.fields is not None

    @property
    def meaning(self) -> str:
        return LABEL_MEANING.get(str((self.fields or {}).get("Label")), "no label")


@dataclass
class ManifestInfo:
    """What the C2PA manifest in the file says, and whether it validates."""

    claim_generator: str
    title: str | None
    actions: list[dict[str, Any]]
    ingredients: list[dict[str, Any]]
    issuer: str | None
    common_name: str | None
    signed_at: str | None
    alg: str | None
    validation_state: str
    failures: list[str]
    summary: dict[str, Any] | None
    fingerprints: dict[str, Any] | None = None

    @property
    def self_signed(self) -> bool:
        names = f"{self.issuer} {self.common_name}".lower()
        return "self-signed" in names or "self signed" in names

    @property
    def trusted(self) -> bool:
        return self.validation_state == "Trusted"

    @property
    def valid(self) -> bool:
        hard = [f for f in self.failures if not f.startswith("signingCredential.untrusted")]
        return self.validation_state in ("Valid", "Trusted") and not hard


@dataclass
class LabelReport:
    """Both labels as read back from an MP4, with what is missing or wrong."""

    path: Path
    implicit: ImplicitLabel
    manifest: ManifestInfo | None
    visible: dict[str, Any] | None
    c2pa_error: str | None = None

    @property
    def visible_declared(self) -> bool:
        return bool(self.visible and self.visible.get("on"))

    @property
    def synthetic(self) -> bool:
        """Whether the file says it has AI-made parts (True when it says nothing)."""
        summary = self.manifest.summary if self.manifest else None
        totals = (summary or {}).get("totals")
        if not isinstance(totals, dict):
            return True
        return bool(totals.get("shots_synthetic") or totals.get("audio_synthetic"))

    @property
    def problems(self) -> list[str]:
        found = list(self.implicit.problems) if self.synthetic else []
        if self.synthetic and not self.visible_declared:
            found.append(
                "no visible AI label is declared (it was turned off or the file "
                "was not exported by ShotGraph)"
            )
        if self.manifest is None:
            found.append(f"no C2PA manifest ({self.c2pa_error or 'not found'})")
        elif not self.manifest.valid:
            found.append(
                "the C2PA manifest does not validate: "
                + ", ".join(self.manifest.failures or [self.manifest.validation_state])
            )
        return found

    @property
    def ok(self) -> bool:
        return not self.problems


def read_labels(mp4: Path | str) -> LabelReport:
    """Read the implicit label (``probe_tags``) and the C2PA manifest (c2pa Reader) of ``mp4``."""
    path = Path(mp4)
    if not path.is_file():
        raise LabelError(f"No such file: {path}")
    tags = probe_tags(path)
    manifest, error = _read_manifest(path)
    return LabelReport(path, _implicit_from(tags), manifest, _visible_from(tags, manifest), error)


def _all_tags(tags: Mapping[str, Any]) -> list[tuple[str, str]]:
    found = list((tags.get("format") or {}).get("tags", {}).items())
    for stream in tags.get("streams") or []:
        found += list((stream.get("tags") or {}).items())
    return [(str(k), str(v)) for k, v in found]


def _implicit_from(tags: Mapping[str, Any]) -> ImplicitLabel:
    hits = [(k, v) for k, v in _all_tags(tags) if AIGC_KEY.lower() in k.lower()]
    if not hits:
        return ImplicitLabel(
            problems=["no GB 45438 implicit label (no metadata key containing 'AIGC')"]
        )
    fields, problems = parse_aigc(hits[0][1])
    if len(hits) > 1:
        problems.append(f"{len(hits)} AIGC fields; GB 45438 6.1 c) allows one")
    return ImplicitLabel([k for k, _ in hits], hits[0][1], fields, problems)


def _visible_from(tags: Mapping[str, Any], manifest: ManifestInfo | None) -> dict | None:
    for key, value in _all_tags(tags):
        if key == VISIBLE_KEY:
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                return None
    if manifest and manifest.summary:
        return manifest.summary.get("visible_label")
    return None


def _read_manifest(path: Path) -> tuple[ManifestInfo | None, str | None]:
    try:
        import c2pa
    except ImportError:
        return None, "c2pa-python is not installed"
    try:
        reader = c2pa.Reader(str(path))
        active = reader.get_active_manifest()
        state = reader.get_validation_state() or "Unknown"
        results = reader.get_validation_results() or {}
    except c2pa.C2paError as exc:
        return None, str(exc).strip() or type(exc).__name__
    if not active:
        return None, "no active manifest"
    failures = [
        f.get("code", "?") for f in (results.get("activeManifest") or {}).get("failure", [])
    ]
    return _manifest_info(active, state, failures), None


def _manifest_info(active: Mapping[str, Any], state: str, failures: list[str]) -> ManifestInfo:
    assertions = {a.get("label"): a.get("data") for a in active.get("assertions", [])}
    actions = assertions.get("c2pa.actions.v2") or assertions.get("c2pa.actions") or {}
    generator = active.get("claim_generator_info") or [{}]
    sig = active.get("signature_info") or {}
    return ManifestInfo(
        claim_generator=" ".join(str(generator[0].get(k, "")) for k in ("name", "version")).strip()
        or str(active.get("claim_generator", "?")),
        title=active.get("title"),
        actions=list(actions.get("actions", [])),
        ingredients=list(active.get("ingredients", [])),
        issuer=sig.get("issuer"),
        common_name=sig.get("common_name"),
        signed_at=sig.get("time"),
        alg=sig.get("alg"),
        validation_state=state,
        failures=failures,
        summary=assertions.get(PROVENANCE_ASSERTION),
        fingerprints=assertions.get(FINGERPRINT_ASSERTION),
    )


# -- visible label --------------------------------------------------------------------

def visible_label_text(record: ProvenanceRecord | Mapping[str, Any]) -> str | None:
    """The text the export should draw on every frame, or None when the label is off."""
    lab = as_record(record).labels
    return lab.text if lab.visible else None
