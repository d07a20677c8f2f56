from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    verbose_name = "机构与人员"

    def ready(self):
        # django-axes names its app "Axes" with no translation; the admin shows it in Chinese.
        from django.apps import apps

        if apps.is_installed("axes"):
            apps.get_app_config("axes").verbose_name = "登录安全（失败锁定）"
            _axes_records_in_chinese()
        _admin_ticks_in_chinese()


def _axes_records_in_chinese():
    """django-axes names its records in English ("Access Log for admin @ …"); the admin shows
    the name in its lists (read aloud with each row's checkbox) and on each record's page."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    def attempt(self):
        return f"{self.username} 登录失败 {self.failures_since_start} 次"

    def failure(self):
        locked = "，已锁定" if self.locked_out else ""
        return f"{self.username} 登录失败（{self.ip_address}）{locked}"

    def log(self):
        return f"{self.username} 的登录记录"

    AccessAttempt.__str__ = attempt
    AccessFailureLog.__str__ = failure
    AccessLog.__str__ = log


def _admin_ticks_in_chinese():
    """The admin's yes/no icons are described as "True"/"False" (Django writes the Python
    value into the image's alt text); people who cannot see the icon hear 是/否."""
    from django.contrib.admin.templatetags import admin_list
    from django.templatetags.static import static
    from django.utils.html import format_html

    words = {True: ("yes", "是"), False: ("no", "否"), None: ("unknown", "未知")}

    def boolean_icon(field_val):
        icon, word = words[field_val]
        return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), word)

    admin_list._boolean_icon = boolean_icon
