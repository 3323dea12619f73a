"""Clients flooding a proxy with one query from one loopback address, run as
``python -m tests.serving.flood PORT SOURCE CLIENTS QUERY_PATH``: each client
asks again as soon as it is answered, and prints each answer's status, one a
line, until stdin closes.

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


def flood(port: int, source: str, path: str, stop: threading.Event, lock: threading.Lock) -> None:
    while not stop.is_set():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            status = str(response.status)
        except OSError as error:
            status = type(error).__name__
        finally:
            connection.close()
        with lock:
            print(status, flush=True)


def main() -> None:
    port, source, clients, path = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    os.nice(10)
    stop, lock = threading.Event(), threading.Lock()
    threads = [threading.Thread(target=flood, args=(port, source, path, stop, lock)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    sys.stdin.read()
    stop.set()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
