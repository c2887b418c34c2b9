"""The attack set: what a re-uploader does to an episode, made with ffmpeg.

Shared by the match tests and ``bench/match.py``. Each attack writes one suspect video
and says what of the original is in it (``Truth``), so a matcher's answers can be scored.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from app.media.ffmpeg import ffmpeg_path, find_cjk_font, probe

# The picture and time attacks are encoded fast: the transform is the attack, not the
# encoder, and ultrafast makes bigger files of about the same picture for half the CPU
# (the set: 44 s instead of 83 s, every floor of tests/delivery/test_match.py still met).
ENCODE = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
# The low-bitrate re-encode is about the encoder: a platform's, which spends 300 kb/s well.
REENCODE = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"]
AAC = ["-c:a", "aac", "-b:a", "96k", "-ar", "44100"]


@dataclass(frozen=True)
class Truth:
    """Original seconds ``start..end`` play from ``at`` in the suspect, ``speed`` times as fast."""

    start: float
    end: float
    at: float = 0.0
    speed: float = 1.0

    def suspect_time(self, t: float) -> float:
        return self.at + (t - self.start) / self.speed


@dataclass
class Attack:
    """One suspect video and what of the reference it holds."""

    name: str
    path: Path
    truth: list[Truth] = field(default_factory=list)  # empty: an unrelated video
    video: bool = True  # the original picture is in it
    audio: bool = True  # the original sound is in it


def ffmpeg(*args: str) -> None:
    done = subprocess.run([ffmpeg_path(), "-v", "error", "-y", *args], capture_output=True,
                          text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"ffmpeg {' '.join(args)} failed: {done.stderr[-500:]}")


@dataclass(frozen=True)
class Filtered:
    """A picture or time attack: filters on the original's picture and sound, then encoded
    at ``crf`` (ENCODE, AAC), or with ``encode`` where given."""

    name: str
    video: str  # a filter chain, from one video input to one output
    audio: str = "anull"
    crf: str = "26"
    speed: float = 1.0  # how many times as fast the original plays in it
    encode: tuple[str, ...] = ()

    @property
    def encoder(self) -> list[str]:
        return list(self.encode) or [*ENCODE, "-crf", self.crf]


# A platform's re-encode at a low bitrate.
REENCODE_300K = Filtered("reencode_300k", "null", encode=(
    *REENCODE, "-b:v", "300k", "-maxrate", "300k", "-bufsize", "600k"))


def letterbox_16x9(height: int = 720) -> str:
    """The vertical video in the middle of a 16:9 frame, the bars its own blurred picture."""
    width = height * 16 // 9
    return (f"split[a][b];[a]scale={width}:{height},boxblur=20:2[bg];"
            f"[b]scale=-2:{height}[fg];[bg][fg]overlay=(W-w)/2:0,format=yuv420p")


def watermark() -> str:
    font = find_cjk_font()[0]
    return (
        f"drawtext=fontfile='{font}':text='@copycat_drama 独家':fontsize=h/14:"
        "fontcolor=white@0.6:borderw=3:bordercolor=black@0.5:x=(w-tw)/2:y=h*0.38"
    )


def speed(factor: float) -> Filtered:
    return Filtered(f"speed_{factor}x", f"setpts=PTS/{factor}", f"atempo={factor}",
                    speed=factor)


def filtered(src: Path, folder: Path, attacks: list[Filtered]) -> list[Path]:
    """Each attack's video (``folder/NAME.mp4``), all from one decode of ``src``: each
    output has its own filters and encoder, so the files are those one ffmpeg run per attack
    makes (byte for byte, but for the 300 kb/s re-encode, whose rate control is not
    repeatable even alone), for the CPU of one decode instead of one per attack."""
    n = len(attacks)
    graph = [f"[0:v]split={n}" + "".join(f"[v{k}]" for k in range(n)),
             f"[0:a]asplit={n}" + "".join(f"[a{k}]" for k in range(n))]
    outputs: list[str] = []
    for k, attack in enumerate(attacks):
        graph += [f"[v{k}]{attack.video}[ov{k}]", f"[a{k}]{attack.audio}[oa{k}]"]
        outputs += ["-map", f"[ov{k}]", "-map", f"[oa{k}]", *attack.encoder, *AAC,
                    str(folder / f"{attack.name}.mp4")]
    ffmpeg("-i", str(src), "-filter_complex", ";".join(graph), *outputs)
    return [folder / f"{attack.name}.mp4" for attack in attacks]


def replace_audio(src: Path, out: Path) -> None:
    """The picture kept, the soundtrack swapped for an unrelated one."""
    seconds = probe(src).duration
    ffmpeg("-i", str(src), "-f", "lavfi", "-i",
           f"anoisesrc=color=pink:amplitude=0.05:d={seconds:.2f},"
           f"volume=enable='lt(mod(t,2),1)':volume=4",
           "-map", "0:v", "-map", "1:a", "-c:v", "copy", *AAC, "-shortest", str(out))


def synthetic(out: Path, seconds: float, source: str = "testsrc2", size: str = "540x960") -> None:
    """A video that is no episode: an ffmpeg test pattern with a tone."""
    ffmpeg("-f", "lavfi", "-t", str(seconds), "-i", f"{source}=size={size}:rate=30",
           "-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds}",
           *ENCODE, "-crf", "26", *AAC, "-shortest", str(out))


def excerpts(src: Path, host: Path, out: Path, cuts: list[tuple[float, float]],
             size: tuple[int, int] = (540, 960), gap: float = 4.0) -> list[Truth]:
    """Pieces ``(start, seconds)`` of ``src`` spliced into ``host`` (after its first
    ``gap`` seconds and then every ``gap`` s of it), the whole at ``size``; returns where
    each piece went."""
    w, h = size
    fit = f"scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2," \
          "setsar=1,fps=30,format=yuv420p"
    parts, labels, truth, at, host_at = [], [], [], 0.0, 0.0
    for k, (start, seconds) in enumerate(cuts):
        parts.append(f"[1:v]trim={host_at}:{host_at + gap},setpts=PTS-STARTPTS,{fit}[h{k}];"
                     f"[1:a]atrim={host_at}:{host_at + gap},asetpts=PTS-STARTPTS,"
                     f"aresample=44100[ha{k}];")
        parts.append(f"[0:v]trim={start}:{start + seconds},setpts=PTS-STARTPTS,{fit}[e{k}];"
                     f"[0:a]atrim={start}:{start + seconds},asetpts=PTS-STARTPTS,"
                     f"aresample=44100[ea{k}];")
        labels += [f"[h{k}][ha{k}]", f"[e{k}][ea{k}]"]
        truth.append(Truth(start, start + seconds, at + gap))
        at += gap + seconds
        host_at += gap
    parts.append(f"[1:v]trim={host_at}:{host_at + gap},setpts=PTS-STARTPTS,{fit}[tail];"
                 f"[1:a]atrim={host_at}:{host_at + gap},asetpts=PTS-STARTPTS,"
                 "aresample=44100[ta];")
    labels.append("[tail][ta]")
    graph = "".join(parts) + "".join(labels) + f"concat=n={len(labels)}:v=1:a=1[v][a]"
    ffmpeg("-i", str(src), "-i", str(host), "-filter_complex", graph, "-map", "[v]",
           "-map", "[a]", *ENCODE, "-crf", "26", *AAC, str(out))
    return truth


def attack_set(src: Path, host: Path, folder: Path,
               excerpt_cuts: list[tuple[float, float]] | None = None) -> list[Attack]:
    """Every attack of issue 17 on episode ``src`` (``host``: an unrelated video, at least
    as long as 4 s per excerpt plus 4 s)."""
    folder.mkdir(parents=True, exist_ok=True)
    seconds = probe(src).duration
    whole = [Truth(0.0, seconds)]
    p = folder.joinpath
    made: list[Attack] = []

    def add(name: str, make, truth=whole, **kw) -> None:
        out = p(f"{name}.mp4")
        result = make(out)
        made.append(Attack(name, out, result if isinstance(result, list) else truth, **kw))

    picture = [REENCODE_300K, Filtered("scale_540x960", "scale=540:960"),
               Filtered("crop_10pct", "crop=iw*0.9:ih*0.9"), Filtered("mirror", "hflip"),
               Filtered("letterbox_16x9_blur", letterbox_16x9(), crf="24"),
               Filtered("watermark", watermark()), speed(0.9), speed(1.1)]
    for attack, out in zip(picture, filtered(src, folder, picture), strict=True):
        made.append(Attack(attack.name, out, [Truth(0.0, seconds, 0.0, attack.speed)]))
    cuts = excerpt_cuts or [(seconds * 0.2, 3.0), (seconds * 0.6, 3.0)]
    add("excerpts_3s", lambda o: excerpts(src, host, o, cuts))
    add("audio_replaced", lambda o: replace_audio(src, o), audio=False)
    return made


# -- scoring a matcher's answers ---------------------------------------------------------
REQUIRED_OVERLAP_S = 1.0  # a shot must be in the suspect this long to be expected
PLACE_TOLERANCE_S = 1.0


def expected_shots(attack: Attack, spans: list[tuple[float, float]]) -> tuple[set, set]:
    """(shots that must be found, shots that may be found), 1-based."""
    required, allowed = set(), set()
    for truth in attack.truth:
        for k, (start, length) in enumerate(spans):
            overlap = min(truth.end, start + length) - max(truth.start, start)
            if overlap > 0.05:
                allowed.add(k + 1)
            if overlap >= min(REQUIRED_OVERLAP_S, length * 0.9):
                required.add(k + 1)
    return required, allowed


def precision_recall(attack: Attack, matches, spans, episode: str | None) -> tuple[float, float]:
    """Of ``matches`` (one evidence kind): the share that is right (shot and place), and
    the share of expected shots found. An attack without the evidence expects nothing."""
    required, allowed = expected_shots(attack, spans)
    right = [m for m in matches if m.episode == episode and m.shot in allowed
             and _in_place(attack, m, spans)]
    precision = len(right) / len(matches) if matches else 1.0
    recall = len({m.shot for m in right} & required) / len(required) if required else 1.0
    return precision, recall


def _in_place(attack: Attack, m, spans) -> bool:
    start, length = spans[m.shot - 1]
    for truth in attack.truth:
        a, b = max(truth.start, start), min(truth.end, start + length)
        if b <= a:
            continue
        lo, hi = truth.suspect_time(a), truth.suspect_time(b)
        if lo - PLACE_TOLERANCE_S <= m.suspect_start <= hi + PLACE_TOLERANCE_S:
            return True
    return False
