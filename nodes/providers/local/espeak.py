"""The offline speech model: espeak-ng, the system's text-to-speech.

Voices are written ``<espeak voice>[+<variant>][:<pitch 0-99>]``, e.g. ``en-us+f3:60``
or ``cmn+m2``. ``pick_voice`` chooses one from a line's language and the speaker's
voice hint, stable per character.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from app.core.node_api import MediaOut, NodeError, RunContext
from app.media.convert import MediaFileError, pcm_wav

SAMPLE_RATE = 48000
WORDS_PER_MINUTE = 160
BASE_VOICES = {"en": "en-us", "zh": "cmn"}
FEMALE = ("f1", "f2", "f3", "f4", "f5")
MALE = ("m1", "m2", "m3", "m4", "m6", "m7")
FEMALE_WORDS = ("female", "woman", "girl", "女")
MALE_WORDS = ("male", "man", "boy", "男")
LOW_WORDS = ("low", "deep", "old", "calm", "低", "沉")
HIGH_WORDS = ("bright", "young", "high", "nervous", "clear", "亮", "高")


def espeak_exe() -> str:
    """The espeak-ng binary, or a ``NodeError`` saying how to install it."""
    found = shutil.which("espeak-ng") or shutil.which("espeak")
    if not found:
        raise NodeError(
            "espeak-ng is not installed, so the offline voice cannot speak: "
            "run installers/setup-system.sh (or install the espeak-ng package)"
        )
    return found


def pick_voice(language: str, hint: str, character_id: str) -> str:
    """An espeak voice for a character: language base, gendered variant, pitch from the hint."""
    base = BASE_VOICES.get(language, "en-us")
    hint = hint.lower()
    digest = hashlib.sha256(character_id.encode()).digest()
    if any(w in hint for w in FEMALE_WORDS):  # before MALE_WORDS: "female" contains "male"
        female = True
    else:
        female = not any(w in hint for w in MALE_WORDS) and digest[0] % 2 == 0
    variants = FEMALE if female else MALE
    pitch = 38 + digest[2] % 24
    if any(w in hint for w in LOW_WORDS):
        pitch -= 12
    elif any(w in hint for w in HIGH_WORDS):
        pitch += 12
    return f"{base}+{variants[digest[1] % len(variants)]}:{pitch}"


class EspeakVoice:
    """Offline ``SpeechModel`` backed by espeak-ng."""

    name = "local"
    capability = "speech"

    def __init__(self, options: dict[str, Any] | None = None):
        self.max_concurrency = os.cpu_count() or 1

    def identity(self) -> dict[str, Any]:
        return {"id": "local.espeak", "version": 2}  # 2: resampled in process

    def speak(self, text: str, language: str, voice: str, ctx: RunContext, out: Path) -> MediaOut:
        """Speak ``text`` into ``out`` as a 48 kHz mono WAV."""
        ctx.check_cancelled()
        name, _, pitch = voice.partition(":")
        raw = out.with_name(out.stem + ".espeak.wav")
        cmd = [
            espeak_exe(),
            "-v",
            name or BASE_VOICES.get(language, "en-us"),
            "-s",
            str(WORDS_PER_MINUTE),
            "-w",
            str(raw),
        ]
        if pitch.isdigit():
            cmd += ["-p", str(min(99, int(pitch)))]
        try:
            done = subprocess.run([*cmd, "--", text], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise NodeError(f"espeak-ng failed: {exc}") from None
        if done.returncode != 0 or not raw.is_file():
            raise NodeError(
                f"espeak-ng could not speak with voice {voice!r}: "
                f"{done.stderr.strip()[-300:] or done.returncode}"
            )
        ctx.check_cancelled()
        try:
            pcm_wav(raw, out, rate=SAMPLE_RATE, channels=1)
        except MediaFileError as exc:
            raise NodeError(f"could not convert espeak-ng's output: {exc}") from None
        finally:
            raw.unlink(missing_ok=True)
        return MediaOut(out, {"generator": "local.espeak", "voice": voice})
