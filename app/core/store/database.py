"""Opening a project's SQLite file: WAL, foreign keys, and migrations to the newest schema.

Before anything writes to a file it is checked to be a ShotGraph project: its SQLite
header carries our ``application_id`` (older projects: our tables are present). Another
program's database, an empty file or random bytes are refused untouched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text

from app.core.store.files import (  # noqa: F401 - re-exported: checks made before opening
    APPLICATION_ID,
    HEAD,
    OUR_TABLES,
    SQLITE_HEADER,
    NotAProject,
    check_project_file,
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
class SchemaTooNew(RuntimeError):
    """The project was saved by a newer ShotGraph than this one."""


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision this version of ShotGraph writes (asks alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def connect(db_path: Path) -> Engine:
    """An engine on ``db_path`` with WAL, foreign keys and a generous busy timeout."""
    engine = create_engine(
        f"sqlite:///{db_path}",
        connect_args={"check_same_thread": False, "timeout": 30},
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # noqa: ANN001 - DB-API types
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _at_head(engine: Engine) -> bool:
    """Whether the schema is already the newest and the file carries our id (plain SQL)."""
    with engine.connect() as conn:
        try:
            rows = conn.exec_driver_sql("select version_num from alembic_version")
            found = [row[0] for row in rows]
        except Exception:  # no version table yet: a new file
            return False
        app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
    return found == [HEAD] and app_id == APPLICATION_ID


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (the newest by default) in one transaction."""
    if revision == "head" and _at_head(engine):
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    current = current_revision(engine)
    script = ScriptDirectory.from_config(_alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise SchemaTooNew(
            f"this project uses schema {current}, made by a newer ShotGraph than this one "
            f"(which knows up to {script.get_current_head()}); please upgrade ShotGraph"
        )
    with engine.connect() as conn:
        # Batch migrations recreate tables; with foreign keys on, dropping the old
        # ``node`` table would cascade into ``edge``. The pragma only works outside
        # a transaction, so it is set on this connection before the migration begins.
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        try:
            with conn.begin():
                config = _alembic_config()
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
                if conn.exec_driver_sql("PRAGMA application_id").scalar() != APPLICATION_ID:
                    conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def integrity_ok(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
