from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fangzhi.api"
    label = "api"
    verbose_name = "API"
