__title__ = "openai_kit"
__version__ = "0.1.0"
