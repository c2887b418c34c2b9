"""The question a project asks when its settings name files outside its folder.

A project from someone else could point an import at any file on this machine; nothing
outside the folder is read until the creator says so here: copy the files in (one undoable
edit), allow them for this session, or leave them unread (those nodes then fail, saying
why, until the files are chosen again).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.store.project import OutsideFile, Project

SHOWN = 12  # files listed in the question; the rest are counted


class OutsideFilesQuestion(QMessageBox):
    """Copy in / allow this time / don't read, for the files listed."""

    def __init__(self, outside: list[OutsideFile], parent: QWidget | None = None):
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Files outside the project"))
        self.setText(self.tr("This project's imports point outside its folder:") + "\n\n"
                     + self.listing(outside))
        self.setInformativeText(self.tr(
            "A project made by someone else could read your own files this way. Copy them "
            "into the project (recommended), allow reading them this time, or leave them "
            "unread: those nodes will fail until you choose the files again."))
        self.copy = self.addButton(self.tr("Copy into the project"),
                                   QMessageBox.ButtonRole.AcceptRole)
        self.allow = self.addButton(self.tr("Allow this time"), QMessageBox.ButtonRole.YesRole)
        self.refuse = self.addButton(self.tr("Don't read them"),
                                     QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.copy)
        self.setEscapeButton(self.refuse)

    def listing(self, outside: list[OutsideFile]) -> str:
        """One file a line; a long list is counted."""
        lines = [f"• {found}" for found in outside[:SHOWN]]
        if len(outside) > SHOWN:
            lines.append(self.tr("… and %1 more").replace("%1", str(len(outside) - SHOWN)))
        return "\n".join(lines)

    def not_found(self, missing: list[OutsideFile]) -> None:
        QMessageBox.warning(self.parentWidget(), self.tr("Files outside the project"),
                            self.tr("These files could not be found and were left as they "
                                    "are:") + "\n\n" + self.listing(missing))


def ask_about_outside_files(parent: QWidget | None, project: Project,
                            answer: str | None = None) -> str:
    """Ask, if the project names files outside its folder, and do what was chosen.

    Returns "none" (nothing to ask), "copied", "allowed" or "refused". ``answer`` skips
    the question (tests, and a later "ask again").
    """
    outside = project.outside_files()
    if not outside:
        return "none"
    question = OutsideFilesQuestion(outside, parent)
    if answer is None:
        question.exec()
        clicked = question.clickedButton()
        answer = ("copied" if clicked is question.copy
                  else "allowed" if clicked is question.allow else "refused")
    if answer == "copied":
        missing = project.copy_in_outside_files()
        if missing and parent is not None:
            question.not_found(missing)
    elif answer == "allowed":
        project.allow_outside_files = True
    question.deleteLater()
    return answer
