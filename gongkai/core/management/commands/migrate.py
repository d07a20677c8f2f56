"""`gongkai migrate`: Django's migrate, the cache table, then the official working-day schedules
and the built-in letter templates (as rows an administrator can see and edit).

Seeding runs through the workdays service (with its audit records) rather than in a data
migration, so that it uses the current models and is idempotent on every run.
"""

from django.core.management.commands.migrate import Command as DjangoMigrate


class Command(DjangoMigrate):
    help = "创建或升级数据库结构，并载入内置的法定节假日安排（可重复执行）。"

    def handle(self, *args, **options):
        super().handle(*args, **options)
        if options.get("plan") or options.get("check_unapplied") or options.get("prune"):
            return
        if options.get("app_label") or options.get("migration_name"):
            return
        from django.core.management import call_command

        from gongkai.workdays.services import schedule_seed_from_package

        database = options.get("database") or "default"
        # The database cache (settings.CACHES) needs its table; a no-op when it exists or
        # when the cache is Redis.
        call_command("createcachetable", database=database, verbosity=0)
        seeded = schedule_seed_from_package(using=database)
        if seeded and options.get("verbosity", 1) >= 1:
            years = f"{seeded[0]}–{seeded[-1]}" if len(seeded) > 1 else str(seeded[0])
            self.stdout.write(f"已载入 {years} 年法定节假日安排（共 {len(seeded)} 年）。")
        from gongkai.info_requests.services import letter_templates_seed

        letters = letter_templates_seed(using=database)
        if letters and options.get("verbosity", 1) >= 1:
            self.stdout.write(f"已载入内置文书模板 {len(letters)} 种。")
