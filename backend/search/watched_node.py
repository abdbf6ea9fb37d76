"""The request path's Elasticsearch node: a hung node costs a search a fraction of a second, not the timeout.

A node that accepts connections and never answers (SIGSTOP, a dropped network)
used to hold each search in flight for the whole ELASTICSEARCH_SEARCH_TIMEOUT
before its fallback even began: about 1 s + the fallback's time, over the 1 s
a shopper should wait. Here the answer is awaited in slices (poll on the
socket, no thread): a search without an answer after
ELASTICSEARCH_LIVENESS_AFTER asks the node a HEAD / with
ELASTICSEARCH_LIVENESS_TIMEOUT; a node that answers it is alive and only slow
(a big catalog's broad query), so the search waits on, up to its timeout; one
that does not is hung, and the search gives up at once. Between slices it
reads the host's breaker (common/breaker.py, an mmap read): once another
worker's search has opened it, this one gives up too instead of waiting out
its own check.
"""
import select
import threading
import time
from typing import Callable

from django.conf import settings
from elastic_transport import Urllib3HttpNode

from common.breaker import CircuitBreaker

SLICE_SECONDS = 0.05  # how often a waiting search looks at the breaker
_checking = threading.local()  # set while this thread's liveness check is on the wire


class NodeHung(TimeoutError):
    """No answer, and the node did not answer a liveness check either (a TimeoutError: urllib3
    and the transport read it as the read timeout it stands for)."""


class BreakerOpened(TimeoutError):
    """No answer yet, and meanwhile the host's breaker opened: other searches found the node down."""


def gave_up_because_breaker_opened(error: BaseException) -> bool:
    """Whether a transport error stands for BreakerOpened (it arrives wrapped: ConnectionTimeout
    from urllib3's ReadTimeoutError from it)."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, BreakerOpened):
            return True
        cause = cause.__cause__
    return False


class WatchedConnection:
    """Mixed into the node's urllib3 connection class: waits for the answer before reading it."""

    node: "WatchedNode"
    timeout: object
    sock: object

    def getresponse(self, *args, **kwargs):
        if self.sock is not None and not getattr(_checking, "active", False):
            read_timeout = self.timeout if isinstance(self.timeout, (int, float)) else None
            self.node.wait_for_answer(self.sock, read_timeout)
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]


class WatchedNode(Urllib3HttpNode):
    """An Urllib3HttpNode whose searches give up early on a hung node. `guard` is the breaker
    the request path uses (set by the subclass search/clients.py makes)."""

    guard: Callable[[], CircuitBreaker]

    def __init__(self, config):
        super().__init__(config)
        base = self.pool.ConnectionCls
        self.pool.ConnectionCls = type(f"Watched{base.__name__}", (WatchedConnection, base), {"node": self})

    def answers(self) -> bool:
        """Whether the node answers a HEAD / within ELASTICSEARCH_LIVENESS_TIMEOUT (any status:
        a 401 is an answer too)."""
        _checking.active = True
        try:
            timeout = settings.ELASTICSEARCH_LIVENESS_TIMEOUT  # also for a free connection: the pool blocks
            self.pool.urlopen("HEAD", "/", timeout=timeout, pool_timeout=timeout, retries=False, headers=self._headers)
        except Exception:
            return False
        finally:
            _checking.active = False
        return True

    def wait_for_answer(self, sock, read_timeout: float | None) -> None:
        """Returns once the answer can be read; raises NodeHung or BreakerOpened to give up,
        or a plain TimeoutError when `read_timeout` passed without an answer from a live node."""
        check_after = settings.ELASTICSEARCH_LIVENESS_AFTER
        if check_after <= 0 or getattr(sock, "pending", lambda: 0)():
            return
        started = time.monotonic()
        deadline = started + (read_timeout if read_timeout is not None else settings.ELASTICSEARCH_SEARCH_TIMEOUT)
        poller = select.poll()
        poller.register(sock, select.POLLIN | select.POLLPRI)
        guard, checked = self.guard(), False
        while True:
            now = time.monotonic()
            if now >= deadline:
                raise TimeoutError(f"no answer within {deadline - started:.2f} s")
            if not checked and now >= started + check_after:
                checked = True
                if not self.answers():
                    raise NodeHung(f"no answer after {now - started:.2f} s, nor to a liveness check")
                continue
            until = min(deadline, started + check_after) if not checked else deadline
            if poller.poll(max(1, int(1000 * min(SLICE_SECONDS, until - now)))):
                return
            if guard.opened_since(started):
                raise BreakerOpened(f"the breaker opened while this search waited {time.monotonic() - started:.2f} s")
