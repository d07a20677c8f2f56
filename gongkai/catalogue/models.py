from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.accounts.models import Agency, Department
from gongkai.catalogue.privacy import KIND_LABELS
from gongkai.catalogue.taxonomy import (
    ATTRIBUTES,
    GENRES,
    STATUTORY_CATEGORIES,
    VALIDITY,
    WITHHELD_REASONS,
)


class Subject(models.Model):
    """A subject category (主题分类), maintained by administrators."""

    name = models.CharField("名称", max_length=50, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Item(models.Model):
    """A catalogue item (公开条目)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SECRECY_REVIEW = "secrecy_review", "保密审查中"
        APPROVAL = "approval", "待审批"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="items"
    )
    department = models.ForeignKey(
        Department,
        verbose_name="起草科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issuing_agency = models.CharField("发布机构", max_length=200)
    written_on = models.DateField("成文日期")
    published_on = models.DateField("发布日期", null=True, blank=True, db_index=True)
    subject = models.ForeignKey(
        Subject, verbose_name="主题分类", null=True, blank=True, on_delete=models.PROTECT
    )
    statutory_category = models.CharField(
        "第二十条类别", max_length=8, choices=list(STATUTORY_CATEGORIES.items())
    )
    genre = models.CharField("体裁", max_length=24, choices=list(GENRES.items()))
    keywords = models.CharField("关键词", max_length=200, blank=True)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True)

    validity = models.CharField(
        "有效性", max_length=10, choices=list(VALIDITY.items()), default="in_force"
    )
    validity_changed_on = models.DateField("有效性变更日期", null=True, blank=True)
    amended_by = models.ForeignKey(
        "self",
        verbose_name="修改文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amends",
    )
    repealed_by = models.ForeignKey(
        "self",
        verbose_name="废止文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repeals",
    )

    attribute = models.CharField(
        "公开属性", max_length=12, choices=list(ATTRIBUTES.items()), default="proactive"
    )
    withheld_reason = models.CharField(
        "不予公开理由", max_length=20, blank=True, choices=list(WITHHELD_REASONS.items())
    )
    is_policy = models.BooleanField("政策文件（须同步解读）", default=False)
    interprets = models.OneToOneField(
        "self",
        verbose_name="所解读的文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretation",
    )

    # The 公开事项 of the standard catalogue this item belongs to (its time limit then measures
    # the item's timeliness; gongkai.inspection).
    disclosure_matter = models.ForeignKey(
        "inspection.DisclosureMatter",
        verbose_name="标准目录事项",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )

    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    index_number = models.CharField("索引号", max_length=80, blank=True)
    index_year = models.PositiveSmallIntegerField(null=True, blank=True)
    index_serial = models.PositiveIntegerField(null=True, blank=True)
    content_hash = models.CharField("内容哈希（SHA-256）", max_length=64, blank=True)
    source = models.CharField("来源", max_length=10, default="workbench")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "公开条目"
        verbose_name_plural = "公开条目"
        ordering = ["-published_on", "-index_serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "index_year", "index_serial"],
                condition=Q(index_serial__isnull=False),
                name="item_index_serial_unique",
            ),
            models.UniqueConstraint(
                fields=["index_number"],
                condition=~Q(index_number=""),
                name="item_index_number_unique",
            ),
            models.CheckConstraint(
                name="item_published_has_index",
                condition=~Q(status="published")
                | (~Q(index_number="") & Q(published_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="item_withheld_has_reason",
                condition=~Q(attribute="withheld") | ~Q(withheld_reason=""),
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "published_on"]),
            models.Index(fields=["status", "statutory_category", "published_on"]),
            # The public catalogue's order, tie-breaker included: deep pages from the index.
            models.Index(
                fields=["status", "attribute", "published_on", "id"], name="item_public_by_date"
            ),
            # Almost every item has no amending or repealing document: partial indexes keep
            # "what amends this" a look-up instead of a walk over the catalogue.
            models.Index(
                fields=["amended_by"],
                condition=Q(amended_by__isnull=False),
                name="item_amended_by_set",
            ),
            models.Index(
                fields=["repealed_by"],
                condition=Q(repealed_by__isnull=False),
                name="item_repealed_by_set",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.attribute == "proactive"


class PublicTally(models.Model):
    """How many public items (published, disclosed proactively) there are per agency, Art. 20
    category, subject, year of publication and validity: what the portal's lists, the guide
    and the year filter count, a look-up instead of a COUNT over a million items.

    Kept by database triggers on catalogue_item (migrations 0003 and 0004: per row on SQLite,
    per statement on PostgreSQL), in the same transaction as
    the item's change, so every way an item is written — services, imports, bulk creation,
    the admin — keeps it exact; `gongkai catalogue recount` rebuilds it from the items and
    says whether it differed. Nothing in Python writes it except that rebuild.
    """

    NO_SUBJECT = 0
    NO_YEAR = 0

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    statutory_category = models.CharField(max_length=8)
    subject_key = models.PositiveIntegerField()  # Subject pk, NO_SUBJECT for none
    year = models.PositiveSmallIntegerField()  # of published_on, NO_YEAR for none
    validity = models.CharField(max_length=10)
    items = models.IntegerField(default=0)

    class Meta:
        verbose_name = "公开条目计数"
        verbose_name_plural = "公开条目计数"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "statutory_category", "subject_key", "year", "validity"],
                name="public_tally_key",
            )
        ]

    def __str__(self):
        return f"{self.agency_id}/{self.statutory_category}/{self.subject_key}/{self.year}"


class Attachment(models.Model):
    """A file attached to an item. Stored under a generated name with the extension of its
    real type (`name` is what the uploader called it); its text is extracted by the task
    worker, and the item cannot go to review until every attachment is checked."""

    class Status(models.TextChoices):
        CHECKING = "checking", "正在检查"
        READY = "ready", "已检查"
        REFUSED = "refused", "未通过检查"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to="attachments/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    mime = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    text = models.TextField("提取的文字", blank=True)
    status = models.CharField(
        "检查状态", max_length=10, choices=Status.choices, default=Status.READY
    )
    refusal = models.CharField("未通过检查的原因", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["pk"]

    def __str__(self):
        return self.name


class PrivacyFinding(models.Model):
    """Personal data found in an item's text or an attachment, until masked or justified."""

    class Resolution(models.TextChoices):
        OPEN = "open", "待处理"
        MASKED = "masked", "已去标识化"
        JUSTIFIED = "justified", "依法保留"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="findings")
    attachment = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    field = models.CharField("位置", max_length=20)  # title / body / summary / attachment
    kind = models.CharField("类型", max_length=20)
    text = models.CharField("内容", max_length=100)
    masked = models.CharField("去标识化后", max_length=100)
    resolution = models.CharField(
        "处理", max_length=10, choices=Resolution.choices, default=Resolution.OPEN
    )
    justification = models.CharField("保留理由", max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "隐私检查发现"
        verbose_name_plural = "隐私检查发现"
        ordering = ["pk"]

    FIELD_LABELS = {"title": "标题", "summary": "内容概述", "body": "正文", "attachment": "附件"}

    def __str__(self):
        return f"{self.get_resolution_display()} {self.kind_label} {self.masked}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def field_label(self) -> str:
        return self.FIELD_LABELS.get(self.field, self.field)


class Workflow(models.Model):
    """One pass of an item through review: publication, amendment, repeal or withdrawal.

    At most one is open per item (a database constraint), so two reviewers cannot start
    competing reviews of the same item.
    """

    class Purpose(models.TextChoices):
        PUBLISH = "publish", "发布"
        AMEND = "amend", "修改"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="workflows")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    is_open = models.BooleanField(default=True)
    started_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(is_open=True), name="workflow_one_open_per_item"
            ),
        ]

    def __str__(self):
        return f"{self.item_id} {self.purpose} {'open' if self.is_open else 'closed'}"


class Review(models.Model):
    """A recorded decision: secrecy review (保密审查) or approval (审批)."""

    class Stage(models.TextChoices):
        SECRECY = "secrecy", "保密审查"
        APPROVAL = "approval", "审批"

    class Decision(models.TextChoices):
        PASS = "pass", "通过"
        RETURN = "return", "退回修改"

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("意见", max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_stage_display()} {self.get_decision_display()}"
