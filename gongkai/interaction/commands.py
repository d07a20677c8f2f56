"""The `messages` and `enquiries` kinds of `gongkai import` (docs/interfaces.md): thin
wrappers over the import services."""

from __future__ import annotations

from django.core.management.base import CommandError

from gongkai.core.services import statistics_refresh
from gongkai.interaction.import_services import enquiries_import, messages_import
from gongkai.interaction.message_file import EnquiryFileError, MessageFileError


def import_interaction(kind: str, agency, data: bytes, filename: str) -> str:
    """What to print on success; a CommandError naming every problem otherwise."""
    try:
        if kind == "messages":
            result = messages_import(agency=agency, data=data, filename=filename)
        else:
            count = enquiries_import(agency=agency, data=data, filename=filename)
    except (MessageFileError, EnquiryFileError) as error:
        raise CommandError(f"{filename} 未导入任何记录：\n{error}") from None
    statistics_refresh()
    if kind == "messages":
        return (
            f"已导入 {result.created} 条留言，其中 {result.open_messages} 条尚未答复、"
            f"{result.invalid} 条无效留言"
        )
    return f"已导入 {count} 条咨询登记"
