"""The request an audit entry belongs to: its id and the client's address."""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip: str | None


_current: ContextVar[RequestContext | None] = ContextVar("audit_request", default=None)


def current() -> RequestContext:
    """The current request's context; outside a request (a command) a fresh id and no IP."""
    return _current.get() or RequestContext(request_id=f"cli-{uuid.uuid4().hex[:12]}", ip=None)


def bind(context: RequestContext) -> object:
    return _current.set(context)


def unbind(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
