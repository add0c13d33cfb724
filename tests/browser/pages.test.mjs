// End-to-end tests of the web pages in headless Chromium (Debian's package, driven by
// playwright-core). Started by tests/browser.rs, which runs a demo server and passes:
// BASE, TOKEN (admin API token), STAFF_EMAIL, STAFF_PASSWORD, TUTOR_EMAIL, TUTOR_PASSWORD,
// LEARNER_LINK, QR_URL, SHOTS, OUT.
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const BASE = env('BASE');
const TOKEN = env('TOKEN');
const SHOTS = env('SHOTS');
const OUT = env('OUT');
mkdirSync(SHOTS, { recursive: true });
mkdirSync(OUT, { recursive: true });

let passed = 0;
const failures = [];
async function test(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (e) {
    failures.push(name);
    console.log(`FAIL ${name}\n     ${e.stack || e}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function api(path, init = {}) {
  const res = await fetch(BASE + path, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers || {}) },
  });
  const text = await res.text();
  assert(res.ok, `${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

const shot = (page, name) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

/// Basic accessibility: a language, one h1, every form control labelled, images described,
/// and nothing wider than the viewport.
async function accessible(page) {
  const problems = await page.evaluate(() => {
    const out = [];
    if (!document.documentElement.lang) out.push('html has no lang');
    if (document.querySelectorAll('h1').length !== 1) out.push('not exactly one h1');
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (el.type === 'hidden') continue;
      const labelled = (el.id && document.querySelector(`label[for="${el.id}"]`)) || el.getAttribute('aria-label');
      if (!labelled) out.push(`unlabelled ${el.tagName} ${el.name}`);
    }
    for (const img of document.querySelectorAll('img')) if (!img.alt) out.push('image without alt');
    // WCAG 2.1 contrast (1.4.3): 4.5:1 for text, 3:1 for large text, against the first
    // ancestor with a background.
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    for (const el of document.querySelectorAll('body *')) {
      const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!text || el.closest('.sr-only, .skip') || !el.getClientRects().length) continue;
      const style = getComputedStyle(el);
      const [a, b] = [lum(rgb(style.color)), lum(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(`contrast ${ratio.toFixed(2)} for "${el.textContent.trim().slice(0, 30)}"`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push('horizontal overflow');
    return out;
  });
  assert(problems.length === 0, `accessibility: ${problems.join('; ')}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const viewport = { width: 1100, height: 800 };

try {
  const learners = (await api('/v1/learners?limit=100')).learners;
  const byRef = (r) => learners.find((l) => l.external_ref === r);
  const amina = byRef('CPU-001');
  const lucas = byRef('CPU-002');
  const credentials = (await api(`/v1/credentials?learner_id=${lucas.id}`)).credentials;
  const unit = credentials.find((c) => c.kind === 'unit');
  const signed = await api(`/v1/credentials/${unit.id}?format=di-rdfc`);
  const text = JSON.stringify(signed);

  const visitor = await browser.newContext({ viewport, locale: 'fr-BE' });
  const page = await visitor.newPage();

  await test('a valid credential pasted in the verifier is all green', async () => {
    await page.goto(`${BASE}/verify`);
    await accessible(page);
    await shot(page, 'verifier-form');
    await page.fill('#credential', text);
    await page.click('form[action="/verify"] button[type=submit]');
    const card = page.locator('article.credential');
    await card.waitFor();
    assert(await card.getAttribute('data-verified') === 'true', 'not verified');
    assert(await card.locator('.verdict.ok').count() === 1, 'no green verdict');
    const states = await card.locator('li.check').evaluateAll((els) => els.map((e) => `${e.dataset.check}:${e.className}`));
    assert(states.length >= 8, `checks: ${states}`);
    assert(states.every((s) => s.endsWith('check passed')), `not all green: ${states}`);
    const facts = await card.locator('dl.facts').innerText();
    assert(facts.includes('Athénée royal de démonstration'), 'issuer missing');
    assert(/Points ECVET\s+\d/.test(facts), `ECVET points missing: ${facts}`);
    assert(/Niveau CEC \(EQF\)\s+\d/.test(facts), 'EQF level missing');
    await accessible(page);
    await shot(page, 'verifier-valid');
  });

  await test('a tampered credential shows which check failed', async () => {
    const tampered = JSON.parse(text);
    tampered.credentialSubject.achievement.name += ' (modifié)';
    await page.goto(`${BASE}/verify`);
    await page.fill('#credential', JSON.stringify(tampered));
    await page.click('form[action="/verify"] button[type=submit]');
    const card = page.locator('article.credential');
    await card.waitFor();
    assert(await card.getAttribute('data-verified') === 'false', 'tampered credential verified');
    assert(await card.locator('li.check.failed[data-check="proof"]').count() === 1, 'the signature check is not the failed one');
    const verdict = await card.locator('.verdict.fail').innerText();
    assert(verdict.includes('Non valide') && verdict.includes('Signature'), `verdict: ${verdict}`);
    await shot(page, 'verifier-tampered');
  });

  await test('the QR link of a wallet bundle opens the verifier page', async () => {
    const res = await page.goto(env('QR_URL'));
    assert(res.status() === 200, `status ${res.status()}`);
    assert(res.headers()['content-security-policy'].includes("default-src 'none'"), 'no CSP');
    const card = page.locator('article.credential');
    assert(await card.getAttribute('data-verified') === 'true', 'QR credential not verified');
    await accessible(page);
    await shot(page, 'verifier-qr');
  });

  await test('the verifier speaks English, Dutch and German too', async () => {
    await page.goto(`${BASE}/verify?lang=en`);
    assert((await page.locator('h1').innerText()) === 'Verify a credential', 'English');
    await page.goto(`${BASE}/verify?lang=nl`);
    assert((await page.locator('h1').innerText()) === 'Een bewijs verifiëren', 'Dutch');
    await page.goto(`${BASE}/verify?lang=de`);
    assert((await page.locator('html').getAttribute('lang')) === 'de', 'German');
    await page.goto(`${BASE}/verify?lang=fr`);
  });

  // The school: sign in, record one result, then a cohort file, and watch the qualification.
  const staff = await browser.newContext({ viewport, locale: 'fr-BE' });
  const console_ = await staff.newPage();

  await test('staff sign in; a wrong password is refused', async () => {
    await console_.goto(`${BASE}/console`);
    assert(console_.url().endsWith('/console/login'), `not sent to login: ${console_.url()}`);
    await accessible(console_);
    // Keyboard only: the first Tab reaches the skip link, then Tab to the e-mail field.
    await console_.keyboard.press('Tab');
    assert(await console_.evaluate(() => document.activeElement.className === 'skip'), 'the skip link is not first');
    for (let i = 0; i < 30 && !(await console_.evaluate(() => document.activeElement.id === 'email')); i += 1) {
      await console_.keyboard.press('Tab');
    }
    await console_.keyboard.type(env('STAFF_EMAIL'));
    await console_.keyboard.press('Tab');
    await console_.keyboard.type('not the password');
    await console_.keyboard.press('Enter');
    await console_.waitForLoadState();
    assert((await console_.locator('.notice.error').innerText()).includes('incorrect'), 'no refusal');
    await shot(console_, 'console-login');
    await console_.fill('#password', env('STAFF_PASSWORD'));
    await console_.click('main button[type=submit]');
    await console_.waitForURL(`${BASE}/console`);
    const cookies = await staff.cookies();
    const session = cookies.find((c) => c.name === 'uc_session');
    assert(session && session.httpOnly && session.sameSite === 'Strict', `session cookie: ${JSON.stringify(session)}`);
    await accessible(console_);
    await shot(console_, 'console-dashboard');
    // What waits: one tutor's result to co-sign, one validation procedure.
    const waiting = await console_.locator('ul.cards a[href="/console/workplace"] strong').innerText();
    assert(waiting === '1', `results to co-sign: ${waiting}`);
  });

  await test('a result recorded through the form issues its credential', async () => {
    const cpu3 = byRef('CPU-003');
    await console_.goto(`${BASE}/console/learners/${cpu3.id}`);
    await console_.selectOption('#unit', 'MECA-AUTO|1|UAA2');
    await console_.selectOption('#outcome', 'validated');
    await console_.click('form[action$="/assessments"] button[type=submit]');
    const notice = await console_.locator('.notice.ok').innerText();
    assert(notice.includes('Résultat enregistré') && notice.includes('Attestation délivrée'), notice);
    await accessible(console_);
  });

  await test('a cohort file is imported with progress and the qualification appears', async () => {
    const day = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
    const rows = ['UAA3', 'UAA4', 'UAA5'].map((u) => `CPU-001;MECA-AUTO;1;${u};${day};validated;Jury de qualification;`);
    const csv = ['learner;profile;version;unit;assessed_on;outcome;assessor;remediation_note', ...rows,
      `CPU-404;MECA-AUTO;1;UAA1;${day};validated;Jury de qualification;`].join('\n') + '\n';
    await console_.goto(`${BASE}/console/results`);
    await accessible(console_);
    await console_.setInputFiles('#file', { name: 'cohorte.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await console_.click('form[action="/console/results"] button[type=submit]');
    await console_.waitForURL(/\/console\/imports\//);
    await console_.waitForSelector('.job[data-state="done"]', { timeout: 60000 });
    assert((await console_.locator('[data-qualifications]').innerText()) === '1', 'no qualification issued');
    assert((await console_.locator('progress#progress').getAttribute('value')) === '4', 'progress not complete');
    assert((await console_.locator('main table').innerText()).includes('CPU-404') || (await console_.locator('main').innerText()).includes('learner'), 'the unknown learner row is not reported');
    await shot(console_, 'console-import');
    await console_.goto(`${BASE}/console/learners/${amina.id}`);
    const section = console_.locator('section.qualification[data-profile="MECA-AUTO"]');
    assert(await section.locator('[data-award="issued"]').count() === 1, 'qualification not shown as issued');
    await accessible(console_);
    await shot(console_, 'console-learner');
  });

  await test('the jury confirms a pending qualification', async () => {
    await console_.goto(`${BASE}/console/awards`);
    const pending = console_.locator('form[action$="/decision"]').first();
    await pending.locator('button[value="confirm"]').click();
    assert((await console_.locator('.notice.ok').innerText()).includes('Décision enregistrée'), 'no decision');
    await accessible(console_);
  });

  await test('a credential is suspended with a reason, and the verifier shows it', async () => {
    await console_.goto(`${BASE}/console/learners/${byRef('CPU-003').id}`);
    const form = console_.locator('form[action$="/status"]').first();
    const action = await form.getAttribute('action');
    const id = action.split('/')[3];
    await form.locator('input[name="reason"]').fill('Vérification du dossier en cours');
    await form.locator('button[value="suspend"]').click();
    assert((await console_.locator('.notice.ok').innerText()).includes('Statut modifié'), 'no confirmation');
    const res = await page.goto(`${BASE}/verify/${id}`);
    assert(res.status() === 200, 'verifier page');
    const card = page.locator('article.credential');
    assert(await card.getAttribute('data-verified') === 'false', 'a suspended credential verified');
    assert(await card.locator('li.check.failed[data-check="status"]').count() === 1, 'status is not the failed check');
  });

  await test('keys, staff and the audit log pages work', async () => {
    await console_.goto(`${BASE}/console/keys`);
    await console_.click('form[action="/console/keys/rotate"] button');
    assert((await console_.locator('.notice.ok').innerText()).includes('Nouvelle clé'), 'no rotation');
    assert(await console_.locator('main tbody tr').count() === 2, 'two keys');
    await console_.goto(`${BASE}/console/audit`);
    assert(await console_.locator('.verdict.ok').count() === 1, 'audit chain not intact');
    const log = await console_.locator('main table').innerText();
    assert(log.includes('key.rotated') || log.includes('key'), 'rotation not in the audit log');
    assert(log.includes('staff:direction@athenee-demo.example'), 'staff actor not in the audit log');
    await accessible(console_);
    await shot(console_, 'console-audit');
    await console_.goto(`${BASE}/console/profiles/MECA-AUTO/1`);
    assert((await console_.locator('main tbody tr').count()) >= 5, 'units');
    await accessible(console_);
  });

  // Adults' routes: a jury validates units on a portfolio; a company tutor records results.
  const karim = byRef('VAE-001');
  const lea = byRef('ALT-001');

  await test('a jury validates a unit on a portfolio from the console', async () => {
    await console_.goto(`${BASE}/console/validations`);
    await accessible(console_);
    await console_.goto(`${BASE}/console/learners/${karim.id}`);
    await console_.click('main a[href^="/console/validations/"]');
    const standing = await console_.locator('p.standing').innerText();
    assert(standing.includes('2 unités validées sur 6'), `standing: ${standing}`);
    assert(await console_.locator('ul.remaining li').count() === 4, 'four units remain');
    await accessible(console_);
    await shot(console_, 'console-validation');
    await console_.fill('#doc-description', 'Fiche de poste : diagnostic électronique');
    await console_.setInputFiles('#doc-file', { name: 'fiche.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 fiche') });
    await console_.click('form[action$="/portfolio"] button[type=submit]');
    assert((await console_.locator('.notice.ok').innerText()).includes('Document ajouté'), 'document not added');
    assert(await console_.locator('li[data-document]').count() === 3, 'three documents');
    // Only the new document, on which no decision rests yet, can be removed.
    assert(await console_.locator('li[data-document] button.danger').count() === 1, 'remove buttons');
    const [download] = await Promise.all([
      console_.waitForEvent('download'),
      console_.click('li[data-document] a >> nth=2'),
    ]);
    assert(download.suggestedFilename() === 'fiche.pdf', `downloaded ${download.suggestedFilename()}`);
    await console_.check('#unit-UAA5');
    await console_.check('#method-portfolio');
    await console_.check('#method-oral');
    await console_.check('input[id^="ev-"] >> nth=2');
    await console_.fill('#d-jury', 'Jury de validation des compétences');
    await console_.click('form[action$="/decisions"] button[type=submit]');
    const notice = await console_.locator('.notice').first().innerText();
    assert(notice.includes('Décision enregistrée'), `notice: ${notice}`);
    assert((await console_.locator('p.standing').innerText()).includes('3 unités validées sur 6'), 'not 3 of 6');
    // An employer's verifier page says how the unit was reached.
    const uaa5 = (await api(`/v1/learners/${karim.id}/progress`)).qualifications[0].units.find((u) => u.unit_code === 'UAA5');
    await console_.goto(`${BASE}/verify/${uaa5.credential_id}`);
    const facts = await console_.locator('dl.facts').innerText();
    assert(facts.includes('non formel (validation des acquis)') && facts.includes('Validation of prior learning'), `facts: ${facts}`);
    await shot(console_, 'verifier-prior-learning');
    const procedure = (await api(`/v1/validations?learner_id=${karim.id}`)).validations[0].id;
    await console_.goto(`${BASE}/console/validations/${procedure}`);
    const issued = (await api(`/v1/credentials?learner_id=${karim.id}`)).credentials;
    assert(issued.length === 3, `${issued.length} credentials`);
  });

  await test('a decision without evidence is refused with the reason', async () => {
    await console_.check('#unit-UAA6');
    await console_.check('#method-portfolio');
    await console_.fill('#d-jury', 'Jury');
    await console_.click('form[action$="/decisions"] button[type=submit]');
    const notice = await console_.locator('.notice.error').innerText();
    assert(notice.includes('evidence'), `notice: ${notice}`);
  });

  await test("a school assessor co-signs a tutor's result and the unit is issued", async () => {
    await console_.goto(`${BASE}/console/workplace`);
    await accessible(console_);
    await shot(console_, 'console-workplace');
    const row = console_.locator('main tbody tr', { hasText: 'Léa Martin' });
    assert((await row.innerText()).includes('UAA4'), 'UAA4 not waiting');
    await row.locator('button[value=confirm]').click();
    assert((await console_.locator('.notice.ok').innerText()).includes('Décision enregistrée'), 'not co-signed');
    assert(await console_.locator('main tbody tr', { hasText: 'Léa Martin' }).count() === 0, 'still waiting');
    const issued = (await api(`/v1/credentials?learner_id=${lea.id}`)).credentials;
    assert(issued.length === 2, `${issued.length} credentials for Léa`);
  });

  await test('a company tutor sees only their apprentices and records a result', async () => {
    const tutorCtx = await browser.newContext({ viewport, locale: 'fr-BE' });
    const tp = await tutorCtx.newPage();
    await tp.goto(`${BASE}/console/login`);
    await tp.fill('#email', env('TUTOR_EMAIL'));
    await tp.fill('#password', env('TUTOR_PASSWORD'));
    await tp.click('main button[type=submit]');
    await tp.waitForURL(`${BASE}/console/tutor`);
    assert((await tp.locator('h1').innerText()).includes('Garage Dupont'), 'not the tutor page');
    assert((await tp.locator('nav ul.nav li').count()) === 1, 'tutors see the school navigation');
    assert((await tp.locator('main').innerText()).includes('Léa Martin'), 'apprentice not listed');
    await accessible(tp);
    await shot(tp, 'console-tutor');
    await tp.selectOption('#tutor-unit', 'MECA-AUTO|1|UAA6');
    await tp.click('form[action="/console/tutor/assessments"] button[type=submit]');
    assert((await tp.locator('.notice.ok').innerText()).includes('Résultat enregistré'), 'not recorded');
    // The result the school co-signed earlier is shown as such.
    const followed = await tp.locator('main tbody').last().innerText();
    assert(followed.includes('UAA4') && followed.includes('contresigné'), `tutor's results: ${followed}`);
    // The school's pages are not the tutor's.
    await tp.goto(`${BASE}/console/learners`);
    assert(tp.url() === `${BASE}/console/tutor`, `tutor reached ${tp.url()}`);
    await tutorCtx.close();
  });

  await test("the candidate's page says what is validated and what remains", async () => {
    const access = await api(`/v1/learners/${karim.id}/access`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ label: 'test' }),
    });
    const cand = await browser.newContext({ viewport, locale: 'fr-BE' });
    const cp = await cand.newPage();
    await cp.goto(access.link);
    const section = cp.locator('section.qualification[data-profile="MECA-AUTO"]');
    const standing = await section.locator('p.standing').innerText();
    assert(standing.includes('3 unités validées sur 6') && standing.includes('il reste ces 3 unités'), `standing: ${standing}`);
    const remaining = await section.locator('ul.remaining').innerText();
    assert(remaining.includes('UAA3') && remaining.includes('ECVET'), `remaining: ${remaining}`);
    assert((await section.innerText()).includes('validée par un jury'), 'route not said');
    await accessible(cp);
    await shot(cp, 'learner-candidate');
    await cand.close();
  });

  await test('recognition tables and the trust registry are kept from the console', async () => {
    await console_.goto(`${BASE}/console/portability`);
    await accessible(console_);
    const table = console_.locator('section.table[data-profile="MECA-AUTO"]');
    const foreign = 'https://ifapme.example/achievements/MECA/v2/U3';
    await table.locator('input[name=achievement_id]').fill(foreign);
    await table.locator('select[name=unit_code]').selectOption('UAA3');
    await table.locator('form.panel button[type=submit]').click();
    assert((await console_.locator('.notice.ok').innerText()).includes('Table de reconnaissance'), 'line not saved');
    const lines = (await api('/v1/profiles/MECA-AUTO/1/recognition-table')).lines;
    assert(lines.some((l) => l.achievement_id === foreign && l.unit_code === 'UAA3'), JSON.stringify(lines));
    await shot(console_, 'console-portability');
    await console_.locator('section.table[data-profile="MECA-AUTO"] button[name=remove]').first().click();
    assert((await api('/v1/profiles/MECA-AUTO/1/recognition-table')).lines.length === lines.length - 1, 'line not removed');

    // The registry: refused without the operator's token, then added, suspended, removed.
    const did = 'did:web:ifapme.example';
    const add = async (token) => {
      await console_.goto(`${BASE}/console/portability`);
      await console_.fill('#r-did', did);
      await console_.fill('#r-name', 'IFAPME');
      await console_.fill('#r-country', 'BE');
      await console_.fill('#r-achievement', 'https://ifapme.example/achievements/MECA/v2');
      await console_.fill('#r-authority', 'Accord de coopération ECVET');
      await console_.fill('#r-token', token);
      await console_.click('form[action="/console/registry"] button:has-text("Ajouter")');
    };
    await add('not the token');
    assert(await console_.locator('.notice.error').count() === 1, 'a wrong token was accepted');
    await add(env('OPERATOR_TOKEN'));
    assert((await console_.locator('.notice.ok').innerText()).includes('Registre de confiance'), 'issuer not added');
    const row = console_.locator(`tr[data-did="${did}"]`);
    await row.locator('input[name=operator_token]').fill(env('OPERATOR_TOKEN'));
    await row.locator('button[value=suspend]').click();
    const suspended = (await (await fetch(`${BASE}/trust/issuers`)).json()).issuers.find((i) => i.did === did);
    const today = new Date().toISOString().slice(0, 10);
    assert(suspended.entry.authorisations.every((a) => a.until === today), JSON.stringify(suspended));
    await console_.locator(`tr[data-did="${did}"] input[name=operator_token]`).fill(env('OPERATOR_TOKEN'));
    await console_.locator(`tr[data-did="${did}"] button[value=remove]`).click();
    assert(await console_.locator(`tr[data-did="${did}"]`).count() === 0, 'issuer not removed');
    await accessible(console_);
  });

  await test('every credential is listed, a page at a time', async () => {
    await console_.goto(`${BASE}/console/credentials`);
    await accessible(console_);
    const rows = await console_.locator('main tbody tr').count();
    const total = (await api('/v1/credentials')).credentials.length;
    assert(rows === Math.min(total, 50), `${rows} rows for ${total} credentials`);
    const first = await console_.locator('main tbody tr a[href^="/verify/"]').first().getAttribute('href');
    await console_.fill('#q', 'Benali');
    await console_.click('form[role=search] button');
    const found = await console_.locator('main tbody tr').count();
    assert(found === 3 && (await console_.locator('main tbody').innerText()).includes('Karim Benali'), `${found} rows for Benali`);
    await console_.goto(`${BASE}/console/audit?q=validation.decided`);
    const actions = await console_.locator('main tbody td code').allInnerTexts();
    assert(actions.length >= 2 && actions.every((a) => a === 'validation.decided'), `audit search: ${actions}`);
    await console_.goto(`${BASE}/console/credentials`);
    await console_.click(`a[href="${first}"]`);
    assert((await console_.locator('article.credential').getAttribute('data-verified')) === 'true', 'not verified');
  });

  // The learner: open the personal link, see progress, download the bundle.
  const learnerCtx = await browser.newContext({ viewport, locale: 'fr-BE', acceptDownloads: true });
  const lp = await learnerCtx.newPage();

  await test('the learner page shows progress and downloads the bundle', async () => {
    await lp.goto(env('LEARNER_LINK'));
    assert(lp.url() === `${BASE}/learner/${amina.id}`, `landed on ${lp.url()}`);
    assert(!lp.url().includes('ucl_'), 'the code stayed in the address bar');
    assert((await lp.locator('h1').innerText()).includes('Amina'), 'not Amina');
    const section = lp.locator('section.qualification[data-profile="MECA-AUTO"]');
    assert(await section.locator('.verdict.ok').count() === 1, 'qualification not shown');
    assert((await section.innerText()).includes('validée'), 'units not shown as validated');
    await accessible(lp);
    await shot(lp, 'learner');
    const [download] = await Promise.all([
      lp.waitForEvent('download'),
      lp.click('a[href$="/bundle"]'),
    ]);
    const path = join(OUT, 'bundle.zip');
    await download.saveAs(path);
    const bytes = readFileSync(path);
    assert(bytes.subarray(0, 2).toString() === 'PK' && bytes.length > 20000, `not a bundle (${bytes.length} bytes)`);
  });

  await test('the downloaded bundle uploaded to the verifier checks out', async () => {
    const employer = await browser.newContext({ viewport, locale: 'en-GB' });
    const ep = await employer.newPage();
    await ep.goto(`${BASE}/verify`);
    assert((await ep.locator('h1').innerText()) === 'Verify a credential', 'not in English');
    await ep.setInputFiles('#file', join(OUT, 'bundle.zip'));
    await ep.click('form[action="/verify"] button[type=submit]');
    await ep.locator('article.credential').first().waitFor();
    const integrity = await ep.locator('main > p.check.passed').innerText();
    assert(integrity.includes('Bundle intact'), 'manifest not checked');
    assert(integrity.includes('manifest signed by did:web:'), `manifest signature not checked: ${integrity}`);
    const verdicts = await ep.locator('article.credential').evaluateAll((els) => els.map((e) => e.dataset.verified));
    assert(verdicts.length >= 7 && verdicts.every((v) => v === 'true'), `verdicts: ${verdicts}`);
    const qualification = ep.locator('article.credential', { has: ep.locator('ul.parts') });
    assert((await qualification.locator('h2').innerText()).includes('Mechanic') || (await qualification.locator('h2').innerText()).includes('Mécanicien'), 'no qualification card');
    const parts = await qualification.locator('ul.parts li').evaluateAll((els) => els.map((e) => e.className));
    assert(parts.length === 5 && parts.every((c) => c === 'check passed'), `parts: ${parts}`);
    await accessible(ep);
    await shot(ep, 'verifier-bundle');
    await employer.close();
  });

  await test('a credential downloaded for Europass is read by the verifier page', async () => {
    await lp.goto(`${BASE}/learner/${amina.id}`);
    const link = lp.locator('a[href$="/europass"]').first();
    assert(await link.count() === 1, 'no Europass download');
    const [download] = await Promise.all([lp.waitForEvent('download'), link.click()]);
    const path = join(OUT, 'europass.json');
    await download.saveAs(path);
    const sealed = JSON.parse(readFileSync(path, 'utf8'));
    assert(typeof sealed.payload === 'string' && sealed.signatures.length === 1, 'not a sealed EDC');
    assert(JSON.parse(sealed.payload).type.includes('EuropeanDigitalCredential'), 'not an EDC');
    const employer = await browser.newContext({ viewport, locale: 'en-GB' });
    const ep = await employer.newPage();
    await ep.goto(`${BASE}/verify`);
    await ep.setInputFiles('#file', path);
    await ep.click('form[action="/verify"] button[type=submit]');
    const card = ep.locator('article.credential');
    await card.waitFor();
    assert(await card.getAttribute('data-verified') === 'true', 'the EDC does not verify');
    const states = await card.locator('li.check').evaluateAll((els) => els.map((e) => `${e.dataset.check}:${e.className}`));
    assert(states.every((s) => s.endsWith('check passed')), `not all green: ${states}`);
    const facts = await card.locator('dl.facts').innerText();
    for (const expected of ['European Digital Credential (Europass)', 'Amina El Idrissi', 'Athénée royal de démonstration', 'VATBE-0999999999']) {
      assert(facts.includes(expected), `${expected} missing: ${facts}`);
    }
    assert((await card.innerText()).includes('Electronic seal (JAdES)'), 'the seal check is not named');
    await accessible(ep);
    await shot(ep, 'verifier-europass');
    await employer.close();
  });

  await test('the learner offers a credential to a wallet by QR code', async () => {
    await lp.goto(`${BASE}/learner/${amina.id}`);
    await lp.locator('form[action$="/offer"] button').first().click();
    const img = lp.locator('img.qr');
    await img.waitFor();
    assert((await img.getAttribute('src')).startsWith('data:image/svg+xml;base64,'), 'no QR');
    assert((await lp.locator('a[href^="openid-credential-offer://"]').count()) === 1, 'no offer link');
    await accessible(lp);
    await shot(lp, 'learner-offer');
  });

  await test("another learner's page is refused", async () => {
    const res = await lp.goto(`${BASE}/learner/${lucas.id}`);
    assert(res.status() === 403, `status ${res.status()}`);
    assert((await lp.locator('main').innerText()).includes('autre apprenant'), 'no refusal text');
    await shot(lp, 'learner-refused');
    const other = await browser.newContext({ viewport });
    const anonymous = await other.newPage();
    const res2 = await anonymous.goto(`${BASE}/learner/${amina.id}`);
    assert(res2.status() === 401, `without a session: ${res2.status()}`);
    await other.close();
  });

  await test('the learner page fits a phone screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-BE', isMobile: true });
    await phone.addCookies(await learnerCtx.cookies());
    const p = await phone.newPage();
    await p.goto(`${BASE}/learner/${amina.id}`);
    await accessible(p);
    // Unit tables reflow into one card per unit, each value named.
    const rows = await p.evaluate(() => [...document.querySelectorAll('table.cards tbody tr')].map((tr) => ({
      display: getComputedStyle(tr).display,
      wide: tr.getBoundingClientRect().width <= window.innerWidth,
      label: getComputedStyle(tr.querySelector('td[data-label]'), '::before').content,
    })));
    assert(rows.length > 0, 'no unit rows');
    assert(rows.every((r) => r.display === 'block' && r.wide), `unit rows are not cards: ${JSON.stringify(rows)}`);
    assert(rows.every((r) => r.label && r.label !== 'none'), `unit values are not named: ${JSON.stringify(rows)}`);
    await shot(p, 'learner-phone');
    await phone.close();
  });
} finally {
  await browser.close();
}

writeFileSync(join(OUT, 'result.json'), JSON.stringify({ passed, failures }));
console.log(`browser: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
