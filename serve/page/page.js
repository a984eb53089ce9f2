// The search page of fahras-serve (docs/serve.md, "The search page"): a
// search box with suggestions, results, facets, dates, sort and pages, all
// read from and written to the page's URL, over /api/search (and
// /api/suggest, in suggest.js).
//
// What the archive or the server sends is put into the page as text only
// (textContent, createTextNode), never parsed as HTML: an article titled
// <img src=x onerror=...> shows those characters.  The page's
// Content-Security-Policy requires Trusted Types, so the browser itself
// would refuse any HTML written from a string.
'use strict';

(function () {
  const PAGE_SIZE = 10;
  const MAX_PAGE = 100000;  // past it, an offset is no page anyone reads
  const FILTERS = ['place', 'country', 'source'];
  const FILTER_LABELS = {place: 'مكان', country: 'دولة', source: 'مصدر', from: 'من', to: 'إلى'};
  // Western digits everywhere, as the archive's dates and the date fields write them.
  const numbers = new Intl.NumberFormat('ar-u-nu-latn');
  const dates = new Intl.DateTimeFormat('ar-u-nu-latn', {day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'});
  const months = new Intl.DateTimeFormat('ar-u-nu-latn', {month: 'long', year: 'numeric', timeZone: 'UTC'});

  const $ = (id) => document.getElementById(id);
  const input = $('q');
  const suggestions = $('suggestions');
  // Names of the filter values seen in facets and hits, for the chips.
  const names = {place: new Map(), country: new Map(), source: new Map()};
  let current = emptyState();
  let searchSeq = 0;
  let searchAbort = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The direction of @text by its first letter, as dir=auto finds it; set
  // explicitly, since Chromium's dir=auto misses text in <mark>s added after.
  const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
  function directionOf(text) {
    const letter = /\p{L}/u.exec(text);
    return letter && !RTL_LETTER.test(letter[0]) ? 'ltr' : 'rtl';
  }

  // An element of archive text, isolated in its own direction, so that an
  // English title or a source's Latin name reads right within Arabic.
  function isolated(tag, className, text) {
    const node = el(tag, className, text);
    node.dir = directionOf(text);
    return node;
  }

  // ---- The state of a search, and its URL --------------------------------

  function emptyState() {
    // correct: false searches exactly q, not its spelling correction (the API's correct=0).
    // collapse: false shows every copy of a story, not one hit per story (collapse=0).
    return {q: '', place: [], country: [], source: [], from: '', to: '', sort: 'relevance', page: 1, correct: true,
            collapse: true};
  }

  function stateFromUrl(search) {
    const params = new URLSearchParams(search);
    const state = emptyState();
    state.q = params.get('q') || '';
    for (const kind of FILTERS) state[kind] = [...new Set(params.getAll(kind).filter(Boolean))];
    state.from = params.get('from') || '';
    state.to = params.get('to') || '';
    state.sort = params.get('sort') === 'date' ? 'date' : 'relevance';
    state.correct = params.get('correct') !== '0';
    state.collapse = params.get('collapse') !== '0';
    const page = parseInt(params.get('page'), 10);
    state.page = page >= 1 ? Math.min(page, MAX_PAGE) : 1;
    return state;
  }

  function queryOf(state) {
    const params = new URLSearchParams();
    if (state.q) params.set('q', state.q);
    for (const kind of FILTERS) for (const value of state[kind]) params.append(kind, value);
    if (state.from) params.set('from', state.from);
    if (state.to) params.set('to', state.to);
    if (state.sort === 'date') params.set('sort', 'date');
    if (!state.correct) params.set('correct', '0');
    if (!state.collapse) params.set('collapse', '0');
    return params;
  }

  function urlOf(state) {
    const params = queryOf(state);
    if (state.page > 1) params.set('page', String(state.page));
    const query = params.toString();
    return query ? '/?' + query : '/';
  }

  function hasSearch(state) {
    return state.q.trim() !== '' || FILTERS.some((kind) => state[kind].length > 0) || state.from !== '' || state.to !== '';
  }

  // A new query may be corrected again; filters, dates and sort keep
  // "exactly this query".
  function withChange(change) {
    const state = Object.assign({}, current, {page: 1}, change);
    if ('q' in change && !('correct' in change) && change.q !== current.q) state.correct = true;
    return state;
  }

  // Shows @state: in the form, in the URL (a new history entry when @push),
  // and its results.
  function go(state, push, focusResults) {
    current = state;
    if (push && urlOf(state) !== location.pathname + location.search) history.pushState(null, '', urlOf(state));
    fillForm(state);
    runSearch(state, focusResults);
  }

  // The box's direction follows what is typed (dir=auto would make an
  // empty box, and its placeholder, left to right).
  function setBoxDirection() {
    input.dir = directionOf(input.value);
  }

  function fillForm(state) {
    input.value = state.q;
    setBoxDirection();
    $('from').value = state.from;
    $('to').value = state.to;
    $('sort').value = state.sort;
    $('all-versions').checked = !state.collapse;
    document.title = state.q ? state.q + ' - فهرس' : 'فهرس: البحث في أرشيف الأخبار';
  }

  // ---- Searching ---------------------------------------------------------

  async function runSearch(state, focusResults) {
    combobox.close();
    const seq = ++searchSeq;
    if (searchAbort) searchAbort.abort();
    searchAbort = null;
    $('welcome').hidden = hasSearch(state);
    if (!hasSearch(state)) {
      setBusy(false);
      clearResults();
      return;
    }
    const params = queryOf(state);
    params.set('limit', String(PAGE_SIZE));
    params.set('offset', String((state.page - 1) * PAGE_SIZE));
    params.set('facets', '1');
    const abort = new AbortController();
    searchAbort = abort;
    setBusy(true);
    let response = null;
    let body = null;
    try {
      response = await fetch('/api/search?' + params.toString(), {signal: abort.signal, headers: {Accept: 'application/json'}});
      body = await response.json().catch(() => null);
    } catch (error) {
      response = null;
    }
    if (seq !== searchSeq) return;  // a newer search has begun
    // The last results stay, dimmed, until these replace them.
    setBusy(false);
    clearResults();
    if (!response) showUnreachable();
    else if (!response.ok || !body || !Array.isArray(body.hits)) showServerError(response.status, body);
    else showResults(state, body);
    if (focusResults) $('results-area').focus();
  }

  function setBusy(busy) {
    $('results-area').setAttribute('aria-busy', String(busy));
    $('results-area').classList.toggle('busy', busy);
    $('summary').textContent = busy ? 'جارٍ البحث…' : '';
  }

  function clearResults() {
    for (const id of ['results', 'pager', 'chips', 'message', 'facet-places', 'facet-countries', 'facet-sources'])
      $(id).replaceChildren();
    for (const facet of document.querySelectorAll('.facet')) facet.hidden = true;
    $('message').hidden = true;
    $('did-you-mean').hidden = true;
    $('corrected').hidden = true;
    $('timeline').hidden = true;
    $('timeline-bars').replaceChildren();
    $('summary').textContent = '';
    delete $('summary').dataset.total;
  }

  function showMessage(className, parts) {
    const box = $('message');
    box.className = 'message ' + className;
    box.replaceChildren(...parts);
    box.hidden = false;
  }

  function showUnreachable() {
    const retry = el('button', 'retry', 'أعد المحاولة');
    retry.type = 'button';
    retry.addEventListener('click', () => runSearch(current, true));
    showMessage('error', [el('p', '', 'تعذّر الاتصال بخادم البحث. تحقّق من الشبكة أو من أن الخدمة تعمل، ثم أعد المحاولة.'), retry]);
    renderChips(current);
  }

  function showServerError(status, body) {
    const what = status === 503 ? 'خدمة البحث غير متاحة الآن' : status >= 500 ? 'أخطأ خادم البحث' : 'لم يقبل خادم البحث هذا البحث';
    const parts = [el('p', '', what + ' (' + status + ').')];
    if (body && typeof body.error === 'string') {
      parts.push(isolated('p', 'detail', body.error));  // the server's messages are in English
    }
    showMessage('error', parts);
    renderChips(current);
  }

  function showResults(state, page) {
    const total = Number(page.total_estimate) || 0;
    $('summary').dataset.total = String(total);
    // "نحو" (about) only where the server estimated the total; stories
    // when copies are collapsed, articles when every copy is shown.
    const counted = page.total_counts === 'stories' ? 'عدد القصص: ' : 'عدد المقالات: ';
    let summary = counted + (page.total_is_exact === true ? '' : 'نحو ') + numbers.format(total);
    if (state.page > 1) summary += ' · الصفحة ' + numbers.format(state.page);
    $('summary').textContent = total > 0 ? summary : '';
    for (const hit of page.hits) for (const place of hit.places || []) names.place.set(place.id, place.name);
    renderFacets(page.facets || {});
    renderTimeline((page.facets || {}).dates);
    renderChips(state);
    if (page.searched_correction === true) renderCorrected(state, page.did_you_mean);
    else renderDidYouMean(state, page.did_you_mean);
    const list = $('results');
    list.start = (state.page - 1) * PAGE_SIZE + 1;
    list.replaceChildren(...page.hits.map(hitItem));
    if (page.hits.length === 0) showNothingFound(state, total);
    renderPager(state, total);
  }

  function showNothingFound(state, total) {
    if (total > 0) {
      const first = internalLink(urlOf(Object.assign({}, state, {page: 1})), 'الصفحة الأولى');
      showMessage('empty', [el('p', '', 'لا نتائج في هذه الصفحة: إنها بعد آخر النتائج.'), first]);
      return;
    }
    const words = el('p', '', 'لم يُعثر على نتائج لـ ');
    words.append(isolated('q', '', state.q || 'هذه المرشحات'));
    const filtered = FILTERS.some((kind) => state[kind].length > 0) || state.from || state.to;
    const advice = filtered ? 'جرّب إزالة بعض المرشحات، أو كلمات أقل أو غيرها.' : 'جرّب كلمات أقل أو غيرها، أو تحقّق من الإملاء.';
    showMessage('empty', [words, el('p', '', advice)]);
  }

  function renderDidYouMean(state, suggestion) {
    if (typeof suggestion !== 'string' || suggestion === '') return;
    const link = $('did-you-mean-link');
    link.textContent = suggestion;
    link.dir = directionOf(suggestion);
    link.href = urlOf(withChange({q: suggestion}));
    $('did-you-mean').hidden = false;
  }

  // The results are those of the correction: say so, and link to the
  // query as typed, searched exactly.
  function renderCorrected(state, correction) {
    if (typeof correction !== 'string' || correction === '') return;
    const searched = $('corrected-query');
    searched.textContent = correction;
    searched.dir = directionOf(correction);
    const link = $('search-instead-link');
    link.textContent = state.q;
    link.dir = directionOf(state.q);
    link.href = urlOf(withChange({q: state.q, correct: false}));
    $('corrected').hidden = false;
  }

  // ---- One hit -------------------------------------------------------------

  // @text with the [start, end) ranges of @ranges in <mark>: the API counts
  // code points, JavaScript strings count UTF-16 units, so the text is split
  // into code points first.
  function appendMarked(parent, text, ranges) {
    const points = Array.from(text);
    const valid = (Array.isArray(ranges) ? ranges : [])
      .filter((r) => Array.isArray(r) && Number.isInteger(r[0]) && Number.isInteger(r[1]))
      .sort((a, b) => a[0] - b[0]);
    let at = 0;
    for (const [start, end] of valid) {
      const from = Math.max(start, at);
      const to = Math.min(end, points.length);
      if (from >= to) continue;
      if (from > at) parent.append(document.createTextNode(points.slice(at, from).join('')));
      parent.append(el('mark', '', points.slice(from, to).join('')));
      at = to;
    }
    if (at < points.length) parent.append(document.createTextNode(points.slice(at).join('')));
  }

  // Only a web address becomes a link: never javascript: or data:.
  function webUrl(url) {
    try {
      const parsed = new URL(String(url));
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
    } catch (error) {
      return null;
    }
  }

  // The Umm al-Qura months, for the API's date_hijri ("1436-10-05").
  const HIJRI_MONTHS = ['محرم', 'صفر', 'ربيع الأول', 'ربيع الآخر', 'جمادى الأولى', 'جمادى الآخرة',
                        'رجب', 'شعبان', 'رمضان', 'شوال', 'ذو القعدة', 'ذو الحجة'];

  function hijriText(date) {
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof date === 'string' ? date : '');
    const month = day ? HIJRI_MONTHS[Number(day[2]) - 1] : undefined;
    return month ? Number(day[3]) + ' ' + month + ' ' + day[1] + 'هـ' : '';
  }

  function dateText(date) {
    const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(date || '');
    if (!day) return date || '';
    const time = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    return Number.isNaN(time) ? date : dates.format(time);
  }

  function hitItem(hit) {
    const item = el('li', 'hit');
    const heading = el('h3', 'hit-title');
    const url = webUrl(hit.url);
    const title = url ? el('a') : el('span');
    if (url) {
      title.href = url;
      title.rel = 'noopener noreferrer';
    }
    const text = typeof hit.title === 'string' && hit.title !== '' ? hit.title : String(hit.url || hit.id || '');
    title.dir = directionOf(text);
    appendMarked(title, text, text === hit.title ? hit.title_highlights : []);
    heading.append(title);
    const meta = el('p', 'hit-meta');
    if (hit.date) {
      const time = el('time', '', dateText(hit.date));
      time.dateTime = String(hit.date).slice(0, 10);
      const hijri = hijriText(hit.date_hijri);
      if (hijri) time.textContent += ' / ' + hijri;
      meta.append(time);
    }
    if (hit.source) {
      const source = el('span', 'hit-source');  // its separator stays on the right side of a Latin name
      source.append(isolated('span', '', names.source.get(hit.source) || hit.source));
      meta.append(source);
    }
    const places = (hit.places || []).map((place) => place.name).filter(Boolean);
    if (places.length) meta.append(el('span', 'hit-places', places.join('، ')));
    item.append(heading, meta);
    if (hit.snippet) {
      const snippet = el('p', 'hit-snippet');
      snippet.dir = directionOf(String(hit.snippet));
      appendMarked(snippet, String(hit.snippet), hit.highlights);
      item.append(snippet);
    }
    const versions = otherVersions(hit);
    if (versions) item.append(versions);
    if (hit.id) item.append(relatedSection(String(hit.id)));
    return item;
  }

  // A hit's related articles (the API's like=ID: the same story or subject,
  // its own story left out), asked for only when the reader opens them, so
  // that a page of results costs no more.
  function relatedSection(id) {
    const section = el('div', 'hit-related');
    const button = el('button', 'related-toggle', 'مقالات ذات صلة');
    button.type = 'button';
    button.setAttribute('aria-expanded', 'false');
    const list = el('ul', 'related-list');
    list.hidden = true;
    button.addEventListener('click', () => {
      const open = button.getAttribute('aria-expanded') !== 'true';
      button.setAttribute('aria-expanded', String(open));
      list.hidden = !open;
      if (open && !list.dataset.loaded) loadRelated(id, list);
    });
    section.append(button, list);
    return section;
  }

  async function loadRelated(id, list) {
    list.dataset.loaded = 'loading';
    list.setAttribute('aria-busy', 'true');
    const params = new URLSearchParams({like: id, limit: '5', snippet_length: '0'});
    try {
      const response = await fetch('/api/search?' + params.toString(), {headers: {Accept: 'application/json'}});
      const page = await response.json();
      if (!response.ok) throw new Error(page.error || String(response.status));
      list.replaceChildren(...(page.hits || []).map(relatedItem));
      if (!list.children.length) list.append(el('li', 'related-none', 'لا مقالات ذات صلة'));
      list.dataset.loaded = 'yes';
    } catch (error) {
      list.replaceChildren(el('li', 'related-none', 'تعذر جلب المقالات ذات الصلة'));
      delete list.dataset.loaded;  // opened again, it asks again
    }
    list.removeAttribute('aria-busy');
  }

  function relatedItem(hit) {
    const item = el('li', 'related-item');
    const url = webUrl(hit.url);
    const text = typeof hit.title === 'string' && hit.title !== '' ? hit.title : String(hit.url || hit.id || '');
    const title = isolated(url ? 'a' : 'span', 'related-title', text);
    if (url) {
      title.href = url;
      title.rel = 'noopener noreferrer';
    }
    item.append(title);
    const meta = [dateText(hit.date), names.source.get(hit.source) || hit.source].filter(Boolean).join(' · ');
    if (meta) item.append(el('span', 'related-meta', meta));
    return item;
  }

  // The story's other matching versions (docs/stories.md), folded: each
  // with its source, date and a link to it.  The API lists the first few;
  // past them, a link shows every copy of every story.
  function otherVersions(hit) {
    const count = Number(hit.other_count) || 0;
    const listed = Array.isArray(hit.other_versions) ? hit.other_versions : [];
    if (count <= 0 || listed.length === 0) return null;
    const box = el('details', 'hit-versions');
    box.append(el('summary', '', 'نسخ أخرى من الخبر: ' + numbers.format(count)));
    const list = el('ul', 'version-list');
    for (const version of listed) {
      const line = el('li', 'version');
      const source = String(version.source || '');
      const name = names.source.get(source) || source || 'مصدر غير معروف';
      const url = webUrl(version.url);
      const label = url ? el('a') : el('span');
      if (url) {
        label.href = url;
        label.rel = 'noopener noreferrer';
      }
      label.append(isolated('span', 'version-source', name));
      line.append(label);
      if (version.date) {
        const time = el('time', '', dateText(version.date));
        time.dateTime = String(version.date).slice(0, 10);
        line.append(time);
      }
      list.append(line);
    }
    box.append(list);
    if (count > listed.length) {
      const rest = el('p', 'version-more', 'وغيرها: ' + numbers.format(count - listed.length) + ' · ');
      rest.append(internalLink(urlOf(withChange({collapse: false})), 'اعرض كل النسخ'));
      box.append(rest);
    }
    return box;
  }

  // ---- Facets, chips and pages ---------------------------------------------

  function renderFacets(facets) {
    renderFacet('facet-places', 'place', facets.places, (f) => f.id);
    renderFacet('facet-countries', 'country', facets.countries, (f) => f.code);
    renderFacet('facet-sources', 'source', facets.sources, (f) => f.source);
  }

  function renderFacet(listId, kind, values, keyOf) {
    const list = $(listId);
    list.closest('.facet').hidden = !Array.isArray(values) || values.length === 0;
    if (list.closest('.facet').hidden) return;
    for (const value of values) {
      const key = String(keyOf(value));
      names[kind].set(key, value.name || key);
      const chosen = current[kind].includes(key);
      const button = el('button', 'facet-button');
      button.type = 'button';
      button.dataset.kind = kind;
      button.dataset.value = key;
      button.setAttribute('aria-pressed', String(chosen));
      button.append(isolated('span', 'facet-name', value.name || key), el('span', 'facet-count', numbers.format(value.count || 0)));
      button.addEventListener('click', () => go(withChange({[kind]: chosen ? current[kind].filter((v) => v !== key) : current[kind].concat(key)}), true));
      const item = el('li');
      item.append(button);
      list.append(item);
    }
  }

  // ---- The timeline -------------------------------------------------------

  const INTERVAL_WORDS = {day: 'يوم', month: 'شهر', year: 'سنة'};
  const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

  // A bucket's days for people: 21 يوليو 2015, يوليو 2015 or 2015.
  function bucketText(bucket, interval) {
    if (interval === 'year') return bucket.start.slice(0, 4);
    if (interval === 'month') return months.format(Date.UTC(Number(bucket.start.slice(0, 4)), Number(bucket.start.slice(5, 7)) - 1, 1));
    return dateText(bucket.start);
  }

  // How many stories (articles with collapse=0) matched in each day, month
  // or year, a bar each, zeros included; a bar's click narrows the dates to
  // its bucket.  Drawn only when the matches span more than one bucket.
  function renderTimeline(timeline) {
    const buckets = timeline && Array.isArray(timeline.buckets)
      ? timeline.buckets.filter((b) => b && ISO_DAY.test(b.start) && ISO_DAY.test(b.end)) : [];
    const interval = timeline && INTERVAL_WORDS[timeline.interval] ? timeline.interval : 'day';
    $('timeline').hidden = buckets.length < 2;
    if (buckets.length < 2) return;
    const what = timeline.counts === 'articles' ? 'المقالات' : 'القصص';
    $('timeline-title').textContent = 'عدد ' + what + ' في كل ' + INTERVAL_WORDS[interval];
    const most = Math.max(1, ...buckets.map((b) => Number(b.count) || 0));
    $('timeline-bars').replaceChildren(...buckets.map((bucket) => {
      const count = Number(bucket.count) || 0;
      const button = el('button', 'timeline-bar');
      button.type = 'button';
      button.dataset.start = bucket.start;
      button.dataset.end = bucket.end;
      button.dataset.count = String(count);
      let label = bucketText(bucket, interval) + ': ' + numbers.format(count);
      const hijri = [hijriText(bucket.start_hijri), hijriText(bucket.end_hijri)].filter(Boolean);
      if (hijri.length) label += ' (' + (hijri[0] === hijri[1] ? hijri[0] : hijri.join(' – ')) + ')';
      button.setAttribute('aria-label', label);
      button.title = label;
      const fill = el('span', 'timeline-fill');
      fill.style.height = (count === 0 ? 0 : Math.max(2, Math.round(100 * count / most))) + '%';  // CSSOM: allowed by the CSP
      button.append(fill);
      button.addEventListener('click', () => go(withChange({from: bucket.start, to: bucket.end}), true));
      return button;
    }));
    $('timeline-first').textContent = bucketText(buckets[0], interval);
    $('timeline-last').textContent = bucketText(buckets[buckets.length - 1], interval);
  }

  // A chosen filter, "@label @value ×": a click removes it (@removed).
  function chip(label, value, removed) {
    const item = el('li');
    const button = el('button', 'chip');
    button.type = 'button';
    button.setAttribute('aria-label', value ? 'إزالة المرشح: ' + label + ' ' + value : label);
    button.append(el('span', '', label));
    if (value) button.append(isolated('span', '', value));
    button.append(el('span', 'chip-x', '×'));
    button.addEventListener('click', () => go(withChange(removed), true));
    item.append(button);
    return item;
  }

  function renderChips(state) {
    const chips = [];
    for (const kind of FILTERS)
      for (const value of state[kind])
        chips.push(chip(FILTER_LABELS[kind] + ':', names[kind].get(value) || value, {[kind]: state[kind].filter((v) => v !== value)}));
    for (const end of ['from', 'to'])
      if (state[end]) chips.push(chip(FILTER_LABELS[end], state[end], {[end]: ''}));
    if (chips.length > 1) {
      const all = chip('إزالة كل المرشحات', '', {place: [], country: [], source: [], from: '', to: ''});
      all.firstChild.classList.add('chip-all');
      chips.push(all);
    }
    $('chips').replaceChildren(...chips);
  }

  function internalLink(url, text) {
    const link = el('a', 'internal', text);
    link.href = url;
    return link;
  }

  // Previous, next, the first and last pages and two either side of this one.
  function renderPager(state, total) {
    const pages = Math.min(Math.ceil(total / PAGE_SIZE), MAX_PAGE);
    if (pages <= 1) return;
    const page = state.page;
    const pageUrl = (n) => urlOf(Object.assign({}, state, {page: n}));
    const parts = [];
    if (page > 1) {
      const previous = internalLink(pageUrl(page - 1), '→ السابق');
      previous.rel = 'prev';
      parts.push(previous);
    }
    let last = 0;
    for (let n = 1; n <= pages; ++n) {
      if (n !== 1 && n !== pages && Math.abs(n - page) > 2) continue;
      if (n > last + 1) parts.push(el('span', 'gap', '…'));
      if (n === page) {
        const here = el('span', 'current', numbers.format(n));
        here.setAttribute('aria-current', 'page');
        parts.push(here);
      } else {
        const link = internalLink(pageUrl(n), numbers.format(n));
        link.setAttribute('aria-label', 'الصفحة ' + numbers.format(n));
        parts.push(link);
      }
      last = n;
    }
    if (page < pages) {
      const next = internalLink(pageUrl(page + 1), 'التالي ←');
      next.rel = 'next';
      parts.push(next);
    }
    $('pager').replaceChildren(...parts);
  }

  // Suggestions as you type (suggest.js); choosing one searches it.
  const combobox = window.fahrasSuggest(input, suggestions, (text) => go(withChange({q: text.trim()}), true));
  input.addEventListener('input', setBoxDirection);

  // ---- The forms, links and history ------------------------------------------

  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    go(withChange({q: input.value.trim()}), true);
  });
  $('dates').addEventListener('submit', (event) => {
    event.preventDefault();
    go(withChange({from: $('from').value.trim(), to: $('to').value.trim()}), true);
  });
  $('sort').addEventListener('change', () => go(withChange({sort: $('sort').value}), true));
  $('all-versions').addEventListener('change', () => go(withChange({collapse: !$('all-versions').checked}), true));
  // Links within the page (pages, did you mean, search instead) search without reloading it;
  // a click with a modifier key opens them in a new tab as any link.
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.internal, #did-you-mean-link, #search-instead-link');
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    go(stateFromUrl(new URL(link.href).search), true, link.closest('#pager') !== null);
  });
  window.addEventListener('popstate', () => go(stateFromUrl(location.search), false));

  // Filters beside the results on a wide screen, folded above them on a phone.
  const wide = window.matchMedia('(min-width: 52rem)');
  $('filters').open = wide.matches;
  wide.addEventListener('change', (event) => { $('filters').open = event.matches; });

  go(stateFromUrl(location.search), false);
  if (!hasSearch(current)) input.focus();
})();
