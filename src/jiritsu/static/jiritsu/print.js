// The print pages' 印刷 button (a static file: the Content-Security-Policy allows no inline script).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
});
