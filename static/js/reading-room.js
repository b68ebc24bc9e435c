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
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
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
