// Idle timeout warning. The server ends a session unused for the configured time (core.middleware); this
// script warns shortly before and offers to stay signed in. It asks the server how long is left (a GET that
// does not count as use), so work in another tab keeps this one signed in too. No inline script (CSP).
document.addEventListener("DOMContentLoaded", () => {
  const body = document.body;
  const dialog = document.getElementById("idle-warning");
  const url = body.dataset.sessionUrl;
  const warning = Number(body.dataset.idleWarning || 0);
  if (!dialog || !url) return;
  const countdown = dialog.querySelector("[data-idle-countdown]");
  const stay = dialog.querySelector("[data-idle-stay]");
  let timer = null;
  let ticker = null;
  let deadline = 0;

  const csrfToken = () => {
    try { return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch { return ""; }
  };
  const signedOut = () => {
    const here = window.location.pathname + window.location.search;
    window.location.assign(body.dataset.loginUrl + "?next=" + encodeURIComponent(here));
  };
  const hide = () => {
    clearInterval(ticker);
    if (dialog.open) dialog.close();
  };
  const show = () => {
    const tick = () => {
      const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      countdown.textContent = left >= 60 ? `${Math.floor(left / 60)}分${left % 60}秒` : `${left}秒`;
    };
    tick();
    clearInterval(ticker);
    ticker = setInterval(tick, 1000);
    if (!dialog.open) dialog.showModal();
    stay.focus();
  };
  const schedule = (remaining) => {
    clearTimeout(timer);
    deadline = Date.now() + remaining * 1000;
    if (remaining <= 0) { signedOut(); return; }
    if (remaining > warning) {
      hide();
      timer = setTimeout(check, (remaining - warning) * 1000);
    } else {
      show();
      timer = setTimeout(check, remaining * 1000);
    }
  };
  const ask = async (method) => {
    const headers = method === "POST" ? { "X-CSRFToken": csrfToken() } : {};
    const res = await fetch(url, { method, headers, credentials: "same-origin" });
    if (!res.ok) return 0;
    return (await res.json()).remaining;
  };
  async function check() {
    try { schedule(await ask("GET")); } catch { timer = setTimeout(check, 5000); }
  }
  stay.addEventListener("click", async () => {
    try { schedule(await ask("POST")); } catch { signedOut(); }
  });
  dialog.addEventListener("cancel", (e) => e.preventDefault());  // Esc does not dismiss it unanswered
  // A request the page makes itself (htmx) is use too: the server restarted the idle time.
  document.body.addEventListener("htmx:afterRequest", () => schedule(Number(body.dataset.idleTimeout)));
  schedule(Number(body.dataset.idleTimeout));
});
