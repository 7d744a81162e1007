(function () {
  "use strict";

  function checked(kind) {
    var state = {};
    document.querySelectorAll('input[data-filter="' + kind + '"]').forEach(function (box) {
      state[box.value] = box.checked;
    });
    return state;
  }

  // Hide what the severity and rule checkboxes exclude: marks lose their colour, notes disappear.
  function applyFilters() {
    var severities = checked("sev");
    var rules = checked("rule");
    document.querySelectorAll("[data-sev][data-rule]").forEach(function (element) {
      var shown = severities[element.dataset.sev] !== false && rules[element.dataset.rule] !== false;
      element.classList.toggle("off", !shown);
    });
  }

  function marksOf(key) {
    return document.querySelectorAll('mark[data-f="' + key + '"]');
  }

  document.querySelectorAll("input[data-filter]").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });

  // A click on a highlight shows its note; hovering a note outlines its highlight.
  document.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("mark[data-f]") : null;
    if (!mark || mark.classList.contains("off")) {
      return;
    }
    var note = document.getElementById("note-" + mark.dataset.f);
    if (note) {
      note.scrollIntoView({ block: "nearest" });
      note.classList.add("flash");
      window.setTimeout(function () {
        note.classList.remove("flash");
      }, 1200);
    }
  });
  document.querySelectorAll("li.note[data-f]").forEach(function (note) {
    note.addEventListener("mouseenter", function () {
      marksOf(note.dataset.f).forEach(function (mark) {
        mark.classList.add("hl");
      });
    });
    note.addEventListener("mouseleave", function () {
      marksOf(note.dataset.f).forEach(function (mark) {
        mark.classList.remove("hl");
      });
    });
  });

  applyFilters();
  document.documentElement.dataset.ready = "1";
})();
