"""Headless Chromium for fahras-serve's search page, shared by
tests/serve_page_test.py and bench/serve/screenshot.py.

Debian's packages: chromium, chromium-driver (chromedriver) and
python3-selenium (run by /usr/bin/python3, which sees Debian's Python
packages).  missing() says what of these is not installed, so that a test
can skip with a message instead of failing.
"""
import importlib.util
import os
import shutil
import time

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
DRIVER_NAMES = ("chromedriver",)


def _find(names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def missing():
    """What is missing to drive Chromium here, as a sentence; None when nothing is."""
    needs = []
    if importlib.util.find_spec("selenium") is None:
        needs.append("python3-selenium (the Python module 'selenium')")
    if not _find(CHROMIUM_NAMES):
        needs.append("chromium")
    if not _find(DRIVER_NAMES):
        needs.append("chromium-driver (chromedriver)")
    if not needs:
        return None
    return "missing " + ", ".join(needs) + " (scripts/install-deps.sh --browser installs what is missing)"


def start_chromium(width=1280, height=900):
    """A headless Chromium of @width x @height CSS pixels, in Arabic, with its
    console log kept (read with driver.get_log('browser'))."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _find(CHROMIUM_NAMES)
    for argument in ("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--lang=ar",
                     "--no-first-run", "--disable-extensions", "--window-size=%d,%d" % (width, height),
                     "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    # Chromium's sandbox refuses to start as root (a container, CI).
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=_find(DRIVER_NAMES))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    set_viewport(driver, width, height)
    return driver


def set_viewport(driver, width, height):
    """The page's viewport at @width x @height CSS pixels (what a phone's
    screen is), whatever the window's decorations take."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def wait_for(condition, what, seconds=20):
    """Calls @condition until it returns something true and returns that;
    raises AssertionError naming @what after @seconds."""
    deadline = time.monotonic() + seconds
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as error:  # the page may be between two renders
            last_error = error
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what + (" (last error: %r)" % last_error if last_error else ""))


def results_shown(driver):
    """True once a search has finished: results, or a message, and not busy."""
    return driver.execute_script(
        "const area = document.getElementById('results-area');"
        "return area.getAttribute('aria-busy') === 'false' &&"
        " (document.querySelectorAll('#results > li').length > 0 || !document.getElementById('message').hidden);")


def search(driver, text):
    """Types @text into the search box, a key at a time, and presses Enter;
    returns once the results (or a message) are shown."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "q")
    box.clear()
    for character in text:
        box.send_keys(character)
    driver.execute_script("document.getElementById('results-area').setAttribute('aria-busy', 'true')")
    box.send_keys(Keys.ENTER)
    wait_for(lambda: results_shown(driver), "the results of " + text)


def full_page_screenshot(driver, path):
    """Saves the whole page (not only the viewport) as a PNG at @path."""
    import base64
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
    with open(path, "wb") as out:
        out.write(base64.b64decode(shot["data"]))
