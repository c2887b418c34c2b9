"""OpenAI-compatible services: chat (OpenAI, Qwen, DeepSeek, Ollama), OpenAI images and TTS.

Chat asks for the ``Script`` schema as structured output (``json_schema`` on OpenAI,
``json_object`` plus the schema in the prompt on Qwen and DeepSeek, the native
``format`` field on Ollama), validates the answer with the same pydantic model the
offline writer fills, and on an invalid answer sends the validation error back once.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from pathlib import Path
from typing import Any, ClassVar

import requests
from pydantic import ValidationError

from app.core.node_api import MediaOut, RunContext
from app.core.providers import ErrorKind, ProviderError, ScriptRequest, register_provider
from app.core.screenplay import Script, ShotCard
from nodes.providers.http import AccountError, error_text, status_kind
from nodes.providers.service import ServiceProvider, prompt_for

OPENAI_VOICES = ("alloy", "ash", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer")
TTS_INPUT_LIMIT = 4096
IMAGE_PROMPT_LIMIT = 32000
REPAIR_ERROR_LIMIT = 2000


def openai_error(provider: str, service: str, response: requests.Response) -> ProviderError:
    """Map an OpenAI-style ``{"error": {message, type, code}}`` response."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    err = body.get("error") if isinstance(body, dict) else None
    code = (
        str((err or {}).get("code") or (err or {}).get("type") or "")
        if isinstance(err, dict)
        else ""
    )
    message = error_text(response)
    status = response.status_code
    if status == 401:
        return ProviderError(provider, ErrorKind.AUTH, f"{service} rejected the key: {message}")
    if status == 403 and "verif" in message.lower():
        return AccountError(
            provider,
            ErrorKind.AUTH,
            f"{service} requires your organisation to be verified before it serves this "
            f"model (Settings > Organization > General on platform.openai.com); the key is "
            f"fine: {message}",
        )
    if code in ("insufficient_quota", "billing_hard_limit_reached") or status == 402:
        return ProviderError(
            provider,
            ErrorKind.QUOTA,
            f"{service} says the account is out of quota or credit: {message}",
        )
    if code in ("moderation_blocked", "content_policy_violation", "data_inspection_failed") or (
        "DataInspectionFailed" in message or "inappropriate" in message.lower()
    ):
        return ProviderError(
            provider, ErrorKind.MODERATION, f"{service} refused the content: {message}"
        )
    if status == 404 and "model" in message.lower():
        return ProviderError(
            provider, ErrorKind.BAD_REQUEST, f"{service} does not know this model: {message}"
        )
    return ProviderError(
        provider, status_kind(status), f"{service} answered HTTP {status}: {message}"
    )


# -- chat -------------------------------------------------------------------------------------
SYSTEM_PROMPT = (
    "You write screenplays for vertical (9:16) microdrama episodes. Reply with ONE JSON "
    "object and nothing else. It must validate against this JSON Schema:\n{schema}\n"
    "Rules: ids are lowercase (characters) or short codes like s01 (shots); every shot's "
    "scene is listed in scenes; every character a shot names is in characters; a shot with "
    "a line has a speaker; shot durations (1-20 s) add up to the target length."
)


def script_schema() -> dict[str, Any]:
    """The JSON Schema of ``Script`` as sent to chat models."""
    return Script.model_json_schema()


def user_prompt(request: ScriptRequest) -> str:
    """The writer's brief for one episode."""
    cast = (
        "; ".join(", ".join(f"{k}: {v}" for k, v in c.items()) for c in request.cast)
        or "your choice"
    )
    brief = (
        f"Premise: {request.premise}\nGenre: {request.genre}\nTone: {request.tone}\n"
        f"Language of title, lines and descriptions: {request.language}\n"
        f"Target length: {request.length_s:g} seconds\nCast: {cast}\n"
        f"Variation seed: {request.seed}"
    )
    if request.previously:  # a series: keep names, relationships and revealed secrets
        earlier = "\n".join(f"Episode {i + 1}: {s}" for i, s in enumerate(request.previously))
        brief += ("\nThis is the next episode of a series. Keep every name, relationship "
                  f"and revealed secret of the earlier episodes:\n{earlier}")
    return brief


def parse_script(content: str) -> Script:
    """A ``Script`` from a chat answer (code fences tolerated); raises ``ValueError``."""
    text = content.strip()
    fenced = re.match(r"^```(?:json)?\s*(.*?)\s*```$", text, re.S)
    if fenced:
        text = fenced.group(1)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"the answer is not JSON ({exc})") from None
    try:
        return Script.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"the JSON does not fit the screenplay schema: {exc}") from None


class OpenAICompatChat(ServiceProvider):
    """``ChatModel`` over an OpenAI-compatible ``/chat/completions`` endpoint."""

    capability = "chat"
    default_concurrency = 4
    output_options = ("temperature",)
    mode: ClassVar[str] = "json_schema"  # json_schema | json_object | ollama

    def auth_headers(self, key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}"}

    def map_error(self, response: requests.Response) -> ProviderError:
        return openai_error(self.name, self.service, response)

    def write_script(self, request: ScriptRequest, ctx: RunContext) -> Script:
        """A validated ``Script``; one repair round when the first answer is invalid."""
        messages = [
            {"role": "system", "content": self._system()},
            {"role": "user", "content": user_prompt(request)},
        ]
        content = self._paid_ask(messages, request.seed, ctx)
        try:
            return parse_script(content)
        except ValueError as first:
            ctx.log(f"{self.service}: the screenplay was invalid, asking once for a fix")
            messages += [
                {"role": "assistant", "content": content},
                {
                    "role": "user",
                    "content": "That reply is invalid: "
                    f"{str(first)[:REPAIR_ERROR_LIMIT]}\nReply with the corrected JSON "
                    "object only.",
                },
            ]
        content = self._paid_ask(messages, request.seed, ctx)
        try:
            return parse_script(content)
        except ValueError as second:
            raise self.client.error(
                ErrorKind.TASK_FAILED,
                f"{self.service} ({self.model}) "
                f"returned an invalid screenplay twice: {str(second)[:400]}; "
                "try another model or the offline writer",
            ) from None

    def _paid_ask(self, messages: list[dict[str, str]], seed: int, ctx: RunContext) -> str:
        # Token counts are not reported uniformly; estimate ~4 characters per token.
        def tokens(content: str) -> dict[str, float]:
            chars = sum(len(m["content"]) for m in messages) + len(content)
            return {"1k_tokens": chars / 4000}

        return self.paid_call(ctx, tokens, lambda: self._ask(messages, seed, ctx))

    def _system(self) -> str:
        schema = json.dumps(script_schema(), separators=(",", ":"))
        return SYSTEM_PROMPT.format(schema=schema)

    def _ask(self, messages: list[dict[str, str]], seed: int, ctx: RunContext) -> str:
        body: dict[str, Any] = {"model": self.model, "messages": messages, "seed": seed}
        if self.spec.temperature:  # GPT-5 and the o-series refuse any but their default
            body["temperature"] = float(self.options.get("temperature", 0.9))
        if self.mode == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "screenplay", "schema": script_schema(), "strict": False},
            }
        else:
            body["response_format"] = {"type": "json_object"}
        answer = self.client.call(
            "POST", "/chat/completions", ctx=ctx, json=body, what="the screenplay request"
        )
        return self._content(answer)

    def _content(self, answer: Any) -> str:
        try:
            choice = answer["choices"][0]
            message = choice["message"]
        except (KeyError, IndexError, TypeError):
            raise self.client.error(
                ErrorKind.TRANSIENT,
                f"{self.service} answered without a message: {str(answer)[:200]}",
            ) from None
        if message.get("refusal") or choice.get("finish_reason") == "content_filter":
            raise self.client.error(
                ErrorKind.MODERATION,
                f"{self.service} refused to write this "
                f"screenplay: {message.get('refusal') or 'content filter'}",
            )
        return str(message.get("content") or "")

    def check(self) -> tuple[bool, str]:
        """Lists the models: proves the key and the base URL."""
        try:
            answer = self.client.call("GET", "/models", ctx=None, what="the model list")
        except ProviderError as exc:
            return False, exc.message
        names = [m.get("id") for m in (answer or {}).get("data", []) if isinstance(m, dict)]
        found = "" if not names or self.model in names else f" (but not {self.model})"
        return True, f"{self.service}: key accepted, {len(names)} models{found}"


class OpenAIChat(OpenAICompatChat):
    name, service = "openai", "OpenAI"
    default_base_url = "https://api.openai.com/v1"
    default_model = "gpt-4o-mini"
    key_env = ("SHOTGRAPH_OPENAI_API_KEY",)


class QwenChat(OpenAICompatChat):
    name, service = "qwen", "Qwen"
    default_base_url = "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
    default_model = "qwen-plus"
    key_env = ("SHOTGRAPH_QWEN_API_KEY",)
    mode = "json_object"


class DeepSeekChat(OpenAICompatChat):
    name, service = "deepseek", "DeepSeek"
    default_base_url = "https://api.deepseek.com/v1"
    default_model = "deepseek-chat"
    key_env = ("SHOTGRAPH_DEEPSEEK_API_KEY",)
    mode = "json_object"


class OllamaChat(OpenAICompatChat):
    """Local Ollama through its native ``/api/chat`` with ``format`` = the JSON Schema."""

    name, service = "ollama", "Ollama"
    default_base_url = "http://localhost:11434"
    default_model = "llama3.1"
    default_concurrency = 1
    key_optional = True
    mode = "ollama"

    def auth_hint(self) -> str:
        return "Ollama needs no key; check SHOTGRAPH_OLLAMA_BASE_URL"

    def _ask(self, messages: list[dict[str, str]], seed: int, ctx: RunContext) -> str:
        body = {
            "model": self.model,
            "messages": messages,
            "format": script_schema(),
            "stream": False,
            "options": {"seed": seed, "temperature": float(self.options.get("temperature", 0.9))},
        }
        try:
            answer = self.client.call(
                "POST", "/api/chat", ctx=ctx, json=body, what="the screenplay request"
            )
        except ProviderError as exc:
            if "not found" in exc.message and "model" in exc.message:
                raise self.client.error(
                    ErrorKind.BAD_REQUEST, f"{exc.message}; run `ollama pull {self.model}` first"
                ) from None
            raise
        message = (answer or {}).get("message") if isinstance(answer, dict) else None
        if not isinstance(message, dict):
            raise self.client.error(
                ErrorKind.TRANSIENT, f"Ollama answered without a message: {str(answer)[:200]}"
            )
        return str(message.get("content") or "")

    def check(self) -> tuple[bool, str]:
        """Lists local models (``/api/tags``)."""
        try:
            answer = self.client.call("GET", "/api/tags", ctx=None, what="the model list")
        except ProviderError as exc:
            return False, exc.message
        names = [m.get("name", "") for m in (answer or {}).get("models", []) if isinstance(m, dict)]
        if not any(n.split(":")[0] == self.model.split(":")[0] for n in names):
            return False, f"Ollama runs but has no {self.model}: run `ollama pull {self.model}`"
        return True, f"Ollama: {len(names)} local models"


# -- images and speech ------------------------------------------------------------------------
class _OpenAIMedia(ServiceProvider):
    name, service = "openai", "OpenAI"
    default_base_url = "https://api.openai.com/v1"
    key_env = ("SHOTGRAPH_OPENAI_API_KEY",)
    auth_headers = OpenAICompatChat.auth_headers
    map_error = OpenAICompatChat.map_error
    check = OpenAICompatChat.check


class OpenAIImage(_OpenAIMedia):
    """``ImageModel``: gpt-image-1 portrait 1024x1536, returned as base64."""

    capability = "image"
    default_model = "gpt-image-1"
    default_concurrency = 3
    output_options = ("quality", "size")

    def generate_image(self, shot: ShotCard, seed: int, ctx: RunContext, out: Path) -> MediaOut:
        """A still of ``shot`` (gpt-image-1 has no seed; a take re-asks) written to ``out``."""
        body = {
            "model": self.model,
            "prompt": prompt_for(shot, IMAGE_PROMPT_LIMIT),
            "n": 1,
            "size": self.options.get("size", "1024x1536"),
            "quality": self.options.get("quality", "medium"),
            "output_format": "png",
        }
        self.refuse_unless_accepted(f"the still of shot {shot.id}", size=body["size"])

        def work() -> Path:
            answer = self.client.call(
                "POST",
                "/images/generations",
                ctx=ctx,
                retry="refused",
                json=body,
                what="the image request",
            )
            return self.client.write_bytes(self._b64(answer), out, f"the still of {shot.id}")

        self.paid_call(
            ctx, {"image": 1}, work, request={**body, "seed": seed},
            what=f"the still of shot {shot.id}",
        )
        return MediaOut(out, {"generator": "openai", "model": self.model, "seed_ignored": seed})

    def _b64(self, answer: Any) -> bytes:
        try:
            data = base64.b64decode(answer["data"][0]["b64_json"], validate=True)
        except (KeyError, IndexError, TypeError, binascii.Error, ValueError):
            raise self.client.error(
                ErrorKind.TASK_FAILED,
                "OpenAI answered without a readable image (no data[0].b64_json)",
            ) from None
        if not data.startswith((b"\x89PNG", b"\xff\xd8", b"RIFF")):
            raise self.client.error(ErrorKind.TASK_FAILED, "OpenAI's image is not a PNG/JPEG/WebP")
        return data


class OpenAISpeech(_OpenAIMedia):
    """``SpeechModel``: OpenAI TTS as WAV."""

    capability = "speech"
    default_model = "gpt-4o-mini-tts"
    default_concurrency = 4
    output_options = ("voice", "speed", "instructions")

    def speak(self, text: str, language: str, voice: str, ctx: RunContext, out: Path) -> MediaOut:
        """``text`` spoken into ``out`` (WAV)."""
        if len(text) > TTS_INPUT_LIMIT:
            raise self.client.error(
                ErrorKind.BAD_REQUEST,
                f"OpenAI TTS takes at most {TTS_INPUT_LIMIT} characters; this line has {len(text)}",
            )
        chosen = openai_voice(voice, str(self.options.get("voice", "")))
        body: dict[str, Any] = {
            "model": self.model,
            "input": text,
            "voice": chosen,
            "response_format": "wav",
        }
        if "speed" in self.options:
            body["speed"] = min(4.0, max(0.25, float(self.options["speed"])))
        if "instructions" in self.options and self.model == "gpt-4o-mini-tts":
            body["instructions"] = str(self.options["instructions"])

        def work() -> Path:
            return self.client.call(
                "POST",
                "/audio/speech",
                ctx=ctx,
                retry="refused",
                json=body,
                stream=True,
                what="the speech request",
                parse=lambda r: self.client.save_body(r, out, kinds=("audio/",), what="the line"),
            )

        self.paid_call(
            ctx, {"1k_characters": len(text) / 1000}, work, request=body, what="the line"
        )
        return MediaOut(out, {"generator": "openai", "model": self.model, "voice": chosen})


def openai_voice(voice: str, default: str = "") -> str:
    """An OpenAI voice: the given one if valid, else the option, else one from the hint."""
    for candidate in (voice, default):
        if candidate in OPENAI_VOICES:
            return candidate
    if "+f" in voice or "female" in voice:
        return "coral"
    if "+m" in voice or "male" in voice:
        return "onyx"
    return "alloy"


for _cls in (OpenAIChat, QwenChat, DeepSeekChat, OllamaChat):
    register_provider("chat", _cls.name, _cls)
register_provider("image", "openai", OpenAIImage)
register_provider("speech", "openai", OpenAISpeech)
