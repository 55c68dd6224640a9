// Role editor and overview enhancements; every page works without this file
// ("Add another duty" then posts the form, and order numbers reorder duties).
(function () {
  "use strict";

  function rows() {
    var container = document.getElementById("duty-rows");
    return container ? Array.prototype.slice.call(container.querySelectorAll("[data-duty-row]")) : [];
  }

  function hasText(row) {
    var text = row.querySelector("textarea");
    return text && text.value.trim() !== "";
  }

  // Numbers shown in legends/labels follow the visual order; order inputs of filled-in duties too.
  function renumber() {
    var filled = 0;
    rows().forEach(function (row, index) {
      row.querySelectorAll(".duty-num").forEach(function (span) { span.textContent = String(index + 1); });
      var position = row.querySelector(".duty-position");
      if (position) {
        position.value = hasText(row) ? String(++filled) : "";
      }
      row.querySelectorAll("[data-move]").forEach(function (button) {
        var dir = button.getAttribute("data-move");
        button.setAttribute("aria-label", "Move duty " + (index + 1) + " " + dir);
      });
    });
  }

  function addMoveButtons(row) {
    if (row.querySelector("[data-move]")) { return; }
    var bar = document.createElement("div");
    bar.className = "duty-move";
    ["up", "down"].forEach(function (dir) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary button--small";
      button.textContent = dir === "up" ? "Move up" : "Move down";
      button.setAttribute("data-move", dir);
      bar.appendChild(button);
    });
    row.appendChild(bar);
  }

  function addDuty(event) {
    var template = document.getElementById("duty-template");
    var container = document.getElementById("duty-rows");
    var total = document.querySelector("input[name=duties-TOTAL_FORMS]");
    if (!template || !container || !total) { return; }
    event.preventDefault();
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__num__/g, String(index + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    container.appendChild(row);
    total.value = String(index + 1);
    addMoveButtons(row);
    renumber();
    var text = row.querySelector("textarea");
    if (text) { text.focus(); }
  }

  function move(button) {
    var row = button.closest("[data-duty-row]");
    if (!row) { return; }
    if (button.getAttribute("data-move") === "up" && row.previousElementSibling) {
      row.parentNode.insertBefore(row, row.previousElementSibling);
    } else if (button.getAttribute("data-move") === "down" && row.nextElementSibling) {
      row.parentNode.insertBefore(row.nextElementSibling, row);
    }
    renumber();
    button.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    rows().forEach(addMoveButtons);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
    });
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    if (target.closest("[data-add-duty]")) {
      addDuty(event);
    } else if (target.closest("[data-move]")) {
      move(target.closest("[data-move]"));
    } else if (target.closest("[data-print]")) {
      window.print();
    }
  });

  // The page order is the duty order: a typed order number moves the duty there, and
  // typing a first description into a new duty gives it its place's number.
  function sortByPositions(changed) {
    var container = document.getElementById("duty-rows");
    var keyed = rows().map(function (row, index) {
      var value = parseInt((row.querySelector(".duty-position") || {}).value, 10);
      var key = isNaN(value) ? Infinity : value;
      if (row === changed && !isNaN(value)) {
        // Moving down lands after the duty now at that number; moving up, before it.
        key += value > index + 1 ? 0.5 : -0.5;
      }
      return { row: row, key: key, index: index };
    });
    keyed.sort(function (a, b) { return a.key - b.key || a.index - b.index; });
    keyed.forEach(function (item) { container.appendChild(item.row); });
  }

  document.addEventListener("change", function (event) {
    if (!(event.target instanceof Element)) { return; }
    if (event.target.closest("#duty-rows .duty-position")) {
      sortByPositions(event.target.closest("[data-duty-row]"));
      renumber();
      event.target.focus();
    } else if (event.target.closest("#duty-rows textarea")) {
      renumber();
    }
  });
})();
