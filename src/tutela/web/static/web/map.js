/* Tutela maps: an offline base map (Natural Earth outlines, OpenStreetMap and GeoNames places as
   Tutela's own vector tiles) or a deployment's own, with the registry's sites on top. */
(function () {
  "use strict";

  // The reader's language picks the label (web/places.py gives each place one per language).
  const LANGUAGE = (document.documentElement.lang || "en").split("-")[0];

  // An address from the page's root made absolute, its {z}/{x}/{y} left as written (the URL
  // API would escape the braces); MapLibre's worker needs absolute addresses.
  function absolute(url) {
    return window.location.origin + url;
  }

  // Place labels. There is no "glyphs" URL: MapLibre then draws each letter itself from the
  // browser's fonts (TinySDF), which works offline and in every script the system can show
  // (Georgian, Armenian, Cyrillic, Latin); "Bold" in a font name asks for weight 700.
  function placeLayer() {
    const kind = ["get", "kind"];
    const size = function (city, town, village, small) {
      return ["match", kind, "city", city, "town", town, ["village", "suburb"], village, small];
    };
    return {
      id: "places", type: "symbol", source: "places", "source-layer": "places",
      layout: {
        "text-field": ["coalesce", ["get", "name_" + LANGUAGE], ["get", "name_en"]],
        "text-font": ["match", kind, ["city", "town"], ["literal", ["Noto Sans Bold"]],
          ["literal", ["Noto Sans Regular"]]],
        "text-size": ["interpolate", ["linear"], ["zoom"],
          4, size(12, 10, 9, 9),
          8, size(16, 12, 10, 10),
          12, size(20, 16, 13, 11),
          16, size(24, 20, 16, 14)],
        "text-max-width": 8,
        "text-padding": 3,
        // On the place, or just above or below it where a site's symbol stands there (the
        // sites are drawn on top and keep their place: a town's name steps aside, not away).
        "text-variable-anchor": ["center", "top", "bottom"],
        "text-radial-offset": 0.9,
        "symbol-sort-key": ["get", "rank"],
      },
      paint: {
        "text-color": ["match", kind, ["city", "town"], "#1f1d1a",
          ["village", "suburb"], "#3d3a35", "#5a554d"],
        "text-halo-color": "rgba(255, 255, 255, 0.9)",
        "text-halo-width": 1.4,
      },
    };
  }

  function offlineStyle(container) {
    return {
      version: 8,
      sources: {
        countries: { type: "geojson", data: container.dataset.countries },
        places: {
          type: "vector",
          tiles: [absolute(container.dataset.places)],
          minzoom: 0,
          maxzoom: Number(container.dataset.placesMaxZoom || 14),
          attribution: container.dataset.placesAttribution,
        },
      },
      layers: [
        { id: "water", type: "background", paint: { "background-color": "#d4e4ee" } },
        { id: "land", type: "fill", source: "countries", paint: { "fill-color": "#f5f2eb" } },
        {
          id: "borders", type: "line", source: "countries",
          paint: { "line-color": "#a59c8c", "line-width": 0.6 },
        },
        placeLayer(),
      ],
    };
  }

  // A deployment's PMTiles file (Protomaps' basemap), read by range requests through the
  // pmtiles protocol and drawn with Protomaps' own layers in the reader's language.
  function pmtilesStyle(container) {
    if (!window.pmtilesProtocolAdded) {
      maplibregl.addProtocol("pmtiles", new pmtiles.Protocol().tile);
      window.pmtilesProtocolAdded = true;
    }
    let layers;
    try {
      layers = basemaps.layers("protomaps", basemaps.namedFlavor("light"), { lang: LANGUAGE });
    } catch (error) {
      layers = basemaps.layers("protomaps", basemaps.namedFlavor("light"), { lang: "en" });
    }
    return {
      version: 8,
      sources: {
        protomaps: {
          type: "vector",
          url: "pmtiles://" + absolute(container.dataset.basemapPmtiles),
          attribution: '<a href="https://protomaps.com">Protomaps</a> © ' +
            '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>',
        },
      },
      layers: layers,
    };
  }

  function baseStyle(container) {
    if (container.dataset.basemapStyle) return container.dataset.basemapStyle;
    if (container.dataset.basemapPmtiles && window.pmtiles && window.basemaps) {
      return pmtilesStyle(container);
    }
    return offlineStyle(container);
  }

  function say(element, text) {
    if (element) element.textContent = text;
  }

  function makeMap(container, options) {
    try {
      return new maplibregl.Map(Object.assign({
        container: container,
        style: baseStyle(container),
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

  // The classes a cluster counts (spatial/mvt.py: CONDITION_CLASSES), with their bar colours:
  // the legend's colours for destroyed, severe (any damage), none and unknown.
  const CLUSTER_CLASSES = [
    ["destroyed", "#1b1b1b"], ["damaged", "#b2182b"], ["intact", "#1a9850"], ["unknown", "#b9b9c0"],
  ];

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? Number(values[key]).toLocaleString(document.documentElement.lang) : whole;
    });
  }

  // The points' symbols are the legend's own SVGs (web/_condition_symbol.html), drawn as map
  // images, so the map and its legend cannot disagree.
  function loadSymbols(map) {
    const ratio = 2;
    const symbols = document.querySelectorAll(".map-legend svg[data-condition]");
    return Promise.all(Array.prototype.map.call(symbols, function (svg) {
      return new Promise(function (resolve) {
        const copy = svg.cloneNode(true);
        copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
        copy.setAttribute("width", 20 * ratio);
        copy.setAttribute("height", 20 * ratio);
        const image = new Image(20 * ratio, 20 * ratio);
        image.onload = function () {
          if (!map.hasImage("condition-" + svg.dataset.condition)) {
            map.addImage("condition-" + svg.dataset.condition, image, { pixelRatio: ratio });
          }
          resolve();
        };
        image.onerror = function () { resolve(); };
        image.src = "data:image/svg+xml;charset=utf-8," +
          encodeURIComponent(new XMLSerializer().serializeToString(copy));
      });
    }));
  }

  function symbolOf(condition) {
    const svg = document.querySelector('.map-legend svg[data-condition="' + (condition || "unknown") + '"]');
    return svg ? svg.cloneNode(true) : null;
  }

  // Clusters are HTML markers, not map symbols: they say their count in text and their
  // members' condition as a bar, and are buttons a keyboard reaches. The tiles' clusters are
  // cells of a fine world grid (spatial/mvt.py); on screen, those closer than a marker's width
  // merge into one, so markers never pile up.
  const MERGE_PIXELS = 44;

  function clusterMarkers(map, container) {
    let shown = [];
    const template = container.dataset.clusterLabel;

    function merged() {
      const cells = new Map();
      map.querySourceFeatures("sites", { sourceLayer: "sites", filter: ["has", "count"] })
        .forEach(function (feature) {
          const [lon, lat] = feature.geometry.coordinates;
          // Neighbouring tiles repeat the clusters of their buffers: count each once.
          cells.set(lon.toFixed(5) + "," + lat.toFixed(5), feature);
        });
      const groups = [];
      Array.from(cells.values())
        .sort(function (a, b) { return b.properties.count - a.properties.count; })
        .forEach(function (feature) {
          const p = feature.properties;
          const [lon, lat] = feature.geometry.coordinates;
          const at = map.project([lon, lat]);
          let group = groups.find(function (g) {
            return Math.abs(g.x - at.x) < MERGE_PIXELS && Math.abs(g.y - at.y) < MERGE_PIXELS;
          });
          if (!group) {
            group = { x: at.x, y: at.y, lon: 0, lat: 0, count: 0 };
            CLUSTER_CLASSES.forEach(function ([name]) { group[name] = 0; });
            groups.push(group);
          }
          group.lon += lon * p.count;
          group.lat += lat * p.count;
          group.count += p.count;
          CLUSTER_CLASSES.forEach(function ([name]) { group[name] += p[name] || 0; });
        });
      return groups;
    }

    function marker(group) {
      const center = [group.lon / group.count, group.lat / group.count];
      const button = document.createElement("button");
      button.type = "button";
      button.className = "map-cluster";
      button.dataset.count = group.count;
      const label = fill(template, group);
      button.setAttribute("aria-label", label);
      button.title = label;
      const number = document.createElement("span");
      number.textContent = Number(group.count).toLocaleString(document.documentElement.lang);
      const bar = document.createElement("span");
      bar.className = "map-cluster-bar";
      CLUSTER_CLASSES.forEach(function ([name, colour]) {
        if (!group[name]) return;
        const part = document.createElement("span");
        part.style.flexGrow = group[name];
        part.style.background = colour;
        part.dataset.class = name;
        bar.appendChild(part);
      });
      button.append(number, bar);
      button.addEventListener("click", function () {
        map.easeTo({ center: center, zoom: Math.min(map.getZoom() + 3, 14) });
      });
      return new maplibregl.Marker({ element: button }).setLngLat(center);
    }

    return function update() {
      shown.forEach(function (old) { old.remove(); });
      shown = merged().map(function (group) { return marker(group).addTo(map); });
    };
  }

  // The list beside the map: the sites of the view, from OGC API with the page's filter.
  function sitesInView(map, container) {
    const list = document.getElementById("in-view");
    const status = document.getElementById("in-view-status");
    if (!list || !status) return function () {};
    const filter = new URLSearchParams(container.dataset.filter || "");
    const chosenBox = (filter.get("bbox") || "").split(",").map(Number);
    filter.delete("bbox");
    const limit = 50;
    let pending = null;
    let timer = null;

    function viewBox() {
      const b = map.getBounds();
      let box = [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90),
        Math.min(b.getEast(), 180), Math.min(b.getNorth(), 90)];
      if (chosenBox.length === 4 && chosenBox.every(isFinite)) {
        box = [Math.max(box[0], chosenBox[0]), Math.max(box[1], chosenBox[1]),
          Math.min(box[2], chosenBox[2]), Math.min(box[3], chosenBox[3])];
      }
      return box;
    }

    function show(page) {
      list.replaceChildren();
      page.features.forEach(function (feature) {
        const item = document.createElement("li");
        const symbol = symbolOf(feature.properties.condition);
        if (symbol) item.appendChild(symbol);
        const link = document.createElement("a");
        link.href = feature.properties.url;
        link.textContent = feature.properties.name || feature.properties.code;
        item.appendChild(link);
        list.appendChild(item);
      });
      const shown = page.features.length;
      const counted = "numberMatched" in page;
      const more = page.links.some(function (link) { return link.rel === "next"; });
      let text;
      if (!more) text = fill(container.dataset.inView, { matched: shown });
      else if (counted) text = fill(container.dataset.inViewMany, { matched: page.numberMatched, shown: shown });
      // Past the server's counting bound (ogc/views.py) the count is left out.
      else text = fill(container.dataset.inViewLots, { matched: 10000, shown: shown });
      say(status, text);
    }

    function refresh() {
      const box = viewBox();
      if (box[0] >= box[2] || box[1] >= box[3]) {
        list.replaceChildren();
        say(status, fill(container.dataset.inView, { matched: 0 }));
        return;
      }
      const query = new URLSearchParams(filter);
      query.set("bbox", box.map(function (v) { return v.toFixed(5); }).join(","));
      query.set("limit", String(limit));
      query.set("f", "json");
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(container.dataset.items + "?" + query.toString(), {
        signal: pending.signal, headers: { Accept: "application/geo+json" }, credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (page) { show(page); list.dataset.ready = "true"; })
        .catch(function (error) {
          if (error.name !== "AbortError") say(status, container.dataset.inViewFailed);
        });
    }

    return function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    };
  }

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
    const updateClusters = clusterMarkers(map, container);
    const updateList = sitesInView(map, container);
    map.on("load", function () {
      map.addSource("sites", {
        type: "vector",
        tiles: [window.location.origin + container.dataset.tiles],
        minzoom: 0,
        maxzoom: 14,
        attribution: container.dataset.attribution,
      });
      loadSymbols(map).then(function () {
        // Worse condition drawn on top, where points overlap.
        map.addLayer({
          id: "sites", type: "symbol", source: "sites", "source-layer": "sites",
          filter: ["!", ["has", "count"]],
          layout: {
            "icon-image": ["concat", "condition-", ["coalesce", ["get", "condition"], "unknown"]],
            "icon-size": ["interpolate", ["linear"], ["zoom"], 8, 0.6, 12, 0.8, 16, 1],
            "icon-allow-overlap": true,
            "symbol-sort-key": ["match", ["coalesce", ["get", "condition"], "unknown"],
              "destroyed", 5, "severe", 4, "moderate", 3, "minor", 2, "none", 1, 0],
          },
        });
        map.on("mouseenter", "sites", function () { map.getCanvas().style.cursor = "pointer"; });
        map.on("mouseleave", "sites", function () { map.getCanvas().style.cursor = ""; });
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
      });
      map.on("sourcedata", function (event) {
        if (event.sourceId === "sites" && event.isSourceLoaded && !map.isMoving()) updateClusters();
      });
      map.on("moveend", function () { updateClusters(); updateList(); });
      updateList();
      map.once("idle", function () {
        updateClusters();
        const template = container.dataset.loaded || "{count} sites on the map.";
        say(status, template.replace("{count}", Number(container.dataset.count).toLocaleString(document.documentElement.lang)));
        container.dataset.ready = "true";
      });
    });
    map.on("error", function (event) {
      if (event && event.sourceId === "sites") {
        say(status, container.dataset.failed ||
          "The sites could not be loaded. Reload the page, or use the list of sites.");
      }
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
