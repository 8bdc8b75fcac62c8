// "Was this helpful?": sends the answer to the site's [feedback] endpoint
// without leaving the page. No cookies (credentials: "omit"), no third-party
// script; the page's Content-Security-Policy names the endpoint. Without
// JavaScript the form still posts the same fields.
const form = document.getElementById("hb-feedback");
if (form) {
  const status = form.querySelector(".feedback-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => (b.disabled = true));
    try {
      await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form, event.submitter)),
        credentials: "omit",
        mode: "no-cors",
        referrerPolicy: "strict-origin",
      });
      status.textContent = form.dataset.thanks;
      form.querySelector("fieldset").hidden = true;
    } catch {
      status.textContent = form.dataset.error;
      buttons.forEach((b) => (b.disabled = false));
    }
  });
}
