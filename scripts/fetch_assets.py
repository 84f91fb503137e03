"""Install the front-end assets (Bootstrap, icons, htmx, Chart.js) from the npm registry into static/vendor/.

Exact versions and their registry integrity hashes are pinned in scripts/assets.json, like a lock file;
a tarball whose hash differs is refused. Needs only Python, no Node. Served locally: no CDN at run time.
"""

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "scripts" / "assets.json"
TARGET = ROOT / "static" / "vendor"


def main() -> int:
    manifest = json.loads(MANIFEST.read_text())
    for package in manifest["packages"]:
        name, version = package["name"], package["version"]
        destination = TARGET / name
        stamp = destination / ".version"
        if stamp.exists() and stamp.read_text() == version:
            continue
        url = f"{manifest['registry']}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
        with urllib.request.urlopen(url, timeout=60) as response:
            data = response.read()
        algorithm, expected = package["integrity"].split("-", 1)
        actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
        if actual != expected:
            print(f"Integrity check failed for {name}@{version}: refusing it.", file=sys.stderr)
            return 1
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for relative in package["files"]:
                member = archive.extractfile(f"package/{relative}")
                out = destination / relative
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(member.read())
        stamp.write_text(version)
        print(f"installed {name}@{version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
