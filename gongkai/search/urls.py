from django.urls import path

from gongkai.search import views

app_name = "search"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/search/", views.search_api, name="api_search"),
    path("workbench/search/queries/", views.query_log, name="query_log"),
]
