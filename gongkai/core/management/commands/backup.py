"""`gongkai backup FILE`: one archive with the database, the uploaded files and the audit head."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup.services import BackupError, backup_create


class Command(BaseCommand):
    help = "备份：把数据库（运行中也一致）、上传文件和审计链头写入一个归档文件。"

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="要写入的归档文件（.tar.gz）")

    def handle(self, *args, file, **options):
        try:
            result = backup_create(path=Path(file))
        except BackupError as error:
            raise CommandError(f"备份失败 / backup failed：{error}") from error
        manifest = result.manifest
        counts = manifest["counts"]
        head = manifest["audit_head"]
        self.stdout.write(
            f"已写入备份 / backup written：{result.path}（{result.size:,} 字节 bytes）\n"
            f"  数据库 / database：{manifest['database']['vendor']}，"
            f"{counts['audit_records']} 条审计记录，{counts['users']} 个用户，"
            f"{counts['agencies']} 个机关，{counts['info_requests']} 件申请，"
            f"{counts['items']} 条公开信息，{counts['attachments']} 个附件\n"
            f"  上传文件 / uploaded files：{counts['media_files']} 个\n"
            f"  审计链头 / audit head：第 {head['seq']} 条，{head['hash']}"
        )
        if result.anchor is not None:
            self.stdout.write(f"  已记录审计锚点 / audit head anchored：第 {result.anchor.seq} 条")
        if result.problems:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                "备份已写入，但审计日志校验未通过，链头未记录为锚点 / "
                "the archive was written, but the audit chain does not verify"
            )
