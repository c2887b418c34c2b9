"""The offline script writer: a microdrama screenplay from a premise, by template.

Structure: a hook (first shot, at most 3 s), the genre's beats in story order with
reactions between them, at least one reversal, and a cliffhanger last shot. The seed
picks hooks, beats, names, colours, cameras and timing; the same request always gives
the same ``Script``.
"""

from __future__ import annotations

import math
import os
import random
import re
from typing import Any

from pydantic import ValidationError

from app.core.node_api import NodeError, RunContext
from app.core.providers import ScriptRequest
from app.core.screenplay import Character, Scene, Script, Shot
from nodes.providers.local.script_beats import (
    GENRES,
    NAMES,
    ONLOOKER_BEAT,
    ONLOOKER_ROLE,
    PALETTE,
    PLACE_WORDS,
    REACTIONS,
    TIME_ZH,
    Beat,
    Genre,
    Place,
    Role,
)

HOOK_MAX_S = 3.0
SHOT_MIN_S = 2.5
SHOT_MAX_S = 8.0
# Speaking rates of the offline voice, with a margin for breath.
WORDS_PER_S = 2.5
CJK_CHARS_PER_S = 3.5

CAMERAS: dict[str, tuple[str, ...]] = {
    "hook": ("push_in", "static", "tilt_up"),
    "setup": ("pan_left", "pan_right", "static"),
    "turn": ("push_in", "tilt_down", "pan_right"),
    "rival": ("pan_right", "pull_out", "pan_left"),
    "confront": ("push_in", "static", "pan_left"),
    "reversal": ("pull_out", "push_in", "tilt_up"),
    "reveal": ("push_in", "tilt_up", "pull_out"),
    "reaction": ("static", "push_in", "tilt_down"),
    "cliffhanger": ("push_in", "pull_out"),
}
MOODS = {"reversal": "tense", "confront": "tense", "cliffhanger": "tense"}


def speaking_time(line: str, language: str) -> float:
    """Seconds the offline voice needs for ``line``, with a little air around it."""
    if not line:
        return 0.0
    if language == "zh":
        chars = len(re.findall(r"[\u4e00-\u9fff0-9A-Za-z]", line))
        return chars / CJK_CHARS_PER_S + 0.5
    return len(line.split()) / WORDS_PER_S + 0.5


def shot_count(length_s: float) -> int:
    """How many shots an episode of ``length_s`` gets (6–12; more only past ~85 s)."""
    n = max(6, min(12, round(length_s / 5)))
    while HOOK_MAX_S + (n - 1) * (SHOT_MAX_S - 0.5) < length_s:
        n += 1
    return n


class LocalScriptWriter:
    """Template screenplay writer: deterministic per seed, English or Chinese."""

    name = "local"
    capability = "chat"

    def __init__(self, options: dict[str, Any] | None = None):
        self.max_concurrency = os.cpu_count() or 1

    def identity(self) -> dict[str, Any]:
        return {"id": "local.script_writer", "version": 1}

    def write_script(self, request: ScriptRequest, ctx: RunContext) -> Script:
        """A validated ``Script`` for ``request``."""
        ctx.check_cancelled()
        return write_script(request)


def write_script(request: ScriptRequest) -> Script:
    """The template screenplay for ``request`` (pure; same request, same script)."""
    genre = GENRES.get(request.genre)
    if genre is None:
        raise NodeError(f"unknown genre {request.genre!r}; choose one of {', '.join(GENRES)}")
    if request.language not in ("en", "zh"):
        raise NodeError(f"the offline writer writes 'en' or 'zh', not {request.language!r}")
    if not 30 <= request.length_s <= 120:
        raise NodeError(f"length must be 30–120 s, not {request.length_s:g} s")
    rng = random.Random(f"{request.seed}|{request.genre}|{request.language}|{request.premise}")
    roles = _cast_roles(genre, request.cast)
    characters = _characters(roles, request, rng)
    names = {role.key: c.name for role, c in zip(roles, characters, strict=True)}
    ids = {role.key: c.id for role, c in zip(roles, characters, strict=True)}
    beats = _beats(genre, set(names), shot_count(request.length_s), rng)
    places = _places(genre, request.premise, rng)
    scene_of = _scene_numbers(len(beats), len(places))
    durations = _durations(beats, request.language, request.length_s, rng)
    cameras = _cameras(beats, rng)
    shots = [
        _shot(
            i,
            beat,
            request.language,
            names,
            ids,
            places[scene_of[i] - 1],
            scene_of[i],
            cameras[i],
            durations[i],
            genre.mood,
        )
        for i, beat in enumerate(beats)
    ]
    scenes = [
        Scene(
            number=n + 1,
            location=p.zh if request.language == "zh" else p.en,
            time_of_day=p.time_of_day,
        )
        for n, p in enumerate(places)
    ]
    if request.previously:
        shots[0] = _recap(shots[0], request.previously[-1], request.language)
    titles = genre.titles_zh if request.language == "zh" else genre.titles_en
    try:
        return Script(
            title=rng.choice(titles),
            language=request.language,
            genre=request.genre,
            logline=request.premise.strip()[:1000],
            characters=characters,
            scenes=scenes,
            shots=shots,
        )
    except ValidationError as exc:
        raise NodeError(f"the template writer made an invalid script: {exc}") from None


def _recap(first: Shot, synopsis: str, language: str) -> Shot:
    """The opening shot recalls what the last episode revealed (a series' continuity)."""
    lead = "上集回顾：" if language == "zh" else "Previously: "
    recap = f"{lead}{synopsis.strip()} — "
    room = 2000 - len(first.description)
    return first.model_copy(update={"description": recap[:room] + first.description})


def _cast_roles(genre: Genre, cast: tuple[dict[str, str], ...]) -> list[Role]:
    """The genre's roles, cut to 2 or grown to 4 when the creator's cast says so."""
    roles = list(genre.roles)
    if len(cast) == 2:
        roles = roles[:2]
    elif len(cast) >= 4:
        roles.append(ONLOOKER_ROLE)
    return roles


def _characters(roles: list[Role], request: ScriptRequest, rng: random.Random) -> list[Character]:
    colors = rng.sample(PALETTE, len(roles))
    taken: set[str] = set()
    characters = []
    for i, role in enumerate(roles):
        given = request.cast[i] if i < len(request.cast) else {}
        pool = [n for n in NAMES[(request.language, role.gender)] if n not in taken]
        named = [n for n in pool if _mentions(request.premise, n)]
        name = (given.get("name") or "").strip() or (named or [rng.choice(pool)])[0]
        taken.add(name)
        look = role.zh_look if request.language == "zh" else role.en_look
        char_id = _slug(given.get("id") or name) or role.id
        if char_id in {c.id for c in characters}:
            char_id = f"{char_id}-{i + 1}"
        try:
            characters.append(
                Character(
                    id=char_id,
                    name=name[:60],
                    look=(given.get("look") or look)[:400],
                    voice=(given.get("voice") or role.voice)[:60],
                    color=colors[i],
                )
            )
        except ValidationError as exc:
            raise NodeError(f"cast member {i + 1} ({name!r}) is not valid: {exc}") from None
    return characters


def _mentions(premise: str, name: str) -> bool:
    """Whether the premise names this character (so 'Lena' in the premise stays Lena)."""
    if name.isascii():
        return re.search(rf"\b{re.escape(name)}\b", premise) is not None
    return name in premise


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def _usable(beat: Beat, roles: set[str]) -> bool:
    return set(beat.who) <= roles and (beat.speaker is None or beat.speaker in roles)


def _beats(genre: Genre, roles: set[str], count: int, rng: random.Random) -> list[Beat]:
    """Hook, middle beats in story order (reactions between), cliffhanger."""
    hook = rng.choice([b for b in genre.hooks if _usable(b, roles)])
    cliff = rng.choice([b for b in genre.cliffhangers if _usable(b, roles)])
    story = [b for b in genre.middle if _usable(b, roles)]
    reactions = [b for b in REACTIONS if _usable(b, roles)]
    rng.shuffle(reactions)
    if "D" in roles:
        reactions.insert(0, ONLOOKER_BEAT)
    slots = count - 2
    if slots < len(story):
        reversal = next(i for i, b in enumerate(story) if b.kind == "reversal")
        others = sorted(rng.sample([i for i in range(len(story)) if i != reversal], slots - 1))
        story = [story[i] for i in sorted([*others, reversal])]
    while len(story) < slots:
        # a reaction never opens the middle, and never follows another reaction
        spots = [
            i
            for i in range(1, len(story) + 1)
            if story[i - 1].kind != "reaction" and (i == len(story) or story[i].kind != "reaction")
        ]
        story.insert(rng.choice(spots or [len(story)]), reactions.pop() if reactions else story[-1])
    return [hook, *story, cliff]


def _places(genre: Genre, premise: str, rng: random.Random) -> list[Place]:
    places = list(genre.places)
    rng.shuffle(places)
    lowered = premise.lower()
    for words, place in PLACE_WORDS:
        if any(w in lowered for w in words):
            places = [place, *[p for p in places if p.en != place.en]]
            break
    return places[: 2 + rng.randint(0, 1)]


def _scene_numbers(count: int, scenes: int) -> list[int]:
    """Scene number of each shot: contiguous runs, as even as possible."""
    return [min(scenes, 1 + i * scenes // count) for i in range(count)]


def _durations(beats: list[Beat], language: str, length: float, rng: random.Random) -> list[float]:
    """Shot lengths summing to ``length``: each fits its line, within 2.5–8 s, hook ≤ 3 s."""
    lows, highs, weights = [], [], []
    for i, beat in enumerate(beats):
        need = math.ceil(speaking_time(_line(beat, language), language) * 10) / 10
        high = HOOK_MAX_S if i == 0 else SHOT_MAX_S
        lows.append(min(high, max(SHOT_MIN_S, need)))
        highs.append(high)
        weights.append(rng.uniform(0.8, 1.3) * (1.3 if beat.kind == "cliffhanger" else 1.0))
    spans = _fill(length, lows, highs, weights)
    tenths = [math.floor(s * 10 + 1e-6) / 10 for s in spans]
    remainder = round((length - sum(tenths)) * 10)
    for i in sorted(range(len(tenths)), key=lambda i: highs[i] - tenths[i], reverse=True):
        if remainder <= 0:
            break
        room = int((highs[i] - tenths[i]) * 10 + 1e-6)
        step = min(room, remainder)
        tenths[i] = round(tenths[i] + step / 10, 1)
        remainder -= step
    return tenths


def _fill(total: float, lows: list[float], highs: list[float], weights: list[float]) -> list[float]:
    """Share ``total`` by weight, clamped to each shot's bounds (water filling)."""
    free = set(range(len(lows)))
    spans = list(lows)
    while free:
        budget = total - sum(spans[i] for i in range(len(spans)) if i not in free)
        share = sum(weights[i] for i in free)
        trial = {i: budget * weights[i] / share for i in free}
        clamped = {i for i, v in trial.items() if v < lows[i] or v > highs[i]}
        if not clamped:
            for i, v in trial.items():
                spans[i] = v
            break
        for i in clamped:
            spans[i] = lows[i] if trial[i] < lows[i] else highs[i]
        free -= clamped
    return spans


def _cameras(beats: list[Beat], rng: random.Random) -> list[str]:
    """A camera move per shot, from the beat's preferred moves, never the same twice running."""
    moves: list[str] = []
    for beat in beats:
        options = [m for m in CAMERAS[beat.kind] if not moves or m != moves[-1]]
        moves.append(rng.choice(options))
    return moves


def _line(beat: Beat, language: str) -> str:
    return beat.zh[1] if language == "zh" else beat.en[1]


def _shot(
    index: int,
    beat: Beat,
    language: str,
    names: dict[str, str],
    ids: dict[str, str],
    place: Place,
    scene: int,
    camera: str,
    duration: float,
    mood: str,
) -> Shot:
    text, line = beat.zh if language == "zh" else beat.en
    text = text.format(**names)
    if language == "zh":
        description = f"{text}（{place.zh}，{TIME_ZH.get(place.time_of_day, place.time_of_day)}）"
    else:
        description = f"{text} ({place.en}, {place.time_of_day})"
    return Shot(
        id=f"s{index + 1}",
        scene=scene,
        description=description,
        camera=camera,
        characters=[ids[k] for k in beat.who],
        speaker=ids[beat.speaker] if line else None,
        line=line,
        duration=duration,
        language=language,
        mood=MOODS.get(beat.kind, mood),
    )
