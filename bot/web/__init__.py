"""The chat gateway: the web service between the website and Rasa, and the staff's way in.

It owns conversation ids and tokens, keeps the transcript, and asks Rasa only while the bot
has the conversation; KCC employees log in to take a chat over. Its paths and fields follow
the API contract (``api.md``).
"""
