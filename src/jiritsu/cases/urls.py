from .web.urls_case import urlpatterns as case_urls
from .web.urls_intake import urlpatterns as intake_urls

urlpatterns = intake_urls + case_urls
