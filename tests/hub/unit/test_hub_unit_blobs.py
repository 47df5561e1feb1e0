"""Content-addressed, resumable blobs: offsets, resumption, hash check before visibility."""

from __future__ import annotations

import hashlib

from helpers.docs import photo_bytes

OCTET = "application/offset+octet-stream"


def patch(api, person, sha: str, chunk: bytes, offset: int, length: int):  # noqa: ANN001, ANN201
    return api.send(person, "PATCH", f"/v1/blobs/{sha}", chunk, content_type=OCTET,
                    headers={"Upload-Offset": str(offset), "Upload-Length": str(length)})


def head(api, person, sha: str):  # noqa: ANN001, ANN201
    return api.send(person, "HEAD", f"/v1/blobs/{sha}")


def test_missing_lists_only_what_the_hub_lacks_in_order(api, people):
    a, b = photo_bytes(100, 1), photo_bytes(100, 2)
    ha, hb = hashlib.sha256(a).hexdigest(), hashlib.sha256(b).hexdigest()
    assert patch(api, people.m1, ha, a, 0, len(a)).status_code == 201
    r = api.send(people.m1, "POST", "/v1/blobs/missing", f'{{"sha256": ["{hb}", "{ha}", "{hb}"]}}'.encode(),
                 content_type="application/json")
    assert r.status_code == 200 and r.json() == {"missing": [hb]}
    r = api.send(people.m1, "POST", "/v1/blobs/missing", b'{"sha256": ["XYZ"]}', content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "malformed"
    r = api.send(people.m1, "POST", "/v1/blobs/missing", b'{"sha": []}', content_type="application/json")
    assert r.status_code == 400


def test_chunked_upload_resumes_from_the_hubs_offset(api, people):
    data = photo_bytes(250_000, 3)
    sha = hashlib.sha256(data).hexdigest()
    h = head(api, people.m1, sha)
    assert h.status_code == 200 and h.headers["Upload-Offset"] == "0" and h.headers["Upload-Complete"] == "?0"
    r = patch(api, people.m1, sha, data[:100_000], 0, len(data))
    assert r.status_code == 204 and r.headers["Upload-Offset"] == "100000"
    h = head(api, people.m1, sha)
    assert (h.headers["Upload-Offset"], h.headers["Upload-Length"]) == ("100000", str(len(data)))
    # a retried chunk (the answer was lost): the hub says where it is
    r = patch(api, people.m1, sha, data[:100_000], 0, len(data))
    assert r.status_code == 409 and r.json()["code"] == "offset_mismatch" and r.json()["offset"] == 100_000
    assert r.headers["Upload-Offset"] == "100000"
    # a chunk from the future
    r = patch(api, people.m1, sha, data[200_000:], 200_000, len(data))
    assert r.status_code == 409 and r.json()["offset"] == 100_000
    # another total length than announced
    r = patch(api, people.m1, sha, data[100_000:], 100_000, len(data) + 1)
    assert r.status_code == 409 and r.json()["code"] == "length_mismatch"
    # not visible before it is complete
    assert api.send(people.m1, "GET", f"/v1/blobs/{sha}").status_code == 404
    r = patch(api, people.m1, sha, data[100_000:], 100_000, len(data))
    assert r.status_code == 201 and r.headers["Upload-Complete"] == "?1"
    assert r.headers["Upload-Offset"] == str(len(data))
    g = api.send(people.m2, "GET", f"/v1/blobs/{sha}")
    assert g.status_code == 200 and g.content == data
    # once stored, a PATCH is answered "complete" and changes nothing
    r = patch(api, people.m1, sha, b"zzz", 0, 3)
    assert r.status_code == 200 and r.headers["Upload-Complete"] == "?1"
    assert api.hub.blobs.path(sha).read_bytes() == data
    assert list(api.hub.config.uploads.iterdir()) == []


def test_bytes_that_do_not_hash_to_the_name_are_discarded(api, people):
    data = photo_bytes(5000, 4)
    wrong = hashlib.sha256(b"something else").hexdigest()
    r = patch(api, people.m1, wrong, data[:2000], 0, len(data))
    assert r.status_code == 204
    r = patch(api, people.m1, wrong, data[2000:], 2000, len(data))
    assert r.status_code == 422 and r.json()["code"] == "hash_mismatch"
    assert not api.hub.blobs.has(wrong) and list(api.hub.config.uploads.iterdir()) == []
    h = head(api, people.m1, wrong)
    assert h.headers["Upload-Offset"] == "0"


def test_chunk_limits_and_bad_headers(api, people):
    sha = "a" * 64
    big = b"x" * (8 * 1024 * 1024 + 1)
    r = patch(api, people.m1, sha, big, 0, len(big))
    assert r.status_code == 413 and r.json()["code"] == "too_large"
    r = api.send(people.m1, "PATCH", f"/v1/blobs/{sha}", b"abc", content_type=OCTET,
                 headers={"Upload-Offset": "-1", "Upload-Length": "3"})
    assert r.status_code == 400 and r.json()["code"] == "bad_header"
    r = api.send(people.m1, "PATCH", f"/v1/blobs/{sha}", b"abc", content_type=OCTET)
    assert r.status_code == 400 and r.json()["code"] == "bad_header"
    r = patch(api, people.m1, sha, b"abcd", 0, 3)
    assert r.status_code == 409 and r.json()["code"] == "length_mismatch"
    r = api.send(people.m1, "HEAD", "/v1/blobs/NOTAHASH")
    assert r.status_code == 400
    r = api.send(people.m1, "GET", "/v1/blobs/NOTAHASH")
    assert r.status_code == 400 and r.json()["code"] == "malformed"


def test_a_second_connection_on_the_same_upload_is_told_busy(api, people, tmp_path):
    import fcntl
    import os

    data = photo_bytes(1000, 5)
    sha = hashlib.sha256(data).hexdigest()
    assert patch(api, people.m1, sha, data[:10], 0, len(data)).status_code == 204
    fd = os.open(api.hub.config.uploads / f"{sha}.part", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # what another worker holds while writing a chunk
        r = patch(api, people.m1, sha, data[10:], 10, len(data))
        assert r.status_code == 409 and r.json()["code"] == "busy"
    finally:
        os.close(fd)
    assert patch(api, people.m1, sha, data[10:], 10, len(data)).status_code == 201


def test_leftovers_of_a_killed_hub_are_cleaned_and_a_complete_part_is_finished(api, people):
    """Killed after the rename but before cleanup: the stale partial goes. Killed while
    hashing a complete upload: an empty PATCH at the end finishes it."""
    import os

    data = photo_bytes(3000, 6)
    sha = hashlib.sha256(data).hexdigest()
    part = api.hub.config.uploads / f"{sha}.part"
    part.write_bytes(data)
    (api.hub.config.uploads / f"{sha}.len").write_text(str(len(data)))
    h = head(api, people.m1, sha)
    assert h.headers["Upload-Offset"] == str(len(data)) and h.headers["Upload-Complete"] == "?0"
    r = patch(api, people.m1, sha, b"", len(data), len(data))
    assert r.status_code == 201 and api.hub.blobs.path(sha).read_bytes() == data
    os.link(api.hub.blobs.path(sha), part)
    assert head(api, people.m1, sha).headers["Upload-Complete"] == "?1"
    assert list(api.hub.config.uploads.iterdir()) == []
