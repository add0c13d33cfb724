#!/usr/bin/env node
// Regenerates the interop fixtures in ../fixtures/interop/ with Digital
// Bazaar's signing libraries and `jose` (a second, independent implementation
// of eddsa-rdfc-2022 / eddsa-jcs-2022 / vc+jwt). Offline; deterministic
// (fixed dates + deterministic Ed25519), so re-running yields identical files.
//
//   node make-fixture.mjs            # writes all three fixtures
//
// Outputs:
//   w3c-vectors.json  the W3C vc-di-eddsa test vectors (+ tampered copies),
//                     read from ../../../shared/standards (beside main/)
//   db-signed-ob.json an OB 3.0 OpenBadgeCredential issued by a did:key,
//                     signed with eddsa-rdfc-2022, eddsa-jcs-2022 and vc+jwt
//   didweb-cases.json the same kind of credential issued by did:web DIDs whose
//                     documents are in the fixture, with negative cases that
//                     pin down what Digital Bazaar's verifier requires
//
// TEST-ONLY KEYS: every private key below is derived from a public, fixed seed
// string. They protect nothing and must never be used outside these fixtures.

import {createHash} from 'node:crypto';
import {readFileSync, writeFileSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createSignCryptosuite as createJcsSignCryptosuite} from
  '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriverFactory} from '@digitalbazaar/did-method-key';
import * as jose from 'jose';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, '../fixtures/interop');
const standards = path.resolve(here, '../../../shared/standards');
// contexts folder of the service, relative to the fixture files
const CONTEXTS_DIR = '../../../src/jsonld/contexts';
const SIGNING_DATE = '2025-01-15T09:00:00Z';

// TEST-ONLY seed strings (public on purpose).
const TEST_ONLY_ISSUER_SEED = 'unitcred interop TEST-ONLY issuer key v1';
const TEST_ONLY_LEARNER_SEED = 'unitcred interop TEST-ONLY learner key v1';
const TEST_ONLY_DIDWEB_SEED = 'unitcred interop TEST-ONLY did:web key v1';

const seedBytes = s => new Uint8Array(createHash('sha256').update(s).digest());

const didKeyDriver = didKeyDriverFactory();
didKeyDriver.use({
  multibaseMultikeyHeader: 'z6Mk',
  fromMultibase: Ed25519Multikey.from
});

// ------------------------------------------------------------ loader (sign)
function contextsFromStandards() {
  const m = {
    'https://www.w3.org/ns/credentials/v2':
      'w3c-vc-data-model/contexts/credentials/v2',
    'https://w3id.org/security/data-integrity/v2':
      'w3c-vc-data-integrity/contexts/data-integrity/v2',
    'https://w3id.org/security/multikey/v1':
      'w3c-vc-data-integrity/contexts/multikey/v1',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json':
      '1edtech-openbadges-specification/ob_v3p0/context-3.0.3.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json':
      '1edtech-digital-credentials-public-validator/inspector-vc/src/main/' +
      'resources/contexts/ob-v3p0-extensions.json'
  };
  const map = new Map();
  for(const [url, file] of Object.entries(m)) {
    map.set(url, JSON.parse(readFileSync(path.join(standards, file), 'utf8')));
  }
  return map;
}

function makeLoader(contexts, didDocuments = {}) {
  return async url => {
    if(contexts.has(url)) {
      return {contextUrl: null, documentUrl: url,
        document: structuredClone(contexts.get(url))};
    }
    const [did] = url.split('#');
    if(didDocuments[did]) {
      const doc = didDocuments[did];
      if(!url.includes('#')) {
        return {contextUrl: null, documentUrl: url, document: doc};
      }
      const vm = doc.verificationMethod.find(m => m.id === url);
      return {contextUrl: null, documentUrl: url,
        document: {'@context': doc['@context'], ...vm}};
    }
    if(url.startsWith('did:key:')) {
      return {contextUrl: null, documentUrl: url,
        document: await didKeyDriver.get({url})};
    }
    throw new Error(`offline loader: refusing ${url}`);
  };
}

// -------------------------------------------------------------- key helpers
async function didKeyFromSeed(seed) {
  const tmp = await Ed25519Multikey.generate({seed: seedBytes(seed)});
  const did = `did:key:${tmp.publicKeyMultibase}`;
  const vmId = `${did}#${tmp.publicKeyMultibase}`;
  const keyPair = await Ed25519Multikey.generate({
    seed: seedBytes(seed), id: vmId, controller: did
  });
  return {did, vmId, keyPair};
}

async function keyFromSeed(seed, {id, controller}) {
  return Ed25519Multikey.generate({seed: seedBytes(seed), id, controller});
}

async function joseKey(keyPair) {
  const jwk = await Ed25519Multikey.toJwk({keyPair});
  // the library keeps a 64-byte (seed || public key) secret key; JWK `d` is
  // the 32-byte seed
  const d = Buffer.from(keyPair.secretKey.subarray(0, 32)).toString('base64url');
  return jose.importJWK({...jwk, d, alg: 'EdDSA'}, 'EdDSA');
}

// ---------------------------------------------------------------- signing
async function signDi({credential, keyPair, suiteName, loader,
  date = SIGNING_DATE}) {
  const cryptosuite = suiteName === 'eddsa-jcs-2022' ?
    createJcsSignCryptosuite() : eddsaRdfc2022;
  const suite = new DataIntegrityProof({
    signer: keyPair.signer(), cryptosuite, date
  });
  return vc.issue({
    credential: structuredClone(credential), suite, documentLoader: loader
  });
}

async function signJwt({credential, keyPair, kid, header = {}}) {
  const payload = new TextEncoder().encode(JSON.stringify(credential));
  return new jose.CompactSign(payload)
    .setProtectedHeader({alg: 'EdDSA', typ: 'vc+jwt', kid, ...header})
    .sign(await joseKey(keyPair));
}

function tamperJwt(jwt, mutate) {
  const [h, p, s] = jwt.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  mutate(payload);
  const p2 = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${h}.${p2}.${s}`;
}

const tamperAchievementName = c => {
  c.credentialSubject.achievement.name = 'Bloc 1 - Forged unit';
};

// ------------------------------------------------------------- credentials
// The VC 2.0 context has no @vocab, so every term must be defined:
// `1EdTechJsonSchemaValidator2019` (credentialSchema type) is only defined by
// the OB 3.0 extensions context. Without it, eddsa-rdfc-2022 canonicalization
// in JSON-LD safe mode fails ("relative @type reference").
const OB_CONTEXTS = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'
];

function obCredential({issuerId, learnerDid, name = 'Centre de formation ' +
  'Exemple', validFrom = SIGNING_DATE, extra = {}}) {
  return {
    '@context': [...OB_CONTEXTS],
    id: 'urn:uuid:4c0a2a5e-2f3b-4e5c-9d7a-1b2c3d4e5f60',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Bloc 1 - Accueillir et informer la clientele',
    description: 'Unite de certification obtenue par validation du bloc de ' +
      'competences 1.',
    issuer: {id: issuerId, type: ['Profile'], name},
    validFrom,
    credentialSubject: {
      id: learnerDid,
      type: ['AchievementSubject'],
      achievement: {
        id: 'urn:uuid:9f1d6c1e-7b8a-4d2f-a3e5-0c1b2d3e4f50',
        type: ['Achievement'],
        achievementType: 'MicroCredential',
        name: 'Bloc 1 - Accueillir et informer la clientele',
        description: 'Accueillir un client, identifier sa demande et ' +
          "l'orienter vers le bon interlocuteur.",
        criteria: {
          narrative: 'Mise en situation professionnelle evaluee par un jury: ' +
            'accueil physique et telephonique, reformulation de la demande, ' +
            'orientation.'
        },
        alignment: [{
          type: ['Alignment'],
          targetName: 'EQF level 4',
          targetUrl: 'http://data.europa.eu/snb/eqf/4',
          targetType: 'ext:EQFLevel'
        }]
      }
    },
    credentialSchema: [{
      id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/' +
        'ob_v3p0_achievementcredential_schema.json',
      type: '1EdTechJsonSchemaValidator2019'
    }],
    ...extra
  };
}

function write(name, fixture) {
  mkdirSync(outDir, {recursive: true});
  const file = path.join(outDir, name);
  writeFileSync(file, JSON.stringify(fixture, null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

// ---------------------------------------------------------- w3c-vectors.json
function makeW3cVectors() {
  const tv = path.join(standards, 'w3c-vc-di-eddsa/TestVectors');
  const rdfc = JSON.parse(readFileSync(
    path.join(tv, 'eddsa-rdfc-2022/signedDataInt.json'), 'utf8'));
  const jcs = JSON.parse(readFileSync(
    path.join(tv, 'eddsa-jcs-2022/signedJCS.json'), 'utf8'));
  const tamper = c => {
    const t = structuredClone(c);
    t.credentialSubject.alumniOf = 'The School of Tampering';
    return t;
  };
  const note = 'W3C vc-di-eddsa test vector; its issuer ' +
    '(https://vc.example/issuers/5678) is not the did:key controller, so ' +
    'the issuer==controller check is disabled (checkIssuer: false).';
  return {
    description: 'W3C vc-di-eddsa test vectors (TestVectors/eddsa-rdfc-2022/' +
      'signedDataInt.json, eddsa-jcs-2022/signedJCS.json), key ' +
      'TestVectors/keyPair.json (did:key), plus tampered copies.',
    contextsDir: CONTEXTS_DIR,
    contextIndex: `${CONTEXTS_DIR}/index.json`,
    extraContexts: {
      'https://www.w3.org/ns/credentials/examples/v2': {
        '@context': {'@vocab': 'https://www.w3.org/ns/credentials/examples#'}
      }
    },
    didDocuments: {},
    credentials: [
      {name: 'w3c-eddsa-rdfc-2022', expect: 'valid', checkIssuer: false,
        note, credential: rdfc},
      {name: 'w3c-eddsa-rdfc-2022-tampered', expect: 'invalid',
        expectError: 'Invalid signature', checkIssuer: false,
        credential: tamper(rdfc)},
      {name: 'w3c-eddsa-rdfc-2022-issuer-not-controller', expect: 'invalid',
        expectError: 'issuer must match the verification method controller',
        note: 'same vector with the default issuer check',
        credential: rdfc},
      {name: 'w3c-eddsa-jcs-2022', expect: 'valid', checkIssuer: false,
        note, credential: jcs},
      {name: 'w3c-eddsa-jcs-2022-tampered', expect: 'invalid',
        expectError: 'Invalid signature', checkIssuer: false,
        credential: tamper(jcs)}
    ],
    jwts: []
  };
}

// --------------------------------------------------------- db-signed-ob.json
async function makeDbSignedOb(contexts) {
  const issuer = await didKeyFromSeed(TEST_ONLY_ISSUER_SEED);
  const learner = await didKeyFromSeed(TEST_ONLY_LEARNER_SEED);
  const loader = makeLoader(contexts);
  const credential = obCredential({
    issuerId: issuer.did, learnerDid: learner.did
  });
  const rdfc = await signDi({credential, keyPair: issuer.keyPair,
    suiteName: 'eddsa-rdfc-2022', loader});
  const jcs = await signDi({credential, keyPair: issuer.keyPair,
    suiteName: 'eddsa-jcs-2022', loader});
  const jwt = await signJwt({credential, keyPair: issuer.keyPair,
    kid: issuer.vmId});
  const tamper = c => {
    const t = structuredClone(c);
    tamperAchievementName(t);
    return t;
  };
  return {
    description: 'OB 3.0 OpenBadgeCredential signed by Digital Bazaar ' +
      '(@digitalbazaar/vc + data-integrity, eddsa-rdfc-2022 and ' +
      'eddsa-jcs-2022) and by jose (vc+jwt), with a TEST-ONLY did:key ' +
      'derived from a fixed seed in tests/interop/make-fixture.mjs. ' +
      'Tampered copies change credentialSubject.achievement.name.',
    issuerDid: issuer.did,
    verificationMethod: issuer.vmId,
    publicKeyMultibase: issuer.keyPair.publicKeyMultibase,
    publicKeyJwk: await Ed25519Multikey.toJwk({keyPair: issuer.keyPair}),
    contextsDir: CONTEXTS_DIR,
    contextIndex: `${CONTEXTS_DIR}/index.json`,
    extraContexts: {},
    didDocuments: {},
    credentials: [
      {name: 'db-ob-eddsa-rdfc-2022', expect: 'valid', credential: rdfc},
      {name: 'db-ob-eddsa-rdfc-2022-tampered', expect: 'invalid',
        expectError: 'Invalid signature', credential: tamper(rdfc)},
      {name: 'db-ob-eddsa-jcs-2022', expect: 'valid', credential: jcs},
      {name: 'db-ob-eddsa-jcs-2022-tampered', expect: 'invalid',
        expectError: 'Invalid signature', credential: tamper(jcs)}
    ],
    jwts: [
      {name: 'jose-ob-vc+jwt', expect: 'valid', jwt},
      {name: 'jose-ob-vc+jwt-tampered', expect: 'invalid',
        expectError: 'signature verification failed',
        jwt: tamperJwt(jwt, tamperAchievementName)}
    ]
  };
}

// --------------------------------------------------------- didweb-cases.json
async function makeDidWebCases(contexts) {
  const learner = await didKeyFromSeed(TEST_ONLY_LEARNER_SEED);
  const base = 'did:web:127.0.0.1%3A3000:providers:';
  const dids = {
    good: `${base}interop-good`,
    other: `${base}interop-other`,
    noAssert: `${base}interop-no-assertion`,
    noController: `${base}interop-no-controller`,
    cidContext: `${base}interop-cid-context`
  };
  const ctxDid = [
    'https://www.w3.org/ns/did/v1',
    'https://w3id.org/security/multikey/v1',
    'https://w3id.org/security/jwk/v1'
  ];
  const keys = {};
  const docs = {};
  for(const [k, did] of Object.entries(dids)) {
    const keyPair = await keyFromSeed(TEST_ONLY_DIDWEB_SEED,
      {id: `${did}#key-1`, controller: did});
    keys[k] = keyPair;
    const multikey = {
      id: `${did}#key-1`, type: 'Multikey', controller: did,
      publicKeyMultibase: keyPair.publicKeyMultibase
    };
    const jwkVm = {
      id: `${did}#key-2`, type: 'JsonWebKey', controller: did,
      publicKeyJwk: await Ed25519Multikey.toJwk({keyPair})
    };
    docs[k] = {
      '@context': ctxDid,
      id: did,
      verificationMethod: [multikey, jwkVm],
      authentication: [multikey.id],
      assertionMethod: [multikey.id, jwkVm.id]
    };
  }
  docs.noAssert.assertionMethod = [];
  delete docs.noController.verificationMethod[0].controller;
  docs.cidContext['@context'] = [
    'https://www.w3.org/ns/cid/v1', 'https://w3id.org/security/jwk/v1'
  ];
  const didDocuments = Object.fromEntries(
    Object.entries(dids).map(([k, did]) => [did, docs[k]]));
  const loader = makeLoader(contexts, didDocuments);

  const cred = (issuerKey, extra) => obCredential({
    issuerId: dids[issuerKey], learnerDid: learner.did, extra
  });
  const sign = (credential, keyPair, suiteName = 'eddsa-rdfc-2022') =>
    signDi({credential, keyPair, suiteName, loader});
  const kp = (k, vm = 'key-1') => ({
    ...keys[k], id: `${dids[k]}#${vm}`,
    signer() {
      const s = keys[k].signer();
      s.id = `${dids[k]}#${vm}`;
      return s;
    }
  });
  const status = {
    credentialStatus: {
      id: 'https://127.0.0.1:3000/status/revocation/1#42',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '42',
      statusListCredential: 'https://127.0.0.1:3000/status/revocation/1'
    }
  };

  const goodRdfc = await sign(cred('good'), kp('good'));
  const credentials = [
    {name: 'didweb-multikey-rdfc', expect: 'valid', credential: goodRdfc},
    {name: 'didweb-multikey-jcs', expect: 'valid',
      credential: await sign(cred('good'), kp('good'), 'eddsa-jcs-2022')},
    {name: 'didweb-jsonwebkey-vm-rdfc', expect: 'valid',
      note: 'DI proof whose verificationMethod is a JsonWebKey (OKP/Ed25519)',
      credential: await sign(cred('good'), kp('good', 'key-2'))},
    {name: 'didweb-with-credentialStatus', expect: 'valid',
      note: 'BitstringStatusListEntry present; status is not checked',
      credential: await sign(cred('good', status), kp('good'))},
    {name: 'didweb-proof-created-fractional-seconds', expect: 'valid',
      note: 'proof.created = 2025-01-15T09:00:00.123Z',
      credential: await signFractional(cred('good'), kp('good'), loader)},
    {name: 'didweb-issuer-is-another-did', expect: 'invalid',
      expectError: 'issuer must match the verification method controller',
      note: 'signed with interop-good#key-1 but issuer is interop-other',
      credential: await sign(cred('other'), kp('good'))},
    {name: 'didweb-vm-not-in-assertionMethod', expect: 'invalid',
      expectError: 'not authorized by controller',
      credential: await sign(cred('noAssert'), kp('noAssert'))},
    {name: 'didweb-vm-without-controller', expect: 'invalid',
      note: 'the purpose dereferences the method\'s `controller`; without ' +
        'it the document loader is asked for "undefined"',
      credential: await sign(cred('noController'), kp('noController'))},
    {name: 'didweb-diddoc-context-cid-v1', expect: 'valid',
      note: 'a DID document whose @context[0] is not did/v1 is JSON-LD ' +
        'framed with https://w3id.org/security/v2 (bundled in ' +
        'jsonld-signatures) before the assertionMethod check; it still works',
      credential: await sign(cred('cidContext'), kp('cidContext'))},
    {name: 'didweb-undefined-term-rdfc', expect: 'invalid',
      expectError: 'Safe mode validation error',
      note: 'top-level property "unitcredInternalRef" defined by no context, ' +
        'signed by a lax (non-safe-mode) canonicalizer that drops it: ' +
        'Digital Bazaar canonicalizes in JSON-LD safe mode and rejects',
      credential: await signLax(cred('good', {unitcredInternalRef: 'abc-123'}),
        kp('good'), loader)},
    {name: 'didweb-undefined-term-jcs', expect: 'valid',
      note: 'same undefined term, eddsa-jcs-2022: no JSON-LD processing, ' +
        'accepted',
      credential: await sign(cred('good', {unitcredInternalRef: 'abc-123'}),
        kp('good'), 'eddsa-jcs-2022')},
    {name: 'didweb-validFrom-in-future', expect: 'invalid',
      expectError: 'before "validFrom"',
      credential: await sign(obCredential({issuerId: dids.good,
        learnerDid: learner.did, validFrom: '2999-01-01T00:00:00Z'}),
      kp('good'))},
    {name: 'didweb-tampered', expect: 'invalid',
      expectError: 'Invalid signature',
      credential: (() => {
        const t = structuredClone(goodRdfc);
        tamperAchievementName(t);
        return t;
      })()}
  ];

  const c = cred('good');
  const jwtMultikey = await signJwt({credential: c, keyPair: keys.good,
    kid: `${dids.good}#key-1`});
  const jwts = [
    {name: 'didweb-jwt-multikey-kid', expect: 'valid', jwt: jwtMultikey},
    {name: 'didweb-jwt-jsonwebkey-kid', expect: 'valid',
      jwt: await signJwt({credential: c, keyPair: keys.good,
        kid: `${dids.good}#key-2`})},
    {name: 'didweb-jwt-with-iss', expect: 'valid',
      jwt: await signJwt({credential: {...c, iss: dids.good},
        keyPair: keys.good, kid: `${dids.good}#key-1`})},
    {name: 'didweb-jwt-iss-mismatch', expect: 'invalid', expectError: '"iss"',
      jwt: await signJwt({credential: {...c, iss: dids.other},
        keyPair: keys.good, kid: `${dids.good}#key-1`})},
    {name: 'didweb-jwt-kid-not-issuer', expect: 'invalid',
      expectError: "kid's DID",
      jwt: await signJwt({credential: cred('other'), keyPair: keys.good,
        kid: `${dids.good}#key-1`})},
    {name: 'didweb-jwt-vc-claim', expect: 'invalid', expectError: '"vc" claim',
      jwt: await signJwt({credential: {...c, vc: {}}, keyPair: keys.good,
        kid: `${dids.good}#key-1`})},
    {name: 'didweb-jwt-typ-jwt', expect: 'invalid', expectError: 'typ',
      jwt: await signJwt({credential: c, keyPair: keys.good,
        kid: `${dids.good}#key-1`, header: {typ: 'JWT'}})},
    {name: 'didweb-jwt-alg-none', expect: 'invalid', expectError: 'only EdDSA',
      jwt: [Buffer.from(JSON.stringify({alg: 'none', typ: 'vc+jwt',
        kid: `${dids.good}#key-1`})).toString('base64url'),
      jwtMultikey.split('.')[1], ''].join('.')},
    {name: 'didweb-jwt-tampered', expect: 'invalid',
      expectError: 'signature verification failed',
      jwt: tamperJwt(jwtMultikey, tamperAchievementName)}
  ];
  return {
    description: 'OB 3.0 credentials issued by did:web DIDs (documents ' +
      'below, TEST-ONLY keys from make-fixture.mjs), signed by Digital ' +
      'Bazaar / jose. Positive and negative cases that pin down what an ' +
      'independent verifier requires of DID documents and credentials.',
    contextsDir: CONTEXTS_DIR,
    contextIndex: `${CONTEXTS_DIR}/index.json`,
    extraContexts: {},
    didDocuments,
    credentials,
    jwts
  };
}

// created with milliseconds, e.g. 2025-01-15T09:00:00.123Z
// (the `date` option is truncated to whole seconds, so preset `suite.proof`)
async function signFractional(credential, keyPair, loader) {
  const suite = new DataIntegrityProof({
    signer: keyPair.signer(), cryptosuite: eddsaRdfc2022, date: null
  });
  suite.proof = {created: '2025-01-15T09:00:00.123Z'};
  return vc.issue({credential: structuredClone(credential), suite,
    documentLoader: loader});
}

// eddsa-rdfc-2022 with JSON-LD safe mode OFF (undefined terms silently
// dropped), to imitate a lax issuer
async function signLax(credential, keyPair, loader) {
  const cryptosuite = {
    ...eddsaRdfc2022,
    canonize: (input, options) =>
      eddsaRdfc2022.canonize(input, {...options, safe: false})
  };
  const suite = new DataIntegrityProof({
    signer: keyPair.signer(), cryptosuite, date: SIGNING_DATE
  });
  return vc.issue({credential: structuredClone(credential), suite,
    documentLoader: loader});
}

// ------------------------------------------------------------------- main
const contexts = contextsFromStandards();
write('w3c-vectors.json', makeW3cVectors());
write('db-signed-ob.json', await makeDbSignedOb(contexts));
write('didweb-cases.json', await makeDidWebCases(contexts));
