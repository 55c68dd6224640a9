// Record-a-session form: show only the boundary notes of the people ticked as supervised.
// Progressive enhancement: without this file every note is listed and the server checks.
(function () {
  "use strict";
  function sync(form) {
    var chosen = {};
    var any = false;
    form.querySelectorAll("input[name=agreements]").forEach(function (box) {
      if (box.checked) {
        chosen[box.getAttribute("data-supervisee")] = true;
        any = true;
      }
    });
    form.querySelectorAll("input[name=boundary_notes]").forEach(function (box) {
      var show = !any || chosen[box.getAttribute("data-author")] || box.checked;
      var row = box.closest(".choice");
      if (row) {
        row.hidden = !show;
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.session-form");
    if (!form) {
      return;
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "agreements") {
        sync(form);
      }
    });
    sync(form);
  });
})();
