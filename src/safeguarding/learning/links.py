"""Where each kind of source's own record lives: the app that owns the kind registers how to find
its page (learning never imports a domain app), so a source's page can link back to its review,
audit or case."""

from __future__ import annotations

from collections.abc import Callable

from safeguarding.learning.models import Source

Resolver = Callable[[Source], str | None]

_resolvers: dict[str, Resolver] = {}


def register_source_link(kind: str, resolver: Resolver) -> None:
    _resolvers[kind] = resolver


def record_url(source: Source) -> str | None:
    """The page of the record the learning came from, if its app registered one."""
    resolver = _resolvers.get(source.kind)
    return resolver(source) if resolver else None
