from django.core.management.base import BaseCommand, CommandError

from gongkai.audit.selectors import anchor_file_path, audit_verify
from gongkai.audit.services import AuditAnchorRefused, audit_anchor_write


class Command(BaseCommand):
    help = (
        "审计日志：verify 校验哈希链是否完整、未被篡改（并对照数据库之外的链头锚点）；"
        "anchor 立即把当前链头记录为锚点。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="校验审计日志哈希链")
        verify.add_argument(
            "--expect-head",
            metavar="HASH",
            help="外部保存的链头哈希（上次校验时打印），用于发现末尾记录被删除",
        )
        sub.add_parser("anchor", help="校验后把当前链头写入数据库之外的锚点文件")

    def handle(self, *args, **options):
        if options["action"] == "anchor":
            return self.anchor()
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
        if report.anchor_seq is not None:
            self.stdout.write(
                f"已对照数据库之外的链头锚点（{anchor_file_path()}，最近一次为第 "
                f"{report.anchor_seq} 条）"
            )

    def anchor(self):
        try:
            anchor = audit_anchor_write()
        except AuditAnchorRefused as refused:
            for problem in refused.problems:
                self.stderr.write(problem)
            raise CommandError("审计日志校验未通过，未记录锚点") from refused
        if anchor is None:
            self.stdout.write("审计日志为空，无需记录锚点")
            return
        self.stdout.write(
            f"已记录审计锚点：第 {anchor.seq} 条，哈希 {anchor.hash}（{anchor_file_path()}）"
        )
