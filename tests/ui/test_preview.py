"""Preview pieces: waveform peaks off the UI thread, the player, subtitles and text."""

import math
import struct
import wave

from app.core.node_api import Media
from app.ui.preview import audio_peaks, peaks


def _tone(path, seconds=0.5, rate=8000):
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = b"".join(
            struct.pack("<hh", v, v)
            for v in (
                int(12000 * math.sin(i / 5) * (i / (rate * seconds)))
                for i in range(int(rate * seconds))
            )
        )
        w.writeframes(frames)
    return path


def test_peaks_rise_with_a_rising_tone(tmp_path):
    values = audio_peaks(_tone(tmp_path / "a.wav"), buckets=10)
    assert len(values) == 10 and values[-1] > values[0] > -1
    assert peaks(values[:0]).size == 0


def test_audio_plays_with_a_waveform_computed_in_the_background(qtbot, make_window, tmp_path):
    window = make_window()
    media = Media("h", _tone(tmp_path / "b.wav"), "audio", "audio/wav")
    window.preview.show_media(media)
    player = window.preview.player
    assert window.preview.stack.currentWidget() is player
    assert not player.waveform.isHidden() and player.video.isHidden()
    qtbot.waitUntil(lambda: player.waveform.peaks.size > 0, timeout=30_000)
    player.loop.setChecked(True)
    assert player.player.loops() == -1


def test_subtitles_and_text_values(make_window):
    window = make_window()
    preview = window.preview
    preview.show_value(
        "1\n00:00:00,000 --> 00:00:01,000\nHi\n\n2\n00:00:01,000 --> 00:00:02,000\nYo", "Subtitles"
    )
    assert preview.stack.currentWidget() is preview.subtitles and preview.subtitles.count() == 2
    preview.show_value({"a": 1}, "Text")
    assert preview.stack.currentWidget() is preview.text and '"a": 1' in preview.text.toPlainText()


def test_an_offline_clip_plays_its_poster_then_its_preview_made_on_demand(
    qtbot, make_window, tmp_path
):
    import av
    from PIL import Image

    from app.core.node_api import RunContext
    from app.core.screenplay import ShotCard
    from nodes.providers.local.kenburns import KenBurnsVideo

    window = make_window()
    store = window.session.project.artifacts
    Image.new("RGB", (270, 480), (30, 90, 160)).save(tmp_path / "still.png")
    still = store.put_file(tmp_path / "still.png", "png")
    shot = ShotCard(id="s1", description="sky", camera="push_in", duration=1.0)
    made = KenBurnsVideo().animate(still, shot, 1, RunContext("n", tmp_path), tmp_path / "c.mp4")
    clip = store.put_file(made.path, "mp4", made.meta)

    window.preview.show_media(clip)
    player = window.preview.player.player
    assert player.source().toLocalFile() == str(clip.path)  # the poster plays at once
    qtbot.waitUntil(lambda: player.source().toLocalFile() != str(clip.path), timeout=60_000)
    preview = player.source().toLocalFile()
    with av.open(preview) as container:
        assert sum(1 for _ in container.decode(video=0)) == 30  # the moving clip
    # shown again: the cached preview, without making it again
    files = sorted(store.media_dir.glob("??/*.mp4"))
    window.preview.show_media(clip)
    qtbot.waitUntil(lambda: player.source().toLocalFile() == preview, timeout=60_000)
    assert not window.preview.previews.busy()
    assert sorted(store.media_dir.glob("??/*.mp4")) == files


def test_the_shot_view_plays_an_offline_clips_preview_once_it_is_made(
    qtbot, make_window, tmp_path
):
    import av
    from PIL import Image

    from app.core.node_api import RunContext
    from app.core.screenplay import ShotCard
    from app.ui.shotview import ShotMedia
    from nodes.providers.local.kenburns import KenBurnsVideo

    window = make_window()
    store = window.session.project.artifacts
    Image.new("RGB", (270, 480), (160, 90, 30)).save(tmp_path / "still.png")
    still = store.put_file(tmp_path / "still.png", "png")
    shot = ShotCard(id="s1", description="sand", camera="pan_left", duration=1.0)
    made = KenBurnsVideo().animate(still, shot, 3, RunContext("n", tmp_path), tmp_path / "c.mp4")
    clip = store.put_file(made.path, "mp4", made.meta)

    view = window.preview.shot_view
    view.show_shot(ShotMedia("s1", 0, 1.0, still=still, clip=clip))
    player = view.clip_player
    assert player.source().toLocalFile() == str(clip.path)  # the poster at once
    qtbot.waitUntil(lambda: player.source().toLocalFile() != str(clip.path), timeout=60_000)
    with av.open(player.source().toLocalFile()) as container:
        assert sum(1 for _ in container.decode(video=0)) == 30  # then the moving clip
