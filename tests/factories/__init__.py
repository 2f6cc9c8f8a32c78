"""Test data, one module per app: factory_boy factories for rows and pages, and a few clearly
named builders where a factory does not fit (a scenario such as ``build_fortnight``, a request
body such as ``encounter_json``). Everything is re-exported here: ``from tests.factories import
PersonFactory, staff`` or ``from tests import factories as f``.
"""

from .assessment import *  # noqa: F403
from .directory import *  # noqa: F403
from .outreach import *  # noqa: F403
from .referrals import *  # noqa: F403
from .reporting import *  # noqa: F403
from .search import *  # noqa: F403
from .staff import *  # noqa: F403  (so ``staff`` here is the function, not the module)
