"""The offline season writer: a premise, an arc and N into N episode outlines.

Deterministic for a seed, like the offline script writer. Each episode gets a premise
ending on a hook, one revealed fact and a synopsis that later episodes' writers are
told, so names, relationships and secrets carry over.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from app.core.series.spec import EpisodeOutline, SeasonOutline

# Where an episode sits in the season decides what kind of episode it is.
STAGES = ("setup", "rising", "twist", "fall", "climax", "finale")

EN = {
    "title": {
        "setup": "The Night It Began", "rising": "Closer to the Truth", "twist": "Nothing Is "
        "What It Seems", "fall": "Everything Lost", "climax": "The Reckoning",
        "finale": "The Last Secret",
    },
    "situation": {
        "setup": "{a} comes face to face with {b}, and the past she buried comes back.",
        "rising": "{a} digs into what {b} is hiding while {c} watches every step.",
        "twist": "{a} learns the one she trusted has lied from the start.",
        "fall": "{b} turns the family against {a}, and she loses everything.",
        "climax": "{a} confronts {b} in front of everyone who matters.",
        "finale": "{a} finally holds the proof, and must choose what to do with it.",
    },
    "reveals": (
        "{b} is the man who ruined {a}'s family ten years ago",
        "{c} knew about {b}'s crime all along",
        "{a}'s father left a letter naming {b}",
        "{b} forged the contract that bankrupted {a}'s mother",
        "{c} is {a}'s half-sister",
        "the fire at {a}'s old home was set on {b}'s orders",
        "{b} has been paying {c} to keep quiet",
        "{a} secretly owns the company {b} runs",
    ),
    "hooks": (
        "Then {b} says her real name out loud.",
        "Then the door opens and {c} is standing there.",
        "Then her phone lights up with a message from a dead man.",
        "Then {b} smiles: he knew all along.",
        "Then the lights go out.",
        "Then {c} hands her a key she has never seen.",
    ),
    "learns": "She learns that {reveal}.",
    "synopsis": "Episode {n}, {title}: {situation} Revealed: {reveal}. Cliffhanger: {hook}",
}

ZH = {
    "title": {
        "setup": "一切开始的夜晚", "rising": "逼近真相", "twist": "真相反转",
        "fall": "一无所有", "climax": "清算", "finale": "最后的秘密",
    },
    "situation": {
        "setup": "{a}与{b}迎面相遇，她埋藏的过去卷土重来。",
        "rising": "{a}追查{b}隐瞒的事，{c}却在暗中盯着她。",
        "twist": "{a}发现她最信任的人从一开始就在撒谎。",
        "fall": "{b}让全家人与{a}反目，她失去了一切。",
        "climax": "{a}当着所有人的面与{b}对质。",
        "finale": "{a}终于握住了证据，却必须决定如何使用它。",
    },
    "reveals": (
        "{b}就是十年前毁掉{a}一家的人",
        "{c}早就知道{b}的罪行",
        "{a}的父亲留下一封写着{b}名字的信",
        "{b}伪造了让{a}母亲破产的合同",
        "{c}是{a}同父异母的妹妹",
        "{a}老家的那场火是{b}指使的",
        "{b}一直在花钱让{c}闭嘴",
        "{a}暗中拥有{b}经营的公司",
    ),
    "hooks": (
        "就在这时，{b}叫出了她的真名。",
        "就在这时，门开了，{c}站在门口。",
        "就在这时，她的手机收到一条来自死者的短信。",
        "就在这时，{b}笑了：他早就知道。",
        "就在这时，灯灭了。",
        "就在这时，{c}递给她一把从未见过的钥匙。",
    ),
    "learns": "她发现{reveal}。",
    "synopsis": "第{n}集《{title}》：{situation}揭晓：{reveal}。悬念：{hook}",
}


@dataclass(frozen=True)
class OutlineRequest:
    """What the season writer is asked for."""

    premise: str
    episodes: int
    names: tuple[str, ...] = ()
    arc: str = ""
    language: str = "en"
    seed: int = 0


def stage(number: int, count: int) -> str:
    """The arc stage of episode ``number`` of ``count``."""
    if count == 1:
        return "setup"
    position = (number - 1) / (count - 1)
    return STAGES[min(len(STAGES) - 1, int(position * (len(STAGES) - 1) + 0.5))]


def write_outline(request: OutlineRequest) -> SeasonOutline:
    """The season outline for ``request`` (pure: same request, same outline)."""
    words = ZH if request.language == "zh" else EN
    rng = random.Random(f"{request.seed}|{request.language}|{request.premise}")
    default = ("林晚", "顾沉", "苏棠") if request.language == "zh" else ("Clara", "Julian", "Mia")
    names = (*request.names, *default[len(request.names):])
    cast = {"a": names[0], "b": names[1], "c": names[2]}
    reveals = rng.sample(words["reveals"], k=min(request.episodes, len(words["reveals"])))
    hooks = rng.sample(words["hooks"], k=len(words["hooks"]))
    episodes = []
    for n in range(1, request.episodes + 1):
        kind = stage(n, request.episodes)
        title = words["title"][kind]
        situation = words["situation"][kind].format(**cast)
        reveal = reveals[(n - 1) % len(reveals)].format(**cast)
        hook = hooks[(n - 1) % len(hooks)].format(**cast)
        if n == 1:
            situation = f"{request.premise.strip()} {situation}"
        learns = words["learns"].format(reveal=reveal)
        premise = f"{situation} {learns} {hook}"
        synopsis = words["synopsis"].format(n=n, title=title, situation=situation,
                                            reveal=reveal, hook=hook)
        episodes.append(EpisodeOutline(number=n, title=title, premise=premise[:3000],
                                       hook=hook, reveal=reveal, synopsis=synopsis[:1000]))
    arc = request.arc or " → ".join(dict.fromkeys(stage(n, request.episodes)
                                                  for n in range(1, request.episodes + 1)))
    return SeasonOutline(premise=request.premise, arc=arc, episodes=episodes)
