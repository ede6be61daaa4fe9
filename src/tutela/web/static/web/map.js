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
    const map = makeMap(container, { center: [43.4, 42.2], zoom: 6 });
    if (!map) {
      say(status, "");
      return;
    }
    window.tutelaMap = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
    map.on("load", function () {
      fetch(container.dataset.sites, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (collection) {
          map.addSource("sites", { type: "geojson", data: collection });
          map.addLayer({ id: "sites", type: "circle", source: "sites", paint: siteLayerPaint });
          const count = collection.features.length;
          if (count > 0) {
            const bounds = new maplibregl.LngLatBounds();
            collection.features.forEach(function (f) { bounds.extend(f.geometry.coordinates); });
            map.fitBounds(bounds, { padding: 30, maxZoom: 12, duration: 0 });
          }
          const template = container.dataset.loaded || "{count} sites on the map.";
          say(status, template.replace("{count}", count.toLocaleString()));
          container.dataset.ready = "true";
        })
        .catch(function () {
          say(status, container.dataset.failed ||
            "The sites could not be loaded. Reload the page, or use the list of sites.");
        });
    });
    map.on("mouseenter", "sites", function () { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", "sites", function () { map.getCanvas().style.cursor = ""; });
    map.on("click", "sites", function (event) {
      const feature = event.features[0];
      const link = document.createElement("a");
      link.href = feature.properties.url;
      link.textContent = feature.properties.name;
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
