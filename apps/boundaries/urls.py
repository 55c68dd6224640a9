app_name = "boundaries"

urlpatterns = []
