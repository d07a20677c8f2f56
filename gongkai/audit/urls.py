from django.urls import path

from gongkai.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("anchors.json", views.anchors, name="anchors"),
]
