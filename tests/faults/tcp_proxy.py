"""A TCP proxy a test can cut and restore: a database that goes away without stopping it.

The shared PostgreSQL serves other engineers, so the fault is made between the server under test
and it. Cut, the proxy drops every open connection and swallows new ones (accepts, then never
answers): the worst case for a client, which only its own timeouts can end.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

CHUNK = 64 * 1024


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._cut = False
        self._writers: set[asyncio.StreamWriter] = set()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(CHUNK):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            if self._cut:
                await reader.read()  # hold the connection open and say nothing
                return
            up_reader, up_writer = await asyncio.open_connection(*self.target)
            self._writers.add(up_writer)
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    def _drop_all(self) -> None:
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    def cut(self) -> None:
        """From now on the database is away: open connections break, new ones hang."""
        self._cut = True
        self._loop.call_soon_threadsafe(self._drop_all)

    def restore(self) -> None:
        """The database is back; connections made while it was away stay dead."""
        self._cut = False
        self._loop.call_soon_threadsafe(self._drop_all)

    @contextmanager
    def running(self) -> Iterator[TcpProxy]:
        started = threading.Event()

        async def main() -> None:
            server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
            self.port = server.sockets[0].getsockname()[1]
            started.set()
            async with server:
                await server.serve_forever()

        thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        thread.start()
        task = asyncio.run_coroutine_threadsafe(main(), self._loop)
        started.wait(5)
        try:
            yield self
        finally:

            async def stop() -> None:
                self._drop_all()
                serving = asyncio.wrap_future(task)
                serving.cancel()
                await asyncio.gather(serving, return_exceptions=True)

            asyncio.run_coroutine_threadsafe(stop(), self._loop).result(5)
            self._loop.call_soon_threadsafe(self._loop.stop)
            thread.join(5)
