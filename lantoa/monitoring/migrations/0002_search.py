"""The full-text indexes that Django's ORM does not create: an FTS5 table on SQLite; ``unaccent`` and a GIN index
on PostgreSQL (see lantoa/monitoring/search.py)."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # A normal (content-storing) FTS5 table of the folded text: simple to keep in step, rows replaceable.
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS monitoring_item_fts USING fts5("
                "title, lead, body, tokenize = 'unicode61 remove_diacritics 0')"
            )
        elif connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS monitoring_item_search_document ON monitoring_itemsearch USING gin (document)"
            )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS monitoring_item_fts")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS monitoring_item_search_document")


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
