"""Timeline maths: shot spans, segment plans, voice placement and subtitle cues."""

from __future__ import annotations

import pytest

from app.media import timeline as tl


def test_cuts_place_shots_end_to_end() -> None:
    overlaps = tl.crossfade_frames([2.0, 3.0, 2.5], "cut", 0.5)
    spans = tl.shot_spans([2.0, 3.0, 2.5], overlaps)
    assert overlaps == [0, 0]
    assert [(s.start, s.frames) for s in spans] == [(0, 60), (60, 90), (150, 75)]
    plan = tl.segment_plan(spans, overlaps)
    assert [(p.kind, p.shot, p.start, p.frames, p.offset) for p in plan] == [
        ("body", 0, 0, 60, 0),
        ("body", 1, 60, 90, 0),
        ("body", 2, 150, 75, 0),
    ]
    assert tl.episode_frames(spans) == 225


def test_crossfades_are_segments_of_their_own_and_trim_the_bodies() -> None:
    durations = [2.0, 3.0, 2.0]
    overlaps = tl.crossfade_frames(durations, "crossfade", 0.5)
    spans = tl.shot_spans(durations, overlaps)
    plan = tl.segment_plan(spans, overlaps)
    assert overlaps == [15, 15]
    assert tl.episode_frames(spans) == 210 - 30
    kinds = [(p.kind, p.shot) for p in plan]
    assert kinds == [("body", 0), ("crossfade", 0), ("body", 1), ("crossfade", 1), ("body", 2)]
    # The segments tile the episode with no gap or overlap.
    assert plan[0].start == 0
    for a, b in zip(plan, plan[1:], strict=False):
        assert a.end == b.start
    assert plan[-1].end == tl.episode_frames(spans)
    # The middle shot's body skips the frames its fades show.
    assert (plan[2].offset, plan[2].frames) == (15, 60)
    assert (plan[3].offset, plan[3].frames) == (75, 15)


def test_a_crossfade_never_eats_more_than_a_third_of_a_shot() -> None:
    assert tl.crossfade_frames([1.0, 6.0], "crossfade", 1.0) == [10]


def test_voices_start_after_their_shot_and_never_overlap_the_next_line() -> None:
    spans = tl.shot_spans([2.0, 2.0, 2.0], [0, 0])
    placed = tl.place_voices(spans, [4.5, None, 1.0])
    assert [(v.shot, v.start) for v in placed] == [(0, 0.2), (2, 4.2)]
    first, last = placed
    assert first.trimmed and abs(first.end - (last.start - tl.VOICE_GAP_S)) < 1e-9
    assert not last.trimmed and last.duration == 1.0


def test_the_last_voice_is_cut_at_the_end_of_the_episode() -> None:
    spans = tl.shot_spans([2.0], [])
    (voice,) = tl.place_voices(spans, [5.0])
    assert voice.trimmed and abs(voice.end - 2.0) < 1e-9


def test_cues_follow_the_voices_and_never_overlap() -> None:
    spans = tl.shot_spans([2.0, 2.0, 2.0], [0, 0])
    voices = tl.place_voices(spans, [1.0, 1.9, 1.0])
    lines = [("Hello there.", "en", "A"), ("Who are you?", "en", "B"), ("", "en", "")]
    cues = tl.subtitle_cues(spans, lines, voices, {"en": 30})
    assert [(c.shot, c.text, c.speaker) for c in cues] == [
        (0, "Hello there.", "A"),
        (1, "Who are you?", "B"),
    ]
    assert cues[0].start == 0.2 and cues[0].end == 1.2 + tl.SUBTITLE_HOLD_S
    assert cues[1].start == 2.2 and cues[1].end <= tl.episode_frames(spans) / 30
    for a, b in zip(cues, cues[1:], strict=False):
        assert a.end <= b.start


def test_cues_without_voices_span_their_shot() -> None:
    spans = tl.shot_spans([3.0], [])
    (cue,) = tl.subtitle_cues(spans, [("Hi", "en", "")], [], {"en": 30})
    assert (cue.start, cue.end) == (0.2, 2.9)


def test_english_wraps_between_words_within_the_width() -> None:
    lines = tl.wrap_lines("You will regret this, I promise you, more than anything", "en", 20)
    assert all(len(line) <= 20 for line in lines)
    assert " ".join(lines) == "You will regret this, I promise you, more than anything"


def test_chinese_wraps_between_characters_but_not_before_punctuation() -> None:
    lines = tl.wrap_lines("我一直在等你回来可是你没有来。", "zh", 7)
    assert lines[0] == "我一直在等你回"
    assert not any(line[0] in tl.NO_LINE_START for line in lines)
    assert "".join(lines) == "我一直在等你回来可是你没有来。"


def test_long_lines_are_split_into_timed_cues_of_two_lines() -> None:
    spans = tl.shot_spans([6.0], [])
    text = "one two three four five six seven eight nine ten eleven twelve"
    cues = tl.subtitle_cues(spans, [(text, "en", "")], [], {"en": 12})
    assert len(cues) > 1
    assert all(c.text.count("\n") < tl.MAX_SUBTITLE_LINES for c in cues)
    assert cues[0].start == 0.2 and abs(cues[-1].end - 5.9) < 1e-6
    for a, b in zip(cues, cues[1:], strict=False):
        assert abs(a.end - b.start) < 1e-6


def test_characters_per_line_follow_the_script() -> None:
    assert tl.chars_per_line("zh", 64, 972) == 15
    assert tl.chars_per_line("en", 64, 972) == 29


def test_dips_take_frames_from_both_shots_without_overlapping_them() -> None:
    durations = [2.0, 3.0, 2.0]
    cuts = tl.transitions(durations, [("fade_black", 0.4), ("flash", 0.2)])
    assert cuts == [tl.Transition("fade_black", 6, 6), tl.Transition("flash", 3, 3)]
    spans = tl.shot_spans(durations, cuts)
    assert tl.episode_frames(spans) == 210  # no overlap: the episode keeps its length
    plan = tl.segment_plan(spans, cuts)
    assert [(s.kind, s.start, s.frames) for s in plan] == [
        ("body", 0, 54), ("dip", 54, 12), ("body", 66, 81), ("dip", 147, 6), ("body", 153, 57),
    ]
    assert plan[1].tail == 6 and plan[1].colour == "black" and plan[3].colour == "white"
    assert sum(s.frames for s in plan) == 210


def test_each_cut_has_its_own_transition_and_none_eats_more_than_a_third() -> None:
    cuts = tl.transitions([1.0, 6.0, 6.0], [("crossfade", 1.0), ("cut", 0.5)])
    assert cuts == [tl.Transition("crossfade", 10, 10), tl.Transition()]
    with pytest.raises(ValueError, match="wipe"):
        tl.transitions([2.0, 2.0], [("wipe", 0.5)])


def test_a_line_that_overruns_is_sped_up_before_it_is_cut() -> None:
    spans = tl.shot_spans([2.0, 2.0], [0])
    (slow, quick) = tl.place_voices(spans, [2.4, 1.0], max_tempo=1.6)
    room = 2.0 + 0.2 - 0.1 - 0.2  # to the next line, less the gap
    assert slow.tempo == pytest.approx(2.4 / room, abs=0.01) and not slow.trimmed
    assert slow.duration == pytest.approx(room, abs=0.01)
    assert quick.tempo == 1.0
    (cut,) = tl.place_voices(tl.shot_spans([1.0], []), [3.0], max_tempo=1.6)
    assert cut.tempo == 1.6 and cut.trimmed and cut.end == pytest.approx(1.0)


def test_the_creators_subtitles_replace_a_lines_with_their_own_text_split_and_timing() -> None:
    spans = tl.shot_spans([3.0, 3.0], [0])
    voices = tl.place_voices(spans, [2.0, 1.0])
    lines = [("The line as written.", "en", ""), ("Second.", "en", "")]
    edits = {0: [tl.CueEdit("One"), tl.CueEdit("two three"), tl.CueEdit("late", 2.0, 2.5)]}
    cues = tl.subtitle_cues(spans, lines, voices, {"en": 30}, edits=edits)
    assert [c.text for c in cues] == ["One", "two three", "late", "Second."]
    one, two, late = cues[:3]
    assert one.start == pytest.approx(0.2) and one.end == pytest.approx(two.start - 0.05)
    assert (two.end - two.start) > (one.end - one.start)  # untimed cues share by length
    assert (late.start, late.end) == (2.0, 2.5)
    none = tl.subtitle_cues(spans, lines, voices, {"en": 30}, edits={0: []})
    assert [c.text for c in none] == ["Second."]  # no subtitle for that shot
