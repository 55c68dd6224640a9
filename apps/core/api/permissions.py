from rest_framework.permissions import BasePermission


class IsOrganisationMember(BasePermission):
    """Signed in and belonging to an organisation (platform superusers have none)."""

    message = "Authentication credentials were not provided."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.organisation_id)
