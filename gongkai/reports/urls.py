from django.urls import path, register_converter

from gongkai.core.converters import ReportYearConverter
from gongkai.reports import views

register_converter(ReportYearConverter, "report_year")

app_name = "reports"
urlpatterns = [
    path("workbench/reports/", views.report_list, name="list"),
    path("workbench/reports/<str:who>/<report_year:year>/", views.report_edit, name="edit"),
    path(
        "workbench/reports/<str:who>/<report_year:year>/report.<str:fmt>",
        views.report_document,
        name="document",
    ),
    path(
        "workbench/reports/<str:who>/<int:year>/publish/",
        views.report_publish_confirm,
        name="publish",
    ),
    path("annual-reports/", views.public_list, name="public_list"),
    path("annual-reports/<int:pk>/history/", views.public_history, name="public_history"),
    path(
        "annual-reports/<int:pk>/v<int:version>/report.<str:fmt>",
        views.public_version_document,
        name="public_version_document",
    ),
    path("annual-reports/<int:pk>/report.<str:fmt>", views.public_document, name="public_document"),
]
