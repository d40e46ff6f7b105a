// Progressive enhancement only: every page works without this file.
import { initAll } from "./nhsuk-frontend.js";

initAll();

// Warn before a signed-in session times out, and let the person stay signed in
// (WCAG 2.2.1 Timing Adjustable). The staff and family layouts both use the
// dialog in components/timeout_dialog.html; its data attributes give the
// timings and where to go. Without JavaScript the server still ends the session.
function setUpTimeoutWarning() {
  const dialog = document.querySelector("[data-module='app-timeout-dialog']");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const idleSeconds = Number(dialog.dataset.idleSeconds);
  const warnSeconds = Number(dialog.dataset.warnSeconds);
  const form = dialog.querySelector("form");
  let warnTimer;
  let endTimer;

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(() => dialog.showModal(), (idleSeconds - warnSeconds) * 1000);
    endTimer = setTimeout(() => {
      window.location.href = dialog.dataset.timedOutUrl;
    }, idleSeconds * 1000);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.ok) {
      dialog.close();
      schedule();
    } else {
      window.location.href = dialog.dataset.timedOutUrl;
    }
  });
  schedule();
}

setUpTimeoutWarning();

// "Exit this page" (the GOV.UK pattern) on family pages: the button, or Shift
// pressed 3 times within 5 seconds, leaves at once. Before leaving, the page is
// emptied, so a quick look back or a tab preview shows nothing. The browser
// then replaces this page in its history with /exit, which ends the session
// and redirects to a neutral site. Without JavaScript the button is a plain
// link to /exit, which does the same apart from the history.
const SHIFT_PRESSES_TO_EXIT = 3;
const SHIFT_PRESSES_WITHIN_MS = 5000;

function setUpExitThisPage() {
  const container = document.querySelector("[data-module='app-exit-this-page']");
  if (!container) return;
  const button = container.querySelector("a");
  const status = container.querySelector("[data-exit-this-page-status]");
  let presses = 0;
  let otherKeySinceShift = false;
  let resetTimer;

  function exitPage() {
    document.title = "";
    document.body.replaceChildren();
    window.location.replace(button.href);
  }

  function announce(text) {
    if (status) status.textContent = text || "";
  }

  function reset() {
    presses = 0;
    clearTimeout(resetTimer);
    announce("");
  }

  button.addEventListener("click", (event) => {
    event.preventDefault();
    exitPage();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Shift") {
      otherKeySinceShift = false;
    } else {
      // Shift used with another key (a capital letter) does not count.
      otherKeySinceShift = true;
      if (presses) reset();
    }
  });

  document.addEventListener("keyup", (event) => {
    if (event.key !== "Shift" || otherKeySinceShift) return;
    presses += 1;
    if (presses >= SHIFT_PRESSES_TO_EXIT) {
      exitPage();
      return;
    }
    if (presses === 1) resetTimer = setTimeout(reset, SHIFT_PRESSES_WITHIN_MS);
    announce(
      SHIFT_PRESSES_TO_EXIT - presses === 1 ? status?.dataset.oneMore : status?.dataset.twoMore,
    );
  });
}

setUpExitThisPage();

// A signed-in page brought back from the back-forward cache could show what
// was on screen after the session ended (by signing out or "Exit this page"):
// ask the server again instead.
window.addEventListener("pageshow", (event) => {
  if (event.persisted && document.querySelector("[data-module='app-timeout-dialog']")) {
    window.location.reload();
  }
});

// "Print this page": window.print() needs JavaScript, so the button is sent
// hidden and shown here. Without JavaScript the browser's own print menu
// prints the page the same way (see components/_print.scss).
function setUpPrintButtons() {
  for (const button of document.querySelectorAll("[data-print-page]")) {
    button.addEventListener("click", () => window.print());
    button.hidden = false;
  }
}

setUpPrintButtons();

// "Listen to this page": the browser's own speech synthesis reads the page's
// words, line by line, only when someone presses the button; nothing plays by
// itself. The button is sent hidden (and left out when read aloud is off in
// settings) and shown only where the browser can speak. Leaving the page,
// including by "Exit this page", stops the voice at once.
const READ_ALOUD_LINES = "h1, h2, h3, h4, p, li, th, td, summary, caption, dt, dd";

function spokenText(element) {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walker.nextNode()) {
    // Words for screens only (a table's headings repeated on a phone) are not read twice.
    if (!walker.currentNode.parentElement.closest("[aria-hidden='true']")) {
      parts.push(walker.currentNode.data);
    }
  }
  return parts.join("").replace(/\s+/g, " ").trim();
}

function linesToRead(content) {
  const lines = [];
  for (const element of content.querySelectorAll(READ_ALOUD_LINES)) {
    // The innermost lines only, so nothing is read twice; nothing from the
    // buttons, and nothing not on screen (a closed "Earlier changes").
    if (element.querySelector(READ_ALOUD_LINES)) continue;
    if (element.closest("[data-read-aloud-skip]")) continue;
    if (!element.getClientRects().length) continue;
    // A folded section is read as its title alone until someone opens it
    // (a closed <details> still lays out its content in some browsers).
    const folded = element.closest("details:not([open])");
    if (folded && !folded.querySelector(":scope > summary")?.contains(element)) continue;
    const text = spokenText(element);
    if (text) lines.push(text);
  }
  return lines;
}

function setUpReadAloud() {
  const listen = document.querySelector("[data-read-aloud]");
  const stop = document.querySelector("[data-read-aloud-stop]");
  const speech = window.speechSynthesis;
  if (!listen || !stop || !speech || typeof window.SpeechSynthesisUtterance !== "function") return;
  if (document.documentElement.classList.contains("app-read-aloud-off")) return;
  const content = document.getElementById(listen.dataset.readAloud);
  if (!content) return;
  // Each press starts a new reading; events from an earlier one are ignored.
  let reading = 0;

  function finished(which) {
    if (which !== reading) return;
    reading += 1;
    window.removeEventListener("pagehide", silence);
    window.removeEventListener("beforeunload", silence);
    const stopHadFocus = document.activeElement === stop;
    stop.hidden = true;
    listen.hidden = false;
    if (stopHadFocus) listen.focus();
  }

  function silence() {
    speech.cancel();
    finished(reading);
  }

  listen.addEventListener("click", () => {
    speech.cancel();
    const lines = linesToRead(content);
    if (!lines.length) return;
    reading += 1;
    const which = reading;
    lines.forEach((text, index) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang || "en";
      utterance.addEventListener("error", () => finished(which));
      if (index === lines.length - 1) utterance.addEventListener("end", () => finished(which));
      speech.speak(utterance);
    });
    window.addEventListener("pagehide", silence);
    window.addEventListener("beforeunload", silence);
    listen.hidden = true;
    stop.hidden = false;
    stop.focus();
  });
  stop.addEventListener("click", silence);
  listen.hidden = false;
}

setUpReadAloud();
