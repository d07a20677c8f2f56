from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "公开 · 政府信息公开管理系统"
admin.site.site_title = "公开 系统管理"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("gongkai.accounts.urls")),
    path("workdays/", include("gongkai.workdays.urls")),
    path("audit/", include("gongkai.audit.urls")),
    path("", include("gongkai.info_requests.urls")),
    path("", include("gongkai.catalogue.urls")),
    path("", include("gongkai.reports.urls")),
    path("", include("gongkai.search.urls")),
    path("", include("gongkai.interaction.urls")),
    path("", include("gongkai.participation.urls")),
    path("", include("gongkai.inspection.urls")),
    path("", include("gongkai.supervision.urls")),
    path("workbench/", include("gongkai.workbench.urls")),
    path("system/", include("gongkai.core.urls")),
    path("", include("gongkai.portal.urls")),
]

# Error pages in Chinese, in every mode (gongkai.portal.errors).
handler400 = "gongkai.portal.errors.bad_request"
handler403 = "gongkai.portal.errors.permission_denied"
handler404 = "gongkai.portal.errors.page_not_found"
handler500 = "gongkai.portal.errors.server_error"
