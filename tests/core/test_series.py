"""The season's core: the outline, the shared store, continuity, the season limiter."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.series import batch
from app.core.series.limiter import SeasonLimiter
from app.core.series.season import EpisodeRange
from app.core.series.spec import SeriesError, load_spec
from app.core.store.models import NodeRunRow
from nodes.providers.local.outline_writer import OutlineRequest, write_outline
from tests.core.series_template import make_stills_series


def test_the_outline_gives_every_episode_a_premise_ending_on_its_hook():
    outline = write_outline(OutlineRequest("A cleaner meets the groom.", 6, ("Ana", "Bo", "Cy")))
    assert [e.number for e in outline.episodes] == [1, 2, 3, 4, 5, 6]
    for e in outline.episodes:
        assert e.premise.endswith(e.hook) and e.hook and e.reveal in e.synopsis
    assert len({e.reveal for e in outline.episodes}) == 6
    assert outline.synopses_before(3) == [e.synopsis for e in outline.episodes[:2]]
    again = write_outline(OutlineRequest("A cleaner meets the groom.", 6, ("Ana", "Bo", "Cy")))
    assert again == outline  # deterministic, like the offline script writer
    zh = write_outline(OutlineRequest("保洁员认出了新郎。", 2, language="zh"))
    assert "揭晓" in zh.episodes[0].synopsis


def test_episode_ranges():
    assert EpisodeRange.parse("1-3", 5).numbers == [1, 2, 3]
    assert EpisodeRange.parse("2,5", 5).numbers == [2, 5]
    assert EpisodeRange.parse(None, 3).numbers == [1, 2, 3]
    with pytest.raises(SeriesError, match="episodes 1-3"):
        EpisodeRange.parse("2-4", 3)
    with pytest.raises(SeriesError, match="numbers and ranges"):
        EpisodeRange.parse("one", 3)


def test_the_season_limiter_holds_a_providers_limit_across_runs():
    limiter = SeasonLimiter()
    inside = threading.Semaphore(0)
    release = threading.Event()

    def item():
        with limiter.slot("kling:video", 2):
            inside.release()
            release.wait()

    threads = [threading.Thread(target=item) for _ in range(5)]
    for t in threads:
        t.start()
    inside.acquire()
    inside.acquire()
    assert not inside.acquire(blocking=False)  # a third item waits for a slot (peak below)
    assert limiter.busy("kling:video") == 2
    release.set()
    for t in threads:
        t.join()
    assert limiter.peak == {"kling:video": 2} and limiter.busy("kling:video") == 0


def test_a_season_shares_one_store_and_carries_continuity(tmp_path):
    series = make_stills_series(tmp_path / "s", episodes=2)
    try:
        season = batch.run_season(series, series.numbers)
        assert [e.status for e in season.episodes] == ["done", "done"]
        ran = {}
        for n in series.numbers:
            project = series.episode(n)
            types = {x.id: x.type_id for x in project.graph.nodes.values()}
            with Session(project.engine) as session:
                rows = session.scalars(select(NodeRunRow)).all()
                ran[n] = sorted(types[r.node_id] for r in rows if r.status == "ran")
        assert "character.bible" in ran[1] and "character.bible" not in ran[2]
        writer = next(x for x in series.episode(2).graph.nodes.values()
                      if x.type_id == "script.write")
        assert writer.params["previously"] == [load_spec(series.folder).outline.episodes[0]
                                               .synopsis]
        assert [c["name"] for c in writer.params["cast"]] == ["Clara", "Julian"]
        again = batch.run_season(series, series.numbers)
        assert again.ran == 0
        plan = batch.season_plan(series, series.numbers)
        assert [ep.items for ep in plan.episodes] == [0, 0]
    finally:
        series.close()


def test_a_fresh_season_plan_counts_shared_items_once(tmp_path):
    series = make_stills_series(tmp_path / "s", episodes=3)
    try:
        plan = batch.season_plan(series, series.numbers)
        assert [ep.shared for ep in plan.episodes] == [0, 2, 2]  # the cast sheets, the style
        bible = [ep.plan.nodes[n].dirty for ep in plan.episodes for n in ep.plan.order
                 if ep.plan.graph.node(n).type_id == "character.bible"]
        assert bible == [True, False, False]
    finally:
        series.close()


def test_a_seasons_price_table_is_used_while_it_is_open_and_not_after(tmp_path, monkeypatch):
    import json
    import os

    from app.core import prices
    from app.core.series.season import Series
    from nodes.registry import default_registry

    monkeypatch.delenv("SHOTGRAPH_PRICES", raising=False)
    tables = {}
    for name, currency in (("one", "CNY"), ("two", "EUR")):
        make_stills_series(tmp_path / name, episodes=1).close()
        tables[name] = tmp_path / name / "prices.json"
        tables[name].write_text(json.dumps({"_currency": currency}), encoding="utf-8")
    first = Series(tmp_path / "one", default_registry())
    first.use_prices()
    assert prices.currency() == "CNY"
    first.close()
    assert "SHOTGRAPH_PRICES" not in os.environ and prices.currency() == "USD"
    second = Series(tmp_path / "two", default_registry())
    second.use_prices()  # the next season reads its own table, not the first one's
    assert prices.currency() == "EUR"
    second.close()
    # a table the creator named keeps winning, and stays after the season closes
    monkeypatch.setenv("SHOTGRAPH_PRICES", str(tables["one"]))
    third = Series(tmp_path / "two", default_registry())
    third.use_prices()
    assert prices.currency() == "CNY"
    third.close()
    assert os.environ["SHOTGRAPH_PRICES"] == str(tables["one"])
