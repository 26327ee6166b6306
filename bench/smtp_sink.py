"""A local SMTP server that accepts every message and keeps only counts: the benchmark's mail relay.

The fan-out's emails go through Django's real SMTP backend over a TCP connection to this sink,
so the benchmark pays what a worker pays (the SMTP dialogue, one connection per batch, the
bytes on the wire), not only the building of the messages. Python 3.11's ``smtpd`` is
deprecated (removed in 3.12) and ``aiosmtpd`` is not a dependency: this is the small subset of
RFC 5321 that ``smtplib`` uses (EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP,
QUIT), one thread per connection.

    with SmtpSink(port=0) as sink:   # sink.port is the port it listens on (127.0.0.1 only)
        ...                          # EMAIL_HOST=127.0.0.1 EMAIL_PORT=sink.port EMAIL_USE_TLS=false
        sink.messages, sink.recipients, sink.bytes, sink.connections

Also runnable on its own: ``python -m bench.smtp_sink --port 8151`` (prints counts on Ctrl-C).
"""

from __future__ import annotations

import argparse
import socketserver
import threading
from types import TracebackType


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        sink = self.server.sink
        sink.count(connections=1)
        self._reply("220 klusmarkt-bench-sink ESMTP")
        recipients = 0
        while True:
            line = self.rfile.readline(65_536)
            if not line:
                return
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-klusmarkt-bench-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 52428800\r\n")
            elif verb == b"HELO":
                self._reply("250 klusmarkt-bench-sink")
            elif verb == b"MAIL":
                recipients = 0
                self._reply("250 OK")
            elif verb == b"RCPT":
                recipients += 1
                self._reply("250 OK")
            elif verb == b"DATA":
                if not recipients:
                    self._reply("503 RCPT first")
                    continue
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                size = 0
                while True:
                    data = self.rfile.readline(1_048_576)
                    if not data or data in (b".\r\n", b".\n"):
                        break
                    size += len(data) - (1 if data.startswith(b"..") else 0)
                sink.count(messages=1, recipients=recipients, size=size)
                recipients = 0
                self._reply("250 OK: queued")
            elif verb == b"RSET":
                recipients = 0
                self._reply("250 OK")
            elif verb == b"NOOP":
                self._reply("250 OK")
            elif verb == b"QUIT":
                self._reply("221 Bye")
                return
            else:
                self._reply("502 Command not implemented")


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True
    sink: SmtpSink


class SmtpSink:
    """Listen on 127.0.0.1:``port`` (0: any free port) in a background thread while in use."""

    def __init__(self, port: int = 0) -> None:
        self._lock = threading.Lock()
        self.messages = self.recipients = self.bytes = self.connections = 0
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.sink = self
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="smtp-sink", daemon=True)

    def count(self, *, messages: int = 0, recipients: int = 0, size: int = 0, connections: int = 0) -> None:
        with self._lock:
            self.messages += messages
            self.recipients += recipients
            self.bytes += size
            self.connections += connections

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return {
                "messages": self.messages,
                "recipients": self.recipients,
                "bytes": self.bytes,
                "connections": self.connections,
            }

    def start(self) -> SmtpSink:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8025)
    args = parser.parse_args()
    with SmtpSink(args.port) as sink:
        print(f"SMTP sink on 127.0.0.1:{sink.port}; Ctrl-C stops it", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print(sink.snapshot())


if __name__ == "__main__":
    main()
