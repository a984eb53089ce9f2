// Suggestions as you type for the search page's box (page.js): an ARIA
// combobox over /api/suggest, asked after a short pause in typing.  Arrow
// keys move through the list, Enter chooses, Escape closes; a choice
// searches.  Completions are put in the page as text.
'use strict';

/** Attaches suggestions to @input (role=combobox) shown in @suggestions
 *  (role=listbox); @search(text) runs a chosen completion.  Returns
 *  {close}. */
window.fahrasSuggest = function (input, suggestions, search) {
  const SUGGEST_DELAY_MS = 120;
  const LIMIT = 8;
  let suggestTimer = 0;
  let suggestAbort = null;
  let active = -1;

  function closeSuggestions() {
    clearTimeout(suggestTimer);
    if (suggestAbort) suggestAbort.abort();
    suggestAbort = null;
    suggestions.hidden = true;
    suggestions.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  async function fetchSuggestions() {
    const typed = input.value;
    if (typed.trim() === '' || /\s$/.test(typed)) return closeSuggestions();
    if (suggestAbort) suggestAbort.abort();
    const abort = new AbortController();
    suggestAbort = abort;
    try {
      const response = await fetch('/api/suggest?' + new URLSearchParams({q: typed, limit: String(LIMIT)}).toString(), {signal: abort.signal});
      const body = response.ok ? await response.json() : null;
      if (input.value !== typed || document.activeElement !== input) return;
      showSuggestions(body && Array.isArray(body.completions) ? body.completions : []);
    } catch (error) {
      if (!abort.signal.aborted) closeSuggestions();  // suggestions are a help: the search says what is wrong
    }
  }

  function showSuggestions(completions) {
    const items = completions.filter((c) => typeof c.text === 'string' && c.text !== input.value).map((c, i) => {
      const option = document.createElement('li');
      option.className = 'suggestion';
      option.textContent = c.text;
      option.id = 'suggestion-' + i;
      option.dir = 'auto';
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      // mousedown, not click: the box keeps the focus, so it does not close first.
      option.addEventListener('mousedown', (event) => {
        event.preventDefault();
        choose(c.text);
      });
      return option;
    });
    if (items.length === 0) return closeSuggestions();
    suggestions.replaceChildren(...items);
    suggestions.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function setActive(index) {
    const options = suggestions.children;
    active = index;
    for (let i = 0; i < options.length; ++i) options[i].setAttribute('aria-selected', String(i === index));
    input.setAttribute('aria-activedescendant', options[index].id);
    options[index].scrollIntoView({block: 'nearest'});
  }

  function choose(text) {
    input.value = text;
    closeSuggestions();
    search(text);
  }

  input.addEventListener('input', () => {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(fetchSuggestions, SUGGEST_DELAY_MS);
  });
  input.addEventListener('keydown', (event) => {
    const open = !suggestions.hidden;
    const count = suggestions.children.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) return void fetchSuggestions();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
    } else if (event.key === 'Enter' && open && active >= 0) {
      event.preventDefault();
      choose(suggestions.children[active].textContent);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();  // else a search field also empties itself
      closeSuggestions();
    }
  });
  input.addEventListener('blur', closeSuggestions);

  return {close: closeSuggestions};
};
