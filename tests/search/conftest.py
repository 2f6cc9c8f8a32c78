"""Search tests: the Elasticsearch node tests run only when ELASTICSEARCH_URL points at a node.

They are *deselected* (not skipped-as-passed) without it, and the run says so, so a green run
without a node is never mistaken for a green Elasticsearch run. ``.ci/run`` and ``make es`` start
a node (scripts/elasticsearch.sh).
"""

import os


def pytest_collection_modifyitems(config, items):
    if os.environ.get("ELASTICSEARCH_URL"):
        return
    es_items = [item for item in items if item.get_closest_marker("elasticsearch")]
    if not es_items:
        return
    config.hook.pytest_deselected(items=es_items)
    items[:] = [item for item in items if not item.get_closest_marker("elasticsearch")]
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    line = (
        f"search: {len(es_items)} Elasticsearch-node tests deselected: ELASTICSEARCH_URL is not set "
        "(start a node with `make es` and export ELASTICSEARCH_URL=http://127.0.0.1:9200)"
    )
    if reporter:
        reporter.write_line(line)
    else:
        print(line)
