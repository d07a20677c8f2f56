from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    verbose_name = "机构与人员"

    def ready(self):
        # django-axes names its app "Axes" with no translation; the admin shows it in Chinese.
        from django.apps import apps

        if apps.is_installed("axes"):
            apps.get_app_config("axes").verbose_name = "登录安全（失败锁定）"
