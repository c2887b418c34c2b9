"""Character nodes: the character bible, one place for who is in the story and how they look.

The bible lists each character's name, look, voice and colour, and optionally a
reference image: drawn by the image provider (offline: a character sheet) or imported
from a file. Its ``characters`` output feeds the Shots node, which puts these looks,
voices and references on every shot card, so stills, clips, voices and the consistency
check all see the same people. Reference images travel as content hashes
(``Character.reference``) and are also the node's ``references`` output, which keeps
them in the project's store.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.core.lazy import lazy_module
from app.core.node_api import Media, MediaOut, NodeError, NodeType, Port, RunContext
from app.core.screenplay import Character, ShotCard
from app.core.types import Character as CharacterPort
from app.core.types import Image, List
from nodes.io import import_image, sha256_file, source_file

np = lazy_module("numpy")  # loaded on first use, not when the registry lists this node

cv2 = lazy_module("cv2")  # OpenCV: imported when first used

REFERENCE_PROMPT = (
    "Character reference sheet of {name}: {look}. Full body, front view, neutral grey "
    "background, even light, vertical 9:16."
)


class BibleEntry(BaseModel):
    """One character in the bible."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_-]+$",
                    description="matches the script's character id (or give the same name)")
    name: str = Field(min_length=1, max_length=60)
    look: str = Field(default="", max_length=400)
    voice: str = Field(default="", max_length=60, description="voice hint, e.g. 'female, low'")
    color: str = Field(default="", pattern=r"^(#[0-9a-fA-F]{6})?$",
                       description="storyboard colour; empty: from the reference image")
    reference: Literal["none", "generate", "file"] = "none"
    file: str = Field(default="", max_length=4096, description="image file when reference=file")


class BibleParams(BaseModel):
    """Params of the Character bible node."""

    model_config = ConfigDict(extra="forbid")

    characters: list[BibleEntry] = Field(default_factory=list, max_length=12)
    seed: int = Field(default=0, ge=0, json_schema_extra={"ui": "seed"})
    provider: str = Field(default="local", json_schema_extra={"ui": "provider"})
    model: str = Field(default="", json_schema_extra={"ui": "model"})

    @model_validator(mode="after")
    def _unique_ids(self) -> BibleParams:
        ids = [c.id for c in self.characters]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"character ids appear twice: {', '.join(twice)}")
        return self


class CharacterBible(NodeType):
    """The cast, with looks, voices and reference images, for every shot to share."""

    type_id = "character.bible"
    runs_on_driver = True  # reads the project's files or derived cache
    title = "Character bible"
    category = "character"
    description = (
        "Names, looks, voices and reference images of the characters; wire it into Shots "
        "so every still, clip and voice uses them."
    )
    inputs = ()
    outputs = (
        Port("characters", List(CharacterPort)),
        Port("references", List(Image), doc="the reference images, of the characters with one"),
    )
    Params = BibleParams
    capability = "image"

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, BibleParams)
        characters: list[Character] = []
        references: list[Media | MediaOut] = []
        total = max(1, len(params.characters))
        for i, entry in enumerate(params.characters):
            ctx.check_cancelled()
            ctx.progress(i / total, entry.name)
            image = self._reference(entry, params, ctx)
            digest, color = "", entry.color
            if image is not None:
                path = image.path
                digest = image.hash if isinstance(image, Media) else sha256_file(path)
                color = color or dominant_color(path)
                references.append(image)
            characters.append(
                Character(
                    id=entry.id, name=entry.name, look=entry.look, voice=entry.voice,
                    color=color, reference=digest,
                )
            )
        ctx.progress(1.0, "done")
        return {"characters": characters, "references": references}

    def _reference(
        self, entry: BibleEntry, params: BibleParams, ctx: RunContext
    ) -> Media | MediaOut | None:
        if entry.reference == "file":
            imported = import_image(source_file(entry.file, f"reference image of {entry.name}", ctx), ctx)
            out = ctx.temp_path(f"ref-{entry.id}{imported.path.suffix}")
            imported.path.replace(out)
            return MediaOut(out, {**imported.meta, "reference": entry.id})
        if entry.reference != "generate":
            return None
        character = Character(id=entry.id, name=entry.name, look=entry.look, color=entry.color)
        seed = ctx.seed_for(params.seed)
        provider = ctx.provider

        if hasattr(provider, "generate_reference"):  # the offline sheet: fast, with its layout
            out = ctx.temp_path(f"ref-{entry.id}.png")
            return provider.generate_reference(character, seed, ctx, out)

        def make(out: Path) -> None:
            provider.generate_image(reference_card(character), seed, ctx, out)

        if ctx.derive is None or ctx.resolve_media is None:
            out = ctx.temp_path(f"ref-{entry.id}.png")
            make(out)
            return MediaOut(out, {"reference": entry.id})
        # A paid image per character and look, kept on its own: editing one character
        # (or a voice) does not pay for everyone's reference again.
        key = {
            "kind": "character.reference", "version": self.version,
            "provider": provider.identity(), "character": character.model_dump(mode="json"),
            "seed": seed,
        }
        return ctx.resolve_media(Path(ctx.derive(key, "png", make)).stem)


def reference_card(character: Character) -> ShotCard:
    """A shot card asking an image model for ``character``'s reference sheet."""
    prompt = REFERENCE_PROMPT.format(name=character.name, look=character.look or "as written")
    return ShotCard(
        id=f"ref-{hashlib.sha256(character.id.encode()).hexdigest()[:8]}",
        description=f"{character.name}, full body, facing the camera, plain grey background.",
        characters=[character.id],
        duration=4.0,
        cast=[character],
        prompt=prompt,
    )


def dominant_color(path: Path) -> str:
    """The image's main colour as ``#rrggbb``.

    That is the commonest shade among the brighter pixels of its commonest saturated hue
    (a figure's lit side rather than its shadow). Greys, near-black and near-white pixels
    are skipped (backdrops, hair); an image with too few coloured pixels gives the median
    colour of its centre.
    """
    bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if bgr is None:
        raise NodeError(f"cannot read the reference image {Path(path).name}")
    scale = 160 / max(bgr.shape[:2])
    if scale < 1:
        bgr = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    h, s, v = hsv[..., 0], hsv[..., 1].astype(int), hsv[..., 2].astype(int)
    coloured = (s > 60) & (v > 50)
    if coloured.sum() < 0.02 * coloured.size:
        height, width = bgr.shape[:2]
        centre = bgr[height // 4 : 3 * height // 4, width // 4 : 3 * width // 4].reshape(-1, 3)
        b, g, r = np.median(centre, axis=0).astype(int)
        return f"#{r:02x}{g:02x}{b:02x}"
    bins = (h // 10).astype(int)  # 18 hue bins of 20 degrees
    peak = int(np.bincount(bins[coloured], minlength=18).argmax())
    chosen = coloured & (bins == peak)
    shades = v[chosen]
    bright = bgr[chosen][shades >= shades.max() - 0.25 * (shades.max() - shades.min())]
    buckets = (bright.astype(int) >> 4) @ np.array([256, 16, 1])  # 16 levels per channel
    common = np.bincount(buckets).argmax()
    b, g, r = np.median(bright[buckets == common], axis=0).astype(int)
    return f"#{r:02x}{g:02x}{b:02x}"


def merge_cast(script_cast: list[Character], bible: list[Character]) -> list[Character]:
    """The script's characters with the bible's entries laid over them.

    A bible entry matches a script character by id, else by name (ignoring case); its
    non-empty fields win and the script's id is kept, so shots still name the same
    people. Bible entries the script does not have are left out.
    """
    by_id = {c.id: c for c in bible}
    by_name = {c.name.casefold(): c for c in bible}
    merged = []
    for character in script_cast:
        entry = by_id.get(character.id) or by_name.get(character.name.casefold())
        if entry is None:
            merged.append(character)
            continue
        fields = entry.model_dump(exclude={"id"})
        merged.append(character.model_copy(update={k: v for k, v in fields.items() if v}))
    return merged
