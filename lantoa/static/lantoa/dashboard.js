/* Lantoa charts: draws every <canvas data-chart="KIND" data-source="ID"> from the JSON of the
   <script type="application/json" id="ID"> that Django's json_script wrote (no inline script: the CSP forbids it).
   Kinds: "forecast" (actual, forecast and its 80% band), "stacked" (stacked bars per key), "lines", "share". */
(function () {
  "use strict";
  var POLARITY = { neg: "#b4232a", neu: "#8a96a3", pos: "#1f7a3d", "": "#d9dee4" };
  var OTHERS = ["#0b5cad", "#a86200", "#6b3fa0", "#2a8c8c", "#c2185b", "#5b6775", "#7a9a01", "#d4a017"];

  function colour(key, index) {
    return Object.prototype.hasOwnProperty.call(POLARITY, key) ? POLARITY[key] : OTHERS[index % OTHERS.length];
  }

  var BASE = {
    animation: false, responsive: true, maintainAspectRatio: false,
    interaction: { mode: "index", intersect: false },
    plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
  };

  function options(extra) {
    return Object.assign({}, BASE, extra);
  }

  var BUILDERS = {
    forecast: function (data) {
      return {
        type: "line",
        data: {
          labels: data.days,
          datasets: [
            { label: "", data: data.lower, borderWidth: 0, pointRadius: 0, fill: false },
            { label: data.band_label, data: data.upper, borderWidth: 0, pointRadius: 0, fill: "-1",
              backgroundColor: "rgba(11, 92, 173, 0.15)" },
            { label: data.label, data: data.actual, borderColor: "#1d2733", backgroundColor: "#1d2733",
              pointRadius: 2, borderWidth: 2 },
            { label: data.forecast_label, data: data.forecast, borderColor: "#0b5cad", backgroundColor: "#0b5cad",
              borderDash: [6, 4], pointRadius: 2, borderWidth: 2 },
          ],
        },
        options: options({
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12, filter: function (item) { return item.text !== ""; } } } },
        }),
      };
    },
    stacked: function (data) {
      return {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: data.datasets.map(function (set, index) {
            return { label: set.label, data: set.data, backgroundColor: colour(set.key, index) };
          }),
        },
        options: options({ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }),
      };
    },
    lines: function (data) {
      return {
        type: "line",
        data: {
          labels: data.labels,
          datasets: data.datasets.map(function (set, index) {
            var c = set.key === "all" ? "#0b5cad" : colour(set.key, index);
            return { label: set.label, data: set.data, borderColor: c, backgroundColor: c, pointRadius: 1, borderWidth: 2 };
          }),
        },
        options: options({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }),
      };
    },
    share: function (data) {
      return {
        type: "bar",
        data: { labels: data.labels, datasets: [{ label: data.label, data: data.data, backgroundColor: "#0b5cad" }] },
        options: options({ indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }),
      };
    },
  };

  function draw() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.source);
      var build = BUILDERS[canvas.dataset.chart];
      if (!source || !build || canvas.dataset.drawn) {
        return;
      }
      new window.Chart(canvas, build(JSON.parse(source.textContent)));
      canvas.dataset.drawn = "1"; // the browser test waits for this
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
