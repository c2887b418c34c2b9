"""Opening a project's SQLite file: WAL, foreign keys, and migrations to the newest schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text

MIGRATIONS = Path(__file__).parent / "migrations"


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision this version of ShotGraph writes."""
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
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


class SchemaTooNew(RuntimeError):
    """The project was saved by a newer ShotGraph than this one."""


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (the newest by default) in one transaction."""
    current = current_revision(engine)
    script = ScriptDirectory.from_config(_alembic_config())
    if current is not None and script.get_revision(current) is None:
        raise SchemaTooNew(
            f"this project uses schema {current}, made by a newer ShotGraph; please upgrade"
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
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def integrity_ok(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
