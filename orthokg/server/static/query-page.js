// The OrthoKG query page: YASGUI on this server's /sparql, with the query catalogue
// as buttons that open a query in its own tab and run it. Plain script, no build step:
// YASGUI itself comes from node_modules (make web-deps), never from a CDN.
(function () {
  "use strict";

  var examples = JSON.parse(document.getElementById("catalogue").textContent);
  var byName = {};
  examples.forEach(function (q) { byName[q.name] = q; });
  var endpoint = new URL("/sparql", window.location.href).href;
  var first = byName.procedures || examples[0];
  var starter = first ? first.query :
    "SELECT ?concept ?label WHERE { ?concept rdfs:label ?label } LIMIT 25";

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: "orthokg-query-page",
    yasqe: { value: starter, autocompleters: ["prefixes", "variables"] },
  });

  function openExample(name) {
    var q = byName[name];
    if (!q) { return; }
    var tab = yasgui.addTab(true, {
      name: q.name,
      yasqe: { value: q.query },
      requestConfig: { endpoint: endpoint, method: "POST" },
    }, { avoidDuplicateTabs: true });
    tab.setQuery(q.query);
    tab.getYasqe().query();
  }

  // Concept and document IRIs in the results link to this server's pages, which answer
  // offline and before the w3id.org redirects exist; the bases come from vocab.py.
  var bases = JSON.parse(document.getElementById("iri-bases").textContent);
  function localise(root) {
    root.querySelectorAll("a[href]").forEach(function (a) {
      bases.forEach(function (pair) {
        var href = a.getAttribute("href");
        if (href.indexOf(pair[0]) === 0 && href.length > pair[0].length) {
          a.setAttribute("href", pair[1] + href.slice(pair[0].length));
        }
      });
    });
  }
  var results = document.getElementById("yasgui");
  new MutationObserver(function () { localise(results); })
    .observe(results, { childList: true, subtree: true });

  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () { openExample(button.dataset.name); });
  });
  window.orthokg = { yasgui: yasgui, openExample: openExample };
})();
