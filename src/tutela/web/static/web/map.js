/* Tutela maps: an offline Natural Earth base map with the registry's sites on top. */
(function () {
  "use strict";

  function baseStyle(countriesUrl) {
    return {
      version: 8,
      sources: { countries: { type: "geojson", data: countriesUrl } },
      layers: [
        { id: "water", type: "background", paint: { "background-color": "#d4e4ee" } },
        { id: "land", type: "fill", source: "countries", paint: { "fill-color": "#f5f2eb" } },
        {
          id: "borders", type: "line", source: "countries",
          paint: { "line-color": "#a59c8c", "line-width": 0.6 },
        },
      ],
    };
  }

  function say(element, text) {
    if (element) element.textContent = text;
  }

  function makeMap(container, options) {
    try {
      return new maplibregl.Map(Object.assign({
        container: container,
        style: baseStyle(container.dataset.countries),
        attributionControl: { customAttribution: container.dataset.attribution, compact: false },
      }, options));
    } catch (error) {
      container.classList.add("map-unavailable");
      container.textContent = container.dataset.noWebgl ||
        "This browser cannot draw the map (WebGL is unavailable). The list of sites shows the same data.";
      return null;
    }
  }

  const siteLayerPaint = {
    "circle-radius": ["interpolate", ["linear"], ["zoom"], 4, 2.5, 8, 4, 12, 7],
    "circle-color": "#9b2226",
    "circle-stroke-color": "#ffffff",
    "circle-stroke-width": 1,
  };

  function showSites(container) {
    const status = document.getElementById("map-status");
    const extent = JSON.parse(container.dataset.extent || "null");
    const map = makeMap(container, { center: [43.4, 42.2], zoom: 6 });
    if (!map) {
      say(status, "");
      return;
    }
    window.tutelaMap = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
    if (extent) {
      map.fitBounds([[extent[0], extent[1]], [extent[2], extent[3]]],
        { padding: 30, maxZoom: 12, duration: 0 });
    }
    map.on("load", function () {
      map.addSource("sites", {
        type: "vector",
        tiles: [window.location.origin + container.dataset.tiles],
        minzoom: 0,
        maxzoom: 14,
        attribution: container.dataset.attribution,
      });
      map.addLayer({
        id: "clusters", type: "circle", source: "sites", "source-layer": "sites",
        filter: ["has", "count"],
        paint: {
          "circle-color": ["step", ["get", "count"], "#c0392b", 10, "#9b2226", 100, "#6a040f"],
          "circle-radius": ["step", ["get", "count"], 4, 10, 8, 100, 13, 1000, 18],
          "circle-stroke-color": "#ffffff", "circle-stroke-width": 1, "circle-opacity": 0.85,
        },
      });
      map.addLayer({
        id: "sites", type: "circle", source: "sites", "source-layer": "sites",
        filter: ["!", ["has", "count"]], paint: siteLayerPaint,
      });
      map.once("idle", function () {
        const template = container.dataset.loaded || "{count} sites on the map.";
        say(status, template.replace("{count}", Number(container.dataset.count).toLocaleString()));
        container.dataset.ready = "true";
      });
    });
    map.on("error", function (event) {
      if (event && event.sourceId === "sites") {
        say(status, container.dataset.failed ||
          "The sites could not be loaded. Reload the page, or use the list of sites.");
      }
    });
    ["sites", "clusters"].forEach(function (layer) {
      map.on("mouseenter", layer, function () { map.getCanvas().style.cursor = "pointer"; });
      map.on("mouseleave", layer, function () { map.getCanvas().style.cursor = ""; });
    });
    map.on("click", "clusters", function (event) {
      map.easeTo({ center: event.lngLat, zoom: Math.min(map.getZoom() + 3, 14) });
    });
    map.on("click", "sites", function (event) {
      const feature = event.features[0];
      const link = document.createElement("a");
      link.href = container.dataset.sitePage.replace("ULID", feature.properties.ulid);
      link.textContent = feature.properties.name || feature.properties.code;
      new maplibregl.Popup({ closeButton: true })
        .setLngLat(feature.geometry.coordinates)
        .setDOMContent(link)
        .addTo(map);
    });
  }

  function showOneSite(container) {
    const point = JSON.parse(document.getElementById("site-geojson").textContent);
    const footprint = JSON.parse(document.getElementById("footprint-geojson").textContent);
    const map = makeMap(container, {
      center: point.geometry.coordinates, zoom: 13, interactive: true,
    });
    if (!map) return;
    window.tutelaMap = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
    map.on("load", function () {
      if (footprint) {
        map.addSource("footprint", { type: "geojson", data: footprint });
        map.addLayer({
          id: "footprint", type: "fill", source: "footprint",
          paint: { "fill-color": "#9b2226", "fill-opacity": 0.25 },
        });
      }
      map.addSource("site", { type: "geojson", data: point });
      map.addLayer({ id: "site", type: "circle", source: "site", paint: siteLayerPaint });
      container.dataset.ready = "true";
    });
  }

  const sitesMap = document.getElementById("map");
  if (sitesMap) showSites(sitesMap);
  const siteMap = document.getElementById("site-map");
  if (siteMap) showOneSite(siteMap);
})();
