from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.accounts.models import Agency, Department
from gongkai.info_requests import states
from gongkai.info_requests.fees import METHODS
from gongkai.info_requests.outcomes import (
    APPEAL_RESULTS,
    APPLICANT_TYPES,
    BY_CODE,
    CHANNELS,
    LITIGATION_KINDS,
    OUTCOMES,
)

OUTCOME_CHOICES = [(o.code, o.title) for o in OUTCOMES]


class InfoRequest(models.Model):
    """One application for government information (政府信息公开申请)."""

    class DeliveryForm(models.TextChoices):
        PAPER = "paper", "纸质"
        ELECTRONIC = "electronic", "电子"

    class DeliveryWay(models.TextChoices):
        POST = "post", "邮寄"
        EMAIL = "email", "电子邮件"
        PICKUP = "pickup", "当面领取"
        ONLINE = "online", "网上获取"

    agency = models.ForeignKey(
        Agency, verbose_name="受理机关", on_delete=models.PROTECT, related_name="info_requests"
    )
    department = models.ForeignKey(
        Department,
        verbose_name="承办科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="info_requests",
    )
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    number = models.CharField("编号", max_length=60, db_index=True)
    query_code_hash = models.CharField("查询码摘要", max_length=128, blank=True)

    # Art. 29: who applies and how to reach them
    applicant_type = models.CharField(
        "申请人类型", max_length=20, choices=list(APPLICANT_TYPES.items())
    )
    applicant_name = models.CharField("申请人", max_length=200)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    id_document_type = models.CharField("身份证明类型", max_length=30, blank=True)
    id_document_number = models.CharField("身份证明号码", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    id_proof = models.FileField("身份证明材料", upload_to="id_proofs/%Y/", blank=True)

    # Art. 29: what is asked for, and how it should come
    description = models.TextField("所需信息描述")
    doc_numbers = models.CharField("文件名称、文号", max_length=300, blank=True)
    delivery_form = models.CharField(
        "提供形式", max_length=12, choices=DeliveryForm.choices, default=DeliveryForm.ELECTRONIC
    )
    delivery_way = models.CharField(
        "获取方式", max_length=12, choices=DeliveryWay.choices, default=DeliveryWay.EMAIL
    )

    # Art. 31: how it arrived and when it counts as received
    channel = models.CharField("申请方式", max_length=12, choices=list(CHANNELS.items()))
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    signed_on = models.DateField("签收日期", null=True, blank=True)
    confirmed_on = models.DateField("确认日期", null=True, blank=True)
    received_on = models.DateField("收到日期", db_index=True)
    oral = models.BooleanField("口头申请", default=False)
    transcribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="代为填写人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    status = models.CharField(
        "状态",
        max_length=24,
        choices=list(states.STATUS_LABELS.items()),
        default=states.REGISTERED,
        db_index=True,
    )
    outcome = models.CharField("办理结果", max_length=20, choices=OUTCOME_CHOICES, blank=True)
    outcome_note = models.TextField("答复说明", blank=True)
    other_agency_name = models.CharField("掌握该信息的机关", max_length=100, blank=True)
    closed_on = models.DateField("答复日期", null=True, blank=True, db_index=True)

    extended = models.BooleanField("已延期", default=False)
    extension_approved_by = models.CharField("延期批准人", max_length=50, blank=True)
    extension_reason = models.CharField("延期理由", max_length=300, blank=True)
    extension_on = models.DateField("延期日期", null=True, blank=True)
    # The leader who signed off the reply (签发), where the agency requires it.
    signed_off_by = models.CharField("签发人", max_length=50, blank=True)
    signed_off_on = models.DateField("签发日期", null=True, blank=True)

    # The clock's result, stored for the work queue (recomputed from the events on each change;
    # `request_recompute_due` proves it): null while stopped.
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    # When `due_on` cannot be computed because the deadline reaches a year whose schedule is
    # not loaded: the estimate (暂估) from the statutory holidays, replaced by the real date
    # when the year is loaded (workdays/statutory.py). Never a legal date.
    due_on_estimate = models.DateField("答复期限（暂估）", null=True, blank=True)

    # Fees recorded in an imported ledger (收费金额), which carry no notice or payment dates.
    ledger_fee_yuan = models.DecimalField(
        "台账收费金额（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    source = models.CharField("来源", max_length=10, default="register")  # register/portal/ledger
    submission_key = models.CharField(max_length=64, blank=True)
    submitted_from = models.GenericIPAddressField("提交地址", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "serial"], name="info_request_serial_unique"
            ),
            models.UniqueConstraint(
                fields=["agency", "submission_key"],
                condition=~Q(submission_key=""),
                name="info_request_submission_once",
            ),
            models.CheckConstraint(
                name="info_request_final_has_outcome",
                condition=(
                    Q(status__in=sorted(states.FINAL), closed_on__isnull=False) & ~Q(outcome="")
                )
                | (~Q(status__in=sorted(states.FINAL)) & Q(outcome="", closed_on__isnull=True)),
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"]),
            # Lists of closed cases, newest reply first (the queue filtered by status/outcome).
            models.Index(
                fields=["agency", "status", "-closed_on", "received_on"],
                name="info_request_closed_by_status",
            ),
            models.Index(
                fields=["agency", "outcome", "-closed_on", "received_on"],
                name="info_request_closed_by_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.applicant_name}"

    @property
    def outcome_info(self):
        return BY_CODE.get(self.outcome)

    @property
    def is_open(self) -> bool:
        return self.status in states.OPEN


class Correction(models.Model):
    """A correction notice (补正告知, Art. 30) and the applicant's answer."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="corrections")
    notice_on = models.DateField("告知日期")
    complete_by = models.DateField("补正期限")
    items = models.TextField("需补正的事项")
    completed_on = models.DateField("收到补正日期", null=True, blank=True)
    # What the applicant sent as the correction, when it came through the status page.
    response = models.TextField("补正内容", blank=True)
    lapsed_on = models.DateField("逾期日期", null=True, blank=True)

    class Meta:
        verbose_name = "补正"
        verbose_name_plural = "补正"
        ordering = ["notice_on", "pk"]

    def __str__(self):
        return f"{self.request.number} 补正 {self.notice_on}"


class Consultation(models.Model):
    """Asking a third party (Art. 32) or another agency (Art. 34)."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", "征求第三方意见"
        OTHER_AGENCY = "other_agency", "征求其他机关意见"

    class Answer(models.TextChoices):
        CONSENT = "consent", "同意公开"
        OBJECT = "object", "不同意公开"
        NONE = "none", "逾期未答复"

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    party = models.CharField("征求对象", max_length=200)
    sent_on = models.DateField("发出日期")
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answer = models.CharField("意见", max_length=10, choices=Answer.choices, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["sent_on", "pk"]

    def __str__(self):
        return f"{self.request.number} {self.get_kind_display()} {self.party}"


class FeeNotice(models.Model):
    """A processing-fee notice (收费通知, 国办函〔2020〕109号) and its payment."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="fees")
    method = models.CharField("计收方式", max_length=12, choices=list(METHODS.items()))
    quantity = models.PositiveIntegerField("件数或页数")
    earlier_items = models.PositiveIntegerField("本月此前已申请件数", default=0)
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    notice_on = models.DateField("通知日期")
    pay_by = models.DateField("缴费期限")
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    lapsed_on = models.DateField("逾期日期", null=True, blank=True)

    class Meta:
        verbose_name = "收费通知"
        verbose_name_plural = "收费通知"
        ordering = ["notice_on", "pk"]

    def __str__(self):
        return f"{self.request.number} {self.amount} 元"


class Appeal(models.Model):
    """Administrative reconsideration or litigation against a reply (table 四)."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", "行政复议"
        LITIGATION = "litigation", "行政诉讼"

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="appeals")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    litigation_kind = models.CharField(
        "诉讼类型", max_length=24, choices=list(LITIGATION_KINDS.items()), blank=True
    )
    filed_on = models.DateField("申请或起诉日期")
    body = models.CharField("复议机关或法院", max_length=100, blank=True)
    result = models.CharField(
        "结果", max_length=10, choices=list(APPEAL_RESULTS.items()), default="pending"
    )
    decided_on = models.DateField("审结日期", null=True, blank=True)

    class Meta:
        verbose_name = "复议或诉讼"
        verbose_name_plural = "复议和诉讼"
        ordering = ["filed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="appeal_litigation_has_kind",
                condition=Q(kind="reconsideration", litigation_kind="")
                | (Q(kind="litigation") & ~Q(litigation_kind="")),
            )
        ]

    def __str__(self):
        return f"{self.request.number} {self.get_kind_display()} {self.filed_on}"


class LetterTemplate(models.Model):
    """An editable letter template. Placeholders like {申请人} are filled from the case."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "补正告知书"
        CONSULTATION = "consultation", "第三方意见征询函"
        EXTENSION = "extension", "延期答复告知书"
        FEE = "fee", "收费通知书"
        REPLY = "reply", "政府信息公开申请答复告知书"

    kind = models.CharField("文书", max_length=20, choices=Kind.choices)
    outcome = models.CharField(
        "适用办理结果",
        max_length=20,
        blank=True,
        help_text="仅答复告知书：对应的办理结果；留空为通用",
    )
    title = models.CharField("标题", max_length=60)
    body = models.TextField("正文", help_text="每段一行；可用占位符见说明")
    number_prefix = models.CharField(
        "文号前缀",
        max_length=30,
        blank=True,
        help_text="如“依申请公开”，文号为 机关简称+前缀〔年〕第N号",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = [
            models.UniqueConstraint(fields=["kind", "outcome"], name="letter_template_unique")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}{'（' + self.outcome + '）' if self.outcome else ''}"


class DisclosedFile(models.Model):
    """The information itself (所申请的信息随本告知书提供): a file the office provides with a
    granted or partly granted reply, downloaded by the applicant from the status page.

    Stored under a generated name with its real type's extension; its text is extracted by
    the task worker within the file limits and scanned by the privacy guard. For a partial
    disclosure (Art. 37) a file whose text still holds personal data cannot go out: the office
    provides the redacted version instead.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", "正在检查"
        READY = "ready", "已检查"
        REFUSED = "refused", "未通过检查"

    request = models.ForeignKey(
        InfoRequest, on_delete=models.CASCADE, related_name="disclosed_files"
    )
    name = models.CharField("文件名", max_length=200)
    file = models.FileField("文件", upload_to="disclosed/%Y/")
    mime = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    status = models.CharField(
        "检查状态", max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    refusal = models.CharField("未通过原因", max_length=300, blank=True)
    # The privacy guard's findings in the extracted text: [[label, masked value], ...].
    findings = models.JSONField("个人信息检查结果", default=list, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "提供的政府信息"
        verbose_name_plural = "提供的政府信息"
        ordering = ["added_at", "pk"]

    def __str__(self):
        return self.name


class Letter(models.Model):
    """A letter issued on a case. Its content is frozen at issue; documents render from it."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书", max_length=20, choices=LetterTemplate.Kind.choices)
    serial = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=80)
    title = models.CharField("标题", max_length=60)
    recipient = models.CharField("收件人", max_length=200)
    paragraphs = models.JSONField("正文段落")
    footer_lines = models.JSONField("页脚", default=list)
    agency_name = models.CharField("落款机关", max_length=100)
    issued_on = models.DateField("日期")
    for_applicant = models.BooleanField("送达申请人", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["issued_on", "pk"]

    def __str__(self):
        return f"{self.number} {self.title}"


class RequestEvent(models.Model):
    """One step on the case's timeline. `on` is the legal date; `public` shows the step to
    the applicant on the status page."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=30)
    on = models.DateField("日期")
    at = models.DateTimeField("记录时间", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.CharField("摘要", max_length=300)
    public = models.BooleanField("申请人可见", default=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.request.number} {self.on} {self.summary}"
