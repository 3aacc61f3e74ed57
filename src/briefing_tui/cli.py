"""Command line: parse arguments, wire config, store and clock to a command."""

from __future__ import annotations

import argparse
import io
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .core.environment import Environment

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="A terminal news briefing: topic panes, focused summaries and a deadline "
        "countdown from your feeds and saved articles.",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    parser.add_argument("--config", metavar="PATH", help="configuration file (feeds.toml)")
    parser.add_argument("--data-dir", metavar="PATH", help="where the store lives")
    parser.add_argument(
        "--as-of",
        metavar="DATETIME",
        help="fix 'now' (ISO date or datetime with offset), for replays of old news",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    refresh = commands.add_parser("refresh", help="fetch feeds, scan local folders, store")
    refresh.add_argument("--force", action="store_true", help="fetch feeds even if not due")
    digest = commands.add_parser("digest", help="print the briefing")
    digest.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    digest.add_argument("--refresh", action="store_true", help="fetch feeds first")
    digest.add_argument("--all", action="store_true", help="every stored story, not the window")
    commands.add_parser("check", help="validate the configuration and say what it found")
    explain = commands.add_parser("explain", help="why a story is (not) in each topic")
    explain.add_argument("story_id", metavar="STORY_ID")
    commands.add_parser(
        "init",
        help="write the user configuration from the bundled default (with --config: that file)",
    )
    opml_in = commands.add_parser("import", help="add the feeds of an OPML file")
    opml_in.add_argument("file", metavar="FILE")
    opml_in.add_argument(
        "--dry-run", action="store_true", help="say what would change; write nothing"
    )
    export = commands.add_parser("export", help="write the configured feeds as OPML 2.0")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of standard output"
    )
    add = commands.add_parser(
        "add", help="add a feed to the configuration, or a feed a web page names"
    )
    add.add_argument("url", metavar="URL")
    add.add_argument("--name", default="", help="display name (default: the feed's title)")
    add.add_argument(
        "--tag", action="append", default=[], dest="tags", metavar="TAG", help="repeatable"
    )
    add.add_argument("--pick", type=int, metavar="N", help="which of the page's feeds to add")
    remove = commands.add_parser("remove", help="remove a feed from the configuration")
    remove.add_argument("feed", metavar="URL|NAME")
    feeds = commands.add_parser("feeds", help="list the feeds: tags, status, last success")
    feeds.add_argument("--format", choices=("text", "json"), default="text")
    serve = commands.add_parser("serve", help="serve the app as a web page (Ctrl+C stops it)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--allow-remote",
        action="store_true",
        help="listen on an address that is not loopback: anyone who reaches it reads the briefing",
    )
    return parser


def _fail(message: str, code: int) -> int:
    from .core.text import clean_text

    # Messages quote paths and configuration text, which can hold escape sequences.
    print(f"briefing: {clean_text(message)}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        # The reader of a pipe went away (e.g. `| head`): not an error worth a word.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        return _fail(
            f"internal error: {type(exc).__name__}: {exc} (set BRIEFING_DEBUG=1 for details)",
            EXIT_INTERNAL,
        )


def _run(args: argparse.Namespace) -> int:
    import platformdirs

    from .core.config import ConfigError, find_config_path, load_config
    from .core.environment import Clock, Environment, parse_as_of
    from .core.store import StoreError, open_store
    from .headless import (
        ConfigInUse,
        Output,
        cmd_add,
        cmd_check,
        cmd_digest,
        cmd_explain,
        cmd_export,
        cmd_feeds,
        cmd_import,
        cmd_init,
        cmd_refresh,
        cmd_remove,
    )

    config_dir = Path(platformdirs.user_config_dir("briefing"))
    path, origin = find_config_path(args.config, dict(os.environ), config_dir)
    if args.command == "init":  # before reading: the file it writes may not be there yet
        chosen = origin in ("--config", "$BRIEFING_CONFIG")
        return cmd_init(path if chosen else config_dir / "feeds.toml", Output())
    try:
        config = load_config(path)
    except ConfigError as exc:
        hint = "" if path.exists() or origin != "bundled default" else " (reinstall briefing)"
        return _fail(f"{exc}{hint}", EXIT_USAGE)
    if args.command == "check":
        return cmd_check(config, origin, sys.stdout)
    clock = Clock()
    if args.as_of:
        try:
            moment = parse_as_of(args.as_of, config.zone())
        except ValueError as exc:
            told = str(exc)
            if not told.startswith("--as-of"):  # e.g. "month must be in 1..12"
                told = f"--as-of {args.as_of!r} is not a valid date ({told})"
            return _fail(told, EXIT_USAGE)
        # Years far out overflow the date arithmetic of windows and countdowns.
        if not 1900 <= moment.year <= 2999:
            return _fail(f"--as-of {args.as_of!r} is out of range (1900 to 2999)", EXIT_USAGE)
        clock = Clock(moment)
    if args.command == "export":  # needs no store
        target = None if args.output in (None, "-") else Path(args.output)
        return cmd_export(config, clock.now(), Output(), target)
    if args.command in ("add", "remove", "import"):
        where = ConfigInUse(config, path, origin, config_dir)
        if args.command == "import":
            return cmd_import(where, Output(), Path(args.file), dry_run=args.dry_run)
        if args.command == "remove":
            return cmd_remove(where, Output(), args.feed)
        return cmd_add(
            where, clock.now, Output(), args.url, name=args.name, tags=args.tags, pick=args.pick
        )
    data_dir = Path(
        args.data_dir
        or os.environ.get("BRIEFING_DATA_DIR")
        or platformdirs.user_data_dir("briefing")
    ).expanduser()
    if args.command == "serve":
        return _serve(args, path.resolve() if origin == "--config" else None, data_dir)
    try:
        store, note = open_store(data_dir, clock.now(), check=args.command == "refresh")
    except StoreError as exc:
        return _fail(str(exc), EXIT_INTERNAL)
    # A read-only store's note is for the app; each command says what it skips.
    if note and args.command and not store.read_only:
        print(f"briefing: {note}", file=sys.stderr)
    env = Environment(config, origin, store, clock, notes=(note,) if note else ())
    output = Output()
    try:
        if args.command == "refresh":
            return cmd_refresh(env, output, args.force)
        if args.command == "explain":
            return cmd_explain(env, output, args.story_id)
        if args.command == "digest":
            return cmd_digest(env, output, args.format, args.refresh, args.all)
        if args.command == "feeds":
            return cmd_feeds(env, output, args.format)
        return _open_tui(env)
    except StoreError as exc:  # a full disk or read-only storage, said plainly
        return _fail(str(exc), EXIT_INTERNAL)
    except sqlite3.DatabaseError as exc:
        # Damage found mid-command (only `refresh` checks the whole file up front).
        if "locked" in str(exc):
            return _fail(f"the store {store.path} is busy; try again ({exc})", EXIT_INTERNAL)
        if store.read_only:
            return _fail(
                f"the store {store.path} cannot be read ({exc}); "
                f"{store.read_only_reason}, so it was left as it is",
                EXIT_INTERNAL,
            )
        store.damage_met()
        return _fail(
            f"the store {store.path} is damaged ({exc}); run `briefing refresh`: it keeps "
            "the damaged file aside, saves your read and starred marks and starts afresh",
            EXIT_INTERNAL,
        )
    finally:
        store.close()


def _serve(args: argparse.Namespace, config: Path | None, data_dir: Path) -> int:
    from .serve import app_command, is_loopback, remote_warning, serve

    if not 0 < args.port < 65536:
        return _fail(f"--port {args.port} is not a port (1 to 65535)", EXIT_USAGE)
    if not is_loopback(args.host):
        if not args.allow_remote:
            return _fail(
                f"{args.host} is not a loopback address: anyone who can reach it could read "
                "your briefing; add --allow-remote if that is what you want",
                EXIT_USAGE,
            )
        _fail(remote_warning(args.host, args.port), EXIT_OK)
    return serve(app_command(config, data_dir.resolve(), args.as_of), args.host, args.port)


def _open_tui(env: Environment) -> int:
    from .core.refresh import parse_pool
    from .tui.app import BriefingApp

    # Under `briefing serve` the app talks to textual-serve through a pipe, not a terminal.
    served = os.environ.get("TEXTUAL_DRIVER", "").endswith(":WebDriver")
    if not served and (not sys.stdout.isatty() or not sys.stdin.isatty()):
        return _fail(
            "the app needs a terminal; for a pipe or cron use `briefing digest` or "
            "`briefing refresh`",
            EXIT_USAGE,
        )
    if served and hasattr(os, "setpgrp"):
        # Ctrl+C at the server's terminal is for the server, which then quits each app
        # through textual-serve; an app that got it too could die mid-exit, traceback and all.
        os.setpgrp()
    executor = parse_pool(len(env.config.feeds), start_server=True)
    app = BriefingApp(env, executor=executor)
    if not os.environ.get("BRIEFING_DEBUG"):
        from rich.console import Console

        # Textual prints a traceback when the app fails: the user gets one sentence instead.
        app.error_console = Console(file=io.StringIO())
    try:
        app.run()
    finally:
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
    if app.return_code:  # Textual ended the app on an error nothing caught
        crash = app.crash
        what = f"{type(crash).__name__}: {crash}" if crash else f"exit code {app.return_code}"
        return _fail(
            f"internal error: the app stopped: {what} (set BRIEFING_DEBUG=1 for details)",
            EXIT_INTERNAL,
        )
    return EXIT_OK
