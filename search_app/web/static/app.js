// 简报检索: enhancements only; every page works without this script.
(function () {
  "use strict";

  // A filter box over a unit tree: hide the units whose names do not contain the text,
  // keep the ancestors of those that do, and open them.
  function filterTree(input) {
    var tree = document.querySelector(input.getAttribute("data-filter-tree"));
    if (!tree) return;
    input.addEventListener("input", function () {
      var wanted = input.value.trim();
      var items = tree.querySelectorAll("li");
      for (var i = items.length - 1; i >= 0; i--) {
        var li = items[i];
        var link = li.querySelector("a");
        var own = link && link.textContent.indexOf(wanted) !== -1;
        var child = li.querySelector("li:not([hidden])");
        li.hidden = wanted !== "" && !own && !child;
        var details = li.querySelector(":scope > details");
        if (details && wanted !== "" && child) details.open = true;
      }
    });
  }

  // Name suggestions for the search box: units and officials whose names start with, or hold,
  // the last word typed; choosing one completes that word as unit: or person:.
  function suggest(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var endpoint = input.getAttribute("data-suggest");
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var words = input.value.split(/\s+/);
        var word = words.pop();
        if (!word || word === last || word.indexOf(":") !== -1) return;
        last = word;
        var head = words.length ? words.join(" ") + " " : "";
        fetch(endpoint + "?q=" + encodeURIComponent(word))
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.suggestions.forEach(function (s) {
              var option = document.createElement("option");
              option.value = head + s.query;
              option.label = s.label;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }

  // The original page of a text source opens at its marked passage (a link naming a place keeps it).
  function scrollToPassage() {
    var passage = document.getElementById("passage");
    if (passage && !window.location.hash) passage.scrollIntoView({ block: "center" });
  }

  document.addEventListener("DOMContentLoaded", function () {
    scrollToPassage();
    document.querySelectorAll("input[data-filter-tree]").forEach(filterTree);
    document.querySelectorAll("input[data-suggest]").forEach(suggest);
  });
})();
