FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production PSPTEAM_VAR_DIR=/app/var
WORKDIR /app
RUN useradd --create-home --uid 10001 pspteam
# WeasyPrint (portfolio PDFs, apps/portfolio_documents): Pango, HarfBuzz's subsetter and fonts.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs settings to import: a throwaway key for this build step only.
RUN SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://localhost:6379/0 \
    ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && mkdir -p /app/var/prometheus && chown -R pspteam /app/var
USER pspteam
EXPOSE 8000
# pspteam/gunicorn.conf.py: bind 0.0.0.0:8000, GUNICORN_WORKERS (4), metrics of exited workers marked dead.
CMD ["gunicorn", "-c", "pspteam/gunicorn.conf.py", "pspteam.wsgi"]
