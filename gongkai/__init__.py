"""Gongkai (公开): government information disclosure under the 2019 Regulation."""

__version__ = "0.1.0"
