"""Full-text indexes of the database engine, per database:

- SQLite: an FTS5 table over `search_text` (external content, kept in step by triggers);
- PostgreSQL: the `unaccent` extension, a `french_unaccent` configuration (unaccent, then
  the French stemmer) and a GIN index on the text vector.

`search_text` is already lower case and without accents (search/text.py); the FTS5
tokenizer and the French stemmer do the rest. Creating an extension needs a PostgreSQL
role allowed to (see docs/operations.md).
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS maillage_search_fts USING fts5("
    "search_text, content='maillage_search_searchdocument', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS maillage_search_fts_insert AFTER INSERT ON "
    "maillage_search_searchdocument BEGIN INSERT INTO maillage_search_fts(rowid, search_text) "
    "VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS maillage_search_fts_delete AFTER DELETE ON "
    "maillage_search_searchdocument BEGIN INSERT INTO maillage_search_fts("
    "maillage_search_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS maillage_search_fts_update AFTER UPDATE OF search_text ON "
    "maillage_search_searchdocument BEGIN INSERT INTO maillage_search_fts("
    "maillage_search_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO maillage_search_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO maillage_search_fts(maillage_search_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS maillage_search_fts_insert",
    "DROP TRIGGER IF EXISTS maillage_search_fts_delete",
    "DROP TRIGGER IF EXISTS maillage_search_fts_update",
    "DROP TABLE IF EXISTS maillage_search_fts",
]
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    "CREATE INDEX IF NOT EXISTS maillage_search_text_fts ON maillage_search_searchdocument "
    "USING gin (to_tsvector('french_unaccent'::regconfig, search_text))",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS maillage_search_text_fts"]


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("maillage_search", "0001_search_documents")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
