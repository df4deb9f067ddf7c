"""Notifications: chat messages through the API, and e-mail through SMTP."""

import asyncio
import smtplib
from email.message import EmailMessage


class Mailer:
    def __init__(self, host, sender="pantry@example.org"):
        self.host = host
        self.sender = sender

    def send(self, to, subject, text):
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(text)
        with smtplib.SMTP(self.host, timeout=10) as smtp:
            smtp.send_message(message)
        return message


class Notifier:
    """Tells people about low stock and failed jobs."""

    def __init__(self, client, mailer, *, channel="#stock"):
        self.client = client
        self.mailer = mailer
        self.channel = channel

    async def low_stock(self, sku, level):
        text = f"{sku} is running low: {level} left"
        await self.client.post_json("/hooks/chat", {"channel": self.channel, "text": text})

    async def job_failed(self, job, error):
        text = f"job {job.kind} failed after {job.attempts} attempts: {error}"
        await self.client.post_json("/hooks/chat", {"channel": "#ops", "text": text})
        await asyncio.to_thread(self.mailer.send, "ops@example.org", f"{job.kind} failed", text)
