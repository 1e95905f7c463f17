"""Settings shared by every environment; deploy-specific values come from the environment."""

from pathlib import Path

import dj_database_url

from akhbar.settings.env import env_bool, env_int, env_json, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent

# Everything the embedded default writes (SQLite database, media, page cache) lives here.
AKHBAR_DATA_DIR = env_path("AKHBAR_DATA_DIR", default=BASE_DIR / "data")

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "akhbar.arabic",
    "akhbar.core",
    "akhbar.news",
    "akhbar.search",
    "akhbar.importers",
    "akhbar.newsroom",
    "akhbar.feeds",
    "akhbar.publishing",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "ninja",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: a page-cache hit skips everything below; what they add to a response (security
    # headers, CSP) is stored with it and replayed.
    "akhbar.publishing.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "akhbar.api.preflight.ApiPreflightMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "akhbar.importers.middleware.HomeQueryRedirectMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "akhbar.urls"
WSGI_APPLICATION = "akhbar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "akhbar.core.context_processors.site_chrome",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{AKHBAR_DATA_DIR / 'akhbar.sqlite3'}"),
        conn_max_age=env_int("AKHBAR_DB_CONN_MAX_AGE", default=60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must work on a fresh clone: create the data folder it lives in.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers continue while the scheduler or an import writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "akhbar",
        }
    }
else:
    # Files, not local memory: the page cache must be one for the app server, the scheduler
    # (scheduled publishing invalidates pages) and `akhbar import`, which are processes apart.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": AKHBAR_DATA_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }
# Wagtail writes a rendition to the cache whenever a template, feed or page head asks for one
# (get_rendition): 30 writes per feed, each a file renamed into place or a Redis round trip.
# Each process keeps them in its own memory instead. A key names the image, filter and focal
# point; a process that lacks one reads the rendition from the database.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 10_000},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("AKHBAR_TIME_ZONE", "Asia/Damascus")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = env_path("AKHBAR_STATIC_ROOT", default=AKHBAR_DATA_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("AKHBAR_MEDIA_ROOT", default=AKHBAR_DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = env_str("AKHBAR_SITE_NAME", "أخبار")
WAGTAILADMIN_BASE_URL = env_str("AKHBAR_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAILIMAGES_IMAGE_MODEL = "core.NewsImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("AKHBAR_IMAGES_MAX_UPLOAD_MB", default=10) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("AKHBAR_IMAGES_MAX_MEGAPIXELS", default=40) * 1_000_000
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "gif": "png"}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
TAGGIT_CASE_INSENSITIVE = True
# The newsroom asks no third-party host: no Gravatar look-up of editors' addresses (a user's
# uploaded picture, or Wagtail's default), no check for a newer Wagtail release.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Strict Content-Security-Policy on the reader site: no inline script, no inline style, no
# third-party host. The Wagtail admin relies on inline scripts, so it is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin", "/django-admin"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# akhbar
AKHBAR_PAGE_SIZE = env_int("AKHBAR_PAGE_SIZE", default=20)
AKHBAR_MOST_READ_DAYS = env_int("AKHBAR_MOST_READ_DAYS", default=2)
# The embedded default serves uploads itself; behind nginx, nginx serves MEDIA_ROOT.
AKHBAR_SERVE_MEDIA = env_bool("AKHBAR_SERVE_MEDIA", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("AKHBAR_LOG_LEVEL", "INFO")},
    "loggers": {
        # Per-task and per-publish lines drown out what matters in commands and server logs.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# Distribution: feeds, sitemaps and the public API (docs/distribution.md)
AKHBAR_FEEDS_ITEMS = env_int("AKHBAR_FEEDS_ITEMS", default=30)
# Origins allowed to read the API from a browser: "*" (the API is public and cookie-free) or a
# comma-separated list such as "https://app.example,https://news.example"; empty turns CORS off.
AKHBAR_API_CORS_ORIGINS = env_list("AKHBAR_API_CORS_ORIGINS", default=["*"])
AKHBAR_API_RATE_LIMIT = env_str("AKHBAR_API_RATE_LIMIT", "1200/m")
# How many reverse proxies append to X-Forwarded-For in front of the app (nginx: 1); the rate
# limit then counts the address the nearest proxy saw, which a client cannot forge.
NINJA_NUM_PROXIES = env_int("AKHBAR_API_PROXIES", default=0)

# Newsroom (docs/newsroom.md)
# The admin is Arabic and right-to-left for everyone; each user may switch to English in their
# account settings. Django's LocaleMiddleware is deliberately not installed: it would let the
# browser's Accept-Language choose the admin language, and the reader site is Arabic-only.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ar", "العربية"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("ar", "العربية")]
# Required alt text and Arabic help on every image upload and edit form.
WAGTAILIMAGES_IMAGE_FORM_BASE = "akhbar.newsroom.forms.NewsImageForm"
# Seconds between two runs of publish_scheduled by `akhbar scheduler`.
AKHBAR_SCHEDULER_INTERVAL = env_int("AKHBAR_SCHEDULER_INTERVAL", default=30)

# Importers
# Records per transaction: a crash loses at most one batch, and bigger batches are faster.
AKHBAR_IMPORT_BATCH_SIZE = env_int("AKHBAR_IMPORT_BATCH_SIZE", default=500)
# 1: `akhbar import` reads and prepares the next batches in a child process while it writes
# one (two cores); 0: all in one process.
AKHBAR_IMPORT_WORKERS = env_int("AKHBAR_IMPORT_WORKERS", default=1)
# SQLite pages `akhbar import` keeps in memory while it writes, in MB (SQLite's own is 2 MB;
# 40 keeps a 100,000-article import within the 500 MB of docs/importing.md, tenth pass).
AKHBAR_IMPORT_CACHE_MB = env_int("AKHBAR_IMPORT_CACHE_MB", default=40)
# A JSON Lines line longer than this is reported and skipped without being read into memory.
AKHBAR_IMPORT_MAX_LINE_BYTES = env_int("AKHBAR_IMPORT_MAX_LINE_BYTES", default=5_000_000)
# How alike (estimated shared wording, in percent) an imported text must be to an article
# imported before to update it as the same story rather than create a twin (docs/importing.md).
AKHBAR_IMPORT_NEAR_DUPLICATE_PERCENT = env_int("AKHBAR_IMPORT_NEAR_DUPLICATE_PERCENT", default=50)
# Blogger and WordPress exports: a bigger file is refused before reading; a bigger entry
# (one post with its metadata) is reported and skipped.
AKHBAR_IMPORT_MAX_XML_BYTES = env_int("AKHBAR_IMPORT_MAX_XML_BYTES", default=2_000_000_000)
AKHBAR_IMPORT_MAX_XML_ENTRY_BYTES = env_int("AKHBAR_IMPORT_MAX_XML_ENTRY_BYTES", default=20_000_000)
# `akhbar import feed URL`: the largest feed downloaded, and how long the download may take.
AKHBAR_IMPORT_MAX_FEED_BYTES = env_int("AKHBAR_IMPORT_MAX_FEED_BYTES", default=20_000_000)
AKHBAR_IMPORT_FEED_TIMEOUT = env_int("AKHBAR_IMPORT_FEED_TIMEOUT", default=30)
# Feeds `akhbar scheduler` imports every AKHBAR_IMPORT_FEEDS_INTERVAL seconds, as a JSON list:
# [{"url": "https://...", "section": "دولي", "source_name": "..."}] (source_name optional).
AKHBAR_IMPORT_FEEDS = env_json("AKHBAR_IMPORT_FEEDS", default=[])
AKHBAR_IMPORT_FEEDS_INTERVAL = env_int("AKHBAR_IMPORT_FEEDS_INTERVAL", default=900)
# `akhbar import html`: a saved page larger than this is reported and not read.
AKHBAR_IMPORT_MAX_PAGE_BYTES = env_int("AKHBAR_IMPORT_MAX_PAGE_BYTES", default=10_000_000)

# Search (docs/search.md)
# The reader search's backend: a dotted path, or empty to follow the database engine (SQLite
# FTS5 or PostgreSQL full-text). Optional keys, defaults in docs/search.md: TITLE_WEIGHT,
# PHRASE_BOOST, RECENCY_BOOST, RECENCY_DAYS, MAX_RESULTS, MAX_RANKED.
AKHBAR_SEARCH_BACKEND = {"BACKEND": env_str("AKHBAR_SEARCH_BACKEND", "")}
# The admin's search: Wagtail's database backend with Arabic spelling folded.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "akhbar.search.admin_backend"}}

# Static publishing and the page cache (docs/publishing.md)
# The folder nginx serves reader pages from; empty turns static publishing off.
AKHBAR_PUBLISH_ROOT = env_str("AKHBAR_PUBLISH_ROOT", "")
# Seconds a page stays in the full-page cache (edits invalidate it at once); 0 turns it off.
AKHBAR_PUBLISH_CACHE_SECONDS = env_int("AKHBAR_PUBLISH_CACHE_SECONDS", default=600)
# Seconds the ticker and most-read fragments stay in the page cache.
AKHBAR_PUBLISH_FRAGMENT_SECONDS = env_int("AKHBAR_PUBLISH_FRAGMENT_SECONDS", default=15)
# Megabytes of cached pages each app-server process keeps in memory, answered before Django's
# handler (akhbar.publishing.front); 0 turns that layer off.
AKHBAR_PUBLISH_MEMORY_MB = env_int("AKHBAR_PUBLISH_MEMORY_MB", default=64)
# Milliseconds a process trusts its in-memory copy before checking that no other process
# (the scheduler, an import, another server) invalidated the page.
AKHBAR_PUBLISH_MEMORY_RECHECK_MS = env_int("AKHBAR_PUBLISH_MEMORY_RECHECK_MS", default=500)
# Seconds between two re-renders of the published most-read fragment by `akhbar scheduler`.
AKHBAR_PUBLISH_MOST_READ_INTERVAL = env_int("AKHBAR_PUBLISH_MOST_READ_INTERVAL", default=300)
AKHBAR_PUBLISH_BACKENDS: dict[str, dict] = {}
if AKHBAR_PUBLISH_CACHE_SECONDS > 0:
    AKHBAR_PUBLISH_BACKENDS["cache"] = {
        "BACKEND": "akhbar.publishing.backends.cache.PageCacheBackend",
        "TIMEOUT": AKHBAR_PUBLISH_CACHE_SECONDS,
        "FRAGMENT_TIMEOUT": AKHBAR_PUBLISH_FRAGMENT_SECONDS,
        "MEMORY_MB": AKHBAR_PUBLISH_MEMORY_MB,
        "RECHECK_MS": AKHBAR_PUBLISH_MEMORY_RECHECK_MS,
    }
if AKHBAR_PUBLISH_ROOT:
    AKHBAR_PUBLISH_BACKENDS["folder"] = {
        "BACKEND": "akhbar.publishing.backends.filesystem.FilesystemBackend",
        "ROOT": AKHBAR_PUBLISH_ROOT,
    }
# Wagtail's own tasks run at once, as before; publishing work goes to a database queue that
# `akhbar db_worker --backend publishing --queue-name publishing` runs (each changed page), and
# the lists, sitemaps and site-wide refreshes to one that `--queue-name publishing-background` runs.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "publishing": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["publishing", "publishing-background"],
    },
}
