from django.apps import AppConfig


class DatapackConfig(AppConfig):
    name = "safeguarding.datapack"
    label = "datapack"
    verbose_name = "Data packs"
