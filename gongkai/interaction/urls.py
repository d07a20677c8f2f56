from django.urls import path

from gongkai.interaction import public_views, views

app_name = "interaction"
urlpatterns = [
    path("workbench/messages/", views.queue_page, name="queue"),
    path("workbench/messages/<int:pk>/", views.message_page, name="message"),
    path("workbench/messages/<int:pk>/do/<str:action>/", views.message_action, name="action"),
    path("workbench/messages/ledger.<str:fmt>", views.message_export, name="export"),
    path("workbench/messages/import/", views.message_import_page, name="import"),
    path("workbench/messages/from-request/<int:pk>/", views.from_request_page, name="from_request"),
    path("workbench/enquiries/", views.enquiry_page, name="enquiries"),
    # Public: the form, the writer's status page, the published list and the statistics.
    path("messages/", public_views.message_list, name="list"),
    path("messages/<int:pk>/", public_views.message_public, name="public"),
    path("messages/new/", public_views.message_new, name="new"),
    path("messages/done/", public_views.message_done, name="done"),
    path("messages/status/", public_views.message_status, name="status"),
    path("messages/status/<int:pk>/rate/", public_views.message_rate, name="rate"),
    path("messages/statistics/", public_views.message_statistics, name="statistics"),
]
