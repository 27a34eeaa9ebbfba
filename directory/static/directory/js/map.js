/*
 * The directory map (/annuaire/carte/, templates/directory/map.html).
 *
 * An enhancement over a page that already works: the server renders the search form and
 * the list of results; this script adds the map. It reads everything from the data
 * attributes of #carte (GeoJSON URL, tile server, attribution, icons, French texts),
 * loads /api/annuaire.geojson with the page's query, and shows clustered markers
 * (Leaflet 1.9.4 + Leaflet.markercluster 1.5.3, vendored under directory/vendor/).
 *
 * Keyboard: the map container, the clusters and the markers are focusable (Leaflet's
 * keyboard handler: arrows pan, +/- zoom; Enter opens a marker's popup or expands a
 * cluster; Escape closes the popup). Focus is moved into an opened popup and back to
 * where it came from when it closes, and after a cluster expands.
 *
 * When the tiles cannot load (no tile URL, offline, blocked), a notice says so in the
 * status region; markers still show, on a blank background, and the list stays below.
 * If Leaflet itself failed to load, the page keeps its "needs JavaScript" text.
 */
(function () {
  "use strict";

  var container = document.getElementById("carte");
  if (!container) {
    return;
  }
  var statusRegion = document.querySelector("[data-map-status]");
  var data = container.dataset;

  function text(name, count) {
    var value = data["text" + name] || "";
    return count === undefined ? value : value.replace("{count}", String(count));
  }

  function setMessage(key, message, level) {
    if (!statusRegion) {
      return;
    }
    var existing = statusRegion.querySelector('[data-map-notice="' + key + '"]');
    if (!message) {
      if (existing) {
        existing.remove();
      }
      return;
    }
    if (!existing) {
      existing = document.createElement("p");
      existing.setAttribute("data-map-notice", key);
      statusRegion.appendChild(existing);
    }
    existing.className = "status-notice" + (level ? " status-notice--" + level : "");
    existing.textContent = message;
  }

  if (typeof window.L === "undefined" || typeof window.L.markerClusterGroup !== "function") {
    // The vendored scripts did not load: keep the server's fallback text and the list.
    setMessage("load", text("LoadFailed"), "warning");
    return;
  }
  var L = window.L;

  container.textContent = "";
  var map = L.map(container, {
    keyboard: true,
    zoomControl: false,
    center: [46.6, 2.4],
    zoom: 5,
    maxZoom: 18,
  });
  L.control.zoom({ zoomInTitle: text("ZoomIn"), zoomOutTitle: text("ZoomOut") }).addTo(map);

  // --- Tiles, and what happens when they cannot load ---------------------------------
  var tilesLoaded = 0;
  function tilesUnavailable(message) {
    container.classList.add("map--no-tiles");
    setMessage("tiles", message, "warning");
  }
  if (!data.tileUrl) {
    // No tile server configured: the server already wrote the notice.
    container.classList.add("map--no-tiles");
    if (statusRegion && !statusRegion.querySelector('[data-map-notice="tiles"]')) {
      tilesUnavailable(text("TilesNone"));
    }
  } else {
    var tiles = L.tileLayer(data.tileUrl, {
      maxZoom: 19,
      attribution: data.attribution || "",
    });
    tiles.on("tileload", function () {
      tilesLoaded += 1;
      if (tilesLoaded === 1) {
        // The connection came back (or was only slow): drop the notice.
        container.classList.remove("map--no-tiles");
        setMessage("tiles", "");
      }
    });
    tiles.on("tileerror", function () {
      if (tilesLoaded === 0) {
        tilesUnavailable(text("TilesFailed"));
      }
    });
    tiles.addTo(map);
    if (navigator.onLine === false) {
      tilesUnavailable(text("TilesFailed"));
    }
    // A blocked request may hang rather than fail: after a while, say so too.
    window.setTimeout(function () {
      if (tilesLoaded === 0) {
        tilesUnavailable(text("TilesFailed"));
      }
    }, 10000);
  }
  // --- Markers --------------------------------------------------------------------------
  var icon = L.icon({
    iconUrl: data.iconUrl,
    iconRetinaUrl: data.iconRetinaUrl,
    shadowUrl: data.shadowUrl,
    iconSize: [25, 41],
    iconAnchor: [12, 41],
    popupAnchor: [1, -34],
    tooltipAnchor: [16, -28],
    shadowSize: [41, 41],
  });

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var outer = document.createElement("div");
    var inner = document.createElement("span");
    inner.setAttribute("aria-hidden", "true");
    inner.textContent = String(count);
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = text("Cluster", count);
    outer.appendChild(inner);
    outer.appendChild(label);
    return L.divIcon({
      html: outer,
      className: "marker-cluster marker-cluster-" + size,
      iconSize: L.point(40, 40),
    });
  }

  var clusters = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    iconCreateFunction: clusterIcon,
  });
  map.addLayer(clusters);

  function popupContent(properties) {
    var root = document.createElement("div");
    root.className = "map-popup";
    var kind = document.createElement("p");
    kind.className = "map-popup__kind";
    kind.textContent = properties.kind_label || "";
    var title = document.createElement("p");
    title.className = "map-popup__title";
    var link = document.createElement("a");
    link.href = properties.url || "#";
    link.textContent = properties.title || "";
    title.appendChild(link);
    root.appendChild(kind);
    root.appendChild(title);
    if (properties.subtitle) {
      var subtitle = document.createElement("p");
      subtitle.className = "map-popup__subtitle";
      subtitle.textContent = properties.subtitle;
      root.appendChild(subtitle);
    }
    if (properties.commune) {
      var commune = document.createElement("p");
      commune.className = "map-popup__commune";
      commune.textContent = text("Commune") + " " + properties.commune;
      root.appendChild(commune);
    }
    return root;
  }

  var markersById = {};
  var returnFocusTo = null;

  function makeMarker(feature) {
    var coordinates = feature.geometry.coordinates;
    var properties = feature.properties || {};
    var marker = L.marker([coordinates[1], coordinates[0]], {
      icon: icon,
      keyboard: true,
      title: properties.title || "",
      alt: (properties.kind_label ? properties.kind_label + " : " : "") + (properties.title || ""),
    });
    // Built when opened: twenty thousand popups are not made up front.
    marker.bindPopup(function () {
      return popupContent(properties);
    });
    markersById[String(properties.id)] = marker;
    return marker;
  }

  map.on("popupopen", function (event) {
    var element = event.popup.getElement();
    if (!element) {
      return;
    }
    var close = element.querySelector(".leaflet-popup-close-button");
    if (close) {
      close.setAttribute("aria-label", text("Close"));
      close.setAttribute("title", text("Close"));
    }
    var source = event.popup._source;
    var opener = source && source.getElement ? source.getElement() : null;
    if (returnFocusTo === null && opener && document.activeElement === opener) {
      // Opened with the keyboard on the marker: come back to it afterwards.
      returnFocusTo = opener;
    }
    if (returnFocusTo !== null) {
      var link = element.querySelector(".map-popup a");
      if (link) {
        link.focus();
      }
    }
  });
  map.on("popupclose", function () {
    var target = returnFocusTo;
    returnFocusTo = null;
    if (target && document.body.contains(target)) {
      target.focus();
    }
  });
  // Escape closes an open popup wherever the focus is inside the map (Leaflet listens for
  // keys only when the map container itself has the focus).
  container.addEventListener("keydown", function (event) {
    if ((event.key === "Escape" || event.key === "Esc") && map.getContainer().querySelector(".leaflet-popup")) {
      event.preventDefault();
      map.closePopup();
    }
  });
  // A marker reached with Tab must be on screen: bring the map into view when the focus
  // enters it.
  container.addEventListener("focusin", function () {
    var box = container.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      container.scrollIntoView({ block: "nearest" });
    }
  });
  // After a cluster opens with the keyboard, its icon is gone: keep the focus in the map.
  clusters.on("clusterkeypress", function (event) {
    if (event.originalEvent && event.originalEvent.keyCode === 13) {
      map.once("moveend", function () {
        container.focus();
      });
    }
  });
  clusters.on("spiderfied", function (event) {
    var first = event.markers && event.markers[0];
    var element = first && first.getElement();
    if (element && container.contains(document.activeElement)) {
      element.focus();
    }
  });

  // --- "Voir sur la carte" buttons of the list ------------------------------------------
  function showOnMap(button) {
    var marker = markersById[button.getAttribute("data-feature-id")];
    if (!marker) {
      return;
    }
    container.scrollIntoView({ behavior: "smooth", block: "center" });
    clusters.zoomToShowLayer(marker, function () {
      returnFocusTo = button;
      marker.openPopup();
    });
  }
  function enableButtons() {
    var buttons = document.querySelectorAll(".map-list__locate[data-feature-id]");
    Array.prototype.forEach.call(buttons, function (button) {
      if (markersById[button.getAttribute("data-feature-id")]) {
        button.hidden = false;
        button.addEventListener("click", function () {
          showOnMap(button);
        });
      }
    });
  }

  // --- Loading the GeoJSON --------------------------------------------------------------
  if (!data.geojsonUrl) {
    // The search criteria are invalid: the page shows the errors, nothing to map.
    return;
  }
  setMessage("load", text("Loading"));
  fetch(data.geojsonUrl, {
    credentials: "same-origin",
    headers: { Accept: "application/geo+json, application/json" },
  })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (collection) {
      var features = (collection.features || []).filter(function (feature) {
        return feature.geometry && feature.geometry.type === "Point";
      });
      clusters.addLayers(features.map(makeMarker));
      var count = features.length;
      var message =
        count === 0 ? text("CountNone") : count === 1 ? text("CountOne") : text("CountMany", count);
      if (collection.message) {
        message += " " + collection.message;
      }
      setMessage("load", message, collection.tronque ? "warning" : "");
      if (count > 0) {
        map.fitBounds(clusters.getBounds(), { padding: [24, 24], maxZoom: 14 });
      }
      enableButtons();
    })
    .catch(function () {
      setMessage("load", text("LoadFailed"), "warning");
    });
})();
