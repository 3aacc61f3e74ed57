"""Local articles: front matter, saved pages (the seed), HTML, change detection."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import REPO, need_shared

from briefing_tui.core.config import LocalConfig
from briefing_tui.core.feeds import scan_folder

KST = timezone(timedelta(hours=9))


def folder(path: Path) -> LocalConfig:
    return LocalConfig(path=str(path), resolved=path.resolve())


def only_story(path: Path):
    scan = scan_folder(folder(path), {})
    assert len(scan.read) == 1, scan.warnings
    return scan.read[0].story, scan.warnings


def test_the_seed_reads_like_a_person_would() -> None:
    seed = need_shared("seed")
    story, warnings = only_story(seed)
    assert story.title == "Esper voices hope for continued Seoul-Tokyo intel-sharing pact"
    assert story.published == datetime(2019, 8, 7, 17, 39, tzinfo=KST)
    assert story.tz == "Asia/Seoul"
    assert story.source_name == "Yonhap"
    assert story.text.startswith("SEOUL, Aug. 7 (Yonhap) --")
    for chrome in ("Go to Contents", "Send Feedback", "How can we improve", "(Yonhap)\n"):
        assert chrome not in story.text + "\n"
    assert "U.S. Secretary of Defense Mark Esper (Yonhap)" not in story.text
    assert story.text.rstrip().endswith("nor does it plan to do so.")
    assert warnings == []


def test_every_bundled_sample_is_read_with_a_date_and_source() -> None:
    scan = scan_folder(folder(REPO / "samples"), {})
    assert len(scan.read) >= 5
    assert scan.warnings == []
    for item in scan.read:
        story = item.story
        assert story.published is not None and story.published.tzinfo is not None
        assert story.title and story.title != "(untitled)"
        assert story.source_name != "samples"
        first = story.text.split("\n", 1)[0]
        assert " -- " in first, f"{item.path} should start at its dateline: {first[:60]}"


def test_front_matter(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        '+++\ntitle = "Front title"\npublished = 2026-11-24T09:30:00+09:00\n'
        'source = "Desk"\nurl = "https://example.org/a"\n+++\n\n# Heading\n\nBody **text** with a '
        "[link](https://example.org).\n"
    )
    story, _ = only_story(tmp_path)
    assert story.title == "Front title"
    assert story.published == datetime(2026, 11, 24, 9, 30, tzinfo=KST)
    assert story.source_name == "Desk"
    assert story.url == "https://example.org/a"
    assert "Body text with a link." in story.text
    assert "**" not in story.text


def test_bad_front_matter_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("+++\ntitle = \n+++\n\n# Heading here\n\nSome text here.\n")
    story, warnings = only_story(tmp_path)
    assert story.title == "Heading here"
    assert any("front matter is not valid TOML" in w for w in warnings)


def test_html_metadata(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(
        "<html><head><title>Site | Page</title>"
        '<meta property="og:title" content="The real title">'
        '<meta property="og:site_name" content="Example Desk">'
        '<meta property="article:published_time" content="2026-11-23T16:40:00+09:00">'
        "</head><body><nav>Home News</nav><article><h1>The real title</h1>"
        "<p>TOKYO, Nov. 23 (Example Desk) -- Something happened today in the capital.</p>"
        "<figure><img src=x><figcaption>A photo (Desk)</figcaption></figure>"
        "<p>More words about it follow here.</p></article><footer>(c) Desk</footer></body></html>"
    )
    story, _ = only_story(tmp_path)
    assert story.title == "The real title"
    assert story.source_name == "Example Desk"
    assert story.published == datetime(2026, 11, 23, 16, 40, tzinfo=KST)
    assert story.tz == "Asia/Tokyo"
    assert story.text == (
        "TOKYO, Nov. 23 (Example Desk) -- Something happened today in the capital.\n\n"
        "More words about it follow here."
    )


def test_undated_file_falls_back_to_mtime_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("A note without any date\n\nIt says something of interest to us.\n")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    story, warnings = only_story(tmp_path)
    assert story.published == datetime.fromtimestamp(1_700_000_000, tz=UTC)
    assert any("modification time" in w for w in warnings)


def test_binary_and_bad_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("A headline here\n\nSEOUL, Nov. 1 (Desk) -- Body text.\n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.md").write_text("")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    scan = scan_folder(folder(tmp_path), {})
    assert [f.path for f in scan.read] == ["good.txt"]
    assert any(w.startswith("binary.txt: skipped") for w in scan.warnings)
    assert any(w.startswith("empty.md: skipped") for w in scan.warnings)


def test_symlink_loops_do_not_hang(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    (tmp_path / "a.txt").write_text("Title line\n\nSEOUL, Nov. 1 (Desk) -- Text of it.\n")
    scan = scan_folder(folder(tmp_path), {})
    assert [f.path for f in scan.read] == ["a.txt"]


def test_unchanged_files_are_not_read_again(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Title line\n\nSEOUL, Nov. 1 (Desk) -- Text of it.\n")
    first = scan_folder(folder(tmp_path), {})
    known = {f.path: (f.size, f.mtime_ns, f.sha256, f.story.id) for f in first.read}
    second = scan_folder(folder(tmp_path), known)
    assert second.read == [] and second.unchanged == 1
    os.utime(path, None)  # touched, same bytes: hash says unchanged
    touched = scan_folder(
        folder(tmp_path), {"a.txt": (*known["a.txt"][:1], 0, *known["a.txt"][2:])}
    )
    assert touched.read == [] and touched.unchanged == 1
    path.unlink()
    assert scan_folder(folder(tmp_path), known).removed == ["a.txt"]


def test_a_file_read_by_an_older_reader_is_read_again(tmp_path: Path) -> None:
    """A store written before the reader changed (its row holds the bare sha256 of the
    bytes) gets the file's text as this version reads it, though the file is the same."""
    path = tmp_path / "a.md"
    path.write_text("# Title line\n\n* Companies have until Jan. 15 to reply.\n")
    first = scan_folder(folder(tmp_path), {})
    read = first.read[0]
    story_id = read.story.id
    bare_sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    older = {"a.md": (read.size, read.mtime_ns, bare_sha256, story_id)}
    again = scan_folder(folder(tmp_path), older)
    assert [f.path for f in again.read] == ["a.md"] and again.unchanged == 0
    assert again.read[0].story.id == story_id  # the same story: its marks stay
    assert "*" not in again.read[0].story.text


LEGACY = {
    "euc_kr": (
        "한미 연합훈련, 다음 달 대규모로 시작된다",
        "한미 연합훈련이 다음 달 시작된다고 국방부가 밝혔다. 양국 군은 대규모 기동훈련을 실시한다.",
        "훈련은 2주 동안 이어지며 양국 해군과 공군이 함께 참여한다고 국방부 관계자가 말했다.",
    ),
    "shift_jis": (
        "日米共同訓練、来月から大規模に始まる見通し",
        "日米共同訓練が来月始まると防衛省が発表した。両国は大規模な演習を行う。",
        "訓練は二週間続き、両国の海軍と空軍が参加すると防衛省の担当者が述べた。",
    ),
}


@pytest.mark.parametrize("suffix", [".txt", ".md"])
@pytest.mark.parametrize("encoding", sorted(LEGACY))
def test_local_files_in_legacy_encodings(tmp_path: Path, encoding: str, suffix: str) -> None:
    """The whole story comes back: a Japanese paragraph (no spaces, ending in 。) was
    taken for the headline, and so lost from the text."""
    heading, *paragraphs = LEGACY[encoding]
    marked = "# " + heading if suffix == ".md" else heading
    text = "\n\n".join([marked, *paragraphs]) + "\n"
    (tmp_path / f"a{suffix}").write_bytes(text.encode(encoding))
    story, _ = only_story(tmp_path)
    assert story.title == heading
    assert story.text == "\n\n".join(paragraphs)


def test_names_with_escape_sequences_are_cleaned_where_they_are_shown(tmp_path: Path) -> None:
    name = "a\x1b[2Jb\u202e.txt"
    (tmp_path / name).write_text("Title line\n\nThe allies ended a drill.\n")
    first = scan_folder(folder(tmp_path), {})
    assert [f.path for f in first.read] == [name]  # the file is still known by its name
    assert first.warnings == ["ab.txt: no date found in the file; using its modification time"]
    known = {f.path: (f.size, f.mtime_ns, f.sha256, f.story.id) for f in first.read}
    assert scan_folder(folder(tmp_path), known).unchanged == 1
    gone = scan_folder(folder(tmp_path / "gone\x1b]0;title\x07"), {})
    assert gone.error == f"the folder {tmp_path}/gone is missing"
    assert folder(tmp_path / "saved\x1b[2J").display_name == "saved"


def test_markdown_articles_are_read_without_their_markup(tmp_path: Path) -> None:
    """A list item once reached a summary as "* Companies have until Jan. 15 ..."."""
    (tmp_path / "a.md").write_text(
        '+++\ntitle = "Ferry timetable"\npublished = 2026-11-26T11:20:00+09:00\n+++\n\n'
        "# Ferry timetable\n\n"
        "BUSAN, Nov. 26 (Harbor Wire) -- The port authority set new\n"
        "winter ferry rules on **Thursday**, the [ministry](https://example.org/m) said.\n\n"
        "## Timeline\n\n"
        "* Operators have **until Jan. 15** to file their _winter_ timetables.\n"
        "- A joint booking portal opens on *April 1*.\n"
    )
    story, _ = only_story(tmp_path)
    lines = [line for line in story.text.split("\n") if line]
    assert lines[0] == (
        "BUSAN, Nov. 26 (Harbor Wire) -- The port authority set new winter ferry rules on "
        "Thursday, the ministry said."
    )
    assert lines[-2:] == [
        "Operators have until Jan. 15 to file their winter timetables.",
        "A joint booking portal opens on April 1.",
    ]
    assert not any(mark in story.text for mark in ("*", "#", "_", "[", "]("))
    assert not any(line.startswith(("- ", "* ")) for line in lines)
