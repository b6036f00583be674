from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safeguarding.accounts"
    label = "accounts"
    verbose_name = "People and access"

    def ready(self) -> None:
        from safeguarding.accounts.roles import Role
        from safeguarding.core.navigation import register_nav

        register_nav(
            "People",
            "accounts:member_list",
            section="people",
            order=96,
            roles=frozenset({Role.ADMINISTRATOR}),
        )
