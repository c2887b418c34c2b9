"""The project store: one SQLite file per project beside a content-addressed media folder."""
