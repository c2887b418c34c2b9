"""The services as they are today: one test per way a real key would lose money or fail.

Every fake here refuses what the real service refuses (see each fake's docstring), so a
request the service would turn down fails these tests, and the money-losing answers
(a 503 after the work was made, a node error after queueing) are played out exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core import costs
from app.core.providers import ErrorKind, MusicRequest, ProviderError, models
from nodes.providers.comfyui import ComfyImage
from nodes.providers.dashscope import QwenSpeech, WanVideo
from nodes.providers.elevenlabs import DEFAULT_VOICES, ElevenMusic, ElevenSpeech
from nodes.providers.kling import KlingImage, KlingVideo
from nodes.providers.openai_compat import OpenAIChat, OpenAIImage
from nodes.providers.runway import RunwayVideo
from nodes.providers.suno import SunoMusic
from nodes.providers.tasks import FAILED, SUBMITTED, SUBMITTING, UNCONFIRMED, MemoryJournal
from tests.fakes.comfyui import BASIC_API_EXAMPLE, FakeComfyUI
from tests.fakes.dashscope import DASHSCOPE_KEY, FakeDashScope
from tests.fakes.elevenlabs import ELEVEN_KEY, RETIRED, FakeElevenLabs
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.fakes.openai import OPENAI_KEY, FakeOpenAI
from tests.fakes.runway import RUNWAY_KEY, FakeRunway
from tests.fakes.suno import FakeSuno
from tests.providers.chat_request import REQUEST as SCRIPT
from tests.providers.conftest import FAST

SCORE = MusicRequest(mood="tense", tempo_bpm=96, length_s=30, seed=1)


# -- 1. a paid submit is sent again only when nothing was accepted ----------------------------
def test_suno_503_after_the_clips_were_made_pays_once(start_fake, make_ctx, out_dir, journal):
    """suno-api's own call to Suno timed out after Suno made (and billed) the clips."""
    fake = start_fake(FakeSuno, "suno")
    fake.fault("submit", "503-after")
    ctx = make_ctx()
    result = SunoMusic(FAST).compose(SCORE, ctx, out_dir / "score.wav")
    assert fake.count("submit") == 1, "the 503 must not be sent again"
    assert result.meta["clip_id"] in fake.tasks  # adopted from the recent clips
    assert [r["status"] for r in ctx.record_call.rows] == ["ok"]
    assert ctx.record_call.rows[0]["cost_estimate"] > 0  # counted once


def test_suno_plain_503_stops_and_retry_submits_after_looking(start_fake, make_ctx, out_dir,
                                                              journal):
    fake = start_fake(FakeSuno, "suno")
    fake.fault("submit", "503")
    with pytest.raises(ProviderError) as caught:
        SunoMusic(FAST).compose(SCORE, make_ctx(), out_dir / "score.wav")
    assert caught.value.kind is ErrorKind.UNCONFIRMED
    assert "may have been accepted and billed" in caught.value.message
    assert "Suno library" in caught.value.message
    assert [status for _, status in journal.rows.values()] == [UNCONFIRMED]
    assert fake.count("submit") == 1
    # pressing retry: it looks once more (nothing there), then submits anew
    SunoMusic(FAST).compose(SCORE, make_ctx(), out_dir / "score.wav")
    assert fake.count("submit") == 2 and fake.count("poll") >= 1


def test_a_run_killed_mid_submit_finds_the_work_before_paying(start_fake, make_ctx, out_dir):
    """A journal row still 'submitting' (the run died with the request out): adopted."""
    fake = start_fake(FakeKling, "kling")
    journal = MemoryJournal()
    ctx = make_ctx(tasks=journal)
    # Kling took the request, but the run died before it saved the answer
    with pytest.raises(Killed):  # the journal is left as the dead run left it
        _kill_during_submit(journal, lambda: KlingVideo(FAST).animate(
            _still(out_dir, fake), _shot(), 3, ctx, out_dir / "c.mp4"), after_sending=True)
    assert [status for _, status in journal.rows.values()] == [SUBMITTING]
    assert fake.count("submit") == 1
    KlingVideo(FAST).animate(_still(out_dir, fake), _shot(), 3, make_ctx(tasks=journal),
                             out_dir / "c.mp4")
    assert fake.count("submit") == 1 and fake.count("list") == 1


def test_elevenlabs_music_unclear_answer_is_unconfirmed(start_fake, make_ctx, out_dir, journal,
                                                        monkeypatch):
    monkeypatch.setenv("SHOTGRAPH_ELEVENLABS_API_KEY", ELEVEN_KEY)
    fake = start_fake(FakeElevenLabs, "elevenlabs")
    fake.fault("music", "500-after")
    with pytest.raises(ProviderError) as caught:
        ElevenMusic(FAST).compose(SCORE, make_ctx(), out_dir / "score.wav")
    assert caught.value.kind is ErrorKind.UNCONFIRMED and fake.count("music") == 1
    # a run that died while the score was being made: the next one says so, once
    journal.rows.clear()
    row = ("elevenlabs",)
    with pytest.raises(Killed):
        _kill_during_submit(journal, lambda: ElevenMusic(FAST).compose(
            SCORE, make_ctx(), out_dir / "score.wav"))
    assert [s for k, (_, s) in journal.rows.items() if k[0] == row[0]] == [SUBMITTING]
    with pytest.raises(ProviderError) as again:
        ElevenMusic(FAST).compose(SCORE, make_ctx(), out_dir / "score.wav")
    assert again.value.kind is ErrorKind.UNCONFIRMED and "earlier run stopped" in again.value.message
    ElevenMusic(FAST).compose(SCORE, make_ctx(), out_dir / "score.wav")  # retry: it pays
    assert fake.count("music") == 2  # the killed run never sent its request


class Killed(BaseException):
    """Stands for SIGKILL: nothing in the provider may catch it or tidy up after it."""


def _kill_during_submit(journal: MemoryJournal, work, after_sending: bool = False) -> None:
    """Run ``work`` and stop it dead (as a SIGKILL would) while its submit is out: just
    after the journal says 'submitting' (before the request is sent), or once the
    service has answered (``after_sending``) but before the task id is saved."""
    original = journal.save

    def save(provider, fp, task_id, status):
        if after_sending and status == SUBMITTED:
            raise Killed()
        original(provider, fp, task_id, status)
        if status == SUBMITTING and not after_sending:
            raise Killed()

    journal.save = save  # type: ignore[method-assign]
    try:
        work()
    finally:
        journal.save = original  # type: ignore[method-assign]


def _shot():
    from app.core.screenplay import ShotCard

    return ShotCard(id="s01", description="rain on the window", duration=4.0)


def _still(out_dir: Path, fake):
    from app.core.node_api import Media

    path = out_dir.parent / "still.png"
    path.write_bytes(fake.media["png"])
    return Media(hash="b" * 64, path=path, kind="image", mime="image/png")


@pytest.fixture(autouse=True)
def kling_keys(monkeypatch):
    monkeypatch.setenv("SHOTGRAPH_KLING_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", SECRET_KEY)


# -- 2. ComfyUI's 200 with node_errors ------------------------------------------------------
@pytest.fixture
def basic_workflow(tmp_path) -> str:
    path = tmp_path / "basic_api.json"
    path.write_text(json.dumps(BASIC_API_EXAMPLE))
    return str(path)


def test_comfyui_queued_with_node_errors_is_cancelled_and_kept(start_fake, make_ctx, shot,
                                                               out_dir, basic_workflow, journal):
    fake = start_fake(FakeComfyUI, "comfyui")
    fake.modes.add("partial_errors")
    fake.steps = 50  # it would be queued a while: it must not run unseen
    with pytest.raises(ProviderError) as caught:
        ComfyImage({**FAST, "workflow": basic_workflow}).generate_image(
            shot, 1, make_ctx(), out_dir / "s.png")
    [prompt_id] = fake.tasks
    assert caught.value.kind is ErrorKind.BAD_REQUEST
    assert "node 6 (CLIPTextEncode): Value not in list" in caught.value.message
    assert prompt_id in caught.value.message and "cancelled" in caught.value.message
    assert fake.deleted == [prompt_id] and fake.interrupted == [prompt_id]
    assert list(journal.rows.values()) == [(prompt_id, FAILED)]  # the id is kept
    assert fake.count("poll") == 0


def test_comfyui_errors_in_another_output_do_not_stop_ours(start_fake, make_ctx, shot, out_dir,
                                                           basic_workflow):
    fake = start_fake(FakeComfyUI, "comfyui")
    fake.modes.add("other_errors")
    out = ComfyImage({**FAST, "workflow": basic_workflow}).generate_image(
        shot, 1, make_ctx(), out_dir / "s.png")
    assert out.path.is_file() and fake.deleted == []


# -- 3. DashScope Wan video ---------------------------------------------------------------
@pytest.fixture
def dashscope(monkeypatch, start_fake):
    monkeypatch.setenv("SHOTGRAPH_DASHSCOPE_API_KEY", DASHSCOPE_KEY)
    return start_fake(FakeDashScope, "dashscope", "/api/v1")


def test_wan_flash_makes_5_s_clips_even_for_a_longer_shot(dashscope, make_ctx, shot, still,
                                                          out_dir):
    long_shot = shot.model_copy(update={"duration": 7.5})
    calls = make_ctx()
    out = WanVideo(FAST).animate(still, long_shot, 1, calls, out_dir / "c.mp4")
    assert dashscope.last_i2v["parameters"]["duration"] == 5 and out.meta["clip_seconds"] == 5
    assert calls.record_call.rows[-1]["cost_estimate"] == pytest.approx(5 * 0.04)


def test_wan_plus_has_no_720p(dashscope, make_ctx, shot, still, out_dir):
    WanVideo({**FAST, "model": "wan2.2-i2v-plus"}).animate(still, shot, 1, make_ctx(),
                                                           out_dir / "c.mp4")
    assert dashscope.last_i2v["parameters"]["resolution"] == "1080P"
    with pytest.raises(ProviderError) as caught:
        WanVideo({**FAST, "model": "wan2.2-i2v-plus", "resolution": "720P"}).animate(
            still, shot, 2, make_ctx(), out_dir / "d.mp4")
    assert caught.value.kind is ErrorKind.BAD_REQUEST
    assert "resolution '720P' is not offered (it takes 480P, 1080P)" in caught.value.message
    assert dashscope.count("submit") == 1


def test_wan_26_gets_audio_false_and_the_negative_prompt(dashscope, make_ctx, shot, still,
                                                         out_dir):
    WanVideo({**FAST, "model": "wan2.6-i2v", "negative_prompt": "blurry, text"}).animate(
        still, shot.model_copy(update={"duration": 9.0}), 1, make_ctx(), out_dir / "c.mp4")
    sent = dashscope.last_i2v
    assert sent["parameters"]["audio"] is False and dashscope.audio_billed == 0
    assert sent["parameters"]["duration"] == 10
    assert sent["input"]["negative_prompt"] == "blurry, text"


# -- 4. Kling -----------------------------------------------------------------------------
@pytest.fixture
def kling(start_fake):
    return start_fake(FakeKling, "kling")


def test_kling_turbo_is_pro_only(kling, make_ctx, shot, still, out_dir):
    KlingVideo({**FAST, "model": "kling-v2-5-turbo"}).animate(still, shot, 1, make_ctx(),
                                                              out_dir / "c.mp4")
    assert next(r for r in kling.requests if r.route == "submit").json()["mode"] == "pro"
    with pytest.raises(ProviderError, match="mode 'std' is not offered .it takes pro."):
        KlingVideo({**FAST, "model": "kling-v2-5-turbo", "mode": "std"}).animate(
            still, shot, 2, make_ctx(), out_dir / "d.mp4")
    assert kling.count("submit") == 1


def test_kling_image_reference_only_for_v1_5_and_no_negative_beside_an_image(
    kling, make_ctx, shot, out_dir, tmp_path, media
):
    from tests.providers.test_references import card_with_references

    card, ctx = card_with_references(shot), make_ctx()
    ctx.resolve_media = _resolver(tmp_path, media)
    notes: list[str] = []
    ctx.on_log = notes.append
    for model in ("kling-v1", "kling-v2", "kling-v1-5"):
        KlingImage({**FAST, "model": model, "negative_prompt": "blur"}).generate_image(
            card, 1, ctx, out_dir / f"{model}.png")
    bodies = [r.json() for r in kling.requests if r.route == "submit_image"]
    assert ["image_reference" in b for b in bodies] == [False, False, True]
    assert all("negative_prompt" not in b and "image" in b for b in bodies)
    assert any("no negative prompt beside a reference image" in n for n in notes)


def _resolver(tmp_path, media):
    from app.core.node_api import Media

    def resolve(digest: str) -> Media:
        path = tmp_path / f"{digest[:8]}.png"
        path.write_bytes(media["png"])
        return Media(hash=digest, path=path, kind="image", mime="image/png")

    return resolve


def test_kling_ip_whitelist_says_so_not_check_the_key(kling, make_ctx, shot, still, out_dir):
    kling.modes.add("ip_blocked")
    with pytest.raises(ProviderError) as caught:
        KlingVideo(FAST).animate(still, shot, 1, make_ctx(), out_dir / "c.mp4")
    assert caught.value.kind is ErrorKind.AUTH
    assert "IP whitelist" in caught.value.message and "code 1304" in caught.value.message
    assert "SHOTGRAPH_KLING_ACCESS_KEY" not in caught.value.message


# -- 5. ElevenLabs voices -------------------------------------------------------------------
@pytest.fixture
def eleven(monkeypatch, start_fake):
    monkeypatch.setenv("SHOTGRAPH_ELEVENLABS_API_KEY", ELEVEN_KEY)
    return start_fake(FakeElevenLabs, "elevenlabs")


def test_elevenlabs_default_is_a_voice_the_account_has(eleven, make_ctx, out_dir):
    assert RETIRED not in DEFAULT_VOICES.values()
    provider = ElevenSpeech(FAST)
    female = provider.speak("Hi.", "en", "female, low", make_ctx(), out_dir / "a.wav")
    male = provider.speak("Hi.", "en", "en-us+m3", make_ctx(), out_dir / "b.wav")
    assert female.meta["voice_id"] == "EXAVITQu4vr4xnSDxMaL"  # Sarah, premade, female
    assert male.meta["voice_id"] == "JBFqnCBsd6RMkjVDRZzb"  # George
    assert eleven.count("voices") == 1  # the list is read once per provider


def test_elevenlabs_voices_by_name_and_unknown_ids_refused(eleven, make_ctx, out_dir):
    provider = ElevenSpeech(FAST)
    named = provider.speak("Hi.", "en", "Matilda", make_ctx(), out_dir / "a.wav")
    assert named.meta["voice_id"] == "XrExE9yKIg1WjnnlVkGX"
    with pytest.raises(ProviderError) as caught:
        provider.speak("Hi.", "en", RETIRED, make_ctx(), out_dir / "b.wav")
    assert caught.value.kind is ErrorKind.BAD_REQUEST and "Sarah, George" in caught.value.message
    assert eleven.count("speech") == 1
    assert [v.name for v in provider.voices()][:2] == ["Sarah", "George"]


# -- 6. OpenAI-compatible chat ---------------------------------------------------------------
@pytest.fixture
def openai(monkeypatch, start_fake):
    monkeypatch.setenv("SHOTGRAPH_OPENAI_API_KEY", OPENAI_KEY)
    return start_fake(FakeOpenAI, "openai", "/v1")


@pytest.mark.parametrize(("model", "sends"), [("gpt-5", False), ("gpt-5-mini", False),
                                              ("o4-mini", False), ("gpt-5-chat-latest", True),
                                              ("gpt-4o-mini", True)])
def test_temperature_only_where_the_model_takes_it(openai, make_ctx, model, sends):
    OpenAIChat({**FAST, "model": model, "temperature": 0.7}).write_script(SCRIPT, make_ctx())
    body = next(r for r in openai.requests if r.route == "chat").json()
    assert ("temperature" in body) is sends


def test_organisation_verification_says_so(openai, make_ctx, shot, out_dir):
    openai.modes.add("unverified")
    with pytest.raises(ProviderError) as caught:
        OpenAIImage(FAST).generate_image(shot, 1, make_ctx(), out_dir / "s.png")
    assert caught.value.kind is ErrorKind.AUTH
    assert "organisation to be verified" in caught.value.message
    assert "SHOTGRAPH_OPENAI_API_KEY" not in caught.value.message


# -- 7. smaller ones -----------------------------------------------------------------------
def test_dashscope_quota_429_is_not_retried(dashscope, make_ctx, shot, still, out_dir):
    dashscope.fault("submit", "429-quota")
    with pytest.raises(ProviderError) as caught:
        WanVideo(FAST).animate(still, shot, 1, make_ctx(), out_dir / "c.mp4")
    assert caught.value.kind is ErrorKind.QUOTA and dashscope.count("submit") == 1


def test_runway_counts_its_prompt_in_utf16_units(monkeypatch, start_fake, make_ctx, shot, still,
                                                 out_dir):
    monkeypatch.setenv("SHOTGRAPH_RUNWAY_API_KEY", RUNWAY_KEY)
    fake = start_fake(FakeRunway, "runway")
    emoji = shot.model_copy(update={"prompt": "雨" * 300 + "😀" * 400})  # 1100 units, 700 chars
    RunwayVideo(FAST).animate(still, emoji, 1, make_ctx(), out_dir / "c.mp4")
    sent = next(r for r in fake.requests if r.route == "submit").json()["promptText"]
    assert len(sent.encode("utf-16-le")) // 2 <= 1000 and sent.endswith("😀")


def test_suno_default_model_is_current(start_fake, make_ctx, out_dir):
    fake = start_fake(FakeSuno, "suno")
    SunoMusic(FAST).compose(SCORE, make_ctx(), out_dir / "score.wav")
    assert next(r for r in fake.requests if r.route == "submit").json()["model"] == "chirp-crow"


def test_qwen_tts_is_refused_on_the_international_endpoint(dashscope, make_ctx, out_dir):
    with pytest.raises(ProviderError) as caught:
        QwenSpeech({**FAST, "model": "qwen-tts", "region": "intl"}).speak(
            "你好", "zh", "Cherry", make_ctx(), out_dir / "a.wav")
    assert "served in the China (Beijing) region only" in caught.value.message
    assert dashscope.count("speech") == 0
    out = QwenSpeech({**FAST, "region": "intl"}).speak("你好", "zh", "Cherry", make_ctx(),
                                                       out_dir / "b.wav")
    assert out.meta["model"] == "qwen3-tts-flash"


# -- 8. one model table -------------------------------------------------------------------
def test_the_model_table_feeds_choices_checks_and_estimates():
    assert models.model_names("video", "kling")[0] == "kling-v2-1"  # the default first
    assert "kling-v2-5-turbo" in models.model_names("video", "kling")
    assert models.model_names("lipsync", "synclabs")[0] == "lipsync-2"
    flash = models.spec("dashscope", "video", "wan2.2-i2v-flash")
    assert flash.problems(duration=10) == ["a 10 s clip is not offered (it makes 5 s)"]
    assert models.spec("runway", "video", "veo3.1").billed_seconds(5.0) == 6.0

    class Params:
        provider, model = "dashscope", "wan2.2-i2v-flash"

    shot = {"duration": 7.0, "line": "x"}
    amounts = costs.item_amounts("video", Params(), {"shot": shot})  # type: ignore[arg-type]
    assert amounts["second"] == 5.0  # a 7 s shot is a 5 s flash clip, billed as 5 s
    Params.provider, Params.model = "kling", "kling-v2-1"
    assert costs.item_amounts("video", Params(), {"shot": shot})["second"] == 10.0  # type: ignore[arg-type]
    # a lip sync costs nothing where nobody speaks (the clip passes through)
    assert costs.item_amounts("lipsync", Params(), {"shot": {**shot, "speaker": "a"}})[  # type: ignore[arg-type]
        "second"] == 7.0
    assert costs.item_amounts("lipsync", Params(), {"shot": shot})["second"] == 0.0  # type: ignore[arg-type]


def test_the_model_choice_is_exposed_in_the_params_schema():
    from nodes.lipsync import LipSync
    from nodes.video import Animate

    for node in (Animate, LipSync):
        schema = node.Params.model_json_schema()["properties"]["model"]
        assert schema.get("ui") == "model"
