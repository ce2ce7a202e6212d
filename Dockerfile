# One image for every Spotter process; docker-compose.yml picks the module per service.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LITELLM_LOCAL_MODEL_COST_MAP=True

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN mkdir -p shared services infra \
    && touch shared/__init__.py services/__init__.py infra/__init__.py \
    && pip install . \
    && pip uninstall -y spotter

COPY shared ./shared
COPY services ./services
COPY infra ./infra
RUN pip install --no-deps .

RUN useradd --system --uid 10001 spotter
USER spotter

EXPOSE 8000
CMD ["python", "-m", "services.api"]
