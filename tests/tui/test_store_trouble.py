"""A store that fails under the running app: one plain notification, no crash."""

from __future__ import annotations

from helpers import APP_SIZE as SIZE
from helpers import notifications, ready

from briefing_tui.core.store.seal import seal_path
from briefing_tui.tui.app import BriefingApp


async def test_a_store_that_fails_mid_session_is_one_notification(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        seal = seal_path(app.env.store.path)
        seal.write_text("as a clean close left it\n", encoding="ascii")
        app.env.store.close()  # every read and write from now on fails
        await pilot.press("j")  # the reader loads the story under the cursor
        await pilot.press("m")  # and the mark cannot be saved
        await pilot.pause(0.3)
        messages = [n.message for n in notifications(app)]
        trouble = [m for m in messages if m.startswith("The store could not be read or written")]
        assert trouble, messages
        assert all("\n" not in m and "Traceback" not in m for m in trouble)
        assert not seal.exists()  # the refresh the notice asks for reads the whole file
        assert app.is_running and pilot.app.screen is screen
        await pilot.press("2")  # keys still work
        assert screen.active == 1
