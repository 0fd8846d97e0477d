"""The API docs page (Swagger UI) with its scripts served from django-ninja's bundled copies.

django-ninja only uses its bundled assets when "ninja" is an installed app and otherwise links a CDN;
the system must work without external assets, so the page and its assets are served here.
"""
import mimetypes
from pathlib import Path

import ninja
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import Swagger, _csrf_needed

ASSET_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.svg", "favicon.png"}


class LocalSwagger(Swagger):
    template = "api/docs.html"

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        asset = lambda name: reverse(f"{api.urls_namespace}:docs-asset", kwargs={"name": name})  # noqa: E731
        context = {
            "swagger_settings": self.settings,
            "api": api,
            "add_csrf": _csrf_needed(api),
            "css": asset("swagger-ui.css"), "bundle": asset("swagger-ui-bundle.js"),
            "init": asset("swagger-ui-init.js"), "favicon": asset("favicon.svg"),
        }
        return render(request, self.template, context)


def docs_asset(request, name: str):
    if name not in ASSETS:
        raise Http404("no such asset")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(open(ASSET_DIR / name, "rb"), content_type=content_type)  # noqa: SIM115
    response["Cache-Control"] = "public, max-age=86400"
    return response
