"""``set`` and ``show``: every node setting, changed and read without the app.

``set`` goes through the same undoable command as the app's properties pane (``SetParam``
on the project's undo stack), so it is validated by the node's settings model and saved
before the command returns; a file chosen from outside the project is copied into it.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import click
from pydantic import BaseModel, ValidationError
from rich.table import Table

from app.cli.command import EXIT_CODES, USAGE, cli, fail, node_targets, open_project, out
from app.core.graph import GraphError, Node, RenameNode, SetParam
from app.core.store import imports
from app.core.store.project import Project

LONG = 100  # characters of a value shown in the overview; ``show NODE`` shows all


@cli.command("set", epilog=EXIT_CODES)
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.argument("node")
@click.argument("param")
@click.argument("value")
def set_command(path: Path, node: str, param: str, value: str) -> None:
    """Set PARAM of NODE (a title or id) to VALUE, saved at once.

    VALUE is read as JSON when it parses (7, true, ["a","b"], {"s1": {...}}), else as text.
    A file setting given a file from outside the project copies it into the project.
    """
    with open_project(path) as project:
        node_id = node_targets(project, (node,))[0]
        target = project.graph.node(node_id)
        node_type = project.graph.catalog.get(target.type_id)
        label = project.graph.label(node_id)
        if param not in node_type.Params.model_fields:
            if param == "title":
                _rename(project, node_id, value)
                return
            fail(_unknown_setting(label, param, node_type.Params), USAGE)
        new = _value(node_type, target, param, value, label)
        if param in imports.FILE_KEYS and isinstance(new, str):
            new = _chosen_file(new)
        old = target.params.get(param, node_type.default_params().get(param))
        if old == new:
            out.print(f"{label}: {param} is already {_show(new)}; nothing changed")
            return
        try:
            project.undo.push(SetParam(node_id, param, new))
        except GraphError as exc:
            fail(str(exc), USAGE)
        if project.save_error:
            fail(project.save_error)
        out.print(f"{label}: {param} {_show(old)} -> {_show(target.params.get(param))} (saved)",
                  markup=False, soft_wrap=True)


def _value(node_type: Any, node: Node, param: str, raw: str, label: str) -> Any:
    """VALUE as JSON when it parses and fits, else as text; exit 2 with why neither fits."""
    candidates: list[Any] = []
    try:
        candidates.append(json.loads(raw))
    except ValueError:
        pass
    candidates.append(raw)
    first_error: ValidationError | None = None
    for candidate in candidates:
        try:
            node_type.parse_params({**node.params, param: candidate})
        except ValidationError as exc:
            first_error = first_error or exc
            continue
        return candidate
    assert first_error is not None
    fail(f"{label}: {param}: {_why(first_error, param)}", USAGE)


def _why(error: ValidationError, param: str) -> str:
    """The validation errors about ``param``, in one line."""
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"][1:])
        got = item.get("input")
        shown = "" if isinstance(got, dict | list) else f" (got {got!r})"
        parts.append(f"{where + ': ' if where else ''}{item['msg']}{shown}")
    return "; ".join(parts) or str(error)


def _unknown_setting(label: str, param: str, params: type[BaseModel]) -> str:
    names = list(params.model_fields)
    close = difflib.get_close_matches(param, names, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    listed = ", ".join(names) or "none"
    return f"{label} has no setting {param!r}; {hint}its settings: {listed}"


def _chosen_file(raw: str) -> str:
    """A file named relative to where the command runs becomes absolute (then copied in)."""
    path = Path(raw).expanduser()
    if raw.strip() and not path.is_absolute() and path.is_file():
        return str(path.resolve())
    return raw


def _rename(project: Project, node_id: str, title: str) -> None:
    label = project.graph.label(node_id)
    project.undo.push(RenameNode(node_id, title))
    if project.save_error:
        fail(project.save_error)
    out.print(f"{label}: renamed to {title!r} (saved)", markup=False)


def _show(value: Any, limit: int | None = None) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    if limit is not None and len(text) > limit:
        return text[: limit - 1] + "…"
    return text


# -- show -------------------------------------------------------------------------------


@cli.command(epilog=EXIT_CODES)
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.argument("node", required=False)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def show(path: Path, node: str | None, as_json: bool) -> None:
    """Show every node's settings (or one NODE's, with defaults and what each does)."""
    with open_project(path) as project:
        ids = node_targets(project, (node,)) if node else list(project.graph.nodes)
        described = [_describe(project, nid) for nid in ids]
        if as_json:
            payload = described[0] if node else {"project": project.name, "nodes": described}
            out.print_json(json.dumps(payload, ensure_ascii=False))
            return
        if node:
            _print_node(described[0])
            return
        out.print(f"{project.name}: {len(described)} nodes", markup=False)
        for d in described:
            _print_overview(d)


def _describe(project: Project, node_id: str) -> dict[str, Any]:
    """One node as data: id, title, type, settings (with defaults), wiring."""
    graph = project.graph
    node = graph.node(node_id)
    node_type = graph.catalog.get(node.type_id)
    problem = ""
    try:
        params = node_type.parse_params(node.params).model_dump(mode="json")
    except ValidationError as exc:
        params, problem = dict(node.params), _why(exc, "")
    defaults = node_type.default_params()
    fields = node_type.Params.model_fields
    settings = [
        {"name": name, "value": params.get(name), "default": defaults.get(name),
         "about": (fields[name].description or "") if name in fields else ""}
        for name in params
    ]
    inputs = {
        e.dst_port: {"node": e.src, "port": e.src_port, "title": graph.label(e.src)}
        for e in graph.incoming(node_id)
    }
    described = {"id": node.id, "title": node.title, "type": node.type_id,
                 "settings": settings, "inputs": inputs}
    if problem:
        described["problem"] = problem
    return described


def _print_overview(d: dict[str, Any]) -> None:
    out.print(f"\n{d['title']} ({d['id']})  {d['type']}", markup=False, style="bold")
    for s in d["settings"]:
        out.print(f"  {s['name']:<18} {_show(s['value'], LONG)}", markup=False, soft_wrap=True)
    for port, src in d["inputs"].items():
        out.print(f"  <- {port:<15} {src['title']}.{src['port']}", markup=False)
    if d.get("problem"):
        out.print(f"  problem: {d['problem']}", markup=False, style="red")


def _print_node(d: dict[str, Any]) -> None:
    table = Table("setting", "value", "default", "about",
                  title=f"{d['title']} ({d['id']}) {d['type']}")
    for s in d["settings"]:
        same = s["value"] == s["default"]
        table.add_row(s["name"], _show(s["value"]), "" if same else _show(s["default"]),
                      s["about"])
    out.print(table)
    for port, src in d["inputs"].items():
        out.print(f"input {port} <- {src['title']}.{src['port']}", markup=False)
    if d.get("problem"):
        out.print(f"problem: {d['problem']}", markup=False, style="red")
