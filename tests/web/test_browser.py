"""The search page in headless Chromium: searching, filters, pages,
completions with the keyboard, the page without JavaScript, a phone, the
way back from a document to the results, and the help's examples."""
from __future__ import annotations

import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import Server, build_index, start_server, syndicated_records

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("headless Chromium is not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")

from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

pytestmark = pytest.mark.slow
PHONE = {"width": 390, "height": 844, "pixelRatio": 3.0}


def chromium(profile: Path, javascript: bool = True, phone: bool = False) -> Any:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,900", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    if phone:
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    driver = chromium(tmp_path_factory.mktemp("chromium"))
    yield driver
    driver.quit()


def wait(driver: Any, condition: Any, seconds: float = 5.0) -> Any:
    return WebDriverWait(driver, seconds).until(condition)


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).items()}


def no_console_errors(driver: Any) -> None:
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors  # a broken script, or something the CSP blocked


def test_search_from_the_box(browser: Any, live_server: Server) -> None:
    browser.get(live_server.url + "/")
    box = browser.find_element(By.ID, "q")
    assert browser.switch_to.active_element == box  # autofocus
    box.send_keys("روسيا", Keys.ENTER)
    wait(browser, lambda d: "/search" in d.current_url)
    assert query_of(browser.current_url)["q"] == "روسيا"
    assert browser.find_element(By.ID, "q").get_attribute("value") == "روسيا"
    assert "نتيجة واحدة" in browser.find_element(By.CSS_SELECTOR, ".summary").text
    marks = browser.find_elements(By.CSS_SELECTOR, ".hit mark")
    assert {m.text for m in marks} == {"رُوسِيَا"}
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    no_console_errors(browser)


def test_filters(browser: Any, live_server: Server) -> None:
    browser.get(live_server.url + "/search?q=" + urllib.parse.quote("ولي العهد"))
    assert not browser.find_element(By.ID, "kind").is_displayed()  # folded while no filter is used
    browser.find_element(By.CSS_SELECTOR, ".filters-panel summary").click()
    Select(browser.find_element(By.ID, "kind")).select_by_value("article")
    Select(browser.find_element(By.ID, "source")).select_by_value("okaz")
    Select(browser.find_element(By.ID, "sort")).select_by_value("newest")
    browser.find_element(By.CSS_SELECTOR, "button.secondary").click()
    wait(browser, lambda d: "kind=article" in d.current_url)
    assert query_of(browser.current_url) | {"q": ""} == {
        "q": "", "kind": "article", "source": "okaz", "sort": "newest"}
    badges = [b.text for b in browser.find_elements(By.CSS_SELECTOR, ".hit .badge")]
    assert badges == ["مقال"] * 4
    assert {s.text for s in browser.find_elements(By.CSS_SELECTOR, ".hit .source")} == {"عكاظ"}
    dates = [t.get_attribute("datetime") for t in browser.find_elements(By.CSS_SELECTOR, ".hit time")]
    assert dates == sorted(dates, reverse=True)
    assert browser.find_element(By.ID, "kind").is_displayed()  # in use: unfolded


@pytest.fixture(scope="module")
def copies_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("copies")
    server = start_server(build_index(folder / "index", syndicated_records()), folder / "server.log", workers=1)
    yield server
    server.stop()


def test_copies_and_related_articles(browser: Any, copies_server: Server) -> None:
    browser.get(copies_server.url + "/search?q=" + urllib.parse.quote("مزارعي النخيل"))
    copies = browser.find_elements(By.CSS_SELECTOR, ".hit .copies")
    assert len(copies) == 1 and copies[0].text.startswith("ونشره أيضاً مصدران آخران")
    before = len(browser.find_elements(By.CSS_SELECTOR, ".hit"))
    browser.find_element(By.CSS_SELECTOR, ".copies-link").click()
    wait(browser, lambda d: "group=" in d.current_url)
    assert len(browser.find_elements(By.CSS_SELECTOR, ".hit")) == 3 < before + 2
    assert not browser.find_elements(By.CSS_SELECTOR, ".hit .copies")
    browser.find_elements(By.CSS_SELECTOR, ".related-link")[0].click()
    wait(browser, lambda d: "/related" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("مقالات مشابهة")
    assert browser.find_elements(By.CSS_SELECTOR, ".hit")
    no_console_errors(browser)


def test_a_document_and_its_related_articles_lead_back_to_the_results(browser: Any, live_server: Server) -> None:
    browser.get(live_server.url + "/search?per_page=2&page=2&q=" + urllib.parse.quote("ولي العهد"))
    results = query_of(browser.current_url)

    def heading_size() -> float:
        return float(browser.execute_script(
            "return parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)"
            " / parseFloat(getComputedStyle(document.documentElement).fontSize)"))

    browser.find_element(By.CSS_SELECTOR, ".hit-title a").click()
    wait(browser, lambda d: "/documents/" in d.current_url)
    assert browser.find_element(By.ID, "q").get_attribute("value") == "ولي العهد"
    assert heading_size() <= 1.5
    browser.find_element(By.CSS_SELECTOR, ".document .related-link").click()
    wait(browser, lambda d: "/related" in d.current_url)
    assert browser.find_element(By.ID, "q").get_attribute("value") == "ولي العهد"
    assert heading_size() <= 1.5  # a heading, not the browser's 2em for a page title
    assert {m.text for m in browser.find_elements(By.CSS_SELECTOR, ".hit mark")} == {"ولي العهد"}
    browser.find_element(By.CSS_SELECTOR, ".back-link").click()
    wait(browser, lambda d: "/search" in d.current_url)
    assert query_of(browser.current_url) == results
    assert browser.find_element(By.CSS_SELECTOR, "[aria-current=page]").text == "٢"
    no_console_errors(browser)


def test_pagination(browser: Any, live_server: Server) -> None:
    browser.get(live_server.url + "/search?per_page=2&q=" + urllib.parse.quote("ولي العهد"))
    first = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".hit-title")]
    browser.find_element(By.CSS_SELECTOR, ".pagination a[rel=next]").click()
    wait(browser, lambda d: "page=2" in d.current_url)
    assert browser.find_element(By.CSS_SELECTOR, "[aria-current=page]").text == "٢"
    assert browser.find_element(By.CSS_SELECTOR, "ol.hits").get_attribute("start") == "3"
    second = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".hit-title")]
    assert len(second) == 2 and not set(first) & set(second)


def test_completions_with_the_keyboard(browser: Any, live_server: Server) -> None:
    browser.get(live_server.url + "/")
    box = browser.find_element(By.ID, "q")
    listbox = browser.find_element(By.ID, "q-suggestions")
    box.send_keys("ولي الع")
    wait(browser, lambda d: listbox.is_displayed() and listbox.find_elements(By.CSS_SELECTOR, "[role=option]"))
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.find_elements(By.CSS_SELECTOR, "[role=option]")
    assert options[0].text == "ولي العهد"
    box.send_keys(Keys.ARROW_DOWN)
    assert box.get_attribute("aria-activedescendant") == options[0].get_attribute("id")
    assert options[0].get_attribute("aria-selected") == "true"
    box.send_keys(Keys.ESCAPE)
    assert not listbox.is_displayed() and box.get_attribute("aria-expanded") == "false"
    box.send_keys(Keys.ARROW_DOWN)  # opens the list again
    wait(browser, lambda d: listbox.is_displayed())
    box.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    wait(browser, lambda d: "/search" in d.current_url)
    assert query_of(browser.current_url)["q"] == "ولي العهد"
    no_console_errors(browser)


def tab(browser: Any, times: int) -> list[str]:
    """Press Tab ``times`` times; what took the focus each time."""
    seen = []
    for _ in range(times):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        element = browser.switch_to.active_element
        seen.append(element.get_attribute("id") or element.get_attribute("class") or element.tag_name)
    return seen


def test_keyboard_reaches_everything(browser: Any, live_server: Server) -> None:
    browser.get(live_server.url + "/search?q=" + urllib.parse.quote("ولي العهد"))
    seen = tab(browser, 4)  # from the top of a freshly loaded page
    assert seen == ["skip-link", "brand", "q", "primary"]
    help_link = tab(browser, 1)  # the query language's help, then the filters
    assert help_link == ["a"] and browser.switch_to.active_element.get_attribute("href").endswith("/help")
    assert tab(browser, 1) == ["summary"]
    ActionChains(browser).send_keys(Keys.ENTER).perform()  # unfolds the filters
    seen = tab(browser, 14)
    assert {"kind", "source", "from", "to", "sort", "collapse", "secondary"} <= set(seen)


def test_without_javascript(tmp_path: Path, live_server: Server) -> None:
    driver = chromium(tmp_path / "profile", javascript=False)
    try:
        driver.get(live_server.url + "/")
        box = driver.find_element(By.ID, "q")
        box.send_keys("ولي الع")
        assert not driver.find_element(By.ID, "q-suggestions").is_displayed()
        box.send_keys("هد", Keys.ENTER)
        wait(driver, lambda d: "/search" in d.current_url)
        assert "١٣ نتيجة" in driver.find_element(By.CSS_SELECTOR, ".summary").text
        driver.find_element(By.CSS_SELECTOR, ".filters-panel summary").click()
        Select(driver.find_element(By.ID, "kind")).select_by_value("teaser")
        driver.find_element(By.CSS_SELECTOR, "button.secondary").click()
        wait(driver, lambda d: "kind=teaser" in d.current_url)
        assert [b.text for b in driver.find_elements(By.CSS_SELECTOR, ".hit .badge")] == ["مقتطف"]
    finally:
        driver.quit()


def test_phone(tmp_path: Path, live_server: Server) -> None:
    driver = chromium(tmp_path / "profile", phone=True)
    try:
        driver.get(live_server.url + "/search?q=" + urllib.parse.quote("ولي العهد"))
        width = driver.execute_script("return window.innerWidth")
        assert width == PHONE["width"]
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width  # no sideways scroll
        box = driver.find_element(By.ID, "q").rect
        button = driver.find_element(By.CSS_SELECTOR, "button.primary").rect
        assert button["y"] > box["y"] and button["width"] > width * 0.8  # stacked, full width
        assert driver.find_element(By.CSS_SELECTOR, ".hit").rect["width"] <= width
        driver.save_screenshot(str(tmp_path / "phone.png"))
    finally:
        driver.quit()


def test_help_examples_are_whole_and_in_the_pages_font(tmp_path: Path, live_server: Server) -> None:
    driver = chromium(tmp_path / "profile", phone=True)  # narrow: where an example would wrap
    try:
        driver.get(live_server.url + "/help")
        font = driver.execute_script("return getComputedStyle(document.body).fontFamily")
        chips = driver.execute_script("""
            return [...document.querySelectorAll('.help code')].map(chip => ({
                text: chip.textContent, boxes: chip.getClientRects().length,
                height: chip.getBoundingClientRect().height, font: getComputedStyle(chip).fontFamily}));""")
        assert len(chips) > 20 and any(chip["text"] == "الملك سلمان -حفظه الله-" for chip in chips)
        one_line = min(chip["height"] for chip in chips)
        for chip in chips:
            assert chip["font"] == font, chip  # Arabic letters joined, as in the text around them
            assert chip["boxes"] == 1 and chip["height"] == pytest.approx(one_line, abs=1), chip  # never wrapped
        assert driver.execute_script("return document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        driver.quit()
