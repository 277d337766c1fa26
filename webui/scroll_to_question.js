// After an answer arrives, show it from its question down: a long answer with its words and sources would
// otherwise leave only its last lines on a phone screen (the chat scrolls to its bottom as text streams in).
() => {
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const wrap = document.querySelector("#chat .bubble-wrap");
    const questions = document.querySelectorAll("#chat .message-row.user-row");
    if (!wrap || !questions.length) return;
    const question = questions[questions.length - 1];
    wrap.scrollTop += question.getBoundingClientRect().top - wrap.getBoundingClientRect().top - 4;
  }));
}
