// Repairs to Gradio's own markup that screen readers trip on (found by axe-core in tests/test_browser_pages.py).
// Gradio re-renders parts of the page, so the repairs are made again whenever the page changes.
(() => {
  const repair = () => {
    // The chat's example questions are buttons inside role="list": a list may hold list items only.
    document.querySelectorAll("#chat .examples[role='list']").forEach((e) => e.removeAttribute("role"));
    // The date pickers' calendar buttons have no name.
    document.querySelectorAll("button.calendar:not([aria-label])").forEach((b) => b.setAttribute("aria-label", "Pick a date"));
  };
  new MutationObserver(repair).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", repair);
})();
