"""`manage.py review_accreditations`: reminders before expiry, expiries recorded once."""

from io import StringIO

from django.core import mail
from django.core.management import call_command

from hub.accounts.models import AccreditationEvent
from tests.accounts import BAILLEURS, PSYCHIATRIE, family, make_user

Action = AccreditationEvent.Action


def review():
    out = StringIO()
    call_command("review_accreditations", stdout=out)
    return out.getvalue()


def test_review_twice_records_each_expiry_once_and_sends_each_digest_once():
    referent = make_user("referent.bailleurs", referent_of=[BAILLEURS])
    admin = make_user("admin", superuser=True)
    soon = make_user("bientot.echu", families=[BAILLEURS], expires_in_days=10)
    make_user("bientot.aussi", families=[BAILLEURS], expires_in_days=30)
    make_user("psy.bientot", families=[PSYCHIATRIE], expires_in_days=3)
    make_user("tranquille", families=[BAILLEURS], expires_in_days=120)
    expired = make_user("deja.echu", families=[BAILLEURS], expires_in_days=-1)

    first = review()
    assert first.count("\n") == 1
    assert "3 compte(s) à échéance sous 30 jours" in first
    assert "2 e-mail(s) aux référents" in first
    assert "1 échéance(s) dépassée(s) enregistrée(s)" in first

    digests = {tuple(message.to): message for message in mail.outbox}
    assert set(digests) == {(referent.email,), (admin.email,)}
    body = digests[(referent.email,)].body
    assert "bientot.echu" in body or soon.get_full_name() in body
    assert "Organisation de test" in body
    assert "tranquille" not in body and "deja.echu" not in body
    assert "http://127.0.0.1:8000/compte/referent/" in body
    assert "psy.bientot" not in body

    event = AccreditationEvent.objects.get(action=Action.EXPIRED)
    assert event.subject == expired
    assert event.family == family(BAILLEURS)
    assert event.expires_on == expired.maillage_profile.expires_on

    mail.outbox.clear()
    second = review()
    assert "0 compte(s)" in second and "0 échéance(s)" in second
    assert mail.outbox == []
    assert AccreditationEvent.objects.filter(action=Action.EXPIRED).count() == 1


def test_a_renewed_then_expired_account_is_recorded_again_for_its_new_date():
    member = make_user("membre.bailleurs", families=[BAILLEURS], expires_in_days=-400)
    review()
    profile = member.maillage_profile
    profile.expires_on = profile.expires_on.replace(year=profile.expires_on.year + 1)
    profile.save()
    review()
    review()
    assert AccreditationEvent.objects.filter(action=Action.EXPIRED, subject=member).count() == 2


def test_deactivated_accounts_are_left_out_of_the_review():
    make_user("referent.bailleurs", referent_of=[BAILLEURS])
    make_user("parti", families=[BAILLEURS], expires_in_days=-5, active=False)
    make_user("parti.bientot", families=[BAILLEURS], expires_in_days=5, active=False)
    output = review()
    assert "0 compte(s)" in output and "0 échéance(s)" in output
    assert mail.outbox == []
