"""Cards of shots a Consistency check flags carry a warning mark and the reason."""

from PySide6.QtCore import Qt

from app.ui.storyboard import HEADING
from nodes.consistency import ConsistencyCheck
from nodes.registry import NodeRegistry
from tests.ui import stubs
from tests.ui.conftest import wait_run


def test_outlier_cards_are_marked_with_the_reason(qtbot, make_window):
    registry = NodeRegistry([*stubs.registry().all(), ConsistencyCheck])
    window = make_window(reg=registry)
    bridge = window.canvas
    write = bridge.add_node("script.write", (0, 0))
    shots = bridge.add_node("script.shots", (300, 0))
    still = bridge.add_node("ui.still", (600, 0))  # a random flat colour per shot
    check = bridge.add_node("consistency.check", (900, 0))
    assert bridge.connect_ports(write, "script", shots, "script")
    assert bridge.connect_ports(shots, "shots", still, "shot")
    assert bridge.connect_ports(still, "image", check, "stills")
    assert bridge.connect_ports(shots, "shots", check, "shots")
    window.run_all()
    wait_run(qtbot, window)
    window.storyboard.refresh()
    checks = window.session.load_output(check, "checks")
    flagged = {c["shot_id"]: c["reason"] for c in checks if c["outlier"]}
    assert flagged  # flat random colours: some shots look unlike that character's others
    board = window.storyboard.list
    marked = {}
    for row in range(board.count()):
        item = board.item(row)
        if item.data(HEADING).startswith("\u26a0"):
            marked[item.data(Qt.ItemDataRole.UserRole)] = item.toolTip()
    assert set(marked) == set(flagged)
    for shot_id, tip in marked.items():
        assert flagged[shot_id] in tip
