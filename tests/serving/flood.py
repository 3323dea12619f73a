"""Clients flooding a proxy with one query from one loopback address, run as
``python -m tests.serving.flood PORT SOURCE CLIENTS PATH``: each client asks
again as soon as it is answered, and the status of each answer is printed,
one a line. A line ``pause`` on stdin stops the clients once their requests
are answered (``paused`` is printed then), ``resume`` starts them again, and
the end of stdin ends the flood.

A process of its own, at a lower priority: the attacker's own work stands
for a machine elsewhere and must not take this machine's CPU from the
servers and the client being measured (as threads in the test's process
would, through the interpreter's lock too).
"""
from __future__ import annotations

import http.client
import os
import sys
import threading


class Flood:
    def __init__(self, port: int, source: str, path: str) -> None:
        self.port, self.source, self.path = port, source, path
        self.changed = threading.Condition()
        self.running, self.ended, self.busy = True, False, 0

    def client(self) -> None:
        while True:
            with self.changed:
                self.changed.wait_for(lambda: self.running or self.ended)
                if self.ended:
                    return
                self.busy += 1
            status = self.ask()
            with self.changed:
                self.busy -= 1
                print(status, flush=True)
                self.changed.notify_all()

    def ask(self) -> str:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.source, 0))
        try:
            connection.request("GET", self.path)
            response = connection.getresponse()
            response.read()
            return str(response.status)
        except OSError as error:
            return type(error).__name__
        finally:
            connection.close()

    def pause(self) -> None:
        with self.changed:
            self.running = False
            self.changed.wait_for(lambda: self.busy == 0)
            print("paused", flush=True)

    def resume(self) -> None:
        with self.changed:
            self.running = True
            self.changed.notify_all()

    def end(self) -> None:
        with self.changed:
            self.ended = True
            self.changed.notify_all()


def main() -> None:
    port, source, clients, path = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    os.nice(10)
    flood = Flood(port, source, path)
    threads = [threading.Thread(target=flood.client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for line in sys.stdin:
        if line.strip() == "pause":
            flood.pause()
        elif line.strip() == "resume":
            flood.resume()
    flood.end()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
