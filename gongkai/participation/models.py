from django.conf import settings
from django.db import models
from django.db.models import F, Q

from gongkai.accounts.models import Agency, Department
from gongkai.participation import states
from gongkai.participation.labels import CHANNELS, DECISIONS, KINDS


class CommentCall(models.Model):
    """A draft opened for public comment (征求意见, docs/law.md §9)."""

    agency = models.ForeignKey(
        Agency, verbose_name="起草单位", on_delete=models.PROTECT, related_name="comment_calls"
    )
    department = models.ForeignKey(
        Department,
        verbose_name="起草科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comment_calls",
    )
    title = models.CharField("标题", max_length=200)
    kind = models.CharField("文件类型", max_length=20, choices=list(KINDS.items()))
    draft = models.TextField("征求意见稿")
    drafting_note = models.TextField("起草说明", blank=True)
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期", db_index=True)
    shortened_reason = models.CharField("缩短期限的理由", max_length=500, blank=True)
    contact = models.CharField("联系人及电话", max_length=200)
    via_website = models.BooleanField("网站提交", default=True)
    letter_address = models.CharField("信函地址", max_length=300, blank=True)
    email_address = models.CharField("电子邮箱", max_length=200, blank=True)
    name_required = models.BooleanField("须填写姓名", default=False)
    contact_required = models.BooleanField("须填写联系方式", default=False)

    status = models.CharField(
        "状态",
        max_length=20,
        choices=list(states.STATUS_LABELS.items()),
        default=states.DRAFT,
        db_index=True,
    )
    published_on = models.DateField("发布日期", null=True, blank=True)
    closed_on = models.DateField("截止处理日期", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回理由", max_length=300, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)

    summary_intro = models.TextField("采纳情况说明", blank=True)
    summary_published_on = models.DateField("反馈发布日期", null=True, blank=True)
    final_item = models.ForeignKey(
        "catalogue.Item",
        verbose_name="正式文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comment_calls",
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="comment_call_closes_after_opening", condition=Q(closes_on__gt=F("opens_on"))
            ),
            models.CheckConstraint(
                name="comment_call_withdrawn_has_reason",
                condition=~Q(status=states.WITHDRAWN) | ~Q(withdrawn_reason=""),
            ),
            models.CheckConstraint(
                name="comment_call_summary_has_date",
                condition=~Q(status=states.SUMMARISED) | Q(summary_published_on__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def shortened(self) -> bool:
        return bool(self.shortened_reason)


class CallAttachment(models.Model):
    """A file published with the call (the draft as issued, an annex); checked like a
    catalogue attachment (catalogue.attachments, core.file_limits)."""

    call = models.ForeignKey(CommentCall, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to="participation/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    mime = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "征求意见附件"
        verbose_name_plural = "征求意见附件"
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Opinion(models.Model):
    """Comments grouped into one opinion (意见归类), with the drafting unit's decision."""

    call = models.ForeignKey(CommentCall, on_delete=models.CASCADE, related_name="opinions")
    summary = models.TextField("意见内容")
    decision = models.CharField("采纳情况", max_length=20, choices=list(DECISIONS.items()))
    reason = models.TextField("理由", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "意见归类"
        verbose_name_plural = "意见归类"
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="opinion_not_adopted_has_reason",
                condition=Q(decision="adopted") | ~Q(reason=""),
            )
        ]

    def __str__(self):
        return f"{self.get_decision_display()}：{self.summary[:30]}"


class Comment(models.Model):
    """One citizen's comment on the whole draft (article is null) or on one article."""

    call = models.ForeignKey(CommentCall, on_delete=models.CASCADE, related_name="comments")
    article = models.PositiveSmallIntegerField("条款", null=True, blank=True)
    receipt_number = models.CharField("回执编号", max_length=60, unique=True)
    body = models.TextField("意见内容")
    name = models.CharField("姓名", max_length=50, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    consent = models.BooleanField("同意公开", default=False)
    received_on = models.DateField("提交日期")
    # Website comments come from the portal; letter and e-mail comments are recorded by the
    # drafting unit's staff (entered_by) as the letter or message gave them.
    channel = models.CharField(
        "提交渠道", max_length=10, choices=list(CHANNELS.items()), default="website"
    )
    postmarked_on = models.DateField("邮戳日期", null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    status = models.CharField(
        "审核状态",
        max_length=12,
        choices=list(states.COMMENT_LABELS.items()),
        default=states.PENDING,
        db_index=True,
    )
    # The privacy guard's findings on the text (kinds only, never the values).
    privacy_flags = models.JSONField("个人信息提示", default=list, blank=True)
    public_body = models.TextField("公开内容", blank=True)
    hidden_reason = models.CharField("不予公开原因", max_length=300, blank=True)
    moderated_on = models.DateField("审核日期", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    opinion = models.ForeignKey(
        Opinion,
        verbose_name="归入意见",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )

    submission_key = models.CharField(max_length=64, blank=True)
    submitted_from = models.GenericIPAddressField("提交地址", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "submission_key"],
                condition=~Q(submission_key=""),
                name="comment_submission_once",
            ),
            models.CheckConstraint(
                name="comment_published_needs_consent",
                condition=~Q(status=states.PUBLISHED) | Q(consent=True),
            ),
            models.CheckConstraint(
                name="comment_hidden_has_reason",
                condition=~Q(status=states.HIDDEN) | ~Q(hidden_reason=""),
            ),
            models.CheckConstraint(
                name="comment_merged_has_target",
                condition=~Q(status=states.MERGED) | Q(merged_into__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self):
        return self.receipt_number
