import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_misses_remembered():
    # The count of codes that named no link lives in the cache, which outlives a test's database.
    cache.clear()
    yield
    cache.clear()
