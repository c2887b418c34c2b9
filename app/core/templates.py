"""Project templates: a premise, a cast and a wired graph to start from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.core.graph import new_node_id
from app.core.store.project import Project, ProjectError

TEMPLATES = Path(__file__).resolve().parents[2] / "resources" / "templates"


def list_templates() -> list[str]:
    """Names of the templates shipped with the app."""
    return sorted(p.stem for p in TEMPLATES.glob("*.json"))


def load_template(name: str) -> dict[str, Any]:
    path = TEMPLATES / f"{name}.json"
    if not path.is_file():
        known = ", ".join(list_templates())
        raise ProjectError(f"no template called {name!r} (available: {known})")
    return json.loads(path.read_text(encoding="utf-8"))


def graph_from_template(template: dict[str, Any]) -> dict[str, Any]:
    """The template's graph with fresh node ids (so two projects never share ids)."""
    ids = {n["id"]: new_node_id() for n in template["nodes"]}
    nodes = [dict(n, id=ids[n["id"]]) for n in template["nodes"]]
    edges = [[ids[s], sp, ids[d], dp] for s, sp, d, dp in template["edges"]]
    return {"nodes": nodes, "edges": edges}


def create_project(path: Path, template: str, registry: Any,
                   name: str | None = None) -> Project:
    """A new project at ``path`` made from ``template``, its nodes typed by ``registry``."""
    data = load_template(template)
    graph = graph_from_template(data)
    return Project.create(Path(path), registry, name=name or data.get("title") or Path(path).name,
                          graph_data=graph, settings=data.get("settings", {}))
