from django import forms

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
