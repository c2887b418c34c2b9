"""The main window: canvas in the centre, panes around it, run controls on top.

``run_app`` is the entry the CLI's ``gui`` command and ``main.py`` call.
"""

from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLoggingCategory,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from app.core import logs, takes
from app.core.events import RunFinished
from app.core.graph import ChooseTake, GraphError
from app.core.store.files import Glance, ProjectError, glance
from app.ui import settings, startup
from app.ui.badges import BadgeBoard
from app.ui.canvas import CanvasBridge
from app.ui.costs import BudgetBox, CostsPane
from app.ui.i18n import LANGUAGES, install_translator
from app.ui.names import node_name, readable
from app.ui.palette import NodeLibrary
from app.ui.problems import ProblemsPane
from app.ui.properties import PropertiesPane
from app.ui.session import FirstLook, Session
from app.ui.theme import apply_dark_theme

if TYPE_CHECKING:
    from app.core.engine import RunResult
    from app.core.store.project import Project
    from app.ui.export import ExportDialog

# The panes that read the store and the run process (SQLAlchemy, NumPy, multiprocessing)
# are imported where they are first made: a launch paints its window before that
# (``run_app``, ``MainWindow(glance=...)``), and loads them right after its first paint.


def _registry() -> Any:
    from nodes.registry import default_registry

    return default_registry()


class MainWindow(QMainWindow):
    """The editor for one open project."""

    run_settled = Signal(object)  # a run's RunResult, once every pane shows what it made

    def __init__(self, project: Project | None, registry: Any = None,
                 plan_after_paint: bool = False, glance: Glance | None = None):
        """``plan_after_paint``: show the graph first and plan it (badges, costs, the cut)
        right after the window's first paint, as a launch does; ``started`` says when.

        ``glance`` instead of ``project``: paint the project's graph as last saved (read
        without the store, ``app.core.store.files.glance``) and open the project itself
        right after that first paint; the panes and every edit come with it."""
        super().__init__()
        self._plan_after_paint = plan_after_paint
        self._first_plan_due = False
        self._open_due = False
        self.started = not plan_after_paint
        self.registry = registry or _registry()
        self.setObjectName("ShotGraphMain")
        self.resize(1500, 900)
        self.setStatusBar(self.statusBar())
        self._export_target: Path | None = None
        # (dialog, seconds, a draft) while copying
        self._saving: tuple[Any, float | None, bool] | None = None
        self.saver: Any = None  # an EpisodeSaver, made with the first project's panes
        self._leaving: Any = None  # what to do once a run stopped on the way out
        self.export_box: ExportDialog | None = None
        self._language_after_run: str | None = None
        self._settling: list[Callable[[], None]] | None = None  # steps left after a run
        self._replans = 0  # counts plans shown, so a step of an older one knows to skip
        self._focus_canvas_once = True
        self._replan_timer = QTimer(self, singleShot=True, interval=120)
        self._replan_timer.timeout.connect(self.replan)
        self._save_retry = QTimer(self, singleShot=True, interval=2000)
        self._save_retry.timeout.connect(self._retry_save)
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.session: Session | None = None
        self._glance: Glance | None = None
        self._first_look: CanvasBridge | None = None  # the glance's canvas, handed over
        if project is not None:
            self.open_project(project)
        elif glance is not None:
            self._show_glance(glance)
        else:
            raise ValueError("MainWindow needs a project or a glance at one")
        self._restore_layout()

    # -- building -----------------------------------------------------------------------
    def _dock_titles(self) -> dict[str, tuple[str, Qt.DockWidgetArea]]:
        """Every dock: its title and where it starts. The one place docks are registered."""
        right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        return {
            "properties": (self.tr("Properties"), right),
            "shot": (self.tr("Shot"), right),
            "preview": (self.tr("Preview"), right),
            "storyboard": (self.tr("Storyboard"), bottom),
            "problems": (self.tr("Problems"), bottom),
            "runs": (self.tr("Runs / Log"), bottom),
            "costs": (self.tr("Costs"), bottom),
            "nodes": (self.tr("Nodes"), Qt.DockWidgetArea.LeftDockWidgetArea),
            "timeline": (self.tr("Timeline"), bottom),
            "player": (self.tr("Player"), right),
        }

    def _build_docks(self) -> None:
        self.docks: dict[str, QDockWidget] = {}
        for key, (title, area) in self._dock_titles().items():
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock_{key}")
            self.addDockWidget(area, dock)
            self.docks[key] = dock
        # The right column runs the window's full height: settings and preview get room.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.docks["properties"], self.docks["shot"])
        self.docks["properties"].raise_()
        # The timeline sits under the storyboard (split before tabbing: splitting a tabbed
        # dock leaves it off screen); problems, runs and costs are tabbed with the storyboard.
        self.splitDockWidget(self.docks["storyboard"], self.docks["timeline"],
                             Qt.Orientation.Vertical)
        self.tabifyDockWidget(self.docks["storyboard"], self.docks["problems"])
        self.tabifyDockWidget(self.docks["problems"], self.docks["runs"])
        self.tabifyDockWidget(self.docks["runs"], self.docks["costs"])
        self.tabifyDockWidget(self.docks["preview"], self.docks["player"])
        self.docks["storyboard"].raise_()
        self.docks["preview"].raise_()

    def _action(self, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        self._actions.append(action)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_actions(self) -> None:
        self._actions: list[QAction] = []
        self.run_action = self._action(self.tr("Run"), self.run_all, "Ctrl+R")
        self.run_selected_action = self._action(self.tr("Run selected"), self.run_selected)
        self.run_to_here_action = self._action(self.tr("Run to here"), self.run_to_here)
        self.stop_action = self._action(self.tr("Stop"), self.stop, "Ctrl+.")
        self.stop_action.setEnabled(False)
        self.export_action = self._action(self.tr("Export…"), self.export_dialog, "Ctrl+E")
        self.add_node_action = self._action(self.tr("Add node…"),
                                            lambda: self.canvas.open_palette())
        self.add_node_action.setToolTip(
            self.tr("Find a node to add (Tab or double-click on the canvas; or drag one from "
                    "the Nodes list)"))
        self.fit_action = self._action(self.tr("Fit graph to view"),
                                       lambda: self.canvas.frame_all(), "F")
        self.fit_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.minimap_action = self._action(self.tr("Minimap"),
                                           lambda on: self.canvas.show_minimap(on))
        self.minimap_action.setCheckable(True)
        self.minimap_action.setChecked(True)
        self.undo_action = self._action(self.tr("Undo"), self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(self.tr("Redo"), self.redo, "Ctrl+Shift+Z")
        self._build_take_actions()

    def _build_take_actions(self) -> None:
        self.previous_take_action = self._action(self.tr("Previous take"),
                                                 lambda: self.step_take(-1))
        self.next_take_action = self._action(self.tr("Next take"), lambda: self.step_take(1))
        for action, keys in ((self.previous_take_action, ("[", "Alt+Left")),
                             (self.next_take_action, ("]", "Alt+Right"))):
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setToolTip(self.tr("%s of the selected shot (%s or %s)")
                              % (action.text(), keys[0], keys[1]))
        self.compare_takes_action = self._action(self.tr("Compare takes…"), self.compare_takes)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(
            self._action(self.tr("New from template…"), self.new_from_template, "Ctrl+N")
        )
        file_menu.addAction(self._action(self.tr("Open…"), self.open_dialog, "Ctrl+O"))
        self.recent_menu = file_menu.addMenu(self.tr("Open recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addAction(self._action(self.tr("Save as…"), self.save_as_dialog, "Ctrl+Shift+S"))
        file_menu.addAction(self.export_action)
        file_menu.addAction(self._action(self.tr("Export timeline…"),
                                         lambda: self.cut.export_timeline_dialog()))
        file_menu.addAction(self._action(self.tr("Find copies…"), self.find_copies_dialog))
        file_menu.addAction(self._action(self.tr("Open series…"), self.open_series_dialog))
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("Quit"), self.close, "Ctrl+Q"))
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.add_node_action)
        edit_menu.addSeparator()
        for a in (self.previous_take_action, self.next_take_action, self.compare_takes_action):
            edit_menu.addAction(a)
        run_menu = self.menuBar().addMenu(self.tr("&Run"))
        for a in (
            self.run_action,
            self.run_selected_action,
            self.run_to_here_action,
            self.stop_action,
        ):
            run_menu.addAction(a)
        self._build_settings_menu()
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self.fit_action)
        view_menu.addAction(self.minimap_action)
        view_menu.addSeparator()
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())

    def _build_settings_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Settings"))
        language = menu.addMenu(self.tr("Language"))
        current = settings.language()
        for code, name in LANGUAGES.items():
            label = self.tr("System") if code == "" else name
            action = language.addAction(label)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self._actions.append(action)  # off with the others while a launch opens
        menu.addAction(self._action(self.tr("Provider defaults…"), self.show_provider_settings))
        menu.addAction(self._action(self.tr("Audio input…"), self.show_audio_input_settings))

    def _build_toolbar(self) -> None:
        self.toolbar = bar = self.addToolBar(self.tr("Run"))
        bar.setObjectName("toolbar_run")
        for a in (
            self.run_action,
            self.run_selected_action,
            self.run_to_here_action,
            self.stop_action,
            self.export_action,
        ):
            bar.addAction(a)
        bar.addSeparator()
        bar.addAction(self.add_node_action)
        bar.addAction(self.fit_action)
        self.budget_box = BudgetBox(self)
        bar.addWidget(self.budget_box)

    # -- project life cycle ----------------------------------------------------------------
    def open_project(self, project: Project) -> None:
        """Show ``project`` (closing the one shown before)."""
        from app.ui.outside_files import ask_about_outside_files
        from app.ui.runner import make_runner

        self._close_project()
        if self.saver is None:
            from app.ui.episode import EpisodeSaver

            self.saver = EpisodeSaver(self)
            self.saver.done.connect(self._saved)
        self.board = BadgeBoard(self._badge_labels())
        self._show_panes(project)
        self.runner = make_runner(project, self.registry, self)
        self.runner.event.connect(self._on_run_event)
        self.runner.finished.connect(self._on_run_finished)
        settings.remember_project(project.folder)
        self._update_title()
        self._update_undo_actions()
        if self._plan_after_paint and not self.isVisible():
            self._plan_after_paint = False  # the first paint plans (paintEvent), once
            self._first_plan_due = True
            # and a window that is not painted soon (started minimised) plans anyway
            QTimer.singleShot(FIRST_PLAN_LATEST_MS, self._first_plan)
        else:
            self.replan()
        if self.isVisible():
            QTimer.singleShot(0, self.canvas.frame_all)
        ask_about_outside_files(self, project)  # a shared project must not read our files

    def _show_glance(self, look: Glance) -> None:
        """The graph as last saved, on a canvas that refuses edits until the project is
        open; the project opens right after the first paint (``_open_glanced``)."""
        self._glance = look
        self.setWindowTitle(f"{look.name} — ShotGraph")
        self.canvas = self._first_look = CanvasBridge(
            FirstLook(look.graph, self.registry, self), self)
        self.setCentralWidget(self.canvas.widget)
        self._enabled_before = {a: a.isEnabled() for a in self._actions}
        for action in self._actions:  # nothing to run, undo or export until it is open
            action.setEnabled(False)
        self._plan_after_paint = False  # the open plans, once it is done
        self._open_due = True
        # a window that is not painted soon (started minimised) opens it anyway
        QTimer.singleShot(FIRST_PLAN_LATEST_MS, self._open_glanced)

    def _open_glanced(self) -> None:
        """Open the project the first paint showed, hand it the canvas, build the panes."""
        if not self._open_due or self._glance is None:
            return
        self._open_due = False
        from app.core.store.project import Project  # SQLAlchemy: after the first paint

        look = self._glance
        try:
            project = Project.open(look.db_path, self.registry)
        except (ProjectError, KeyError) as exc:
            logging.getLogger("shotgraph.ui").warning("cannot open %s: %s", look.db_path, exc)
            print(f"shotgraph: {exc}", file=sys.stderr)
            self._glance = None
            QCoreApplication.exit(2)
            return
        self._glance = None
        for action, enabled in self._enabled_before.items():
            action.setEnabled(enabled)
        self.open_project(project)
        # The docks were laid out empty; with their panes in, the creator's layout (or the
        # default one) is applied again, as it is after a language switch.
        state = settings.app_settings().value("window/state")
        if state is not None:
            self.restoreState(state)
            QTimer.singleShot(0, lambda: self._restore_then_frame(state))
        else:
            self._default_layout()
            QTimer.singleShot(0, self.canvas.frame_all)
        self.started = True
        QTimer.singleShot(WARM_RUN_AFTER_MS, self, self._warm_runner)

    def _show_panes(self, project: Project) -> None:
        """The canvas and every pane on ``project`` (in the current language)."""
        from app.ui.cutdesk import CutDesk
        from app.ui.inspector import ShotInspector
        from app.ui.preview import PreviewPane
        from app.ui.results import Results
        from app.ui.runs import RunsPane
        from app.ui.storyboard import StoryboardPane

        self.session = Session(project, self.registry, self)
        self.current_node = ""
        if self._first_look is not None:  # the canvas of the first paint, kept as it is
            self.canvas, self._first_look = self._first_look, None
            self.canvas.attach(self.session)
        else:
            self.canvas = CanvasBridge(self.session, self)
            self.setCentralWidget(self.canvas.widget)
        self.results = Results(self.session, self.session)
        self.properties = PropertiesPane(self.session)
        self.inspector = ShotInspector(self.session)
        self.preview = PreviewPane(self.session, self.results)
        self.storyboard = StoryboardPane(self.session, self.results)
        self.library = NodeLibrary(self.registry.all())
        self.problems = ProblemsPane()
        self.runs = RunsPane(self.session)
        self.costs = CostsPane(self.session)
        self.cut = CutDesk(self)  # the timeline, the cut player and their shared playhead
        self.playhead, self.timeline, self.player = (
            self.cut.playhead, self.cut.timeline, self.cut.player
        )
        for key, pane in (
            ("timeline", self.timeline),
            ("player", self.player),
            ("properties", self.properties),
            ("shot", self.inspector),
            ("preview", self.preview),
            ("storyboard", self.storyboard),
            ("problems", self.problems),
            ("runs", self.runs),
            ("costs", self.costs),
            ("nodes", self.library),
        ):
            self.docks[key].setWidget(pane)
        self._wire()

    def _drop_panes(self) -> None:
        """Take the canvas and panes down; the project stays open."""
        self.preview.stop()
        self.cut.stop()
        self.cut.deleteLater()
        for dock in self.docks.values():
            old = dock.widget()
            dock.setWidget(QWidget())
            old.deleteLater()
        self.canvas.deleteLater()
        self.session.detach()

    def _wire(self) -> None:
        s = self.session
        s.changed.connect(self._on_model_changed)
        s.refused.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        self.canvas.message.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        self.canvas.selection_changed.connect(self._on_selection)
        self.canvas.node_activated.connect(self._on_selection_single)
        self.runs.select_node.connect(self.canvas.select)
        self.problems.select_node.connect(self.canvas.select)
        self.library.chosen.connect(self.canvas.add_at_centre)
        self.canvas.run_to_requested.connect(lambda nid: self._start([nid]))
        self.canvas.show_minimap(self.minimap_action.isChecked())
        self.costs.message.connect(lambda msg: self.runs.add_line(msg, failed=True))
        self.storyboard.play_requested.connect(lambda i: self.show_shot(i, play=True))
        self.storyboard.regenerate_requested.connect(self.regenerate_shot)
        self.storyboard.shot_selected.connect(self.show_shot)
        self.storyboard.refreshed.connect(
            lambda: self.inspector.refresh(self.storyboard.current_card()))
        self.cut.wire()

    def leave_run(self, then: Any) -> bool:
        """True when no run is going; else ask to stop it, and call ``then`` once it stopped.

        The run is stopped, not abandoned: the engine ends it within about a second and
        records it, so the project opens cleanly next time.
        """
        if self.session is None or not self.runner.busy:
            return True
        if self._leaving is not None:  # already stopping: asked once is enough
            self._leaving = then
            return False
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Stop the run?"),
                          self.tr("A run is going. Stop it first? What it made so far is kept."),
                          parent=self)
        box.setObjectName("stop_run_box")
        stop = box.addButton(self.tr("Stop the run"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Keep running"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stop)
        box.exec()
        stopped = box.clickedButton() is stop
        box.deleteLater()
        if not stopped:
            return False
        self._leaving = then
        self.stop()
        return False

    def _close_project(self) -> None:
        if self.session is None:
            return
        # A run that ends after this must not reach panes that are gone.
        self.runner.event.disconnect(self._on_run_event)
        self.runner.finished.disconnect(self._on_run_finished)
        self._settle_now()  # a run that just ended: its export is saved, not dropped
        self.runner.shutdown()
        self.saver.wait()  # an episode being copied is finished, and its setting written
        self._drop_panes()
        self.session.project.close()
        self.session = None

    # -- model changes ------------------------------------------------------------------------
    def _on_model_changed(self, command: Any, how: str) -> None:
        self._update_title()
        self._update_undo_actions()
        graph = self.session.graph
        touched = {n for n in command.touched() if n in graph.nodes}
        for nid in list(touched):
            touched |= graph.downstream(nid)
        self.board.invalidate(touched)
        if isinstance(command, ChooseTake):  # an earlier take is already made: show it now
            self._replan_timer.stop()
            self.replan()
        else:
            self._replan_timer.start()

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if self._first_plan_due:
            QTimer.singleShot(0, self._first_plan)
        if self._glance is not None and self._open_due:
            QTimer.singleShot(0, self._open_glanced)

    def _first_plan(self) -> None:
        if not self._first_plan_due:  # done already (after the paint, or by the timer)
            return
        self._first_plan_due = False
        if self.session is not None:
            self.replan()
        self.started = True
        QTimer.singleShot(WARM_RUN_AFTER_MS, self, self._warm_runner)

    def _warm_runner(self) -> None:
        """After a launch: start the run process while the creator looks at the graph, so
        the first Run does not wait for it (it runs at a lower priority than this window)."""
        if self.session is not None and not self.runner.busy:
            self.runner.warm()

    def replan(self) -> None:
        """Refresh every badge from a fresh plan (cheap: nothing runs)."""
        self._replans += 1
        plan = self._fresh_plan()
        if plan is not None:
            for show in self._plan_panes():
                show(plan)

    def _fresh_plan(self) -> Any:
        try:
            return self.session.plan()
        except Exception as exc:  # a cycle or similar: the canvas already refused it
            self.statusBar().showMessage(str(exc), 8000)
            return None

    def _plan_panes(self) -> tuple[Callable[[Any], None], ...]:
        """What shows a plan, in order: the badges and costs, the results, the cut."""
        return (self._show_plan_badges, self.results.apply_plan, self.cut.show_plan)

    def _show_plan_badges(self, plan: Any) -> None:
        self.board.forget(set(self.session.graph.nodes))
        self._show_badges(self.board.apply_plan(plan))
        self.costs.show_plan(plan)

    def _update_title(self) -> None:
        project = self.session.project
        dirty = " •" if project.save_pending else ""
        self.setWindowTitle(f"{project.name}{dirty} — ShotGraph")
        if project.save_error:
            self.statusBar().showMessage(
                self.tr("Not saved yet, retrying: %s") % project.save_error, 5000
            )
            if not self._save_retry.isActive():
                self._save_retry.start()

    def _retry_save(self) -> None:
        if self.session is None:
            return
        if not self.session.project.retry_save():
            self._save_retry.start()
        else:
            self.statusBar().showMessage(self.tr("Saved"), 3000)
        self._update_title()

    def _update_undo_actions(self) -> None:
        undo = self.session.project.undo
        self.undo_action.setEnabled(undo.can_undo)
        self.redo_action.setEnabled(undo.can_redo)
        self.undo_action.setText(
            self.tr("Undo %s") % undo.undo_text() if undo.can_undo else self.tr("Undo")
        )
        self.redo_action.setText(
            self.tr("Redo %s") % undo.redo_text() if undo.can_redo else self.tr("Redo")
        )

    def undo(self) -> None:
        self.session.project.undo.undo()

    def redo(self) -> None:
        self.session.project.undo.redo()

    # -- selection -------------------------------------------------------------------------------
    def _on_selection(self, ids: list[str]) -> None:
        if len(ids) == 1:
            self._on_selection_single(ids[0])
        elif not ids:
            self.properties.show_node("")

    def _on_selection_single(self, node_id: str) -> None:
        self.current_node = node_id
        self.properties.show_node(node_id)
        self.preview.show_node(node_id)
        self.docks["properties"].raise_()

    def show_shot(self, index: int, play: bool = False) -> None:
        """One shot everywhere: the preview plays it, the inspector edits it."""
        board = self.storyboard.board
        cards = board.cards or []
        if not 0 <= index < len(cards):
            self.inspector.show_card(None, "")
            return
        from app.ui.inspector import cast_of

        self.inspector.show_card(cards[index], board.shots_node, cast_of(cards))
        self.preview.show_shot(board, index, play=play)
        self.docks["shot"].raise_()

    # -- running -----------------------------------------------------------------------------------
    def run_all(self) -> bool:
        return self._start(None)

    def run_selected(self) -> bool:
        ids = self.canvas.selected_ids()
        return self._start(ids) if ids else False

    def run_to_here(self) -> bool:
        node = self.current_node
        return self._start([node]) if node in self.session.graph.nodes else False

    def _start(self, targets: list[str] | None) -> bool:
        if self.runner.busy:
            return False
        self._settle_now()  # the last run's panes first, so this run starts from them
        try:
            plan = self.session.plan(targets)
        except Exception as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return False
        self._show_badges(self.board.start_run(plan))
        self.results.running = True
        self.storyboard.start_run()
        self._set_running(True)
        self.runs.log.clear()
        return self.runner.start(targets, self.budget_box.budget())

    def stop(self) -> None:
        self.runner.stop()
        self.statusBar().showMessage(self.tr("Stopping…"), 3000)

    def _set_running(self, running: bool) -> None:
        self.stop_action.setEnabled(running)
        for a in (
            self.run_action,
            self.run_selected_action,
            self.run_to_here_action,
            self.export_action,
        ):
            a.setEnabled(not running)

    def _show_badges(self, changed: dict[str, Any]) -> None:
        """Badges on the canvas, and the problems they hold in the Problems pane."""
        for nid, badge in changed.items():
            self.canvas.set_badge(nid, badge)
        if not changed:
            return
        graph = self.session.graph
        found = [(nid, node_name(graph, nid), kind, readable(graph, why))
                 for nid, kind, why in self.board.problems() if nid in graph.nodes]
        self.problems.show_problems(found)
        title = self.tr("Problems")
        self.docks["problems"].setWindowTitle(f"{title} ({len(found)})" if found else title)

    def _on_run_event(self, event: Any) -> None:
        self._show_badges(self.board.apply_event(event))
        self.results.on_event(event)
        self.storyboard.on_event(event)
        if self._export_target is not None and self.export_box is not None:
            self.export_box.on_event(event)
        self.runs.on_event(event)
        self.costs.on_event(event)
        if isinstance(event, RunFinished):
            self.statusBar().showMessage(self.tr("Run %s") % event.status, 5000)

    def _on_run_finished(self, result: RunResult) -> None:
        if self._leaving is not None:  # stopped to quit or to open another project
            self._set_running(False)
            then, self._leaving = self._leaving, None
            QTimer.singleShot(0, then)
            return
        if "" in result.failed:  # the run could not start at all
            self.runs.add_line(result.failed[""], failed=True)
        self.results.running = False
        # Every pane follows the fresh results: the plan, then each pane, then the export,
        # each in a turn of its own, so the window answers in between (all in one slot,
        # this held the UI thread for about 100 ms). An edit's replan meanwhile wins.
        replans = self._replans = self._replans + 1
        fresh: list[Any] = []

        def shown(pane: int) -> Callable[[], None]:
            def step() -> None:
                if fresh[0] is not None and self._replans == replans:
                    self._plan_panes()[pane](fresh[0])
            return step

        self._settle([lambda: fresh.append(self._fresh_plan()),
                      *map(shown, range(len(self._plan_panes()))),
                      lambda: self._run_shown(result)])

    def _settle(self, steps: list[Callable[[], None]]) -> None:
        """Run ``steps`` one per turn of the event loop (``_settle_now`` runs what is left)."""
        self._settling = steps

        def next_step() -> None:
            if self._settling is steps:  # not closed, nor finished by _settle_now
                steps.pop(0)()
                if steps:
                    QTimer.singleShot(0, self, next_step)
                else:
                    self._settling = None

        QTimer.singleShot(0, self, next_step)

    @property
    def settling(self) -> bool:
        """Whether a run has ended but the panes are still being brought up to date."""
        return self._settling is not None

    def _settle_now(self) -> None:
        steps, self._settling = self._settling, None
        while steps:
            steps.pop(0)()

    def _run_shown(self, result: RunResult) -> None:
        """The last step after a run: its problems, its export, and the run controls."""
        self._set_running(False)
        if self._language_after_run is not None:
            QTimer.singleShot(0, lambda: self.apply_language(self._language_after_run))
        if result.failed and self.problems.count():
            self.docks["problems"].raise_()
            self.statusBar().showMessage(
                self.tr("%d problems: see Problems (click one to select its node)")
                % self.problems.count(), 8000)
        if self._export_target is not None:
            self._finish_export(result)
        self.cut.run_finished(result)
        self.run_settled.emit(result)

    def regenerate_shot(self, node_id: str, item_index: int) -> None:
        """A new take for one shot's still; only that shot's clip and the edit re-run."""
        try:
            takes.regenerate(self.session.engine, node_id, item_index)
        except GraphError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self.run_all()

    def step_take(self, delta: int) -> int | None:
        """Use the previous (-1) or next (+1) take of the shot selected in the storyboard."""
        take = self.storyboard.step_take(delta)
        if take is not None:
            self.statusBar().showMessage(
                self.tr("Using take %d; Run re-makes only what depends on it") % take, 5000
            )
        return take

    def compare_takes(self) -> None:
        """Two takes of the selected shot side by side."""
        if self.storyboard.takes.open_compare() is None:
            self.statusBar().showMessage(
                self.tr("Select a shot with two takes or more to compare them."), 5000
            )

    # -- export -----------------------------------------------------------------------------------
    def default_export_path(self) -> Path:
        """Where the save dialog starts: the last export of this project, else its folder."""
        project = self.session.project
        last = project.settings().get("export_path")
        if isinstance(last, str) and Path(last).parent.is_dir():
            return Path(last)
        return project.folder / f"{project.db_path.stem}.mp4"

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export episode"), str(self.default_export_path()), "MP4 (*.mp4)"
        )
        if path:
            path = Path(path)
            self.export_to(path if path.suffix.lower() == ".mp4" else path.with_suffix(".mp4"))

    def export_to(self, path: Path) -> bool:
        """Run what the episode needs, then copy it (and its subtitles) to ``path``."""
        from app.ui.episode import episode_node
        from app.ui.export import ExportDialog

        self._settle_now()  # a run that just ended finishes its own export first
        node = episode_node(self.session)
        if node is None:
            self.statusBar().showMessage(self.tr("This graph has no episode output to export."))
            return False
        self._export_target = Path(path)
        if self.export_box is not None:
            self.export_box.deleteLater()
        self.export_box = ExportDialog(self._export_target, node, self._node_name, self)
        self.export_box.cancel_requested.connect(self.stop)
        self.export_box.show()
        if self._start([node]):
            return True
        self.export_box.failed(self.tr("A run is already going: export when it ends."))
        self._export_target = None
        return False

    def _finish_export(self, result: RunResult) -> None:
        from app.ui.episode import episode_node

        target, self._export_target = self._export_target, None
        box, node = self.export_box, episode_node(self.session)
        if result.status == "cancelled":
            box.cancelled()
            self.statusBar().showMessage(self.tr("Export cancelled."))
            return
        if result.status != "done" or node is None:
            box.failed(self.tr("The episode could not be made: see Problems."))
            self.statusBar().showMessage(self.tr("Export stopped: the run did not finish."))
            return
        try:
            episode = self.session.load_output(node, "episode")
        except (OSError, LookupError) as exc:
            return self._saved([], str(exc))
        draft = getattr(episode, "meta", {}).get("quality") == "draft"  # as it was made
        self._saving = (box, getattr(episode, "duration", None), draft)
        project = self.session.project
        # The copy (and the settings write after it) run on a worker: the window stays live.
        self.saver.save(episode, target, lambda: project.update_settings(export_path=str(target)))

    @property
    def exporting(self) -> bool:
        """Whether an export is under way: its run, or the copy to its destination."""
        return self._export_target is not None or self._saving is not None

    def _saved(self, written: list, error: str) -> None:
        (box, seconds, draft), self._saving = self._saving or (self.export_box, None, False), None
        if error:
            box.failed(self.tr("Export failed: %s") % error)
            self.statusBar().showMessage(self.tr("Export failed: %s") % error)
            return
        box.finished_ok(written, seconds, draft)
        self.statusBar().showMessage(self.tr("Exported %s") % ", ".join(map(str, written)))

    def _node_name(self, node_id: str) -> str:
        return node_name(self.session.graph, node_id) if self.session else node_id

    def find_copies_dialog(self) -> Any:
        """File > Find copies…: look for this project's exported shots in a video."""
        from app.ui.copies import FindCopiesDialog

        dialog = FindCopiesDialog(self.session.project.db_path, self)
        dialog.show()
        return dialog

    # -- files -------------------------------------------------------------------------------------
    def new_from_template(self) -> None:
        from app.core.templates import list_templates

        names = list_templates()
        name, ok = QInputDialog.getItem(
            self, self.tr("New project"), self.tr("Template"), names, 0, False
        )
        if not ok:
            return
        folder = QFileDialog.getSaveFileName(
            self, self.tr("New project folder"), str(Path.home() / "my-episode")
        )[0]
        if folder:
            self.create_from_template(Path(folder), name)

    def create_from_template(self, folder: Path, template: str) -> None:
        from app.core.templates import create_project

        if not self.leave_run(lambda: self.create_from_template(folder, template)):
            return
        try:
            self.open_project(create_project(folder, template, registry=self.registry))
        except ProjectError as exc:
            QMessageBox.warning(self, self.tr("New project"), str(exc))

    def open_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open project folder"))
        if folder:
            self.open_path(Path(folder))

    def open_path(self, path: Path) -> None:
        if not self.leave_run(lambda: self.open_path(path)):
            return
        from app.core.store.project import Project

        try:
            project = Project.open(path, self.registry)
        except (ProjectError, KeyError) as exc:
            QMessageBox.warning(self, self.tr("Open project"), str(exc))
            return
        self.open_project(project)

    def open_series_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open series folder"))
        if folder:
            self.show_series(Path(folder))

    def show_series(self, folder: Path) -> Any:
        """The Series pane on ``folder`` in its own dock; returns the pane."""
        from app.ui.series import open_series_dock

        try:
            self.series_pane = open_series_dock(self, folder, self.registry)
        except Exception as exc:  # noqa: BLE001 - a bad folder is a message, not a crash
            QMessageBox.warning(self, self.tr("Open series"), str(exc))
            return None
        return self.series_pane

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in settings.recent_projects():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(Path(p)))

    def save_as_dialog(self) -> None:
        folder = QFileDialog.getSaveFileName(
            self, self.tr("Save project as"), str(self.session.project.folder) + "-copy"
        )[0]
        if folder:
            self.save_as(Path(folder))

    def save_as(self, folder: Path) -> None:
        """Copy the project folder to ``folder`` and continue in the copy."""
        if folder.exists():
            QMessageBox.warning(self, self.tr("Save as"), self.tr("%s already exists.") % folder)
            return
        if not self.leave_run(lambda: self.save_as(folder)):
            return
        project = self.session.project
        project.save_graph()
        shutil.copytree(project.folder, folder, ignore=shutil.ignore_patterns(".shotgraph.lock"))
        self.open_path(folder)

    # -- settings -----------------------------------------------------------------------------------
    def set_language(self, code: str) -> None:
        """Use ``code`` from now on ("" = the system's); applied at once, or after a run."""
        settings.set_language(code)
        if self.runner.busy:
            self._language_after_run = code
            self.statusBar().showMessage(
                self.tr("The language changes when this run ends."), 8000)
            return
        self.apply_language(code)

    def apply_language(self, code: str) -> None:
        """Switch the whole window to ``code`` now, keeping the project, layout and badges."""
        self._language_after_run = None
        install_translator(QApplication.instance(), code)
        project, state = self.session.project, self.saveState()
        self._drop_panes()
        self._rebuild_chrome()
        for key, (title, _) in self._dock_titles().items():
            self.docks[key].setWindowTitle(title)
        self.board.labels.update(self._badge_labels())
        self._show_panes(project)
        self.restoreState(state)
        # the new panes ask for their own sizes once laid out: the creator's layout wins
        QTimer.singleShot(0, lambda: self._restore_then_frame(state))
        self._update_title()
        self._update_undo_actions()
        self._set_running(False)
        self.replan()
        self._show_badges({nid: self.board.badge(nid) for nid in self.session.graph.nodes})

    def _restore_then_frame(self, state: Any) -> None:
        self.restoreState(state)
        self.canvas.viewer.setFocus()  # as at start-up: Tab opens the palette
        QTimer.singleShot(0, lambda: self.canvas.frame_all())

    def _rebuild_chrome(self) -> None:
        """Menus, actions and the toolbar again, in the current language."""
        minimap = self.minimap_action.isChecked()
        self.menuBar().clear()
        self.removeToolBar(self.toolbar)
        self.toolbar.deleteLater()
        for action in self._actions:
            action.deleteLater()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.minimap_action.setChecked(minimap)

    def show_provider_settings(self) -> None:
        QMessageBox.information(
            self,
            self.tr("Provider defaults"),
            self.tr(
                "Each node picks its provider in the Properties pane. API keys are never "
                "stored in projects: they live in the system keyring (or in "
                "SHOTGRAPH_<PROVIDER>_API_KEY environment variables)."
            ),
        )

    def show_audio_input_settings(self) -> None:
        from app.ui.recorder import AudioInputDialog

        AudioInputDialog(self).exec()

    def _badge_labels(self) -> dict[str, str]:
        return {
            "stale": self.tr("stale"),
            "blocked": self.tr("blocked"),
            "queued": self.tr("queued"),
            "running": self.tr("running"),
            "cached": self.tr("cached"),
            "done": self.tr("done"),
            "failed": self.tr("failed"),
            "skipped": self.tr("skipped"),
        }

    # -- window state -----------------------------------------------------------------------------
    def _default_layout(self) -> None:
        self.resizeDocks([self.docks["nodes"]], [170], Qt.Orientation.Horizontal)
        right = [self.docks["properties"], self.docks["preview"]]
        self.resizeDocks(right, [400, 400], Qt.Orientation.Horizontal)
        half = max(200, self.height() // 2)
        self.resizeDocks(right, [half, half], Qt.Orientation.Vertical)
        self.resizeDocks(
            [self.docks["storyboard"], self.docks["runs"]], [300, 300], Qt.Orientation.Vertical
        )
        self.resizeDocks([self.docks["storyboard"], self.docks["timeline"]], [340, 290],
                         Qt.Orientation.Vertical)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._layout_restored:
            self._layout_restored = True
            QTimer.singleShot(0, self._default_layout)
        QTimer.singleShot(0, self.canvas.frame_all)
        self._focus_canvas_once = True
        QTimer.singleShot(0, lambda: self.canvas.viewer.setFocus())

    def event(self, event: QEvent) -> bool:
        # The canvas has the keyboard first, so Tab opens the palette straight away: a video
        # view's native window would otherwise take it when the window first activates.
        handled = super().event(event)
        if event.type() == QEvent.Type.WindowActivate and self._focus_canvas_once:
            self._focus_canvas_once = False
            QTimer.singleShot(0, lambda: self.canvas.viewer.setFocus())
        return handled

    def _restore_layout(self) -> None:
        store = settings.app_settings()
        geometry, state = store.value("window/geometry"), store.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._layout_restored = state is not None and self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._open_due = False  # closed before the glanced project opened: it stays shut
        if not self.leave_run(self.close):
            event.ignore()
            return
        store = settings.app_settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        store.sync()
        self._close_project()
        super().closeEvent(event)


# -- entry ----------------------------------------------------------------------------------------


def _to_open(path: Path | None) -> Path | None:
    """The project a launch opens: ``path`` if it exists, else the last one used (None
    when the launch makes one)."""
    if path is not None:
        return path if path.exists() else None
    recent = settings.recent_projects()
    return Path(recent[0]) if recent else None


def _open_or_create(path: Path | None, registry: Any) -> Project:
    from app.core.store.project import Project

    if path is not None:
        if Path(path).exists():
            return Project.open(Path(path), registry)
        from app.core.templates import create_project

        return create_project(Path(path), "demo", registry=registry)
    recent = settings.recent_projects()
    if recent:
        return Project.open(Path(recent[0]), registry)
    from app.core.templates import create_project

    folder = Path.home() / "ShotGraph" / "first-episode"
    return create_project(folder, "demo", registry=registry)


# Qt's messages keep Qt's own handler (they go to stderr). A Python handler deadlocked the
# window: the media back end's worker thread logs a warning while the UI thread, holding
# the GIL, waits inside QMediaPlayer.stop() for that very thread; the handler needs the
# GIL to run (py-spy: UI thread in QLatch::waitInternal under CutPlayer.stop, the worker
# in Shiboken::GilState under QMessageLogger::warning). Known noise is switched off by
# category instead, before any message is made.
QT_LOG_RULES = "qt.multimedia.ffmpeg.info=false"  # "Using Qt multimedia with FFmpeg ..."


# How long a Python thread may hold the GIL while another waits for it. Python's 5 ms
# suits batch work; here the UI thread waits its turn each time it comes back from Qt,
# behind any busy Python thread of this process (thumbnail decoders; the engine's own
# threads when a run is in process, see runner.make_runner), so 5 ms turns into stalls
# of a tenth of a second or more (bench/ui.py's heartbeat: 14 gaps over 100 ms at 5 ms,
# 8 at 1 ms, with the run in process). 1 ms keeps the UI thread's waits short.
UI_SWITCH_INTERVAL = 0.001
QUIT_POOL_WAIT_MS = 10_000  # on quit, for a thumbnail or preview job already running
FIRST_PLAN_LATEST_MS = 1_000  # a launch plans after its first paint, or after this at most
WARM_RUN_AFTER_MS = 1_500  # then, once the window has settled, it starts its run process


def make_app(argv: list[str]) -> QApplication:
    QLoggingCategory.setFilterRules(QT_LOG_RULES)
    sys.setswitchinterval(UI_SWITCH_INTERVAL)
    app = QApplication.instance() or QApplication(argv)
    QCoreApplication.setApplicationName("ShotGraph")
    QCoreApplication.setOrganizationName("ShotGraph")
    apply_dark_theme(app)
    install_translator(app, settings.language())
    return app


def run_app(argv: list[str], project: Path | str | None = None) -> int:
    """Open the editor on ``project`` (a folder or .shotgraph file), or the last one used."""
    app = make_app(argv)
    logs.install_app_log()  # tracebacks go to the log file, never only to a terminal
    logs.log_uncaught_exceptions()
    registry = _registry()
    path = Path(project) if project else None
    existing = _to_open(path)
    # A project that can be read as it is paints first and opens right after; any other
    # (to migrate, to make, not a project) opens first, so its error comes before a window.
    look = glance(existing, registry) if existing is not None else None
    if look is not None:
        window = MainWindow(None, registry, plan_after_paint=True, glance=look)
    else:
        try:
            opened = _open_or_create(path, registry)
        except (ProjectError, KeyError) as exc:
            print(f"shotgraph: {exc}", file=sys.stderr)
            return 2
        window = MainWindow(opened, registry, plan_after_paint=True)
    startup.watch(window)  # only when bench/ui.py asks
    window.show()
    code = app.exec()
    pool = QThreadPool.globalInstance()
    pool.clear()  # thumbnails and previews not started yet are not wanted any more
    # Those running finish before Python takes down the objects they use: a job still
    # painting while the interpreter is torn down can crash it on the way out.
    pool.waitForDone(QUIT_POOL_WAIT_MS)
    return code
