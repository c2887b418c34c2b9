"""The template writer's material: microdrama beats, casts and places in English and Chinese.

Every line is written for its language (not translated word for word) and kept short
enough to be spoken inside its shot. ``{A}``, ``{B}``, ``{C}``, ``{D}`` stand for the
cast's names by role: A the lead (she), B the man opposite her (he), C a third woman,
D an optional onlooker.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Beat:
    """One shot's worth of story: who is in frame, who speaks, what is seen and said."""

    kind: str  # hook | setup | turn | rival | confront | reversal | reveal | reaction | cliffhanger
    who: tuple[str, ...]
    speaker: str | None
    en: tuple[str, str]  # (description, line)
    zh: tuple[str, str]


@dataclass(frozen=True)
class Role:
    """A part in a genre's cast."""

    key: str
    id: str
    gender: str  # female | male
    voice: str
    en_look: str
    zh_look: str


@dataclass(frozen=True)
class Place:
    """Where and when a scene happens."""

    en: str
    zh: str
    time_of_day: str


@dataclass(frozen=True)
class Genre:
    """Everything the writer needs for one genre."""

    mood: str
    roles: tuple[Role, ...]
    places: tuple[Place, ...]
    titles_en: tuple[str, ...]
    titles_zh: tuple[str, ...]
    hooks: tuple[Beat, ...]
    middle: tuple[Beat, ...]
    cliffhangers: tuple[Beat, ...]


def _b(kind: str, who: str, speaker: str | None, en: tuple[str, str], zh: tuple[str, str]) -> Beat:
    return Beat(kind, tuple(who), speaker, en, zh)


ROMANCE = Genre(
    mood="romantic",
    roles=(
        Role(
            "A",
            "lead",
            "female",
            "female, warm",
            "young woman, loose dark hair, cream coat",
            "年轻女子，黑色长发披肩，米白色大衣",
        ),
        Role(
            "B",
            "heir",
            "male",
            "male, low",
            "tall man, sharp navy suit, cold eyes",
            "高个男人，深蓝色西装，眼神冷峻",
        ),
        Role(
            "C",
            "rival",
            "female",
            "female, bright",
            "glamorous woman, red dress, diamond earrings",
            "明艳女子，红色长裙，钻石耳环",
        ),
    ),
    places=(
        Place("a rooftop café", "天台咖啡馆", "evening"),
        Place("the office lobby", "公司大堂", "day"),
        Place("a rainy street", "雨夜街头", "night"),
        Place("a hotel ballroom", "酒店宴会厅", "night"),
    ),
    titles_en=("Second Chance at Midnight", "The Heir's Secret", "Coffee, Rain and Lies"),
    titles_zh=("午夜的第二次心动", "总裁的秘密", "雨夜重逢"),
    hooks=(
        _b(
            "hook",
            "AB",
            "A",
            (
                "{A} collides with {B} in the doorway; her coffee soaks his white shirt.",
                "Oh no. I'm so sorry!",
            ),
            ("{A}在门口撞上{B}，咖啡泼了他一身白衬衫。", "对不起，对不起！"),
        ),
        _b(
            "hook",
            "AB",
            "B",
            ("{B} grabs {A}'s wrist before she can walk away.", "You're not leaving again."),
            ("{A}转身要走，{B}一把抓住她的手腕。", "这次你别想走。"),
        ),
    ),
    middle=(
        _b(
            "setup",
            "AB",
            "B",
            ("{B} studies her face as if he has seen it before.", "Have we met before?"),
            ("{B}盯着{A}的脸，像是在回忆什么。", "我们是不是见过？"),
        ),
        _b(
            "turn",
            "A",
            "A",
            ("{A} finds an old photo of the two of them as children.", "It was you, all along."),
            ("{A}翻出一张旧照片，照片里是小时候的他们。", "原来……一直是你。"),
        ),
        _b(
            "rival",
            "CB",
            "C",
            (
                "{C} slips her arm through {B}'s and smiles at {A}.",
                "Didn't he tell you? We're engaged.",
            ),
            ("{C}挽住{B}的手臂，冲{A}微笑。", "他没告诉你吗？我们订婚了。"),
        ),
        _b(
            "reversal",
            "AC",
            "A",
            ("{A} sets a ring box down in front of {C}.", "Then why did he give me this?"),
            ("{A}把一只戒指盒放到{C}面前。", "那他为什么把这个给我？"),
        ),
        _b(
            "confront",
            "BC",
            "B",
            ("{B} pulls his arm free from {C}.", "Stop lying. That was your father's deal."),
            ("{B}甩开{C}的手。", "别再撒谎了，婚约是你父亲定的。"),
        ),
        _b(
            "turn",
            "AB",
            "A",
            ("{A} steps back, eyes wet, shaking her head.", "I can't be your secret."),
            ("{A}后退一步，眼眶泛红地摇头。", "我不想做你的秘密。"),
        ),
        _b(
            "reveal",
            "BA",
            "B",
            (
                "{B} closes the distance between them.",
                "You were never a secret. You were the reason.",
            ),
            ("{B}一步步走近{A}。", "你从来不是秘密，你是我回来的理由。"),
        ),
    ),
    cliffhangers=(
        _b(
            "cliffhanger",
            "ABC",
            "C",
            (
                "{C} raises her phone; a photo of {A}'s mother glows on the screen.",
                "Ask her what her mother did.",
            ),
            ("{C}举起手机，屏幕上是{A}母亲的照片。", "问问她，她妈妈当年做了什么。"),
        ),
        _b(
            "cliffhanger",
            "AB",
            "A",
            (
                "As {B} leans in to kiss {A}, her phone lights up: 'Don't trust him.'",
                "Who sent this?",
            ),
            ("{B}正要吻{A}，她的手机亮起：“别相信他。”", "这是谁发的？"),
        ),
    ),
)

REVENGE = Genre(
    mood="tense",
    roles=(
        Role(
            "A",
            "heroine",
            "female",
            "female, low",
            "young woman, grey cleaner's uniform, hair tied back",
            "年轻女子，灰色保洁制服，头发利落地扎起",
        ),
        Role(
            "B",
            "groom",
            "male",
            "male, deep",
            "man in a white tuxedo, slicked-back hair, gold watch",
            "身穿白色礼服的男人，背头，金表",
        ),
        Role(
            "C",
            "bride",
            "female",
            "female, bright",
            "bride in a white gown, pearl necklace",
            "白色婚纱的新娘，珍珠项链",
        ),
    ),
    places=(
        Place("a hotel ballroom", "酒店宴会厅", "night"),
        Place("the service corridor", "员工通道", "night"),
        Place("a wedding stage", "婚礼舞台", "evening"),
    ),
    titles_en=("The Cleaner at the Wedding", "Ten Years of Silence", "Her Name Was Erased"),
    titles_zh=("订婚之夜", "十年隐忍", "保洁员的复仇"),
    hooks=(
        _b(
            "hook",
            "A",
            "A",
            ("{A}, in a cleaner's uniform, freezes as the groom walks past.", "It's him."),
            ("身穿保洁服的{A}僵在原地，新郎正从她面前走过。", "是他。"),
        ),
        _b(
            "hook",
            "AB",
            "B",
            ("{B} stops mid-toast and stares straight at {A}.", "You should be dead."),
            ("{B}举杯的手停在半空，死死盯着{A}。", "你不是死了吗？"),
        ),
    ),
    middle=(
        _b(
            "setup",
            "A",
            "A",
            (
                "{A} clenches an old newspaper clipping about her family's ruined company.",
                "Ten years. I remember everything.",
            ),
            ("{A}攥紧一张旧剪报，上面是她家公司破产的新闻。", "十年了，我什么都记得。"),
        ),
        _b(
            "rival",
            "CA",
            "C",
            ("{C}, in a white gown, snaps her fingers at {A}.", "You. Clean up this mess."),
            ("穿着白色礼服的{C}冲{A}打了个响指。", "你，把这里收拾干净。"),
        ),
        _b(
            "turn",
            "AC",
            "A",
            (
                "{A} kneels to wipe the floor and slips a USB drive into {C}'s bag.",
                "With pleasure.",
            ),
            ("{A}跪下擦地，顺手把一个U盘塞进{C}的包里。", "乐意效劳。"),
        ),
        _b(
            "confront",
            "BA",
            "B",
            ("{B} corners {A} in the service corridor.", "What do you want? Money?"),
            ("{B}在后走廊把{A}堵住。", "你想要什么？钱吗？"),
        ),
        _b(
            "reversal",
            "AB",
            "A",
            (
                "{A} lifts her chin and takes off the cleaner's cap.",
                "I want my father's name back.",
            ),
            ("{A}抬起头，摘下了保洁帽。", "我要你还我父亲一个清白。"),
        ),
        _b(
            "reveal",
            "CB",
            "C",
            (
                "On the big screen, the wedding video turns into {B}'s old contracts.",
                "What is this? Explain!",
            ),
            ("婚礼大屏上的视频突然变成了{B}当年的合同。", "这是什么？你给我解释！"),
        ),
        _b(
            "confront",
            "B",
            "B",
            (
                "{B} grips the table; his smile is gone.",
                "You have no idea who you're dealing with.",
            ),
            ("{B}死死按住桌沿，笑容彻底消失。", "你根本不知道自己在跟谁作对。"),
        ),
    ),
    cliffhangers=(
        _b(
            "cliffhanger",
            "AB",
            "B",
            (
                "{B} whispers in {A}'s ear as the guests turn to look.",
                "Your brother is still alive. For now.",
            ),
            ("宾客纷纷回头，{B}贴在{A}耳边低语。", "你弟弟还活着——暂时。"),
        ),
        _b(
            "cliffhanger",
            "AC",
            "C",
            ("{C} tears off her veil and grabs {A}'s hand.", "I know who you are. Help me."),
            ("{C}扯下头纱，一把抓住{A}的手。", "我知道你是谁。帮我。"),
        ),
    ),
)

FAMILY = Genre(
    mood="sad",
    roles=(
        Role(
            "A",
            "daughter",
            "female",
            "female, soft",
            "young woman, worn denim jacket, small backpack",
            "年轻女子，旧牛仔外套，小双肩包",
        ),
        Role(
            "B",
            "brother",
            "male",
            "male, young",
            "young man, hoodie, bandage on one hand",
            "年轻男人，连帽衫，一只手缠着绷带",
        ),
        Role(
            "C",
            "mother",
            "female",
            "female, old",
            "woman in her fifties, grey cardigan, tired eyes",
            "五十多岁的妇人，灰色开衫，眼神疲惫",
        ),
    ),
    places=(
        Place("the family home", "老宅客厅", "evening"),
        Place("a hospital corridor", "医院走廊", "night"),
        Place("a rainy street", "雨中街头", "night"),
    ),
    titles_en=("The Daughter Who Came Back", "Unpaid Debts", "Blood and Bills"),
    titles_zh=("回家的女儿", "迟来的团圆", "那张出生证明"),
    hooks=(
        _b(
            "hook",
            "AC",
            "C",
            ("{C} slams the door in {A}'s face at the family reunion.", "You're not my daughter."),
            ("家宴门口，{C}当着{A}的面摔上了门。", "你不是我女儿。"),
        ),
        _b(
            "hook",
            "A",
            "A",
            ("{A} stands in the rain holding a hospital report.", "Mom needs a kidney."),
            ("{A}站在雨里，手里攥着一张医院报告。", "妈需要换肾。"),
        ),
    ),
    middle=(
        _b(
            "setup",
            "AB",
            "B",
            ("{B} blocks the hallway, arms crossed.", "You left us. Don't come back now."),
            ("{B}抱着手臂挡在走廊里。", "当初是你走的，现在别回来。"),
        ),
        _b(
            "turn",
            "A",
            "A",
            (
                "{A} opens her bag: a stack of hospital bills, all paid in her name.",
                "Someone had to pay for this.",
            ),
            ("{A}打开包，里面是一沓缴清的医药费单据，付款人都是她。", "总得有人付这些钱。"),
        ),
        _b(
            "confront",
            "CA",
            "C",
            ("{C} pushes the bills back across the table.", "I never asked for your money."),
            ("{C}把单据推回桌子另一边。", "我从来没要过你的钱。"),
        ),
        _b(
            "reversal",
            "BC",
            "B",
            ("{B} picks up one bill and goes pale.", "Mom, she paid for my surgery too."),
            ("{B}拿起一张单据，脸色瞬间发白。", "妈，我的手术费也是她出的。"),
        ),
        _b(
            "reveal",
            "C",
            "C",
            (
                "{C} sinks into a chair, holding an old birth certificate.",
                "There's something I never told you.",
            ),
            ("{C}跌坐在椅子上，手里捏着一张旧出生证明。", "有件事我一直没告诉你们。"),
        ),
        _b(
            "turn",
            "AC",
            "A",
            ("{A} kneels beside {C} and takes her hand.", "Whatever it is, I'm still here."),
            ("{A}蹲在{C}身边，握住她的手。", "不管是什么，我都在。"),
        ),
        _b(
            "reveal",
            "AB",
            "B",
            (
                "In the hospital corridor, {B} hands {A} a consent form.",
                "The doctor says you're a match.",
            ),
            ("医院走廊里，{B}把一张同意书递给{A}。", "医生说，你的配型成功了。"),
        ),
    ),
    cliffhangers=(
        _b(
            "cliffhanger",
            "AC",
            "C",
            (
                "{C} grips the certificate as {A} reads the name on it.",
                "Your real father is waiting outside.",
            ),
            ("{A}看清出生证明上的名字，{C}攥紧了那张纸。", "你亲生父亲，就在门外。"),
        ),
        _b(
            "cliffhanger",
            "AB",
            "B",
            (
                "A stranger's car pulls up; {B} steps in front of {A}.",
                "Don't go with him. Not again.",
            ),
            ("一辆陌生的车停下，{B}挡在{A}身前。", "别跟他走。别再走了。"),
        ),
    ),
)

CEO = Genre(
    mood="romantic",
    roles=(
        Role(
            "A",
            "assistant",
            "female",
            "female, clear",
            "young woman, white blouse, glasses, ID badge",
            "年轻女子，白衬衫，黑框眼镜，工牌",
        ),
        Role(
            "B",
            "ceo",
            "male",
            "male, deep",
            "CEO in a black three-piece suit, silver cufflinks",
            "身穿黑色三件套西装的总裁，银色袖扣",
        ),
        Role(
            "C",
            "ex",
            "female",
            "female, sharp",
            "elegant woman, sunglasses, designer handbag",
            "优雅女人，墨镜，名牌手袋",
        ),
    ),
    places=(
        Place("a glass office tower", "玻璃写字楼办公室", "day"),
        Place("an office elevator", "写字楼电梯", "night"),
        Place("a rooftop party", "天台酒会", "night"),
    ),
    titles_en=("Contract Wife", "The CEO's One-Year Deal", "Signed, Sealed, Sold"),
    titles_zh=("契约娇妻", "总裁的一年之约", "闪婚总裁"),
    hooks=(
        _b(
            "hook",
            "AB",
            "B",
            (
                "{B} tosses a contract onto {A}'s desk in the glass office.",
                "Marry me. It's business.",
            ),
            ("玻璃办公室里，{B}把一份合同甩到{A}桌上。", "嫁给我，只谈交易。"),
        ),
        _b(
            "hook",
            "A",
            "A",
            (
                "{A} finds a black card and a note on her desk: 'Be my wife for a year.'",
                "Is this a joke?",
            ),
            ("{A}桌上多了一张黑卡和字条：“做我一年的妻子。”", "这是开玩笑吧？"),
        ),
    ),
    middle=(
        _b(
            "setup",
            "AB",
            "A",
            ("{A} reads the contract under the office lights.", "One year, no feelings. Deal."),
            ("{A}在办公室灯下翻看合同。", "一年，不动感情。成交。"),
        ),
        _b(
            "rival",
            "CA",
            "C",
            (
                "{C} walks in wearing sunglasses and looks {A} up and down.",
                "The assistant? Really?",
            ),
            ("{C}戴着墨镜走进来，上下打量{A}。", "一个助理？你认真的？"),
        ),
        _b(
            "confront",
            "CB",
            "C",
            ("{C} leans over {B}'s desk.", "Your board will never accept her."),
            ("{C}俯身撑在{B}的办公桌上。", "董事会不会接受她的。"),
        ),
        _b(
            "reversal",
            "BA",
            "B",
            ("{B} takes {A}'s hand in front of everyone.", "Then I'll replace the board."),
            ("{B}当着所有人的面牵起{A}的手。", "那我就换掉董事会。"),
        ),
        _b(
            "turn",
            "A",
            "A",
            ("Alone in the elevator, {A} touches the hand he held.", "No feelings. Remember that."),
            ("电梯里只剩{A}一人，她摸着刚被他握过的手。", "不许动心，记住。"),
        ),
        _b(
            "reveal",
            "B",
            "B",
            (
                "Night in the office: {B} looks at an old photo of {A} from years ago.",
                "She doesn't remember me.",
            ),
            ("深夜的办公室，{B}看着一张{A}多年前的旧照片。", "她不记得我了。"),
        ),
        _b(
            "turn",
            "AB",
            "B",
            ("At the party, {B} pulls {A} away from a smiling client.", "Smile at me, not at him."),
            ("酒会上，{B}把{A}从一位客户身边拉开。", "要笑，只对我笑。"),
        ),
    ),
    cliffhangers=(
        _b(
            "cliffhanger",
            "AC",
            "C",
            ("{C} hands {A} a folder with {A}'s own name on it.", "Read why he really chose you."),
            ("{C}递给{A}一个文件夹，封面写着她的名字。", "看看他为什么选你。"),
        ),
        _b(
            "cliffhanger",
            "AB",
            "A",
            (
                "{A} finds a pregnancy test in the CEO's office bathroom. It isn't hers.",
                "Whose is this?",
            ),
            ("{A}在总裁办公室的洗手间发现一支验孕棒，不是她的。", "这是谁的？"),
        ),
    ),
)

MYSTERY = Genre(
    mood="mysterious",
    roles=(
        Role(
            "A",
            "detective",
            "female",
            "female, firm",
            "detective in a long trench coat, short hair",
            "身穿风衣的女警探，短发",
        ),
        Role(
            "B",
            "suspect",
            "male",
            "male, calm",
            "man in a rolled-up white shirt, calm smile",
            "卷起袖子的白衬衫男人，笑得很平静",
        ),
        Role(
            "C",
            "witness",
            "female",
            "female, nervous",
            "young woman, oversized sweater, bitten nails",
            "年轻女子，宽大毛衣，指甲被咬得参差不齐",
        ),
    ),
    places=(
        Place("a rainy alley", "雨夜小巷", "night"),
        Place("a police interview room", "警局审讯室", "night"),
        Place("an old apartment stairwell", "老旧公寓楼梯间", "night"),
    ),
    titles_en=("The Midnight Witness", "Nobody Saw Anything", "Footprints in the Rain"),
    titles_zh=("午夜证人", "雨夜疑案", "第十三级台阶"),
    hooks=(
        _b(
            "hook",
            "A",
            "A",
            ("At night in the rain, {A} kneels beside a shattered phone.", "This was no accident."),
            ("雨夜，{A}蹲在一部摔碎的手机旁。", "这不是意外。"),
        ),
        _b(
            "hook",
            "AB",
            "B",
            ("{B} opens the door, his sleeve stained dark red.", "You're early, detective."),
            ("{B}打开门，袖口沾着暗红色的痕迹。", "警官，你来早了。"),
        ),
    ),
    middle=(
        _b(
            "setup",
            "AC",
            "C",
            (
                "{C} twists a tissue in her hands in the interview room.",
                "I heard them arguing at midnight.",
            ),
            ("审讯室里，{C}不停地绞着手里的纸巾。", "半夜我听到他们在吵架。"),
        ),
        _b(
            "turn",
            "A",
            "A",
            (
                "{A} shines a flashlight on muddy footprints in the hallway.",
                "Size ten. A man's shoe.",
            ),
            ("{A}用手电照着走廊里的泥脚印。", "四十三码，男人的鞋。"),
        ),
        _b(
            "confront",
            "AB",
            "A",
            ("{A} slides a photo across the table to {B}.", "Where were you at midnight?"),
            ("{A}把一张照片推到{B}面前。", "半夜十二点，你在哪里？"),
        ),
        _b(
            "setup",
            "B",
            "B",
            ("{B} leans back, calm, almost smiling.", "Ask the witness. I was with her."),
            ("{B}往后一靠，神情平静，甚至带着笑。", "问你的证人，我和她在一起。"),
        ),
        _b(
            "reversal",
            "AC",
            "C",
            ("{C} avoids {A}'s eyes.", "I lied. He told me to."),
            ("{C}躲开{A}的目光。", "我撒谎了，是他让我这么说的。"),
        ),
        _b(
            "reveal",
            "A",
            "A",
            (
                "{A} pins the last photo to the board; the timeline finally fits.",
                "He didn't kill her. He saw who did.",
            ),
            ("{A}把最后一张照片钉上白板，时间线终于对上了。", "他不是凶手，他是目击者。"),
        ),
        _b(
            "confront",
            "BA",
            "B",
            ("{B} grabs {A}'s arm in the dark stairwell.", "Stop digging, or you're next."),
            ("漆黑的楼梯间里，{B}一把抓住{A}的手臂。", "别再查了，不然下一个就是你。"),
        ),
    ),
    cliffhangers=(
        _b(
            "cliffhanger",
            "AC",
            "C",
            (
                "{C} turns around; she wears the victim's missing ring.",
                "Looking for this, detective?",
            ),
            ("{C}转过身，手上戴着死者丢失的那枚戒指。", "警官，你在找这个吗？"),
        ),
        _b(
            "cliffhanger",
            "A",
            "A",
            ("{A}'s phone buzzes: a photo of her taken a minute ago, from behind.", "He's here."),
            ("{A}的手机一震：一分钟前有人从背后拍下了她。", "他就在这里。"),
        ),
    ),
)

GENRES: dict[str, Genre] = {
    "romance": ROMANCE,
    "revenge": REVENGE,
    "family": FAMILY,
    "ceo": CEO,
    "mystery": MYSTERY,
}

# Short beats that fit any genre: reactions, inserts, silences between the big turns.
REACTIONS: tuple[Beat, ...] = (
    _b(
        "reaction",
        "A",
        None,
        ("Close-up on {A}: she swallows hard and says nothing.", ""),
        ("{A}特写：她用力咽了一下，一言不发。", ""),
    ),
    _b(
        "reaction",
        "B",
        None,
        ("{B}'s jaw tightens; he looks away.", ""),
        ("{B}咬紧牙关，移开了视线。", ""),
    ),
    _b(
        "reaction",
        "AB",
        "A",
        ("{A} and {B} hold each other's gaze for a long beat.", "Say something."),
        ("{A}和{B}对视良久。", "你说话啊。"),
    ),
    _b(
        "reaction",
        "B",
        "B",
        ("{B} checks his phone, then slips it back into his pocket.", "Not now."),
        ("{B}看了眼手机，又把它塞回口袋。", "不是现在。"),
    ),
    _b(
        "reaction",
        "A",
        "A",
        ("{A} wipes her tears away with the back of her hand.", "I'm done crying."),
        ("{A}用手背擦掉眼泪。", "我不会再哭了。"),
    ),
    _b(
        "reaction",
        "AB",
        None,
        ("A clock ticks on the wall; {A} and {B} stand in silence.", ""),
        ("墙上的钟滴答作响，{A}和{B}沉默对峙。", ""),
    ),
    _b(
        "reaction",
        "C",
        "C",
        ("{C} watches from across the room, smiling to herself.", "Interesting."),
        ("{C}在房间另一头看着这一幕，嘴角微扬。", "有意思。"),
    ),
    _b(
        "reaction",
        "A",
        None,
        ("Insert: {A}'s hand slowly curls into a fist.", ""),
        ("插入镜头：{A}的手慢慢攥成拳头。", ""),
    ),
)

ONLOOKER_ROLE = Role(
    "D",
    "onlooker",
    "male",
    "male, old",
    "older man in a grey coat, walking cane",
    "穿灰色大衣的老人，拄着手杖",
)
ONLOOKER_BEAT = _b(
    "reaction",
    "D",
    "D",
    ("{D} watches from the doorway, unseen.", "So it's true."),
    ("{D}站在门口，没有人注意到他。", "原来是真的。"),
)

NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("en", "female"): ("Lena", "Mia", "Grace", "Chloe", "Iris", "Nora", "Ava", "Clara"),
    ("en", "male"): ("Ethan", "Lucas", "Adrian", "Julian", "Marcus", "Owen", "Victor", "Leo"),
    ("zh", "female"): ("林晚", "苏念", "沈清", "叶知秋", "温言", "许安", "宋瑶", "顾笙"),
    ("zh", "male"): ("顾沉", "陆景深", "秦朗", "傅寒", "江屿", "周衍", "沈砚", "陈默"),
}

# Distinct, saturated enough to read as silhouettes on dark and light backgrounds.
PALETTE: tuple[str, ...] = (
    "#e4572e",
    "#2e86ab",
    "#f3a712",
    "#8e44ad",
    "#29bf12",
    "#e84393",
    "#17becf",
    "#c0392b",
)

# Premise words that pick the first scene's place.
PLACE_WORDS: tuple[tuple[tuple[str, ...], Place], ...] = (
    (("office", "company", "办公", "公司", "总裁"), Place("the office", "办公室", "day")),
    (("hospital", "医院", "病房"), Place("a hospital corridor", "医院走廊", "night")),
    (("restaurant", "dinner", "餐厅", "饭店"), Place("a restaurant", "餐厅", "evening")),
    (("wedding", "engagement", "婚礼", "订婚"), Place("a hotel ballroom", "酒店宴会厅", "night")),
    (("rain", "雨"), Place("a rainy street", "雨夜街头", "night")),
    (("street", "街"), Place("a city street", "城市街头", "night")),
    (("home", "house", "家"), Place("the family home", "家中客厅", "evening")),
)

TIME_ZH = {"day": "白天", "evening": "傍晚", "night": "夜"}
