"""Append-only in the database itself: triggers that refuse changing or removing audit events.

Whatever the client (the ORM, ``dbshell``, a script), the database refuses UPDATE and DELETE of an
audit event (and TRUNCATE on PostgreSQL), deleting the head row, and moving the head backwards.
Only someone who can drop triggers (a database owner) can get round them, and then the keyed
chain and the checkpoints outside the database show what they did.

SQLite drops a table's triggers with the table, and Django's SQLite schema editor rebuilds a
table to alter a column: a migration that alters ``AuditEvent`` or ``AuditHead`` must call
:func:`install` again (``tests/integration/audit`` fails if the triggers are missing).
"""

from __future__ import annotations

EVENTS = "audit_auditevent"
HEAD = "audit_audithead"
REFUSED = "audit events are append-only"

SQLITE = [
    f"CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON {EVENTS} "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: UPDATE refused'); END",
    f"CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON {EVENTS} "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: DELETE refused'); END",
    f"CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON {HEAD} "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: the head row cannot be deleted'); END",
    f"CREATE TRIGGER audit_head_forward BEFORE UPDATE ON {HEAD} WHEN NEW.seq < OLD.seq "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: the head only moves forward'); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TRIGGER IF EXISTS audit_head_no_delete",
    "DROP TRIGGER IF EXISTS audit_head_forward",
]

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{REFUSED}: % refused on %', TG_OP, TG_TABLE_NAME; END $$""",
    f"""CREATE OR REPLACE FUNCTION audit_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.seq < OLD.seq THEN RAISE EXCEPTION '{REFUSED}: the head only moves forward'; END IF;
      RETURN NEW;
    END $$""",
    f"CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON {EVENTS} "
    "FOR EACH ROW EXECUTE FUNCTION audit_refuse()",
    f"CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {EVENTS} "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse()",
    f"CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON {HEAD} "
    "FOR EACH ROW EXECUTE FUNCTION audit_refuse()",
    f"CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON {HEAD} "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse()",
    f"CREATE TRIGGER audit_head_forward BEFORE UPDATE ON {HEAD} "
    "FOR EACH ROW EXECUTE FUNCTION audit_head_forward()",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS audit_event_no_change ON {EVENTS}",
    f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {EVENTS}",
    f"DROP TRIGGER IF EXISTS audit_head_no_delete ON {HEAD}",
    f"DROP TRIGGER IF EXISTS audit_head_no_truncate ON {HEAD}",
    f"DROP TRIGGER IF EXISTS audit_head_forward ON {HEAD}",
    "DROP FUNCTION IF EXISTS audit_refuse()",
    "DROP FUNCTION IF EXISTS audit_head_forward()",
]
INSTALL = {"sqlite": SQLITE, "postgresql": POSTGRESQL}
REMOVE = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}


def _run(connection, statements: dict[str, list[str]]) -> None:
    if connection.vendor not in statements:
        raise NotImplementedError(
            f"No append-only triggers for {connection.vendor}: Engine Room supports SQLite and "
            "PostgreSQL"
        )
    with connection.cursor() as cursor:
        for sql in statements[connection.vendor]:
            cursor.execute(sql)


def install(connection) -> None:
    """Create the triggers (dropping any earlier ones first)."""
    remove(connection)
    _run(connection, INSTALL)


def remove(connection) -> None:
    """Drop the triggers: only for migrations, ``flush`` and tests that play a database owner."""
    _run(connection, REMOVE)


def installed(connection) -> set[str]:
    """Names of the audit triggers present in the database."""
    sql = {
        "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'",
        "postgresql": "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'audit_%'",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {name for (name,) in cursor.fetchall()}
