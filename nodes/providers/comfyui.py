"""ComfyUI: run a user's API-format workflow with the shot's prompt, seed, size and still.

Options: ``workflow`` (a JSON file saved with "Save (API Format)") and ``nodes``, which
names where each value goes as ``"<node id>.<input name>"``::

    {"prompt": "6.text", "negative": "7.text", "seed": "3.seed",
     "width": "5.width", "height": "5.height", "image": "10.image"}

``POST /prompt`` queues it (a 400 with ``node_errors`` names the broken node), ``GET
/history/{id}`` stays empty until it is done (``GET /queue`` tells a queued prompt from
a forgotten one), and the first output file is fetched with ``GET /view``. For
image-to-video the still is uploaded first with ``POST /upload/image``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

import requests

from app.core.node_api import Media, MediaOut, RunContext
from app.core.providers import ErrorKind, ProviderError, register_provider
from app.core.screenplay import ShotCard
from nodes.providers.http import error_text, status_kind
from nodes.providers.service import ServiceProvider, prompt_for
from nodes.providers.tasks import TaskState

PROMPT_LIMIT = 2000
VIDEO_KEYS = ("videos", "gifs", "images")
IMAGE_KEYS = ("images",)


def comfy_error(provider: str, response: requests.Response) -> ProviderError:
    """Map ComfyUI errors; a rejected workflow names the node and its complaint."""
    try:
        body = response.json()
    except ValueError:
        body = None
    status = response.status_code
    if status == 400 and isinstance(body, dict):
        return ProviderError(provider, ErrorKind.BAD_REQUEST, _workflow_problem(body))
    if status == 403:
        return ProviderError(
            provider,
            ErrorKind.AUTH,
            "ComfyUI refused the request (403): when it "
            "runs behind a proxy, the Host and Origin headers must match",
        )
    return ProviderError(
        provider, status_kind(status), f"ComfyUI answered HTTP {status}: {error_text(response)}"
    )


def _workflow_problem(body: dict[str, Any]) -> str:
    problems = []
    for node_id, info in (body.get("node_errors") or {}).items():
        for err in (info or {}).get("errors") or []:
            detail = f" ({err.get('details')})" if err.get("details") else ""
            problems.append(
                f"node {node_id} ({info.get('class_type', '?')}): "
                f"{err.get('message', 'invalid')}{detail}"
            )
    error = body.get("error")
    headline = error.get("message") if isinstance(error, dict) else str(error or "")
    return "ComfyUI rejected the workflow: " + (
        "; ".join(problems) or headline or "no reason given"
    )


class _ComfyUI(ServiceProvider):
    name = "comfyui"
    service = "ComfyUI"
    default_base_url = "http://127.0.0.1:8188"
    default_model = "workflow"
    default_concurrency = 1
    key_optional = True
    output_keys: tuple[str, ...] = IMAGE_KEYS

    def map_error(self, response: requests.Response) -> ProviderError:
        return comfy_error(self.name, response)

    def auth_hint(self) -> str:
        return "ComfyUI needs no key; check SHOTGRAPH_COMFYUI_BASE_URL"

    def identity(self) -> dict[str, Any]:
        """Provider, the workflow's content hash, the node mapping and the size."""
        try:
            digest: str | None = self._workflow()[1]
        except ProviderError:
            digest = None  # reported when the node runs
        return {
            "provider": self.name,
            "model": self.model,
            "workflow_sha256": digest,
            "nodes": self.options.get("nodes", {}),
            "width": self._size()[0],
            "height": self._size()[1],
        }

    # -- the workflow ---------------------------------------------------------------------
    def _workflow(self) -> tuple[dict[str, Any], str]:
        path = self.options.get("workflow")
        if not path:
            raise ProviderError(
                self.name,
                ErrorKind.BAD_REQUEST,
                "ComfyUI needs a workflow: set "
                "the provider option 'workflow' to a file saved with 'Save (API Format)'",
            )
        try:
            raw = Path(str(path)).expanduser().read_bytes()
            graph = json.loads(raw)
        except (OSError, ValueError) as exc:
            raise ProviderError(
                self.name, ErrorKind.BAD_REQUEST, f"cannot read the ComfyUI workflow {path}: {exc}"
            ) from None
        if (
            not isinstance(graph, dict)
            or "nodes" in graph
            or not all(isinstance(n, dict) and "class_type" in n for n in graph.values())
        ):
            raise ProviderError(
                self.name,
                ErrorKind.BAD_REQUEST,
                f"{path} is not an API-format workflow: in ComfyUI use Workflow > Export (API)",
            )
        return graph, hashlib.sha256(raw).hexdigest()

    def _size(self) -> tuple[int, int]:
        return int(self.options.get("width", 720)), int(self.options.get("height", 1280))

    def _inject(self, graph: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        graph = copy.deepcopy(graph)
        targets: dict[str, str] = dict(self.options.get("nodes") or {})
        for name, value in values.items():
            target = targets.get(name)
            if target is None:
                if name in ("prompt", "seed"):
                    raise ProviderError(
                        self.name,
                        ErrorKind.BAD_REQUEST,
                        f"the ComfyUI option "
                        f"'nodes' must say where the {name} goes, e.g. \"6.text\"",
                    )
                continue
            node_id, _, field = target.partition(".")
            if node_id not in graph or not field:
                raise ProviderError(
                    self.name,
                    ErrorKind.BAD_REQUEST,
                    f"the workflow has no node "
                    f"{node_id!r} for the {name} (nodes option {target!r})",
                )
            graph[node_id].setdefault("inputs", {})[field] = value
        return graph

    # -- running --------------------------------------------------------------------------
    def _run(
        self, graph: dict[str, Any], ctx: RunContext, what: str, out: Path, kinds: tuple[str, ...]
    ) -> MediaOut:
        digest = hashlib.sha256(json.dumps(graph, sort_keys=True).encode()).hexdigest()
        state = self.paid_task(
            ctx,
            {"graph_sha256": digest},
            lambda: self._submit(graph, ctx),
            lambda pid: self._state(pid, ctx),
            what,
            {"request": 1},
        )
        ref = state.result
        query = {
            "filename": ref["filename"],
            "subfolder": ref.get("subfolder", ""),
            "type": ref.get("type", "output"),
        }
        url = self.client.url("/view") + "?" + requests.compat.urlencode(query)
        self.client.download(url, out, ctx=ctx, kinds=kinds, what=what)
        return MediaOut(
            out,
            {
                "generator": "comfyui",
                "workflow_sha256": self._workflow()[1],
                "filename": ref["filename"],
            },
        )

    def _submit(self, graph: dict[str, Any], ctx: RunContext) -> str:
        answer = self.client.call(
            "POST",
            "/prompt",
            ctx=ctx,
            retry="refused",
            json={"prompt": graph, "client_id": uuid.uuid4().hex},
            what="the workflow submit",
        )
        if not isinstance(answer, dict) or not answer.get("prompt_id"):
            raise self.client.error(
                ErrorKind.TRANSIENT, f"ComfyUI answered without a prompt_id: {str(answer)[:200]}"
            )
        if answer.get("node_errors"):
            raise self.client.error(ErrorKind.BAD_REQUEST, _workflow_problem(answer))
        return str(answer["prompt_id"])

    def _state(self, prompt_id: str, ctx: RunContext) -> TaskState:
        history = self.client.call("GET", f"/history/{prompt_id}", ctx=ctx, what="the history poll")
        entry = history.get(prompt_id) if isinstance(history, dict) else None
        if not entry:
            return self._queued(prompt_id, ctx)
        status = entry.get("status") or {}
        if status.get("status_str") == "error":
            return TaskState(
                "error",
                error=self.client.error(
                    ErrorKind.TASK_FAILED,
                    f"ComfyUI failed the workflow: {_execution_error(status)}",
                ),
            )
        if not status.get("completed", True):
            return TaskState("running", progress=0.5)
        found = _first_output(entry.get("outputs") or {}, self.output_keys)
        if found is None:
            return TaskState(
                "success",
                error=self.client.error(
                    ErrorKind.TASK_FAILED,
                    "the ComfyUI workflow finished without an output file "
                    "(does it end in a Save Image / Save Video node?)",
                ),
            )
        return TaskState("success", done=True, result=found)

    def _queued(self, prompt_id: str, ctx: RunContext) -> TaskState:
        queue = self.client.call("GET", "/queue", ctx=ctx, what="the queue poll")
        for key, label in (("queue_running", "running"), ("queue_pending", "queued")):
            for item in (queue or {}).get(key) or []:
                if isinstance(item, list) and len(item) > 1 and item[1] == prompt_id:
                    return TaskState(label, progress=0.5 if label == "running" else 0.1)
        raise self.client.error(
            ErrorKind.NOT_FOUND,
            f"ComfyUI has no prompt {prompt_id} (was it restarted or its history cleared?)",
        )

    def check(self) -> tuple[bool, str]:
        """``GET /system_stats`` proves the server answers; the workflow file is read too."""
        try:
            stats = self.client.call("GET", "/system_stats", ctx=None, what="the system stats")
            self._workflow()
        except ProviderError as exc:
            return False, exc.message
        version = ((stats or {}).get("system") or {}).get("comfyui_version", "?")
        return True, f"ComfyUI {version} at {self.settings.base_url}; workflow readable"


def _execution_error(status: dict[str, Any]) -> str:
    for message in status.get("messages") or []:
        if isinstance(message, list) and len(message) == 2 and message[0] == "execution_error":
            data = message[1] or {}
            return (
                f"node {data.get('node_id')} ({data.get('node_type')}): "
                f"{data.get('exception_message', '').strip()}"
            )
    return "no details in its history"


def _first_output(outputs: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any] | None:
    for key in keys:
        for node_output in outputs.values():
            for item in (node_output or {}).get(key) or []:
                if isinstance(item, dict) and item.get("filename") and item.get("type") != "temp":
                    return item
    return None


class ComfyImage(_ComfyUI):
    """``ImageModel``: the workflow's first saved image."""

    capability = "image"

    def generate_image(self, shot: ShotCard, seed: int, ctx: RunContext, out: Path) -> MediaOut:
        """Run the workflow for ``shot``; its first output image lands in ``out``."""
        width, height = self._size()
        graph = self._inject(
            self._workflow()[0],
            {
                "prompt": prompt_for(shot, PROMPT_LIMIT),
                "seed": seed,
                "width": width,
                "height": height,
                "negative": self.options.get("negative_prompt", ""),
            },
        )
        return self._run(graph, ctx, f"the still of {shot.id}", out, ("image/",))


class ComfyVideo(_ComfyUI):
    """``VideoModel``: an image-to-video workflow fed the uploaded still."""

    capability = "video"
    output_keys = VIDEO_KEYS

    def animate(
        self, still: Media, shot: ShotCard, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut:
        """Upload ``still``, run the workflow, fetch its first video output into ``out``."""
        width, height = self._size()
        uploaded = self._upload(still, ctx)
        graph = self._inject(
            self._workflow()[0],
            {
                "prompt": prompt_for(shot, PROMPT_LIMIT),
                "seed": seed,
                "width": width,
                "height": height,
                "image": uploaded,
                "negative": self.options.get("negative_prompt", ""),
            },
        )
        clip = self._run(
            graph, ctx, f"the clip of {shot.id}", out, ("video/", "image/gif", "image/webp")
        )
        return MediaOut(clip.path, {**clip.meta, "still": still.hash})

    def _upload(self, still: Media, ctx: RunContext) -> str:
        name = f"shotgraph-{still.hash[:16]}{Path(still.path).suffix or '.png'}"
        data = Path(still.path).read_bytes()
        answer = self.client.call(
            "POST",
            "/upload/image",
            ctx=ctx,
            what="the still upload",
            files={"image": (name, data, still.mime or "image/png")},
            data={"type": "input", "overwrite": "true"},
        )
        if not isinstance(answer, dict) or not answer.get("name"):
            raise self.client.error(ErrorKind.TRANSIENT, "ComfyUI did not confirm the upload")
        sub = answer.get("subfolder") or ""
        return f"{sub}/{answer['name']}" if sub else str(answer["name"])


register_provider("image", "comfyui", ComfyImage)
register_provider("video", "comfyui", ComfyVideo)
