from django.urls import path

from hallway.conferences.offline import service_worker

app_name = "offline"

urlpatterns = [path("sw.js", service_worker, name="service-worker")]
