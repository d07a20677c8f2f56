from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from gongkai.accounts.models import Role
from gongkai.accounts.selectors import scope_for
from gongkai.audit.labels import action_label
from gongkai.audit.models import AuditRecord
from gongkai.audit.selectors import action_choices, model_names


@login_required
def log(request):
    if not scope_for(request.user).has_role(Role.SUPERVISING_OFFICE, Role.ADMIN):
        raise PermissionDenied("只有主管部门和管理员可以查看审计日志")
    records = AuditRecord.objects.order_by("-seq")
    action = request.GET.get("action", "").strip()
    if action:
        records = records.filter(action=action)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    names = model_names()
    rows = [(record, action_label(record.action, names)) for record in page]
    return render(
        request,
        "audit/log.html",
        {"page": page, "rows": rows, "action": action, "actions": action_choices()},
    )


def anchors(request):
    """The audit heads anchored outside the database, public as a transparency anchor: anyone
    can keep a copy, and a hash reveals nothing of the records it seals."""
    from django.http import JsonResponse

    from gongkai.audit.selectors import audit_anchors

    listed = [anchor.public() for anchor in audit_anchors().anchors]
    return JsonResponse({"anchors": listed}, json_dumps_params={"ensure_ascii": False})
