"""The countdown in the digest, through the CLI: a configured deadline that a story also
names is one entry, linked to that story, and every deadline names its story, also
one published before the digest's window."""

from __future__ import annotations

import json
from pathlib import Path

HARBOUR = """+++
title = "Coastal towns brace for a quieter season"
published = 2027-02-01T09:30:00+09:00
source = "Harbour Desk"
+++

SEOUL, Feb. 1 (Harbour Desk) -- Fewer boats are expected to put out than last year.

Boat owners must file their licence renewals by March 3, the fisheries ministry said.
"""

DEPOT = """+++
title = "Ferry operator opens a new depot"
published = 2027-02-02T11:00:00+09:00
source = "Harbour Desk"
+++

SEOUL, Feb. 2 (Harbour Desk) -- The operator said bids for the depot contract are due by March 9.
"""

AS_OF = "2027-02-20T00:00:00+00:00"
"""Nine in the morning in Seoul, the machine's clock in UTC; both stories are older than
the digest's window of three days."""


def desk_config(write_config, tmp_path: Path) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "harbour.md").write_text(HARBOUR, encoding="utf-8")
    (folder / "depot.md").write_text(DEPOT, encoding="utf-8")
    return write_config(
        'topics = []\n[settings]\ntimezone = "Asia/Seoul"\nwindow_days = 3\n'
        f'[[local]]\npath = "{folder}"\n'
        '[[deadlines]]\nlabel = "Fishing licence renewals close"\ndue = 2027-03-03\n',
        topics=False,
    )


def test_a_configured_deadline_a_story_names_is_one_entry_linked_to_it(
    cli, write_config, tmp_path: Path
) -> None:
    config = desk_config(write_config, tmp_path)
    assert cli("--as-of", AS_OF, "refresh", config=config)[0] == 0
    code, out, err = cli("--as-of", AS_OF, "digest", "--all", "--format", "json", config=config)
    assert (code, err) == (0, "")
    digest = json.loads(out)
    harbour = next(s["id"] for s in digest["stories"] if s["title"].startswith("Coastal"))
    march_3 = [d for d in digest["deadlines"] if d["due"] == "2027-03-03"]
    assert [(d["label"], d["origin"], d["story_id"]) for d in march_3] == [
        ("Fishing licence renewals close", "config", harbour)
    ]
    # The configured day is Seoul's (settings.timezone), not that of "now" (UTC).
    assert march_3[0]["due_at"] == "2027-03-04T00:00:00+09:00"


def test_the_digest_names_the_story_of_a_deadline_outside_its_window(
    cli, write_config, tmp_path: Path
) -> None:
    config = desk_config(write_config, tmp_path)
    assert cli("--as-of", AS_OF, "refresh", config=config)[0] == 0
    code, out, err = cli("--as-of", AS_OF, "digest", "--format", "markdown", config=config)
    assert (code, err) == (0, "")
    assert "### " not in out  # no story in the window
    deadlines = out.split("## Deadlines")[1].split("\n## ")[0]
    lines = {line.split("**")[1]: line for line in deadlines.splitlines() if line.startswith("- ")}
    assert lines["2027-03-03"] == (
        "- **2027-03-03**: Fishing licence renewals close, 11d 15:00:00"
        " (from *Coastal towns brace for a quieter season*)"
    )
    assert lines["2027-03-09"].endswith(", 17d 15:00:00 (from *Ferry operator opens a new depot*)")
    code, out, err = cli("--as-of", AS_OF, "digest", config=config)
    assert (code, err) == (0, "")
    assert "Fishing licence renewals close · from Coastal towns brace" in out
    assert " · from Ferry operator opens a new depot" in out
