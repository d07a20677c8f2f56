// The amending/repealing item picker: as the reviewer types, fetch the short list and show it
// as radio buttons, without reloading the page. Without JavaScript the search form's GET step
// does the same on the server.
(function () {
  "use strict";
  var search = document.querySelector("form.picker-search");
  var choices = document.getElementById("by-choices");
  if (!search || !choices || !window.fetch) { return; }
  var input = search.querySelector("input[type=search]");
  var url = search.getAttribute("data-candidates-url");
  var timer = null;
  var latest = 0;

  function clearResults() {
    var old = choices.querySelectorAll("label.picker-result, p.picker-empty");
    for (var i = 0; i < old.length; i++) { old[i].remove(); }
  }

  function show(query, results) {
    clearResults();
    if (query && !results.length) {
      var empty = document.createElement("p");
      empty.className = "picker-empty";
      empty.textContent = "没有找到与“" + query + "”相符的本机关已发布文件。";
      choices.appendChild(empty);
      return;
    }
    results.forEach(function (r) {
      var label = document.createElement("label");
      label.className = "picker-result";
      var radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "by";
      radio.value = String(r.pk);
      label.appendChild(radio);
      label.appendChild(document.createTextNode(" " + r.title));
      var meta = document.createElement("span");
      meta.className = "muted";
      meta.textContent = "（" + (r.doc_number ? r.doc_number + "，" : "") + "索引号 " +
        r.index_number + "，" + r.published_on + "发布）";
      label.appendChild(meta);
      choices.appendChild(label);
    });
  }

  function lookup() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { show("", []); return; }
    fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (ticket === latest) { show(query, data.results || []); } })
      .catch(function () { /* the search button still works */ });
  }

  // Server-rendered results carry no class; mark them so a new lookup replaces them.
  var first = choices.querySelectorAll("label");
  for (var i = 1; i < first.length; i++) { first[i].className = "picker-result"; }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookup, 250);
  });
  search.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    lookup();
  });
})();
