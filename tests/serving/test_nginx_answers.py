"""What nginx answers itself in front of Bahth: the API's JSON error shape for
its own errors on /api/ (an over-long URL, too many requests, a body too
large, no server to answer), Arabic pages for the rest, the security headers
on all of them, and web/static with caching headers; and the request id
nginx gives each request, in every answer and in both logs."""
from __future__ import annotations

import re
from urllib.parse import quote

from tests.serving.proxy import FrontOf, Proxy, address, connect, get, receive_all
from tests.support import ROOT, Reply, Server, check_json_error, free_port, is_arabic, raw_get, wait_for
from web.security import HEADERS

# An ordinary query, and one whose URL is past the 8 KB nginx reads
# (about 1,500 Arabic letters; the API allows 500).
QUERY = quote("ولي العهد")
LONG_QUERY = quote("ولي العهد " * 160)
assert len(LONG_QUERY) > 8192


def security_headers(headers: dict[str, str]) -> dict[str, str]:
    lowered = {name.lower(): value for name, value in headers.items()}
    return {name: lowered.get(name.lower(), "") for name in HEADERS}


def test_an_over_long_url_on_the_api_is_a_json_414(server: Server, front_of: FrontOf) -> None:
    proxy = front_of([address(server)])
    reply = raw_get(proxy.url, f"/api/search?q={LONG_QUERY}".encode())
    print(f"\nGET /api/search with a {len(LONG_QUERY):,}-byte query: {reply.status} {reply.headers['content-type']}")
    assert reply.status == 414
    assert reply.headers["content-type"] == "application/json"
    assert check_json_error(reply.body, 414)["code"] == "query_too_long"
    assert security_headers(reply.headers) == HEADERS
    # The page gets a page.
    page = raw_get(proxy.url, f"/search?q={LONG_QUERY}".encode())
    assert page.status == 414
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert is_arabic(page.body.decode()) and b'dir="rtl"' in page.body
    assert security_headers(page.headers) == HEADERS
    # A long query nginx does read is the app's to refuse, in its own words.
    read = get(proxy, f"/api/search?q={quote('ولي العهد ' * 60)}", "127.0.0.2")
    assert read.status == 400 and check_json_error(read.body, 400)["code"] == "query_too_long"


def in_a_row(proxy: Proxy, path: str, source: str) -> list[Reply]:
    """80 requests for ``path`` from ``source``, each as soon as the last is answered."""
    return [get(proxy, path, source) for _ in range(80)]


def test_too_many_requests_from_one_address_are_json_429s(server: Server, front_of: FrontOf) -> None:
    proxy = front_of([address(server)])
    replies = in_a_row(proxy, f"/api/search?q={QUERY}", "127.0.0.2")
    statuses = [r.status for r in replies]
    print(f"\n80 requests in a row from one address: {statuses.count(200)} answered, {statuses.count(429)} refused")
    assert set(statuses) == {200, 429}
    refused = next(r for r in replies if r.status == 429)
    assert refused.headers["content-type"] == "application/json"
    assert check_json_error(refused.body, 429)["code"] == "too_many_requests"
    assert refused.headers["retry-after"] == "1"
    assert security_headers(refused.headers) == HEADERS
    # Another address is served meanwhile.
    assert get(proxy, f"/api/search?q={QUERY}", "127.0.0.3").status == 200
    # The page's 429 is a page.
    page = next(r for r in in_a_row(proxy, f"/search?q={QUERY}", "127.0.0.4") if r.status == 429)
    assert page.headers["content-type"] == "text/html; charset=utf-8" and is_arabic(page.body.decode())
    assert security_headers(page.headers) == HEADERS


def test_a_body_too_large_is_a_json_413(server: Server, front_of: FrontOf) -> None:
    proxy = front_of([address(server)])
    with connect(proxy, "127.0.0.2") as sock:
        sock.sendall(b"POST /api/search HTTP/1.1\r\nHost: bahth\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000000\r\nConnection: close\r\n\r\n")
        raw = receive_all(sock)
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b"\r\nContent-Type: application/json\r\n" in head
    assert check_json_error(body, 413)["code"] == "body_too_large"


def test_no_server_to_answer_is_a_json_502(front_of: FrontOf) -> None:
    proxy = front_of([f"127.0.0.1:{free_port()}"])  # nothing listens there
    reply = get(proxy, f"/api/search?q={QUERY}", "127.0.0.2")
    assert reply.status == 502
    assert check_json_error(reply.body, 502)["code"] == "service_unavailable"
    assert reply.headers["retry-after"] == "1"
    assert security_headers(reply.headers) == HEADERS
    page = get(proxy, "/", "127.0.0.2")
    assert page.status == 502 and is_arabic(page.body.decode())
    assert security_headers(page.headers) == HEADERS
    # The app's other JSON addresses get JSON from nginx too.
    assert check_json_error(get(proxy, "/healthz", "127.0.0.2").body, 502)["code"] == "service_unavailable"


def test_static_files_are_nginx_s_with_caching_headers(server: Server, front_of: FrontOf) -> None:
    proxy = front_of([address(server)])
    for name, kind in (("style.css", "text/css"), ("suggest.js", "application/javascript"),
                       ("favicon.svg", "image/svg+xml")):
        reply = get(proxy, f"/static/{name}", "127.0.0.2")
        assert reply.status == 200 and reply.headers["content-type"] == kind
        assert reply.headers["cache-control"] == "max-age=3600" and reply.headers["etag"]
        assert security_headers(reply.headers) == HEADERS
        assert reply.body == (ROOT / "web" / "static" / name).read_bytes()
    missing = get(proxy, "/static/nothing.css", "127.0.0.2")
    assert missing.status == 404 and security_headers(missing.headers) == HEADERS


def test_the_app_s_answers_pass_with_their_own_headers_once(server: Server, front_of: FrontOf) -> None:
    proxy = front_of([address(server)])
    for path in (f"/api/search?q={QUERY}", f"/search?q={QUERY}", "/api/documents/no-such-id"):
        with connect(proxy, "127.0.0.2") as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: bahth\r\nConnection: close\r\n\r\n".encode())
            head = receive_all(sock).partition(b"\r\n\r\n")[0].decode("latin-1").lower()
        for name in [*HEADERS, "X-Request-Id"]:
            assert head.count(f"\r\n{name.lower()}:") == 1, (path, name)
        assert "\r\nx-bahth-generation:" in head


def test_every_answer_names_its_request_as_both_logs_do(server: Server, front_of: FrontOf) -> None:
    proxy = front_of([address(server)])
    # The app's answer: the id nginx gave the request, not one the client chose.
    reply = get(proxy, f"/api/search?q={QUERY}", "127.0.0.2", headers={"X-Request-Id": "chosen-by-the-client"})
    request_id = reply.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id) and reply.status == 200
    wait_for(lambda: f"id={request_id} " in proxy.access_log(), "nginx to log the request")
    wait_for(lambda: f"id={request_id}" in server.log.read_text(), "the server to log the request")
    assert "chosen-by-the-client" not in server.log.read_text()
    # nginx's own answer names its request as well, once.
    missing = get(proxy, "/static/nothing.css", "127.0.0.2")
    assert re.fullmatch(r"[0-9a-f]{32}", missing.headers["x-request-id"])
    wait_for(lambda: f"id={missing.headers['x-request-id']} " in proxy.access_log(), "nginx to log its 404")


def test_the_metrics_answer_only_this_machine(server: Server, front_of: FrontOf) -> None:
    proxy = front_of([address(server)])
    assert get(proxy, "/metrics", "127.0.0.1").status == 200
    refused = get(proxy, "/metrics", "127.0.0.2")
    assert refused.status == 403 and refused.headers["content-type"] == "application/json"
    assert check_json_error(refused.body, 403)["code"] == "forbidden"
    assert security_headers(refused.headers) == HEADERS
