# Frontline in one image: the runtime requirements and the app, run by a non-root user. No browser, no dev tools.
#
#   docker build -t frontline .
#   docker run --rm -p 8501:8501 -v "$PWD/data:/app/data:ro" frontline            # http://localhost:8501
#   docker run --rm -p 8080:8080 -e PORT=8080 -v "$PWD/data:/app/data:ro" frontline
#
# The data directory is meant to be mounted read-only (the app never writes to it); without the mount the image
# serves the data it was built with. tests/test_deploy.py runs this file's CMD outside a container.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    PORT=8501

RUN useradd --create-home --user-group --uid 10001 frontline

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

# Owned by root, read-only to the app's user.
COPY .streamlit/ .streamlit/
COPY app.py ./
COPY components/ components/
COPY frontline/ frontline/
COPY static/ static/
COPY data/ data/

USER 10001:10001
EXPOSE 8501

# Streamlit's own health endpoint (under --server.baseUrlPath when STREAMLIT_SERVER_BASE_URL_PATH is set).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, sys, urllib.request as u; b = os.environ.get('STREAMLIT_SERVER_BASE_URL_PATH', '').strip('/'); sys.exit(u.urlopen('http://127.0.0.1:%s%s/_stcore/health' % (os.environ.get('PORT', '8501'), '/' + b if b else ''), timeout=4).read() != b'ok')"

CMD ["sh", "-c", "exec streamlit run app.py --server.port ${PORT:-8501} --server.address 0.0.0.0 --server.headless true"]
