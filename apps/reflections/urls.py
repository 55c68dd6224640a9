app_name = "reflections"

urlpatterns = []
