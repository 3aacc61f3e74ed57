"""`briefing serve`: the app as a web page, through textual-serve.

textual-serve starts one app process per browser tab from a shell command line, so
everything the app needs (configuration, data folder, --as-of) is passed on it.
"""

from __future__ import annotations

import asyncio
import gc
import ipaddress
import logging
import os
import shlex
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from .core.text import clean_line, clean_text


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name: it may resolve anywhere
        return False


def remote_warning(host: str, port: int) -> str:
    return (
        f"serving on {host}:{port}, which is not loopback: anyone who can reach this port "
        "can read your briefing and mark its stories"
    )


def page_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def app_command(config: Path | None, data_dir: Path, as_of: str | None) -> str:
    """The shell command textual-serve runs for each browser tab (it goes through
    /bin/sh, so every argument is quoted). Without `config` the app finds the same
    file the same way: it inherits the environment."""
    argv = [sys.executable, "-m", "briefing_tui", "--data-dir", str(data_dir)]
    if config is not None:
        argv += ["--config", str(config)]
    if as_of:
        argv += ["--as-of", as_of]
    return "exec " + shlex.join(argv)


def serve(command: str, host: str, port: int, say: Callable[..., None] = print) -> int:
    """Serve until Ctrl+C or SIGTERM; 0 then, 1 if the port cannot be had."""
    from aiohttp import web
    from textual_serve.server import Server

    url = page_url(host, port)

    def listening(*_: object) -> None:
        _said(say, f"briefing: serving the app on {url} (Ctrl+C stops it)", 0)

    class BriefingServer(Server):
        def serve(self, debug: bool = False) -> None:
            # Server.serve, but saying where it listens only once it does (aiohttp calls
            # `print` after binding), and with our plain log lines instead of Rich markup.
            plain = logging.StreamHandler(sys.stdout)
            plain.setFormatter(_OneLine())
            logging.basicConfig(level=logging.WARNING, handlers=[plain])
            logging.getLogger("asyncio").setLevel(logging.ERROR)
            loop = asyncio.new_event_loop()
            for stop in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(stop, self.request_exit)
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                access_log=None,
                print=listening,
            )

        async def on_startup(self, app: web.Application) -> None:
            pass  # textual-serve's banner

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.on_cleanup.append(_close_finished_apps)
            return app

    server = BriefingServer(command, host=host, port=port, title="briefing", public_url=url)
    try:
        server.serve()
    except OSError as exc:
        # asyncio's bind error repeats the address; the errno alone says what went wrong.
        why = os.strerror(exc.errno).lower() if exc.errno else str(exc)
        return _said(say, f"briefing: cannot serve on {host}:{port}: {why}", 1)
    return _said(say, f"briefing: stopped serving on {url}", 0)


async def _close_finished_apps(app: object) -> None:
    """Close the transports of the app processes that have ended while the loop still
    runs. textual-serve never awaits its processes: left to the garbage collector after
    `run_app` closes the loop, a transport's `__del__` fails with "Event loop is
    closed" and Python prints that traceback on the way out."""
    gc.collect()
    await asyncio.sleep(0)  # the pipes' close callbacks


class _OneLine(logging.Formatter):
    """textual-serve's log lines as one cleaned sentence each: no traceback, no markup."""

    def format(self, record: logging.LogRecord) -> str:
        return clean_line(f"briefing serve: {record.getMessage()}")


def _said(say: Callable[..., None], message: str, code: int) -> int:
    say(clean_text(message), flush=True)
    return code
