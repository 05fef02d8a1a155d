"""Django's ``flush`` (empty every table), able to empty the append-only audit log too.

The audit triggers refuse DELETE and TRUNCATE, so ``flush`` drops them, empties the database and
puts them back, in one transaction where the database allows DDL in transactions. Flushing is a
deliberate act of destruction: the audit log's checkpoints (kept outside the database) show it as
truncation at the next ``engineroom audit verify``. The test suite's transactional tests flush
after every test.
"""

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from engineroom.audit import triggers


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        with transaction.atomic(using=connection.alias):
            triggers.remove(connection)
            try:
                super().handle(**options)
            finally:
                triggers.install(connection)
