from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    """ModelBackend that loads the user's staff record and organisation with the user: every page
    needs them (scope, role, header), so one query replaces three on each request."""

    def get_user(self, user_id):
        # Iterated, not .first(): ordering a primary-key look-up only adds to the query's compile time.
        users = get_user_model()._default_manager.select_related("staff__organisation__body").filter(pk=user_id)
        user = next(iter(users), None)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        # Django's model permissions only open the admin site, which only system administrators
        # (is_staff) may enter; for everyone else they are always empty, so skip the two queries that
        # would prove it on every page that asks a permission the rules backend refused.
        if not user_obj.is_staff and not user_obj.is_superuser:
            return set()
        return super().get_all_permissions(user_obj, obj)
