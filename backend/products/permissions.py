"""Who may use the staff catalog API: active staff holding Django's model permissions.

Like DRF's DjangoModelPermissions (POST needs `add`, PUT/PATCH `change`,
DELETE `delete`), plus is_staff; reads need `view` or `change`, as in Django
admin. A view whose POST changes rather than adds (publish) names its
permission in `permission_action`. Anonymous requests get 401, others 403.
"""
from django.contrib.auth import get_permission_codename
from rest_framework.permissions import SAFE_METHODS, BasePermission


class StaffModelPermissions(BasePermission):
    actions_by_method = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}
    message = "Staff with the matching catalog permission only."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active and user.is_staff):
            return False
        actions: tuple[str, ...]
        if request.method in SAFE_METHODS:
            actions = ("view", "change")
        else:
            action = getattr(view, "permission_action", None) or self.actions_by_method.get(request.method)
            if action is None:
                return False
            actions = (action,)
        opts = view.permission_model._meta
        return any(
            user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}") for action in actions
        )
