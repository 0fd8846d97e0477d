"""Health endpoints for a process manager or load balancer: /healthz (the process answers) and /readyz
(the database answers and has every migration this code expects); the session's idle time for the page."""
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .middleware import idle_seconds_left
from .schema import pending_migrations


@never_cache
@require_GET
def healthz(request):
    """Liveness: no database query, so a database outage does not get healthy app processes restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """Readiness: 200 when the database answers and no migration is left to apply, else 503 saying which."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        # Asked every time: a migration rolled back under a running server makes it not ready.
        names = pending_migrations()
        if names:
            return JsonResponse({"status": "error", "database": "ok", "migrations": "pending",
                                 "pending": names[:20], "count": len(names)}, status=503)
    except Exception:  # the database did not answer: say so, never a 500 page
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "current"})


@require_http_methods(["GET", "POST"])
def session_status(request):
    """For the idle warning (static/jiritsu/idle.js): GET asks how many seconds are left without counting as
    use; POST (「ログインを続ける」, CSRF-checked) is use, so the session starts its idle time again."""
    return JsonResponse({"remaining": idle_seconds_left(request), "timeout": settings.IDLE_TIMEOUT_SECONDS})
