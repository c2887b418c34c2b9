"""The cut's side of the main window: the Timeline dock, the Player and the playhead they
share with the storyboard and preview, and what they ask the window for: make the cut,
record a line, use the creator's own footage, hand the cut to another editor.

Kept out of ``window.py`` so the window only creates the desk, gives it its docks and
menu items, and tells it when a plan or a run is done.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox

from app.core.graph import GraphError
from app.ui.cutplayer import CutPlayer, Playhead
from app.ui.timeline import TimelinePane


class CutDesk(QObject):
    """The timeline, the player and the shared playhead of one open project."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window = window
        self.playhead = Playhead(self)
        # The window's plan fills it (one plan, not one more here).
        self.timeline = TimelinePane(window.session, self.playhead, refresh=False)
        self.player = CutPlayer(self.playhead)
        self._making_cut = False
        self._cut_made: Any = None
        self.recorder: Any = None
        self.footage_dialog: Any = None
        self.handoff: Any = None
        self.handoff_message: Any = None

    def run_finished(self, result: Any) -> None:
        """The window's run ended (after its replan): finish making the cut if it was ours."""
        if self._making_cut:
            self._finish_cut(result)

    def stop(self) -> None:
        self.player.stop()

    def wire(self) -> None:
        self.timeline.play_toggled.connect(self.player.toggle)
        self.player.playing_changed.connect(self.timeline.set_playing)
        self.player.make_requested.connect(self.make_cut)
        self.playhead.moved.connect(self._follow_playhead)
        self.window.storyboard.list.currentItemChanged.connect(lambda *_: self._on_card_selected())
        self.timeline.record_requested.connect(self.record_line)
        self.window.storyboard.list.files_dropped.connect(self.drop_footage)

    def show_plan(self, plan: Any) -> None:
        self.timeline.refresh(plan)
        cut = self.timeline.cut
        self.player.show_episode(Path(cut.episode.path) if cut.episode else None, cut.current)

    def make_cut(self, then: Any = None) -> bool:
        """Make the episode as the timeline shows it (only changed segments re-encode);
        ``then(path or None)`` is called when it is made (default: the player plays it)."""
        then = then or self.player.made
        node = self.timeline.cut.nodes.get("edit")
        if node is None or self.window.runner.busy:
            then(None)
            return False
        self._making_cut = self.window._start([node])
        if not self._making_cut:
            then(None)
        else:
            self._cut_made = then
        return self._making_cut

    def _finish_cut(self, result: Any) -> None:
        self._making_cut = False
        cut = self.timeline.cut
        ok = result.status == "done" and cut.current and cut.episode is not None
        self._cut_made(Path(cut.episode.path) if ok else None)
        if not ok:
            self.window.statusBar().showMessage(self.tr("The cut could not be made: see the log."), 8000)

    # -- hand-off ---------------------------------------------------------------------------------
    def export_timeline_dialog(self) -> None:
        from app.ui.handoff import TimelineExportDialog

        dialog = TimelineExportDialog(self.window.session.project.folder, self.window)
        if dialog.exec():
            self.export_timeline_to(dialog.fmt, Path(dialog.target.text()))

    def export_timeline_to(self, fmt: str, out: Path) -> bool:
        """Hand the cut to another editor as ``fmt`` at ``out``, making the episode first
        when it changed since it was last made."""
        if self.window.runner.busy:
            self.window.statusBar().showMessage(self.tr("Wait for the run to finish."), 5000)
            return False
        if self.timeline.cut.current:
            self._start_handoff(fmt, Path(out))
            return True
        return self.make_cut(lambda path: self._start_handoff(fmt, Path(out)) if path else None)

    def _start_handoff(self, fmt: str, out: Path) -> None:
        from PySide6.QtWidgets import QProgressDialog

        from app.ui.handoff import TimelineExport

        job = TimelineExport(self.window.session.project, fmt, out, self)
        progress = QProgressDialog(self.tr("Writing the timeline…"), self.tr("Stop"), 0, 1000,
                                   self.window)
        progress.setWindowTitle(self.tr("Export timeline"))
        progress.setMinimumDuration(0)
        progress.canceled.connect(job.cancel)
        job.progress.connect(lambda f, m: (progress.setValue(round(f * 1000)),
                                           progress.setLabelText(m or progress.labelText())))
        job.finished.connect(lambda result: self._handoff_done(progress, result))
        job.failed.connect(lambda message: self._handoff_failed(progress, message))
        self.handoff = job
        job.start()

    def _handoff_done(self, progress: Any, result: Any) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        progress.close()
        text = self.tr("Timeline written: %s (%d shots, %.1f s).\nIts media and a README on "
                       "how to open it are in %s") % (result.path, result.shots, result.seconds,
                                                       result.folder)
        self.window.statusBar().showMessage(text.replace("\n", " "), 15000)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Export timeline"), text,
                          QMessageBox.StandardButton.Ok, self.window)
        show = box.addButton(self.tr("Show folder"), QMessageBox.ButtonRole.ActionRole)
        show.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.folder))))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.handoff_message = box
        box.open()

    def _handoff_failed(self, progress: Any, message: str) -> None:
        progress.close()
        self.window.statusBar().showMessage(self.tr("Export timeline failed: %s") % message, 15000)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Export timeline"), message,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.handoff_message = box
        box.open()

    def _follow_playhead(self, seconds: float) -> None:
        cut = self.timeline.cut
        if not cut.shots:
            return
        index = cut.shot_at(seconds)
        self.timeline.select_shot(index)
        shot_id = cut.shots[index].shot_id
        board = self.window.storyboard.list
        current = board.currentItem()
        if current is not None and current.data(Qt.ItemDataRole.UserRole) == shot_id:
            return
        for row in range(board.count()):
            if board.item(row).data(Qt.ItemDataRole.UserRole) == shot_id:
                board.setCurrentRow(row)

    def _on_card_selected(self) -> None:
        item = self.window.storyboard.list.currentItem()
        shot_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        for block in self.timeline.cut.shots:
            if block.shot_id == shot_id and not block.start <= self.playhead.seconds < block.end:
                self.playhead.set(block.start)

    def record_line(self, index: int, source: Any = None) -> Any:
        """Open the recorder on shot ``index``'s line (``source``: an input other than the
        microphone chosen in Settings)."""
        from app.ui.caption import caption_of
        from app.ui.recorder import LineTakes, LineToRecord, RecordDialog

        cut = self.timeline.cut
        voice = cut.nodes.get("voices")
        if voice is None or not 0 <= index < len(cut.shots):
            self.window.statusBar().showMessage(
                self.tr("Recording needs a Voice node wired into the Edit & Export node."), 8000)
            return None
        block = cut.shots[index]
        speaker = next((c.name for c in block.shot.cast if c.id == block.shot.speaker),
                       block.shot.speaker or "")
        still = block.still
        line = LineToRecord(block.shot_id, index, len(cut.shots), speaker, block.shot.line,
                            Path(still.path) if still else None,
                            caption_of(index + 1, block.shot, still.meta if still else None))
        takes = LineTakes(self.window.session, voice, block.shot_id)
        dialog = RecordDialog(line, self.window.session.project.folder, source, takes=takes,
                              parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.take_recorded.connect(self.use_recording)
        self.recorder = dialog
        dialog.open()
        return dialog

    def use_recording(self, shot_id: str, path: Path) -> int | None:
        """A kept recording becomes a new take of that shot's line, and is used."""
        from app.core.node_api import NodeError
        from nodes.shot_edits import ShotEditError, record_line

        ids = [b.shot_id for b in self.timeline.cut.shots]
        if shot_id not in ids:
            return None
        n = ids.index(shot_id) + 1
        try:
            take = record_line(self.window.session.project, n, path)
        except (ShotEditError, NodeError, GraphError) as exc:
            self.window.statusBar().showMessage(str(exc), 8000)
            return None
        self.window.statusBar().showMessage(
            self.tr("Shot %d now uses your recording (take %d); Run re-mixes the sound only.")
            % (n, take), 8000)
        return take

    def drop_footage(self, shot_id: str, path: Path) -> Any:
        """Ask how ``path`` fits shot ``shot_id``, then make it that shot's clip or still."""
        from app.ui.footage import FootageDialog

        ids = [b.shot_id for b in self.timeline.cut.shots]
        if shot_id not in ids:
            return None
        dialog = FootageDialog(Path(path), ids.index(shot_id) + 1, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(lambda p, fit, sound: self.use_footage(shot_id, p, fit, sound))
        self.footage_dialog = dialog
        dialog.open()
        return dialog

    def use_footage(self, shot_id: str, path: Path, fit: str, sound: str) -> bool:
        """Make ``path`` shot ``shot_id``'s clip (or still), as one undoable edit."""
        from app.core.node_api import NodeError
        from app.ui.footage import footage_changes
        from nodes.shot_edits import ShotEditError, edit_shot

        ids = [b.shot_id for b in self.timeline.cut.shots]
        n = ids.index(shot_id) + 1
        try:
            edit_shot(self.window.session.project, n, footage_changes(path, fit, sound))
        except (ShotEditError, NodeError, GraphError) as exc:
            self.window.statusBar().showMessage(str(exc), 8000)
            return False
        self.window.statusBar().showMessage(
            self.tr("%s is now shot %d's own footage; Run re-makes only that shot.")
            % (Path(path).name, n), 8000)
        return True
