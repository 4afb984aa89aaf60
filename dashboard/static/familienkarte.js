/*
 * Familienkarte map runtime: draws what the Python side sends in compact form.
 *
 * Boundaries arrive as URLs of JSON files (encoded polylines) that the browser
 * fetches once and caches, so a filter change never resends them. Providers
 * arrive as rows of already HTML-escaped text; the popup template below only
 * joins those escaped pieces.
 */
(function () {
  "use strict";
  var FK = (window.FK = window.FK || {});
  var layerCache = {};
  FK.types = [];
  FK.text = {};

  FK.setup = function (map, types, text) {
    FK.types = types;
    FK.text = text;
    if (!map.getPane("fkBoundaries")) {
      // Below the overlay pane so that markers stay clickable on top of areas.
      map.createPane("fkBoundaries").style.zIndex = 350;
      map.createPane("fkHighlight").style.zIndex = 360;
    }
  };

  FK.decode = function (text, precision) {
    var points = [], index = 0, lat = 0, lng = 0;
    function next() {
      var result = 0, shift = 0, byte;
      do {
        byte = text.charCodeAt(index++) - 63;
        result |= (byte & 0x1f) << shift;
        shift += 5;
      } while (byte >= 0x20);
      return result & 1 ? ~(result >> 1) : result >> 1;
    }
    while (index < text.length) {
      lat += next();
      lng += next();
      points.push([lat / precision, lng / precision]);
    }
    return points;
  };

  function fetchLayer(url) {
    if (!layerCache[url]) {
      layerCache[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
    }
    return layerCache[url];
  }

  function notice(map, message) {
    var box = L.DomUtil.create("div", "fk-notice", map.getContainer());
    box.setAttribute("role", "alert");
    box.textContent = message;
  }

  /* specs: [{url, style, tooltip, pane}] drawn into group in the given order. */
  FK.boundaries = function (map, group, specs) {
    specs.forEach(function (spec, order) {
      var layer = L.featureGroup();
      layer.fkOrder = order;
      group.addLayer(layer);
      fetchLayer(spec.url)
        .then(function (data) {
          var style = Object.assign({ pane: spec.pane || "fkBoundaries" }, spec.style);
          data.f.forEach(function (feature) {
            var rings = feature.g.map(function (part) {
              return part.map(function (ring) {
                return FK.decode(ring, data.p);
              });
            });
            var polygon = L.polygon(rings, style);
            // Names were escaped on the server; Leaflet inserts tooltips as HTML.
            if (spec.tooltip) polygon.bindTooltip(feature.n, { sticky: true });
            layer.addLayer(polygon);
          });
        })
        .catch(function () {
          notice(map, FK.text.boundaryError || "Grenzen konnten nicht geladen werden.");
        });
    });
  };

  FK.fit = function (map, bounds, key) {
    // Fit only when the selected area changed, not on every type filter change.
    if (FK.lastFit === key) return;
    FK.lastFit = key;
    var tries = 0;
    (function attempt() {
      // The iframe gets its height only after the first render: wait for a real size.
      map.invalidateSize(false);
      var size = map.getSize();
      if ((size.x < 50 || size.y < 50) && tries++ < 50) {
        setTimeout(attempt, 100);
        return;
      }
      // Keep the selection clear of the open legend in the bottom right corner.
      var legend = map.getContainer().querySelector(".fk-legend details[open]");
      // Capped: before our CSS has loaded the legend can span the whole map.
      var right = legend && size.x > 700 ? Math.min(legend.offsetWidth + 16, 290) : 12;
      map.fitBounds(bounds, {
        paddingTopLeft: [12, 12],
        paddingBottomRight: [right, 12],
        maxZoom: 13,
        animate: false,
      });
    })();
  };

  function plain(html) {
    // DOMParser never runs scripts; it only turns escaped text back into characters.
    return new DOMParser().parseFromString(html, "text/html").documentElement.textContent;
  }

  function popup(row) {
    var t = FK.text;
    var types = row[2]
      .map(function (i) {
        return '<span class="fk-chip" style="--fk-color:' + FK.types[i].color + '">' +
          FK.types[i].label + "</span>";
      })
      .join(" ");
    var html = '<div class="fk-popup"><div class="fk-name">' + row[3] + "</div>" +
      '<div class="fk-types">' + types + "</div>";
    var address = [row[4], (row[5] + " " + row[6]).trim()].filter(Boolean).join("<br>");
    if (address) html += '<div class="fk-address">' + address + "</div>";
    if (!row[10]) html += '<div class="fk-approx">' + t.approximate + "</div>";
    if (row[7]) html += '<div><a href="tel:' + row[8] + '">' + t.phone + ": " + row[7] + "</a></div>";
    if (row[9]) {
      html += '<div><a href="' + row[9] + '" target="_blank" rel="noopener noreferrer">' +
        t.website + "</a></div>";
    }
    if (row[11]) html += '<div class="fk-languages">' + t.languages + ": " + row[11] + "</div>";
    return html + "</div>";
  }

  /*
   * rows: [lat, lon, [type indexes], name, street, postcode, city, phone,
   *        tel-href, website, exact, languages]; all text already escaped.
   */
  FK.providers = function (group, rows) {
    rows.forEach(function (row) {
      var first = FK.types[row[2][0]];
      var marker;
      if (first.group === "familienmanager") {
        marker = L.marker([row[0], row[1]], {
          icon: L.divIcon({
            className: "fk-fm-icon",
            html: '<span style="background:' + first.color + '"></span>',
            iconSize: [18, 18],
            iconAnchor: [9, 9],
          }),
          keyboard: true,
          title: plain(row[3]),
          riseOnHover: true,
        });
      } else {
        marker = L.circleMarker([row[0], row[1]], {
          radius: 7,
          color: "#ffffff",
          weight: 1.5,
          fillColor: first.color,
          fillOpacity: 0.95,
        });
      }
      marker.bindTooltip(row[3], { direction: "top", offset: [0, -6] });
      marker.bindPopup(popup(row), { maxWidth: 320 });
      group.addLayer(marker);
    });
  };
})();
