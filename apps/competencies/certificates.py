"""Training certificates: checking an upload (size and type, by content as well as by name) and
serving a stored one as a download (the page and the API share :func:`certificate_response`)."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse

from apps.competencies.models import TrainingRecord

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

# (leading bytes, content type, allowed extensions). The content decides; the extension must agree.
SIGNATURES = (
    (b"%PDF-", "application/pdf", {".pdf"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
)


def max_bytes() -> int:
    return getattr(settings, "TRAINING_CERTIFICATE_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_certificate(upload: UploadedFile) -> tuple[str, str]:
    """Return ``(content_type, safe original name)`` or raise a ValidationError on ``certificate``.

    The browser's declared content type is ignored: the first bytes of the file decide, so a
    script renamed to ``.pdf`` is refused.
    """
    limit = max_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError({"certificate": f"The file is larger than {limit // (1024 * 1024)} MB."})
    if upload.size == 0:
        raise ValidationError({"certificate": "The file is empty."})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    name = PurePath(str(upload.name or "certificate")).name[-150:] or "certificate"
    extension = PurePath(name).suffix.lower()
    for signature, content_type, extensions in SIGNATURES:
        if head.startswith(signature):
            if extension not in extensions:
                raise ValidationError(
                    {"certificate": "The file name's extension does not match its content (PDF, PNG or JPEG)."}
                )
            return content_type, name
    raise ValidationError({"certificate": "Upload a PDF, PNG or JPEG file."})


def certificate_response(record: TrainingRecord) -> FileResponse:
    """The stored certificate of ``record`` as an attachment, under its original (checked) name.

    ``record`` comes from ``selectors.get_certificate_for``, which decided the reader may have
    it and recorded the read.
    """
    return FileResponse(
        record.certificate.open("rb"),
        as_attachment=True,
        filename=record.certificate_name or "certificate",
        content_type=record.certificate_content_type or "application/octet-stream",
    )
