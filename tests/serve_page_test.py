#!/usr/bin/env python3
"""fahras-serve's search page, tested as a person uses it: in headless Chromium.

Indexes corpus/ and a few hostile articles (HTML and script in their title,
body, source and url) with the built fahras-index, starts the built
fahras-serve on a free loopback port, and drives the page with keystrokes
and clicks: suggestions, a search checked against the API's answer, marks,
a place facet, the URL (reload, back), the timeline, pages, "did you mean", an API error,
the hostile titles shown as their characters with nothing run, a story
with its other versions and every copy, the keyboard,
a phone's width, and the message when the server is gone.  Saves
screenshots in --out (the build directory; not committed).

Exit 0: passed; 1: failed; 77: skipped (Chromium, chromedriver or Selenium
missing), which ctest reports as skipped (tests/CMakeLists.txt).

    /usr/bin/python3 tests/serve_page_test.py --index build/indexer/fahras-index \\
        --serve build/serve/fahras-serve --source . --out build
"""
import argparse
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import page_browser  # noqa: E402
from page_browser import wait_for  # noqa: E402

SKIP = 77
HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
# Each would set window.fahrasPwned, change document.title or open an alert
# if the page ever ran what the archive holds.
HOSTILE_ARTICLES = [
    {"id": "hostile-1", "url": "javascript:window.fahrasPwned=1", "title": HOSTILE_TITLE,
     "body": "مقال عدائي <script>window.fahrasPwned = 2; document.title = 'pwned'</script> "
             "<img src=x onerror=\"window.fahrasPwned=3\"> يختبر الصفحة",
     "date": "2016-02-02", "source": "<b onmouseover=alert(4)>hostile</b>"},
    {"id": "hostile-2", "url": "https://example.test/?a=\"><script>alert(5)</script>",
     "title": "عدائي \"><svg onload=\"window.fahrasPwned=6\"> &lt;iframe src=javascript:alert(7)&gt;",
     "body": "مقال عدائي آخر </p><a href=javascript:alert(8)>رابط</a>", "date": "2016-02-03", "source": "hostile"},
]

# One story printed three times (docs/stories.md): collapsed, the page shows
# one hit and its two other versions, one of them with a hostile url and source.
STORY_BODY = ("ركّبت البلدية مظلات جديدة في الحديقة العامة على الواجهة البحرية لتقي الزوار حر الصيف، "
              "وقالت إن المظلات مصنوعة من قماش يعكس أشعة الشمس، وإنها ستضيف مقاعد ونوافير للشرب "
              "قبل نهاية الشهر، وستفتح الحديقة حتى منتصف الليل طوال أيام العطلة.")
STORY_ARTICLES = [
    {"id": "story-1", "url": "https://example.test/story-1", "title": "مظلات جديدة في الحديقة العامة",
     "body": STORY_BODY, "date": "2016-03-01", "source": "okaz"},
    {"id": "story-2", "url": "javascript:window.fahrasPwned=9", "title": "البلدية تركّب مظلات في الحديقة",
     "body": STORY_BODY, "date": "2016-03-02", "source": "<img src=x onerror=\"window.fahrasPwned=10\">"},
    {"id": "story-3", "url": "https://example.test/story-3?weekly", "title": "مظلات الحديقة العامة",
     "body": STORY_BODY, "date": "2016-03-03", "source": "alriyadh"},
]
STORY_QUERY = "مظلات الحديقة"


class Checks:
    """The page and the API side by side."""

    def __init__(self, driver, server, out):
        self.driver, self.server, self.out = driver, server, out

    # ---- reading the API and the page ----

    def api(self, path, **params):
        query = urllib.parse.urlencode(params, doseq=True)
        with urllib.request.urlopen("%s%s?%s" % (self.server.url, path, query), timeout=20) as response:
            return json.load(response)

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def open(self, path="/"):
        self.driver.get(self.server.url + path)
        wait_for(lambda: self.js("return document.readyState") == "complete", "the page to load")

    def page_hits(self):
        """Each result shown: its title, whether it is a link and where to, its places, its snippet, its marks."""
        return self.js("""
            return Array.from(document.querySelectorAll('#results > li')).map((li) => {
              const title = li.querySelector('.hit-title > *');
              const snippet = li.querySelector('.hit-snippet');
              const places = li.querySelector('.hit-places');
              const time = li.querySelector('.hit-meta time');
              return {title: title.textContent, link: title.tagName === 'A' ? title.getAttribute('href') : null,
                      date: time ? time.textContent : '',
                      places: places ? places.textContent : '', snippet: snippet ? snippet.textContent : '',
                      title_marks: Array.from(title.querySelectorAll('mark')).map((m) => m.textContent),
                      snippet_marks: snippet ? Array.from(snippet.querySelectorAll('mark')).map((m) => m.textContent) : []};
            });""")

    def url_params(self):
        return urllib.parse.parse_qs(urllib.parse.urlparse(self.driver.current_url).query)

    def search_done(self):
        wait_for(lambda: page_browser.results_shown(self.driver), "the search to finish")

    def click_and_wait(self, element):
        self.js("document.getElementById('results-area').setAttribute('aria-busy', 'true')")
        element.click()
        self.search_done()

    def same_as_api(self, api_page, what):
        hits = self.page_hits()
        assert len(hits) == api_page["returned"] == len(api_page["hits"]), \
            "%s: %d results shown, the API returned %d" % (what, len(hits), api_page["returned"])
        assert [h["title"] for h in hits] == [h["title"] for h in api_page["hits"]], \
            "%s: the titles shown differ from the API's: %r" % (what, [h["title"] for h in hits])
        total = self.js("return document.getElementById('summary').dataset.total")
        assert total == str(api_page["total_estimate"]), "%s: total shown %r, API %r" % (what, total, api_page["total_estimate"])
        summary = self.js("return document.getElementById('summary').textContent")
        assert "{:,}".format(api_page["total_estimate"]) in summary, "%s: the count is not in %r" % (what, summary)
        # "نحو" (about) only where the API estimated.
        assert ("نحو" in summary) == (not api_page["total_is_exact"]), \
            "%s: %r for total_is_exact %r" % (what, summary, api_page["total_is_exact"])
        return hits

    def screenshot(self, name):
        page_browser.full_page_screenshot(self.driver, os.path.join(self.out, name))

    def console_errors(self):
        return [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]


HIJRI_MONTHS = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
                "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"]


def code_points(text, ranges):
    """The marked parts of @text: the API's [start, end) ranges count code points."""
    return [text[start:end] for start, end in ranges]  # a Python str is indexed by code point


def check_start(c):
    c.open("/")
    assert c.js("return [document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert c.js("return !document.getElementById('welcome').hidden"), "no welcome text on an empty page"
    assert c.js("return document.activeElement.id") == "q", "the search box does not have the focus"


def check_suggestions(c):
    """Typing shows the API's completions; arrows move, Escape closes, Enter searches the chosen one."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    box = c.driver.find_element(By.ID, "q")
    for key in "الم":
        box.send_keys(key)
    expected = [s["text"] for s in c.api("/api/suggest", q="الم", limit=8)["completions"]]
    assert len(expected) >= 3, "corpus/ should complete الم in several ways: %r" % expected
    options = "return Array.from(document.querySelectorAll('#suggestions [role=option]')).map((o) => o.textContent)"
    wait_for(lambda: c.js(options) == expected, "the suggestions for الم (%r)" % expected)
    assert c.js("return document.getElementById('q').getAttribute('aria-expanded')") == "true"
    box.send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN)
    active = c.js("return document.getElementById('q').getAttribute('aria-activedescendant')")
    assert active and c.js("return document.getElementById(arguments[0]).getAttribute('aria-selected')", active) == "true"
    assert c.js("return document.getElementById(arguments[0]).textContent", active) == expected[1]
    box.send_keys(Keys.ESCAPE)
    wait_for(lambda: c.js("return document.getElementById('suggestions').hidden"), "Escape to close the suggestions")
    assert box.get_attribute("value") == "الم", "Escape changed the query"
    box.send_keys("ي")
    wait_for(lambda: c.js(options), "the suggestions for المي")
    chosen = c.js(options)[0]
    box.send_keys(Keys.ARROW_DOWN)
    c.js("document.getElementById('results-area').setAttribute('aria-busy', 'true')")
    box.send_keys(Keys.ENTER)
    c.search_done()
    assert box.get_attribute("value") == chosen
    assert c.url_params().get("q") == [chosen]
    c.same_as_api(c.api("/api/search", q=chosen, limit=10), "the chosen suggestion")


def check_search(c, query):
    """A typed search shows the API's page, with its matches marked."""
    page_browser.search(c.driver, query)
    api = c.api("/api/search", q=query, limit=10, facets=1)
    hits = c.same_as_api(api, query)
    for shown, hit in zip(hits, api["hits"]):
        assert shown["title_marks"] == code_points(hit["title"], hit["title_highlights"]), shown
        assert shown["snippet_marks"] == code_points(hit["snippet"], hit["highlights"]), shown
        assert shown["link"] == hit["url"], "the title does not link to the article: %r" % shown
        if hit["date_hijri"]:  # the Hijri day beside the Gregorian one: "21 يوليو 2015 / 5 شوال 1436هـ"
            year, month, day = (int(part) for part in hit["date_hijri"].split("-"))
            assert shown["date"].endswith(" / %d %s %dهـ" % (day, HIJRI_MONTHS[month - 1], year)), shown
    assert any(h["snippet_marks"] for h in hits), "no match is marked"
    assert c.url_params() == {"q": [query]}, c.driver.current_url
    return api


def check_related(c, api):
    """A hit's related articles open under it, as the API's like=ID lists them."""
    first = api["hits"][0]
    related = c.api("/api/search", like=first["id"], limit=5, snippet_length=0)
    assert related["hits"], "%s should have related articles in corpus/" % first["id"]
    toggle = "#results > li:first-child .related-toggle"
    assert c.js("return document.querySelector(arguments[0]).getAttribute('aria-expanded')", toggle) == "false"
    c.js("document.querySelector(arguments[0]).click()", toggle)
    items = "#results > li:first-child .related-list"
    wait_for(lambda: c.js("return document.querySelector(arguments[0]).dataset.loaded", items) == "yes",
             "the related articles to load")
    shown = c.js("return Array.from(document.querySelectorAll(arguments[0] + ' .related-title')).map((a) => a.textContent)",
                 items)
    assert shown == [h["title"] for h in related["hits"]], shown
    assert first["id"] not in [h["id"] for h in related["hits"]]
    c.js("document.querySelector(arguments[0]).click()", toggle)  # closed again
    assert c.js("return document.querySelector(arguments[0]).hidden", items) is True


def check_place_facet(c, query, before):
    """Clicking a place narrows the results to it; the URL holds the query and the place."""
    from selenium.webdriver.common.by import By
    for place in before["facets"]["places"]:
        narrowed = c.api("/api/search", q=query, place=place["id"], limit=10)
        if narrowed["hits"] and all(place["name"] in [p["name"] for p in h["places"]] for h in narrowed["hits"]):
            break
    else:
        raise AssertionError("no place facet whose articles all name it: %r" % before["facets"]["places"])
    button = c.driver.find_element(By.CSS_SELECTOR, '#facet-places button[data-value="%s"]' % place["id"])
    c.click_and_wait(button)
    hits = c.same_as_api(narrowed, "the place " + place["name"])
    assert narrowed["total_estimate"] <= before["total_estimate"]
    assert all(place["name"] in h["places"] for h in hits), "a result without %s: %r" % (place["name"], hits)
    assert c.url_params() == {"q": [query], "place": [place["id"]]}, c.driver.current_url
    chips = c.js("return Array.from(document.querySelectorAll('#chips .chip')).map((b) => b.textContent)")
    assert any(place["name"] in chip for chip in chips), "no chip for the place: %r" % chips
    return place, narrowed


def wait_for_titles(c, api_page, what):
    titles = [h["title"] for h in api_page["hits"]]
    wait_for(lambda: [h["title"] for h in c.page_hits()] == titles and page_browser.results_shown(c.driver), what)
    return c.same_as_api(api_page, what)


def check_url_restores(c, query, first, place, narrowed):
    """Reloading the URL gives the same search; back and forward go through the searches."""
    c.driver.refresh()
    wait_for_titles(c, narrowed, "the reloaded search")
    assert c.js("return document.getElementById('q').value") == query
    selector = '#facet-places button[data-value="%s"]' % place["id"]
    assert c.js("return document.querySelector(arguments[0]).getAttribute('aria-pressed')", selector) == "true", \
        "the place's facet is not shown as chosen"
    c.driver.back()
    wait_for_titles(c, first, "back to the search without the place")
    assert c.url_params() == {"q": [query]}
    assert c.js("return document.querySelectorAll('#chips .chip').length") == 0
    c.driver.forward()
    wait_for_titles(c, narrowed, "forward to the place again")


def check_timeline(c, query):
    """The timeline has a bar for each bucket of the API's dates facet, zeros
    included; clicking the tallest narrows the dates to its bucket."""
    from selenium.webdriver.common.by import By
    c.open("/?q=" + urllib.parse.quote(query))
    c.search_done()
    dates = c.api("/api/search", q=query, limit=10, facets=1)["facets"]["dates"]
    assert dates["counts"] == "stories" and len(dates["buckets"]) > 1, dates
    bars = c.js("""return Array.from(document.querySelectorAll('#timeline-bars .timeline-bar')).map((b) =>
                     [b.dataset.start, b.dataset.end, Number(b.dataset.count), b.getAttribute('aria-label'),
                      b.firstChild.getBoundingClientRect().height])""")
    assert [b[:3] for b in bars] == [[d["start"], d["end"], d["count"]] for d in dates["buckets"]], bars
    assert c.driver.find_element(By.ID, "timeline").is_displayed()
    assert "القصص" in c.js("return document.getElementById('timeline-title').textContent")
    tallest = max(range(len(bars)), key=lambda i: bars[i][2])
    assert bars[tallest][4] > 0 and all(b[4] == 0 for b in bars if b[2] == 0), "bar heights do not follow the counts"
    bucket = dates["buckets"][tallest]
    if bucket["start_hijri"]:  # the Hijri days in the bar's label
        year, month, day = (int(part) for part in bucket["start_hijri"].split("-"))
        assert "%d %s %dهـ" % (day, HIJRI_MONTHS[month - 1], year) in bars[tallest][3], bars[tallest][3]
    c.click_and_wait(c.driver.find_elements(By.CSS_SELECTOR, "#timeline-bars .timeline-bar")[tallest])
    assert c.url_params() == {"q": [query], "from": [bucket["start"]], "to": [bucket["end"]]}, c.driver.current_url
    narrowed = c.api("/api/search", q=query, limit=10, **{"from": bucket["start"], "to": bucket["end"]})
    c.same_as_api(narrowed, "the timeline's bucket " + bucket["start"])
    assert c.js("return document.getElementById('from').value") == bucket["start"]
    chips = c.js("return Array.from(document.querySelectorAll('#chips .chip')).map((b) => b.textContent)")
    assert any(bucket["start"] in chip for chip in chips), "no chip for the dates: %r" % chips


def check_pages(c, query):
    """The second page is the API's second page."""
    from selenium.webdriver.common.by import By
    c.open("/")  # a new query keeps the filters chosen: none here
    page_browser.search(c.driver, query)
    first = c.api("/api/search", q=query, limit=10)
    assert first["total_estimate"] > 20, "%s should find more than two pages in corpus/" % query
    c.same_as_api(first, query)
    c.click_and_wait(c.driver.find_element(By.CSS_SELECTOR, '#pager a[aria-label="الصفحة 2"]'))
    c.same_as_api(c.api("/api/search", q=query, limit=10, offset=10), query + ", page 2")
    assert c.url_params() == {"q": [query], "page": ["2"]}
    assert c.js("return document.querySelector('#pager [aria-current=page]').textContent") == "2"
    assert c.js("return document.getElementById('results').start") == 11
    assert c.js("return document.activeElement.id") == "results-area", "the focus did not move to the new page"
    assert c.driver.find_elements(By.CSS_SELECTOR, '#pager a[rel=prev]'), "no link to the previous page"


def check_did_you_mean(c, typo):
    """A misspelling that finds nothing shows its correction's results, and
    says so; "search instead" searches exactly what was typed, which offers
    the correction as a link that searches it."""
    from selenium.webdriver.common.by import By
    page_browser.search(c.driver, typo)
    corrected = c.api("/api/search", q=typo, limit=10)
    correction = corrected["did_you_mean"]
    assert correction and corrected["searched_correction"] is True, "corpus/ should correct " + typo
    c.same_as_api(corrected, "the correction of " + typo)
    assert c.js("return !document.getElementById('corrected').hidden"), "no 'results for' shown"
    assert c.js("return document.getElementById('did-you-mean').hidden"), "'did you mean' shown with 'results for'"
    assert c.js("return document.getElementById('corrected-query').textContent") == correction
    instead = c.driver.find_element(By.ID, "search-instead-link")
    assert instead.text == typo
    c.click_and_wait(instead)
    assert c.url_params() == {"q": [typo], "correct": ["0"]}, c.driver.current_url
    assert c.js("return document.getElementById('q').value") == typo
    exact = c.api("/api/search", q=typo, correct=0, limit=10)
    assert exact["searched_correction"] is False and not exact["hits"]
    assert c.js("return document.querySelectorAll('#results > li').length") == 0
    assert c.js("return document.getElementById('corrected').hidden"), "'results for' shown for the exact search"
    assert c.js("return !document.getElementById('did-you-mean').hidden"), "no 'did you mean' shown"
    link = c.driver.find_element(By.ID, "did-you-mean-link")
    assert link.text == correction
    c.click_and_wait(link)
    assert c.js("return document.getElementById('q').value") == correction
    assert c.url_params() == {"q": [correction]}
    c.same_as_api(c.api("/api/search", q=correction, limit=10), "the correction " + correction)


def check_api_error(c):
    """A date the API refuses: its message shown; removing the chip searches again."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    query = c.url_params()["q"][0]
    field = c.driver.find_element(By.ID, "from")
    field.clear()
    field.send_keys("2015-13")
    c.js("document.getElementById('results-area').setAttribute('aria-busy', 'true')")
    field.send_keys(Keys.ENTER)
    c.search_done()
    try:
        c.api("/api/search", q=query, **{"from": "2015-13"})
        raise AssertionError("the API took from=2015-13")
    except urllib.error.HTTPError as error:
        message = json.load(error)["error"]
    shown = c.js("return document.getElementById('message').textContent")
    assert message in shown and "400" in shown, "the API's message %r is not in %r" % (message, shown)
    assert c.url_params().get("from") == ["2015-13"]
    c.console_errors()  # the browser logs the 400: not a fault of the page
    c.click_and_wait(c.driver.find_element(By.CSS_SELECTOR, "#chips .chip"))
    assert c.url_params() == {"q": [query]}
    c.same_as_api(c.api("/api/search", q=query, limit=10), "the search without the date")


def assert_nothing_ran(c):
    from selenium.common.exceptions import NoAlertPresentException
    try:
        text = c.driver.switch_to.alert.text
        raise AssertionError("an alert opened: " + text)
    except NoAlertPresentException:
        pass
    assert c.js("return typeof window.fahrasPwned") == "undefined", "a script from the archive ran"
    assert "pwned" not in c.driver.title
    elements = c.js("return document.querySelectorAll('main img, main script, main svg, main iframe, main b').length")
    assert elements == 0, "%d elements from the archive's HTML are in the page" % elements


def check_hostile(c):
    """Titles, bodies, sources and urls holding HTML and script show as text and run nothing."""
    page_browser.search(c.driver, "عدائي")
    api = c.api("/api/search", q="عدائي", limit=10)
    hits = c.same_as_api(api, "the hostile articles")
    titles = [h["title"] for h in hits]
    assert HOSTILE_TITLE in titles, "the title %r is not shown as such: %r" % (HOSTILE_TITLE, titles)
    for shown, hit in zip(hits, api["hits"]):
        if hit["id"] == "hostile-1":
            assert shown["link"] is None, "a javascript: url became a link: %r" % shown
            assert "<script>" in shown["snippet"], shown
        if hit["id"] == "hostile-2":
            assert shown["link"] and shown["link"].startswith("https://example.test/"), shown
    assert_nothing_ran(c)
    # Typed as a query, it finds its article by the title's words, all marked;
    # the query is the window's title, as text.
    page_browser.search(c.driver, HOSTILE_TITLE)
    api = c.api("/api/search", q=HOSTILE_TITLE, limit=10)
    hits = c.same_as_api(api, "the hostile title as a query")
    assert hits[0]["title"] == HOSTILE_TITLE and hits[0]["title_marks"], hits[0]
    assert c.driver.title.startswith(HOSTILE_TITLE), c.driver.title
    assert_nothing_ran(c)


def check_other_versions(c):
    """A story shows once with its other versions, as text; "كل النسخ" shows every copy."""
    from selenium.webdriver.common.by import By
    page_browser.search(c.driver, STORY_QUERY)
    api = c.api("/api/search", q=STORY_QUERY, limit=10)
    assert api["total_counts"] == "stories", api
    story = [hit for hit in api["hits"] if hit["id"].startswith("story-")]
    assert len(story) == 1 and story[0]["other_count"] == 2, "the three copies are not one story: %r" % api["hits"]
    c.same_as_api(api, "the story, collapsed")
    summary = c.js("return document.getElementById('summary').textContent")
    assert summary.startswith("عدد القصص"), "the total does not say it counts stories: %r" % summary
    rank = [hit["id"] for hit in api["hits"]].index(story[0]["id"])
    item = c.driver.find_elements(By.CSS_SELECTOR, "#results > li")[rank]
    folded = item.find_element(By.CSS_SELECTOR, ".hit-versions")
    assert folded.find_element(By.TAG_NAME, "summary").text.endswith("2"), folded.text
    folded.find_element(By.TAG_NAME, "summary").click()
    versions = c.js("""
        return Array.from(arguments[0].querySelectorAll('.version')).map((v) => {
          const label = v.firstElementChild;
          return {source: label.textContent, link: label.tagName === 'A' ? label.getAttribute('href') : null,
                  date: v.querySelector('time') ? v.querySelector('time').getAttribute('datetime') : ''};
        });""", folded)
    expected = {v["id"]: v for v in story[0]["other_versions"]}
    assert len(versions) == 2 == len(expected), versions
    by_source = {v["source"]: v for v in versions}
    for version in expected.values():
        shown = by_source.get(version["source"])
        assert shown, "the version from %r is not shown: %r" % (version["source"], versions)
        assert shown["date"] == version["date"][:10], (shown, version)
        if version["url"].startswith("https://"):
            assert shown["link"] == version["url"], "no link to the version: %r" % shown
        else:
            assert shown["link"] is None, "a javascript: url became a link: %r" % shown
    assert_nothing_ran(c)
    c.screenshot("serve-page-versions.png")
    # Every copy: the checkbox goes into the URL and the totals count articles.
    c.click_and_wait(c.driver.find_element(By.ID, "all-versions"))
    assert c.url_params().get("collapse") == ["0"], c.url_params()
    every = c.api("/api/search", q=STORY_QUERY, limit=10, collapse=0)
    hits = c.same_as_api(every, "every copy")
    assert sum(1 for hit in every["hits"] if hit["id"].startswith("story-")) == 3, every["hits"]
    assert not c.js("return document.querySelector('#results .hit-versions')"), "other versions shown uncollapsed"
    summary = c.js("return document.getElementById('summary').textContent")
    assert summary.startswith("عدد المقالات"), summary
    assert len(hits) == len(every["hits"])
    c.driver.back()
    c.search_done()
    assert "collapse" not in c.url_params() and not c.js("return document.getElementById('all-versions').checked")
    assert_nothing_ran(c)


def check_keyboard(c, query):
    """From the search box, Tab reaches the facets, the focus is drawn, Enter applies one."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    c.open("/?q=" + urllib.parse.quote(query))
    c.search_done()
    c.js("document.getElementById('q').focus()")
    for _ in range(40):
        ActionChains(c.driver).send_keys(Keys.TAB).perform()
        if c.js("return document.activeElement.dataset.kind === 'place'"):
            break
    else:
        raise AssertionError("Tab never reached a place facet")
    assert c.js("return getComputedStyle(document.activeElement).outlineStyle") != "none", "the focus is not drawn"
    place = c.js("return document.activeElement.dataset.value")
    c.js("document.getElementById('results-area').setAttribute('aria-busy', 'true')")
    ActionChains(c.driver).send_keys(Keys.ENTER).perform()
    c.search_done()
    assert c.url_params() == {"q": [query], "place": [place]}


def check_phone(c, query):
    """At a phone's 360 px nothing scrolls sideways, the filters fold away and open."""
    from selenium.webdriver.common.by import By
    page_browser.set_viewport(c.driver, 360, 740)
    c.open("/?q=" + urllib.parse.quote(query))
    c.search_done()
    sideways = "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert c.js(sideways) <= 0, "the page scrolls sideways by %d px at 360 px" % c.js(sideways)
    assert not c.js("return document.getElementById('filters').open"), "the filters are not folded on a phone"
    c.driver.save_screenshot(os.path.join(c.out, "serve-page-phone.png"))
    c.driver.find_element(By.CSS_SELECTOR, "#filters > summary").click()
    assert c.driver.find_element(By.ID, "facet-places").is_displayed()
    assert c.js(sideways) <= 0, "the open filters scroll sideways"
    page_browser.set_viewport(c.driver, 1280, 900)


def check_unreachable(c, query):
    """With the server gone, a search says so."""
    assert c.server.stop() == 0, "fahras-serve did not exit 0 on SIGTERM"
    page_browser.search(c.driver, query)
    message = c.js("return document.getElementById('message').textContent")
    assert "تعذّر الاتصال" in message, "no 'server unreachable' message: %r" % message
    assert c.js("return document.querySelectorAll('#results > li').length") == 0


def run_checks(c):
    query = "الحكومة"
    print("- the empty page, suggestions as you type", flush=True)
    check_start(c)
    check_suggestions(c)
    print("- a search, its marks, a place facet, the URL", flush=True)
    first = check_search(c, query)
    c.screenshot("serve-page.png")
    print("- a hit's related articles", flush=True)
    check_related(c, first)
    place, narrowed = check_place_facet(c, query, first)
    check_url_restores(c, query, first, place, narrowed)
    print("- the timeline", flush=True)
    check_timeline(c, query)
    print("- pages, did you mean, an API error", flush=True)
    check_pages(c, "قال")
    check_did_you_mean(c, "مفاوضت")
    errors = c.console_errors()
    assert not errors, "the browser logged errors: %r" % errors
    check_api_error(c)
    print("- hostile articles, the keyboard, a phone", flush=True)
    check_hostile(c)
    check_other_versions(c)
    check_keyboard(c, query)
    check_phone(c, query)
    errors = c.console_errors()
    assert not errors, "the browser logged errors: %r" % errors
    print("- the server gone", flush=True)
    check_unreachable(c, query)


class ServeProcess:
    """The built fahras-serve on a free loopback port; its stderr (the
    request log) is read as it comes, so the pipe never fills."""

    def __init__(self, binary, db):
        self.process = subprocess.Popen([binary, "--db", db, "--listen", "127.0.0.1:0", "--threads", "2"],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        text=True, encoding="utf-8", errors="replace")
        self.log = []
        first = queue.Queue()
        threading.Thread(target=self._read, args=(first,), daemon=True).start()
        try:
            line = first.get(timeout=60)
        except queue.Empty:
            raise AssertionError("fahras-serve said nothing in 60 s")
        prefix = "fahras-serve: listening on "
        assert line.startswith(prefix), "fahras-serve did not start: " + line + "".join(self.log)
        self.url = "http://" + line[len(prefix):].strip()

    def _read(self, first):
        for line in self.process.stderr:
            self.log.append(line)
            if len(self.log) == 1:
                first.put(line)
        first.put("(stderr closed)")

    def stop(self):
        """SIGTERM, as systemd stops it; its exit status."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def index_archive(args, tmp):
    hostile = os.path.join(tmp, "hostile.jsonl")
    with open(hostile, "w", encoding="utf-8") as out:
        for article in HOSTILE_ARTICLES + STORY_ARTICLES:
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    db = os.path.join(tmp, "db")
    corpus = os.path.join(args.source, "corpus")
    run = subprocess.run([args.index, "--db", db, "--quiet", os.path.join(corpus, "articles.jsonl"),
                          os.path.join(corpus, "text"), hostile], capture_output=True, text=True)
    assert run.returncode == 0, "fahras-index failed (%d): %s" % (run.returncode, run.stderr)
    return db


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", required=True, help="the built fahras-index")
    parser.add_argument("--serve", required=True, help="the built fahras-serve")
    parser.add_argument("--source", required=True, help="the source tree (for corpus/)")
    parser.add_argument("--out", required=True, help="where the screenshots go (the build directory)")
    args = parser.parse_args()
    why = page_browser.missing()
    if why:
        print("fahras-test-skipped: " + why)
        return SKIP
    tmp = tempfile.mkdtemp(prefix="fahras-page-test-")
    server = driver = None
    try:
        server = ServeProcess(args.serve, index_archive(args, tmp))
        driver = page_browser.start_chromium(1280, 900)
        run_checks(Checks(driver, server, args.out))
        print("passed: the search page in headless Chromium; screenshots in " + args.out)
        return 0
    except Exception:
        traceback.print_exc()
        if driver is not None:
            try:
                driver.save_screenshot(os.path.join(args.out, "serve-page-failure.png"))
                print("the page when it failed: " + os.path.join(args.out, "serve-page-failure.png"))
                print("the browser's console:\n" + "\n".join(e["message"] for e in driver.get_log("browser")))
            except Exception:
                pass
        if server is not None:
            print("fahras-serve's log:\n" + "".join(server.log[-40:]))
        return 1
    finally:
        if driver is not None:
            driver.quit()
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
