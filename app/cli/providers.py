"""``providers`` (list), ``providers check NAME``, ``providers models NAME``,
``providers voices NAME`` and ``providers set-key NAME``."""

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
        urls = f"{info.base_url}\n({info.base_url_env})"
        for capability, url, env in info.other_endpoints():
            urls += f"\n{capability}: {url}\n({env})"
        table.add_row(info.name, info.service, ", ".join(info.capabilities), key, urls)
    out.print(table)


@providers.command("check")
@click.argument("name")
@click.option("--for", "capability", default=None, metavar="CAPABILITY",
              help="which of its services to check (e.g. lipsync: DashScope's is in Beijing)")
def providers_check(name: str, capability: str | None) -> None:
    """Make one cheap authenticated call to provider NAME."""
    from nodes.providers import catalog

    if name not in catalog.PROVIDERS:
        fail(f"no provider called {name!r} (known: {', '.join(catalog.PROVIDERS)})", 2)
    ok, detail = catalog.check(name, capability=capability)
    if not ok:
        fail(f"{name}: {detail}")
    out.print(f"[green]ok[/green] {name}: {detail}")


@providers.command("models")
@click.argument("name")
def providers_models(name: str) -> None:
    """List the models provider NAME offers per capability, and what each takes."""
    from app.core.providers import models
    from nodes.providers import catalog

    info = catalog.PROVIDERS.get(name)
    if info is None:
        fail(f"no provider called {name!r} (known: {', '.join(catalog.PROVIDERS)})", 2)
    table = Table("capability", "model", "takes")
    for capability in info.capabilities:
        for i, model in enumerate(models.model_names(capability, name)):
            spec = models.spec(name, capability, model)
            label = f"{model} (default)" if i == 0 else model
            table.add_row(capability, label, _takes(spec))
    out.print(table)


def _takes(spec: object) -> str:
    """What a model table row says a model takes, in a few words."""
    parts = []
    for field, fmt in (("durations", "{} s"), ("resolutions", "{}"), ("ratios", "{}"),
                       ("modes", "mode {}"), ("regions", "region {}"), ("voices", "{} voices")):
        value = getattr(spec, field, None)
        if value:
            shown = len(value) if field == "voices" else "/".join(f"{v:g}" if isinstance(
                v, float) else str(v) for v in value)
            parts.append(fmt.format(shown))
    for field, fmt in (("duration_range", "{}-{} s"), ("input_seconds", "clips {}-{} s")):
        value = getattr(spec, field, None)
        if value:
            parts.append(fmt.format(f"{value[0]:g}", f"{value[1]:g}"))
    if getattr(spec, "prompt_limit", None):
        parts.append(f"prompt <= {spec.prompt_limit}")  # type: ignore[attr-defined]
    if getattr(spec, "temperature", True) is False:
        parts.append("no temperature")
    return ", ".join(parts)


@providers.command("voices")
@click.argument("name")
def providers_voices(name: str) -> None:
    """List the voices provider NAME's account has (ElevenLabs: its voice library)."""
    from app.core.providers import ProviderError, resolve
    from nodes.providers import catalog

    if name != "elevenlabs":
        known = ", ".join(sorted({"elevenlabs"}))
        fail(f"{name} has no voice list to read (providers with one: {known})", 2)
    catalog.load_all()
    try:
        found = resolve("speech", name, {}).voices()  # type: ignore[attr-defined]
    except ProviderError as exc:
        fail(f"{name}: {exc.message}")
    table = Table("voice id", "name", "gender", "kind")
    for voice in found:
        table.add_row(voice.voice_id, voice.name, voice.gender, voice.category)
    out.print(table)
    out.print(f"{len(found)} voices; give a character one by id or name in the Voice node's "
              "'voices' setting")


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
