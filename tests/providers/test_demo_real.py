"""The demo episode end to end with every generator on a real provider (fake servers).

Script from OpenAI chat, stills from gpt-image-1, clips from Kling, lip sync of every
spoken shot from Kling lip-sync, the score from Suno and the voices from ElevenLabs, all
on 127.0.0.1; the export must be a real 1080x1920 H.264/AAC MP4 whose provenance names
those services, no key may end up in the project, the export or the logs, and every
paid item is bought exactly once, also when the run is killed during a lip-sync task.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.engine import Engine, NodeDone, NodeFailed, RunFinished
from app.core.graph import SetParam
from app.core.providers import ScriptRequest
from app.core.store.models import NodeRunRow, ProviderCallRow
from app.core.store.project import Project
from app.core.templates import create_project
from app.delivery.deliver import provenance_path, save_episode
from app.delivery.provenance import EPISODE_PROVENANCE
from nodes.providers.kling import kling_token
from nodes.providers.local.script_writer import shot_count, write_script
from nodes.registry import default_registry
from tests.fakes.elevenlabs import ELEVEN_KEY, FakeElevenLabs
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.fakes.media import VariedMedia
from tests.fakes.openai import OPENAI_KEY, FakeOpenAI
from tests.fakes.server import Reply
from tests.fakes.suno import FakeSuno
from tests.providers.conftest import FAST

KEYS = (OPENAI_KEY, ACCESS_KEY, SECRET_KEY, ELEVEN_KEY)
# node type -> (provider, model) the test switches it to
REAL = {
    "script.write": ("openai", "gpt-4o-mini"),
    "image.generate": ("openai", "gpt-image-1"),
    "video.animate": ("kling", "kling-v2-1"),
    "video.lipsync": ("kling", "kling-lipsync"),
    "music.score": ("suno", "chirp-v3-5"),
    "voice.speak": ("elevenlabs", "eleven_multilingual_v2"),
}


def probe(path: Path) -> dict:
    found = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format",
         str(path)],
        capture_output=True, check=True, timeout=30,
    )
    return json.loads(found.stdout)


def every_byte_under(folder: Path) -> list[tuple[Path, bytes]]:
    """The SQLite file (with its WAL) and every other file of the project."""
    return [(p, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()]


@pytest.fixture
def fakes(monkeypatch, start_fake, tmp_path):
    """The four services, each answering every request with a file of its own."""
    monkeypatch.setenv("SHOTGRAPH_OPENAI_API_KEY", OPENAI_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("SHOTGRAPH_ELEVENLABS_API_KEY", ELEVEN_KEY)
    varied = VariedMedia(tmp_path / "served")

    def start(cls, name, path=""):
        return start_fake(lambda media: cls(varied), name, path)

    return {
        "openai": start(FakeOpenAI, "openai", "/v1"),
        "kling": start(FakeKling, "kling"),
        "suno": start(FakeSuno, "suno"),
        "elevenlabs": start(FakeElevenLabs, "elevenlabs"),
    }


ROOT = Path(__file__).resolve().parents[2]
OPTIONS = dict.fromkeys(("openai", "kling", "suno", "elevenlabs"), FAST)


def real_demo(folder: Path, fakes) -> tuple:
    """The demo project with every generator on its real provider; (project, by_type)."""
    project = create_project(folder, "demo", default_registry())
    by_type = {n.type_id: n.id for n in project.graph.nodes.values()}
    for type_id, (provider, model) in REAL.items():
        project.undo.push(SetParam(by_type[type_id], "provider", provider))
        project.undo.push(SetParam(by_type[type_id], "model", model))
    # the shortest episode the template allows (30 s), and a chat answer of that length
    script = project.graph.node(by_type["script.write"]).params
    project.undo.push(SetParam(by_type["script.write"], "length_s", 30))
    request = ScriptRequest(premise=script["premise"], genre=script["genre"], length_s=30)
    fakes["openai"].answers.append(write_script(request).model_dump_json())
    # every shot 1 s in the export (each is still bought as a whole 5 s Kling clip), and
    # one shot nobody speaks in: its clip passes the lip sync unchanged (and unpaid)
    overrides = {shot.id: {"duration": 1.0} for shot in write_script(request).shots}
    overrides["s2"].update(line="", speaker=None)
    project.undo.push(SetParam(by_type["script.shots"], "overrides", overrides))
    project.undo.push(SetParam(by_type["edit.export"], "quality", "draft"))  # not the subject
    return project, by_type


def test_demo_episode_with_real_providers(tmp_path, fakes, caplog):
    caplog.set_level(logging.DEBUG)
    project, by_type = real_demo(tmp_path / "demo", fakes)
    events = []
    engine = Engine(project, on_event=events.append, provider_options=OPTIONS)
    result = engine.execute()

    failures = [e for e in events if isinstance(e, NodeFailed)]
    assert result.status == "done", failures
    assert not failures
    assert isinstance(events[-1], RunFinished) and events[-1].status == "done"
    done = {e.node_id for e in events if isinstance(e, NodeDone)}
    assert done == set(project.graph.nodes), "every node ran (nothing came from a cache)"
    with Session(project.engine) as s:
        statuses = set(s.scalars(select(NodeRunRow.status).where(
            NodeRunRow.run_id == result.run_id)))
        calls = s.execute(select(ProviderCallRow.provider, ProviderCallRow.status)
                          .where(ProviderCallRow.run_id == result.run_id)).all()
    assert statuses == {"ran"}

    # one script call, one still and one Kling clip per shot, one lip sync per spoken
    # shot, one score, one line per speaker
    shots = engine.load_output(by_type["script.shots"], "shots")
    spoken = [s for s in shots if s.line.strip() and s.speaker]
    assert len(shots) >= 3 and spoken and len(spoken) < len(shots)
    bought_once(fakes, shots, spoken)
    assert fakes["kling"].count("download") == len(shots) + len(spoken)
    assert sorted(calls) == sorted(
        [("openai", "ok")] * (1 + len(shots)) + [("kling", "ok")] * (len(shots) + len(spoken))
        + [("suno", "ok")] + [("elevenlabs", "ok")] * len(spoken)
    )

    # every shot's still, clip and line is an artifact of its own (the fakes vary the bytes)
    for node, port in (("image.generate", "image"), ("video.animate", "clip"),
                       ("video.lipsync", "clip")):
        made = engine.load_output(by_type[node], port)
        assert len({m.hash for m in made}) == len(shots)
    synced = engine.load_output(by_type["video.lipsync"], "clip")
    clips = engine.load_output(by_type["video.animate"], "clip")
    for shot, clip, sync in zip(shots, clips, synced, strict=True):
        assert (sync.hash == clip.hash) is (shot not in spoken)  # silent shots pass through
    lines = [v for v in engine.load_output(by_type["voice.speak"], "voice")
             if not v.meta.get("silent")]
    assert len({v.hash for v in lines}) == len(lines) == len(spoken)

    # the export: a real 1080x1920 H.264/AAC MP4 as long as the shots
    episode = engine.load_output(by_type["edit.export"], "episode")
    written = save_episode(episode, tmp_path / "out" / "episode.mp4")
    mp4 = written[0]
    info = probe(mp4)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    assert (video["codec_name"], video["width"], video["height"]) == ("h264", 1080, 1920)
    assert audio["codec_name"] == "aac"
    expected = sum(s.duration for s in shots)
    assert float(info["format"]["duration"]) == pytest.approx(expected, abs=0.25)

    # provenance: every shot counted as AI, made by the services that really made it
    record = episode.meta[EPISODE_PROVENANCE]
    assert record["totals"]["shots"] == len(shots)
    assert record["totals"]["shots_ai"] == len(shots)
    spoken_ids = {s.id for s in spoken}
    for shot in record["shots"]:
        assert shot["origin"] == "ai"
        assert (shot["still"]["provider"], shot["still"]["model"]) == ("openai", "gpt-image-1")
        model = "kling-lipsync" if shot["shot_id"] in spoken_ids else "kling-v2-1"
        assert (shot["clip"]["provider"], shot["clip"]["model"]) == ("kling", model)
        if shot["voice"] is not None:
            assert (shot["voice"]["provider"], shot["voice"]["model"]) == (
                "elevenlabs",
                "eleven_multilingual_v2",
            )
    assert sum(1 for s in record["shots"] if s["voice"]) == len(spoken)
    assert record["music"]["provider"] == "suno" and record["music"]["origin"] == "ai"
    saved = provenance_path(mp4)
    assert saved in written and json.loads(saved.read_text())["totals"]["shots_ai"] == len(shots)

    # redaction: no key in the project (SQLite + WAL + media), the export or the logs
    project.close()
    places = [*every_byte_under(tmp_path / "demo"), *every_byte_under(tmp_path / "out")]
    places.append((Path("log"), caplog.text.encode()))
    places.append((Path("events"), repr(events).encode()))
    jwt_header = kling_token(ACCESS_KEY, SECRET_KEY).split(".")[0].encode()  # any Kling token
    for where, data in places:
        for secret in (*(k.encode() for k in KEYS), jwt_header):
            assert secret not in data, f"a key or token leaked into {where}"


def bought_once(fakes, shots, spoken) -> None:
    """Exactly one paid submit per item: script, stills, clips, lip syncs, score, lines."""
    assert fakes["openai"].count("chat") == 1
    assert fakes["openai"].count("image") == len(shots)
    assert fakes["kling"].count("submit") == len(shots)
    assert fakes["kling"].count("submit_lipsync") == len(spoken)
    assert fakes["suno"].count("submit") == 1
    assert fakes["elevenlabs"].count("speech") == len(spoken)


def no_submit_on_its_way(kling: FakeKling) -> bool:
    """Every clip submitted, and two lip syncs polled: those hold both of Kling's lip-sync
    slots for good (their tasks never finish), so no Kling submit can be on its way. (A
    kill between a submit's journal entry and its request could only be reported as
    possibly billed, never resumed.)"""
    lip_syncs = {r.path for r in kling.requests if r.route == "poll_lipsync"}
    return kling.count("submit") == shot_count(30) and len(lip_syncs) >= 2


def test_a_kill_during_a_lip_sync_task_still_pays_once(tmp_path, fakes):
    """SIGKILL the run while Kling is making the lip syncs; the next run resumes them."""
    project, by_type = real_demo(tmp_path / "demo", fakes)
    project.close()
    kling = fakes["kling"]
    kling.kind_steps["lipsync"] = 10**9  # lip-sync tasks stay "processing"
    run = subprocess.Popen(
        [sys.executable, "-m", "tests.providers.demo_run", str(tmp_path / "demo")],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert kling.wait_until(lambda: no_submit_on_its_way(kling), timeout=600), \
            "the lip syncs were not polled"
    finally:
        run.send_signal(signal.SIGKILL)
        run.communicate(timeout=60)
    assert run.returncode == -signal.SIGKILL
    assert kling.count("submit_lipsync") >= 1

    kling.kind_steps["lipsync"] = 0  # Kling finished them meanwhile
    project = Project.open(tmp_path / "demo", default_registry())
    try:
        engine = Engine(project, provider_options=OPTIONS)
        result = engine.execute()
        assert result.status == "done", result.failed
        shots = engine.load_output(by_type["script.shots"], "shots")
    finally:
        project.close()
    spoken = [s for s in shots if s.line.strip() and s.speaker]
    bought_once(fakes, shots, spoken)


def test_a_rejected_key_leaks_nowhere(tmp_path, monkeypatch, start_fake, caplog):
    """ElevenLabs rejects the key and quotes it back: the node fails, and neither its error
    (run result, event, node_run row), the logs nor the project file hold the key."""
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("SHOTGRAPH_ELEVENLABS_API_KEY", ELEVEN_KEY)
    fake = start_fake(FakeElevenLabs, "elevenlabs")
    echo = lambda request, match: Reply(  # noqa: E731
        401,
        {"detail": {"status": "invalid_api_key",
                    "message": f"{request.headers.get('xi-api-key')} is not a valid key"}},
    )
    fake.routes.insert(0, ("POST", fake.routes[0][1], "speech", echo))
    project = create_project(tmp_path / "demo", "demo", default_registry())
    voice = next(n.id for n in project.graph.nodes.values() if n.type_id == "voice.speak")
    project.undo.push(SetParam(voice, "provider", "elevenlabs"))
    events = []
    result = Engine(project, on_event=events.append, provider_options={"elevenlabs": FAST}
                    ).execute(targets=[voice])

    assert result.status == "failed" and "is not a valid key" in result.failed[voice]
    assert fake.count("speech") >= 1
    with Session(project.engine) as s:
        errors = list(s.scalars(select(NodeRunRow.error).where(NodeRunRow.status == "failed")))
    assert errors and all("is not a valid key" in e for e in errors)
    project.close()
    texts = [repr(result), repr(events), caplog.text, *errors]
    assert all(ELEVEN_KEY not in text for text in texts)
    for path, data in every_byte_under(tmp_path / "demo"):
        assert ELEVEN_KEY.encode() not in data, path
