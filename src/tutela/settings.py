"""Tutela's one settings module: every value comes from a ``TUTELA_*`` environment variable.

SpatiaLite under ``TUTELA_HOME`` is the default; ``TUTELA_DATABASE_URL=postgis://…`` switches to
PostGIS. See docs/operations.md for the full list.
"""

from __future__ import annotations

import re
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from tutela.env import (
    SettingError,
    data_home,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_str,
    persistent_secret,
)

PACKAGE_DIR = Path(__file__).resolve().parent
# A source checkout keeps front-end packages (installed from npm at setup) beside pyproject.toml.
CHECKOUT_DIR = PACKAGE_DIR.parent.parent

HOME = data_home(PACKAGE_DIR)
DEBUG = env_bool("TUTELA_DEBUG", False)
SECRET_KEY = env_str("TUTELA_SECRET_KEY") or persistent_secret(HOME, "secret_key")
ALLOWED_HOSTS = env_list("TUTELA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("TUTELA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "tutela.access.admin_site.AdminConfig",  # Django's admin, opened by capability
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "tutela.core.static_files.StaticFiles",
    "django.contrib.gis",
    "django.contrib.humanize",
    "tutela.accounts",
    "tutela.access",
    "tutela.history",
    "tutela.registry",
    "tutela.evidence",
    "tutela.monitoring",
    "tutela.search",
    "tutela.cooperation",
    "tutela.jobs",
    "tutela.interchange",
    "tutela.ogc",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "tutela.api",
    "tutela.spatial",
    "tutela.reports",
    "tutela.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the policy too.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, except that an address without a language prefix keeps the
    # reader's language (web/languages.py).
    "tutela.web.languages.ReaderLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tutela.history.middleware.ActorMiddleware",
    # Writes every 403 to the audit chain (the request's refusal stays as it was).
    "tutela.access.middleware.RefusalAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Reviewers and administrators without a second factor go to enrolment (TUTELA_REQUIRE_2FA).
    "tutela.accounts.middleware.SecondFactorRequiredMiddleware",
]

ROOT_URLCONF = "tutela.urls"
WSGI_APPLICATION = "tutela.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dj_database_url.DBConfig:
    url = env_str("TUTELA_DATABASE_URL")
    if url:
        if not url.startswith(("postgis://", "spatialite://")):
            raise SettingError(
                "TUTELA_DATABASE_URL must start with postgis:// (or spatialite://); "
                f"got {url.split(':', 1)[0]}://…"
            )
        config = dj_database_url.parse(url, conn_max_age=env_int("TUTELA_DB_CONN_MAX_AGE", 60))
        if config["ENGINE"].endswith("postgis"):
            # JIT compilation cost seconds on the access policy's nested subqueries and saves
            # nothing on queries this size (measured: 4.3 s vs 11 ms for visible_evidence).
            options = config.setdefault("OPTIONS", {})
            # Only the anonymous OGC reads (ogc/public_sql.py) run on server-binding cursors;
            # Django's own cursors bind on the client and are never prepared, so these two
            # settings reach those reads alone. Their planning cost more than running them
            # (docs/performance.md): prepared at once, planned once per connection. A pooler
            # in transaction mode without prepared-statement support needs them off.
            prepared = env_bool("TUTELA_DB_PREPARED_STATEMENTS", True)
            options["options"] = "-c jit=off" + (
                " -c plan_cache_mode=force_generic_plan" if prepared else ""
            )
            options["prepare_threshold"] = 0 if prepared else None
        return config
    HOME.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.contrib.gis.db.backends.spatialite",
        "NAME": str(HOME / "tutela.sqlite3"),
        # Opening SQLite and loading mod_spatialite costs about 5 ms: keep each worker's
        # connection, as for PostGIS (WAL readers still see every commit at their next query).
        "CONN_MAX_AGE": env_int("TUTELA_DB_CONN_MAX_AGE", 60),
        "OPTIONS": {
            # WAL lets the server's readers run while an import writes; NORMAL is durable in WAL.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        # A file, not SQLite's in-memory default: threads (concurrent writers of the audit chain)
        # and the live server then see the same test database, as a deployment's processes do.
        "TEST": {"NAME": env_str("TUTELA_TEST_DATABASE_NAME") or str(HOME / "test_tutela.sqlite3")},
    }


DATABASES = {"default": _database()}
SPATIALITE_LIBRARY_PATH = env_str("TUTELA_SPATIALITE_LIBRARY", "mod_spatialite")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: new passwords and every successful login with an older hash get Argon2; the
# others stay so that existing PBKDF2 (and scrypt) hashes still verify and are upgraded then.
# Permissions come from capabilities (roles from memberships), never from stored permissions.
AUTHENTICATION_BACKENDS = ["tutela.access.backend.CapabilityBackend"]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # 12, not Django's 8: the second factor is optional, so the password often stands alone.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# URL names, reversed in the reader's language: a Georgian reader lands on /ka/.
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("az", _("Azerbaijani")),
    ("hy", _("Armenian")),
    ("ka", _("Georgian")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Dates and numbers in the reader's locale; where Django's formats are missing (hy) or differ
# from CLDR (ka, en's American dates), ours come first (tutela/formats/).
FORMAT_MODULE_PATH = ["tutela.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = []
_node_modules = Path(env_str("TUTELA_NODE_MODULES", str(CHECKOUT_DIR / "node_modules")))
# The browser libraries from package.json, each served from its own vendor/ folder.
for _package, _prefix in (
    ("maplibre-gl", "maplibre-gl"),
    ("pmtiles", "pmtiles"),
    ("@protomaps/basemaps", "protomaps-basemaps"),
    ("htmx.org", "htmx"),
):
    if (_node_modules / _package / "dist").is_dir():
        STATICFILES_DIRS.append((f"vendor/{_prefix}", str(_node_modules / _package / "dist")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names once collected, served with a year's cache lifetime (core/static_files.py).
    "staticfiles": {"BACKEND": "tutela.core.static_files.HashedStaticFiles"},
}
# Without a collected STATIC_ROOT (tests, development) serve straight from the finders.
WHITENOISE_USE_FINDERS = DEBUG or not (STATIC_ROOT / "web").is_dir()
WHITENOISE_AUTOREFRESH = DEBUG
# Hashed names (every file a page names through {% static %}) are cached for ten years and
# marked immutable by WhiteNoise itself; this is for the few addresses without a hash (a
# folder's files joined to static("interchange/")), which may change at an upgrade.
WHITENOISE_MAX_AGE = 0 if DEBUG else 3600

# Security: see docs/security.md for what each of these does and why.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = env_int("TUTELA_SESSION_HOURS", 12, minimum=1) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: forms carry the token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
HTTPS = env_bool("TUTELA_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    # A __Host- cookie is only accepted over https, for this host alone, on path /: a
    # neighbouring subdomain cannot plant a session or CSRF cookie on Tutela.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = HTTPS
# A load balancer's health check speaks plain http to the app itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# Reverse proxies in front of Tutela that append the visitor's address to X-Forwarded-For; login
# throttling counts that address. TUTELA_HTTPS implies a TLS proxy, hence one by default.
TUTELA_PROXY_COUNT = env_int("TUTELA_PROXY_COUNT", 1 if HTTPS else 0, minimum=0)
# Reviewers and administrators must enrol a second factor (TOTP) before anything else.
TUTELA_REQUIRE_2FA = env_bool("TUTELA_REQUIRE_2FA", False)
# Content-Security-Policy on every response (django-csp). The admin needs no relaxation: Django
# 5.2's admin has no inline script or style (tests/accounts/test_csp_in_browser.py checks).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # MapLibre draws its sprites and tiles from data: and blob: URLs.
        "img-src": ["'self'", "data:", "blob:"],
        # MapLibre starts its web worker from a blob: URL (child-src for older browsers).
        "worker-src": ["'self'", "blob:"],
        "child-src": ["blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# A deployment's own base map (docs/operations.md): a MapLibre style URL, or else a PMTiles file
# (Protomaps' basemap) that Tutela serves with range requests; without either, the offline map
# of Natural Earth outlines and the places of web/basemap/places.csv.
TUTELA_BASEMAP_STYLE = env_str("TUTELA_BASEMAP_STYLE", "")
TUTELA_BASEMAP_PMTILES = Path(env_str("TUTELA_BASEMAP_PMTILES", str(HOME / "basemap.pmtiles")))
if TUTELA_BASEMAP_STYLE and not re.match(r"^(https?://[^/\s]+)?/\S*$", TUTELA_BASEMAP_STYLE):
    raise SettingError(
        f"TUTELA_BASEMAP_STYLE={TUTELA_BASEMAP_STYLE!r} is not an http(s) address or a path from /."
    )
# The style's own server, and the servers of its tiles, glyphs and sprites, which the browser
# may then fetch (a style names them; the policy cannot read them from it).
TUTELA_BASEMAP_ORIGINS = env_list("TUTELA_BASEMAP_ORIGINS", [])
_basemap_origins = [
    *re.findall(r"^https?://[^/\s]+", TUTELA_BASEMAP_STYLE),
    *TUTELA_BASEMAP_ORIGINS,
]
for _directive in ("connect-src", "img-src"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive] += _basemap_origins

# Sites per page in lists; the map switches to vector tiles in a later release.
# Where to ask for an account or a correction, shown on the About page ("" names no address).
TUTELA_CONTACT_EMAIL = env_str("TUTELA_CONTACT_EMAIL", "")
TUTELA_PAGE_SIZE = env_int("TUTELA_PAGE_SIZE", 50, minimum=1)
# Bind address of `tutela serve`.
TUTELA_BIND = env_str("TUTELA_BIND", "127.0.0.1:8000")
TUTELA_WORKERS = env_int("TUTELA_WORKERS", 2, minimum=1)
# gunicorn's access log on standard output; off where a proxy in front already logs requests
# (it costs about a tenth of a single item's time: docs/performance.md).
TUTELA_ACCESS_LOG = env_bool("TUTELA_ACCESS_LOG", True)
# Evidence originals, content-addressed; one upload's size limit; how many files one form takes.
TUTELA_EVIDENCE_ROOT = Path(env_str("TUTELA_EVIDENCE_ROOT", str(HOME / "evidence")))
TUTELA_EVIDENCE_MAX_BYTES = env_int("TUTELA_EVIDENCE_MAX_MB", 200, minimum=1) * 1024 * 1024
TUTELA_EVIDENCE_MAX_FILES = env_int("TUTELA_EVIDENCE_MAX_FILES", 20, minimum=1)
# Django buffers uploads above this to temporary files; keep memory bounded for video uploads.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = TUTELA_EVIDENCE_MAX_FILES
# Vector tiles: clusters below this zoom, one point per site from it on.
TUTELA_TILE_POINTS_FROM = env_int("TUTELA_TILE_POINTS_FROM", 9, minimum=0)
# Vector tiles shared by many readers are cached until the next recorded change (ogc/tile_cache.py).
TUTELA_TILE_CACHE = env_bool("TUTELA_TILE_CACHE", True)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # On disk, so every server worker shares one cache; 20,000 tiles of ~20 KB at most.
    "tiles": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(HOME / "tile-cache"),
        "TIMEOUT": 7 * 86400,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # Counts of what readers see, per shared view, filter and language, until the next write
    # (history/cache.py): the dashboard's figures, the site filter's facet counts.
    "counts": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(HOME / "count-cache"),
        "TIMEOUT": 7 * 86400,
        "OPTIONS": {"MAX_ENTRIES": 2_000},
    },
}
# Situation reports over areas of more sites than this are made by the background worker, with
# progress on their job's page, instead of while the reader waits (docs/reports.md).
TUTELA_REPORT_INLINE_MAX_SITES = env_int("TUTELA_REPORT_INLINE_MAX_SITES", 2_000, minimum=1)
# Sites one browser download may hold; `tutela export` has no limit (docs/interchange.md).
# A field form made for a selection lists its sites as choices; phones slow down past this.
TUTELA_FIELD_FORM_MAX_SITES = env_int("TUTELA_FIELD_FORM_MAX_SITES", 5_000, minimum=1)
TUTELA_EXPORT_WEB_MAX_SITES = env_int("TUTELA_EXPORT_WEB_MAX_SITES", 50_000, minimum=1)
# Generalisation of restricted locations, in degrees (DESIGN.md: a 0.1° cell).
TUTELA_RESTRICTED_CELL_DEGREES = env_float("TUTELA_RESTRICTED_CELL_DEGREES", 0.1)
# Imports: how near (metres) a new site must be to an existing one with a similar name to be
# listed as a possible duplicate.
TUTELA_IMPORT_DUPLICATE_METRES = env_int("TUTELA_IMPORT_DUPLICATE_METRES", 100, minimum=1)
# Imports uploaded through the browser (/import/): the largest file one upload may be, in MB.
# Django streams an upload to a temporary file (FILE_UPLOAD_MAX_MEMORY_SIZE), so this bounds
# disk, not memory; bigger registers go through `tutela import`, which has no limit.
TUTELA_IMPORT_UPLOAD_MAX_BYTES = env_int("TUTELA_IMPORT_UPLOAD_MAX_MB", 200, minimum=1) << 20
# Background jobs keep their files here, one folder per job (``<kind>/<pk>/``): an import's
# upload and mapping, a report's PDF, each job's progress. TUTELA_IMPORT_ROOT is its name from
# when imports were the only jobs, still read when TUTELA_JOBS_ROOT is not set.
TUTELA_JOBS_ROOT = Path(
    env_str("TUTELA_JOBS_ROOT") or env_str("TUTELA_IMPORT_ROOT") or str(HOME / "jobs")
)
# A finished job (its report, its result file, its folder) is removed this many days later.
TUTELA_JOBS_KEEP_DAYS = env_int("TUTELA_JOBS_KEEP_DAYS", 30, minimum=1)
# Background jobs (DESIGN.md): the database is the queue by default, worked off by `tutela
# worker` (started beside the server by `tutela serve`/`demo`); any django-tasks backend
# (e.g. one for Celery or RQ) can replace it here without touching the code that enqueues.
TASKS = {
    "default": {
        "BACKEND": env_str("TUTELA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# `tutela serve` and `tutela demo` start one worker process beside gunicorn; turn it off when
# the worker runs as a service of its own (docs/operations.md).
TUTELA_START_WORKER = env_bool("TUTELA_START_WORKER", True)

# Imports of a .zip: the most its files may unpack to together, in MB (zip-bomb guard).
TUTELA_IMPORT_MAX_UNZIPPED_MB = env_int("TUTELA_IMPORT_MAX_UNZIPPED_MB", 2048, minimum=1)

# Debian 12 ships GDAL 3.6, which cannot block network access from spatial references (3.9
# can). The deployment has no outbound network beyond what its operator allows; revisit on 3.9.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("TUTELA_LOG_LEVEL", "WARNING")},
}
