"""Consistency check: does each character in each still look like their reference?

For every shot and every character it shows, the character's part of the still is
compared with the character's reference image (from the character bible):

- colour: correlation of hue-saturation histograms (HSV, brightness left out so light
  and shade matter less), taken from inside the head and the body;
- outline: perceptual hashes (pHash and dHash) of the head and shoulders.

Where the still and the reference say where each character was drawn (the offline
renderer's frames and sheets list their figures in the artifact's meta), exactly those
regions are compared; otherwise the coloured pixels of the image's centre stand in, by
colour only. A character without a reference image is compared with their most typical
shot instead. A score under the threshold marks the shot as an outlier, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.core.lazy import lazy_module
from app.core.node_api import Media, NodeError, NodeType, Port, RunContext
from app.core.prompting import in_frame
from app.core.screenplay import Character, ShotCard
from app.core.types import Character as CharacterPort
from app.core.types import Check, Image, List, Shot

np = lazy_module("numpy")  # loaded on first use, not when the registry lists this node

cv2 = lazy_module("cv2")  # OpenCV: imported when first used

HUE_BINS, SAT_BINS = 18, 8
MIN_SWATCH_PX = 150  # fewer visible pixels than this: the character is not really in shot
BUST_ASPECT = 4.8 / 5.7  # width / height of an unclipped head-and-shoulders box


class CheckParams(BaseModel):
    """Params of the Consistency check node."""

    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(
        default=0.6, ge=0.0, le=1.0, description="scores below this mark a shot as off-model"
    )
    colour_weight: float = Field(
        default=0.7,
        ge=0.0,
        le=1.0,
        description="share of the colour match in the score; the rest is the outline match",
    )


@dataclass
class Appearance:
    """How a character looks in one image: a colour histogram and, if known, outline hashes."""

    hist: np.ndarray
    hashes: tuple[int, int] | None  # (pHash, dHash) of the head and shoulders
    located: bool  # regions came from the image's figure list (not the frame's centre)


class ConsistencyCheck(NodeType):
    """Stills + shots (+ characters) → per shot and character: a score and an outlier flag."""

    type_id = "consistency.check"
    title = "Consistency check"
    category = "check"
    description = (
        "Compares each character in each still with their reference image (colour "
        "histogram and perceptual hash) and flags off-model shots in the storyboard."
    )
    inputs = (
        Port("stills", List(Image)),
        Port("shots", List(Shot)),
        Port(
            "characters",
            List(CharacterPort),
            required=False,
            doc="a character bible; without it the shots' own cast references are used",
        ),
    )
    outputs = (Port("checks", List(Check)),)
    Params = CheckParams

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, CheckParams)
        stills: list[Media] = list(inputs["stills"])
        shots: list[ShotCard] = list(inputs["shots"])
        if len(stills) != len(shots):
            raise NodeError(f"{len(stills)} stills for {len(shots)} shots: wire the stills "
                            "made from these shots")
        overrides = {c.id: c for c in inputs.get("characters") or []}
        samples: list[tuple[ShotCard, Character, Appearance]] = []
        for i, (still, shot) in enumerate(zip(stills, shots, strict=True)):
            ctx.check_cancelled()
            ctx.progress(i / (len(shots) + 1), f"looking at {shot.id}")
            image = _read(still)
            figures = _figures(still)
            for character in in_frame(shot):
                character = _merged(character, overrides.get(character.id))
                found = appearance(image, figures.get(character.id), bool(figures))
                if found is not None:
                    samples.append((shot, character, found))
        references = self._references(ctx, samples)
        checks = []
        for shot, character, seen in samples:
            ref, against = references.get(character.id, (None, ""))
            if ref is None or ref is seen:
                continue  # nothing to compare with
            colour, outline = similarity(seen, ref)
            weight = params.colour_weight if outline is not None else 1.0
            score = round(weight * colour + (1 - weight) * (outline or 0.0), 3)
            outlier = score < params.threshold
            checks.append({
                "shot_id": shot.id,
                "character_id": character.id,
                "score": score,
                "outlier": outlier,
                "reason": _reason(character, against, score, colour, outline, params, outlier),
            })
        ctx.progress(1.0, "checked")
        return {"checks": checks}

    def _references(
        self, ctx: RunContext, samples: list[tuple[ShotCard, Character, Appearance]]
    ) -> dict[str, tuple[Appearance | None, str]]:
        """Per character: what to compare with (its reference, else its typical shot)."""
        by_character: dict[str, list[Appearance]] = {}
        people: dict[str, Character] = {}
        for _, character, seen in samples:
            by_character.setdefault(character.id, []).append(seen)
            people[character.id] = character
        found: dict[str, tuple[Appearance | None, str]] = {}
        for cid, character in people.items():
            ref = self._reference_image(ctx, character)
            if ref is not None:
                found[cid] = (ref, "the reference image")
            elif len(by_character[cid]) >= 3:
                found[cid] = (_typical(by_character[cid]), "their other shots")
            else:
                found[cid] = (None, "")
        return found

    @staticmethod
    def _reference_image(ctx: RunContext, character: Character) -> Appearance | None:
        if not character.reference or ctx.resolve_media is None:
            return None
        try:
            media = ctx.resolve_media(character.reference)
        except (FileNotFoundError, LookupError):
            ctx.log(f"the reference image of {character.name} is missing; skipped")
            return None
        figures = _figures(media)
        return appearance(_read(media), figures.get(character.id), bool(figures))


# -- looking at images ---------------------------------------------------------------------


def _read(media: Media) -> np.ndarray:
    image = cv2.imread(str(media.path), cv2.IMREAD_COLOR)
    if image is None:
        raise NodeError(f"cannot read the image {media.path.name}")
    return image


def _figures(media: Media) -> dict[str, dict[str, list[int]]]:
    """Where the image's maker drew each character (empty when it does not say)."""
    found = {}
    for item in (media.meta or {}).get("figures") or []:
        if isinstance(item, dict) and isinstance(item.get("character"), str):
            found[item["character"]] = item
    return found


def _merged(character: Character, override: Character | None) -> Character:
    if override is None:
        return character
    fields = override.model_dump(exclude={"id"})
    return character.model_copy(update={k: v for k, v in fields.items() if v})


def _crop(image: np.ndarray, box: Any) -> np.ndarray:
    x0, y0, x1, y1 = (int(v) for v in box)
    height, width = image.shape[:2]
    x0, x1 = max(0, min(width, x0)), max(0, min(width, x1))
    y0, y1 = max(0, min(height, y0)), max(0, min(height, y1))
    return image[y0:y1, x0:x1]


def appearance(
    image: np.ndarray, figure: dict[str, Any] | None, has_figures: bool
) -> Appearance | None:
    """A character's appearance in ``image`` (BGR).

    With ``figure`` (its head, torso and bust boxes) those regions are used. An image
    that lists figures but not this one does not show the character: None. An image
    with no figure list is judged by the coloured pixels of its centre.
    """
    if figure is not None:
        swatch = [_crop(image, figure[k]).reshape(-1, 3) for k in ("head", "torso") if k in figure]
        pixels = np.concatenate(swatch) if swatch else np.empty((0, 3), np.uint8)
        if len(pixels) < MIN_SWATCH_PX:
            return None
        bust = _crop(image, figure["bust"]) if "bust" in figure else None
        hashes = None
        if bust is not None and bust.size and bust.shape[0] > 16:
            aspect = bust.shape[1] / bust.shape[0]
            if abs(aspect - BUST_ASPECT) < 0.15 * BUST_ASPECT:  # not cut by the frame edge
                gray = cv2.cvtColor(bust, cv2.COLOR_BGR2GRAY)
                hashes = (phash(gray), dhash(gray))
        return Appearance(colour_histogram(pixels), hashes, True)
    if has_figures:
        return None
    height, width = image.shape[:2]
    centre = image[height // 10 : height * 8 // 10, width // 6 : width * 5 // 6].reshape(-1, 3)
    hsv = cv2.cvtColor(centre.reshape(-1, 1, 3), cv2.COLOR_BGR2HSV).reshape(-1, 3)
    coloured = (hsv[:, 1] > 60) & (hsv[:, 2] > 50)
    pixels = centre[coloured] if coloured.sum() >= MIN_SWATCH_PX else centre
    return Appearance(colour_histogram(pixels), None, False)


def colour_histogram(bgr_pixels: np.ndarray) -> np.ndarray:
    """Hue x saturation histogram of pixels (N x 3, BGR), hue-smoothed, summing to 1."""
    hsv = cv2.cvtColor(bgr_pixels.reshape(-1, 1, 3).astype(np.uint8), cv2.COLOR_BGR2HSV)
    hist = cv2.calcHist([hsv], [0, 1], None, [HUE_BINS, SAT_BINS], [0, 180, 0, 256])
    # spread each hue bin a little into its neighbours (hue is a circle), so a slight
    # shift of light does not move a colour into a bin that counts as a different one
    hist = 0.5 * hist + 0.25 * np.roll(hist, 1, axis=0) + 0.25 * np.roll(hist, -1, axis=0)
    total = float(hist.sum())
    return (hist / total if total else hist).astype(np.float32)


def phash(gray: np.ndarray) -> int:
    """64-bit perceptual hash: signs of the 8x8 lowest DCT frequencies against their median."""
    small = cv2.resize(gray, (32, 32), interpolation=cv2.INTER_AREA).astype(np.float32)
    low = cv2.dct(small)[:8, :8].flatten()
    bits = low > np.median(low[1:])  # the DC term would skew the median
    return int("".join("1" if b else "0" for b in bits), 2)


def dhash(gray: np.ndarray) -> int:
    """64-bit difference hash: is each pixel of a 9x8 thumbnail brighter than its left one."""
    small = cv2.resize(gray, (9, 8), interpolation=cv2.INTER_AREA).astype(np.int16)
    bits = (small[:, 1:] > small[:, :-1]).flatten()
    return int("".join("1" if b else "0" for b in bits), 2)


def hash_similarity(a: int, b: int) -> float:
    """1 for equal 64-bit hashes, 0 for as different as two unrelated images (32 bits)."""
    distance = bin(a ^ b).count("1")
    return max(0.0, 1.0 - distance / 32.0)


def similarity(a: Appearance, b: Appearance) -> tuple[float, float | None]:
    """(colour, outline) similarity, each 0..1; outline is None when either lacks hashes."""
    colour = float(cv2.compareHist(a.hist, b.hist, cv2.HISTCMP_CORREL))
    colour = max(0.0, min(1.0, colour))
    if a.hashes is None or b.hashes is None:
        return colour, None
    outline = sum(hash_similarity(x, y) for x, y in zip(a.hashes, b.hashes, strict=True)) / 2
    return colour, outline


def _typical(looks: list[Appearance]) -> Appearance:
    """The appearance most like all the others (the medoid by colour)."""
    def total(candidate: Appearance) -> float:
        return sum(similarity(candidate, other)[0] for other in looks if other is not candidate)

    return max(looks, key=total)


def _reason(
    character: Character, against: str, score: float, colour: float, outline: float | None,
    params: CheckParams, outlier: bool,
) -> str:
    parts = f"colour {colour:.0%}" + (f", outline {outline:.0%}" if outline is not None else "")
    if outlier:
        return (f"{character.name} looks off-model: {score:.0%} like {against} "
                f"({parts}; threshold {params.threshold:.0%})")
    return f"{character.name} matches {against}: {score:.0%} ({parts})"
