"""The backends' own structures: an FTS5 table on SQLite, a tsvector column with a GIN
index on PostgreSQL. Each operation runs only on its database."""

from django.db import migrations


class RunSQLOn(migrations.RunSQL):
    """``RunSQL`` that runs only on one database vendor."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, kwargs.pop("sql"), kwargs.pop("reverse_sql")], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        RunSQLOn(
            "sqlite",
            # Contentless: the streams are not stored twice; the documents table keeps the
            # text. The ascii tokenizer splits only on ASCII separators (our spaces).
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "title2, title1, grams2, grams1, words, content='', tokenize='ascii')",
            "DROP TABLE search_fts",
        ),
        RunSQLOn(
            "postgresql",
            [
                "ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector",
                "CREATE INDEX search_searchdocument_tsv ON search_searchdocument USING gin (tsv)",
            ],
            [
                "DROP INDEX search_searchdocument_tsv",
                "ALTER TABLE search_searchdocument DROP COLUMN tsv",
            ],
        ),
    ]
