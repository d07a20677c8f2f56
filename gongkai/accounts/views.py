from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render

from gongkai.accounts.selectors import agencies_visible_to, departments_visible_to, scope_for
from gongkai.core.forms import FieldRulesMixin


class LoginForm(FieldRulesMixin, AuthenticationForm):
    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续输错多次后账号将被暂时锁定。",
        "inactive": "该账号已停用。",
    }


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def organisation(request):
    scope = scope_for(request.user)
    agencies = list(agencies_visible_to(request.user))
    departments = list(departments_visible_to(request.user))
    by_agency = {agency.pk: [] for agency in agencies}
    for department in departments:
        by_agency.setdefault(department.agency_id, []).append(department)
    rows = [{"agency": agency, "departments": by_agency.get(agency.pk, [])} for agency in agencies]
    return render(request, "accounts/organisation.html", {"rows": rows, "scope": scope})
