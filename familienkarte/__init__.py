"""The operators' command line: ``uv run python -m familienkarte --help``."""
