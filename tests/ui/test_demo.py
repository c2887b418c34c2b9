"""The demo template end to end in the window (needs every demo node type)."""

import pytest

from tests.ui.conftest import wait_run


def _demo_registry():
    try:
        from app.core.templates import load_template
        from nodes.registry import default_registry
    except ImportError as exc:
        pytest.skip(f"templates are not available yet: {exc}")
    registry = default_registry()
    needed = {n["type"] for n in load_template("demo")["nodes"]}
    missing = sorted(t for t in needed if t not in registry)
    if missing:
        pytest.skip(f"demo node types not implemented yet: {', '.join(missing)}")
    return registry


def test_demo_runs_and_shows_badges_storyboard_and_a_shot(qtbot, make_window, tmp_path):
    registry = _demo_registry()
    from app.core.templates import create_project
    from tests.short_demo import draft, shorten

    project = create_project(tmp_path / "demo", "demo", registry=registry)
    shorten(project)  # six 1 s shots: every demo node runs, the export is short
    draft(project)
    window = make_window(project, registry)
    window.run_all()
    wait_run(qtbot, window, timeout=600_000)
    states = {window.canvas.badge(n).state for n in project.graph.nodes}
    assert states <= {"done", "cached"}, {n: window.canvas.badge(n) for n in project.graph.nodes}
    board = window.storyboard
    assert board.list.count() >= 3
    cards = board.board.cards
    assert all(c.still is not None and c.clip is not None and c.voice is not None for c in cards)
    board.list.itemDoubleClicked.emit(board.list.item(0))
    view = window.preview.shot_view
    assert window.preview.stack.currentWidget() is view and view.playing
    assert view.clip_player.source().toLocalFile() == str(cards[0].clip.path)
    assert view.voice_player.source().toLocalFile() == str(cards[0].voice.path)
    assert not view.music_player.source().isEmpty()
    assert view.subtitle.toPlainText() == cards[0].line
    view.pause()

    image_node = board.board.still_node
    window.canvas.select(image_node)
    assert window.preview.stack.currentWidget() is window.preview.gallery
    assert window.preview.gallery.count() == board.list.count()
    window.run_all()
    wait_run(qtbot, window, timeout=600_000)
    assert {window.canvas.badge(n).state for n in project.graph.nodes} == {"cached"}
