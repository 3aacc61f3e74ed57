"""The site's stories, written for these tests: invented outlets, people and events on
the app's topics (intelligence sharing, missile launches, military exercises).

Each paragraph is one line of the article as a reader sees it; the lead opens with a
wire dateline where the outlet is a wire, because the date finder reads those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STOP = re.compile(r"\.\s+(?=[A-Z\"“])")
_ABBREVIATIONS = frozenset(
    "Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec Gen Adm Col Capt Lt Mr Ms Dr No St".split()
)


@dataclass(frozen=True)
class Story:
    slug: str
    outlet: str
    author: str
    title: str
    published: str
    """ISO 8601 with an offset."""
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...] = ()
    """Photo captions with their credits, as the page prints them under a picture."""

    @property
    def lead(self) -> str:
        return self.paragraphs[0]

    @property
    def first_sentence(self) -> str:
        """The teaser a feed item carries: the lead up to its first full stop that is
        not an abbreviation's ("Aug. 7", "U.S. Defense")."""
        lead = self.lead
        for stop in _STOP.finditer(lead):
            word = lead[: stop.start()].rsplit(" ", 1)[-1]
            if word not in _ABBREVIATIONS and "." not in word and len(word) > 1:
                return lead[: stop.start() + 1]
        return lead


INTEL_REVIEW = Story(
    slug="intel-pact-review",
    outlet="The Harbour Ledger",
    author="Min-seo Rhee",
    title="Seoul and Tokyo begin review of intelligence-sharing pact ahead of renewal",
    published="2024-08-12T09:30:00+09:00",
    paragraphs=(
        "SEOUL, Aug. 12 (Han River Wire) -- South Korea and Japan opened a formal review of "
        "their military intelligence-sharing agreement on Monday, two weeks before the date "
        "by which either side must say whether it wants to leave the pact.",
        "Under the agreement, which renews itself each year, a government that wishes to end "
        "it has to notify the other 90 days before it lapses. This year's notice deadline "
        "falls on Aug. 26.",
        "Officials from both defense ministries met in Seoul for three hours and agreed to "
        "meet again in Tokyo on Friday, according to a ministry statement.",
        '"The exchange of missile warning data has saved us minutes that matter," Vice '
        'Defense Minister Park Sun-ho told reporters after the talks. "Nobody at this table '
        'wants to lose them."',
        "The pact lets the two neighbours pass classified material on North Korean missile "
        "launches and submarine movements without routing it through Washington.",
        "Critics in the National Assembly have urged the government to use the review as "
        "leverage in a separate dispute over export controls on chip materials.",
    ),
)

LAUNCH_EAST_SEA = Story(
    slug="missile-launch-east-sea",
    outlet="Pacific Signal",
    author="Daniel Okafor",
    title="North Korea fires two short-range ballistic missiles into the East Sea",
    published="2024-03-04T08:15:00+09:00",
    paragraphs=(
        "SEOUL, March 4 (Han River Wire) -- North Korea fired two short-range ballistic "
        "missiles toward the East Sea early Monday, South Korea's Joint Chiefs of Staff said, "
        "hours after allied forces began their annual spring drills.",
        "The missiles were launched from an area near the western coast at 6:52 a.m. and "
        "6:58 a.m. and flew about 350 kilometers before falling outside Japan's exclusive "
        "economic zone, the military said.",
        "Japan's defense ministry said it had tracked both launches and shared its "
        "assessment with Seoul within minutes under the two countries' information pact.",
        '"We strongly condemn this launch as a clear provocation that threatens peace on '
        'the peninsula," the Joint Chiefs said in a text message to reporters.',
        "It was the North's third launch this year. Analysts said the timing pointed to a "
        "protest against the drills, which are scheduled to run until March 14.",
    ),
)

TRILATERAL_DRILLS = Story(
    slug="trilateral-drills",
    outlet="Northern Courier",
    author="Hana Voss",
    title="Three navies to hold missile-defense drill off Jeju next week",
    published="2024-06-18T14:00:00+09:00",
    paragraphs=(
        "South Korean, Japanese and U.S. warships will stage a two-day missile-defense "
        "exercise in international waters south of Jeju Island starting next Tuesday, the "
        "South Korean navy announced on Tuesday.",
        "Three Aegis-equipped destroyers will practise detecting and tracking a simulated "
        "ballistic missile and sharing the tracking data over a common link in real time.",
        "The drill is the fourth of its kind since the three governments agreed last year "
        "to hold such exercises on a regular schedule rather than in response to launches.",
        '"Regular drills mean the procedures become habit, not improvisation," said Rear '
        "Adm. Lee Jae-won, who commands the South Korean flotilla taking part.",
        "North Korea's state media has called past rounds of the exercise a rehearsal for "
        "invasion and warned of unspecified countermeasures.",
    ),
)

CARRIER_VISIT = Story(
    slug="carrier-visit-busan",
    outlet="Meridian Daily",
    author="Jun Takeda",
    title="U.S. carrier docks in Busan ahead of combined maritime exercise",
    published="2024-11-21T16:40:00+09:00",
    paragraphs=(
        "BUSAN, Nov. 21 (Han River Wire) -- A U.S. aircraft carrier arrived at a naval base "
        "in the southeastern port city of Busan on Thursday, days before it joins South "
        "Korean ships for a combined exercise in the waters east of the peninsula.",
        "The carrier and its escorts will remain in port until Sunday, when they sail out "
        "for the three-day drill, the South Korean navy said.",
        "Sailors from both navies are due to play a football match on the base on Saturday, "
        "and the crew will host local officials on board on Friday evening.",
        '"Port visits like this one are as much about trust as about training," the '
        "carrier's commanding officer, Capt. Elena Marsh, said on the pier.",
    ),
    captions=(
        "Sailors line the flight deck as the carrier enters Busan harbour on Thursday. "
        "(Photo: Cho Yu-na/Meridian Daily)",
        "Tugboats guide the carrier to its berth at the naval base. Meridian Daily file photo",
        "South Korean and U.S. sailors shake hands on the pier in Busan on Thursday. "
        "(Han River Wire)",
    ),
)

CONSENT_EXERCISE = Story(
    slug="summer-command-post-exercise",
    outlet="Coastline Broadcasting",
    author="Grace Adeyemi",
    title="Allies to start summer command post exercise on Aug. 19",
    published="2024-08-08T18:05:00+09:00",
    paragraphs=(
        "South Korea and the United States will begin their summer command post exercise "
        "on Aug. 19, running it for 11 days with more field training than last year, the "
        "two militaries said in a joint announcement on Thursday.",
        "The computer-simulated exercise will be accompanied by 48 field drills, including "
        "a river-crossing drill and a combined air-defense drill near the capital.",
        "Officials said the scenarios would for the first time include a response to "
        "attacks on satellites and undersea cables.",
        "By Friday, about 19,000 South Korean troops will have been assigned to the field "
        "drills, a defense ministry official said.",
        '"This is a defensive exercise and we have told Pyongyang so through the usual '
        'channel," a spokesperson for the combined command said.',
    ),
)

COMMENTS_GSOMIA = Story(
    slug="gsomia-analysis",
    outlet="The Continental Post",
    author="Sofia Lindqvist",
    title="Analysis: Why a small intelligence pact carries so much weight",
    published="2024-08-20T07:00:00+09:00",
    paragraphs=(
        "TOKYO -- On paper, the intelligence agreement between Japan and South Korea is a "
        "dry document of a few pages about how to mark, store and return secrets.",
        "In practice, officials on both sides say, it is the channel through which radar "
        "tracks of North Korean missiles travel in the first minutes after a launch.",
        "Japan's radars see a missile late in its flight, while South Korean sensors pick it "
        "up at launch. Together they draw a complete picture that neither has alone.",
        '"It is the difference between a forecast and a weather report," said Akiko Mori, '
        "a former defense official who helped draft the agreement.",
        "That is why Washington has pressed both capitals, in public and in private, to "
        "keep the pact alive whatever their other quarrels.",
    ),
)

JSONLD_SUBMARINE = Story(
    slug="submarine-launch-report",
    outlet="Eastgate News",
    author="Ravi Menon",
    title="Military says North fired missile from submarine off east coast",
    published="2024-05-09T11:20:00+09:00",
    paragraphs=(
        "SEOUL, May 9 (Han River Wire) -- North Korea fired what appeared to be a "
        "submarine-launched ballistic missile off its east coast on Thursday, South "
        "Korea's military said.",
        "The missile was fired from waters near the port of Sinpo, where the North builds "
        "its submarines, and flew about 600 kilometers, the Joint Chiefs of Staff said.",
        "South Korea, the United States and Japan shared warning data on the launch in real "
        "time through a system that went live in December.",
        '"We are analysing the details with our allies and remain ready to respond to any '
        'provocation," the Joint Chiefs said in a statement.',
        "The launch came a day before the defense ministers of the three countries were to "
        "speak by video link about the missile warning system.",
    ),
)

PAYWALL_RADAR = Story(
    slug="radar-upgrade",
    outlet="The Harbour Ledger",
    author="Thomas Brandt",
    title="Japan to upgrade early-warning radars on Sea of Japan coast",
    published="2024-09-30T10:00:00+09:00",
    paragraphs=(
        "TOKYO, Sept. 30 (Kanto Press) -- Japan will replace four early-warning radars on "
        "its Sea of Japan coast by March 2027 to track missiles that fly on irregular paths, "
        "the defense ministry said on Monday.",
        "The ministry has asked for 78 billion yen in next year's budget for the first two "
        "sites, officials said.",
        "Unlike the current sets, the new radars will be able to follow a glide vehicle as it "
        "changes course, and they will feed their tracks straight into the warning network "
        "that Japan shares with South Korea and the United States.",
    ),
)

LIVE_LAUNCH = Story(
    slug="live-launch-updates",
    outlet="Pacific Signal",
    author="Live desk",
    title="Live: North Korea launches long-range missile, Japan issues alert",
    published="2024-12-02T07:10:00+09:00",
    paragraphs=(
        "North Korea launched what appeared to be an intercontinental ballistic missile on "
        "Monday morning, prompting Japan to issue a shelter alert for parts of Hokkaido.",
        "The Japanese government lifted the shelter alert at 8:05 a.m. after the coast guard "
        "said the missile had fallen into the sea west of the island.",
        "South Korea's Joint Chiefs of Staff said the missile was fired on a lofted "
        "trajectory from near Pyongyang at 7:11 a.m. and flew for about 70 minutes.",
        '"All residents should stay indoors until further notice," the prefectural '
        "government of Hokkaido said in its first message.",
        "Defense officials in Seoul and Tokyo said they had exchanged tracking data within "
        "minutes of the launch.",
    ),
)

AMP_EXERCISE = Story(
    slug="air-exercise-amp",
    outlet="Meridian Daily",
    author="Priya Natarajan",
    title="South Korean and U.S. air forces wrap up large-scale air exercise",
    published="2024-10-25T19:30:00+09:00",
    paragraphs=(
        "SEOUL, Oct. 25 (Han River Wire) -- South Korea and the United States ended a "
        "two-week combined air exercise on Friday involving about 110 aircraft, the South "
        "Korean air force said.",
        "Stealth fighters, tankers and surveillance planes flew around the clock from six "
        "bases during the exercise, which began on Oct. 14.",
        '"We trained as we would fight, day and night, without a single safety incident," '
        "said Col. Han Ji-woo, the exercise's deputy director.",
        "The air forces plan to hold the next round of the exercise in the spring.",
    ),
)

SPLIT_BY_ADS = Story(
    slug="ministers-meeting-split",
    outlet="Northern Courier",
    author="Camille Dubois",
    title="Defense ministers agree to share missile data with a third partner",
    published="2024-07-28T21:45:00+09:00",
    paragraphs=(
        "TOKYO, July 28 (Kanto Press) -- The defense ministers of Japan, South Korea and the "
        "United States agreed on Sunday to begin talks on sharing missile warning data with "
        "Australia, officials said.",
        "The three ministers met on the sidelines of a regional security conference and "
        "issued a joint statement after about an hour of talks.",
        "They also agreed to sign a framework document on trilateral exercises by the end of "
        "the year, putting the drills on a multiyear footing.",
        '"Information that arrives a minute earlier can decide whether an interception '
        'succeeds," Japanese Defense Minister Ishida Kenta said at a news conference.',
        "Australia's defense minister, who attended part of the meeting, said his country "
        "would welcome the talks.",
        "The ministers will meet again in Seoul in the first half of next year.",
    ),
)

ESCAPES = Story(
    slug="escape-sequences",
    outlet="Eastgate News",
    author="Staff",
    title="Coast guard reports missile debris off the western coast",
    published="2024-04-15T13:00:00+09:00",
    paragraphs=(
        "INCHEON, April 15 (Han River Wire) -- The coast guard said on Monday it had "
        "recovered pieces of a rocket stage in waters off the western coast.",
        "Divers brought up two fragments, the larger about three meters long, and handed "
        "them to military analysts for study.",
        '"The parts will tell us a great deal about the engine," a military official said.',
    ),
)

KOREAN_DRILL = Story(
    slug="korean-command-post-drill",
    outlet="한강일보",
    author="김서연 기자",
    title="한미, 다음 달 연합 지휘소훈련 실시…북한 미사일 대응 점검",
    published="2024-02-05T10:00:00+09:00",
    paragraphs=(
        "(서울=한강통신) 김서연 기자 = 한국과 미국 군 당국이 다음 달 12일부터 2주 동안 "
        "연합 지휘소훈련을 실시한다고 국방부가 5일 밝혔다.",
        "이번 훈련은 컴퓨터 시뮬레이션 방식으로 진행되며, 북한의 탄도미사일 발사에 대비한 "
        "대응 절차를 집중적으로 점검할 예정이다.",
        '국방부 대변인은 정례 브리핑에서 "이번 훈련은 방어적 성격의 연례 훈련"이라며 '
        '"북한이 도발을 멈추고 대화에 나서기를 바란다"고 말했다.',
        "북한은 지난주 동해상으로 단거리 탄도미사일 두 발을 발사했으며, 합동참모본부는 "
        "미사일이 약 400킬로미터를 비행한 것으로 분석했다.",
        "한미 양국은 훈련 기간에 일본과의 미사일 경보 정보 공유 체계도 함께 시험할 계획인 "
        "것으로 알려졌다.",
    ),
    captions=(
        "지난해 3월 연합훈련에 참가한 장병들이 지휘소에서 상황을 점검하고 있다. "
        "[한강일보 자료사진]",
    ),
)

JAPANESE_LAUNCH = Story(
    slug="japanese-launch-report",
    outlet="東海放送",
    author="政治部",
    title="北朝鮮が弾道ミサイル発射　日米韓がデータを即時共有",
    published="2024-05-10T08:15:00+09:00",
    paragraphs=(
        "防衛省によりますと、北朝鮮は１０日午前７時すぎ、西岸付近から弾道ミサイル１発を東の"
        "方向に発射しました。",
        "ミサイルはおよそ３５０キロ飛行し、日本の排他的経済水域の外側に落下したとみられると"
        "いうことです。",
        "日本、アメリカ、韓国の３か国は、去年１２月に運用を始めた仕組みを通じて、ミサイルの"
        "警戒データを即時に共有したということです。",
        "中村健一防衛大臣は「国民の安全に直ちに影響はないが、引き続き警戒監視に万全を期す」と"
        "記者団に述べました。",
        "政府は来週、日米韓の防衛当局による協議を東京で開く方向で調整しています。",
    ),
    captions=("発射されたとみられるミサイル（資料映像）",),
)

# The routes around the articles: a page robots may not fetch, one behind redirects,
# one the server refuses, and one far too big to keep.

MEMBERS_NOTE = Story(
    slug="members-briefing-note",
    outlet="The Harbour Ledger",
    author="Research desk",
    title="Members' note: what the intelligence pact covers and what it does not",
    published="2024-08-13T08:00:00+09:00",
    paragraphs=(
        "The intelligence pact covers military secrets passed between the two governments, "
        "from radar tracks to analysts' assessments, and sets out how each must guard them.",
        "It does not oblige either side to share anything in particular; every exchange is "
        "decided case by case.",
    ),
)

MOVED = Story(
    slug="patrol-aircraft-moved",
    outlet="Northern Courier",
    author="Hana Voss",
    title="Maritime patrol aircraft join search for missile fragments",
    published="2024-04-16T09:00:00+09:00",
    paragraphs=(
        "SEOUL, April 16 (Han River Wire) -- Two maritime patrol aircraft joined the search "
        "for missile fragments in the Yellow Sea on Tuesday, the navy said.",
        "The search area covers about 40 square kilometers and will be widened on Thursday "
        "if nothing more is found, a navy officer said.",
        '"Every fragment we recover narrows the questions about the launch," the officer said.',
    ),
)

FORBIDDEN = Story(
    slug="refused-story",
    outlet="Eastgate News",
    author="Staff",
    title="Ministry confirms schedule for autumn naval drills",
    published="2024-09-02T15:00:00+09:00",
    paragraphs=(
        "The defense ministry confirmed on Monday that the autumn naval drills will start on "
        "Sept. 23 and last five days.",
    ),
)

HUGE = Story(
    slug="endless-page",
    outlet="Pacific Signal",
    author="Archive",
    title="Archive: every missile launch since 1984, on one page",
    published="2024-01-10T12:00:00+09:00",
    paragraphs=(
        "This archive page lists every missile launch reported since 1984, one entry a "
        "line, newest first.",
    ),
)
