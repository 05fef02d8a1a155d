from django import forms

from engineroom.system.csvcheck import FILES
from engineroom.system.models import OrganisationKind, Place


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label="Name or ODS code", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *OrganisationKind.choices]
    )
    place = forms.ModelChoiceField(
        label="Place",
        required=False,
        queryset=Place.objects.none(),
        empty_label="Any place",
        to_field_name="code",
    )

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = system.places.all()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ExtractUploadForm(forms.Form):
    files = forms.FileField(
        label="CSV files of the extract",
        help_text="Choose any of: "
        + ", ".join(FILES)
        + ". Nothing is saved unless every row is valid.",
        widget=MultipleFileInput(attrs={"accept": ".csv"}),
    )

    def clean_files(self):
        return self.files.getlist("files")
