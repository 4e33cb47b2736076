# The reference service as a container image: `docker build -t sos-reference .`
# Run it with a PostgreSQL DATABASE_URL; `sos-reference migrate` (the same image) prepares the
# database first. compose.yaml runs the whole topology: PostgreSQL, two replicas, haproxy in front.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The code lists, the contract, the guide and the migrations are read from the project tree at run
# time, so the package is installed in place (editable) from /app.
COPY pyproject.toml README.md LICENSE ./
COPY service ./service
COPY migrations ./migrations
COPY reference_data ./reference_data
COPY openapi ./openapi
COPY docs ./docs
RUN pip install -e . \
    && useradd --system --uid 10001 --home-dir /app sos

USER sos
EXPOSE 8000

# Liveness from inside the container; a load balancer should use /readyz (database and schema).
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]

CMD ["sos-reference", "serve", "--host", "0.0.0.0", "--port", "8000"]
