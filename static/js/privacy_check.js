// The privacy check's findings (apps/privacy_check): when a share comes back with findings, move
// focus to their heading, so keyboard and screen-reader users start there (the summary is also
// a role="alert"). The page works the same without this script.
(function () {
  "use strict";
  function focusFindings() {
    var heading = document.getElementById("privacy-findings-heading");
    if (heading) {
      heading.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFindings);
  } else {
    focusFindings();
  }
})();
