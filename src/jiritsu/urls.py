from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jiritsu.api import web as api_web
from jiritsu.api.urls import api
from jiritsu.core import postal
from jiritsu.core import views as core_views
from jiritsu.directory.api import router as directory_router
from jiritsu.directory.hsds_api import hsds_api
from jiritsu.orgs import second_factor_views
from jiritsu.orgs import views as orgs_views
from jiritsu.outreach.api import router as outreach_router
from jiritsu.placements.api import router as placements_router
from jiritsu.shelter.api import router as shelter_router
from jiritsu.stats.api import router as stats_router
from jiritsu.training.api import router as training_router

# The routers of the apps above the API (the API itself imports only those below it: docs/architecture.md).
api.add_router("/", directory_router)
api.add_router("/", outreach_router)
api.add_router("/", placements_router)
api.add_router("/", shelter_router)
api.add_router("/", stats_router)
api.add_router("/", training_router)

# Django's error views, in Japanese with the site's header (core.errorpages; JSON under /api/).
handler400 = "jiritsu.core.errorpages.bad_request"
handler403 = "jiritsu.core.errorpages.permission_denied"
handler404 = "jiritsu.core.errorpages.page_not_found"
handler500 = "jiritsu.core.errorpages.server_error"

admin.site.site_header = "jiritsu システム管理"
admin.site.site_title = "jiritsu"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("postal/<str:code>", postal.postal_lookup, name="postal_lookup"),
    path("accounts/login/", orgs_views.SignIn.as_view(), name="login"),
    path("accounts/session/", core_views.session_status, name="session_status"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/first-sign-in/<uidb64>/<token>/", orgs_views.FirstSignIn.as_view(), name="first_sign_in"),
    path("accounts/two-factor/", second_factor_views.two_factor, name="two_factor"),
    path("accounts/two-factor/qr.svg", second_factor_views.two_factor_qr, name="two_factor_qr"),
    path("accounts/two-factor/recovery-codes/", second_factor_views.recovery_codes_renew,
         name="two_factor_recovery_codes"),
    path("accounts/api-tokens/", api_web.token_list, name="api_tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", api_web.token_revoke, name="api_token_revoke"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("hsds/", hsds_api.urls),
    path("", include("jiritsu.cases.urls")),
    path("orgs/", include("jiritsu.orgs.urls")),
    path("audit/", include("jiritsu.auditlog.urls")),
    path("print/", include("jiritsu.documents.urls")),
    path("stats/", include("jiritsu.stats.urls")),
    path("programs/", include("jiritsu.programs.urls")),
    path("programs/", include("jiritsu.stats.program_urls")),
    path("shelter/", include("jiritsu.shelter.urls")),
    path("directory/", include("jiritsu.directory.urls")),
    path("placements/", include("jiritsu.placements.urls")),
    path("outreach/", include("jiritsu.outreach.urls")),
    path("training/", include("jiritsu.training.urls")),
    path("housing/", include("jiritsu.housing.urls")),
    path("budget/", include("jiritsu.budget.urls")),
    path("prep/", include("jiritsu.prep.urls")),
]
