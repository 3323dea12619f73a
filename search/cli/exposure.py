"""Whether `bahth serve` is exposed to clients directly, and what it then says.

A sync worker reads its request itself, with no time limit on the client: a
few idle or slow connections can hold every worker, which is why gunicorn's
own documentation asks for a buffering proxy in front of sync workers.
Loopback is taken for a proxy's side of the machine; any other address
should be reached only through one (deploy/nginx), which --behind-proxy says.
"""
from __future__ import annotations

import ipaddress

# Behind a proxy, the headers it sets (X-Forwarded-Proto) are trusted from
# any address: only the proxy can reach the server. Without the flag,
# gunicorn trusts them from loopback only.
BEHIND_PROXY_ARGS = ["--forwarded-allow-ips", "*"]


def is_loopback(host: str) -> bool:
    name = host.strip("[]")
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:  # a host name: only localhost is sure to be loopback
        return False


def exposure_warning(address: str) -> str:
    return (f"bahth: warning: serving on {address}, an address other than loopback, with no front proxy: "
            "a sync worker reads each request itself, so a few idle or slow clients can hold every worker "
            "and stop the service. Put nginx in front (deploy/nginx; docs/guide/operations.md, "
            "'Behind nginx') and pass --behind-proxy.")
