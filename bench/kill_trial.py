"""The kill trial: SIGKILL `briefing refresh` at random points; the store must not care.

    python bench/kill_trial.py              # 20 kills, seed 20261128
    python bench/kill_trial.py --kills 5 --seed 7

It serves a generated workload from 127.0.0.1 (feeds whose items change every
round, so each refresh writes hundreds of stories), builds a store, marks
stories read and starred, then 20 times: starts `briefing refresh --force`,
marks more stories meanwhile (as the app would, from another connection),
SIGKILLs the refresh's process group at a random moment, and checks that
PRAGMA integrity_check is "ok", that every mark committed so far is still
there, and that the next refresh completes (exit 0). It prints a line per
round and "kills survived: N/20, marks lost: M". Loopback only; bounded loops.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))

from feedserver import FeedServer, Route  # noqa: E402

AS_OF = "2026-11-28T12:00:00+09:00"
TEMPLATE = (REPO / "tests" / "fixtures" / "feeds" / "wire-rss.xml").read_text(encoding="utf-8")
HEAD, _, REST = TEMPLATE.partition("<item>")
ITEMS_XML, _, TAIL = REST.rpartition("</item>")
ITEMS = ["<item>" + part for part in ("<item>" + ITEMS_XML + "</item>").split("<item>")[1:]]


def feed_body(feed: int, generation: int, items: int) -> bytes:
    """A feed of `items` items: half keep their ids, half are new every generation."""
    out = [HEAD.replace("Han River Wire - Defense", f"Kill trial feed {feed}")]
    for i in range(items):
        item = ITEMS[i % len(ITEMS)]
        fresh = i % 2 == 1
        guid = f"f{feed}-{'g' + str(generation) + '-' if fresh else ''}{i}"
        item = re.sub(r"<guid[^>]*>[^<]*</guid>", f'<guid isPermaLink="false">{guid}</guid>', item)
        item = re.sub(r"<link>[^<]*</link>", f"<link>https://example.org/{guid}</link>", item)
        # The kept half changes its text too, so it is rewritten rather than skipped.
        item = item.replace("</title>", f" (edition {generation})</title>", 1)
        out.append(item)
    out.append(TAIL)
    return "".join(out).encode()


class Workload:
    def __init__(self, feeds: int, items: int) -> None:
        self.feeds = feeds
        self.items = items
        self.server = FeedServer().start()
        self.generation = 0
        for n in range(feeds):
            self.server.routes[f"/feed-{n}.xml"] = Route(handler=self._handler(n))

    def _handler(self, n: int):  # type: ignore[no-untyped-def]
        def serve(request) -> None:  # type: ignore[no-untyped-def]
            body = feed_body(n, self.generation, self.items)
            try:
                request.send_response(200)
                request.send_header("Content-Type", "application/rss+xml")
                request.send_header("Content-Length", str(len(body)))
                request.end_headers()
                request.wfile.write(body)
            except OSError:
                pass

        return serve

    def config(self, path: Path) -> Path:
        lines = ["[settings]", "retention_days = 3650", "feed_timeout = 20"]
        for n in range(self.feeds):
            lines += ["[[feeds]]", f'url = "{self.server.url(f"/feed-{n}.xml")}"']
        lines += ["[[local]]", f'path = "{REPO / "samples"}"', 'name = "Samples"']
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path


def briefing(config: Path, data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "briefing_tui", "--config", str(config), "--data-dir", str(data)]


class Marker(threading.Thread):
    """Marks stories read and starred while a refresh runs, as the app would."""

    def __init__(self, store: Path, ids: list[str], rng: random.Random) -> None:
        super().__init__(daemon=True)
        self.store, self.ids, self.rng = store, ids, rng
        self.committed: dict[str, tuple[int, int]] = {}
        self.stop = threading.Event()
        self.errors: list[str] = []

    def run(self) -> None:
        conn = sqlite3.connect(self.store, timeout=30, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        for _ in range(10_000):  # bounded; stopped long before
            if self.stop.wait(0.02):
                break
            story = self.rng.choice(self.ids)
            mark = (self.rng.randint(0, 1), self.rng.randint(0, 1))
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(
                    "INSERT INTO marks(story_id, read, starred) VALUES (?, ?, ?)"
                    " ON CONFLICT(story_id) DO UPDATE SET read = excluded.read,"
                    " starred = excluded.starred",
                    (story, *mark),
                )
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.errors.append(str(exc))
                continue
            self.committed[story] = mark
        conn.close()


def marks_of(store: Path) -> dict[str, tuple[int, int]]:
    conn = sqlite3.connect(store)
    try:
        return {
            r[0]: (r[1], r[2]) for r in conn.execute("SELECT story_id, read, starred FROM marks")
        }
    finally:
        conn.close()


def integrity(store: Path) -> str:
    conn = sqlite3.connect(store)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def calibrate(command: list[str], env: dict[str, str], store: Path) -> tuple[float, float]:
    """One forced refresh: how long it takes, and when it starts storing stories."""
    conn = sqlite3.connect(store)
    count = conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    writing = None
    for _ in range(100_000):  # bounded: ends with the process
        if process.poll() is not None:
            break
        if writing is None and conn.execute("SELECT count(*) FROM stories").fetchone()[0] > count:
            writing = time.monotonic() - started
        time.sleep(0.005)
    duration = time.monotonic() - started
    conn.close()
    if process.wait() != 0:
        raise SystemExit(process.stderr.read().decode() if process.stderr else "refresh failed")
    return duration, writing if writing is not None else duration / 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--feeds", type=int, default=30)
    parser.add_argument("--items", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"seed: {args.seed}; {args.feeds} feeds x {args.items} items, half new every round")
    work = Workload(args.feeds, args.items)
    tmp = Path(tempfile.mkdtemp(prefix="kill-trial-"))
    config = work.config(tmp / "feeds.toml")
    data = tmp / "data"
    store = data / "briefing.sqlite3"
    base = briefing(config, data)
    env = {**os.environ, "COLUMNS": "200"}
    try:
        started = time.monotonic()
        first = subprocess.run([*base, "--as-of", AS_OF, "refresh"], capture_output=True, env=env)
        duration = time.monotonic() - started
        if first.returncode != 0:
            print(first.stdout.decode(), first.stderr.decode())
            return 1
        conn = sqlite3.connect(store)
        ids = [r[0] for r in conn.execute("SELECT id FROM stories ORDER BY id")]
        conn.close()
        work.generation = 1
        duration, writing = calibrate([*base, "--as-of", AS_OF, "refresh", "--force"], env, store)
        print(
            f"first refresh: {len(ids)} stories; a forced refresh with new items takes "
            f"{duration:.1f} s and starts storing at {writing:.1f} s: half the kills fall "
            f"in 0.05-{writing:.2f} s (start-up, fetching), half in {writing:.2f}-"
            f"{0.98 * duration:.2f} s (storing)"
        )
        expected: dict[str, tuple[int, int]] = {}
        seeded = rng.sample(ids, 40)
        conn = sqlite3.connect(store, isolation_level=None)
        for i, story in enumerate(seeded):
            mark = (1, int(i % 3 == 0))
            conn.execute("INSERT OR REPLACE INTO marks VALUES (?, ?, ?)", (story, *mark))
            expected[story] = mark
        conn.close()
        survived = lost = kills = mid_write = 0
        for round_ in range(1, 2 * args.kills + 1):  # a refresh that ends first is no kill
            if kills == args.kills:
                break
            work.generation = round_ + 1
            conn = sqlite3.connect(store)
            before = conn.execute("SELECT count(*) FROM stories").fetchone()[0]
            conn.close()
            marker = Marker(store, ids, rng)
            early = round_ % 2 == 1
            delay = rng.uniform(0.05, writing) if early else rng.uniform(writing, duration * 0.98)
            process = subprocess.Popen(
                [*base, "--as-of", AS_OF, "refresh", "--force"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env,
                start_new_session=True,
            )
            marker.start()
            time.sleep(delay)
            finished_first = process.poll() is not None
            if not finished_first:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            marker.stop.set()
            marker.join(timeout=30)
            expected.update(marker.committed)
            kills += not finished_first
            check = integrity(store)
            now = marks_of(store)
            conn = sqlite3.connect(store)
            written = conn.execute("SELECT count(*) FROM stories").fetchone()[0] - before
            conn.close()
            mid_write += written > 0 and not finished_first
            missing = [s for s, m in expected.items() if now.get(s) != m]
            following = subprocess.run(
                [*base, "--as-of", AS_OF, "refresh", "--force"],
                capture_output=True,
                env=env,
                timeout=120,
            )
            after = marks_of(store)
            missing_after = [s for s, m in expected.items() if after.get(s) != m]
            ok = (
                check == "ok"
                and not missing
                and not missing_after
                and following.returncode == 0
                and integrity(store) == "ok"
                and not marker.errors
            )
            survived += ok and not finished_first
            lost += len(set(missing) | set(missing_after))
            conn = sqlite3.connect(store)
            ids = [r[0] for r in conn.execute("SELECT id FROM stories ORDER BY id")]
            conn.close()
            print(
                f"round {round_:2}: "
                + (
                    f"not killed at {delay:.2f} s, it had finished"
                    if finished_first
                    else f"killed at {delay:.2f} s"
                )
                + f" ({written} new stories stored); integrity {check}; "
                f"marks {len(expected)} kept, {len(set(missing) | set(missing_after))} lost; "
                f"{len(marker.committed)} marked during the refresh"
                + (f" ({len(marker.errors)} errors: {marker.errors[0]})" if marker.errors else "")
                + f"; next refresh exit {following.returncode}"
                + ("" if ok else "  <-- FAILED")
            )
            if following.returncode != 0:
                print(following.stderr.decode()[-2000:])
        print(f"kills after the refresh had begun storing stories: {mid_write}/{kills}")
        print(f"kills survived: {survived}/{kills}, marks lost: {lost}")
        return 0 if survived == kills == args.kills and lost == 0 else 1
    finally:
        work.server.stop()


if __name__ == "__main__":
    sys.exit(main())
