"""The search vocabulary in the administrator's 系统管理 (检索词表): every save and delete goes
through the services, which audit it; a bad entry gets a message in Chinese."""

from django import forms
from django.contrib import admin

from gongkai.core.forms import ModelForm
from gongkai.search import services
from gongkai.search.models import SearchTerm
from gongkai.search.vocabulary import check, split_equivalents


class SearchTermForm(ModelForm):
    class Meta:
        model = SearchTerm
        fields = ["word", "equivalents", "two_way", "active", "note"]
        widgets = {"equivalents": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        word = data.get("word")
        if word is not None and data.get("equivalents") is not None:
            problem = check(word, split_equivalents(data["equivalents"]))
            if problem:
                raise forms.ValidationError(problem)
        return data


@admin.register(SearchTerm)
class SearchTermAdmin(admin.ModelAdmin):
    form = SearchTermForm
    list_display = ["word", "equivalents", "two_way", "active", "shipped", "updated_at"]
    list_filter = ["active", "two_way", "shipped"]
    search_fields = ["word", "equivalents", "note"]
    actions = None  # deletions one by one, each audited

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            old = SearchTerm.objects.get(pk=obj.pk)
            before = services._term_state(old)
        services.search_term_save(term=obj, actor=request.user, before=before)

    def delete_model(self, request, obj):
        services.search_term_delete(term=obj, actor=request.user)
