"""Helpers for the hub tests: identities, a hub subprocess, PostgreSQL, a cutting proxy."""
