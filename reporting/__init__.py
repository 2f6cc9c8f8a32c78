"""Programme dashboard, figures and exports (issue 8): see figures.py for the definitions."""
