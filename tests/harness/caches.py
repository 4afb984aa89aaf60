"""Streamlit's caches between tests: cleared, but for what the embedded files alone
decide (a test that loads other data must not see the last test's)."""

from __future__ import annotations

import sys

#: Cached resources built from the embedded files alone (no setting, no store, no
#: clock): the same in every test, and the slowest to build (the place index ~0.8 s).
EMBEDDED_CACHES = frozenset({"boundary_set", "population", "need", "gazetteer", "births"})


def clear_caches() -> None:
    """Clear every cached function of the dashboard but :data:`EMBEDDED_CACHES`."""
    from streamlit.runtime.caching.cache_utils import CachedFunc

    from dashboard import cache

    kept = {id(getattr(cache, name)) for name in EMBEDDED_CACHES}
    for name, module in list(sys.modules.items()):
        if name == "dashboard" or name.startswith("dashboard."):
            for value in list(vars(module).values()):
                if isinstance(value, CachedFunc) and id(value) not in kept:
                    value.clear()
