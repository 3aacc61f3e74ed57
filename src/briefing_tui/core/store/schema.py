"""Numbered schema migrations: entry N takes the store from version N to N+1.

Never edit a released entry; append a new one.
"""

from __future__ import annotations

MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE sources (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, location TEXT NOT NULL,
            title TEXT, etag TEXT, last_modified TEXT, body_hash TEXT,
            last_attempt TEXT, last_success TEXT, next_due TEXT,
            status TEXT, error TEXT, item_count INTEGER NOT NULL DEFAULT 0,
            gone INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE stories (
            id TEXT PRIMARY KEY, source_id TEXT NOT NULL, source_name TEXT NOT NULL,
            guid TEXT, url TEXT, title TEXT NOT NULL, author TEXT,
            published TEXT, published_ts REAL, tz TEXT,
            text TEXT NOT NULL, content_hash TEXT NOT NULL,
            first_seen TEXT NOT NULL, first_seen_ts REAL NOT NULL, sort_ts REAL NOT NULL,
            summary TEXT NOT NULL DEFAULT '[]', dates TEXT NOT NULL DEFAULT '[]')""",
        "CREATE INDEX stories_by_time ON stories(sort_ts DESC)",
        "CREATE INDEX stories_by_source ON stories(source_id)",
        """CREATE TABLE story_topics (
            story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            topic_id TEXT NOT NULL, score REAL NOT NULL,
            reasons TEXT NOT NULL, summary TEXT NOT NULL,
            PRIMARY KEY (story_id, topic_id))""",
        "CREATE INDEX story_topics_by_topic ON story_topics(topic_id)",
        """CREATE TABLE marks (
            story_id TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0,
            starred INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE local_files (
            path TEXT NOT NULL, source_id TEXT NOT NULL, size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL, story_id TEXT NOT NULL,
            PRIMARY KEY (source_id, path))""",
        "CREATE TABLE briefings (at TEXT NOT NULL)",
        """CREATE VIRTUAL TABLE stories_fts USING fts5(
            title, text, content='stories', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2')""",
        """CREATE TRIGGER stories_fts_insert AFTER INSERT ON stories BEGIN
            INSERT INTO stories_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END""",
        """CREATE TRIGGER stories_fts_delete AFTER DELETE ON stories BEGIN
            INSERT INTO stories_fts(stories_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END""",
        """CREATE TRIGGER stories_fts_update AFTER UPDATE OF title, text ON stories BEGIN
            INSERT INTO stories_fts(stories_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO stories_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END""",
    ],
    # 2: the dates that can reach the countdown (not past), indexed by their last
    # day, so a briefing reads a few rows instead of every story's dates. Filled
    # by the re-analysis that ANALYZER_VERSION 3 triggers.
    [
        """CREATE TABLE story_dates (
            story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            value TEXT NOT NULL, precision TEXT NOT NULL, kind TEXT NOT NULL,
            label TEXT NOT NULL, last_day TEXT NOT NULL)""",
        "CREATE INDEX story_dates_by_day ON story_dates(last_day)",
        "CREATE INDEX story_dates_by_story ON story_dates(story_id)",
    ],
    # 3: a date's own topic (from its sentence), so the countdown files it where it
    # belongs rather than under its story's strongest topic. Filled by the re-analysis
    # that ANALYZER_VERSION 8 triggers; NULL until then (the story's topic stands in).
    ["ALTER TABLE story_dates ADD COLUMN topic TEXT"],
    # 4: article pages of teaser feeds (`full_text`). When a page was fetched, the
    # story's text (and so its analysis and full-text index) is the page's; the feed's
    # teaser stays here. `item_hash` is the content hash of the feed item the row is
    # for: an item that changes is fetched again. `kept_text` holds the page text of an
    # item that changed while its page is fetched again (a 304 restores it).
    [
        """CREATE TABLE story_pages (
            story_id TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
            source_id TEXT NOT NULL, item_hash TEXT NOT NULL, teaser TEXT NOT NULL,
            status TEXT NOT NULL, url TEXT, fetched TEXT, error TEXT,
            etag TEXT, last_modified TEXT, kept_text TEXT)""",
        "CREATE INDEX story_pages_by_status ON story_pages(status, source_id)",
    ],
    # 5: one story told by many outlets. `group_id` is the id of the group's lead when
    # a story is one of two or more versions (NULL alone), `fingerprint` what grouping
    # compares (opaque bytes), `bands` its band keys (packed 64-bit integers);
    # `story_bands` indexes each dated story under its band keys and its time (a key's
    # stories within the window are one range of the index), and the link and guid
    # indexes find exact duplicates. story_bands has no foreign key: a cascade would
    # want a second index, which cost more than the rest of a story's grouping; the
    # store removes a story's rows (by its `bands`) where it removes the story. Filled
    # for the stories stored before this migration by the refresher's one-time
    # regrouping (store/groups.py, refresh/refresher.py).
    [
        "ALTER TABLE stories ADD COLUMN group_id TEXT",
        "ALTER TABLE stories ADD COLUMN fingerprint BLOB",
        "ALTER TABLE stories ADD COLUMN bands BLOB",
        "CREATE INDEX stories_by_group ON stories(group_id) WHERE group_id IS NOT NULL",
        "CREATE INDEX stories_by_url ON stories(url) WHERE url IS NOT NULL",
        "CREATE INDEX stories_by_guid ON stories(guid) WHERE guid IS NOT NULL",
        """CREATE TABLE story_bands (
            band_key INTEGER NOT NULL, published_ts REAL NOT NULL, story_id TEXT NOT NULL)""",
        "CREATE INDEX story_bands_by_key ON story_bands(band_key, published_ts)",
    ],
]
