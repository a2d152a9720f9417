"""A work's quality page: error rates (差错率) of its nodes across versions, the work's
overall rate by date (an inline SVG chart) and open marks per rule."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views import View

from fangzhi.core.views import visible_object
from fangzhi.works.models import Work

from .. import selectors


class WorkTrendView(LoginRequiredMixin, View):
    def get(self, request: Any, pk: int) -> HttpResponse:
        work = visible_object(Work, request.user, pk)
        ctx = {"work": work, **selectors.work_trend(request.user, work)}
        return render(request, "quality/work_trend.html", ctx)


urls = [path("works/<int:pk>/", WorkTrendView.as_view(), name="work_trend")]
