#!/usr/bin/env python3
"""Reads the mails an SMTP sink stored (FOLDER/*.eml) with Python's `email` package and
prints them as JSON: the decoded headers a person sees and the text and HTML parts."""
import json
import os
import re
import sys
from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser
from email.utils import parseaddr


def read(path):
    with open(path, "rb") as f:
        m = BytesParser(policy=policy.default).parse(f)
    plain = m.get_body(preferencelist=("plain",))
    html = m.get_body(preferencelist=("html",))
    text = plain.get_content() if plain is not None else ""
    # The display name decoded as RFC 2047 says: whitespace between two encoded words is
    # dropped. (Python 3.11's default policy keeps the folding space there, in addresses
    # only, making "och  Östnor" of a name split across two encoded words.)
    raw_from = next((v for k, v in m.raw_items() if k.lower() == "from"), "")
    name, address = parseaddr(str(make_header(decode_header(raw_from))))
    return {
        "file": os.path.basename(path),
        "to": str(m["To"]),
        "from_name": name,
        "from_address": address,
        "subject": str(m["Subject"]),
        "message_id": str(m["Message-ID"] or ""),
        "list_unsubscribe": str(m["List-Unsubscribe"] or ""),
        "list_unsubscribe_post": str(m["List-Unsubscribe-Post"] or ""),
        "text": text,
        "html": html.get_content() if html is not None else "",
        "links": re.findall(r"https?://\S+", text),
    }


def main():
    folder = sys.argv[1]
    names = sorted(n for n in os.listdir(folder) if n.endswith(".eml"))
    json.dump([read(os.path.join(folder, n)) for n in names], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
