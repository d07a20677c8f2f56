from django.urls import path

from gongkai.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("workbench/catalogue/", views.item_list, name="list"),
    path("workbench/catalogue/new/", views.item_new, name="new"),
    path("workbench/catalogue/review/", views.review_page, name="review"),
    path("workbench/catalogue/import/", views.import_page, name="import"),
    path("workbench/catalogue/import/<int:pk>/", views.import_job_page_view, name="import_job"),
    path("workbench/catalogue/<int:pk>/", views.item_page, name="item"),
    path("workbench/catalogue/<int:pk>/edit/", views.item_edit, name="edit"),
    path("workbench/catalogue/<int:pk>/do/<str:action>/", views.item_action, name="action"),
    path("workbench/catalogue/<int:pk>/candidates/", views.item_candidates, name="candidates"),
    path(
        "workbench/catalogue/findings/<int:pk>/<str:action>/", views.finding_action, name="finding"
    ),
]
