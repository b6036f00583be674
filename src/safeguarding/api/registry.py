"""Each app keeps its endpoints in its own api.py and lists them here."""

from rest_framework.routers import DefaultRouter


def register_all(router: DefaultRouter) -> None:
    from safeguarding.allegations import api as allegations_api
    from safeguarding.child_deaths import api as child_deaths_api
    from safeguarding.core import api as core_api
    from safeguarding.escalations import api as escalations_api
    from safeguarding.learning import api as learning_api
    from safeguarding.metrics import api as metrics_api
    from safeguarding.reviews import api as reviews_api
    from safeguarding.training import api as training_api

    core_api.register(router)
    metrics_api.register(router)
    reviews_api.register(router)
    learning_api.register(router)
    training_api.register(router)
    escalations_api.register(router)
    allegations_api.register(router)
    child_deaths_api.register(router)
