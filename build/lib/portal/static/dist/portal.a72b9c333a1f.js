// Progressive enhancement only: every page works without this file.
import { initAll } from "./nhsuk-frontend.6becb5e390e9.js";

initAll();

// Warn before a signed-in session times out, and let the person stay signed in
// (WCAG 2.2.1 Timing Adjustable). Without JavaScript the page explains the
// timeout in words and the server still ends the session.
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
