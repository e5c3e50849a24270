// The reply page (templates/replies/reply.html): under each box with a limit, how much of it is used, so a family
// sees before sending that a long text will not fit. The server says the same if it does not: nothing is cut.
(function () {
  "use strict";

  function describe(box, count) {
    var limit = parseInt(box.dataset.limit, 10);
    var used = box.value.length;
    var over = used - limit;
    count.textContent = over > 0
      ? over.toLocaleString("en-GB") + " characters too many (the limit is " + limit.toLocaleString("en-GB") + ")"
      : used.toLocaleString("en-GB") + " of " + limit.toLocaleString("en-GB") + " characters";
    count.classList.toggle("reply-over", over > 0);
  }

  document.querySelectorAll("textarea[data-limit]").forEach(function (box) {
    if (!box.dataset.limit) {
      return;
    }
    var count = document.createElement("div");
    count.className = "reply-count";
    count.id = box.id + "-count";
    box.insertAdjacentElement("afterend", count);
    describe(box, count);
    box.addEventListener("input", function () {
      describe(box, count);
    });
  });
})();
