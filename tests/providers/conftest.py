"""Fixtures of the provider library's tests: a real PostgreSQL for the store."""

from tests.postgres import postgres  # noqa: F401 (a fixture)
