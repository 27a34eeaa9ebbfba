/* Suggestions for the search boxes: fills the <datalist> linked to an input[list] with the
   titles /recherche/suggestions/ returns (already filtered by what the reader may see).
   Without JavaScript the boxes work as plain search fields. */
(function () {
  "use strict";
  var inputs = document.querySelectorAll('input[type="search"][list]');
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || text === last) { return; }
      timer = window.setTimeout(function () {
        last = text;
        fetch("/recherche/suggestions/?q=" + encodeURIComponent(text), {
          credentials: "same-origin",
          headers: { Accept: "application/json" }
        }).then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        }).then(function (data) {
          list.textContent = "";
          data.suggestions.forEach(function (title) {
            var option = document.createElement("option");
            option.value = title;
            list.appendChild(option);
          });
        }).catch(function () { /* Suggestions are a convenience: stay silent. */ });
      }, 200);
    });
  });
})();
