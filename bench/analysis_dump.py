"""Every analysis the intelligence layer gives on the texts we have, as JSON lines.

    python bench/analysis_dump.py OUT.jsonl            # then: diff two dumps

For speed work that must not change any output: run it before and after (or on two
checkouts, `PYTHONPATH=../main/src`), and diff. Texts: bench/workload's generated
stories (several seeds and lengths), ../shared/eval, ../shared/corpus (feeds and the
peers' test feeds, as briefing parses them), and tests/fixtures. Each is analysed with
the bench's topics and with the repository's feeds.toml topics, in order (the
analyser's caches of recent texts see what a refresh would); each line carries a hash of
the story's title and text too, so that a change in parsing or cleaning shows.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import html
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(HERE))

import workload  # noqa: E402

from briefing_tui.core.models import Story  # noqa: E402


def _story(ident: str, text: str, published: str | None, tz: str | None, title: str) -> Story:
    moment = datetime.fromisoformat(published) if published else None
    return Story(ident, "dump", "Dump", title, None, moment, text, tz=tz)


def _workload() -> Iterator[Story]:
    from briefing_tui.core.feeds import parse_feed

    for seed, words in ((7, (270, 330)), (11, (40, 120)), (13, (600, 900))):
        feeds = workload.build_feeds(20, 50, seed=seed, days=5, prefix="/dump", words=words)
        for path, body in feeds.items():
            parsed = parse_feed(body, {}, "http://127.0.0.1" + path, "dump:" + path, "Dump")
            yield from parsed.stories


def _labelled(path: Path) -> Iterator[Story]:
    for item in json.loads(path.read_text(encoding="utf-8")):
        yield _story(item["id"], item["text"], item.get("published"), item.get("tz"), "")


_TML_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_TML_DCT = re.compile(r'functionInDocument="CREATION_TIME"[^>]*value="([0-9-]+)"')


def _timeml(folder: Path) -> Iterator[Story]:
    for path in sorted(folder.glob("*.tml")):
        raw = path.read_text(encoding="utf-8")
        body = _TML_TEXT.search(raw)
        if body is None:
            continue
        text = html.unescape(re.sub(r"<[^>]+>", "", body.group(1))).strip()
        dct = _TML_DCT.search(raw)
        published = dct.group(1) + "T12:00:00+00:00" if dct else None
        yield _story(path.name, text, published, "UTC", "")


_NOT_FEEDS = frozenset({".md", ".txt", ".opml", ".py", ".toml"})


def _feed_files(folder: Path) -> Iterator[Story]:
    from briefing_tui.core.feeds import parse_feed

    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix.lower() in _NOT_FEEDS or "LICENSE" in path.name:
            continue
        try:
            parsed = parse_feed(path.read_bytes(), {}, "http://127.0.0.1/x", str(path), "Dump")
        except Exception:  # not a feed: nothing to analyse
            continue
        yield from parsed.stories


def sources() -> Iterator[tuple[str, Iterator[Story]]]:
    yield "workload", _workload()
    for name in ("dates_heldout.json", "topics_blind.json", "topics_heldout.json"):
        yield "fixtures/" + name, _labelled(REPO / "tests" / "fixtures" / name)
    yield "fixtures/feeds", _feed_files(REPO / "tests" / "fixtures" / "feeds")
    if SHARED.is_dir():
        yield "eval/articles.json", _labelled(SHARED / "eval" / "articles.json")
        yield "eval/te3-platinum", _timeml(SHARED / "eval" / "te3-platinum")
        yield "corpus/feeds", _feed_files(SHARED / "corpus" / "feeds")
        yield "corpus/peers", _feed_files(SHARED / "corpus" / "peers")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)

    from briefing_tui.core.analysis import Analyzer
    from briefing_tui.core.config import load_config

    bench_toml = Path(tempfile.mkdtemp(prefix="analysis-dump-")) / "feeds.toml"
    workload.briefing_config(bench_toml, ["http://127.0.0.1:9/none.xml"], REPO)
    analyzers = [
        Analyzer(load_config(path).topics, sentences)
        for path, sentences in ((bench_toml, 3), (REPO / "feeds.toml", 4))
    ]
    count = 0
    with args.out.open("w", encoding="utf-8") as out:
        for name, stories in sources():
            for story in stories:
                for n, analyzer in enumerate(analyzers):
                    result = dataclasses.asdict(analyzer.analyze(story))
                    text = hashlib.sha256(f"{story.title}\0{story.text}".encode()).hexdigest()
                    line = [name, story.id, text[:16], n, result]
                    out.write(json.dumps(line, ensure_ascii=False) + "\n")
                count += 1
    print(f"{count} texts analysed, {2 * count} analyses written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
