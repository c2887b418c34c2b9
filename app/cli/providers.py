"""``providers`` (list), ``providers check NAME`` and ``providers set-key NAME``."""

from __future__ import annotations

import click
from rich.table import Table

from app.cli.command import cli, fail, out


@cli.group(invoke_without_command=True)
@click.pass_context
def providers(ctx: click.Context) -> None:
    """List the real providers, their endpoints and whether a key is configured."""
    if ctx.invoked_subcommand is not None:
        return
    from nodes.providers import catalog

    table = Table("name", "service", "capabilities", "key", "base URL (override)")
    for info in catalog.PROVIDERS.values():
        key = "[green]set[/green]" if catalog.has_secret(info.name) else "[yellow]missing[/yellow]"
        if not info.secret_env:
            key = "not needed"
        table.add_row(info.name, info.service, ", ".join(info.capabilities), key,
                      f"{info.base_url}\n({info.base_url_env})")
    out.print(table)


@providers.command("check")
@click.argument("name")
def providers_check(name: str) -> None:
    """Make one cheap authenticated call to provider NAME."""
    from nodes.providers import catalog

    ok, detail = catalog.check(name)
    if not ok:
        fail(f"{name}: {detail}")
    out.print(f"[green]ok[/green] {name}: {detail}")


@providers.command("set-key")
@click.argument("name")
def providers_set_key(name: str) -> None:
    """Save provider NAME's key in the system keyring (asked for, never echoed)."""
    import keyring
    from keyring.errors import KeyringError

    from nodes.providers import catalog, keys

    if name not in catalog.PROVIDERS:
        fail(f"no provider called {name!r} (known: {', '.join(catalog.PROVIDERS)})")
    hint = " as ACCESS_KEY:SECRET_KEY" if name == "kling" else ""
    secret = click.prompt(f"{name} key{hint}", hide_input=True).strip()
    if not secret:
        fail("empty key: nothing saved")
    try:
        keyring.set_password(keys.KEYRING_SERVICE, name, secret)
    except (KeyringError, RuntimeError, OSError) as exc:
        fail(f"the system keyring refused the key ({type(exc).__name__}); "
              f"set {', '.join(catalog.PROVIDERS[name].secret_env)} instead")
    out.print(f"saved {name}'s key in the keyring (service '{keys.KEYRING_SERVICE}')")
