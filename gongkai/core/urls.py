from django.urls import path

from gongkai.core import views

app_name = "core"
urlpatterns = [path("", views.system_status, name="system")]
