"""System administrators see every API token and revoke any of them (the owner does so on their page)."""
from django.contrib import admin, messages

from . import tokens
from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "label", "can_write", "created_at", "expires_at", "status"]
    list_filter = ["can_write"]
    search_fields = ["label", "user__username"]
    readonly_fields = ["user", "label", "can_write", "created_at", "expires_at", "revoked_at"]
    actions = ["revoke_selected"]

    def has_add_permission(self, request):
        return False  # issued on the tokens page or by `jiritsu issue-api-token`: the secret is shown there once

    def has_delete_permission(self, request, obj=None):
        return False  # a revoked token stays listed: the access log names tokens by id

    @admin.action(description="選択したトークンを失効させる")
    def revoke_selected(self, request, queryset):
        revoked = tokens.revoke_all(queryset)
        self.message_user(request, f"{revoked}件のトークンを失効させました。", messages.SUCCESS)
