from django.urls import path

from gongkai.supervision import views

app_name = "supervision"
urlpatterns = [
    path("workbench/supervision/", views.desk, name="desk"),
    path("workbench/supervision/table.xlsx", views.table_xlsx, name="table_xlsx"),
    path("workbench/supervision/trace/", views.trace_page, name="trace"),
    path("workbench/supervision/overdue/", views.overdue, name="overdue"),
    path("workbench/supervision/nudges/new/", views.nudge_new, name="nudge_new"),
    path("workbench/supervision/nudges/<int:pk>/", views.nudge_page, name="nudge"),
    path(
        "workbench/supervision/nudges/<int:pk>/acknowledge/",
        views.nudge_acknowledge,
        name="nudge_acknowledge",
    ),
    path("workbench/supervision/circulars/", views.circulars, name="circulars"),
    path("workbench/supervision/circulars/<int:pk>/", views.circular_page, name="circular"),
    path("workbench/supervision/circulars/<int:pk>/issue/", views.circular_issue, name="issue"),
    path(
        "workbench/supervision/circulars/<int:pk>/publish/",
        views.circular_publish,
        name="publish",
    ),
    path("workbench/supervision/circulars/<int:pk>/delete/", views.circular_delete, name="delete"),
    path(
        "workbench/supervision/circulars/<int:pk>.<str:fmt>",
        views.circular_download,
        name="download",
    ),
    path("workbench/supervision/assessment/", views.assessment_page, name="assessment"),
    path(
        "workbench/supervision/assessment/scheme/",
        views.assessment_scheme_page,
        name="assessment_scheme",
    ),
    path("supervision/assessment/", views.public_assessments, name="public_assessments"),
    path("supervision/assessment/<int:year>/", views.public_assessment, name="public_assessment"),
    # The portal: published circulars.
    path("supervision/circulars/", views.public_circulars, name="public_list"),
    path("supervision/circulars/<int:pk>/", views.public_circular, name="public"),
    path(
        "supervision/circulars/<int:pk>.<str:fmt>",
        views.public_circular_download,
        name="public_download",
    ),
]
