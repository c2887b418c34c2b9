import wave

import numpy as np
import pytest

from app.core.node_api import NodeError
from app.core.providers import MusicRequest, ScriptRequest
from app.core.screenplay import Script
from nodes.music import ImportMusic, Score
from nodes.providers.local.music import MOODS, parse_key, plan_score, render
from nodes.providers.local.script_writer import write_script


def read_wav(path) -> tuple[wave._wave_params, np.ndarray]:
    with wave.open(str(path), "rb") as wav:
        params = wav.getparams()
        data = np.frombuffer(wav.readframes(params.nframes), "<i2").reshape(-1, params.nchannels)
    return params, data


def test_score_follows_the_script(run_node):
    script = write_script(ScriptRequest(premise="p", genre="mystery", length_s=30, seed=1))
    out = run_node(Score, {"script": script}, seed=2)["music"]
    params, data = read_wav(out.path)
    assert (params.framerate, params.nchannels, params.sampwidth) == (48000, 2, 2)
    assert params.nframes / 48000 == pytest.approx(script.duration + 1.0, abs=0.01)
    assert out.meta["mood"] == "mysterious"
    peak_dbfs = 20 * np.log10(np.abs(data).max() / 32768)
    assert peak_dbfs <= -1.0


def test_score_is_deterministic_per_seed(run_node):
    a = run_node(Score, {}, mood="sad", length_s=8, seed=1)["music"].path.read_bytes()
    b = run_node(Score, {}, mood="sad", length_s=8, seed=1)["music"].path.read_bytes()
    c = run_node(Score, {}, mood="sad", length_s=8, seed=2)["music"].path.read_bytes()
    assert a == b and a != c


@pytest.mark.parametrize("mood", sorted(MOODS))
def test_no_clicks_at_bar_joins(mood):
    plan = plan_score(MusicRequest(mood=mood, key="", tempo_bpm=0, length_s=20, seed=3))
    audio = render(plan, 3)
    jumps = np.abs(np.diff(audio, axis=1))
    joins = np.arange(1, plan.bars) * plan.bar_samples
    joins = joins[joins < audio.shape[1]]
    assert len(joins) >= 3
    # a click is a jump of several percent of full scale in one sample
    assert jumps[:, joins - 1].max() < 0.04
    assert 20 * np.log10(np.abs(audio).max()) <= -1.0


def test_keys_and_bad_values():
    assert parse_key("A minor") == (57, (0, 2, 3, 5, 7, 8, 10))
    assert parse_key("F# major")[0] == 54
    assert parse_key("Bbm")[0] == 58
    with pytest.raises(NodeError, match="H minor"):
        parse_key("H minor")


def test_music_import_transcodes_and_rejects(run_node, tmp_path):
    source = tmp_path / "theme.wav"
    with wave.open(str(source), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(22050)
        wav.writeframes((np.sin(np.arange(22050) / 10) * 8000).astype("<i2").tobytes())
    out = run_node(ImportMusic, {}, file=str(source))["music"]
    params, _ = read_wav(out.path)
    assert (params.framerate, params.nchannels) == (48000, 2)
    assert out.meta["source_name"] == "theme.wav" and out.meta["imported"] is True
    assert str(tmp_path) not in str(out.meta)
    with pytest.raises(NodeError, match="nothere.mp3"):
        run_node(ImportMusic, {}, file=str(tmp_path / "nothere.mp3"))
    junk = tmp_path / "notes.mp3"
    junk.write_text("not music at all")
    with pytest.raises(NodeError, match="notes.mp3"):
        run_node(ImportMusic, {}, file=str(junk))


def test_script_type_is_the_screenplay():
    assert Score.input("script").type.name == Script.__name__
