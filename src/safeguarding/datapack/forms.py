"""The upload form: the file must be a pack before any row is looked at."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from safeguarding.core.govuk_forms import GovukForm
from safeguarding.datapack.formats import PackError, read_bytes

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class UploadForm(GovukForm):
    pack = forms.FileField(
        label="Data pack",
        error_messages={
            "required": "Select a data pack to upload.",
            "empty": "The selected data pack is empty.",
        },
        help_text="An Excel workbook (.xlsx), a .zip of CSV files, or one CSV file named after "
        "its sheet, like agencies.csv.",
    )

    def clean_pack(self) -> tuple[str, bytes]:
        upload = self.cleaned_data["pack"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("The data pack must be smaller than 20 MB.")
        content = upload.read()
        try:
            read_bytes(upload.name, content)
        except PackError as error:
            raise ValidationError(str(error)) from error
        return upload.name, content
