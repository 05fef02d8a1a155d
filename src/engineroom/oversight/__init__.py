"""Oversight: national standards charted the Making Data Count way, written triggers and the
NHS Oversight Framework segment of each system (S23)."""
