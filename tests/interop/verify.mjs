#!/usr/bin/env node
// Independent interoperability verifier for unitcred credentials.
//
// Verifies embedded Data Integrity proofs (eddsa-rdfc-2022, eddsa-jcs-2022)
// with Digital Bazaar's @digitalbazaar/vc + @digitalbazaar/data-integrity,
// and VC-JOSE-COSE enveloped credentials (compact JWS, typ vc+jwt) with
// `jose`. Everything is offline: the document loader only serves pinned
// JSON-LD contexts, contexts embedded in the fixture, DID documents embedded
// in the fixture and did:key documents derived from the key itself. Status
// entries are checked against the status list credentials in the fixture.
//
// Usage: node verify.mjs FIXTURE.json [--contexts-dir DIR] [--context-index FILE]
//        (the options override the fixture's contextsDir / contextIndex)
// Exit status: 0 iff every item's outcome matches its `expect`, else 1.

import {createHash} from 'node:crypto';
import {readFileSync, existsSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';
import path from 'node:path';

import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createVerifyCryptosuite as createJcsVerifyCryptosuite} from
  '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriverFactory} from '@digitalbazaar/did-method-key';
import * as jose from 'jose';

const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const args = {fixture: null, contextsDir: null, contextIndex: null};
  for(let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if(a === '--contexts-dir') {
      args.contextsDir = argv[++i];
    } else if(a === '--context-index') {
      args.contextIndex = argv[++i];
    } else if(a === '-h' || a === '--help') {
      args.help = true;
    } else if(!args.fixture) {
      args.fixture = a;
    } else {
      throw new Error(`unexpected argument "${a}"`);
    }
  }
  return args;
}

function fail(message) {
  process.stderr.write(`interop: ${message}\n`);
  process.stdout.write('interop: 0 passed, 1 failed\n');
  process.exit(1);
}

// ------------------------------------------------------------------ contexts
function sha256Hex(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

// Returns Map(url -> parsed context document). Every file listed in the index
// is read and its SHA-256 checked up front; a mismatch aborts the run.
function loadPinnedContexts({contextsDir, contextIndex}) {
  const contexts = new Map();
  if(!contextsDir && !contextIndex) {
    return contexts;
  }
  const indexFile = contextIndex || path.join(contextsDir, 'index.json');
  const dir = contextsDir || path.dirname(indexFile);
  if(!existsSync(indexFile)) {
    throw new Error(`context index not found: ${indexFile}`);
  }
  const index = JSON.parse(readFileSync(indexFile, 'utf8'));
  for(const [url, entry] of Object.entries(index)) {
    if(!entry || typeof entry.file !== 'string' ||
      typeof entry.sha256 !== 'string') {
      throw new Error(`context index entry for ${url} needs "file" and ` +
        '"sha256"');
    }
    const file = path.resolve(dir, entry.file);
    const bytes = readFileSync(file);
    const actual = sha256Hex(bytes);
    if(actual !== entry.sha256.toLowerCase()) {
      throw new Error(`SHA-256 mismatch for ${url} (${file}): index says ` +
        `${entry.sha256}, file is ${actual}`);
    }
    contexts.set(url, JSON.parse(bytes.toString('utf8')));
  }
  return contexts;
}

// --------------------------------------------------------------------- DIDs
const didKeyDriver = didKeyDriverFactory();
didKeyDriver.use({
  multibaseMultikeyHeader: 'z6Mk',
  fromMultibase: Ed25519Multikey.from
});

// Same lookup as Digital Bazaar's did:web driver (@digitalbazaar/did-method-web
// getNode): exact match on the absolute id, first in `verificationMethod`,
// then in any other top-level array/object (e.g. an embedded assertionMethod).
function findVerificationMethod(didDocument, url) {
  const vm = [].concat(didDocument.verificationMethod ?? []).find(
    m => m?.id === url);
  if(vm) {
    return vm;
  }
  for(const [key, value] of Object.entries(didDocument)) {
    if(key === '@context' || key === 'verificationMethod') {
      continue;
    }
    const match = [].concat(value ?? []).find(
      e => e && typeof e === 'object' && e.id === url);
    if(match) {
      return match;
    }
  }
  return null;
}

// @context given to a dereferenced verification method, as in
// @digitalbazaar/did-method-web / did-method-key: by key type, else the DID
// document's own @context.
const CONTEXT_BY_KEY_TYPE = new Map([
  ['Multikey', 'https://w3id.org/security/multikey/v1'],
  ['Ed25519VerificationKey2020',
    'https://w3id.org/security/suites/ed25519-2020/v1'],
  ['Ed25519VerificationKey2018',
    'https://w3id.org/security/suites/ed25519-2018/v1']
]);

function makeResolver({didDocuments}) {
  return async function resolveDidUrl(url) {
    const [did] = url.split('#');
    const hasFragment = url.includes('#');
    if(Object.hasOwn(didDocuments, did)) {
      const didDocument = structuredClone(didDocuments[did]);
      if(didDocument.id !== did) {
        throw new Error(`DID document listed under "${did}" has id ` +
          `"${didDocument.id}"`);
      }
      if(!hasFragment) {
        return didDocument;
      }
      const vm = findVerificationMethod(didDocument, url);
      if(!vm) {
        throw new Error(`verification method "${url}" not found in DID ` +
          'document (ids must be absolute DID URLs)');
      }
      return {
        '@context': CONTEXT_BY_KEY_TYPE.get(vm.type) ?? didDocument['@context'],
        ...vm
      };
    }
    if(did.startsWith('did:key:')) {
      // offline did:key resolution (Ed25519 only)
      return didKeyDriver.get({url});
    }
    throw new Error(`offline resolver: unknown DID "${did}"`);
  };
}

function makeDocumentLoader({pinned, extra, resolveDidUrl, log}) {
  return async function documentLoader(url) {
    if(pinned.has(url)) {
      log.push(url);
      return {contextUrl: null, documentUrl: url,
        document: structuredClone(pinned.get(url))};
    }
    if(extra.has(url)) {
      log.push(url);
      return {contextUrl: null, documentUrl: url,
        document: structuredClone(extra.get(url))};
    }
    if(typeof url === 'string' && url.startsWith('did:')) {
      log.push(url);
      const document = await resolveDidUrl(url);
      return {contextUrl: null, documentUrl: url, document};
    }
    // never fetch anything
    throw new Error(`offline document loader: refusing to load "${url}"`);
  };
}

// ------------------------------------------------------------ error helpers
function errorMessages(error) {
  if(!error) {
    return [];
  }
  if(Array.isArray(error)) {
    return error.flatMap(errorMessages);
  }
  if(Array.isArray(error.errors) && error.errors.length > 0) {
    return error.errors.flatMap(errorMessages);
  }
  const msg = error.message || String(error);
  return error.cause && error.cause !== error ?
    [msg, ...errorMessages(error.cause).map(m => `(cause) ${m}`)] : [msg];
}

function issuerId(credential) {
  const {issuer} = credential;
  return typeof issuer === 'string' ? issuer : issuer?.id;
}

// ------------------------------------------------- Data Integrity credentials
function suitesFor(credential) {
  const proofs = [].concat(credential.proof ?? []);
  if(proofs.length === 0) {
    throw new Error('credential has no embedded "proof"');
  }
  const names = new Set();
  for(const proof of proofs) {
    if(proof.type !== 'DataIntegrityProof') {
      throw new Error(`unsupported proof type "${proof.type}"`);
    }
    names.add(proof.cryptosuite);
  }
  return [...names].map(name => {
    if(name === 'eddsa-rdfc-2022') {
      return new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
    }
    if(name === 'eddsa-jcs-2022') {
      return new DataIntegrityProof({
        cryptosuite: createJcsVerifyCryptosuite()
      });
    }
    throw new Error(`unsupported cryptosuite "${name}"`);
  });
}

// Bitstring Status List v1.0, read independently: the list comes from the fixture
// (`statusLists`, by URL), must verify as a credential of the same issuer and
// purpose; its encodedList is multibase base64url ('u') of GZIP, bit 0 being
// the most significant bit of byte 0.
function makeCheckStatus({statusLists, documentLoader, now}) {
  return async ({credential}) => {
    const entries = [].concat(credential.credentialStatus ?? [])
      .filter(e => e.type === 'BitstringStatusListEntry');
    for(const entry of entries) {
      const list = statusLists[entry.statusListCredential];
      if(!list) {
        return {verified: false,
          error: new Error(`no status list ${entry.statusListCredential}`)};
      }
      const checked = await vc.verifyCredential({
        credential: structuredClone(list), suite: suitesFor(list),
        purpose: new vc.CredentialIssuancePurpose(), documentLoader, now,
        checkStatus: async () => ({verified: true})
      });
      if(!checked.verified) {
        return {verified: false, error: new Error('status list does not verify')};
      }
      const subject = list.credentialSubject;
      if(issuerId(list) !== issuerId(credential) ||
        subject.statusPurpose !== entry.statusPurpose) {
        return {verified: false, error: new Error('status list mismatch')};
      }
      const bits = gunzipSync(
        Buffer.from(subject.encodedList.slice(1), 'base64url'));
      if(!subject.encodedList.startsWith('u') || bits.length * 8 < 131072) {
        return {verified: false, error: new Error('STATUS_LIST_LENGTH_ERROR')};
      }
      const index = Number.parseInt(entry.statusListIndex, 10);
      if(((bits[index >> 3] >> (7 - (index & 7))) & 1) === 1) {
        return {verified: false,
          error: new Error(`status ${entry.statusPurpose}: bit ${index} set`)};
      }
    }
    return {verified: true};
  };
}

async function verifyDataIntegrity(item, {documentLoader, now, statusLists}) {
  const credential = structuredClone(item.credential);
  const suite = suitesFor(credential);
  // Default: vc's CredentialIssuancePurpose (assertionMethod). It
  // dereferences the verification method's `controller` through the
  // document loader, requires that controller document to list the method
  // under `assertionMethod`, and requires the controller's id to equal the
  // credential's issuer id. `checkIssuer: false` (only for third-party test
  // vectors whose issuer is not the key controller) uses the plain
  // AssertionProofPurpose instead.
  const purpose = item.checkIssuer === false ?
    new jsigs.purposes.AssertionProofPurpose() :
    new vc.CredentialIssuancePurpose();
  const result = await vc.verifyCredential({
    credential,
    suite,
    purpose,
    documentLoader,
    now,
    checkStatus: makeCheckStatus({statusLists, documentLoader, now})
  });
  const messages = result.verified ? [] : errorMessages(
    result.error ?? result.statusResult?.error ??
    result.results?.map(r => r.error));
  return {verified: result.verified === true,
    error: result.verified ? null : (messages.join('; ') || 'not verified')};
}

// ------------------------------------------------------------ vc+jwt (JOSE)
async function publicJwkFor(vm) {
  if((vm.type === 'JsonWebKey' || vm.type === 'JsonWebKey2020') &&
    vm.publicKeyJwk) {
    const {kty, crv, x} = vm.publicKeyJwk;
    if(kty !== 'OKP' || crv !== 'Ed25519' || typeof x !== 'string') {
      throw new Error('publicKeyJwk must be an OKP Ed25519 public key');
    }
    if('d' in vm.publicKeyJwk) {
      throw new Error('publicKeyJwk contains a private key ("d")');
    }
    return {kty, crv, x};
  }
  if(vm.type === 'Multikey') {
    const keyPair = await Ed25519Multikey.from(vm);
    return Ed25519Multikey.toJwk({keyPair});
  }
  throw new Error(`unsupported verification method type "${vm.type}"`);
}

async function verifyJwt(item, {resolveDidUrl, now}) {
  const {jwt} = item;
  if(typeof jwt !== 'string' || jwt.split('.').length !== 3) {
    throw new Error('"jwt" must be a compact JWS');
  }
  const header = jose.decodeProtectedHeader(jwt);
  if(header.alg !== 'EdDSA') {
    throw new Error(`refusing alg "${header.alg}" (only EdDSA)`);
  }
  if(header.typ !== undefined && header.typ !== 'vc+jwt') {
    throw new Error(`unexpected typ "${header.typ}" (want vc+jwt)`);
  }
  const {kid} = header;
  if(typeof kid !== 'string' || !kid.startsWith('did:') ||
    !kid.includes('#')) {
    throw new Error(`"kid" must be an absolute DID URL, got "${kid}"`);
  }
  const vm = await resolveDidUrl(kid);
  const keyDid = kid.split('#')[0];
  const controllerDoc = await resolveDidUrl(keyDid);
  const authorized = [].concat(controllerDoc.assertionMethod ?? []).some(
    m => m === kid || (typeof m === 'object' && m.id === kid));
  if(!authorized) {
    throw new Error(`"${kid}" is not an assertionMethod of ${keyDid}`);
  }
  if(vm.controller !== undefined && vm.controller !== keyDid) {
    throw new Error(`verification method controller "${vm.controller}" ` +
      `is not ${keyDid}`);
  }
  const key = await jose.importJWK(await publicJwkFor(vm), 'EdDSA');
  const {payload} = await jose.compactVerify(jwt, key,
    {algorithms: ['EdDSA']});
  const credential = JSON.parse(new TextDecoder().decode(payload));

  // VC 2.0 payload checks (VC-JOSE-COSE: the payload is the credential)
  if(!Array.isArray(credential['@context']) ||
    credential['@context'][0] !== VC_V2_CONTEXT) {
    throw new Error(`payload @context[0] must be "${VC_V2_CONTEXT}"`);
  }
  if(![].concat(credential.type ?? []).includes('VerifiableCredential')) {
    throw new Error('payload type must include "VerifiableCredential"');
  }
  if('vc' in credential) {
    throw new Error('payload has a "vc" claim (VC-JWT 1.1 style)');
  }
  const issuer = issuerId(credential);
  if('iss' in credential && credential.iss !== issuer) {
    throw new Error(`"iss" (${credential.iss}) != issuer id (${issuer})`);
  }
  if(issuer !== keyDid) {
    throw new Error(`kid's DID (${keyDid}) != issuer id (${issuer})`);
  }
  const nowSec = Math.floor((now ? new Date(now) : new Date()).getTime() /
    1000);
  if(typeof credential.exp === 'number' && nowSec > credential.exp + 300) {
    throw new Error('"exp" is in the past');
  }
  if(typeof credential.nbf === 'number' && nowSec + 300 < credential.nbf) {
    throw new Error('"nbf" is in the future');
  }
  // Same VC Data Model checks that vc.verifyCredential applies (validFrom,
  // validUntil, issuer URL, credentialSubject, typed objects ...).
  vc._checkCredential({credential, now});
  return {verified: true, error: null};
}

// --------------------------------------------------------------------- main
async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch(e) {
    fail(e.message);
  }
  if(args.help || !args.fixture) {
    process.stderr.write('usage: node verify.mjs FIXTURE.json ' +
      '[--contexts-dir DIR] [--context-index FILE]\n');
    process.exit(args.help ? 0 : 1);
  }
  const fixturePath = path.resolve(args.fixture);
  let fixture;
  try {
    fixture = JSON.parse(readFileSync(fixturePath, 'utf8'));
  } catch(e) {
    fail(`cannot read fixture ${fixturePath}: ${e.message}`);
  }
  const fixtureDir = path.dirname(fixturePath);
  const rel = p => (p ? path.resolve(fixtureDir, p) : null);
  const contextsDir = args.contextsDir ? path.resolve(args.contextsDir) :
    rel(fixture.contextsDir);
  const contextIndex = args.contextIndex ? path.resolve(args.contextIndex) :
    (args.contextsDir ? null : rel(fixture.contextIndex));

  let pinned;
  try {
    pinned = loadPinnedContexts({contextsDir, contextIndex});
  } catch(e) {
    fail(e.message);
  }
  const extra = new Map();
  for(const [url, doc] of Object.entries(fixture.extraContexts ?? {})) {
    if(pinned.has(url)) {
      fail(`extraContexts may not replace the pinned context ${url}`);
    }
    extra.set(url, doc && typeof doc === 'object' && '@context' in doc ?
      doc : {'@context': doc});
  }
  const resolveDidUrl = makeResolver({
    didDocuments: fixture.didDocuments ?? {}
  });
  const now = fixture.now ? new Date(fixture.now) : undefined;

  const items = [
    ...(fixture.credentials ?? []).map(i => ({...i, kind: 'credential'})),
    ...(fixture.jwts ?? []).map(i => ({...i, kind: 'jwt'}))
  ];
  let passed = 0;
  let failed = 0;
  for(const item of items) {
    const log = [];
    const documentLoader = makeDocumentLoader({
      pinned, extra, resolveDidUrl, log
    });
    let outcome;
    try {
      if(item.expect !== 'valid' && item.expect !== 'invalid') {
        throw new Error(`"expect" must be "valid" or "invalid"`);
      }
      outcome = item.kind === 'credential' ?
        await verifyDataIntegrity(item, {documentLoader, now,
          statusLists: fixture.statusLists ?? {}}) :
        await verifyJwt(item, {resolveDidUrl, now});
    } catch(e) {
      outcome = {verified: false, error: errorMessages(e).join('; ')};
    }
    let ok = (item.expect === 'valid') === outcome.verified;
    // optional: an "invalid" item may say which error it must fail with
    if(ok && !outcome.verified && typeof item.expectError === 'string' &&
      !String(outcome.error).includes(item.expectError)) {
      ok = false;
    }
    ok ? passed++ : failed++;
    process.stdout.write(JSON.stringify({
      name: item.name ?? null,
      kind: item.kind,
      expect: item.expect ?? null,
      verified: outcome.verified,
      error: outcome.error,
      ok
    }) + '\n');
    if(process.env.INTEROP_DEBUG) {
      process.stderr.write(`  loaded: ${log.join(', ')}\n`);
    }
  }
  if(items.length === 0) {
    fail('fixture has no "credentials" and no "jwts"');
  }
  process.stdout.write(`interop: ${passed} passed, ${failed} failed\n`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch(e => fail(e.stack || String(e)));
