from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class DatapackConfig(AppConfig):
    name = "safeguarding.datapack"
    label = "datapack"
    verbose_name = "Data packs"

    def ready(self) -> None:
        from safeguarding.accounts.roles import Role
        from safeguarding.core.navigation import register_nav

        autodiscover_modules("datapack")
        managers = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})
        register_nav(
            "Data pack", "datapack:data_pack", section="data-pack", order=94, roles=managers
        )
