"""`settings.notify`: one desktop notification per refresh, through notify-send to a real
notification server (dunst under Xvfb, on a private D-Bus session bus)."""

from __future__ import annotations

from pathlib import Path

from feedserver import FeedServer, Route, wait_until
from helpers import APP_AS_OF, REPO, desktop_session, need_programs, refresh_now, topics_block

from briefing_tui.core.config import load_config
from briefing_tui.core.environment import Clock, Environment
from briefing_tui.core.notify import Notice, RefreshNotifier
from briefing_tui.core.notify.notice import MOST_LINES, TOLD_KEY
from briefing_tui.core.store import open_store

LAST_DAY = "2026-11-29T09:00:00+09:00"
"""15 hours before the end of 2026-11-29 in Seoul: the deadline's last day."""

MISSILE = (
    "missile-1",
    "Ballistic missile test <i>planned</i> off Guam",
    "2026-11-28T20:00:00+09:00",
    "The Missile Defense Agency will fire an SM-6 interceptor at a ballistic missile "
    "target released over the Pacific, in a test of Guam's missile defense.",
)
DRILL = (
    "drill-1",
    "Allies to hold combined winter field drills",
    "2026-11-28T21:00:00+09:00",
    "South Korean and U.S. troops will stage combined winter field training exercises "
    "involving about 9,500 personnel, the joint chiefs said of the military drills.",
)
LATER = (
    "missile-2",
    "North Korea fires short-range ballistic missile",
    "2026-11-29T09:30:00+09:00",
    "North Korea fired a short-range ballistic missile toward the East Sea, the Joint "
    "Chiefs of Staff said; the missile flew about 580 kilometers.",
)


def atom(*entries: tuple[str, str, str, str]) -> bytes:
    """An Atom feed whose titles are text (so "<i>" is part of a title, not markup)."""
    from xml.sax.saxutils import escape

    body = "".join(
        f"<entry><id>urn:test:{guid}</id><title type='text'>{escape(title)}</title>"
        f"<updated>{when}</updated><link href='https://example.org/{guid}'/>"
        f"<summary type='text'>{escape(text)}</summary></entry>"
        for guid, title, when, text in entries
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        "<title>Test Wire</title><id>urn:test:wire</id><updated>2026-11-28T00:00:00Z</updated>"
        f"{body}</feed>"
    ).encode()


def notify_config(write_config, server: FeedServer, *, notify: bool = True) -> Path:
    server.routes["/wire.xml"] = Route(
        body=atom(MISSILE, DRILL), content_type="application/atom+xml"
    )
    return write_config(
        f'[settings]\ntimezone = "Asia/Seoul"\nnotify = {str(notify).lower()}\n'
        f'[[feeds]]\nurl = "{server.url("/wire.xml")}"\nname = "Test Wire"\n'
        '[[deadlines]]\nlabel = "<b>Comments</b> & replies close"\ndue = 2026-11-29\n'
        '[[deadlines]]\nlabel = "Budget request due"\ndue = 2026-12-20\n'
    )


def test_one_notification_for_the_last_day_and_the_new_stories(
    cli, write_config, feed_server, tmp_path, monkeypatch
) -> None:
    config = notify_config(write_config, feed_server)
    with desktop_session(tmp_path / "desktop", monkeypatch) as desktop:
        code, _, err = cli("--as-of", LAST_DAY, "refresh", config=config)
        assert (code, err) == (0, "")
        assert desktop.count() == 1
        assert wait_until(lambda: len(desktop.received()) == 1, 30)
        summary, body = desktop.received()[0]
        assert summary == "briefing: 1 deadline in its last day; 2 new stories in 2 topic panes"
        # Feed and config text arrive cleaned and escaped: dunst reads the body as markup.
        assert body.splitlines() == [
            "Last day: &lt;b&gt;Comments&lt;/b&gt; &amp; replies close (2026-11-29)",
            "Missiles (1 new): Ballistic missile test &lt;i&gt;planned&lt;/i&gt; off Guam",
            "Exercises (1 new): Allies to hold combined winter field drills",
        ]

        # The next refresh (cron's, say) has nothing new and the deadline was told.
        code, _, err = cli(
            "--as-of", "2026-11-29T10:00:00+09:00", "refresh", "--force", config=config
        )
        assert (code, err) == (0, "")
        assert desktop.count() == 1

        # A new story later: told alone, the deadline not again.
        feed_server.routes["/wire.xml"].body = atom(LATER, MISSILE, DRILL)
        code, _, err = cli(
            "--as-of", "2026-11-29T11:00:00+09:00", "refresh", "--force", config=config
        )
        assert (code, err) == (0, "")
        assert desktop.count() == 2
        assert wait_until(lambda: len(desktop.received()) == 2, 30)
        assert desktop.received()[1] == (
            "briefing: 1 new story in 1 topic pane",
            "Missiles (1 new): North Korea fires short-range ballistic missile",
        )


def test_notifications_are_off_unless_asked(
    cli, write_config, feed_server, tmp_path, monkeypatch
) -> None:
    config = notify_config(write_config, feed_server, notify=False)
    with desktop_session(tmp_path / "desktop", monkeypatch) as desktop:
        code, out, err = cli("--as-of", LAST_DAY, "refresh", config=config)
        assert (code, err) == (0, "") and "2 new stories" in out
        assert desktop.count() == 0


def test_silent_without_a_notification_service_and_told_once_there_is_one(
    cli, write_config, feed_server, tmp_path, monkeypatch
) -> None:
    config = notify_config(write_config, feed_server)
    need_programs("Xvfb", "dunst", "dunstctl", packages="xvfb dunst")
    # A session bus with no notification server on it: notify-send fails, we say nothing.
    with desktop_session(tmp_path / "desktop", monkeypatch, dunst=False) as desktop:
        code, out, err = cli("--as-of", LAST_DAY, "refresh", config=config)
        assert (code, err) == (0, "")
        assert out.splitlines()[-1].startswith("2 new stories from 1 source in ")
        store, _ = open_store(tmp_path / "data", APP_AS_OF)
        assert store.get_meta(TOLD_KEY) is None  # nobody saw it: not told
        store.close()
        # Once a server runs, the deadline still in its last day is told.
        desktop.start_display()
        desktop.start_dunst()
        monkeypatch.setenv("DISPLAY", desktop.env["DISPLAY"])
        code, _, err = cli(
            "--as-of", "2026-11-29T10:00:00+09:00", "refresh", "--force", config=config
        )
        assert (code, err) == (0, "")
        assert desktop.count() == 1
        assert wait_until(lambda: len(desktop.received()) == 1, 30)
        assert desktop.received()[0][0] == "briefing: 1 deadline in its last day"


def test_silent_without_a_session_bus_or_notify_send(
    cli, write_config, feed_server, tmp_path, monkeypatch
) -> None:
    config = notify_config(write_config, feed_server)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    monkeypatch.delenv("DISPLAY", raising=False)
    code, out, err = cli("--as-of", LAST_DAY, "refresh", config=config)
    assert (code, err) == (0, "") and "2 new stories" in out
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no notify-send at all
    feed_server.routes["/wire.xml"].body = atom(LATER, MISSILE, DRILL)
    code, out, err = cli(
        "--as-of", "2026-11-29T11:00:00+09:00", "refresh", "--force", config=config
    )
    assert (code, err) == (0, "") and "1 new story from 1 source" in out


def test_at_most_one_notice_per_refresh(tmp_path: Path) -> None:
    """Many new stories in every pane and two deadlines in their last day: one notice,
    its body a few lines."""
    config_path = tmp_path / "feeds.toml"
    config_path.write_text(
        '[settings]\ntimezone = "Asia/Seoul"\nnotify = true\n'
        f'[[local]]\npath = "{REPO / "samples"}"\n'
        '[[deadlines]]\nlabel = "First"\ndue = 2026-11-28\n'
        '[[deadlines]]\nlabel = "Second"\ndue = 2026-11-28\n' + topics_block()
    )
    config = load_config(config_path)
    store, _ = open_store(tmp_path / "data", APP_AS_OF)
    sent: list[Notice] = []

    def send(notice: Notice) -> bool:
        sent.append(notice)
        return True

    env = Environment(config, "--config", store, Clock(APP_AS_OF))
    notifier = RefreshNotifier(env, send)
    refresh_now(config, store, APP_AS_OF, feeds=False)
    told = notifier.after()
    assert sent == [told] and told is not None
    assert told.summary == "briefing: 2 deadlines in their last day; 6 new stories in 3 topic panes"
    lines = told.body.splitlines()
    assert len(lines) == MOST_LINES - 1 and lines[:2] == [
        "Last day: First (2026-11-28)",
        "Last day: Second (2026-11-28)",
    ]
    # A second refresh as of the same moment: nothing new, both deadlines told.
    notifier = RefreshNotifier(env, send)
    refresh_now(config, store, APP_AS_OF, feeds=False)
    assert notifier.after() is None and len(sent) == 1
    store.close()


def test_a_long_notice_ends_with_how_many_more() -> None:
    from datetime import timedelta

    from briefing_tui.core.models import Deadline
    from briefing_tui.core.notify import notice_of

    due = APP_AS_OF + timedelta(hours=5)
    deadlines = [
        Deadline(f"Deadline \x1b[31m{n}", due, "2026-11-28", "day", "config") for n in range(8)
    ]
    notice = notice_of(deadlines, [("s1", "missiles", "x" * 300)], {"missiles": "Missiles"})
    assert notice is not None
    lines = notice.body.splitlines()
    assert len(lines) == MOST_LINES and lines[-1] == "… and 4 more"
    assert lines[0] == "Last day: Deadline 0 (2026-11-28)"  # the escape sequence is gone


def test_a_configured_deadline_told_once_is_not_told_again_when_a_story_names_it() -> None:
    from dataclasses import replace
    from datetime import timedelta

    from briefing_tui.core.models import Deadline
    from briefing_tui.core.notify.notice import deadline_key, entering_last_day

    due = APP_AS_OF + timedelta(hours=5)
    configured = Deadline("Comments close", due, "2026-11-28", "day", "config")
    told = {deadline_key(configured)}
    linked = replace(configured, story_id="s1", story_title="Comment period ends today")
    assert entering_last_day([linked], APP_AS_OF, told) == []
