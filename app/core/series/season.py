"""A series folder: the shared part, one media store, one project per episode.

```
my-series/
  series.json              cast, style, prompts, writer, budget, outline (spec.py)
  prices.json              the season's price table
  store/store.shotgraph    the one content-addressed store every episode uses
  store/media/             (its files)
  ep01/ep01.shotgraph      episode 1: its graph, runs, takes, provider calls
  ep02/...
```
Each episode's graph is kept in line with ``series.json`` by ``sync``: the cast goes to
its Character bible, the style to its Style node, the outline's premise and the earlier
episodes' synopses to its Script writer. Equal settings give equal cache keys, so what is
the same in every episode (the cast's reference sheets) is made once, in the one store.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core import prices
from app.core.graph import SetParam
from app.core.series.spec import SeriesError, SeriesSpec, load_spec, save_spec
from app.core.store.project import Project, ProjectError
from app.core.templates import graph_from_template

STORE = "store"
EXPORT_TYPE = "edit.export"
# Node types whose settings the series owns (what ``sync`` writes into every episode).
SHARED_TYPES = ("character.bible", "style.preset", "script.write")
WRITER_KEYS = ("genre", "tone", "length_s", "seed", "provider", "model")
BIBLE_KEYS = ("seed", "provider", "model")


def episode_name(number: int) -> str:
    return f"ep{number:02d}"


def spec_from_template(template: dict[str, Any], outline: Any, name: str) -> SeriesSpec:
    """The shared part of a new series, taken from a template's nodes."""
    by_type = {n["type"]: n.get("params", {}) for n in template["nodes"]}
    bible = by_type.get("character.bible", {})
    writer = by_type.get("script.write", {})
    prompts = {t: p["prompt_template"] for t, p in by_type.items() if p.get("prompt_template")}
    return SeriesSpec(
        title=name, template=template.get("name", "demo"),
        language=writer.get("language", template.get("settings", {}).get("language", "en")),
        cast=list(bible.get("characters", [])),
        bible={k: bible[k] for k in BIBLE_KEYS if k in bible},
        style=dict(by_type.get("style.preset", {})),
        writer={k: writer[k] for k in WRITER_KEYS if k in writer},
        prompts=prompts, outline=outline,
    )


class Series:
    """An open series folder: its spec, its one store, its episodes (opened on demand)."""

    def __init__(self, folder: Path, registry: Any):
        self.folder = Path(folder)
        self.registry = registry
        self.spec = load_spec(self.folder)
        try:
            self.store_project = Project.open(self.folder / STORE, registry)
        except ProjectError as exc:
            raise SeriesError(f"the series' media store cannot be opened: {exc}") from None
        self.store = self.store_project.artifacts
        self._episodes: dict[int, Project] = {}
        self._opening = threading.Lock()  # one open at a time (Alembic is not thread-safe)
        self._prices_set: str | None = None  # the table use_prices named, until close

    # -- making one ------------------------------------------------------------------
    @classmethod
    def create(cls, folder: Path, registry: Any, template: dict[str, Any],
               spec: SeriesSpec) -> Series:
        """A new series folder with ``spec.episode_count`` episodes made from ``template``."""
        folder = Path(folder)
        if folder.exists() and any(folder.iterdir()):
            raise SeriesError(f"{folder} already exists and is not empty; choose a new folder")
        folder.mkdir(parents=True, exist_ok=True)
        save_spec(folder, spec)
        shutil.copyfile(prices.price_table_path(), folder / spec.prices)
        Project.create(folder / STORE, registry, name=f"{spec.title} (media store)").close()
        series = cls(folder, registry)
        for outline in spec.outline.episodes:
            graph = graph_from_template(template)
            settings = {**template.get("settings", {}), "series": {"episode": outline.number}}
            project = Project.create(series.episode_folder(outline.number), registry,
                                     name=f"{spec.title} {outline.number}: {outline.title}",
                                     graph_data=graph, settings=settings, store=series.store)
            series._episodes[outline.number] = project
            series.sync(outline.number)
        return series

    # -- episodes --------------------------------------------------------------------
    @property
    def numbers(self) -> list[int]:
        return [e.number for e in self.spec.outline.episodes]

    def episode_folder(self, number: int) -> Path:
        return self.folder / episode_name(number)

    def episode(self, number: int) -> Project:
        """Episode ``number``'s project, on the series' store (opened once)."""
        if number not in self.numbers:
            raise SeriesError(f"this series has episodes 1-{len(self.numbers)}, not {number}")
        with self._opening:
            if number not in self._episodes:
                try:
                    self._episodes[number] = Project.open(self.episode_folder(number),
                                                          self.registry, store=self.store)
                except ProjectError as exc:
                    raise SeriesError(f"episode {number}: {exc}") from None
            return self._episodes[number]

    def export_node(self, project: Project) -> str | None:
        """The episode's Edit & Export node (None: the episode has none, so its whole
        graph is what a season run makes)."""
        found = [n.id for n in project.graph.nodes.values() if n.type_id == EXPORT_TYPE]
        if len(found) > 1:
            raise SeriesError(f"{project.name} has {len(found)} Edit & Export nodes; a "
                              "series episode has one")
        return found[0] if found else None

    # -- the shared part into each episode ---------------------------------------------
    def wanted_settings(self, number: int) -> dict[str, dict[str, Any]]:
        """What the series says each shared node type of episode ``number`` is set to."""
        spec = self.spec
        outline = spec.outline.episodes[number - 1]
        cast = [{k: str(c.get(k, "")) for k in ("id", "name", "look", "voice")}
                for c in spec.cast[:4]]
        wanted: dict[str, dict[str, Any]] = {
            "character.bible": {"characters": spec.cast, **spec.bible},
            "style.preset": dict(spec.style),
            "script.write": {**spec.writer, "premise": outline.premise, "cast": cast,
                             "language": spec.language,
                             "previously": spec.outline.synopses_before(number)},
        }
        for type_id, template in spec.prompts.items():
            wanted.setdefault(type_id, {})["prompt_template"] = template
        return wanted

    def sync(self, number: int) -> list[str]:
        """Bring episode ``number``'s graph in line with ``series.json`` (one undoable
        edit); returns the labels of the nodes changed. Equal settings are left alone,
        so an unchanged episode keeps its cache keys."""
        project = self.episode(number)
        commands, changed = [], []
        for type_id, settings in self.wanted_settings(number).items():
            for node in project.graph.nodes.values():
                if node.type_id != type_id:
                    continue
                edits = [SetParam(node.id, k, v) for k, v in settings.items()
                         if _json(node.params.get(k, _UNSET)) != _json(v)]
                if edits:
                    commands += edits
                    changed.append(node_title(project.graph, node.id))
        if commands:
            project.undo.push_all(commands, "series settings")
            if project.save_error:
                raise SeriesError(f"episode {number}: {project.save_error}")
        return changed

    def update_spec(self, spec: SeriesSpec) -> dict[int, list[str]]:
        """Save a changed shared part and sync every episode; returns what changed where."""
        spec = SeriesSpec.model_validate(spec.model_dump())
        if spec.episode_count != self.spec.episode_count:
            raise SeriesError("adding or removing episodes is not supported yet; make a new "
                              "series with the episode count you want")
        self.spec = spec
        save_spec(self.folder, spec)
        return {n: c for n in self.numbers if (c := self.sync(n))}

    def use_prices(self) -> None:
        """Estimates read the season's price table while the series is open, in this
        process and the ones it starts (unless SHOTGRAPH_PRICES already names a table);
        ``close`` puts back what was there, so the next project or series reads its own."""
        table = self.folder / self.spec.prices
        if table.is_file() and not os.environ.get("SHOTGRAPH_PRICES"):
            os.environ["SHOTGRAPH_PRICES"] = self._prices_set = str(table)

    # -- life cycle ---------------------------------------------------------------------
    def close(self) -> None:
        for project in self._episodes.values():
            project.close()
        self._episodes.clear()
        self.store_project.close()
        if self._prices_set is not None and os.environ.get("SHOTGRAPH_PRICES") == self._prices_set:
            del os.environ["SHOTGRAPH_PRICES"]
        self._prices_set = None

    def __enter__(self) -> Series:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def node_title(graph: Any, node_id: str) -> str:
    """A node as the creator names it (its title; the type when it has none)."""
    node = graph.node(node_id)
    return node.title or node.type_id


_UNSET = object()


def _json(value: Any) -> str:
    if value is _UNSET:
        return "\0unset"
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


@dataclass
class EpisodeRange:
    """Episode numbers chosen on the command line ("1-3", "2,5", "4")."""

    numbers: list[int] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str | None, count: int) -> EpisodeRange:
        if not text:
            return cls(list(range(1, count + 1)))
        chosen: list[int] = []
        for part in text.split(","):
            part = part.strip()
            try:
                if "-" in part:
                    low, high = (int(x) for x in part.split("-", 1))
                    chosen += list(range(low, high + 1))
                else:
                    chosen.append(int(part))
            except ValueError:
                raise SeriesError(f"--episodes takes numbers and ranges like 1-3 or 2,5, "
                                  f"not {text!r}") from None
        bad = [n for n in chosen if not 1 <= n <= count]
        if bad or not chosen:
            raise SeriesError(f"this series has episodes 1-{count}; {text!r} names "
                              f"{', '.join(map(str, bad)) or 'none'}")
        return cls(sorted(set(chosen)))
