"""The WSGI entry point for gunicorn: ``web.wsgi:app``.

Creating the app opens no index (see ``web.create_app``), so importing this
module before gunicorn forks, as ``--preload`` does, shares nothing.
"""
from web import create_app

app = create_app()
