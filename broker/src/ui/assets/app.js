// Pact Broker UI: trace a service's integrations in the network graph on hover or focus.
(function () {
  "use strict";
  function wire(svg) {
    var edges = Array.prototype.slice.call(svg.querySelectorAll("path.edge"));
    var nodes = Array.prototype.slice.call(svg.querySelectorAll("g.node"));
    function clear() {
      svg.classList.remove("tracing");
      edges.forEach(function (e) { e.classList.remove("on"); });
      nodes.forEach(function (n) { n.classList.remove("on"); });
    }
    function trace(node) {
      var id = node.getAttribute("data-n");
      svg.classList.add("tracing");
      node.classList.add("on");
      edges.forEach(function (e) {
        var c = e.getAttribute("data-c"), p = e.getAttribute("data-p");
        if (c === id || p === id) {
          e.classList.add("on");
          var other = c === id ? p : c;
          var n = svg.querySelector('g.node[data-n="' + other + '"]');
          if (n) { n.classList.add("on"); }
        }
      });
    }
    nodes.forEach(function (n) {
      n.addEventListener("mouseenter", function () { trace(n); });
      n.addEventListener("mouseleave", clear);
      n.parentNode.addEventListener("focus", function () { trace(n); });
      n.parentNode.addEventListener("blur", clear);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("svg.graph"), wire);
  });
})();
