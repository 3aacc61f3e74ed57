"""The reader shows the story's id (the one `briefing explain` takes), and `i` copies it."""

from __future__ import annotations

from helpers import notifications, ready

from briefing_tui.tui.app import BriefingApp


async def test_the_reader_shows_the_story_id_and_i_copies_it(app: BriefingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")
        await pilot.pause(0.2)
        item = screen.stories.current
        assert item is not None and screen.reader.story_id == item.row.id
        assert item.row.id in app.export_screenshot()  # on screen, not only in the JSON
        await pilot.press("i")
        assert app.clipboard == item.row.id
        messages = [n.message for n in notifications(app)]
        assert f"Story id {item.row.id} copied (for briefing explain)." in messages
