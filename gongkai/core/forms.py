"""The upload form of the workbench's imports (ledger, catalogue)."""

from pathlib import Path

from django import forms

IMPORT_EXTENSIONS = (".csv", ".xlsx")


class ImportUploadForm(forms.Form):
    file = forms.FileField(error_messages={"required": "请选择要导入的文件"})

    def __init__(self, *args, label: str, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label
        self.max_bytes = max_bytes

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in IMPORT_EXTENSIONS:
            raise forms.ValidationError(
                f"不支持的文件类型：“{upload.name}”，请上传 .csv 或 .xlsx 文件"
            )
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"文件过大（{upload.size / 1024 / 1024:.1f} MB），"
                f"最大 {self.max_bytes // 1024 // 1024} MB，请拆分后分批导入"
            )
        return upload
