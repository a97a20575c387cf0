"""The read side: audit trail, KPI views and compliance history, built from the one log."""
