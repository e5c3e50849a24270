// The site's own behaviour, kept out of the pages: the content security policy refuses inline scripts and
// on...= attributes. Each behaviour is switched on by a data- attribute.
(function () {
  "use strict";

  // <button data-print>: print this page.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // <select data-submit-on-change>: send its form as soon as a choice is made.
  document.querySelectorAll("[data-submit-on-change]").forEach(function (field) {
    field.addEventListener("change", function () {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    });
  });

  // <form data-confirm="Question?">: ask before sending it (throwing something away, locking something).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });

  // <div data-load-together> holding [data-load="URL"] placeholders (the dashboard's side blocks): fetch each, then
  // swap them all in at once, so the page changes once rather than block by block. A block that did not come keeps
  // its placeholder, whose link opens it on a page of its own (as it does with no script at all).
  document.querySelectorAll("[data-load-together]").forEach(function (group) {
    var parts = Array.prototype.slice.call(group.querySelectorAll("[data-load]"));
    Promise.all(
      parts.map(function (part) {
        return fetch(part.dataset.load, { headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin" })
          .then(function (response) {
            // Signed out meanwhile, the answer is the sign-in page: not a block.
            return response.ok && !response.redirected ? response.text() : null;
          })
          .then(function (text) {
            // A whole page (the block's own page, from a cache or a proxy that ignored the request's header) is
            // never put inside this one.
            return text === null || /^\s*<!doctype/i.test(text) ? null : text;
          })
          .catch(function () {
            return null;
          });
      })
    ).then(function (blocks) {
      parts.forEach(function (part, n) {
        if (blocks[n] === null) {
          part.removeAttribute("aria-busy");
          return;
        }
        var holder = document.createElement("template");
        holder.innerHTML = blocks[n];
        part.replaceWith(holder.content);
      });
    });
  });

  // A table wider than the screen scrolls sideways in its .table-responsive box (on a phone, most do). A keyboard
  // user reaches such a box with Tab and scrolls it with the arrow keys, and a screen reader names it after its
  // table: its caption, or the heading above it. A box that does not scroll is no stop on the way.
  function tableName(box) {
    var table = box.querySelector("table");
    if (table && table.caption && table.caption.textContent.trim()) {
      return table.caption.textContent.trim();
    }
    if (table && table.getAttribute("aria-label")) {
      return table.getAttribute("aria-label");
    }
    var above = null;
    document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6").forEach(function (heading) {
      if (heading.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) {
        above = heading;
      }
    });
    return above ? above.textContent.replace(/\s+/g, " ").trim() : "Table";
  }

  function scrollingTablesReachable() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", tableName(box) + " (scrolls sideways)");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  scrollingTablesReachable();
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(scrollingTablesReachable, 150);
  });
})();
