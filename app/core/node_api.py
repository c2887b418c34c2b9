"""How a node type is declared.

A node type is one class: a stable ``type_id``, a ``version`` bumped whenever its output
for the same inputs changes, typed input and output ports, a pydantic ``Params`` model
(defaults and UI hints live on its fields), the provider capability it uses, and one
``run`` method. Nothing here knows about Qt, SQLite or threads.

UI hints go in ``Field(json_schema_extra=...)``:
``{"ui": "multiline" | "seed" | "file" | "choice" | "provider"}`` and
``{"affects_output": False}`` for params that must stay out of the cache key.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict

from app.core.types import PortType


class Cancelled(Exception):
    """Raised inside a node when the user stopped the run."""


class NodeError(Exception):
    """A node could not do its work; the message is shown to the creator as is."""


@dataclass(frozen=True)
class Port:
    """A typed input or output of a node type."""

    name: str
    type: PortType
    required: bool = True
    doc: str = ""
    # For data inputs: the only fields of the value this node reads. The cache key then
    # depends on those fields alone (a voice node re-runs when the line changes, not
    # when the shot's picture description does). ``NodeType.key_view`` may narrow further.
    key_fields: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Media:
    """A media artifact in the project's store, as handed to a node."""

    hash: str
    path: Path
    kind: str
    mime: str
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class MediaOut:
    """A media file a node made, to be moved into the store.

    ``meta`` is kept on the artifact row: how it was made (provenance) and, for a
    Ken Burns clip, the recipe the export uses to render full-quality frames from
    the still instead of decoding the preview clip.
    """

    path: Path
    meta: dict[str, Any] = field(default_factory=dict)


class NoParams(BaseModel):
    """Params model of a node type that has none."""

    model_config = ConfigDict(extra="forbid")


class TaskJournal(Protocol):
    """Where providers remember submitted async tasks (the project's ``provider_task``)."""

    def find(self, provider: str, fingerprint: str) -> tuple[str, str] | None:
        """``(task_id, status)`` of a task submitted earlier for this request, if any."""
        ...

    def save(self, provider: str, fingerprint: str, task_id: str, status: str) -> None:
        """Remember (or update) a task; committed before the call returns."""
        ...

    def forget(self, provider: str, fingerprint: str) -> None: ...


@dataclass
class RunContext:
    """What a running node may use: progress, cancellation, scratch space, its provider."""

    node_id: str
    temp_dir: Path
    item_index: int = 0
    item_count: int = 1
    # Which take of this item is being made (0 = first). Generators vary their seed
    # with it (``seed_for``), so "regenerate" gives a new result.
    take: int = 0
    provider: Any = None
    cancel_event: threading.Event = field(default_factory=threading.Event)
    on_progress: Callable[[float, str], None] | None = None
    on_log: Callable[[str], None] | None = None
    # Derived-file cache (export segments): ``derive(key, ext, make)`` returns the
    # stored file for ``key`` or calls ``make(tmp_path)`` to create it first.
    derive: Callable[[dict[str, Any], str, Callable[[Path], None]], Path] | None = None
    # Looks up a stored artifact by content hash (e.g. the still a clip was made from).
    resolve_media: Callable[[str], Media] | None = None
    # Paid async tasks, saved before polling so a crash resumes instead of paying twice.
    tasks: TaskJournal | None = None
    # Records a provider call for cost and latency (never the key or a private prompt).
    record_call: Callable[..., None] | None = None
    # The file a setting names, checked against the project's rule on files outside its
    # folder (raises ``NodeError``); None outside a project (tests): the path as given.
    resolve_file: Callable[[str], Path] | None = None
    # Something the creator should know before the result is used (shown on screen, not
    # only logged), e.g. subtitle characters no installed font can draw.
    on_warning: Callable[[str], None] | None = None

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check_cancelled(self) -> None:
        """Raise ``Cancelled`` when the run was stopped; call this between steps."""
        if self.cancel_event.is_set():
            raise Cancelled()

    def progress(self, fraction: float, message: str = "") -> None:
        """Report progress of this item, 0..1."""
        if self.on_progress:
            self.on_progress(min(1.0, max(0.0, fraction)), message)

    def seed_for(self, seed: int) -> int:
        """The seed to use for this item's current take."""
        return (seed + 7919 * self.take) % (2**31)

    def log(self, message: str) -> None:
        if self.on_log:
            self.on_log(message)

    def warn(self, message: str) -> None:
        """Tell the creator something they should know about this result (and log it)."""
        if self.on_warning:
            self.on_warning(message)
        else:
            self.log(f"warning: {message}")

    def temp_path(self, name: str) -> Path:
        """A path for a scratch file of this item; the engine removes the folder."""
        self.temp_dir.mkdir(parents=True, exist_ok=True)
        return self.temp_dir / name


class NodeType:
    """Base class of every node type; subclasses are found by the registry."""

    type_id: ClassVar[str] = ""
    title: ClassVar[str] = ""
    category: ClassVar[str] = "misc"
    description: ClassVar[str] = ""
    version: ClassVar[int] = 1
    inputs: ClassVar[tuple[Port, ...]] = ()
    outputs: ClassVar[tuple[Port, ...]] = ()
    Params: ClassVar[type[BaseModel]] = NoParams
    capability: ClassVar[str | None] = None
    # A cheap node is deterministic and fast (milliseconds): the planner may evaluate
    # it in memory to learn exactly which downstream items change.
    cheap: ClassVar[bool] = False
    # Runs where the project is (never on a Ray worker): it reads the project's files or
    # its derived-file cache (``ctx.derive``), which only the driver has.
    runs_on_driver: ClassVar[bool] = False
    replaces: ClassVar[tuple[str, ...]] = ()

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        raise NotImplementedError

    # -- declaration helpers -------------------------------------------------
    @classmethod
    def input(cls, name: str) -> Port:
        for port in cls.inputs:
            if port.name == name:
                return port
        raise KeyError(f"{cls.type_id} has no input {name!r}")

    @classmethod
    def key_view(cls, name: str, value: dict[str, Any]) -> dict[str, Any] | None:
        """What of data input ``name``'s ``value`` enters the cache key (None: all of it).

        By default the port's ``key_fields``; a node that reads less (e.g. one character's
        voice out of a shot's whole cast) overrides this.
        """
        fields = cls.input(name).key_fields
        return None if not fields else {f: value.get(f) for f in fields}

    @classmethod
    def output(cls, name: str) -> Port:
        for port in cls.outputs:
            if port.name == name:
                return port
        raise KeyError(f"{cls.type_id} has no output {name!r}")

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        return cls.Params().model_dump(mode="json")

    @classmethod
    def parse_params(cls, raw: dict[str, Any]) -> BaseModel:
        return cls.Params.model_validate(raw)

    @classmethod
    def is_cheap(cls, params: BaseModel) -> bool:
        """Whether this node, with these params, may run during planning."""
        return cls.cheap

    @classmethod
    def item_key_params(cls, params: BaseModel, item_id: str, take: int) -> dict[str, Any]:
        """The params one item's output depends on, for that item's cache key.

        By default ``key_params`` (plus the take, when it is not the first). A node with
        per-item choices (a creator's own clip for one shot, a recorded take of one line)
        overrides this so that choice keys that item alone.
        """
        keyed = cls.key_params(params)
        return {**keyed, "__take__": take} if take else keyed

    @classmethod
    def reserved_takes(cls, params: BaseModel, item_id: str) -> set[int]:
        """Take numbers an item has without having run (e.g. recorded takes of a line):
        a new take is numbered above them."""
        return set()

    @classmethod
    def calls_provider(cls, params: BaseModel, item_id: str) -> bool:
        """Whether making this item calls the node's provider (so may cost money)."""
        return cls.capability is not None

    @classmethod
    def key_params(cls, params: BaseModel) -> dict[str, Any]:
        """The params that affect output, as JSON, for the cache key."""
        dumped = params.model_dump(mode="json")
        for name, info in type(params).model_fields.items():
            extra = info.json_schema_extra
            if isinstance(extra, dict) and extra.get("affects_output") is False:
                dumped.pop(name, None)
        return dumped
