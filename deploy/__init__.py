"""The deployment: one Streamlit server on localhost (server.py) and replicas behind nginx (replicas.py)."""
