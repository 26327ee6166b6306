// Progressive enhancement for the profile form: clicking a suggested expertise tag replaces
// the word being typed in the comma-separated field. Without JavaScript the field is plain text.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-tag]");
    if (!button) return;
    var input = document.querySelector("[data-tag-input='expertise']");
    if (!input) return;
    var parts = input.value.split(",");
    parts[parts.length - 1] = " " + button.getAttribute("data-tag");
    input.value = parts.join(",").replace(/^\s+/, "") + ", ";
    input.focus();
    var box = document.getElementById("expertise-suggestions");
    if (box) box.innerHTML = "";
  });
})();
