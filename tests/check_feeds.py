"""Parse notis feeds with a real feed reader library (feedparser) and
validate sitemap.xml against the sitemaps.org schema (lxml).

Usage: python3 tests/check_feeds.py PUBLIC_DIR
Exit 0 when all is well; 77 when feedparser or lxml is missing; 1 otherwise.
"""
import json
import pathlib
import sys

try:
    import feedparser
    from lxml import etree
except ImportError as e:  # the Rust test turns this into a printed skip
    print(f"missing python module: {e.name}")
    sys.exit(77)

public = pathlib.Path(sys.argv[1])
problems = []
feeds = [public / "atom.xml", public / "rss.xml"]
feeds += sorted((public / "amne").glob("*/atom.xml"))
for path in feeds:
    parsed = feedparser.parse(path.read_bytes())
    if parsed.bozo:
        problems.append(f"{path}: not well-formed: {parsed.bozo_exception}")
        continue
    if not parsed.entries:
        problems.append(f"{path}: no entries")
    for entry in parsed.entries:
        for key in ("title", "link"):
            if not entry.get(key):
                problems.append(f"{path}: entry without {key}: {entry.get('id')}")
        if not (entry.get("published_parsed") or entry.get("updated_parsed")):
            problems.append(f"{path}: entry without a date: {entry.get('link')}")
    print(f"{path.relative_to(public)}: {parsed.version or 'json'} with {len(parsed.entries)} entries")

# feedparser 6 reads no JSON Feed; check it against the JSON Feed 1.1 spec's required fields.
feed = json.loads((public / "feed.json").read_text(encoding="utf-8"))
if feed.get("version") != "https://jsonfeed.org/version/1.1" or not feed.get("title") or not feed.get("items"):
    problems.append("feed.json: version, title or items missing")
for item in feed.get("items", []):
    if not (item.get("id") and item.get("url") and item.get("title") and item.get("date_published")):
        problems.append(f"feed.json: item lacks id, url, title or date_published: {item.get('id')}")
    if "content_html" not in item and "content_text" not in item:
        problems.append(f"feed.json: item without content: {item.get('id')}")
print(f"feed.json: {len(feed.get('items', []))} items")

schema = etree.XMLSchema(etree.parse(str(pathlib.Path(__file__).with_name("schemas") / "sitemap.xsd")))
sitemap = etree.parse(str(public / "sitemap.xml"))
if not schema.validate(sitemap):
    problems.append(f"sitemap.xml: {schema.error_log}")
else:
    print(f"sitemap.xml: valid, {len(sitemap.getroot())} urls")

for p in problems:
    print("problem:", p)
sys.exit(1 if problems else 0)
