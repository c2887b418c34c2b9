"""Export bench: one 60 s, 20-shot episode exported three ways, plus re-export and Ken Burns.

    .venv/bin/python bench/export.py [--skip-moviepy] [--rounds N]

Rows: ShotGraph's export (segments + concat + audio pass), the encoder's floor (ShotGraph's
own frames, decoded from its MP4, encoded again with exactly its libx264 settings and
arrangement; its decode alone is a row of its own), an equivalent MoviePy 2.x
script (a bench-only dependency: skipped when MoviePy is not installed), and one
hand-written ffmpeg filter graph (zoompan + subtitles + amix). Each runs as a child
process; wall time and the peak RSS of the child's whole process tree (sampled from
/proc every 50 ms) are printed. ShotGraph and the graph run N times (default 3) taking
turns, each ShotGraph run with a cold cache; the table shows the median wall time and
the highest peak. MoviePy, at several minutes a run, runs once. Then: a draft (the same episode at quality "draft", a row of its own,
taking turns with the others), re-export after changing one shot, and Ken Burns
frames/s against ffmpeg zoompan on the same still. All encodes use libx264 veryfast CRF 20.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHOTS, SHOT_S, W, H, FPS = 20, 3.0, 1080, 1920, 30
CAMERAS = ["push_in", "pan_left", "tilt_up", "pull_out", "pan_right", "static", "tilt_down"]
LINES = [
    "Where were you last night?",
    "I waited for you until the candles burned out.",
    "You know why I could not come.",
    "Then tell me, and stop lying to me.",
    "Your father made a promise to my family.",
    "That promise died with him.",
    "Not for me. Not tonight.",
    "Who is she, the woman in the photograph?",
    "She is the reason we are both here.",
    "I found the letter in your coat.",
    "You were never meant to read it.",
    "Then why did you keep it?",
    "Because I wanted to remember.",
    "Remember what you did to us?",
    "Remember what I lost.",
    "The engagement is in one hour.",
    "Then we have one hour to tell the truth.",
    "Everyone is watching the door.",
    "Let them watch.",
    "Open it.",
]


# -- material -----------------------------------------------------------------------
def make_material(folder: Path) -> dict:
    """20 stills, 20 espeak lines and 60 s of music in ``folder``."""
    from app.media.ffmpeg import probe

    rng = np.random.default_rng(1)
    shots = []
    for i in range(SHOTS):
        still = folder / f"still{i:02d}.png"
        top, bottom = rng.integers(20, 230, size=(2, 3))
        ramp = np.linspace(0, 1, H)[:, None, None]
        pixels = (top * (1 - ramp) + bottom * ramp).repeat(W, axis=1).astype(np.uint8)
        image = Image.fromarray(pixels)
        draw = ImageDraw.Draw(image)
        for _ in range(6):
            x, y, r = rng.integers(100, W - 100), rng.integers(200, H - 200), rng.integers(60, 260)
            draw.ellipse(
                [x - r, y - r, x + r, y + r], fill=tuple(int(c) for c in rng.integers(0, 255, 3))
            )
        image.save(still)
        voice = folder / f"voice{i:02d}.wav"
        subprocess.run(["espeak-ng", "-s", "190", "-w", str(voice), LINES[i]], check=True)
        shots.append(
            {
                "still": str(still),
                "voice": str(voice),
                # Known up front, as the app knows each take's length from its artifact.
                "voice_s": probe(voice).duration,
                "line": LINES[i],
                "camera": CAMERAS[i % len(CAMERAS)],
                "seed": i,
            }
        )
    music = folder / "music.wav"
    graph = (
        "sine=f=110:d=60[a];sine=f=165:d=60[b];anoisesrc=d=60:a=0.05:seed=3[c];"
        "[a][b][c]amix=inputs=3,volume=2"
    )
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-filter_complex", graph, "-ac", "2", str(music)],
        check=True,
    )
    return {"shots": shots, "music": str(music)}


# -- the three ways (each runs in a child process) -------------------------------------
def run_shotgraph(spec: dict, out: Path, cache: Path, change: int | None = None,
                  quality: str = "final") -> None:
    """ShotGraph's export (at ``quality``) with a disk-backed derived-file cache in ``cache``."""
    import hashlib

    from app.media.export import ExportSettings, ShotInput, VoiceInput, export_episode
    from app.media.kenburns import KenBurnsSource

    def derive(key, ext, make):
        path = cache / (
            hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest() + "." + ext
        )
        if not path.exists():
            tmp = path.with_suffix(".part." + ext)
            make(tmp)
            tmp.replace(path)
        return path

    shots, voices = [], []
    for i, s in enumerate(spec["shots"]):
        seed = s["seed"] + (100 if i == change else 0)
        recipe = {
            "recipe": "kenburns",
            "version": 1,
            "still": Path(s["still"]).name,
            "camera": s["camera"],
            "duration": SHOT_S,
            "seed": seed,
            "fps": FPS,
        }
        shots.append(ShotInput(KenBurnsSource(Path(s["still"]), recipe), SHOT_S, s["line"]))
        voices.append(VoiceInput(Path(s["voice"]), Path(s["voice"]).name, s["voice_s"]))
    music = VoiceInput(Path(spec["music"]), "music")
    settings = ExportSettings(encoder="libx264", quality=quality)
    result = export_episode(shots, out, settings, voices, music, derive)
    print(json.dumps({"segments_made": result.segments_made}))


def cue_times(spec: dict) -> list[tuple[float, float, str]]:
    """The same cue times ShotGraph uses, so every way shows the same subtitles."""
    from app.media import timeline as tl

    spans = tl.shot_spans([SHOT_S] * SHOTS, [0] * (SHOTS - 1))
    voices = tl.place_voices(spans, [s["voice_s"] for s in spec["shots"]])
    lines = [(s["line"], "en", "") for s in spec["shots"]]
    cues = tl.subtitle_cues(spans, lines, voices, {"en": 29})
    return [(c.start, c.end, c.text) for c in cues], voices


def run_ffmpeg_graph(spec: dict, out: Path) -> None:
    """One hand-written ffmpeg filter graph: zoompan per still, subtitles, amix."""
    import pysubs2

    from app.media.ffmpeg import find_cjk_font

    cues, voices = cue_times(spec)
    srt = out.with_suffix(".srt")
    subs = pysubs2.SSAFile()
    for a, b, text in cues:
        subs.append(
            pysubs2.SSAEvent(start=int(a * 1000), end=int(b * 1000), text=text.replace("\n", "\\N"))
        )
    subs.save(str(srt))
    font = find_cjk_font()[0]
    frames = int(SHOT_S * FPS)
    args = ["ffmpeg", "-v", "error", "-y"]
    for s in spec["shots"]:
        args += ["-i", s["still"]]
    for s in spec["shots"]:
        args += ["-i", s["voice"]]
    args += ["-i", spec["music"]]
    parts = []
    for i in range(SHOTS):
        parts.append(
            f"[{i}:v]zoompan=z='1+0.15*on/{frames}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2'"
            f":d={frames}:s={W}x{H}:fps={FPS},setsar=1[v{i}]"
        )
    parts.append(
        "".join(f"[v{i}]" for i in range(SHOTS)) + f"concat=n={SHOTS}:v=1:a=0,"
        f"subtitles='{srt}':fontsdir='{font.parent}':force_style='FontName=Noto Sans CJK SC,"
        f"FontSize=16,Outline=2,MarginV=120'[v]"
    )
    for v in voices:
        ms = int(v.start * 1000)
        parts.append(
            f"[{SHOTS + v.shot}:a]atrim=0:{v.duration:.3f},adelay={ms}|{ms},aformat=channel_layouts=stereo[a{v.shot}]"
        )
    parts.append(f"[{2 * SHOTS}:a]volume=0.5[m]")
    mix_in = "".join(f"[a{v.shot}]" for v in voices) + "[m]"
    parts.append(
        f"{mix_in}amix=inputs={len(voices) + 1}:normalize=0,loudnorm=I=-14:TP=-1.5,"
        f"aresample=48000[a]"
    )
    args += [
        "-filter_complex",
        ";".join(parts),
        "-map",
        "[v]",
        "-map",
        "[a]",
        "-t",
        str(SHOTS * SHOT_S),
    ]
    args += ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p"]
    args += ["-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart", str(out)]
    subprocess.run(args, check=True)


def floor_commands(source: Path, out: Path) -> tuple[list[list[str]], list[str]]:
    """The encoder's floor: ShotGraph's own frames (decoded from its MP4, the cheapest
    source of exactly those pictures) encoded with exactly its libx264 settings, in its
    arrangement (two single-threaded encoders at once, each on half the episode); and
    the decode alone, so the floor can be read without it."""
    from app.media.ffmpeg import encoder_args
    half = SHOTS * SHOT_S / 2  # a keyframe: segments start with one
    halves = []
    for i, seek in enumerate((["-t", f"{half}"], ["-ss", f"{half}"])):
        cut = seek if seek[0] == "-ss" else []
        length = seek if seek[0] == "-t" else []
        halves.append(
            ["ffmpeg", "-v", "error", "-y", "-threads", "1", *cut, "-i", str(source), *length,
             "-map", "0:v:0", *encoder_args("libx264"),
             "-g", str(FPS * 5), "-pix_fmt", "yuv420p", "-an",
             str(out.with_name(f"{out.stem}{i}.mp4"))]
        )
    decode = ["ffmpeg", "-v", "error", "-threads", "1", "-i", str(source), "-map", "0:v:0",
              "-f", "null", "-"]
    return halves, decode


def run_floor(source: Path, out: Path) -> None:
    """Both halves of the floor at once (each a child ffmpeg), to their end."""
    halves, _ = floor_commands(source, out)
    procs = [subprocess.Popen(cmd) for cmd in halves]
    if any(p.wait() != 0 for p in procs):
        raise SystemExit("the floor encode failed")


def run_moviepy(spec: dict, out: Path) -> None:
    """The same episode as a MoviePy 2.x script (Ken Burns by resize + crop per frame)."""
    from moviepy import (
        AudioFileClip,
        CompositeAudioClip,
        CompositeVideoClip,
        ImageClip,
        TextClip,
        concatenate_videoclips,
    )

    from app.media.ffmpeg import find_cjk_font

    cues, voices = cue_times(spec)
    clips = []
    for s in spec["shots"]:
        still = ImageClip(s["still"]).with_duration(SHOT_S)
        moving = still.resized(lambda t: 1 + 0.05 * t).with_position("center")
        clips.append(CompositeVideoClip([moving], size=(W, H)).with_duration(SHOT_S))
    video = concatenate_videoclips(clips)
    font = str(find_cjk_font()[0])
    texts = [
        TextClip(
            font=font,
            text=text,
            font_size=64,
            color="white",
            stroke_color="black",
            stroke_width=4,
            method="caption",
            size=(972, None),
        )
        .with_start(a)
        .with_duration(b - a)
        .with_position(("center", int(H * 0.7)))
        for a, b, text in cues
    ]
    video = CompositeVideoClip([video, *texts], size=(W, H))
    sounds = [AudioFileClip(spec["music"]).with_volume_scaled(0.5)]
    sounds += [AudioFileClip(spec["shots"][v.shot]["voice"]).with_start(v.start) for v in voices]
    video = video.with_audio(CompositeAudioClip(sounds).with_duration(video.duration))
    video.write_videofile(
        str(out),
        fps=FPS,
        codec="libx264",
        preset="veryfast",
        audio_codec="aac",
        ffmpeg_params=["-crf", "20"],
        logger=None,
    )


# -- measuring --------------------------------------------------------------------------
def tree_rss(root: int) -> int:
    """Resident memory (bytes) of ``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total


def measure(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds and peak tree RSS (MB) of a child command, and its stdout."""
    cmd = [str(c) for c in cmd]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.05)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[2:4]} failed:\n{err[-2000:]}")
    return wall, peak / 1e6, out


def kenburns_fps(still: str) -> tuple[float, float, float]:
    """Frames/s of Ken Burns (I420 and RGB) and of ffmpeg zoompan, 300 frames at 1080x1920."""
    import cv2

    from app.media.kenburns import KenBurns

    rgb = cv2.cvtColor(cv2.imread(still), cv2.COLOR_BGR2RGB)
    move = KenBurns(rgb, "push_in", 10.0, FPS, W, H, 0)
    move.frame_i420(0)
    t = time.perf_counter()
    for i in range(300):
        move.frame_i420(i)
    i420 = 300 / (time.perf_counter() - t)
    t = time.perf_counter()
    for i in range(300):
        move.frame(i)
    rgb_fps = 300 / (time.perf_counter() - t)
    zoom = (
        f"zoompan=z='1+0.2*on/300':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=300:s={W}x{H}:fps={FPS}"
    )
    t = time.perf_counter()
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", still, "-vf", zoom, "-f", "null", "-"], check=True
    )
    return i420, rgb_fps, 300 / (time.perf_counter() - t)


def _rounds() -> int:
    """``--rounds N`` (default 3): how many times ShotGraph and the graph each run."""
    if "--rounds" in sys.argv:
        return max(1, int(sys.argv[sys.argv.index("--rounds") + 1]))
    return 3


def main() -> None:
    if sys.argv[1:3] == ["_run", "floor"]:
        run_floor(Path(sys.argv[3]), Path(sys.argv[4]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "_run":
        way, spec, out = sys.argv[2], json.loads(Path(sys.argv[3]).read_text()), Path(sys.argv[4])
        if way == "shotgraph":
            run_shotgraph(
                spec, out, Path(sys.argv[5]), int(sys.argv[6]) if len(sys.argv) > 6 else None
            )
        elif way == "shotgraph-draft":
            run_shotgraph(spec, out, Path(sys.argv[5]), quality="draft")
        elif way == "ffmpeg":
            run_ffmpeg_graph(spec, out)
        else:
            run_moviepy(spec, out)
        return
    os.environ.setdefault("SHOTGRAPH_ENCODER", "libx264")
    with tempfile.TemporaryDirectory(prefix="sg-bench-") as tmp:
        folder = Path(tmp)
        print("building 20 stills, 20 voice lines and 60 s of music ...", flush=True)
        spec_path = folder / "spec.json"
        spec = make_material(folder)
        spec_path.write_text(json.dumps(spec))
        me = [sys.executable, __file__, "_run"]
        rounds = _rounds()
        runs: dict[str, list[tuple[float, float, str]]] = {
            "ShotGraph": [], "ffmpeg graph": [], "x264 floor": [], "(its decode)": [],
            "ShotGraph draft": []}
        # The two fast ways take turns, so a busy spell on the machine hits both alike.
        for r in range(rounds):
            cache = folder / f"cache{r}"  # a cold cache every round
            cache.mkdir()
            sg = [*me, "shotgraph", str(spec_path), str(folder / "sg.mp4"), str(cache)]
            runs["ShotGraph"].append(measure(sg))
            ff = [*me, "ffmpeg", str(spec_path), str(folder / "ff.mp4")]
            runs["ffmpeg graph"].append(measure(ff))
            # The floor encodes ShotGraph's frames (from the MP4 it just wrote).
            floor = [*me, "floor", str(folder / "sg.mp4"), str(folder / "floor.mp4")]
            runs["x264 floor"].append(measure(floor))
            runs["(its decode)"].append(measure(floor_commands(folder / "sg.mp4", folder)[1]))
            draft_cache = folder / f"draft{r}"  # the same episode as a draft, cold too
            draft_cache.mkdir()
            runs["ShotGraph draft"].append(measure(
                [*me, "shotgraph-draft", str(spec_path), str(folder / "draft.mp4"),
                 str(draft_cache)]))
            print(
                f"round {r + 1}/{rounds}: ShotGraph {runs['ShotGraph'][-1][0]:.1f} s, "
                f"ffmpeg graph {runs['ffmpeg graph'][-1][0]:.1f} s, "
                f"x264 floor {runs['x264 floor'][-1][0]:.1f} s",
                flush=True,
            )
        try:
            import moviepy  # noqa: F401
        except ImportError:
            moviepy = None
        if moviepy is None or "--skip-moviepy" in sys.argv:
            print("MoviePy: not installed (pip install moviepy) or skipped: no MoviePy row")
        else:
            runs["MoviePy 2.x"] = [
                measure([*me, "moviepy", str(spec_path), str(folder / "mp.mp4")])
            ]
        again = measure(
            [*me, "shotgraph", str(spec_path), str(folder / "sg2.mp4"), str(cache), "7"]
        )
        # Median wall time and the highest peak of each way's runs.
        rows = {
            name: (statistics.median(r[0] for r in got), max(r[1] for r in got), len(got))
            for name, got in runs.items()
        }
        base_t, base_m, _ = rows["ffmpeg graph"]
        print(
            f"\n{'way':<16}{'runs':>5}{'wall s':>9}{'peak MB':>10}{'time ×graph':>13}"
            f"{'RSS ×graph':>12}"
        )
        for name, (wall, peak, n) in rows.items():
            print(
                f"{name:<16}{n:>5}{wall:>9.1f}{peak:>10.0f}{wall / base_t:>13.2f}"
                f"{peak / base_m:>12.2f}"
            )
        full = rows["ShotGraph"][0]
        floor_s, decode_s = rows["x264 floor"][0], rows["(its decode)"][0]
        print(
            f"\nShotGraph ÷ x264 floor: {full / floor_s:.2f}× (goal ≤ 1.3×); without the floor's "
            f"decode ({decode_s:.1f} s, an upper bound on its share): "
            f"{full / max(0.1, floor_s - decode_s):.2f}×"
        )
        draft_s = rows["ShotGraph draft"][0]
        print(f"a draft (Edit & Export quality 'draft'): {draft_s:.1f} s = {draft_s / full:.2f}× "
              f"the final export; {(folder / 'draft.mp4').stat().st_size / 1e6:.1f} MB against "
              f"{(folder / 'sg.mp4').stat().st_size / 1e6:.1f} MB")
        made = json.loads(again[2].strip().splitlines()[-1])["segments_made"]
        print(
            f"\nre-export after changing one shot: {again[0]:.1f} s = {again[0] / full:.0%} of the"
            f" full export ({made} segment re-encoded), peak {again[1]:.0f} MB"
        )
        i420, rgb, zoom = kenburns_fps(spec["shots"][0]["still"])
        print(
            f"Ken Burns 1080x1920: {i420:.0f} frames/s (I420), {rgb:.0f} frames/s (RGB); "
            f"ffmpeg zoompan: {zoom:.0f} frames/s"
        )


if __name__ == "__main__":
    main()
