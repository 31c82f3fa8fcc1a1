app_name = "account-data"

urlpatterns: list = []
