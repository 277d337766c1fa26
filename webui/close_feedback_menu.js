// Gradio shows the "Flag for a nurse" menu while the pointer hovers over it, so after a tap it stayed open (on a
// phone until the next tap elsewhere). Once an option is chosen the menu closes until the pointer leaves it.
() => {
  document.activeElement?.blur();
  for (const menu of document.querySelectorAll("#chat .extra-feedback")) {
    menu.classList.add("closed");
    menu.addEventListener("mouseleave", () => menu.classList.remove("closed"), { once: true });
  }
}
