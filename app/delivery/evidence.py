"""The evidence report of a match: one self-contained HTML page, in Chinese and English.

Side-by-side frames of every matched pair (embedded as JPEG data URIs), their times and
scores, and for each original: the export date, the ledger hash and what the original
file's signed C2PA manifest and provenance summary say (read with ``labels.read_labels``
and shown with ``verify.manifest_rows``). Nothing is fetched from the network.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from app.core.lazy import lazy_module
from app.delivery.labels import LabelError, read_labels
from app.delivery.match import Match, MatchResult, Reference
from app.delivery.verify import manifest_rows

cv2 = lazy_module("cv2")  # OpenCV: imported when first used

FRAME_WIDTH = 270

# (English, 中文) for every fixed text of the report.
T = {
    "title": ("Evidence report: copies of ShotGraph episodes", "证据报告：ShotGraph 作品的复制件"),
    "suspect": ("Suspect video", "涉嫌侵权视频"),
    "file": ("File", "文件"),
    "sha": ("SHA-256", "SHA-256 哈希"),
    "length": ("Length", "时长"),
    "made": ("Report made", "报告生成时间"),
    "summary": ("Summary", "摘要"),
    "originals": ("Originals", "原作"),
    "episode": ("Episode", "剧集"),
    "exported": ("Exported (ledger made)", "导出时间（指纹登记）"),
    "ledger": ("Fingerprint ledger SHA-256", "指纹登记 SHA-256"),
    "manifest": ("C2PA manifest of the original", "原作的 C2PA 清单"),
    "provenance": ("Provenance", "来源记录"),
    "link": ("Ledger tied to the signed file", "指纹登记与签名文件的关联"),
    "matches": ("Matches", "匹配结果"),
    "shot": ("Shot", "镜头"),
    "evidence": ("Evidence", "证据类型"),
    "in_suspect": ("In the suspect", "在涉嫌视频中"),
    "in_original": ("In the original", "在原作中"),
    "duration": ("Duration", "持续时长"),
    "score": ("Score", "相似度"),
    "how": ("Changes seen", "发现的改动"),
    "video": ("picture", "画面"),
    "audio": ("sound", "声音"),
    "none": ("No shot of the originals was found in the suspect video.",
             "在涉嫌视频中未发现原作的任何镜头。"),
    "no_frame": ("(no picture: the original file is not at hand)", "（无画面：原作文件不在手边）"),
    "scores": ("Scores: 1 = the same picture or sound; 0 = unrelated. Picture evidence is "
               "PDQ perceptual hashes of brightness and colour; sound evidence is Chromaprint.",
               "相似度：1 表示画面或声音相同，0 表示无关。画面证据基于亮度与色彩的 PDQ 感知哈希，"
               "声音证据基于 Chromaprint 音频指纹。"),
}


def bilingual(key: str) -> str:
    en, zh = T[key]
    return f'<span class="zh">{html.escape(zh)}</span> <span class="en">{html.escape(en)}</span>'


def write_report(result: MatchResult, out: Path | str) -> Path:
    """Write the report of ``result`` to ``out`` (HTML), atomically."""
    out = Path(out)
    page = report_html(result)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(page)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def report_html(result: MatchResult) -> str:
    """The whole report as one HTML document."""
    parts = [_head(), f"<h1>{bilingual('title')}</h1>", _suspect(result), _summary(result)]
    parts += [f"<h2>{bilingual('originals')}</h2>"]
    parts += [_original(ref) for ref in _used(result)]
    parts += [f"<h2>{bilingual('matches')}</h2>", f"<p class='note'>{bilingual('scores')}</p>"]
    if not result.matches:
        parts.append(f"<p>{bilingual('none')}</p>")
    parts += [_pair(result, m) for m in result.matches]
    parts.append("</body></html>")
    return "\n".join(parts)


def _head() -> str:
    style = (
        "body{font-family:'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',"
        "sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0}"
        "td,th{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}"
        ".en{color:#555;font-size:.9em}.note{color:#555}.pair{display:flex;gap:1em;"
        "margin:1em 0;padding:1em;border:1px solid #ddd}.pair figure{margin:0}"
        "img{width:270px;border:1px solid #999}code{word-break:break-all}"
    )
    return (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>证据报告 Evidence report</title><style>{style}</style></head><body>"
    )


def _rows(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


def _suspect(result: MatchResult) -> str:
    rows = [
        (bilingual("file"), html.escape(result.suspect.name)),
        (bilingual("sha"), f"<code>{_sha256(result.suspect)}</code>"),
        (bilingual("length"), f"{result.suspect_duration:.2f} s"),
        (bilingual("made"), time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())),
    ]
    return f"<h2>{bilingual('suspect')}</h2>" + _rows(rows)


def _summary(result: MatchResult) -> str:
    lines = []
    for evidence in ("video", "audio"):
        found = result.of(evidence)  # type: ignore[arg-type]
        shots = sorted({(m.episode or "", m.shot) for m in found})
        seconds = sum(m.duration for m in found)
        lines.append(
            f"<li>{bilingual(evidence)}: {len(shots)} 个镜头 shots, {seconds:.1f} s</li>"
        )
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in result.notes)
    return f"<h2>{bilingual('summary')}</h2><ul>{''.join(lines)}{notes}</ul>"


def _used(result: MatchResult) -> list[Reference]:
    seen: list[Reference] = []
    for m in result.matches:
        if m.reference is not None and all(m.reference is not r for r in seen):
            seen.append(m.reference)
    return seen or list(result.references[:1])


def _original(ref: Reference) -> str:
    rows = [
        (bilingual("episode"), html.escape(ref.episode or "-")),
        (bilingual("exported"), html.escape(ref.ledger.created_at or "-")),
        (bilingual("ledger"), f"<code>{ref.ledger_sha256}</code>"),
        (bilingual("file"), html.escape(str(ref.video.name if ref.video else ref.source.name))),
    ]
    if ref.file_sha256:
        rows.append((bilingual("sha"), f"<code>{ref.file_sha256}</code>"))
    manifest, link, provenance = _manifest(ref)
    rows += [(bilingual("link"), link), (bilingual("manifest"), manifest),
             (bilingual("provenance"), provenance)]
    return f"<h3>{html.escape(ref.episode or ref.source.name)}</h3>" + _rows(rows)


def _manifest(ref: Reference) -> tuple[str, str, str]:
    """(manifest rows, ledger link, provenance summary) of the original file."""
    if ref.video is None:
        missing = "原作文件不在手边 the original file is not at hand"
        return missing, missing, missing
    try:
        report = read_labels(ref.video)
    except LabelError as exc:
        text = html.escape(f"不可读 unreadable: {exc}")
        return text, text, text
    table = _rows([(html.escape(k), html.escape(v)) for k, v in manifest_rows(report)])
    signed = ((report.manifest.fingerprints or {}) if report.manifest else {}).get("sha256")
    if signed == ref.ledger_sha256 and report.manifest and report.manifest.valid:
        link = "是：签名清单记录了此指纹登记的哈希 yes: the signed manifest names this ledger"
    elif signed:
        link = f"否：清单记录的是另一个登记 no: the manifest names {signed[:16]}…"
    else:
        link = "否：清单未记录指纹登记 no: the manifest names no ledger"
    summary = report.manifest.summary if report.manifest else None
    return table, html.escape(link), _provenance(summary)


def _provenance(summary: dict | None) -> str:
    if not summary:
        return "-"
    totals = summary.get("totals") or {}
    keys = ("shots", "shots_ai", "shots_procedural", "shots_human", "audio_tracks",
            "audio_synthetic", "ingredients")
    rows = [("episode", str(summary.get("episode", "-"))),
            ("created_at", str(summary.get("created_at", "-")))]
    rows += [(k, str(totals[k])) for k in keys if k in totals]
    gb = summary.get("gb45438_aigc") or {}
    if gb:
        rows.append(("GB 45438 ProduceID", str(gb.get("ProduceID", "-"))))
    return _rows([(html.escape(k), html.escape(v)) for k, v in rows])


def _pair(result: MatchResult, m: Match) -> str:
    mid = m.duration / 2
    suspect_img = _frame_img(result.suspect, m.suspect_start + mid)
    original = m.reference.video if m.reference else None
    ref_img = _frame_img(original, m.reference_start + mid) if original else None
    rows = [
        (bilingual("episode"), html.escape(m.episode or "-")),
        (bilingual("shot"), str(m.shot)),
        (bilingual("evidence"), bilingual(m.evidence)),
        (bilingual("in_suspect"), f"{_clock(m.suspect_start)} – {_clock(m.suspect_start + m.duration)}"),
        (bilingual("in_original"), _clock(m.reference_start)),
        (bilingual("duration"), f"{m.duration:.2f} s"),
        (bilingual("score"), f"{m.score:.3f}"),
        (bilingual("how"), html.escape(m.how or "-")),
    ]
    figures = (
        _figure(suspect_img, f"{T['suspect'][1]} {_clock(m.suspect_start + mid)}")
        + _figure(ref_img, f"{T['in_original'][1]} {_clock(m.reference_start + mid)}")
    )
    return f"<div class='pair'>{_rows(rows)}{figures}</div>"


def _figure(data_uri: str | None, caption: str) -> str:
    if data_uri is None:
        return f"<figure><figcaption>{bilingual('no_frame')}</figcaption></figure>"
    return (f"<figure><img src='{data_uri}' alt='{html.escape(caption)}'>"
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def _clock(seconds: float) -> str:
    minutes, rest = divmod(max(0.0, seconds), 60)
    return f"{int(minutes):02d}:{rest:05.2f}"


def _frame_img(path: Path | None, t: float) -> str | None:
    if path is None:
        return None
    frame = frame_at(path, t)
    if frame is None:
        return None
    ok, jpeg = cv2.imencode(".jpg", cv2.cvtColor(frame, cv2.COLOR_RGB2BGR),
                            [cv2.IMWRITE_JPEG_QUALITY, 85])
    if not ok:
        return None
    return "data:image/jpeg;base64," + base64.b64encode(jpeg.tobytes()).decode("ascii")


def frame_at(path: Path, t: float, width: int = FRAME_WIDTH) -> np.ndarray | None:
    """The RGB frame shown at ``t`` seconds of ``path``, ``width`` pixels wide (or None)."""
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            container.seek(max(0, int(t / stream.time_base) - 1), stream=stream)
            for picture in container.decode(stream):
                if picture.time is None or picture.time + 1e-3 >= t:
                    height = round(picture.height * width / picture.width / 2) * 2
                    return picture.reformat(width=width, height=height,
                                            format="rgb24").to_ndarray()
    except (av.FFmpegError, OSError, IndexError):
        return None
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
