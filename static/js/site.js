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
})();
