"""Finding an episode's shots in a suspect video, from the episode's fingerprint ledger.

Video: every sampled suspect frame (and its mirrored, 16:9-column and detail-box views)
is compared with every reference frame (whole and centre): a frame's distance is the
brightness PDQ distance plus half the two colour planes' (0..512 bits, unrelated pictures
about 256). Each suspect frame goes to its nearest reference shot when that is within
``VIDEO_THRESHOLD``; consecutive frames given to the same shot make one match.

Audio: Chromaprint of the suspect (also re-timed for copies played 0.9x-1.1x as fast) is
slid along each episode's mix; stretches where few bits differ are matches, reported per
shot they cover. Video and audio evidence are separate matches: a copy with its
soundtrack replaced still matches on video, one that only reused the sound on audio.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from app.delivery import fingerprint as fp
from app.delivery.ledger import Ledger

Evidence = Literal["video", "audio"]
# Combined distance (brightness + half of each colour plane, of 512) under which two
# frames are taken to be the same picture. Measured (bench/match.py): attacked copies
# stay under ~75, the nearest frames of other-seed demo episodes are above ~110.
VIDEO_THRESHOLD = 92
BRIGHTNESS_PREFILTER = 72  # pairs further apart in brightness alone are never the same
COLOUR_MIN_QUALITY = 5  # below this PDQ quality a colour plane is flat: brightness only
MIN_RUN_FRAMES = 3
MAX_GAP_FRAMES = 2
AUDIO_SPEEDS = (1.0, 0.9, 1.1, 0.95, 1.05)
AUDIO_WINDOW = 16  # Chromaprint words (~2 s) a stretch of sound is judged over
# Share of differing bits (random: 0.5) under which ~2 s of sound look alike, and that a
# whole stretch must stay under. Measured (bench/match.py): copies 0.01 (re-encoded) to
# 0.075 (played 0.9x/1.1x) over 10 s and more; other-seed demo episodes, whose procedural
# scores share chords, 0.094 over 2 s.
AUDIO_THRESHOLD = 0.1
AUDIO_MAX_BER = 0.08
AUDIO_MIN_S = 3.0
AUDIO_SEED_BITS = 6
AUDIO_SEED_VOTES = 3
MIN_SHOT_OVERLAP_S = 0.5

Progress = Callable[[float, str], None]


@dataclass
class Reference:
    """One exported episode to look for: its ledger and where it came from."""

    ledger: Ledger
    ledger_sha256: str
    episode: str | None
    source: Path  # the project file, sidecar or MP4 it was read from
    video: Path | None = None  # the exported MP4, for the evidence report's frames
    file_sha256: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Match:
    """One shot of a reference found in the suspect."""

    episode: str | None
    shot: int
    reference_start: float
    suspect_start: float
    duration: float
    score: float
    evidence: Evidence
    how: str = ""  # e.g. "mirrored", "16:9 column", "played at 1.1x"
    reference: Reference | None = field(default=None, repr=False, compare=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "episode": self.episode,
            "shot": self.shot,
            "reference_start": round(self.reference_start, 2),
            "suspect_start": round(self.suspect_start, 2),
            "duration": round(self.duration, 2),
            "score": round(self.score, 3),
            "evidence": self.evidence,
        }


@dataclass
class MatchResult:
    """Every match of the references in one suspect video."""

    suspect: Path
    suspect_duration: float
    matches: list[Match]
    references: list[Reference]
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "matches": [m.as_json() for m in self.matches],
            "suspect_duration": round(self.suspect_duration, 2),
        }

    def of(self, evidence: Evidence) -> list[Match]:
        return [m for m in self.matches if m.evidence == evidence]


# -- the whole search -----------------------------------------------------------------
def find_copies(
    references: Sequence[Reference],
    suspect: Path | str,
    on_progress: Progress | None = None,
    cancel_event: threading.Event | None = None,
) -> MatchResult:
    """Which shots of ``references`` appear in ``suspect``, where, for how long."""
    suspect = Path(suspect)
    report = on_progress or (lambda fraction, message: None)
    if not references:
        raise fp.FingerprintError("there is nothing to look for: no fingerprint ledger")
    notes: list[str] = []
    report(0.0, "reading the suspect's pictures and sound")
    # The sound is fingerprinted by ffmpeg and fpcalc processes while this one decodes.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="match-audio") as pool:
        sound = pool.submit(_suspect_sound, references, suspect, notes)
        frames = suspect_frames(suspect, cancel_event)
        duration = _duration(suspect, frames)
        report(0.7, "comparing pictures")
        matches = video_matches(references, frames)
        report(0.8, "comparing sound")
        variants = sound.result()
    if variants:
        matches += audio_matches([r for r in references if _has_sound(r)], variants)
    matches = _dedupe(matches)
    matches.sort(key=lambda m: (m.suspect_start, m.evidence != "video", m.shot))
    report(1.0, f"{len(matches)} matches")
    return MatchResult(suspect, duration, matches, list(references), notes)


def _duration(path: Path, frames: SuspectFrames) -> float:
    import av

    try:
        with av.open(str(path)) as container:
            if container.duration:
                return container.duration / 1_000_000
    except (av.FFmpegError, OSError):
        pass
    return float(frames.times[-1] + fp.SAMPLE_EVERY_S) if len(frames.times) else 0.0


# -- the suspect's pictures -------------------------------------------------------------
VIEW_NAMES = {"frame": "", "column": "16:9 column", "detail": "boxed"}


@dataclass
class SuspectFrames:
    """Plane hashes of every view of every sampled suspect frame."""

    times: np.ndarray  # per sampled frame
    rows_frame: np.ndarray  # per hash row: which sampled frame
    rows_how: list[str]  # per hash row: which view ("16:9 column, mirrored")
    hashes: np.ndarray  # rows x 3 x 32 bytes


def suspect_frames(
    path: Path, cancel_event: threading.Event | None = None
) -> SuspectFrames:
    """Sample ``path`` and hash each frame's views, as is and mirrored."""
    times: list[float] = []
    rows_frame: list[int] = []
    rows_how: list[str] = []
    hashes: list[np.ndarray] = []
    for index, frame in enumerate(fp.sample_frames(path, cancel_event=cancel_event)):
        times.append(frame.time)
        for name, picture in fp.views(frame.rgb).items():
            for mirror in (False, True):
                planes, _ = fp.plane_hashes(picture, mirror=mirror)
                hashes.append(planes)
                rows_frame.append(index)
                how = ", ".join(x for x in (VIEW_NAMES[name], "mirrored" * mirror) if x)
                rows_how.append(how)
    if not times:
        raise fp.FingerprintError(f"{path.name} has no frames to compare")
    return SuspectFrames(
        np.array(times), np.array(rows_frame), rows_how, np.stack(hashes).astype(np.uint8)
    )


# -- video ------------------------------------------------------------------------------
@dataclass
class _Index:
    """Every reference frame view, flattened: hashes and where each came from."""

    hashes: np.ndarray  # n x 3 x 32
    colour_ok: np.ndarray  # n
    ref: np.ndarray  # n: which reference
    shot: np.ndarray  # n: 1-based shot
    time: np.ndarray  # n: seconds into the episode
    view: list[str]  # n: "", "centre"


def _index(references: Sequence[Reference]) -> _Index:
    hashes, colour, ref, shot, time, view = [], [], [], [], [], []
    for r, reference in enumerate(references):
        for prints in reference.ledger.shots:
            for name in fp.REFERENCE_VIEWS:
                column = getattr(prints, name)
                if not column:
                    continue
                hashes.append(fp.from_hex(column, 3))
                colour += [q >= COLOUR_MIN_QUALITY for q in prints.colour_quality]
                ref += [r] * len(column)
                shot += [prints.shot] * len(column)
                time += list(prints.times)
                view += ["" if name == "full" else "centre"] * len(column)
    if not hashes:
        return _Index(np.zeros((0, 3, 32), np.uint8), np.zeros(0, bool), *(np.zeros(0),) * 3, [])
    return _Index(np.concatenate(hashes), np.array(colour), np.array(ref), np.array(shot),
                  np.array(time, np.float64), view)


def frame_distances(frames: SuspectFrames, index: _Index) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per sampled suspect frame: the nearest reference frame view, its distance and the
    suspect hash row that got there (-1 and 512 where none is near)."""
    count = len(frames.times)
    best_ref = np.full(count, -1, np.int64)
    best_row = np.full(count, -1, np.int64)
    best_d = np.full(count, 2 * fp.HASH_BITS, np.int32)
    if len(index.hashes) == 0:
        return best_ref, best_d, best_row
    brightness = fp.hamming(frames.hashes[:, 0], index.hashes[:, 0])
    rows, refs = np.nonzero(brightness <= BRIGHTNESS_PREFILTER)
    if rows.size == 0:
        return best_ref, best_d, best_row
    colour = fp.popcount_xor(frames.hashes[rows, 1:], index.hashes[refs, 1:]).sum(axis=1)
    bright = brightness[rows, refs].astype(np.int32)
    # Where the reference frame has no colour to speak of, brightness counts twice.
    distance = np.where(index.colour_ok[refs], bright + colour // 2, 2 * bright)
    frame_of = frames.rows_frame[rows]
    order = np.lexsort((distance, frame_of))
    first = np.unique(frame_of[order], return_index=True)[1]
    chosen = order[first]
    best_ref[frame_of[chosen]] = refs[chosen]
    best_d[frame_of[chosen]] = distance[chosen]
    best_row[frame_of[chosen]] = rows[chosen]
    return best_ref, best_d, best_row


def video_matches(references: Sequence[Reference], frames: SuspectFrames) -> list[Match]:
    """Runs of suspect frames that keep finding the same reference shot."""
    index = _index(references)
    best_ref, best_d, best_row = frame_distances(frames, index)
    hits = [
        (k, (int(index.ref[best_ref[k]]), int(index.shot[best_ref[k]])))
        for k in range(len(frames.times))
        if best_ref[k] >= 0 and best_d[k] <= VIDEO_THRESHOLD
    ]
    matches = []
    for run in _runs(hits):
        ks = [k for k, _ in run]
        r, shot = run[0][1]
        matches.append(_video_match(references[r], shot, ks, frames, index, best_ref, best_d,
                                    best_row))
    return matches


def _runs(hits: list[tuple[int, tuple[int, int]]]) -> list[list[tuple[int, tuple[int, int]]]]:
    """Hits on the same shot with at most ``MAX_GAP_FRAMES`` frames between them."""
    runs: list[list[tuple[int, tuple[int, int]]]] = []
    open_runs: dict[tuple[int, int], list[tuple[int, tuple[int, int]]]] = {}
    for k, key in hits:
        run = open_runs.get(key)
        if run is not None and k - run[-1][0] <= MAX_GAP_FRAMES + 1:
            run.append((k, key))
            continue
        if run is not None:
            runs.append(run)
        open_runs[key] = [(k, key)]
    runs += open_runs.values()
    return [run for run in runs if len(run) >= MIN_RUN_FRAMES]


def _video_match(reference, shot, ks, frames, index, best_ref, best_d, best_row) -> Match:
    times = frames.times[ks]
    ref_times = index.time[best_ref[ks]]
    start = float(times[0])
    end = float(times[-1]) + fp.SAMPLE_EVERY_S
    prints = next(p for p in reference.ledger.shots if p.shot == shot)
    ref_start = float(np.median(ref_times - (times - start)))
    ref_start = min(max(ref_start, prints.start), prints.start + prints.duration)
    distance = float(np.median(best_d[ks]))
    hows = [frames.rows_how[best_row[k]] for k in ks]
    how = max(set(hows), key=hows.count)
    return Match(reference.episode, shot, ref_start, start, end - start,
                 max(0.0, min(1.0, 1.0 - distance / fp.HASH_BITS)), "video", how, reference)


# -- audio ------------------------------------------------------------------------------
def _has_sound(reference: Reference) -> bool:
    return bool(reference.ledger.audio and reference.ledger.audio.prints)


def _suspect_sound(
    references: Sequence[Reference], suspect: Path, notes: list[str]
) -> list[list[int]] | None:
    """The suspect's Chromaprint at each of ``AUDIO_SPEEDS``, or None (and a note why)."""
    if not any(_has_sound(r) for r in references):
        notes.append("no reference has an audio fingerprint: matched on pictures only")
        return None
    if fp.fpcalc_path() is None:
        notes.append(fp.NO_FPCALC + ": matched on pictures only")
        return None
    if not fp.has_audio(suspect):
        notes.append(f"{suspect.name} has no sound: matched on pictures only")
        return None
    return fp.audio_prints(suspect, [1 / speed for speed in AUDIO_SPEEDS])


def audio_matches(references: Sequence[Reference], variants: list[list[int]]) -> list[Match]:
    """Stretches of the suspect's sound (``variants``: its Chromaprint at each of
    ``AUDIO_SPEEDS``) that follow a reference mix closely."""
    found: list[Match] = []
    for speed, words in zip(AUDIO_SPEEDS, variants, strict=True):
        prints = np.array(words, np.uint32)
        if len(prints) < AUDIO_WINDOW:
            continue
        for reference in references:
            assert reference.ledger.audio is not None
            mix = np.array(reference.ledger.audio.prints, np.uint32)
            item_s = reference.ledger.audio.item_s
            for i0, i1, offset, ber in aligned_stretches(prints, mix):
                found += _audio_shots(reference, speed, i0, i1, offset, ber, item_s)
    return _best_speed(found)


def aligned_stretches(suspect: np.ndarray, mix: np.ndarray) -> list[tuple[int, int, int, float]]:
    """``(first, end, offset, bit error rate)``: suspect words ``first..end`` match the mix
    at ``first + offset``."""
    if len(mix) < AUDIO_WINDOW:
        return []
    errors = _bit_errors(suspect, mix)  # n x m
    n, m = errors.shape
    offsets = _likely_offsets(errors)
    if offsets.size == 0:
        return []
    i = np.arange(n)
    j = i[None, :] + offsets[:, None]
    valid = (j >= 0) & (j < m)
    diag = np.where(valid, errors[i[None, :], np.clip(j, 0, m - 1)], 32).astype(np.float32)
    sums = np.cumsum(np.pad(diag, ((0, 0), (1, 0))), axis=1)
    windows = (sums[:, AUDIO_WINDOW:] - sums[:, :-AUDIO_WINDOW]) / (AUDIO_WINDOW * 32)
    stretches = []
    taken = np.zeros(n, bool)
    for o in np.argsort(windows.min(axis=1)):
        if windows[o].min() > AUDIO_THRESHOLD:
            break
        for w0, w1 in _true_spans(windows[o] <= AUDIO_THRESHOLD):
            i0, i1 = w0, w1 + AUDIO_WINDOW - 1
            if taken[i0:i1].mean() > 0.5:
                continue
            taken[i0:i1] = True
            ber = float(diag[o, i0:i1].mean() / 32)
            stretches.append((i0, i1, int(offsets[o]), ber))
    return stretches


def _likely_offsets(errors: np.ndarray) -> np.ndarray:
    """Offsets where several words agree almost exactly: only those are worth sliding.

    Two unrelated words differ in 6 or fewer of 32 bits once in ~4,000 pairs, so three
    such pairs on one offset hardly ever happen by chance, and always along a match.
    """
    rows, cols = np.nonzero(errors <= AUDIO_SEED_BITS)
    n = errors.shape[0]
    votes = np.bincount(cols - rows + n, minlength=n + errors.shape[1])
    return np.flatnonzero(votes >= AUDIO_SEED_VOTES) - n


def _bit_errors(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    x = np.bitwise_xor(a[:, None], b[None, :])
    return fp.popcount_xor(x.view(np.uint8).reshape(len(a), len(b), 4), np.uint8(0)).astype(
        np.uint8
    )


def _true_spans(mask: np.ndarray) -> list[tuple[int, int]]:
    padded = np.concatenate([[False], mask, [False]])
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _audio_shots(reference, speed, i0, i1, offset, ber, item_s) -> list[Match]:
    """The stretch as one match per reference shot it covers."""
    if (i1 - i0) * item_s < AUDIO_MIN_S or ber > AUDIO_MAX_BER:
        return []
    ref_a, ref_b = (i0 + offset) * item_s, (i1 + offset) * item_s
    score = max(0.0, min(1.0, 1.0 - 2 * ber))
    how = "" if speed == 1.0 else f"played at {speed:g}x"
    out = []
    for prints in reference.ledger.shots:
        a = max(ref_a, prints.start)
        b = min(ref_b, prints.start + prints.duration)
        if b - a < min(MIN_SHOT_OVERLAP_S, prints.duration / 2):
            continue
        suspect_start = (i0 * item_s + (a - ref_a)) / speed
        out.append(Match(reference.episode, prints.shot, a, suspect_start, (b - a) / speed,
                         score, "audio", how, reference))
    return out


def _best_speed(matches: list[Match]) -> list[Match]:
    """Of the same shot found at several speeds around the same time, the best score."""
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: -m.score):
        if not any(_same_place(m, k) for k in kept):
            kept.append(m)
    return kept


def _same_place(a: Match, b: Match) -> bool:
    if (a.episode, a.shot, a.evidence) != (b.episode, b.shot, b.evidence):
        return False
    overlap = min(a.suspect_start + a.duration, b.suspect_start + b.duration) - max(
        a.suspect_start, b.suspect_start
    )
    return overlap > 0.3 * min(a.duration, b.duration)


def _dedupe(matches: list[Match]) -> list[Match]:
    """One match per shot and place, when several exports of an episode were searched."""
    return _best_speed(matches)
