"""gunicorn settings for Waypoint; gunicorn reads this file when started from the repository root.

Deploy with ``gunicorn waypoint.wsgi`` from this folder (or ``-c /path/to/gunicorn.conf.py``).
Options on the command line (or in ``GUNICORN_CMD_ARGS``) win over these. docs/security.md,
"Behind a proxy", lists what the proxy in front must do.
"""

# gunicorn takes SCRIPT_NAME (and PATH_INFO) from request headers of trusted peers, loopback by
# default: anything on the machine, or a proxy that passes headers with underscores, could then
# move a request under another path prefix. Waypoint is served at the root; a deployment under a
# prefix sets ``--forwarder-headers SCRIPT_NAME`` and ``--forwarded-allow-ips`` to its proxy only.
forwarder_headers = ""

# Headers with underscores cannot be told from their dashed twins in the WSGI environ: drop them.
header_map = "drop"
