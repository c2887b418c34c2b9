import hashlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from app.core.node_api import Media, MediaOut, NodeError, RunContext
from app.core.screenplay import Character, ShotCard
from nodes.consistency import CheckParams, ConsistencyCheck, dhash, hash_similarity, phash
from nodes.providers.local.storyboard import StoryboardRenderer, render_reference

LENA = Character(id="lena", name="Lena", look="long hair, red dress", color="#e4572e")
MARK = Character(id="mark", name="Mark", look="grey suit, short hair", color="#2e86ab")
SHOTS = [  # (id, camera, who, description)
    ("s1", "static", ["lena", "mark"], "Lena meets Mark in the office at night."),
    ("s2", "push_in", ["lena"], "Close-up on Lena in the rain."),
    ("s3", "pan_left", ["mark", "lena"], "Mark follows Lena down the street."),
    ("s4", "pull_out", ["mark"], "Mark alone in the hospital corridor."),
]


class Store:
    """Media by hash, as the engine's ``resolve_media`` serves them."""

    def __init__(self, folder: Path):
        self.folder, self.items = folder, {}
        self.ctx = RunContext(node_id="t", temp_dir=folder / "tmp", resolve_media=self.get)

    def get(self, digest: str) -> Media:
        return self.items[digest]

    def add(self, out: MediaOut) -> Media:
        digest = hashlib.sha256(out.path.read_bytes()).hexdigest()
        self.items[digest] = Media(digest, out.path, "image", "image/png", meta=out.meta)
        return self.items[digest]


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path)


def bible(store: Store, *people: Character) -> list[Character]:
    renderer = StoryboardRenderer()
    return [
        c.model_copy(update={"reference": store.add(renderer.generate_reference(
            c, 0, store.ctx, store.folder / f"ref-{c.id}.png")).hash})
        for c in people
    ]


def shot_cards(cast: list[Character]) -> list[ShotCard]:
    return [
        ShotCard(id=sid, description=text, camera=camera, characters=who, speaker=who[0],
                 duration=3.0, cast=[c for c in cast if c.id in who])
        for sid, camera, who, text in SHOTS
    ]


def draw(store: Store, shot: ShotCard) -> Media:
    return store.add(StoryboardRenderer().generate_image(
        shot, 1, store.ctx, store.folder / f"{shot.id}-{len(store.items)}.png"))


def check(store: Store, stills, shots, **params) -> list[dict]:
    out = ConsistencyCheck().run(
        store.ctx, {"stills": stills, "shots": shots}, CheckParams(**params))
    return out["checks"]


def test_on_model_stills_pass_and_an_off_model_one_is_flagged(store):
    cast = bible(store, LENA, MARK)
    shots = shot_cards(cast)
    stills = [draw(store, s) for s in shots]
    # shot 3 drawn wrong: Lena in Mark's colours
    wrong = shots[2].model_copy(update={"cast": [
        c.model_copy(update={"color": MARK.color}) if c.id == "lena" else c for c in shots[2].cast
    ]})
    stills[2] = draw(store, wrong)
    checks = check(store, stills, shots)
    pairs = {(c["shot_id"], c["character_id"]) for c in checks}
    assert pairs == {("s1", "lena"), ("s1", "mark"), ("s2", "lena"), ("s3", "mark"),
                     ("s3", "lena"), ("s4", "mark")}
    flagged = [c for c in checks if c["outlier"]]
    assert [(c["shot_id"], c["character_id"]) for c in flagged] == [("s3", "lena")]
    assert flagged[0]["score"] < 0.6 and "Lena looks off-model" in flagged[0]["reason"]
    assert all(c["score"] >= 0.7 for c in checks if not c["outlier"])
    # the same still with the right colours passes
    stills[2] = draw(store, shots[2])
    assert not any(c["outlier"] for c in check(store, stills, shots))


def test_a_bible_wired_in_overrides_the_cards_references(store):
    cast = bible(store, LENA, MARK)
    shots = shot_cards([LENA, MARK])  # cards made before the bible had references
    stills = [draw(store, s) for s in shots]
    alone = check(store, stills, shots)  # each compared with their most typical shot
    assert {c["reason"].split(": ")[0] for c in alone} == {
        "Lena matches their other shots", "Mark matches their other shots"}
    out = ConsistencyCheck().run(
        store.ctx, {"stills": stills, "shots": shots, "characters": cast}, CheckParams())
    assert len(out["checks"]) == 6 and not any(c["outlier"] for c in out["checks"])
    assert all("the reference image" in c["reason"] for c in out["checks"])


def test_a_foreign_image_without_figures_is_judged_by_its_colours(store):
    cast = bible(store, LENA, MARK)
    shots = shot_cards(cast)[3:]  # Mark alone
    blue = store.folder / "blue.png"
    Image.fromarray(np.full((1920, 1080, 3), (46, 134, 171), np.uint8)).save(blue)
    green = store.folder / "green.png"
    Image.fromarray(np.full((1920, 1080, 3), (40, 200, 60), np.uint8)).save(green)
    [ok] = check(store, [store.add(MediaOut(blue))], shots)
    [bad] = check(store, [store.add(MediaOut(green))], shots)
    assert not ok["outlier"] and bad["outlier"]


def test_without_references_the_odd_shot_out_is_flagged(store):
    shots = [s.model_copy(update={"id": f"m{i}"}) for i, s in enumerate(shot_cards([MARK])[3:] * 4)]
    stills = [draw(store, s) for s in shots]
    stills[1] = draw(store, shots[1].model_copy(update={"cast": [MARK.model_copy(update={"color": "#f3e012"})]}))
    checks = check(store, stills, shots)
    assert [c["shot_id"] for c in checks if c["outlier"]] == ["m1"]
    assert "their other shots" in checks[1]["reason"]


def test_threshold_and_counts(store):
    cast = bible(store, LENA, MARK)
    shots = shot_cards(cast)
    stills = [draw(store, s) for s in shots]
    assert all(c["outlier"] for c in check(store, stills, shots, threshold=1.0))
    with pytest.raises(NodeError, match="3 stills for 4 shots"):
        check(store, stills[:3], shots)


def test_perceptual_hashes_see_the_outline_not_noise():
    def bust(look: str) -> np.ndarray:
        image, figure = render_reference(LENA.model_copy(update={"look": look}))
        x0, y0, x1, y1 = figure.regions()["bust"]
        return cv2.cvtColor(np.asarray(image)[y0:y1, x0:x1], cv2.COLOR_RGB2GRAY)

    dress = bust("long hair, red dress")
    noisy = np.clip(dress + np.random.default_rng(0).normal(0, 12, dress.shape), 0, 255)
    hat = bust("bald, hat, suit")
    for h in (phash, dhash):
        assert hash_similarity(h(dress), h(noisy.astype(np.uint8))) > 0.75
        assert hash_similarity(h(dress), h(hat)) < 0.5
