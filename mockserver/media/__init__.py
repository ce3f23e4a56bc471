"""Real media the audio, images and videos areas send: pictures, speech, video, decoding.

Everything here is deterministic (same inputs, same bytes) and needs the
optional encoders of the ``mock`` extra: Pillow for pictures, PyAV for
compressed audio and video. They are imported when first used, so a server
that never answers a media request never loads them.
"""
