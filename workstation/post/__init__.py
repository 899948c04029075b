"""The border post: many lanes, one record (PostgreSQL), one image archive (Orthanc).

``archive`` — the archive's REST client; ``outbox`` — the durable outbox from a lane's record
to the archive and its pusher; ``orthanc_server`` — a local Orthanc for one machine;
``local_post`` — ``workstation post start``: archive, headless lanes and GUI on one machine.
"""
