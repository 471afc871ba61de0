"""``make linkcheck``: every source address of ``data/references.yaml``, checked over the network.

It needs a network, so it is not part of ``make test``. Offline (no address resolves), it
says so in one line and exits 0 without checking anything. Online, it lists each address
that does not answer with a success or a redirect, and exits 1 if any does not.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from urllib.parse import urlparse

from model import cli
from model.errors import printable
from model.references import load_references

TIMEOUT_S = 15.0


def online(hosts: list[str]) -> bool:
    """Whether any of the hosts resolves: without a network, nothing can be checked."""
    for host in hosts:
        try:
            socket.getaddrinfo(host, 443)
            return True
        except OSError:
            continue
    return False


def host_of(url: str) -> str:
    """The host of an address, or '' when the address is malformed (``http://[::1``)."""
    try:
        return urlparse(url).hostname or ""
    except ValueError:
        return ""


def status(url: str) -> str | None:
    """None when the address answers; otherwise why not, in a few words (a malformed address is a broken link)."""
    if not host_of(url):
        return "malformed address (no host)"
    try:
        request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "jiebei-claims linkcheck"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_S):
            return None
    except urllib.error.HTTPError as exc:
        return None if exc.code in (403, 405) else f"HTTP {exc.code}"  # some sites refuse HEAD or robots
    except (urllib.error.URLError, OSError) as exc:
        return str(getattr(exc, "reason", exc))[:80]
    except ValueError as exc:  # urllib's word for an address it cannot use
        return f"malformed address ({str(exc)[:60]})"


def main(argv: list[str] | None = None) -> int:
    """Check every reference's address; offline, say so and exit 0."""
    cli.parser("python -m tools.linkcheck", "Check that every source address of the references answers.").parse_args(argv)
    urls = {ref.id: ref.url for ref in load_references().values() if ref.url}
    hosts = sorted({host_of(u) for u in urls.values()} - {""})
    malformed = {ref_id: why for ref_id, url in urls.items() if not host_of(url) and (why := status(url))}
    if not online(hosts):
        for ref_id, why in malformed.items():
            print(f"linkcheck: {ref_id}: {printable(urls[ref_id])}: {why}")
        if malformed:
            return 1
        print(f"linkcheck: offline (none of {len(hosts)} hosts resolves); {len(urls)} addresses not checked")
        return 0
    broken = {ref_id: why for ref_id, url in urls.items() if (why := status(url)) is not None}
    for ref_id, why in broken.items():
        print(f"linkcheck: {ref_id}: {printable(urls[ref_id])}: {why}")
    print(f"linkcheck: {len(urls) - len(broken)} of {len(urls)} addresses answer")
    return 1 if broken else 0


if __name__ == "__main__":
    cli.run(main, "python -m tools.linkcheck")
