/*
 * Familienkarte map runtime: draws what the Python side sends in compact form.
 *
 * Boundaries arrive as URLs of topology files (geodata/display.py describes the
 * format) that the browser fetches once and caches, so a filter change never
 * resends them. Providers arrive as short marker rows; their popup details come
 * from one file per area, fetched when the first popup opens. All text from data
 * is HTML-escaped on the server; this script only joins escaped pieces.
 */
(function () {
  "use strict";
  var FK = (window.FK = window.FK || {});
  var fileCache = {};
  FK.types = [];
  FK.text = {};
  FK.pending = 0; // files being fetched

  /* Whether the map has fitted its view, fetched its files and stopped zooming (for tests). */
  FK.settled = function () {
    return Boolean(FK.map && FK.lastFit) && !FK.fitting && FK.pending === 0 &&
      !FK.map._animatingZoom;
  };

  // Leaflet focuses the map on mousedown (for its keyboard controls). Inside the
  // map's iframe that focus scrolls the page when the map is partly out of
  // view, so the mouseup lands elsewhere and a click on a marker is lost.
  L.Map.Keyboard.prototype._onMouseDown = function () {
    if (!this._focused) this._map._container.focus({ preventScroll: true });
  };

  /*
   * A new map in container. options: {center, zoom, minZoom, maxZoom, tiles: {url,
   * attribution (HTML), maxZoom, name} or null, attribution (escaped), types, texts,
   * groups} (see dashboard/map/widget.py).
   */
  FK.create = function (container, options) {
    var map = L.map(container, {
      center: options.center,
      zoom: options.zoom,
      minZoom: options.minZoom,
      maxZoom: options.maxZoom,
      zoomSnap: 0.25,
    });
    if (options.tiles) {
      var tiles = L.tileLayer(options.tiles.url, {
        attribution: options.tiles.attribution,
        maxZoom: options.tiles.maxZoom,
      });
      var warned = false;
      tiles.on("tileerror", function () {
        if (!warned) notice(map, FK.text.tilesError);
        warned = true;
      });
      tiles.addTo(map);
    }
    FK.setup(map, options.types, options.texts);
    FK.lang = options.lang || "de";
    // A slide: every text large enough for the back of a room (familienkarte.css).
    if (options.presenting) container.classList.add("fk-presenting");
    FK.legend(map, options.groups);
    map.attributionControl.addAttribution(options.attribution);
    L.control.scale({ imperial: false }).addTo(map);
    return map;
  };

  /*
   * Show a view: view = {bounds, key, layers, lines, providers, selected}; replaces
   * the last one. selected: [kreis AGS, details index] of a marker to open, or null.
   */
  FK.show = function (map, view) {
    if (map.fkView) map.removeLayer(map.fkView);
    var group = (map.fkView = L.featureGroup().addTo(map));
    // Markers at (nearly) one spot are grouped with their count; a click spreads them.
    group.fkCluster = L.markerClusterGroup({
      // Wide views gather more, so that groups do not cover each other; close up only
      // markers that really overlap are grouped.
      maxClusterRadius: function (zoom) {
        return zoom < 9 ? 40 : zoom < 13 ? 22 : 12;
      },
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: clusterIcon,
    });
    group.addLayer(group.fkCluster);
    // The legend first: the map is fitted clear of it, at its final size.
    FK.lines(map, view.lines);
    if (view.legend) FK.legendTypes(map, view.legend);
    FK.fit(map, view.bounds, view.key);
    FK.boundaries(map, group, view.layers);
    FK.providers(map, group, view.providers);
    if (view.selected) FK.select(group, view.selected);
    if (view.sites) FK.sites(group, view.sites);
    if (view.dates) FK.dates(group, view.dates);
    if (view.candidates) FK.candidates(group, view.candidates);
    if (view.place) FK.place(group, view.place);
  };

  /* A marker of its own kind, not a provider: [lat, lon, escaped label] with the label
     as title and tooltip. */
  function pin(point, className, html, size, tooltip, z) {
    var label = plain(point[2]);
    return L.marker([point[0], point[1]], {
      icon: L.divIcon({ className: className, html: html, iconSize: [size, size] }),
      keyboard: !tooltip.permanent,
      title: label,
      alt: label,
      zIndexOffset: z,
    }).bindTooltip(point[2], tooltip);
  }

  /* The place searched from: a ring with its name beside it. */
  FK.place = function (group, place) {
    var beside = { permanent: true, direction: "right", offset: [20, 0] };
    group.addLayer(pin(place, "fk-place", "<span></span>", 40, beside, 2000));
  };

  /* Planned sites of a what-if (planning page), drawn apart from real providers as a
     red square with a plus. */
  FK.sites = function (group, sites) {
    var above = { direction: "top", offset: [0, -12] };
    sites.forEach(function (site) {
      group.addLayer(pin(site, "fk-site", "<span>+</span>", 26, above, 1000));
    });
  };

  /* Providers a network could ask to join (planning page): a dashed ring with a
     question mark, unlike a member's filled marker; the label names house and type. */
  FK.candidates = function (group, candidates) {
    var above = { direction: "top", offset: [0, -12], className: "fk-wrap" };
    candidates.forEach(function (candidate) {
      group.addLayer(pin(candidate, "fk-candidate", "<span>?</span>", 22, above, 200));
    });
  };

  /* Termine at a place of their own (no provider): a calendar pin; its label (title,
     day, time, place) shows on hover and focus, and stays open after a tap. */
  FK.dates = function (group, dates) {
    var above = { direction: "top", offset: [0, -12], className: "fk-wrap" };
    dates.forEach(function (date) {
      var marker = pin(date, "fk-date", "<span></span>", 24, above, 500);
      marker.bindPopup('<div class="fk-popup">' + date[2] + "</div>");
      group.addLayer(marker);
    });
  };

  /* Providers at one spot: a ring in the colours of their types (largest share first,
     clockwise), the count in the middle, and in words what it holds for a screen reader. */
  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var tally = {};
    cluster.getAllChildMarkers().forEach(function (child) {
      tally[child.fkType] = (tally[child.fkType] || 0) + 1;
    });
    var kinds = Object.keys(tally).sort(function (a, b) {
      return tally[b] - tally[a] || a - b;
    });
    var stops = [], at = 0;
    kinds.forEach(function (kind) {
      var end = at + (tally[kind] / count) * 360;
      stops.push(FK.types[kind].color + " " + at.toFixed(1) + "deg " + end.toFixed(1) + "deg");
      at = end;
    });
    var mix = kinds.map(function (kind) {
      return tally[kind] + " " + FK.types[kind].label;
    });
    var label = FK.text.clusterMix.replace("{count}", count).replace("{mix}", mix.join(", "));
    var size = count < 10 ? 30 : count < 100 ? 36 : 42;
    return L.divIcon({
      className: "fk-cluster",
      html: '<span class="fk-ring" aria-hidden="true" style="width:' + size + "px;height:" + size +
        "px;background:conic-gradient(" + stops.join(",") + ')"><span>' + count + "</span></span>" +
        '<span class="fk-sr">' + label + "</span>",
      iconSize: [size, size],
    });
  }

  /* Open the popup of one marker of the view (a card on the page was chosen). */
  FK.select = function (group, key) {
    var map = FK.map, cluster = group.fkCluster, wanted = key.join(":"), shape = null;
    cluster.eachLayer(function (layer) {
      if (layer.fkKey === wanted) shape = layer;
    });
    if (!shape) return;
    function open() {
      FK.quiet = true; // the page knows already: no message back
      shape.openPopup();
      FK.quiet = false;
    }
    function visibleParent() {
      // markercluster's getVisibleParent and zoomToShowLayer look for an icon, which
      // circle markers lack: ask the layer of what is drawn instead.
      var node = shape;
      while (node && !cluster._featureGroup.hasLayer(node)) node = node.__parent;
      return node || null;
    }
    function show() {
      var visible = visibleParent();
      if (visible === shape) open();
      else if (visible && visible.spiderfy) {
        cluster.once("spiderfied", open);
        visible.spiderfy();
      } else {
        map.once("moveend", function () {
          if (visibleParent() === shape) open();
        });
        map.setView(shape.getLatLng(), Math.max(map.getZoom(), 15));
      }
    }
    if (FK.fitting) map.once("fkfit", show);
    else show();
  };

  FK.setup = function (map, types, text) {
    FK.map = map;
    FK.types = types;
    FK.text = text;
    if (!map.getPane("fkBoundaries")) {
      // Below the overlay pane so that markers stay clickable on top of areas.
      map.createPane("fkBoundaries").style.zIndex = 350;
      map.createPane("fkProgrammes").style.zIndex = 355;
      map.createPane("fkHighlight").style.zIndex = 360;
    }
  };

  /* Signed integers of a stream in the varint scheme of encoded polylines. */
  FK.values = function (text) {
    var values = [], result = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var chunk = text.charCodeAt(i) - 63;
      result |= (chunk & 0x1f) << shift;
      shift += 5;
      if (chunk < 0x20) {
        values.push(result & 1 ? ~(result >> 1) : result >> 1);
        result = shift = 0;
      }
    }
    return values;
  };

  /* A layer file as arcs (lists of [lat, lng]), areas (rings of [lat, lng]), outline arcs. */
  FK.layer = function (data) {
    var deltas = FK.values(data.a), counts = FK.values(data.c), stream = FK.values(data.r);
    var arcs = [], k = 0, lat = 0, lng = 0;
    counts.forEach(function (n) {
      var arc = new Array(n);
      for (var i = 0; i < n; i++) {
        lat += deltas[k++];
        lng += deltas[k++];
        arc[i] = [lat / data.p, lng / data.p];
      }
      arcs.push(arc);
    });
    var s = 0, ref = 0;
    var areas = data.n.map(function () {
      var parts = [];
      for (var nParts = stream[s++]; nParts > 0; nParts--) {
        var rings = [];
        for (var nRings = stream[s++]; nRings > 0; nRings--) {
          var ring = [];
          for (var nRefs = stream[s++]; nRefs > 0; nRefs--) {
            ref += stream[s++];
            var arc = ref >= 0 ? arcs[ref] : arcs[~ref].slice().reverse();
            // Consecutive arcs share their end point.
            ring.push.apply(ring, ring.length ? arc.slice(1) : arc);
          }
          rings.push(ring);
        }
        parts.push(rings);
      }
      return parts;
    });
    var outline = [], index = 0;
    FK.values(data.o).forEach(function (step) {
      index += step;
      outline.push(arcs[index]);
    });
    return { arcs: arcs, areas: areas, outline: outline, names: data.n };
  };

  function fetchJson(url) {
    if (!fileCache[url]) {
      FK.pending++;
      var early = window.FK_EARLY && window.FK_EARLY[url];  // asked for by the frame
      fileCache[url] = early || fetch(url).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
      fileCache[url].then(
        function () {
          FK.pending--;
        },
        function () {
          FK.pending--;
          delete fileCache[url]; // try again next time
        }
      );
    }
    return fileCache[url];
  }

  function fetchLayer(url) {
    return fetchJson(url).then(function (data) {
      if (!data.decoded) data.decoded = FK.layer(data);
      return data.decoded;
    });
  }

  function notice(map, message) {
    var container = map.getContainer();
    if (container.querySelector(".fk-notice")) return;
    var box = L.DomUtil.create("div", "fk-notice", container);
    box.setAttribute("role", "alert");
    box.textContent = message;
  }

  /* One boundary file drawn: filled areas (for tooltips), their lines, outline, highlight. */
  function draw(layer, spec) {
    var group = L.featureGroup();
    // An area over the boundaries (a network's) names its own pane: files arrive in any order.
    var pane = { pane: spec.pane || "fkBoundaries" };
    if (spec.fill) {
      var fill = Object.assign({}, pane, spec.fill, { stroke: false });
      // A choropleth: {classes: [class per area, -1: no figure], palette, missing,
      // values: [escaped text per area]}; the geometry file stays the same.
      var shades = spec.choropleth;
      layer.areas.forEach(function (parts, i) {
        var style = fill;
        if (shades) {
          var c = shades.classes[i];
          style = Object.assign({}, fill, {
            fillColor: c >= 0 ? shades.palette[c] : shades.missing,
            fillOpacity: 0.85,
          });
        }
        var polygon = L.polygon(parts, style);
        // Names were escaped on the server; Leaflet inserts tooltips as HTML.
        var tip = layer.names[i] + (shades ? ": " + shades.values[i] : "");
        if (spec.tooltip) polygon.bindTooltip(tip, { sticky: true });
        group.addLayer(polygon);
      });
    }
    // Every border once: one line layer instead of two polygon edges.
    if (spec.lines) {
      group.addLayer(L.polyline(layer.arcs, Object.assign({ interactive: false }, pane, spec.lines)));
    }
    if (spec.outline && layer.outline.length) {
      group.addLayer(
        L.polyline(layer.outline, Object.assign({ interactive: false, pane: "fkHighlight" }, spec.outline))
      );
    }
    if (spec.overlay) hatched(group, layer, spec.overlay);
    if (spec.highlight && layer.areas[spec.highlight.index]) {
      var style = Object.assign({ interactive: false, fill: false, pane: "fkHighlight" }, spec.highlight.style);
      group.addLayer(L.polygon(layer.areas[spec.highlight.index], style));
    }
    return group;
  }

  /*
   * Programme layers over the boundaries: overlay = {patterns: [{color, angle}],
   * areas: [[pattern index, ...] per area], tips: [escaped text per area]}. Each
   * pattern is hatching at its own angle, so programmes of one Gemeinde stay apart.
   */
  function hatched(group, layer, overlay) {
    layer.areas.forEach(function (parts, i) {
      var codes = overlay.areas[i];
      codes.forEach(function (code, k) {
        var pattern = overlay.patterns[code];
        var last = k === codes.length - 1;
        var polygon = L.polygon(parts, {
          pane: "fkProgrammes",
          color: pattern.color,
          weight: overlay.weight || 2,
          fillOpacity: 1,
          interactive: last,
        });
        polygon.on("add", function () {
          hatchDefs(polygon._renderer._container, overlay.patterns);
          polygon._path.setAttribute("fill", "url(#fk-hatch-" + code + ")");
        });
        if (last) polygon.bindTooltip(layer.names[i] + ": " + overlay.tips[i], { sticky: true });
        group.addLayer(polygon);
      });
    });
  }

  function hatchDefs(svg, patterns) {
    if (svg.querySelector("defs.fk-hatches")) return;
    var ns = "http://www.w3.org/2000/svg";
    var defs = document.createElementNS(ns, "defs");
    defs.setAttribute("class", "fk-hatches");
    patterns.forEach(function (pattern, code) {
      var node = document.createElementNS(ns, "pattern");
      node.setAttribute("id", "fk-hatch-" + code);
      node.setAttribute("patternUnits", "userSpaceOnUse");
      node.setAttribute("width", "9");
      node.setAttribute("height", "9");
      node.setAttribute("patternTransform", "rotate(" + (90 - pattern.angle) + ")");
      var line = document.createElementNS(ns, "rect");
      line.setAttribute("width", "2.5");
      line.setAttribute("height", "9");
      line.setAttribute("fill", pattern.color);
      node.appendChild(line);
      defs.appendChild(node);
    });
    svg.insertBefore(defs, svg.firstChild);
  }

  /*
   * specs: [{url, pane, fill, lines, outline, highlight, tooltip, overlay, detail: {url, zoom}}]
   * drawn into group in the given order. With a detail file, the map switches to
   * it from the given zoom on and fetches it only then.
   */
  FK.boundaries = function (map, group, specs) {
    specs.forEach(function (spec) {
      var holder = L.featureGroup();
      group.addLayer(holder);
      var drawn = {};
      function show(url) {
        holder.fkWanted = url;
        if (!drawn[url]) {
          drawn[url] = fetchLayer(url).then(function (layer) {
            return draw(layer, spec);
          });
        }
        drawn[url]
          .then(function (shape) {
            // A later zoom may already want the other file.
            if (holder.fkShown === url || holder.fkWanted !== url) return;
            holder.clearLayers();
            holder.addLayer(shape);
            holder.fkShown = url;
          })
          .catch(function () {
            delete drawn[url];
            notice(map, FK.text.boundaryError);
          });
      }
      function update() {
        var detail = spec.detail && map.getZoom() >= spec.detail.zoom;
        show(detail ? spec.detail.url : spec.url);
      }
      // Before the map has its final zoom we cannot know which file it needs.
      if (FK.fitting) map.once("fkfit", update);
      else update();
      if (spec.detail) {
        map.on("zoomend", update);
        holder.on("remove", function () {
          map.off("zoomend", update);
        });
      }
      if (spec.labels) labels(map, group, spec.labels);
    });
  };

  /* Fit the map to bounds, clear of the open legend: beside it in the bottom right
     corner, above it on a slide (where it is a strip along the bottom). */
  function fitClear(map, bounds) {
    FK.bounds = bounds;  // the selected area (tests check that the legend leaves it free)
    var legend = map.getContainer().querySelector(".fk-legend details[open]");
    var size = map.getSize();
    var right = 12;
    var bottom = 12;
    // Capped: before our CSS has loaded the legend can span the whole map.
    if (legend && map.getContainer().classList.contains("fk-presenting")) {
      var attribution = map.getContainer().querySelector(".leaflet-control-attribution");
      var below = attribution ? attribution.offsetHeight : 0;
      bottom = Math.min(legend.offsetHeight + below + 16, size.y * 0.3);
    } else if (legend && size.x > 700) {
      right = Math.min(legend.offsetWidth + 16, 290);
    }
    map.fitBounds(bounds, {
      paddingTopLeft: [12, 12],
      paddingBottomRight: [right, bottom],
      maxZoom: 13,
      animate: false,
    });
  }

  /* Place names (escaped on the server) from spec.zoom on, fetched only then. */
  function labels(map, group, spec) {
    var layer = null;
    function update() {
      var wanted = map.getZoom() >= spec.zoom;
      if (wanted && !layer) {
        layer = L.layerGroup();
        fetchJson(spec.url).then(function (rows) {
          rows.forEach(function (row) {
            layer.addLayer(
              L.marker([row[0], row[1]], {
                icon: L.divIcon({
                  className: "fk-label",
                  html: "<span>" + row[2] + "</span>",
                  iconSize: null,
                }),
                interactive: false,
                keyboard: false,
                pane: "fkHighlight",
              })
            );
          });
        });
      }
      if (layer && wanted !== group.hasLayer(layer)) {
        if (wanted) group.addLayer(layer);
        else group.removeLayer(layer);
      }
    }
    if (FK.fitting) map.once("fkfit", update);
    else update();
    map.on("zoomend", update);
    group.on("remove", function () {
      map.off("zoomend", update);
    });
  }

  /* Call before FK.boundaries: it decides by the fitted zoom which files to fetch. */
  FK.fit = function (map, bounds, key) {
    // Fit only when the selected area changed, not on every type filter change.
    if (FK.lastFit === key && FK.fitted === map) return;
    FK.fitted = map;
    FK.lastFit = key;
    FK.fitting = true;
    var tries = 0;
    (function attempt() {
      // The iframe gets its height only after the first render, and none at all while
      // it sits in a closed expander: wait for a real size (after 5 s, more slowly).
      map.invalidateSize(false);
      var size = map.getSize();
      if (size.x < 50 || size.y < 50) {
        // the next frame first (the height usually comes with it), later more slowly
        if (tries++ < 20) requestAnimationFrame(attempt);
        else setTimeout(attempt, tries < 70 ? 100 : 500);
        return;
      }
      fitClear(map, bounds);
      FK.fitting = false;
      map.fire("fkfit");
    })();
  };

  /* groups: [[escaped label, group code]]; lines of the view come with FK.lines. */
  FK.legend = function (map, groups) {
    // On a phone an open legend would cover most of the map: there it starts closed.
    var open = window.innerWidth >= 640 ? " open" : "";
    FK.groups = groups;
    var html = "<details" + open + "><summary>" + FK.text.legend + "</summary>";
    html += '<div class="fk-types">' + typesHtml(null) + "</div>";
    html += '<div class="fk-aggregate" hidden><span class="fk-swatch fk-bubble-swatch"></span>' +
      FK.text.aggregateLegend + "</div>";
    html += '<div class="fk-lines"></div></details>';
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "fk-legend");
      div.innerHTML = html;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    legend.addTo(map);
    // A popup and the legend never cover each other: the one opened last wins.
    var details = map.getContainer().querySelector(".fk-legend details");
    details.addEventListener("toggle", function () {
      if (details.open) map.closePopup();
    });
    var box = map.getContainer().querySelector(".fk-legend");
    function overlaps(popup) {
      var a = popup.getElement() && popup.getElement().getBoundingClientRect();
      var b = box.getBoundingClientRect();
      return a && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    }
    var shown = null;
    function stepAside() {
      if (!shown || !map.hasLayer(shown)) return;
      // First fold the legend; if even folded it is in the way, it steps aside.
      if (overlaps(shown)) details.open = false;
      if (overlaps(shown)) box.style.visibility = "hidden";
    }
    function soon() {
      requestAnimationFrame(stepAside); // once the browser has laid the popup out
    }
    // Checked when a popup opens, when its details arrive and after every pan (the
    // popup's own autopan included): a fixed delay lost that race on a slow device.
    map.on("popupopen", function (event) {
      shown = event.popup;
      shown.off("contentupdate", soon).on("contentupdate", soon);
      soon();
    });
    map.on("moveend resize", soon);
    map.on("popupclose", function () {
      shown = null;
      box.style.visibility = "";
    });
  };

  /* lines: [[escaped label, CSS border-top]] for the boundary lines of the view, or
     [[escaped label, CSS background, "hatch"]] for a programme layer. */
  /* The types of the legend: those a view shows with their counts ([[type index,
     count]]), or every type of the options (null). */
  function typesHtml(counts) {
    var shown = null;
    if (counts) {
      shown = {};
      counts.forEach(function (entry) { shown[entry[0]] = entry[1]; });
    }
    var html = "";
    FK.groups.forEach(function (group) {
      var listed = FK.types.filter(function (type, index) {
        type.index = index;
        if (shown) return type.group === group[1] && shown[index] !== undefined;
        return type.group === group[1] && type.legend !== false;
      });
      if (!listed.length) return;
      html += '<div class="fk-group">' + group[0] + "</div>";
      listed.forEach(function (type) {
        var shape = type.group === "familienmanager" ? " fk-diamond" : "";
        var count = shown ? ' <span class="fk-count">' +
          shown[type.index].toLocaleString(FK.lang) + "</span>" : "";
        html += '<div><span class="fk-swatch' + shape + '" style="background:' + type.color +
          '"></span>' + type.label + count + "</div>";
      });
    });
    return html;
  }

  /* The legend follows the view: only the types on the map, with their counts. */
  FK.legendTypes = function (map, counts) {
    var box = map.getContainer().querySelector(".fk-legend .fk-types");
    if (box) box.innerHTML = typesHtml(counts || null);
  };

  FK.lines = function (map, lines) {
    var box = map.getContainer().querySelector(".fk-legend .fk-lines");
    if (!box) return;
    box.innerHTML = lines
      .map(function (line) {
        if (line[2] === "date") {
          return '<div><span class="fk-date"><span></span></span>' + line[0] + "</div>";
        }
        if (line[2] === "invented") {
          return '<div><span class="fk-swatch fk-real-swatch"></span>' + FK.text.real +
            ' <span class="fk-swatch fk-invented-swatch"></span>' + line[0] + "</div>";
        }
        if (line[2] === "candidate") {
          return '<div><span class="fk-candidate"><span>?</span></span>' + line[0] + "</div>";
        }
        if (line[2] === "hatch") {
          return '<div><span class="fk-hatch" style="' + line[1] + '"></span>' + line[0] + "</div>";
        }
        return '<div><span class="fk-line" style="border-top:' + line[1] + '"></span>' + line[0] + "</div>";
      })
      .join("");
  };

  function plain(html) {
    // DOMParser never runs scripts; it only turns escaped text back into characters.
    return new DOMParser().parseFromString(html, "text/html").documentElement.textContent;
  }

  function chips(types) {
    return types
      .map(function (i) {
        return '<span class="fk-chip" style="--fk-color:' + FK.types[i].color + '">' +
          FK.types[i].label + "</span>";
      })
      .join(" ");
  }

  function languageNames(codes) {
    var names = window.Intl && Intl.DisplayNames ? new Intl.DisplayNames([FK.lang], { type: "language" }) : null;
    return codes.split(", ").map(function (code) {
      try {
        return names ? names.of(code) : code;
      } catch (error) {
        return code;
      }
    }).join(", ");
  }

  /* Not verified within a year (or never): people should call before they go. */
  function stale(iso) {
    if (!iso) return true;
    var verified = new Date(iso + "T12:00:00");
    return isNaN(verified) || Date.now() - verified.getTime() > 365 * 24 * 3600 * 1000;
  }

  /* A date's start (ISO with offset) in the page's language, on Berlin's clock. */
  function moment(iso) {
    var date = new Date(iso);
    return isNaN(date) ? iso : date.toLocaleString(FK.lang, {
      weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
      timeZone: "Europe/Berlin",
    });
  }

  function day(iso) {
    var date = new Date(iso + "T12:00:00");
    return isNaN(date) ? iso : date.toLocaleDateString(FK.lang, { year: "numeric", month: "long", day: "numeric" });
  }

  /*
   * detail: [street, postcode, city, phone, website, exact, languages (codes),
   * e-mail, opening hours, last verified (ISO date), description, organisation,
   * next dates [[title, ISO start], …], networks, source of a real entry, who checked it
   * ("anbieter", "koordination" or "")], escaped.
   */
  function popup(row, detail) {
    var t = FK.text;
    // Texts from data pick their own direction (a German address in an Arabic page).
    var html = '<div class="fk-popup"><div class="fk-name" dir="auto">' + row[3] + "</div>" +
      '<div class="fk-types">' + chips(row[2]) + "</div>";
    if (row[5]) html += '<div class="fk-invented-note">' + t.invented + "</div>";
    if (detail === undefined) return html + '<div class="fk-wait">' + t.loading + "</div></div>";
    if (detail === null) return html + '<div class="fk-approx">' + t.detailsError + "</div></div>";
    if (detail[11]) html += '<div class="fk-organisation" dir="auto">' + t.organisation + ": " + detail[11] + "</div>";
    var address = [detail[0], (detail[1] + " " + detail[2]).trim()].filter(Boolean).join("<br>");
    if (address) html += '<div class="fk-address" dir="auto">' + address + "</div>";
    if (!detail[5]) html += '<div class="fk-approx">' + t.approximate + "</div>";
    if (detail[3]) {
      // Only digits and "+" survive, so the link cannot carry anything else.
      var dial = detail[3].replace(/[^\d+]/g, "");
      html += '<div><a href="tel:' + dial + '">' + t.phone + ": <bdi>" + detail[3] + "</bdi></a></div>";
    }
    if (detail[4]) {
      html += '<div><a href="' + detail[4] + '" target="_blank" rel="noopener noreferrer">' +
        t.website + "</a></div>";
    }
    if (detail[7]) {
      html += '<div><a href="mailto:' + detail[7] + '">' + t.email + ": <bdi>" + detail[7] + "</bdi></a></div>";
    }
    if (detail[6]) html += '<div class="fk-languages">' + t.languages + ": " + languageNames(detail[6]) + "</div>";
    if (detail[8]) html += '<div class="fk-hours">' + t.hours + ': <bdi>' + detail[8] + "</bdi></div>";
    if (detail[10]) html += '<div class="fk-description" dir="auto">' + detail[10] + "</div>";
    if (detail[13]) html += '<div class="fk-network" dir="auto">' + t.network + ": " + detail[13] + "</div>";
    if (detail[9]) {
      var by = { anbieter: t.verifiedProvider, koordination: t.verifiedCoordination }[detail[15]];
      html += '<div class="fk-verified">' +
        (by ? by.replace("{date}", day(detail[9])) : t.verified + ": " + day(detail[9])) + "</div>";
    }
    if (stale(detail[9])) html += '<div class="fk-stale">' + t.stale + "</div>";
    if (detail[12] && detail[12].length) {
      html += '<div class="fk-dates">' + t.nextDates + ":<ul>" + detail[12].map(function (date) {
        return '<li><span dir="auto">' + date[0] + "</span> – " + moment(date[1]) + "</li>";
      }).join("") + "</ul></div>";
    }
    if (detail[14]) html += '<div class="fk-source" dir="auto">' + t.source + ": " + detail[14] + "</div>";
    return html + "</div>";
  }

  function marker(row, detailsUrl, kreis) {
    var first = FK.types[row[2][0]];
    // An invented (sample) provider: pale with a dashed ring, told apart without its name.
    var invented = row[5] === 1;
    var shape;
    if (first.group === "familienmanager") {
      shape = L.marker([row[0], row[1]], {
        icon: L.divIcon({
          className: invented ? "fk-fm-icon fk-invented" : "fk-fm-icon",
          html: '<span style="background:' + first.color + '"></span>',
          iconSize: [18, 18],
          iconAnchor: [9, 9],
        }),
        keyboard: true,
        title: plain(row[3]),
        riseOnHover: true,
      });
    } else {
      shape = L.circleMarker([row[0], row[1]], invented ? {
        radius: 6,
        color: first.color,
        weight: 2,
        dashArray: "3 2",
        fillColor: first.color,
        fillOpacity: 0.3,
      } : {
        radius: 7,
        color: "#ffffff",
        weight: 1.5,
        fillColor: first.color,
        fillOpacity: 0.95,
      });
    }
    shape.fkKey = kreis + ":" + row[4];
    shape.fkType = row[2][0]; // its colour in a cluster's ring
    shape.bindTooltip(row[3], { direction: "top", offset: [0, -6] });
    // Kept clear of the zoom buttons (top left) and the legend and scale (bottom).
    shape.bindPopup(popup(row), {
      maxWidth: Math.max(160, Math.min(300, FK.map.getSize().x - 140)),
      autoPanPaddingTopLeft: [60, 16],
      autoPanPaddingBottomRight: [16, 64],
    });
    shape.on("popupopen", function (event) {
      shape.closeTooltip(); // the popup repeats the name
      if (FK.onSelect && !FK.quiet) FK.onSelect([kreis, row[4]]);
      fetchJson(detailsUrl).then(
        function (all) {
          event.popup.setContent(popup(row, all[row[4]] || null));
        },
        function () {
          event.popup.setContent(popup(row, null));
        }
      );
    });
    return shape;
  }

  /* Markers of one Kreis' rows, added to the view's cluster group; returns them. */
  function addMarkers(group, kreis, rows, details) {
    var url = details.replace("{ags}", kreis);
    var shapes = rows.map(function (row) {
      return marker(row, url, kreis);
    });
    group.fkCluster.addLayers(shapes);
    return shapes;
  }

  /* A count as a proportional symbol; area = [lat, lon, escaped name, [s, w, n, e]]. */
  function bubble(map, area, number, largest) {
    var count = number.toLocaleString("de-DE");
    var label = plain(FK.text.aggregate.replace("{name}", area[2]).replace("{count}", count));
    // Area by count, and never too small for its number (in a slide's large type too).
    var big = map.getContainer().classList.contains("fk-presenting") ? 2 : 1;
    var size = Math.round(
      Math.max(big * (22 + 34 * Math.sqrt(number / largest)), big * 7 * count.length + 12 * big)
    );
    var shape = L.marker([area[0], area[1]], {
      icon: L.divIcon({
        className: "fk-bubble",
        html: '<span style="width:' + size + "px;height:" + size + "px;line-height:" + size +
          'px">' + count + "</span>",
        iconSize: [size, size],
        iconAnchor: [size / 2, size / 2],
      }),
      keyboard: true,
      title: label,
      alt: label,
      riseOnHover: true,
    });
    shape.on("click", function () {
      var b = area[3];
      fitClear(map, [[b[0], b[1]], [b[2], b[3]]]);
    });
    return shape;
  }

  /*
   * layer: {groups: [[kreis AGS, [marker rows]]], aggregates: [{zoom, areas: URL of
   * {AGS: [lat, lon, escaped name, [s, w, n, e]]}, rows: [[AGS, count]]}] (counts by
   * level, shown from their zoom on; the last level is per Kreis), points: URL with
   * {ags} (marker rows of one Kreis, fetched from layer.zoom on), details: URL with
   * {ags} (popup details of one Kreis). Marker rows: [lat, lon, [type indexes],
   * escaped name, details index] and 1 for an invented provider.
   */
  FK.providers = function (map, group, layer) {
    layer.groups.forEach(function (g) {
      addMarkers(group, g[0], g[1], layer.details);
    });
    FK.aggregated(map, layer.aggregates.length > 0);
    if (!layer.aggregates.length) return;
    Promise.all(
      layer.aggregates.map(function (level) {
        return fetchJson(level.areas);
      })
    ).then(function (areas) {
      if (!map.hasLayer(group)) return; // a newer view replaced this one meanwhile
      counts(map, group, layer, areas);
    });
  };

  function counts(map, group, layer, areas) {
    var levels = layer.aggregates.map(function (level, i) {
      var largest = Math.max.apply(null, level.rows.map(function (row) { return row[1]; }));
      var shapes = {};
      level.rows.forEach(function (row) {
        shapes[row[0]] = bubble(map, areas[i][row[0]], row[1], largest);
      });
      return { zoom: level.zoom, rows: level.rows, shapes: shapes, areas: areas[i] };
    });
    var kreise = levels[levels.length - 1];
    var points = {};
    function show(shape, on) {
      if (on !== group.hasLayer(shape)) {
        if (on) group.addLayer(shape);
        else group.removeLayer(shape);
      }
    }
    function update() {
      var zoom = map.getZoom();
      var close = zoom >= layer.zoom;
      var sight = map.getBounds();
      var current = levels.filter(function (level) { return level.zoom <= zoom; }).pop() || levels[0];
      levels.forEach(function (level) {
        if (level === kreise) return;
        level.rows.forEach(function (row) { show(level.shapes[row[0]], level === current); });
      });
      kreise.rows.forEach(function (row) {
        var ags = row[0], b = kreise.areas[ags][3];
        if (close && !points[ags] && sight.intersects([[b[0], b[1]], [b[2], b[3]]])) {
          var wanted = (points[ags] = []);
          fetchJson(layer.points.replace("{ags}", ags)).then(function (rows) {
            if (points[ags] === wanted) points[ags] = addMarkers(group, ags, rows, layer.details);
          });
        }
        if (!close && points[ags]) {
          group.fkCluster.removeLayers(points[ags]);
          delete points[ags];
        }
        show(kreise.shapes[ags], kreise === current && !points[ags]);
      });
    }
    if (FK.fitting) map.once("fkfit", update);
    else update();
    map.on("moveend", update);
    group.on("remove", function () {
      map.off("moveend", update);
    });
  }

  /* The legend says when the map shows counts instead of markers. */
  FK.aggregated = function (map, on) {
    var box = map.getContainer().querySelector(".fk-legend .fk-aggregate");
    if (box) box.hidden = !on;
  };
})();
