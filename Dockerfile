# essay-api: migrates, seeds an empty database and serves on port 8000.
FROM python:3.11-slim

# MALLOC_ARENA_MAX: glibc gives each request thread its own arena, which keeps what a query
# freed; two arenas hold a worker's memory flat (measured in bench/).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MALLOC_ARENA_MAX=2 \
    ESSAY_API_DATABASE_URL=sqlite:////data/essay-api.db

WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY alembic ./alembic
COPY seed ./seed
RUN pip install --no-cache-dir --no-deps -e . \
    && useradd --system --uid 10001 --home-dir /app essay \
    && mkdir /data && chown essay /data

USER essay
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)"]
CMD ["essay-api", "serve", "--host", "0.0.0.0", "--port", "8000"]
