"""ComfyUI: run a user's API-format workflow with the shot's prompt, seed, size and still.

Option ``workflow``: a JSON file saved with "Save (API Format)", used unchanged: the
prompt, negative prompt, seed, size, input image and output node are found by following
the sampler's inputs (``comfyui_workflow.find_targets``). Option ``nodes`` overrides any
of them as ``"<node id>.<input name>"``::

    {"prompt": "6.text", "negative": "7.text", "seed": "3.seed",
     "width": "5.width", "height": "5.height", "image": "10.image"}

``POST /prompt`` queues it under a ``prompt_id`` we choose (saved in the task journal
first, so a lost answer is found again in ``/history`` or ``/queue`` rather than queued
twice; partner nodes in a workflow bill the creator's Comfy account). A 400 with
``node_errors`` names the broken node; a 200 whose ``node_errors`` break the output we
wait for is cancelled at once (deleted from the queue, interrupted if running) and the
errors reported, its id kept as a failed task. ``GET /history/{id}`` stays empty until
it is done and the saved file is fetched with ``GET /view``. For image-to-video the still
is uploaded first with ``POST /upload/image``.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

import requests

from app.core.node_api import Media, MediaOut, RunContext
from app.core.providers import ErrorKind, ProviderError, register_provider
from app.core.screenplay import ShotCard
from nodes.providers.comfyui_workflow import Targets, WorkflowError, find_targets, inject
from nodes.providers.http import error_text, json_body, status_kind
from nodes.providers.service import ServiceProvider, prompt_for
from nodes.providers.tasks import TaskRejected, TaskState

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

    def _targets(self, graph: dict[str, Any]) -> Targets:
        try:
            return find_targets(graph, self.options.get("nodes") or {})
        except WorkflowError as exc:
            raise ProviderError(self.name, ErrorKind.BAD_REQUEST, str(exc)) from None

    def _inject(self, graph: dict[str, Any], values: dict[str, Any]) -> tuple[dict[str, Any], Targets]:
        targets = self._targets(graph)
        try:
            return inject(graph, targets, values), targets
        except WorkflowError as exc:
            raise ProviderError(self.name, ErrorKind.BAD_REQUEST, str(exc)) from None

    # -- running --------------------------------------------------------------------------
    def _run(
        self,
        graph: dict[str, Any],
        targets: Targets,
        ctx: RunContext,
        what: str,
        out: Path,
        kinds: tuple[str, ...],
    ) -> MediaOut:
        digest = hashlib.sha256(json.dumps(graph, sort_keys=True).encode()).hexdigest()
        state = self.paid_task(
            ctx,
            {"graph_sha256": digest},
            lambda ref: self._submit(graph, targets, ref, ctx),
            lambda pid: self._state(pid, targets, ctx),
            what,
            {"request": 1},
            lookup=lambda ref: self._find(ref, ctx),
            new_ref=lambda: str(uuid.uuid4()),
            where="the ComfyUI queue and history",
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

    def _submit(self, graph: dict[str, Any], targets: Targets, prompt_id: str, ctx: RunContext) -> str:
        answer = self.client.call(
            "POST",
            "/prompt",
            ctx=ctx,
            retry="refused",
            json={"prompt": graph, "client_id": uuid.uuid4().hex, "prompt_id": prompt_id},
            what="the workflow submit",
            parse=_queued_answer,
        )
        queued = str(answer.get("prompt_id") or prompt_id)
        errors = answer.get("node_errors") or {}
        if errors and _breaks(errors, targets.output):
            self._cancel(queued, ctx)
            raise TaskRejected(
                self.name,
                ErrorKind.BAD_REQUEST,
                self.client.redact(
                    f"{_workflow_problem(answer)}; ComfyUI had queued it as {queued}, "
                    "which was cancelled"
                ),
                queued,
            )
        if errors:
            ctx.log(f"ComfyUI queued {queued} with errors in outputs we do not use: "
                    f"{_workflow_problem(answer)}")
        return queued

    def _cancel(self, prompt_id: str, ctx: RunContext) -> None:
        """Take ``prompt_id`` off the queue, and interrupt it if it is already running."""
        try:
            self.client.call("POST", "/queue", ctx=ctx, json={"delete": [prompt_id]},
                             what="the queue delete", parse=lambda r: None)
            if self._where_queued(prompt_id, ctx) == "running":
                self.client.call("POST", "/interrupt", ctx=ctx, json={"prompt_id": prompt_id},
                                 what="the interrupt", parse=lambda r: None)
        except ProviderError as exc:
            ctx.log(f"ComfyUI: could not cancel {prompt_id} ({exc.message}); stop it by hand")

    def _find(self, prompt_id: str, ctx: RunContext) -> str | None:
        """``prompt_id`` when ComfyUI has it (queued, running or in its history)."""
        if self._where_queued(prompt_id, ctx):
            return prompt_id
        history = self.client.call("GET", f"/history/{prompt_id}", ctx=ctx, what="the history")
        return prompt_id if isinstance(history, dict) and history.get(prompt_id) else None

    def _where_queued(self, prompt_id: str, ctx: RunContext) -> str:
        """``running``, ``queued`` or "" for a prompt id, from ``GET /queue``."""
        queue = self.client.call("GET", "/queue", ctx=ctx, what="the queue poll")
        for key, label in (("queue_running", "running"), ("queue_pending", "queued")):
            for item in (queue or {}).get(key) or [] if isinstance(queue, dict) else []:
                if isinstance(item, list) and len(item) > 1 and item[1] == prompt_id:
                    return label
        return ""

    def _state(self, prompt_id: str, targets: Targets, ctx: RunContext) -> TaskState:
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
        outputs = entry.get("outputs") or {}
        found = _first_output(
            {targets.output: outputs[targets.output]} if targets.output in outputs else outputs,
            self.output_keys,
        )
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
        label = self._where_queued(prompt_id, ctx)
        if label:
            return TaskState(label, progress=0.5 if label == "running" else 0.1)
        raise self.client.error(
            ErrorKind.NOT_FOUND,
            f"ComfyUI has no prompt {prompt_id} (was it restarted or its history cleared?)",
        )

    def check(self) -> tuple[bool, str]:
        """``GET /system_stats`` proves the server answers; the workflow file is read too."""
        try:
            stats = self.client.call("GET", "/system_stats", ctx=None, what="the system stats")
            self._targets(self._workflow()[0])
        except ProviderError as exc:
            return False, exc.message
        version = ((stats or {}).get("system") or {}).get("comfyui_version", "?")
        return True, f"ComfyUI {version} at {self.settings.base_url}; workflow readable"


def _queued_answer(response: requests.Response) -> dict[str, Any]:
    """The ``/prompt`` answer; one without a prompt id is unclear (it may have queued)."""
    answer = json_body(response)
    if not isinstance(answer, dict) or not answer.get("prompt_id"):
        raise ProviderError(
            "comfyui",
            ErrorKind.TRANSIENT,
            f"ComfyUI answered without a prompt_id: {str(answer)[:200]}",
        )
    return answer


def _breaks(node_errors: dict[str, Any], output: str | None) -> bool:
    """Whether a 200's ``node_errors`` stop the output we wait for (unknown: they do)."""
    if output is None:
        return True
    for info in node_errors.values():
        dependent = (info or {}).get("dependent_outputs") if isinstance(info, dict) else None
        if not dependent or output in [str(d) for d in dependent]:
            return True
    return False


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
        graph, targets = self._inject(
            self._workflow()[0],
            {
                "prompt": prompt_for(shot, PROMPT_LIMIT),
                "seed": seed,
                "width": width,
                "height": height,
                "negative": self.options.get("negative_prompt", ""),
            },
        )
        return self._run(graph, targets, ctx, f"the still of {shot.id}", out, ("image/",))


class ComfyVideo(_ComfyUI):
    """``VideoModel``: an image-to-video workflow fed the uploaded still."""

    capability = "video"
    output_keys = VIDEO_KEYS

    def animate(
        self, still: Media, shot: ShotCard, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut:
        """Upload ``still``, run the workflow, fetch its first video output into ``out``."""
        width, height = self._size()
        workflow = self._workflow()[0]
        if self._targets(workflow).get("image") is None:
            raise ProviderError(
                self.name,
                ErrorKind.BAD_REQUEST,
                "the ComfyUI video workflow has no LoadImage node for the still; add one "
                "or name it in the option 'nodes' (\"image\": \"<id>.image\")",
            )
        uploaded = self._upload(still, ctx)
        graph, targets = self._inject(
            workflow,
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
            graph, targets, ctx, f"the clip of {shot.id}", out,
            ("video/", "image/gif", "image/webp"),
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
