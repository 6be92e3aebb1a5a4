"""Check one notis archive package with the tools archives use: the Library of Congress's
`bagit` validates the bag (manifests, Payload-Oxum, completeness) and Webrecorder's `warcio`
reads every WARC record (checking its digests); each response record's address and content
must be those of the published file.

Usage: python3 tests/check_archive.py PACKAGE PUBLIC_DIR
Exit 0 when all is well; 77 when bagit or warcio is missing; 1 otherwise.
"""
import json
import pathlib
import sys

try:
    import bagit
    from warcio.archiveiterator import ArchiveIterator
except ImportError as e:  # the Rust test turns this into a printed skip
    print(f"missing python module: {e.name}")
    sys.exit(77)

package = pathlib.Path(sys.argv[1])
public = pathlib.Path(sys.argv[2])
problems = []

bag = bagit.Bag(str(package))
try:
    bag.validate(processes=1)
except bagit.BagValidationError as e:
    problems.append(f"bagit: {e}")
info = bag.info
for label in ("Source-Organization", "Bagging-Date", "Payload-Oxum", "Site-Address"):
    if label not in info:
        problems.append(f"bag-info.txt lacks {label}")

log = json.loads((package / "data" / "changes.json").read_text())
files = {f["url"]: f["file"] for f in log["files"]}
warcs = sorted((package / "data").glob("*.warc.gz"))
if len(warcs) != 1:
    problems.append(f"expected one WARC file, found {len(warcs)}")
seen = set()
types = []
for warc in warcs:
    with open(warc, "rb") as stream:
        for record in ArchiveIterator(stream, check_digests="raise"):
            types.append(record.rec_type)
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            status = record.http_headers.get_statuscode()
            body = record.content_stream().read()
            if url not in files:
                problems.append(f"WARC record for {url}, which changes.json does not list")
                continue
            seen.add(url)
            published = (public / files[url]).read_bytes()
            if body != published:
                problems.append(f"{url}: WARC content differs from the published {files[url]}")
            stored = (package / "data" / "files" / files[url]).read_bytes()
            if stored != published:
                problems.append(f"{url}: data/files/{files[url]} differs from the published file")
            if status != "200":
                problems.append(f"{url}: HTTP status {status}")
if types[:1] != ["warcinfo"]:
    problems.append(f"the WARC does not open with a warcinfo record: {types[:1]}")
missing = set(files) - seen
if missing:
    problems.append(f"no WARC record for {sorted(missing)[:5]}")

for p in problems:
    print(p)
if problems:
    sys.exit(1)
print(f"{package.name}: bag valid, {len(seen)} WARC records match the published files")
