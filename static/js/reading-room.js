// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // ---- Editors annotate sentences in the article page --------------------------------------
  // A sentence an editor can annotate is a `.sentence__text[data-note-url]`; its note form
  // (`form.note-form`) is fetched with htmx and placed just after it. Nothing typed is ever
  // dropped silently: closing a changed form asks first, and leaving the page warns.

  var TRIGGER = ".sentence__text[data-note-url]";

  function triggers() {
    return Array.prototype.slice.call(document.querySelectorAll(TRIGGER));
  }

  function triggerFor(position) {
    var sentence = document.getElementById("s" + position);
    return sentence ? sentence.querySelector(TRIGGER) : null;
  }

  function formFor(position) {
    return document.getElementById("note-form-" + position);
  }

  function focusForm(form) {
    var target = form.querySelector("[data-autofocus]") ||
      form.querySelector("input[name=credibility]:checked") ||
      form.querySelector("input:not([type=hidden]), select, textarea");
    if (target) target.focus();
    form.scrollIntoView({ block: "nearest" });
  }

  function openNote(trigger) {
    var sentence = trigger.closest(".sentence");
    var position = sentence.dataset.sentence;
    var open = formFor(position);
    if (open) {
      focusForm(open);
      return;
    }
    // Inside a heading the form goes after the heading, so the heading stays a heading.
    var heading = sentence.closest("h1, h2, h3, h4, h5, h6");
    htmx.ajax("GET", trigger.dataset.noteUrl, {
      source: trigger,
      target: heading || sentence,
      swap: "afterend",
    }).then(function () {
      var form = formFor(position);
      if (form) {
        trigger.setAttribute("aria-expanded", "true");
        focusForm(form);
      }
    });
  }

  function closeNote(form, force) {
    if (!force && form.dataset.dirty && !window.confirm("Close this note without saving your changes?")) {
      return;
    }
    var trigger = triggerFor(form.dataset.sentence);
    form.remove();
    if (trigger) {
      trigger.setAttribute("aria-expanded", "false");
      trigger.focus();
    }
  }

  function move(from, step) {
    var list = triggers();
    var index = list.indexOf(from);
    if (index < 0) {
      var form = from.closest && from.closest("form.note-form");
      index = form ? list.indexOf(triggerFor(form.dataset.sentence)) : -1;
    }
    var next = list[index + step];
    if (next) {
      next.focus();
      next.scrollIntoView({ block: "nearest" });
    }
  }

  function say(form, text, signIn) {
    var message = form.querySelector(".note-form__message");
    if (!message) return;
    message.textContent = text;
    var login = document.body.dataset.loginUrl;
    if (signIn && login) {
      // Signing in in another tab keeps this one, and the text in it, as it is.
      var link = document.createElement("a");
      link.href = login + "?next=" + encodeURIComponent(window.location.pathname);
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = "Sign in again in a new tab";
      message.append(" ", link);
    }
  }

  // ---- A fresh CSRF token before every note save -------------------------------------------
  // Signing in again (in another tab, after the session ended) changes the token; the one
  // this page was served with would be refused. So each save first asks for the current one.
  function useToken(form, token) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) field.value = token;
    document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRFToken": token }));
  }

  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt;
    var url = document.body.dataset.tokenUrl;
    if (!url || event.detail.verb !== "post" || !(form.matches && form.matches("form.note-form"))) return;
    event.preventDefault();
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; })
      .then(function (data) {
        if (data && data.csrfToken) useToken(form, data.csrfToken);
        event.detail.issueRequest(true);
      });
  });

  document.addEventListener("click", function (event) {
    var cancel = event.target.closest("[data-note-cancel]");
    if (cancel && cancel.closest("form.note-form--inline")) {
      event.preventDefault();
      closeNote(cancel.closest("form"), false);
      return;
    }
    var trigger = event.target.closest(TRIGGER);
    // Selecting text to copy it is not a request to annotate.
    if (trigger && !String(window.getSelection() || "")) openNote(trigger);
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var form = target.closest && target.closest("form.note-form");
    var noModifiers = !event.altKey && !event.ctrlKey && !event.metaKey;

    if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp") &&
        target.tagName !== "SELECT" && document.querySelector(TRIGGER)) {
      event.preventDefault();
      move(target, event.key === "ArrowDown" ? 1 : -1);
      return;
    }
    if (target.matches && target.matches(TRIGGER)) {
      if ((event.key === "Enter" || event.key === " ") && noModifiers) {
        event.preventDefault();
        openNote(target);
      } else if ((event.key === "j" || event.key === "k") && noModifiers) {
        event.preventDefault();
        move(target, event.key === "j" ? 1 : -1);
      }
      return;
    }
    if (!form) return;
    if (event.key === "Escape" && form.classList.contains("note-form--inline")) {
      event.preventDefault();
      closeNote(form, false);
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit(form.querySelector("[data-note-save]"));
    } else if (event.key === "Enter" && target.type === "search") {
      // Search now rather than submitting the note.
      event.preventDefault();
      htmx.trigger(target, "search");
    } else if (event.key === "Enter" && target.type === "text") {
      event.preventDefault(); // a stray Enter in a one-line field neither saves nor searches
    }
  });

  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form.note-form");
    if (form && event.target.name !== "q") form.dataset.dirty = "1";
  });

  document.addEventListener("change", function (event) {
    var box = event.target;
    var form = box.closest && box.closest("form.note-form");
    if (!form) return;
    if (box.name !== "q") form.dataset.dirty = "1";
    // A ticked search result joins the cited list, so the next search does not drop it.
    if (box.name === "evidence" && box.checked && box.closest(".evidence-picker__results")) {
      form.querySelector(".evidence-picker__chosen").appendChild(box.closest("li"));
      box.focus();
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form.note-form[data-dirty]")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // ---- htmx responses -----------------------------------------------------------------------
  // 409 (someone else saved first) and 422 (check the form) carry a form to show: swap them in.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After a refused save the new form replaces the old one: focus what explains why.
  document.addEventListener("htmx:afterSettle", function (event) {
    var form = event.target;
    var first = form.matches && form.matches("form.note-form") && form.querySelector("[data-autofocus]");
    if (first) first.focus();
  });

  document.addEventListener("htmx:responseError", function (event) {
    var elt = event.detail.elt;
    if (elt.matches && elt.matches(TRIGGER)) {
      // The form could not be opened here (signed out?): the note page says why, or signs in.
      window.location.href = elt.dataset.noteUrl;
      return;
    }
    var form = elt.closest && elt.closest("form.note-form");
    if (!form) return;
    var status = event.detail.xhr.status;
    if (status === 403) {
      say(form, "Not saved: you are signed out (or not allowed to edit). Your text is still here — sign in again in another tab, then save here.", true);
    } else {
      say(form, "Not saved (the server answered " + status + "). Your text is still here; try again.");
    }
  });

  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form.note-form");
    if (form) say(form, "Not saved: the server could not be reached. Your text is still here; try again.");
  });

  // The server says a note was saved (the sentence and its badge are already swapped in).
  document.body.addEventListener("noteSaved", function (event) {
    var position = event.detail.position;
    var form = formFor(position);
    if (form) closeNote(form, true);
    var trigger = triggerFor(position);
    if (!trigger) return;
    trigger.focus();
    if (event.detail.next) {
      var list = triggers();
      var next = list[list.indexOf(trigger) + 1];
      if (next) openNote(next);
    }
  });

  // ---- The timeline ------------------------------------------------------------------------

  // Print every note on the timeline, not just the open ones (browsers without
  // ::details-content print only the summary of a closed <details>).
  var opened = [];
  window.addEventListener("beforeprint", function () {
    // The print header names the day it is printed, not the day the page was cached.
    document.querySelectorAll("[data-print-date]").forEach(function (date) {
      var now = new Date();
      date.textContent = now.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
      date.setAttribute("datetime", now.toISOString().slice(0, 10));
    });
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  // A page restored from the back/forward cache keeps what was typed into its filters but
  // not yet applied; put the form back to the filters of the results on screen.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form.filters").forEach(function (form) { form.reset(); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

  // The "add to event" panel on the article page: close it and return focus to the sentence.
  var lastControl = null;
  document.addEventListener("click", function (event) {
    var control = event.target.closest(".sentence__event");
    if (control) { lastControl = control; }
    var close = event.target.closest("[data-dock-close]");
    if (close) {
      var dock = close.closest(".event-dock");
      if (dock) { dock.replaceChildren(); }
      if (lastControl) { lastControl.focus(); }
    }
  });
})();

// ---- Citing sentences -----------------------------------------------------------------------
// Every sentence of an article ends in a real link to its own page (`a[data-cite-link]`).
// With JavaScript, focusing or pointing at it offers "Copy link" and "Copy citation" beside it
// (added on demand, so a long article does not carry two thousand idle buttons); the sentence
// page's own copy buttons use the same code. Success or failure is announced in the page's
// polite live region (`[data-copy-status]`).
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function today() {
    var d = new Date();
    return d.getDate() + " " + MONTHS[d.getMonth()] + " " + d.getFullYear();
  }

  function announce(message) {
    var region = document.querySelector("[data-copy-status]");
    if (!region) return;
    region.textContent = "";
    // A fresh text node after a beat, so the same message twice is announced twice.
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  function copy(text, done) {
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      announce(ok ? done : "Copying failed: select the text and copy it by hand.");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { announce(done); }, fallback);
    } else {
      fallback();
    }
  }

  function citationFor(link) {
    var article = link.closest("[data-cite-outlet]");
    var sentence = link.closest(".sentence");
    var quote = sentence.querySelector(".sentence__text").textContent.trim();
    var date = article.dataset.citePublished || "undated";
    return article.dataset.citeOutlet + ", \u201c" + article.dataset.citeHeadline + "\u201d, " +
      date + ": \u201c" + quote + "\u201d " + link.href + " (retrieved " + today() + ")";
  }

  function button(label, hidden, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "sentence__copy";
    b.textContent = label;
    var more = document.createElement("span");
    more.className = "visually-hidden";
    more.textContent = hidden;
    b.appendChild(more);
    b.addEventListener("click", action);
    return b;
  }

  function offerCopy(link) {
    if (link.nextElementSibling && link.nextElementSibling.matches(".sentence__copies")) return;
    var sentence = link.closest(".sentence");
    var n = sentence ? sentence.dataset.sentence : "";
    var box = document.createElement("span");
    box.className = "sentence__copies";
    box.appendChild(button("Copy link", " to sentence " + n, function () {
      copy(link.href, "Link to sentence " + n + " copied.");
    }));
    box.appendChild(button("Copy citation", " of sentence " + n, function () {
      copy(citationFor(link), "Citation of sentence " + n + " copied.");
    }));
    link.insertAdjacentElement("afterend", box);
  }

  function linkFrom(event) {
    return event.target.closest ? event.target.closest("a[data-cite-link]") : null;
  }

  document.addEventListener("focusin", function (event) {
    var link = linkFrom(event);
    if (link) offerCopy(link);
  });
  document.addEventListener("pointerover", function (event) {
    var link = linkFrom(event);
    if (link) offerCopy(link);
  });

  // The sentence page: its citation blocks, with buttons shown only when they can work.
  document.querySelectorAll("[data-copy-controls]").forEach(function (controls) {
    document.querySelectorAll("[data-citation]").forEach(function (block) {
      // The page may come from a cache: the date it was retrieved is today's.
      block.textContent = block.textContent.replace(/\(retrieved [^)]*\)$/, "(retrieved " + today() + ")");
    });
    controls.hidden = false;
    controls.addEventListener("click", function (event) {
      var b = event.target.closest("button");
      if (!b) return;
      if (b.dataset.copyFrom) {
        copy(document.getElementById(b.dataset.copyFrom).textContent, b.textContent + ": done.");
      } else if (b.dataset.copyText) {
        copy(new URL(b.dataset.copyText, window.location.href).href, "Link copied.");
      }
    });
  });

  // Arriving at an article by a sentence's anchor: bring it to the middle, with its context.
  function showTarget() {
    var id = window.location.hash.slice(1);
    var target = id && document.getElementById(id);
    if (target && target.classList.contains("sentence")) {
      target.scrollIntoView({ block: "center" });
    }
  }
  window.addEventListener("hashchange", showTarget);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showTarget);
  } else {
    showTarget();
  }
})();
