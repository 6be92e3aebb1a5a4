// Prepares the site under test: a copy of the sample site plus one article with a
// lead image, an alert banner, a crisis with updates and an old-URL alias, built with
// the real binary.
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { landscapePng } from './png.mjs';

export const NOW = '2026-11-26 12:00';

/** The extra article's URL, its alias and its image. */
export const EXTRA = {
  slug: 'driftstorning-i-e-tjansterna',
  path: '/nyheter/driftstorning-i-e-tjansterna/',
  alias: '/gammal/it-storning.html',
  image: '/bilder/siljan.png',
  alertText: 'Vissa e-tjänster kan inte nås just nu.',
  /** Issue 27: the article is also a crisis with timestamped updates, so every page type
   * is tested with the crisis banner. */
  updates: ['26 november 2026 kl. 09.15', '25 november 2026 kl. 16.40'],
};

const EXTRA_ARTICLE = `---
title: Driftstörning i kommunens e-tjänster
date: 2026-11-25 07:30
summary: Sedan tidig onsdagsmorgon går det inte att logga in i flera av kommunens e-tjänster. Felet ligger hos en leverantör och vi räknar med att tjänsterna fungerar igen under torsdagen.
tags: [IT, Driftstörning]
contacts:
  - name: Matthias Grahn
    role: IT-chef för Mora, Orsa och Älvdalens kommuner
    phone: 0250-260 02
    email: matthias.grahn@mora.se
image:
  src: ${EXTRA.image}
  alt: Sjön Siljan en vinterdag, med blå berg vid horisonten och en blek sol.
alert:
  text: ${EXTRA.alertText}
  until: 2026-12-31 23:59
crisis:
  until: 2026-12-31 23:59
updates:
  - at: 2026-11-25 16:40
    text: Leverantören har hittat felet. Inloggningen fungerar **inte** än.
  - at: 2026-11-26 09:15
    text: Felanmälan fungerar igen. Bygglovsansökan är fortfarande nere.
aliases: [${EXTRA.alias}]
slug: ${EXTRA.slug}
---
Det gäller bland annat ansökan om bygglov, felanmälan och ansökan om plats i förskola. Du kan fortfarande ringa kommunens växel eller besöka medborgarservice i kommunhuset.

## Vad kan jag göra under tiden?

- Ring kommunens växel på [0250-260 00](tel:+4625026000), vardagar kl 07.45–16.30.
- Skicka e-post till [kommun@mora.se](mailto:kommun@mora.se).
- Vänta med ansökningar som inte är brådskande tills e-tjänsterna fungerar igen.

Vi uppdaterar den här sidan så snart vi vet mer. Läs också om hur [tidigare störningar](/nyheter/storningar-hos-kommunernas-it-system/) hanterades.
`;

/**
 * Copies the sample site at `repo` into a new temporary folder and adds the
 * extra article and its image. Returns the folder.
 */
export function prepareSite(repo) {
  const root = mkdtempSync(join(tmpdir(), 'notis-browser-'));
  for (const entry of ['site.yaml', 'content', 'templates', 'theme', 'static']) {
    const from = join(repo, entry);
    if (existsSync(from)) cpSync(from, join(root, entry), { recursive: true });
  }
  mkdirSync(join(root, 'static', 'bilder'), { recursive: true });
  writeFileSync(join(root, 'static', EXTRA.image), landscapePng());
  writeFileSync(join(root, 'content', 'nyheter', `2026-11-25-${EXTRA.slug}.md`), EXTRA_ARTICLE);
  return root;
}

/** Builds the site at `root` with the notis binary `bin` into root/public. */
export function buildSite({ root, bin, baseUrl }) {
  if (!existsSync(bin)) {
    throw new Error(
      `notis binary not found at ${bin}: build it with \`cargo build --release\` or set NOTIS_BIN`,
    );
  }
  const run = spawnSync(bin, ['build', '--root', root, '--now', NOW, '--base-url', baseUrl], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.error || run.status !== 0) {
    throw new Error(
      `notis build failed (${run.error ? run.error.message : `exit ${run.status}`}):\n${run.stdout}${run.stderr}`,
    );
  }
  return run.stdout.trim();
}

export function removeSite(root) {
  if (root) rmSync(root, { recursive: true, force: true });
}
