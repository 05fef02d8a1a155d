"""Deleting an import deletes its kept file: an uploaded responses file holds personal data and
must not outlive the record that points to it, however the record goes (its consultation
deleted, or its system). A cascade sends ``post_delete`` for each import, which a bulk
``QuerySet.delete`` in the actions would too. The file goes at once, not on commit: should the
deletion roll back, the import only asks for the file to be uploaded again."""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver

from engineroom.engagement.models import ResponseImport


@receiver(post_delete, sender=ResponseImport, dispatch_uid="engagement.import_file_deleted")
def delete_kept_file(sender, instance: ResponseImport, **kwargs) -> None:
    from engineroom.engagement.actions.imports import stored_file

    stored_file(instance).unlink(missing_ok=True)
