from tutela.access.outputs import exempt, register

exempt("ogc:landing", "links only")
exempt("ogc:conformance", "conformance classes only")
exempt("ogc:api", "API description only")
exempt("ogc:collections", "collection descriptions with the world as extent")
exempt("ogc:collection", "collection description with the world as extent")
exempt("ogc:queryables", "property names only")


def _items(case):
    lon, lat = case.restricted_site.point.coords
    tight = f"{lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}"
    urls = []
    for collection in ("sites", "incidents"):
        base = f"/ogc/collections/{collection}/items"
        urls += [
            base,
            f"{base}?f=html",
            f"{base}?bbox={tight}",
            f"{base}?limit=1000",
            f"{base}?bbox=44,41,45,42&f=html",
        ]
    urls += [
        "/ogc/collections/sites/items?filter=name%20LIKE%20%27%25relic%25%27",
        "/ogc/collections/sites/items?name=relic",
    ]
    return urls


def _item(case):
    urls = []
    for site in (case.restricted_site, case.confidential_site):
        urls += [
            f"/ogc/collections/sites/items/{site.ulid}",
            f"/ogc/collections/sites/items/{site.ulid}?f=html",
        ]
    urls += [f"/ogc/collections/incidents/items/{incident.pk}" for incident in case.incidents]
    return urls


register("ogc:items", _items)
register("ogc:item", _item)


def _tiles(case):
    """Tiles around both protected sites at every zoom band; the text check catches names and
    ids in tile properties, tests/ogc/test_tiles.py decodes positions."""
    from tutela.ogc.tiles_math import tile_of

    urls = []
    for site in (case.restricted_site, case.confidential_site):
        for zoom in (4, 8, 12, 16):
            z, x, y = tile_of(*site.point.coords, zoom)
            urls.append(f"/tiles/{z}/{x}/{y}.mvt")
    return urls


register("tiles:sites", _tiles)
