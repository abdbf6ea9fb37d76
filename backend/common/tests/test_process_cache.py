"""TimedCache: read once, kept for its time, dropped on demand."""
import pytest

from common.process_cache import TimedCache

pytestmark = pytest.mark.pure  # no backing service


def test_a_value_is_read_once_until_it_expires_or_is_forgotten():
    reads = []

    def load():
        reads.append(1)
        return len(reads)

    kept = TimedCache(60)
    assert kept.get("cs", load) == kept.get("cs", load) == 1
    assert kept.get("sk", load) == 2
    kept.forget("cs")
    assert kept.get("cs", load) == 3 and kept.get("sk", load) == 2
    kept.forget()
    assert kept.get("sk", load) == 4
    assert TimedCache(0).get("x", load) == 5 and len(reads) == 5


def test_an_expired_value_is_read_again():
    kept, values = TimedCache(-1), iter([1, 2])
    assert kept.get("x", lambda: next(values)) == 1
    assert kept.get("x", lambda: next(values)) == 2
