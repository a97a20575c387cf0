"""Logical backups of the log: a portable, checked copy, and its restore into an empty store."""
