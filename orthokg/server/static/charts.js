// Pictures on concept and compare pages: a concept's neighbourhood as a small graph
// (Cytoscape.js) and recovery timelines as floating bars on a log scale of days
// (Chart.js). Both libraries come from node_modules through /lib (make web-deps), never
// from a CDN. The data is JSON the server wrote into the page; this script only draws.
(function () {
  "use strict";

  var COLOURS = {
    self: "#12324f", treats: "#2e7d32", complication: "#c62828", anatomy: "#6a1b9a",
    device: "#ef6c00", procedure: "#0b5cad"
  };
  // 1 min, 1 h, 6 h, 1 d, 2 d, 4 d, 1 wk, 2 wk, 1 mo, 6 wk, 2 mo, 3 mo, 6 mo, 1 yr, 2 yr, 5 yr
  var NICE_DAYS = [1 / 1440, 1 / 24, 0.25, 1, 2, 4, 7, 14, 30.4375, 42, 60.875, 91.3125,
                   182.625, 365.25, 730.5, 1826.25];
  var SERIES = ["#0b5cad", "#ef6c00", "#2e7d32", "#6a1b9a"];

  function data(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function drawGraph(container, picture) {
    var elements = picture.nodes.map(function (n) {
      return { data: { id: n.id, label: n.label, group: n.group, href: n.href } };
    }).concat(picture.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, label: e.label } };
    }));
    var cy = cytoscape({
      container: container,
      elements: elements,
      autoungrabify: false,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: {
          "background-color": function (n) { return COLOURS[n.data("group")] || "#5b6876"; },
          "label": "data(label)", "font-size": 11, "color": "#1d2733",
          "text-wrap": "wrap", "text-max-width": 110, "text-valign": "bottom",
          "text-margin-y": 4, "width": 16, "height": 16, "text-background-color": "#ffffff",
          "text-background-opacity": 0.85, "text-background-padding": 2 } },
        { selector: "node[group = 'self']", style: {
          "width": 28, "height": 28, "font-weight": "bold", "font-size": 13 } },
        { selector: "edge", style: {
          "width": 1.5, "line-color": "#b7c2ce", "target-arrow-color": "#b7c2ce",
          "target-arrow-shape": "triangle", "curve-style": "bezier" } }
      ],
      layout: { name: "concentric", animate: false, minNodeSpacing: 28,
                concentric: function (n) { return n.data("group") === "self" ? 2 : 1; },
                levelWidth: function () { return 1; } }
    });
    cy.on("tap", "node", function (event) {
      var href = event.target.data("href");
      if (href) { window.location.href = href; }
    });
    return cy;
  }

  function days(value) {
    if (value < 1 / 24) { return Math.round(value * 1440) + " min"; }
    if (value < 1) { return Math.round(value * 24) + " h"; }
    if (value < 7) { return Math.round(value) + " d"; }
    if (value < 30) { return Math.round(value / 7) + " wk"; }
    if (value < 365) { return (Math.abs(value - 42) < 0.5 ? "6 wk" : Math.round(value / 30.4375) + " mo"); }
    return Math.round(value / 365.25) + " yr";
  }

  function drawTimeline(canvas, series) {
    var names = [];
    series.forEach(function (s) {
      s.steps.forEach(function (step) {
        if (names.indexOf(step.name) < 0) { names.push(step.name); }
      });
    });
    var datasets = series.map(function (s, i) {
      var byName = {};
      s.steps.forEach(function (step) { if (!byName[step.name]) { byName[step.name] = step; } });
      return {
        label: s.name,
        backgroundColor: SERIES[i % SERIES.length],
        steps: names.map(function (n) { return byName[n] || null; }),
        data: names.map(function (n) {
          var step = byName[n];
          if (!step) { return null; }
          // A single figure gets a short bar around it, so it can be seen and hovered.
          return step.low === step.high ? [step.low / 1.15, step.high * 1.15]
                                        : [step.low, step.high];
        })
      };
    });
    var all = [];
    datasets.forEach(function (d) {
      d.data.forEach(function (bar) { if (bar) { all.push(bar[0], bar[1]); } });
    });
    var bounds = { min: Math.min.apply(null, all) / 1.6, max: Math.max.apply(null, all) * 1.6 };
    canvas.parentNode.style.height = Math.max(140, 60 + names.length * 26 * series.length) + "px";
    return new Chart(canvas, {
      type: "bar",
      data: { labels: names, datasets: datasets },
      options: {
        indexAxis: "y", animation: false, maintainAspectRatio: false, responsive: true,
        scales: {
          x: { type: "logarithmic", min: bounds.min, max: bounds.max,
               title: { display: true, text: "time (log scale)" },
               // Ticks at round durations only (1 h, 1 d, 1 wk, 1 mo, ...), not 2,3..9 x 10^n.
               afterBuildTicks: function (axis) {
                 axis.ticks = NICE_DAYS.filter(function (v) { return v >= axis.min && v <= axis.max; })
                   .map(function (v) { return { value: v }; });
               },
               ticks: { autoSkip: false, maxRotation: 0,
                        callback: function (v) { return days(Number(v)); } } }
        },
        plugins: {
          legend: { display: series.length > 1 },
          tooltip: { callbacks: { label: function (item) {
            var step = item.dataset.steps[item.dataIndex];
            return item.dataset.label + ": " + step.amount + (step.open ? " (" + step.open + ")" : "");
          } } }
        }
      }
    });
  }

  var drawn = {};
  var picture = data("picture-data");
  var container = document.getElementById("neighbourhood");
  if (picture && container && window.cytoscape) {
    drawn.graph = drawGraph(container, picture);
  }
  var series = data("timeline-data");
  var canvas = document.getElementById("timeline-chart");
  if (series && series.length && canvas && window.Chart) {
    drawn.timeline = drawTimeline(canvas, series);
  }
  window.orthokgCharts = drawn;
})();
