"""The child process that extracts a file's text under limits (see `core.file_limits`).

`python -m gongkai.core.extract_worker KIND MEMORY_BYTES` reads the file on stdin and writes
one JSON object on stdout: {"text": ...} or {"error": the Chinese message}. It imports no
Django, so it starts quickly and holds nothing of the server's.
"""

import sys

from gongkai.core.file_limits import worker_main

if __name__ == "__main__":
    sys.exit(worker_main(sys.argv[1:], sys.stdin.buffer, sys.stdout.buffer))
