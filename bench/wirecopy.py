"""The bench's generated wire copy: its fixed "now", and the word lists and sentence
templates it is assembled from (all ours)."""

from __future__ import annotations

from datetime import datetime

# "Now" for every bench run (briefing gets it as --as-of); pubDates lie before it.
AS_OF = datetime.fromisoformat("2026-11-28T09:00:00+09:00")

# -- word lists ---------------------------------------------------------------------
DESKS = [
    ("SEOUL", "Asia/Seoul"),
    ("TOKYO", "Asia/Tokyo"),
    ("WASHINGTON", "America/New_York"),
    ("BEIJING", "Asia/Shanghai"),
    ("CANBERRA", "Australia/Sydney"),
    ("MANILA", "Asia/Manila"),
    ("BRUSSELS", "Europe/Brussels"),
    ("TAIPEI", "Asia/Taipei"),
    ("PYEONGTAEK", "Asia/Seoul"),
    ("YOKOSUKA", "Asia/Tokyo"),
]
AGENCIES = ["Wire", "Meridian", "Harbor Press", "Pacific Desk", "Northline"]
OUTLET_A = [
    "Pacific",
    "Northeast Asia",
    "Peninsula",
    "Harbor",
    "Strait",
    "Capital",
    "Frontier",
    "Alliance",
    "Maritime",
    "Continental",
]
OUTLET_B = [
    "Defense Monitor",
    "Security Wire",
    "Policy Review",
    "Daily Dispatch",
    "Strategy Brief",
    "Military Times",
    "Foreign Desk",
    "Observer",
    "Herald",
    "Report",
]
ALLIES = [
    "South Korea",
    "Japan",
    "the United States",
    "Australia",
    "the Philippines",
    "Britain",
    "Canada",
    "France",
]
ALLY_SHORT = ["Seoul", "Tokyo", "Washington", "Canberra", "Manila", "London", "Ottawa", "Paris"]
MILITARIES = [
    "South Korea's Joint Chiefs of Staff (JCS)",
    "Japan's Ministry of Defense",
    "the U.S. Indo-Pacific Command",
    "the Pentagon",
    "the defence ministry",
    "U.S. Forces Korea (USFK)",
]
OFFICIALS = [
    "Defense Minister Han Ji-won",
    "Foreign Minister Sato Kenji",
    "Deputy Secretary of Defense Maria Ellison",
    "a senior military official",
    "a government spokesperson",
    "National Security Adviser Park Min-seo",
    "Vice Foreign Minister Lee Dong-hyun",
    "Gen. Robert Hale",
]
MISSILES = [
    "short-range ballistic missile",
    "intercontinental ballistic missile",
    "cruise missile",
    "hypersonic missile",
    "submarine-launched ballistic missile",
    "intermediate-range ballistic missile",
]
NAMED = ["Hwasong-18", "Hwasong-19", "Pukguksong-6", "KN-25", "Hyunmoo-5", "Tomahawk"]
DEFENCE = ["THAAD", "Patriot PAC-3", "Aegis", "SM-3", "L-SAM", "Iron Dome"]
SEAS = ["East Sea", "Yellow Sea", "Sea of Japan", "South China Sea", "Philippine Sea"]
EXERCISES = [
    "Freedom Shield",
    "Ulchi Freedom Shield",
    "Freedom Edge",
    "Keen Sword",
    "Talisman Sabre",
    "Balikatan",
    "RIMPAC",
    "Vigilant Defense",
    "Orient Shield",
    "Resolute Dragon",
]
PLACES = [
    "Jeju Island",
    "Okinawa",
    "Guam",
    "the Korean Peninsula",
    "Busan",
    "Hokkaido",
    "Luzon",
    "Darwin",
]
ECONOMY = [
    "semiconductors",
    "steel",
    "automobiles",
    "liquefied natural gas",
    "batteries",
    "ships",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]

# -- templates (slots filled by _fill) ------------------------------------------------------
TITLES = {
    "missiles": [
        "N. Korea fires {missile} into {sea}",
        "(LEAD) N. Korea test-fires {named}, military says",
        "{ally_short} to deploy more {defence} interceptors by {future}",
        "N. Korea's {ordinal} missile launch this year draws condemnation",
        "Missile defense test planned {relative}, officials say",
    ],
    "exercises": [
        "{ally_short}, allies to begin {exercise} drills {relative}",
        "(LEAD) Combined naval exercise kicks off near {place}",
        "Allies wrap up {exercise} field training with {troops} troops",
        "{exercise} command post exercise to run through {future}",
        "N. Korea slams {exercise} joint drills as invasion rehearsal",
    ],
    "intel-sharing": [
        "{ally_short}, {ally_short2} agree to share missile warning data in real time",
        "(LEAD) GSOMIA notification deadline is {future}, officials say",
        "Allies launch trilateral data link for tracking information",
        "{ally_short} eyes intelligence-sharing pact with {ally2}",
        "Military information-sharing talks to resume {relative}",
    ],
    "other": [
        "Exports of {goods} rise {pct} pct in {month}",
        "{official} to visit {ally_short2} {relative} for summit talks",
        "Central bank holds key rate steady at {rate} pct",
        "Typhoon expected to reach {place} on {weekday}",
        "Parliament passes budget bill after {n} days of talks",
    ],
}
LEADS = {
    "missiles": [
        "North Korea fired {count} {missile}s into the {sea} on {weekday}, {military} said.",
        "North Korea test-fired what appeared to be a {named} {missile} early {weekday}, "
        "according to {military}.",
        "{ally_short} will deploy additional {defence} interceptor batteries by {future}, "
        "{official} said on {weekday}.",
    ],
    "exercises": [
        "{ally1} and {ally2} will hold the {exercise} joint exercise from {future}, "
        "involving about {troops} troops, {military} said.",
        "A combined naval drill with {ships} warships and an aircraft carrier began {weekday} "
        "in waters off {place}.",
        "The allies wrapped up the annual {exercise} field training exercise on {weekday}, "
        "{military} said.",
    ],
    "intel-sharing": [
        "{ally1} and {ally2} agreed on {weekday} to share real-time missile warning data "
        "starting {relative}, {official} said.",
        "This year's notification deadline for the General Security of Military Information "
        "Agreement (GSOMIA) is {future}, {official} told reporters on {weekday}.",
        "The militaries of {ally1}, {ally2} and {ally3} launched a trilateral data link on "
        "{weekday} to exchange tracking information on missile launches.",
    ],
    "other": [
        "Exports of {goods} rose {pct} percent in {month} from a year earlier, "
        "the trade ministry said on {weekday}.",
        "{official} will visit {ally_short2} {relative} for talks on trade and "
        "supply chains, the presidential office said.",
        "The central bank kept its benchmark interest rate unchanged at {rate} percent "
        "on {weekday}, citing uncertainty over the economy.",
    ],
}
BODY = {
    "missiles": [
        "The missile flew about {km} kilometers at an apogee of {apogee} km before landing "
        "outside Japan's exclusive economic zone.",
        "It was the {ordinal} ballistic missile launch this year, following a test of a "
        "{named} on {past}.",
        "{official} condemned the launch as a clear violation of U.N. Security Council "
        "resolutions.",
        "The <b>{defence}</b> system tracked the missile on a lofted trajectory.",
        "Officials said an interceptor test of the {defence} system is planned for {future}.",
        "Analysts said the solid-fuel engine test suggests progress on the {named} program.",
        "Japan issued a J-Alert warning to residents of {place} shortly after the launch.",
        "The launch came {relative_past} after the allies held a missile defense drill.",
    ],
    "exercises": [
        "The command post exercise runs through {future} and includes computer-simulated "
        "war games.",
        "About {troops} troops, {ships} warships and dozens of fighter jets will take part "
        "in the drills.",
        "North Korea has denounced the joint exercises as a rehearsal for invasion.",
        "The live-fire drill near {place} was the largest of its kind since {year}.",
        "A trilateral exercise with {ally3} is scheduled for {future}, {official} said.",
        "The navy said the maneuvers would focus on anti-submarine warfare and "
        "air defense training.",
        "The field training was scaled back last year but will return to full size {relative}.",
    ],
    "intel-sharing": [
        "Under the pact, the militaries will exchange classified military information on "
        "missile launches within minutes.",
        "The agreement is renewed automatically each year unless either side gives notice "
        "by {future}.",
        "Officials said the real-time sharing of radar data would close gaps in tracking "
        "launches over the {sea}.",
        "A joint analysis cell will be set up in {place} to process surveillance data.",
        "Intelligence sharing between the allies was suspended in {year} over a trade dispute.",
        "The Trilateral Information Sharing Arrangement (TISA) remains in force, {official} said.",
    ],
    "other": [
        "Imports fell {pct} percent, leaving a trade surplus for the {ordinal} month in a row.",
        "The two leaders are expected to sign agreements on energy and technology.",
        "Economists expect the bank to cut rates at its next meeting on {future}.",
        "The typhoon is forecast to bring heavy rain and strong winds to {place}.",
        "Opposition lawmakers boycotted the vote, citing the lack of debate.",
        "The government plans to announce its economic policy direction {relative}.",
    ],
}
FILLER = [
    "The ministry did not give further details.",
    "Analysts said the move reflects growing concern in {ally_short} over regional security.",
    "{official} told reporters on {weekday} that talks with {ally2} would continue.",
    "The announcement came {relative_past} after a meeting of senior officials in {ally_short2}.",
    "A follow-up meeting is expected {relative}.",
    "Further consultations are scheduled for {future}, according to the statement.",
    'As <a href="{link}">reported earlier</a>, the issue has divided lawmakers.',
    "Officials declined to comment on <b>the details</b> of the plan.",
    "The statement was released late on {weekday}.",
    "Observers noted that the timing coincided with a visit by {official}.",
]
RELATIVE = [
    "next week",
    "later this month",
    "next month",
    "early next year",
    "this week",
    "by the end of the year",
]
RELATIVE_PAST = ["a week", "two days", "three weeks", "a month", "days"]
