from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from gongkai.accounts.selectors import scope_for
from gongkai.workbench.todos import todos_for


@login_required
def todo(request):
    today = timezone.localdate()
    scope = scope_for(request.user)
    return render(
        request,
        "workbench/todo.html",
        {
            "todos": todos_for(request.user, today),
            "today": today,
            "has_role": scope.is_staff_member,
        },
    )
