/* akhbar: optional niceties. The site works without this file. */
(function () {
  "use strict";
  var doc = document;

  /* Count one read per page view, only once the page has actually been seen. */
  var article = doc.querySelector("article[data-article-id]");
  if (article && navigator.sendBeacon) {
    var hitUrl = article.getAttribute("data-hit-url") ||
      "/hit/" + article.getAttribute("data-article-id") + "/";
    var sent = false;
    var hit = function () {
      if (sent || doc.visibilityState !== "visible") return;
      sent = true;
      navigator.sendBeacon(hitUrl);
      doc.removeEventListener("visibilitychange", hit);
    };
    hit();
    if (!sent) doc.addEventListener("visibilitychange", hit);
  }

  /* Copy-link buttons stay hidden unless the clipboard can be used. */
  if (navigator.clipboard && window.isSecureContext) {
    Array.prototype.forEach.call(doc.querySelectorAll("[data-copy-url]"), function (button) {
      var status = button.closest(".share");
      status = status && status.querySelector(".copy-status");
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.getAttribute("data-copy-url")).then(
          function () { if (status) status.textContent = "تم نسخ الرابط"; },
          function () { if (status) status.textContent = "تعذّر النسخ، انسخ الرابط من شريط العنوان"; }
        );
      });
    });
  }

  /* Remember whether the reader paused the ticker. */
  var pause = doc.getElementById("ticker-pause");
  if (pause) {
    try {
      if (localStorage.getItem("akhbar:ticker-paused") === "1") pause.checked = true;
      pause.addEventListener("change", function () {
        localStorage.setItem("akhbar:ticker-paused", pause.checked ? "1" : "0");
      });
    } catch (e) { /* storage disabled: the toggle still works for this page */ }
  }

  /* Videos load from the player's host only after the reader asks for them. */
  doc.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-embed-src] .embed-link");
    if (!link) return;
    event.preventDefault();
    var box = link.parentNode;
    var frame = doc.createElement("iframe");
    frame.src = box.getAttribute("data-embed-src") + "?autoplay=1";
    frame.title = link.textContent;
    frame.width = "560";
    frame.height = "315";
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    box.replaceChild(frame, link);
  });
})();

/* Live parts of published pages: the ticker and the most-read list are fetched from small
   fragments (docs/publishing.md), so that pages served as files stay current without being
   re-rendered whenever a headline enters the ticker or a reader count changes. */
(function () {
  "use strict";
  var doc = document;
  var slots = doc.querySelectorAll("[data-fragment]");
  if (!slots.length || !window.fetch) return;
  var refresh = function (slot) {
    fetch(slot.getAttribute("data-fragment"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || html.trim() === slot.innerHTML.trim()) return;
        /* Keep the reader's pause switch (and its remembered state) across a refresh. */
        var pause = slot.querySelector(".ticker-pause");
        slot.innerHTML = html;
        var fresh = slot.querySelector(".ticker-pause");
        if (pause && fresh) fresh.parentNode.replaceChild(pause, fresh);
      })
      .catch(function () { /* offline: keep what the page shows */ });
  };
  var refreshAll = function () {
    if (doc.visibilityState === "visible") Array.prototype.forEach.call(slots, refresh);
  };
  setInterval(refreshAll, 60000);
  doc.addEventListener("visibilitychange", refreshAll);
})();

/* "منذ ٥ دقائق": a page is rendered once and served for hours, so it carries the moment itself
   (<time datetime data-since>) and the reader's clock says how long ago, kept current each
   minute. The phrases are those of akhbar.arabic.dates.relative_time (the browser tests compare
   the two); past a week, or without this script, the page's own date and time stay. */
(function () {
  "use strict";
  var doc = document;
  var times = doc.querySelectorAll("time[data-since]");
  if (!times.length || !window.Intl || !Intl.PluralRules) return;
  /* The noun after a count, by CLDR category: one, two, few, many, other. */
  var FORMS = {
    minute: ["دقيقة", "دقيقتين", "{n} دقائق", "{n} دقيقة", "{n} دقيقة"],
    hour: ["ساعة", "ساعتين", "{n} ساعات", "{n} ساعة", "{n} ساعة"],
    day: ["يوم", "يومين", "{n} أيام", "{n} يوماً", "{n} يوم"]
  };
  var CATEGORIES = ["one", "two", "few", "many", "other"];
  var plural = new Intl.PluralRules("ar");
  var arabicDigits = doc.documentElement.getAttribute("data-digits") === "arabic";
  var MINUTE = 60000;
  var phrase = function (age) {
    var minutes = Math.floor(age / MINUTE);
    var count, forms;
    if (age < 0) return null;
    if (minutes < 1) return "الآن";
    if (minutes < 60) { count = minutes; forms = FORMS.minute; }
    else if (minutes < 1440) { count = Math.floor(minutes / 60); forms = FORMS.hour; }
    else if (minutes < 8 * 1440) { count = Math.floor(minutes / 1440); forms = FORMS.day; }
    else return null;
    var index = CATEGORIES.indexOf(plural.select(count));
    var text = forms[index < 0 ? 4 : index].replace("{n}", String(count));
    if (arabicDigits) text = text.replace(/[0-9]/g, function (d) { return "٠١٢٣٤٥٦٧٨٩"[d]; });
    return "منذ " + text;
  };
  var update = function () {
    var now = Date.now();
    Array.prototype.forEach.call(times, function (time) {
      if (!time.hasAttribute("data-moment")) {
        time.setAttribute("data-moment", time.textContent);
        time.title = time.textContent;
      }
      var since = Date.parse(time.getAttribute("datetime"));
      var text = isNaN(since) ? null : phrase(now - since);
      time.textContent = text || time.getAttribute("data-moment");
    });
  };
  update();
  setInterval(update, MINUTE);
})();
