"""The sign-in page's title: inserted into that page's HTML only, with a correct length."""

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.testclient import TestClient

from webui.page_title import PageTitle

PAGE = "<!doctype html><html><head><meta charset='utf-8'></head><body>sign in</body></html>"


def client() -> TestClient:
    app = FastAPI()
    app.add_api_route("/review/", lambda: HTMLResponse(PAGE))
    app.add_api_route("/review/config", lambda: JSONResponse({"head": "<head>"}))
    app.add_api_route("/", lambda: HTMLResponse(PAGE))
    app.add_middleware(PageTitle, path="/review", title="Sign in: <nurse> review")
    return TestClient(app)


def test_the_page_gets_an_escaped_title_and_a_content_length_that_matches():
    response = client().get("/review/")
    assert "<head><title>Sign in: &lt;nurse&gt; review</title><meta" in response.text
    assert int(response.headers["content-length"]) == len(response.content)


def test_other_pages_and_non_html_replies_are_left_alone():
    assert client().get("/").text == PAGE
    assert client().get("/review/config").json() == {"head": "<head>"}
