from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "engineroom.accounts"
    label = "accounts"
    verbose_name = "Users, roles and memberships"
