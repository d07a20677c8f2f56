from gongkai.accounts.selectors import scope_for
from gongkai.workbench.navigation import menu_for


def workbench(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_for(user)
    return {
        "scope": scope,
        "menu": menu_for(scope, request.path),
        "role_labels": sorted(
            {a.get_role_display() for a in user.roles.all()}
            | ({"管理员"} if user.is_superuser else set())
        ),
    }
