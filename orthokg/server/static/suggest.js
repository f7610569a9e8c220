// Name boxes with suggestions: every <input data-suggest> asks /api/suggest as you type
// and lists the concepts whose labels or synonyms contain the text. Picking one in a
// question form binds its IRI (the box shows the label); picking one in the header's
// search box opens the concept's page. Without JavaScript the boxes still work: the
// server resolves a typed name, and the search box opens /search.
(function () {
  "use strict";

  var DELAY_MS = 120;
  var counter = 0;

  function attach(input) {
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.id = (input.id || "search") + "-suggestions-" + (++counter);
    list.hidden = true;
    input.parentNode.style.position = "relative";
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var items = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      input.removeAttribute("aria-activedescendant");
      input.setAttribute("aria-expanded", "false");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    function pick(item) {
      close();
      if (input.dataset.go === "page") {
        window.location.href = item.href;
        return;
      }
      input.value = item.label;
      input.dataset.iri = item.iri;
      input.dataset.picked = item.label;
      input.dispatchEvent(new CustomEvent("orthokg:picked", { bubbles: true, detail: item }));
    }

    function show(found) {
      items = found;
      list.textContent = "";
      found.forEach(function (item, i) {
        var option = document.createElement("li");
        option.setAttribute("role", "option");
        option.id = list.id + "-" + i;
        option.dataset.iri = item.iri;
        var label = document.createElement("span");
        label.className = "label";
        label.textContent = item.label;
        option.appendChild(label);
        if (item.name && item.name.toLowerCase() !== item.label.toLowerCase()) {
          var also = document.createElement("span");
          also.className = "also";
          also.textContent = "also “" + item.name + "”";
          option.appendChild(also);
        }
        if (item.kind) {
          var kind = document.createElement("span");
          kind.className = "kind";
          kind.textContent = item.kind;
          option.appendChild(kind);
        }
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep the focus in the box until the pick is done
          pick(item);
        });
        list.appendChild(option);
      });
      if (!found.length) {
        var none = document.createElement("li");
        none.className = "none";
        none.textContent = "no concept has a name containing this";
        list.appendChild(none);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      var mine = ++asked;
      var url = "/api/suggest?q=" + encodeURIComponent(text) +
        (input.dataset.within ? "&within=" + encodeURIComponent(input.dataset.within) : "");
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (answer) { return answer.ok ? answer.json() : []; })
        .then(function (found) { if (mine === asked && document.activeElement === input) { show(found); } })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      if (input.dataset.picked !== undefined && input.value !== input.dataset.picked) {
        input.dataset.iri = "";
      }
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden || !items.length) { return; }
      if (event.key === "ArrowDown") {
        highlight(Math.min(active + 1, items.length - 1));
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        highlight(Math.max(active - 1, 0));
        event.preventDefault();
      } else if (event.key === "Enter" && active >= 0) {
        pick(items[active]);
        event.preventDefault();
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  // A form's URL carries the picked IRIs (a link that means one concept, whatever its
  // names), and the typed text where nothing was picked.
  function submitWithIris(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams();
      form.querySelectorAll("input[name]").forEach(function (input) {
        var picked = input.dataset.iri && input.value === input.dataset.picked;
        params.append(input.name, picked ? input.dataset.iri : input.value.trim());
      });
      window.location.href = form.getAttribute("action") + "?" + params.toString();
    });
  }

  document.querySelectorAll("input[data-suggest]").forEach(attach);
  document.querySelectorAll("form.question-form").forEach(submitWithIris);
  document.querySelectorAll("button.copy-link").forEach(function (button) {
    button.addEventListener("click", function () {
      var url = new URL(button.dataset.href, window.location.href).href;
      if (navigator.clipboard) {
        navigator.clipboard.writeText(url).then(function () { button.textContent = "Copied"; },
                                                function () { button.textContent = url; });
      }
    });
  });
})();
