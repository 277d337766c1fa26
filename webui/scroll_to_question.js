// After an answer arrives, show it from its question down: a long answer with its words and sources would
// otherwise leave only its last lines on a phone screen (the chat scrolls to its bottom as text streams in).
// A question taller than a third of the chat (a pasted story) is skipped: the reply is shown from its top.
() => {
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const wrap = document.querySelector("#chat .bubble-wrap");
    const questions = document.querySelectorAll("#chat .message-row.user-row");
    if (!wrap || !questions.length) return;
    const question = questions[questions.length - 1];
    const reply = question.nextElementSibling;
    const tall = question.getBoundingClientRect().height > wrap.clientHeight / 3;
    const target = tall && reply ? reply : question;
    wrap.scrollTop += target.getBoundingClientRect().top - wrap.getBoundingClientRect().top - 4;
  }));
}
