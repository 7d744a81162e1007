// The editor's page of `qa serve`: send the texts to /ui/check, show the report the server
// rendered (the HTML report's own markup, escaped there), let the editor accept or reject
// each suggested fix, and offer the corrected translation and the reports as downloads.
//
// Spans are code-point offsets into the text as the server checked it (bundle.text), so fixes
// are applied to an array of code points (Array.from), from the end of the text backwards,
// and two fixes whose spans overlap are never both accepted. Text from the user or the
// report only ever reaches the page through textContent or form values.
(function () {
  "use strict";

  var state = { bundle: null, decisions: {}, urls: {} };

  function $(id) {
    return document.getElementById(id);
  }

  function setStatus(message, problem) {
    var status = $("status");
    status.textContent = message;
    status.classList.toggle("problem", Boolean(problem));
  }

  function overlaps(a, b) {
    if (a.start === a.end || b.start === b.end) {
      return a.start === b.start && a.end === b.end;
    }
    return a.start < b.end && b.start < a.end;
  }

  function accepted() {
    var fixes = state.bundle ? state.bundle.fixes : [];
    return fixes.filter(function (fix) {
      return state.decisions[fix.key] === "accepted";
    });
  }

  function correctedText() {
    var chars = Array.from(state.bundle.text);
    accepted()
      .slice()
      .sort(function (a, b) {
        return b.start - a.start || b.end - a.end;
      })
      .forEach(function (fix) {
        var replacement = Array.from(fix.suggestion);
        chars.splice.apply(chars, [fix.start, fix.end - fix.start].concat(replacement));
      });
    return chars.join("");
  }

  function conflict(fix) {
    return accepted().some(function (other) {
      return other.key !== fix.key && overlaps(other, fix);
    });
  }

  function download(id, content, name, type) {
    if (state.urls[id]) {
      URL.revokeObjectURL(state.urls[id]);
    }
    state.urls[id] = URL.createObjectURL(new Blob([content], { type: type }));
    var link = $(id);
    link.href = state.urls[id];
    link.download = name;
  }

  function refresh() {
    var bundle = state.bundle;
    bundle.fixes.forEach(function (fix) {
      var decision = state.decisions[fix.key] || "pending";
      var note = document.getElementById("note-" + fix.key);
      document.querySelectorAll('mark[data-f="' + fix.key + '"]').forEach(function (mark) {
        mark.classList.toggle("accepted", decision === "accepted");
        mark.classList.toggle("rejected", decision === "rejected");
      });
      if (!note) {
        return;
      }
      note.classList.toggle("accepted", decision === "accepted");
      note.classList.toggle("rejected", decision === "rejected");
      var accept = note.querySelector('button[data-act="accept"]');
      var reject = note.querySelector('button[data-act="reject"]');
      var blocked = decision !== "accepted" && conflict(fix);
      accept.disabled = blocked;
      accept.textContent = decision === "accepted" ? "Undo accept" : "Accept";
      reject.textContent = decision === "rejected" ? "Undo reject" : "Reject";
      reject.disabled = decision === "accepted";
      note.querySelector(".state").textContent = blocked
        ? "overlaps an accepted fix"
        : decision === "pending"
          ? ""
          : decision;
    });
    var text = correctedText();
    $("corrected").value = text;
    $("accepted-count").textContent = String(accepted().length);
    download("download-text", text, bundle.id + ".corrected.txt", "text/plain;charset=utf-8");
  }

  function decide(key, act) {
    var current = state.decisions[key] || "pending";
    var target = act === "accept" ? "accepted" : "rejected";
    state.decisions[key] = current === target ? "pending" : target;
    refresh();
  }

  function addControls() {
    state.bundle.fixes.forEach(function (fix) {
      var note = document.getElementById("note-" + fix.key);
      if (!note) {
        return;
      }
      var box = document.createElement("div");
      box.className = "decide";
      ["accept", "reject"].forEach(function (act) {
        var button = document.createElement("button");
        button.type = "button";
        button.dataset.act = act;
        button.dataset.key = fix.key;
        button.addEventListener("click", function () {
          decide(fix.key, act);
        });
        box.appendChild(button);
      });
      var label = document.createElement("span");
      label.className = "state";
      box.appendChild(label);
      note.appendChild(box);
    });
  }

  function show(bundle, seconds) {
    state.bundle = bundle;
    state.decisions = {};
    // The server rendered this with the HTML report's template: every text in it is escaped.
    $("report").innerHTML = bundle.fragment;
    addControls();
    var counts = { error: 0, warning: 0, info: 0 };
    bundle.report.documents[0].findings.forEach(function (finding) {
      counts[finding.severity] += 1;
    });
    $("summary").textContent =
      bundle.verdict.toUpperCase() +
      ": " + counts.error + " errors, " + counts.warning + " warnings, " +
      bundle.fixes.length + " fixes offered";
    var downloads = bundle.downloads;
    download("download-json", downloads.json, bundle.id + ".qa.json", "application/json");
    download("download-sarif", downloads.sarif, bundle.id + ".sarif", "application/sarif+json");
    download("download-html", downloads.html, bundle.id + ".qa.html", "text/html;charset=utf-8");
    $("result").hidden = false;
    refresh();
    setStatus("Checked in " + seconds.toFixed(2) + " s.");
    document.documentElement.dataset.checks = String(Number(document.documentElement.dataset.checks || 0) + 1);
  }

  function options() {
    var out = {};
    var failOn = $("fail-on").value;
    if (failOn) out.fail_on = failOn;
    if ($("select").value.trim()) out.select = $("select").value.trim();
    if ($("ignore").value.trim()) out.ignore = $("ignore").value.trim();
    if ($("no-model").checked) out.no_model = true;
    return out;
  }

  function check() {
    var body = { id: $("doc-id").value.trim() || "article", hyp: $("hyp").value, options: options() };
    if ($("ref").value.trim()) body.ref = $("ref").value;
    if ($("src").value.trim()) {
      body.src = $("src").value;
      if ($("src-lang").value) body.src_lang = $("src-lang").value;
    }
    $("check").disabled = true;
    setStatus("Checking…");
    var started = performance.now();
    return fetch("/ui/check", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(body),
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) {
            throw new Error((data.error && data.error.message) || "HTTP " + response.status);
          }
          show(data, (performance.now() - started) / 1000);
        });
      })
      .catch(function (problem) {
        setStatus("Not checked: " + problem.message, true);
      })
      .finally(function () {
        $("check").disabled = false;
      });
  }

  // A dropped or chosen file: UTF-8 is read here; anything else is decoded by the server the
  // way `qa check` decodes files (cp1251, KOI8-R, GB18030, UTF-16 ...).
  function load(target, file) {
    return file.arrayBuffer().then(function (buffer) {
      try {
        target.value = new TextDecoder("utf-8", { fatal: true }).decode(buffer);
        return;
      } catch (notUtf8) {
        var lang = target.id === "src" ? $("src-lang").value : "en";
        return fetch("/v1/decode" + (lang ? "?lang=" + encodeURIComponent(lang) : ""), {
          method: "POST",
          headers: { "Content-Type": "application/octet-stream" },
          credentials: "same-origin",
          body: buffer,
        })
          .then(function (response) {
            return response.json().then(function (data) {
              if (!response.ok) throw new Error(data.error ? data.error.message : "HTTP " + response.status);
              target.value = data.text;
              setStatus(file.name + ": read as " + data.encoding + ".");
            });
          })
          .catch(function (problem) {
            setStatus(file.name + ": " + problem.message, true);
          });
      }
    });
  }

  document.querySelectorAll("input.file").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.files && input.files[0]) load($(input.dataset.for), input.files[0]);
    });
  });
  document.querySelectorAll(".input textarea").forEach(function (area) {
    area.addEventListener("dragover", function (event) {
      event.preventDefault();
      area.classList.add("dragging");
    });
    area.addEventListener("dragleave", function () {
      area.classList.remove("dragging");
    });
    area.addEventListener("drop", function (event) {
      event.preventDefault();
      area.classList.remove("dragging");
      var files = event.dataTransfer && event.dataTransfer.files;
      if (files && files[0]) load(area, files[0]);
    });
  });

  $("check-form").addEventListener("submit", function (event) {
    event.preventDefault();
    check();
  });
  $("accept-all").addEventListener("click", function () {
    state.bundle.fixes.forEach(function (fix) {
      if (state.decisions[fix.key] !== "accepted" && !conflict(fix)) {
        state.decisions[fix.key] = "accepted";
      }
    });
    refresh();
  });
  $("recheck").addEventListener("click", function () {
    $("hyp").value = $("corrected").value;
    check();
  });
  // A click on a highlight brings its note into view.
  $("report").addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("mark[data-f]") : null;
    var note = mark && document.getElementById("note-" + mark.dataset.f);
    if (note) note.scrollIntoView({ block: "nearest" });
  });
  document.documentElement.dataset.ready = "1";
})();
