"""Health endpoints for a process manager or load balancer: /healthz (the process answers) and /readyz
(the database answers and has every migration this code expects)."""
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            names = [f"{migration.app_label}.{migration.name}" for migration, _ in pending]
            return JsonResponse({"status": "error", "database": "ok", "migrations": "pending",
                                 "pending": names[:20], "count": len(names)}, status=503)
    except Exception:  # the database did not answer: say so, never a 500 page
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "current"})
