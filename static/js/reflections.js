// Reflection pages: framework switching, autosave (server draft + a copy in this browser),
// and the perspective exchanges chart. Every page works without this file.
//
// Autosave, so that a long entry is never lost:
// * every N seconds (data-autosave-seconds, 30 by default) while the text has changed, and when
//   the tab is hidden, the form is POSTed to the draft endpoint (data-autosave-url): a new
//   entry becomes a private draft on the server; later saves update that same draft;
// * on every keystroke a copy is kept in localStorage under a per-user, per-entry key, and it
//   is removed as soon as the server confirms it has the text (autosave, or a successful
//   submit: the next page names the keys to clear). So the browser copy only exists while the
//   server does not have the text yet — e.g. after the session timed out — and it is restored
//   into the form when the page is opened again.
// * A rejected submit is re-rendered by the server with everything typed (no JS needed).
(function () {
  "use strict";

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; // private mode or storage disabled: the server draft still works
    }
  }

  // --- clear browser copies the server now has --------------------------------------------
  document.querySelectorAll("[data-clear-local]").forEach(function (el) {
    var store = storage();
    if (!store) return;
    el.getAttribute("data-clear-local").split(" ").forEach(function (key) {
      if (key) store.removeItem(key);
    });
  });

  // --- the reflection form ------------------------------------------------------------------
  var form = document.getElementById("reflection-form");
  if (form) setUpForm(form);

  function setUpForm(form) {
    var frameworkSelect = form.querySelector("select[name=framework]");
    var switchButton = document.getElementById("framework-switch");
    var status = document.getElementById("autosave-status");
    var key = form.getAttribute("data-local-key");
    var autosaveUrl = form.getAttribute("data-autosave-url");
    var seconds = parseInt(form.getAttribute("data-autosave-seconds"), 10) || 30;
    var changes = 0; // edits since page load
    var savedChanges = 0; // edits the server has confirmed
    var saving = false;
    var submitting = false; // the form is being submitted: no more autosaves from this page
    var submitWaiting = false; // a submit that waits for an autosave in flight ...
    var pendingSubmitter = null; // ... and the button that made it

    // Framework: show the chosen framework's prompts; the no-JS "switch" button is not needed.
    function showFramework() {
      var chosen = frameworkSelect.value;
      form.querySelectorAll("fieldset[data-framework]").forEach(function (fs) {
        fs.hidden = fs.getAttribute("data-framework") !== chosen;
      });
    }
    if (frameworkSelect) {
      frameworkSelect.addEventListener("change", showFramework);
      if (switchButton) switchButton.hidden = true;
    }

    // Team: only relevant when sharing with a team.
    function showTeam() {
      var checked = form.querySelector("input[name=visibility]:checked");
      var teamField = form.querySelector(".team-field");
      if (teamField) teamField.hidden = !checked || checked.value !== "team";
    }
    form.querySelectorAll("input[name=visibility]").forEach(function (radio) {
      radio.addEventListener("change", showTeam);
    });
    showTeam();

    function values() {
      var result = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "submit" || el.type === "button") return;
        if (el.type === "checkbox") result[el.name] = el.checked;
        else if (el.type === "radio") {
          if (el.checked) result[el.name] = el.value;
        } else result[el.name] = el.value;
      });
      return result;
    }

    function apply(saved) {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || !(el.name in saved) || el.name === "csrfmiddlewaretoken") return;
        if (el.type === "checkbox") el.checked = !!saved[el.name];
        else if (el.type === "radio") el.checked = el.value === saved[el.name];
        else if (el.type !== "submit" && el.type !== "button") el.value = saved[el.name];
      });
      if (frameworkSelect) showFramework();
      showTeam();
    }

    function same(a, b) {
      var keys = Object.keys(a).concat(Object.keys(b));
      for (var i = 0; i < keys.length; i++) {
        if (keys[i] === "draft") continue;
        var x = a[keys[i]] === undefined ? "" : a[keys[i]];
        var y = b[keys[i]] === undefined ? "" : b[keys[i]];
        if (String(x) !== String(y)) return false;
      }
      return true;
    }

    function say(text) {
      if (status) status.textContent = text;
    }

    // Restore a browser copy the server never confirmed (unless the server just re-rendered
    // what was typed, after a rejected submit).
    var store = storage();
    var initial = values();
    if (store && key && form.getAttribute("data-bound") !== "1") {
      var raw = store.getItem(key);
      if (raw) {
        try {
          var copy = JSON.parse(raw);
          var serverSavedAt = Date.parse(form.getAttribute("data-server-saved-at") || "") || 0;
          if (copy && copy.values && copy.savedAt > serverSavedAt && !same(copy.values, initial)) {
            apply(copy.values);
            changes += 1;
            var notice = document.getElementById("autosave-restored");
            if (notice) {
              notice.hidden = false;
              document.getElementById("autosave-discard").addEventListener("click", function () {
                apply(initial);
                store.removeItem(key);
                notice.hidden = true;
                savedChanges = changes;
              });
            }
          } else {
            store.removeItem(key);
          }
        } catch (e) {
          store.removeItem(key);
        }
      }
    }

    function keepLocal() {
      if (!store || !key) return;
      try {
        store.setItem(key, JSON.stringify({ savedAt: Date.now(), values: values() }));
      } catch (e) {
        /* quota: the server draft remains */
      }
    }

    form.addEventListener("input", function () {
      changes += 1;
      keepLocal();
    });
    form.addEventListener("change", function () {
      changes += 1;
      keepLocal();
    });

    // A submit while an autosave is in flight waits for it: the autosave may be creating the
    // server draft, whose id the submit must carry so that it publishes that draft rather than
    // leaving a stray copy behind.
    form.addEventListener("submit", function (event) {
      if (saving) {
        event.preventDefault();
        submitWaiting = true;
        pendingSubmitter = event.submitter || null;
        return;
      }
      submitting = true;
    });

    function save(keepalive) {
      if (!autosaveUrl || saving || submitting || changes === savedChanges) return;
      saving = true;
      var upTo = changes;
      var body = new FormData(form);
      fetch(autosaveUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        redirect: "manual", // a timed-out session redirects to the sign-in page: not a save
        keepalive: !!keepalive,
        headers: { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" },
      })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (response.type === "opaqueredirect" || type.indexOf("application/json") === -1) {
            throw new Error("signed-out");
          }
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          var data = result.data;
          if (result.ok && data.saved) {
            savedChanges = upTo;
            var draftInput = form.querySelector("input[name=draft]");
            if (draftInput && data.id) draftInput.value = data.id;
            if (data.autosave_url) {
              autosaveUrl = data.autosave_url;
              form.setAttribute("data-autosave-url", autosaveUrl);
            }
            if (store && key && changes === upTo) store.removeItem(key);
            say("Draft saved at " + data.saved_at + ". Only you can see it.");
          } else if (result.ok) {
            savedChanges = upTo; // nothing typed yet
          } else {
            say("Draft not saved to the server yet: check the form. Your text is kept in this browser.");
          }
        })
        .catch(function (error) {
          if (error && error.message === "signed-out") {
            say(
              "Not saved to the server: your session may have ended. Your text is kept in this browser — " +
                "sign in again (in another tab) and it will be saved."
            );
          } else {
            say("Not saved to the server (connection problem). Your text is kept in this browser.");
          }
        })
        .then(function () {
          saving = false;
          if (submitWaiting) {
            submitWaiting = false;
            if (pendingSubmitter) form.requestSubmit(pendingSubmitter);
            else form.requestSubmit();
          }
        });
    }

    if (autosaveUrl) {
      window.setInterval(save, seconds * 1000);
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden") save(true);
      });
    }
  }

  // --- perspective exchanges chart ----------------------------------------------------------
  var dataEl = document.getElementById("exchanges-data");
  var canvas = document.getElementById("exchanges-chart");
  if (dataEl && canvas && window.Chart) {
    var chart = JSON.parse(dataEl.textContent);
    new window.Chart(canvas, {
      type: "bar",
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
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Exchanges" } },
        },
        plugins: { legend: { position: "bottom" } },
      },
    });
    canvas.setAttribute("data-drawn", "1");
  }
})();
