// Postal code fills the address (offline Japan Post data served by the app), and warn before leaving
// a form with unsaved input. No external calls.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-postal-lookup]").forEach((input) => {
    const target = document.getElementById(input.dataset.postalLookup);
    const status = document.getElementById(input.id + "-status");
    input.addEventListener("change", async () => {
      const code = input.value.normalize("NFKC").replace(/[^0-9]/g, "");
      if (code.length !== 7) return;
      const res = await fetch(`/postal/${code}`);
      if (!res.ok) { if (status) status.textContent = "この郵便番号の住所は見つかりませんでした。"; return; }
      const data = await res.json();
      if (target && (!target.value || target.dataset.filled === "1")) {
        target.value = data.address; target.dataset.filled = "1";
      }
      if (status) status.textContent = `住所を入力しました：${data.address}`;
    });
  });
  // A filter that applies as soon as it is chosen (the form keeps a button for use without script).
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  document.querySelectorAll("form[data-guard]").forEach((form) => {
    let dirty = false;
    form.addEventListener("input", () => { dirty = true; });
    form.addEventListener("submit", () => { dirty = false; });
    window.addEventListener("beforeunload", (e) => { if (dirty) { e.preventDefault(); e.returnValue = ""; } });
  });
});
