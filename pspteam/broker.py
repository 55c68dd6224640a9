"""The Redis transport for Celery, with one fix: a worker survives losing Redis while it holds
unacknowledged messages.

kombu 5.7.0 (the latest release, with celery 5.7.0): when the broker connection drops, the
consumer calls ``connection.collect()`` and then ``connection.close()``. The first close of the
channel fails on the dead socket before the channel counts as closed, and ``collect()`` then
detaches the transport from its connection (``transport.client = None``). The second close
tries to put the unacknowledged messages back, builds a new Redis pool from the connection
parameters, and reads ``None.hostname``: ``AttributeError``. That is not one of the connection
errors the consumer ignores, so it reaches the worker as "Unrecoverable error" and the worker
exits for good. An idle worker has nothing to restore and survives, which is why it only shows
with tasks in hand (an ETA/countdown retry, a prefetched message, a task running with
``acks_late``). Reproduced by ``tests/faults/test_worker_redis_outage.py``.

Here, a channel whose transport has been detached raises Redis's own ``ConnectionError``
instead, which the consumer ignores, and reconnects as it does for an idle worker. Nothing is
lost by not restoring at that moment: Redis is unreachable, so it could not be done anyway; the
messages stay in Redis's unacked index (restored after ``visibility_timeout``), and the
database is the truth for everything they stood for (the reminder scan and the e-mail sweep
publish again whatever is still due; every send is claimed in the database, so a duplicate
message is skipped).

Remove this when kombu fixes it: ``tests/faults/test_worker_redis_outage.py`` reproduces the crash
with ``broker_transport`` set back to plain ``redis``.
"""

import redis
from kombu.transport import redis as kombu_redis


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous=False):
        if self.connection is None or self.connection.client is None:
            raise redis.exceptions.ConnectionError("broker connection already closed")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel
