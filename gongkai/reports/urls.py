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
    path("annual-reports/", views.public_list, name="public_list"),
    path("annual-reports/<int:pk>/report.<str:fmt>", views.public_document, name="public_document"),
]
