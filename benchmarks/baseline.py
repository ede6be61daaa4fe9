"""pygeoapi, the baseline: the same sites, from the same database, in its own venv.

PostGIS: its PostgreSQL feature provider and MVT-postgresql tile provider on ``pygeoapi_sites``,
a table (with a GiST index and a unique index on ulid) holding exactly the rows and points an
anonymous Tutela reader is shown (public sites exactly, restricted ones at their generalised
point, confidential ones absent). Embedded: its GeoPackage provider (SQLiteGPKG) on an
ogr2ogr export of that table; that provider does not use the GeoPackage's R-tree.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-pygeoapi"

SHOWN_TABLE_SQL = """
DROP TABLE IF EXISTS pygeoapi_sites;
CREATE TABLE pygeoapi_sites AS
SELECT s.id, s.ulid, s.code,
       (SELECT n.text FROM registry_name n WHERE n.site_id = s.id ORDER BY n.id LIMIT 1) AS name,
       CASE WHEN s.access_level IN ('public', 'registered') THEN s.point ELSE s.public_point END
           AS geom
FROM registry_site s
WHERE s.access_level IN ('public', 'restricted') AND s.deleted_at IS NULL AND s.point IS NOT NULL;
ALTER TABLE pygeoapi_sites ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX pygeoapi_sites_ulid ON pygeoapi_sites (ulid);
CREATE INDEX pygeoapi_sites_geom ON pygeoapi_sites USING gist (geom);
ANALYZE pygeoapi_sites;
"""


def make_shown_table(psql: list[str]) -> None:
    subprocess.run([*psql, "-c", SHOWN_TABLE_SQL], check=True)


def export_geopackage(pg_port: int, target: Path) -> None:
    target.unlink(missing_ok=True)
    subprocess.run(
        [
            "ogr2ogr", "-f", "GPKG", str(target),
            f"PG:host=127.0.0.1 port={pg_port} dbname=tutela user=tutela",
            "pygeoapi_sites", "-nln", "pygeoapi_sites", "-lco", "FID=fid",
            "-gt", "100000",
        ],
        check=True,
    )  # fmt: skip
    with sqlite3.connect(str(target)) as connection:
        connection.execute("CREATE UNIQUE INDEX pygeoapi_sites_ulid ON pygeoapi_sites (ulid)")


def _config(port: int, provider: dict, tiles: dict | None) -> str:
    import json

    providers = [provider] + ([tiles] if tiles else [])
    # JSON is valid YAML; pygeoapi reads it with its YAML loader.
    return json.dumps(
        {
            "server": {
                "bind": {"host": "127.0.0.1", "port": port},
                "url": f"http://127.0.0.1:{port}",
                "mimetype": "application/json; charset=UTF-8",
                "encoding": "utf-8",
                "languages": ["en-US"],
                "limits": {"default_items": 10, "max_items": 1000},
                "map": {"url": "https://example.org/{z}/{x}/{y}.png", "attribution": "none"},
            },
            "logging": {"level": "ERROR"},
            "metadata": {
                "identification": {
                    "title": "Tutela benchmark baseline",
                    "description": "The benchmark's sites served by pygeoapi",
                    "keywords": ["benchmark"],
                    "url": "http://127.0.0.1/",
                    "terms_of_service": "http://127.0.0.1/",
                },
                "license": {"name": "CC-BY 4.0", "url": "http://127.0.0.1/"},
                "provider": {"name": "Tutela benchmarks", "url": "http://127.0.0.1/"},
                "contact": {
                    key: "-"
                    for key in (
                        "name",
                        "position",
                        "address",
                        "city",
                        "stateorprovince",
                        "postalcode",
                        "postalCode",
                        "country",
                        "phone",
                        "fax",
                        "email",
                        "url",
                        "hours",
                        "instructions",
                        "role",
                    )
                },
            },
            "resources": {
                "sites": {
                    "type": "collection",
                    "title": "sites",
                    "description": "Heritage sites (benchmark data)",
                    "keywords": ["sites"],
                    "links": [],
                    "extents": {
                        "spatial": {
                            "bbox": [-180, -90, 180, 90],
                            "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
                        }
                    },
                    "providers": providers,
                }
            },
        },
        indent=1,
    )


def prepare(
    kind: str,
    work: Path,
    port: int,
    pg_port: int | None = None,
    gpkg: Path | None = None,
    statement_timeout_s: float = 30,
):
    """Write the config and OpenAPI document; return (argv, env) for servers.start()."""
    folder = work / f"pygeoapi-{kind}"
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "postgis":
        data = {
            "host": "127.0.0.1",
            "port": pg_port,
            "dbname": "tutela",
            "user": "tutela",
            "password": "unused",
        }
        provider = {
            "type": "feature",
            "name": "PostgreSQL",
            "data": data,
            "id_field": "ulid",
            "table": "pygeoapi_sites",
            "geom_field": "geom",
        }
        tiles = {
            "type": "tile",
            "name": "MVT-postgresql",
            "data": data,
            "id_field": "ulid",
            "table": "pygeoapi_sites",
            "geom_field": "geom",
            # No "schemes": pygeoapi 0.21 passes non-dict options on to the database driver
            # (and a list is unhashable in its cached get_engine); this provider lists its
            # schemes itself.
            # A statement timeout (passed to libpq) so that a tile pygeoapi cannot make within
            # the run does not keep a worker and the database busy during later measurements.
            "options": {
                "zoom": {"min": 0, "max": 16},
                "options": f"-c statement_timeout={int(statement_timeout_s * 1000)}",
            },
            "format": {"name": "pbf", "mimetype": "application/vnd.mapbox-vector-tile"},
        }
    else:
        provider = {
            "type": "feature",
            "name": "SQLiteGPKG",
            "data": str(gpkg),
            "id_field": "ulid",
            "table": "pygeoapi_sites",
        }
        tiles = None
    config = folder / "config.yml"
    openapi = folder / "openapi.yml"
    config.write_text(_config(port, provider, tiles))
    env = {
        "PYGEOAPI_CONFIG": str(config),
        "PYGEOAPI_OPENAPI": str(openapi),
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(
        [str(VENV / "bin" / "pygeoapi"), "openapi", "generate", str(config),
         "--output-file", str(openapi)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    argv = [
        str(VENV / "bin" / "gunicorn"), "pygeoapi.flask_app:APP", "--bind", f"127.0.0.1:{port}",
        "--workers", "2", "--graceful-timeout", "10", "--timeout", "300",
    ]  # fmt: skip
    return argv, env


def version() -> str:
    found = subprocess.run(
        [str(VENV / "bin" / "python"), "-c", "import pygeoapi; print(pygeoapi.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or "unknown"
