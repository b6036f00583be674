"""A URLconf with one view that fails, to see the 500 page the Hub's own handler gives."""

from django.urls import path


def broken(request):
    raise RuntimeError("Something went wrong inside a view.")


urlpatterns = [path("boom/", broken)]
handler500 = "safeguarding.core.errors.server_error"
