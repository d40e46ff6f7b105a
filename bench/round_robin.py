"""A tiny round-robin TCP proxy, for putting several app instances behind one
address on this machine (bench/scale_out.py).

Each new connection goes to the next backend in turn, and the proxy records
which backend got it, so a client that opens one connection per request
knows which instance answered. Bytes are passed on unchanged: it adds no
headers, as a load balancer in TCP mode would not.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Sequence
from typing import Any


class RoundRobinProxy:
    """Listens on `port` and sends each new connection to the next of
    `backends` ((host, port) pairs). Runs its own event loop in a thread:
    `start()`, then `stop()`."""

    def __init__(self, port: int, backends: Sequence[tuple[str, int]]) -> None:
        if not backends:
            raise ValueError("a proxy needs at least one backend")
        self.port = port
        self.backends = tuple(backends)
        # The index of the backend each connection went to, in the order they came.
        self.connections: list[int] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    def start(self) -> None:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._listen(), self._loop)
        self._server = future.result(timeout=10)

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        if self._server is not None:
            server = self._server
            asyncio.run_coroutine_threadsafe(self._close(server), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def counts(self) -> list[int]:
        """How many connections each backend got."""
        return [self.connections.count(index) for index in range(len(self.backends))]

    async def _listen(self) -> asyncio.Server:
        return await asyncio.start_server(self._pass_on, "127.0.0.1", self.port)

    async def _close(self, server: asyncio.Server) -> None:
        server.close()
        # Connections still open end too, so the loop stops with nothing pending.
        open_connections = list(self._tasks)
        for task in open_connections:
            task.cancel()
        await asyncio.gather(*open_connections, return_exceptions=True)
        await server.wait_closed()

    async def _pass_on(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        index = len(self.connections) % len(self.backends)
        self.connections.append(index)
        host, port = self.backends[index]
        this = asyncio.current_task()
        assert this is not None
        # The event loop keeps only weak references to tasks: keep them here,
        # or one waiting on a backend may be collected mid-connection.
        self._tasks.add(this)
        try:
            backend_reader, backend_writer = await asyncio.open_connection(host, port)
        except OSError:
            writer.close()
            self._tasks.discard(this)
            return
        copies = {
            asyncio.create_task(_copy(reader, backend_writer)),
            asyncio.create_task(_copy(backend_reader, writer)),
        }
        self._tasks |= copies
        try:
            await asyncio.gather(*copies)
        finally:
            for side in (backend_writer, writer):
                with contextlib.suppress(ConnectionError, OSError):
                    side.close()
                    await side.wait_closed()
            self._tasks -= copies | {this}


async def _copy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Pass bytes on until the sender is done, then say so to the other side
    (a half close, as TCP allows)."""
    with contextlib.suppress(ConnectionError, OSError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
