// compare.js: the filter of the indicator picker on /compare. Without it the page is a plain list of
// checkboxes and the filter stays hidden. Typing narrows the list to the indicators whose English or Chinese
// name or code contains every word typed (case-insensitive); a checked indicator always stays in view, so a
// choice is never hidden; Escape clears the filter. The count of indicators shown is announced politely.
(function () {
  'use strict';
  var box = document.getElementById('choice-filter');
  var input = document.getElementById('choice-q');
  var count = document.getElementById('choice-count');
  if (!box || !input || !count) { return; }
  var choices = Array.prototype.slice.call(document.querySelectorAll('#choice-list .choice'));
  var template = count.getAttribute('data-template') || '%d / %d';

  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(function (w) { return w !== ''; });
    var shown = 0;
    choices.forEach(function (c) {
      var match = c.getAttribute('data-match') || '';
      var checked = c.querySelector('input').checked;
      var ok = checked || words.every(function (w) { return match.indexOf(w) >= 0; });
      c.hidden = !ok;
      if (ok) { shown++; }
    });
    count.textContent = words.length ? template.replace('%d', String(shown)).replace('%d', String(choices.length)) : '';
  }

  input.addEventListener('input', apply);
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && input.value !== '') {
      input.value = '';
      apply();
      e.preventDefault();
    }
  });
  // Enter in the filter filters: it does not send the form half-chosen (the submit button does).
  if (input.form) {
    input.form.addEventListener('submit', function (e) {
      if (document.activeElement === input) { e.preventDefault(); }
    });
  }
  box.hidden = false;
  apply();
})();
