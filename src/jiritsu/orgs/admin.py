"""Django admin for system administrators: the organisation register in full, and staff on users.

Body administrators manage their own staff in the UI (orgs.views); the admin is for the system's
operators, who are the only ones with is_staff.
"""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import second_factor, signals
from .models import Body, Municipality, Organisation, Prefecture, Staff


@admin.register(Prefecture)
class PrefectureAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    fields = ["code", "name", "kind", "county", "population"]
    extra = 0
    show_change_link = True


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "survey_unit", "active_from", "active_until",
                    "monitoring_interval_days", "evaluation_interval_days"]
    list_filter = ["kind", "survey_unit", "prefecture"]
    search_fields = ["code", "name"]
    inlines = [MunicipalityInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "monitoring_interval_days" in form.changed_data:
            # Cases not yet monitored are due at their decision plus the body's interval: cases moves their
            # dates with it, or the work lists would keep the old ones.
            signals.monitoring_interval_changed.send(sender=Body, body=obj)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "county", "region", "population", "body"]
    list_filter = ["kind", "region", "prefecture"]
    list_select_related = ["body"]
    search_fields = ["code", "name", "county"]
    autocomplete_fields = ["body"]


class StaffOfOrganisationInline(admin.TabularInline):
    model = Staff
    fields = ["display_name", "user", "role", "manages_staff"]
    raw_id_fields = ["user"]
    extra = 0
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "body", "operation", "operator_name", "phone"]
    list_filter = ["kind", "operation", "prefecture"]
    list_select_related = ["body"]
    search_fields = ["name", "operator_name", "body__name"]
    autocomplete_fields = ["body"]
    filter_horizontal = ["catchment"]
    inlines = [StaffOfOrganisationInline]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "organisation", "role", "manages_staff"]
    list_filter = ["role", "manages_staff", "organisation__kind"]
    list_select_related = ["user", "organisation"]
    search_fields = ["display_name", "user__username", "organisation__name"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]


class StaffInline(admin.StackedInline):
    model = Staff
    can_delete = False
    autocomplete_fields = ["organisation"]
    verbose_name_plural = "職員としての所属"


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [StaffInline]
    list_display = ["username", "staff_name", "staff_organisation", "is_active", "is_staff", "last_login"]
    list_select_related = ["staff__organisation"]
    search_fields = ["username", "staff__display_name", "staff__organisation__name"]

    @admin.display(description="氏名")
    def staff_name(self, obj):
        staff = getattr(obj, "staff", None)
        return staff.display_name if staff else ""

    @admin.display(description="所属")
    def staff_organisation(self, obj):
        staff = getattr(obj, "staff", None)
        return staff.organisation.name if staff else ""


# The second factor on the admin site: a system administrator sees who has an authenticator app and removes it
# (the reset: the next sign-in enrols anew, in the access log), and never sees or adds a key. django-otp's own
# admin page would show each key as a QR code, which would let an administrator copy anyone's second factor.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class SecondFactorAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        second_factor.reset_by_administrator(account=obj.user, actor=request.user)

    def delete_queryset(self, request, queryset):
        for account in {device.user for device in queryset.select_related("user")}:
            second_factor.reset_by_administrator(account=account, actor=request.user)
