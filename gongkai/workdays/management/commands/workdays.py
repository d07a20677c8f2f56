"""`gongkai workdays add|between|load|years` (docs/interfaces.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.dates import InvalidDate, parse_iso_date
from gongkai.workdays.calendar import ScheduleNotLoaded
from gongkai.workdays.schedule_file import ScheduleError, parse_schedule
from gongkai.workdays.selectors import estimate_for, get_calendar, loaded_years
from gongkai.workdays.services import ScheduleConflict, schedule_load

MAX_WORKDAYS = 10_000


def _date(text: str):
    try:
        return parse_iso_date(text)
    except InvalidDate as error:
        raise CommandError(str(error)) from None


def _count(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise CommandError(f"工作日数无效：“{text}”，应为非负整数") from None
    if value < 0:
        raise CommandError(f"工作日数不能为负数：{value}")
    if value > MAX_WORKDAYS:
        raise CommandError(f"工作日数过大：{value}（不超过 {MAX_WORKDAYS}）")
    return value


class Command(BaseCommand):
    help = "工作日计算与节假日安排管理。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="DATE 之后第 N 个工作日（DATE 当日不计）")
        add.add_argument("date", metavar="DATE")
        add.add_argument("n", metavar="N")
        between = sub.add_parser("between", help="DATE1 之后至 DATE2（含）的工作日数")
        between.add_argument("date1", metavar="DATE1")
        between.add_argument("date2", metavar="DATE2")
        load = sub.add_parser("load", help="从 JSON 文件载入一年的节假日安排")
        load.add_argument("file", metavar="FILE")
        load.add_argument("--replace", action="store_true", help="替换已载入的同一年安排")
        sub.add_parser("years", help="列出已载入节假日安排的年份")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "add":
            start, n = _date(options["date"]), _count(options["n"])
            calendar = get_calendar()
            try:
                self.stdout.write(calendar.add(start, n).isoformat())
            except ScheduleNotLoaded as error:
                raise CommandError(str(error) + _estimate_note(calendar, start, n)) from None
        elif action == "between":
            start, end = _date(options["date1"]), _date(options["date2"])
            try:
                self.stdout.write(str(get_calendar().between(start, end)))
            except ScheduleNotLoaded as error:
                raise CommandError(str(error)) from None
        elif action == "load":
            self._load(Path(options["file"]), replace=options["replace"])
        elif action == "years":
            years = loaded_years()
            self.stdout.write(" ".join(str(y) for y in years) if years else "（尚未载入任何年份）")

    def _load(self, path: Path, *, replace: bool) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"文件不存在：{path}") from None
        except UnicodeDecodeError:
            raise CommandError(f"文件不是 UTF-8 文本：{path}") from None
        except OSError as error:
            raise CommandError(f"无法读取文件 {path}：{error.strerror}") from None
        try:
            parsed = parse_schedule(text)
            schedule = schedule_load(parsed=parsed, replace=replace)
        except (ScheduleError, ScheduleConflict) as error:
            raise CommandError(f"{path.name}：{error}") from None
        holidays = sum(d.kind == "holiday" for d in parsed.days)
        self.stdout.write(
            f"已载入 {schedule.year} 年节假日安排：放假 {holidays} 天，"
            f"调休上班 {len(parsed.days) - holidays} 天（{schedule.notice}）"
        )


def _estimate_note(calendar, start, n) -> str:
    """Beside the refusal, the 暂估 date from the statutory holidays (workdays/statutory.py)."""
    try:
        guess = estimate_for(calendar).add(start, n)
    except ScheduleNotLoaded:
        return ""
    return f"。暂估（仅按法定节假日，不含调休，不是法定期限）：{guess.isoformat()}"
