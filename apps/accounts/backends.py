from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class WorkerBackend(ModelBackend):
    """ModelBackend that loads the organisation with the user: every request needs its time
    zone (``caps(user).today``), so this saves one query per request."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("organisation").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
