"""``takes``: list, choose, regenerate or delete the takes of one item."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from app.cli.command import cli, fail, node_targets, open_project, out
from app.core import engine as eng
from app.core import takes as tk
from app.core.graph import GraphError


@cli.command()
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.argument("node")
@click.option("--item", type=int, default=1, show_default=True, help="Item (shot) number, from 1.")
@click.option("--choose", type=int, help="Use this take of the item.")
@click.option("--regenerate", is_flag=True, help="Make a new take of the item (then run).")
@click.option("--delete", "delete_take", type=int, help="Forget this take (not the one in use).")
def takes(path: Path, node: str, item: int, choose: int | None, regenerate: bool,
          delete_take: int | None) -> None:
    """List, choose, regenerate or delete the takes of one item of NODE."""
    with open_project(path) as project:
        node_id = node_targets(project, (node,))[0]
        engine = eng.Engine(project)
        try:
            if choose is not None:
                tk.choose(engine, node_id, item - 1, choose)
            if regenerate:
                out.print(f"item {item} now uses take {tk.regenerate(engine, node_id, item - 1)}; "
                          "run the project to make it")
            if delete_take is not None:
                tk.delete_take(engine, node_id, item - 1, delete_take)
            item_id = tk.item_ids(engine, node_id)[item - 1]
        except (GraphError, IndexError) as exc:
            fail(str(exc) or f"item {item} does not exist", 2)
        table = Table("take", "in use", "made", "seed", "provider", "file", "created")
        for t in tk.list_takes(engine, node_id, item_id):
            table.add_row(
                str(t.take), "yes" if t.chosen else "",
                "yes" if t.available else "not made yet",
                "" if t.seed is None else str(t.seed), t.provider,
                t.media.path.name if t.media is not None else "",
                t.created.strftime("%Y-%m-%d %H:%M") if t.created else "",
            )
        out.print(f"{project.graph.label(node_id)}, item {item}")
        out.print(table)
