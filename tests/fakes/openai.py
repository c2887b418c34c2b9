"""Fake OpenAI-compatible API: chat completions (structured output), gpt-image-1, TTS, models.

Also serves Ollama's native ``/api/chat`` and ``/api/tags``. Chat answers come from
``answers`` (a queue of strings) or, when empty, a valid screenplay. Like the real API it
refuses a ``temperature`` other than 1 from the GPT-5 family and o-series models (400
``unsupported_value``), and mode ``unverified`` answers gpt-image-1 with the 403 an
organisation that is not verified gets.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from app.core.providers import ScriptRequest
from nodes.providers.local.script_writer import write_script
from tests.fakes.server import FakeService, Reply, Request

OPENAI_KEY = "sk-proj-FAKEfakeFAKE0123456789abcdefXYZ"
VOICES = {"alloy", "ash", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer"}
TTS_MODELS = {"tts-1", "tts-1-hd", "gpt-4o-mini-tts"}
IMAGE_SIZES = {"auto", "1024x1024", "1536x1024", "1024x1536"}
NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def valid_script_json() -> str:
    return write_script(
        ScriptRequest(
            premise="A courier finds her own name on a parcel", genre="romance", length_s=45
        )
    ).model_dump_json()


class FakeOpenAI(FakeService):
    name = "openai"
    key = OPENAI_KEY

    def setup(self) -> None:
        self.answers: list[str] = []
        self.route("POST", "/v1/chat/completions", "chat", self.chat)
        self.route("POST", "/v1/images/generations", "image", self.image)
        self.route("POST", "/v1/audio/speech", "speech", self.speech)
        self.route("GET", "/v1/models", "models", self.models)
        self.route("POST", "/api/chat", "ollama_chat", self.ollama_chat)
        self.route("GET", "/api/tags", "ollama_tags", self.ollama_tags)

    def error_reply(self, status: int, kind: str) -> Reply:
        code = {401: "invalid_api_key", 429: "rate_limit_exceeded"}.get(status)
        return Reply(
            status,
            {"error": {"message": f"fake {kind}", "type": "error", "param": None, "code": code}},
        )

    def authorised(self, request: Request) -> Reply | None:
        if self.expect(request.headers.get("authorization") == f"Bearer {self.key}", "bad bearer"):
            return None
        return Reply(
            401, {"error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}}
        )

    # -- chat ---------------------------------------------------------------------------------
    def chat(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        body = request.json()
        messages = body.get("messages")
        self.expect(
            isinstance(messages, list)
            and all(
                m.get("role") in ("system", "user", "assistant")
                and isinstance(m.get("content"), str)
                for m in messages
            ),
            "messages shape",
        )
        self._check_format(body.get("response_format") or {}, messages or [])
        model = str(body.get("model", ""))
        reasoning = model.startswith(("gpt-5", "o1", "o3", "o4")) and "-chat" not in model
        if reasoning and body.get("temperature", 1) != 1:
            return Reply(400, {"error": {
                "message": f"Unsupported value: 'temperature' does not support "
                           f"{body['temperature']} with this model. Only the default (1) value "
                           "is supported.",
                "type": "invalid_request_error", "param": "temperature",
                "code": "unsupported_value"}})
        if "moderation" in self.modes:
            return Reply(200, self._completion("", refusal="I can't help with that."))
        content = self.answers.pop(0) if self.answers else valid_script_json()
        return Reply(200, self._completion(content))

    def _check_format(self, fmt: dict[str, Any], messages: list[dict[str, Any]]) -> None:
        if fmt.get("type") == "json_schema":
            spec = fmt.get("json_schema") or {}
            self.expect(bool(NAME.match(str(spec.get("name", "")))), "json_schema.name")
            self.expect(isinstance(spec.get("schema"), dict), "json_schema.schema")
            self.expect(isinstance(spec.get("strict", False), bool), "json_schema.strict")
        elif fmt.get("type") == "json_object":
            # OpenAI-compatible servers refuse json_object unless a message mentions JSON.
            self.expect(
                any("json" in m.get("content", "").lower() for m in messages),
                "json_object without the word JSON in the messages",
            )
        else:
            self.violations.append(f"response_format {fmt}")

    def _completion(self, content: str, refusal: str | None = None) -> dict[str, Any]:
        return {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {
                        "role": "assistant",
                        "content": content or None,
                        "refusal": refusal,
                    },
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        }

    def models(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        return Reply(200, {"object": "list", "data": [{"id": "gpt-4o-mini", "object": "model"}]})

    # -- images -------------------------------------------------------------------------------
    def image(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        body = request.json()
        self.expect(body.get("model") == "gpt-image-1", f"model {body.get('model')}")
        self.expect(body.get("size") in IMAGE_SIZES, f"size {body.get('size')}")
        self.expect(body.get("quality", "auto") in ("low", "medium", "high", "auto"), "quality")
        self.expect(body.get("output_format", "png") in ("png", "jpeg", "webp"), "output_format")
        self.expect(1 <= body.get("n", 1) <= 10, "n")
        self.expect("response_format" not in body, "gpt-image-1 does not take response_format")
        self.expect(0 < len(body.get("prompt", "")) <= 32000, "prompt length")
        if "unverified" in self.modes:
            return Reply(403, {"error": {
                "message": "Your organization must be verified to use the model `gpt-image-1`. "
                           "Please go to: https://platform.openai.com/settings/organization/"
                           "general and click on Verify Organization.",
                "type": "invalid_request_error", "param": None, "code": None}})
        if "moderation" in self.modes:
            return Reply(
                400,
                {
                    "error": {
                        "message": "Your request was rejected by the safety system.",
                        "type": "image_generation_user_error",
                        "param": None,
                        "code": "moderation_blocked",
                    }
                },
            )
        data = self.media["png"]
        if "oversized" in self.modes:
            data = data + b"\0" * (2 * 2**20)
        if "wrong_type" in self.modes:
            data = b"<html>nope</html>"
        return Reply(
            200,
            {
                "created": 1,
                "data": [{"b64_json": base64.b64encode(data).decode()}],
                "usage": {"total_tokens": 100},
            },
        )

    # -- speech -------------------------------------------------------------------------------
    def speech(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        body = request.json()
        self.expect(body.get("model") in TTS_MODELS, f"model {body.get('model')}")
        self.expect(body.get("voice") in VOICES, f"voice {body.get('voice')}")
        self.expect(0 < len(body.get("input", "")) <= 4096, "input length")
        self.expect(
            body.get("response_format", "mp3") in ("mp3", "opus", "aac", "flac", "wav", "pcm"),
            "response_format",
        )
        self.expect(0.25 <= body.get("speed", 1.0) <= 4.0, "speed")
        if "instructions" in body:
            self.expect(body.get("model") == "gpt-4o-mini-tts", "instructions need gpt-4o-mini-tts")
        return self.file_reply("wav")

    # -- ollama native ---------------------------------------------------------------------------
    def ollama_chat(self, request: Request, match: re.Match[str]) -> Reply:
        self.expect("authorization" not in request.headers, "Ollama needs no key")
        body = request.json()
        self.expect(body.get("stream") is False, "stream must be false for one JSON answer")
        self.expect(isinstance(body.get("format"), dict | str), "format")
        if body.get("model") == "missing":
            return Reply(404, {"error": "model 'missing' not found, try pulling it first"})
        content = self.answers.pop(0) if self.answers else valid_script_json()
        return Reply(
            200,
            {
                "model": body.get("model"),
                "created_at": "2025-01-01T00:00:00Z",
                "message": {"role": "assistant", "content": content},
                "done": True,
                "done_reason": "stop",
            },
        )

    def ollama_tags(self, request: Request, match: re.Match[str]) -> Reply:
        return Reply(200, {"models": [{"name": "llama3.1:latest"}]})
