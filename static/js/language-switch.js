// After htmx pushes a new URL (a search on /klussen/), the language switch must return there.
document.addEventListener("htmx:pushedIntoHistory", function () {
  document.querySelectorAll("form.language-switch input[name=next]").forEach(function (input) {
    input.value = window.location.pathname + window.location.search;
  });
});
