"""Opening a project's SQLite file: WAL, foreign keys, and migrations to the newest schema.

Before anything writes to a file it is checked to be a ShotGraph project: its SQLite
header carries our ``application_id`` (older projects: our tables are present). Another
program's database, an empty file or random bytes are refused untouched.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest revision in ``migrations/versions`` (a test checks it against alembic's):
# a project already there opens without importing alembic (about 0.3 s at start-up).
HEAD = "0006"
# ``PRAGMA application_id`` of every ShotGraph project: "ShGr".
APPLICATION_ID = int.from_bytes(b"ShGr", "big")
SQLITE_HEADER = b"SQLite format 3\x00"
OUR_TABLES = frozenset({"alembic_version", "project", "node", "edge"})


class NotAProject(ValueError):
    """The file is not a ShotGraph project (so it is left as it is)."""


class SchemaTooNew(RuntimeError):
    """The project was saved by a newer ShotGraph than this one."""


def check_project_file(db_path: Path) -> None:
    """Raise ``NotAProject`` unless ``db_path`` is a ShotGraph project; never writes to it."""
    name = db_path.name
    with open(db_path, "rb") as fh:
        header = fh.read(100)
    if not header:
        raise NotAProject(f"{name} is an empty file, not a ShotGraph project "
                          "(`shotgraph new` makes one)")
    if not header.startswith(SQLITE_HEADER) or len(header) < 100:
        raise NotAProject(f"{name} is not a ShotGraph project (it is not an SQLite database)")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id == APPLICATION_ID:
        return
    if app_id != 0:
        raise NotAProject(f"{name} is another program's database (application id "
                          f"0x{app_id:08x}); ShotGraph leaves it untouched")
    tables = _tables(db_path)
    if not OUR_TABLES <= tables:
        listed = ", ".join(sorted(tables)[:6]) or "no tables"
        raise NotAProject(f"{name} is an SQLite database but not a ShotGraph project "
                          f"({listed}); ShotGraph leaves it untouched")


def _tables(db_path: Path) -> set[str]:
    """Table names, read through a read-only connection (the file is not changed)."""
    uri = f"file:{quote(str(db_path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=10)
    except sqlite3.Error as exc:
        raise NotAProject(f"{db_path.name} cannot be read as a database ({exc})") from None
    try:
        rows = conn.execute("select name from sqlite_master where type='table'").fetchall()
    except sqlite3.DatabaseError as exc:
        raise NotAProject(f"{db_path.name} is damaged or not a database ({exc})") from None
    finally:
        conn.close()
    return {row[0] for row in rows}


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
