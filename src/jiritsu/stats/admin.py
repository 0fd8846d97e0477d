from django.contrib import admin

from .models import SurveyTarget


@admin.register(SurveyTarget)
class SurveyTargetAdmin(admin.ModelAdmin):
    list_display = ["item", "fiscal_year", "value"]
    list_filter = ["item"]
