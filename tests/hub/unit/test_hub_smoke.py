from helpers.docs import sheet_bytes


def test_smoke(api, people):
    r = api.http.get("/v1/hub")
    assert r.status_code == 200, r.text
    r = api.send(people.m1, "GET", "/v1/whoami")
    assert r.status_code == 200, r.text
    data = sheet_bytes(people.m1)
    r = api.send(people.m1, "POST", "/v1/sheets", data, content_type="application/vnd.workbench.sheet+json")
    assert r.status_code == 201, r.text
    r2 = api.send(people.m1, "POST", "/v1/sheets", data, content_type="application/vnd.workbench.sheet+json")
    assert r2.status_code == 200, r2.text
    assert r2.json()["receipt"] == r.json()["receipt"]
