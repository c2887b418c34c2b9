"""Session fixtures, shared by tests/delivery and tests/ui (a plugin of tests/conftest.py).

A short demo episode (9 s, six 1.5 s shots), another made with other seeds, and the
attack set on the first: made once per test session (about a minute on 2 cores).
"""

from __future__ import annotations

import pytest

from tests.delivery import attacks
from tests.delivery.episodes import make_episode

SHOT_S = 1.5


@pytest.fixture(scope="session")
def episode(tmp_path_factory):
    """(project folder, exported MP4) of the short demo."""
    return make_episode(tmp_path_factory.mktemp("original") / "original", shot_s=SHOT_S)


@pytest.fixture(scope="session")
def other_episode(tmp_path_factory):
    """The same short demo with every seed moved: another script, pictures and music."""
    return make_episode(tmp_path_factory.mktemp("other") / "other", seed=11, shot_s=SHOT_S)


@pytest.fixture(scope="session")
def host_video(tmp_path_factory):
    """An unrelated synthetic video (test pattern and a tone)."""
    path = tmp_path_factory.mktemp("host") / "host.mp4"
    attacks.synthetic(path, 14, "testsrc2")
    return path


@pytest.fixture(scope="session")
def attack_set(episode, host_video, tmp_path_factory):
    return {a.name: a for a in attacks.attack_set(episode[1], host_video,
                                                  tmp_path_factory.mktemp("attacks"))}
