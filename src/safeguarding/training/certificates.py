"""A delegate's certificate of attendance as a PDF, printed by WeasyPrint from an HTML template.

The rule (only after attendance and a completed after-course evaluation) is the service's:
`services.certificate_issue` refuses with a ValidationError, or records the issue (audited) and
lets the certificate be printed. The certificate fetches nothing: its styles are in the page.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone

from safeguarding.training import services
from safeguarding.training.models import Booking

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

logging.getLogger("weasyprint").setLevel(logging.ERROR)


class _NoFetching(weasyprint.urls.URLFetcher):
    """The certificate is self-contained: nothing outside it is fetched while printing."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        raise ValueError(f"The certificate does not fetch {url}.")


def certificate_html(booking: Booking) -> str:
    session = booking.session
    context = {
        "booking": booking,
        "delegate": booking.delegate,
        "course": session.course,
        "partnership": session.course.partnership,
        "session_date": timezone.localtime(session.starts_at).date(),
        "issued_on": timezone.localdate(),
    }
    return render_to_string("training/certificate.html", context)


def certificate_pdf(*, actor: User, booking: Booking) -> bytes:
    """The certificate's PDF, once the service allows it (else its ValidationError)."""
    services.certificate_issue(actor=actor, booking=booking)
    html = weasyprint.HTML(string=certificate_html(booking), url_fetcher=_NoFetching())
    return bytes(html.write_pdf())


def filename(booking: Booking) -> str:
    """certificate-advanced-child-protection-jane-smith.pdf"""
    words = f"{booking.session.course.title} {booking.delegate.name}".lower()
    return f"certificate-{re.sub(r'[^a-z0-9]+', '-', words).strip('-')}.pdf"
