"""The access log in Django's admin: read-only, as the database itself enforces (append-only)."""
from django.contrib import admin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "organisation_name", "action", "case_number", "what", "via"]
    list_filter = ["action"]
    search_fields = ["username", "case_number", "organisation_name"]
    date_hierarchy = "at"
    show_full_result_count = False  # counting millions of rows on every page is the slow part

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
