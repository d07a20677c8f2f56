from django.urls import path

from gongkai.info_requests import public_views, views

app_name = "info_requests"
urlpatterns = [
    path("workbench/requests/", views.queue_page, name="queue"),
    path("workbench/requests/new/", views.register_page, name="register"),
    path("workbench/requests/<int:pk>/", views.case_page, name="case"),
    path("workbench/requests/<int:pk>/do/<str:action>/", views.case_action, name="action"),
    path("workbench/requests/<int:pk>/id-proof/", views.id_proof_download, name="id_proof"),
    path("workbench/requests/<int:pk>/files/", views.disclosed_file_upload, name="file_upload"),
    path(
        "workbench/requests/<int:pk>/files/<int:file_pk>/",
        views.disclosed_file_download,
        name="file",
    ),
    path(
        "workbench/requests/<int:pk>/files/<int:file_pk>/remove/",
        views.disclosed_file_remove,
        name="file_remove",
    ),
    path("workbench/requests/<int:pk>/delivery/", views.delivery_record_page, name="delivery"),
    path("workbench/requests/letters/<int:pk>.<str:fmt>", views.letter_download, name="letter"),
    path("workbench/requests/ledger.<str:fmt>", views.ledger_export, name="ledger_export"),
    path("workbench/requests/import/", views.ledger_import_page, name="ledger_import"),
    path(
        "workbench/requests/import/<int:pk>/",
        views.ledger_import_job_page,
        name="ledger_import_job",
    ),
    # Public: the application form and the applicant's status page.
    path("apply/", public_views.apply_page, name="apply"),
    path("apply/done/", public_views.done_page, name="apply_done"),
    path("apply/status/", public_views.status_page, name="status"),
    path(
        "apply/status/<int:pk>/correction/",
        public_views.status_correction,
        name="status_correction",
    ),
    path("apply/status/<int:pk>/withdraw/", public_views.status_withdraw, name="status_withdraw"),
    path("apply/status/files/<int:pk>/", public_views.status_file, name="status_file"),
    path("apply/status/<int:pk>/receipt.pdf", public_views.status_receipt, name="receipt"),
    path(
        "apply/status/letters/<int:pk>.<str:fmt>", public_views.status_letter, name="status_letter"
    ),
]
