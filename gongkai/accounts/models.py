from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Government(models.Model):
    """The body one installation serves (县/区/市人民政府)."""

    name = models.CharField("名称", max_length=100, unique=True)
    division_code = models.CharField("行政区划代码", max_length=12, blank=True)
    supervising_office_name = models.CharField(
        "政府信息公开工作主管部门", max_length=100, blank=True
    )

    class Meta:
        verbose_name = "人民政府"
        verbose_name_plural = "人民政府"

    def __str__(self):
        return self.name


class Agency(models.Model):
    """An administrative organ with its own disclosure duties and annual report (机关)."""

    class Kind(models.TextChoices):
        GOVERNMENT_OFFICE = "government_office", "政府办公室"
        DEPARTMENT = "department", "政府工作部门"
        TOWNSHIP = "township", "乡镇人民政府 / 街道办事处"
        OTHER = "other", "其他"

    government = models.ForeignKey(
        Government, verbose_name="所属政府", on_delete=models.PROTECT, related_name="agencies"
    )
    code = models.CharField("机关代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    # The disclosure office's contact details, which the guide (Art. 12) publishes.
    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    office_postcode = models.CharField("邮政编码", max_length=6, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    office_phone = models.CharField("联系电话", max_length=50, blank=True)
    office_fax = models.CharField("传真", max_length=50, blank=True)
    office_email = models.EmailField("电子邮箱", blank=True)
    index_pattern = models.CharField(
        "索引号格式",
        max_length=60,
        default="{code}/{year}-{serial:5}",
        help_text="占位符：{code} 机关代码、{year} 年份、{month} 月份、{serial:N} N位序号",
    )
    # Separation of duties, each the agency's own rule (issue 12 §1): the reply notice is
    # issued only once a leader has signed it off (签发), recorded with name and date; and an
    # item's secrecy review and its approval are done by two different people.
    reply_sign_off_required = models.BooleanField("答复告知书须经领导签发", default=False)
    separate_review_approval = models.BooleanField("保密审查与审批须由不同人员办理", default=False)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A unit inside an agency (科室/股室/处室)."""

    agency = models.ForeignKey(
        Agency, verbose_name="所属机关", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("名称", max_length=100)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "科室"
        verbose_name_plural = "科室"
        ordering = ["agency", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="department_unique_name"),
        ]

    def __str__(self):
        return f"{self.agency.short_name or self.agency.name} · {self.name}"


class User(AbstractUser):
    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"

    def __str__(self):
        return self.display_name or self.username

    def get_short_name(self):
        """The admin greets people by this (欢迎，王建国), not by their login name."""
        return self.display_name or self.username


class Role(models.TextChoices):
    CLERK = "clerk", "经办人"
    REVIEWER = "reviewer", "审核人"
    DISCLOSURE_OFFICE = "disclosure_office", "公开办"
    SUPERVISING_OFFICE = "supervising_office", "主管部门"
    ADMIN = "admin", "管理员"


class RoleAssignment(models.Model):
    """A person's role and where it applies (the README (who uses Gongkai)).

    clerk: one department (and its agency); reviewer: an agency, optionally one department;
    disclosure office: an agency; supervising office and administrator: the government.
    """

    user = models.ForeignKey(
        User, verbose_name="人员", on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    department = models.ForeignKey(
        Department,
        verbose_name="科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    Q(role="clerk", agency__isnull=False, department__isnull=False)
                    | Q(role="reviewer", agency__isnull=False)
                    | Q(role="disclosure_office", agency__isnull=False, department__isnull=True)
                    | Q(
                        role__in=["supervising_office", "admin"],
                        agency__isnull=True,
                        department__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency", "department"],
                name="role_assignment_unique",
            ),
        ]

    def __str__(self):
        where = self.department or self.agency
        return f"{self.user} · {self.get_role_display()}" + (f" · {where}" if where else "")
