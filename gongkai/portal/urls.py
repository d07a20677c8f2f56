from django.contrib.sitemaps.views import sitemap
from django.urls import path

from gongkai.portal import api, feeds, views
from gongkai.portal.sitemaps import SITEMAPS

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    # Catalogue (Art. 12, 20): the whole catalogue, an agency's, and item pages. Index
    # numbers contain "/", hence the path converter.
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/agency/<str:code>/", views.agency_catalogue, name="agency_catalogue"),
    path("catalogue/item/<path:index_number>/", views.item_page, name="item"),
    path("catalogue/<int:pk>/", views.item_by_pk, name="item_by_pk"),
    path("catalogue/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    # The disclosure guide (公开指南, Art. 12).
    path("guide/", views.guide_index, name="guide_index"),
    path("guide/<str:code>/", views.guide, name="guide"),
    # Feeds.
    path("feeds/agency/<str:code>/rss/", feeds.AgencyRss(), name="agency_rss"),
    path("feeds/agency/<str:code>/atom/", feeds.AgencyAtom(), name="agency_atom"),
    path("feeds/category/<str:category>/rss/", feeds.CategoryRss(), name="category_rss"),
    path("feeds/category/<str:category>/atom/", feeds.CategoryAtom(), name="category_atom"),
    path("feeds/latest/rss/", feeds.LatestRss(), name="latest_rss"),
    path("feeds/latest/atom/", feeds.LatestAtom(), name="latest_atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Conventions of a government site: contact, human site map, robots, favicon, 关怀版.
    path("contact/", views.contact, name="contact"),
    path("site-map/", views.site_map, name="site_map"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("care/", views.care_toggle, name="care"),
    # Read-only JSON API.
    path("api/items/", api.items, name="api_items"),
    path("api/items/<str:pk>/", api.item, name="api_item"),
    path("api/openapi.json", api.openapi, name="api_openapi"),
]
