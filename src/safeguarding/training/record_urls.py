"""Evaluations, quotes, learning gain, compliance, delegates, webinar weeks, commissioned
training and requirements (included by `training/urls.py`, in its `training` namespace)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
