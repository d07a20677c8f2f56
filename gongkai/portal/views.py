"""The public portal. It only reads; the catalogue pages come with the proactive-disclosure
work, the application form and status page live with the applications."""

from django.shortcuts import render

from gongkai.accounts.models import Agency, Government


def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "government": Government.objects.order_by("pk").first(),
            "agencies": Agency.objects.filter(is_active=True).order_by("sort_order", "code"),
        },
    )
