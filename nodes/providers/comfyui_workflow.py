"""Reading a ComfyUI workflow saved with "Save (API Format)": where each value goes.

An API-format workflow is ``{node_id: {"class_type", "inputs": {name: value | [src_id,
output_index]}}}``. ``find_targets`` locates, as ``"<node id>.<input name>"``:

- ``prompt`` / ``negative`` — the text of the text encoder reached by following a
  sampler's ``positive`` / ``negative`` input (``KSampler``, ``KSamplerAdvanced``,
  ``SamplerCustom``, or the guider of ``SamplerCustomAdvanced``), through nodes that pass
  conditioning on (``WanImageToVideo``, ``ConditioningCombine``, ControlNet appliers…);
- ``seed`` — the sampler's ``seed``/``noise_seed`` (or its ``RandomNoise`` node's);
- ``width`` / ``height`` — an empty latent (``EmptyLatentImage``, ``EmptySD3LatentImage``,
  the video latents) or an image-to-video node that takes the size;
- ``image`` — the ``LoadImage`` node's file (the still is uploaded first);
- the output — a ``SaveImage``/``SaveVideo``/``VHS_VideoCombine``-like node.

A creator's explicit ``nodes`` mapping overrides any of them, and must name inputs the
workflow has: a typo (``"3.sead"``) is an error, never a silently added input.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

SAMPLERS = ("KSampler", "KSamplerAdvanced", "SamplerCustom", "SamplerCustomAdvanced")
# Text encoders and the input holding the prompt (the first one listed is used).
TEXT_ENCODERS = {
    "CLIPTextEncode": ("text",),
    "CLIPTextEncodeSDXL": ("text_g", "text_l"),
    "CLIPTextEncodeSD3": ("t5xxl", "clip_l", "clip_g"),
    "CLIPTextEncodeFlux": ("t5xxl", "clip_l"),
    "CLIPTextEncodeHunyuanDiT": ("bert", "mt5xl"),
    "TextEncodeHunyuanVideo_ImageToVideo": ("prompt",),
    "TextEncodeQwenImageEdit": ("prompt",),
}
SEED_INPUTS = ("seed", "noise_seed")
OUTPUT_NODES = (
    "SaveImage",
    "SaveVideo",
    "SaveAnimatedWEBP",
    "SaveAnimatedPNG",
    "SaveWEBM",
    "VHS_VideoCombine",
    "PreviewImage",
)
LOADERS = ("LoadImage",)
FIELDS = ("prompt", "negative", "seed", "width", "height", "image")


class WorkflowError(ValueError):
    """The workflow cannot take the shot's values; the message says which and why."""


@dataclass(frozen=True)
class Targets:
    """Where each value goes (``"<node id>.<input>"``) and which node saves the result."""

    fields: dict[str, str]
    output: str | None

    def get(self, name: str) -> str | None:
        return self.fields.get(name)


def is_link(value: Any) -> bool:
    """Whether an input value is a link ``[source node id, output index]``."""
    return (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], int)
    )


def find_targets(graph: Mapping[str, Any], overrides: Mapping[str, str] | None = None) -> Targets:
    """Where the prompt, negative, seed, size and image go in ``graph``, and its output.

    ``overrides`` (the provider option ``nodes``) win; each must name an input the
    workflow has, else ``WorkflowError``.
    """
    found: dict[str, str] = {}
    sampler = _sampler(graph)
    if sampler is not None:
        for role, name in (("positive", "prompt"), ("negative", "negative")):
            target = _encoder_text(graph, _conditioning_source(graph, sampler, role), role)
            if target:
                found[name] = target
        seed = _seed(graph, sampler)
        if seed:
            found["seed"] = seed
    size = _size_node(graph)
    if size:
        found["width"], found["height"] = f"{size}.width", f"{size}.height"
    loader = next((nid for nid, n in _nodes(graph) if n.get("class_type") in LOADERS), None)
    if loader:
        found["image"] = f"{loader}.image"
    for name, target in (overrides or {}).items():
        if name not in FIELDS:
            raise WorkflowError(
                f"the ComfyUI option 'nodes' names {name!r}; it knows {', '.join(FIELDS)}"
            )
        _check_target(graph, name, str(target))
        found[name] = str(target)
    return Targets(found, _output_node(graph))


def inject(graph: Mapping[str, Any], targets: Targets, values: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``graph`` with ``values`` written where ``targets`` says.

    An empty ``negative`` keeps the workflow's own negative text; a value with nowhere to
    go is left out, except the prompt, which every workflow must take.
    """
    out = copy.deepcopy(dict(graph))
    for name, value in values.items():
        target = targets.get(name)
        if name == "negative" and not value:
            continue
        if target is None:
            if name == "prompt":
                raise WorkflowError(
                    "the workflow has no text encoder reachable from a sampler's positive "
                    "input; set the ComfyUI option 'nodes' to say where the prompt goes, "
                    'e.g. {"prompt": "6.text"}'
                )
            continue
        node_id, _, field = target.partition(".")
        out[node_id]["inputs"][field] = value
    return out


# -- finding things ------------------------------------------------------------------------
def _nodes(graph: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for node_id, node in graph.items():
        if isinstance(node, dict):
            yield str(node_id), node


def _inputs(graph: Mapping[str, Any], node_id: str) -> dict[str, Any]:
    node = graph.get(node_id)
    inputs = node.get("inputs") if isinstance(node, dict) else None
    return inputs if isinstance(inputs, dict) else {}


def _sampler(graph: Mapping[str, Any]) -> str | None:
    """The sampler feeding the saved output (else the first sampler in the workflow)."""
    samplers = [nid for nid, n in _nodes(graph) if n.get("class_type") in SAMPLERS]
    if len(samplers) <= 1:
        return samplers[0] if samplers else None
    output = _output_node(graph)
    upstream = _upstream(graph, output) if output else set()
    return next((s for s in samplers if s in upstream), samplers[0])


def _upstream(graph: Mapping[str, Any], start: str) -> list[str]:
    """Every node ``start`` depends on, nearest first."""
    seen: list[str] = []
    queue = [start]
    while queue:
        node_id = queue.pop(0)
        for value in _inputs(graph, node_id).values():
            if is_link(value) and value[0] not in seen and value[0] in graph:
                seen.append(value[0])
                queue.append(value[0])
    return seen


def _conditioning_source(graph: Mapping[str, Any], sampler: str, role: str) -> str | None:
    """The node a sampler's ``positive``/``negative`` comes from (through its guider)."""
    inputs = _inputs(graph, sampler)
    link = inputs.get(role)
    if link is None and is_link(inputs.get("guider")):  # SamplerCustomAdvanced
        guider = _inputs(graph, inputs["guider"][0])
        link = guider.get(role) or (guider.get("conditioning") if role == "positive" else None)
    return link[0] if is_link(link) else None


def _encoder_text(graph: Mapping[str, Any], start: str | None, role: str) -> str | None:
    """``"<id>.<text input>"`` of the first text encoder up the ``role`` (positive or
    negative) conditioning chain: a node passing both on (``WanImageToVideo``) is left by
    its input of the same role, any other by its conditioning inputs."""
    seen: set[str] = set()
    queue = [start] if start else []
    while queue:
        node_id = queue.pop(0)
        if node_id in seen or node_id not in graph:
            continue
        seen.add(node_id)
        node = graph[node_id]
        names = TEXT_ENCODERS.get(str(node.get("class_type")))
        inputs = _inputs(graph, node_id)
        if names:
            name = next((n for n in names if isinstance(inputs.get(n), str)), None)
            if name:
                return f"{node_id}.{name}"
            continue  # its text comes from another node: leave that workflow alone
        if is_link(inputs.get(role)):  # conditioning passes on through this node
            queue.append(inputs[role][0])
            continue
        queue += [v[0] for n, v in inputs.items() if is_link(v) and "conditioning" in n]
    return None


def _seed(graph: Mapping[str, Any], sampler: str) -> str | None:
    inputs = _inputs(graph, sampler)
    for name in SEED_INPUTS:
        if name in inputs and not is_link(inputs[name]):
            return f"{sampler}.{name}"
    noise = inputs.get("noise")
    if is_link(noise):  # SamplerCustomAdvanced: RandomNoise.noise_seed
        for name in SEED_INPUTS:
            if name in _inputs(graph, noise[0]):
                return f"{noise[0]}.{name}"
    return None


def _size_node(graph: Mapping[str, Any]) -> str | None:
    """The node whose literal ``width``/``height`` set the picture size."""
    def takes_size(node_id: str, node: dict[str, Any]) -> bool:
        inputs = _inputs(graph, node_id)
        return isinstance(inputs.get("width"), int) and isinstance(inputs.get("height"), int)

    ranked = sorted(
        ((nid, n) for nid, n in _nodes(graph) if takes_size(nid, n)),
        key=lambda item: _size_rank(str(item[1].get("class_type"))),
    )
    return ranked[0][0] if ranked and _size_rank(str(ranked[0][1].get("class_type"))) < 3 else None


def _size_rank(class_type: str) -> int:
    if class_type in ("EmptyLatentImage", "EmptySD3LatentImage"):
        return 0
    if class_type.startswith("Empty") and "Latent" in class_type:
        return 1
    if "ToVideo" in class_type or "ImgToVideo" in class_type:
        return 2
    return 3


def _output_node(graph: Mapping[str, Any]) -> str | None:
    ranked = [nid for nid, n in _nodes(graph) if n.get("class_type") in OUTPUT_NODES]
    saving = [nid for nid in ranked if graph[nid].get("class_type") != "PreviewImage"]
    return (saving or ranked or [None])[0]


def _check_target(graph: Mapping[str, Any], name: str, target: str) -> None:
    node_id, _, field = target.partition(".")
    if node_id not in graph or not field:
        raise WorkflowError(
            f"the ComfyUI option 'nodes' sends the {name} to {target!r}, but the workflow "
            f"has no node {node_id!r}"
        )
    inputs = _inputs(graph, node_id)
    if field not in inputs:
        known = ", ".join(sorted(inputs)) or "none"
        raise WorkflowError(
            f"the ComfyUI option 'nodes' sends the {name} to {target!r}, but node {node_id} "
            f"({graph[node_id].get('class_type')}) has no input {field!r} (it has: {known})"
        )
