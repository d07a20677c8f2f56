"""The catalogue's filter form (GET): every choice is a closed list, so a typed URL with a
value that is not on it gets a message instead of a silently different result."""

from __future__ import annotations

from django import forms

from gongkai.accounts.models import Agency
from gongkai.catalogue.models import Subject
from gongkai.catalogue.taxonomy import STATUTORY_CATEGORIES, VALIDITY
from gongkai.core.forms import Form
from gongkai.portal.selectors import (
    CatalogueFilter,
    active_agencies,
    looks_like_agency_code,
    publication_years,
)

ANY = ("", "全部")


class AgencyField(forms.ModelChoiceField):
    """Chosen by code; a value that cannot be a code is refused before any query."""

    def to_python(self, value):
        if value not in self.empty_values and not looks_like_agency_code(str(value)):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class CatalogueFilterForm(Form):
    agency = AgencyField(
        label="发布机关",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="全部",
        to_field_name="code",
        error_messages={"invalid_choice": "没有这个机关，请从列表中选择。"},
    )
    category = forms.ChoiceField(
        label="第二十条类别",
        required=False,
        choices=[ANY, *STATUTORY_CATEGORIES.items()],
        error_messages={"invalid_choice": "没有这个类别，请从列表中选择。"},
    )
    subject = forms.ModelChoiceField(
        label="主题分类",
        queryset=Subject.objects.all(),
        required=False,
        empty_label="全部",
        error_messages={"invalid_choice": "没有这个主题分类，请从列表中选择。"},
    )
    year = forms.TypedChoiceField(
        label="发布年份",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "请从列表中选择发布年份。"},
    )
    validity = forms.ChoiceField(
        label="有效性",
        required=False,
        choices=[ANY, *VALIDITY.items()],
        error_messages={"invalid_choice": "有效性只能是现行有效、已修改或已废止。"},
    )

    def __init__(self, *args, fixed_agency: Agency | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fixed_agency = fixed_agency
        if fixed_agency is not None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = active_agencies()
        self.fields["year"].choices = [ANY, *((str(y), f"{y}年") for y in publication_years())]

    def filters(self) -> CatalogueFilter:
        data = self.cleaned_data
        subject = data.get("subject")
        return CatalogueFilter(
            agency=self.fixed_agency or data.get("agency"),
            statutory_category=data.get("category") or None,
            subject_id=subject.pk if subject else None,
            year=data.get("year"),
            validity=data.get("validity") or None,
        )
