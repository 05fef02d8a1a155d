"""The demo engine room the demo app builds for the main system: twenty posts, built once.

(Moved from tests/integration/workforce: it is a story over the whole demo region, which only
scenario tests build.)"""

from engineroom.workforce.models import Post


def test_the_demo_generator_is_idempotent(main_system):
    from engineroom.demo import workforce as synth

    before = Post.objects.filter(system=main_system).count()
    assert synth.generate(seed=20181) == {"workforce.post": 0}
    assert Post.objects.filter(system=main_system).count() == before == 20
