"""`gongkai restore FILE [--force]`: bring back a `gongkai backup` archive and verify it."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "从备份恢复：先完整检查归档，再恢复到配置的（空）数据库和数据目录，"
        "然后校验审计日志链头与已发布内容。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="gongkai backup 写出的归档文件")
        parser.add_argument(
            "--force", action="store_true", help="目标数据库或上传文件目录不为空时仍然覆盖"
        )

    def handle(self, *args, file, force, **options):
        started = time.monotonic()

        def progress(step):
            self.stdout.write(f"… [{time.monotonic() - started:6.1f} s] {step}")

        try:
            result = backup_restore(path=Path(file), force=force, progress=progress)
        except BackupError as error:
            raise CommandError(f"恢复失败 / restore failed：{error}") from error
        manifest = result.manifest
        counts = manifest.get("counts", {})
        lines = [
            f"恢复完成 / restore complete（{time.monotonic() - started:.1f} s）：{Path(file).name}"
            f"（{manifest.get('created_at')} 备份，公开系统 {manifest.get('gongkai_version')}）",
            f"  数据库 / database：{counts.get('audit_records')} 条审计记录，"
            f"{counts.get('users')} 个用户，{counts.get('items')} 条公开信息"
            + ("，数据库结构已升级 / schema migrated" if result.migrated else ""),
            f"  上传文件 / uploaded files：{counts.get('media_files')} 个",
            f"  审计日志 / audit trail：校验通过，链头与备份一致（第 {result.head[0]} 条）"
            " / verified, head matches the archive",
            f"  已发布内容 / published content：{result.published_checked} 条核验一致 / verified",
        ]
        lines.extend(f"  注意 / note：{note}" for note in result.notes)
        self.stdout.write("\n".join(lines))
