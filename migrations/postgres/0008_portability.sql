-- Portability: the registry of issuers this server trusts, each provider's table of foreign
-- achievements it recognises as its own units, and the recognitions themselves.

-- An issuer and what it is authorised to certify (the entry as imported, JSON). The
-- providers of this server are trusted for their own profiles without a row here.
create table trusted_issuers (
    did text primary key,
    entry jsonb not null,
    -- `operator`, or `registry signed by <DID>` for a signed registry file.
    source text not null,
    updated_at timestamptz not null
);

-- "A credential for this foreign achievement (this version, or any when empty) counts as
-- that unit of our profile."
create table recognition_equivalences (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    profile_id uuid not null references profiles (id),
    achievement_id text not null,
    achievement_version text not null default '',
    unit_code text not null,
    note text,
    created_by text not null,
    created_at timestamptz not null,
    unique (profile_id, achievement_id, achievement_version)
);

-- A foreign unit credential a learner brought, exactly as submitted, what the verifier said,
-- the local unit proposed, and the decision. An accepted recognition owns the signed
-- recognition credential (a unit credential of this provider) that makes it count.
create table recognitions (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    learner_id uuid not null references learners (id),
    body bytea not null,
    media_type text not null,
    digest text not null,
    foreign_credential_id text,
    foreign_issuer text,
    foreign_achievement_id text,
    foreign_achievement_version text,
    verification jsonb not null,
    profile_id uuid references profiles (id),
    unit_code text,
    basis text,
    status text not null check (status in ('proposed', 'accepted', 'refused')),
    refusal_code text,
    reason text,
    submitted_by text not null,
    submitted_at timestamptz not null,
    decided_by text,
    decided_at timestamptz,
    credential_id uuid references credentials (id)
);
create index recognitions_by_learner on recognitions (provider_id, learner_id, submitted_at);
create index recognitions_by_foreign_id on recognitions (foreign_credential_id);
-- Held units join their recognition (if any) by the recognition credential's id.
create index recognitions_by_credential on recognitions (credential_id);
-- The same credential is not under consideration twice for one learner; a refused one can be
-- brought again (for example once its issuer is in the registry).
create unique index recognitions_one_open on recognitions (provider_id, learner_id, digest)
    where status <> 'refused';
