"""Reading a file named on the command line, with the messages every import command gives."""

from pathlib import Path

from django.core.management.base import CommandError


def read_input(path: Path, *, max_bytes: int, too_large: str) -> bytes:
    """The file's bytes; a CommandError naming the problem if it is missing, unreadable or
    larger than `max_bytes` (then `too_large`, which names the limit, is the message)."""
    try:
        if path.stat().st_size > max_bytes:
            raise CommandError(too_large)
        return path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"文件不存在：{path}") from None
    except OSError as error:
        raise CommandError(f"无法读取文件 {path}：{error.strerror}") from None
