"""An upload handler that keeps an oversized file out of memory and off the disk.

Django streams an uploaded file to a temporary file whatever its size, so a 2 GB post fills
the disk before any view can refuse it. `LimitedUploadHandler` runs first: past
`settings.UPLOAD_MAX_BYTES` (above the largest file any form accepts: the ledger's 50 MB) it
stops passing the file's data on, counts the rest, and hands the form an empty stand-in that
carries the real size — so a size check on `upload.size` (the attachment and identity-proof
forms make it before reading) refuses it with its Chinese message, naming the limit.

A view that reads such a file without looking at `upload.size` first reads nothing: check the
size first.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(UploadedFile):
    """What is left of a file over the limit: its name and real size, no content."""

    def __init__(self, name: str, size: int, content_type: str, charset: str | None) -> None:
        super().__init__(io.BytesIO(b""), name, content_type, size, charset)


class LimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.max_bytes = settings.UPLOAD_MAX_BYTES
        self.received = 0
        self.oversized = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.oversized = True
            return None  # the next handlers (memory, temporary file) get no more of it
        return raw_data

    def file_complete(self, file_size):
        if not self.oversized:
            return None  # the next handler makes the file as usual
        return OversizedUpload(self.file_name, self.received, self.content_type, self.charset)
