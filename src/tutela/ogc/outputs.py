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
    """Tiles over both protected sites at cluster zooms (4, 8) and point zooms (12, 16, from
    TUTELA_TILE_POINTS_FROM on), over the centres of their 0.1° cells at point zooms (where a
    reader who may not see the restricted site exactly finds it, and must find no confidential
    site), and filtered by name. The leak test decodes them back to longitude/latitude
    (tests/access/decoders.py): a point near a protected place is a leak."""
    from tutela.ogc.tiles_math import tile_of
    from tutela.spatial.generalise import generalise

    urls = []
    for site, word in ((case.restricted_site, "hidden"), (case.confidential_site, "relic")):
        exact = site.point.coords
        for (lon, lat), zooms in ((exact, (4, 8, 12, 16)), (generalise(*exact), (12, 16))):
            for zoom in zooms:
                z, x, y = tile_of(lon, lat, zoom)
                urls.append(f"/tiles/{z}/{x}/{y}.mvt")
            z, x, y = tile_of(lon, lat, 16)
            urls.append(f"/tiles/{z}/{x}/{y}.mvt?name={word}")
    return list(dict.fromkeys(urls))  # the sites share their low-zoom tiles


register("tiles:sites", _tiles)
