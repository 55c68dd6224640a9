// Team dashboard: draws the charts from the json_script data named by each canvas's
// data-dashboard-chart, and shows the "Print" button on the printable page. Every number is
// also in the table next to its chart, which is what screen readers and no-JS browsers get.
(function () {
  "use strict";

  function draw(canvas) {
    if (canvas.getAttribute("data-drawn") || typeof window.Chart === "undefined") return;
    var source = document.getElementById(canvas.getAttribute("data-dashboard-chart"));
    if (!source) return;
    var chart = JSON.parse(source.textContent);
    canvas.setAttribute("data-drawn", "1");
    new window.Chart(canvas, {
      type: chart.type || "bar",
      data: {
        labels: chart.labels,
        datasets: chart.datasets.map(function (d) {
          return { label: d.label, data: d.data, backgroundColor: d.colour, borderColor: d.colour };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: !!chart.stacked },
          y: {
            stacked: !!chart.stacked,
            beginAtZero: true,
            ticks: { precision: 0 },
            title: { display: !!chart.yTitle, text: chart.yTitle || "" },
          },
        },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
      },
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-dashboard-chart]"), draw);
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
