#!/usr/bin/python3
"""A screenshot of fahras-serve's search page running a search, for docs/.

Opens the page of a running fahras-serve in headless Chromium, types the
query a key at a time, presses Enter, waits for the results and saves a PNG
of the viewport (or, with --full-page, of the whole page).  It drives the
browser as tests/serve_page_test.py does (tests/page_browser.py): it needs
Debian's chromium, chromium-driver and python3-selenium
(scripts/install-deps.sh --browser), and Debian's /usr/bin/python3.

    bench/serve/screenshot.py --url http://127.0.0.1:8080 --query 'أسعار النفط' \\
        --out build/serve-page-saudinewsnet.png --width 1280 --height 900
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests"))
import page_browser  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--query", required=True, help="what to type in the search box")
    parser.add_argument("--out", required=True, help="the PNG to write")
    parser.add_argument("--width", type=int, default=1280, help="CSS pixels (default 1280; a phone: 360)")
    parser.add_argument("--height", type=int, default=900, help="CSS pixels (default 900)")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not only what the window shows")
    args = parser.parse_args()
    why = page_browser.missing()
    if why:
        print("screenshot.py: " + why, file=sys.stderr)
        return 69  # EX_UNAVAILABLE
    driver = page_browser.start_chromium(args.width, args.height)
    try:
        driver.get(args.url.rstrip("/") + "/")
        page_browser.search(driver, args.query)
        message = driver.execute_script("const m = document.getElementById('message'); return m.hidden ? '' : m.textContent")
        if message:
            print("screenshot.py: the page says: " + message, file=sys.stderr)
        if args.full_page:
            page_browser.full_page_screenshot(driver, args.out)
        else:
            driver.save_screenshot(args.out)
    finally:
        driver.quit()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
