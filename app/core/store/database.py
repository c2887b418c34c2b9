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
# The schema the migrations make at ``HEAD``, for new files (a test makes it again from
# the migrations and compares; ``python -m app.core.store.database`` rewrites it).
SCHEMA = MIGRATIONS / "schema.sql"
SCHEMA_SEPARATOR = ";\n\n"
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


def migrated_schema(engine: Engine) -> list[str]:
    """The statements that make this file's schema: tables, then indexes, as SQLite
    keeps them (those SQLite makes for a table's own constraints are left out)."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "select type, sql from sqlite_master where sql is not null order by rowid"
        ).fetchall()
    order = {"table": 0, "index": 1}
    return [sql for kind, sql in sorted(rows, key=lambda row: order.get(row[0], 2))]


def stored_schema() -> tuple[str, list[str]]:
    """``SCHEMA``'s revision and statements (what the migrations make at that revision)."""
    head, *body = SCHEMA.read_text(encoding="utf-8").split("\n", 1)
    statements = [s.strip() for s in "".join(body).split(SCHEMA_SEPARATOR) if s.strip()]
    return head.removeprefix("-- revision ").strip(), statements


def write_schema(engine: Engine) -> None:
    """Store the schema of ``engine``'s file (migrated to ``HEAD``) as ``SCHEMA``."""
    text_ = SCHEMA_SEPARATOR.join(migrated_schema(engine))
    SCHEMA.write_text(f"-- revision {HEAD}\n{text_}{SCHEMA_SEPARATOR}", encoding="utf-8")


def _create_at_head(engine: Engine) -> bool:
    """Make a new, empty file's schema straight from ``SCHEMA`` (the newest one, without
    importing alembic: about a quarter of ``shotgraph new``'s time); False, and nothing
    done, when the file is not empty or ``SCHEMA`` is not at ``HEAD``."""
    try:
        revision, statements = stored_schema()
    except OSError:  # a build without it: the migrations make the schema
        return False
    if revision != HEAD:
        return False
    with engine.begin() as conn:
        if conn.exec_driver_sql("select count(*) from sqlite_master").scalar():
            return False
        for statement in statements:
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql(f"insert into alembic_version (version_num) values ('{HEAD}')")
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
    return True


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (the newest by default) in one transaction."""
    if revision == "head" and (_at_head(engine) or _create_at_head(engine)):
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


if __name__ == "__main__":  # rewrite SCHEMA after adding a migration
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        made = connect(Path(folder) / "schema.shotgraph")
        migrate(made, HEAD)  # through alembic: a named revision never takes SCHEMA
        write_schema(made)
        made.dispose()
    print(f"wrote {SCHEMA} at revision {HEAD}")
