"""JSON API for the support process. Same services, same policy, same audit as the pages."""
from ninja import Router

router = Router(tags=["cases"])
