"""Reference images from a character bible reach the image services that take them."""

from __future__ import annotations

import base64

import pytest

from app.core.node_api import Media
from app.core.screenplay import Character
from nodes.providers.kling import KlingImage
from nodes.providers.midjourney import MidjourneyImage
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.fakes.midjourney import MJ_SECRET, FakeMidjourney
from tests.providers.conftest import FAST


@pytest.fixture
def refs(tmp_path, media):
    """Two reference images in a fake store, and a card whose cast points at them."""
    store = {}
    for i, name in enumerate(("mei", "jun")):
        path = tmp_path / f"{name}.png"
        path.write_bytes(media["png"] + bytes([i]))  # trailing byte: distinct files, valid PNGs
        store[str(i) * 64] = Media(str(i) * 64, path, "image", "image/png")
    return store


def card_with_references(shot):
    cast = [
        Character(id="mei", name="Mei", look="red coat", reference="0" * 64),
        Character(id="jun", name="Jun", look="grey suit", reference="1" * 64),
    ]
    return shot.model_copy(update={"characters": ["jun", "mei"], "speaker": "mei", "cast": cast,
                                   "prompt": "noir. Mei faces Jun. Mei: red coat; Jun: grey suit"})


@pytest.fixture
def kling(monkeypatch, start_fake):
    monkeypatch.setenv("SHOTGRAPH_KLING_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", SECRET_KEY)
    return start_fake(FakeKling, "kling")


def test_kling_sends_the_lead_characters_reference(kling, make_ctx, shot, out_dir, refs):
    ctx = make_ctx(resolve_media=refs.__getitem__)
    KlingImage({**FAST, "model": "kling-v1-5"}).generate_image(
        card_with_references(shot), 1, ctx, out_dir / "s.png")
    body = next(r for r in kling.requests if r.route == "submit_image").json()
    assert kling.references == [refs["0" * 64].path.read_bytes()]  # Mei speaks: hers
    assert body["image_reference"] == "subject"
    assert body["prompt"] == "noir. Mei faces Jun. Mei: red coat; Jun: grey suit"


def test_kling_v1_gets_the_image_without_image_reference(kling, make_ctx, shot, out_dir, refs):
    ctx = make_ctx(resolve_media=refs.__getitem__)
    KlingImage(FAST).generate_image(card_with_references(shot), 1, ctx, out_dir / "s.png")
    body = next(r for r in kling.requests if r.route == "submit_image").json()
    assert "image_reference" not in body and len(kling.references) == 1


def test_kling_without_references_sends_no_image(kling, make_ctx, shot, out_dir):
    KlingImage(FAST).generate_image(shot, 1, make_ctx(), out_dir / "s.png")
    body = next(r for r in kling.requests if r.route == "submit_image").json()
    assert "image" not in body and kling.references == []


def test_midjourney_sends_every_shown_characters_reference(monkeypatch, start_fake, make_ctx,
                                                          shot, out_dir, refs):
    monkeypatch.setenv("SHOTGRAPH_MIDJOURNEY_API_KEY", MJ_SECRET)
    mj = start_fake(FakeMidjourney, "midjourney", "/mj")
    ctx = make_ctx(resolve_media=refs.__getitem__)
    MidjourneyImage(FAST).generate_image(card_with_references(shot), 2, ctx, out_dir / "s.png")
    assert mj.references == [refs[k].path.read_bytes() for k in ("0" * 64, "1" * 64)]
    body = next(r for r in mj.requests if r.route == "submit").json()
    assert body["prompt"].startswith("noir. Mei faces Jun.")
    assert body["base64Array"][0].startswith("data:image/png;base64,")
    assert base64.b64decode(body["base64Array"][1].split(",", 1)[1]) == refs["1" * 64].path.read_bytes()


def test_a_missing_reference_is_skipped_not_fatal(kling, make_ctx, shot, out_dir, refs):
    notes = []
    ctx = make_ctx(resolve_media=lambda h: (_ for _ in ()).throw(FileNotFoundError(h)),
                   on_log=notes.append)
    KlingImage(FAST).generate_image(card_with_references(shot), 1, ctx, out_dir / "s.png")
    assert kling.references == [] and any("missing" in n for n in notes)
