from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.accounts.models import Agency, Department
from gongkai.interaction import states
from gongkai.interaction.clock import DEFAULT_REPLY_DAYS
from gongkai.interaction.labels import CHANNELS, ENQUIRY_CHANNELS, SATISFACTION, TYPES


class MessageSettings(models.Model):
    """An agency's message clock (docs/law.md §8: 10 working days, or 5 for a simple question)."""

    agency = models.OneToOneField(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="message_settings"
    )
    reply_days = models.PositiveSmallIntegerField("答复期限（工作日）", default=DEFAULT_REPLY_DAYS)
    question_reply_days = models.PositiveSmallIntegerField(
        "咨询类留言答复期限（工作日）", default=DEFAULT_REPLY_DAYS
    )

    class Meta:
        verbose_name = "留言办理设置"
        verbose_name_plural = "留言办理设置"
        constraints = [
            models.CheckConstraint(
                name="message_settings_days_positive",
                condition=Q(reply_days__gte=1, question_reply_days__gte=1),
            )
        ]

    def __str__(self):
        return f"{self.agency}：{self.reply_days} 个工作日"


class Message(models.Model):
    """One message (留言 / 领导信箱, docs/law.md §8): not an application, not the Art. 33
    clock."""

    home_agency = models.ForeignKey(
        Agency,
        verbose_name="原收件机关",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="编号所属的机关；转办后不变",
    )
    agency = models.ForeignKey(
        Agency, verbose_name="办理机关", on_delete=models.PROTECT, related_name="messages"
    )
    department = models.ForeignKey(
        Department,
        verbose_name="承办科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    number = models.CharField("编号", max_length=60, db_index=True)
    query_code_hash = models.CharField("查询码摘要", max_length=128, blank=True)

    channel = models.CharField("渠道", max_length=20, choices=list(CHANNELS.items()))
    type = models.CharField("类型", max_length=20, choices=list(TYPES.items()))
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    writer_name = models.CharField("留言人", max_length=100, blank=True)
    contact = models.CharField("联系方式", max_length=200, blank=True)
    consent = models.BooleanField("同意公开", default=False)

    valid = models.BooleanField("有效", default=True)
    invalid_reason = models.CharField("无效原因", max_length=300, blank=True)

    received_on = models.DateField("收到日期", db_index=True)
    # Set when an application was turned into this message (Art. 39); restarts the clock.
    from_request = models.OneToOneField(
        "info_requests.InfoRequest",
        verbose_name="转自申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="message",
    )
    converted_on = models.DateField("转为留言日期", null=True, blank=True)
    # The clock's result, stored for the queue; every service rewrites it from clock.py.
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=list(states.STATUS_LABELS.items()),
        default=states.RECEIVED,
        db_index=True,
    )

    reply = models.TextField("答复内容", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)

    # Public display (docs/law.md §8): only with consent, after the privacy guard; the texts shown
    # are the masked copies below, never the originals.
    public = models.BooleanField("公开", default=False)
    public_title = models.CharField("公开标题", max_length=200, blank=True)
    public_body = models.TextField("公开内容", blank=True)
    public_reply = models.TextField("公开答复", blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    hidden_reason = models.CharField("不予公开原因", max_length=300, blank=True)
    hidden_on = models.DateField("不予公开日期", null=True, blank=True)

    satisfaction = models.CharField(
        "满意度", max_length=20, choices=list(SATISFACTION.items()), blank=True
    )
    rated_on = models.DateField("评价日期", null=True, blank=True)

    source = models.CharField("来源", max_length=12, default="register")  # portal/register/import
    submission_key = models.CharField(max_length=64, blank=True)
    submitted_from = models.GenericIPAddressField("提交地址", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "留言"
        verbose_name_plural = "留言"
        ordering = ["-received_on", "-serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["home_agency", "year", "serial"], name="message_serial_unique"
            ),
            models.UniqueConstraint(fields=["home_agency", "number"], name="message_number_unique"),
            models.UniqueConstraint(
                fields=["home_agency", "submission_key"],
                condition=~Q(submission_key=""),
                name="message_submission_once",
            ),
            models.CheckConstraint(
                name="message_invalid_has_reason",
                condition=Q(valid=True, invalid_reason="")
                | (Q(valid=False) & ~Q(invalid_reason="")),
            ),
            models.CheckConstraint(
                name="message_reply_has_text",
                condition=Q(replied_on__isnull=True, reply="")
                | (Q(replied_on__isnull=False) & ~Q(reply="")),
            ),
            models.CheckConstraint(
                name="message_public_needs_consent",
                condition=Q(public=False) | Q(public=True, consent=True, valid=True),
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"]),
            models.Index(fields=["public", "-replied_on"]),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in states.OPEN


class MessageTransfer(models.Model):
    """A message sent on to the agency that should answer it (转办)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="transfers")
    from_agency = models.ForeignKey(
        Agency, verbose_name="转出机关", on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey(
        Agency, verbose_name="转入机关", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("转办理由", max_length=300)
    on = models.DateField("转办日期")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "留言转办"
        verbose_name_plural = "留言转办"
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.message.number} {self.from_agency} → {self.to_agency}"


class MessageEvent(models.Model):
    """One step on the message's timeline; `public` shows it to the writer."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=30)
    on = models.DateField("日期")
    at = models.DateTimeField("记录时间", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.CharField("摘要", max_length=300)
    public = models.BooleanField("留言人可见", default=True)

    class Meta:
        verbose_name = "留言办理记录"
        verbose_name_plural = "留言办理记录"
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.message.number} {self.on} {self.summary}"


class ReplyTemplate(models.Model):
    """A reply text the office starts from. Placeholders: {留言人} {编号} {机关} {收到日期}."""

    name = models.CharField("名称", max_length=40, unique=True)
    body = models.TextField("答复正文")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "留言答复模板"
        verbose_name_plural = "留言答复模板"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Enquiry(models.Model):
    """One enquiry (咨询) answered by phone, at the counter or online: not an application."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="enquiries"
    )
    on = models.DateField("日期", db_index=True)
    channel = models.CharField("渠道", max_length=12, choices=list(ENQUIRY_CHANNELS.items()))
    topic = models.CharField("事项", max_length=300)
    answer = models.TextField("答复", blank=True)
    minutes = models.PositiveSmallIntegerField("用时（分钟）", null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField("来源", max_length=12, default="register")  # register/import
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "咨询登记"
        verbose_name_plural = "咨询登记"
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["agency", "on", "channel"])]

    def __str__(self):
        return f"{self.on} {self.get_channel_display()} {self.topic}"
