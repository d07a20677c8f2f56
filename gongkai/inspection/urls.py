from django.urls import path

from gongkai.inspection import standard_views, views

app_name = "inspection"
urlpatterns = [
    path("workbench/inspection/", views.findings_page, name="findings"),
    path("workbench/inspection/run/", views.run_start, name="run_start"),
    path("workbench/inspection/run/<int:pk>/", views.run_page, name="run"),
    path("workbench/inspection/standards/", standard_views.standards_page, name="standards"),
    path("workbench/inspection/standards/new/", standard_views.standard_edit, name="standard_new"),
    path(
        "workbench/inspection/standards/<int:pk>/",
        standard_views.standard_edit,
        name="standard_edit",
    ),
    path(
        "workbench/inspection/standards/import/",
        standard_views.standards_import_page,
        name="standards_import",
    ),
    path("workbench/inspection/selfcheck/", standard_views.selfchecks_page, name="selfchecks"),
    path(
        "workbench/inspection/selfcheck/<int:pk>/",
        standard_views.selfcheck_page,
        name="selfcheck",
    ),
    path(
        "workbench/inspection/selfcheck/<int:pk>/withheld/<int:review_pk>/",
        standard_views.withheld_decide,
        name="withheld_decide",
    ),
    path(
        "workbench/inspection/selfcheck/<int:pk>/propose/<str:signature>/",
        standard_views.frequent_propose,
        name="frequent_propose",
    ),
    path(
        "workbench/inspection/selfcheck/<int:pk>/finish/",
        standard_views.selfcheck_finish,
        name="selfcheck_finish",
    ),
]
