// The small map of a lean page: drawn only where JavaScript runs, after the list.
// Leaflet comes from the app itself (/fk/), nothing from another host; no background
// tiles (privacy, offline): the Gemeinde's outline and the providers' points.
(function () {
  "use strict";
  var box = document.getElementById("karte");
  var data = document.getElementById("karte-daten");
  if (!box || !data) return;
  var info = JSON.parse(data.textContent);
  function load(tag, attrs) {
    return new Promise(function (done, fail) {
      var node = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { node[k] = attrs[k]; });
      node.onload = done; node.onerror = fail;
      document.head.appendChild(node);
    });
  }
  function draw() {
    box.hidden = false;
    var map = L.map(box, { scrollWheelZoom: false, attributionControl: true });
    map.attributionControl.setPrefix(false).addAttribution(info.attribution || "");
    var outline = info.outline && L.geoJSON(info.outline, {
      style: { color: "#0b4f8a", weight: 2, fillOpacity: 0.05 }
    });
    var bounds = L.latLngBounds(info.points.map(function (p) { return [p[0], p[1]]; }));
    if (outline) bounds.extend(outline.getBounds());
    // a view first: Leaflet cannot draw a shape on a map without one
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], maxZoom: 14, animate: false });
    else map.setView([info.lat, info.lon], 12);
    if (outline) outline.addTo(map);
    info.points.forEach(function (p) {
      var marker = L.circleMarker([p[0], p[1]], {
        radius: 7, color: "#fff", weight: 2, fillColor: p[3] ? "#b36b00" : "#c1272d", fillOpacity: 1
      });
      var link = document.createElement("a");
      link.href = p[2];
      link.textContent = p[4];
      marker.bindPopup(link).addTo(map);
    });
  }
  function start() {
    Promise.all([
      load("link", { rel: "stylesheet", href: info.css }),
      load("script", { src: info.leaflet })
    ]).then(draw, function () { box.hidden = true; });
  }
  if ("requestIdleCallback" in window) window.requestIdleCallback(start, { timeout: 1500 });
  else window.setTimeout(start, 200);
})();
