"""A TCP proxy on a loopback port in front of the PostgreSQL server, that breaks connections on
cue: around the next append (before or after the server has it), or all of them (an outage)."""

from __future__ import annotations

import enum
import select
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

#: The text of the append function's call, sent when a connection prepares it.
APPEND_CALL = b"opsledger_append_events"

#: PostgreSQL's ReadyForQuery message (type, length 5, then one status byte): the server has
#: finished the statement, commit included, before it sends this.
READY_FOR_QUERY = b"Z\x00\x00\x00\x05"

#: The frontend's Execute message type: the statement runs when the server gets it.
EXECUTE = ord("E")


class Fault(enum.Enum):
    """What happens to the next connection that sends the append's call."""

    NONE = "none"
    #: The call never reaches the server; the connection dies.
    LOSE_THE_CALL = "lose the call"
    #: The server runs the call and commits; its answer never reaches the client.
    LOSE_THE_ANSWER = "lose the answer"


class FaultProxy:
    """Forwards each client connection to `target`; `arm(fault)` breaks the next append once,
    `down()` ends every connection and refuses new ones until `up()`."""

    def __init__(self, target: tuple[str, int]) -> None:
        self._target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._fault = Fault.NONE
        self._down = False
        self._down_after_fault = False
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self.appends_faulted = 0
        self._stopping = False
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, fault: Fault, *, then_down: bool = False) -> None:
        """Break the next append as `fault` says; `then_down`: and go down as it breaks."""
        with self._lock:
            self._fault = fault
            self._down_after_fault = then_down

    def down(self) -> None:
        """The database goes away: every connection ends, new ones are hung up on."""
        with self._lock:
            self._down = True
            sockets, self._open = list(self._open), set()
        for sock in sockets:
            _close(sock)

    def up(self) -> None:
        with self._lock:
            self._down = False

    def close(self) -> None:
        self._stopping = True
        self.down()
        _close(self._listener)

    def _accept(self) -> None:
        while not self._stopping:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                down = self._down
            if down:
                _close(client)
                continue
            try:
                server = socket.create_connection(self._target, timeout=5)
            except OSError:
                _close(client)
                continue
            server.settimeout(None)
            with self._lock:
                self._open.update((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _take_fault(self, chunk: bytes) -> Fault:
        with self._lock:
            if self._fault is Fault.NONE or APPEND_CALL not in chunk:
                return Fault.NONE
            fault, self._fault = self._fault, Fault.NONE
            self.appends_faulted += 1
            if self._down_after_fault:
                self._down = True
            return fault

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        """Both directions of one connection, until either side ends or a fault ends both."""
        swallowing = b""
        lose_answer = False
        pending = Fault.NONE  # taken when the call is prepared, applied when it is executed
        try:
            while True:
                readable, _, _ = select.select([client, server], [], [], 30)
                if not readable:
                    return
                for sock in readable:
                    chunk = sock.recv(65536)
                    if not chunk:
                        return
                    if sock is client:
                        if pending is Fault.NONE:
                            pending = self._take_fault(chunk)
                        if pending is not Fault.NONE and EXECUTE in _message_types(chunk):
                            if pending is Fault.LOSE_THE_CALL:
                                return
                            lose_answer = True
                        server.sendall(chunk)
                    elif lose_answer:
                        swallowing += chunk
                        if READY_FOR_QUERY in swallowing:
                            return  # committed on the server; the client never hears it
                    else:
                        client.sendall(chunk)
        except (OSError, ValueError):  # a socket closed by down() meanwhile
            return
        finally:
            _close(client)
            _close(server)
            with self._lock:
                self._open.discard(client)
                self._open.discard(server)


def _message_types(chunk: bytes) -> set[int]:
    """The types of the frontend messages in a chunk (each: type byte, 4-byte length)."""
    types: set[int] = set()
    at = 0
    while at + 5 <= len(chunk):
        types.add(chunk[at])
        at += 1 + int.from_bytes(chunk[at + 1 : at + 5], "big")
    return types


def _close(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


@contextmanager
def fault_proxy(target: tuple[str, int]) -> Iterator[FaultProxy]:
    proxy = FaultProxy(target)
    try:
        yield proxy
    finally:
        proxy.close()
