"""Only current, public papers are public: a superseded version, a withdrawn paper and a paper of
a withdrawn item leave the system page's "Recent papers" and their public URL is not found; the
public pack is built once per version of what it holds and then served from the cache."""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse

from engineroom.governance import actions, packs
from factories.governance import AgendaItemFactory, MeetingFactory, PaperFactory

BASE = "http://testserver/"


def _papers(world, editor):
    meeting = MeetingFactory(body=world.bodies.executive)
    item = AgendaItemFactory(meeting=meeting, number=1, title="Estates review")
    old = PaperFactory(item=item, title="Estates paper draft ZULU", published=True)
    new = actions.replace_paper(
        by=editor, paper=old, title="Estates paper final YANKEE", html="Final.", published=True
    )
    pulled = PaperFactory(item=item, title="Estates annex XRAY", published=True)
    actions.withdraw_paper(by=editor, paper=pulled, reason="Not ready")
    other = AgendaItemFactory(meeting=meeting, number=2, title="Depot sale")
    orphan = PaperFactory(item=other, title="Depot paper WHISKEY", published=True)
    actions.withdraw_item(by=editor, item=other, reason="Deferred")
    return new, [old, pulled, orphan]


def test_superseded_withdrawn_and_withdrawn_item_papers_are_not_public(world, member, client):
    current, gone = _papers(world, member("governance"))
    code = world.system.code
    index = client.get(reverse("governance:public", args=[code])).content.decode()
    assert current.title in index
    for paper in gone:
        assert paper.title not in index
        url = reverse("governance:public-paper", args=[code, paper.pk])
        assert client.get(url).status_code == 404, paper.title
    current_url = reverse("governance:public-paper", args=[code, current.pk])
    assert client.get(current_url).status_code == 200


def test_the_public_pack_is_built_once_per_version_of_its_contents(world, member, client):
    editor = member("governance")
    meeting = MeetingFactory(body=world.bodies.executive)
    item = actions.add_item(by=editor, meeting=meeting, title="Winter plan", purpose="assurance")
    paper = actions.add_paper(
        by=editor, item=item, title="Winter plan", html="Beds open.", published=True
    )
    cache.clear()
    url = reverse("governance:public-pack", args=[world.system.code, meeting.pk])
    key = packs.public_pack_key(meeting, BASE)
    assert cache.get(key) is None
    first = client.get(url)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert cache.get(key) == first.content
    # A second request is served from the cache, not rebuilt: what the cache holds is sent.
    cache.set(key, b"%PDF-from-the-cache")
    assert client.get(url).content == b"%PDF-from-the-cache"
    actions.replace_paper(
        by=editor, paper=paper, title="Winter plan v2", html="More beds.", published=True
    )
    changed = packs.public_pack_key(meeting, BASE)
    assert changed != key
    rebuilt = client.get(url)
    assert rebuilt.content.startswith(b"%PDF") and rebuilt.content != b"%PDF-from-the-cache"
    assert cache.get(changed) == rebuilt.content
