"""The library's exceptions. The library raises; only the CLI picks exit codes.

Exit codes used by the CLI: 0 success; 1 unexpected internal error; 2 usage
error; 10 input error (missing, unreadable, empty); 11 unsupported format;
12 corrupt file; 13 encrypted file; 14 a safety limit exceeded; 15 OCR
unavailable or failed; 16 invalid rule files; 130 interrupted.
"""

from __future__ import annotations


class ExtractorError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.path = path
        self.reason = message

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


class InputError(ExtractorError):
    """The input cannot be read: missing, unreadable, empty, or not a supported file."""

    exit_code = 10


class UnsupportedFormatError(InputError):
    """The file's type is not one the reader supports."""

    exit_code = 11


class CorruptFileError(InputError):
    """The file claims a format but its content is broken (truncated, invalid)."""

    exit_code = 12


class EncryptedFileError(InputError):
    """The file is encrypted and cannot be opened without a password."""

    exit_code = 13


class LimitExceededError(InputError):
    """The input exceeds a safety limit (size, pages, pixels, nesting, time)."""

    exit_code = 14


class OcrError(ExtractorError):
    """OCR was needed but could not run (engine or language data missing)."""

    exit_code = 15


class RulesError(ExtractorError):
    """A rule file is missing or invalid."""

    exit_code = 16
