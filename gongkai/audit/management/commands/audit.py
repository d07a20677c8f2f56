from django.core.management.base import BaseCommand, CommandError

from gongkai.audit.selectors import audit_verify


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链是否完整、未被篡改。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="校验审计日志哈希链")
        verify.add_argument(
            "--expect-head",
            metavar="HASH",
            help="外部保存的链头哈希（上次校验时打印），用于发现末尾记录被删除",
        )

    def handle(self, *args, **options):
        report = audit_verify(expected_head_hash=options.get("expect_head"))
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"审计日志校验失败：共检查 {report.checked} 条记录，"
                f"发现 {len(report.problems)} 处问题"
            )
        self.stdout.write(
            f"审计日志完整：共 {report.checked} 条记录，链头第 {report.head_seq} 条，"
            f"哈希 {report.head_hash}"
        )
