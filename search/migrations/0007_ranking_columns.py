"""Ranking on the database engine (issue 19): the title and the subtitle become columns
of their own in the full-text indexes, so that a title match ranks above a text match and
a broad query can take its candidates from the titles first.

- SQLite: the FTS5 table of 0002 is made again with three columns (search_text, title,
  subtitle; external content, kept in step by triggers), so that `bm25()` weighs them;
  a later migration that rebuilds the documents table (which drops triggers) must write
  `SQLITE` of this module again, not 0002's;
- PostgreSQL: a GIN index on the title's text vector (the title-first candidates).
"""

from importlib import import_module

from django.db import migrations

full_text = import_module("search.migrations.0002_full_text")

FTS_COLUMNS = "search_text, title, subtitle"
NEW_COLUMNS = "new.search_text, new.title, new.subtitle"
OLD_COLUMNS = "old.search_text, old.title, old.subtitle"

SQLITE = [
    *full_text.SQLITE_REVERSE,
    "CREATE VIRTUAL TABLE IF NOT EXISTS maillage_search_fts USING fts5("
    f"{FTS_COLUMNS}, content='maillage_search_searchdocument', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS maillage_search_fts_insert AFTER INSERT ON "
    f"maillage_search_searchdocument BEGIN INSERT INTO maillage_search_fts(rowid, {FTS_COLUMNS}) "
    f"VALUES (new.id, {NEW_COLUMNS}); END",
    "CREATE TRIGGER IF NOT EXISTS maillage_search_fts_delete AFTER DELETE ON "
    "maillage_search_searchdocument BEGIN INSERT INTO maillage_search_fts("
    f"maillage_search_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', old.id, {OLD_COLUMNS}); END",
    "CREATE TRIGGER IF NOT EXISTS maillage_search_fts_update AFTER UPDATE OF "
    f"{FTS_COLUMNS} ON maillage_search_searchdocument BEGIN INSERT INTO maillage_search_fts("
    f"maillage_search_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', old.id, {OLD_COLUMNS}); "
    f"INSERT INTO maillage_search_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, {NEW_COLUMNS}); END",
    "INSERT INTO maillage_search_fts(maillage_search_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [*full_text.SQLITE_REVERSE, *full_text.SQLITE]
POSTGRESQL = [
    "CREATE INDEX IF NOT EXISTS maillage_search_title_fts ON maillage_search_searchdocument "
    "USING gin (to_tsvector('french_unaccent'::regconfig, title))",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS maillage_search_title_fts"]


class Migration(migrations.Migration):
    dependencies = [("maillage_search", "0006_document_kind_and_text")]

    operations = [
        migrations.RunPython(
            full_text.run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            full_text.run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
