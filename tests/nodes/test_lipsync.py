"""The Lip sync node offline: the storyboard speaker's mouth opens with the line's loudness.

The mouth is measured in the decoded export: on every frame, the dark pixels inside the
speaker's head (found by moving the still's mouth box with the same Ken Burns matrix the
export used) must follow the loudness of the line as it plays under the shot.
"""

from __future__ import annotations

import wave
from pathlib import Path

import av
import numpy as np
import pytest

from app.core.node_api import Media, MediaOut, RunContext
from app.core.screenplay import Character, ShotCard
from app.media.export import ExportSettings, ShotInput, export_episode
from app.media.ffmpeg import probe
from app.media.kenburns import KenBurns, KenBurnsSource, load_still, preview_clip
from app.media.line_audio import loudness_per_frame, placed_line
from app.media.timeline import VOICE_LEAD_S
from nodes.lipsync import LipSync
from nodes.providers.local.kenburns import KenBurnsVideo
from nodes.providers.local.lipsync import MouthLipSync, mouth_box
from nodes.providers.local.storyboard import StoryboardRenderer

W, H, FPS = 540, 960, 30
SECONDS = 3.0
RATE = 48000


def media(out: MediaOut, kind: str, mime: str) -> Media:
    return Media(hash=out.path.name.ljust(64, "0"), path=out.path, kind=kind, mime=mime,
                 meta=dict(out.meta))


def bursts(path: Path) -> Path:
    """A 'line': a voice-like tone loud for 0.4 s, quiet for 0.4 s, three times."""
    t = np.arange(int(2.4 * RATE)) / RATE
    gate = (np.floor(t / 0.4) % 2 == 0).astype(np.float32)
    samples = 0.5 * np.sin(2 * np.pi * 180 * t) * gate
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((samples * 32767).astype("<i2").tobytes())
    return path


@pytest.fixture
def scene(tmp_path: Path):
    """A storyboard still of Julian speaking, its Ken Burns clip and a bursty line."""
    julian = Character(id="julian", name="Julian", look="man in a white tuxedo",
                       color="#e4572e")
    card = ShotCard(id="s1", description="Julian stares at Clara in the ballroom",
                    camera="push_in", characters=["julian"], speaker="julian",
                    line="You should be dead.", duration=SECONDS, cast=[julian])
    store: dict[str, Media] = {}
    ctx = RunContext(node_id="n", temp_dir=tmp_path / "work",
                     resolve_media=lambda h: store[h])
    still = media(StoryboardRenderer().generate_image(card, 3, ctx, tmp_path / "still.png"),
                  "image", "image/png")
    store[still.hash] = still
    clip = media(KenBurnsVideo().animate(still, card, 5, ctx, tmp_path / "clip.mp4"),
                 "video", "video/mp4")
    voice = Media(hash="v" * 64, path=bursts(tmp_path / "line.wav"), kind="audio",
                  mime="audio/wav", duration=2.4)
    ctx.provider = MouthLipSync()
    return card, still, clip, voice, ctx


def test_the_mouth_follows_the_lines_loudness_in_the_export(scene, tmp_path):
    card, still, clip, voice, ctx = scene
    synced = LipSync().run(ctx, {"clip": clip, "voice": voice, "shot": card},
                           LipSync.parse_params({}))["clip"]
    assert isinstance(synced, MediaOut) and synced.path.is_file()
    mouth = synced.meta["mouth"]
    assert synced.meta["still"] == still.hash and synced.meta["camera"] == "push_in"

    dest = tmp_path / "ep.mp4"
    export_episode([ShotInput(KenBurnsSource(still.path, synced.meta), SECONDS)], dest,
                   ExportSettings(subtitles=False, width=W, height=H, encoder="libx264"))
    frames = decode(dest)
    assert len(frames) == round(SECONDS * FPS)

    assert_mouth_follows_the_line(frames, still, mouth, voice)


def assert_mouth_follows_the_line(frames, still, mouth, voice) -> None:
    """The dark pixels inside the speaker's mouth box follow the line's loudness."""
    move = KenBurns(load_still(still.path), "push_in", SECONDS, FPS, W, H, 5)
    scale = W / mouth["still_size"][0]
    x0, y0, x1, y1 = (v * scale for v in mouth["box"])
    dark = []
    for i, frame in enumerate(frames):
        m = move.matrix(i)
        cx, cy = m @ np.array([(x0 + x1) / 2, (y0 + y1) / 2, 1.0])
        half_w, half_h = m[0, 0] * (x1 - x0) / 2, m[1, 1] * (y1 - y0) / 2
        box = frame[int(cy - half_h) : int(cy + half_h) + 1, int(cx - half_w) : int(cx + half_w) + 1]
        dark.append(int((box.max(axis=2) < 90).sum()))
    # what the line does under the shot, measured independently of the node's numbers
    heard = loudness_per_frame(placed_line(voice.path, SECONDS), len(frames), FPS)
    assert np.corrcoef(dark, heard)[0, 1] > 0.9, (dark, heard)
    lead = round(VOICE_LEAD_S * FPS)
    assert max(dark[:lead]) < min(dark[lead + 3 : lead + 9])  # closed, then open on the line


def test_the_synced_clip_is_a_poster_and_its_preview_speaks_when_played(scene, tmp_path):
    card, still, clip, voice, ctx = scene
    synced = LipSync().run(ctx, {"clip": clip, "voice": voice, "shot": card},
                           LipSync.parse_params({}))["clip"]
    assert synced.meta["preview"] == "on-demand"
    assert abs(probe(synced.path).duration - SECONDS) < 0.05
    assert len(decode(synced.path)) == 2  # nothing moving was rendered by the run
    made = []

    def derive(key, ext, make):
        out = tmp_path / f"preview{len(made)}.{ext}"
        made.append(key)
        make(out)
        return out

    played = preview_clip(media(synced, "video", "video/mp4"), ctx.resolve_media, derive)
    frames = decode(played)
    assert len(frames) == round(SECONDS * FPS) and frames[0].shape == (H, W, 3)
    assert_mouth_follows_the_line(frames, still, synced.meta["mouth"], voice)
    # the synced clip's preview is another file than the plain clip's
    assert made[0]["recipe"]["mouth"] == synced.meta["mouth"]


def test_a_real_lip_sync_service_gets_the_moving_clip_not_the_poster(scene, tmp_path):
    card, still, clip, voice, ctx = scene
    seen: list[Path] = []

    class Service:
        name = "synclabs"

        def lipsync(self, clip, voice, shot, seed, ctx, out):
            seen.append(Path(clip.path))
            return clip

    ctx.provider = Service()
    def derive(key, ext, make):
        make(tmp_path / f"moving.{ext}")
        return tmp_path / f"moving.{ext}"

    ctx.derive = derive
    LipSync().run(ctx, {"clip": clip, "voice": voice, "shot": card}, LipSync.parse_params({}))
    assert seen and seen[0] != clip.path
    assert len(decode(seen[0])) == round(SECONDS * FPS)


def decode(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def test_a_shot_without_a_line_passes_its_clip_through(scene):
    card, still, clip, voice, ctx = scene
    quiet = card.model_copy(update={"line": "", "speaker": None})
    out = LipSync().run(ctx, {"clip": clip, "voice": voice, "shot": quiet},
                        LipSync.parse_params({}))
    assert out["clip"] is clip
    silent = Media(hash="s" * 64, path=voice.path, kind="audio", mime="audio/wav",
                   meta={"silent": True})
    assert LipSync().run(ctx, {"clip": clip, "voice": silent, "shot": card},
                         LipSync.parse_params({}))["clip"] is clip


def test_a_real_clip_passes_through_offline_with_a_note(scene, tmp_path):
    card, still, clip, voice, ctx = scene
    notes: list[str] = []
    ctx.on_log = notes.append
    real = Media(hash="r" * 64, path=clip.path, kind="video", mime="video/mp4",
                 meta={"generator": "kling", "still": still.hash})
    assert MouthLipSync().lipsync(real, voice, card, 0, ctx, tmp_path / "x.mp4") is real
    assert notes and "passes through unchanged" in notes[0]


def test_stills_from_before_mouths_were_published_still_get_one():
    head = {"character": "julian", "head": [100, 180, 210, 270]}
    box = mouth_box({"figures": [head]}, "julian")
    assert box is not None and 100 < box[0] < box[2] < 210 and 180 < box[1] < box[3] < 300
    assert mouth_box({"figures": [head]}, "clara") is None
