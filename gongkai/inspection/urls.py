from django.urls import path

from gongkai.inspection import views

app_name = "inspection"
urlpatterns = [
    path("workbench/inspection/", views.findings_page, name="findings"),
    path("workbench/inspection/run/", views.run_start, name="run_start"),
    path("workbench/inspection/run/<int:pk>/", views.run_page, name="run"),
]
