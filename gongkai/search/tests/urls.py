"""The project's URLs with the search app's, until gongkai/urls.py includes them."""

from django.urls import include, path

from gongkai.urls import urlpatterns as project

urlpatterns = list(project)
if not any(getattr(p, "namespace", None) == "search" for p in project):
    urlpatterns.append(path("", include("gongkai.search.urls")))
