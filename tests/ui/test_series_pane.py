"""The Series pane: episodes in order, one cast and style for all, what a change stales."""

from __future__ import annotations

from app.core.series import batch
from app.core.series.season import Series
from app.ui.series import SeriesPane, style_presets
from nodes.registry import default_registry
from tests.core.series_template import make_stills_series


def test_the_pane_lists_episodes_and_says_what_a_style_change_stales(qtbot, tmp_path):
    series = make_stills_series(tmp_path / "season", episodes=2)
    batch.run_season(series, series.numbers)
    pane = SeriesPane(series, style_presets=style_presets())
    qtbot.addWidget(pane)
    try:
        assert pane.episodes.rowCount() == 2
        assert pane.episodes.item(0, 1).text().startswith("1. ")
        assert [pane.episodes.item(r, 3).text() for r in range(2)] == ["done", "done"]
        assert not pane.episodes.item(0, 0).icon().isNull()  # the first still
        assert pane.cast.item(1, 1).text() == "Julian"
        pane.style_preset.setCurrentText("noir")
        staled = pane.apply_shared()
        # every episode's stills (and the shots that carry the style) now need a run
        assert set(staled) == {1, 2}
        assert all("Stills" in labels and "Characters" not in labels
                   for labels in staled.values())
        assert "Episode 2 now needs" in pane.stales.text()
        assert [pane.episodes.item(r, 3).text() for r in range(2)] == ["stale", "stale"]
        assert Series(series.folder, default_registry()).spec.style["preset"] == "noir"
        pane.cast.item(0, 2).setText("grey uniform, red scarf")
        staled = pane.apply_shared()
        assert "Characters" in staled[1] and "Characters" in staled[2]
        assert pane.apply_shared() == {}  # applying again changes nothing
        assert "Nothing changed" in pane.stales.text()
    finally:
        series.close()


def test_opening_an_episode_shows_its_graph_in_the_window(make_window, tmp_path):
    registry = default_registry()
    make_stills_series(tmp_path / "season", episodes=2).close()
    window = make_window(reg=registry)
    pane = window.show_series(tmp_path / "season")
    assert pane is not None and window.series_dock.isVisible()
    pane.open_episode.emit(2)
    project = window.session.project
    assert project.folder.name == "ep02"
    assert project.media_dir == (tmp_path / "season" / "store" / "media")
    assert any(n.type_id == "image.generate" for n in project.graph.nodes.values())
    assert "series run" in pane.findChildren(type(pane.stales))[-1].text()
    window.series_dock.widget().close_series()
