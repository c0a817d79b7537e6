"""The ASGI entry point uvicorn imports (`app.asgi:app`), configured from the environment."""

from app.core.config import get_settings
from app.core.logging import configure_logging
from app.main import create_app

settings = get_settings()
configure_logging(settings.log_format, settings.log_level)
app = create_app(settings)
