"""The database: one engine and session factory per URL, the tables, and migrations."""
