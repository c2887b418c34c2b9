"""Midjourney through a self-hosted midjourney-proxy (novicezk/midjourney-proxy).

``POST /submit/imagine`` makes a 2x2 grid; by default one quadrant is then upscaled
(``POST /submit/change`` with ``UPSCALE``), which is a second paid job with its own
journal entry. Tasks are polled with ``GET /task/{id}/fetch``. Submit codes: 1 and 22
(queued) are accepted, 21 (already exists) resumes the existing task, 23 (queue full)
is a rate refusal safe to retry, 24 is a banned prompt. Every submit carries the submit
reference in ``state``, which the proxy keeps on the task, so a submit whose answer was
lost is found again in ``GET /task/list`` instead of being bought twice.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import requests

from app.core.node_api import MediaOut, RunContext
from app.core.providers import ErrorKind, ProviderError, register_provider
from app.core.screenplay import ShotCard
from nodes.providers.http import Refused, error_text, status_kind
from nodes.providers.service import ServiceProvider, prompt_for, reference_images
from nodes.providers.tasks import TaskState

ACCEPTED = {1, 21, 22}
PROMPT_LIMIT = 4000
MAX_REFERENCES = 3  # image prompts per imagine, from the characters' reference images


def _progress(value: Any) -> float | None:
    try:
        return float(str(value).rstrip("%")) / 100.0
    except (TypeError, ValueError):
        return None


class MidjourneyImage(ServiceProvider):
    """``ImageModel``: Midjourney imagine (+ upscale of one quadrant) at 9:16."""

    name = "midjourney"
    service = "Midjourney (midjourney-proxy)"
    capability = "image"
    default_base_url = "http://127.0.0.1:8080/mj"
    default_model = "midjourney"
    default_concurrency = 3
    key_env = ("SHOTGRAPH_MIDJOURNEY_API_KEY",)
    key_optional = True
    output_options = ("upscale", "params")

    def auth_headers(self, key: str) -> dict[str, str]:
        return {"mj-api-secret": key}

    def map_error(self, response: requests.Response) -> ProviderError:
        status = response.status_code
        kind = status_kind(status)
        if kind is ErrorKind.AUTH:
            return ProviderError(
                self.name,
                kind,
                "midjourney-proxy rejected the secret: check "
                "SHOTGRAPH_MIDJOURNEY_API_KEY against its mj.api-secret",
            )
        return ProviderError(
            self.name, kind, f"midjourney-proxy answered HTTP {status}: {error_text(response)}"
        )

    def generate_image(self, shot: ShotCard, seed: int, ctx: RunContext, out: Path) -> MediaOut:
        """A still of ``shot``: the grid, then (by default) one upscaled quadrant."""
        extra = str(self.options.get("params", "--ar 9:16"))
        prompt = f"{prompt_for(shot, PROMPT_LIMIT)} {extra} --seed {seed % 4294967295}"
        references = reference_images(shot, ctx, MAX_REFERENCES)
        request: dict[str, Any] = {"action": "IMAGINE", "prompt": prompt}
        if references:
            request["references"] = [r.hash for r in references]

        def imagine(ref: str) -> str:
            body: dict[str, Any] = {"prompt": prompt, "state": ref}
            if references:  # image prompts: the proxy uploads them ahead of the text
                body["base64Array"] = [data_uri(r.path, r.mime) for r in references]
            return self._submit("/submit/imagine", body, ctx)

        grid = self.paid_task(
            ctx,
            request,
            imagine,
            lambda tid: self._state(tid, ctx),
            f"the still of shot {shot.id}",
            {"image": 1},
            lookup=lambda ref: self._find(ref, ctx),
            where="the midjourney-proxy task list (and your Midjourney gallery)",
        )
        url, task_id = grid.result
        index = int(self.options.get("upscale", 1))
        if 1 <= index <= 4:
            body = {"action": "UPSCALE", "index": index, "taskId": task_id}
            up = self.paid_task(
                ctx,
                body,
                lambda ref: self._submit("/submit/change", {**body, "state": ref}, ctx),
                lambda tid: self._state(tid, ctx),
                f"the upscale of {shot.id}",
                {},
                lookup=lambda ref: self._find(ref, ctx),
                where="the midjourney-proxy task list",
            )
            url = up.result[0]
        self.client.download(url, out, ctx=ctx, kinds=("image/",), what=f"the still of {shot.id}")
        return MediaOut(out, {"generator": "midjourney", "prompt_params": extra, "upscale": index})

    def _submit(self, path: str, body: dict[str, Any], ctx: RunContext) -> str:
        return self.client.call(
            "POST",
            path,
            ctx=ctx,
            retry="refused",
            json=body,
            parse=self._submitted,
            what="the imagine submit",
        )

    def _find(self, ref: str, ctx: RunContext) -> str | None:
        """The id of the proxy's task whose ``state`` is ``ref``, if it has one."""
        tasks = self.client.call("GET", "/task/list", ctx=ctx, what="the task list")
        for task in tasks if isinstance(tasks, list) else []:
            if isinstance(task, dict) and task.get("state") == ref and task.get("id"):
                return str(task["id"])
        return None

    def _submitted(self, response: requests.Response) -> str:
        try:
            answer = response.json()
            code = int(answer.get("code"))
        except (ValueError, TypeError, AttributeError):
            raise ProviderError(
                self.name,
                ErrorKind.TRANSIENT,
                "midjourney-proxy answered the "
                "submit with something unreadable; it may have queued the job, "
                "check its task list before running again",
            ) from None
        description = str(answer.get("description") or "")
        if code in ACCEPTED and answer.get("result"):
            return str(answer["result"])
        if code == 23:
            raise Refused(self.name, ErrorKind.RATE, f"the Midjourney queue is full: {description}")
        if code == 24:
            raise ProviderError(
                self.name,
                ErrorKind.MODERATION,
                f"Midjourney banned a word in the prompt: {description}; reword it",
            )
        if code == 4:
            raise ProviderError(
                self.name, ErrorKind.BAD_REQUEST, f"midjourney-proxy: {description}"
            )
        raise ProviderError(
            self.name,
            ErrorKind.TASK_FAILED,
            f"midjourney-proxy refused the job (code {code}): {description}",
        )

    def _state(self, task_id: str, ctx: RunContext) -> TaskState:
        task = self.client.call(
            "GET", f"/task/{task_id}/fetch", ctx=ctx, parse=_maybe_json, what="the task fetch"
        )
        if not isinstance(task, dict) or not task:
            raise self.client.error(ErrorKind.NOT_FOUND, f"midjourney-proxy has no task {task_id}")
        status = str(task.get("status", ""))
        if status == "SUCCESS":
            if not task.get("imageUrl"):
                return TaskState(
                    status,
                    error=self.client.error(
                        ErrorKind.TASK_FAILED,
                        f"Midjourney task {task_id} finished without an image",
                    ),
                )
            return TaskState(status, done=True, result=(str(task["imageUrl"]), task_id))
        if status == "FAILURE":
            reason = str(task.get("failReason") or "no reason given")
            kind = (
                ErrorKind.MODERATION
                if "banned" in reason.lower() or "moderat" in reason.lower()
                else ErrorKind.TASK_FAILED
            )
            return TaskState(
                status, error=self.client.error(kind, f"Midjourney task {task_id} failed: {reason}")
            )
        return TaskState(status, progress=_progress(task.get("progress")))

    def check(self) -> tuple[bool, str]:
        """Queries the proxy's queue (``/task/queue``), which needs the secret when one is set."""
        try:
            queue = self.client.call("GET", "/task/queue", ctx=None, what="the queue")
        except ProviderError as exc:
            return False, exc.message
        return True, f"midjourney-proxy: reachable, {len(queue or [])} jobs queued"


def _maybe_json(response: requests.Response) -> Any:
    """The proxy answers an unknown task id with an empty 200 body."""
    if not response.content.strip():
        return None
    try:
        return response.json()
    except ValueError:
        raise ProviderError(
            "midjourney",
            ErrorKind.TRANSIENT,
            "midjourney-proxy answered the fetch with invalid JSON",
        ) from None


register_provider("image", "midjourney", MidjourneyImage)


def data_uri(path: Path, mime: str) -> str:
    """An image file as a ``data:`` URI, the form midjourney-proxy's ``base64Array`` takes."""
    kind = mime if mime.startswith("image/") else "image/png"
    return f"data:{kind};base64,{base64.b64encode(Path(path).read_bytes()).decode('ascii')}"
