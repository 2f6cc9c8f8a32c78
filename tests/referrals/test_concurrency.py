"""Two people change the same referral at the same moment: exactly one wins (real connections)."""

import threading

from django.db import connection
from django.test import TransactionTestCase

from referrals.links import referral_link_token
from referrals.models import Referral, ReferralEvent
from referrals.services import ReferralConflict, referral_link_transition, referral_transition
from tests.factories import ReferralTestData


class ReferralConcurrencyTests(TransactionTestCase):
    def setUp(self):
        from django.conf import settings
        from wagtail.models import Collection, Locale, Page

        # A TransactionTestCase flush also removes the rows Wagtail's migrations made; put them back.
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        if Page.get_first_root_node() is None:
            Page.add_root(instance=Page(title="Root", slug="root", live=True))
        if Collection.get_first_root_node() is None:
            Collection.add_root(name="Root")
        ReferralTestData.setUpTestData.__func__(self)

    def make_referral(self, **kw):
        return ReferralTestData.make_referral(self, **kw)

    def _race(self, calls):
        barrier = threading.Barrier(len(calls))
        results = [None] * len(calls)

        def run(i, fn):
            try:
                barrier.wait(timeout=10)
                results[i] = ("ok", fn())
            except ReferralConflict as exc:  # InvalidTransition is a ReferralConflict
                results[i] = ("conflict", exc)
            except Exception as exc:
                results[i] = ("error", exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        return results

    def test_accept_and_decline_at_the_same_moment(self):
        for _round in range(5):
            r = self.make_referral()
            results = self._race(
                [
                    lambda: referral_transition(
                        user=self.provider_a, referral=r.pk, status="accepted"
                    ),
                    lambda: referral_transition(
                        user=self.responder, referral=r.pk, status="declined", reason="dup"
                    ),
                ]
            )
            kinds = sorted(k for k, _v in results)
            self.assertEqual(kinds, ["conflict", "ok"], results)
            winner = next(v for k, v in results if k == "ok")
            r.refresh_from_db()
            self.assertEqual(r.status, winner.status)
            self.assertEqual(ReferralEvent.objects.filter(referral=r).count(), 2)

    def test_two_arrivals_record_once(self):
        r = self.make_referral()
        referral_transition(user=self.provider_a, referral=r.pk, status="accepted")
        results = self._race(
            [
                lambda: referral_transition(user=self.provider_a, referral=r.pk, status="arrived"),
                lambda: referral_transition(user=self.responder, referral=r.pk, status="arrived"),
            ]
        )
        self.assertEqual(sorted(k for k, _v in results), ["conflict", "ok"], results)
        self.assertEqual(ReferralEvent.objects.filter(referral=r, to_status="arrived").count(), 1)

    def test_one_link_used_twice_at_once_works_once(self):
        r = self.make_referral()
        token = referral_link_token(referral=r)
        results = self._race(
            [
                lambda: referral_link_transition(token=token, status="accepted"),
                lambda: referral_link_transition(token=token, status="declined", reason="full"),
            ]
        )
        succeeded = [v for k, v in results if k == "ok" and v is not None]
        self.assertEqual(len(succeeded), 1, results)
        self.assertTrue(all(k in ("ok", "conflict") for k, _v in results), results)
        r = Referral.objects.get(pk=r.pk)
        self.assertEqual(r.status, succeeded[0].status)
        self.assertEqual(ReferralEvent.objects.filter(referral=r).count(), 2)
