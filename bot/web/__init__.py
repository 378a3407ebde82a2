"""The resident chat gateway: the web service between the website and Rasa.

It owns conversation ids and tokens, keeps the transcript, and asks Rasa only while the bot
has the conversation. Its paths and fields follow the API contract (``api.md``).
"""
