"""One thread per process that listens for the post's changes (PostgreSQL LISTEN/NOTIFY).

Sessions subscribe a callback (``topic``, ``payload``; see
:mod:`workstation.services.post_events`) that must not block: it only queues work on its
session's writer. The thread sleeps in ``select()`` on the listening connection's socket
and a wake-up pipe, so it costs nothing while the post is quiet: no polling loop. When the
connection to the server drops it reconnects with backoff and then tells every subscriber
``resync`` (notifications sent meanwhile were missed: read again).

On SQLite there is no server to listen to: subscribers are put on the process's own hub
(:data:`workstation.services.post_events.LOCAL`), which the same service hooks feed.
"""

from __future__ import annotations

import logging
import os
import selectors
import threading
from collections.abc import Callable
from typing import Any

from workstation.db.engine import Database
from workstation.services import post_events

log = logging.getLogger(__name__)
Listener = post_events.Listener
RESYNC = "resync"


class PostListener:
    """Delivers the post's notifications to subscribers; :meth:`stop` ends it."""

    def __init__(self, db: Database, *, name: str = "post-listener",
                 backoff_s: tuple[float, float] = (0.5, 10.0)) -> None:
        self.db = db
        self._subscribers = post_events.LocalHub()  # this listener's own subscribers
        self._wake_r, self._wake_w = os.pipe()
        self._stopping = False
        self._ready = threading.Event()
        self._backoff = backoff_s
        self.channel = ""
        self._local_unsubscribe: Callable[[], None] | None = None
        self._thread: threading.Thread | None = None
        if db.backend == "postgresql":
            with db.engine.connect() as conn:
                self.channel = post_events.channel_of(conn)
            self._thread = threading.Thread(target=self._run, name=name, daemon=True)
            self._thread.start()
        else:
            self._local_unsubscribe = post_events.LOCAL.subscribe(self._deliver)
            self._ready.set()

    @property
    def live(self) -> bool:
        """True when other processes' changes are heard (PostgreSQL), not only this one's."""
        return self._thread is not None

    def wait_ready(self, timeout_s: float = 10.0) -> bool:
        """True once the thread listens (changes committed from then on are heard)."""
        return self._ready.wait(timeout_s)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(topic, payload)`` for every notification (listener thread; must
        not block). Returns the function that unsubscribes it."""
        return self._subscribers.subscribe(listener)

    def stop(self, timeout_s: float = 5.0) -> None:
        """End the thread and close the connection (idempotent)."""
        if self._stopping:
            return
        self._stopping = True
        if self._local_unsubscribe is not None:
            self._local_unsubscribe()
        os.write(self._wake_w, b"x")
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout_s)
        for fd in (self._wake_r, self._wake_w):
            try:
                os.close(fd)
            except OSError:
                pass

    # --- the thread ------------------------------------------------------------------------

    def _deliver(self, topic: str, payload: dict[str, Any]) -> None:
        self._subscribers.deliver(topic, payload)

    def _conninfo(self) -> str:
        url = self.db.engine.url.set(drivername="postgresql")
        return url.render_as_string(hide_password=False)

    def _run(self) -> None:
        import psycopg
        from psycopg import sql

        delay = self._backoff[0]
        first = True
        while not self._stopping:
            try:
                with psycopg.connect(self._conninfo(), autocommit=True,
                                     connect_timeout=5) as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
                    self._ready.set()
                    if not first:
                        self._deliver(RESYNC, {})
                    first, delay = False, self._backoff[0]
                    self._listen(conn)
            except psycopg.Error as exc:
                if self._stopping:
                    return
                log.warning("post listener: %s; listening again in %.1f s", exc, delay)
                self._sleep(delay)
                delay = min(delay * 2, self._backoff[1])

    def _listen(self, conn: Any) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(conn.fileno(), selectors.EVENT_READ, "db")
            selector.register(self._wake_r, selectors.EVENT_READ, "wake")
            while not self._stopping:
                for key, _mask in selector.select():
                    if key.data == "wake":
                        return
                # The socket is readable: take every notification it brought, without
                # waiting for more.
                for note in conn.notifies(timeout=0):
                    parsed = post_events.parse(note.payload)
                    if parsed is not None:
                        self._deliver(*parsed)

    def _sleep(self, seconds: float) -> None:
        """Wait ``seconds`` or until :meth:`stop` (no timer, the wake-up pipe)."""
        with selectors.DefaultSelector() as selector:
            selector.register(self._wake_r, selectors.EVENT_READ)
            selector.select(seconds)
