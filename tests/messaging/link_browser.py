"""Fill in the self-service link's form in headless Chromium and submit it
(a real POST from the browser): link_browser.py URL DATE OUT
Writes the button's text after the date is chosen (OUT.button) and the page
the POST answered (OUT.after)."""
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

url, date, out = sys.argv[1:4]
o = webdriver.ChromeOptions()
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=390,844", "--disable-quic",
          "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"):
    o.add_argument(a)
d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
try:
    d.get(url)
    field = d.find_element(By.ID, "date")
    # A date input's typing order depends on the locale: set the value and
    # fire the input event a person's choice fires.
    d.execute_script("arguments[0].value = arguments[1];"
                     "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", field, date)
    button = d.find_element(By.ID, "promise")
    with open(out + ".button", "w", encoding="utf-8") as f:
        f.write(button.text + "\n")
    button.click()
    # The answer is a new page: wait until the form's page is gone, then
    # read the one that replaced it (reading at once may catch the old one).
    WebDriverWait(d, 30).until(EC.staleness_of(button))
    body = WebDriverWait(d, 30).until(EC.presence_of_element_located((By.TAG_NAME, "body")))
    with open(out + ".after", "w", encoding="utf-8") as f:
        f.write(body.text + "\n")
finally:
    d.quit()
