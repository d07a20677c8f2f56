from django.contrib import admin

from gongkai.participation.models import Comment, CommentCall


@admin.register(CommentCall)
class CommentCallAdmin(admin.ModelAdmin):
    list_display = ("title", "agency", "kind", "opens_on", "closes_on", "status")
    list_filter = ("status", "kind")
    search_fields = ("title",)

    def has_add_permission(self, request):
        return False  # through the workbench (services), which checks the period

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("receipt_number", "call_title", "article", "status", "received_on")
    list_filter = ("status",)
    search_fields = ("receipt_number",)

    @admin.display(description="征求意见", ordering="call__title")
    def call_title(self, comment):
        return comment.call.title

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
