from django.urls import path

from gongkai.participation import feeds, public_views, views

app_name = "participation"
urlpatterns = [
    path("workbench/participation/", views.call_list_page, name="staff_list"),
    path("workbench/participation/new/", views.call_new_page, name="new"),
    path("workbench/participation/moderation/", views.queue_page, name="queue"),
    path("workbench/participation/<int:pk>/", views.call_page, name="staff_call"),
    path("workbench/participation/<int:pk>/edit/", views.call_edit_page, name="edit"),
    path(
        "workbench/participation/<int:pk>/do/<str:action>/",
        views.call_action,
        name="action",
    ),
    path(
        "workbench/participation/attachments/<int:pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("workbench/participation/<int:pk>/moderation/", views.moderation_page, name="moderation"),
    path("workbench/participation/<int:pk>/record/", views.record_page, name="record"),
    path(
        "workbench/participation/comments/<int:pk>/<str:action>/",
        views.comment_action,
        name="comment_action",
    ),
    path("workbench/participation/<int:pk>/summary/", views.summary_page, name="summary"),
    path("workbench/participation/<int:pk>/comments.xlsx", views.comments_export, name="export"),
    # Public
    path("participation/", public_views.call_list, name="list"),
    path("participation/rss/", feeds.CallsRss(), name="rss"),
    path("participation/atom/", feeds.CallsAtom(), name="atom"),
    path("participation/<int:pk>/", public_views.call_page, name="call"),
    path("participation/<int:pk>/comment/", public_views.comment_new, name="comment"),
    path("participation/<int:pk>/done/", public_views.comment_done, name="done"),
    path(
        "participation/attachments/<int:pk>/",
        public_views.attachment_download,
        name="attachment",
    ),
]
