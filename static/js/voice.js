// Team voice (and the peer practice check): draws a trend chart from the json_script data next to
// each canvas (``y_min``/``y_max`` in the data set the scale; 1 to 5 by default).
// Without JavaScript (or Chart.js) the table of the same numbers is the fallback.
(function () {
  "use strict";
  var COLOURS = ["#24578f", "#1f6b3a", "#8a5a00", "#a12622", "#5b3c88"];

  function draw(canvas) {
    if (canvas.getAttribute("data-drawn") || typeof window.Chart === "undefined") {
      return;
    }
    var source = document.getElementById(canvas.getAttribute("data-voice-trend"));
    if (!source) {
      return;
    }
    var trend = JSON.parse(source.textContent);
    canvas.setAttribute("data-drawn", "1");
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: trend.labels,
        datasets: trend.series.map(function (series, index) {
          return {
            label: series.label,
            questionText: series.text,
            data: series.data,
            borderColor: COLOURS[index % COLOURS.length],
            backgroundColor: COLOURS[index % COLOURS.length],
            tension: 0.2
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { min: trend.y_min || 1, max: trend.y_max || 5, ticks: { stepSize: 1 } } },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              label: function (item) {
                var text = item.dataset.questionText ? " — " + item.dataset.questionText : "";
                return item.dataset.label + ": " + item.formattedValue + text;
              }
            }
          }
        }
      }
    });
  }

  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-voice-trend]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
