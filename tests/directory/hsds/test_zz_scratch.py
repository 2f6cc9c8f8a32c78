from django.test import TestCase
class T(TestCase):
    def test_it(self):
        exec(open("/tmp/hsds_scratch/qc2.py").read(), {})
