import re
import shutil
import wave

import pytest

from app.core.node_api import NodeError
from app.core.screenplay import Character, ShotCard
from nodes.providers.local.espeak import pick_voice
from nodes.voice import ImportVoice, Speak

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")

LENA = Character(id="lena", name="Lena", voice="female, soft", color="#e4572e")
LIN = Character(id="linwan", name="林晚", voice="female, low", color="#e4572e")


def shot(line: str, language: str = "en", who: Character = LENA, duration: float = 4.0):
    return ShotCard(
        id="s1",
        description="x",
        duration=duration,
        characters=[who.id],
        speaker=who.id if line else None,
        line=line,
        language=language,
        cast=[who],
    )


def wav_info(path) -> tuple[int, int, float]:
    with wave.open(str(path), "rb") as wav:
        return wav.getframerate(), wav.getnchannels(), wav.getnframes() / wav.getframerate()


def test_speaks_english_line(run_node):
    out = run_node(Speak, {"shot": shot("I know what you did last summer.")})["voice"]
    rate, channels, seconds = wav_info(out.path)
    assert rate == 48000 and channels == 1 and 0.3 < seconds <= 4.0
    assert out.meta["text"] == "I know what you did last summer."
    assert out.meta["speaker"] == "lena" and out.meta["language"] == "en"
    assert out.meta["voice"].startswith("en-us+f")


def test_speaks_chinese_line(run_node):
    out = run_node(Speak, {"shot": shot("你终于回来了。", "zh", LIN)})["voice"]
    _, _, seconds = wav_info(out.path)
    assert seconds > 0.3 and out.meta["voice"].startswith("cmn+")


def test_a_line_is_spoken_at_the_node_speed_whatever_the_shot_length(run_node):
    """The export speeds up a line that overruns (``place_voices``), so a trim or a
    shorter shot never re-speaks (or re-pays for) the line."""
    line = "I never asked for your money, and I never will, not after what you did to us."
    long_shot = shot(line, duration=12.0).model_dump()
    short_shot = shot(line, duration=2.0).model_dump()
    assert Speak.key_view("shot", long_shot) == Speak.key_view("shot", short_shot)
    out = run_node(Speak, {"shot": shot(line, duration=2.0)})["voice"]
    assert out.meta["tempo"] == 1.0 and wav_info(out.path)[2] > 3.0
    faster = run_node(Speak, {"shot": shot(line, duration=2.0)}, speed=1.5)["voice"]
    assert faster.meta["tempo"] == 1.5
    assert wav_info(faster.path)[2] == pytest.approx(wav_info(out.path)[2] / 1.5, rel=0.05)


def test_shot_without_line_is_short_silence(run_node):
    out = run_node(Speak, {"shot": shot("")})["voice"]
    assert out.meta["silent"] is True
    assert wav_info(out.path)[2] == pytest.approx(0.2)


def test_voices_are_stable_and_differ_per_character():
    assert pick_voice("en", "male, low", "mark") == pick_voice("en", "male, low", "mark")
    assert re.fullmatch(r"en-us\+m\d:\d+", pick_voice("en", "male, low", "mark"))
    assert pick_voice("en", "female", "ann") != pick_voice("en", "female", "bea")
    assert pick_voice("zh", "female", "ann").startswith("cmn+f")


def test_missing_espeak_says_how_to_install(run_node, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(NodeError, match="setup-system.sh"):
        run_node(Speak, {"shot": shot("Hello.")})


def test_recorded_take_import(run_node, tmp_path):
    take = tmp_path / "s1 take.wav"
    with wave.open(str(take), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(44100)
        wav.writeframes(b"\1\0" * 2 * 44100)
    out = run_node(ImportVoice, {"shot": shot("Hello.")}, files={"s1": str(take)})["voice"]
    assert wav_info(out.path)[:2] == (48000, 1)
    assert out.meta["source_name"] == "s1 take.wav" and out.meta["text"] == "Hello."
    with pytest.raises(NodeError, match="s1"):
        run_node(ImportVoice, {"shot": shot("Hello.")}, files={"s1": str(tmp_path / "gone.wav")})
    # A line without a file is spoken, not refused: one actor's take mixes with TTS.
    spoken = run_node(ImportVoice, {"shot": shot("Hello.")}, files={"s2": str(take)})["voice"]
    assert spoken.meta["voice"].startswith("en-us+f") and not spoken.meta.get("own_material")
    assert out.meta["own_material"] is True
