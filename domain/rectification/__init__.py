"""Rectifications: notices a supervision spot check issues, tracked until verified and closed."""
