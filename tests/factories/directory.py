"""factory_boy factories shared by every test package."""

import factory
import wagtail_factories
from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from directory import models as d
from directory.models.taxonomy import CATEGORY_TAXONOMY, POPULATION_TAXONOMY


def home_page():
    """The site's HomePage, created under the tree root the first time it is asked for."""
    home = d.HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        if root is None:
            # After a transactional test's flush, the rows Wagtail's migrations made are gone.
            Locale.objects.get_or_create(
                language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
            )
            root = Page.add_root(instance=Page(title="Root", slug="root"))
        if Collection.get_first_root_node() is None:
            Collection.add_root(name="Root")
        home = root.add_child(instance=d.HomePage(title="Waypoint", slug="waypoint-home"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
        )
    return home


class OrganizationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Test Organization {n}")
    slug = factory.Sequence(lambda n: f"test-organization-{n}")
    description = factory.Sequence(lambda n: f"Description of test organization {n}.")
    parent = factory.LazyFunction(home_page)

    class Meta:
        model = d.OrganizationPage


class ServicePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Test Service {n}")
    slug = factory.Sequence(lambda n: f"test-service-{n}")
    # Fixed words (not Faker): random text once matched a search test by chance.
    description = factory.Sequence(lambda n: f"Description of test service {n}.")
    parent = factory.SubFactory(OrganizationPageFactory)

    class Meta:
        model = d.ServicePage


class LocationFactory(factory.django.DjangoModelFactory):
    organization = factory.SubFactory(OrganizationPageFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    # Frog Hollow, Hartford; tests that care about distance pass their own.
    latitude = 41.7599
    longitude = -72.6925

    class Meta:
        model = d.Location


class AddressFactory(factory.django.DjangoModelFactory):
    location = factory.SubFactory(LocationFactory)
    address_1 = factory.Sequence(lambda n: f"{100 + n} Park St")
    city = "Hartford"
    state_province = "CT"
    postal_code = "06106"

    class Meta:
        model = d.Address


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    location = factory.SubFactory(
        LocationFactory, organization=factory.SelfAttribute("..service.organization")
    )

    class Meta:
        model = d.ServiceAtLocation


class ScheduleFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    freq = "WEEKLY"
    byday = "MO,TU,WE,TH,FR"
    opens_at = "09:00"
    closes_at = "17:00"

    class Meta:
        model = d.Schedule


class PhoneFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    number = factory.Sequence(lambda n: f"860-555-{n % 10000:04d}")
    type = "voice"

    class Meta:
        model = d.Phone


class LanguageFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    name = "Spanish"
    code = "es"

    class Meta:
        model = d.Language


class TaxonomyFactory(factory.django.DjangoModelFactory):
    name = CATEGORY_TAXONOMY
    description = "Waypoint service categories"

    class Meta:
        model = d.Taxonomy
        django_get_or_create = ("name",)


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    taxonomy = factory.SubFactory(TaxonomyFactory)
    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())
    description = factory.LazyAttribute(lambda o: f"Services for {o.name.lower()}")

    class Meta:
        model = d.TaxonomyTerm
        django_get_or_create = ("taxonomy", "code")


class PopulationTermFactory(TaxonomyTermFactory):
    taxonomy = factory.SubFactory(
        TaxonomyFactory, name=POPULATION_TAXONOMY, description="Who a service is for"
    )


class AttributeFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    taxonomy_term = factory.SubFactory(TaxonomyTermFactory)

    class Meta:
        model = d.Attribute


class UnitFactory(factory.django.DjangoModelFactory):
    name = "bed"

    class Meta:
        model = d.Unit
        django_get_or_create = ("name",)


class ServiceCapacityFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    unit = factory.SubFactory(UnitFactory)
    available = 3
    maximum = 10

    class Meta:
        model = d.ServiceCapacity


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


class ClosureFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    starts_on = factory.Faker("future_date", end_date="+60d")
    ends_on = factory.SelfAttribute("starts_on")
    reason = "Holiday"

    class Meta:
        model = d.Closure


# --- HSDS records the API tests fill in (appended by the HSDS API work) -------------------------


class ContactFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    name = factory.Faker("name")
    title = "Intake coordinator"
    email = factory.Sequence(lambda n: f"intake{n}@example.org")

    class Meta:
        model = d.Contact


class CostOptionFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    option = "Sliding scale"
    currency = "USD"
    amount = "10.00"

    class Meta:
        model = d.CostOption


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    document = "Photo ID, if you have one"

    class Meta:
        model = d.RequiredDocument


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServicePageFactory)
    name = "Hartford"
    extent_type = "text"

    class Meta:
        model = d.ServiceArea


class AccessibilityFactory(factory.django.DjangoModelFactory):
    location = factory.SubFactory(LocationFactory)
    description = "Step-free entrance on the side street"

    class Meta:
        model = d.Accessibility
