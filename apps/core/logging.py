"""Log filters: the request id on every line, and tracebacks rate-limited.

During an outage every request fails the same way; one line each (with its request id) says
what happened, and a few full tracebacks per minute are plenty to diagnose it. Without the
limit a 30-second database outage wrote ~110,000 lines.
"""

import logging
import threading
import time
from collections import deque
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIDFilter(logging.Filter):
    """Adds ``record.request_id``: of the request the record is about (Django's request
    logger passes it) or of the request being handled in this thread, else ``-``."""

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        return True


class TracebackRateLimitFilter(logging.Filter):
    """Keeps at most ``limit`` tracebacks per ``window`` seconds for each (logger, exception
    type); beyond that the record keeps its one line, marked ``[traceback suppressed]``."""

    def __init__(self, limit: int = 5, window: float = 60.0):
        super().__init__()
        self.limit, self.window = int(limit), float(window)
        self._seen: dict[tuple[str, str], deque] = {}
        self._lock = threading.Lock()

    def filter(self, record):
        if not record.exc_info or record.exc_info[0] is None:
            return True
        key = (record.name, record.exc_info[0].__name__)
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault(key, deque())
            while seen and now - seen[0] > self.window:
                seen.popleft()
            if len(seen) < self.limit:
                seen.append(now)
                return True
        record.exc_info = None
        record.exc_text = None
        record.msg = f"{record.msg} [traceback suppressed]"
        return True
