"""The worker's own page: how their roles divide between peer-distinct, shared and clinical-only work."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.core.capabilities import caps
from apps.drift import selectors


@login_required
def mine(request):
    """Only ever the signed-in worker's own figures."""
    shape = selectors.my_shape(request.user, caps(request.user).today)
    return render(request, "drift/mine.html", {"shape": shape})
