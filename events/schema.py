"""The tables of the action log view, written once for SQLite and PostgreSQL alike."""

from __future__ import annotations

# Raise this whenever a table below changes: a view made by an older version is then rebuilt from the events.
SCHEMA_VERSION = 7

# The columns every version of an action keeps, for "as at" pages and "what changed since".
VERSION_COLUMNS = (
    "id", "reference", "number", "committee_id", "meeting_id", "minute_ref", "title", "kind",
    "status", "active", "owner_id", "raised_by", "due_date", "due_meeting_id", "due_next_meeting",
    "extension_pending", "extension_due", "last_update", "last_update_at", "completed_at",
    "closed_at", "accepted_meeting_id", "follows_up_id", "imported", "logged_at", "modified_at",
    "version", "chases", "last_chased_on", "chasing_paused", "due_sort",
)
NO_DUE_DATE = "9999-12-31"  # due_sort of an action with no due date: after every date

_VERSION_BODY = """
        id TEXT NOT NULL, reference TEXT NOT NULL, number INTEGER NOT NULL,
        committee_id TEXT NOT NULL, meeting_id TEXT, minute_ref TEXT, title TEXT NOT NULL,
        kind TEXT NOT NULL, status TEXT NOT NULL, active INTEGER NOT NULL, owner_id TEXT NOT NULL,
        raised_by TEXT, due_date TEXT, due_meeting_id TEXT, due_next_meeting INTEGER NOT NULL,
        extension_pending INTEGER NOT NULL, extension_due TEXT, last_update TEXT,
        last_update_at TEXT, completed_at TEXT, closed_at TEXT, accepted_meeting_id TEXT,
        follows_up_id TEXT, imported INTEGER NOT NULL, logged_at TEXT NOT NULL,
        modified_at TEXT NOT NULL, version INTEGER NOT NULL, chases INTEGER NOT NULL DEFAULT 0,
        last_chased_on TEXT, chasing_paused INTEGER NOT NULL DEFAULT 0, due_sort TEXT NOT NULL"""

TABLES = {
    # The current row of each action, and every version of it (for "as at" queries).
    # The current row also keeps what only the current log needs: its search text, quote and chase index.
    "actions": _VERSION_BODY + ", search TEXT NOT NULL, source_quote TEXT, next_chase_on TEXT, due_counted_from TEXT, "
               "PRIMARY KEY (id)",
    "action_versions": _VERSION_BODY + ", PRIMARY KEY (id, version)",
    "people": """
        id TEXT PRIMARY KEY, name TEXT NOT NULL, job_title TEXT, organisation TEXT, email TEXT,
        senior_contact_id TEXT, version INTEGER NOT NULL
    """,
    "committees": """
        id TEXT PRIMARY KEY, short_name TEXT NOT NULL UNIQUE, name TEXT NOT NULL, authority TEXT,
        chair_id TEXT, clerk_id TEXT, public INTEGER NOT NULL, version INTEGER NOT NULL,
        remind_before INTEGER NOT NULL DEFAULT 5, remind_on_due INTEGER NOT NULL DEFAULT 1,
        overdue_every INTEGER NOT NULL DEFAULT 5, escalate_after INTEGER NOT NULL DEFAULT 3,
        chasing_paused INTEGER NOT NULL DEFAULT 0
    """,
    # Every chase recorded, for the chaser's policy, the clerk's chasing page and the chair's review.
    "chases": """
        action_id TEXT NOT NULL, committee_id TEXT NOT NULL, due_date TEXT NOT NULL, stage TEXT NOT NULL,
        number INTEGER NOT NULL, on_day TEXT NOT NULL, at TEXT NOT NULL, batch TEXT NOT NULL,
        recipients TEXT NOT NULL, PRIMARY KEY (action_id, due_date, stage, number)
    """,
    "meetings": """
        id TEXT PRIMARY KEY, committee_id TEXT NOT NULL, starts_at TEXT NOT NULL,
        local_date TEXT NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL, version INTEGER NOT NULL
    """,
    "users": """
        id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL,
        person_id TEXT, active INTEGER NOT NULL
    """,
    "counts": """
        committee_id TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (committee_id, status)
    """,
}

INDEXES = (
    ("actions_reference", "actions", "reference"),
    # The log's default order (open first, then by due date) read straight from an index, owner included so
    # that counting by owner or organisation needs no table lookups.
    ("actions_committee_sort", "actions", "committee_id, active, due_sort, number, owner_id"),
    ("actions_active_sort", "actions", "active, due_sort, number"),
    ("actions_owner", "actions", "owner_id, active"),
    ("actions_meeting", "actions", "meeting_id"),
    ("actions_due_meeting", "actions", "due_meeting_id"),
    ("actions_next_chase", "actions", "active, next_chase_on"),
    ("chases_committee", "chases", "committee_id, at"),
    ("actions_committee_number", "actions", "committee_id, number"),
    ("versions_committee", "action_versions", "committee_id, modified_at"),
    ("meetings_committee", "meetings", "committee_id, starts_at"),
    ("people_organisation", "people", "organisation"),
)


# SQLite only: free-text search of the current log through a trigram index: one row for each action's own
# words and one for each update.
SQLITE_SEARCH = "action_search"
