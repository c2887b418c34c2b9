"""Fake ElevenLabs API: xi-api-key auth, TTS and music returning MP3 bytes, the voice list.

TTS answers 404 ``voice_not_found`` for a voice the account does not have, which is what
the retired premade "Rachel" (21m00Tcm4TlvDq8ikWAM) gets from the real service now.
"""

from __future__ import annotations

import re

from tests.fakes.server import FakeService, Reply, Request

ELEVEN_KEY = "xi_fake_0123456789abcdef0123456789"
TTS_MODELS = {"eleven_multilingual_v2", "eleven_turbo_v2_5", "eleven_flash_v2_5", "eleven_v3"}
FORMAT = re.compile(r"^(mp3|pcm|ulaw|alaw|opus)_\d{4,5}(_\d{2,3})?$")
RETIRED = "21m00Tcm4TlvDq8ikWAM"  # "Rachel"
# The account's voices: current premade ones and one the creator made.
VOICES = [
    {"voice_id": "EXAVITQu4vr4xnSDxMaL", "name": "Sarah", "category": "premade",
     "labels": {"gender": "female", "description": "confident"}},
    {"voice_id": "JBFqnCBsd6RMkjVDRZzb", "name": "George", "category": "premade",
     "labels": {"gender": "male", "description": "warm"}},
    {"voice_id": "XrExE9yKIg1WjnnlVkGX", "name": "Matilda", "category": "premade",
     "labels": {"gender": "female", "description": "friendly"}},
    {"voice_id": "Zk0wRqIFBWGMu2lIk7hw", "name": "Clara's clone", "category": "cloned",
     "labels": {"gender": "female"}},
]


class FakeElevenLabs(FakeService):
    name = "elevenlabs"

    def setup(self) -> None:
        self.route("POST", r"/v1/text-to-speech/(?P<voice>\w+)", "speech", self.tts)
        self.route("POST", "/v1/music", "music", self.music)
        self.route("GET", "/v1/user/subscription", "subscription", self.subscription)
        self.route("GET", "/v1/voices", "voices", self.voices)
        self.voice_list = [dict(v) for v in VOICES]

    def error_reply(self, status: int, kind: str) -> Reply:
        status_name = {401: "invalid_api_key", 429: "too_many_concurrent_requests"}.get(
            status, "error"
        )
        return Reply(status, {"detail": {"status": status_name, "message": f"fake {kind}"}})

    def authorised(self, request: Request) -> Reply | None:
        self.expect(
            "authorization" not in request.headers, "ElevenLabs takes xi-api-key, not bearer"
        )
        if self.expect(request.headers.get("xi-api-key") == ELEVEN_KEY, "xi-api-key"):
            return None
        return Reply(401, {"detail": {"status": "invalid_api_key", "message": "Invalid API key"}})

    def _format(self, request: Request) -> None:
        self.expect(
            bool(FORMAT.match(request.query.get("output_format", ""))),
            f"output_format query {request.query.get('output_format')!r}",
        )

    def tts(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        self._format(request)
        body = request.json()
        self.expect(len(match["voice"]) == 20, "voice id")
        if match["voice"] not in {v["voice_id"] for v in self.voice_list}:
            return Reply(404, {"detail": {"status": "voice_not_found",
                                          "message": f"A voice with the voice_id "
                                                     f"{match['voice']} was not found."}})
        self.expect(isinstance(body.get("text"), str) and body["text"], "text")
        self.expect(body.get("model_id") in TTS_MODELS, f"model_id {body.get('model_id')}")
        return self.file_reply("mp3")

    def music(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        self._format(request)
        body = request.json()
        self.expect(
            ("prompt" in body) != ("composition_plan" in body), "prompt xor composition_plan"
        )
        self.expect(10_000 <= body.get("music_length_ms", 0) <= 300_000, "music_length_ms range")
        self.expect(body.get("model_id") == "music_v1", "model_id")
        if "moderation" in self.modes:
            return Reply(
                400,
                {
                    "detail": {
                        "status": "bad_prompt",
                        "message": "The prompt names a copyrighted artist.",
                    }
                },
            )
        return self.file_reply("mp3")

    def voices(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        return Reply(200, {"voices": self.voice_list})

    def subscription(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        return Reply(200, {"tier": "creator", "character_count": 10, "character_limit": 100000})
