from django.conf import settings


def staff(request):
    user = getattr(request, "user", None)
    profile = getattr(user, "staff", None) if user is not None and user.is_authenticated else None
    return {"staff_profile": profile}


def idle_timeout(request):
    """What the idle warning script (static/jiritsu/idle.js) reads from the page."""
    return {"idle_timeout_seconds": settings.IDLE_TIMEOUT_SECONDS,
            "idle_warning_seconds": settings.IDLE_WARNING_SECONDS}
